//! Checks of the principals a statement names, as Access Analyzer makes
//! them: service principals written as host names; trust in federated
//! identity providers (the action fits the provider's kind, an OIDC
//! provider's claims are tested, GitHub's repository is named); the
//! actions IAM Roles Anywhere needs.

use crate::Text;
use crate::codes;
use crate::condition::{ConditionOperator, OperatorFamily};
use crate::policy::PrincipalKind;
use crate::{Effect, Finding, JsonPath, Location, PolicyType, Principal, Statement};

/// GitHub Actions' OIDC provider.
const GITHUB: &str = "token.actions.githubusercontent.com";

/// The checks of this file on one statement.
pub(super) fn rules(
    statement: &Statement,
    path: &JsonPath,
    policy_type: PolicyType,
    policy: &crate::Policy,
    findings: &mut Vec<Finding>,
) {
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
                        roles_anywhere(statement, path, policy, findings);
                    }
                }
                PrincipalKind::Federated => {
                    federated_format(value, policy_type, &at, findings);
                    let allow = statement.effect == Effect::Allow && !element.not;
                    if let Some(host) = oidc_host(value).filter(|h| allow && !h.is_empty()) {
                        oidc(statement, path, host, at(), findings);
                    }
                }
                PrincipalKind::Aws => {
                    unique_id(value, &at, findings);
                    redundant_session(value, values, &at, findings);
                }
                PrincipalKind::CanonicalUser => {}
            }
        }
    }
    if !element.not {
        mismatched_actions(statement, map, path, findings);
    }
    let allow = statement.effect == Effect::Allow && !element.not;
    if allow && policy_type == PolicyType::Resource && map.contains_key(&PrincipalKind::Service) {
        confused_deputy(statement, &base, map, findings);
    }
    if allow && policy_type == PolicyType::Trust {
        session_keys(statement, path, policy, findings);
    }
}

/// A `Federated` principal belongs in a trust policy, and names a provider.
fn federated_format(
    value: &str,
    policy_type: PolicyType,
    at: &impl Fn() -> Location,
    findings: &mut Vec<Finding>,
) {
    if policy_type == PolicyType::Resource {
        findings.push(
            Finding::new(
                &codes::FEDERATED_PRINCIPAL_NOT_SUPPORTED,
                format!("`{value}`: a `Federated` principal belongs in a role's trust policy, and resource-based policies reject it"),
                at(),
            )
            .with_help("trust the provider in a role's trust policy, and grant the role access here; if this is a trust policy, check it with `--policy-type trust`"),
        );
        return;
    }
    if value.trim().is_empty() || crate::wildcard::has_wildcard(value) {
        return;
    }
    let valid = if value.starts_with("arn:") {
        value.contains(":saml-provider/") || value.contains(":oidc-provider/")
    } else {
        value.contains('.')
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'/' | b'_' | b':'))
    };
    if !valid {
        findings.push(
            Finding::new(
                &codes::INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY,
                format!("`{value}` names no identity provider: neither a `saml-provider/` or `oidc-provider/` ARN nor a provider's domain"),
                at(),
            )
            .with_help("name the provider's ARN (`arn:aws:iam::ACCOUNT:oidc-provider/HOST`) or domain (`accounts.google.com`); roles and users go under `\"AWS\"`"),
        );
    }
}

/// A role's or user's unique id where its ARN belongs.
fn unique_id(value: &str, at: &impl Fn() -> Location, findings: &mut Vec<Finding>) {
    let id = |prefix: &str| {
        value.len() >= 16
            && value.starts_with(prefix)
            && value
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    };
    let (code, what) = if id("AROA") {
        (&codes::INVALID_ROLE_REFERENCE, "role")
    } else if id("AIDA") {
        (&codes::INVALID_USER_REFERENCE, "user")
    } else {
        return;
    };
    findings.push(
        Finding::new(
            code,
            format!("`{value}` is the unique id of a deleted {what}: IAM writes it where the {what} it named was deleted, and a new {what} of that name is not it"),
            at(),
        )
        .with_help(format!("name the {what} by ARN (`arn:aws:iam::ACCOUNT:{what}/NAME`), after checking that it should still be trusted")),
    );
}

