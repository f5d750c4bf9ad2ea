//! `--within`: the statements of a policy that grant more than a baseline
//! (an AWS managed policy, or another policy).

use polc_model::wildcard::{Budget, matches_ignore_case};
use polc_model::{Effect, Finding, JsonPath, Location, Policy, PolicyType, Statement};

use super::codes;
use crate::reference::Reference;

/// A policy to compare with (`--within`): an AWS managed policy or a
/// document, with the name findings give it.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The managed policy's name, or the file's.
    pub name: String,
    /// The document.
    pub policy: Policy,
}

impl Baseline {
    /// The AWS managed policy `name` (`aws:` in front or not).
    ///
    /// # Errors
    /// No such managed policy (with the nearest name), or one that does
    /// not read.
    pub fn named(name: &str) -> Result<Self, String> {
        let managed = crate::managed_policy(name).ok_or_else(|| {
            match crate::managed::suggest_managed_policy(name) {
                Some(near) => format!("`{name}` is neither a file nor a managed policy the catalog knows; did you mean `{near}`?"),
                None => format!("`{name}` is neither a file nor a managed policy the catalog knows; `polc catalog managed-policy --list` lists them"),
            }
        })?;
        let policy = managed.policy().map_err(|error| {
            format!(
                "the managed policy `{}` does not read: {error}",
                managed.name
            )
        })?;
        Ok(Self {
            name: managed.name.to_owned(),
            policy,
        })
    }

    /// The identity policy `text`, read from the file `name`.
    ///
    /// # Errors
    /// Why the text is not a valid policy.
    pub fn from_text(name: &str, text: &str) -> Result<Self, String> {
        let policy = Policy::from_json_str(text, PolicyType::Identity).map_err(|error| {
            format!("the baseline `{name}` is not a valid policy: {error}; `polc check {name}` shows why")
        })?;
        Ok(Self {
            name: name.to_owned(),
            policy,
        })
    }
}

/// The findings for each Allow statement of `policy` (whose statements are
/// at `paths`) that allows an action on a resource that no Allow statement
/// of `baseline` allows as widely. An action a Deny statement of the
/// baseline names (whatever its conditions) is not within the baseline;
/// Deny statements of `policy` are not compared (they grant nothing).
pub fn exceeding(
    policy: &Policy,
    paths: &[JsonPath],
    baseline: &Policy,
    baseline_name: &str,
    reference: &Reference,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    // Comparisons share one budget: once it is spent, nothing more is taken
    // as within the baseline (reported, never silently passed).
    let chars: usize = [policy, baseline]
        .iter()
        .flat_map(|p| &p.statement)
        .flat_map(|s| s.resource.iter().flat_map(|r| r.values.iter()))
        .map(String::len)
        .sum();
    let budget = Budget::for_input(chars);
    for (statement, path) in policy.statement.iter().zip(paths) {
        if statement.effect != Effect::Allow {
            continue;
        }
        let beyond = beyond_baseline(
            statement,
            baseline,
            policy.version == baseline.version,
            reference,
            &budget,
        );
        if beyond.is_empty() {
            continue;
        }
        let shown: Vec<String> = beyond.iter().take(3).map(|a| format!("`{a}`")).collect();
        let more = if beyond.len() > 3 {
            format!(" and {} more", beyond.len() - 3)
        } else {
            String::new()
        };
        findings.push(
            Finding::new(
                &codes::EXCEEDS_MANAGED_POLICY,
                format!("this statement grants {}{more} beyond what `{baseline_name}` grants", shown.join(", ")),
                Location::key(path.key(statement.action.key())),
            )
            .with_help(format!("remove what the job does not need, or check against a wider baseline than `{baseline_name}`")),
        );
    }
    findings
}

/// The actions of `statement` (expanded) that the baseline does not allow
/// on all of the statement's resources under no stricter condition. A
/// `NotAction` statement is reported whole (as its own entries).
fn beyond_baseline(
    statement: &Statement,
    baseline: &Policy,
    same_version: bool,
    reference: &Reference,
    budget: &Budget,
) -> Vec<String> {
    if statement.action.not {
        return vec![format!(
            "everything but {}",
            statement
                .action
                .values
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        )];
    }
    let resources: Vec<&str> = statement
        .resource
        .iter()
        .flat_map(|r| r.values.iter().map(String::as_str))
        .collect();
    let not_resource = statement.resource.as_ref().is_some_and(|r| r.not);
    let mut beyond = Vec::new();
    for entry in &statement.action.values {
        let expanded: Vec<String> = match reference.expand(entry).as_slice() {
            [] => vec![entry.clone()],
            actions => actions
                .iter()
                .map(|(s, a)| format!("{}:{}", s.prefix, a.name))
                .collect(),
        };
        for action in expanded {
            let denied = baseline
                .statement
                .iter()
                .any(|b| b.effect == Effect::Deny && b.names_action(&action));
            let allowed = !not_resource
                && !denied
                && baseline.statement.iter().any(|b| {
                    b.effect == Effect::Allow
                        && (b.condition.is_none()
                            || (b.condition == statement.condition
                                && (same_version || !has_variable_condition(statement))))
                        && b.principal == statement.principal
                        && b.action
                            .values
                            .iter()
                            .any(|p| matches_ignore_case(p, &action))
                            != b.action.not
                        && b.resource.as_ref().is_some_and(|r| {
                            !r.not
                                && resources.iter().all(|res| {
                                    r.values.iter().any(|w| {
                                        // The same text reads otherwise
                                        // under another `Version`.
                                        (same_version || !(w.contains("${") || res.contains("${")))
                                            && super::statements::resource_covers(w, res, budget)
                                    })
                                })
                        })
                });
            if !allowed && !beyond.contains(&action) {
                beyond.push(action);
            }
        }
    }
    beyond
}

/// Whether a condition value of the statement has a policy variable.
fn has_variable_condition(statement: &Statement) -> bool {
    statement.condition.as_ref().is_some_and(|c| {
        c.0.values()
            .flat_map(|block| block.0.values())
            .flat_map(|values| values.iter())
            .any(|v| v.to_string().contains("${"))
    })
}
