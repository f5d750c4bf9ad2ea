#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
//! Fail closed: what the evaluator does not fully understand is refused
//! when added, with the place and the reason, never evaluated as if the
//! part were absent.

use polc_evaluator::{CompileErrorKind, PolicyKind, PolicySet, PolicySource};

fn refuse(kind: PolicyKind, text: &str) -> polc_evaluator::CompileError {
    let mut set = PolicySet::new();
    let err = set
        .add_json(
            kind,
            PolicySource {
                name: "p.json",
                text,
            },
        )
        .expect_err("refused");
    assert!(set.is_empty(), "nothing is added");
    err
}

/// A set with a boundary, the boundary's text, and the refusal of a second.
fn second_boundary() -> (PolicySet, &'static str, polc_evaluator::CompileError) {
    let boundary = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;
    let mut set = PolicySet::new();
    set.add_json(
        PolicyKind::PermissionsBoundary,
        PolicySource {
            name: "b1",
            text: boundary,
        },
    )
    .unwrap();
    let err = set
        .add_json(
            PolicyKind::PermissionsBoundary,
            PolicySource {
                name: "b2",
                text: boundary,
            },
        )
        .unwrap_err();
    (set, boundary, err)
}

/// 300 distinct characters (CJK ideographs).
fn many_distinct_characters() -> String {
    (0..300u32)
        .filter_map(|i| char::from_u32(0x4e00 + i))
        .collect()
}

fn path(err: &polc_evaluator::CompileError) -> String {
    err.path
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

#[test]
fn values_an_operator_cannot_read() {
    for (op, value, words) in [
        ("DateLessThan", "\"soon\"", "is not a date"),
        ("NumericLessThan", "\"ten\"", "is not a number"),
        ("Bool", "\"yes\"", "is not `true` or `false`"),
        (
            "IpAddress",
            "\"10.0.0.0/33\"",
            "is not an IP address or CIDR block",
        ),
        ("BinaryEquals", "\"not base64!\"", "is not base64"),
    ] {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Deny", "Action": "*", "Resource": "*",
                "Condition": {{"{op}": {{"aws:SomeKey": [{value}]}}}}}}]}}"#
        );
        let err = refuse(PolicyKind::Identity, &text);
        assert_eq!(err.kind, CompileErrorKind::ConditionValue, "{op}");
        assert!(err.message.contains(words), "{op}: {}", err.message);
        assert_eq!(
            path(&err),
            format!("Statement[0].Condition.{op}[\"aws:SomeKey\"][0]")
        );
    }
}

#[test]
fn principals_iam_refuses() {
    // Whatever the `Version` (a 2008-10-17 one was let through before).
    for version in [
        r#""Version": "2012-10-17", "#,
        r#""Version": "2008-10-17", "#,
        "",
    ] {
        for principal in [
            r#"{"AWS": "arn:aws:iam::111122223333:role/*"}"#,
            r#"{"AWS": "arn:aws:iam::*:root"}"#,
            r#"{"CanonicalUser": "abc"}"#,
        ] {
            let err = refuse(
                PolicyKind::Resource,
                &format!(
                    r#"{{{version}"Statement": [{{"Effect": "Allow",
                        "Principal": {principal}, "Action": "s3:GetObject", "Resource": "*"}}]}}"#
                ),
            );
            // Validation refuses it (INVALID_PRINCIPAL) before the compiler would.
            assert_eq!(err.kind, CompileErrorKind::Invalid, "{version} {principal}");
            let finding = err
                .findings
                .iter()
                .find(|f| f.code.name == "INVALID_PRINCIPAL")
                .expect("an INVALID_PRINCIPAL finding");
            assert!(
                finding
                    .location
                    .path
                    .to_string()
                    .starts_with("Statement[0].Principal."),
                "{version} {principal}"
            );
        }
    }
}

#[test]
fn non_ascii_actions() {
    let err = refuse(
        PolicyKind::Identity,
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Deny\", \"Action\": [\"ecs:RunTas\u{212a}\"], \"Resource\": \"*\"}]}",
    );
    assert_eq!(err.kind, CompileErrorKind::Action);
    assert_eq!(path(&err), "Statement[0].Action[0]");
}

