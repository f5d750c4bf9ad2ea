//! Compiled wildcard patterns: actions, resources, `StringLike` and `Arn*`
//! values, with policy variables resolved at match time.
//!
//! A pattern is a list of tokens read by `polc_model::pattern` (literal
//! text, policy variables, `*` and `?`, each star knowing whether it may
//! run over `:` in its element): the one reading the checks share.
//!
//! Matching is iterative (no recursion): the classic greedy algorithm that
//! remembers the last star, with two levels (the last crossing star and the
//! last star that stays in its part), which is exact because a star that
//! cannot cross `:` is confined to one part whose ends are fixed.

use crate::bits::{Bits, LONG_TEXT, Piece as BitPiece};
use crate::condition::Truth;

pub(crate) use polc_model::pattern::Syntax;
use polc_model::pattern::Token as Tok;

mod program;
mod role_path;

/// What a pattern looks like, for the fast paths.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    /// Matches everything (`*`, crossing).
    Any,
    /// Literal text only.
    Exact(Box<str>),
    /// Literal text then a crossing `*`.
    Prefix(Box<str>),
    /// No variables, matched on bytes (case-sensitive, or ASCII
    /// case-insensitive for an ASCII pattern).
    Program(Program),
    /// With variables, or case-insensitive beyond ASCII: matched on
    /// characters, variables resolved as they are reached.
    General,
}

/// A variable-free pattern as byte-level operations.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Program {
    ops: Box<[Op]>,
    /// The same pattern for long texts (linear in the text); boxed, so
    /// the patterns the short texts are matched with stay small. `None`:
    /// too many distinct characters (see `Bits::new`); the policy holding
    /// it is refused.
    bits: Option<Box<Bits>>,
    /// The literal bytes every match starts with, and ends with.
    head: Box<[u8]>,
    tail: Box<[u8]>,
    /// The fewest bytes a match has.
    min_len: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    Lit(Box<[u8]>),
    Star { cross: bool },
    One { cross: bool },
}

/// A compiled pattern.
///
/// ```
/// use polc_evaluator::Pattern;
/// let p = Pattern::resource("arn:aws:ecs:*:111122223333:cluster/*");
/// assert!(p.matches("arn:aws:ecs:us-east-1:111122223333:cluster/prod"));
/// assert!(!p.matches("arn:aws:ecs:us-east-1:444455556666:cluster/prod"));
/// assert!(Pattern::action("ecs:Describe*").matches("ECS:describeClusters"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    toks: Box<[Tok]>,
    shape: Shape,
    ignore_case: bool,
}

/// A source of variable values: the request.
pub(crate) trait Vars {
    /// The single value of `key` (lower case), if the request has one.
    fn var(&self, key: &str) -> Option<&str>;

    /// The value of `${key, 'default'}`: the key's single value, or
    /// `default` when the request does not have the key at all. A key
    /// given with several values (or none) is there, and no variable: it
    /// has no value and the default does not stand in for it.
    fn var_or<'s>(&'s self, key: &str, default: Option<&'s str>) -> Option<&'s str> {
        self.var(key).or(default)
    }
}

/// No variables (patterns compiled without them).
pub(crate) struct NoVars;

impl Vars for NoVars {
    fn var(&self, _key: &str) -> Option<&str> {
        None
    }
}

impl Pattern {
    /// An `Action`/`NotAction` entry: case-insensitive; `*` and `?` are
    /// wildcards that match any characters.
    pub fn action(text: &str) -> Self {
        Self::compile(text, Syntax::Glob, false, true)
    }

    /// A `Resource`/`NotResource` entry, without policy variables (they are
    /// read only under `Version` 2012-10-17; see [`crate::PolicySet`]).
    /// Case-sensitive; within the first five ARN parts a `*` stays in its
    /// part unless it ends the part, and `?` never matches `:`.
    pub fn resource(text: &str) -> Self {
        Self::compile(text, Syntax::Resource, false, false)
    }

    /// A `StringLike` value, without policy variables: case-sensitive,
    /// `*` and `?` match any characters.
    pub fn string_like(text: &str) -> Self {
        Self::compile(text, Syntax::Glob, false, false)
    }

