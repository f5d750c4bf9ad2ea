#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
//! Decisions tied to what AWS documents of one service, checked against
//! the catalog so that the evaluator's lists stay the reference's.

use polc_evaluator::{Decision, PolicyKind, PolicySet, PolicySource, Request};

/// Review 35: a KMS request on `*` is on some key, whose key policy must
/// allow it too, unless the action takes no key (the Service
/// Authorization Reference lists no resource type for it).
#[test]
fn kms_actions_on_any_key_need_a_key_policy() {
    let mut set = PolicySet::new();
    set.add_json(
        PolicyKind::Identity,
        PolicySource {
            name: "allow-kms",
            text: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}"#,
        },
    )
    .unwrap();
    let reference = polc_catalog::Reference::embedded();
    let kms = reference.service("kms").expect("kms in the catalog");
    assert!(kms.actions.len() > 30);
    for action in &kms.actions {
        let name = format!("kms:{}", action.name);
        let request = Request::new(name.as_str(), "*")
            .principal("arn:aws:iam::111122223333:user/alice")
            .resource_account("111122223333");
        let expected = if action.resources.is_empty() {
            Decision::Allow
        } else {
            Decision::ImplicitDeny
        };
        assert_eq!(set.evaluate(&request), expected, "{name}");
    }
}
