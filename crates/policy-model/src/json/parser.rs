use std::borrow::Cow;

use super::{Json, JsonKind, Member};
use crate::Span;

/// The deepest nesting of arrays and objects the parser accepts. An IAM
/// policy nests at most five levels (`Statement[].Condition.Op.Key[]`); the
/// limit keeps hostile input from exhausting the stack.
pub const MAX_DEPTH: usize = 64;

/// The largest input the parser accepts, in bytes. The largest IAM policy
/// AWS accepts is a few tens of kilobytes even with generous whitespace.
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;

/// A JSON syntax error: what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    /// Where the error is (often one character).
    pub span: Span,
    /// What is wrong, lowercase, no final period.
    pub message: String,
}

/// Parses one JSON document (RFC 8259), keeping spans, member order,
/// duplicate keys and number text. A leading byte-order mark is skipped.
///
/// # Errors
/// A [`ParseError`] locating the first syntax error, or saying that the
/// input is empty, too large or nested deeper than [`MAX_DEPTH`].
///
/// ```
/// let doc = polc_model::json::parse(r#"{"Version": "2012-10-17"}"#).unwrap();
/// assert_eq!(doc.get("Version").unwrap().value.as_str(), Some("2012-10-17"));
/// ```
pub fn parse(text: &str) -> Result<Json<'_>, ParseError> {
    parse_counting(text).map(|(json, _)| json)
}

/// What [`parse_counting`] learns of a document besides its tree.
pub(crate) struct Counts {
    /// The whitespace bytes between elements (which IAM does not count in
    /// a policy's size).
    pub(crate) spaces: usize,
    /// Whether some string has a `$` or an escape (which may write one):
    /// without, no string has a policy variable.
    pub(crate) dollars: bool,
}

