//! Open documents: their text, and positions as LSP counts them (lines,
//! and UTF-16 code units within a line) against byte offsets, as polc's
//! spans count them.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

/// The start of each line of a text (byte offsets), for conversions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self { starts }
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
        let character = text
            .get(start..offset)
            .map_or(0, |s| s.chars().map(char::len_utf16).sum::<usize>());
        Position::new(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(character).unwrap_or(u32::MAX),
        )
    }

    /// The byte offset of an LSP position (past the end of a line: the
    /// line's end; past the last line: the text's end).
    pub(crate) fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |&next| next - 1);
        // The line's content, without the `\r` of `\r\n`.
        let end = if text.get(start..end).is_some_and(|l| l.ends_with('\r')) {
            end - 1
        } else {
            end
        };
        let line = text.get(start..end).unwrap_or_default();
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
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
