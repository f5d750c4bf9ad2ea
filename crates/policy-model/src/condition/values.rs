//! Typed condition values: what a value of a Numeric, Date, Bool,
//! IpAddress or Binary operator must look like, parsed once.

use std::net::IpAddr;

/// A parsed date-time: seconds since the Unix epoch and nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before).
    pub seconds: i64,
    /// Nanoseconds within the second.
    pub nanos: u32,
}

/// An IPv4 or IPv6 network: address and prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cidr {
    /// The address as written (host bits are ignored when matching).
    pub address: IpAddr,
    /// The prefix length: 0–32 for IPv4, 0–128 for IPv6.
    pub prefix: u8,
}

impl Cidr {
    /// Whether `ip` is in this network (an IPv4 address is never in an
    /// IPv6 network and the reverse).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.address, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// `text` case-folded: upper then lower case, so that `ſ` and `s`, `K`
/// (Kelvin) and `k` fold alike. How AWS folds beyond ASCII (condition key
/// names, `StringEqualsIgnoreCase`) is not documented: the stricter
/// readings take texts that fold alike here as possibly the same.
///
/// ```
/// use polc_model::condition::values::fold_case;
/// assert_eq!(fold_case("ſ"), fold_case("S"));
/// assert_eq!(fold_case("\u{212a}"), "k");
/// ```
pub fn fold_case(text: &str) -> String {
    text.chars()
        .flat_map(char::to_uppercase)
        .flat_map(char::to_lowercase)
        .collect()
}

/// A number as Numeric operators read it: an integer or a decimal, with an
/// optional sign (`3600`, `-1`, `0.5`).
///
/// ```
/// use polc_model::condition::values::parse_number;
/// assert_eq!(parse_number("3600"), Some(3600.0));
/// assert_eq!(parse_number("1e3"), None);
/// ```
pub fn parse_number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || fraction.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    text.parse().ok()
}

/// Orders two numbers as written (both valid for `parse_number`) exactly,
/// as decimals: no rounding, whatever their size.
pub fn decimal_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    fn parts(s: &str) -> (bool, &str, &str) {
        let negative = s.starts_with('-');
        let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        (
            negative,
            int.trim_start_matches('0'),
            frac.trim_end_matches('0'),
        )
    }
    fn magnitude(ai: &str, af: &str, bi: &str, bf: &str) -> Ordering {
        ai.len()
            .cmp(&bi.len())
            .then_with(|| ai.cmp(bi))
            .then_with(|| af.cmp(bf))
    }
    let (an, ai, af) = parts(a);
    let (bn, bi, bf) = parts(b);
    let a_negative = an && !(ai.is_empty() && af.is_empty());
    let b_negative = bn && !(bi.is_empty() && bf.is_empty());
    match (a_negative, b_negative) {
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
        (false, false) => magnitude(ai, af, bi, bf),
        (true, true) => magnitude(bi, bf, ai, af),
    }
}

/// A Bool operator's value: `true` or `false`, in any case.
pub fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// An IpAddress operator's value: an IPv4 or IPv6 address with an optional
/// `/prefix` (a bare address is a single host).
///
/// ```
/// use polc_model::condition::values::parse_cidr;
/// let net = parse_cidr("203.0.113.0/24").unwrap();
/// assert!(net.contains("203.0.113.9".parse().unwrap()));
/// assert!(parse_cidr("203.0.113.0/33").is_none());
/// ```
pub fn parse_cidr(text: &str) -> Option<Cidr> {
    let (address, prefix) = match text.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (text, None),
    };
    let address: IpAddr = address.parse().ok()?;
    let max: u8 = if address.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        None => max,
        Some(p) if !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) => {
            p.parse().ok()?
        }
        Some(_) => return None,
    };
    (prefix <= max).then_some(Cidr { address, prefix })
}

/// Whether `ip` is in one of `nets`, as the `IpAddress` operator reads
/// it; `None` (undecided) where an address and its IPv4-mapped IPv6 form
/// (`203.0.113.5` and `::ffff:203.0.113.5`) are not both in them or both
/// out: an IPv4-mapped request address against IPv4 blocks, and an IPv4
/// address against IPv6 blocks that hold its mapped form (`::/0`,
/// `::ffff:203.0.113.0/120`; review 41). AWS's documents do not say which
/// form it compares.
pub fn in_networks(nets: &[Cidr], ip: IpAddr) -> Option<bool> {
    let direct = nets.iter().any(|n| n.contains(ip));
    let mapped = match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(|v4| nets.iter().any(|n| n.contains(IpAddr::V4(v4)))),
        // Read as IPv6, an IPv4 address is its mapped form, and IPv4
        // blocks are mapped too: it is in them as before, and also in the
        // IPv6 blocks holding its mapped form.
        IpAddr::V4(v4) => {
            let v6 = IpAddr::V6(v4.to_ipv6_mapped());
            Some(direct || nets.iter().any(|n| n.contains(v6)))
        }
    };
    match mapped {
        Some(m) if m != direct => None,
        _ => Some(direct),
    }
}

