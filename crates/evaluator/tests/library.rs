//! The evaluator as a Rust service uses it (issue 18): context values of
//! Rust types, owned requests that cross threads, and requests that are
//! not well formed never allowed.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use std::borrow::Cow;
use std::sync::Arc;

use polc_evaluator::{
    ContextValue, Decision, PolicyKind, PolicySet, PolicySource, Reason, Request,
};

const ALICE: &str = "arn:aws:iam::111122223333:user/alice";

fn set(statement: &str) -> PolicySet {
    let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}]}}"#);
    let mut set = PolicySet::new();
    set.add_json(
        PolicyKind::Identity,
        PolicySource {
            name: "p.json",
            text: &text,
        },
    )
    .unwrap();
    set
}

#[test]
fn context_values_of_rust_types() {
    let set = set(
        r#"{"Effect": "Allow", "Action": "ecs:TagResource", "Resource": "*", "Condition": {
            "Bool": {"aws:SecureTransport": "true"},
            "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"},
            "StringEquals": {"aws:RequestedRegion": "eu-west-1"},
            "ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}}"#,
    );
    let region = String::from("eu-west-1");
    let tags = vec![String::from("team"), String::from("env")];
    let decide = |secure: bool, age: u32, keys: ContextValue<'_>| {
        let request = Request::new("ecs:TagResource", "*")
            .principal(ALICE)
            .context("aws:SecureTransport", secure)
            .context("aws:MultiFactorAuthAge", age)
            .context("aws:RequestedRegion", &region)
            .context("aws:TagKeys", keys);
        set.evaluate(&request)
    };
    assert_eq!(decide(true, 60, ContextValue::many(&tags)), Decision::Allow);
    assert_eq!(decide(true, 60, tags.clone().into()), Decision::Allow);
    assert_eq!(
        decide(true, 60, tags.iter().map(String::as_str).collect()),
        Decision::Allow
    );
    assert_eq!(
        decide(false, 60, tags.as_slice().into()),
        Decision::ImplicitDeny
    );
    assert_eq!(
        decide(true, 7200, tags.as_slice().into()),
        Decision::ImplicitDeny
    );
    let other = ContextValue::many(["team", "cost-centre"]);
    assert_eq!(decide(true, 60, other), Decision::ImplicitDeny);
    // Signed and wide integers read as their decimal text.
    let request = Request::new("ecs:TagResource", "*")
        .context("k:n", -5_i64)
        .context("k:m", u128::MAX);
    let entries: Vec<_> = request.context_entries().collect();
    assert_eq!(entries[0].1, [Cow::Borrowed("-5")]);
    assert_eq!(entries[1].1[0], u128::MAX.to_string());
}

#[test]
fn an_owned_request_outlives_its_text_and_crosses_threads() {
    let set = Arc::new(set(
        r#"{"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "*"}"#,
    ));
    let owned: Request<'static> = {
        let text = String::from(
            r#"{"action": "ecs:RunTask", "resource": "*", "principal": "arn:aws:iam::111122223333:user/alice", "context": {"aws:SecureTransport": true}}"#,
        );
        polc_evaluator::json::parse_request(&text)
            .unwrap()
            .into_owned()
    };
    let worker = {
        let set = Arc::clone(&set);
        std::thread::spawn(move || set.evaluate(&owned))
    };
    assert_eq!(worker.join().unwrap(), Decision::Allow);
}