/// An action entry IAM refuses would match no request: a `Deny` through it
/// denied nothing (review 57), a `NotAction` would allow everything. It is
/// refused, as `polc check` reports it; a wildcard in the service part is
/// IAM's to match, and kept.
#[test]
fn malformed_actions() {
    for (element, entry) in [
        ("Action", "s3GetObject"),
        ("Action", "s3:Get Object"),
        ("Action", "s3:GetObject\\u0000"),
        ("Action", ":GetObject"),
        ("Action", "s3:"),
        ("Action", "s3::GetObject"),
        // Brackets are no character class, and no action has them.
        ("Action", "logs:[ab]"),
        ("NotAction", "s3GetObject"),
    ] {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Deny", "{element}": ["ecs:RunTask", "{entry}"], "Resource": "*"}}]}}"#
        );
        let err = refuse(PolicyKind::Identity, &text);
        assert_eq!(err.kind, CompileErrorKind::ActionForm, "{entry}");
        assert_eq!(path(&err), format!("Statement[0].{element}[1]"), "{entry}");
    }
    let mut set = PolicySet::new();
    set.add_json(
        PolicyKind::Identity,
        PolicySource {
            name: "p.json",
            text: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3*:Get*", "*"], "Resource": "*"}]}"#,
        },
    )
    .expect("a wildcard service part is taken");
}

/// A resource-based statement without `Resource` (Amazon ECR's repository
/// policies) applies to the resource the policy is attached to: the
/// request's. It is not read as a trust policy unless its actions are all
/// `sts:` ones.
#[test]
fn a_resource_policy_without_resource_applies_to_its_resource() {
    use polc_evaluator::{Decision, Request};
    let mut set = PolicySet::new();
    set.add_json(
        PolicyKind::Identity,
        PolicySource {
            name: "bob.json",
            text: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}]}"#,
        },
    )
    .unwrap();
    set.add_json(
        PolicyKind::Resource,
        PolicySource {
            name: "repository.json",
            text: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:user/bob"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}"#,
        },
    )
    .unwrap();
    let repository = "arn:aws:ecr:us-east-1:111122223333:repository/web";
    let bob = "arn:aws:iam::444455556666:user/bob";
    let pull = Request::new("ecr:BatchGetImage", repository).principal(bob);
    assert_eq!(set.evaluate(&pull), Decision::Allow);
    let delete = Request::new("ecr:DeleteRepository", repository).principal(bob);
    assert_eq!(set.evaluate(&delete), Decision::ImplicitDeny);
    // A service that refuses such a policy (S3): refused here too.
    let err = refuse(
        PolicyKind::Resource,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "s3:*"}]}"#,
    );
    assert!(
        err.findings
            .iter()
            .any(|f| f.code.name == "MISSING_RESOURCE"),
        "{err}"
    );
    // The same shape with sts: actions is a trust policy.
    let mut set = PolicySet::new();
    set.add_json(
        PolicyKind::Resource,
        PolicySource {
            name: "trust.json",
            text: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
        },
    )
    .unwrap();
}

/// API Gateway's resource policies shorten the API's ARN: `execute-api:/*`
/// is the policy's own API, so its `Deny` applies to requests for it.
#[test]
fn api_gateway_shorthand_in_its_resource_policy() {
    use polc_evaluator::{Decision, Request};
    let mut set = PolicySet::new();
    set.add_json(
        PolicyKind::Identity,
        PolicySource {
            name: "alice.json",
            text: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}"#,
        },
    )
    .unwrap();
    set.add_json(
        PolicyKind::Resource,
        PolicySource {
            name: "api.json",
            text: r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
            {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
             "Condition": {"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24"]}}}]}"#,
        },
    )
    .unwrap();
    let request = |ip: &'static str| {
        Request::new(
            "execute-api:Invoke",
            "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets",
        )
        .principal("arn:aws:iam::111122223333:user/alice")
        .context("aws:SourceIp", ip)
    };
    assert_eq!(
        set.evaluate(&request("203.0.113.9")),
        Decision::ExplicitDeny
    );
    assert_eq!(set.evaluate(&request("192.0.2.5")), Decision::Allow);
}

