//! `--role NAME`: a policy read as the trust policy or the permissions of a
//! known ECS role.

use polc_model::{
    Effect, Finding, JsonPath, Location, Policy, PolicyType, Principal, PrincipalKind, Statement,
};

use super::codes;
use crate::ecs::EcsRole;

/// The findings for `policy` as the `policy_type` policy of `role`: a trust
/// policy must trust the role's service; any other policy must allow what
/// the role's job needs.
pub fn role_findings(
    policy: &Policy,
    paths: &[JsonPath],
    policy_type: PolicyType,
    role: &EcsRole,
) -> Vec<Finding> {
    role_findings_among(policy, paths, policy_type, role, None)
}

/// [`role_findings`], the permissions read among all of the principal's
/// policies where `principal` gives them (`--one-principal`): what any of
/// them allows, and none denies, the role has.
pub fn role_findings_among(
    policy: &Policy,
    paths: &[JsonPath],
    policy_type: PolicyType,
    role: &EcsRole,
    principal: Option<&super::Principal>,
) -> Vec<Finding> {
    if policy_type == PolicyType::Trust {
        trust(policy, paths, role)
    } else {
        permissions(policy, role, principal)
    }
}

fn trust(policy: &Policy, paths: &[JsonPath], role: &EcsRole) -> Vec<Finding> {
    let expected = role
        .trusted_services
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    let mut findings = Vec::new();
    let mut trusted = false;
    for (statement, path) in policy.statement.iter().zip(paths) {
        let Some(principal) = &statement.principal else {
            continue;
        };
        if statement.effect != Effect::Allow
            || principal.not
            || !statement.names_action("sts:AssumeRole")
        {
            continue;
        }
        let Principal::Map(map) = &principal.value else {
            continue;
        };
        let Some(services) = map.get(&PrincipalKind::Service) else {
            continue;
        };
        for (i, service) in services.iter().enumerate() {
            if is_trusted(role, service) {
                trusted = true;
                continue;
            }
            let base = path.key(principal.key()).key("Service");
            findings.push(
                Finding::new(
                    &codes::ECS_ROLE_TRUST_MISMATCH,
                    format!(
                        "`{}` is assumed by {expected}, but this trust policy trusts `{service}`",
                        role.name
                    ),
                    Location::value(services.item_path(&base, i)),
                )
                .with_help(format!("trust {expected} instead")),
            );
        }
    }
    // A `Deny` of `sts:AssumeRole` to the service (or to everyone),
    // without a condition, takes the trust back: the role cannot be
    // assumed. (A conditional one, such as the confused-deputy guards on
    // `aws:SourceAccount`, is the service's to meet.)
    if trusted
        && let Some((_, path)) = policy.statement.iter().zip(paths).find(|(s, _)| {
            s.effect == Effect::Deny
                && s.condition.as_ref().is_none_or(|c| c.0.is_empty())
                && s.names_action("sts:AssumeRole")
                && s.principal
                    .as_ref()
                    .is_some_and(|p| !p.not && names_service(&p.value, role))
        })
    {
        findings.push(
            Finding::new(
                &codes::ECS_ROLE_TRUST_MISMATCH,
                format!(
                    "`{}` is assumed by {expected}, but this statement denies it `sts:AssumeRole`: the role cannot be assumed",
                    role.name
                ),
                Location::value(path.clone()),
            )
            .with_help("remove the `Deny`, or give it a condition the service's calls do not meet"),
        );
    }
    if !trusted && findings.is_empty() {
        findings.push(
            Finding::new(
                &codes::ECS_ROLE_TRUST_MISMATCH,
                format!("`{}` is assumed by {expected}, and this trust policy trusts no service", role.name),
                Location::key(JsonPath::root().key("Statement")),
            )
            .with_help(format!("add a statement allowing `sts:AssumeRole` to `\"Principal\": {{\"Service\": \"{}\"}}`", role.trusted_services.first().unwrap_or(&""))),
        );
    }
    findings
}

/// Whether `service` is one the role is assumed by (in any partition).
fn is_trusted(role: &EcsRole, service: &str) -> bool {
    role.trusted_services.iter().any(|t| {
        t.eq_ignore_ascii_case(service) || t.eq_ignore_ascii_case(service.trim_end_matches(".cn"))
    })
}

/// Whether `principal` names one of the role's services, or everyone.
fn names_service(principal: &Principal, role: &EcsRole) -> bool {
    match principal {
        Principal::Any => true,
        Principal::Map(map) => {
            map.get(&PrincipalKind::Aws)
                .is_some_and(|values| values.iter().any(|v| v == "*"))
                || map
                    .get(&PrincipalKind::Service)
                    .is_some_and(|services| services.iter().any(|s| is_trusted(role, s)))
        }
    }
}

