//! The structural checks that need the typed policy: element rules per
//! policy type, Sids, condition qualifiers and policy variables.

mod principals;
mod values;

use crate::codes;
use crate::condition::{KeyTypes, OperatorFamily};
use crate::finding::{Finding, Location, Severity};
use crate::policy::{OneOrMany, Policy, Principal, Statement, Version};
use crate::variable::{self, VariableErrorKind};
use crate::{JsonPath, Text};

/// The kinds of policy, each with its own rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PolicyType {
    /// Attached to a user, group or role: no `Principal`.
    #[default]
    Identity,
    /// Attached to a resource (bucket, queue, key, ...): names a `Principal`.
    Resource,
    /// A role's trust policy: names a `Principal`, has no `Resource`.
    Trust,
    /// An AWS Organizations service control policy: no `Principal`.
    Scp,
}

impl PolicyType {
    /// All types.
    pub const ALL: [Self; 4] = [Self::Identity, Self::Resource, Self::Trust, Self::Scp];

    /// `identity`, `resource`, `trust` or `scp`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Identity => "identity",
            Self::Resource => "resource",
            Self::Trust => "trust",
            Self::Scp => "scp",
        }
    }

    /// Parses a name as [`Self::as_str`] writes it.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The type a document is, read from its statements (for a check
    /// without `--policy-type`): a role trust policy when every statement
    /// names a principal and only `sts:` actions; resource-based when a
    /// statement names a principal; else identity (a service control
    /// policy looks like one: it is never inferred). Text that is not
    /// JSON is identity (its errors are the same).
    ///
    /// ```
    /// use polc_model::PolicyType;
    /// let trust = r#"{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#;
    /// assert_eq!(PolicyType::infer(trust), PolicyType::Trust);
    /// let bucket = r#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}}"#;
    /// assert_eq!(PolicyType::infer(bucket), PolicyType::Resource);
    /// assert_eq!(PolicyType::infer("{}"), PolicyType::Identity);
    /// ```
    pub fn infer(text: &str) -> Self {
        use crate::json::JsonKind;
        let Ok(json) = crate::json::parse(text) else {
            return Self::Identity;
        };
        let statements: Vec<&crate::json::Json<'_>> = match json.get("Statement") {
            Some(member) => match &member.value.kind {
                JsonKind::Array(items) => items.iter().collect(),
                _ => vec![&member.value],
            },
            None => Vec::new(),
        };
        let names_principal = |s: &crate::json::Json<'_>| {
            s.get("Principal").is_some() || s.get("NotPrincipal").is_some()
        };
        let only_sts = |s: &crate::json::Json<'_>| {
            let actions: Vec<&crate::json::Json<'_>> = match s.get("Action").map(|m| &m.value.kind)
            {
                Some(JsonKind::Array(items)) => items.iter().collect(),
                Some(_) => s.get("Action").map(|m| &m.value).into_iter().collect(),
                None => Vec::new(),
            };
            !actions.is_empty()
                && actions.iter().all(|a| {
                    a.as_str()
                        .and_then(|a| a.get(..4))
                        .is_some_and(|p| p.eq_ignore_ascii_case("sts:"))
                })
        };
        if statements.is_empty() || !statements.iter().any(|s| names_principal(s)) {
            Self::Identity
        } else if statements.iter().all(|s| names_principal(s) && only_sts(s)) {
            Self::Trust
        } else {
            Self::Resource
        }
    }

    fn described(self) -> &'static str {
        match self {
            Self::Identity => "an identity policy",
            Self::Resource => "a resource-based policy",
            Self::Trust => "a role trust policy",
            Self::Scp => "a service control policy",
        }
    }
}

/// Runs the typed structural checks on `policy`. Findings carry JSON paths;
/// spans are filled in by whoever holds the source.
pub fn validate(policy: &Policy, policy_type: PolicyType, keys: &dyn KeyTypes) -> Vec<Finding> {
    let statements = JsonPath::root().key("Statement");
    let paths: Vec<JsonPath> = (0..policy.statement.len())
        .map(|i| policy.statement.item_path(&statements, i))
        .collect();
    validate_at(policy, &paths, policy_type, keys)
}

