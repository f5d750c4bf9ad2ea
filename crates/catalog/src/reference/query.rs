//! Questions asked of the reference: wildcard expansion, access levels,
//! "did you mean".

use polc_model::suggest::closest;
use polc_model::wildcard::has_wildcard;
use polc_model::wildcard::matches_ignore_case;

use super::{AccessLevel, Action, Reference, Service};

impl Reference {
    /// The actions an `Action` entry (`ecs:Describe*`, `ecs:RunTask`, `*`)
    /// matches, in service then name order. Case-insensitive, as IAM is.
    /// An entry without a colon (other than `*`) matches nothing.
    pub fn expand(&self, pattern: &str) -> Vec<(&Service, &Action)> {
        let (service_pattern, name_pattern) = match polc_model::action::split_colon(pattern) {
            Some(parts) => parts,
            None if pattern.chars().all(|c| c == '*') && !pattern.is_empty() => ("*", "*"),
            None => return Vec::new(),
        };
        if !has_wildcard(pattern) {
            return self.action(pattern).into_iter().collect();
        }
        let services: Vec<&Service> = if has_wildcard(service_pattern) {
            self.services()
                .filter(|(prefix, _)| matches_ignore_case(service_pattern, prefix))
                .filter_map(|(prefix, _)| self.service(prefix))
                .collect()
        } else {
            self.service(service_pattern).into_iter().collect()
        };
        // `Describe*`, `*`: a prefix, compared without the general matcher.
        let prefix = name_pattern
            .strip_suffix('*')
            .filter(|head| head.is_ascii() && !has_wildcard(head));
        let matches = move |name: &str| match prefix {
            Some(head) => name
                .get(..head.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(head)),
            None => matches_ignore_case(name_pattern, name),
        };
        services
            .into_iter()
            .flat_map(move |service| {
                service
                    .actions
                    .iter()
                    .filter(move |a| matches(a.name))
                    .map(move |a| (service, a))
            })
            .collect()
    }

    /// Whether an `Action` entry matches at least one action (the cheap
    /// form of `!expand(pattern).is_empty()`).
    pub fn matches_any(&self, pattern: &str) -> bool {
        match polc_model::action::split_colon(pattern) {
            Some((prefix, name)) if !has_wildcard(prefix) => {
                self.service(prefix).is_some_and(|service| {
                    service
                        .actions
                        .iter()
                        .any(|a| matches_ignore_case(name, a.name))
                })
            }
            _ => !self.expand(pattern).is_empty(),
        }
    }

    /// A known service prefix close to `prefix`.
    pub fn suggest_service(&self, prefix: &str) -> Option<&'static str> {
        let wanted = prefix.trim();
        self.services()
            .map(|(p, _)| p)
            .find(|p| p.eq_ignore_ascii_case(wanted))
            .or_else(|| closest(wanted, self.services().map(|(p, _)| p)))
    }
}

impl Service {
    /// The actions of the given access level.
    pub fn actions_at(&self, level: AccessLevel) -> impl Iterator<Item = &Action> {
        self.actions.iter().filter(move |a| a.access_level == level)
    }

    /// A known action name close to `name` (a missing or extra letter, a
    /// plural, letters swapped).
    pub fn suggest_action(&self, name: &str) -> Option<&'static str> {
        let wanted = name.trim();
        closest(wanted, self.actions.iter().map(|a| a.name))
    }
}
