//! One failing example per structural code: the code, the message and the
//! exact span. In each document `«` and `»` mark the expected span; they
//! are removed before the document is checked.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use polc_model::{CheckOptions, Finding, PolicyType, Severity, check};
use polc_tests::unmark;

struct Case {
    code: &'static str,
    policy_type: PolicyType,
    marked: &'static str,
    message: &'static str,
    severity: Severity,
}

const fn case(code: &'static str, marked: &'static str, message: &'static str) -> Case {
    Case {
        code,
        policy_type: PolicyType::Identity,
        marked,
        message,
        severity: Severity::Error,
    }
}

fn run(case: &Case) {
    let (text, start, end) = unmark(case.marked);
    let checked = check(&text, &CheckOptions::new(case.policy_type));
    let found: Vec<&Finding> = checked
        .findings
        .iter()
        .filter(|f| f.code.name == case.code)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{}: expected one finding, got {:#?}",
        case.code,
        checked.findings
    );
    let finding = found[0];
    assert_eq!(finding.message, case.message, "{}", case.code);
    assert_eq!(finding.severity, case.severity, "{}", case.code);
    assert!(
        finding.help.is_some(),
        "{}: every finding says how to fix it",
        case.code
    );
    let span = finding.location.span.expect("a located finding");
    assert_eq!(
        (span.start, span.end),
        (start, end),
        "{}: underlined `{}`, expected `{}`",
        case.code,
        &text[span.start..span.end],
        &text[start..end]
    );
}

#[test]
fn json_syntax_error() {
    run(&case(
        "JSON_SYNTAX_ERROR",
        r#"{"Version": "2012-10-17" «"»Statement": []}"#,
        "unexpected `\"`: expected `,` or `}`",
    ));
    run(&case(
        "JSON_SYNTAX_ERROR",
        "«»",
        "the document is empty: expected a JSON object",
    ));
    run(&case(
        "JSON_SYNTAX_ERROR",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow"«,»}]"#,
        "trailing comma before `}`: JSON allows none",
    ));
    run(&case(
        "JSON_SYNTAX_ERROR",
        r#"{"Version": «"2012-10-17}»"#,
        "unterminated string: the closing `\"` is missing",
    ));
}

#[test]
fn missing_version() {
    run(&Case {
        severity: Severity::Warning,
        ..case(
            "MISSING_VERSION",
            r#"«{"Statement": [{"Effect": "Allow", "Action": "ecs:ListClusters", "Resource": "*"}]}»"#,
            "the policy has no `Version`: policy variables such as `${aws:username}` are then literal text",
        )
    });
}

#[test]
fn invalid_version() {
    run(&case(
        "INVALID_VERSION",
        r#"{"Version": «"2012-10-18"», "Statement": [{"Effect": "Allow", "Action": "ecs:ListClusters", "Resource": "*"}]}"#,
        "`2012-10-18` is not a policy language version",
    ));
}

#[test]
fn missing_statement() {
    run(&case(
        "MISSING_STATEMENT",
        r#"«{"Version": "2012-10-17"}»"#,
        "the policy has no `Statement`",
    ));
    run(&case(
        "MISSING_STATEMENT",
        r#"{"Version": "2012-10-17", "Statement": «[]»}"#,
        "`Statement` is an empty array",
    ));
}

#[test]
fn missing_effect() {
    run(&case(
        "MISSING_EFFECT",
        r#"{"Version": "2012-10-17", "Statement": [«{"Action": "ecs:ListClusters", "Resource": "*"}»]}"#,
        "the statement has no `Effect`",
    ));
}

#[test]
fn invalid_effect() {
    run(&case(
        "INVALID_EFFECT",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": «"allow"», "Action": "ecs:ListClusters", "Resource": "*"}]}"#,
        "`allow` is not an effect",
    ));
}

