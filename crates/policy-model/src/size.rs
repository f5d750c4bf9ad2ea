//! Policy size as AWS counts it for its quotas.

use std::fmt::{self, Write};

use crate::JsonPath;
use crate::codes;
use crate::finding::{Finding, Location, Severity};
use crate::json::{Json, JsonKind, Style, write_json};
use crate::validate::PolicyType;

/// The size IAM counts against its quotas: the characters of the document
/// without the whitespace between elements. Whitespace inside strings is
/// counted — AWS does not say whether it is, and counting it is the stricter
/// reading.
///
/// ```
/// let doc = polc_model::json::parse(r#"{ "Version" : "2012-10-17" }"#).unwrap();
/// assert_eq!(polc_model::size::iam_size(&doc), r#"{"Version":"2012-10-17"}"#.len());
/// ```
pub fn iam_size(json: &Json<'_>) -> usize {
    match &json.kind {
        JsonKind::Null => 4,
        JsonKind::Bool(true) => 4,
        JsonKind::Bool(false) => 5,
        JsonKind::Number(n) => n.len(),
        JsonKind::String(s) => string_size(s),
        // Brackets, and a comma between items.
        JsonKind::Array(items) => {
            1 + items.len().max(1) + items.iter().map(iam_size).sum::<usize>()
        }
        // Braces, a colon per member, and a comma between members.
        JsonKind::Object(members) => {
            1 + members.len().max(1)
                + members
                    .iter()
                    .map(|m| string_size(&m.key) + 1 + iam_size(&m.value))
                    .sum::<usize>()
        }
    }
}

/// The size IAM counts of the document `text`, which parses to `json`,
/// `spaces` being the whitespace bytes between its elements (as the
/// parser counts them). When no string has an escape or a character beyond
/// ASCII, the text and the writer write every string alike, and the size
/// is the text's length without that whitespace. Otherwise the larger of
/// the two: the text as written (an escape `\u0061` is the six
/// characters sent) and [`iam_size`] (a `中` is the `\u4e2d` the writer
/// sends). AWS does not say which it counts; the larger is the stricter
/// reading (review 57).
pub(crate) fn iam_size_of_text(text: &str, json: &Json<'_>, spaces: usize) -> usize {
    // A byte-order mark, an escape or a character beyond ASCII.
    let plain = text
        .as_bytes()
        .iter()
        .fold(true, |ok, &b| ok & (b != b'\\') & (b < 0x80));
    if plain {
        return text.len() - spaces;
    }
    let written = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .chars()
        .count()
        .saturating_sub(spaces);
    written.max(iam_size(json))
}

/// The characters of a string literal as the writer escapes it: a
/// character past U+00FF is written `\\uXXXX` (a pair past U+FFFF), which
/// IAM counts as the six (twelve) characters it submits (the stricter
/// reading: review 40).
fn string_size(s: &str) -> usize {
    // One branch-free pass the compiler can vectorize: printable ASCII
    // other than `"` and `\\` is written as is.
    let plain = s.bytes().fold(true, |ok, b| {
        ok & (0x20..0x80).contains(&b) & (b != b'"') & (b != b'\\')
    });
    if plain {
        return s.len() + 2;
    }
    let mut counter = CharCounter(0);
    // Counting cannot fail.
    let _ = write_json(&mut counter, &Json::string(s), Style::Minified);
    counter.0
}

struct CharCounter(usize);

impl Write for CharCounter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.chars().count();
        Ok(())
    }
}

/// Where a policy document is put: each place has its own size quota
/// (characters without whitespace, as [`iam_size`] counts them). The one
/// home of these numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Target {
    /// A customer managed policy: 6,144.
    ManagedPolicy,
    /// All inline policies of a role: 10,240.
    RoleInline,
    /// All inline policies of a user: 2,048.
    UserInline,
    /// All inline policies of a group: 5,120.
    GroupInline,
    /// A role's trust policy: 2,048 by default (4,096 at most after a
    /// quota increase, [`TRUST_POLICY_MAX`]).
    TrustPolicy,
    /// A service control policy: 5,120.
    Scp,
    /// A resource-based policy: each service has its own quota; the
    /// largest common one, an S3 bucket policy's, 20,480.
    ResourcePolicy,
}

/// A role's trust policy after the largest quota increase AWS grants.
pub const TRUST_POLICY_MAX: usize = 4_096;

impl Target {
    /// The size quota.
    pub const fn quota(self) -> usize {
        match self {
            Self::ManagedPolicy => 6_144,
            Self::RoleInline => 10_240,
            Self::UserInline | Self::TrustPolicy => 2_048,
            Self::GroupInline | Self::Scp => 5_120,
            Self::ResourcePolicy => 20_480,
        }
    }
}

/// The quotas of a policy type: above `warn` a warning, above `error` an
/// error. `None` where AWS sets no single quota (resource-based policies:
/// each service has its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    /// Above this, the policy does not fit every place it could be used.
    pub warn: usize,
    /// Above this, AWS accepts it nowhere.
    pub error: usize,
}

impl PolicyType {
    /// The size quotas for this type of policy.
    pub const fn quota(self) -> Option<Quota> {
        match self {
            // Managed policy 6,144; all inline policies of a role 10,240.
            Self::Identity => Some(Quota {
                warn: Target::ManagedPolicy.quota(),
                error: Target::RoleInline.quota(),
            }),
            // 2,048 by default, 4,096 at most after a quota increase.
            Self::Trust => Some(Quota {
                warn: Target::TrustPolicy.quota(),
                error: TRUST_POLICY_MAX,
            }),
            Self::Scp => Some(Quota {
                warn: Target::Scp.quota(),
                error: Target::Scp.quota(),
            }),
            Self::Resource => None,
        }
    }
}

