//! How each element reads `*` and `?`: the one definition of a wildcard
//! pattern that the evaluator (decisions) and the checks (redundancy,
//! `--within`) share, so that they cannot read an entry two ways.
//!
//! A pattern is a list of tokens: literal text, policy variables, `*` and
//! `?`. A `*` or `?` either may run over `:` ("crossing") or stays within
//! one colon-separated part, as AWS documents it for each element:
//!
//! | syntax | `*` | `?` |
//! |------|-----|-----|
//! | action, `StringLike` ([`Syntax::Glob`]) | crosses | crosses |
//! | `Resource` ([`Syntax::Resource`]) | crosses at the end of an ARN part and in the resource part, else stays in its part | crosses in the resource part only |
//! | `ArnLike` / `ArnEquals` ([`Syntax::Arn`]) | crosses in the resource part only | crosses in the resource part only |
//!
//! The evaluator compiles the tokens into fast matchers; [`Pattern::matches_within`]
//! is the plain reading, for checks that compare entries.

use crate::variable::{self, Piece};
use crate::wildcard::Budget;

/// How an element reads wildcards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Syntax {
    /// `*` and `?` cross everything (actions, `StringLike`).
    Glob,
    /// No wildcards at all (`StringEquals`, `StringEqualsIgnoreCase`).
    Literal,
    /// The `Resource` element's ARN rules.
    Resource,
    /// The `Arn*` operators' rules.
    Arn,
}

/// One token of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// Literal text.
    Lit(Box<str>),
    /// A policy variable: the key (lower case) and its default.
    Var {
        /// The key, lower case.
        key: Box<str>,
        /// The default value (`${key, 'default'}`).
        default: Option<Box<str>>,
    },
    /// `*`; `cross`: may run over `:`.
    Star {
        /// Whether it may run over `:`.
        cross: bool,
    },
    /// `?`; `cross`: may be `:`.
    One {
        /// Whether it may be `:`.
        cross: bool,
    },
}

/// A pattern as an element reads it.
///
/// ```
/// use polc_model::pattern::Pattern;
/// // In the first five parts of an ARN, a `*` that does not end its part
/// // stays in it.
/// let p = Pattern::resource("arn:aws:ec2:us-*-1:*:instance/*");
/// assert!(p.matches("arn:aws:ec2:us-east-1:123456789012:instance/i-1"));
/// assert!(!p.matches("arn:aws:ec2:us-east:x-1:123456789012:instance/i-1"));
/// assert!(polc_model::wildcard::matches("arn:aws:ec2:us-*-1:*:instance/*",
///     "arn:aws:ec2:us-east:x-1:123456789012:instance/i-1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    tokens: Box<[Token]>,
    ignore_case: bool,
}

impl Pattern {
    /// An action (or `NotAction`) entry: case-insensitive glob.
    pub fn action(text: &str) -> Self {
        Self::new(text, Syntax::Glob, false, true)
    }

    /// A `Resource`/`NotResource` entry, its variables as literal text:
    /// case-sensitive, ARN rules.
    pub fn resource(text: &str) -> Self {
        Self::new(text, Syntax::Resource, false, false)
    }

