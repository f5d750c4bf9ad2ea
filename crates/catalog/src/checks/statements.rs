//! Checks of whole statements and of statements against each other:
//! dangerous grants, redundancy, dependent actions.

use policy_model::wildcard::{matches, matches_ignore_case};
use policy_model::{
    Effect, Finding, JsonPath, Location, OneOrMany, Policy, Principal, PrincipalKind, Statement,
};

use super::{Resolved, codes};
use crate::reference::{AccessLevel, Reference, cmp_ignore_case};

/// The most statements (or entries of one element) compared pairwise for
/// redundancy. Real policies are far below it (IAM's size quotas allow a
/// few hundred entries at most, and larger policies are reported as over
/// quota); beyond it hostile input would cost quadratic time, so the
/// redundancy suggestions are skipped.
const PAIRWISE_LIMIT: usize = 512;

/// Checks one statement on its own.
pub(super) fn check(
    statement: &Statement,
    arranged: &ActionEntries<'_>,
    path: &JsonPath,
    reference: &Reference,
    findings: &mut Vec<Finding>,
) {
    if statement.effect == Effect::Allow {
        dangerous_star(statement, path, Dangerous::PASS_ROLE, findings);
        dangerous_star(statement, path, Dangerous::CREATE_SLR, findings);
        not_elements(statement, path, findings);
    }
    redundant_actions(statement, arranged, path, reference, findings);
    redundant_resources(statement, path, findings);
}

/// An action that is dangerous on `*` without a condition on `key`.
struct Dangerous {
    action: &'static str,
    key: &'static str,
    exact: &'static policy_model::Code,
    wildcard: &'static policy_model::Code,
    help: &'static str,
}

impl Dangerous {
    const PASS_ROLE: Self = Self {
        action: "iam:PassRole",
        key: "iam:PassedToService",
        exact: &codes::PASS_ROLE_WITH_STAR_IN_RESOURCE,
        wildcard: &codes::PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE,
        help: "name the roles in `Resource` and add an `iam:PassedToService` condition such as `\"StringEquals\": {\"iam:PassedToService\": \"ecs-tasks.amazonaws.com\"}`",
    };
    const CREATE_SLR: Self = Self {
        action: "iam:CreateServiceLinkedRole",
        key: "iam:AWSServiceName",
        exact: &codes::CREATE_SLR_WITH_STAR_IN_RESOURCE,
        wildcard: &codes::CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE,
        help: "add an `iam:AWSServiceName` condition such as `\"StringEquals\": {\"iam:AWSServiceName\": \"ecs.amazonaws.com\"}`",
    };
}

fn dangerous_star(
    statement: &Statement,
    path: &JsonPath,
    dangerous: Dangerous,
    findings: &mut Vec<Finding>,
) {
    if statement.action.not {
        return;
    }
    let Some(resource) = &statement.resource else {
        return;
    };
    if resource.not || !resource.values.iter().any(|r| r == "*") {
        return;
    }
    // Only a condition that pins the key to named values limits the grant:
    // a positive operator, without IfExists or ForAllValues, with values
    // free of wildcards. `StringNotEquals`, `Null` or `...IfExists` on the
    // key leave it open.
    let conditioned = statement.condition.as_ref().is_some_and(|c| {
        c.0.iter().any(|(op, block)| {
            let pins = !op.base.is_negated()
                && !op.if_exists
                && op.qualifier != Some(policy_model::condition::SetQualifier::ForAllValues)
                && matches!(
                    op.base.family(),
                    policy_model::condition::OperatorFamily::String
                        | policy_model::condition::OperatorFamily::Arn
                );
            pins && block.0.iter().any(|(k, values)| {
                k.eq_ignore_ascii_case(dangerous.key)
                    && values.iter().all(|v| !v.as_text().contains(['*', '?']))
            })
        })
    });
    if conditioned {
        return;
    }
    let values = &statement.action.values;
    let action_path = || path.key(statement.action.key());
    if let Some(i) = values
        .iter()
        .position(|a| a.eq_ignore_ascii_case(dangerous.action))
    {
        findings.push(
            Finding::new(
                dangerous.exact,
                format!(
                    "`{}` on `*` without an `{}` condition",
                    dangerous.action, dangerous.key
                ),
                Location::value(values.item_path(&action_path(), i)),
            )
            .with_help(dangerous.help),
        );
    } else if let Some(i) = values
        .iter()
        .position(|a| matches_ignore_case(a, dangerous.action))
    {
        let entry = values.as_slice().get(i).map_or("", String::as_str);
        findings.push(
            Finding::new(
                dangerous.wildcard,
                format!(
                    "`{entry}` includes `{}`, here on `*` without an `{}` condition",
                    dangerous.action, dangerous.key
                ),
                Location::value(values.item_path(&action_path(), i)),
            )
            .with_help(format!(
                "list the actions needed instead of `{entry}`; {}",
                dangerous.help
            )),
        );
    }
}