/// [`validate`] for a policy whose statements were read from the given
/// paths (see [`crate::read::ReadPolicy::statement_paths`]).
pub fn validate_at(
    policy: &Policy,
    statement_paths: &[JsonPath],
    policy_type: PolicyType,
    keys: &dyn KeyTypes,
) -> Vec<Finding> {
    validate_read(policy, statement_paths, policy_type, keys, true)
}

/// [`validate_at`]; `dollars` is false when no string of the policy has a
/// `$` (its text has none, nor an escape that could make one), and the
/// checks of policy variables have nothing to find.
pub(crate) fn validate_read(
    policy: &Policy,
    statement_paths: &[JsonPath],
    policy_type: PolicyType,
    keys: &dyn KeyTypes,
    dollars: bool,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut sids = Sids::default();
    let variables = policy.version == Some(Version::V2012_10_17);
    for (statement, path) in policy.statement.iter().zip(statement_paths) {
        element_rules(statement, path, policy_type, &mut findings);
        if let Some(sid) = &statement.sid {
            sid_rules(sid, sids.contains(sid), path, policy_type, &mut findings);
            sids.insert(sid);
        }
        qualifier_rules(statement, path, keys, &mut findings);
        values::rules(statement, path, &mut findings);
        principals::rules(statement, path, policy_type, policy, &mut findings);
        duplicate_key_rules(statement, path, &mut findings);
        principal_values(statement, path, &mut findings);
        if !dollars {
            continue;
        }
        if variables {
            variable_rules(statement, path, keys, &mut findings);
        } else {
            // Without `Version`, IAM reads the policy as 2008-10-17 too: a
            // `Deny` on `${aws:username}` would deny nothing.
            old_version_variables(statement, path, policy.version.is_none(), &mut findings);
        }
    }
    findings
}

fn element_rules(
    statement: &Statement,
    path: &JsonPath,
    policy_type: PolicyType,
    findings: &mut Vec<Finding>,
) {
    let unsupported = |key: &str, message: String, help: &str| {
        Finding::new(
            &codes::UNSUPPORTED_ELEMENT_FOR_POLICY_TYPE,
            message,
            Location::key(path.key(key)),
        )
        .with_help(help)
    };
    let kind = policy_type.described();
    match (policy_type, &statement.principal) {
        (PolicyType::Identity | PolicyType::Scp, Some(p)) => findings.push(unsupported(
            p.key(),
            format!("`{}` is not allowed in {kind}: it applies to whoever it is attached to", p.key()),
            "remove it; if this is a trust or resource-based policy, check it with `--policy-type trust` or `--policy-type resource`",
        )),
        (PolicyType::Trust, Some(p)) if p.not => findings.push(unsupported(
            "NotPrincipal",
            format!("`NotPrincipal` is not allowed in {kind}"),
            "name the principals that may assume the role with `Principal`",
        )),
        (PolicyType::Trust | PolicyType::Resource, None) => findings.push(
            Finding::new(
                &codes::UNSUPPORTED_ELEMENT_FOR_POLICY_TYPE,
                format!("the statement names no `Principal`, which {kind} requires"),
                Location::value(path.clone()),
            )
            .with_help(if policy_type == PolicyType::Trust {
                "add the principal that may assume the role, e.g. `\"Principal\": {\"Service\": \"ecs-tasks.amazonaws.com\"}`; if this is an identity policy, check it with `--policy-type identity`"
            } else {
                "add `\"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:root\"}` or the principals it is for"
            }),
        ),
        _ => {}
    }
    if policy_type == PolicyType::Trust {
        trust_actions(statement, path, findings);
    }
    match (policy_type, &statement.resource) {
        (PolicyType::Trust, Some(r)) => findings.push(unsupported(
            r.key(),
            format!("`{}` is not allowed in {kind}: the role itself is the resource", r.key()),
            "remove it",
        )),
        (PolicyType::Identity | PolicyType::Scp, None) => findings.push(
            Finding::new(&codes::MISSING_RESOURCE, "the statement has no `Resource` or `NotResource`", Location::value(path.clone()))
                .with_help("add `\"Resource\": \"*\"` for actions that take no resource, or the ARNs the actions apply to"),
        ),
        // Amazon ECR's repository policies, as its user guide writes them,
        // have no `Resource`: the statement applies to the repository the
        // policy is attached to (and polc's evaluator reads it so). Other
        // services (S3, SNS, SQS, KMS) refuse such a policy.
        (PolicyType::Resource, None) if !only_ecr(statement) => findings.push(
            Finding::new(&codes::MISSING_RESOURCE, "the statement has no `Resource` or `NotResource`; only Amazon ECR's repository policies may leave it out", Location::value(path.clone()))
                .with_help("add `\"Resource\"` with the ARN of the resource the policy is attached to"),
        ),
        _ => {}
    }
}