    /// Reads `text` with `syntax`; `variables`: read `${...}` as policy
    /// variables (`Version` 2012-10-17); `ignore_case`: match case
    /// insensitively.
    pub fn new(text: &str, syntax: Syntax, variables: bool, ignore_case: bool) -> Self {
        let pieces: Vec<Piece<'_>> = if variables {
            // A malformed variable is refused by validation before a
            // pattern is made; should one get here, it is literal text.
            variable::parse(text).unwrap_or_else(|_| vec![Piece::Literal(text)])
        } else {
            vec![Piece::Literal(text)]
        };
        let mut reader = Reader {
            syntax,
            is_arn: text.starts_with("arn:"),
            part: 0,
            literal: String::new(),
            tokens: Vec::new(),
        };
        for piece in &pieces {
            match piece {
                Piece::Literal(s) => reader.literal(s),
                Piece::Escaped(c) => reader.literal.push(*c),
                Piece::Variable(v) => {
                    reader.flush();
                    // A default holding `*` or `?` where those are
                    // wildcards: AWS says a `*` put in "would be
                    // interpreted as a wildcard", and not whether a
                    // default's is. It has no reading: without the key
                    // the variable has no value (undecided, so a `Deny`
                    // on it applies; review 48).
                    let ambiguous = |d: &&str| syntax != Syntax::Literal && d.contains(['*', '?']);
                    reader.tokens.push(Token::Var {
                        key: v.key.to_ascii_lowercase().into_boxed_str(),
                        default: v.default.filter(|d| !ambiguous(d)).map(Into::into),
                    });
                }
            }
        }
        reader.flush();
        // Consecutive stars: one crossing star absorbs the rest.
        let mut merged: Vec<Token> = Vec::with_capacity(reader.tokens.len());
        for token in reader.tokens {
            match (merged.last_mut(), &token) {
                (Some(Token::Star { cross: a }), Token::Star { cross: b }) => *a |= *b,
                _ => merged.push(token),
            }
        }
        Self {
            tokens: merged.into_boxed_slice(),
            ignore_case,
        }
    }

    /// The tokens.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// Whether it matches case-insensitively.
    pub const fn ignore_case(&self) -> bool {
        self.ignore_case
    }

    /// Whether `text` matches (a variable matches nothing: compare texts
    /// with variables as literal text, or use the evaluator).
    pub fn matches(&self, text: &str) -> bool {
        self.matches_within(text, &Budget::new(u64::MAX)) == Some(true)
    }

    /// [`Pattern::matches`] within `budget` (tokens × characters steps):
    /// `None` once it is spent. Linear in the text: the set of places in
    /// the pattern is carried along the text, never backtracked.
    pub fn matches_within(&self, text: &str, budget: &Budget) -> Option<bool> {
        let matcher = Matcher::new(self);
        let steps = matcher
            .width()
            .saturating_add(1)
            .saturating_mul(text.len().saturating_add(1));
        if !budget.charge(steps) {
            return None;
        }
        Some(matcher.run(&self.fold(text)))
    }

    /// Whether every text `narrow` matches, this pattern matches too,
    /// within `budget`: `Some(true)` only when that is certain (each of
    /// `narrow`'s characters and wildcards is taken by one of this
    /// pattern's places: sound, not complete), `None` once the budget is
    /// spent or when either has a policy variable.
    ///
    /// ```
    /// use polc_model::pattern::Pattern;
    /// use polc_model::wildcard::Budget;
    /// let budget = Budget::new(10_000);
    /// let wide = Pattern::resource("arn:aws:s3:::bucket-*");
    /// assert_eq!(wide.covers_within(&Pattern::resource("arn:aws:s3:::bucket-*/*"), &budget), Some(true));
    /// assert_eq!(wide.covers_within(&Pattern::resource("arn:aws:s3:::other-*"), &budget), Some(false));
    /// ```
    pub fn covers_within(&self, narrow: &Self, budget: &Budget) -> Option<bool> {
        if self.ignore_case != narrow.ignore_case
            || self
                .tokens
                .iter()
                .chain(narrow.tokens.iter())
                .any(|t| matches!(t, Token::Var { .. }))
        {
            return None;
        }
        let matcher = Matcher::new(self);
        let length: usize = narrow
            .tokens
            .iter()
            .map(|t| match t {
                Token::Lit(s) => s.chars().count(),
                _ => 1,
            })
            .sum();
        let steps = matcher
            .width()
            .saturating_add(1)
            .saturating_mul(length.saturating_add(1));
        if !budget.charge(steps) {
            return None;
        }
        let folded: Vec<(Option<String>, Option<Symbol>)> = narrow
            .tokens
            .iter()
            .map(|t| match t {
                Token::Lit(s) => (Some(self.fold(s)), None),
                Token::One { cross } => (None, Some(Symbol::One(*cross))),
                Token::Star { cross } => (None, Some(Symbol::Star(*cross))),
                Token::Var { .. } => (None, None),
            })
            .collect();
        let symbols = folded.iter().flat_map(|(lit, wild)| {
            lit.iter()
                .flat_map(|s| s.chars().map(Symbol::Char))
                .chain(wild.iter().copied())
        });
        Some(matcher.run_symbols(symbols))
    }

    fn fold(&self, s: &str) -> String {
        if self.ignore_case {
            s.to_lowercase()
        } else {
            s.to_owned()
        }
    }
}

/// Reads literal text into tokens, counting ARN parts.
struct Reader {
    syntax: Syntax,
    is_arn: bool,
    /// Which ARN part the text so far is in (0-based): parts 0..=4 are the
    /// fixed parts.
    part: usize,
    literal: String,
    tokens: Vec<Token>,
}

impl Reader {
    fn flush(&mut self) {
        if !self.literal.is_empty() {
            self.tokens.push(Token::Lit(
                std::mem::take(&mut self.literal).into_boxed_str(),
            ));
        }
    }