/// Condition keys whose positive test limits who the principal can be (an
/// organization, an account, a principal, a calling service or resource, a
/// network). Tags and external ids are set by the caller: they do not.
const SCOPING_KEYS: &[&str] = &[
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalservicename",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "aws:vpcsourceip",
    "aws:userid",
];

/// Whether `condition` limits who may act: a positive test (not `...Not...`,
/// not `IfExists`, not only `*`) of a [`SCOPING_KEYS`] key.
fn scopes_principals(condition: &policy_model::Condition) -> bool {
    use policy_model::condition::BaseOperator as Op;
    condition.entries().any(|(op, key, values)| {
        let positive = matches!(
            op.base,
            Op::StringEquals
                | Op::StringEqualsIgnoreCase
                | Op::StringLike
                | Op::ArnEquals
                | Op::ArnLike
                | Op::IpAddress
        );
        positive
            && !op.if_exists
            && SCOPING_KEYS.contains(&key.to_ascii_lowercase().as_str())
            && values.iter().any(|v| v.as_text() != "*")
    })
}

/// An `Allow` to `"*"` (or `{"AWS": "*"}`) without a condition that limits
/// who may act: every AWS account, and for `"*"` anonymous users too.
pub(super) fn public_principal(
    statement: &Statement,
    path: &JsonPath,
    findings: &mut Vec<Finding>,
) {
    let Some(principal) = statement.principal.as_ref().filter(|p| !p.not) else {
        return;
    };
    if statement.condition.as_ref().is_some_and(scopes_principals) {
        return;
    }
    let at = path.key("Principal");
    let location = match &principal.value {
        Principal::Any => Some((Location::value(at), "everyone, anonymous users included")),
        Principal::Map(map) => map.iter().find_map(|(kind, values)| {
            let base = at.key(kind.as_str());
            values.iter().position(|v| v == "*").map(|i| {
                (
                    Location::value(values.item_path(&base, i)),
                    if *kind == PrincipalKind::Aws {
                        "every AWS account"
                    } else {
                        "every principal of its kind"
                    },
                )
            })
        }),
    };
    if let Some((location, who)) = location {
        findings.push(
            Finding::new(
                &codes::PUBLIC_PRINCIPAL,
                format!("`Allow` to `*` without a condition on who may act grants {who}"),
                location,
            )
            .with_help(
                "name the accounts, roles or services, or add a condition such as `aws:PrincipalOrgID` or `aws:SourceAccount`",
            ),
        );
    }
}

fn not_elements(statement: &Statement, path: &JsonPath, findings: &mut Vec<Finding>) {
    if statement.principal.as_ref().is_some_and(|p| p.not) {
        findings.push(
            Finding::new(
                &codes::ALLOW_WITH_NOT_PRINCIPAL,
                "`Allow` with `NotPrincipal` grants the actions to every principal not listed, anonymous users included",
                Location::key(path.key("NotPrincipal")),
            )
            .with_help("name who may act with `Principal`"),
        );
    }
    let star = statement
        .resource
        .as_ref()
        .is_some_and(|r| !r.not && r.values.iter().any(|v| v == "*"));
    if statement.action.not && star {
        findings.push(
            Finding::new(
                &codes::ALLOW_WITH_NOT_ACTION_AND_STAR_RESOURCE,
                "`Allow` with `NotAction` on `*` grants every other action of every service, on every resource",
                Location::key(path.key("NotAction")),
            )
            .with_help("list the actions to allow with `Action`, or scope `Resource`"),
        );
    }
}