    /// An `ArnLike`/`ArnEquals` value, without policy variables: the six
    /// ARN parts are matched separately, so `*` and `?` do not match `:`
    /// except within the resource part.
    pub fn arn_like(text: &str) -> Self {
        Self::compile(text, Syntax::Arn, false, false)
    }

    /// Whether `text` matches (for patterns without variables).
    pub fn matches(&self, text: &str) -> bool {
        self.matches_with(text, &NoVars)
    }

    /// Compiles `text`; `variables`: read `${...}` (Version 2012-10-17).
    pub(crate) fn compile(text: &str, syntax: Syntax, variables: bool, ignore_case: bool) -> Self {
        // How the element reads its wildcards is polc-model's, shared
        // with the checks; the matchers built from it are the evaluator's.
        let shared = polc_model::pattern::Pattern::new(text, syntax, variables, ignore_case);
        let merged: Vec<Tok> = shared.tokens().to_vec();
        let shape = match merged.as_slice() {
            [] => Shape::Exact("".into()),
            [Tok::Star { cross: true }] => Shape::Any,
            [Tok::Lit(s)] => Shape::Exact(s.clone()),
            [Tok::Lit(s), Tok::Star { cross: true }] => Shape::Prefix(s.clone()),
            toks if !ignore_case || text.is_ascii() => {
                Program::new(toks, ignore_case).map_or(Shape::General, Shape::Program)
            }
            _ => Shape::General,
        };
        Self {
            toks: merged.into_boxed_slice(),
            shape,
            ignore_case,
        }
    }

    /// Whether `text` matches, reading variables from `vars`: `True` or
    /// `False`, or `Undecided` when a variable has no value (and no
    /// default) and the text would match with some value of it — AWS says
    /// such a variable "might cause the entire statement to be invalid",
    /// so neither answer is safe.
    #[inline]
    pub(crate) fn test(&self, text: &str, vars: &dyn Vars) -> Truth {
        match &self.shape {
            Shape::General => self.general(text, vars),
            _ => Truth::of(self.matches_with(text, vars)),
        }
    }

    /// Whether long texts can be matched in linear time: `false` for a
    /// pattern of more distinct characters than [`crate::bits`] takes (a
    /// policy holding one is refused).
    pub(crate) fn is_linear(&self) -> bool {
        match &self.shape {
            Shape::Program(p) => p.bits.is_some(),
            Shape::General => bit_pieces(&self.toks, &vec![None; self.toks.len()])
                .is_some_and(|pieces| Bits::fits(&pieces, self.ignore_case)),
            _ => true,
        }
    }

    /// Whether every literal of the pattern is ASCII.
    fn toks_ascii(&self) -> bool {
        self.toks.iter().all(|t| match t {
            Tok::Lit(s) => s.is_ascii(),
            _ => true,
        })
    }

    /// Whether `text` surely matches, reading variables from `vars` (see
    /// [`Pattern::test`]: an undecided match is no match).
    pub(crate) fn matches_with(&self, text: &str, vars: &dyn Vars) -> bool {
        match &self.shape {
            Shape::Any => true,
            Shape::Exact(s) => eq(s, text, self.ignore_case),
            Shape::Prefix(s) => text
                .get(..s.len())
                .is_some_and(|head| eq(s, head, self.ignore_case)),
            Shape::Program(Program {
                bits: Some(bits), ..
            }) if text.len() > LONG_TEXT => bits.matches(text),
            Shape::Program(program) => program.matches(text.as_bytes(), self.ignore_case),
            Shape::General => self.general(text, vars) == Truth::True,
        }
    }

