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
        if let Some((prefix, _)) = entry.split_once(':')
            && prefix.contains(['*', '?'])
        {
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
            exact_with_wildcard(op, key, values, &key_path, findings);
            ids(op, key, values, &key_path, findings);
            if key.eq_ignore_ascii_case("aws:SourceIp") {
                source_ip(op, key, values, &key_path, findings);
            }
        }
    }
}

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
        let id_ok = text.strip_prefix(prefix).is_some_and(|rest| {
            matches!(rest.len(), 8 | 17) && rest.bytes().all(|b| b.is_ascii_hexdigit())
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