/// Whether two action entries can overlap at all: `*`, or the same
/// service prefix.
fn same_service(a: &str, b: &str) -> bool {
    match (service_of(a), service_of(b)) {
        (Some(sa), Some(sb)) => sa.eq_ignore_ascii_case(sb) || has_wildcard(sa) || has_wildcard(sb),
        _ => true,
    }
}

fn service_of(entry: &str) -> Option<&str> {
    entry.find(':').and_then(|i| entry.get(..i))
}

/// The entries of an `Action` element, arranged to answer "is this entry
/// covered?" and "is this entry a repeat?" without comparing every pair.
/// Built once per statement.
pub(super) struct ActionEntries<'a> {
    /// Entries without wildcards, with their positions, sorted ignoring
    /// case (then by position).
    exact: Vec<(usize, &'a str)>,
    /// Entries with wildcards, with their positions and service prefixes.
    wildcards: Vec<(usize, &'a str, Option<&'a str>)>,
}

impl<'a> ActionEntries<'a> {
    pub(super) fn new(values: &'a OneOrMany<String>) -> Self {
        let mut exact = Vec::with_capacity(values.len());
        let mut wildcards = Vec::new();
        for (i, entry) in values.iter().enumerate() {
            if has_wildcard(entry) {
                wildcards.push((i, entry.as_str(), service_of(entry)));
            } else {
                exact.push((i, entry.as_str()));
            }
        }
        exact.sort_unstable_by(|(i, a), (j, b)| cmp_ignore_case(a, b).then(i.cmp(j)));
        Self { exact, wildcards }
    }

    /// Whether these entries grant everything entry `narrow` does.
    fn cover(&self, narrow: &str, reference: &Reference) -> bool {
        (!has_wildcard(narrow)
            && self
                .exact
                .binary_search_by(|(_, e)| cmp_ignore_case(e, narrow))
                .is_ok())
            || self.wildcards.iter().any(|(_, wide, _)| {
                same_service(wide, narrow) && action_covers(wide, narrow, reference)
            })
    }

    /// For each position, the earlier position it repeats (ignoring case).
    fn repeats(&self, len: usize) -> Vec<Option<usize>> {
        let mut first_of = vec![None; len];
        let mut run_start: Option<(usize, &str)> = None;
        for &(i, entry) in &self.exact {
            match run_start {
                Some((first, text)) if text.eq_ignore_ascii_case(entry) => {
                    if let Some(slot) = first_of.get_mut(i) {
                        *slot = Some(first);
                    }
                }
                _ => run_start = Some((i, entry)),
            }
        }
        for (k, &(i, entry, _)) in self.wildcards.iter().enumerate() {
            let earlier = self
                .wildcards
                .iter()
                .take(k)
                .find(|(_, e, _)| e.eq_ignore_ascii_case(entry));
            if let (Some(&(first, _, _)), Some(slot)) = (earlier, first_of.get_mut(i)) {
                *slot = Some(first);
            }
        }
        first_of
    }
}

fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// Whether action entry `wide` grants every action `narrow` does.
fn action_covers(wide: &str, narrow: &str, reference: &Reference) -> bool {
    if wide == "*" {
        return true;
    }
    if !has_wildcard(narrow) {
        return matches_ignore_case(wide, narrow);
    }
    if !has_wildcard(wide) {
        return false;
    }
    let (Some((wide_service, wide_name)), Some((narrow_service, _))) =
        (wide.split_once(':'), narrow.split_once(':'))
    else {
        return false;
    };
    if has_wildcard(wide_service) || !wide_service.eq_ignore_ascii_case(narrow_service) {
        return false;
    }
    let inner = reference.expand(narrow);
    !inner.is_empty()
        && inner
            .iter()
            .all(|(_, a)| matches_ignore_case(wide_name, a.name))
}

/// Whether resource entry `wide` matches every resource `narrow` does
/// (decided only where it is certain: `*`, or a `narrow` without
/// wildcards).
pub(super) fn resource_covers(wide: &str, narrow: &str) -> bool {
    wide == "*" || wide == narrow || (!has_wildcard(narrow) && matches(wide, narrow))
}

