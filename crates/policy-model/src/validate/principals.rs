//! Checks of the principals a statement names, as Access Analyzer makes
//! them: service principals written as host names; trust in federated
//! identity providers (the action fits the provider's kind, an OIDC
//! provider's claims are tested, GitHub's repository is named); the
//! actions IAM Roles Anywhere needs.

use crate::codes;
use crate::condition::{ConditionOperator, OperatorFamily};
use crate::policy::PrincipalKind;
use crate::{Finding, JsonPath, Location, Principal, Statement};

/// GitHub Actions' OIDC provider.
const GITHUB: &str = "token.actions.githubusercontent.com";

/// The checks of this file on one statement.
pub(super) fn rules(statement: &Statement, path: &JsonPath, findings: &mut Vec<Finding>) {
    let Some(element) = &statement.principal else {
        return;
    };
    let Principal::Map(map) = &element.value else {
        return;
    };
    let base = path.key(element.key());
    for (kind, values) in map {
        let kind_path = base.key(kind.as_str());
        for (i, value) in values.iter().enumerate() {
            let at = || Location::value(values.item_path(&kind_path, i));
            match kind {
                PrincipalKind::Service => {
                    service_format(value, &at, findings);
                    if value == "rolesanywhere.amazonaws.com" && !element.not {
                        roles_anywhere(statement, path, findings);
                    }
                }
                PrincipalKind::Federated if !element.not => {
                    if let Some(host) = oidc_host(value) {
                        oidc(statement, path, host, at(), findings);
                    }
                }
                _ => {}
            }
        }
    }
    if !element.not {
        mismatched_actions(statement, map, path, findings);
    }
}

/// A service principal must be a host name (`ecs-tasks.amazonaws.com`).
fn service_format(value: &str, at: &impl Fn() -> Location, findings: &mut Vec<Finding>) {
    // Empty values and wildcards are INVALID_PRINCIPAL's.
    if value.trim().is_empty() || value.contains(['*', '?']) {
        return;
    }
    let host_like = value
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && value.contains('.')
        && !value.starts_with('.')
        && !value.ends_with('.')
        && !value.contains("..");
    if host_like {
        return;
    }
    let help = if value.starts_with("arn:") {
        "an ARN names an account, user or role: put it under `\"AWS\"`, and under `\"Service\"` the service's name such as `ecs-tasks.amazonaws.com`".to_owned()
    } else if !value.contains('.') && !value.contains(char::is_whitespace) {
        format!("write `{}.amazonaws.com`", value.to_ascii_lowercase())
    } else {
        "write the service's name in lower case, such as `ecs-tasks.amazonaws.com`".to_owned()
    };
    findings.push(
        Finding::new(
            &codes::INVALID_SERVICE_PRINCIPAL_FORMAT,
            format!("`{value}` is not a service principal: services are named by host name, such as `ecs-tasks.amazonaws.com`"),
            at(),
        )
        .with_help(help),
    );
}

/// The OIDC provider a federated principal names: the host of an
/// `oidc-provider/` ARN, or a bare provider name (`accounts.google.com`,
/// `cognito-identity.amazonaws.com`); `None` for SAML providers.
fn oidc_host(value: &str) -> Option<&str> {
    if value.starts_with("arn:") {
        return value.split_once(":oidc-provider/").map(|(_, host)| host);
    }
    (!value.is_empty()).then_some(value)
}

/// Whether the statement's `Action` lists an action `wanted` matches
/// (`sts:AssumeRoleWithWebIdentity` by itself, `sts:*`, `*`).
fn allows(statement: &Statement, wanted: &str) -> bool {
    !statement.action.not
        && statement
            .action
            .values
            .iter()
            .any(|a| crate::wildcard::matches_ignore_case(a, wanted))
}

/// A positive test (not negated, not `Null`) of a condition key for which
/// `is_key` holds: the operator and the values.
fn positive_tests(
    statement: &Statement,
    is_key: impl Fn(&str) -> bool,
) -> Vec<(&ConditionOperator, &str, Vec<&str>)> {
    let Some(condition) = &statement.condition else {
        return Vec::new();
    };
    condition
        .entries()
        .filter(|(op, key, _)| {
            is_key(key) && !op.base.is_negated() && op.base.family() != OperatorFamily::Null
        })
        .map(|(op, key, values)| (op, key, values.iter().map(|v| v.as_text()).collect()))
        .collect()
}

