//! Conditions on numbers, dates and IP addresses: the values of one key
//! for which a condition holds, and a finite set of values that meets
//! every combination of such conditions that any value meets.
//!
//! A `Numeric`, `Date` or `IpAddress` condition splits the values of its
//! key into cells by its endpoints (the numbers and dates it writes, the
//! first and last address of each network): the condition holds alike on
//! every value of a cell, and on every value that does not parse for the
//! operator. So the conditions on one key are met together exactly when
//! one *candidate* meets them — a value from each cell the endpoints of
//! all of them make, and one value that parses as nothing — and the
//! candidates are few: each endpoint, and the values just beside it. That
//! needs no interval arithmetic, and the truth on each candidate is the
//! evaluator's own reading ([`polc_model::condition::values`]).

use std::cmp::Ordering;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use polc_model::condition::BaseOperator;
use polc_model::condition::values::{
    Cidr, Timestamp, decimal_cmp, in_networks, parse_cidr, parse_date, parse_number,
};

/// The type of value a condition compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Family {
    Numeric,
    Date,
    Ip,
}

impl Family {
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Self::Numeric => "a number",
            Self::Date => "a date",
            Self::Ip => "an IP address",
        }
    }
}

/// One condition on a present value, as a statement of one effect reads
/// it: the evaluator decides a value that does not parse (or an
/// IPv4-mapped address matched one way and not the other) as undecided,
/// which an `Allow` takes as not holding and a `Deny` as holding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Typed {
    pub(crate) family: Family,
    /// The operator (its negation is `negated`).
    base: BaseOperator,
    /// The policy's values, as written (each valid for the operator: the
    /// evaluator refuses the policy otherwise).
    values: Box<[Box<str>]>,
    /// The dates and networks among them, read once.
    dates: Box<[Timestamp]>,
    networks: Box<[Cidr]>,
    negated: bool,
    deny: bool,
}

/// A value of a request, read once for its family.
#[derive(Debug, Clone)]
pub(crate) struct Value<'v> {
    text: &'v str,
    number: bool,
    date: Option<Timestamp>,
    ip: Option<IpAddr>,
}

impl<'v> Value<'v> {
    pub(crate) fn of(family: Family, text: &'v str) -> Self {
        Self {
            text,
            number: family == Family::Numeric && parse_number(text).is_some(),
            date: (family == Family::Date).then(|| parse_date(text)).flatten(),
            ip: (family == Family::Ip).then(|| text.parse().ok()).flatten(),
        }
    }
}

/// At most this many candidates are tried for one key of one cube;
/// past it, the key is undecided.
pub(crate) const CANDIDATES: usize = 65_536;

/// At most this many (candidate, condition) pairs are tried for one key
/// of one cube; past it, the key is undecided.
pub(crate) const TRIES: usize = 2_000_000;

/// A value that parses as no number, date or IP address.
const UNPARSED: &str = "example";

impl Typed {
    pub(crate) fn new(family: Family, base: BaseOperator, values: &[&str], deny: bool) -> Self {
        Self {
            family,
            base,
            values: values.iter().map(|v| Box::from(*v)).collect(),
            dates: if family == Family::Date {
                values.iter().filter_map(|v| parse_date(v)).collect()
            } else {
                Box::new([])
            },
            networks: if family == Family::Ip {
                values.iter().filter_map(|v| parse_cidr(v)).collect()
            } else {
                Box::new([])
            },
            negated: base.is_negated(),
            deny,
        }
    }

    /// Whether the condition holds on a present value.
    pub(crate) fn holds(&self, value: &Value<'_>) -> bool {
        let each = self.matches(value).map(|m| m != self.negated);
        if self.deny {
            each != Some(false)
        } else {
            each == Some(true)
        }
    }

    /// [`Typed::holds`] of a value as text.
    pub(crate) fn holds_text(&self, value: &str) -> bool {
        self.holds(&Value::of(self.family, value))
    }