/// The index of an entry of `values` other than `j` that covers entry
/// `j`; of two equivalent entries the first covers the second.
fn covering<T: AsRef<str>>(
    values: &[T],
    j: usize,
    covers: impl Fn(&str, &str) -> bool,
) -> Option<usize> {
    let narrow = values.get(j)?.as_ref();
    values.iter().enumerate().position(|(i, wide)| {
        let wide = wide.as_ref();
        i != j && covers(wide, narrow) && (i < j || !covers(narrow, wide))
    })
}

fn redundant_actions(
    statement: &Statement,
    arranged: &ActionEntries<'_>,
    path: &JsonPath,
    reference: &Reference,
    findings: &mut Vec<Finding>,
) {
    let values = &statement.action.values;
    let entries = values.as_slice();
    if entries.len() < 2 {
        return;
    }
    // Only a repeat or a wildcard of the same service can cover an entry.
    let first_of = arranged.repeats(entries.len());
    let wildcards = if arranged.wildcards.len() <= PAIRWISE_LIMIT {
        arranged.wildcards.as_slice()
    } else {
        &[]
    };
    for (j, narrow) in entries.iter().enumerate() {
        let narrow_service = service_of(narrow);
        let repeat = first_of.get(j).copied().flatten();
        let covered_by = repeat.or_else(|| {
            wildcards.iter().find_map(|&(i, wide, wide_service)| {
                let related = match (wide_service, narrow_service) {
                    (Some(w), Some(n)) => {
                        w.eq_ignore_ascii_case(n) || has_wildcard(w) || has_wildcard(n)
                    }
                    _ => true,
                };
                (i != j
                    && related
                    && action_covers(wide, narrow, reference)
                    && (i < j || !action_covers(narrow, wide, reference)))
                .then_some(i)
            })
        });
        if let Some(i) = covered_by {
            let wide = entries.get(i).map_or("", String::as_str);
            findings.push(
                Finding::new(
                    &codes::REDUNDANT_ACTION,
                    format!("`{narrow}` is already granted by `{wide}`"),
                    Location::value(values.item_path(&path.key(statement.action.key()), j)),
                )
                .with_help(format!("remove `{narrow}`")),
            );
        }
    }
}

fn redundant_resources(statement: &Statement, path: &JsonPath, findings: &mut Vec<Finding>) {
    let Some(resource) = &statement.resource else {
        return;
    };
    let entries = resource.values.as_slice();
    if entries.len() < 2 || entries.len() > PAIRWISE_LIMIT {
        return;
    }
    for (j, narrow) in entries.iter().enumerate() {
        if let Some(i) = covering(entries, j, resource_covers) {
            let wide = entries.get(i).map_or("", String::as_str);
            findings.push(
                Finding::new(
                    &codes::REDUNDANT_RESOURCE,
                    format!("`{narrow}` is already matched by `{wide}`"),
                    Location::value(resource.values.item_path(&path.key(resource.key()), j)),
                )
                .with_help(format!("remove `{narrow}`")),
            );
        }
    }
}

