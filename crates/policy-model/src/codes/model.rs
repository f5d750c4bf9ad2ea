//! The codes of the structural checks (`polc-model`), with their
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
    UNSUPPORTED_CHARACTER: Error,
        "the document holds a character IAM does not accept in a policy",
        "IAM's API accepts in a policy document only tab, line feed, carriage return and the characters U+0020 to U+00FF (Basic Latin and Latin-1): a document with any other character written as itself, a byte-order mark included, is refused (KMS key policies have the same rule). polc reports it as an error for identity and trust policies and as a warning for other resource policies and SCPs, whose services may differ. A character written as a `\\uXXXX` escape passes the API's test and is not reported.",
        r#"{"Sid": "Équipe日本", "Effect": "Allow", ...}"#,
        "Write the text in Latin-1, or leave it out: a `Sid` holds only letters and digits anyway.";
    UNSUPPORTED_ACTION_IN_POLICY: Error,
        "the policy names an action its type of policy may not name",
        "A role's trust policy says who may assume the role: IAM accepts in it only the actions of assuming a role and of what a session carries (`sts:AssumeRole`, `sts:AssumeRoleWithSAML`, `sts:AssumeRoleWithWebIdentity`, `sts:TagSession`, `sts:SetSourceIdentity`, `sts:SetContext`) and refuses a policy that names another (\"AssumeRole policy may only specify STS AssumeRole actions\"). A wildcard that matches those and others (`*`, `sts:*`) is a warning: whether IAM takes it is not documented.",
        r#"{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": ["sts:AssumeRole", "s3:GetObject"]}"#,
        "Name only the assume actions in the trust policy; grant what the role may do in its permissions policies.";
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
        "a principal is empty, holds a wildcard, or is no principal IAM takes",
        "A principal names an account, user, role, session, service, identity provider or canonical user exactly. IAM rejects an empty principal, and wildcards only as the whole value `\"*\"` (everyone): `arn:aws:iam::*:role/x` or `*.amazonaws.com` is not a pattern. An `AWS` principal is a 12-digit account id, or the ARN of an account's root, a user, a role, a role session or a federated user (IAM refuses `alice`, an 11-digit account, a group, an S3 ARN, a partition that does not exist, a role session without its session name, or a name that is not printable ASCII with \"Invalid principal in policy\"); a user's or role's unique id IAM wrote (`AIDA…`, `AROA…`; not an access key's `AKIA…` or a group's `AGPA…`) and CloudFront's origin access identities are taken.",
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
    POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA: Warning,
        "the trust policy is larger than IAM's quota for role trust policies",
        "A role trust policy may hold 2,048 characters (without whitespace) by default; the quota can be raised to 4,096 at most. Over 2,048 it is reported as a warning, over 4,096 as an error.",
        "a trust policy listing dozens of principals",
        "Trust an account or use conditions such as `aws:PrincipalOrgID` instead of listing principals one by one, or request a higher quota.";
    POLICY_SIZE_EXCEEDS_SCP_QUOTA: Error,
        "the service control policy is larger than the 5,120-character quota",
        "AWS Organizations limits an SCP to 5,120 characters, and counts every character as sent, whitespace included.",
        "an SCP with many statements, pretty-printed",
        "Minify the policy, merge statements, or split it into several SCPs.";

    EMPTY_ARRAY_ACTION: Suggestion,
        "`Action` is an empty array",
        "A statement whose `Action` lists nothing applies to no request: it neither allows nor denies anything. IAM accepts it; it is usually an unfinished edit. (An empty `NotAction` is an error: it would apply to every action.)",
        r#"{"Effect": "Allow", "Action": [], "Resource": "*"}"#,
        "List the actions the statement is for, or remove the statement.";
    EMPTY_ARRAY_RESOURCE: Suggestion,
        "`Resource` is an empty array",
        "A statement whose `Resource` lists nothing applies to no request. IAM accepts it; it is usually an unfinished edit. (An empty `NotResource` is an error: it would apply to every resource.)",
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": []}"#,
        "List the resources the statement is for (`*` for actions that take none), or remove the statement.";
    EMPTY_OBJECT_CONDITION: Suggestion,
        "`Condition` is an empty object",
        "An empty `Condition` limits nothing: the statement applies as if it had none. If a condition was meant, it is missing.",
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {}}"#,
        "Write the condition that was meant, or remove `Condition`.";
    EMPTY_ARRAY_CONDITION: Suggestion,
        "a condition key has an empty array of values",
        "With no value to compare against, a plain operator never matches: the condition is always false, so an Allow never grants and a Deny never denies (a negated operator is always true while the key is present).",
        r#""Condition": {"StringEquals": {"aws:PrincipalTag/team": []}}"#,
        "Give the values the key should be compared with, or remove the key.";
    EMPTY_ARRAY_CONDITION_FORALLVALUES: Suggestion,
        "`ForAllValues:` on a key with an empty array of values",
        "`ForAllValues:` with no values holds only when the request has no value for the key at all: it says \"the key is absent or empty\", which a `Null` condition says plainly.",
        r#""Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": []}}"#,
        "List the allowed values, or write `\"Null\": {\"KEY\": \"true\"}` if absence is what is meant.";
    EMPTY_ARRAY_CONDITION_FORANYVALUE: Suggestion,
        "`ForAnyValue:` on a key with an empty array of values",
        "`ForAnyValue:` with no values never holds: no request value can match an empty list, so the statement never applies.",
        r#""Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": []}}"#,
        "List the values, or remove the key.";
    EMPTY_ARRAY_CONDITION_IFEXISTS: Suggestion,
        "an `...IfExists` operator on a key with an empty array of values",
        "With no values, an `IfExists` operator holds only when the request lacks the key: it says \"the key is absent\", which a `Null` condition says plainly.",
        r#""Condition": {"StringEqualsIfExists": {"aws:PrincipalTag/team": []}}"#,
        "List the values, or write `\"Null\": {\"KEY\": \"true\"}` if absence is what is meant.";
    EMPTY_SID_VALUE: Suggestion,
        "the `Sid` is an empty string",
        "An empty `Sid` names nothing; tools that refer to statements by Sid cannot refer to this one.",
        r#"{"Sid": "", "Effect": "Allow", ...}"#,
        "Give the statement a Sid of letters and digits, or remove `Sid`.";
    NULL_WITH_QUALIFIER: Suggestion,
        "`Null` with `ForAllValues:` or `ForAnyValue:`",
        "`Null` tests whether a key is present at all; a set qualifier adds nothing to that and makes the condition hard to read, and its result no longer depends on the values.",
        r#""Condition": {"ForAnyValue:Null": {"aws:TagKeys": "false"}}"#,
        "Write plain `Null`.";
    WILDCARD_WITHOUT_LIKE_OPERATOR: Warning,
        "a condition value holds `*` or `?`, but the operator compares exactly",
        "`StringEquals` and its kin compare characters exactly: `*` and `?` in their values are literal characters, not wildcards, so `\"team-*\"` matches only the text `team-*`.",
        r#""Condition": {"StringEquals": {"aws:PrincipalTag/team": "web-*"}}"#,
        "Use `StringLike` (or `StringNotLike`) for patterns; for a literal `*` or `?` keep the operator and write `${*}` or `${?}` under Version 2012-10-17.";
    INVALID_SERVICE_PRINCIPAL_FORMAT: Error,
        "a service principal is not written as a service's host name",
        "A service principal is the service's DNS-style name, such as `ecs-tasks.amazonaws.com` or `events.amazonaws.com`. A bare name (`ecs-tasks`), an ARN or a value with spaces or capitals names no service: the statement trusts no one, and the role cannot be assumed by the service meant.",
        r#""Principal": {"Service": "ecs-tasks"}"#,
        "Write the service principal in full: `ecs-tasks.amazonaws.com`.";
    MISSING_GITHUB_REPO_CONDITION_KEY: SecurityWarning,
        "a role trusts GitHub's OIDC provider without limiting the repository",
        "Every GitHub Actions workflow of every repository on github.com can get a token from `token.actions.githubusercontent.com`. A trust policy that accepts the provider without testing the `sub` claim (`repo:ORG/REPO:...`) lets any of them assume the role.",
        r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}"#,
        "Add `\"StringEquals\": {\"token.actions.githubusercontent.com:sub\": \"repo:ORG/REPO:ref:refs/heads/main\"}` (and `:aud` = `sts.amazonaws.com`).";
    SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED: Warning,
        "the GitHub `sub` condition has a wildcard",
        "A wildcard in the `token.actions.githubusercontent.com:sub` condition admits more workflows than one repository and branch: every branch, pull request or repository the pattern matches can assume the role.",
        r#""StringLike": {"token.actions.githubusercontent.com:sub": "repo:org/*"}"#,
        "Name the repository and the branch or environment: `repo:ORG/REPO:ref:refs/heads/main`.";
    MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL: SecurityWarning,
        "a role trusts an OIDC identity provider without a condition on its claims",
        "Anyone who can get a token from the provider (any user of Google, Cognito, an EKS cluster's service accounts...) can assume a role whose trust policy accepts the provider without testing its claims, such as `aud` or `sub`.",
        r#"{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}"#,
        "Test the provider's claims: `\"StringEquals\": {\"accounts.google.com:aud\": \"APP-ID\"}`.";
    MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY: Error,
        "a trust policy for IAM Roles Anywhere lacks an action it needs",
        "IAM Roles Anywhere assumes a role with `sts:AssumeRole`, and sets the session's source identity and tags from the certificate: its trust statement must allow `sts:AssumeRole`, `sts:SetSourceIdentity` and `sts:TagSession`.",
        r#"{"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
        "Allow `[\"sts:AssumeRole\", \"sts:SetSourceIdentity\", \"sts:TagSession\"]`.";
    MISMATCHED_ACTION_FOR_PRINCIPAL: Error,
        "the `sts:` action does not fit the federated principal",
        "A SAML provider's users assume roles with `sts:AssumeRoleWithSAML`, an OIDC provider's with `sts:AssumeRoleWithWebIdentity`. The other action never comes from that principal, so the statement lets no one in.",
        r#"{"Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/corp"}, "Action": "sts:AssumeRoleWithWebIdentity"}"#,
        "Use `sts:AssumeRoleWithSAML` for a SAML provider and `sts:AssumeRoleWithWebIdentity` for an OIDC provider.";
    INVALID_VPC_FORMAT: Error,
        "an `aws:SourceVpc` value is not a VPC id",
        "A VPC id is `vpc-` followed by 8 or 17 hexadecimal characters. Any other value never matches a request, so the condition never holds (or, negated, always does).",
        r#""Condition": {"StringEquals": {"aws:SourceVpc": "vpc-prod"}}"#,
        "Write the VPC's id, such as `vpc-0abc1234def567890`.";
    INVALID_VPCE_FORMAT: Error,
        "an `aws:SourceVpce` value is not a VPC endpoint id",
        "A VPC endpoint id is `vpce-` followed by 8 or 17 hexadecimal characters. Any other value never matches a request, so the condition never holds (or, negated, always does).",
        r#""Condition": {"StringEquals": {"aws:SourceVpce": "vpc-0abc1234"}}"#,
        "Write the endpoint's id, such as `vpce-0abc1234def567890`.";
    PRIVATE_IP_ADDRESS: Error,
        "`IpAddress` on `aws:SourceIp` lists only private addresses",
        "`aws:SourceIp` is the public address a request comes from; requests from a VPC through an endpoint carry the private address in `aws:VpcSourceIp` instead. A condition that admits only private ranges (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7) never holds.",
        r#""Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#,
        "Use `aws:VpcSourceIp` (with `aws:SourceVpc`) for addresses inside a VPC, or list the public addresses.";
    PRIVATE_NOT_IP_ADDRESS: Error,
        "`NotIpAddress` on `aws:SourceIp` lists only private addresses",
        "`aws:SourceIp` never holds a private address, so `NotIpAddress` with only private ranges is always true: the statement applies to every request that has the key.",
        r#""Condition": {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#,
        "Use `aws:VpcSourceIp` for addresses inside a VPC, or list public addresses.";
    PRIVATE_IP_ADDRESS_SUBSET: Suggestion,
        "`IpAddress` on `aws:SourceIp` mixes public and private addresses",
        "`aws:SourceIp` never holds a private address, so the private ranges in the list admit nothing; only the public ones take effect.",
        r#""Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "10.0.0.0/8"]}}"#,
        "Remove the private ranges, or test them with `aws:VpcSourceIp`.";
    PRIVATE_NOT_IP_ADDRESS_SUBSET: Suggestion,
        "`NotIpAddress` on `aws:SourceIp` mixes public and private addresses",
        "`aws:SourceIp` never holds a private address, so the private ranges in the list exclude nothing.",
        r#""Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "10.0.0.0/8"]}}"#,
        "Remove the private ranges, or test them with `aws:VpcSourceIp`.";
    IMPROVE_IP_RANGE: Suggestion,
        "a CIDR range has bits set past its prefix length",
        "In `203.0.113.5/24` the `.5` is past the 24-bit prefix: the range is `203.0.113.0/24`. Writing it so makes plain which addresses it admits (a typo in the prefix length is easy to miss otherwise).",
        r#""Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.5/24"}}"#,
        "Write the network address: `203.0.113.0/24` (or `/32` if one address was meant).";
    WILDCARD_IN_SERVICE_NAME: Suggestion,
        "the service part of an action has a wildcard",
        "`*` or `?` in the service prefix (`s*:Get*`) matches actions of every service whose prefix fits, including services added later: the statement grows without anyone editing it.",
        r#""Action": "cloud*:Describe*""#,
        "Name the services: `[\"cloudwatch:Describe*\", \"cloudformation:Describe*\"]`.";

    EQUIVALENT_TO_NULL_TRUE: Suggestion,
        "`StringNotLike` with `*` only says that the key is absent",
        "Every value is like `*`, so `StringNotLike` with `*` is false whenever the key is present and true only when it is absent: the same as `Null` with `true`, written obscurely.",
        r#""Condition": {"StringNotLike": {"aws:PrincipalTag/team": "*"}}"#,
        "Write `\"Null\": {\"KEY\": \"true\"}`.";
    REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION: Suggestion,
        "a condition key always matches because of its `*` value",
        "`StringLikeIfExists` or `ForAllValues:StringLike` with `*` holds for every request, with the key or without: the key limits nothing and can go.",
        r#""Condition": {"StringLikeIfExists": {"aws:PrincipalTag/team": "*"}}"#,
        "Remove the key, or write the values that were meant.";
    REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION: Suggestion,
        "a condition with `*` can never hold, so the statement never applies",
        "`ForAnyValue:StringNotLike` with `*` asks for a request value unlike every pattern, and every value is like `*`: the condition is never true, and the statement never applies.",
        r#""Condition": {"ForAnyValue:StringNotLike": {"aws:TagKeys": "*"}}"#,
        "Remove the statement, or write the values that were meant.";
    REDUNDANT_CONDITION_VALUE_NUM: Suggestion,
        "a `Numeric` comparison lists several values where one decides",
        "A request matches a condition if it matches any of its values: with `NumericLessThan` only the largest value matters, with `NumericGreaterThan` only the smallest. The others change nothing and mislead the reader.",
        r#""Condition": {"NumericLessThan": {"s3:max-keys": ["10", "100"]}}"#,
        "Keep the one value that decides.";
    INVALID_CONDITION_MULTIPLE_BOOLEAN: Error,
        "a `Bool` condition lists several values",
        "A Boolean key is true or false; a `Bool` condition with both values holds whenever the key is present, and one with repeated values says the same as one value. Either way it is not what was meant.",
        r#""Condition": {"Bool": {"aws:SecureTransport": ["true", "false"]}}"#,
        "Give one value, `true` or `false`.";
    S3_PREFIX_IN_NEGATIVE_CONTEXT: SecurityWarning,
        "`s3:prefix` is denied by match or allowed by mismatch",
        "`s3:prefix` is what the caller asks to list. A Deny for `home/alice/` does not stop a listing of `home/` (a shorter prefix that shows the same keys), and an Allow for every prefix but one is bypassed the same way. Prefixes are safe only in an Allow that names what may be listed.",
        r#"{"Effect": "Deny", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringLike": {"s3:prefix": "secret/*"}}}"#,
        "Allow listing only under the prefixes that may be seen (`StringLike` in an Allow), and deny nothing by prefix.";
    DYNAMODB_ATTRIBUTES_WITHOUT_SELECT: SecurityWarning,
        "`dynamodb:Attributes` is limited without `dynamodb:Select`",
        "`dynamodb:Attributes` lists the attributes a request names; a query that names none (no projection) returns whole items and is not limited by it. Only with `dynamodb:Select` = `SPECIFIC_ATTRIBUTES` must every read name its attributes.",
        r#""Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["id", "name"]}}"#,
        "Add `\"StringEquals\": {\"dynamodb:Select\": \"SPECIFIC_ATTRIBUTES\"}`.";
    FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE: SecurityWarning,
        "`ForAnyValue:` on an identity provider's `aud` claim",
        "An OIDC token's audience (`aud`) is one value in most providers. `ForAnyValue:` treats it as a set: with a provider that sends several audiences, a token issued for another application that also lists yours passes.",
        r#""Condition": {"ForAnyValue:StringEquals": {"accounts.google.com:aud": "APP-ID"}}"#,
        "Compare the audience with a plain `StringEquals`.";
    CONFIRM_AUDIENCE_CLAIM_TYPE: Suggestion,
        "`ForAllValues:` on an identity provider's `aud` claim",
        "An OIDC token's audience (`aud`) is one value in most providers; `ForAllValues:` also holds when the token has no audience at all.",
        r#""Condition": {"ForAllValues:StringEquals": {"accounts.google.com:aud": "APP-ID"}}"#,
        "Compare the audience with a plain `StringEquals`, unless the provider sends several.";
    INVALID_ROLE_REFERENCE: Warning,
        "a principal is a role's unique id, not its ARN",
        "IAM writes a role's unique id (`AROA...`) in a policy where the role it named was deleted. A new role of the same name gets another id, so the statement trusts no one now.",
        r#""Principal": {"AWS": "AROAEXAMPLEID12345678"}"#,
        "Name the role by ARN (`arn:aws:iam::ACCOUNT:role/NAME`), after checking that it should still be trusted.";
    INVALID_USER_REFERENCE: Warning,
        "a principal is a user's unique id, not its ARN",
        "IAM writes a user's unique id (`AIDA...`) in a policy where the user it named was deleted. A new user of the same name gets another id, so the statement trusts no one now.",
        r#""Principal": {"AWS": "AIDAEXAMPLEID12345678"}"#,
        "Name the user by ARN (`arn:aws:iam::ACCOUNT:user/NAME`), after checking that it should still be trusted.";
    FEDERATED_PRINCIPAL_NOT_SUPPORTED: Error,
        "a `Federated` principal outside a role trust policy",
        "Identity providers sign users in by assuming a role: a `Federated` principal belongs in a role's trust policy, and resource-based policies reject it.",
        r#"bucket policy: {"Principal": {"Federated": "accounts.google.com"}, ...}"#,
        "Trust the provider in a role's trust policy, and grant the role access here.";
    INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY: Error,
        "a `Federated` principal is neither a provider ARN nor a provider's domain",
        "A federated principal names a SAML provider (`arn:aws:iam::ACCOUNT:saml-provider/NAME`), an OIDC provider (`arn:aws:iam::ACCOUNT:oidc-provider/HOST`) or a provider by domain (`accounts.google.com`, `cognito-identity.amazonaws.com`). Anything else names no provider.",
        r#""Principal": {"Federated": "arn:aws:iam::111122223333:role/sso"}"#,
        "Name the identity provider's ARN or domain.";
    REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY: Suggestion,
        "a role session is named beside the role it belongs to",
        "Trusting a role already trusts every session of it: the `assumed-role/ROLE/SESSION` principal beside `role/ROLE` adds nothing.",
        r#""Principal": {"AWS": ["arn:aws:iam::111122223333:role/ci", "arn:aws:sts::111122223333:assumed-role/ci/build"]}"#,
        "Keep the one that was meant: the role, or only the session.";
    RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL: SecurityWarning,
        "a resource-based policy admits a service without saying on whose behalf",
        "A service principal acts for every customer of the service. Without `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID` or `aws:SourceOrgPaths`, anyone can have the service act on this resource for them (the confused deputy).",
        r#"{"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "*"}"#,
        "Add `\"StringEquals\": {\"aws:SourceAccount\": \"ACCOUNT\"}` or `\"ArnLike\": {\"aws:SourceArn\": \"...\"}`.";
    MISSING_ACTION_FOR_CONDITION_KEY: Error,
        "a trust statement tests a key that only another action sets",
        "Session tags (`aws:RequestTag/...`, `aws:TagKeys`) are passed with `sts:TagSession`, a source identity (`sts:SourceIdentity`) with `sts:SetSourceIdentity`. A trust statement that tests them without allowing that action cannot be used to pass them.",
        r#"{"Principal": {"AWS": "..."}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:RequestTag/team": "web"}}}"#,
        "Allow the action that sets the key too: `sts:TagSession` or `sts:SetSourceIdentity`.";

    VARIABLE_UNSUPPORTED_IN_VERSION: Error,
        "a policy variable under a `Version` that does not read variables",
        "Policy variables are read only under `\"Version\": \"2012-10-17\"`. Under `2008-10-17`, and without `Version` (which IAM reads as 2008-10-17), `${aws:username}` is literal text: the entry matches only resources or values that contain those very characters, which is never what was meant.",
        r#"{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]}"#,
        "Write `\"Version\": \"2012-10-17\"`.";
    INVALID_CONDITION_KEY_FORMAT: Error,
        "a condition key is not written as `prefix:name`",
        "Every condition key has a prefix and a name (`aws:SourceIp`, `ecs:cluster`, `accounts.google.com:aud`). A key without a colon names nothing a request carries: a condition on it is always false (or, negated, always true).",
        r#""Condition": {"StringEquals": {"username": "alice"}}"#,
        "Write the key with its prefix, such as `aws:username`.";
    UNTRUSTWORTHY_CONDITION_KEY: SecurityWarning,
        "an Allow relies on a key the caller sets freely",
        "`aws:Referer` and `aws:UserAgent` are HTTP headers the caller writes: anyone who knows the expected value sends it. AWS documents them as not fit to keep out unauthorized callers.",
        r#""Condition": {"StringLike": {"aws:Referer": "https://www.example.com/*"}}"#,
        "Limit access with keys the caller cannot choose: `aws:SourceVpce`, `aws:SourceIp`, `aws:PrincipalOrgID`, or signed requests.";
}
