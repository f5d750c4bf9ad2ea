//! Checks of what a statement's elements hold, as Access Analyzer makes
//! them: empty conditions and value lists, `Null` with a set qualifier,
//! wildcards under exact operators, VPC and endpoint ids, private and
//! untidy address ranges, wildcards in service prefixes.

use std::net::IpAddr;

use crate::codes;
use crate::condition::values::{Cidr, parse_cidr};
use crate::condition::{
    BaseOperator, ConditionOperator, ConditionValue, OperatorFamily, SetQualifier,
};
use crate::{Finding, JsonPath, Location, OneOrMany, Statement};

/// The checks of this file on one statement.
pub(super) fn rules(statement: &Statement, path: &JsonPath, findings: &mut Vec<Finding>) {
    if statement.sid.as_deref() == Some("") {
        findings.push(
            Finding::new(
                &codes::EMPTY_SID_VALUE,
                "the `Sid` is an empty string",
                Location::value(path.key("Sid")),
            )
            .with_help("give the statement a Sid of letters and digits, or remove `Sid`"),
        );
    }
    for (i, entry) in statement.action.values.iter().enumerate() {
        // One pass over the service part (the bytes before the first `:`).
        let mut colon = false;
        let mut wild = false;
        for &b in entry.as_bytes() {
            if b == b':' {
                colon = true;
                break;
            }
            wild |= b == b'*' || b == b'?';
        }
        if colon && wild {
            findings.push(
                Finding::new(
                    &codes::WILDCARD_IN_SERVICE_NAME,
                    format!("`{entry}` has a wildcard in the service part: it matches the actions of every service whose prefix fits, later ones too"),
                    Location::value(statement.action.values.item_path(&path.key(statement.action.key()), i)),
                )
                .with_help("name the services one by one"),
            );
        }
    }
    let Some(condition) = &statement.condition else {
        return;
    };
    if condition.0.is_empty() {
        findings.push(
            Finding::new(
                &codes::EMPTY_OBJECT_CONDITION,
                "`Condition` is an empty object: it limits nothing",
                Location::value(path.key("Condition")),
            )
            .with_help("write the condition that was meant, or remove `Condition`"),
        );
    }
    for (op, block) in &condition.0 {
        if op.base.family() == OperatorFamily::Null && op.qualifier.is_some() {
            findings.push(
                Finding::new(
                    &codes::NULL_WITH_QUALIFIER,
                    format!("`{op}`: a set qualifier adds nothing to `Null`, which tests whether the key is present"),
                    Location::key(path.key("Condition").key(op.to_string())),
                )
                .with_help("write plain `Null`"),
            );
        }
        for (key, values) in &block.0 {
            let key_path = || path.condition_key(op, key);
            if values.is_empty() {
                findings.push(empty_values(op, key, Location::value(key_path())));
                continue;
            }
            if !key.contains(':') {
                findings.push(
                    Finding::new(
                        &codes::INVALID_CONDITION_KEY_FORMAT,
                        format!("`{key}` is not a condition key: keys are `prefix:name`, such as `aws:username`"),
                        Location::key(key_path()),
                    )
                    .with_help("write the key with its prefix: `aws:` for global keys, the service's prefix for its keys"),
                );
            }
            let spoofable = ["aws:Referer", "aws:UserAgent"]
                .iter()
                .any(|k| k.eq_ignore_ascii_case(key));
            let allow = statement.effect == crate::Effect::Allow;
            if spoofable
                && (!allow || (!op.base.is_negated() && op.base.family() != OperatorFamily::Null))
            {
                // A Deny on a header is escaped by sending (or leaving
                // out) what it does not deny, whatever its operator.
                let message = if allow {
                    format!(
                        "`{key}` is a header the caller writes: anyone who sends the expected value passes this condition"
                    )
                } else {
                    format!(
                        "`{key}` is a header the caller writes: a caller escapes this Deny by sending a value it does not deny, or none"
                    )
                };
                findings.push(
                    Finding::new(&codes::UNTRUSTWORTHY_CONDITION_KEY, message, Location::key(key_path()))
                    .with_help("limit access with keys the caller cannot choose: `aws:SourceVpce`, `aws:SourceIp`, `aws:PrincipalOrgID`"),
                );
            }
            mixed_types(key, values, &key_path, findings);
            service_principals(op, key, values, &key_path, findings);
            exact_with_wildcard(op, key, values, &key_path, findings);
            star(op, key, values, &key_path, findings);
            numbers_and_bools(op, key, values, &key_path, findings);
            special_keys(statement, op, key, &key_path, findings);
            ids(op, key, values, &key_path, findings);
            if key.eq_ignore_ascii_case("aws:SourceIp") {
                source_ip(op, key, values, &key_path, findings);
            }
        }
    }
}