/// The actions a role's trust policy may name: IAM refuses any other
/// ("AssumeRole policy may only specify STS AssumeRole actions").
const TRUST_ACTIONS: [&str; 6] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
];

/// The actions of a trust policy's statement: one that matches no action
/// a trust policy may name is refused by IAM (an error); a wildcard that
/// matches them and others (`*`, `sts:*`) may be (a warning).
fn trust_actions(statement: &Statement, path: &JsonPath, findings: &mut Vec<Finding>) {
    if statement.action.not {
        return;
    }
    let values = &statement.action.values;
    let base = path.key(statement.action.key());
    for (i, entry) in values.iter().enumerate() {
        let matches = |action: &str| crate::wildcard::matches_ignore_case(entry, action);
        let location = || Location::value(values.item_path(&base, i));
        if !TRUST_ACTIONS.iter().any(|a| matches(a)) {
            findings.push(
                Finding::new(
                    &codes::UNSUPPORTED_ACTION_IN_POLICY,
                    format!("`{entry}` is not an action a role's trust policy may name: IAM refuses the policy"),
                    location(),
                )
                .with_help("name only `sts:AssumeRole`, `sts:AssumeRoleWithSAML`, `sts:AssumeRoleWithWebIdentity`, `sts:TagSession`, `sts:SetSourceIdentity` or `sts:SetContext`; grant other actions in the role's permissions policies"),
            );
        } else if [
            "sts:GetCallerIdentity",
            "sts:GetFederationToken",
            "iam:PassRole",
        ]
        .iter()
        .any(|a| matches(a))
        {
            findings.push(
                Finding::new(
                    &codes::UNSUPPORTED_ACTION_IN_POLICY,
                    format!("`{entry}` matches actions a role's trust policy may not name: IAM may refuse the policy"),
                    location(),
                )
                .with_severity(crate::Severity::Warning)
                .with_help("name the assume actions the role is for, such as `sts:AssumeRole`"),
            );
        }
    }
}

/// The Sids seen: searched while few (every real policy), hashed beyond,
/// so that a policy of many statements stays linear.
#[derive(Default)]
struct Sids<'p> {
    few: Vec<&'p str>,
    many: std::collections::HashSet<&'p str>,
}

impl<'p> Sids<'p> {
    const FEW: usize = 32;

    fn contains(&self, sid: &str) -> bool {
        self.few.contains(&sid) || self.many.contains(sid)
    }

    fn insert(&mut self, sid: &'p str) {
        if self.few.len() < Self::FEW {
            self.few.push(sid);
        } else {
            self.many.insert(sid);
        }
    }
}

/// Whether every action a statement names is Amazon ECR's (whose
/// repository policies have no `Resource`).
fn only_ecr(statement: &Statement) -> bool {
    !statement.action.not
        && statement.action.values.iter().all(|a| {
            crate::action::split_colon(a).is_some_and(|(prefix, _)| {
                prefix.eq_ignore_ascii_case("ecr") || prefix.eq_ignore_ascii_case("ecr-public")
            })
        })
}