/// [`parse`], and what it saw on the way ([`Counts`]).
pub(crate) fn parse_counting(text: &str) -> Result<(Json<'_>, Counts), ParseError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(ParseError {
            span: Span::new(0, 0),
            message: format!(
                "the document is {} bytes, more than the {} bytes polc reads",
                text.len(),
                MAX_INPUT_BYTES
            ),
        });
    }
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        spaces: 0,
        dollars: false,
        items: Vec::with_capacity(16),
        members: Vec::with_capacity(16),
    };
    if text.starts_with('\u{feff}') {
        parser.pos = 3;
    }
    parser.skip_ws();
    if parser.pos >= parser.bytes.len() {
        return Err(parser.error_at(parser.pos, "the document is empty: expected a JSON object"));
    }
    let value = parser.value(0)?;
    parser.skip_ws();
    if parser.pos < parser.bytes.len() {
        return Err(parser.error_here("unexpected text after the end of the JSON document"));
    }
    Ok((
        value,
        Counts {
            spaces: parser.spaces,
            dollars: parser.dollars,
        },
    ))
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// The whitespace bytes skipped so far.
    spaces: usize,
    /// Whether a string so far had a `$` or an escape.
    dollars: bool,
    /// Scratch stacks: the items and members of the arrays and objects
    /// being read, so each gets one allocation of its exact size.
    items: Vec<Json<'a>>,
    members: Vec<Member<'a>>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        let start = self.pos;
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
        self.spaces += self.pos - start;
    }

    /// An error spanning the character at `pos` (or empty at the end).
    fn error_at(&self, pos: usize, message: impl Into<String>) -> ParseError {
        let end = self
            .text
            .get(pos..)
            .and_then(|rest| rest.chars().next())
            .map_or(pos, |c| pos + c.len_utf8());
        ParseError {
            span: Span::new(pos, end),
            message: message.into(),
        }
    }

    fn error_here(&self, message: impl Into<String>) -> ParseError {
        self.error_at(self.pos, message)
    }

    fn unexpected(&self, expected: &str) -> ParseError {
        match self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
        {
            None => self.error_here(format!("unexpected end of input: expected {expected}")),
            Some(c) if c.is_control() => self.error_here(format!(
                "unexpected `{}`: expected {expected}",
                c.escape_debug()
            )),
            Some(c) => self.error_here(format!("unexpected `{c}`: expected {expected}")),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json<'a>, ParseError> {
        let start = self.pos;
        let kind = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => JsonKind::String(self.string()?),
            Some(b't') => self.literal("true", JsonKind::Bool(true))?,
            Some(b'f') => self.literal("false", JsonKind::Bool(false))?,
            Some(b'n') => self.literal("null", JsonKind::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => return Err(self.unexpected("a JSON value")),
        };
        Ok(Json {
            span: Span::new(start, self.pos),
            kind,
        })
    }

    fn enter(&self, depth: usize) -> Result<usize, ParseError> {
        if depth >= MAX_DEPTH {
            return Err(self.error_here(format!(
                "arrays and objects are nested more than {MAX_DEPTH} levels deep"
            )));
        }
        Ok(depth + 1)
    }

    fn object(&mut self, depth: usize) -> Result<JsonKind<'a>, ParseError> {
        let depth = self.enter(depth)?;
        self.pos += 1; // '{'
        let base = self.members.len();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(JsonKind::Object(Vec::new()));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a key in double quotes"));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = Span::new(key_start, self.pos);
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.unexpected("`:` after the key"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth)?;
            self.members.push(Member {
                key,
                key_span,
                value,
            });
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.comma(b'}')?,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(JsonKind::Object(self.members.split_off(base)));
                }
                _ => return Err(self.unexpected("`,` or `}`")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<JsonKind<'a>, ParseError> {
        let depth = self.enter(depth)?;
        self.pos += 1; // '['
        let base = self.items.len();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(JsonKind::Array(Vec::new()));
        }
        loop {
            self.skip_ws();
            let item = self.value(depth)?;
            self.items.push(item);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.comma(b']')?,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(JsonKind::Array(self.items.split_off(base)));
                }
                _ => return Err(self.unexpected("`,` or `]`")),
            }
        }
    }

    /// Consumes a `,`, refusing a trailing one before `close`.
    fn comma(&mut self, close: u8) -> Result<(), ParseError> {
        let at = self.pos;
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(close) {
            return Err(self.error_at(
                at,
                format!(
                    "trailing comma before `{}`: JSON allows none",
                    char::from(close)
                ),
            ));
        }
        Ok(())
    }

    fn literal(&mut self, word: &str, kind: JsonKind<'a>) -> Result<JsonKind<'a>, ParseError> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(kind)
        } else {
            Err(self.unexpected("a JSON value (strings need double quotes)"))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<JsonKind<'a>, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.unexpected("a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.unexpected("a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.unexpected("a digit in the exponent"));
            }
        }
        let text = self.text.get(start..self.pos).unwrap_or_default();
        Ok(JsonKind::Number(Cow::Borrowed(text)))
    }

    /// A string literal; borrowed from the source unless it has escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, ParseError> {
        let open = self.pos;
        self.pos += 1; // '"'
        let mut owned: Option<String> = None;
        loop {
            let run_start = self.pos;
            loop {
                let rest = self.bytes.get(self.pos..).unwrap_or_default();
                self.pos += plain_run(rest);
                // A `$` is part of the run; it is noted, for the checks
                // of policy variables.
                if self.peek() != Some(b'$') {
                    break;
                }
                self.dollars = true;
                self.pos += 1;
            }
            let run = self.text.get(run_start..self.pos).unwrap_or_default();
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(run),
                        Some(mut out) => {
                            out.push_str(run);
                            Cow::Owned(out)
                        }
                    });
                }
                Some(b'\\') => {
                    let out = owned.get_or_insert_with(String::new);
                    out.push_str(run);
                    self.escape(out)?;
                }
                Some(_) => {
                    return Err(self.error_here(
                        "control character in a string: write it as an escape such as `\\n` or `\\t`",
                    ));
                }
                None => {
                    return Err(ParseError {
                        span: Span::new(open, self.pos),
                        message: "unterminated string: the closing `\"` is missing".into(),
                    });
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        // An escape may write a `$` (`\u0024`).
        self.dollars = true;
        let start = self.pos;
        self.pos += 1; // '\\'
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let c = self.unicode_escape(start)?;
                out.push(c);
                return Ok(());
            }
            _ => {
                return Err(ParseError {
                    span: Span::new(start, (self.pos + 1).min(self.bytes.len())),
                    message: "invalid escape: JSON knows `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\uXXXX`".into(),
                });
            }
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self, escape_start: usize) -> Result<u32, ParseError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        match digits.and_then(|d| u32::from_str_radix(d, 16).ok()) {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => Err(ParseError {
                span: Span::new(escape_start, self.pos.min(self.bytes.len())),
                message: "invalid `\\u` escape: expected four hexadecimal digits".into(),
            }),
        }
    }

    fn unicode_escape(&mut self, start: usize) -> Result<char, ParseError> {
        let first = self.hex4(start)?;
        let code = if (0xD800..0xDC00).contains(&first) {
            let low = if self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                self.pos += 2;
                self.hex4(start)?
            } else {
                0
            };
            if !(0xDC00..0xE000).contains(&low) {
                return Err(ParseError {
                    span: Span::new(start, self.pos),
                    message: "unpaired UTF-16 surrogate in a `\\u` escape".into(),
                });
            }
            0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| ParseError {
            span: Span::new(start, self.pos),
            message: "unpaired UTF-16 surrogate in a `\\u` escape".into(),
        })
    }
}