/// The values of one key written as different JSON types (`["a", true]`):
/// Access Analyzer's `INVALID_CONDITION_DATA_TYPE`, an error.
fn mixed_types(
    key: &str,
    values: &OneOrMany<ConditionValue>,
    key_path: &impl Fn() -> JsonPath,
    findings: &mut Vec<Finding>,
) {
    let kind = |v: &ConditionValue| match v {
        ConditionValue::String(_) => "a string",
        ConditionValue::Bool(_) => "a boolean",
        ConditionValue::Number(_) => "a number",
    };
    let mut iter = values.iter();
    let Some(first) = iter.next() else {
        return;
    };
    let Some((i, other)) = iter
        .enumerate()
        .find(|(_, v)| std::mem::discriminant(*v) != std::mem::discriminant(first))
    else {
        return;
    };
    findings.push(
        Finding::new(
            &codes::INVALID_POLICY_ELEMENT,
            format!(
                "the values of `{key}` mix JSON types: `{}` is {}, `{}` {}",
                first.as_text(),
                kind(first),
                other.as_text(),
                kind(other)
            ),
            Location::value(values.item_path(&key_path(), i + 1)),
        )
        .with_help("write every value of a key as the same JSON type: strings, such as `\"true\"` or `\"3600\"`"),
    );
}

/// Keys whose values are service principals (`ecs-tasks.amazonaws.com`),
/// with the form they take; `kms:ViaService` names the service in a Region
/// (`ec2.us-east-1.amazonaws.com`).
const SERVICE_PRINCIPAL_KEYS: [(&str, bool); 9] = [
    ("aws:PrincipalServiceName", false),
    ("aws:PrincipalServiceNamesList", false),
    ("aws:CalledVia", false),
    ("aws:CalledViaFirst", false),
    ("aws:CalledViaLast", false),
    ("iam:PassedToService", false),
    ("iam:AWSServiceName", false),
    ("organizations:ServicePrincipal", false),
    ("kms:ViaService", true),
];