#[test]
fn missing_action() {
    run(&case(
        "MISSING_ACTION",
        r#"{"Version": "2012-10-17", "Statement": «{"Effect": "Allow", "Resource": "*"}»}"#,
        "the statement has no `Action` or `NotAction`",
    ));
    run(&case(
        "MISSING_ACTION",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": «[]», "Resource": "*"}]}"#,
        "`NotAction` is an empty array: the statement would apply to every action",
    ));
    // An empty `Action` applies to nothing: Access Analyzer's suggestion.
    run(&Case {
        severity: Severity::Suggestion,
        ..case(
            "EMPTY_ARRAY_ACTION",
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": «[]», "Resource": "*"}]}"#,
            "`Action` is an empty array: the statement applies to no action",
        )
    });
}

#[test]
fn missing_resource() {
    run(&case(
        "MISSING_RESOURCE",
        r#"{"Version": "2012-10-17", "Statement": [«{"Effect": "Allow", "Action": "ecs:ListClusters"}»]}"#,
        "the statement has no `Resource` or `NotResource`",
    ));
    // Amazon ECR's repository policies have none (outside review 24): no
    // finding there; other services' resource-based policies need one.
    run(&Case {
        policy_type: PolicyType::Resource,
        ..case(
            "MISSING_RESOURCE",
            r#"{"Version": "2012-10-17", "Statement": [«{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["s3:GetObject", "ecr:BatchGetImage"]}»]}"#,
            "the statement has no `Resource` or `NotResource`; only Amazon ECR's repository policies may leave it out",
        )
    });
    let ecr = check(
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": "AllowPushPull", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:user/push-pull-user-1"]}, "Action": ["ecr:BatchGetImage", "ecr:PutImage"]}]}"#,
        &CheckOptions::new(PolicyType::Resource),
    );
    assert!(ecr.findings.is_empty(), "{:#?}", ecr.findings);
}

#[test]
fn invalid_policy_element() {
    run(&case(
        "INVALID_POLICY_ELEMENT",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", «"Actions"»: "ecs:ListClusters", "Action": "ecs:ListClusters", "Resource": "*"}]}"#,
        "`Actions` is not a policy element",
    ));
    run(&case(
        "INVALID_POLICY_ELEMENT",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:ListClusters", «"NotAction"»: "s3:*", "Resource": "*"}]}"#,
        "a statement cannot have both `Action` and `NotAction`",
    ));
    run(&case(
        "INVALID_POLICY_ELEMENT",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecs:ListClusters", «7»], "Resource": "*"}]}"#,
        "the entries of `Action` must be strings, not a number",
    ));
    run(&case(
        "INVALID_POLICY_ELEMENT",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:ListClusters", "Resource": "*", «"Effect"»: "Deny"}]}"#,
        "`Effect` appears twice in the same object",
    ));
}

#[test]
fn duplicate_sid() {
    run(&case(
        "DUPLICATE_SID",
        r#"{"Version": "2012-10-17", "Statement": [
            {"Sid": "Read", "Effect": "Allow", "Action": "ecs:ListClusters", "Resource": "*"},
            {"Sid": «"Read"», "Effect": "Allow", "Action": "ecs:ListTasks", "Resource": "*"}]}"#,
        "the Sid `Read` is used by an earlier statement",
    ));
}

#[test]
fn invalid_sid() {
    run(&case(
        "INVALID_SID",
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": «"read-only"», "Effect": "Allow", "Action": "ecs:ListClusters", "Resource": "*"}]}"#,
        "the Sid `read-only` contains `-`; IAM allows only ASCII letters and digits",
    ));
    run(&Case {
        policy_type: PolicyType::Resource,
        severity: Severity::Suggestion,
        ..case(
            "INVALID_SID",
            r#"{"Version": "2012-10-17", "Statement": [{"Sid": «"read only"», "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}"#,
            "the Sid `read only` contains ` `: IAM's own policies take only ASCII letters and digits; this service may take more (KMS, SNS, SQS and Lambda do)",
        )
    });
}

