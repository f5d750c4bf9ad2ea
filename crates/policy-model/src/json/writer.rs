use std::fmt::{self, Write};

use super::{Json, JsonKind};

/// How [`write_json`] lays out a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Two-space indentation, one member or item per line, `"key": value`.
    Pretty,
    /// No whitespace at all.
    Minified,
}

/// Writes `json` to `out` in the given style. Strings are escaped as JSON
/// requires (quote, backslash, control characters), and characters past
/// U+00FF as `\\uXXXX`, which IAM's API takes where it refuses the
/// characters themselves; nothing more.
///
/// # Errors
/// Only those of `out`.
pub fn write_json<W: Write>(out: &mut W, json: &Json<'_>, style: Style) -> fmt::Result {
    Writer { out, style }.value(json, 0)
}

struct Writer<'w, W> {
    out: &'w mut W,
    style: Style,
}

impl<W: Write> Writer<'_, W> {
    fn newline(&mut self, depth: usize) -> fmt::Result {
        if self.style == Style::Pretty {
            self.out.write_char('\n')?;
            for _ in 0..depth {
                self.out.write_str("  ")?;
            }
        }
        Ok(())
    }

    fn value(&mut self, json: &Json<'_>, depth: usize) -> fmt::Result {
        match &json.kind {
            JsonKind::Null => self.out.write_str("null"),
            JsonKind::Bool(b) => self.out.write_str(if *b { "true" } else { "false" }),
            JsonKind::Number(n) => self.out.write_str(n),
            JsonKind::String(s) => write_string(self.out, s),
            JsonKind::Array(items) => {
                if items.is_empty() {
                    return self.out.write_str("[]");
                }
                self.out.write_char('[')?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.write_char(',')?;
                    }
                    self.newline(depth + 1)?;
                    self.value(item, depth + 1)?;
                }
                self.newline(depth)?;
                self.out.write_char(']')
            }
            JsonKind::Object(members) => {
                if members.is_empty() {
                    return self.out.write_str("{}");
                }
                self.out.write_char('{')?;
                for (i, member) in members.iter().enumerate() {
                    if i > 0 {
                        self.out.write_char(',')?;
                    }
                    self.newline(depth + 1)?;
                    write_string(self.out, &member.key)?;
                    self.out.write_str(if self.style == Style::Pretty {
                        ": "
                    } else {
                        ":"
                    })?;
                    self.value(&member.value, depth + 1)?;
                }
                self.newline(depth)?;
                self.out.write_char('}')
            }
        }
    }
}

/// Writes `s` as a JSON string literal. A character past U+00FF is
/// written as its `\\uXXXX` escape (UTF-16, a pair past U+FFFF): IAM's API
/// refuses a policy document that holds one as itself, and takes the
/// escape.
fn write_string<W: Write>(out: &mut W, s: &str) -> fmt::Result {
    out.write_char('"')?;
    // Past U+00FF, UTF-8 starts a character with a byte from 0xC4 on.
    if !s
        .bytes()
        .any(|b| b == b'"' || b == b'\\' || !(0x20..0xC4).contains(&b))
    {
        out.write_str(s)?;
        return out.write_char('"');
    }
    let mut run_start = 0;
    for (i, c) in s.char_indices() {
        let escaped = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0xFF => None,
            _ => continue,
        };
        out.write_str(s.get(run_start..i).unwrap_or_default())?;
        match escaped {
            Some(e) => out.write_str(e)?,
            None => {
                let mut units = [0_u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(out, "\\u{unit:04x}")?;
                }
            }
        }
        run_start = i + c.len_utf8();
    }
    out.write_str(s.get(run_start..).unwrap_or_default())?;
    out.write_char('"')
}
