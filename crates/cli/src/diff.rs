//! `polc diff OLD NEW`: what a change of policy grants and takes away, by
//! meaning, each difference with a request that proves it.

use std::io::Write;

use polc_analysis::{Change, Diff, Layer, Principal, Region};
use polc_catalog::Reference;
use polc_dsl::ast::BlockKind;
use polc_model::report::{FileReport, printable};
use polc_model::{Policy, PolicyType};

use crate::authorize::load;
use crate::{Outcome, input, output};

/// `polc diff` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The policy before the change: an IAM JSON document or a `.pol` file (`-`: standard input)
    old: String,
    /// The policy after the change: an IAM JSON document or a `.pol` file (`-`: standard input)
    new: String,
    /// A parameter of the `.pol` files (both): `-p account=123456789012`
    #[arg(short = 'p', long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// The block of a `.pol` file to compare, where a file has several
    #[arg(long, value_name = "NAME")]
    block: Option<String>,
    /// The kind of OLD and NEW: `identity`; `boundary`, `scp` or
    /// `session` (a limit: beside an identity policy that allows
    /// everything, unless `--policy` gives the principal's); `resource`
    /// and `trust` are not compared yet
    #[arg(long, value_enum, default_value_t = Kind::Identity)]
    policy_type: Kind,
    /// Another identity policy of the principal, on both sides (repeatable)
    #[arg(long, value_name = "FILE")]
    policy: Vec<String>,
    /// The principal's permissions boundary, on both sides
    #[arg(long, value_name = "FILE")]
    boundary: Option<String>,
    /// A service control policy, on both sides, as `polc authorize` takes
    /// it: `FILE` is a level of its own, `LEVEL=FILE` joins level `LEVEL`
    #[arg(long, value_name = "[LEVEL=]FILE")]
    scp: Vec<String>,
    /// A session policy, on both sides (repeatable: a union)
    #[arg(long, value_name = "FILE")]
    session_policy: Vec<String>,
    /// The output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Which differences make the exit code 1 (undecided ones count; a
    /// `Deny` lifted counts as added, one imposed as removed)
    #[arg(long, value_enum, default_value_t = FailOn::Added)]
    fail_on: FailOn,
}

/// The kind of the policies compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Kind {
    Identity,
    Boundary,
    Scp,
    Session,
    Resource,
    Trust,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    Added,
    Removed,
    Any,
    None,
}