#[test]
fn unsupported_element_for_policy_type() {
    run(&case(
        "UNSUPPORTED_ELEMENT_FOR_POLICY_TYPE",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", «"Principal"»: "*", "Action": "ecs:ListClusters", "Resource": "*"}]}"#,
        "`Principal` is not allowed in an identity policy: it applies to whoever it is attached to",
    ));
    run(&Case {
        policy_type: PolicyType::Trust,
        ..case(
            "UNSUPPORTED_ELEMENT_FOR_POLICY_TYPE",
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole", «"Resource"»: "*"}]}"#,
            "`Resource` is not allowed in a role trust policy: the role itself is the resource",
        )
    });
    run(&Case {
        policy_type: PolicyType::Trust,
        ..case(
            "UNSUPPORTED_ELEMENT_FOR_POLICY_TYPE",
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", «"NotPrincipal"»: {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]}"#,
            "`NotPrincipal` is not allowed in a role trust policy",
        )
    });
    run(&Case {
        policy_type: PolicyType::Trust,
        ..case(
            "UNSUPPORTED_ELEMENT_FOR_POLICY_TYPE",
            r#"{"Version": "2012-10-17", "Statement": [«{"Effect": "Allow", "Action": "sts:AssumeRole"}»]}"#,
            "the statement names no `Principal`, which a role trust policy requires",
        )
    });
    run(&Case {
        policy_type: PolicyType::Scp,
        ..case(
            "UNSUPPORTED_ELEMENT_FOR_POLICY_TYPE",
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", «"Principal"»: "*", "Action": "s3:*", "Resource": "*"}]}"#,
            "`Principal` is not allowed in a service control policy: it applies to whoever it is attached to",
        )
    });
}

#[test]
fn invalid_condition_operator() {
    run(&case(
        "INVALID_CONDITION_OPERATOR",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:ListClusters", "Resource": "*",
            "Condition": {«"stringEquals"»: {"aws:RequestedRegion": "us-east-1"}}}]}"#,
        "`stringEquals` is not a condition operator",
    ));
    // Its `Condition` is not empty for all that (outside review 24).
    let checked = check(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:ListClusters", "Resource": "*",
            "Condition": {"stringEquals": {"aws:RequestedRegion": "us-east-1"}, "NullIfExists": {"aws:x": "true"}}}]}"#,
        &CheckOptions::new(PolicyType::Identity),
    );
    let codes: Vec<&str> = checked.findings.iter().map(|f| f.code.name).collect();
    assert_eq!(codes, ["INVALID_CONDITION_OPERATOR", "NULL_WITH_IF_EXISTS"]);
    // A `Condition` written empty still is.
    let checked = check(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:ListClusters", "Resource": "*", "Condition": {}}]}"#,
        &CheckOptions::new(PolicyType::Identity),
    );
    assert!(
        checked
            .findings
            .iter()
            .any(|f| f.code.name == "EMPTY_OBJECT_CONDITION")
    );
}

#[test]
fn missing_qualifier() {
    run(&case(
        "MISSING_QUALIFIER",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:TagResource", "Resource": "*",
            "Condition": {"StringEquals": {«"aws:TagKeys"»: ["team", "env"]}}}]}"#,
        "`aws:TagKeys` is multivalued: `StringEquals` without `ForAllValues:` or `ForAnyValue:` does not say how its values are compared",
    ));
}

#[test]
fn duplicate_keys_with_different_case() {
    run(&case(
        "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:PrincipalTag/team": "web", «"aws:principaltag/TEAM"»: "ops"}}}]}"#,
        "`aws:principaltag/TEAM` is `aws:PrincipalTag/team` again in another case: condition keys are case-insensitive",
    ));
}

#[test]
fn null_with_if_exists() {
    run(&case(
        "NULL_WITH_IF_EXISTS",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:ListClusters", "Resource": "*",
            "Condition": {«"NullIfExists"»: {"aws:TokenIssueTime": "true"}}}]}"#,
        "`NullIfExists` is not an operator: `Null` cannot take `IfExists`",
    ));
}

