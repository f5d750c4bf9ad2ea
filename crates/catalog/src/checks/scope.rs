//! Whether a condition limits who may act: the question behind
//! `PUBLIC_PRINCIPAL`. A statement that allows `"*"` is public unless a
//! condition is false for some principal of an arbitrary other account —
//! one that anybody can open, name as they like, put in an organization of
//! their own, and call from any address.
//!
//! A condition limits only when it is a positive test (not `...Not...`,
//! not `IfExists`, not `ForAllValues:`, which holds when the key is absent)
//! of a key that says who acts or from where, and *every* value (values
//! are ORed) pins something such a principal cannot choose: an account,
//! an organization, a network, a named resource. Wildcard-only patterns,
//! the prefixes every value of the key has (`o-`, `vpce-`), an account
//! part of wildcards, CIDR blocks that cover every address, and variables
//! of keys the principal controls limit nobody.

use std::net::IpAddr;

use policy_model::condition::values::parse_cidr;
use policy_model::condition::{BaseOperator, ConditionOperator, ConditionValue, SetQualifier};
use policy_model::variable::{self, Piece};

/// What a scoping key's values name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// A 12-digit account id.
    Account,
    /// An organization id (`o-...`).
    Org,
    /// An organization path (`o-.../r-.../ou-...`).
    OrgPath,
    /// An ARN (of the principal or of the calling resource).
    Arn,
    /// A VPC or VPC endpoint id.
    Vpc,
    /// An IP address or network.
    Network,
    /// A service principal name.
    Service,
    /// A principal's unique id (`AIDA...`, `AROA...:session`).
    UserId,
}

fn scope_of(key: &str) -> Option<Scope> {
    Some(match key {
        "aws:principalaccount" | "aws:sourceaccount" | "aws:sourceowner" => Scope::Account,
        "aws:principalorgid" | "aws:sourceorgid" => Scope::Org,
        "aws:principalorgpaths" | "aws:sourceorgpaths" => Scope::OrgPath,
        "aws:principalarn" | "aws:sourcearn" => Scope::Arn,
        "aws:sourcevpc" | "aws:sourcevpce" => Scope::Vpc,
        "aws:sourceip" | "aws:vpcsourceip" => Scope::Network,
        "aws:principalservicename" => Scope::Service,
        "aws:userid" => Scope::UserId,
        _ => return None,
    })
}

/// Whether one operator-key entry of a condition limits who may act.
pub(super) fn limits_who(op: &ConditionOperator, key: &str, values: &[ConditionValue]) -> bool {
    use BaseOperator as Op;
    if op.if_exists || op.qualifier == Some(SetQualifier::ForAllValues) || values.is_empty() {
        return false;
    }
    let Some(scope) = scope_of(&key.to_ascii_lowercase()) else {
        return false;
    };
    let wildcards = match op.base {
        Op::StringEquals | Op::StringEqualsIgnoreCase => false,
        Op::StringLike | Op::ArnLike | Op::ArnEquals => true,
        Op::IpAddress => {
            return scope == Scope::Network && !covers_every_address(values);
        }
        _ => return false,
    };
    let crossing = op.base == Op::StringLike;
    values
        .iter()
        .all(|v| value_limits(scope, v.as_text(), wildcards, crossing))
}

/// Whether every value of the key matches this one value: see the module.
fn value_limits(scope: Scope, value: &str, wildcards: bool, crossing: bool) -> bool {
    if value.contains("${") {
        // A variable limits only when the resource's owner sets its value
        // (`aws:PrincipalAccount` = `${aws:ResourceAccount}`); a key of the
        // request's principal or of the request itself (the key compared
        // with its own variable) is the principal's to choose.
        let Ok(pieces) = variable::parse(value) else {
            return false;
        };
        return pieces.iter().all(|p| match p {
            Piece::Variable(v) => {
                let k = v.key.to_ascii_lowercase();
                k.starts_with("aws:resource") && v.default.is_none()
            }
            Piece::Literal(_) | Piece::Escaped(_) => true,
        });
    }
    if !wildcards {
        return true;
    }
    let literal = |s: &str| s.chars().any(|c| c != '*' && c != '?');
    match scope {
        Scope::Account | Scope::Network => literal(value),
        Scope::Org => literal(value.strip_prefix("o-").unwrap_or(value)),
        Scope::OrgPath => {
            let org = value.split('/').next().unwrap_or_default();
            literal(org.strip_prefix("o-").unwrap_or(org))
        }
        Scope::Vpc => literal(
            value
                .strip_prefix("vpce-")
                .or_else(|| value.strip_prefix("vpc-"))
                .unwrap_or(value),
        ),
        Scope::Service => !value.contains(['*', '?']),
        Scope::UserId => {
            let id = value.split(':').next().unwrap_or_default();
            literal(id.get(4..).unwrap_or_default())
        }
        Scope::Arn => arn_limits(value, crossing),
    }
}

/// An ARN pattern limits when it pins an account, or (for ARNs without
/// one, such as S3 buckets') names the resource exactly.
fn arn_limits(value: &str, crossing: bool) -> bool {
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    let [_, _, _, _, account, resource] = parts.as_slice() else {
        return false;
    };
    // Under StringLike a `*` before the account may run over colons, so
    // the account part is not where it seems.
    let before = parts.get(..4).unwrap_or_default();
    if crossing && before.iter().any(|p| p.contains('*')) {
        return false;
    }
    if account.is_empty() {
        let name = resource.split(['/', ':']).next().unwrap_or_default();
        return !name.is_empty() && !name.contains(['*', '?']);
    }
    account.chars().any(|c| c != '*' && c != '?')
}