/// The bytes a BinaryEquals value stands for: `None` unless the text is
/// standard base64, padded ([`is_base64`]). The bits a last character
/// carries beyond the last byte are dropped, as base64 decoders do, so
/// `QR==` and `QQ==` both stand for `A`: comparing the text would tell
/// them apart where the bytes are equal.
///
/// ```
/// use polc_model::condition::values::decode_base64;
/// assert_eq!(decode_base64("QmluYXJ5").as_deref(), Some(&b"Binary"[..]));
/// assert_eq!(decode_base64("QR=="), decode_base64("QQ=="));
/// assert_eq!(decode_base64("QQ"), None);
/// ```
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    if !is_base64(text) {
        return None;
    }
    let sextet = |b: u8| -> u32 {
        u32::from(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            _ => 63,
        })
    };
    let digits = text.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let word = chunk
            .iter()
            .enumerate()
            .fold(0u32, |w, (i, &b)| w | (sextet(b) << (18 - 6 * i)));
        let bytes = word.to_be_bytes();
        // n characters carry n * 6 bits: n - 1 whole bytes.
        out.extend(bytes.iter().skip(1).take(chunk.len().saturating_sub(1)));
    }
    Some(out)
}

/// A BinaryEquals value: standard base64, padded.
pub fn is_base64(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.is_empty() || !bytes.len().is_multiple_of(4) {
        return false;
    }
    let padding = bytes.iter().rev().take_while(|&&b| b == b'=').count();
    padding <= 2
        && bytes
            .iter()
            .take(bytes.len() - padding)
            .all(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
}

/// A Date operator's value: an ISO 8601 date or date-time
/// (`2026-01-31`, `2026-01-31T12:00:00Z`, `2026-01-31T12:00:00.5+02:00`)
/// or epoch seconds (`1767225600`).
///
/// ```
/// use polc_model::condition::values::parse_date;
/// assert_eq!(parse_date("1970-01-02T00:00:00Z").unwrap().seconds, 86_400);
/// assert_eq!(parse_date("86400").unwrap().seconds, 86_400);
/// assert!(parse_date("2026-02-30").is_none());
/// ```
pub fn parse_date(text: &str) -> Option<Timestamp> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Timestamp {
            seconds: text.parse().ok()?,
            nanos: 0,
        });
    }
    let b = text.as_bytes();
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let (year, month, day) = (
        num_in(text, 0..4)?,
        num_in(text, 5..7)?,
        num_in(text, 8..10)?,
    );
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    let mut nanos = 0;
    let rest = text.get(10..)?;
    if rest.is_empty() {
        return Some(Timestamp { seconds, nanos });
    }
    let time = rest.strip_prefix(['T', 't'])?;
    let (hour, minute) = (num_in(time, 0..2)?, num_in(time, 3..5)?);
    if time.as_bytes().get(2) != Some(&b':') || hour > 23 || minute > 59 {
        return None;
    }
    let mut at = 5;
    let mut second = 0;
    if time.as_bytes().get(5) == Some(&b':') {
        second = num_in(time, 6..8)?;
        if second > 60 {
            return None;
        }
        at = 8;
        if time.as_bytes().get(8) == Some(&b'.') {
            let digits = time
                .get(9..)?
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            if digits == 0 {
                return None;
            }
            let fraction = time.get(9..9 + digits.min(9))?;
            nanos =
                fraction.parse::<u32>().ok()? * 10u32.pow(9 - u32::try_from(digits.min(9)).ok()?);
            at = 9 + digits;
        }
    }
    seconds += hour * 3600 + minute * 60 + second;
    let zone = time.get(at..)?;
    let offset = match zone {
        "Z" | "z" => 0,
        _ => {
            let sign = match zone.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (h, m) = (num_in(zone, 1..3)?, num_in(zone, 4..6)?);
            if zone.len() != 6 || zone.as_bytes().get(3) != Some(&b':') || h > 23 || m > 59 {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
    };
    Some(Timestamp {
        seconds: seconds - offset,
        nanos,
    })
}

fn num_in(text: &str, range: std::ops::Range<usize>) -> Option<i64> {
    let s = text.get(range)?;
    (!s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