/// Checks of statements against each other.
pub(super) fn check_policy(
    policy: &Policy,
    paths: &[JsonPath],
    resolved: &[Resolved<'_>],
    entries: &[ActionEntries<'_>],
    reference: &Reference,
    findings: &mut Vec<Finding>,
) {
    let statements: Vec<(&Statement, &JsonPath)> = policy.statement.iter().zip(paths).collect();

    let covers = |i: usize, j: usize| -> bool {
        let (Some((wide, _)), Some((narrow, _)), Some(wide_entries)) =
            (statements.get(i), statements.get(j), entries.get(i))
        else {
            return false;
        };
        statement_covers(wide, narrow, wide_entries, reference)
    };
    let pairwise = if statements.len() <= PAIRWISE_LIMIT {
        statements.len()
    } else {
        0
    };
    for (j, (_, path)) in statements.iter().enumerate().take(pairwise) {
        let covered_by =
            (0..statements.len()).find(|&i| i != j && covers(i, j) && (i < j || !covers(j, i)));
        if let Some((wide, wide_path)) = covered_by.and_then(|i| statements.get(i)) {
            let name = wide.sid.as_ref().map_or_else(
                || format!("`{wide_path}`"),
                |sid| format!("statement `{sid}`"),
            );
            findings.push(
                Finding::new(
                    &codes::REDUNDANT_STATEMENT,
                    format!("everything this statement grants, {name} already grants"),
                    Location::value((*path).clone()),
                )
                .with_help("remove this statement"),
            );
        }
    }
    dependent_actions(&statements, entries, resolved, reference, findings);
}

fn statement_covers(
    wide: &Statement,
    narrow: &Statement,
    wide_entries: &ActionEntries<'_>,
    reference: &Reference,
) -> bool {
    let (Some(wide_resource), Some(narrow_resource)) = (&wide.resource, &narrow.resource) else {
        return false;
    };
    wide.effect == narrow.effect
        && !wide.action.not
        && !narrow.action.not
        && !wide_resource.not
        && !narrow_resource.not
        && wide.principal == narrow.principal
        && (wide.condition.is_none() || wide.condition == narrow.condition)
        && all_covered(
            &narrow_resource.values,
            &wide_resource.values,
            resource_covers,
        )
        && narrow
            .action
            .values
            .iter()
            .all(|n| wide_entries.cover(n, reference))
}

fn all_covered(
    narrow: &OneOrMany<String>,
    wide: &OneOrMany<String>,
    covers: impl Fn(&str, &str) -> bool,
) -> bool {
    narrow.iter().all(|n| wide.iter().any(|w| covers(w, n)))
}

/// Whether some Allow statement of the policy grants `action` (ignoring
/// resources and conditions: the check is about the action at all).
fn allows(
    statements: &[(&Statement, &JsonPath)],
    entries: &[ActionEntries<'_>],
    action: &str,
    reference: &Reference,
) -> bool {
    let allowed = statements
        .iter()
        .zip(entries)
        .any(|((s, _), e)| s.effect == Effect::Allow && e.cover(action, reference) != s.action.not);
    allowed && super::allows_action(statements.iter().map(|(s, _)| *s), action)
}

/// Whether a dependent action is one a caller cannot do without. The
/// reference also lists dependents needed only when the caller uses a
/// feature — tags at creation (`ec2:CreateTags`), SSM parameters in a launch
/// template (`ssm:GetParameters`): those are Tagging, Read or List actions,
/// and reporting them would flag most policies, AWS's own included. The
/// dependents kept are Write and Permissions management actions, such as
/// `iam:PassRole` for `ecs:RunTask`.
fn changes_things(dependent: &str, reference: &Reference) -> bool {
    reference.action(dependent).is_some_and(|(_, a)| {
        matches!(
            a.access_level,
            AccessLevel::Write | AccessLevel::PermissionsManagement
        )
    })
}

fn dependent_actions(
    statements: &[(&Statement, &JsonPath)],
    entries: &[ActionEntries<'_>],
    resolved: &[Resolved<'_>],
    reference: &Reference,
    findings: &mut Vec<Finding>,
) {
    // Each dependent action is looked up in the policy once.
    let mut allowed: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
    for ((statement, path), resolved) in statements.iter().zip(resolved) {
        if statement.effect != Effect::Allow || statement.action.not {
            continue;
        }
        let values = &statement.action.values;
        for (i, entry) in values.iter().enumerate() {
            let Some(Some((_, action))) = resolved.get(i) else {
                continue;
            };
            let missing: Vec<&str> = action
                .dependent_actions
                .iter()
                .copied()
                .filter(|d| {
                    changes_things(d, reference)
                        && !*allowed
                            .entry(d)
                            .or_insert_with(|| allows(statements, entries, d, reference))
                })
                .collect();
            if missing.is_empty() {
                continue;
            }
            let list = missing
                .iter()
                .map(|d| format!("`{d}`"))
                .collect::<Vec<_>>()
                .join(", ");
            findings.push(
                Finding::new(
                    &codes::MISSING_DEPENDENT_ACTION,
                    format!("`{entry}` also needs {list}, which the policy does not allow"),
                    Location::value(values.item_path(&path.key(statement.action.key()), i)),
                )
                .with_help(format!(
                    "allow {list} too, scoped as tightly as the task allows"
                )),
            );
        }
    }
}
