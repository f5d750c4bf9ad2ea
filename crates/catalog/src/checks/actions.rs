//! `Action` / `NotAction` entries against the reference.

use polc_model::{ActionPattern, Finding, JsonPath, Location, Statement};

use super::{Resolved, codes};
use crate::reference::{LegacyService, Reference};

/// Checks each entry of the statement's `Action` or `NotAction`.
pub(super) fn check(
    statement: &Statement,
    resolved: &Resolved<'_>,
    path: &JsonPath,
    reference: &Reference,
    findings: &mut Vec<Finding>,
) {
    let element = &statement.action;
    for (i, entry) in element.values.iter().enumerate() {
        // An entry that names an action is fine; only the others are looked at.
        if resolved.get(i).is_some_and(Option::is_some) {
            continue;
        }
        let location = || Location::value(element.values.item_path(&path.key(element.key()), i));
        if let Some(finding) = check_entry(entry, reference, location) {
            findings.push(finding);
        }
    }
}

fn check_entry(
    entry: &str,
    reference: &Reference,
    location: impl Fn() -> Location,
) -> Option<Finding> {
    let pattern = match ActionPattern::parse(entry) {
        Ok(pattern) => pattern,
        // A wildcard in the service part (`s3*:Get*`) is IAM's to match
        // across services (WILDCARD_IN_SERVICE_NAME says so); it must
        // still match some action.
        Err(_) if polc_model::action::wildcard_service(entry) => {
            if reference.matches_any(entry) {
                return None;
            }
            return Some(
                Finding::new(
                    &codes::INVALID_ACTION,
                    format!("`{entry}` matches no action of any service"),
                    location(),
                )
                .with_help(
                    "check the spelling; `polc catalog services` lists the service prefixes",
                ),
            );
        }
        Err(error) => {
            let compact: String = entry.chars().filter(|c| !c.is_whitespace()).collect();
            let help = if compact != entry && reference.action(&compact).is_some() {
                format!("did you mean `{compact}`?")
            } else {
                "write actions as `service:Action`, such as `ecs:RunTask`".to_owned()
            };
            return Some(
                Finding::new(
                    &codes::INVALID_ACTION,
                    format!("`{entry}` is not an action: {error}"),
                    location(),
                )
                .with_help(help),
            );
        }
    };
    let ActionPattern::Scoped {
        service: prefix,
        name,
    } = pattern
    else {
        return None;
    };
    let Some(service) = reference.service(prefix) else {
        if let Some(legacy) = legacy_service(reference, prefix).filter(|s| s.retired) {
            return Some(
                Finding::new(
                    &codes::LEGACY_ACTION,
                    format!(
                        "the service `{}` was retired: `{entry}` grants nothing today",
                        legacy.prefix
                    ),
                    location(),
                )
                .with_help("remove the entry"),
            );
        }
        if let Some(policy) = crate::managed::unlisted_service(prefix) {
            return Some(
                Finding::new(
                    &codes::LEGACY_ACTION,
                    format!(
                        "the Service Authorization Reference does not list the service `{prefix}`, though AWS's managed policy {policy} grants its actions: a retired service, or one newer than the reference"
                    ),
                    location(),
                )
                .with_help("check that the service still exists; polc cannot check its actions"),
            );
        }
        let help = match reference.suggest_service(prefix) {
            Some(near) => format!("did you mean `{near}:{name}`?"),
            None => "`polc catalog services` lists the service prefixes".to_owned(),
        };
        return Some(
            Finding::new(
                &codes::INVALID_SERVICE_IN_ACTION,
                format!("`{prefix}` is not an AWS service prefix"),
                location(),
            )
            .with_help(help),
        );
    };
    let known = if pattern.has_wildcard() {
        reference.matches_any(entry)
    } else {
        service.action(name).is_some()
    };
    if known {
        return None;
    }
    if is_legacy(reference, prefix, name) {
        return Some(
            Finding::new(
                &codes::LEGACY_ACTION,
                format!("`{entry}` was in an older edition of the reference and is not in the current one: it grants nothing today"),
                location(),
            )
            .with_help("remove it, or use the action that replaced it"),
        );
    }
    let (message, help) = if pattern.has_wildcard() {
        // A misspelt literal part (`Descrbe*`): the closest prefix of an
        // action name of the same length, with the rest of the pattern.
        let literal_len = name.find(['*', '?']).unwrap_or(name.len());
        let literal = name.get(..literal_len).unwrap_or_default();
        let mut heads: Vec<&str> = service
            .actions
            .iter()
            .flat_map(|a| {
                (literal_len.saturating_sub(1)..=literal_len + 1).filter_map(|n| a.name.get(..n))
            })
            .collect();
        heads.sort_unstable();
        heads.dedup();
        let near = (literal_len >= 3)
            .then(|| polc_model::suggest::closest(literal, heads.iter().copied()))
            .flatten()
            .map(|head| format!("{head}{}", name.get(literal_len..).unwrap_or_default()));
        (
            format!("`{entry}` matches no action of `{}`", service.prefix),
            match near {
                Some(near) => format!("did you mean `{}:{near}`?", service.prefix),
                None => format!(
                    "`polc catalog actions {}` lists the actions",
                    service.prefix
                ),
            },
        )
    } else {
        let help = match service.suggest_action(name) {
            Some(near) => format!("did you mean `{}:{near}`?", service.prefix),
            None => format!(
                "`polc catalog actions {}` lists the actions",
                service.prefix
            ),
        };
        (format!("the action `{entry}` does not exist"), help)
    };
    // An action only AWS's own policies grant stays an error (a typo in a
    // user's policy must not pass because AWS made the same one; Access
    // Analyzer reports those entries of AWS's policies too), said so.
    let help = match crate::managed::unlisted_action(entry) {
        Some(policy) => format!(
            "{help}; AWS's managed policy {policy} grants `{entry}` too, but the Service Authorization Reference has no such action"
        ),
        None => help,
    };
    Some(Finding::new(&codes::INVALID_ACTION, message, location()).with_help(help))
}

fn legacy_service<'r>(reference: &'r Reference, prefix: &str) -> Option<&'r LegacyService> {
    reference
        .legacy()
        .iter()
        .find(|s| s.prefix.eq_ignore_ascii_case(prefix))
}

fn is_legacy(reference: &Reference, prefix: &str, name: &str) -> bool {
    legacy_service(reference, prefix).is_some_and(|s| {
        s.actions
            .iter()
            .any(|a| polc_model::wildcard::matches_ignore_case(name, a))
    })
}
