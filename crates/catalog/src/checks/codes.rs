//! The issue codes of the catalog checks, with their documentation.

/// Every catalog code.
pub fn all() -> impl Iterator<Item = &'static Code> {
    NAME_CODES.iter().chain(CONDITION_CODES).copied()
}

use policy_model::finding::{Code, Severity};

macro_rules! codes {
    (@more $list:ident; $($name:ident: $severity:ident, $summary:literal, $explanation:literal, $example:literal, $fix:literal;)*) => {
        $(
            #[doc = $summary]
            pub static $name: Code = Code {
                name: stringify!($name),
                severity: Severity::$severity,
                summary: $summary,
                explanation: $explanation,
                example: $example,
                fix: $fix,
            };
        )*
        /// Codes of this group.
        pub static $list: &[&Code] = &[$(&$name),*];
    };
    ($($name:ident: $severity:ident, $summary:literal, $explanation:literal, $example:literal, $fix:literal;)*) => {
        $(
            #[doc = $summary]
            pub static $name: Code = Code {
                name: stringify!($name),
                severity: Severity::$severity,
                summary: $summary,
                explanation: $explanation,
                example: $example,
                fix: $fix,
            };
        )*
        /// The codes about names: services, actions, keys.
        pub static NAME_CODES: &[&Code] = &[$(&$name),*];
    };
}

codes! {
    INVALID_SERVICE_IN_ACTION: Error,
        "the service prefix of an action is not an AWS service",
        "An action is `service:Name`; IAM knows the services of the Service Authorization Reference. An unknown prefix is usually a typo (`ec:RunTask`) and the statement then grants nothing for it.",
        r#""Action": "ecss:RunTask""#,
        "Write the service prefix as the reference does (`polc catalog services` lists them).";
    INVALID_ACTION: Error,
        "the action does not exist",
        "IAM accepts a policy naming an action that does not exist, and the statement then grants nothing for it: the permission you meant is silently missing. AWS's own ECS documentation has such bugs (`ecs:DescribeCluster`, `iam: PassRole` with a space).",
        r#""Action": ["ecs:DescribeCluster", "iam: PassRole"]"#,
        "Use the exact action name (`polc catalog actions SERVICE` lists them); wildcards must match at least one action.";
    LEGACY_ACTION: Warning,
        "the action (or its service) was retired or renamed",
        "Older editions of the Service Authorization Reference had this action or service; the current one does not. AWS managed policies still carry some. The entry grants nothing today.",
        r#""Action": "deeplens:ListDevices""#,
        "Remove the entry, or replace it with the action that succeeded it.";
    INVALID_SERVICE_CONDITION_KEY: Error,
        "the condition key does not exist for its service",
        "A condition on a key the service never sets is never true (or, with a negated operator or `IfExists`, always true): the statement does not do what it says.",
        r#""Condition": {"StringEquals": {"ecs:clusters": "prod"}}"#,
        "Use a key of the service (`polc catalog action SERVICE:ACTION` shows the keys of an action).";
    INVALID_GLOBAL_CONDITION_KEY: Error,
        "the `aws:` condition key does not exist",
        "Global condition keys are a fixed list (`aws:SourceIp`, `aws:PrincipalTag/...`, ...). A misspelled one is never present in a request, so the condition never holds as meant.",
        r#""Condition": {"Bool": {"aws:SecureTransports": "true"}}"#,
        "Use a global key as AWS spells it.";
}

codes! {
    @more CONDITION_CODES;
    UNSUPPORTED_ACTION_FOR_CONDITION_KEY: Warning,
        "no action of the statement ever has the condition key",
        "A service sets a condition key only for some of its actions. When none of the statement's actions has the key, a condition on it never holds (or, negated or with `IfExists`, always holds), so the statement does not do what it says.",
        r#"{"Action": "ecs:ListClusters", "Resource": "*", "Condition": {"ArnEquals": {"ecs:cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/prod"}}}"#,
        "Use a key the actions have (`polc catalog action SERVICE:ACTION` lists them), or move the condition to a statement with actions that have it.";
    TYPE_MISMATCH: Warning,
        "the operator does not fit the key's type, or a value does not fit the operator",
        "Each condition key has a type (String, ARN, Numeric, Date, Bool, IP address). An operator of another type compares the wrong way (`StringEquals` on a date compares text, not time); a value the operator cannot read (`DateLessThan` with `next week`) never matches.",
        r#""Condition": {"StringLessThan": ...}  or  {"DateGreaterThan": {"aws:CurrentTime": "tomorrow"}}"#,
        "Use the operator family of the key's type (`Date*` for dates, `Numeric*` for numbers, `Arn*` for ARNs, `IpAddress` for addresses, `Bool` for booleans) with values it can read.";
    STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS: SecurityWarning,
        "`StringLike` on an ARN condition key",
        "`StringLike` lets `*` match across the colons of an ARN, so `arn:aws:iam::*:role/x` also matches ARNs of other partitions, services or shapes than meant. `ArnLike` matches each of the six ARN parts separately.",
        r#""Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/deploy"}}"#,
        "Use `ArnLike` (or `ArnEquals`) for ARN keys.";
    FORALLVALUES_WITH_SINGLE_VALUED_KEY: SecurityWarning,
        "`ForAllValues:` with a single-valued key",
        "`ForAllValues:` is true when the request has no value for the key at all, so on a single-valued key it also allows every request that lacks the key — usually far more than meant.",
        r#""Condition": {"ForAllValues:StringEquals": {"aws:RequestedRegion": ["eu-west-1"]}}"#,
        "Use the operator without a qualifier for single-valued keys.";
    EQUIVALENT_TO_NULL_FALSE: Suggestion,
        "`StringLike` with `*` only tests that the key exists",
        "`\"StringLike\": {\"key\": \"*\"}` matches any value, so it only says the key is present: `\"Null\": {\"key\": \"false\"}` says that directly.",
        r#""Condition": {"StringLike": {"aws:ResourceTag/team": "*"}}"#,
        "Write `\"Null\": {\"key\": \"false\"}`.";
}
