//! The codes of the catalog checks (`polc-catalog`), with their
//! documentation.

use crate::Code;

/// Every catalog code.
pub fn all() -> impl Iterator<Item = &'static Code> {
    NAME_CODES
        .iter()
        .chain(CONDITION_CODES)
        .chain(STATEMENT_CODES)
        .chain(RESOURCE_CODES)
        .chain(ECS_CODES)
        .chain(WITHIN_CODES)
        .chain(ROLE_CODES)
        .copied()
}

crate::define_codes! {
    NAME_CODES;
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

crate::define_codes! {
    CONDITION_CODES;
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
    TYPE_MISMATCH_NUMBER: Warning,
        "a `Numeric*` operator has a value that is not a number",
        "`NumericLessThan` and its kin compare numbers; a value they cannot read as one (`ten`, `10s`) never compares as meant.",
        r#""Condition": {"NumericLessThan": {"s3:max-keys": "ten"}}"#,
        "Write a number, such as `10` or `0.5`.";
    TYPE_MISMATCH_DATE: Warning,
        "a `Date*` operator has a value that is not a date",
        "`DateLessThan` and its kin compare points in time; a value they cannot read as an ISO 8601 date or epoch seconds (`tomorrow`, `31/01/2026`) never compares as meant.",
        r#""Condition": {"DateGreaterThan": {"aws:CurrentTime": "tomorrow"}}"#,
        "Write an ISO 8601 date, such as `2026-01-31T00:00:00Z`.";
    TYPE_MISMATCH_BOOLEAN: Warning,
        "a `Bool` or `Null` operator has a value that is not `true` or `false`",
        "`Bool` and `Null` compare with `true` or `false`; any other value (`yes`, `1`) never compares as meant.",
        r#""Condition": {"Bool": {"aws:SecureTransport": "yes"}}"#,
        "Write `true` or `false`.";
    TYPE_MISMATCH_STRING: Warning,
        "a `BinaryEquals` value is not base64 text",
        "`BinaryEquals` compares bytes written as base64; a value that is not base64 never compares as meant.",
        r#""Condition": {"BinaryEquals": {"KEY": "not base64!"}}"#,
        "Write the value base64-encoded.";
    TYPE_MISMATCH_IP_RANGE: Error,
        "an `IpAddress`/`NotIpAddress` value is not an address or CIDR range",
        "The address operators compare with IPv4 or IPv6 addresses and CIDR ranges; a value that is neither (`10.0.0.0/33`, `office`) cannot be compared at all.",
        r#""Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/33"}}"#,
        "Write an address or range such as `203.0.113.0/24` or `2001:db8::/32`.";
    ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: Suggestion,
        "an Allow tests a tag key that some of its actions never carry",
        "`aws:ResourceTag/...`, `aws:RequestTag/...` and `aws:TagKeys` are in a request only for the actions (and resource types) that support them. An Allow whose condition needs such a key never grants the actions without it: they are listed but cannot be used.",
        r#"{"Effect": "Allow", "Action": ["ec2:StartInstances", "ec2:DescribeInstances"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "web"}}}"#,
        "Move the actions that lack the key into a statement without the tag condition (scoped by resource instead), or drop them.";
    ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: Suggestion,
        "an Allow with `NotAction` tests a tag key that many of the actions it covers never carry",
        "`NotAction` covers the actions of every service, and many of them have no tag keys in their requests: an Allow whose condition needs one never grants those.",
        r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "web"}}}"#,
        "List the actions that support the key with `Action` instead.";
    DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: SecurityWarning,
        "a Deny tests a tag key that some of its actions never carry, so it never denies them",
        "`aws:ResourceTag/...`, `aws:RequestTag/...` and `aws:TagKeys` are in a request only for the actions that support them. A Deny whose condition needs such a key does not apply to the actions without it: they stay allowed, which is rarely what a Deny is written for.",
        r#"{"Effect": "Deny", "Action": ["ec2:TerminateInstances", "ec2:CreateSnapshot"], "Resource": "*", "Condition": {"StringNotEquals": ...} or {"StringEquals": {"aws:ResourceTag/env": "prod"}}}"#,
        "Deny those actions in a statement of their own, scoped by resource, or use `...IfExists` so that a request without the key is denied too.";
    DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: SecurityWarning,
        "a Deny with `NotAction` tests a tag key that many of the actions it covers never carry",
        "`NotAction` covers the actions of every service, and many have no tag keys in their requests: a Deny whose condition needs one does not apply to those, so they stay allowed.",
        r#"{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/env": "prod"}}}"#,
        "Use `...IfExists` so that requests without the key are denied too, or deny the actions that support the key by name.";
    INVALID_SERVICE: Error,
        "a condition key's prefix is no AWS service",
        "A condition key is `aws:` (global), a service prefix (`ecs:`, `s3:`), an identity provider's host (`accounts.google.com:`) or `SAML:`. Any other prefix (a typo such as `ec:cluster`) names a key no request carries: the condition is always false, or, negated, always true.",
        r#""Condition": {"StringEquals": {"ec:cluster": "..."}}"#,
        "Write the service's prefix: `polc catalog services` lists them.";
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