#[test]
fn invalid_principal() {
    let mut c = case(
        "INVALID_PRINCIPAL",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
            "Principal": {"AWS": «"arn:aws:iam::*:role/deploy"»}}]}"#,
        "`arn:aws:iam::*:role/deploy` is not a valid AWS principal: a principal is never a pattern: wildcards stand only as the whole value `\"*\"`",
    );
    c.policy_type = PolicyType::Trust;
    run(&c);
    let mut c = case(
        "INVALID_PRINCIPAL",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
            "Principal": {"AWS": ["111122223333", «""»]}}]}"#,
        "`` is not a valid AWS principal: an empty principal names no one",
    );
    c.policy_type = PolicyType::Resource;
    run(&c);
    let mut c = case(
        "INVALID_PRINCIPAL",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
            "Principal": {"Service": «"*.amazonaws.com"»}}]}"#,
        "`*.amazonaws.com` is not a valid Service principal: a principal is never a pattern: wildcards stand only as the whole value `\"*\"`",
    );
    c.policy_type = PolicyType::Trust;
    run(&c);
}

#[test]
fn invalid_variable() {
    run(&case(
        "INVALID_VARIABLE",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
            "Resource": «"arn:aws:s3:::bucket/${aws:username/*"»}]}"#,
        "the policy variable is not closed: `}` is missing in `arn:aws:s3:::bucket/${aws:username/*`",
    ));
    run(&case(
        "INVALID_VARIABLE",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": «"s3:${aws:username}"», "Resource": "*"}]}"#,
        "policy variables are not replaced in `Action`: `s3:${aws:username}` is taken literally",
    ));
    // A warning: AWS's own managed policies write `${aws:PrincipalAccount}`
    // in the account part (AmazonTimestreamInfluxDBServiceRolePolicy).
    run(&Case {
        severity: Severity::Warning,
        ..case(
            "INVALID_VARIABLE",
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetRole",
            "Resource": «"arn:aws:iam::${aws:PrincipalAccount}:role/x"»}]}"#,
            "`arn:aws:iam::${aws:PrincipalAccount}:role/x` has a policy variable before the resource part of the ARN; the IAM User Guide says IAM does not replace it there",
        )
    });
    run(&case(
        "INVALID_VARIABLE",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:ListClusters", "Resource": "*",
            "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": «"${aws:username}"»}}}]}"#,
        "policy variables are not replaced in `NumericLessThan` values: `${aws:username}` is taken literally",
    ));
}

#[test]
fn empty_variable() {
    run(&case(
        "EMPTY_VARIABLE",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": «"arn:aws:s3:::b/${}/x"»}]}"#,
        "the policy variable `${}` is empty in `arn:aws:s3:::b/${}/x`",
    ));
}

/// A policy of about `size` characters: one statement listing actions.
fn big_policy(actions: usize) -> String {
    let list: Vec<String> = (0..actions)
        .map(|i| format!("\"ecs:Action{i:05}\""))
        .collect();
    format!(
        r#"«{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": [{}], "Resource": "*"}}]}}»"#,
        list.join(", ")
    )
}

#[test]
fn policy_size_exceeds_identity_policy_quota() {
    let text = big_policy(400); // 400 × 18 characters ≈ 7,200
    let (plain, ..) = unmark(&text);
    let size = polc_model::size::iam_size(&polc_model::json::parse(&plain).unwrap());
    assert!(size > 6_144 && size <= 10_240, "{size}");
    let message = format!(
        "the policy is {size} characters (without whitespace), over the 6144 of a managed policy; only a role's inline policies may be larger"
    );
    let leaked: &'static str = Box::leak(text.into_boxed_str());
    let message: &'static str = Box::leak(message.into_boxed_str());
    run(&Case {
        severity: Severity::Warning,
        ..case("POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", leaked, message)
    });

    let text = big_policy(600);
    let (plain, ..) = unmark(&text);
    let size = polc_model::size::iam_size(&polc_model::json::parse(&plain).unwrap());
    let message = format!(
        "the policy is {size} characters (without whitespace), over the 10240 of all inline policies of a role: no policy you create may be this large"
    );
    let leaked: &'static str = Box::leak(text.into_boxed_str());
    let message: &'static str = Box::leak(message.into_boxed_str());
    // A warning, as Access Analyzer reports it (issue 15.3).
    run(&Case {
        severity: Severity::Warning,
        ..case("POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", leaked, message)
    });
}

