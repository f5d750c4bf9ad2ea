//! Condition keys against the reference.

use polc_model::{Finding, JsonPath, Location, Severity, Statement};

use super::codes;
use crate::reference::Reference;

/// Checks every condition key of the statement.
pub(super) fn check(
    statement: &Statement,
    path: &JsonPath,
    reference: &Reference,
    findings: &mut Vec<Finding>,
) {
    let Some(condition) = &statement.condition else {
        return;
    };
    for (op, key, _) in condition.entries() {
        let location = || Location::key(path.condition_key(op, key));
        if let Some(finding) = check_key(key, reference, location) {
            findings.push(finding);
        }
    }
}

/// Checks the key of every policy variable of the statement (in
/// `Resource`, and in String and ARN condition values), as a condition
/// key: a variable of a key that does not exist is replaced by nothing
/// (a `Resource` or value that never matches: an Allow grants nothing, a
/// Deny denies nothing).
pub(super) fn check_variables(
    statement: &Statement,
    path: &JsonPath,
    reference: &Reference,
    findings: &mut Vec<Finding>,
) {
    let mut check_text = |text: &str, location: &dyn Fn() -> Location| {
        let Ok(pieces) = polc_model::variable::parse(text) else {
            return;
        };
        for piece in pieces {
            let polc_model::variable::Piece::Variable(variable) = piece else {
                continue;
            };
            if let Some(mut finding) = check_key(variable.key, reference, location) {
                finding.message = format!(
                    "the policy variable `${{{}}}` names no key IAM knows: {}",
                    variable.key, finding.message
                );
                findings.push(finding);
                // One finding a string.
                return;
            }
        }
    };
    if let Some(resource) = &statement.resource {
        for (i, value) in resource.values.iter().enumerate() {
            if polc_model::variable::has_variable(value) {
                check_text(value, &|| {
                    Location::value(resource.values.item_path(&path.key(resource.key()), i))
                });
            }
        }
    }
    let Some(condition) = &statement.condition else {
        return;
    };
    for (op, key, values) in condition.entries() {
        if !matches!(
            op.base.family(),
            polc_model::condition::OperatorFamily::String
                | polc_model::condition::OperatorFamily::Arn
        ) {
            continue;
        }
        for (i, value) in values.iter().enumerate() {
            let text = value.as_text();
            if polc_model::variable::has_variable(text) {
                check_text(text, &|| {
                    Location::value(values.item_path(&path.condition_key(op, key), i))
                });
            }
        }
    }
}

fn check_key(key: &str, reference: &Reference, location: impl Fn() -> Location) -> Option<Finding> {
    let (prefix, _) = polc_model::action::split_colon(key)?;
    if prefix.eq_ignore_ascii_case("aws") {
        if reference.global_key(key).is_some() {
            return None;
        }
        let known = reference
            .global_keys()
            .iter()
            .map(|k| k.name)
            .chain(crate::reference::EXTRA_GLOBAL_KEYS.iter().map(|(k, _)| *k));
        let help = match polc_model::suggest::closest(key, known) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "use a global condition key as AWS spells it, such as `aws:SourceIp` or `aws:PrincipalTag/team`".to_owned(),
        };
        return Some(
            Finding::new(
                &codes::INVALID_GLOBAL_CONDITION_KEY,
                format!("`{key}` is not a global condition key"),
                location(),
            )
            .with_help(help),
        );
    }
    // Keys of identity providers (`accounts.google.com:sub`, `saml:aud`)
    // are not services' keys: only keys of known services are checked. A
    // prefix without a dot that is no service, no provider and no service
    // AWS's own policies use is a typo.
    let Some(service) = reference.service(prefix) else {
        let provider = prefix.contains('.') || prefix.eq_ignore_ascii_case("saml");
        if provider {
            return None;
        }
        let source = crate::managed::unlisted_key_prefix(prefix)
            .or_else(|| crate::managed::unlisted_service(prefix));
        if let Some(policy) = source {
            return Some(
                Finding::new(
                    &codes::INVALID_SERVICE,
                    format!("`{key}`: the Service Authorization Reference has no service `{prefix}`, though AWS's managed policy {policy} tests keys of it"),
                    location(),
                )
                .with_help("check the key in the service's documentation; polc knows neither its type nor the actions that take it")
                .with_severity(Severity::Warning),
            );
        }
        let help = match reference.suggest_service(prefix) {
            Some(near) => format!("did you mean `{near}:`?"),
            None => "`polc catalog services` lists the service prefixes".to_owned(),
        };
        return Some(
            Finding::new(
                &codes::INVALID_SERVICE,
                format!(
                    "`{key}`: `{prefix}` is no AWS service prefix, and no identity provider's host"
                ),
                location(),
            )
            .with_help(help),
        );
    };
    if service.condition_key(key).is_some() {
        return None;
    }
    if let Some(policy) = crate::managed::unlisted_key(key) {
        return Some(
            Finding::new(
                &codes::INVALID_SERVICE_CONDITION_KEY,
                format!(
                    "`{key}` is not a condition key of `{}` in the Service Authorization Reference, though AWS's managed policy {policy} tests it",
                    service.prefix
                ),
                location(),
            )
            .with_help("check the key in the service's documentation; polc knows neither its type nor the actions that take it")
            .with_severity(Severity::Warning),
        );
    }
    let help =
        match polc_model::suggest::closest(key, service.condition_keys.iter().map(|k| k.name)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "`polc catalog action {}:ACTION` shows the keys of an action",
                service.prefix
            ),
        };
    Some(
        Finding::new(
            &codes::INVALID_SERVICE_CONDITION_KEY,
            format!("`{key}` is not a condition key of `{}`", service.prefix),
            location(),
        )
        .with_help(help),
    )
}
