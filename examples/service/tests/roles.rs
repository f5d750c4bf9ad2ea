//! Each role of the web service allows exactly what its documentation
//! says, among every action of the services it touches.

use ecs_authorizer_example::exactly::{actions_of, assert_allows_exactly};
use ecs_authorizer_example::{Authorizer, Role};

const BUCKET: &str = "arn:aws:s3:::111122223333-web-assets";
const OBJECT: &str = "arn:aws:s3:::111122223333-web-assets/logo.png";
const OTHER_BUCKET: &str = "arn:aws:s3:::111122223333-billing";
const OTHER_OBJECT: &str = "arn:aws:s3:::111122223333-billing/2026.csv";

#[test]
fn the_task_role_reads_and_writes_its_assets_only() {
    let authorizer = Authorizer::new().unwrap();
    let actions = actions_of(&["s3"]);
    let resources = [BUCKET, OBJECT, OTHER_BUCKET, OTHER_OBJECT];
    // Over TLS: list the bucket, read and write its objects.
    assert_allows_exactly(
        authorizer.policies(Role::Task),
        &actions,
        &resources,
        |action, resource| Authorizer::request(Role::Task, action, resource, true, &[]),
        &[
            ("s3:ListBucket", BUCKET),
            ("s3:GetObject", OBJECT),
            ("s3:PutObject", OBJECT),
        ],
    );
    // Without TLS: nothing.
    assert_allows_exactly(
        authorizer.policies(Role::Task),
        &actions,
        &resources,
        |action, resource| Authorizer::request(Role::Task, action, resource, false, &[]),
        &[],
    );
}

#[test]
fn the_execution_role_pulls_logs_and_reads_its_secret() {
    let authorizer = Authorizer::new().unwrap();
    let actions = actions_of(&["ecr", "logs", "secretsmanager"]);
    let stream = "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:log-stream:web/app/1";
    let other_stream = "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/billing:log-stream:1";
    let secret = "arn:aws:secretsmanager:us-east-1:111122223333:secret:web/db-AbCdEf";
    let other_secret = "arn:aws:secretsmanager:us-east-1:111122223333:secret:billing/db-AbCdEf";
    let repository = "arn:aws:ecr:us-east-1:111122223333:repository/web";
    let resources = [stream, other_stream, secret, other_secret, repository];
    let mut documented = Vec::new();
    // AmazonECSTaskExecutionRolePolicy: ECR pulls and log events on `*`.
    for action in [
        "ecr:GetAuthorizationToken",
        "ecr:BatchCheckLayerAvailability",
        "ecr:GetDownloadUrlForLayer",
        "ecr:BatchGetImage",
        "logs:PutLogEvents",
    ] {
        for resource in resources {
            documented.push((action, resource));
        }
    }
    // `except logs:CreateLogStream`, then only in the service's log group.
    documented.push(("logs:CreateLogStream", stream));
    documented.push(("secretsmanager:GetSecretValue", secret));
    assert_allows_exactly(
        authorizer.policies(Role::Execution),
        &actions,
        &resources,
        |action, resource| Authorizer::request(Role::Execution, action, resource, true, &[]),
        &documented,
    );
}

#[test]
fn a_denial_says_why() {
    let answer = Authorizer::new()
        .unwrap()
        .may(Role::Task, "s3:PutObject", OBJECT, false, &[]);
    assert!(!answer.allowed());
    let text = answer.to_string();
    assert!(
        text.starts_with("EXPLICIT_DENY for role web-task: a Deny statement applies"),
        "{text}"
    );
    assert!(text.contains("WebTask"), "{text}");
    let answer =
        Authorizer::new()
            .unwrap()
            .may(Role::Task, "s3:GetObject", OTHER_OBJECT, true, &[]);
    let text = answer.to_string();
    assert!(
        text.contains("closest:") && text.contains("Resource"),
        "{text}"
    );
}

#[test]
#[should_panic(expected = "documented, not allowed: s3:DeleteObject")]
fn the_helper_reports_what_differs() {
    let authorizer = Authorizer::new().unwrap();
    let actions = actions_of(&["s3"]);
    assert_allows_exactly(
        authorizer.policies(Role::Task),
        &actions,
        &[OBJECT],
        |action, resource| Authorizer::request(Role::Task, action, resource, true, &[]),
        &[("s3:GetObject", OBJECT), ("s3:DeleteObject", OBJECT)],
    );
}

#[test]
fn another_accounts_resources_need_their_own_policy() {
    // The execution role's ECR pulls are on `*`, but an image in another
    // account also needs that repository's policy to allow the role.
    let answer = Authorizer::new().unwrap().may(
        Role::Execution,
        "ecr:BatchGetImage",
        "arn:aws:ecr:us-east-1:999999999999:repository/shared",
        true,
        &[],
    );
    assert!(!answer.allowed());
    assert!(answer.to_string().contains("another account"), "{answer}");
}