    /// The general algorithm: variables resolved once (up to
    /// [`MAX_RESOLVED`]; more are resolved as reached), then literal chunks
    /// compared whole, with the two-level star backtracking of
    /// [`Program::matches`]. A variable without a value matches as a `*`
    /// that may run over everything; a match through one is `Undecided`.
    #[inline(never)]
    fn general(&self, text: &str, vars: &dyn Vars) -> Truth {
        let mut resolved: [Option<&str>; MAX_RESOLVED] = [None; MAX_RESOLVED];
        let mut var_index = 0usize;
        let mut unresolved = false;
        for tok in &*self.toks {
            if let Tok::Var { key, default } = tok {
                let value = vars.var_or(key, default.as_deref());
                unresolved |= value.is_none();
                if let Some(slot) = resolved.get_mut(var_index) {
                    *slot = value;
                }
                var_index += 1;
            }
        }
        let matched = if unresolved {
            Truth::Undecided
        } else {
            Truth::True
        };
        // A long text: the linear matcher, on the pattern with its
        // variables put in (non-ASCII case folding stays with the
        // backtracking matcher: such patterns have no wildcards).
        if text.len() > LONG_TEXT && (!self.ignore_case || self.toks_ascii()) {
            let values: Vec<Option<&str>> = self
                .toks
                .iter()
                .filter_map(|t| match t {
                    Tok::Var { key, default } => Some(vars.var_or(key, default.as_deref())),
                    _ => None,
                })
                .collect();
            // Case folding beyond ASCII (a variable's value) stays with the
            // backtracking matcher, which folds it.
            let ascii_values = values.iter().flatten().all(|v| v.is_ascii());
            let pieces = bit_pieces(&self.toks, &values);
            // A pattern that needs more characters than the text has
            // cannot match (variables repeated make long patterns).
            let needed = pieces.as_ref().map_or(0, |p| {
                p.iter()
                    .filter(|x| !matches!(x, BitPiece::Star { .. }))
                    .count()
            });
            if needed > text.chars().count() {
                return Truth::False;
            }
            if let Some(bits) = pieces
                .filter(|_| !self.ignore_case || ascii_values)
                .and_then(|pieces| Bits::new(&pieces, self.ignore_case))
            {
                return if bits.matches(text) {
                    matched
                } else {
                    Truth::False
                };
            }
        }
        let bytes = text.as_bytes();
        let char_len = |t: usize| {
            text.get(t..)
                .and_then(|r| r.chars().next())
                .map_or(1, char::len_utf8)
        };
        // Positions: token index, variable ordinal there, text offset.
        let mut p = 0usize;
        let mut v = 0usize;
        let mut t = 0usize;
        let mut global: Option<(usize, usize, usize)> = None;
        let mut local: Option<(usize, usize, usize)> = None;
        loop {
            let advanced = match self.toks.get(p) {
                None => {
                    if t == text.len() {
                        return matched;
                    }
                    false
                }
                Some(Tok::Star { cross }) => {
                    if *cross {
                        global = Some((p + 1, v, t));
                        local = None;
                    } else {
                        local = Some((p + 1, v, t));
                    }
                    p += 1;
                    continue;
                }
                Some(Tok::One { cross }) => match text.get(t..).and_then(|r| r.chars().next()) {
                    Some(c) if *cross || c != ':' => {
                        t += c.len_utf8();
                        true
                    }
                    _ => false,
                },
                Some(tok) => {
                    let is_var = matches!(tok, Tok::Var { .. });
                    let Some(lit) = literal(tok, &resolved, v, vars) else {
                        // A variable without a value: any text, as a `*`.
                        global = Some((p + 1, v + 1, t));
                        local = None;
                        p += 1;
                        v += 1;
                        continue;
                    };
                    match chunk(text, t, lit, self.ignore_case) {
                        Some(n) => {
                            t += n;
                            if is_var {
                                v += 1;
                            }
                            true
                        }
                        None => false,
                    }
                }
            };
            if advanced {
                p += 1;
                continue;
            }
            if let Some((lp, lv, lt)) = local {
                match bytes.get(lt) {
                    Some(b) if *b != b':' => {
                        let nt = lt + char_len(lt);
                        local = Some((lp, lv, nt));
                        p = lp;
                        v = lv;
                        t = nt;
                        continue;
                    }
                    _ => local = None,
                }
            }
            if let Some((gp, gv, gt)) = global
                && gt < text.len()
            {
                let nt = gt + char_len(gt);
                global = Some((gp, gv, nt));
                p = gp;
                v = gv;
                t = nt;
                continue;
            }
            return Truth::False;
        }
    }
}

