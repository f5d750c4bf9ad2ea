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

/// The code, help and related findings of a diagnostic, as a service's
/// reporter reads them.
fn diagnosed(error: &dyn miette::Diagnostic) -> (String, Option<String>, usize) {
    (
        error.code().map(|c| c.to_string()).unwrap_or_default(),
        error.help().map(|h| h.to_string()),
        error.related().map_or(0, Iterator::count),
    )
}

/// Every error a service meets is a `miette::Diagnostic`: a code, help,
/// and the findings (with their spans) as related diagnostics.
#[test]
fn errors_are_diagnostics() {
    let refused = PolicySet::from_json(
        PolicyKind::Identity,
        "p.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "ecs:RunTask", "Resource": "*"}]}"#,
    )
    .unwrap_err();
    let (code, help, related) = diagnosed(&refused);
    assert_eq!(code, "INVALID_EFFECT", "{refused}");
    assert!(help.is_some());
    assert_eq!(related, refused.findings.len());
    let finding = refused.findings.first().unwrap();
    let labels: Vec<_> = miette::Diagnostic::labels(finding).unwrap().collect();
    assert_eq!(labels.len(), 1);

    let syntax = polc::model::json::parse("{\"a\": }").unwrap_err();
    assert_eq!(diagnosed(&syntax).0, "JSON_SYNTAX_ERROR");
    assert_eq!(miette::Diagnostic::labels(&syntax).unwrap().count(), 1);

    let request = Request::try_new("RunTask", "*").unwrap_err();
    assert_eq!(diagnosed(&request).0, "polc::request");

    let compiled = polc::dsl::compile(
        "policy P { allow ecs:DescribeCluster on \"*\" }",
        &polc::dsl::Params::new(),
        polc::catalog::Reference::embedded(),
    )
    .unwrap_err();
    let (code, help, _) = diagnosed(&compiled);
    assert_eq!(code, "INVALID_ACTION", "{compiled}");
    assert!(help.is_some_and(|h| h.contains("ecs:DescribeClusters")));
    assert!(miette::Diagnostic::labels(&compiled).is_some());

    let invalid = polc::Policy::from_json_str("{}", polc::PolicyType::Identity).unwrap_err();
    assert!(diagnosed(&invalid).2 > 0);
}