/// A service principal in the value of a key that takes one, not written
/// as a lower-case host name (`ec2` for `ec2.amazonaws.com`): the value
/// never matches, so an Allow grants nothing and a Deny denies nothing.
/// Values with a wildcard or a policy variable are left alone.
fn service_principals(
    op: &ConditionOperator,
    key: &str,
    values: &OneOrMany<ConditionValue>,
    key_path: &impl Fn() -> JsonPath,
    findings: &mut Vec<Finding>,
) {
    let Some(&(_, regional)) = SERVICE_PRINCIPAL_KEYS
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
    else {
        return;
    };
    if !matches!(op.base.family(), OperatorFamily::String) {
        return;
    }
    for (i, value) in values.iter().enumerate() {
        let ConditionValue::String(text) = value else {
            continue;
        };
        if text.is_empty()
            || crate::wildcard::has_wildcard(text)
            || crate::variable::has_variable(text)
        {
            continue;
        }
        // `...IgnoreCase` compares without case: `EC2.AMAZONAWS.COM` is
        // `ec2.amazonaws.com` there.
        let ignore_case = matches!(
            op.base,
            BaseOperator::StringEqualsIgnoreCase | BaseOperator::StringNotEqualsIgnoreCase
        );
        let lowered;
        let text: &str = if ignore_case {
            lowered = text.to_ascii_lowercase();
            &lowered
        } else {
            text
        };
        let host = text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
            && !text.split('.').any(str::is_empty);
        let labels = text.split('.').count();
        let fits = host && if regional { labels >= 4 } else { labels >= 2 };
        if fits {
            // AWS's service principals end in `.amazonaws.com` (or the
            // domain of another partition): another ending is likely a
            // typo (`athena.amazon.com`), which the condition never
            // matches (review 40). A warning: polc has no list of every
            // service principal.
            let aws = SERVICE_DOMAINS.iter().any(|suffix| text.ends_with(suffix));
            if !aws {
                findings.push(
                    Finding::new(
                        &codes::INVALID_SERVICE_PRINCIPAL_FORMAT,
                        format!("`{text}` does not end in `.amazonaws.com`, as AWS's service principals do: if it is a typo, the condition never matches it"),
                        Location::value(values.item_path(&key_path(), i)),
                    )
                    .with_severity(crate::Severity::Warning)
                    .with_help("check the service principal in the service's documentation, such as `athena.amazonaws.com`"),
                );
            }
            continue;
        }
        let lower = text.to_ascii_lowercase();
        let name = lower.split('.').next().unwrap_or_default();
        let (expected, example) = if regional {
            (
                "`SERVICE.REGION.amazonaws.com`",
                format!("`{name}.us-east-1.amazonaws.com`"),
            )
        } else {
            ("`SERVICE.amazonaws.com`", format!("`{name}.amazonaws.com`"))
        };
        let consequence = if op.base.is_negated() {
            "no request has it, so the condition always holds"
        } else {
            "the condition never matches it"
        };
        findings.push(
            Finding::new(
                &codes::INVALID_SERVICE_PRINCIPAL_FORMAT,
                format!("`{text}` is not a service principal as `{key}` gives it ({expected}): {consequence}"),
                Location::value(values.item_path(&key_path(), i)),
            )
            .with_help(format!("write the service's principal in lower case, such as {example}")),
        );
    }
}

/// The domains AWS's service principals end in, one per partition's
/// kind (commercial, China, the isolated regions, the European Sovereign
/// Cloud).
pub(super) const SERVICE_DOMAINS: [&str; 7] = [
    ".amazonaws.com",
    ".amazonaws.com.cn",
    ".c2s.ic.gov",
    ".sc2s.sgov.gov",
    ".cloud.adc-e.uk",
    ".csp.hci.ic.gov",
    ".amazonaws.eu",
];

fn empty_values(op: &ConditionOperator, key: &str, location: Location) -> Finding {
    let (code, consequence) = match (op.qualifier, op.if_exists) {
        (Some(SetQualifier::ForAllValues), _) => (
            &codes::EMPTY_ARRAY_CONDITION_FORALLVALUES,
            "it holds only when the request has no value for the key",
        ),
        (Some(SetQualifier::ForAnyValue), _) => {
            (&codes::EMPTY_ARRAY_CONDITION_FORANYVALUE, "it never holds")
        }
        (None, true) => (
            &codes::EMPTY_ARRAY_CONDITION_IFEXISTS,
            "it holds only when the request lacks the key",
        ),
        (None, false) => (
            &codes::EMPTY_ARRAY_CONDITION,
            "there is nothing to compare with",
        ),
    };
    Finding::new(
        code,
        format!("`{op}` on `{key}` has an empty array of values: {consequence}"),
        location,
    )
    .with_help(if op.qualifier == Some(SetQualifier::ForAnyValue) || (op.qualifier.is_none() && !op.if_exists) {
        "list the values to compare with, or remove the key".to_owned()
    } else {
        format!("list the values, or write `\"Null\": {{\"{key}\": \"true\"}}` if absence is what is meant")
    })
}

/// `*` or `?` (outside a policy variable) in the values of an exact string
/// operator.
fn exact_with_wildcard(
    op: &ConditionOperator,
    key: &str,
    values: &OneOrMany<ConditionValue>,
    key_path: &impl Fn() -> JsonPath,
    findings: &mut Vec<Finding>,
) {
    let like = match op.base {
        BaseOperator::StringEquals | BaseOperator::StringEqualsIgnoreCase => "StringLike",
        BaseOperator::StringNotEquals | BaseOperator::StringNotEqualsIgnoreCase => "StringNotLike",
        _ => return,
    };
    for (i, value) in values.iter().enumerate() {
        if let ConditionValue::String(text) = value
            && crate::wildcard::has_wildcard(text)
            && outside_variables(text).any(|c| c == '*' || c == '?')
        {
            findings.push(
                Finding::new(
                    &codes::WILDCARD_WITHOUT_LIKE_OPERATOR,
                    format!("`{op}` compares `{key}` exactly: the `*` or `?` in `{text}` is a literal character, not a wildcard"),
                    Location::value(values.item_path(&key_path(), i)),
                )
                .with_help(format!("use `{like}` for a pattern; for a literal `*` or `?` keep `{op}`")),
            );
        }
    }
}