#[test]
fn structural_errors_and_set_limits() {
    let err = refuse(
        PolicyKind::Identity,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}]}"#,
    );
    assert_eq!(err.kind, CompileErrorKind::Invalid);
    assert!(err.findings.iter().any(|f| f.code.name == "MISSING_ACTION"));
    let err = refuse(PolicyKind::Identity, "{not json");
    assert!(
        err.findings
            .iter()
            .any(|f| f.code.name == "JSON_SYNTAX_ERROR")
    );
    // Multivalued keys without a set operator are refused by validation.
    let err = refuse(
        PolicyKind::Identity,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",
            "Condition": {"StringEquals": {"aws:TagKeys": "team"}}}]}"#,
    );
    assert!(
        err.findings
            .iter()
            .any(|f| f.code.name == "MISSING_QUALIFIER")
    );

    let (mut set, boundary, err) = second_boundary();
    assert_eq!(err.kind, CompileErrorKind::Set);
    let err = set
        .add_json(
            PolicyKind::Scp { level: 64 },
            PolicySource {
                name: "deep",
                text: boundary,
            },
        )
        .unwrap_err();
    assert_eq!(err.kind, CompileErrorKind::Set);
    assert_eq!(set.len(), 1);
}

/// Issue 12.7: keys that differ only in case in one operator block are the
/// same key twice; which one IAM reads is not documented, so the policy is
/// refused rather than evaluated as two keys (a Deny could be skipped).
#[test]
fn condition_keys_differing_only_in_case() {
    let err = refuse(
        PolicyKind::Identity,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:PrincipalTag/team": "web", "aws:principaltag/TEAM": "ops"}}}]}"#,
    );
    assert_eq!(err.kind, CompileErrorKind::Invalid);
    assert_eq!(
        err.findings[0].code.name,
        "DUPLICATE_KEYS_WITH_DIFFERENT_CASE"
    );
    assert_eq!(
        path(&err),
        "Statement[0].Condition.StringNotEquals[\"aws:principaltag/TEAM\"]"
    );
    // Beyond ASCII too: `ſ` (long s) folds to `s`.
    let err = refuse(
        PolicyKind::Identity,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:PrincipalTag/sx": "web", "aws:PrincipalTag/ſx": "ops"}}}]}"#,
    );
    assert_eq!(
        err.findings[0].code.name,
        "DUPLICATE_KEYS_WITH_DIFFERENT_CASE"
    );
}

/// Issue 12.3: the library never allows a request over the limits.
#[test]
fn requests_over_the_limits_are_not_allowed() {
    use polc_evaluator::{Decision, Request, RequestLimits};
    let mut set = PolicySet::new();
    set.add_json(PolicyKind::Identity, PolicySource { name: "p.json", text: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"# })
    .unwrap();
    let long = format!("arn:aws:s3:::{}", "a".repeat(RequestLimits::ARN));
    let request = Request::new("s3:GetObject", long.as_str());
    assert!(request.check_limits().is_err());
    assert_eq!(set.evaluate(&request), Decision::ImplicitDeny);
    assert_eq!(set.explain(&request).reason.code(), "OVER_LIMITS");
    let ok = Request::new("s3:GetObject", "*");
    assert!(ok.check_limits().is_ok());
}

/// Review of issue 12: a value of more distinct characters than the linear
/// matcher takes (its memory grows as characters × length) is refused.
#[test]
fn values_of_too_many_distinct_characters() {
    let many = many_distinct_characters();
    let err = refuse(
        PolicyKind::Identity,
        &format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*",
            "Condition": {{"StringLike": {{"aws:PrincipalTag/x": "*{many}"}}}}}}]}}"#
        ),
    );
    assert_eq!(err.kind, CompileErrorKind::Pattern);
    assert!(
        err.message.contains("distinct characters"),
        "{}",
        err.message
    );
    let err = refuse(
        PolicyKind::Identity,
        &format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": ["arn:aws:s3:::a", "arn:aws:s3:::*{many}"]}}]}}"#
        ),
    );
    assert_eq!(path(&err), "Statement[0].Resource[1]");
}