/// Runs `polc diff`.
///
/// # Errors
/// Writing the output failed.
pub fn run(args: &Args, out: &mut dyn Write) -> std::io::Result<Outcome> {
    if matches!(args.policy_type, Kind::Resource | Kind::Trust) {
        eprintln!(
            "polc: `polc diff` compares identity policies, permissions boundaries, SCPs and session policies; resource-based and trust policies are not compared yet (use `polc authorize` to decide requests against them)"
        );
        return Ok(Outcome::Failure);
    }
    if args.policy_type == Kind::Boundary && args.boundary.is_some() {
        eprintln!(
            "polc: OLD and NEW are the permissions boundary (`--policy-type boundary`): `--boundary` cannot give another"
        );
        return Ok(Outcome::Failure);
    }
    if crate::input::names_stdin(&args.old) && crate::input::names_stdin(&args.new) {
        eprintln!(
            "polc: only one of OLD and NEW can be standard input (`-`, or a path to it such as `/dev/stdin`)"
        );
        return Ok(Outcome::Failure);
    }
    let params = match polc_dsl::parse_params(&args.params) {
        Ok(params) => params,
        Err(message) => {
            eprintln!("polc: {message}");
            return Ok(Outcome::Failure);
        }
    };
    let parse_as = if args.policy_type == Kind::Scp {
        PolicyType::Scp
    } else {
        PolicyType::Identity
    };
    let mut read = Read::default();
    let (Ok(old), Ok(new), Ok(context)) = (
        load(
            &args.old,
            &params,
            Some(args.block.as_deref()),
            parse_as,
            &mut read,
        ),
        load(
            &args.new,
            &params,
            Some(args.block.as_deref()),
            parse_as,
            &mut read,
        ),
        context(args, &params, &mut read),
    ) else {
        return Ok(Outcome::Failure);
    };
    // What the files do not take is a mistake, said (as `build` says it),
    // not a comparison of something else.
    if let Some(name) = params.keys().find(|name| !read.declared.contains(*name)) {
        eprintln!(
            "polc: `-p {name}=...` names no parameter of the `.pol` files compared (theirs: {})",
            if read.declared.is_empty() {
                "none".to_owned()
            } else {
                let mut names: Vec<&str> = read.declared.iter().map(String::as_str).collect();
                names.sort_unstable();
                names.join(", ")
            }
        );
        return Ok(Outcome::Failure);
    }
    if let Some(block) = &args.block
        && !read.chose_block
    {
        eprintln!(
            "polc: `--block {block}` chooses among the `policy` blocks of a `.pol` file; OLD and NEW are JSON documents"
        );
        return Ok(Outcome::Failure);
    }
    let layer = match args.policy_type {
        Kind::Boundary => Layer::Boundary,
        Kind::Session => Layer::Session,
        // A level of its own, after those `--scp` gives.
        Kind::Scp => Layer::Scp(
            context
                .iter()
                .filter_map(|(l, _, _)| match l {
                    Layer::Scp(level) => Some(level.saturating_add(1)),
                    _ => None,
                })
                .max()
                .unwrap_or(0),
        ),
        _ => Layer::Identity,
    };
    if let Layer::Scp(level) = layer
        && level >= polc_evaluator::PolicySet::MAX_SCP_LEVELS
    {
        eprintln!(
            "polc: OLD and NEW would be SCP level {level}: polc takes at most {} levels",
            polc_evaluator::PolicySet::MAX_SCP_LEVELS
        );
        return Ok(Outcome::Failure);
    }
    let (old_side, new_side) = (side(&old, layer, &context), side(&new, layer, &context));
    let diff = match polc_analysis::diff_sets(&old_side, &new_side, Reference::embedded()) {
        Ok(diff) => diff,
        Err(error) => {
            eprintln!("polc: {error}");
            return Ok(Outcome::Failure);
        }
    };
    match args.format {
        Format::Text => write_text(&diff, out)?,
        Format::Json => write_json(args, &diff, out)?,
    }
    let counts =
        |change: Change, list: &[Region]| list.iter().filter(|r| r.change == change).count();
    // A `Deny` lifted adds access wherever another policy allows: it
    // counts as added; one imposed, as removed.
    let found = match args.fail_on {
        FailOn::Added => {
            diff.added.len()
                + diff.deny_removed.len()
                + counts(Change::Added, &diff.undecided)
                + counts(Change::DenyRemoved, &diff.undecided)
        }
        FailOn::Removed => {
            diff.removed.len()
                + diff.deny_added.len()
                + counts(Change::Removed, &diff.undecided)
                + counts(Change::DenyAdded, &diff.undecided)
        }
        FailOn::Any => {
            diff.added.len()
                + diff.removed.len()
                + diff.deny_added.len()
                + diff.deny_removed.len()
                + diff.undecided.len()
        }
        FailOn::None => 0,
    };
    Ok(if found > 0 {
        Outcome::Findings
    } else {
        Outcome::Success
    })
}

/// A principal of `policies` at `layer`, with the `context` policies.
fn side<'p>(
    policies: &'p [(String, Policy)],
    layer: Layer,
    context: &'p [(Layer, String, Policy)],
) -> Principal<'p> {
    let mut principal = Principal::default();
    for (name, policy) in policies {
        principal = principal.with(layer, name, policy);
    }
    for (l, name, policy) in context {
        principal = principal.with(*l, name, policy);
    }
    principal
}

/// An identity policy that allows everything: the principal's, where a
/// limit is compared and `--policy` gives none.
const ALLOW_ALL: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;

/// The principal's other policies, on both sides: `--policy`,
/// `--boundary`, `--scp`, `--session-policy` (each `.pol` file's every
/// `policy` block), and the identity policy that allows everything where
/// a limit is compared without `--policy`.
fn context(
    args: &Args,
    params: &polc_dsl::Params,
    read: &mut Read,
) -> Result<Vec<(Layer, String, Policy)>, ()> {
    let mut files: Vec<(Layer, &str)> = Vec::new();
    files.extend(args.policy.iter().map(|f| (Layer::Identity, f.as_str())));
    files.extend(args.boundary.iter().map(|f| (Layer::Boundary, f.as_str())));
    files.extend(
        args.session_policy
            .iter()
            .map(|f| (Layer::Session, f.as_str())),
    );
    for (level, file) in load::scp_levels(&args.scp)? {
        files.push((Layer::Scp(level), file));
    }
    // Standard input is read once.
    let stdin = files
        .iter()
        .filter(|(_, f)| crate::input::names_stdin(f))
        .count()
        + usize::from(crate::input::names_stdin(&args.old))
        + usize::from(crate::input::names_stdin(&args.new));
    if stdin > 1 {
        eprintln!(
            "polc: only one policy can be standard input (`-`, or a path to it such as `/dev/stdin`)"
        );
        return Err(());
    }
    let mut out = Vec::new();
    let mut failed = false;
    for (layer, file) in files {
        let parse_as = if matches!(layer, Layer::Scp(_)) {
            PolicyType::Scp
        } else {
            PolicyType::Identity
        };
        match load(file, params, None, parse_as, read) {
            Ok(policies) => out.extend(policies.into_iter().map(|(n, p)| (layer, n, p))),
            Err(()) => failed = true,
        }
    }
    if args.policy_type != Kind::Identity && args.policy.is_empty() {
        let all = Policy::from_json_str(ALLOW_ALL, PolicyType::Identity).map_err(|_| ())?;
        out.push((
            Layer::Identity,
            "(an identity policy that allows everything)".to_owned(),
            all,
        ));
    }
    if failed { Err(()) } else { Ok(out) }
}

