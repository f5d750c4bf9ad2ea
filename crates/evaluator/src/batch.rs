//! Many requests at once: JSON Lines in, one decision line out per
//! request, in order. Blocks of input are decided by a few threads that
//! share the set; the output is the same as deciding line by line.

use std::io::{Read, Write};

use crate::json::parse_request;
use crate::output::DecisionWriter;
use crate::set::Matched;

/// The most bytes one request line may have.
pub const MAX_LINE: usize = 1 << 20;
/// Bytes of input decided together (then written, in order).
const BLOCK_BYTES: usize = 4 << 20;

/// Why a batch stopped. Decisions of the lines before the one named were
/// written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BatchError {
    /// The input could not be read.
    #[error("cannot read the requests: {0}")]
    Read(#[source] std::io::Error),
    /// The decisions could not be written (a closed pipe, a full disk).
    #[error("cannot write the decisions: {0}")]
    Write(#[source] std::io::Error),
    /// A line is not a request: `line` is 1-based, `column` when known.
    #[error("{line}:{}{message}", column.map_or_else(|| " ".to_owned(), |c| format!("{c}: ")))]
    Request {
        /// The line.
        line: usize,
        /// The column in the line, for JSON syntax errors.
        column: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// A line is longer than [`MAX_LINE`].
    #[error("{line}: the line is longer than {} KiB; a request is a small object", MAX_LINE / 1024)]
    LineTooLong {
        /// The line.
        line: usize,
    },
    /// A line is not UTF-8.
    #[error("{line}: the line is not UTF-8")]
    NotUtf8 {
        /// The line.
        line: usize,
    },
}

/// Decides every request line of `input` (blank lines are skipped) and
/// writes one decision per request to `out`, in order; stops at the first
/// line that is not a request. Uses up to `threads` threads.
///
/// ```
/// use polc_evaluator::{PolicyKind, PolicySet, PolicySource};
/// use polc_evaluator::output::{DecisionWriter, Format};
/// let mut set = PolicySet::new();
/// let policy = r#"{"Version": "2012-10-17", "Statement": [
///   {"Effect": "Allow", "Action": "ecs:List*", "Resource": "*"}]}"#;
/// set.add_json(PolicyKind::Identity, PolicySource { name: "p", text: policy }).unwrap();
/// let writer = DecisionWriter::new(&set, Format::Text, false);
/// let requests = concat!(
///     r#"{"principal": "arn:aws:iam::111122223333:user/a", "action": "ecs:ListClusters", "resource": "*"}"#, "\n",
///     r#"{"principal": "arn:aws:iam::111122223333:user/a", "action": "ecs:RunTask", "resource": "*"}"#, "\n");
/// let mut out = Vec::new();
/// polc_evaluator::batch::decide_lines(&writer, requests.as_bytes(), &mut out, 2).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "ALLOW\nIMPLICIT_DENY\n");
/// ```
///
/// # Errors
/// [`BatchError`]: the first bad line, or a failed read or write.
pub fn decide_lines(
    writer: &DecisionWriter<'_>,
    mut input: impl Read,
    out: &mut impl Write,
    threads: usize,
) -> Result<(), BatchError> {
    let mut buf: Vec<u8> = Vec::with_capacity(BLOCK_BYTES + MAX_LINE);
    let mut carry: Vec<u8> = Vec::new();
    // The number of the first line of the block.
    let mut first_line = 1usize;
    loop {
        buf.clear();
        buf.append(&mut carry);
        let want = u64::try_from(BLOCK_BYTES.saturating_sub(buf.len())).unwrap_or(0);
        let n = (&mut input)
            .take(want)
            .read_to_end(&mut buf)
            .map_err(BatchError::Read)?;
        let eof = n == 0 || buf.len() < BLOCK_BYTES;
        // What stops the batch after the whole lines before it are decided.
        let mut stop = None;
        if !eof {
            // Decide whole lines only; the rest starts the next block.
            let cut = buf
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |last| last + 1);
            if buf.len() - cut > MAX_LINE {
                // A last line longer than allowed (or a whole block
                // without a line end).
                stop = Some(BatchError::LineTooLong {
                    line: first_line + lines_in(buf.get(..cut).unwrap_or_default()),
                });
                buf.truncate(cut);
            } else {
                carry.extend(buf.drain(cut..));
            }
        }
        if let Err(e) = std::str::from_utf8(&buf) {
            let valid = buf.get(..e.valid_up_to()).unwrap_or_default();
            stop = Some(BatchError::NotUtf8 {
                line: first_line + lines_in(valid),
            });
            let cut = valid
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |last| last + 1);
            buf.truncate(cut);
            carry.clear();
        }
        let text = std::str::from_utf8(&buf).unwrap_or_default();
        let parts = split_at_lines(text, threads);
        let results: Vec<Decided> = std::thread::scope(|scope| {
            let handles: Vec<_> = parts
                .iter()
                .map(|part| scope.spawn(move || decide_part(writer, part)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| Decided::crashed()))
                .collect()
        });
        for result in results {
            out.write_all(result.output.as_bytes())
                .map_err(BatchError::Write)?;
            if let Some(mut error) = result.error {
                if let BatchError::Request { line, .. } | BatchError::LineTooLong { line } =
                    &mut error
                {
                    *line += first_line;
                }
                return Err(error);
            }
            first_line += result.lines;
        }
        if let Some(error) = stop {
            return Err(error);
        }
        if eof && carry.is_empty() {
            return Ok(());
        }
    }
}

