//! Open documents: their text, and positions as LSP counts them (lines,
//! and UTF-16 code units within a line) against byte offsets, as polc's
//! spans count them.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

/// The start of each line of a text (byte offsets), and where it holds
/// characters of more than one byte, for conversions in time logarithmic
/// in the text (a finding on a line of 300 KB is not a scan of it). A
/// line ends at `\n`, `\r\n` or a lone `\r`, as LSP counts lines.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lines {
    starts: Vec<usize>,
    /// Each character of more than one byte: its offset, its UTF-8 and
    /// UTF-16 lengths.
    wide: Vec<(usize, u8, u8)>,
    /// Before each of `wide`: the bytes beyond UTF-16 units so far.
    extra: Vec<usize>,
}

impl Lines {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let mut wide = Vec::new();
        let mut extra = Vec::new();
        let mut sum = 0;
        let bytes = text.as_bytes();
        for (i, c) in text.char_indices() {
            match c {
                '\n' => starts.push(i + 1),
                '\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                c if !c.is_ascii() => {
                    let (utf8, utf16) = (c.len_utf8(), c.len_utf16());
                    extra.push(sum);
                    wide.push((i, utf8 as u8, utf16 as u8));
                    sum += utf8 - utf16;
                }
                _ => {}
            }
        }
        Self {
            starts,
            wide,
            extra,
        }
    }

    /// The bytes beyond UTF-16 units before byte `offset`.
    fn extra_before(&self, offset: usize) -> usize {
        let k = self.wide.partition_point(|&(at, _, _)| at < offset);
        match k.checked_sub(1) {
            Some(last) => {
                let (_, utf8, utf16) = self.wide.get(last).copied().unwrap_or_default();
                self.extra.get(last).copied().unwrap_or(0) + usize::from(utf8 - utf16)
            }
            None => 0,
        }
    }

    /// The LSP position of byte `offset` of `text` (clamped to the text,
    /// and to a character boundary).
    pub(crate) fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let character = (offset - start) - (self.extra_before(offset) - self.extra_before(start));
        Position::new(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(character).unwrap_or(u32::MAX),
        )
    }

    /// The byte offset of an LSP position (past the end of a line: the
    /// line's end; past the last line: the text's end; inside a character
    /// of two UTF-16 units: after it).
    pub(crate) fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        // The line's content, without its end (`\n`, `\r\n` or `\r`).
        let mut end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |&next| next - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        let wanted = position.character as usize;
        let mut at = start;
        let mut units = 0;
        let first = self.wide.partition_point(|&(b, _, _)| b < start);
        for &(b, utf8, utf16) in self.wide.iter().skip(first) {
            if b >= end {
                break;
            }
            // ASCII from `at` up to `b`.
            let ascii = b - at;
            if units + ascii >= wanted {
                return at + (wanted - units);
            }
            units += ascii;
            if units + usize::from(utf16) > wanted {
                return if units == wanted {
                    b
                } else {
                    b + usize::from(utf8)
                };
            }
            units += usize::from(utf16);
            at = b + usize::from(utf8);
        }
        (at + (wanted - units)).min(end)
    }

    /// The LSP range of a byte span.
    pub(crate) fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range::new(self.position(text, start), self.position(text, end))
    }
}

/// An open document.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub(crate) text: String,
    pub(crate) lines: Lines,
    pub(crate) version: i32,
    pub(crate) kind: Kind,
}

/// The language of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Pol,
    Json,
}

impl Document {
    pub(crate) fn new(text: String, version: i32, kind: Kind) -> Self {
        Self {
            lines: Lines::new(&text),
            text,
            version,
            kind,
        }
    }

    /// Applies the changes of a `didChange`, in order: a change with a range
    /// replaces it, one without replaces the whole text.
    pub(crate) fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, version: i32) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = self.lines.offset(&self.text, range.start);
                    let end = self.lines.offset(&self.text, range.end).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
                None => self.text = change.text,
            }
            self.lines = Lines::new(&self.text);
        }
        self.version = version;
    }

    pub(crate) fn offset(&self, position: Position) -> usize {
        self.lines.offset(&self.text, position)
    }

    pub(crate) fn range(&self, start: usize, end: usize) -> Range {
        self.lines.range(&self.text, start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_round_trip() {
        let text = "a\n# é 😀 x\r\nlast";
        let lines = Lines::new(text);
        let x = text.find('x').unwrap_or_default();
        // `# `, `é` (1 unit), ` `, `😀` (2 units), ` `.
        assert_eq!(lines.position(text, x), Position::new(1, 7));
        assert_eq!(lines.offset(text, Position::new(1, 7)), x);
        // Past the end of a line: its end, before `\r\n`.
        assert_eq!(
            lines.offset(text, Position::new(1, 99)),
            text.find('\r').unwrap_or_default()
        );
        assert_eq!(lines.offset(text, Position::new(9, 0)), text.len());
        // Inside a surrogate pair: the character's start.
        assert_eq!(
            lines
                .position(text, text.find('😀').unwrap_or_default() + 2)
                .character,
            4
        );
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let text = "a\rb\r\nc\nd";
        let lines = Lines::new(text);
        assert_eq!(
            lines.position(text, text.find('b').unwrap_or_default()),
            Position::new(1, 0)
        );
        assert_eq!(
            lines.position(text, text.find('c').unwrap_or_default()),
            Position::new(2, 0)
        );
        // Past the end of `b`: before its `\r\n`.
        assert_eq!(lines.offset(text, Position::new(1, 5)), 3);
        assert_eq!(lines.offset(text, Position::new(3, 1)), text.len());
    }

    #[test]
    fn conversions_agree_with_counting_every_character() {
        let text = "ab é😀x\n\u{10348}y z\r\nq";
        let lines = Lines::new(text);
        let mut line = 0;
        let mut column = 0;
        for (i, c) in text.char_indices() {
            // The `\n` of `\r\n` is no position of its own.
            if !(c == '\n' && text.get(..i).is_some_and(|b| b.ends_with('\r'))) {
                assert_eq!(lines.position(text, i), Position::new(line, column), "{i}");
                assert_eq!(lines.offset(text, Position::new(line, column)), i, "{i}");
            }
            if c == '\n' {
                line += 1;
                column = 0;
            } else if c != '\r' {
                column += c.len_utf16() as u32;
            }
        }
    }

    #[test]
    fn incremental_changes_apply_in_order() {
        let mut doc = Document::new("policy P {\n}\n".into(), 1, Kind::Pol);
        let change = |l1, c1, l2, c2, text: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.into(),
        };
        doc.apply(
            vec![
                change(0, 10, 0, 10, "\n  allow s3:GetObject on *"),
                change(1, 8, 1, 20, "ecs:RunTask"),
            ],
            2,
        );
        assert_eq!(doc.text, "policy P {\n  allow ecs:RunTask on *\n}\n");
        assert_eq!(doc.version, 2);
    }
}