/// `*` among the values of `StringLike`/`StringNotLike`: a condition that
/// says only "present", "absent", "always" or "never".
fn star(
    op: &ConditionOperator,
    key: &str,
    values: &OneOrMany<ConditionValue>,
    key_path: &impl Fn() -> JsonPath,
    findings: &mut Vec<Finding>,
) {
    if !values.iter().any(|v| v.as_text() == "*") {
        return;
    }
    let finding = match (op.base, op.qualifier, op.if_exists) {
        (BaseOperator::StringNotLike, None, _)
        | (BaseOperator::StringNotLike, Some(SetQualifier::ForAllValues), _) => Finding::new(
            &codes::EQUIVALENT_TO_NULL_TRUE,
            format!("`{op}` with `*` only says that `{key}` is absent"),
            Location::key(key_path()),
        )
        .with_help(format!("write `\"Null\": {{\"{key}\": \"true\"}}`")),
        (BaseOperator::StringLike, Some(SetQualifier::ForAllValues), _)
        | (BaseOperator::StringLike, None, true) => Finding::new(
            &codes::REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION,
            format!("`{op}` with `*` holds for every request: `{key}` limits nothing"),
            Location::key(key_path()),
        )
        .with_help("remove the key, or write the values that were meant"),
        (BaseOperator::StringNotLike, Some(SetQualifier::ForAnyValue), _) => Finding::new(
            &codes::REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION,
            format!("`{op}` with `*` never holds: every value is like `*`, so the statement never applies"),
            Location::key(key_path()),
        )
        .with_help("remove the statement, or write the values that were meant"),
        _ => return,
    };
    findings.push(finding);
}

/// Several values where one decides (`NumericLessThan`), or both Boolean
/// values at once.
fn numbers_and_bools(
    op: &ConditionOperator,
    key: &str,
    values: &OneOrMany<ConditionValue>,
    key_path: &impl Fn() -> JsonPath,
    findings: &mut Vec<Finding>,
) {
    if values.len() < 2 || op.qualifier.is_some() {
        return;
    }
    let keep = match op.base {
        BaseOperator::NumericLessThan | BaseOperator::NumericLessThanEquals => "largest",
        BaseOperator::NumericGreaterThan | BaseOperator::NumericGreaterThanEquals => "smallest",
        BaseOperator::Bool => {
            findings.push(
                Finding::new(
                    &codes::INVALID_CONDITION_MULTIPLE_BOOLEAN,
                    format!("`Bool` on `{key}` lists {} values: a Boolean key is one of `true` or `false`", values.len()),
                    Location::value(key_path()),
                )
                .with_help("give one value, `true` or `false`"),
            );
            return;
        }
        _ => return,
    };
    if values
        .iter()
        .all(|v| crate::condition::values::parse_number(v.as_text()).is_some())
    {
        findings.push(
            Finding::new(
                &codes::REDUNDANT_CONDITION_VALUE_NUM,
                format!("`{op}` on `{key}` matches if any value does: only the {keep} decides"),
                Location::value(key_path()),
            )
            .with_help(format!("keep the {keep} value only")),
        );
    }
}