    /// Whether some policy value matches `value` (the operator without its
    /// negation); `None`: undecided.
    fn matches(&self, value: &Value<'_>) -> Option<bool> {
        match self.family {
            Family::Numeric => value.number.then(|| {
                self.values
                    .iter()
                    .any(|n| order_holds(self.base, decimal_cmp(value.text, n)))
            }),
            Family::Date => {
                let v = value.date?;
                Some(self.dates.iter().any(|d| order_holds(self.base, v.cmp(d))))
            }
            Family::Ip => in_networks(&self.networks, value.ip?),
        }
    }
}

/// Whether an operator holds for a request value that orders `order`
/// against a policy value (`Equals` for the operators that do not order).
fn order_holds(base: BaseOperator, order: Ordering) -> bool {
    use BaseOperator as B;
    match base {
        B::NumericLessThan | B::DateLessThan => order == Ordering::Less,
        B::NumericLessThanEquals | B::DateLessThanEquals => order != Ordering::Greater,
        B::NumericGreaterThan | B::DateGreaterThan => order == Ordering::Greater,
        B::NumericGreaterThanEquals | B::DateGreaterThanEquals => order != Ordering::Less,
        _ => order == Ordering::Equal,
    }
}

/// The first candidate for the conditions `typed` (all of one family)
/// that `accept` takes. The candidates hold a value in every cell the
/// conditions' endpoints make, and a value that does not parse: readable
/// values are tried first, then those around each condition's endpoints
/// in the order given (the caller puts the conditions that must hold
/// first: a value that meets them all is usually beside one of theirs),
/// each made only when reached. `Some(None)`: no candidate is taken (no
/// value meets them); `None`: past [`TRIES`] tries of a condition.
pub(crate) fn find(
    family: Family,
    typed: &[&Typed],
    mut accept: impl FnMut(&str) -> bool,
) -> Option<Option<String>> {
    // No two numbers written are closer than the finest step any of them
    // writes: a tenth of it lands in every gap.
    let digits = typed
        .iter()
        .flat_map(|t| t.values.iter())
        .map(|v| v.split_once('.').map_or(0, |(_, f)| f.len()))
        .max()
        .unwrap_or(0);
    let fine = u32::try_from(digits + 1).unwrap_or(u32::MAX);
    let budget = (TRIES / typed.len().max(1)).min(CANDIDATES);
    let mut tried = 0;
    let mut take = |candidate: &str| -> Option<bool> {
        tried += 1;
        if tried > budget {
            return None;
        }
        Some(accept(candidate))
    };
    // A candidate met twice is tried twice: cheaper than remembering them.
    for candidate in cached(family, "", 0).iter() {
        if take(candidate)? {
            return Some(Some(candidate.to_string()));
        }
    }
    for value in typed.iter().flat_map(|t| t.values.iter()) {
        for candidate in cached(family, value, fine).iter() {
            if take(candidate)? {
                return Some(Some(candidate.to_string()));
            }
        }
    }
    Some(take(UNPARSED)?.then(|| UNPARSED.to_owned()))
}

/// The candidates around `value` (the readable ones for `""`), made once
/// per thread: the same conditions meet in many cubes.
fn cached(family: Family, value: &str, fine: u32) -> std::rc::Rc<[Box<str>]> {
    type Cache = std::collections::HashMap<(Family, Box<str>, u32), std::rc::Rc<[Box<str>]>>;
    thread_local! {
        static CACHE: std::cell::RefCell<Cache> = std::cell::RefCell::new(Cache::new());
    }
    let fine = if family == Family::Numeric { fine } else { 0 };
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(found) = cache.get(&(family, Box::from(value), fine)) {
            return std::rc::Rc::clone(found);
        }
        if cache.len() > 100_000 {
            cache.clear();
        }
        let made: Vec<String> = if value.is_empty() {
            global(family)
        } else {
            around(family, value, fine)
        };
        let made: std::rc::Rc<[Box<str>]> = made.into_iter().map(String::into_boxed_str).collect();
        cache.insert((family, Box::from(value), fine), std::rc::Rc::clone(&made));
        made
    })
}