/// Whether the CIDR blocks together hold every IPv4 or every IPv6 address
/// (the caller picks the family).
fn covers_every_address(values: &[ConditionValue]) -> bool {
    let mut v4: Vec<(u128, u128)> = Vec::new();
    let mut v6: Vec<(u128, u128)> = Vec::new();
    for value in values {
        let Some(cidr) = parse_cidr(value.as_text()) else {
            continue;
        };
        let (bits, start, list) = match cidr.address {
            IpAddr::V4(a) => (32u32, u128::from(u32::from(a)), &mut v4),
            IpAddr::V6(a) => (128u32, u128::from(a), &mut v6),
        };
        let host = bits.saturating_sub(u32::from(cidr.prefix));
        let size = 1u128.checked_shl(host).unwrap_or(0);
        let first = if size == 0 { 0 } else { start & !(size - 1) };
        let last = if size == 0 {
            u128::MAX
        } else {
            first.saturating_add(size - 1)
        };
        list.push((first, last));
    }
    covers(&mut v4, u128::from(u32::MAX)) || covers(&mut v6, u128::MAX)
}

/// Whether the ranges cover 0..=max.
fn covers(ranges: &mut [(u128, u128)], max: u128) -> bool {
    ranges.sort_unstable();
    let mut next: u128 = 0;
    for &(first, last) in ranges.iter() {
        if first > next {
            return false;
        }
        if last >= max {
            return true;
        }
        next = next.max(last + 1);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(op: &str, key: &str, values: &[&str]) -> bool {
        let op: ConditionOperator = op.parse().unwrap();
        let values: Vec<ConditionValue> = values
            .iter()
            .map(|v| ConditionValue::String((*v).into()))
            .collect();
        limits_who(&op, key, &values)
    }

    #[test]
    fn conditions_that_limit_nobody() {
        assert!(!limits(
            "StringLike",
            "aws:PrincipalAccount",
            &["????????????"]
        ));
        assert!(!limits(
            "ArnLike",
            "aws:PrincipalArn",
            &["arn:aws:iam::*:*"]
        ));
        assert!(!limits(
            "ArnLike",
            "aws:PrincipalArn",
            &["arn:aws:iam::*:role/deploy"]
        ));
        assert!(!limits("IpAddress", "aws:SourceIp", &["0.0.0.0/0", "::/0"]));
        assert!(!limits(
            "IpAddress",
            "aws:SourceIp",
            &["0.0.0.0/1", "128.0.0.0/1"]
        ));
        assert!(!limits(
            "ForAllValues:StringEquals",
            "aws:PrincipalOrgPaths",
            &["o-a1b2c3d4e5/*"]
        ));
        assert!(!limits("StringLike", "aws:PrincipalOrgID", &["o-*"]));
        assert!(!limits(
            "StringEquals",
            "aws:PrincipalAccount",
            &["${aws:PrincipalAccount}"]
        ));
        assert!(!limits(
            "StringLike",
            "aws:SourceArn",
            &["arn:*:111122223333:*"]
        ));
        assert!(!limits(
            "StringEquals",
            "aws:PrincipalAccount",
            &["111122223333", "${aws:PrincipalAccount}"]
        ));
        assert!(!limits(
            "StringEqualsIfExists",
            "aws:PrincipalOrgID",
            &["o-a1b2c3d4e5"]
        ));
        assert!(!limits("StringLike", "aws:SourceVpce", &["vpce-*"]));
        assert!(!limits("StringLike", "aws:userid", &["AROA*"]));
        assert!(!limits(
            "StringLike",
            "aws:PrincipalServiceName",
            &["*.amazonaws.com"]
        ));
        assert!(!limits("ArnLike", "aws:SourceArn", &["arn:aws:s3:::*"]));
    }

    #[test]
    fn conditions_that_limit() {
        assert!(limits(
            "StringEquals",
            "aws:PrincipalAccount",
            &["111122223333"]
        ));
        assert!(limits(
            "StringEquals",
            "aws:PrincipalOrgID",
            &["o-a1b2c3d4e5"]
        ));
        assert!(limits(
            "ForAnyValue:StringLike",
            "aws:PrincipalOrgPaths",
            &["o-a1b2c3d4e5/*"]
        ));
        assert!(limits(
            "ArnLike",
            "aws:PrincipalArn",
            &["arn:aws:iam::111122223333:role/*"]
        ));
        assert!(limits(
            "ArnLike",
            "aws:SourceArn",
            &["arn:aws:s3:::my-bucket"]
        ));
        assert!(limits("IpAddress", "aws:SourceIp", &["203.0.113.0/24"]));
        assert!(limits(
            "StringEquals",
            "aws:PrincipalAccount",
            &["${aws:ResourceAccount}"]
        ));
        assert!(limits("StringEquals", "aws:SourceVpce", &["vpce-1a2b3c4d"]));
        assert!(limits("StringLike", "aws:SourceAccount", &["1111222233*"]));
    }
}