/// Every refusal is a finding with the evaluator's code, located in the
/// policy's text (`CompileError::to_findings`): never a borrowed code.
#[test]
fn refusals_as_findings() {
    let cases = [
        (
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
                "Condition": {"DateLessThan": {"aws:CurrentTime": "soon"}}}]}"#,
            "UNREADABLE_CONDITION_VALUE",
            "\"soon\"",
        ),
        (
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:RunTаsk", "Resource": "*"}]}"#,
            "NON_ASCII_ACTION",
            "\"ecs:RunTаsk\"",
        ),
    ];
    for (text, code, underlined) in cases {
        let err = refuse(PolicyKind::Identity, text);
        let findings = err.to_findings(text);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code.name, code);
        let span = findings[0].location.span.expect("located");
        assert_eq!(&text[span.start..span.end], underlined, "{code}");
    }
    let many = many_distinct_characters();
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::*{many}"}}]}}"#
    );
    let err = refuse(PolicyKind::Identity, &text);
    assert_eq!(err.to_findings(&text)[0].code.name, "VALUE_TOO_COMPLEX");
    let (_, boundary, err) = second_boundary();
    assert_eq!(err.to_findings(boundary)[0].code.name, "POLICY_SET_LIMIT");
}

/// Outside review, session 11: a request that contradicts itself — a
/// `resource_account` other than the ARN's, a context value of a key AWS
/// sets itself other than the one the request implies — or whose
/// resource ARN has a wildcard, a space or a capital before its resource
/// part: `parse_request` refuses it, and built by hand it is never
/// allowed (it could pass a `Deny` that tests those keys).
#[test]
fn requests_that_contradict_themselves() {
    use polc_evaluator::json::parse_request;
    use polc_evaluator::{Decision, Request};
    let mut set = PolicySet::new();
    set.add_json(
        PolicyKind::Identity,
        PolicySource {
            name: "p.json",
            text: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                {"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/Admin"}}},
                {"Effect": "Deny", "Action": "sqs:*", "Resource": "arn:aws:sqs:us-east-1:111122223333:q"}]}"#,
        },
    )
    .unwrap();
    let alice = "arn:aws:iam::111122223333:user/alice";
    let session = "arn:aws:sts::111122223333:assumed-role/Admin/s";
    let contradicting = [
        (
            r#""resource": "arn:aws:sqs:us-east-1:111122223333:q", "resource_account": "444455556666""#,
            "resource_account",
        ),
        (
            r#""resource": "*", "context": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/Admin"}"#,
            "aws:PrincipalArn",
        ),
        (
            r#""resource": "*", "context": {"AWS:principalaccount": "444455556666"}"#,
            "AWS:principalaccount",
        ),
        (
            r#""resource": "*", "context": {"aws:PrincipalType": "AssumedRole"}"#,
            "aws:PrincipalType",
        ),
        (
            r#""resource": "*", "context": {"aws:username": "bob"}"#,
            "aws:username",
        ),
        (
            r#""resource": "*", "context": {"aws:username": ["alice", "bob"]}"#,
            "aws:username",
        ),
        (
            r#""resource": "*", "context": {"aws:PrincipalIsAWSService": true}"#,
            "aws:PrincipalIsAWSService",
        ),
        (
            r#""resource": "arn:aws:sqs:us-east-1:111122223333:q", "context": {"aws:ResourceAccount": "444455556666"}"#,
            "aws:ResourceAccount",
        ),
    ];
    for (rest, key) in contradicting {
        let text = format!(r#"{{"principal": "{alice}", "action": "iam:CreateUser", {rest}}}"#);
        let err = parse_request(&text).expect_err(&text);
        assert!(err.message.contains(key), "{text}: {}", err.message);
    }
    // Second outside review: keys AWS leaves out of a request, given.
    for (principal, context) in [
        (session, r#"{"aws:username": "admin"}"#),
        (
            "arn:aws:iam::111122223333:root",
            r#"{"aws:username": "admin"}"#,
        ),
        (
            "arn:aws:iam::111122223333:role/Dev",
            r#"{"aws:username": "admin"}"#,
        ),
        (
            "arn:aws:iam::111122223333:role/Dev",
            r#"{"aws:PrincipalType": "User"}"#,
        ),
        (
            "111122223333",
            r#"{"aws:PrincipalArn": "arn:aws:iam::111122223333:role/Admin"}"#,
        ),
        ("111122223333", r#"{"aws:PrincipalIsAWSService": "true"}"#),
        (
            alice,
            r#"{"aws:PrincipalServiceName": "cloudformation.amazonaws.com"}"#,
        ),
        (alice, r#"{"aws:SourceAccount": "111122223333"}"#),
        (
            session,
            r#"{"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:t"}"#,
        ),
        ("", r#"{"aws:PrincipalAccount": "111122223333"}"#),
        ("*", r#"{"aws:PrincipalType": "User"}"#),
        ("ecs-tasks.amazonaws.com", r#"{"aws:username": "x"}"#),
        // Third outside review: anonymous and service callers have no
        // organization, tags, ARN or account; an anonymous one is no
        // service's call.
        ("", r#"{"aws:PrincipalOrgID": "o-abcdef0123"}"#),
        ("*", r#"{"aws:PrincipalOrgPaths": ["o-a/r-b/"]}"#),
        ("", r#"{"aws:PrincipalTag/team": "web"}"#),
        (
            "",
            r#"{"aws:SourceArn": "arn:aws:s3:::b", "aws:SourceAccount": "444455556666"}"#,
        ),
        ("", r#"{"aws:PrincipalType": "anonymous"}"#),
        (
            "ec2.amazonaws.com",
            r#"{"aws:PrincipalOrgID": "o-abcdef0123"}"#,
        ),
        (
            "sns.amazonaws.com",
            r#"{"aws:PrincipalArn": "arn:aws:iam::111122223333:role/Admin"}"#,
        ),
        (
            "sns.amazonaws.com",
            r#"{"aws:PrincipalAccount": "111122223333"}"#,
        ),
    ] {
        let text = format!(
            r#"{{"principal": "{principal}", "action": "iam:CreateUser", "resource": "*", "context": {context}}}"#
        );
        parse_request(&text).expect_err(&text);
    }
    let anonymous = r#"{"action": "iam:CreateUser", "resource": "*", "context": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/Admin"}}"#;
    parse_request(anonymous).expect_err(anonymous);
    // A role given as the principal acts as a session: its type is implied.
    let role = Request::new("iam:CreateUser", "*").principal("arn:aws:iam::111122223333:role/Dev");
    let mut typed = PolicySet::new();
    typed
        .add_json(
            PolicyKind::Identity,
            PolicySource {
                name: "t.json",
                text: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                    {"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalType": "AssumedRole"}}}]}"#,
            },
        )
        .unwrap();
    assert_eq!(typed.evaluate(&role), Decision::ExplicitDeny);
    // What AWS does set may be repeated: a root's ARN for its account id,
    // a service's own keys.
    for (principal, context) in [
        (
            "111122223333",
            r#"{"aws:PrincipalArn": "arn:aws:iam::111122223333:root", "aws:PrincipalType": "Account"}"#,
        ),
        (
            "ecs-tasks.amazonaws.com",
            r#"{"aws:SourceAccount": "111122223333", "aws:PrincipalIsAWSService": "true"}"#,
        ),
        ("", r#"{"aws:PrincipalType": "Anonymous"}"#),
        (
            "arn:aws:iam::111122223333:user/alice",
            r#"{"aws:PrincipalOrgID": "o-abcdef0123", "aws:PrincipalTag/team": "web"}"#,
        ),
    ] {
        let text = format!(
            r#"{{"principal": "{principal}", "action": "iam:CreateUser", "resource": "*", "context": {context}}}"#
        );
        parse_request(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
    }
    // Policies IAM refuses: a resource entry that is no ARN.
    for (kind, text) in [
        (
            PolicyKind::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "NotResource": "secret-bucket"}]}"#,
        ),
        (
            PolicyKind::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "execute-api:*", "Resource": ["*", "execute-api:/*"]}]}"#,
        ),
        (
            PolicyKind::PermissionsBoundary,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "bucket/secret"}]}"#,
        ),
    ] {
        let err = refuse(kind, text);
        assert_eq!(
            err.kind,
            polc_evaluator::CompileErrorKind::Resource,
            "{text}"
        );
    }
    // Principals no request has: a space, a wildcard, a control character.
    for principal in [
        "arn:aws:iam::111122223333:user/mallory ",
        "arn:aws:iam::111122223333:user/*",
        "arn:aws:iam::111122223333:user/mall?ry",
        "arn:aws:iam::111122223333:user/a\\u0000b",
        "arn:aws:IAM::111122223333:user/a",
    ] {
        let text = format!(
            r#"{{"principal": "{principal}", "action": "iam:CreateUser", "resource": "*"}}"#
        );
        parse_request(&text).expect_err(&text);
    }
    let spaced =
        Request::new("iam:CreateUser", "*").principal("arn:aws:iam::111122223333:user/alice ");
    assert_eq!(set.evaluate(&spaced), Decision::ImplicitDeny);
    // Built by hand, the same requests are never allowed.
    let by_hand = Request::new("iam:CreateUser", "*")
        .principal(alice)
        .context("aws:PrincipalArn", "arn:aws:iam::111122223333:role/Admin");
    assert!(by_hand.contradiction().is_some());
    assert_eq!(set.evaluate(&by_hand), Decision::ImplicitDeny);
    assert_eq!(set.explain(&by_hand).reason.code(), "MALFORMED_REQUEST");
    let queue = Request::new("sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:q")
        .principal("arn:aws:iam::444455556666:user/bob")
        .resource_account("444455556666");
    assert_eq!(set.evaluate(&queue), Decision::ImplicitDeny);
    // Values that agree, and a session's own role with its path, are taken.
    for rest in [
        r#""principal": "arn:aws:iam::111122223333:user/alice", "context": {"aws:username": "alice", "aws:PrincipalAccount": "111122223333", "aws:PrincipalIsAWSService": "False"}"#,
        r#""principal": "arn:aws:sts::111122223333:assumed-role/Admin/s", "context": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/ops/Admin"}"#,
        r#""resource_account": "111122223333""#,
        // A bucket's ARN names no account: the context gives it.
        r#""principal": "arn:aws:iam::111122223333:user/alice", "context": {"aws:ResourceAccount": "444455556666"}"#,
    ] {
        let text = format!(r#"{{"action": "iam:CreateUser", "resource": "*", {rest}}}"#);
        parse_request(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
    }
    let own = Request::new("iam:CreateUser", "*")
        .principal(session)
        .context("aws:PrincipalArn", "arn:aws:iam::111122223333:role/Admin");
    assert!(own.contradiction().is_none());
    assert_eq!(set.evaluate(&own), Decision::Allow);
    let other = Request::new("iam:CreateUser", "*")
        .principal(session)
        .context("aws:PrincipalArn", "arn:aws:iam::111122223333:role/Other");
    assert!(other.contradiction().is_some());
    // A wildcard, a space or a capital before the resource part.
    for resource in [
        "arn:aws:sqs:*:111122223333:q",
        "arn:aws:sqs:us-east-1:*:q",
        "arn:aws:SQS:us-east-1:111122223333:q",
        "arn:aws:sqs:US-EAST-1:111122223333:q",
        "arn:aws:sqs:us-east-1 :111122223333:q",
        "arn::sqs:us-east-1:111122223333:q",
        "arn:aws::us-east-1:111122223333:q",
        "arn:aws:sqs:us-east-1:111122223333",
        "arn:aws:s3",
        "arn:",
    ] {
        assert!(
            Request::try_new("sqs:SendMessage", resource).is_err(),
            "{resource}"
        );
        let request = Request::new("sqs:SendMessage", resource).principal(alice);
        assert_eq!(set.evaluate(&request), Decision::ImplicitDeny, "{resource}");
    }
    for resource in [
        "arn:aws:s3:::bucket/my file *?.txt",
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
        "arn:aws-us-gov:execute-api:us-gov-west-1:111122223333:a/b",
    ] {
        assert!(
            Request::try_new("s3:GetObject", resource).is_ok(),
            "{resource}"
        );
    }
}

/// Third outside review, session 11: an anonymous request's
/// `aws:PrincipalType` is undecided (the IAM User Guide gives it as
/// `Anonymous` and also says it is absent), so VPC Lattice's and S3's
/// "not anonymous" Allows never allow it; a `resource_account` that is no
/// account id, and a policy whose `NotResource` is an incomplete ARN, are
/// refused.
#[test]
fn anonymous_types_accounts_and_incomplete_arns() {
    use polc_evaluator::json::parse_request;
    use polc_evaluator::{Decision, Request};
    let mut set = PolicySet::new();
    set.add_json(
        PolicyKind::Resource,
        PolicySource {
            name: "lattice.json",
            text: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
                "Condition": {"StringNotEqualsIgnoreCase": {"aws:PrincipalType": "anonymous"}}}]}"#,
        },
    )
    .unwrap();
    let anonymous = Request::new("vpc-lattice-svcs:Invoke", "*");
    assert_eq!(set.evaluate(&anonymous), Decision::ImplicitDeny);
    let typed =
        Request::new("vpc-lattice-svcs:Invoke", "*").context("aws:PrincipalType", "Anonymous");
    assert!(typed.contradiction().is_none());
    assert_eq!(set.evaluate(&typed), Decision::ImplicitDeny);
    for account in ["aws", " 111122223333", "11112222333"] {
        let text = format!(
            r#"{{"principal": "arn:aws:iam::111122223333:user/bob", "action": "s3:GetObject", "resource": "arn:aws:s3:::victim/secret", "resource_account": "{account}"}}"#
        );
        parse_request(&text).expect_err(&text);
    }
    for entry in [
        "arn:aws:s3",
        "arn:aws:s3:us-east-1:111122223333",
        "arn:aws::::b",
        "arn::s3:::b",
        "${aws:username}",
    ] {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "{entry}"}}]}}"#
        );
        let err = refuse(PolicyKind::Identity, &text);
        assert_eq!(
            err.kind,
            polc_evaluator::CompileErrorKind::Resource,
            "{entry}"
        );
    }
    for entry in [
        "arn:aws:s3:::b",
        "arn:aws:ecs:*",
        "arn:aws:ecs:us-east-1:*:task/a:b",
        "arn:*:s3:::b/*",
    ] {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "{entry}"}}]}}"#
        );
        let mut set = PolicySet::new();
        set.add_json(
            PolicyKind::Identity,
            PolicySource {
                name: "p.json",
                text: &text,
            },
        )
        .unwrap_or_else(|e| panic!("{entry}: {e}"));
    }
}