crate::define_codes! {
    STATEMENT_CODES;
    PASS_ROLE_WITH_STAR_IN_RESOURCE: SecurityWarning,
        "`iam:PassRole` on every role, for every service",
        "`iam:PassRole` lets a principal hand a role to a service (an ECS task, a Lambda function, an EC2 instance), which then acts with the role's permissions. On `\"Resource\": \"*\"` without an `iam:PassedToService` condition, the principal can pass any role — including administrator roles — to any service: a privilege escalation.",
        r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}"#,
        "Name the roles (`arn:aws:iam::123456789012:role/ecsTaskExecutionRole`) and add `\"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"ecs-tasks.amazonaws.com\"}}`.";
    PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: SecurityWarning,
        "a wildcard action includes `iam:PassRole` on every role",
        "A wildcard such as `iam:*` or `*` on `\"Resource\": \"*\"` includes `iam:PassRole` for every role and service, usually without anyone meaning it: whoever has it can run code with any role's permissions.",
        r#"{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}"#,
        "List the IAM actions needed instead of `iam:*`, and grant `iam:PassRole` separately on named roles with an `iam:PassedToService` condition.";
    PASS_ROLE_WITH_NOT_RESOURCE: SecurityWarning,
        "`iam:PassRole` with `NotResource` passes nearly every role",
        "`NotResource` grants on every resource except the ones listed, so `iam:PassRole` with it lets the principal pass every other role — administrator roles and roles created later included — to a service: a privilege escalation.",
        r#"{"Effect": "Allow", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::123456789012:role/admin"}"#,
        "Name the roles to pass in `Resource` instead of `NotResource`.";
    PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: SecurityWarning,
        "a wildcard action with `NotResource` includes `iam:PassRole` for nearly every role",
        "A wildcard such as `*` or `iam:*` includes `iam:PassRole`; with `NotResource` it applies to every role not listed.",
        r#"{"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::secrets/*"}"#,
        "List the actions needed, and grant `iam:PassRole` separately on named roles with `Resource`.";
    PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE: SecurityWarning,
        "`NotAction` with `NotResource` includes `iam:PassRole` for nearly every role",
        "`NotAction` grants every action not listed — `iam:PassRole` included unless it is listed — and `NotResource` every resource not listed: together, passing nearly any role to any service.",
        r#"{"Effect": "Allow", "NotAction": "s3:*", "NotResource": "arn:aws:s3:::secrets/*"}"#,
        "List the actions to allow with `Action` and the resources with `Resource`.";
    CREATE_SLR_WITH_NOT_RESOURCE: Warning,
        "`iam:CreateServiceLinkedRole` with `NotResource`",
        "With `NotResource`, the principal can create the service-linked role of nearly every AWS service.",
        r#"{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "NotResource": "arn:aws:iam::*:role/aws-service-role/rds.amazonaws.com/*"}"#,
        "Name the service's role in `Resource`, or add an `iam:AWSServiceName` condition.";
    CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: Warning,
        "a wildcard action with `NotResource` includes `iam:CreateServiceLinkedRole`",
        "A wildcard such as `*`, `iam:*` or `iam:Create*` includes creating service-linked roles; with `NotResource`, for nearly every service.",
        r#"{"Effect": "Allow", "Action": "iam:Create*", "NotResource": "arn:aws:iam::*:user/*"}"#,
        "List the actions needed, and grant `iam:CreateServiceLinkedRole` with an `iam:AWSServiceName` condition.";
    CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE: Warning,
        "`NotAction` with `NotResource` includes `iam:CreateServiceLinkedRole`",
        "`NotAction` with `NotResource` grants creating service-linked roles of nearly every service, unless `NotAction` lists the action.",
        r#"{"Effect": "Allow", "NotAction": "s3:*", "NotResource": "arn:aws:s3:::secrets/*"}"#,
        "List the actions to allow with `Action` and the resources with `Resource`.";
    CREATE_SLR_WITH_STAR_IN_RESOURCE: Warning,
        "`iam:CreateServiceLinkedRole` for every service",
        "Without an `iam:AWSServiceName` condition (or a resource naming the service's role), the principal can create the service-linked role of any AWS service.",
        r#"{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*"}"#,
        "Add `\"Condition\": {\"StringEquals\": {\"iam:AWSServiceName\": \"ecs.amazonaws.com\"}}`.";
    CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE: Warning,
        "a wildcard action includes `iam:CreateServiceLinkedRole` for every service",
        "A wildcard such as `iam:*` or `iam:Create*` on `\"Resource\": \"*\"` includes creating the service-linked role of any service.",
        r#"{"Effect": "Allow", "Action": "iam:Create*", "Resource": "*"}"#,
        "List the actions needed, and grant `iam:CreateServiceLinkedRole` with an `iam:AWSServiceName` condition.";
    ALLOW_WITH_NOT_PRINCIPAL: SecurityWarning,
        "`Allow` with `NotPrincipal` grants to everyone else",
        "An `Allow` statement with `NotPrincipal` grants the actions to every principal not listed — anonymous users included.",
        r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:user/bob"}, "Action": "s3:GetObject", "Resource": "*"}"#,
        "Name who may act with `Principal`; keep `NotPrincipal` for `Deny` statements.";
    PUBLIC_PRINCIPAL: SecurityWarning,
        "`Allow` to `*` without a condition on who may act grants every account",
        "A resource-based or trust policy that allows `\"Principal\": \"*\"` (or `{\"AWS\": \"*\"}`) without a condition that limits who may act (a positive test of `aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:SourceAccount`, `aws:SourceArn`, `aws:SourceVpce`, `aws:SourceIp`...) lets everyone act, anonymous users included (the IAM User Guide reads `{\"AWS\": \"*\"}` as `\"*\"`). A role trusting `*` can be assumed by anyone with AWS credentials. A `Deny` to everyone of the same actions and resources under one negated test of such a key (`StringNotEquals` `aws:SourceVpce`, as AWS's private API and VPC-endpoint-only bucket policies are written) limits it too.",
        r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}"#,
        "Name the accounts, roles or services that may act, or add a condition that scopes them (`aws:PrincipalOrgID`, `aws:SourceAccount`, `aws:SourceArn`).";
    ALLOW_WITH_NOT_ACTION_AND_STAR_RESOURCE: SecurityWarning,
        "`Allow` with `NotAction` on every resource grants almost everything",
        "`NotAction` with `Allow` grants every action of every AWS service except the ones listed — including actions that do not exist yet — and on `\"Resource\": \"*\"` on every resource.",
        r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#,
        "List the actions to allow with `Action`, or scope the resources.";
    REDUNDANT_ACTION: Suggestion,
        "an action entry is covered by another entry of the statement",
        "An entry whose actions another entry of the same statement already grants (a wildcard that includes it, or the same action twice) adds nothing but length.",
        r#""Action": ["ecs:Describe*", "ecs:DescribeTasks"]"#,
        "Remove the covered entry.";
    REDUNDANT_RESOURCE: Suggestion,
        "a resource entry is covered by another entry of the statement",
        "A resource that another entry of the same statement already matches (a wildcard that includes it, `*`, or the same ARN twice) adds nothing.",
        r#""Resource": ["arn:aws:ecs:*:*:cluster/*", "arn:aws:ecs:us-east-1:123456789012:cluster/prod"]"#,
        "Remove the covered entry.";
    REDUNDANT_STATEMENT: Suggestion,
        "a statement grants nothing another statement does not",
        "Every action and resource of this statement is covered by another statement with the same effect, principal and conditions.",
        r#"[{"Effect": "Allow", "Action": "ecs:*", "Resource": "*"}, {"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "*"}]"#,
        "Remove the covered statement.";
    MISSING_DEPENDENT_ACTION: Suggestion,
        "an allowed action needs another action the policy does not allow",
        "Some actions only succeed when the caller may also do another (`ecs:RunTask` with a task role needs `iam:PassRole`; the Service Authorization Reference lists these dependent actions). Without it, the call fails at run time. A policy is often one of several a principal has, so on a lone document this is a suggestion; where polc reads the document as all of a principal's permissions (`--role`), it is a warning.",
        r#"{"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "*"}"#,
        "Also allow the dependent action, scoped as tightly as possible (for `iam:PassRole`: the role ARN and `iam:PassedToService`).";
}

