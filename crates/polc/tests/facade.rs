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