/// The tokens as pieces for [`Bits`]: the `k`-th variable is `values[k]`
/// (its text, literal; `None`: no value, a crossing `*`). `None` when a
/// variable has no entry in `values`.
fn bit_pieces(toks: &[Tok], values: &[Option<&str>]) -> Option<Vec<BitPiece>> {
    let mut out = Vec::with_capacity(toks.len());
    let mut k = 0usize;
    for tok in toks {
        match tok {
            Tok::Lit(s) => out.extend(s.chars().map(BitPiece::Char)),
            Tok::Star { cross } => out.push(BitPiece::Star { cross: *cross }),
            Tok::One { cross } => out.push(BitPiece::One { cross: *cross }),
            Tok::Var { .. } => {
                match values.get(k)? {
                    Some(v) => out.extend(v.chars().map(BitPiece::Char)),
                    None => out.push(BitPiece::Star { cross: true }),
                }
                k += 1;
            }
        }
    }
    Some(out)
}

/// The literal text of a token (`v`: its variable ordinal).
fn literal<'s>(
    tok: &'s Tok,
    resolved: &[Option<&'s str>],
    v: usize,
    vars: &'s dyn Vars,
) -> Option<&'s str> {
    match tok {
        Tok::Lit(s) => Some(s),
        Tok::Var { key, default } => match resolved.get(v) {
            Some(value) => *value,
            None => vars.var_or(key, default.as_deref()),
        },
        Tok::Star { .. } | Tok::One { .. } => None,
    }
}

/// Variables resolved before matching (more are resolved as reached).
const MAX_RESOLVED: usize = 16;

/// Whether `text` at `t` starts with `lit`; the bytes of `text` it covers.
fn chunk(text: &str, t: usize, lit: &str, ignore_case: bool) -> Option<usize> {
    let rest = text.get(t..)?;
    if !ignore_case {
        return rest.starts_with(lit).then_some(lit.len());
    }
    if lit.is_ascii() {
        let head = rest.as_bytes().get(..lit.len())?;
        return head
            .eq_ignore_ascii_case(lit.as_bytes())
            .then_some(lit.len());
    }
    let mut consumed = 0;
    let mut chars = rest.chars();
    for pc in lit.chars() {
        let c = chars.next()?;
        if !char_eq(pc, c, true) {
            return None;
        }
        consumed += c.len_utf8();
    }
    Some(consumed)
}

/// Character equality; case-insensitive: ASCII letters fold, and a
/// non-ASCII pattern character compares by its lower case (as
/// `polc_model::wildcard::matches_ignore_case` does).
fn char_eq(a: char, b: char, ignore_case: bool) -> bool {
    a == b
        || (ignore_case
            && (a.eq_ignore_ascii_case(&b)
                || (!a.is_ascii() && a.to_lowercase().eq(b.to_lowercase()))))
}

