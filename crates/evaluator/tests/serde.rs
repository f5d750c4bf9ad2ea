//! The `serde` feature: decisions and explanations as JSON.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, reason = "tests")]

use polc_evaluator::{PolicyKind, PolicySet, PolicySource, Request};

#[test]
fn explanations_serialize() {
    let mut set = PolicySet::new();
    set.add_json(
        PolicyKind::Identity,
        PolicySource {
            name: "p.json",
            text: r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Run", "Effect": "Allow", "Action": "ecs:RunTask", "Resource": "*",
                "Condition": {"StringEquals": {"ecs:cluster": "prod"}}}]}"#,
        },
    )
    .unwrap();
    let request = Request::new("ecs:RunTask", "*")
        .principal("arn:aws:iam::111122223333:user/alice")
        .context("ecs:cluster", "dev");
    let explanation = set.explain(&request);
    let json = serde_json::to_value(&explanation).unwrap();
    assert_eq!(json["decision"], "IMPLICIT_DENY");
    assert_eq!(json["reason"], "NO_IDENTITY_ALLOW");
    let miss = &json["near_misses"][0];
    assert_eq!(miss["statement"]["sid"], "Run");
    assert_eq!(miss["statement"]["kind"], "identity");
    assert_eq!(miss["statement"]["effect"], "Allow");
    assert_eq!(miss["failed"]["element"], "Condition");
    assert_eq!(miss["failed"]["key"], "ecs:cluster");
    assert_eq!(
        serde_json::to_value(set.evaluate(&request)).unwrap(),
        "IMPLICIT_DENY"
    );
}

#[test]
fn requests_deserialize_owned_with_the_same_refusals() {
    let text = br#"{"action": "ecs:RunTask", "resource": "*", "principal": "arn:aws:iam::111122223333:user/alice",
        "context": {"aws:SecureTransport": true, "aws:TagKeys": ["a", "b"], "aws:MultiFactorAuthAge": 30}}"#;
    // From a reader: nothing to borrow from.
    let request: Request<'static> = serde_json::from_reader(&text[..]).unwrap();
    assert_eq!(request.action(), "ecs:RunTask");
    assert_eq!(request.context_entries().count(), 3);
    for bad in [
        r#"{"action": "RunTask", "resource": "*"}"#,
        r#"{"action": "ecs:RunTask", "resource": ""}"#,
        r#"{"action": "ecs:RunTask", "resource": "*", "contxt": {}}"#,
        r#"{"action": "ecs:RunTask", "resource": "*", "context": {"a:b": "1", "A:B": "2"}}"#,
    ] {
        assert!(
            serde_json::from_str::<Request<'static>>(bad).is_err(),
            "{bad}"
        );
    }
}
