//! Source locations: byte spans into a text and their human coordinates.

use serde::Serialize;

/// A half-open byte range `start..end` into a source text.
///
/// Spans are byte offsets so that slicing the source is cheap; a
/// [`LineIndex`] turns them into the line/column/character coordinates that
/// users see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// Length in bytes.
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no byte.
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        miette::SourceSpan::new(span.start.into(), span.len())
    }
}

/// A position as users count it: `line` is 1-based, `column` and `offset`
/// are 0-based and counted in characters (Unicode scalar values), as in the
/// JSON findings of the `polc` contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 0-based column, in characters from the start of the line.
    pub column: usize,
    /// 0-based offset, in characters from the start of the text.
    pub offset: usize,
}

/// Converts byte offsets of one text into [`Position`]s, each in time
/// independent of the text's length.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// For non-ASCII text: the number of UTF-8 continuation bytes before
    /// each multiple of [`CHUNK`] bytes (empty for ASCII text).
    continuations: Vec<usize>,
}

/// Bytes between checkpoints of continuation-byte counts.
const CHUNK: usize = 4096;

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        // Eight bytes at a time: a word without `\n` (most of them) is
        // passed over with one test.
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let mut chunks = text.as_bytes().chunks_exact(8);
        let mut at = 0;
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default())
                ^ (ONES * u64::from(b'\n'));
            if word.wrapping_sub(ONES) & !word & HIGH != 0 {
                line_starts.extend(
                    chunk
                        .iter()
                        .enumerate()
                        .filter(|&(_, &b)| b == b'\n')
                        .map(|(i, _)| at + i + 1),
                );
            }
            at += 8;
        }
        line_starts.extend(
            chunks
                .remainder()
                .iter()
                .enumerate()
                .filter(|&(_, &b)| b == b'\n')
                .map(|(i, _)| at + i + 1),
        );
        let continuations = if text.is_ascii() {
            Vec::new()
        } else {
            let mut total = 0;
            let mut checkpoints = vec![0];
            for chunk in text.as_bytes().chunks(CHUNK) {
                total += chunk.iter().filter(|&&b| b & 0xC0 == 0x80).count();
                checkpoints.push(total);
            }
            checkpoints
        };
        Self {
            text,
            line_starts,
            continuations,
        }
    }

    /// The character offset of byte offset `byte` (a character boundary).
    fn char_offset(&self, byte: usize) -> usize {
        if self.continuations.is_empty() {
            return byte;
        }
        let chunk = byte / CHUNK;
        let before = self.continuations.get(chunk).copied().unwrap_or_default();
        let within = self
            .text
            .as_bytes()
            .get(chunk * CHUNK..byte)
            .map_or(0, |bytes| {
                bytes.iter().filter(|&&b| b & 0xC0 == 0x80).count()
            });
        byte - before - within
    }

    /// The position of byte offset `byte` (clamped to the text; snapped back
    /// to a character boundary).
    pub fn position(&self, byte: usize) -> Position {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= byte);
        let line_start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let offset = self.char_offset(byte);
        Position {
            line,
            column: offset - self.char_offset(line_start),
            offset,
        }
    }

    /// The byte range of the line holding byte offset `byte`, without its
    /// line terminator.
    pub fn line_bounds(&self, byte: usize) -> Span {
        let line = self.line_starts.partition_point(|&start| start <= byte);
        let start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next.saturating_sub(1));
        let end = if self.text.as_bytes().get(end.saturating_sub(1)) == Some(&b'\r') && end > start
        {
            end - 1
        } else {
            end
        };
        Span::new(start, end.max(start))
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    /// The lines found eight bytes at a time are the lines: newlines at
    /// every position of a word, in the tail, doubled, and none.
    #[test]
    fn line_starts_are_after_each_newline() {
        let texts = [
            String::new(),
            "no newline at all, longer than a word".to_owned(),
            "\n".to_owned(),
            "\n\n\n\n\n\n\n\n\n".to_owned(),
            "ab\ncdefghij\nk".to_owned(),
            (0..40)
                .map(|i| if i % 7 == 0 { '\n' } else { 'é' })
                .collect(),
            "1234567\n12345678\n123456789\n\n".to_owned(),
        ];
        for text in &texts {
            let expected: Vec<usize> = std::iter::once(0)
                .chain(
                    text.bytes()
                        .enumerate()
                        .filter(|&(_, b)| b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect();
            assert_eq!(LineIndex::new(text).line_starts, expected, "{text:?}");
        }
    }
}