/// Whole-string equality, case-insensitive on request.
pub(crate) fn eq(a: &str, b: &str, ignore_case: bool) -> bool {
    if !ignore_case {
        return a == b;
    }
    if a.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars().count() == b.chars().count()
        && a.chars().zip(b.chars()).all(|(x, y)| char_eq(x, y, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct OneVar(&'static str, &'static str);
    impl Vars for OneVar {
        fn var(&self, key: &str) -> Option<&str> {
            (key == self.0).then_some(self.1)
        }
    }

    #[test]
    fn shapes() {
        assert_eq!(Pattern::action("*").shape, Shape::Any);
        assert_eq!(Pattern::action("ecs:*").shape, Shape::Prefix("ecs:".into()));
        assert_eq!(
            Pattern::resource("arn:aws:s3:::b").shape,
            Shape::Exact("arn:aws:s3:::b".into())
        );
        assert!(matches!(
            Pattern::resource("arn:aws:ecs:*:1:cluster/x").shape,
            Shape::Program(_)
        ));
        assert_eq!(
            Pattern::compile("a/${aws:username}/*", Syntax::Resource, true, false).shape,
            Shape::General
        );
    }

    #[test]
    fn resource_stars_and_parts() {
        let mid = Pattern::resource("arn:aws:ecs:us-*1:1:cluster/x");
        assert!(mid.matches("arn:aws:ecs:us-east-1:1:cluster/x"));
        assert!(!mid.matches("arn:aws:ecs:us-east:x-1:1:cluster/x"));
        // A star that ends a part may run over colons.
        let end = Pattern::resource("arn:aws:iam::*:role/r");
        assert!(end.matches("arn:aws:iam::1:role/r"));
        assert!(end.matches("arn:aws:iam::1:x:role/r"));
        // In the resource part everything crosses.
        let res = Pattern::resource("arn:aws:ecs:r:1:task-definition/w*:?");
        assert!(res.matches("arn:aws:ecs:r:1:task-definition/web:3"));
        assert!(res.matches("arn:aws:ecs:r:1:task-definition/w:a:3"));
        assert!(!Pattern::resource("arn:aws:s3:::b?x").matches("arn:aws:s3:::b/"));
        assert!(Pattern::resource("arn:aws:s3:::b?x").matches("arn:aws:s3:::b/x"));
        assert!(!Pattern::resource("arn:a?s:s3:::b").matches("arn:a:s:s3:::b"));
    }

    #[test]
    fn arn_like_keeps_parts() {
        let p = Pattern::arn_like("arn:aws:ecs:*:1:cluster/*");
        assert!(p.matches("arn:aws:ecs:us-east-1:1:cluster/a:b"));
        assert!(!p.matches("arn:aws:ecs:us:east:1:cluster/a"));
        assert!(!Pattern::arn_like("*").matches("arn:aws:s3:::b"));
    }

    #[test]
    fn variables() {
        let p = Pattern::compile("home/${aws:username}/*", Syntax::Glob, true, false);
        assert!(p.matches_with("home/alice/x", &OneVar("aws:username", "alice")));
        assert!(!p.matches_with("home/bob/x", &OneVar("aws:username", "alice")));
        assert!(!p.matches_with("home//x", &NoVars));
        // Without a value the variable could be anything: undecided where
        // some value would match, false where none would.
        assert_eq!(p.test("home/x/y", &NoVars), Truth::Undecided);
        assert_eq!(p.test("other/x/y", &NoVars), Truth::False);
        // A value is literal text, never a wildcard.
        assert!(!p.matches_with("home/ab/x", &OneVar("aws:username", "a*")));
        let d = Pattern::compile(
            "${aws:username, 'nobody'}${*}",
            Syntax::Literal,
            true,
            false,
        );
        assert!(d.matches_with("nobody*", &NoVars));
        assert!(!d.matches_with("nobodyx", &NoVars));
    }

    #[test]
    fn unknown_role_paths() {
        let prefix = "arn:aws:iam::111122223333:role/";
        let t = |p: &str| Pattern::arn_like(p).test_unknown_path(prefix, "web");
        assert_eq!(t("arn:aws:iam::111122223333:role/*"), Truth::True);
        assert_eq!(t("arn:aws:iam::*:role/*"), Truth::True);
        assert_eq!(t("arn:aws:iam::*:role/*web"), Truth::True);
        assert_eq!(t("arn:aws:iam::111122223333:role/web"), Truth::Undecided);
        assert_eq!(t("arn:aws:iam::111122223333:role/team/*"), Truth::Undecided);
        assert_eq!(t("arn:aws:iam::111122223333:role/we*"), Truth::Undecided);
        assert_eq!(t("arn:aws:iam::444455556666:role/*"), Truth::False);
        assert_eq!(t("arn:aws:iam::111122223333:role/db"), Truth::False);
        assert_eq!(t("arn:aws:iam::111122223333:user/*"), Truth::False);
        assert_eq!(t("*:role/db"), Truth::False);
        assert_eq!(
            Pattern::string_like("*").test_unknown_path(prefix, "web"),
            Truth::True
        );
    }

    #[test]
    fn unicode_and_case() {
        assert!(Pattern::string_like("é?").matches("éü"));
        assert!(Pattern::compile("ÄB", Syntax::Literal, false, true).matches("äb"));
        assert!(Pattern::action("ECS:Run?ask").matches("ecs:runtask"));
    }
}