fn lines_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

/// `text` cut into about `n` pieces, each made of whole lines.
fn split_at_lines(text: &str, n: usize) -> Vec<&str> {
    let mut parts = Vec::with_capacity(n);
    let mut rest = text;
    let size = (text.len() / n.max(1)).max(1 << 16);
    while rest.len() > size {
        let cut = rest
            .as_bytes()
            .iter()
            .skip(size)
            .position(|b| *b == b'\n')
            .map_or(rest.len(), |i| size + i + 1);
        let (head, tail) = rest.split_at(cut.min(rest.len()));
        parts.push(head);
        rest = tail;
    }
    if !rest.is_empty() {
        parts.push(rest);
    }
    parts
}

/// What a worker did with its lines.
struct Decided {
    output: String,
    /// Lines read (all of them, when no error).
    lines: usize,
    /// The first bad line, its number 0-based in the part.
    error: Option<BatchError>,
}

impl Decided {
    /// A worker that panicked: nothing it did is trusted.
    fn crashed() -> Self {
        Self {
            output: String::new(),
            lines: 0,
            error: Some(BatchError::Request {
                line: 0,
                column: None,
                message: "an internal error stopped a worker".to_owned(),
            }),
        }
    }
}

/// Decides the lines of `text`; stops at the first bad one.
fn decide_part(writer: &DecisionWriter<'_>, text: &str) -> Decided {
    let mut output = String::with_capacity(text.len() / 8);
    let mut matched: Vec<Matched> = Vec::new();
    let mut lines = 0;
    for line in text.split_terminator('\n') {
        if line.len() > MAX_LINE {
            return Decided {
                output,
                lines,
                error: Some(BatchError::LineTooLong { line: lines }),
            };
        }
        // Parsed as written, so that a column counts from the line's start.
        if !line.trim().is_empty() {
            match parse_request(line) {
                Ok(request) => writer.decide(&request, &mut matched, &mut output),
                Err(e) => {
                    let error = BatchError::Request {
                        line: lines,
                        column: e.column,
                        message: e.message,
                    };
                    return Decided {
                        output,
                        lines,
                        error: Some(error),
                    };
                }
            }
        }
        lines += 1;
    }
    Decided {
        output,
        lines,
        error: None,
    }
}

impl miette::Diagnostic for BatchError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(match self {
            Self::Read(_) | Self::Write(_) => "polc::io",
            _ => "polc::request",
        }))
    }
}