#[test]
fn requests_that_are_not_well_formed_are_refused_and_never_allowed() {
    // A policy that allows every action on every resource.
    let set = set(r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#);
    for (action, resource) in [
        ("RunTask", "*"),
        ("", ""),
        (":", "*"),
        ("ecs:", "*"),
        (":RunTask", "*"),
        ("écs:RunTask", "*"),
        ("ecs:Run*", "*"),
        ("ecs:Run?ask", "*"),
        ("ecs:RunTask", ""),
        ("ecs:StopTask ", "*"),
        (" ecs:RunTask", "*"),
        ("ecs:StopTask\0", "*"),
        ("ecs:StopTask\n", "*"),
        ("ecs:StopTask:", "*"),
        ("ecs::StopTask", "*"),
        ("ecs:Stop Task", "*"),
        ("ecs\u{ff1a}RunTask", "*"),
        ("ecs:Run\u{200b}Task", "*"),
        ("ecs:RunTask", "\0"),
        ("ecs:RunTask", " arn:aws:ecs:us-east-1:111122223333:task/a"),
        ("ecs:RunTask", "task/a"),
    ] {
        let error = Request::try_new(action, resource).unwrap_err();
        assert!(
            error.message.contains("not one action")
                || error.message.contains("resource is empty")
                || error.message.contains("neither `*` nor an ARN"),
            "{action:?} {resource:?}: {}",
            error.message
        );
        let request = Request::new(action, resource).principal(ALICE);
        assert_eq!(set.evaluate(&request), Decision::ImplicitDeny, "{action:?}");
        let explanation = set.explain(&request);
        assert_eq!(explanation.reason, Reason::MalformedRequest, "{action:?}");
        assert_eq!(explanation.reason.code(), "MALFORMED_REQUEST");
    }
    let request = Request::try_new("ecs:RunTask", "*")
        .unwrap()
        .principal(ALICE);
    assert_eq!(set.evaluate(&request), Decision::Allow);
    // An S3 object key may hold any character, control characters too.
    let key = Request::try_new("s3:GetObject", "arn:aws:s3:::b/a\tb").unwrap();
    assert!(
        set.evaluate(&key.principal(ALICE).resource_account("111122223333"))
            .is_allowed()
    );
    // Over the limits: refused too.
    assert!(Request::try_new("ecs:RunTask", "a".repeat(5000)).is_err());
}

/// An action with a trailing space is not `ecs:StopTask`: `ecs:*` would
/// match it where the exact `Deny` does not, so it is never allowed.
#[test]
fn a_deny_cannot_be_stepped_around_with_an_odd_action() {
    let set = PolicySet::from_json(
        PolicyKind::Identity,
        "p.json",
        r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "ecs:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "ecs:StopTask", "Resource": "*"}]}"#,
    )
    .unwrap();
    for action in [
        "ecs:StopTask",
        "ecs:StopTask ",
        "ecs:StopTask\t",
        "ecs:StopTask:x",
    ] {
        let request = Request::new(action, "*").principal(ALICE);
        assert!(!set.evaluate(&request).is_allowed(), "{action:?}");
        let line = format!(r#"{{"action": {action:?}, "resource": "*", "principal": "{ALICE}"}}"#);
        assert!(
            polc_evaluator::json::parse_request(&line).is_err() || action == "ecs:StopTask",
            "{line}"
        );
    }
    let other = Request::new("ecs:StartTask", "*").principal(ALICE);
    assert!(set.evaluate(&other).is_allowed());
}

/// Review 41: setting context keys is linear in their number, past the
/// limit too (each new key was looked for among all before it and kept:
/// 200,000 keys took 40 s); the request is refused whatever is set after.
#[test]
fn setting_many_context_keys_is_linear() {
    let build = |n: usize| {
        let keys: Vec<String> = (0..n).map(|i| format!("k:key{i}")).collect();
        let start = std::time::Instant::now();
        let mut request = Request::new("ecs:RunTask", "*").principal(ALICE);
        for key in keys {
            request.set_context(key, "v");
        }
        (start.elapsed(), request)
    };
    let (small, _) = build(20_000);
    let (large, request) = build(80_000);
    assert!(request.check_limits().is_err());
    // Four times the keys: about four times the time, not sixteen.
    assert!(
        large < small * 10,
        "20,000 keys: {small:?}, 80,000: {large:?}"
    );
}

/// Review 41: a role ARN that is not the principal's role (or given before
/// the principal) was dropped silently; the request is now never allowed,
/// and `refusal` says why a request is never allowed, the principal's
/// form included (`try_new` covers only the action and the resource).
#[test]
fn refusals_are_said() {
    let set = set(r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#);
    let session = "arn:aws:sts::111122223333:assumed-role/web/s1";
    let good = Request::new("ecs:RunTask", "*")
        .principal(session)
        .principal_role_arn("arn:aws:iam::111122223333:role/app/web");
    assert!(good.refusal().is_none());
    assert!(set.evaluate(&good).is_allowed());
    for request in [
        Request::new("ecs:RunTask", "*")
            .principal(session)
            .principal_role_arn("arn:aws:iam::111122223333:role/other"),
        Request::new("ecs:RunTask", "*")
            .principal_role_arn("arn:aws:iam::111122223333:role/web")
            .principal(session),
    ] {
        assert!(
            request.refusal().unwrap().contains("principal_role_arn"),
            "{:?}",
            request.refusal()
        );
        assert_eq!(set.explain(&request).reason, Reason::MalformedRequest);
    }
    let odd = Request::new("ecs:RunTask", "*").principal("arn:AWS:iam::111122223333:user/alice");
    assert!(odd.refusal().unwrap().contains("the principal"));
    let replaced = odd.principal(ALICE);
    assert!(replaced.refusal().unwrap().contains("replaced"));
    assert!(!set.evaluate(&replaced).is_allowed());
}

/// A value over the limits, replaced by a shorter one, leaves the request
/// refused; `check_limits` says so, as `evaluate` acts.
#[test]
fn limits_once_exceeded_stay_exceeded() {
    let set = set(r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#);
    let long = "x".repeat(5000);
    let request = Request::new("ecs:RunTask", "*")
        .principal(ALICE)
        .context("k:v", long.as_str())
        .context("k:v", "short");
    assert!(request.check_limits().is_err());
    assert_eq!(set.evaluate(&request), Decision::ImplicitDeny);
    assert_eq!(set.explain(&request).reason, Reason::OverLimits);
}

#[test]
fn borrowed_collections_of_strings_are_values() {
    let tags = vec![String::from("team")];
    let values = ["a", "b"];
    let request = Request::new("ecs:TagResource", "*")
        .context("aws:TagKeys", &tags)
        // A borrowed array, as a caller that keeps it holds it (what
        // the README's readers wrote first).
        .context("aws:RequestTag/team", ContextValue::from(&values));
    let counts: Vec<usize> = request.context_entries().map(|(_, v)| v.len()).collect();
    assert_eq!(counts, [1, 2]);
}

/// `Request::context_unknown`: a key the request may carry with a value
/// it does not give. A condition on it is undecided (`Null` too): an
/// `Allow` does not apply, a `Deny` does. A value given, or one the
/// principal settles (a service's request has no MFA), wins.
#[test]
fn keys_said_unknown_are_undecided_unless_settled() {
    let tagged = set(
        r#"{"Effect":"Allow","Action":"ecs:RunTask","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"web"}}}"#,
    );
    let alice = || {
        Request::new(
            "ecs:RunTask",
            "arn:aws:ecs:us-east-1:111122223333:task-definition/web:1",
        )
        .principal("arn:aws:iam::111122223333:user/alice")
    };
    assert!(
        !tagged
            .evaluate(&alice().context_unknown("aws:resourcetag/TEAM"))
            .is_allowed()
    );
    assert!(
        tagged
            .evaluate(
                &alice()
                    .context_unknown("aws:ResourceTag/team")
                    .context("aws:ResourceTag/team", "web")
            )
            .is_allowed()
    );
    let explanation = tagged.explain(&alice().context_unknown("aws:ResourceTag/team"));
    assert!(explanation.near_misses.iter().any(|m| matches!(
        m.failed,
        polc_evaluator::Failure::Condition {
            undecided: true,
            ..
        }
    )));
    // A Deny on an unknown key applies, `Null` included.
    for condition in [
        r#"{"StringEquals":{"aws:ResourceTag/team":"web"}}"#,
        r#"{"Null":{"aws:ResourceTag/team":"true"}}"#,
        r#"{"Null":{"aws:ResourceTag/team":"false"}}"#,
    ] {
        let denied = PolicySet::from_json(
            PolicyKind::Identity,
            "d",
            &format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"ecs:RunTask","Resource":"*"}},{{"Effect":"Deny","Action":"ecs:RunTask","Resource":"*","Condition":{condition}}}]}}"#
            ),
        )
        .unwrap();
        let request = alice().context_unknown("aws:ResourceTag/team");
        assert_eq!(
            denied.evaluate(&request),
            Decision::ExplicitDeny,
            "{condition}"
        );
    }
    // What the principal settles stays settled: a user's name, a
    // service's lack of MFA.
    let named = set(
        r#"{"Effect":"Allow","Action":"ecs:RunTask","Resource":"*","Condition":{"StringEquals":{"aws:username":"alice"}}}"#,
    );
    assert!(
        named
            .evaluate(&alice().context_unknown("aws:username"))
            .is_allowed()
    );
    let trust = PolicySet::from_json(
        PolicyKind::Resource,
        "trust",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
    )
    .unwrap();
    let assume = Request::new("sts:AssumeRole", "arn:aws:iam::111122223333:role/web")
        .principal("ecs-tasks.amazonaws.com")
        .context_unknown("aws:MultiFactorAuthPresent");
    let explanation = trust.explain(&assume);
    assert!(!explanation.decision.is_allowed());
    assert!(explanation.near_misses.iter().all(|m| !matches!(
        m.failed,
        polc_evaluator::Failure::Condition {
            undecided: true,
            ..
        }
    )));
}