#[test]
fn policy_size_exceeds_trust_and_scp_quotas() {
    let principals: Vec<String> = (0..120)
        .map(|i| format!("\"arn:aws:iam::{:012}:root\"", i))
        .collect();
    let text = format!(
        r#"«{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": [{}]}}, "Action": "sts:AssumeRole"}}]}}»"#,
        principals.join(",")
    );
    let (plain, ..) = unmark(&text);
    let size = polc_model::size::iam_size(&polc_model::json::parse(&plain).unwrap());
    assert!(size > 2_048 && size <= 4_096, "{size}");
    let message = format!(
        "the trust policy is {size} characters (without whitespace), over the default quota of 2048"
    );
    run(&Case {
        policy_type: PolicyType::Trust,
        severity: Severity::Warning,
        ..case(
            "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA",
            Box::leak(text.into_boxed_str()),
            Box::leak(message.into_boxed_str()),
        )
    });

    // SCPs count every character, whitespace included.
    let text = big_policy(300).replace(", ", ",    ");
    let (plain, ..) = unmark(&text);
    let size = plain.chars().count();
    assert!(
        polc_model::size::iam_size(&polc_model::json::parse(&plain).unwrap()) <= 5_120
            || size > 5_120
    );
    let message =
        format!("the SCP is {size} characters (whitespace included), over the quota of 5120");
    run(&Case {
        policy_type: PolicyType::Scp,
        ..case(
            "POLICY_SIZE_EXCEEDS_SCP_QUOTA",
            Box::leak(text.into_boxed_str()),
            Box::leak(message.into_boxed_str()),
        )
    });
}

#[test]
fn all_findings_are_reported_not_only_the_first() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "A", "Effect": "allow", "Action": "ecs:RunTask", "Resource": "*"},
        {"Sid": "B", "Effect": "Allow", "Action": ["ecs:RunTask", 5], "Resource": "*", "Principal": "*"},
        {"Sid": "B", "Effect": "Deny", "Action": "s3:*", "Resource": "*",
         "Condition": {"stringLike": {"a:b": "c"}, "StringEquals": {"aws:TagKeys": "x"}}}]}"#;
    let checked = check(text, &CheckOptions::new(PolicyType::Identity));
    let codes: Vec<&str> = checked.findings.iter().map(|f| f.code.name).collect();
    // The second statement has an unreadable Action entry: it is reported
    // and the statement is left out of further checks (its other entries'
    // positions would be off), so its Principal and repeated Sid wait for the
    // next run. Everything in the readable statements is reported.
    assert_eq!(
        codes,
        [
            "INVALID_EFFECT",
            "INVALID_POLICY_ELEMENT",
            "INVALID_CONDITION_OPERATOR",
            "MISSING_QUALIFIER"
        ]
    );
}

/// Drawing the reports of a file costs each finding the lines around it,
/// not the text before it: many findings in a long file stay linear (found
/// by review: 4,000 findings took 14 s).
#[test]
fn reports_are_drawn_in_linear_time() {
    let time = |n: usize| {
        let actions: Vec<String> = (0..n).map(|i| format!("\n  \"ecs:Nope{i}\"")).collect();
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Resource": "*", "Action": [{}]}}]}}"#,
            actions.join(",")
        );
        let findings = polc_catalog::check(&text, PolicyType::Identity).findings;
        assert!(findings.len() >= n);
        let start = std::time::Instant::now();
        let drawn = polc_model::report::FileReport::new("p.json", &text, &findings).render(false);
        assert!(drawn.contains("ecs:Nope0"));
        start.elapsed().as_secs_f64()
    };
    let small = time(500);
    let large = time(4_000);
    assert!(
        large < small * 24.0 + 0.2,
        "{small} s for 500, {large} s for 4,000"
    );
}
