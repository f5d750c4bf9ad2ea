//! One failing example per catalog code: the code, the message, the help
//! and the exact span (`«` and `»` mark it in each document).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use polc_model::{PolicyType, Severity};
use polc_tests::unmark;

fn run(code: &str, marked: &str, message: &str, help: &str, severity: Severity) {
    let (text, start, end) = unmark(marked);
    let checked = polc_catalog::check(&text, PolicyType::Identity);
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
        "did you mean `ecs:Describe*`?",
        Severity::Error,
    );
    run(
        "INVALID_ACTION",
        &statement(r#""Action": «"ecs:Zz*"», "Resource": "*""#),
        "`ecs:Zz*` matches no action of `ecs`",
        "`polc catalog actions ecs` lists the actions",
        Severity::Error,
    );
}

#[test]
fn actions_are_case_insensitive() {
    let text = statement(r#""Action": ["ECS:listtasks", "ecs:describe*"], "Resource": "*""#);
    assert!(
        polc_catalog::check(&text, PolicyType::Identity)
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
        r#""Action": ["ecs:TagResource", "s3:GetObject"], "Resource": "*", "Condition": {
            "StringEquals": {"aws:PrincipalTag/team": "web", "ecs:ResourceTag/env": "prod", "aws:RequestTag/x": "y",
                             "accounts.google.com:aud": "x", "s3:ExistingObjectTag/k": "v"}}"#,
    );
    let findings = polc_catalog::check(&text, PolicyType::Identity).findings;
    // Every key is known; only which actions carry the tag keys is said.
    assert!(
        findings
            .iter()
            .all(|f| f.code.name == "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"),
        "{findings:#?}"
    );
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
fn unsupported_action_for_condition_key() {
    run(
        "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
        &statement(
            r#""Action": "ecs:ListClusters", "Resource": "*", "Condition": {"ArnEquals": {«"ecs:cluster"»: "arn:aws:ecs:us-east-1:123456789012:cluster/prod"}}"#,
        ),
        "no action of the statement (`ecs:ListClusters`) has the condition key `ecs:cluster`",
        "use a key these actions have (`polc catalog action SERVICE:ACTION` lists them), or move the condition to the statement whose actions have it",
        Severity::Warning,
    );
    // A key the action has through its resource type is fine.
    let text = statement(
        r#""Action": "ecs:StopTask", "Resource": "*", "Condition": {"ArnEquals": {"ecs:cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/prod"}}"#,
    );
    assert!(
        polc_catalog::check(&text, PolicyType::Identity)
            .findings
            .is_empty()
    );
}

#[test]
fn type_mismatch() {
    run(
        "TYPE_MISMATCH",
        &statement(
            r#""Action": "ecs:RunTask", "Resource": "*", "Condition": {"StringEquals": {«"aws:CurrentTime"»: "2026-01-01"}}"#,
        ),
        "`StringEquals` does not fit `aws:CurrentTime`, whose type is Date",
        "use `Date*` operators for Date keys",
        Severity::Warning,
    );
    run(
        "TYPE_MISMATCH_DATE",
        &statement(
            r#""Action": "ecs:RunTask", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": «"next week"»}}"#,
        ),
        "`next week` is not a value `DateLessThan` can compare: it needs an ISO 8601 date such as `2026-01-31T00:00:00Z`, or epoch seconds",
        "write an ISO 8601 date such as `2026-01-31T00:00:00Z`, or epoch seconds",
        Severity::Warning,
    );
    run(
        "TYPE_MISMATCH_IP_RANGE",
        &statement(
            r#""Action": "ecs:RunTask", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", «"10.0.0.0/33"»]}}"#,
        ),
        "`10.0.0.0/33` is not a value `IpAddress` can compare: it needs an IPv4 or IPv6 address or CIDR block such as `203.0.113.0/24`",
        "write an IPv4 or IPv6 address or CIDR block such as `203.0.113.0/24`",
        Severity::Error,
    );
}

#[test]
fn string_like_operator_with_arn_condition_keys() {
    run(
        "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS",
        &statement(
            r#""Action": "ecs:RunTask", "Resource": "*", "Condition": {"StringLike": {«"aws:PrincipalArn"»: "arn:aws:iam::*:role/deploy"}}"#,
        ),
        "`StringLike` on the ARN key `aws:PrincipalArn` lets `*` match across the parts of the ARN",
        "use `ArnLike`, which matches each ARN part separately",
        Severity::SecurityWarning,
    );
}

#[test]
fn forallvalues_with_single_valued_key() {
    run(
        "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
        &statement(
            r#""Action": "ecs:RunTask", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {«"aws:RequestedRegion"»: ["eu-west-1"]}}"#,
        ),
        "`ForAllValues:StringEquals` on the single-valued key `aws:RequestedRegion` also holds for every request without the key",
        "write `StringEquals` without `ForAllValues:`",
        Severity::SecurityWarning,
    );
}

#[test]
fn equivalent_to_null_false() {
    run(
        "EQUIVALENT_TO_NULL_FALSE",
        &statement(
            r#""Action": "ecs:TagResource", "Resource": "*", "Condition": {"StringLike": {«"aws:RequestTag/team"»: "*"}}"#,
        ),
        "`StringLike` with `*` only says that `aws:RequestTag/team` is present",
        "write `\"Null\": {\"aws:RequestTag/team\": \"false\"}`",
        Severity::Suggestion,
    );
}

#[test]
fn pass_role_with_star() {
    run(
        "PASS_ROLE_WITH_STAR_IN_RESOURCE",
        &statement(r#""Action": ["ecs:RunTask", «"iam:PassRole"»], "Resource": "*""#),
        "`iam:PassRole` on `*` without an `iam:PassedToService` condition",
        "name the roles in `Resource` and add an `iam:PassedToService` condition such as `\"StringEquals\": {\"iam:PassedToService\": \"ecs-tasks.amazonaws.com\"}`",
        Severity::SecurityWarning,
    );
    run(
        "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
        &statement(r#""Action": «"iam:*"», "Resource": "*""#),
        "`iam:*` includes `iam:PassRole`, here on `*` without an `iam:PassedToService` condition",
        "list the actions needed instead of `iam:*`; name the roles in `Resource` and add an `iam:PassedToService` condition such as `\"StringEquals\": {\"iam:PassedToService\": \"ecs-tasks.amazonaws.com\"}`",
        Severity::SecurityWarning,
    );
    // The events role's policy, as AWS writes it, passes roles only to ECS tasks.
    let text = statement(
        r#""Action": "iam:PassRole", "Resource": "*", "Condition": {"StringLike": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}"#,
    );
    assert!(
        polc_catalog::check(&text, PolicyType::Identity)
            .findings
            .is_empty()
    );
}

/// Review 37: a resource entry that matches roles of any name is as wide
/// as `*` for passing and creating roles (`arn:*`, an account's every
/// role, IAM's every resource); one that names its roles by a prefix, or
/// matches no role, is not.
#[test]
fn pass_role_on_entries_that_match_every_role() {
    let pass_help = "name the roles in `Resource` and add an `iam:PassedToService` condition such as `\"StringEquals\": {\"iam:PassedToService\": \"ecs-tasks.amazonaws.com\"}`";
    run(
        "PASS_ROLE_WITH_STAR_IN_RESOURCE",
        &statement(r#""Action": «"iam:PassRole"», "Resource": "arn:aws:iam::123456789012:role/*""#),
        "`iam:PassRole` on `arn:aws:iam::123456789012:role/*`, which matches roles of any name, without an `iam:PassedToService` condition",
        pass_help,
        Severity::SecurityWarning,
    );
    run(
        "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
        &statement(r#""Action": «"*"», "Resource": "arn:*""#),
        "`*` includes `iam:PassRole`, here on `arn:*`, which matches roles of any name, without an `iam:PassedToService` condition",
        &format!("list the actions needed instead of `*`; {pass_help}"),
        Severity::SecurityWarning,
    );
    run(
        "CREATE_SLR_WITH_STAR_IN_RESOURCE",
        &statement(
            r#""Action": «"iam:CreateServiceLinkedRole"», "Resource": "arn:aws-cn:iam::*:role/aws-service-role/*""#,
        ),
        "`iam:CreateServiceLinkedRole` on `arn:aws-cn:iam::*:role/aws-service-role/*`, which matches roles of any name, without an `iam:AWSServiceName` condition",
        "add an `iam:AWSServiceName` condition such as `\"StringEquals\": {\"iam:AWSServiceName\": \"ecs.amazonaws.com\"}`",
        Severity::Warning,
    );
    run(
        "ALLOW_WITH_NOT_ACTION_AND_STAR_RESOURCE",
        &statement(r#"«"NotAction"»: "s3:*", "Resource": "arn:aws:iam::*:*""#),
        "`Allow` with `NotAction` on `arn:aws:iam::*:*` grants every other action on what it matches, `iam:PassRole` on every role it matches included",
        "list the actions to allow with `Action`, or scope `Resource`",
        Severity::SecurityWarning,
    );
    // Review 39: a one- or two-character head or tail is no naming
    // convention (a list of them names every role), and a tag variable may
    // be empty (`${aws:PrincipalTag/team, ''}*` is `*` without the tag).
    for resource in [
        "arn:aws:iam::123456789012:role/a*",
        "arn:aws:iam::123456789012:role/*a",
        "arn:aws:iam::123456789012:role/${aws:PrincipalTag/team, ''}*",
        // Review 40: the default stands only for an absent tag; a present
        // one may be empty.
        "arn:aws:iam::123456789012:role/${aws:PrincipalTag/team, 'app-'}*",
        "arn:aws:iam::123456789012:role/${aws:PrincipalTag/team}*",
    ] {
        let text = statement(&format!(
            r#""Action": "iam:PassRole", "Resource": "{resource}""#
        ));
        let codes: Vec<&str> = polc_catalog::check(&text, PolicyType::Identity)
            .findings
            .iter()
            .map(|f| f.code.name)
            .collect();
        assert!(
            codes.contains(&"PASS_ROLE_WITH_STAR_IN_RESOURCE"),
            "{resource}: {codes:?}"
        );
    }
    for resource in [
        "arn:aws:iam::123456789012:role/ecs-*",
        "arn:aws:iam::123456789012:role/${aws:username}*",
        "arn:aws:iam::123456789012:role/*Task",
        "arn:aws:iam::*:role/service-role/AmazonECS*",
        "arn:aws:s3:::*",
        "arn:aws:iam::123456789012:user/*",
        "arn:aws:iam:us-east-1:123456789012:role/*",
    ] {
        let text = statement(&format!(
            r#""Action": ["iam:PassRole", "iam:CreateServiceLinkedRole"], "Resource": "{resource}""#
        ));
        let codes: Vec<&str> = polc_catalog::check(&text, PolicyType::Identity)
            .findings
            .iter()
            .map(|f| f.code.name)
            .filter(|c| c.starts_with("PASS_ROLE") || c.starts_with("CREATE_SLR"))
            .collect();
        assert!(codes.is_empty(), "{resource}: {codes:?}");
    }
}

/// Review 37: a service principal in a condition value is a host name
/// (`kms:ViaService` names the Region too); one key's values are one JSON
/// type; a Deny on a header the caller writes is escaped.
#[test]
fn condition_values_review_37() {
    run(
        "INVALID_SERVICE_PRINCIPAL_FORMAT",
        &statement(
            r#""Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/web", "Condition": {"StringEquals": {"iam:PassedToService": [«"ec2"»]}}"#,
        ),
        "`ec2` is not a service principal as `iam:PassedToService` gives it (`SERVICE.amazonaws.com`): the condition never matches it",
        "write the service's principal in lower case, such as `ec2.amazonaws.com`",
        Severity::Error,
    );
    run(
        "INVALID_SERVICE_PRINCIPAL_FORMAT",
        &statement(
            r#""Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": «"s3.amazonaws.com"»}}"#,
        ),
        "`s3.amazonaws.com` is not a service principal as `kms:ViaService` gives it (`SERVICE.REGION.amazonaws.com`): the condition never matches it",
        "write the service's principal in lower case, such as `s3.us-east-1.amazonaws.com`",
        Severity::Error,
    );
    // Review 39: `aws:CalledVia` takes service principals too; a negated
    // operator's consequence is the other way round.
    run(
        "INVALID_SERVICE_PRINCIPAL_FORMAT",
        &statement(
            r#""Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:CalledVia": «"athena"»}}"#,
        ),
        "`athena` is not a service principal as `aws:CalledVia` gives it (`SERVICE.amazonaws.com`): the condition never matches it",
        "write the service's principal in lower case, such as `athena.amazonaws.com`",
        Severity::Error,
    );
    run(
        "INVALID_SERVICE_PRINCIPAL_FORMAT",
        &statement(
            r#""Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringNotEquals": {"kms:ViaService": «"s3"»}}"#,
        ),
        "`s3` is not a service principal as `kms:ViaService` gives it (`SERVICE.REGION.amazonaws.com`): no request has it, so the condition always holds",
        "write the service's principal in lower case, such as `s3.us-east-1.amazonaws.com`",
        Severity::Error,
    );
    // Review 40: a host that does not end in `.amazonaws.com` is likely a
    // typo: a warning.
    run(
        "INVALID_SERVICE_PRINCIPAL_FORMAT",
        &statement(
            r#""Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:CalledVia": «"athena.amazon.com"»}}"#,
        ),
        "`athena.amazon.com` does not end in `.amazonaws.com`, as AWS's service principals do: if it is a typo, the condition never matches it",
        "check the service principal in the service's documentation, such as `athena.amazonaws.com`",
        Severity::Warning,
    );
    // Without case, `EC2.AMAZONAWS.COM` is `ec2.amazonaws.com`.
    let text = statement(
        r#""Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/web", "Condition": {"StringEqualsIgnoreCase": {"iam:PassedToService": "EC2.AMAZONAWS.COM"}}"#,
    );
    assert!(
        polc_catalog::check(&text, PolicyType::Identity)
            .findings
            .iter()
            .all(|f| f.code.name != "INVALID_SERVICE_PRINCIPAL_FORMAT")
    );
    for fine in [
        r#""kms:ViaService": ["ec2.us-east-1.amazonaws.com", "s3.*.amazonaws.com", "ec2.cn-north-1.amazonaws.com.cn"]"#,
        r#""iam:PassedToService": ["ecs-tasks.amazonaws.com", "${aws:PrincipalTag/svc}"]"#,
    ] {
        let text = statement(&format!(
            r#""Action": "kms:Decrypt", "Resource": "*", "Condition": {{"StringEquals": {{{fine}}}}}"#
        ));
        let codes: Vec<&str> = polc_catalog::check(&text, PolicyType::Identity)
            .findings
            .iter()
            .map(|f| f.code.name)
            .filter(|c| *c == "INVALID_SERVICE_PRINCIPAL_FORMAT")
            .collect();
        assert!(codes.is_empty(), "{fine}");
    }
    run(
        "INVALID_POLICY_ELEMENT",
        &statement(
            r#""Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": ["123456789012", «123456789013»]}}"#,
        ),
        "the values of `aws:PrincipalAccount` mix JSON types: `123456789012` is a string, `123456789013` a number",
        "write every value of a key as the same JSON type: strings, such as `\"true\"` or `\"3600\"`",
        Severity::Error,
    );
    let deny = |body: &str| {
        format!(r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Deny", {body}}}]}}"#)
    };
    run(
        "UNTRUSTWORTHY_CONDITION_KEY",
        &deny(
            r#""Action": "s3:GetObject", "Resource": "*", "Condition": {"StringNotEquals": {«"aws:UserAgent"»: "internal-tool"}}"#,
        ),
        "`aws:UserAgent` is a header the caller writes: a caller escapes this Deny by sending a value it does not deny, or none",
        "limit access with keys the caller cannot choose: `aws:SourceVpce`, `aws:SourceIp`, `aws:PrincipalOrgID`",
        Severity::SecurityWarning,
    );
}

/// Review 37: a Deny whose resources no action of it acts on denies
/// nothing, and says so, as a security warning.
#[test]
fn a_deny_that_matches_no_resource_says_it_denies_nothing() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": «"arn:aws:s3:us-east-1::secret-bucket"»}]}"#;
    run(
        "RESOURCE_MISMATCH",
        text,
        "`s3:DeleteBucket` acts on `bucket` (`arn:${Partition}:s3:::${BucketName}`); no resource of the statement has that form, so the Deny denies nothing for it",
        "write the resource in that form, such as `arn:aws:s3:::*`",
        Severity::SecurityWarning,
    );
}

/// Review 37: a policy variable's key is a condition key: one IAM does
/// not know is replaced by nothing (the entry never matches).
#[test]
fn a_variable_names_a_known_key() {
    run(
        "INVALID_GLOBAL_CONDITION_KEY",
        &statement(r#""Action": "s3:GetObject", "Resource": «"arn:aws:s3:::b/${aws:usernam}/*"»"#),
        "the policy variable `${aws:usernam}` names no key IAM knows: `aws:usernam` is not a global condition key",
        "did you mean `aws:username`?",
        Severity::Error,
    );
    run(
        "INVALID_SERVICE",
        &statement(
            r#""Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringLike": {"s3:prefix": «"home/${foo:bar}/*"»}}"#,
        ),
        "the policy variable `${foo:bar}` names no key IAM knows: `foo:bar`: `foo` is no AWS service prefix, and no identity provider's host",
        "`polc catalog services` lists the service prefixes",
        Severity::Error,
    );
    // Known keys, an identity provider's, and Version 2008-10-17 (where
    // `${...}` is literal text): nothing.
    for text in [
        statement(r#""Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/${aws:PrincipalTag/team}/*", "arn:aws:s3:::b/${cognito-identity.amazonaws.com:sub}/*"]"#),
        r#"{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:usernam}/*"}]}"#.to_owned(),
    ] {
        let findings = polc_catalog::check(&text, PolicyType::Identity).findings;
        assert!(
            findings.iter().all(|f| !f.message.contains("names no key")),
            "{text}: {findings:#?}"
        );
    }
}

/// Review 37: an action named in a Deny that never has the condition's
/// key escapes the Deny; said at the action.
#[test]
fn an_action_without_the_key_escapes_a_deny() {
    let deny = |body: &str| {
        format!(r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Deny", {body}}}]}}"#)
    };
    run(
        "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
        &deny(
            r#""Action": [«"s3:DeleteBucket"», "ec2:TerminateInstances"], "Resource": "*", "Condition": {"StringEquals": {"ec2:InstanceType": "m5.24xlarge"}}"#,
        ),
        "`s3:DeleteBucket` never has the condition key `ec2:InstanceType`: for it `StringEquals` never holds, so this Deny does not deny it",
        "deny `s3:DeleteBucket` in a statement of its own, with a condition on a key it has (`polc catalog action s3:DeleteBucket` lists them) or none",
        Severity::SecurityWarning,
    );
    // Review 39: `Null` with `false` needs the key as a positive test does.
    run(
        "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
        &deny(
            r#""Action": ["ec2:RunInstances", «"s3:DeleteBucket"»], "Resource": "*", "Condition": {"Null": {"ec2:InstanceType": "false"}}"#,
        ),
        "`s3:DeleteBucket` never has the condition key `ec2:InstanceType`: for it `Null` never holds, so this Deny does not deny it",
        "deny `s3:DeleteBucket` in a statement of its own, with a condition on a key it has (`polc catalog action s3:DeleteBucket` lists them) or none",
        Severity::SecurityWarning,
    );
    // A negated operator, IfExists or `Null` with `true` holds without
    // the key: the Deny applies; an Allow fails closed: none is reported.
    for text in [
        deny(
            r#""Action": ["s3:DeleteBucket", "ec2:TerminateInstances"], "Resource": "*", "Condition": {"Null": {"ec2:InstanceType": "true"}}"#,
        ),
        deny(
            r#""Action": ["s3:DeleteBucket", "ec2:TerminateInstances"], "Resource": "*", "Condition": {"StringNotEquals": {"ec2:InstanceType": "t3.micro"}}"#,
        ),
        deny(
            r#""Action": ["s3:DeleteBucket", "ec2:TerminateInstances"], "Resource": "*", "Condition": {"StringEqualsIfExists": {"ec2:InstanceType": "m5.24xlarge"}}"#,
        ),
        statement(
            r#""Action": ["s3:GetObject", "ec2:RunInstances"], "Resource": "*", "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}}"#,
        ),
    ] {
        let findings = polc_catalog::check(&text, PolicyType::Identity).findings;
        assert!(
            findings
                .iter()
                .all(|f| f.code.name != "UNSUPPORTED_ACTION_FOR_CONDITION_KEY"),
            "{text}: {findings:#?}"
        );
    }
}

#[test]
fn not_resource_forms() {
    let help = |action: &str| {
        format!("name the resources `{action}` may act on in `Resource` instead of `NotResource`")
    };
    run(
        "PASS_ROLE_WITH_NOT_RESOURCE",
        &statement(
            r#""Action": «"iam:PassRole"», "NotResource": "arn:aws:iam::123456789012:role/admin""#,
        ),
        "`iam:PassRole` with `NotResource` applies to every resource not listed",
        &help("iam:PassRole"),
        Severity::SecurityWarning,
    );
    run(
        "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
        &statement(r#""Action": «"*"», "NotResource": "arn:aws:s3:::secrets/*""#),
        "`*` includes `iam:PassRole`, here with `NotResource`: every resource not listed",
        &help("iam:PassRole"),
        Severity::SecurityWarning,
    );
    run(
        "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE",
        &statement(r#"«"NotAction"»: "s3:*", "NotResource": "arn:aws:s3:::secrets/*""#),
        "`NotAction` with `NotResource` allows `iam:PassRole` on every resource not listed",
        "list the actions to allow with `Action` and the resources with `Resource`",
        Severity::SecurityWarning,
    );
    run(
        "CREATE_SLR_WITH_NOT_RESOURCE",
        &statement(
            r#""Action": «"iam:CreateServiceLinkedRole"», "NotResource": "arn:aws:iam::*:role/x""#,
        ),
        "`iam:CreateServiceLinkedRole` with `NotResource` applies to every resource not listed",
        &help("iam:CreateServiceLinkedRole"),
        Severity::Warning,
    );
    run(
        "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
        &statement(r#""Action": «"iam:Create*"», "NotResource": "arn:aws:iam::*:user/*""#),
        "`iam:Create*` includes `iam:CreateServiceLinkedRole`, here with `NotResource`: every resource not listed",
        &help("iam:CreateServiceLinkedRole"),
        Severity::Warning,
    );
    run(
        "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE",
        &statement(r#"«"NotAction"»: "s3:*", "NotResource": "arn:aws:s3:::secrets/*""#),
        "`NotAction` with `NotResource` allows `iam:CreateServiceLinkedRole` on every resource not listed",
        "list the actions to allow with `Action` and the resources with `Resource`",
        Severity::Warning,
    );
    // NotAction listing the action excludes it; a Deny is a guard.
    for body in [
        r#""NotAction": ["iam:*", "s3:*"], "NotResource": "arn:aws:s3:::secrets/*""#,
        r#""Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secrets/*""#,
    ] {
        let codes: Vec<_> = polc_catalog::check(&statement(body), PolicyType::Identity)
            .findings
            .into_iter()
            .map(|f| f.code.name)
            .filter(|c| c.contains("NOT_RESOURCE"))
            .collect();
        assert!(codes.is_empty(), "{body}: {codes:?}");
    }
    let deny = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::1:role/x"}]}"#;
    assert!(
        !polc_catalog::check(deny, PolicyType::Identity)
            .findings
            .iter()
            .any(|f| f.code.name.contains("NOT_RESOURCE"))
    );
}

#[test]
fn create_slr_with_star() {
    run(
        "CREATE_SLR_WITH_STAR_IN_RESOURCE",
        &statement(r#""Action": «"iam:CreateServiceLinkedRole"», "Resource": "*""#),
        "`iam:CreateServiceLinkedRole` on `*` without an `iam:AWSServiceName` condition",
        "add an `iam:AWSServiceName` condition such as `\"StringEquals\": {\"iam:AWSServiceName\": \"ecs.amazonaws.com\"}`",
        Severity::Warning,
    );
    run(
        "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE",
        &statement(r#""Action": «"iam:Create*"», "Resource": "*""#),
        "`iam:Create*` includes `iam:CreateServiceLinkedRole`, here on `*` without an `iam:AWSServiceName` condition",
        "list the actions needed instead of `iam:Create*`; add an `iam:AWSServiceName` condition such as `\"StringEquals\": {\"iam:AWSServiceName\": \"ecs.amazonaws.com\"}`",
        Severity::Warning,
    );
}

/// Conditions that look like a limit but hold for a principal of any
/// account (issue 12.4).
const NOBODY_LIMITED: &[&str] = &[
    r#"{"StringLike": {"aws:PrincipalOrgID": "o*"}}"#,
    r#"{"StringLike": {"aws:userid": "*AROA*"}}"#,
    r#"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/${aws:ResourceAccount}"}}"#,
    r#"{"IpAddress": {"aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3", "2000::/3"]}}"#,
    r#"{"StringEquals": {"aws:PrincipalServiceName": "cloudtrail.amazonaws.com"}}"#,
    r#"{"StringLike": {"aws:PrincipalAccount": "????????????"}}"#,
    r#"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:*"}}"#,
    r#"{"IpAddress": {"aws:SourceIp": ["0.0.0.0/0", "::/0"]}}"#,
    r#"{"ForAllValues:StringEquals": {"aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"]}}"#,
    r#"{"StringLike": {"aws:PrincipalOrgID": "o-*"}}"#,
    r#"{"StringEquals": {"aws:PrincipalAccount": "${aws:PrincipalAccount}"}}"#,
    r#"{"StringEquals": {"aws:PrincipalOrgID": ["o-a1b2c3d4e5", "${aws:PrincipalOrgID}"]}}"#,
    r#"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/deploy"}}"#,
];

#[test]
fn public_principal() {
    for (text, policy_type, who) in [
        (
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": «"*"»}, "Action": "sts:AssumeRole"}]}"#,
            PolicyType::Trust,
            "every AWS account",
        ),
        (
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": «"*"», "Action": "s3:GetObject", "Resource": "arn:aws:s3:::public/*"}]}"#,
            PolicyType::Resource,
            "everyone, anonymous users included",
        ),
        (
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["111122223333", «"*"»]}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
            PolicyType::Resource,
            "everyone, anonymous users included",
        ),
        // A condition that does not limit who (TLS, a negated or
        // if-exists test, tags the caller sets) does not scope it.
        (
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": «"*"»}, "Action": "sts:AssumeRole",
                "Condition": {"Bool": {"aws:SecureTransport": "true"}, "StringNotEquals": {"aws:PrincipalOrgID": "o-abc123"},
                              "StringEqualsIfExists": {"aws:SourceAccount": "111122223333"}, "StringEquals": {"aws:PrincipalTag/team": "web"}}}]}"#,
            PolicyType::Trust,
            "every AWS account",
        ),
    ]
    .into_iter()
    .chain(NOBODY_LIMITED.iter().map(|condition| {
        // Issue 12.4: conditions that every principal of some other
        // account can meet limit nobody.
        let text: &'static str = Box::leak(
            format!(
                r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": «"*"»}}, "Action": "sts:AssumeRole", "Condition": {condition}}}]}}"#
            )
            .into_boxed_str(),
        );
        (text, PolicyType::Trust, "every AWS account")
    })) {
        let (text, start, end) = unmark(text);
        let checked = polc_catalog::check(&text, policy_type);
        let finding = checked
            .findings
            .iter()
            .find(|f| f.code.name == "PUBLIC_PRINCIPAL")
            .unwrap_or_else(|| panic!("{text}: {:?}", checked.findings));
        assert_eq!(
            finding.message,
            format!("`Allow` to `*` without a condition on who may act grants {who}")
        );
        assert_eq!(
            finding.help.as_deref(),
            Some(
                "name the accounts, roles or services, or add a condition such as `aws:PrincipalOrgID` or `aws:SourceAccount`"
            )
        );
        assert_eq!(finding.severity, Severity::SecurityWarning);
        assert_eq!(
            finding.location.span.map(|s| (s.start, s.end)),
            Some((start, end))
        );
    }
    // A condition scopes it; a Deny to everyone is the usual guard.
    for text in [
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/ci-*"}}}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalAccount": "${aws:ResourceAccount}"}}}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:ResourceOrgID": "${aws:PrincipalOrgID}"}}}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}"#,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}"#,
    ] {
        let checked = polc_catalog::check(text, PolicyType::Resource);
        assert!(
            !checked
                .findings
                .iter()
                .any(|f| f.code.name == "PUBLIC_PRINCIPAL"),
            "{text}"
        );
    }
}

#[test]
fn allow_with_not_elements() {
    let (text, start, end) = unmark(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", «"NotPrincipal"»: {"AWS": "arn:aws:iam::123456789012:user/bob"}, "Action": "s3:GetObject", "Resource": "*"}]}"#,
    );
    let checked = polc_catalog::check(&text, PolicyType::Resource);
    let finding = checked
        .findings
        .iter()
        .find(|f| f.code.name == "ALLOW_WITH_NOT_PRINCIPAL")
        .unwrap();
    assert_eq!(
        finding.message,
        "`Allow` with `NotPrincipal` grants the actions to every principal not listed, anonymous users included"
    );
    assert_eq!(finding.severity, Severity::SecurityWarning);
    assert_eq!(
        finding.location.span.map(|s| (s.start, s.end)),
        Some((start, end))
    );
    run(
        "ALLOW_WITH_NOT_ACTION_AND_STAR_RESOURCE",
        &statement(r#"«"NotAction"»: "iam:*", "Resource": "*""#),
        "`Allow` with `NotAction` on `*` grants every other action of every service, on every resource",
        "list the actions to allow with `Action`, or scope `Resource`",
        Severity::SecurityWarning,
    );
}

#[test]
fn redundant_entries_and_statements() {
    run(
        "REDUNDANT_ACTION",
        &statement(r#""Action": ["ecs:Describe*", «"ecs:describetasks"»], "Resource": "*""#),
        "`ecs:describetasks` is already granted by `ecs:Describe*`",
        "remove `ecs:describetasks`",
        Severity::Suggestion,
    );
    run(
        "REDUNDANT_ACTION",
        &statement(r#""Action": ["ecs:ListTasks", «"ecs:ListTasks"»], "Resource": "*""#),
        "`ecs:ListTasks` is already granted by `ecs:ListTasks`",
        "remove `ecs:ListTasks`",
        Severity::Suggestion,
    );
    run(
        "REDUNDANT_RESOURCE",
        &statement(
            r#""Action": "ecs:DeleteCluster", "Resource": ["arn:aws:ecs:*:*:cluster/*", «"arn:aws:ecs:us-east-1:123456789012:cluster/prod"»]"#,
        ),
        "`arn:aws:ecs:us-east-1:123456789012:cluster/prod` is already matched by `arn:aws:ecs:*:*:cluster/*`",
        "remove `arn:aws:ecs:us-east-1:123456789012:cluster/prod`",
        Severity::Suggestion,
    );
    run(
        "REDUNDANT_STATEMENT",
        r#"{"Version": "2012-10-17", "Statement": [
            {"Sid": "All", "Effect": "Allow", "Action": "ecs:*", "Resource": "*"},
            «{"Effect": "Allow", "Action": "ecs:ListClusters", "Resource": "*"}»]}"#,
        "everything this statement grants, statement `All` already grants",
        "remove this statement",
        Severity::Suggestion,
    );
    // A condition on the wider statement makes it grant less: not redundant.
    let text = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ecs:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
        {"Effect": "Allow", "Action": "ecs:ListClusters", "Resource": "*"}]}"#;
    assert!(
        polc_catalog::check(text, PolicyType::Identity)
            .findings
            .is_empty()
    );
}

#[test]
fn missing_dependent_action() {
    run(
        "MISSING_DEPENDENT_ACTION",
        &statement(r#""Action": [«"ecs:RunTask"», "ecs:DescribeTasks"], "Resource": "*""#),
        "`ecs:RunTask` also needs `iam:PassRole`, which the policy does not allow",
        "allow `iam:PassRole` too, scoped as tightly as the task allows",
        Severity::Suggestion,
    );
    let text = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "*"},
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"}]}"#;
    assert!(
        polc_catalog::check(text, PolicyType::Identity)
            .findings
            .is_empty()
    );
}

fn resource_case(code: &str, resource: &str, message: &str, help: &str) {
    run(
        code,
        &statement(&format!(
            r#""Action": "ecs:DeleteCluster", "Resource": «"{resource}"»"#
        )),
        message,
        help,
        Severity::Error,
    );
}

#[test]
fn invalid_arns() {
    resource_case(
        "INVALID_ARN_PREFIX",
        "cluster/prod",
        "`cluster/prod` is neither `*` nor an ARN",
        "write the full ARN, `arn:partition:service:region:account:resource`",
    );
    resource_case(
        "INVALID_ARN_PARTITION",
        "arn:amazon:ecs:us-east-1:123456789012:cluster/prod",
        "`amazon` in `arn:amazon:ecs:us-east-1:123456789012:cluster/prod` is not an AWS partition",
        "write `aws` (or `aws-cn`, `aws-us-gov`, ...)",
    );
    // A warning, not an error: IAM accepts any ARN-shaped string (issue
    // 15.3).
    run(
        "INVALID_ARN_SERVICE",
        &statement(
            r#""Action": "ecs:DeleteCluster", "Resource": «"arn:aws:ecss:us-east-1:123456789012:cluster/prod"»"#,
        ),
        "`ecss` in `arn:aws:ecss:us-east-1:123456789012:cluster/prod` is not a service namespace of any ARN",
        "did you mean `ecs`?",
        Severity::Warning,
    );
    resource_case(
        "INVALID_ARN_REGION",
        "arn:aws:ecs:us-east:123456789012:cluster/prod",
        "`us-east` in `arn:aws:ecs:us-east:123456789012:cluster/prod` is not a region",
        "write a region code such as `us-east-1`, or `*`",
    );
    resource_case(
        "INVALID_ARN_ACCOUNT",
        "arn:aws:ecs:us-east-1:12345:cluster/prod",
        "`12345` in `arn:aws:ecs:us-east-1:12345:cluster/prod` is not a 12-digit account id",
        "write the 12-digit account id, or `*`",
    );
    resource_case(
        "INVALID_ARN_RESOURCE",
        "arn:aws:ecs:us-east-1:123456789012",
        "`arn:aws:ecs:us-east-1:123456789012` is not a complete ARN: an ARN has six parts, `arn:partition:service:region:account:resource`; this one has 5",
        "complete the ARN, or end it with `*`",
    );
}

/// A resource type one edit or a case away from one the reference lists,
/// where the statement restricts with it (a `Deny`'s `Resource`, an
/// `Allow`'s `NotResource`): the restriction names no resource, an error
/// (review 28: a `Deny` on `roles/admin-*` passed the gate). Where the
/// statement grants with it, or the type is merely unlisted (the reference
/// lacks some types AWS's own policies name), no such finding.
#[test]
fn a_misspelt_resource_type_that_restricts_is_an_error() {
    let deny = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/*"}, {"Effect": "Deny", "Action": "iam:PassRole", "Resource": «"arn:aws:iam::111122223333:roles/admin-*"»}]}"#;
    run(
        "INVALID_ARN_RESOURCE",
        deny,
        "`arn:aws:iam::111122223333:roles/admin-*` names the type `roles`, which is no resource type of `iam` ARNs, so it names no resource and this statement restricts nothing with it",
        "did you mean `role/`? ARNs are case-sensitive (`polc catalog builders iam` shows the ARN formats)",
        Severity::Error,
    );
    let not_resource = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:*", "NotResource": «"arn:aws:ecs:*:*:Cluster/prod"»}]}"#;
    run(
        "INVALID_ARN_RESOURCE",
        not_resource,
        "`arn:aws:ecs:*:*:Cluster/prod` names the type `Cluster`, which is no resource type of `ecs` ARNs, so it names no resource and this statement restricts nothing with it",
        "did you mean `cluster/`? ARNs are case-sensitive (`polc catalog builders ecs` shows the ARN formats)",
        Severity::Error,
    );
    // Review 29: the other ways a restriction names nothing.
    for (resource, said) in [
        (
            "arn:aws:iam::111122223333:role/admin\u{200b}-*",
            "holds an invisible character (U+200B)",
        ),
        (
            "arn:aws:iam:us-east-1:111122223333:role/admin-*",
            "gives the region `us-east-1`, and `iam` ARNs have none",
        ),
        (
            "arn:aws:IAM::111122223333:role/admin-*",
            "names the service namespace `IAM`, and namespaces are lower case",
        ),
        (
            "arn:aws:iam::111122223333:role:admin-*",
            "names the type `role`, which is no resource type of `iam` ARNs",
        ),
    ] {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Deny", "Action": "iam:PassRole", "Resource": "{resource}"}}]}}"#
        );
        let findings = polc_catalog::check(&text, PolicyType::Identity).findings;
        assert!(
            findings
                .iter()
                .any(|f| f.code.name == "INVALID_ARN_RESOURCE"
                    && f.severity == Severity::Error
                    && f.message.contains(said)),
            "{resource}: {findings:#?}"
        );
    }
    for text in [
        // Granting with a misspelt type grants nothing: RESOURCE_MISMATCH.
        statement(r#""Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:roles/admin-*""#),
        // Types AWS's own policies name that the reference does not list.
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": ["arn:aws:iam::*:root", "arn:aws:waf::*:changetoken/*"]}]}"#.to_owned(),
        // An older form of a listed type, a bucket, a variable.
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": ["arn:aws:ecs:us-east-1:111122223333:task/abc", "arn:aws:s3:::roles", "arn:aws:iam::*:${aws:username}/x", "arn:aws:iam::*:rol*"]}]}"#.to_owned(),
    ] {
        let findings = polc_catalog::check(&text, PolicyType::Identity).findings;
        assert!(
            findings.iter().all(|f| f.code.name != "INVALID_ARN_RESOURCE"),
            "{text}: {findings:#?}"
        );
    }
}

#[test]
fn wildcards_variables_and_placeholders_are_not_invalid_arns() {
    for resource in [
        "arn:aws:ecs:*:*:cluster/*",
        "arn:aws:ecs:*",
        "arn:aws:ecs:<region>:<aws_account_id>:cluster/<cluster_name>",
        "arn:aws-cn:ecs:cn-north-1:123456789012:cluster/prod",
        "arn:aws:ecs:us-gov-west-1:123456789012:cluster/${aws:username}",
    ] {
        let text = statement(&format!(
            r#""Action": "ecs:DeleteCluster", "Resource": "{resource}""#
        ));
        let findings = polc_catalog::check(&text, PolicyType::Identity).findings;
        assert!(findings.is_empty(), "{resource}: {findings:#?}");
    }
}

#[test]
fn resource_mismatch() {
    run(
        "RESOURCE_MISMATCH",
        &statement(
            r#""Action": "ecs:DescribeTasks", "Resource": «"arn:aws:ecs:us-east-1:123456789012:task/abc"»"#,
        ),
        "`ecs:DescribeTasks` acts on `task` (`arn:${Partition}:ecs:${Region}:${Account}:task/${ClusterName}/${TaskId}`); no resource of the statement has that form, so the statement grants nothing for it",
        "write the resource in that form, such as `arn:aws:ecs:*:*:task/*/*`",
        Severity::Warning,
    );
    run(
        "RESOURCE_MISMATCH",
        &statement(
            r#""Action": "ecs:DescribeTask", "Resource": [«"arn:aws:ecs:<region>:<aws_account_id>:task/<task_UUID>"»]"#,
        ),
        "`ecs:DescribeTask` (presumably `ecs:DescribeTasks`) acts on `task` (`arn:${Partition}:ecs:${Region}:${Account}:task/${ClusterName}/${TaskId}`); no resource of the statement has that form, so the statement grants nothing for it",
        "write the resource in that form, such as `arn:aws:ecs:*:*:task/*/*`",
        Severity::Warning,
    );
    // The current format, wildcards, and a trailing `*` over the parts.
    for resource in [
        "arn:aws:ecs:us-east-1:123456789012:task/prod/abc",
        "arn:aws:ecs:us-east-1:123456789012:task/*",
        "arn:aws:ecs:*",
        "arn:aws:ecs:<region>:<aws_account_id>:task/<cluster_name>/<task_id>",
    ] {
        let text = statement(&format!(
            r#""Action": "ecs:DescribeTasks", "Resource": "{resource}""#
        ));
        let findings = polc_catalog::check(&text, PolicyType::Identity).findings;
        assert!(findings.is_empty(), "{resource}: {findings:#?}");
    }
    // A `*` that ends a part may expand beyond the colons, as AWS documents.
    let text =
        statement(r#""Action": "ecs:DescribeTasks", "Resource": "arn:aws:ecs:*:task/prod/abc""#);
    let findings = polc_catalog::check(&text, PolicyType::Identity).findings;
    assert!(findings.is_empty(), "{findings:#?}");
    // One inside a part does not.
    let text = statement(
        r#""Action": "ecs:DescribeTasks", "Resource": "arn:aws:ecs:us-*-1:123456789012:cluster/prod""#,
    );
    let findings = polc_catalog::check(&text, PolicyType::Identity).findings;
    assert!(
        findings.iter().any(|f| f.code.name == "RESOURCE_MISMATCH"),
        "{findings:#?}"
    );
    // An empty resource is not `*`.
    let text = statement(
        r#""Action": "ecs:DescribeTasks", "Resource": ["", "arn:aws:ecs:us-east-1:123456789012:task/abc"]"#,
    );
    let codes: Vec<&str> = polc_catalog::check(&text, PolicyType::Identity)
        .findings
        .iter()
        .map(|f| f.code.name)
        .collect();
    assert_eq!(codes, ["RESOURCE_MISMATCH", "INVALID_ARN_PREFIX"]);
}

#[test]
fn wildcard_only_action_scoped() {
    run(
        "WILDCARD_ONLY_ACTION_SCOPED",
        &statement(
            r#""Action": "ecs:ListClusters", "Resource": «"arn:aws:ecs:us-east-1:123456789012:cluster/prod"»"#,
        ),
        "`ecs:ListClusters` supports no resource-level permissions: it matches only `\"Resource\": \"*\"`, so the statement grants nothing for it",
        "move `ecs:ListClusters` to a statement with `\"Resource\": \"*\"`",
        Severity::Warning,
    );
}

#[test]
fn exceeds_managed_policy() {
    let (text, start, end) = unmark(
        r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "logs:PutLogEvents"], "Resource": "*"},
            {"Effect": "Allow", «"Action"»: ["s3:GetObject", "ecr:BatchGetImage"], "Resource": "*"}]}"#,
    );
    let reference = polc_catalog::Reference::embedded();
    let checked = polc_catalog::check(&text, PolicyType::Identity);
    let baseline = polc_catalog::managed_policy("AmazonECSTaskExecutionRolePolicy")
        .unwrap()
        .policy()
        .unwrap();
    let policy = checked.policy.as_ref().unwrap();
    let mut findings = within(
        policy,
        &checked.statement_paths,
        &baseline,
        "AmazonECSTaskExecutionRolePolicy",
        reference,
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");
    findings[0].locate(checked.json.as_ref().unwrap());
    let finding = &findings[0];
    assert_eq!(finding.code.name, "EXCEEDS_MANAGED_POLICY");
    assert_eq!(
        finding.message,
        "this statement grants `s3:GetObject on *` beyond what `AmazonECSTaskExecutionRolePolicy` grants"
    );
    // With a request that proves it, which the evaluator decides so.
    let example = finding.example.as_deref().unwrap();
    assert!(example.contains(r#""action":"s3:GetObject""#), "{example}");
    assert_eq!(finding.severity, Severity::Warning);
    assert_eq!(
        finding.location.span.map(|s| (s.start, s.end)),
        Some((start, end))
    );
    // Scoped to fewer resources, or under the same condition, stays within.
    let inside = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:*"}]}"#;
    let checked = polc_catalog::check(inside, PolicyType::Identity);
    let policy = checked.policy.as_ref().unwrap();
    assert!(within(policy, &checked.statement_paths, &baseline, "b", reference).is_empty());
}

/// The findings of `--within` (`polc-analysis`'s engine).
fn within(
    policy: &polc_model::Policy,
    paths: &[polc_model::JsonPath],
    baseline: &polc_model::Policy,
    name: &str,
    reference: &polc_catalog::Reference,
) -> Vec<polc_model::Finding> {
    use polc_catalog::checks::{Baseline, Exceeding};
    let baseline = Baseline {
        name: name.to_owned(),
        policy: baseline.clone(),
    };
    polc_analysis::WITHIN.exceeding(policy, paths, &baseline, reference)
}

fn role_run(
    role: &str,
    policy_type: PolicyType,
    marked: &str,
    message: &str,
    help: &str,
    severity: Severity,
) {
    let (text, start, end) = unmark(marked);
    let checked = polc_catalog::check(&text, policy_type);
    let role = polc_catalog::ecs::role(role).unwrap();
    let policy = checked.policy.as_ref().unwrap();
    let mut findings = polc_catalog::checks::roles::role_findings(
        policy,
        &checked.statement_paths,
        policy_type,
        role,
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");
    findings[0].locate(checked.json.as_ref().unwrap());
    let finding = &findings[0];
    assert_eq!(
        (
            finding.message.as_str(),
            finding.help.as_deref(),
            finding.severity
        ),
        (message, Some(help), severity)
    );
    assert_eq!(
        finding.location.span.map(|s| (s.start, s.end)),
        Some((start, end))
    );
}

#[test]
fn ecs_role_trust_mismatch() {
    role_run(
        "task role",
        PolicyType::Trust,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": «"ecs.amazonaws.com"»}, "Action": "sts:AssumeRole"}]}"#,
        "`ecsTaskRole` is assumed by `ecs-tasks.amazonaws.com`, but this trust policy trusts `ecs.amazonaws.com`",
        "trust `ecs-tasks.amazonaws.com` instead",
        Severity::Error,
    );
    assert!(polc_catalog::checks::codes::all().any(|c| c.name == "ECS_ROLE_TRUST_MISMATCH"));
}

#[test]
fn ecs_role_missing_permission() {
    role_run(
        "ecsTaskExecutionRole",
        PolicyType::Identity,
        r#"{"Version": "2012-10-17", «"Statement"»: [{"Effect": "Allow", "Action": ["ecr:*", "logs:PutLogEvents"], "Resource": "*"}]}"#,
        "`ecsTaskExecutionRole` must be able to send container logs to CloudWatch Logs (the `awslogs` log driver), but the policy does not allow `logs:CreateLogStream`",
        "allow `logs:CreateLogStream`, or attach `AmazonECSTaskExecutionRolePolicy` as the documentation does",
        Severity::Warning,
    );
    assert!(polc_catalog::checks::codes::all().any(|c| c.name == "ECS_ROLE_MISSING_PERMISSION"));
}

#[test]
fn findings_never_point_at_a_shifted_entry() {
    let text = statement(r#""Action": [1, "ecs:DescribeCluster"], "Resource": "*""#);
    let checked = polc_catalog::check(&text, PolicyType::Identity);
    let located: Vec<(&str, &str)> = checked
        .findings
        .iter()
        .map(|f| {
            let span = f.location.span.unwrap();
            (f.code.name, &text[span.start..span.end])
        })
        .collect();
    assert_eq!(located, [("INVALID_POLICY_ELEMENT", "1")]);
}

#[test]
fn deny_statements_count_against_what_a_policy_allows() {
    // The role's need is denied: still missing.
    let text = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["ecr:*", "logs:*"], "Resource": "*"},
        {"Effect": "Deny", "Action": "logs:CreateLogStream", "Resource": "*"}]}"#;
    let checked = polc_catalog::check(text, PolicyType::Identity);
    let role = polc_catalog::ecs::role("ecsTaskExecutionRole").unwrap();
    let findings = polc_catalog::checks::roles::role_findings(
        checked.policy.as_ref().unwrap(),
        &checked.statement_paths,
        PolicyType::Identity,
        role,
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");
    // A baseline's Deny is not within the baseline.
    let baseline = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}"#;
    let baseline = polc_model::Policy::from_json_str(baseline, PolicyType::Identity).unwrap();
    let text = statement(r#""Action": "s3:DeleteBucket", "Resource": "*""#);
    let checked = polc_catalog::check(&text, PolicyType::Identity);
    let reference = polc_catalog::Reference::embedded();
    let exceeding = within(
        checked.policy.as_ref().unwrap(),
        &checked.statement_paths,
        &baseline,
        "b",
        reference,
    );
    assert_eq!(exceeding.len(), 1);
}

#[test]
fn pass_role_conditions_that_do_not_pin_the_service_do_not_silence_the_warning() {
    for condition in [
        r#"{"StringNotEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}"#,
        r#"{"StringLikeIfExists": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}"#,
        r#"{"Null": {"iam:PassedToService": "false"}}"#,
        r#"{"StringLike": {"iam:PassedToService": "*"}}"#,
    ] {
        let text = statement(&format!(
            r#""Action": "iam:PassRole", "Resource": "*", "Condition": {condition}"#
        ));
        let codes: Vec<&str> = polc_catalog::check(&text, PolicyType::Identity)
            .findings
            .iter()
            .map(|f| f.code.name)
            .collect();
        assert!(
            codes.contains(&"PASS_ROLE_WITH_STAR_IN_RESOURCE"),
            "{condition}: {codes:?}"
        );
    }
}

#[test]
fn a_wildcard_on_a_scoped_resource_is_judged_once() {
    let text = statement(
        r#""Action": "ecs:*", "Resource": "arn:aws:ecs:us-east-1:123456789012:cluster/prod""#,
    );
    assert!(
        polc_catalog::check(&text, PolicyType::Identity)
            .findings
            .is_empty()
    );
    let text =
        statement(r#""Action": "ecs:Describe*", "Resource": "arn:aws:iam::123456789012:role/web""#);
    let findings = polc_catalog::check(&text, PolicyType::Identity).findings;
    let codes: Vec<&str> = findings.iter().map(|f| f.code.name).collect();
    assert_eq!(codes, ["RESOURCE_MISMATCH"], "{findings:#?}");
}

/// Redundancy reads a `Resource` entry as the evaluator decides with it
/// (issue 13.3): in the first five ARN parts a `*` that does not end its
/// part stays in it, so `us-*-1` does not cover a region part split by a
/// colon, and the narrower entry is not redundant.
#[test]
fn redundancy_reads_resources_as_decisions_do() {
    let text = statement(
        r#""Action": "ec2:StartInstances", "Resource": ["arn:aws:ec2:us-*-1:*:instance/*", "arn:aws:ec2:us-east:x-1:123456789012:instance/i-1", "arn:aws:ec2:us-east-1:123456789012:instance/i-2"]"#,
    );
    let findings = polc_catalog::check(&text, PolicyType::Identity).findings;
    let redundant: Vec<&str> = findings
        .iter()
        .filter(|f| f.code.id == polc_model::codes::CodeId::REDUNDANT_RESOURCE)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(redundant.len(), 1, "{findings:#?}");
    assert!(redundant[0].contains("i-2"), "{redundant:?}");
    // The evaluator reads the wide entry the same way.
    let wide = "arn:aws:ec2:us-*-1:*:instance/*";
    let narrow = "arn:aws:ec2:us-east:x-1:123456789012:instance/i-1";
    assert!(!polc_evaluator::Pattern::resource(wide).matches(narrow));
    assert!(!polc_model::pattern::Pattern::resource(wide).matches(narrow));
}

/// Outside review 24: what AWS's own resource-based policies write is no
/// error. SNS's default topic policy tests `AWS:SourceOwner`; API
/// Gateway's resource policies shorten the API's ARN to `execute-api:/*`
/// (an identity policy cannot); a resource-based policy is not asked for
/// the dependent actions its callers need.
#[test]
fn what_resource_based_policies_of_aws_write() {
    let sns = r#"{"Version": "2008-10-17", "Id": "__default_policy_ID", "Statement": [{"Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"},
        "Action": ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
        "Resource": "arn:aws:sns:us-east-2:111122223333:MyTopic", "Condition": {"StringEquals": {"AWS:SourceOwner": "111122223333"}}}]}"#;
    let findings = polc_catalog::check(sns, PolicyType::Resource).findings;
    let codes: Vec<&str> = findings.iter().map(|f| f.code.name).collect();
    assert_eq!(codes, ["INVALID_SID"], "{findings:#?}");
    let api = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
        {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/prod/GET/pets",
         "Condition": {"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24"]}}}]}"#;
    let findings = polc_catalog::check(api, PolicyType::Resource).findings;
    assert!(
        findings.iter().all(|f| f.severity != Severity::Error),
        "{findings:#?}"
    );
    // A variable alone is no ARN either (third outside review).
    run(
        "INVALID_ARN_PREFIX",
        &statement(r#""Action": "s3:GetObject", "Resource": «"${aws:username}"»"#),
        "`${aws:username}` is neither `*` nor an ARN",
        "write the full ARN, `arn:partition:service:region:account:resource`",
        Severity::Error,
    );
    let identity = statement(r#""Action": "execute-api:Invoke", "Resource": «"execute-api:/*"»"#);
    run(
        "INVALID_ARN_PREFIX",
        &identity,
        "`execute-api:/*` is neither `*` nor an ARN",
        "write the full ARN, `arn:partition:service:region:account:resource`",
        Severity::Error,
    );
    let bucket = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "ecs:RunTask", "Resource": "*"}]}"#;
    assert!(
        polc_catalog::check(bucket, PolicyType::Resource)
            .findings
            .iter()
            .all(|f| f.code.name != "MISSING_DEPENDENT_ACTION")
    );
}
