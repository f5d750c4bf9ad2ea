//! The characters IAM accepts in a policy document: tab, line feed,
//! carriage return and U+0020 to U+00FF, written as themselves (the API's
//! `PolicyDocument` pattern; KMS key policies have the same). A `\uXXXX`
//! escape passes that test and is not reported.

use crate::json::{Json, JsonKind};
use crate::{Finding, JsonPath, Location, PolicyType, Severity, Span, codes};

/// Whether IAM's API accepts `c` written as itself.
const fn accepted(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}')
}

/// The first character of `text` (which parsed as `json`) IAM does not
/// accept, reported at the string (key or value) that holds it, or at the
/// byte-order mark; `None` when every character is accepted. An error for identity and trust
/// policies (IAM's own rule), a warning for other resource policies and
/// SCPs, whose services may differ.
pub(crate) fn unsupported_character(
    text: &str,
    json: &Json<'_>,
    policy_type: PolicyType,
) -> Option<Finding> {
    // A document that parsed holds no ASCII control character but tab,
    // line feed and carriage return (JSON allows no other, in strings or
    // between them): ASCII text (nearly every policy) has nothing to say.
    if text.is_ascii() {
        return None;
    }
    let (at, bad) = text.char_indices().find(|&(_, c)| !accepted(c))?;
    let count = text.chars().filter(|&c| !accepted(c)).count();
    let others = match count {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    let (location, what) = if bad == '\u{feff}' && at == 0 {
        (
            Location::at(Span::new(0, bad.len_utf8())),
            "a byte-order mark (U+FEFF) starts the document".to_owned(),
        )
    } else {
        let location = holder(json, &JsonPath::default(), at, 0)
            .unwrap_or_else(|| Location::at(Span::new(at, at + bad.len_utf8())));
        (
            location,
            format!("`{bad}` (U+{:04X}) is in the document", u32::from(bad)),
        )
    };
    let severity = match policy_type {
        PolicyType::Identity | PolicyType::Trust => Severity::Error,
        PolicyType::Resource | PolicyType::Scp => Severity::Warning,
    };
    let help = if bad == '\u{feff}' && at == 0 {
        "save the file without a byte-order mark (UTF-8 without BOM)"
    } else {
        "write the text in Basic Latin and Latin-1 (U+0020 to U+00FF), or leave it out"
    };
    Some(
        Finding::new(
            &codes::UNSUPPORTED_CHARACTER,
            format!(
                "{what}{others}: IAM accepts in a policy only tab, line feed, carriage return and U+0020 to U+00FF"
            ),
            location,
        )
        .with_severity(severity)
        .with_help(help),
    )
}

/// The key or string value whose source holds byte `at`, found by spans.
fn holder(json: &Json<'_>, path: &JsonPath, at: usize, depth: usize) -> Option<Location> {
    if depth > crate::json::MAX_DEPTH {
        return None;
    }
    match &json.kind {
        JsonKind::Object(members) => members.iter().find_map(|m| {
            if m.key_span.start <= at && at < m.key_span.end {
                return Some(Location::key(path.key(m.key.as_ref())));
            }
            (m.value.span.start <= at && at < m.value.span.end)
                .then(|| holder(&m.value, &path.key(m.key.as_ref()), at, depth + 1))
                .flatten()
        }),
        JsonKind::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            (item.span.start <= at && at < item.span.end)
                .then(|| holder(item, &path.index(i), at, depth + 1))
                .flatten()
        }),
        JsonKind::String(_) => Some(Location::value(path.clone())),
        _ => None,
    }
}
