//! The codes of the structural checks (`policy-model`), with their
//! documentation.
//!
//! Codes are Access Analyzer's where it has the check, so that users and
//! scripts that know Access Analyzer read them unchanged.

crate::define_codes! {
    MODEL;
    JSON_SYNTAX_ERROR: Error,
        "the document is not valid JSON",
        "IAM rejects a policy that is not a single well-formed JSON object. Nothing else can be checked until it parses.",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",}]}"#,
        "Fix the JSON at the marked place: a missing comma or quote, a trailing comma, a comment (JSON has none).";
    MISSING_VERSION: Warning,
        "the policy has no `Version`",
        "Without `\"Version\": \"2012-10-17\"`, IAM reads the policy with the original 2008 language, in which policy variables such as `${aws:username}` are literal text and never match.",
        r#"{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]}"#,
        "Add `\"Version\": \"2012-10-17\"` as the first element.";
    INVALID_VERSION: Error,
        "the `Version` is not a policy language version",
        "`Version` is the version of the policy language, not of your policy. IAM accepts only `2012-10-17` and `2008-10-17` and rejects anything else.",
        r#"{"Version": "2024-01-01", "Statement": []}"#,
        "Use `\"Version\": \"2012-10-17\"`.";
    MISSING_STATEMENT: Error,
        "the policy has no statement",
        "A policy needs a `Statement` element with at least one statement; IAM rejects it otherwise.",
        r#"{"Version": "2012-10-17"}"#,
        "Add `\"Statement\": [...]` with the statements that grant or deny what you mean.";
    MISSING_EFFECT: Error,
        "a statement has no `Effect`",
        "Every statement must say whether it allows or denies; IAM rejects a statement without `Effect`.",
        r#"{"Action": "ecs:ListClusters", "Resource": "*"}"#,
        "Add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`.";
    INVALID_EFFECT: Error,
        "the `Effect` is neither `Allow` nor `Deny`",
        "IAM knows two effects, `Allow` and `Deny`, spelled exactly so (case matters).",
        r#"{"Effect": "allow", "Action": "ecs:ListClusters", "Resource": "*"}"#,
        "Write `Allow` or `Deny`.";
    MISSING_ACTION: Error,
        "a statement has no `Action` or `NotAction`",
        "A statement must name the actions it applies to, with `Action` or `NotAction`. An empty list applies to nothing.",
        r#"{"Effect": "Allow", "Resource": "*"}"#,
        "Add `\"Action\": [...]` with the actions, such as `ecs:RunTask`.";
    MISSING_RESOURCE: Error,
        "a statement has no `Resource` or `NotResource`",
        "Identity policies, resource-based policies and SCPs must name the resources a statement applies to. (Role trust policies have none: the role is the resource.)",
        r#"{"Effect": "Allow", "Action": "ecs:ListClusters"}"#,
        "Add `\"Resource\": \"*\"` for actions that take no resource, or the ARNs the actions should apply to.";
    INVALID_POLICY_ELEMENT: Error,
        "an element is unknown, has the wrong type, or conflicts with another",
        "IAM rejects unknown element names (they are case-sensitive), values of the wrong JSON type, duplicate keys, and pairs that exclude each other such as `Action` with `NotAction`. A misspelled element is not ignored: the whole policy is rejected.",
        r#"{"Effect": "Allow", "Actions": "ecs:ListClusters", "Resource": "*"}"#,
        "Use the element names of the IAM policy grammar (`Sid`, `Effect`, `Principal`, `NotPrincipal`, `Action`, `NotAction`, `Resource`, `NotResource`, `Condition`) with string or string-array values, and only one of each pair.";
    DUPLICATE_SID: Error,
        "two statements have the same `Sid`",
        "Statement ids must be unique within a policy; IAM rejects duplicates, and tools that refer to statements by Sid cannot tell them apart.",
        r#"[{"Sid": "Read", ...}, {"Sid": "Read", ...}]"#,
        "Give each statement its own Sid, or remove the Sid.";
    INVALID_SID: Error,
        "the `Sid` has characters IAM does not allow",
        "IAM accepts only ASCII letters and digits in a Sid (`A-Z`, `a-z`, `0-9`). Some services accept more in their resource-based policies; there it is reported as a warning.",
        r#"{"Sid": "read-only access", ...}"#,
        "Remove spaces, dashes and other punctuation: `ReadOnlyAccess`.";
    UNSUPPORTED_ELEMENT_FOR_POLICY_TYPE: Error,
        "the element is not allowed in this type of policy",
        "Each policy type has its own rules: identity policies and SCPs name no principal (the principal is who the policy is attached to); trust and resource-based policies must name one; trust policies have no `Resource` and no `NotPrincipal`.",
        r#"identity policy: {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}"#,
        "Remove the element, or check the policy as the type it really is with `--policy-type identity|resource|trust|scp`.";
    INVALID_CONDITION_OPERATOR: Error,
        "the condition operator is not an IAM operator",
        "IAM knows a fixed set of condition operators (`StringEquals`, `ArnLike`, `NumericLessThan`, `Bool`, `IpAddress`, `Null`, ...), optionally prefixed with `ForAllValues:` or `ForAnyValue:` and suffixed with `IfExists`. Names are case-sensitive; IAM rejects a policy with any other.",
        r#""Condition": {"stringEquals": {"aws:username": "alice"}}"#,
        "Use the operator's exact name, e.g. `StringEquals`.";
    MISSING_QUALIFIER: Error,
        "a multivalued condition key is used without `ForAllValues:` or `ForAnyValue:`",
        "Keys such as `aws:TagKeys` or `aws:CalledVia` can carry several values in one request. A plain operator on them compares the whole set in a way that is rarely what is meant, and can match when no value does.",
        r#""Condition": {"StringEquals": {"aws:TagKeys": ["team"]}}"#,
        "Say how the set is compared: `ForAllValues:StringEquals` (every requested value is allowed) or `ForAnyValue:StringEquals` (at least one matches).";
    DUPLICATE_KEYS_WITH_DIFFERENT_CASE: Error,
        "a condition key appears twice in one operator block, in different case",
        "Condition key names are case-insensitive, so `aws:PrincipalTag/team` and `aws:principaltag/TEAM` in one operator block are the same key given twice; JSON keeps both, and which one IAM reads is not documented. Access Analyzer reports it as an error, and polc's evaluator refuses the policy rather than guess.",
        r#""Condition": {"StringEquals": {"aws:PrincipalTag/team": "web", "aws:principaltag/TEAM": "ops"}}"#,
        "Keep one entry for the key, with all its values in one list.";
    NULL_WITH_IF_EXISTS: Error,
        "`NullIfExists` is not an operator",
        "`Null` tests whether a key is present; `IfExists` would make it true whenever the key is absent, which makes no sense. Access Analyzer reports it as an error.",
        r#""Condition": {"NullIfExists": {"aws:TokenIssueTime": "true"}}"#,
        "Use `Null` alone.";
    INVALID_PRINCIPAL: Error,
        "a principal is empty or holds a wildcard",
        "A principal names an account, user, role, session, service, identity provider or canonical user exactly. IAM rejects an empty principal, and wildcards only as the whole value `\"*\"` (everyone): `arn:aws:iam::*:role/x` or `*.amazonaws.com` is not a pattern.",
        r#""Principal": {"AWS": "arn:aws:iam::*:role/deploy"}"#,
        "Name the principal exactly; to admit many, write `\"*\"` with a condition on `aws:PrincipalArn` (`ArnLike`) or `aws:PrincipalOrgID`.";
    INVALID_VARIABLE: Error,
        "a policy variable is malformed or used where variables are not allowed",
        "Policy variables (`${aws:username}`) are replaced by request values only in the resource part of a `Resource` ARN and in the values of String and ARN condition operators, with `Version` 2012-10-17. Anywhere else they are literal text or rejected; a malformed `${...}` never matches what was meant.",
        r#""Action": "s3:${aws:username}""#,
        "Write variables as `${prefix:key}` or `${prefix:key, 'default'}`, and only in resources and String/ARN condition values. For a literal `$`, `*` or `?` write `${$}`, `${*}` or `${?}`.";
    EMPTY_VARIABLE: Error,
        "a policy variable is empty: `${}`",
        "`${}` names no key; IAM rejects it.",
        r#""Resource": "arn:aws:s3:::bucket/${}/*""#,
        "Name a key, `${aws:username}`, or write `${$}` for a literal dollar sign.";
    POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA: Warning,
        "the policy is larger than the IAM quota for identity policies",
        "IAM limits policies by size, counted in characters without the whitespace between elements: 6,144 for a managed policy; 2,048 (user), 5,120 (group) and 10,240 (role) for all inline policies of one identity together. A larger policy cannot be saved. Over 6,144 it is reported as a warning (it fits only inline on a role); over 10,240 still as a warning, as Access Analyzer does (AWS's own managed policies are larger, and no customer can save one that big: `polc build` refuses what its `--target` cannot hold).",
        "a managed policy listing hundreds of actions one by one",
        "Use wildcards that mean exactly what you list (`ecs:Describe*`), split the policy in two, or drop what is not needed.";
    POLICY_SIZE_EXCEEDS_TRUST_POLICY_QUOTA: Warning,
        "the trust policy is larger than IAM's quota for role trust policies",
        "A role trust policy may hold 2,048 characters (without whitespace) by default; the quota can be raised to 4,096 at most. Over 2,048 it is reported as a warning, over 4,096 as an error.",
        "a trust policy listing dozens of principals",
        "Trust an account or use conditions such as `aws:PrincipalOrgID` instead of listing principals one by one, or request a higher quota.";
    POLICY_SIZE_EXCEEDS_SCP_QUOTA: Error,
        "the service control policy is larger than the 5,120-character quota",
        "AWS Organizations limits an SCP to 5,120 characters, and counts every character as sent, whitespace included.",
        "an SCP with many statements, pretty-printed",
        "Minify the policy, merge statements, or split it into several SCPs.";
}
