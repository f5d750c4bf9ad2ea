//! One failing example per catalog code: the code, the message, the help
//! and the exact span (`«` and `»` mark it in each document).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use polc_tests::unmark;
use policy_model::{PolicyType, Severity};

fn run(code: &str, marked: &str, message: &str, help: &str, severity: Severity) {
    let (text, start, end) = unmark(marked);
    let checked = policy_catalog::check(&text, PolicyType::Identity);
    let found: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.code.name == code)
        .collect();
    assert_eq!(found.len(), 1, "{code}: {:#?}", checked.findings);
    let finding = found[0];
    assert_eq!(finding.message, message, "{code}");
    assert_eq!(finding.help.as_deref(), Some(help), "{code}");
    assert_eq!(finding.severity, severity, "{code}");
    let span = finding.location.span.unwrap();
    assert_eq!(
        (span.start, span.end),
        (start, end),
        "{code}: underlined `{}`",
        &text[span.start..span.end]
    );
}

fn statement(body: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", {body}}}]}}"#)
}

#[test]
fn invalid_service_in_action() {
    run(
        "INVALID_SERVICE_IN_ACTION",
        &statement(r#""Action": ["ecs:ListClusters", «"ecss:RunTask"»], "Resource": "*""#),
        "`ecss` is not an AWS service prefix",
        "did you mean `ecs:RunTask`?",
        Severity::Error,
    );
}

#[test]
fn invalid_action() {
    run(
        "INVALID_ACTION",
        &statement(r#""Action": «"ecs:DescribeCluster"», "Resource": "*""#),
        "the action `ecs:DescribeCluster` does not exist",
        "did you mean `ecs:DescribeClusters`?",
        Severity::Error,
    );
    run(
        "INVALID_ACTION",
        &statement(r#""Action": ["iam:GetRole", «"iam: PassRole"»], "Resource": "*""#),
        "`iam: PassRole` is not an action: a space cannot appear in an action",
        "did you mean `iam:PassRole`?",
        Severity::Error,
    );
    run(
        "INVALID_ACTION",
        &statement(r#""NotAction": «"ecs:Descibe*"», "Resource": "*""#),
        "`ecs:Descibe*` matches no action of `ecs`",
        "`polc catalog actions ecs` lists the actions",
        Severity::Error,
    );
}

#[test]
fn actions_are_case_insensitive() {
    let text = statement(r#""Action": ["ECS:runtask", "ecs:describe*"], "Resource": "*""#);
    assert!(
        policy_catalog::check(&text, PolicyType::Identity)
            .findings
            .is_empty()
    );
}

#[test]
fn legacy_action() {
    run(
        "LEGACY_ACTION",
        &statement(r#""Action": «"deeplens:ListDevices"», "Resource": "*""#),
        "the service `deeplens` was retired: `deeplens:ListDevices` grants nothing today",
        "remove the entry",
        Severity::Warning,
    );
    run(
        "LEGACY_ACTION",
        &statement(r#""Action": «"account:GetChallengeQuestions"», "Resource": "*""#),
        "`account:GetChallengeQuestions` was in an older edition of the reference and is not in the current one: it grants nothing today",
        "remove it, or use the action that replaced it",
        Severity::Warning,
    );
}

#[test]
fn invalid_service_condition_key() {
    run(
        "INVALID_SERVICE_CONDITION_KEY",
        &statement(
            r#""Action": "ecs:RunTask", "Resource": "*", "Condition": {"ArnEquals": {«"ecs:clusters"»: "arn:aws:ecs:us-east-1:123456789012:cluster/prod"}}"#,
        ),
        "`ecs:clusters` is not a condition key of `ecs`",
        "did you mean `ecs:cluster`?",
        Severity::Error,
    );
}

#[test]
fn invalid_global_condition_key() {
    run(
        "INVALID_GLOBAL_CONDITION_KEY",
        &statement(
            r#""Action": "ecs:RunTask", "Resource": "*", "Condition": {"Bool": {«"aws:SecureTransports"»: "true"}}"#,
        ),
        "`aws:SecureTransports` is not a global condition key",
        "did you mean `aws:SecureTransport`?",
        Severity::Error,
    );
}

#[test]
fn tag_keys_and_provider_keys_are_accepted() {
    let text = statement(
        r#""Action": "ecs:RunTask", "Resource": "*", "Condition": {
            "StringEquals": {"aws:PrincipalTag/team": "web", "ecs:ResourceTag/env": "prod", "aws:RequestTag/x": "y",
                             "accounts.google.com:aud": "x", "s3:ExistingObjectTag/k": "v"}}"#,
    );
    let findings = policy_catalog::check(&text, PolicyType::Identity).findings;
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn missing_qualifier_knows_service_keys_from_the_catalog() {
    run(
        "MISSING_QUALIFIER",
        &statement(
            r#""Action": "ecs:CreateService", "Resource": "*", "Condition": {"ArnEquals": {«"ecs:capacity-provider"»: "arn:aws:ecs:us-east-1:123456789012:capacity-provider/x"}}"#,
        ),
        "`ecs:capacity-provider` is multivalued: `ArnEquals` without `ForAllValues:` or `ForAnyValue:` does not say how its values are compared",
        "write `ForAllValues:ArnEquals` (every value in the request must match) or `ForAnyValue:ArnEquals` (at least one must)",
        Severity::Error,
    );
}

#[test]
fn every_catalog_code_has_a_case_here() {
    let source = include_str!("catalog_checks.rs");
    for code in policy_catalog::checks::codes::ALL {
        assert!(
            source.contains(&format!("\"{}\"", code.name)),
            "no failing example for {}",
            code.name
        );
    }
}