/// What the inputs read so far declare and choose.
#[derive(Default)]
struct Read {
    /// The parameters the `.pol` files declare.
    declared: std::collections::HashSet<String>,
    /// OLD or NEW is a `.pol` file, among whose blocks `--block` chose.
    chose_block: bool,
}

/// The policies of one file: a JSON document, or the `policy` blocks of a
/// `.pol` file — `block: Some(_)` for OLD and NEW (the one `--block`
/// names, where given; one, where not), `None` for the principal's other
/// policies (every one). A `.pol` OLD or NEW with `resource` or `trust`
/// blocks is refused unless `--block` names its `policy` block: `diff`
/// does not compare those, and leaving them out silently would report a
/// change to them as none.
fn load(
    name: &str,
    params: &polc_dsl::Params,
    block: Option<Option<&str>>,
    parse_as: PolicyType,
    read: &mut Read,
) -> Result<Vec<(String, Policy)>, ()> {
    let input = input::read(name).map_err(|message| eprintln!("polc: {message}"))?;
    if let Some(at) = input.invalid_utf8_at {
        eprintln!(
            "polc: `{}` is not UTF-8 (invalid byte at offset {at})",
            input.name
        );
        return Err(());
    }
    let shown = if name == "-" { "standard input" } else { name };
    let is_pol = std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e == "pol")
        || (name == "-" && !input::looks_like_json(&input.text));
    if !is_pol {
        return match Policy::from_json_str(&input.text, parse_as) {
            Ok(policy) => Ok(vec![(name.to_owned(), policy)]),
            Err(invalid) => {
                let report = FileReport::new(shown, &input.text, &invalid.0);
                eprint!("{}", output::human_to(&report, false));
                eprintln!("polc: `{shown}` is not a policy polc can compare: fix the errors above");
                Err(())
            }
        };
    }
    let options = polc_dsl::Options {
        ignore_unknown_params: true,
        ..polc_dsl::Options::default()
    };
    let path = if name == "-" { "stdin.pol" } else { name };
    read.declared
        .extend(polc_dsl::files::declared_params(path, &input.text));
    read.chose_block |= block.is_some();
    let compiled = polc_dsl::files::compile_path(
        path,
        &input.text,
        params,
        Reference::embedded(),
        options,
    )
    .map_err(|diagnostics| {
        eprintln!(
            "polc: `{shown}` does not compile: {diagnostics}; `polc build {name}` shows where"
        );
    })?;
    let (blocks, others): (Vec<_>, Vec<_>) = compiled
        .into_iter()
        .partition(|c| c.kind == BlockKind::Policy);
    let kind_word = |kind: BlockKind| match kind {
        BlockKind::Policy => "policy",
        BlockKind::Resource => "resource",
        BlockKind::Trust => "trust",
    };
    if let Some(wanted) = block.flatten()
        && let Some(other) = others.iter().find(|b| b.name == wanted)
    {
        eprintln!(
            "polc: `{wanted}` in `{shown}` is a `{}` block: `polc diff` compares identity policies and the limits on them; resource-based and trust policies are not compared yet (use `polc authorize` to decide requests against them)",
            kind_word(other.kind)
        );
        return Err(());
    }
    if block == Some(None) && !others.is_empty() {
        let listed: Vec<String> = others
            .iter()
            .map(|b| format!("{} {}", kind_word(b.kind), b.name))
            .collect();
        eprintln!(
            "polc: `{shown}` has blocks `polc diff` does not compare ({}): resource-based and trust policies are not compared yet; name the `policy` block to compare with `--block NAME`",
            listed.join(", ")
        );
        return Err(());
    }
    let names: Vec<String> = blocks.iter().map(|b| b.name.clone()).collect();
    let chosen: Vec<_> = match block {
        None => blocks,
        Some(Some(wanted)) => blocks.into_iter().filter(|b| b.name == wanted).collect(),
        Some(None) if blocks.len() > 1 => {
            eprintln!(
                "polc: `{shown}` has several `policy` blocks ({}): name the one to compare with `--block NAME`",
                names.join(", ")
            );
            return Err(());
        }
        Some(None) => blocks,
    };
    if chosen.is_empty() {
        match block.flatten() {
            Some(wanted) => eprintln!(
                "polc: `{shown}` has no `policy` block named `{wanted}` (its blocks: {})",
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                }
            ),
            None => eprintln!(
                "polc: `{shown}` has no `policy` block: `polc diff` compares identity policies and the limits on them"
            ),
        }
        return Err(());
    }
    Ok(chosen
        .into_iter()
        .map(|b| (format!("{name}#{}", b.name), b.policy))
        .collect())
}