/// Whether the policies allow `action` at all, only under conditions,
/// with a `Deny` on some of its resources or under some conditions, or
/// not (a `Deny` names it on every resource, without a condition).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Allowance {
    /// An `Allow` without a condition names it, no `Deny` does.
    Allowed,
    /// Only `Allow` statements with conditions name it, no `Deny` does.
    Conditional,
    /// An `Allow` names it, and a `Deny` does on some resources or under
    /// some conditions: whether the role's own requests are among them
    /// is not known here (the role's resources are the account's).
    PartlyDenied,
    /// No `Allow` names it, or a `Deny` does on every resource without a
    /// condition.
    Missing,
}

pub(crate) fn allowance<'s>(
    statements: impl Iterator<Item = &'s Statement> + Clone,
    action: &str,
) -> Allowance {
    let names = |s: &Statement| s.names_action(action);
    // A `Deny` on every resource but `*` denies nothing.
    let denies_nothing = |s: &Statement| {
        s.resource
            .as_ref()
            .is_some_and(|r| r.not && r.values.iter().any(|v| v == "*"))
    };
    let denies = || {
        statements
            .clone()
            .filter(|s| s.effect == Effect::Deny && names(s) && !denies_nothing(s))
    };
    // No condition, or only operators with no key (which IAM reads as
    // no condition).
    let unconditional = |s: &Statement| {
        s.condition
            .as_ref()
            .is_none_or(|c| c.0.values().all(|block| block.0.is_empty()))
    };
    // Every resource: `*`, or no resource element (IAM refuses that in an
    // identity policy; read as the wider `Deny`).
    let everywhere = |s: &Statement| {
        s.resource
            .as_ref()
            .is_none_or(|r| !r.not && r.values.iter().any(|v| v == "*"))
    };
    if denies().any(|s| unconditional(s) && everywhere(s)) {
        return Allowance::Missing;
    }
    let allows = || {
        statements
            .clone()
            .filter(|s| s.effect == Effect::Allow && names(s))
    };
    if allows().next().is_none() {
        Allowance::Missing
    } else if denies().next().is_some() {
        Allowance::PartlyDenied
    } else if allows().any(unconditional) {
        Allowance::Allowed
    } else {
        Allowance::Conditional
    }
}

fn permissions(
    policy: &Policy,
    role: &EcsRole,
    principal: Option<&super::Principal>,
) -> Vec<Finding> {
    let of = |action: &str| match principal {
        Some(principal) => principal.allowance(action),
        None => allowance(policy.statement.iter(), action),
    };
    // The needed actions allowed as `allowance`, each quoted.
    let needed = |allowance: Allowance| -> Vec<String> {
        role.needs
            .iter()
            .flat_map(|need| need.actions.iter())
            .filter(|a| of(a) == allowance)
            .map(|a| format!("`{a}`"))
            .collect()
    };
    let mut findings = Vec::new();
    let conditional = needed(Allowance::Conditional);
    if !conditional.is_empty() {
        findings.push(
            Finding::new(
                &codes::ECS_ROLE_MISSING_PERMISSION,
                format!(
                    "`{}` is allowed {} only under conditions: the role's sessions must meet them (a session ECS starts has no MFA, for one)",
                    role.name,
                    conditional.join(", ")
                ),
                Location::key(JsonPath::root().key("Statement")),
            )
            .with_help("allow these actions without a condition the role's sessions may not meet, or check the conditions against what ECS sends"),
        );
    }
    let partly = needed(Allowance::PartlyDenied);
    if !partly.is_empty() {
        findings.push(
            Finding::new(
                &codes::ECS_ROLE_MISSING_PERMISSION,
                format!(
                    "`{}` is allowed {}, but a `Deny` takes {} away on some resources or under some conditions: the role's own requests must not be among them",
                    role.name,
                    partly.join(", "),
                    if partly.len() == 1 { "it" } else { "them" }
                ),
                Location::key(JsonPath::root().key("Statement")),
            )
            .with_help("check that the `Deny` leaves out the resources and requests of the role's job (`polc authorize` decides one)"),
        );
    }
    let managed = role
        .managed_policies
        .iter()
        .map(|m| format!("`{m}`"))
        .collect::<Vec<_>>()
        .join(" and ");
    let missing = role.needs.iter().filter_map(|need| {
        let missing: Vec<String> = need
            .actions
            .iter()
            .filter(|a| of(a) == Allowance::Missing)
            .map(|a| format!("`{a}`"))
            .collect();
        if missing.is_empty() {
            return None;
        }
        let help = if managed.is_empty() {
            format!("allow {}", missing.join(", "))
        } else {
            format!(
                "allow {}, or attach {managed} as the documentation does",
                missing.join(", ")
            )
        };
        Some(
            Finding::new(
                &codes::ECS_ROLE_MISSING_PERMISSION,
                format!(
                    "`{}` must be able to {}, but the policy does not allow {}",
                    role.name,
                    need.what,
                    missing.join(", ")
                ),
                Location::key(JsonPath::root().key("Statement")),
            )
            .with_help(help),
        )
    });
    findings.extend(missing);
    findings
}
