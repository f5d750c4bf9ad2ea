//! The policies of `polc authorize`: JSON documents, or the blocks of
//! `.pol` files that fit where they are given.

use polc_dsl::ast::BlockKind;
use polc_dsl::files::{read_compiled, undeclared_params};
use polc_evaluator::{CompileError, PolicyKind, PolicySet, PolicySource};
use polc_model::report::FileReport;

use super::Args;
use crate::input;
use crate::output;

/// Reads and compiles every policy; reports every problem (all files).
pub(super) fn load(args: &Args) -> Result<PolicySet, ()> {
    let params = polc_dsl::parse_params(&args.params).map_err(|message| {
        eprintln!("polc: {message}");
    })?;
    let files = given(args)?;
    let pol: Vec<String> = files
        .iter()
        .filter(|(_, name)| is_pol(name))
        .map(|(_, name)| (*name).to_owned())
        .collect();
    if let Some(name) = params.keys().next()
        && pol.is_empty()
    {
        eprintln!("polc: `-p {name}=...` is for `.pol` policies, and none is given");
        return Err(());
    }
    if let Some(name) = undeclared_params(&pol, &params) {
        eprintln!("polc: `-p {name}=...` names no parameter of the `.pol` policies");
        return Err(());
    }
    let mut set = PolicySet::new();
    let mut failed = false;
    for (kind, name) in files {
        let added = if is_pol(name) {
            add_pol(&mut set, kind, name, &params)
        } else {
            add_json(&mut set, kind, name)
        };
        failed |= !added;
    }
    if failed { Err(()) } else { Ok(set) }
}

fn is_pol(name: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e == "pol")
}

/// Every policy given, with the role it plays.
fn given(args: &Args) -> Result<Vec<(PolicyKind, &str)>, ()> {
    let mut files: Vec<(PolicyKind, &str)> = Vec::new();
    files.extend(
        args.policy
            .iter()
            .map(|f| (PolicyKind::Identity, f.as_str())),
    );
    files.extend(
        args.resource_policy
            .iter()
            .map(|f| (PolicyKind::Resource, f.as_str())),
    );
    files.extend(
        args.boundary
            .iter()
            .map(|f| (PolicyKind::PermissionsBoundary, f.as_str())),
    );
    files.extend(
        args.session_policy
            .iter()
            .map(|f| (PolicyKind::Session, f.as_str())),
    );
    for (level, file) in scp_levels(&args.scp)? {
        files.push((PolicyKind::Scp { level }, file));
    }
    if files.is_empty() {
        eprintln!(
            "polc: no policy given: pass `--policy FILE` (identity), `--resource-policy FILE`, or both"
        );
        return Err(());
    }
    Ok(files)
}

/// The `--scp` options, each with its level (the problem said on standard
/// error). Plain files are levels by their order, `LEVEL=FILE` names its
/// level: mixed, a plain file could land on a named level and be ORed with
/// its policies. One form or the other.
pub(crate) fn scp_levels(scps: &[String]) -> Result<Vec<(u8, &str)>, ()> {
    let named = scps.iter().filter(|s| named_level(s).is_some()).count();
    if named > 0 && named < scps.len() {
        eprintln!(
            "polc: give every `--scp` as `LEVEL=FILE`, or none (each plain `--scp FILE` is a level of its own, by its order)"
        );
        return Err(());
    }
    scps.iter()
        .enumerate()
        .map(|(position, scp)| {
            scp_level(scp, position).map_err(|message| {
                eprintln!("polc: {message}");
            })
        })
        .collect()
}

/// `--scp [LEVEL=]FILE`: the level named, or the position among the
/// `--scp` options.
fn scp_level(scp: &str, position: usize) -> Result<(u8, &str), String> {
    let (level, file) = named_level(scp).unwrap_or((position, scp));
    match u8::try_from(level) {
        Ok(level) if level < PolicySet::MAX_SCP_LEVELS => Ok((level, file)),
        _ => Err(format!(
            "`--scp {scp}`: polc takes at most {} SCP levels (0, the root, to {})",
            PolicySet::MAX_SCP_LEVELS,
            PolicySet::MAX_SCP_LEVELS - 1
        )),
    }
}

