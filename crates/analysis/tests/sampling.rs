#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "tests"
)]
//! The engine against the evaluator, by sampling: random policy pairs
//! from a small vocabulary, and every request of a grid over the same
//! vocabulary decided by the evaluator on both sides. A request one side
//! allows and the other does not is in a region of that change (decided
//! or undecided); a request in a decided region is decided as the region
//! says. Exact both ways.

use polc_analysis::{Layer, Principal};
use polc_catalog::Reference;
use polc_evaluator::{ALWAYS_SENT_KEYS, Decision, PolicySet, Request};
use polc_model::{Policy, PolicyType};
use proptest::prelude::*;

const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:Get*",
    "s3:*",
    "ecs:RunTask",
    "*",
    "S3:getobject",
    "s3:Zq*",
    "s3:Zq?*",
    "newsvc:*",
    "*:Get*",
];
const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:s3:::b/*",
    "arn:aws:s3:::b/x",
    "arn:aws:s3:::*",
    "arn:aws:s3:::b?/*",
    "arn:aws:s3:::b*",
    "arn:aws:ecs:*:*:task/*",
    "arn:aws:*:us-*-1:*:*",
];
const CONDITIONS: &[&str] = &[
    r#"{"StringEquals": {"aws:RequestTag/k1": "a"}}"#,
    r#"{"StringLike": {"aws:RequestTag/k1": "a*"}}"#,
    r#"{"StringNotEquals": {"aws:RequestTag/k1": "a"}}"#,
    r#"{"StringEqualsIfExists": {"aws:RequestTag/k1": "b"}}"#,
    r#"{"StringNotLike": {"aws:RequestTag/k2": "*x"}}"#,
    r#"{"StringEqualsIgnoreCase": {"aws:RequestTag/k2": "YX"}}"#,
    r#"{"Null": {"aws:RequestTag/k1": "true"}}"#,
    r#"{"Null": {"aws:RequestTag/k2": "false"}}"#,
    r#"{"Null": {"aws:RequestTag/k2": ["true", "false"]}}"#,
    r#"{"StringLike": {"aws:RequestTag/k1": ["b", "a?"]}, "StringNotEquals": {"aws:RequestTag/k2": "x"}}"#,
    r#"{"NumericLessThan": {"test:n": "5"}}"#,
    r#"{"Bool": {"aws:SecureTransport": "true"}}"#,
    r#"{"Bool": {"aws:SecureTransport": "FALSE"}}"#,
    r#"{"BoolIfExists": {"aws:SecureTransport": "false"}}"#,
    r#"{"Bool": {"aws:SecureTransport": ["true", "false"]}}"#,
];

const REQUEST_ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "ecs:RunTask",
    "s3:GetBucketAcl",
    "s3:Zq",
    "s3:Zqa",
    "newsvc:Get",
    "newsvc:Put",
    "other:GetThing",
    "other:Put",
];
const REQUEST_RESOURCES: &[&str] = &[
    "arn:aws:s3:::b/x",
    "arn:aws:s3:::b/y",
    "arn:aws:s3:::c/x",
    "arn:aws:s3:::bb/x",
    "arn:aws:ecs:us-east-1:111122223333:task/t",
    "arn:aws:ecs:eu-west-1:111122223333:task/t",
    "*",
];
/// The empty string too: under `Null` it is undecided (review 51).
const K1: &[Option<&str>] = &[None, Some("a"), Some("ab"), Some("b"), Some("")];
const K2: &[Option<&str>] = &[None, Some("x"), Some("yx"), Some("Yx"), Some("")];
const N: &[Option<&str>] = &[None, Some("3")];
/// `aws:SecureTransport` is in every request AWS receives (the evaluator
/// reads a request without it as one whose value it does not know).
const B: &[Option<&str>] = &[Some("true"), Some("False"), Some("yes")];

/// The same engine on numbers, dates, IP addresses and ARNs (keys the
/// catalog types so), with values that do not parse, IPv4-mapped
/// addresses, and ARNs on which the `Arn` operators' and the `Resource`
/// element's rules differ.
const TYPED_ACTIONS: &[&str] = &["s3:GetObject", "s3:*"];
const TYPED_RESOURCES: &[&str] = &["*", "arn:aws:s3:::b/*"];
const TYPED_CONDITIONS: &[&str] = &[
    r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "10"}}"#,
    r#"{"NumericGreaterThanEquals": {"aws:MultiFactorAuthAge": "9.5"}}"#,
    r#"{"NumericNotEquals": {"aws:MultiFactorAuthAge": "10"}}"#,
    r#"{"NumericEquals": {"aws:MultiFactorAuthAge": ["3", "10.0"]}}"#,
    r#"{"NumericLessThanEqualsIfExists": {"aws:MultiFactorAuthAge": "5"}}"#,
    r#"{"DateLessThan": {"aws:CurrentTime": "2027-01-01"}}"#,
    r#"{"DateGreaterThan": {"aws:CurrentTime": "2026-06-01T00:00:00Z"}}"#,
    r#"{"DateNotEquals": {"aws:CurrentTime": "1767225600"}}"#,
    r#"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#,
    r#"{"NotIpAddress": {"aws:SourceIp": "203.0.113.128/25"}}"#,
    r#"{"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}}"#,
    r#"{"NotIpAddressIfExists": {"aws:SourceIp": "10.0.0.0/8"}}"#,
    r#"{"ArnLike": {"ecs:cluster": "arn:aws:sns:*:111122223333:t-*"}}"#,
    r#"{"ArnNotLike": {"ecs:cluster": "arn:aws:sns:us-east-1:*:*"}}"#,
    r#"{"ArnEquals": {"ecs:cluster": "arn:aws:sns:us-east-1:111122223333:t-1"}}"#,
    r#"{"ArnLike": {"ecs:cluster": "arn:aws:sns:*:*:*:x"}}"#,
    r#"{"ArnNotEquals": {"ecs:cluster": "arn:aws:sns:*:*:*:x"}}"#,
    r#"{"ArnLikeIfExists": {"ecs:cluster": "arn:aws:s3:::b/*"}}"#,
];
const TYPED_KEYS: &[(&str, &[&str])] = &[
    ("aws:MultiFactorAuthAge", &["3", "9.7", "10", "abc"]),
    (
        "aws:CurrentTime",
        &[
            "2026-01-01T00:00:00Z",
            "2026-12-06T00:00:00Z",
            "2027-03-01",
            "soon",
        ],
    ),
    (
        "aws:SourceIp",
        &[
            "203.0.113.5",
            "203.0.113.200",
            "10.1.2.3",
            "2001:db8::1",
            "::ffff:203.0.113.5",
            "bad",
        ],
    ),
    (
        "ecs:cluster",
        &[
            "arn:aws:sns:us-east-1:111122223333:t-1",
            "arn:aws:sns:eu-west-1:111122223333:t-2",
            "arn:aws:sns:a:b:c:x",
            "arn:aws:sns:a:b:c:d:x",
            "arn:aws:sns:us:east-1:111122223333:t-1",
            "not-an-arn",
        ],
    ),
];

fn statement() -> impl Strategy<Value = String> {
    statement_of(ACTIONS, RESOURCES, CONDITIONS)
}

fn statement_of(
    actions: &'static [&'static str],
    resources: &'static [&'static str],
    conditions: &'static [&'static str],
) -> impl Strategy<Value = String> {
    (
        prop::bool::weighted(0.75),
        prop::bool::weighted(0.2),
        prop::collection::vec(prop::sample::select(actions), 1..3),
        prop::bool::weighted(0.2),
        prop::collection::vec(prop::sample::select(resources), 1..3),
        prop::option::weighted(0.7, prop::sample::select(conditions)),
    )
        .prop_map(
            |(allow, not_action, actions, not_resource, resources, condition)| {
                let list = |v: &[&str]| serde_json::to_string(v).unwrap();
                let mut s = format!(
                    r#"{{"Effect": "{}", "{}": {}, "{}": {}"#,
                    if allow { "Allow" } else { "Deny" },
                    if not_action { "NotAction" } else { "Action" },
                    list(&actions),
                    if not_resource {
                        "NotResource"
                    } else {
                        "Resource"
                    },
                    list(&resources),
                );
                if let Some(c) = condition {
                    s.push_str(&format!(r#", "Condition": {c}"#));
                }
                s.push('}');
                s
            },
        )
}

fn policy() -> impl Strategy<Value = String> {
    document(statement())
}

fn typed_policy() -> impl Strategy<Value = String> {
    document(statement_of(
        TYPED_ACTIONS,
        TYPED_RESOURCES,
        TYPED_CONDITIONS,
    ))
}

fn document(statement: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    prop::collection::vec(statement, 1..4).prop_map(|statements| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
            statements.join(", ")
        )
    })
}

fn requests() -> Vec<Request<'static>> {
    let mut out = Vec::new();
    for action in REQUEST_ACTIONS {
        for resource in REQUEST_RESOURCES {
            for k1 in K1 {
                for k2 in K2 {
                    for n in N {
                        for b in B {
                            let mut r = Request::new(*action, *resource)
                                .principal("arn:aws:iam::111122223333:user/example")
                                .resource_account("111122223333");
                            for (key, value) in [
                                ("aws:RequestTag/k1", k1),
                                ("aws:RequestTag/k2", k2),
                                ("test:n", n),
                                ("aws:SecureTransport", b),
                            ] {
                                if let Some(v) = value {
                                    r.set_context(key, *v);
                                }
                            }
                            out.push(r);
                        }
                    }
                }
            }
        }
    }
    out
}

/// Every request of the typed grid: each key absent or one of its values.
fn typed_requests() -> Vec<Request<'static>> {
    let mut out = Vec::new();
    for action in ["s3:GetObject", "s3:PutObject"] {
        for resource in ["arn:aws:s3:::b/x", "*"] {
            let mut requests = vec![
                Request::new(action, resource)
                    .principal("arn:aws:iam::111122223333:user/example")
                    .resource_account("111122223333"),
            ];
            for (key, values) in TYPED_KEYS {
                let mut next = Vec::new();
                for r in requests {
                    for v in *values {
                        let mut with = r.clone();
                        with.set_context(*key, *v);
                        next.push(with);
                    }
                    // A key AWS always sends is in every request.
                    if !ALWAYS_SENT_KEYS.contains(&key.to_ascii_lowercase().as_str()) {
                        next.push(r);
                    }
                }
                requests = next;
            }
            out.extend(requests);
        }
    }
    out
}

/// Every request in a region of `old` → `new` is decided by the evaluator
/// as the region says, and every request decided differently is in one.
fn check(old: &str, new: &str, requests: &[Request<'static>]) -> Result<(), TestCaseError> {
    check_sets(
        &[(Layer::Identity, old)],
        &[(Layer::Identity, new)],
        requests,
    )
}

fn principal(side: &[(Layer, Policy)]) -> Principal<'_> {
    side.iter().fold(Principal::default(), |p, (l, policy)| {
        p.with(*l, "p", policy)
    })
}

fn refs(side: &[(Layer, String)]) -> Vec<(Layer, &str)> {
    side.iter().map(|(l, t)| (*l, t.as_str())).collect()
}

/// [`check`] for principals with several policies, each at its layer.
fn check_sets(
    old: &[(Layer, &str)],
    new: &[(Layer, &str)],
    requests: &[Request<'static>],
) -> Result<(), TestCaseError> {
    let read = |side: &[(Layer, &str)]| -> Vec<(Layer, Policy)> {
        side.iter()
            .map(|(l, t)| (*l, Policy::from_json_str(t, PolicyType::Identity).unwrap()))
            .collect()
    };
    let (old_p, new_p) = (read(old), read(new));
    let set = |side: &[(Layer, Policy)]| {
        side.iter()
            .fold(PolicySet::builder(), |b, (l, p)| match l {
                Layer::Identity => b.identity("p", p),
                Layer::Boundary => b.boundary("b", p),
                Layer::Scp(level) => b.scp(*level, "s", p),
                _ => b.session("x", p),
            })
            .build()
            .unwrap()
    };
    let (old_s, new_s) = (set(&old_p), set(&new_p));
    let (old, new) = (format!("{old:?}"), format!("{new:?}"));
    let diff = polc_analysis::diff_sets(
        &principal(&old_p),
        &principal(&new_p),
        Reference::embedded(),
    )
    .unwrap();
    use polc_analysis::Change;
    for request in requests {
        let request = request.clone();
        // What each side allows, then what each denies explicitly.
        for (decision, added, removed, lists) in [
            (
                Decision::Allow,
                Change::Added,
                Change::Removed,
                [&diff.added, &diff.removed],
            ),
            (
                Decision::ExplicitDeny,
                Change::DenyAdded,
                Change::DenyRemoved,
                [&diff.deny_added, &diff.deny_removed],
            ),
        ] {
            let change = match (
                old_s.evaluate(&request) == decision,
                new_s.evaluate(&request) == decision,
            ) {
                (false, true) => Some(added),
                (true, false) => Some(removed),
                _ => None,
            };
            let decided = lists
                .iter()
                .flat_map(|l| l.iter())
                .find(|r| r.contains(&request));
            if let Some(region) = decided {
                prop_assert_eq!(
                    Some(region.change),
                    change,
                    "{:?} is in {:?}\nold {}\nnew {}",
                    request,
                    region,
                    old,
                    new
                );
            }
            if let Some(change) = change {
                let covered = decided.is_some()
                    || diff
                        .undecided
                        .iter()
                        .any(|r| r.change == change && r.contains(&request));
                prop_assert!(
                    covered,
                    "{:?} ({:?}) is in no region: {:?}\nold {}\nnew {}",
                    request,
                    change,
                    diff,
                    old,
                    new
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    #[test]
    fn regions_are_exactly_where_the_evaluator_differs(old in policy(), new in policy()) {
        check(&old, &new, &requests())?;
    }

    #[test]
    fn layered_regions_are_exactly_where_the_evaluator_differs(
        old in (policy(), policy(), prop::option::of(policy())),
        new in (policy(), policy(), prop::option::of(policy())),
    ) {
        // An identity policy, a permissions boundary, and an SCP or a
        // session policy.
        let side = |(identity, boundary, limit): &(String, String, Option<String>), scp: bool| {
            let mut out = vec![(Layer::Identity, identity.clone()), (Layer::Boundary, boundary.clone())];
            if let Some(limit) = limit {
                out.push((if scp { Layer::Scp(0) } else { Layer::Session }, limit.clone()));
            }
            out
        };
        let scp = old.0.len() % 2 == 0;
        let (old, new) = (side(&old, scp), side(&new, scp));
        check_sets(&refs(&old), &refs(&new), &requests())?;
    }

    #[test]
    fn typed_regions_are_exactly_where_the_evaluator_differs(old in typed_policy(), new in typed_policy()) {
        check(&old, &new, &typed_requests())?;
    }
}

/// A pattern of hundreds of wildcards still gets an example within the
/// evaluator's limits (found by the outside review: `example` in each
/// `*` made a resource over 2,048 bytes, and the region undecided).
#[test]
fn long_patterns_get_examples_within_the_limits() {
    let long = format!("arn:aws:s3:::b/{}", "*/".repeat(260));
    let doc = |resource: &str| {
        Policy::from_json_str(
            &format!(
                r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "{resource}"}}]}}"#
            ),
            PolicyType::Identity,
        )
        .unwrap()
    };
    let (old, new) = (doc(&long), doc("arn:aws:s3:::c"));
    let diff =
        polc_analysis::diff(&[("old", &old)], &[("new", &new)], Reference::embedded()).unwrap();
    assert!(diff.undecided.is_empty(), "{diff:?}");
    assert_eq!(diff.removed.len(), 1);
    let example = diff.removed[0].example.as_ref().unwrap();
    assert!(example.resource.len() <= 2048);
}