crate::define_codes! {
    RESOURCE_CODES;
    INVALID_ARN_PREFIX: Error,
        "a resource is neither `*` nor an ARN",
        "`Resource` entries are ARNs (`arn:partition:service:region:account:resource`) or `*`. Anything else (a bucket name, a role name) never matches, so the statement grants nothing for it.",
        r#""Resource": "my-bucket/*""#,
        "Write the full ARN: `arn:aws:s3:::my-bucket/*`.";
    INVALID_ARN_PARTITION: Error,
        "the partition of an ARN is not an AWS partition",
        "The second part of an ARN is the partition: `aws`, `aws-cn`, `aws-us-gov`, or an isolated partition. Another value never matches.",
        r#""Resource": "arn:amazon:ecs:us-east-1:123456789012:cluster/prod""#,
        "Write `aws` (or the partition the account is in).";
    INVALID_ARN_SERVICE: Warning,
        "the service of an ARN is not a service namespace AWS uses in ARNs",
        "The third part of an ARN is the service namespace of the resource (`ecs`, `iam`, `s3`). An unknown one is usually a typo and never matches a resource the reference knows; IAM accepts any ARN-shaped string, and a service newer than the reference has namespaces it does not list yet, so it is a warning, not an error.",
        r#""Resource": "arn:aws:ecss:us-east-1:123456789012:cluster/prod""#,
        "Use the namespace of the resource's ARN format (`polc catalog action SERVICE:ACTION` shows the formats).";
    INVALID_ARN_REGION: Error,
        "the region of an ARN is not a region",
        "The fourth part of an ARN is the region (`us-east-1`), empty for global resources, or a wildcard. A misspelled region never matches.",
        r#""Resource": "arn:aws:ecs:us-east:123456789012:cluster/prod""#,
        "Write the region code, such as `us-east-1`, or `*`.";
    INVALID_ARN_ACCOUNT: Error,
        "the account of an ARN is not a 12-digit account id",
        "The fifth part of an ARN is the 12-digit account id (empty for some resources, `aws` for AWS-owned ones), or a wildcard. Anything else never matches.",
        r#""Resource": "arn:aws:ecs:us-east-1:12345:cluster/prod""#,
        "Write the full 12-digit account id, or `*`.";
    INVALID_ARN_RESOURCE: Error,
        "an ARN is cut short, has an empty part, or restricts with a misspelt resource type",
        "An ARN has six parts separated by colons; the resource part (the sixth) names the resource. A shorter ARN, or one with an empty partition, service or resource, never matches. Where a statement restricts (a `Deny`'s `Resource`, an `Allow`'s `NotResource`), a resource type one edit or a case away from one the Service Authorization Reference lists for the namespace (`roles/admin-*` for IAM's `role/`) names no resource, so the restriction does nothing. A type the reference does not list is not an error by itself: the reference lacks some types AWS's own policies name (`arn:aws:iam::*:root`).",
        r#""Resource": "arn:aws:ecs:us-east-1:123456789012""#,
        "Complete the ARN with its resource part, such as `cluster/prod`, or end it with `*`.";
    RESOURCE_MISMATCH: Warning,
        "an action is paired only with resources of types it does not accept",
        "Each action applies to resources of certain types, each with an ARN format. When none of the statement's resources can have a form the action accepts (`ecs:ListClusters` on a cluster ARN, `ecs:DescribeTasks` on `task/abc` when tasks are `task/${ClusterName}/${TaskId}`), the statement grants nothing for that action.",
        r#"{"Action": "ecs:DescribeTasks", "Resource": "arn:aws:ecs:us-east-1:123456789012:task/abc"}"#,
        "Write the resource in the format of the action's resource type (`polc catalog action SERVICE:ACTION` shows it), or use `*` for actions that accept no resource.";
}