/// Keys that are safe only in some uses: `s3:prefix`,
/// `dynamodb:Attributes`, an identity provider's `aud`.
fn special_keys(
    statement: &Statement,
    op: &ConditionOperator,
    key: &str,
    key_path: &impl Fn() -> JsonPath,
    findings: &mut Vec<Finding>,
) {
    let deny = statement.effect == crate::Effect::Deny;
    if key.eq_ignore_ascii_case("s3:prefix")
        && op.base.family() == OperatorFamily::String
        && deny != op.base.is_negated()
    {
        findings.push(
            Finding::new(
                &codes::S3_PREFIX_IN_NEGATIVE_CONTEXT,
                format!("`{op}` on `s3:prefix` in {}: a caller lists a shorter prefix and sees the same keys", if deny { "a Deny" } else { "an Allow" }),
                Location::key(key_path()),
            )
            .with_help("allow listing only under the prefixes that may be seen (`StringLike` in an Allow), and deny nothing by prefix"),
        );
    }
    let reads = || {
        [
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:Query",
            "dynamodb:Scan",
            "dynamodb:PartiQLSelect",
        ]
        .iter()
        .any(|read| statement.names_action(read))
    };
    if key.eq_ignore_ascii_case("dynamodb:Attributes")
        && !deny
        && reads()
        // `Select` must be pinned by a positive test: a negated one holds
        // for a request without the key.
        && !statement.condition.as_ref().is_some_and(|c| {
            c.entries().any(|(op, k, _)| {
                k.eq_ignore_ascii_case("dynamodb:Select") && !op.base.is_negated()
            })
        })
    {
        findings.push(
            Finding::new(
                &codes::DYNAMODB_ATTRIBUTES_WITHOUT_SELECT,
                "`dynamodb:Attributes` is limited without `dynamodb:Select`: a read that names no attributes returns whole items",
                Location::key(key_path()),
            )
            .with_help("add `\"StringEqualsIfExists\": {\"dynamodb:Select\": \"SPECIFIC_ATTRIBUTES\"}` (requests that read no items, such as writes, carry no `dynamodb:Select`)"),
        );
    }
    let audience = key.len() > 4
        && key
            .get(key.len() - 4..)
            .is_some_and(|t| t.eq_ignore_ascii_case(":aud"))
        && !key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:"))
        && !key
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("saml:"));
    if audience {
        let finding = match op.qualifier {
            Some(SetQualifier::ForAnyValue) => Finding::new(
                &codes::FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE,
                format!(
                    "`{op}` treats the audience `{key}` as a set: a token issued for another application that also lists this one passes"
                ),
                Location::key(key_path()),
            ),
            Some(SetQualifier::ForAllValues) => Finding::new(
                &codes::CONFIRM_AUDIENCE_CLAIM_TYPE,
                format!("`{op}` on the audience `{key}` also holds for a token without one"),
                Location::key(key_path()),
            ),
            None => return,
        };
        findings.push(finding.with_help(format!(
            "compare the audience with `{}`",
            ConditionOperator {
                qualifier: None,
                ..*op
            }
        )));
    }
}

/// The characters of `text` outside `${...}`.
fn outside_variables(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut depth = 0_u32;
    let mut previous = '\0';
    text.chars().filter(move |&c| {
        let open = previous == '$' && c == '{';
        previous = c;
        if open {
            depth += 1;
            return false;
        }
        if depth > 0 {
            if c == '}' {
                depth -= 1;
            }
            return false;
        }
        true
    })
}

/// `aws:SourceVpc` and `aws:SourceVpce` values that are not ids.
fn ids(
    op: &ConditionOperator,
    key: &str,
    values: &OneOrMany<ConditionValue>,
    key_path: &impl Fn() -> JsonPath,
    findings: &mut Vec<Finding>,
) {
    let (code, prefix, what, example) = if key.eq_ignore_ascii_case("aws:SourceVpc") {
        (
            &codes::INVALID_VPC_FORMAT,
            "vpc-",
            "a VPC id",
            "vpc-0abc1234def567890",
        )
    } else if key.eq_ignore_ascii_case("aws:SourceVpce") {
        (
            &codes::INVALID_VPCE_FORMAT,
            "vpce-",
            "a VPC endpoint id",
            "vpce-0abc1234def567890",
        )
    } else {
        return;
    };
    if op.base.family() != OperatorFamily::String {
        return;
    }
    for (i, value) in values.iter().enumerate() {
        let text = value.as_text();
        if text.contains(['*', '?', '$']) {
            continue;
        }
        // Ids are lower case, and the comparison is case-sensitive.
        let id_ok = text.strip_prefix(prefix).is_some_and(|rest| {
            matches!(rest.len(), 8 | 17)
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        });
        if !id_ok {
            findings.push(
                Finding::new(
                    code,
                    format!(
                        "`{text}` is not {what}: `{prefix}` and 8 or 17 hexadecimal characters"
                    ),
                    Location::value(values.item_path(&key_path(), i)),
                )
                .with_help(format!("write the id, such as `{example}`")),
            );
        }
    }
}