/// The readable values tried first.
fn global(family: Family) -> Vec<String> {
    match family {
        Family::Numeric => vec!["0".to_owned(), "1".to_owned()],
        Family::Date => {
            let (first, _) = iso_span();
            [parse_date("2026-01-01T00:00:00Z"), Some(first)]
                .into_iter()
                .flatten()
                .filter_map(write_date)
                .collect()
        }
        Family::Ip => {
            let mapped = |a: u32| (0xffff_u128 << 32) | u128::from(a);
            let v4 = [0xCB00_710A, 0, u32::MAX];
            let v6 = [
                0,
                u128::MAX,
                mapped(0),
                mapped(u32::MAX),
                mapped(0).wrapping_sub(1),
                mapped(u32::MAX).wrapping_add(1),
            ];
            v4.into_iter()
                .map(|a| Ipv4Addr::from(a).to_string())
                .chain(v6.into_iter().map(|a| Ipv6Addr::from(a).to_string()))
                .collect()
        }
    }
}

/// The values around one endpoint (`fine`: the scale of a number's
/// smallest step beside it).
fn around(family: Family, value: &str, fine: u32) -> Vec<String> {
    match family {
        Family::Numeric => numbers(value, fine),
        Family::Date => dates(value),
        Family::Ip => addresses(value),
    }
}

/// A number, and one beside it on either side: by one, and by `10^-fine`.
fn numbers(value: &str, fine: u32) -> Vec<String> {
    let mut out = vec![shift(value, 0, 0)];
    for (scale, delta) in [(0, -1), (0, 1), (fine, -1), (fine, 1)] {
        out.push(shift(value, scale, delta));
    }
    out
}

/// `number + delta × 10^-scale`, exactly, written plainly (`-0.5`, `12`).
fn shift(number: &str, scale: u32, delta: i8) -> String {
    let negative = number.starts_with('-');
    let digits = number.strip_prefix(['-', '+']).unwrap_or(number);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let scale = (scale as usize).max(fraction.len());
    // The magnitude scaled by 10^scale, most significant digit first.
    let mut magnitude: Vec<u8> = whole
        .bytes()
        .chain(fraction.bytes())
        .chain(std::iter::repeat_n(b'0', scale - fraction.len()))
        .map(|b| b - b'0')
        .collect();
    let zero = magnitude.iter().all(|&d| d == 0);
    // The signed value plus `delta`, on the magnitude.
    let negative = match (negative && !zero, delta) {
        (_, 0) => negative && !zero,
        (false, 1) | (true, -1) => {
            increment(&mut magnitude);
            negative && !zero
        }
        (false, _) if zero => {
            increment(&mut magnitude);
            true
        }
        (true, _) | (false, _) => {
            decrement(&mut magnitude);
            negative && !zero
        }
    };
    let split = magnitude.len() - scale.min(magnitude.len());
    let text: String = magnitude.iter().map(|d| char::from(b'0' + d)).collect();
    let (int, frac) = text.split_at(split);
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let mut out = String::new();
    if negative && !(int.is_empty() && frac.is_empty()) {
        out.push('-');
    }
    out.push_str(if int.is_empty() { "0" } else { int });
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

fn increment(digits: &mut Vec<u8>) {
    for d in digits.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return;
        }
    }
    digits.insert(0, 1);
}

/// Subtracts one from a magnitude that is not zero.
fn decrement(digits: &mut [u8]) {
    for d in digits.iter_mut().rev() {
        if *d == 0 {
            *d = 9;
        } else {
            *d -= 1;
            return;
        }
    }
}