fn sid_rules(
    sid: &str,
    seen: bool,
    path: &JsonPath,
    policy_type: PolicyType,
    findings: &mut Vec<Finding>,
) {
    let location = || Location::value(path.key("Sid"));
    // A resource-based policy's Sids are its service's: some require them
    // unique (SQS, SNS), and some take more characters than IAM does (AWS's
    // own default KMS key policy has `Enable IAM User Permissions`).
    let resource = policy_type == PolicyType::Resource;
    if seen {
        let finding = Finding::new(
            &codes::DUPLICATE_SID,
            format!("the Sid `{sid}` is used by an earlier statement"),
            location(),
        )
        .with_help("give each statement its own Sid");
        // Access Analyzer's `UNIQUE_SIDS_RECOMMENDED` where the service
        // may allow repeats.
        findings.push(if resource {
            finding.with_severity(Severity::Warning)
        } else {
            finding
        });
    }
    if let Some(c) = sid.chars().find(|c| !c.is_ascii_alphanumeric()) {
        let finding = if resource {
            Finding::new(
                &codes::INVALID_SID,
                format!(
                    "the Sid `{sid}` contains `{}`: IAM's own policies take only ASCII letters and digits; this service may take more (KMS, SNS, SQS and Lambda do)",
                    c.escape_debug()
                ),
                location(),
            )
            .with_severity(Severity::Suggestion)
        } else {
            Finding::new(
                &codes::INVALID_SID,
                format!(
                    "the Sid `{sid}` contains `{}`; IAM allows only ASCII letters and digits",
                    c.escape_debug()
                ),
                location(),
            )
        };
        findings.push(finding.with_help(format!("write it as `{}`", alphanumeric(sid))));
    }
}

fn qualifier_rules(
    statement: &Statement,
    path: &JsonPath,
    keys: &dyn KeyTypes,
    findings: &mut Vec<Finding>,
) {
    let Some(condition) = &statement.condition else {
        return;
    };
    for (op, block) in &condition.0 {
        if op.qualifier.is_some() || op.base.family() == OperatorFamily::Null {
            continue;
        }
        for key in block.0.keys() {
            if keys.key_type(key).is_some_and(|t| t.is_multivalued()) {
                let finding = Finding::new(
                    &codes::MISSING_QUALIFIER,
                    format!("`{key}` is multivalued: `{op}` without `ForAllValues:` or `ForAnyValue:` does not say how its values are compared"),
                    Location::key(path.condition_key(op, key)),
                )
                .with_help(format!(
                    "write `ForAllValues:{op}` (every value in the request must match) or `ForAnyValue:{op}` (at least one must)"
                ));
                // AWS's own managed policies test some keys the reference
                // types as multivalued without a qualifier: IAM accepts it.
                findings.push(match keys.unqualified_in_aws_policy(key) {
                    Some(policy) => Finding {
                        message: format!(
                            "{} (AWS's managed policy {policy} tests it so too)",
                            finding.message
                        ),
                        ..finding
                    }
                    .with_severity(Severity::Warning),
                    None => finding,
                });
            }
        }
    }
}

/// Keys of one operator block that differ only in case: the same key twice
/// (key names are case-insensitive). Sorting keeps it linear-logarithmic in
/// the number of keys.
fn duplicate_key_rules(statement: &Statement, path: &JsonPath, findings: &mut Vec<Finding>) {
    let Some(condition) = &statement.condition else {
        return;
    };
    for (op, block) in &condition.0 {
        if block.0.len() < 2 || !same_key_in_another_case(block) {
            continue;
        }
        let mut folded: Vec<(String, usize, &str)> = block
            .0
            .keys()
            .enumerate()
            .map(|(i, k)| (crate::condition::values::fold_case(k), i, k.as_str()))
            .collect();
        folded.sort();
        for pair in folded.windows(2) {
            let [(a, _, first), (b, _, second)] = pair else {
                continue;
            };
            if a == b {
                findings.push(
                    Finding::new(
                        &codes::DUPLICATE_KEYS_WITH_DIFFERENT_CASE,
                        format!("`{second}` is `{first}` again in another case: condition keys are case-insensitive"),
                        Location::key(path.condition_key(op, second)),
                    )
                    .with_help(format!("keep one `{first}` entry in `{op}`, with all its values in one list")),
                );
            }
        }
    }
}