/// An `assumed-role/ROLE/SESSION` principal beside `role/ROLE`.
fn redundant_session(
    value: &str,
    all: &crate::OneOrMany<Text>,
    at: &impl Fn() -> Location,
    findings: &mut Vec<Finding>,
) {
    let Some((head, rest)) = value.split_once(":assumed-role/") else {
        return;
    };
    let (Some(account), Some((role, _))) = (head.rsplit(':').next(), rest.split_once('/')) else {
        return;
    };
    let covered = all.iter().any(|other| {
        other.split_once(":role/").is_some_and(|(h, path)| {
            h.rsplit(':').next() == Some(account) && path.rsplit('/').next() == Some(role)
        })
    });
    if covered {
        findings.push(
            Finding::new(
                &codes::REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY,
                format!("`{value}` is a session of the role `{role}`, which the statement already trusts"),
                at(),
            )
            .with_help("keep the one that was meant: the role, or only the session"),
        );
    }
}

/// A resource-based policy that admits a service must say for whom.
fn confused_deputy(
    statement: &Statement,
    base: &JsonPath,
    map: &indexmap::IndexMap<PrincipalKind, crate::OneOrMany<Text>>,
    findings: &mut Vec<Finding>,
) {
    // Scoped: a positive test of a source key, or of the KMS encryption
    // context (a key policy for a service's use), with a value that pins
    // something (`*` pins nothing). The ALB log delivery principal is
    // documented without a source key.
    let documented = map.get(&PrincipalKind::Service).is_some_and(|v| {
        v.iter()
            .all(|s| s == "logdelivery.elasticloadbalancing.amazonaws.com")
    });
    if documented {
        return;
    }
    // The source keys pin an account, organization or resource as they
    // pin who acts for `PUBLIC_PRINCIPAL` (`crate::scope`): `arn:aws:*`,
    // `1*` or `o-*` pin nothing.
    let scoped = statement.condition.as_ref().is_some_and(|condition| {
        condition.entries().any(|(op, key, values)| {
            let source = [
                "aws:SourceArn",
                "aws:SourceAccount",
                "aws:SourceOrgID",
                "aws:SourceOrgPaths",
            ]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(key));
            let context = key
                .get(.."kms:EncryptionContext:".len())
                .is_some_and(|k| k.eq_ignore_ascii_case("kms:EncryptionContext:"));
            if source {
                crate::scope::limits_who(op, key, values.as_slice())
            } else {
                context
                    && !op.base.is_negated()
                    && op.base.family() != OperatorFamily::Null
                    && values.iter().all(|v| limits(op, v.as_text(), Claim::Any))
            }
        })
    });
    if scoped {
        return;
    }
    let services = map
        .get(&PrincipalKind::Service)
        .map(|v| {
            v.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    findings.push(
        Finding::new(
            &codes::RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL,
            format!("{services} may act here on behalf of any of its customers: nothing says for which account or resource"),
            Location::key(base.key(PrincipalKind::Service.as_str())),
        )
        .with_help("add `\"StringEquals\": {\"aws:SourceAccount\": \"ACCOUNT\"}` or `\"ArnLike\": {\"aws:SourceArn\": \"...\"}`"),
    );
}

/// Session tags and source identity are set by their own `sts:` actions.
fn session_keys(
    statement: &Statement,
    path: &JsonPath,
    policy: &crate::Policy,
    findings: &mut Vec<Finding>,
) {
    let Some(condition) = &statement.condition else {
        return;
    };
    for (op, key, _) in condition.entries() {
        let starts = |p: &str| {
            key.get(..p.len())
                .is_some_and(|k| k.eq_ignore_ascii_case(p))
        };
        let needs = if starts("aws:RequestTag/")
            || key.eq_ignore_ascii_case("aws:TagKeys")
            || key.eq_ignore_ascii_case("sts:TransitiveTagKeys")
        {
            "sts:TagSession"
        } else if key.eq_ignore_ascii_case("sts:SourceIdentity") {
            "sts:SetSourceIdentity"
        } else {
            continue;
        };
        // Any Allow statement of the policy may allow it (AWS's session
        // tag example allows `sts:TagSession` in a statement of its own).
        if !allowed_to_same(policy, statement, needs) {
            findings.push(
                Finding::new(
                    &codes::MISSING_ACTION_FOR_CONDITION_KEY,
                    format!("`{key}` is set only with `{needs}`, which the policy does not allow"),
                    Location::key(path.condition_key(op, key)),
                )
                .with_help(format!("allow `{needs}` too")),
            );
        }
    }
}

/// A service principal must be a host name (`ecs-tasks.amazonaws.com`).
fn service_format(value: &str, at: &impl Fn() -> Location, findings: &mut Vec<Finding>) {
    // Empty values and wildcards are INVALID_PRINCIPAL's.
    if value.trim().is_empty() || crate::wildcard::has_wildcard(value) {
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
        service_domain(value, at, findings);
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

/// A service principal of the right form that is likely a typo: one not
/// in AWS's domains (`ec2.amazonaws.co`), or one letter away from the
/// principal of ECS's tasks (`ecs-task.amazonaws.com`), which IAM refuses
/// or which no service ever is. Warnings: polc has no list of every
/// service principal.
fn service_domain(value: &str, at: &impl Fn() -> Location, findings: &mut Vec<Finding>) {
    const TASKS: &str = "ecs-tasks";
    // Alexa's skills are `alexa-appkit.amazon.com`.
    let aws = super::values::SERVICE_DOMAINS
        .iter()
        .chain(&[".amazon.com"])
        .any(|suffix| value.ends_with(suffix));
    let name = value.split('.').next().unwrap_or_default();
    let (message, help) = if !aws {
        (
            format!("`{value}` does not end in `.amazonaws.com`, as AWS's service principals do: if it is a typo, no service is this principal"),
            "check the service principal in the service's documentation, such as `ecs-tasks.amazonaws.com`".to_owned(),
        )
    } else if name != TASKS && crate::suggest::distance(name, TASKS, 1).is_some() {
        (
            format!(
                "`{value}` is one letter away from ECS's tasks, `{TASKS}.amazonaws.com`: if it is a typo, no service is this principal"
            ),
            format!(
                "write `{TASKS}{}`",
                value.get(name.len()..).unwrap_or_default()
            ),
        )
    } else {
        return;
    };
    findings.push(
        Finding::new(&codes::INVALID_SERVICE_PRINCIPAL_FORMAT, message, at())
            .with_severity(crate::Severity::Warning)
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
    statement.effect == Effect::Allow && statement.names_action(wanted)
}

/// Whether some Allow statement of `policy` allows `action` to every
/// principal `statement` names, and no unconditional Deny statement
/// denies it to them (a Deny with a condition takes it away only from
/// some requests).
fn allowed_to_same(policy: &crate::Policy, statement: &Statement, action: &str) -> bool {
    let allowed = policy
        .statement
        .iter()
        .any(|s| allows(s, action) && covers_principals(s, statement));
    let denied = policy.statement.iter().any(|s| {
        s.effect == Effect::Deny
            && s.condition.as_ref().is_none_or(|c| c.0.is_empty())
            && s.names_action(action)
            && covers_principals(s, statement)
    });
    allowed && !denied
}

/// Whether `other` names every principal `statement` names.
fn covers_principals(other: &Statement, statement: &Statement) -> bool {
    let (Some(theirs), Some(ours)) = (&other.principal, &statement.principal) else {
        return false;
    };
    if theirs.not || ours.not {
        return false;
    }
    match (&theirs.value, &ours.value) {
        (Principal::Any, _) => true,
        (Principal::Map(_), Principal::Any) => false,
        (Principal::Map(theirs), Principal::Map(ours)) => ours.iter().all(|(kind, values)| {
            theirs.get(kind).is_some_and(|named| {
                values.iter().all(|v| {
                    named
                        .iter()
                        .any(|n| n == v || (n == "*" && *kind == PrincipalKind::Aws))
                })
            })
        }),
    }
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
        let limiting = tests
            .iter()
            .any(|(op, _, values)| values.iter().all(|v| limits(op, v, Claim::GitHubSub)));
        if !limiting {
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
            // Under an exact operator `*` is a literal character: that is
            // WILDCARD_WITHOUT_LIKE_OPERATOR's to say.
            if op.base != crate::condition::BaseOperator::StringLike {
                continue;
            }
            for (i, value) in values.iter().enumerate() {
                if crate::wildcard::has_wildcard(value) {
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
    // The claim that must be tested: Cognito's `aud` (the identity pool;
    // `amr` alone admits every pool's users), an EKS cluster's `sub` (the
    // service account; `aud` alone admits all of them), else any claim.
    let (needed, who, kind) = if host.eq_ignore_ascii_case("cognito-identity.amazonaws.com") {
        ("aud", "the users of every identity pool", Claim::CognitoAud)
    } else if host
        .get(..9)
        .is_some_and(|h| h.eq_ignore_ascii_case("oidc.eks."))
    {
        ("sub", "every service account of the cluster", Claim::EksSub)
    } else {
        ("", "anyone with a token from it", Claim::Any)
    };
    let limiting = positive_tests(statement, claim(needed))
        .into_iter()
        .any(|(op, _, values)| values.iter().all(|v| limits(op, v, kind)));
    if !limiting {
        let what = if needed.is_empty() {
            "its claims".to_owned()
        } else {
            format!("`{host}:{needed}`")
        };
        findings.push(
            Finding::new(
                &codes::MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL,
                format!("the role trusts `{host}` without a condition on {what}: {who} can assume the role"),
                at,
            )
            .with_help(format!(
                "test the claim, such as `\"StringEquals\": {{\"{host}:{}\": \"...\"}}`",
                if needed.is_empty() { "aud" } else { needed }
            )),
        );
    }
}

/// The claims whose values must pin something.
#[derive(Debug, Clone, Copy)]
enum Claim {
    /// GitHub's `sub`: `repo:OWNER/...` with the owner written out.
    GitHubSub,
    /// Cognito's `aud`: one identity pool, written out.
    CognitoAud,
    /// An EKS cluster's `sub`: `system:serviceaccount:NAMESPACE:...`.
    EksSub,
    /// Any other claim: some literal text before a wildcard.
    Any,
}

/// Whether `value` of a positive test under `op` pins what a token from
/// another tenant cannot have. Values of exact operators are literal (a
/// `*` there admits only itself); under `StringLike` what counts is the
/// literal head before the first wildcard.
fn limits(op: &ConditionOperator, value: &str, claim: Claim) -> bool {
    use crate::condition::BaseOperator;
    // `ArnEquals` matches wildcards as `ArnLike` does.
    if !matches!(
        op.base,
        BaseOperator::StringLike | BaseOperator::ArnLike | BaseOperator::ArnEquals
    ) {
        return true;
    }
    let head = value.split(['*', '?']).next().unwrap_or_default();
    match claim {
        Claim::GitHubSub => head
            .strip_prefix("repo:")
            .and_then(|rest| rest.split_once('/'))
            .is_some_and(|(owner, _)| !owner.is_empty()),
        Claim::CognitoAud => head.len() == value.len(),
        Claim::EksSub => head
            .strip_prefix("system:serviceaccount:")
            .and_then(|rest| crate::action::split_colon(rest))
            .is_some_and(|(namespace, _)| !namespace.is_empty()),
        Claim::Any => !head.is_empty(),
    }
}

/// `sts:AssumeRoleWithSAML` needs a SAML provider and
/// `sts:AssumeRoleWithWebIdentity` an OIDC one, among the principals.
fn mismatched_actions(
    statement: &Statement,
    map: &indexmap::IndexMap<PrincipalKind, crate::OneOrMany<Text>>,
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
        } else if action.eq_ignore_ascii_case("sts:AssumeRole") && federated.is_some() {
            // An identity provider's users come with `...WithSAML` or
            // `...WithWebIdentity`, never plain `AssumeRole`: with only
            // providers named, no one comes this way (review 37).
            (
                map.keys().any(|k| *k != PrincipalKind::Federated),
                "an account, a role, a user or a service (`AWS`, `Service`)",
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
fn roles_anywhere(
    statement: &Statement,
    path: &JsonPath,
    policy: &crate::Policy,
    findings: &mut Vec<Finding>,
) {
    if statement.effect != Effect::Allow {
        return;
    }
    // The three may be allowed by several statements of the policy.
    let missing: Vec<&str> = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
        .into_iter()
        .filter(|wanted| !allowed_to_same(policy, statement, wanted))
        .collect();
    if missing.is_empty() {
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
