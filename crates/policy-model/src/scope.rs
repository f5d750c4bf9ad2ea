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
//! an organization, a network, a named resource. A value with wildcards
//! pins only through the literal text it starts with: at least
//! [`PINNED_CHARS`] characters beyond what every value of the key starts
//! with (`o-`, `vpce-`, `AROA`). So wildcard-only patterns, `o*`, `*-*`,
//! `*AROA*`, an ARN whose account part is not pinned, networks that hold
//! more than 1/256 of the addresses of their family, variables of keys
//! the principal controls, and a service's name (any customer's calls
//! through that service: the confused deputy) limit nobody.

use crate::wildcard::has_wildcard;
use std::net::IpAddr;

/// The literal characters a wildcard value must start with, beyond the
/// prefix all values of its key share, to pin who may act (one in 36^4
/// organizations, one in 10^4 accounts).
pub const PINNED_CHARS: usize = 4;

use crate::condition::values::parse_cidr;
use crate::condition::{BaseOperator, ConditionOperator, ConditionValue, SetQualifier};
use crate::variable::{self, Piece};
use crate::wildcard;

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
    /// A principal's unique id (`AIDA...`, `AROA...:session`).
    UserId,
}

fn scope_of(key: &str) -> Option<Scope> {
    Some(match key {
        // `kms:CallerAccount`: the caller's account, as KMS's own key
        // policies (the AWS managed keys') pin it (review 39).
        "aws:principalaccount" | "aws:sourceaccount" | "aws:sourceowner" | "kms:calleraccount" => {
            Scope::Account
        }
        "aws:principalorgid" | "aws:sourceorgid" => Scope::Org,
        "aws:principalorgpaths" | "aws:sourceorgpaths" => Scope::OrgPath,
        // S3's access points: a bucket policy that allows `*` through the
        // owner's access points only hands the decision to their policies,
        // as the S3 User Guide delegates it.
        "s3:dataaccesspointaccount" => Scope::Account,
        "aws:principalarn" | "aws:sourcearn" | "s3:dataaccesspointarn" => Scope::Arn,
        "aws:sourcevpc" | "aws:sourcevpce" => Scope::Vpc,
        // `aws:VpcSourceIp` is an address in the caller's own VPC, which
        // any account can number as it likes: it limits nobody alone.
        "aws:sourceip" => Scope::Network,
        "aws:userid" => Scope::UserId,
        _ => return None,
    })
}

/// The principal's key a resource key is the counterpart of
/// (`aws:ResourceOrgID` and `aws:PrincipalOrgID`).
fn principal_side_of(key: &str) -> Option<&'static str> {
    Some(match key {
        "aws:resourceorgid" => "aws:PrincipalOrgID",
        "aws:resourceaccount" => "aws:PrincipalAccount",
        "aws:resourceorgpaths" => "aws:PrincipalOrgPaths",
        _ => return None,
    })
}

/// Whether one operator-key entry of a condition limits who may act.
pub fn limits_who(op: &ConditionOperator, key: &str, values: &[ConditionValue]) -> bool {
    use BaseOperator as Op;
    if op.if_exists || op.qualifier == Some(SetQualifier::ForAllValues) || values.is_empty() {
        return false;
    }
    let key = key.to_ascii_lowercase();
    if let Some(principal_key) = principal_side_of(&key) {
        // `aws:ResourceOrgID` = `${aws:PrincipalOrgID}`: the caller must be
        // of the resource's organization (account): a positive, exact test.
        return matches!(op.base, Op::StringEquals | Op::StringEqualsIgnoreCase)
            && values.iter().all(|v| {
                let text = v.as_text();
                text.strip_prefix("${")
                    .and_then(|t| t.strip_suffix('}'))
                    .is_some_and(|k| k.trim().eq_ignore_ascii_case(principal_key))
            });
    }
    let Some(scope) = scope_of(&key) else {
        return false;
    };
    let wildcards = match op.base {
        Op::StringEquals | Op::StringEqualsIgnoreCase => false,
        Op::StringLike | Op::ArnLike | Op::ArnEquals => true,
        Op::IpAddress => {
            return scope == Scope::Network && !holds_too_many_addresses(values);
        }
        _ => return false,
    };
    let crossing = op.base == Op::StringLike;
    values
        .iter()
        .all(|v| value_limits(scope, v.as_text(), wildcards, crossing))
}