fn write_text(diff: &Diff, out: &mut dyn Write) -> std::io::Result<()> {
    for (mark, regions) in [
        ("+", &diff.added),
        ("-", &diff.removed),
        ("+", &diff.deny_removed),
        ("-", &diff.deny_added),
        ("?", &diff.undecided),
    ] {
        for region in regions {
            let change = match (mark, region.change) {
                ("?", Change::Added) => "may add: ",
                ("?", Change::DenyRemoved) => "may lift a deny: ",
                ("?", Change::DenyAdded) => "may add a deny: ",
                ("?", _) => "may remove: ",
                (_, Change::DenyRemoved) => {
                    "deny lifted (allowed wherever another policy allows it): "
                }
                (_, Change::DenyAdded) => "deny added (denied whatever other policies allow): ",
                _ => "",
            };
            // Text from the policies may hold control characters: shown
            // escaped, never sent to the terminal.
            writeln!(out, "{mark} {change}{}", printable(&region.summary(4)))?;
            let shown = 4;
            for (name, actions) in region.stands_for.iter().take(shown) {
                writeln!(
                    out,
                    "    {} stands for {}",
                    printable(name),
                    printable(actions)
                )?;
            }
            if region.stands_for.len() > shown {
                writeln!(
                    out,
                    "    and {} more names stand for actions outside polc's catalog (`--format json` lists them)",
                    region.stands_for.len() - shown
                )?;
            }
            if let Some(example) = &region.example {
                writeln!(
                    out,
                    "    example: {}",
                    printable(&example.to_json().to_string())
                )?;
            }
            if let Some(policy) = &region.resource_policy {
                writeln!(
                    out,
                    "    decided with the resource's own policy delegating to the account (IAM wants it here): {policy}"
                )?;
            }
            if let Some(reason) = &region.reason {
                writeln!(out, "    undecided: {}", printable(reason))?;
            }
        }
    }
    let denies = if diff.deny_added.is_empty() && diff.deny_removed.is_empty() {
        String::new()
    } else {
        format!(
            "{} denies lifted, {} denies added, ",
            diff.deny_removed.len(),
            diff.deny_added.len()
        )
    };
    writeln!(
        out,
        "{} added, {} removed, {denies}{} undecided",
        diff.added.len(),
        diff.removed.len(),
        diff.undecided.len()
    )
}

/// `text` with control characters escaped (`\u{1b}`).
fn write_json(args: &Args, diff: &Diff, out: &mut dyn Write) -> std::io::Result<()> {
    let region = |r: &Region| {
        let mut value = serde_json::json!({
            "actions": r.actions,
            "resources": r.resources,
            "excluding": r.excluding,
            "conditions": r.conditions,
            "example": r.example.as_ref().map(polc_analysis::Example::to_json),
        });
        if let (false, Some(map)) = (r.stands_for.is_empty(), value.as_object_mut()) {
            map.insert("stands_for".into(), serde_json::json!(r.stands_for));
        }
        if let (Some(policy), Some(map)) = (&r.resource_policy, value.as_object_mut()) {
            let policy: serde_json::Value =
                serde_json::from_str(policy).unwrap_or_else(|_| policy.clone().into());
            map.insert("resource_policy".into(), policy);
        }
        if let (Some(reason), Some(map)) = (&r.reason, value.as_object_mut()) {
            map.insert(
                "change".into(),
                match r.change {
                    Change::Added => "added",
                    Change::DenyAdded => "deny_added",
                    Change::DenyRemoved => "deny_removed",
                    _ => "removed",
                }
                .into(),
            );
            map.insert("reason".into(), reason.clone().into());
        }
        value
    };
    let value = serde_json::json!({
        "old": args.old,
        "new": args.new,
        "added": diff.added.iter().map(region).collect::<Vec<_>>(),
        "removed": diff.removed.iter().map(region).collect::<Vec<_>>(),
        "deny_added": diff.deny_added.iter().map(region).collect::<Vec<_>>(),
        "deny_removed": diff.deny_removed.iter().map(region).collect::<Vec<_>>(),
        "undecided": diff.undecided.iter().map(region).collect::<Vec<_>>(),
    });
    serde_json::to_writer_pretty(&mut *out, &value).map_err(std::io::Error::from)?;
    writeln!(out)
}