/// The length of the run of `bytes` before the first `"`, `\\`, `$` or
/// control character (the whole slice if none): eight bytes at a time.
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A byte of `v` is zero: its high bit set in the result (the lowest
    // flagged byte is exact; those above it may be false alarms).
    let zero_bytes = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let found = zero_bytes(w ^ (ONES * u64::from(b'"')))
            | zero_bytes(w ^ (ONES * u64::from(b'\\')))
            | zero_bytes(w ^ (ONES * u64::from(b'$')))
            // A control character has none of its three high bits set.
            | zero_bytes(w & (ONES * 0xE0));
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    at + rest
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b == b'$' || b < 0x20)
        .unwrap_or(rest.len())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing, reason = "tests")]

    use super::plain_run;

    /// The word-at-a-time scan stops where a byte-at-a-time one does, for
    /// every position of every stopping byte among plain ones (ASCII and
    /// not) in runs of every length around a word.
    #[test]
    fn a_dollar_or_an_escape_in_a_string_is_noted() {
        for (text, dollars) in [
            (r#"{"a": ["b", 1, true]}"#, false),
            (r#"{"a": "x${aws:username}y"}"#, true),
            (r#"{"a": "x$$y$"}"#, true),
            (r#"{"a": "$"}"#, true),
            (r#"{"a$": "b"}"#, true),
            (r#"{"a": "\u0024{aws:username}"}"#, true),
            (r#"{"a": "\n"}"#, true),
        ] {
            let (json, counts) = super::parse_counting(text).expect(text);
            assert_eq!(counts.dollars, dollars, "{text}");
            // The `$` stays part of its string.
            let mut again = String::new();
            crate::json::write_json(&mut again, &json, crate::json::Style::Minified).expect(text);
            if !text.contains('\\') {
                assert_eq!(
                    again.matches('$').count(),
                    text.matches('$').count(),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn plain_run_stops_at_the_first_special_byte() {
        let slow = |bytes: &[u8]| {
            bytes
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b == b'$' || b < 0x20)
                .unwrap_or(bytes.len())
        };
        let fillers: [u8; 6] = [b'a', b' ', 0x7f, 0x80, 0xe9, b'!'];
        let stops: [u8; 7] = [b'"', b'\\', b'$', 0, 0x1f, b'\n', b'\t'];
        for len in 0..40 {
            for filler in fillers {
                let plain = vec![filler; len];
                assert_eq!(plain_run(&plain), len);
                for at in 0..len {
                    for stop in stops {
                        let mut bytes = plain.clone();
                        bytes[at] = stop;
                        // A second stop later must not move the first.
                        if at + 3 < len {
                            bytes[at + 3] = b'"';
                        }
                        assert_eq!(plain_run(&bytes), slow(&bytes), "{bytes:?}");
                    }
                }
            }
        }
    }
}