/// `LEVEL=FILE`: the level and the file.
fn named_level(scp: &str) -> Option<(usize, &str)> {
    let (level, file) = scp.split_once('=')?;
    (!level.is_empty() && level.bytes().all(|b| b.is_ascii_digit()))
        .then(|| (level.parse::<usize>().unwrap_or(usize::MAX), file))
}

/// The flag that gives a policy of `kind`, and the blocks of a `.pol` file
/// it takes.
fn flag(kind: PolicyKind) -> (&'static str, &'static str) {
    match kind {
        PolicyKind::Resource => ("--resource-policy", "`trust` or `resource`"),
        PolicyKind::PermissionsBoundary => ("--boundary", "`policy`"),
        PolicyKind::Session => ("--session-policy", "`policy`"),
        PolicyKind::Scp { .. } => ("--scp", "`policy`"),
        _ => ("--policy", "`policy`"),
    }
}

/// Adds the blocks of a `.pol` file that fit `kind` (trust and resource
/// blocks for `--resource-policy`, `policy` blocks elsewhere), each named
/// `FILE#Block`.
fn add_pol(set: &mut PolicySet, kind: PolicyKind, name: &str, params: &polc_dsl::Params) -> bool {
    let compiled = match read_compiled(name, params) {
        Ok(compiled) => compiled,
        Err(message) => {
            eprintln!("polc: {message}");
            return false;
        }
    };
    let resource_side = kind == PolicyKind::Resource;
    let fitting: Vec<_> = compiled
        .iter()
        .filter(|c| (c.kind != BlockKind::Policy) == resource_side)
        .collect();
    if fitting.is_empty() {
        let (flag, blocks) = flag(kind);
        eprintln!("polc: `{name}` has no {blocks} block, which `{flag}` takes");
        return false;
    }
    if resource_side && fitting.len() > 1 {
        // Each is its own resource's policy: a role's trust policy names
        // no resource, so together one role's would allow assuming the
        // other (review 41).
        let names: Vec<&str> = fitting.iter().map(|c| c.name.as_str()).collect();
        eprintln!(
            "polc: `{name}` has {} `trust`/`resource` blocks ({}), and a request's resource has one resource-based policy: give `--resource-policy` a file with the block of the resource asked about (or that block built as JSON)",
            names.len(),
            names.join(", ")
        );
        return false;
    }
    let mut added = true;
    for block in fitting {
        let label = format!("{name}#{}", block.name);
        let json = block.json();
        let source = PolicySource {
            name: &label,
            text: &json,
        };
        if let Err(error) = set.add_json(kind, source) {
            report_compile_error(&label, &json, &error);
            added = false;
        }
    }
    added
}

/// Adds a JSON document.
fn add_json(set: &mut PolicySet, kind: PolicyKind, name: &str) -> bool {
    let input = match input::read(name) {
        Ok(input) => input,
        Err(message) => {
            eprintln!("polc: {message}");
            return false;
        }
    };
    if let Some(at) = input.invalid_utf8_at {
        eprintln!("polc: `{name}` is not UTF-8 (invalid byte at offset {at})");
        return false;
    }
    let source = PolicySource {
        name,
        text: &input.text,
    };
    match set.add_json(kind, source) {
        Ok(()) => true,
        Err(error) => {
            report_compile_error(&input.name, &input.text, &error);
            false
        }
    }
}

/// Prints why a policy was refused, with the source underlined.
fn report_compile_error(name: &str, text: &str, error: &CompileError) {
    let findings = error.to_findings(text);
    let report = FileReport::new(name, text, &findings);
    eprint!("{}", output::human_to(&report, false));
    eprintln!(
        "polc: `{}` cannot be evaluated: {}",
        report.shown_name(),
        error.message
    );
}
