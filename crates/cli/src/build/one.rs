//! One file of `polc build`: compiled, its documents laid out.

use polc_dsl::Options;
use polc_dsl::ast::BlockKind;
use polc_dsl::deploy::{self, Document, Layout};
use polc_dsl::files::compile_path;
use polc_model::Finding;
use polc_model::suppress::Suppressed;

use crate::Outcome;
use crate::input;
use crate::output;

/// What one file gave.
pub(super) struct Built {
    pub(super) outcome: Outcome,
    pub(super) documents: Vec<Document>,
    pub(super) suppressed: Vec<Suppressed>,
    /// What stopped the file that is no finding, in words (said inside
    /// the JSON or SARIF document on standard error).
    pub(super) failure: Option<String>,
    /// What the user should know that changes nothing written (said
    /// likewise).
    pub(super) notes: Vec<String>,
}

/// Compiles one file: its documents, the outcome of its findings, and the
/// findings (those that count).
pub(super) fn build_one(
    layout: &Layout,
    input: &input::Input,
    params: &polc_dsl::Params,
    options: Options<'_>,
    deny_warnings: bool,
) -> (Built, Vec<Finding>) {
    let name = &input.name;
    let mut built = Built {
        outcome: Outcome::Success,
        documents: Vec::new(),
        suppressed: Vec::new(),
        failure: None,
        notes: Vec::new(),
    };
    let reference = polc_catalog::Reference::embedded();
    let compiled = match compile_path(name, &input.text, params, reference, options) {
        Ok(compiled) => compiled,
        Err(diagnostics) => {
            built.outcome = if diagnostics.unreadable() {
                Outcome::Failure
            } else {
                Outcome::Findings
            };
            built.suppressed = diagnostics.1;
            return (built, diagnostics.0);
        }
    };
    if let Some(resource) = compiled.iter().find(|p| !layout.emit.takes(p.kind)) {
        built.failure = Some(format!(
            "`resource {}` is a resource-based policy, which is part of its resource (a bucket policy, a key policy, ...): `--emit iam` writes it, to attach to that resource; `--emit {}` writes identity and trust policies only",
            resource.name,
            layout.emit.as_str()
        ));
        built.outcome = Outcome::Failure;
        return (built, Vec::new());
    }
    let mut findings: Vec<Finding> = Vec::new();
    for mut policy in compiled {
        findings.append(&mut policy.findings);
        built.suppressed.append(&mut policy.suppressed);
        if layout.minimize && policy.kind == BlockKind::Policy {
            // Merged, then pruned where the engine proves nothing changes;
            // written only once proven equal to the compiled document.
            let mut merged = policy.policy.clone();
            polc_dsl::transform::minimize(&mut merged);
            match polc_analysis::minimize(&policy.policy, &merged, reference) {
                Ok(minimized) => policy.policy = minimized,
                Err(why) => built.notes.push(format!(
                    "`policy {}` is written as compiled, not minimized: {why}",
                    policy.name
                )),
            }
            let mut own = *layout;
            own.minimize = false;
            built.documents.extend(deploy::documents(&policy, &own));
        } else {
            built.documents.extend(deploy::documents(&policy, layout));
        }
    }
    // The template names the role or policy by the block (a split one's
    // parts with their numbers): IAM refuses a role name over 64
    // characters and a policy name over 128 at deploy (reviews 42, 43).
    if layout.emit != deploy::Emit::Iam
        && let Some((document, max, what)) = built.documents.iter().find_map(|d| {
            let (max, what) = match d.kind {
                BlockKind::Trust => (64, "role"),
                _ => (128, "managed policy"),
            };
            (d.name.len() > max).then_some((d, max, what))
        })
    {
        built.failure = Some(format!(
            "`{}` names the {what} `--emit {}` writes, and is {} characters long; IAM takes at most {max}: give the block a shorter name",
            document.name,
            layout.emit.as_str(),
            document.name.len()
        ));
        built.outcome = Outcome::Failure;
        built.documents.clear();
        return (built, findings);
    }
    // Errors fail the compile above: here only warnings can fail the run.
    if findings.iter().any(|f| output::fails_run(f, deny_warnings)) {
        built.outcome = Outcome::Findings;
    }
    (built, findings)
}