/// Whether two keys of `block` may be one key in two cases: a pass over
/// the keys when they are few and ASCII (every real block); otherwise
/// `true`, and the caller folds and sorts.
fn same_key_in_another_case(block: &crate::ConditionBlock) -> bool {
    const FEW: usize = 8;
    let keys = || block.0.keys();
    if block.0.len() > FEW || !keys().all(|k| k.is_ascii()) {
        return true;
    }
    keys()
        .enumerate()
        .any(|(i, a)| keys().skip(i + 1).any(|b| a.eq_ignore_ascii_case(b)))
}

/// Policy variables under `Version` 2008-10-17 (given, or `missing`: IAM
/// reads a policy without `Version` as 2008-10-17), where they are literal
/// text.
fn old_version_variables(
    statement: &Statement,
    path: &JsonPath,
    missing: bool,
    findings: &mut Vec<Finding>,
) {
    let mut found = |location: Location, value: &str| {
        let why = if missing {
            "the policy has no `Version`, so IAM reads it as 2008-10-17, where it is literal text"
        } else {
            "`Version` 2008-10-17 reads it as literal text"
        };
        findings.push(
            Finding::new(
                &codes::VARIABLE_UNSUPPORTED_IN_VERSION,
                format!("`{value}` holds a policy variable, but {why}"),
                location,
            )
            .with_help("write `\"Version\": \"2012-10-17\"`"),
        );
    };
    if let Some(r) = &statement.resource {
        for (i, value) in r.values.iter().enumerate() {
            if variable::has_variable(value) {
                found(
                    Location::value(r.values.item_path(&path.key(r.key()), i)),
                    value,
                );
            }
        }
    }
    if let Some(condition) = &statement.condition {
        for (op, key, values) in condition.entries() {
            for (i, value) in values.iter().enumerate() {
                if variable::has_variable(value.as_text()) {
                    found(
                        Location::value(values.item_path(&path.condition_key(op, key), i)),
                        value.as_text(),
                    );
                }
            }
        }
    }
}