crate::define_codes! {
    ECS_CODES;
    WILDCARD_ONLY_ACTION_SCOPED: Warning,
        "an ECS action that supports no resource-level permissions is given a specific resource",
        "Some ECS actions (`ecs:ListClusters`, `ecs:ListTaskDefinitions`, `ecs:DescribeTaskDefinition`, ...) accept only `\"Resource\": \"*\"`. Scoped to an ARN, the statement never matches them: the permission is silently missing.",
        r#"{"Action": "ecs:ListClusters", "Resource": "arn:aws:ecs:us-east-1:123456789012:cluster/prod"}"#,
        "Move the action to a statement with `\"Resource\": \"*\"` (restrict it with conditions where the action has keys).";
}

crate::define_codes! {
    WITHIN_CODES;
    EXCEEDS_MANAGED_POLICY: Warning,
        "a statement grants what the baseline policy does not",
        "With `--within NAME|FILE`, the policy is compared with the baseline (an AWS managed policy or a policy file) by meaning, with the engine of `polc diff`: every request the policy allows and the baseline does not is reported at the statements that allow it, with an example request (`example` in JSON) that `polc authorize` decides so; a difference the engine cannot decide (a numeric condition, a policy variable...) is reported as one the statement may grant. Use it to keep a custom policy inside what AWS's managed policy for the job grants.",
        "polc check --within AmazonECSTaskExecutionRolePolicy execution-role.json",
        "Remove what the job does not need, or widen the baseline on purpose.";
}

