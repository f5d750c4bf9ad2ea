//! `--role NAME`: a policy read as the trust policy or the permissions of a
//! known ECS role.

use polc_model::{
    Effect, Finding, JsonPath, Location, Policy, PolicyType, Principal, PrincipalKind,
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
    if policy_type == PolicyType::Trust {
        trust(policy, paths, role)
    } else {
        permissions(policy, role)
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
            if role.trusted_services.iter().any(|t| {
                t.eq_ignore_ascii_case(service)
                    || t.eq_ignore_ascii_case(service.trim_end_matches(".cn"))
            }) {
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

fn permissions(policy: &Policy, role: &EcsRole) -> Vec<Finding> {
    let managed = role
        .managed_policies
        .iter()
        .map(|m| format!("`{m}`"))
        .collect::<Vec<_>>()
        .join(" and ");
    role.needs
        .iter()
        .filter_map(|need| {
            let missing: Vec<String> = need
                .actions
                .iter()
                .filter(|a| !super::allows_action(policy.statement.iter(), a))
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
        })
        .collect()
}
