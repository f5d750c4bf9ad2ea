//! The issue codes of the catalog checks, with their documentation.

use policy_model::finding::{Code, Severity};

macro_rules! codes {
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
        /// Every catalog code.
        pub static ALL: &[&Code] = &[$(&$name),*];
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