/// Whether the value pins who may act: see the module.
fn value_limits(scope: Scope, value: &str, wildcards: bool, crossing: bool) -> bool {
    let value = if value.contains("${") {
        // A variable limits only when the resource's owner sets its value
        // (`aws:PrincipalAccount` = `${aws:ResourceAccount}`): such a
        // variable stands for literal text. A key of the principal or of
        // the request (the key compared with its own variable) is the
        // principal's to choose.
        let Ok(pieces) = variable::parse(value) else {
            return false;
        };
        let mut text = String::new();
        for piece in &pieces {
            match piece {
                Piece::Variable(v) => {
                    let k = v.key.to_ascii_lowercase();
                    if !k.starts_with("aws:resource") || v.default.is_some() {
                        return false;
                    }
                    text.push_str("000000000000");
                }
                Piece::Literal(l) => text.push_str(l),
                Piece::Escaped(c) => text.push(*c),
            }
        }
        text
    } else {
        value.to_owned()
    };
    let value = value.as_str();
    if scope == Scope::UserId && value.eq_ignore_ascii_case("anonymous") {
        return false;
    }
    if !wildcards || !has_wildcard(value) {
        return true;
    }
    match scope {
        Scope::Account => pinned(value, &[]),
        Scope::Network => false,
        Scope::Org => pinned(value, &["o-"]),
        Scope::OrgPath => pinned(value, &["o-"]),
        Scope::Vpc => pinned(value, &["vpce-", "vpc-"]),
        // Anonymous callers have the user id `anonymous`.
        Scope::UserId if wildcard::matches_ignore_case(value, "anonymous") => false,
        Scope::UserId => {
            // AIDA..., AROA...: the first four letters name the kind.
            let start: String = value.chars().take(4).collect();
            start.chars().all(|c| c.is_ascii_alphabetic()) && pinned(value, &[start.as_str()])
        }
        Scope::Arn => arn_limits(value, crossing),
    }
}

/// Whether `value` starts with at least [`PINNED_CHARS`] literal
/// characters beyond the longest of `prefixes` it starts with (or that
/// its literal start is part of).
fn pinned(value: &str, prefixes: &[&str]) -> bool {
    let literal = value.split(['*', '?']).next().unwrap_or_default();
    let beyond = prefixes
        .iter()
        .filter_map(|p| {
            if let Some(rest) = literal.strip_prefix(p) {
                Some(rest.chars().count())
            } else if p.starts_with(literal) {
                Some(0)
            } else {
                None
            }
        })
        .min()
        .unwrap_or_else(|| literal.chars().count());
    beyond >= PINNED_CHARS
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
    if crossing && before.iter().any(|p| has_wildcard(p)) {
        return false;
    }
    // An ARN without an account (S3 buckets, Route 53 zones) pins who
    // only when it names one resource exactly: `hostedzone/*` is every
    // account's zones.
    if account.is_empty() {
        return !resource.is_empty() && !has_wildcard(resource);
    }
    !has_wildcard(account) || pinned(account, &[])
}

/// Whether the CIDR blocks together hold more than 1/256 of the IPv4 or of
/// the IPv6 addresses (the caller picks the family, and can come from a
/// large share of the internet: a cloud provider's ranges).
fn holds_too_many_addresses(values: &[ConditionValue]) -> bool {
    let mut v4: Vec<(u128, u128)> = Vec::new();
    let mut v6: Vec<(u128, u128)> = Vec::new();
    for value in values {
        let Some(cidr) = parse_cidr(value.as_text()) else {
            continue;
        };
        // An IPv4-mapped IPv6 block (`::ffff:0:0/96`) is IPv4 addresses.
        let address = match cidr.address {
            IpAddr::V6(a) if cidr.prefix >= 96 => {
                a.to_ipv4_mapped().map_or(cidr.address, IpAddr::V4)
            }
            other => other,
        };
        let prefix = match (cidr.address, address) {
            (IpAddr::V6(_), IpAddr::V4(_)) => cidr.prefix - 96,
            _ => cidr.prefix,
        };
        let (bits, start, list) = match address {
            IpAddr::V4(a) => (32u32, u128::from(u32::from(a)), &mut v4),
            IpAddr::V6(a) => (128u32, u128::from(a), &mut v6),
        };
        let host = bits.saturating_sub(u32::from(prefix));
        let size = 1u128.checked_shl(host).unwrap_or(0);
        let first = if size == 0 { 0 } else { start & !(size - 1) };
        let last = if size == 0 {
            u128::MAX
        } else {
            first.saturating_add(size - 1)
        };
        list.push((first, last));
    }
    covered(&mut v4) > 1u128 << 24 || covered(&mut v6) > 1u128 << 120
}

/// How many addresses the ranges hold together (saturating).
fn covered(ranges: &mut [(u128, u128)]) -> u128 {
    ranges.sort_unstable();
    let mut total: u128 = 0;
    let mut next: u128 = 0;
    let mut started = false;
    for &(first, last) in ranges.iter() {
        let from = if started { first.max(next) } else { first };
        if last >= from {
            total = total.saturating_add(last - from).saturating_add(1);
        }
        match last.checked_add(1) {
            Some(n) => next = next.max(n),
            None => return total,
        }
        started = true;
    }
    total
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
        assert!(limits("StringLike", "aws:PrincipalOrgID", &["o-a1b2*"]));
        assert!(limits(
            "ArnLike",
            "aws:PrincipalArn",
            &["arn:aws:iam::${aws:ResourceAccount}:role/*"]
        ));
        assert!(limits(
            "IpAddress",
            "aws:SourceIp",
            &["10.0.0.0/8", "2001:db8::/32"]
        ));
        assert!(limits("StringLike", "aws:userid", &["AROAEXAMPLE:*"]));
        assert!(limits(
            "StringEquals",
            "aws:ResourceOrgID",
            &["${aws:PrincipalOrgID}"]
        ));
        assert!(limits(
            "StringEquals",
            "aws:ResourceAccount",
            &["${aws:PrincipalAccount}"]
        ));
        assert!(limits(
            "ArnEquals",
            "aws:SourceArn",
            &["arn:aws:route53:::hostedzone/Z1D633PJN98FT9"]
        ));
    }
}