/// Private and untidy ranges under `IpAddress`/`NotIpAddress` on
/// `aws:SourceIp`.
fn source_ip(
    op: &ConditionOperator,
    key: &str,
    values: &OneOrMany<ConditionValue>,
    key_path: &impl Fn() -> JsonPath,
    findings: &mut Vec<Finding>,
) {
    let negated = match op.base {
        BaseOperator::IpAddress => false,
        BaseOperator::NotIpAddress => true,
        _ => return,
    };
    let ranges: Vec<Option<Cidr>> = values.iter().map(|v| parse_cidr(v.as_text())).collect();
    for (i, (value, range)) in values.iter().zip(&ranges).enumerate() {
        if let Some(range) = range
            && let Some(network) = network_of(range)
            && network != range.address
        {
            findings.push(
                Finding::new(
                    &codes::IMPROVE_IP_RANGE,
                    format!(
                        "`{}` has bits set past its /{} prefix: the range is `{network}/{}`",
                        value.as_text(),
                        range.prefix,
                        range.prefix
                    ),
                    Location::value(values.item_path(&key_path(), i)),
                )
                .with_help(format!(
                    "write `{network}/{}`, or a longer prefix if fewer addresses were meant",
                    range.prefix
                )),
            );
        }
    }
    let private = ranges.iter().flatten().filter(|r| is_private(r)).count();
    if private == 0 {
        return;
    }
    let all = private == values.len();
    let code = match (negated, all) {
        (false, true) => &codes::PRIVATE_IP_ADDRESS,
        (true, true) => &codes::PRIVATE_NOT_IP_ADDRESS,
        (false, false) => &codes::PRIVATE_IP_ADDRESS_SUBSET,
        (true, false) => &codes::PRIVATE_NOT_IP_ADDRESS_SUBSET,
    };
    let consequence = match (negated, all) {
        (false, true) if op.if_exists => {
            "the condition holds only for requests without the key (through a VPC endpoint, among others)"
        }
        (true, true) if op.if_exists => "the condition always holds",
        (false, true) => "the condition never holds",
        (true, true) => "the condition always holds",
        (false, false) => "the private ones admit nothing",
        (true, false) => "the private ones exclude nothing",
    };
    findings.push(
        Finding::new(
            code,
            format!("`{op}` on `{key}` lists private address ranges, which `aws:SourceIp` never holds: {consequence}"),
            Location::key(key_path()),
        )
        .with_help("test addresses inside a VPC with `aws:VpcSourceIp` (and `aws:SourceVpc`); keep public ranges under `aws:SourceIp`"),
    );
}

/// The network address of `range` (its address with the host bits
/// cleared).
fn network_of(range: &Cidr) -> Option<IpAddr> {
    match range.address {
        IpAddr::V4(a) => {
            let bits = u32::from(a);
            let mask = u32::MAX
                .checked_shl(32 - u32::from(range.prefix))
                .unwrap_or(0);
            Some(IpAddr::V4((bits & mask).into()))
        }
        IpAddr::V6(a) => {
            let bits = u128::from(a);
            let mask = u128::MAX
                .checked_shl(128 - u32::from(range.prefix))
                .unwrap_or(0);
            Some(IpAddr::V6((bits & mask).into()))
        }
    }
}

/// Whether the whole range is private (RFC 1918, or IPv6 unique local).
fn is_private(range: &Cidr) -> bool {
    match range.address {
        IpAddr::V4(a) => {
            let [first, second, ..] = a.octets();
            (first == 10 && range.prefix >= 8)
                || (first == 172 && (16..32).contains(&second) && range.prefix >= 12)
                || (first == 192 && second == 168 && range.prefix >= 16)
        }
        IpAddr::V6(a) => {
            let [first, ..] = a.segments();
            (first & 0xfe00) == 0xfc00 && range.prefix >= 7
        }
    }
}