/// A date, the nanosecond and the whole second beside it, as a request
/// can write them (see [`write_date`]).
fn dates(value: &str) -> Vec<String> {
    let Some(t) = parse_date(value) else {
        return Vec::new();
    };
    [
        t,
        nanos_later(t, 1),
        nanos_later(t, -1),
        Timestamp {
            seconds: t.seconds.saturating_add(1),
            nanos: 0,
        },
        Timestamp {
            seconds: t.seconds.saturating_sub(1),
            nanos: 0,
        },
    ]
    .into_iter()
    .filter_map(write_date)
    .collect()
}

fn nanos_later(t: Timestamp, by: i64) -> Timestamp {
    let total = i128::from(t.seconds) * 1_000_000_000 + i128::from(t.nanos) + i128::from(by);
    Timestamp {
        seconds: i64::try_from(total.div_euclid(1_000_000_000)).unwrap_or(t.seconds),
        nanos: u32::try_from(total.rem_euclid(1_000_000_000)).unwrap_or(0),
    }
}

/// The first and last instants an ISO 8601 date in UTC can write.
fn iso_span() -> (Timestamp, Timestamp) {
    let first = parse_date("0000-01-01T00:00:00Z").unwrap_or(Timestamp {
        seconds: 0,
        nanos: 0,
    });
    let last = parse_date("9999-12-31T23:59:59.999999999Z").unwrap_or(first);
    (first, last)
}

/// A text a request can give that reads as `t`, if one exists: ISO 8601
/// in UTC; before year 0, or after 9999, with an offset of up to 23:59;
/// later still, whole seconds as epoch seconds. Checked by reading it
/// back.
pub(crate) fn write_date(t: Timestamp) -> Option<String> {
    let (first, last) = iso_span();
    let minutes = |from: Timestamp, to: Timestamp| -> i64 {
        // Whole minutes that cover `to - from` (> 0).
        let nanos = (i128::from(to.seconds) - i128::from(from.seconds)) * 1_000_000_000
            + i128::from(to.nanos)
            - i128::from(from.nanos);
        i64::try_from((nanos + 59_999_999_999) / 60_000_000_000).unwrap_or(i64::MAX)
    };
    let text = if t < first {
        let m = minutes(t, first);
        (m <= 1439).then(|| {
            let local = Timestamp {
                seconds: t.seconds + m * 60,
                nanos: t.nanos,
            };
            format!("{}+{:02}:{:02}", civil(local), m / 60, m % 60)
        })?
    } else if t > last {
        if t.nanos == 0 && t.seconds >= 0 {
            t.seconds.to_string()
        } else {
            let m = minutes(last, t);
            (m <= 1439).then(|| {
                let local = Timestamp {
                    seconds: t.seconds - m * 60,
                    nanos: t.nanos,
                };
                format!("{}-{:02}:{:02}", civil(local), m / 60, m % 60)
            })?
        }
    } else {
        format!("{}Z", civil(t))
    };
    (parse_date(&text) == Some(t)).then_some(text)
}

/// `YYYY-MM-DDTHH:MM:SS[.fffffffff]` of an instant.
fn civil(t: Timestamp) -> String {
    let days = t.seconds.div_euclid(86_400);
    let secs = t.seconds.rem_euclid(86_400);
    // Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's
    // algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let mut text = format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    );
    if t.nanos != 0 {
        text.push_str(&format!(".{:09}", t.nanos));
    }
    text
}