    fn literal(&mut self, s: &str) {
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            let wild = self.syntax != Syntax::Literal && (c == '*' || c == '?');
            if !wild {
                if c == ':' {
                    self.part += 1;
                }
                self.literal.push(c);
                continue;
            }
            self.flush();
            let cross = match self.syntax {
                Syntax::Glob | Syntax::Literal => true,
                Syntax::Arn => self.part >= 5,
                Syntax::Resource => {
                    !self.is_arn
                        || self.part >= 5
                        || (c == '*' && matches!(chars.peek(), None | Some(':')))
                }
            };
            self.tokens.push(if c == '*' {
                Token::Star { cross }
            } else {
                Token::One { cross }
            });
        }
    }
}

/// What a place of a pattern reads: a character of a text, or of another
/// pattern a `?` or `*` (with whether it may be `:`).
#[derive(Debug, Clone, Copy)]
enum Symbol {
    Char(char),
    One(bool),
    Star(bool),
}

impl Symbol {
    /// Whether a wildcard that may run over `:` only when `cross` takes
    /// everything this symbol stands for.
    fn fits(self, cross: bool) -> bool {
        match self {
            Self::Char(c) => cross || c != ':',
            Self::One(any) | Self::Star(any) => cross || !any,
        }
    }
}

/// The places of a pattern, one per literal character and one per other
/// token, and the end: a text matches when the end is reached with it.
struct Matcher<'p> {
    tokens: &'p [Token],
    /// Each literal token's characters (folded), by token.
    literals: Vec<Vec<char>>,
    /// The first place of each token; the last entry is the end.
    base: Vec<usize>,
}

impl<'p> Matcher<'p> {
    fn new(pattern: &'p Pattern) -> Self {
        let literals: Vec<Vec<char>> = pattern
            .tokens
            .iter()
            .map(|t| match t {
                Token::Lit(s) => pattern.fold(s).chars().collect(),
                _ => Vec::new(),
            })
            .collect();
        let mut base = Vec::with_capacity(literals.len() + 1);
        let mut at = 0;
        for lit in &literals {
            base.push(at);
            at += lit.len().max(1);
        }
        base.push(at);
        Self {
            tokens: &pattern.tokens,
            literals,
            base,
        }
    }

    /// How many places there are, the end included.
    fn width(&self) -> usize {
        self.base.last().map_or(0, |w| w + 1)
    }

    fn run(&self, text: &str) -> bool {
        self.run_symbols(text.chars().map(Symbol::Char))
    }

    /// Whether the pattern takes every text the symbols stand for: a
    /// literal character, or another pattern's `?` and `*` (each with
    /// whether it may be `:`).
    fn run_symbols(&self, symbols: impl Iterator<Item = Symbol>) -> bool {
        let end = self.tokens.len();
        // `seen[id] == step`: the place is in the current set already.
        let mut seen = vec![usize::MAX; self.width()];
        let mut now: Vec<(usize, usize)> = Vec::new();
        self.close((0, 0), 0, &mut seen, &mut now);
        for (step, symbol) in symbols.enumerate() {
            let mut next = Vec::new();
            for &(t, at) in &now {
                let to = match (self.tokens.get(t), symbol) {
                    (Some(Token::Lit(_)), Symbol::Char(c)) => {
                        let lit = self.literals.get(t).map_or(&[][..], Vec::as_slice);
                        if lit.get(at) != Some(&c) {
                            continue;
                        }
                        if at + 1 == lit.len() {
                            (t + 1, 0)
                        } else {
                            (t, at + 1)
                        }
                    }
                    (Some(Token::Star { cross }), symbol) if symbol.fits(*cross) => (t, 0),
                    (Some(Token::One { cross }), symbol)
                        if symbol.fits(*cross) && !matches!(symbol, Symbol::Star(_)) =>
                    {
                        (t + 1, 0)
                    }
                    _ => continue,
                };
                self.close(to, step + 1, &mut seen, &mut next);
            }
            if next.is_empty() {
                return false;
            }
            now = next;
        }
        now.iter().any(|&(t, _)| t == end)
    }

    /// Adds `place` and the places a star lets it skip to, once each per
    /// step.
    fn close(
        &self,
        mut place: (usize, usize),
        step: usize,
        seen: &mut [usize],
        out: &mut Vec<(usize, usize)>,
    ) {
        loop {
            let id = self.base.get(place.0).map_or(usize::MAX, |b| b + place.1);
            match seen.get_mut(id) {
                Some(mark) if *mark == step => return,
                Some(mark) => *mark = step,
                None => return,
            }
            out.push(place);
            match self.tokens.get(place.0) {
                Some(Token::Star { .. }) => place = (place.0 + 1, 0),
                _ => return,
            }
        }
    }
}
