//! The one lexical scan of `.pol` text that the parser's pre-checks, the
//! parser's spans and the formatter share: where strings and comments
//! are, so that a `#` in a string is not a comment and a `"` in a comment
//! opens no string.

use polc_model::Span;

/// A piece of the source, outside which everything is code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lexeme {
    /// `#` to the end of the line (the line end excluded).
    Comment(Span),
    /// A string with its quotes; `closed` is false for one the line (or
    /// the file) ends in.
    String {
        /// From the opening quote to the closing one (or the line end).
        span: Span,
        /// Whether the closing quote is there.
        closed: bool,
    },
    /// Any other character, at its offset.
    Code(usize, char),
}

/// The lexemes of `source`, in order. Linear in the source.
pub(crate) fn lexemes(source: &str) -> impl Iterator<Item = Lexeme> + '_ {
    let mut chars = source.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, c) = chars.next()?;
        Some(match c {
            '#' => {
                let mut end = source.len();
                while let Some(&(i, d)) = chars.peek() {
                    if d == '\n' {
                        end = i;
                        break;
                    }
                    chars.next();
                }
                Lexeme::Comment(Span::new(start, end))
            }
            '"' => {
                let mut escaped = false;
                loop {
                    match chars.peek().copied() {
                        None => {
                            break Lexeme::String {
                                span: Span::new(start, source.len()),
                                closed: false,
                            };
                        }
                        Some((i, '\n')) => {
                            break Lexeme::String {
                                span: Span::new(start, i),
                                closed: false,
                            };
                        }
                        Some((i, d)) => {
                            chars.next();
                            if escaped {
                                escaped = false;
                            } else if d == '\\' {
                                escaped = true;
                            } else if d == '"' {
                                break Lexeme::String {
                                    span: Span::new(start, i + 1),
                                    closed: true,
                                };
                            }
                        }
                    }
                }
            }
            c => Lexeme::Code(start, c),
        })
    })
}

/// The comments of `source`.
pub(crate) fn comments(source: &str) -> impl Iterator<Item = Span> + '_ {
    lexemes(source).filter_map(|l| match l {
        Lexeme::Comment(span) => Some(span),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::{Lexeme, lexemes};
    use polc_model::Span;

    #[test]
    fn strings_hide_hashes_and_comments_hide_quotes() {
        let source = "a \"x # \\\" y\" # z \"q\n\"open\nb";
        let pieces: Vec<Lexeme> = lexemes(source)
            .filter(|l| !matches!(l, Lexeme::Code(..)))
            .collect();
        assert_eq!(
            pieces,
            [
                Lexeme::String {
                    span: Span::new(2, 12),
                    closed: true
                },
                Lexeme::Comment(Span::new(13, 19)),
                Lexeme::String {
                    span: Span::new(20, 25),
                    closed: false
                },
            ]
        );
    }
}