/// The principals of `statement`, each on its own: empty, a pattern, not
/// the form its kind takes. Whatever the policy's `Version`.
fn principal_values(statement: &Statement, path: &JsonPath, findings: &mut Vec<Finding>) {
    let Some(p) = &statement.principal else {
        return;
    };
    let Principal::Map(map) = &p.value else {
        return;
    };
    for (kind, values) in map {
        for (i, value) in values.iter().enumerate() {
            let whole_star = value == "*" && *kind == crate::policy::PrincipalKind::Aws;
            let why = if value.trim().is_empty() {
                Some("an empty principal names no one")
            } else if !whole_star && crate::wildcard::has_wildcard(value) {
                Some(
                    "a principal is never a pattern: wildcards stand only as the whole value `\"*\"`",
                )
            } else if *kind == crate::policy::PrincipalKind::Aws {
                aws_principal_problem(value)
            } else if *kind == crate::policy::PrincipalKind::CanonicalUser
                && !(value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
                && !(value.contains('<') && value.contains('>'))
            {
                // S3 refuses any other ("Invalid principal in policy").
                Some(
                    "a canonical user id is 64 hexadecimal digits, as `aws s3api list-buckets --query Owner.ID` shows it",
                )
            } else {
                None
            };
            if let Some(why) = why {
                findings.push(
                        Finding::new(
                            &codes::INVALID_PRINCIPAL,
                            format!("`{value}` is not a valid {} principal: {why}", kind.as_str()),
                            Location::value(values.item_path(&path.key(p.key()).key(kind.as_str()), i)),
                        )
                        .with_help("name the principal exactly; to admit many, write `\"*\"` with a condition on `aws:PrincipalArn` (`ArnLike`) or `aws:PrincipalOrgID`"),
                    );
            }
        }
    }
}

fn variable_rules(
    statement: &Statement,
    path: &JsonPath,
    keys: &dyn KeyTypes,
    findings: &mut Vec<Finding>,
) {
    let not_here = |values: &OneOrMany<Text>,
                    base: &dyn Fn() -> JsonPath,
                    element: &str,
                    findings: &mut Vec<Finding>| {
        for (i, value) in values.iter().enumerate() {
            if variable::has_variable(value) {
                let base = base();
                findings.push(
                    Finding::new(
                        &codes::INVALID_VARIABLE,
                        format!("policy variables are not replaced in `{element}`: `{value}` is taken literally"),
                        Location::value(values.item_path(&base, i)),
                    )
                    .with_help("use variables only in `Resource` and in String or ARN condition values"),
                );
            }
        }
    };
    not_here(
        &statement.action.values,
        &|| path.key(statement.action.key()),
        statement.action.key(),
        findings,
    );
    if let Some(p) = &statement.principal
        && let Principal::Map(map) = &p.value
    {
        for (kind, values) in map {
            not_here(
                values,
                &|| path.key(p.key()).key(kind.as_str()),
                p.key(),
                findings,
            );
        }
    }
    if let Some(r) = &statement.resource {
        for (i, value) in r.values.iter().enumerate() {
            if !variable::has_variable(value) {
                continue;
            }
            let location = || Location::value(r.values.item_path(&path.key(r.key()), i));
            if let Some(finding) = check_template(value, keys, location) {
                findings.push(finding);
            } else if value.starts_with("arn:")
                && value.splitn(6, ':').take(5).any(variable::has_variable)
            {
                // The IAM User Guide says a variable is not replaced before
                // the fifth colon, yet AWS's own managed policies write
                // `${aws:PrincipalAccount}` in the account part and IAM
                // accepts them: a warning, and the evaluator leaves such an
                // entry undecided (never an Allow, a Deny where it would
                // match with the variable replaced).
                findings.push(
                    Finding::new(
                        &codes::INVALID_VARIABLE,
                        format!("`{value}` has a policy variable before the resource part of the ARN; the IAM User Guide says IAM does not replace it there"),
                        location(),
                    )
                    .with_help("use variables only after the fifth colon, in the resource part (`arn:aws:s3:::bucket/${aws:username}/*`); polc's evaluator never allows through this entry")
                    .with_severity(Severity::Warning),
                );
            }
        }
    }
    let Some(condition) = &statement.condition else {
        return;
    };
    for (op, block) in &condition.0 {
        let replaced = matches!(
            op.base.family(),
            OperatorFamily::String | OperatorFamily::Arn
        );
        for (key, values) in &block.0 {
            for (i, value) in values.iter().enumerate() {
                let text = value.as_text();
                let location =
                    || Location::value(values.item_path(&path.condition_key(op, key), i));
                if !variable::has_variable(text) {
                    continue;
                }
                if !replaced {
                    findings.push(
                        Finding::new(
                            &codes::INVALID_VARIABLE,
                            format!("policy variables are not replaced in `{op}` values: `{text}` is taken literally"),
                            location(),
                        )
                        .with_help("use variables only with String and ARN operators"),
                    );
                } else if let Some(finding) = check_template(text, keys, location) {
                    findings.push(finding);
                }
            }
        }
    }
}

/// The finding for a malformed template, or for a variable naming a
/// multivalued key (which has no single value to put in its place).
fn check_template(
    text: &str,
    keys: &dyn KeyTypes,
    location: impl Fn() -> Location,
) -> Option<Finding> {
    match variable::parse(text) {
        Err(error) => {
            let code = if error.kind == VariableErrorKind::Empty { &codes::EMPTY_VARIABLE } else { &codes::INVALID_VARIABLE };
            Some(
                Finding::new(code, format!("{} in `{text}`", error.kind), location())
                    .with_help("write `${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, or `${$}` for a literal `$`"),
            )
        }
        Ok(pieces) => pieces.iter().find_map(|piece| match piece {
            variable::Piece::Variable(v) if keys.key_type(v.key).is_some_and(|t| t.is_multivalued()) => Some(
                Finding::new(
                    &codes::INVALID_VARIABLE,
                    format!("`{}` is multivalued and cannot be used as a policy variable", v.key),
                    location(),
                )
                .with_help("test multivalued keys in a `Condition` with `ForAnyValue:` or `ForAllValues:`"),
            ),
            _ => None,
        }),
    }
}

/// `sid` without its other characters, each removed one capitalizing the
/// next letter (`run-tasks` → `runTasks`).
fn alphanumeric(sid: &str) -> String {
    let mut out = String::with_capacity(sid.len());
    let mut capitalize = false;
    for c in sid.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(if capitalize {
                c.to_ascii_uppercase()
            } else {
                c
            });
            capitalize = false;
        } else {
            capitalize = !out.is_empty();
        }
    }
    out
}

