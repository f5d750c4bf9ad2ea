//! One input of `polc check`: its findings, those that count and those
//! suppressed.

use polc_catalog::checks::{Baseline, Checks};
use polc_dsl::files::compile_path;
use polc_model::suppress::{Rules, Suppressed};
use polc_model::{Finding, Location, Span, codes};

use crate::input::{self, Input};

/// An input and its findings.
pub(super) struct Checked {
    pub(super) input: Input,
    /// The findings that count.
    pub(super) findings: Vec<Finding>,
    /// The findings an ignore, the configuration, a flag or the baseline
    /// accepted.
    pub(super) suppressed: Vec<Suppressed>,
    /// The type a JSON document was checked as, when it was inferred.
    pub(super) inferred: Option<polc_model::PolicyType>,
    /// Whether warnings fail the run for this input (`--deny-warnings`,
    /// or its `polc.toml`).
    pub(super) deny_warnings: bool,
}

/// The finding for a file that is not UTF-8.
fn not_utf8(at: usize, code: &'static polc_model::Code, what: &str) -> Finding {
    Finding::new(
        code,
        format!("the file is not UTF-8: invalid byte at offset {at}"),
        Location::at(Span::new(at, at + '\u{fffd}'.len_utf8())),
    )
    .with_help(format!("{what} UTF-8: save the file as UTF-8"))
}

/// A `.pol` file: its compile errors, or the warnings of its documents'
/// checks and of those asked for (`--within`, `--role`), all with spans in
/// the `.pol` source; its ignore comments and `rules` applied.
pub(super) fn pol(
    input: Input,
    values: &polc_dsl::Params,
    checks: &Checks<'_>,
    rules: &Rules,
    strict_params: bool,
) -> Checked {
    if let Some(at) = input.invalid_utf8_at {
        let finding = not_utf8(at, &codes::dsl::POL_SYNTAX_ERROR, "`.pol` files are");
        return Checked {
            input,
            findings: vec![finding],
            suppressed: Vec::new(),
            inferred: None,
            deny_warnings: false,
        };
    }
    let reference = polc_catalog::Reference::embedded();
    let extra = |policy: &polc_model::Policy, paths: &[polc_model::JsonPath], ty| {
        checks.asked_for(policy, paths, ty)
    };
    let options = polc_dsl::Options {
        rules: Some(rules),
        // Only when asked: an ignore of their codes is then checked for use.
        extra_checks: (checks.within.is_some() || checks.role.is_some())
            .then_some(&extra as polc_dsl::compile::ExtraChecks<'_>),
        // One set of `-p` serves every file: each takes those it declares
        // (that every one is declared somewhere is checked up front).
        ignore_unknown_params: !strict_params,
        // A `.pol` file's blocks say whose policies they are: read whole
        // for a role of yours (`--one-principal` is for JSON inputs).
        whole_principal: checks
            .role
            .is_some_and(|r| r.kind == polc_catalog::ecs::RoleKind::Service),
        size_warns: true,
        ..polc_dsl::Options::default()
    };
    let (findings, suppressed) =
        match compile_path(&input.name, &input.text, values, reference, options) {
            Ok(compiled) => {
                let mut findings = Vec::new();
                let mut suppressed = Vec::new();
                for mut policy in compiled {
                    findings.append(&mut policy.findings);
                    suppressed.append(&mut policy.suppressed);
                }
                findings.sort_by_key(|f| f.location.span.map(|s| s.start));
                (findings, suppressed)
            }
            Err(diagnostics) => (diagnostics.0, diagnostics.1),
        };
    Checked {
        input,
        findings,
        suppressed,
        inferred: None,
        deny_warnings: false,
    }
}

/// A JSON document, `rules` applied.
pub(super) fn json(input: Input, checks: &Checks<'_>, rules: &Rules) -> Checked {
    let findings = match input.invalid_utf8_at {
        Some(at) => vec![not_utf8(at, &codes::JSON_SYNTAX_ERROR, "IAM policies are")],
        None => checks.run(&input.text).findings,
    };
    let (findings, suppressed) = rules.apply(&input.name, findings);
    let inferred = checks
        .policy_type
        .is_none()
        .then(|| checks.policy_type_of(&input.text));
    Checked {
        input,
        findings,
        suppressed,
        inferred,
        deny_warnings: false,
    }
}

/// The `--within` baseline: a policy file (JSON, or `.pol`: its `policy`
/// blocks), or a managed policy by name.
pub(super) fn baseline(name: &str, params: &polc_dsl::Params) -> Result<Baseline, String> {
    // A path to standard input counts as `-` (review 44).
    let name = if input::names_stdin(name) { "-" } else { name };
    let path = std::path::Path::new(name);
    let compile = |name: &str| pol_baseline(name, &polc_dsl::files::read_compiled(name, params)?);
    if path.is_file() && path.extension().is_some_and(|e| e == "pol") {
        return compile(name);
    }
    let managed = polc_catalog::managed::strip_aws(name);
    if path.is_file() && managed.len() == name.len() && polc_catalog::managed_policy(name).is_some()
    {
        return Err(format!(
            "`{name}` is both a file and an AWS managed policy: write `./{name}` for the file or `aws:{name}` for the managed policy"
        ));
    }
    // `aws:NAME` always names the managed policy (a file of that name is
    // `./aws:NAME`).
    if managed.len() < name.len() {
        if managed.is_empty() {
            return Err("`--within aws:` names no managed policy: write `aws:NAME`".to_owned());
        }
        return Baseline::named(managed);
    }
    if name == "-" || path.is_file() {
        let input = input::read_utf8(name)?;
        // A file named neither `.json` nor `.pol` whose text is no JSON
        // object is `.pol` (review 42); asked after `aws:NAME` and the
        // name shared with a managed policy (review 43).
        let json_named = path.extension().is_some_and(|e| e == "json");
        let json_text = input::looks_like_json(&input.text);
        if name == "-" && !json_text {
            // Standard input holding `.pol`, as `diff` reads it.
            return compile_text(name, &input.text, params);
        }
        if !json_named && !json_text {
            return compile(name);
        }
        return Baseline::from_text(name, &input.text);
    }
    Baseline::named(name)
}

/// The baseline of `.pol` text read from `name` (standard input).
fn compile_text(name: &str, text: &str, params: &polc_dsl::Params) -> Result<Baseline, String> {
    let compiled = polc_dsl::files::compile_path(
        name,
        text,
        params,
        polc_catalog::Reference::embedded(),
        polc_dsl::Options::default(),
    )
    .map_err(|diagnostics| {
        format!(
            "the baseline `{name}` does not compile: {}",
            diagnostics
                .0
                .first()
                .map_or_else(String::new, |f| f.message.clone())
        )
    })?;
    pol_baseline(name, &compiled)
}

/// The baseline of a compiled `.pol` file: its `policy` blocks.
fn pol_baseline(name: &str, compiled: &[polc_dsl::CompiledPolicy]) -> Result<Baseline, String> {
    let policy = polc_dsl::files::identity_document(compiled)
        .ok_or_else(|| format!("the baseline `{name}` has no `policy` block to compare with"))?;
    Ok(Baseline {
        name: name.to_owned(),
        policy,
    })
}
