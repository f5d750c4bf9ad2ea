//! The `.pol` text of an inline `policy!{ ... }`, rebuilt from its tokens
//! with the layout it was written in, and the way back from a place in
//! that text to the token written there.
//!
//! Each token is put at its own line and column (`Span::start`), so that
//! columns, and so the `.pol` parser's errors, are those of the Rust file.
//! Rust removes `//` and `/* */` comments before a macro sees its input.
//! A `#` comment would reach it as tokens, and would take in whatever
//! tokens end up on its line — from another macro, for one — so a `#` is
//! refused ([`Rebuilt::hash`]): comments in `policy!` are Rust's.

use std::ops::Range;

use proc_macro::{Delimiter, Span, TokenStream, TokenTree};

/// The rebuilt text and where each token of it came from.
pub struct Rebuilt {
    /// The `.pol` text.
    pub text: String,
    /// Each token's bytes in `text`, with its span, in order.
    tokens: Vec<(Range<usize>, Span)>,
    /// The line and column the text has reached.
    line: usize,
    column: usize,
    /// The first `#` of the input (a `.pol` comment).
    pub hash: Option<Span>,
}

impl Rebuilt {
    /// Rebuilds the text of `input`.
    pub fn new(input: TokenStream) -> Self {
        let mut rebuilt = Self {
            text: String::new(),
            tokens: Vec::new(),
            line: 0,
            column: 0,
            hash: None,
        };
        rebuilt.stream(input);
        rebuilt
    }

    fn stream(&mut self, input: TokenStream) {
        for tree in input {
            match tree {
                TokenTree::Group(group) => {
                    let (open, close) = match group.delimiter() {
                        Delimiter::Parenthesis => ("(", ")"),
                        Delimiter::Brace => ("{", "}"),
                        Delimiter::Bracket => ("[", "]"),
                        Delimiter::None => ("", ""),
                    };
                    if !open.is_empty() {
                        self.token(open, group.span_open());
                    }
                    self.stream(group.stream());
                    if !close.is_empty() {
                        self.token(close, group.span_close());
                    }
                }
                TokenTree::Ident(ident) => self.token(&ident.to_string(), ident.span()),
                TokenTree::Punct(punct) => {
                    if punct.as_char() == '#' && self.hash.is_none() {
                        self.hash = Some(punct.span());
                    }
                    self.token(punct.as_char().encode_utf8(&mut [0; 4]), punct.span());
                }
                TokenTree::Literal(literal) => self.token(&literal.to_string(), literal.span()),
            }
        }
    }

    /// Appends `text` at the place `span` starts, then moves to where it
    /// ends.
    fn token(&mut self, text: &str, span: Span) {
        let start = span.start();
        let (line, column) = (start.line(), start.column());
        if self.line == 0 {
            // The first token: columns are kept, lines counted from here.
            self.line = line;
            self.column = 1;
        }
        if line > self.line {
            self.text
                .extend(std::iter::repeat_n('\n', line - self.line));
            self.column = 1;
        }
        if line >= self.line && column >= self.column {
            self.text
                .extend(std::iter::repeat_n(' ', column - self.column));
        } else if !self.text.is_empty() {
            // Tokens out of order (made by another macro): keep them apart,
            // on a line of their own.
            self.text.push('\n');
        }
        let begin = self.text.len();
        self.text.push_str(text);
        self.tokens.push((begin..self.text.len(), span));
        let end = span.end();
        if end.line() >= line && (end.line(), end.column()) > (line, column) {
            self.line = end.line();
            self.column = end.column();
        } else {
            // No usable end: count the characters written.
            self.line = line + text.matches('\n').count();
            self.column = match text.rfind('\n') {
                Some(i) => text.get(i + 1..).map_or(0, |t| t.chars().count()) + 1,
                None => column.max(self.column) + text.chars().count(),
            };
        }
    }

    /// The spans of the first and the last token that `range` of the text
    /// touches (the nearest token before it when it touches none): rustc
    /// underlines from the start of the first to the end of the last.
    pub fn spans(&self, range: Range<usize>) -> (Span, Span) {
        let touches =
            |r: &Range<usize>| r.start < range.end.max(range.start + 1) && range.start < r.end;
        let first = self.tokens.iter().find(|(r, _)| touches(r));
        let last = self.tokens.iter().rev().find(|(r, _)| touches(r));
        match (first, last) {
            (Some((_, a)), Some((_, b))) => (*a, *b),
            _ => {
                let before = self
                    .tokens
                    .iter()
                    .rev()
                    .find(|(r, _)| r.start <= range.start)
                    .or_else(|| self.tokens.first())
                    .map_or_else(Span::call_site, |(_, s)| *s);
                (before, before)
            }
        }
    }
}