/// A network's first and last addresses and those beside them, an IPv4
/// one in both forms (a mapped IPv6 address is read both ways).
fn addresses(value: &str) -> Vec<String> {
    let Some(net) = parse_cidr(value) else {
        return Vec::new();
    };
    let mapped = |a: u32| (0xffff_u128 << 32) | u128::from(a);
    let mut out = Vec::new();
    match net.address {
        IpAddr::V4(a) => {
            let mask = u32::MAX
                .checked_shl(32 - u32::from(net.prefix))
                .unwrap_or(0);
            let first = u32::from(a) & mask;
            let last = first | !mask;
            for x in [first, last, first.wrapping_sub(1), last.wrapping_add(1)] {
                out.push(Ipv4Addr::from(x).to_string());
                out.push(Ipv6Addr::from(mapped(x)).to_string());
            }
        }
        IpAddr::V6(a) => {
            let mask = u128::MAX
                .checked_shl(128 - u32::from(net.prefix))
                .unwrap_or(0);
            let first = u128::from(a) & mask;
            let last = first | !mask;
            for x in [first, last, first.wrapping_sub(1), last.wrapping_add(1)] {
                out.push(Ipv6Addr::from(x).to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_is_exact() {
        assert_eq!(shift("10", 0, -1), "9");
        assert_eq!(shift("10", 1, 1), "10.1");
        assert_eq!(shift("-0.5", 2, 1), "-0.49");
        assert_eq!(shift("0", 0, -1), "-1");
        assert_eq!(shift("-0", 3, 1), "0.001");
        assert_eq!(shift("+007.50", 0, 0), "7.5");
        assert_eq!(shift("-1", 0, 1), "0");
        assert_eq!(shift("99.99", 3, 1), "99.991");
        assert_eq!(shift("0.001", 3, -1), "0");
        assert_eq!(
            shift("9007199254740993", 0, 1),
            "9007199254740994",
            "no rounding through floats"
        );
    }

    #[test]
    fn dates_are_written_so_they_read_back() {
        for text in [
            "2026-01-31T12:00:00Z",
            "1969-12-31T23:59:59.5Z",
            "0000-01-01T00:00:00+05:00",
            "9999-12-31T23:59:59.25-03:00",
            "999999999999",
            "0000-02-29T00:00:00Z",
        ] {
            let t = parse_date(text).unwrap();
            let written = write_date(t).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(parse_date(&written), Some(t), "{text} -> {written}");
        }
        let (first, _) = iso_span();
        assert!(write_date(nanos_later(first, -86_400_000_000_000)).is_none());
    }

    #[test]
    fn candidates_meet_every_cell() {
        // `NumericLessThan 10` and `NumericGreaterThan 9.99` hold together
        // on 9.991 only among the candidates' kind of values.
        let lt = Typed::new(
            Family::Numeric,
            BaseOperator::NumericLessThan,
            &["10"],
            false,
        );
        let gt = Typed::new(
            Family::Numeric,
            BaseOperator::NumericGreaterThan,
            &["9.99"],
            false,
        );
        let found = find(Family::Numeric, &[&lt, &gt], |c| {
            lt.holds_text(c) && gt.holds_text(c)
        });
        // A value of the gap (9.99, 10): `9.999`, a thousandth below 10.
        assert_eq!(found, Some(Some("9.999".to_owned())));
        // In a `Deny`, a value that is not a number holds.
        let deny = Typed::new(
            Family::Numeric,
            BaseOperator::NumericLessThan,
            &["10"],
            true,
        );
        assert!(deny.holds_text("abc") && !lt.holds_text("abc"));
        let net = Typed::new(
            Family::Ip,
            BaseOperator::IpAddress,
            &["203.0.113.0/24"],
            false,
        );
        let mut all = Vec::new();
        let none = find(Family::Ip, &[&net], |c| {
            all.push(c.to_owned());
            false
        });
        assert_eq!(none, Some(None));
        assert!(all.iter().any(|c| net.holds_text(c)) && all.iter().any(|c| !net.holds_text(c)));
        // A mapped address inside the network is undecided: an `Allow`
        // does not hold on it, a `Deny` does.
        let deny = Typed::new(
            Family::Ip,
            BaseOperator::IpAddress,
            &["203.0.113.0/24"],
            true,
        );
        assert!(!net.holds_text("::ffff:203.0.113.5") && !deny.holds_text("::ffff:203.0.112.5"));
    }
}
