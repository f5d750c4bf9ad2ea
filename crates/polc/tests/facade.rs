//! The facade as a service uses it: the macros expand through it, and
//! what they build goes straight into a `PolicySet`.

#![allow(clippy::unwrap_used, clippy::print_stdout, reason = "tests")]

use polc::{PolicyKind, PolicySet, Request};

#[test]
fn a_macro_policy_decides_through_the_facade() {
    let file = polc::policy! {
        policy Viewer {
            allow ecs:DescribeTasks on "arn:aws:ecs:us-east-1:111122223333:task/prod/*"
        }
    };
    let reader = file.get("Viewer").unwrap();
    let mut set = PolicySet::new();
    set.add(PolicyKind::Identity, &reader.name, &reader.policy)
        .unwrap();
    let alice = "arn:aws:iam::111122223333:user/alice";
    let read = Request::new(
        "ecs:DescribeTasks",
        "arn:aws:ecs:us-east-1:111122223333:task/prod/1",
    )
    .principal(alice);
    assert!(set.evaluate(&read).is_allowed());
}

/// Each block of a `.pol` file goes into a set as the kind its type says:
/// a trust block is the role's resource-based policy; an SCP needs its
/// level.
#[test]
fn blocks_go_into_a_set_as_their_type_says() {
    let file = polc::policy! {
        policy Deployer {
            allow sts:AssumeRole on "arn:aws:iam::111122223333:role/web"
        }
        trust Web {
            allow aws "arn:aws:iam::111122223333:root" to sts:AssumeRole
        }
    };
    let kinds: Vec<_> = file
        .iter()
        .map(|p| PolicyKind::try_from(p.policy_type).unwrap())
        .collect();
    assert_eq!(kinds, [PolicyKind::Identity, PolicyKind::Resource]);
    let set = PolicySet::from_named(file.iter()).unwrap();
    let assume = Request::new("sts:AssumeRole", "arn:aws:iam::111122223333:role/web")
        .principal("arn:aws:iam::111122223333:user/alice");
    assert!(set.evaluate(&assume).is_allowed());

    let guard = polc::NamedPolicy {
        name: "Guard".into(),
        policy_type: polc::PolicyType::Scp,
        policy: polc::Policy::from_json_str(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ecs:DeleteCluster", "Resource": "*"}]}"#,
            polc::PolicyType::Scp,
        )
        .unwrap(),
    };
    let refused = PolicySet::builder().named(&guard).build().unwrap_err();
    assert!(refused.message.contains("PolicyKind::Scp"), "{refused}");
    let set = PolicySet::builder()
        .scp(0, &guard.name, &guard.policy)
        .build()
        .unwrap();
    assert!(!set.evaluate(&assume).is_allowed());
}