/// Why `value` is no `AWS` principal IAM takes: it is `*`, an account id,
/// a unique id IAM wrote, or the ARN of an account's root, a user, a role,
/// a role session or a federated user (CloudFront's origin access
/// identities are users of the account `cloudfront`, their names with
/// spaces). A documentation placeholder (`<account-id>`) is a value to
/// come. IAM refuses anything else with "Invalid principal in policy".
fn aws_principal_problem(value: &str) -> Option<&'static str> {
    const WHAT: &str = "an `AWS` principal is `*`, a 12-digit account id, or the ARN of an account's root, a user, a role, a role session or a federated user";
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if value == "*" || digits(value, 12) || (value.contains('<') && value.contains('>')) {
        return None;
    }
    // A unique id IAM writes where the user (`AIDA…`) or role (`AROA…`)
    // it named was deleted (reported by its own code). The ids of other
    // things (`AGPA…` a group, `AKIA…`/`ASIA…` an access key) name no
    // principal.
    let unique_id = value.len() >= 16
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if unique_id && (value.starts_with("AIDA") || value.starts_with("AROA")) {
        return None;
    }
    if unique_id && value.starts_with('A') {
        return Some(
            "only a user's (`AIDA…`) or a role's (`AROA…`) unique id names a principal; an access key id (`AKIA…`, `ASIA…`), a group's (`AGPA…`) or another id names none",
        );
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        return Some("an account id has 12 digits");
    }
    let Some(rest) = value.strip_prefix("arn:") else {
        return Some(WHAT);
    };
    let mut parts = rest.splitn(5, ':');
    let (Some(partition), Some(service), Some(region), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Some(WHAT);
    };
    // A name after `prefix`, with its path (`user/path/alice`): no part
    // empty (`user/a/` names no user), printable ASCII only (IAM's names
    // and paths; no white space); `parts` of them at least, or exactly
    // when `exact` (`assumed-role/ROLE/SESSION`: a session's ARN has no
    // path, and its name no `/`).
    let name_after = |prefix: &str, parts: usize, exact: bool| {
        resource.strip_prefix(prefix).is_some_and(|name| {
            let count = name.split('/').count();
            // A session's or federated user's names are IAM names:
            // letters, digits and `+=,.@_-` (no `:`).
            let iam_name = |b: u8| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b);
            let parts_ok = if exact {
                count == parts
            } else {
                count >= parts
            };
            parts_ok
                && name.split('/').all(|part| !part.is_empty())
                && name.bytes().all(|b| {
                    if exact {
                        b == b'/' || iam_name(b)
                    } else {
                        b.is_ascii_graphic()
                    }
                })
        })
    };
    if !crate::arn::PARTITIONS.contains(&partition) {
        return Some(
            "the partition of a principal's ARN is `aws`, `aws-cn`, `aws-us-gov`, or one of AWS's isolated ones (`aws-iso`, `aws-iso-b`, `aws-iso-e`, `aws-iso-f`, `aws-eusc`)",
        );
    }
    if !region.is_empty() {
        return Some(WHAT);
    }
    let origin_access_identity = service == "iam"
        && account == "cloudfront"
        && resource.starts_with("user/CloudFront Origin Access Identity ");
    if origin_access_identity {
        return None;
    }
    if !digits(account, 12) {
        return Some("the account of a principal's ARN is a 12-digit account id");
    }
    let known = match service {
        "iam" => {
            resource == "root" || name_after("user/", 1, false) || name_after("role/", 1, false)
        }
        "sts" => name_after("assumed-role/", 2, true) || name_after("federated-user/", 1, true),
        _ => false,
    };
    if service == "sts" && resource.starts_with("assumed-role/") && !known {
        return Some(
            "a role session's ARN is `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`: name the session, or the role (`arn:aws:iam::ACCOUNT:role/ROLE`) for all its sessions",
        );
    }
    if known {
        None
    } else if service == "iam" && resource.starts_with("group/") {
        Some(
            "a group cannot be a principal: name its users, or the account with a condition on the users",
        )
    } else {
        Some(WHAT)
    }
}