/// Trust in an OIDC provider must test its claims; GitHub's must name the
/// repository.
fn oidc(
    statement: &Statement,
    path: &JsonPath,
    host: &str,
    at: Location,
    findings: &mut Vec<Finding>,
) {
    if !allows(statement, "sts:AssumeRoleWithWebIdentity") {
        return;
    }
    // `HOST:NAME`, or any claim of the host when `name` is empty.
    let claim = |name: &'static str| {
        let prefix = format!("{host}:");
        move |key: &str| {
            let of_host = key.len() > prefix.len()
                && key
                    .get(..prefix.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(&prefix));
            of_host
                && (name.is_empty()
                    || key
                        .get(prefix.len()..)
                        .is_some_and(|n| n.eq_ignore_ascii_case(name)))
        }
    };
    // GitHub Enterprise Cloud issuers add the enterprise: `HOST/ENTERPRISE`.
    let github = host
        .get(..GITHUB.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(GITHUB))
        && matches!(host.as_bytes().get(GITHUB.len()), None | Some(b'/'));
    if github {
        let tests = positive_tests(statement, claim("sub"));
        if tests.is_empty() {
            findings.push(
                Finding::new(
                    &codes::MISSING_GITHUB_REPO_CONDITION_KEY,
                    format!("the role trusts `{host}` without a condition on `{host}:sub`: every GitHub Actions workflow of every repository can assume it"),
                    at,
                )
                .with_help(format!("add `\"StringEquals\": {{\"{host}:sub\": \"repo:ORG/REPO:ref:refs/heads/main\"}}`")),
            );
            return;
        }
        for (op, key, values) in tests {
            for (i, value) in values.iter().enumerate() {
                if value.contains(['*', '?']) {
                    let Some(condition_values) = statement
                        .condition
                        .as_ref()
                        .and_then(|c| c.0.get(op))
                        .and_then(|b| b.0.get(key))
                    else {
                        continue;
                    };
                    findings.push(
                        Finding::new(
                            &codes::SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED,
                            format!("`{value}` admits every workflow it matches, not one repository and branch"),
                            Location::value(condition_values.item_path(&path.condition_key(op, key), i)),
                        )
                        .with_help("name the repository and the branch or environment: `repo:ORG/REPO:ref:refs/heads/main`"),
                    );
                }
            }
        }
        return;
    }
    if positive_tests(statement, claim("")).is_empty() {
        findings.push(
            Finding::new(
                &codes::MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL,
                format!("the role trusts `{host}` without a condition on its claims: anyone with a token from it can assume the role"),
                at,
            )
            .with_help(format!("test the claims, such as `\"StringEquals\": {{\"{host}:aud\": \"CLIENT-ID\"}}`")),
        );
    }
}

/// `sts:AssumeRoleWithSAML` needs a SAML provider and
/// `sts:AssumeRoleWithWebIdentity` an OIDC one, among the principals.
fn mismatched_actions(
    statement: &Statement,
    map: &indexmap::IndexMap<PrincipalKind, crate::OneOrMany<String>>,
    path: &JsonPath,
    findings: &mut Vec<Finding>,
) {
    if statement.action.not {
        return;
    }
    let federated = map.get(&PrincipalKind::Federated);
    let saml = federated.is_some_and(|v| v.iter().any(|p| p.contains(":saml-provider/")));
    let oidc = federated.is_some_and(|v| v.iter().any(|p| !p.contains(":saml-provider/")));
    for (i, action) in statement.action.values.iter().enumerate() {
        let (fits, needs) = if action.eq_ignore_ascii_case("sts:AssumeRoleWithSAML") {
            (
                saml,
                "a SAML provider (`arn:aws:iam::ACCOUNT:saml-provider/NAME`)",
            )
        } else if action.eq_ignore_ascii_case("sts:AssumeRoleWithWebIdentity") {
            (
                oidc,
                "an OIDC provider (`arn:aws:iam::ACCOUNT:oidc-provider/HOST`, or `accounts.google.com`, `cognito-identity.amazonaws.com`...)",
            )
        } else {
            continue;
        };
        if !fits {
            findings.push(
                Finding::new(
                    &codes::MISMATCHED_ACTION_FOR_PRINCIPAL,
                    format!("`{action}` comes only from {needs}, and the statement names none: it lets no one in"),
                    Location::value(statement.action.values.item_path(&path.key(statement.action.key()), i)),
                )
                .with_help("use `sts:AssumeRoleWithSAML` for a SAML provider, `sts:AssumeRoleWithWebIdentity` for an OIDC provider, `sts:AssumeRole` for accounts, roles and services"),
            );
        }
    }
}

/// IAM Roles Anywhere needs `sts:AssumeRole`, `sts:SetSourceIdentity` and
/// `sts:TagSession`.
fn roles_anywhere(statement: &Statement, path: &JsonPath, findings: &mut Vec<Finding>) {
    let missing: Vec<&str> = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
        .into_iter()
        .filter(|wanted| !allows(statement, wanted))
        .collect();
    if missing.is_empty() || statement.action.not {
        return;
    }
    findings.push(
        Finding::new(
            &codes::MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY,
            format!(
                "IAM Roles Anywhere also needs {} to assume the role",
                missing
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            Location::value(path.key(statement.action.key())),
        )
        .with_help("allow `[\"sts:AssumeRole\", \"sts:SetSourceIdentity\", \"sts:TagSession\"]`"),
    );
}
