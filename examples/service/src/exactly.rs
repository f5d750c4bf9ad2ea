//! A test helper: does a policy set allow exactly the requests it is
//! documented to allow?
//!
//! The universe of requests is every action of some services (from the
//! catalog, so an action AWS adds is covered the day the catalog has it)
//! on some resources; the documented set lists the `(action, resource)`
//! pairs that must be allowed. Anything else allowed, or anything listed
//! and denied, is a failure that names each pair.

use std::collections::BTreeSet;

use polc::{Decision, PolicySet, Request};

/// Every action of the services `prefixes` (`["s3"]`), as `service:Action`.
///
/// # Panics
/// A prefix the catalog does not know (a mistake in the test).
#[allow(
    clippy::panic,
    reason = "a test helper: a wrong prefix is a broken test"
)]
pub fn actions_of(prefixes: &[&str]) -> Vec<String> {
    let reference = polc::catalog::Reference::embedded();
    prefixes
        .iter()
        .flat_map(|prefix| {
            let Some(service) = reference.service(prefix) else {
                panic!("`{prefix}` is not a service prefix the catalog knows");
            };
            service
                .actions
                .iter()
                .map(move |a| format!("{}:{}", service.prefix, a.name))
        })
        .collect()
}

/// The `(action, resource)` pairs of `actions` × `resources` that `set`
/// allows, each request made by `request`.
pub fn allowed<'a>(
    set: &PolicySet,
    actions: &'a [String],
    resources: &[&'a str],
    request: impl Fn(&'a str, &'a str) -> Request<'a>,
) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for action in actions {
        for resource in resources {
            if set.evaluate(&request(action, resource)) == Decision::Allow {
                out.insert((action.clone(), (*resource).to_owned()));
            }
        }
    }
    out
}

/// Asserts that among `actions` × `resources`, `set` allows exactly
/// `documented` (pairs of action and resource, the action as the catalog
/// spells it).
///
/// # Panics
/// When it does not, listing what is allowed beyond the documented set and
/// what is documented but denied.
#[allow(clippy::panic, reason = "an assertion")]
pub fn assert_allows_exactly<'a>(
    set: &PolicySet,
    actions: &'a [String],
    resources: &[&'a str],
    request: impl Fn(&'a str, &'a str) -> Request<'a>,
    documented: &[(&str, &str)],
) {
    let got = allowed(set, actions, resources, request);
    let want: BTreeSet<(String, String)> = documented
        .iter()
        .map(|(a, r)| ((*a).to_owned(), (*r).to_owned()))
        .collect();
    if got == want {
        return;
    }
    let mut report = String::from("the policy does not allow exactly the documented requests\n");
    for (action, resource) in got.difference(&want) {
        report.push_str(&format!(
            "  allowed, not documented: {action} on {resource}\n"
        ));
    }
    for (action, resource) in want.difference(&got) {
        report.push_str(&format!(
            "  documented, not allowed: {action} on {resource}\n"
        ));
    }
    panic!("{report}");
}