/// The size finding for a policy of `size` characters, if it is over quota.
pub fn size_finding(policy_type: PolicyType, size: usize) -> Option<Finding> {
    let quota = policy_type.quota()?;
    if size <= quota.warn {
        return None;
    }
    // Over a role's 10,240 an identity policy fits nowhere a customer can
    // put it, but Access Analyzer warns (AWS's own managed policies are
    // larger): a warning too, as the code's severity says (issue 15.3).
    // `polc build` refuses what its target cannot hold.
    let severity = if size > quota.error && policy_type != PolicyType::Identity {
        Severity::Error
    } else {
        Severity::Warning
    };
    let (code, message, help) = match policy_type {
        PolicyType::Identity if size > quota.error => (
            &codes::POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA,
            format!(
                "the policy is {size} characters (without whitespace), over the {} of all inline policies of a role: no policy you create may be this large",
                quota.error
            ),
            "split it into several policies, or use wildcards that mean exactly the actions listed",
        ),
        PolicyType::Identity => (
            &codes::POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA,
            format!(
                "the policy is {size} characters (without whitespace), over the {} of a managed policy; only a role's inline policies may be larger",
                quota.warn
            ),
            "split it into several managed policies, or use wildcards that mean exactly the actions listed",
        ),
        PolicyType::Trust if severity == Severity::Error => (
            &codes::POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA,
            format!(
                "the trust policy is {size} characters (without whitespace), over the {} a role trust policy may have even after a quota increase",
                quota.error
            ),
            "trust an account or use conditions instead of listing principals one by one",
        ),
        PolicyType::Trust => (
            &codes::POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA,
            format!(
                "the trust policy is {size} characters (without whitespace), over the default quota of {}",
                quota.warn
            ),
            "request a higher quota for role trust policy length (up to 4,096), or shorten the policy",
        ),
        PolicyType::Scp | PolicyType::Resource => (
            &codes::POLICY_SIZE_EXCEEDS_SCP_QUOTA,
            format!(
                "the SCP is {size} characters (whitespace included), over the quota of {}",
                quota.error
            ),
            "minify the policy, merge statements, or split it into several SCPs",
        ),
    };
    Some(
        Finding::new(code, message, Location::value(JsonPath::root()))
            .with_severity(severity)
            .with_help(help),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `check` counts only texts longer than the quota (a third of it
    /// for text past ASCII): that is sound because the counted size is
    /// never more than the text's length, or three times it (a character
    /// of three bytes written as a six-character escape, one of four as
    /// twelve), whatever escapes and characters the text holds.
    #[test]
    fn the_size_is_at_most_the_text_length() {
        let texts = [
            r#"{"a": "plain"}"#,
            r#"{"a":"\b\f\n\r\t\"\\\/"}"#,
            r#"{"a":"\u0008\u000b\u001f\u0022\u005c\u0041"}"#,
            "{\"a\":\"é€😀\\u00e9\\ud83d\\ude00\"}",
            r#"{"a":[1.50, -2e+10, true, false, null, {}, []]}"#,
            "\u{feff}  {\n  \"Version\" : \"2012-10-17\" ,\n  \"Statement\" : [ ]\n}\n",
        ];
        for text in texts {
            let json = crate::json::parse(text).expect(text);
            let bound = if text.is_ascii() {
                text.len()
            } else {
                3 * text.len()
            };
            assert!(iam_size(&json) <= bound, "{text}");
        }
        for text in texts {
            let (json, counts) = crate::json::parse_counting(text).expect(text);
            let size = iam_size_of_text(text, &json, counts.spaces);
            assert!(size >= iam_size(&json), "{text}");
            if !text.contains('\\') {
                assert_eq!(size, iam_size(&json), "{text}");
            }
        }
        // Review 57: an escape counts as written when that is longer (the
        // stricter reading): `\u0061` is six characters, not one.
        let escaped = r#"{"a":"\u0061\u0061"}"#;
        let (json, counts) = crate::json::parse_counting(escaped).expect(escaped);
        assert_eq!(iam_size(&json), r#"{"a":"aa"}"#.len());
        assert_eq!(
            iam_size_of_text(escaped, &json, counts.spaces),
            escaped.len()
        );
        // And a character past U+00FF as the escape the writer sends.
        let wide = "{\"a\": \"中\"}";
        let (json, counts) = crate::json::parse_counting(wide).expect(wide);
        assert_eq!(
            iam_size_of_text(wide, &json, counts.spaces),
            r#"{"a":"\u4e2d"}"#.len()
        );
        // Review 40: a character past U+00FF counts as the escape the
        // writer submits (`\u4e2d`: six), one past U+FFFF as its pair.
        let json = crate::json::parse("{\"a\":\"中😀\"}").expect("parses");
        assert_eq!(iam_size(&json), r#"{"a":"\u4e2d\ud83d\ude00"}"#.len());
        // The bound is tight for a compact ASCII document.
        let compact = r#"{"Version":"2012-10-17","Statement":[]}"#;
        let json = crate::json::parse(compact).expect(compact);
        assert_eq!(iam_size(&json), compact.len());
    }

    /// Read off the text, the size is the tree's: on every AWS managed
    /// policy, compact and with whitespace between its elements.
    #[test]
    fn the_size_read_off_the_text_is_the_trees() {
        for policy in polc_catalog::managed_policies() {
            let compact = policy.document();
            let spaced = compact
                .replace("\",\"", "\",\n    \"")
                .replace("\":", "\" :\t");
            for text in [compact, spaced.as_str()] {
                let (json, counts) = crate::json::parse_counting(text).expect(policy.name);
                assert_eq!(
                    iam_size_of_text(text, &json, counts.spaces),
                    iam_size(&json),
                    "{}",
                    policy.name
                );
            }
        }
    }
}