/// Fourth outside review, session 11: keys of the caller's credentials.
/// `aws:userid` has the form of the principal's; an anonymous request or
/// a service carries no MFA, forwarded call, source identity or federated
/// provider; a user or the root no session's keys; `aws:CalledVia…` come
/// with `aws:ViaAWSService` `true` and agree with each other; the
/// requested region is the resource's.
#[test]
fn credential_keys_fit_the_principal() {
    use polc_evaluator::json::parse_request;
    let request = |principal: &str, resource: &str, context: &str| {
        format!(
            r#"{{"principal": "{principal}", "action": "s3:GetObject", "resource": "{resource}", "resource_account": "111122223333", "context": {context}}}"#
        )
    };
    let alice = "arn:aws:iam::111122223333:user/alice";
    let bob = "arn:aws:sts::111122223333:assumed-role/Dev/bob";
    let object = "arn:aws:s3:::b/k";
    for (principal, resource, context) in [
        (alice, object, r#"{"aws:userid": "AROAEXAMPLEID:alice"}"#),
        (alice, object, r#"{"aws:userid": "111122223333"}"#),
        (bob, object, r#"{"aws:userid": "AROAEXAMPLEID:mallory"}"#),
        (
            "arn:aws:iam::111122223333:root",
            object,
            r#"{"aws:userid": "AIDAEXAMPLE"}"#,
        ),
        ("", object, r#"{"aws:userid": "AROAEXAMPLEID:x"}"#),
        ("", object, r#"{"aws:MultiFactorAuthPresent": "true"}"#),
        ("", object, r#"{"aws:ViaAWSService": "true"}"#),
        (
            "",
            object,
            r#"{"aws:CalledViaFirst": "athena.amazonaws.com"}"#,
        ),
        (
            "sns.amazonaws.com",
            object,
            r#"{"aws:MultiFactorAuthPresent": "true"}"#,
        ),
        (alice, object, r#"{"aws:SourceIdentity": "admin"}"#),
        (alice, object, r#"{"aws:AssumedRoot": "true"}"#),
        (
            "arn:aws:iam::111122223333:root",
            object,
            r#"{"aws:PrincipalTag/team": "web"}"#,
        ),
        (
            alice,
            object,
            r#"{"aws:CalledVia": ["athena.amazonaws.com"], "aws:ViaAWSService": "false"}"#,
        ),
        (
            alice,
            object,
            r#"{"aws:CalledVia": ["glue.amazonaws.com"], "aws:CalledViaFirst": "athena.amazonaws.com"}"#,
        ),
        (
            alice,
            "arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0",
            r#"{"aws:RequestedRegion": "us-east-1"}"#,
        ),
    ] {
        let text = request(principal, resource, context);
        parse_request(&text).expect_err(&text);
    }
    for (principal, resource, context) in [
        (
            alice,
            object,
            r#"{"aws:userid": "AIDAEXAMPLE", "aws:MultiFactorAuthPresent": "true"}"#,
        ),
        (
            bob,
            object,
            r#"{"aws:userid": "AROAEXAMPLEID:bob", "aws:SourceIdentity": "admin"}"#,
        ),
        (
            "111122223333",
            object,
            r#"{"aws:userid": "111122223333", "aws:AssumedRoot": "true"}"#,
        ),
        (
            alice,
            object,
            r#"{"aws:CalledVia": ["athena.amazonaws.com", "glue.amazonaws.com"], "aws:CalledViaFirst": "athena.amazonaws.com", "aws:CalledViaLast": "glue.amazonaws.com", "aws:ViaAWSService": "true"}"#,
        ),
        (
            alice,
            "arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0",
            r#"{"aws:RequestedRegion": "eu-west-1"}"#,
        ),
        (alice, object, r#"{"aws:RequestedRegion": "us-east-1"}"#),
    ] {
        let text = request(principal, resource, context);
        parse_request(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
    }
    // Policies: a `NotResource` with a variable reads as `check` reads it.
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::${aws:username}/*"}]}"#;
    let mut set = PolicySet::new();
    set.add_json(
        PolicyKind::Identity,
        PolicySource {
            name: "p.json",
            text,
        },
    )
    .unwrap();
    let err = refuse(
        PolicyKind::Identity,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::"}]}"#,
    );
    assert_eq!(err.kind, polc_evaluator::CompileErrorKind::Resource);
}

/// Review 41: a set holds one resource-based policy. Two trust policies in
/// one set let the first allow assuming the role the second is for (a
/// trust policy names no resource).
#[test]
fn a_second_resource_policy_is_refused() {
    let trust = |who: &str| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "{who}"}}, "Action": "sts:AssumeRole"}}]}}"#
        )
    };
    let mut set = PolicySet::new();
    let build = trust("arn:aws:iam::444455556666:user/contractor");
    set.add_json(
        PolicyKind::Resource,
        PolicySource {
            name: "BuildRole",
            text: &build,
        },
    )
    .unwrap();
    let admin = trust("arn:aws:iam::111122223333:user/admin");
    let error = set
        .add_json(
            PolicyKind::Resource,
            PolicySource {
                name: "AdminRole",
                text: &admin,
            },
        )
        .unwrap_err();
    assert_eq!(error.kind, CompileErrorKind::Set);
    assert!(
        error.message.contains("one resource-based policy"),
        "{}",
        error.message
    );
    assert_eq!(set.len(), 1);
}
