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

/// What a format hands over as a float has lost its text: refused, so the
/// serde path never decides otherwise than `parse_request` on the same
/// text. Integers are exact; a number kept as text (serde_json's
/// `arbitrary_precision` form) is read as written.
#[test]
fn context_numbers_are_exact_or_refused() {
    let with = |number: &str| {
        format!(r#"{{"action": "ecs:RunTask", "resource": "*", "context": {{"k:n": {number}}}}}"#)
    };
    for float in ["7.50", "1e3", "123456789012345678901", "-0.0"] {
        let text = with(float);
        assert!(
            serde_json::from_str::<Request<'static>>(&text).is_err(),
            "{float}"
        );
        assert!(
            polc_evaluator::json::parse_request(&text).is_ok(),
            "{float}"
        );
    }
    for integer in ["7", "-5", "18446744073709551615"] {
        let text = with(integer);
        let request: Request<'static> = serde_json::from_str(&text).unwrap();
        let parsed = polc_evaluator::json::parse_request(&text).unwrap();
        assert_eq!(
            request.context_entries().next().unwrap().1,
            parsed.context_entries().next().unwrap().1,
            "{integer}"
        );
    }
    // Without `arbitrary_precision` (as in this build), a map with the
    // private key is the object the input wrote: refused, as
    // `parse_request` refuses it.
    for spoof in ["7.50", "8", "zzz"] {
        let text = format!(
            r#"{{"action": "ecs:RunTask", "resource": "*", "context": {{"k:n": {{"$serde_json::private::Number": "{spoof}"}}}}}}"#
        );
        assert!(
            serde_json::from_str::<Request<'static>>(&text).is_err(),
            "{spoof}"
        );
        assert!(
            polc_evaluator::json::parse_request(&text).is_err(),
            "{spoof}"
        );
    }
    let object = serde_json::json!({"action": "ecs:RunTask", "resource": "*", "context": {"k:n": {"a": "b"}}});
    assert!(serde_json::from_value::<Request<'static>>(object).is_err());
}