crate::define_codes! {
    ROLE_CODES;
    ECS_ROLE_TRUST_MISMATCH: Error,
        "the trust policy of an ECS role trusts the wrong service",
        "Each ECS role is assumed by one service: the task execution and task roles by `ecs-tasks.amazonaws.com`, the container instance role by `ec2.amazonaws.com`, the ECS Anywhere role by `ssm.amazonaws.com`, the events role by `events.amazonaws.com`. A trust policy naming another service (`ecs.amazonaws.com` for a task role is the classic) means the role can never be used for its job, and may let the wrong service use it.",
        "polc check --policy-type trust --role ecsTaskExecutionRole trust.json  with  \"Principal\": {\"Service\": \"ecs.amazonaws.com\"}",
        "Trust the role's service: `polc catalog role NAME` shows it.";
    ECS_ROLE_MISSING_PERMISSION: Warning,
        "a policy for an ECS role lacks what the role's documented job needs",
        "With `--role NAME`, the policy is read as the permissions of that ECS role; a task execution role that cannot pull from ECR or write to CloudWatch Logs fails to start tasks, an instance role without the agent's actions never joins its cluster.",
        "polc check --role ecsTaskExecutionRole execution-policy.json",
        "Allow the actions the finding lists (or attach the managed policy the documentation names: `polc catalog role NAME`).";
}
