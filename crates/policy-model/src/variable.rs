//! Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'none'}`,
//! and the escapes `${*}`, `${?}`, `${$}`.

use std::ops::Range;

/// A piece of a string that may hold policy variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Plain text.
    Literal(&'a str),
    /// `${*}`, `${?}` or `${$}`: the literal character `*`, `?` or `$`
    /// (never a wildcard).
    Escaped(char),
    /// A variable, replaced by the request's value for the key.
    Variable(Variable<'a>),
}

/// A policy variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variable<'a> {
    /// The condition key (`aws:username`), as written; IAM compares it
    /// case-insensitively.
    pub key: &'a str,
    /// The default used when the request has no value for the key.
    pub default: Option<&'a str>,
    /// Byte range of the whole `${...}` in the string.
    pub range: (usize, usize),
}

/// Why a `${...}` is malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct VariableError {
    /// Byte range of the offending `${...}` in the string.
    pub range: Range<usize>,
    /// What is wrong.
    pub kind: VariableErrorKind,
}

/// The kinds of malformed variable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VariableErrorKind {
    /// `${}`.
    #[error("the policy variable `${{}}` is empty")]
    Empty,
    /// `${` with no closing `}`.
    #[error("the policy variable is not closed: `}}` is missing")]
    Unterminated,
    /// A name that is not a condition key (`${username}`, `${aws: username}`).
    #[error(
        "`{0}` is not a condition key: a variable names a key such as `aws:username`, with no spaces"
    )]
    BadKey(String),
    /// A default not written as `, 'value'`.
    #[error("a default value is written `${{key, 'value'}}`, in single quotes")]
    BadDefault,
}

/// Splits `text` into literal text, escapes and variables.
///
/// # Errors
/// The first malformed `${...}`.
///
/// ```
/// use polc_model::variable::{parse, Piece};
/// let pieces = parse("home/${aws:username}/${*}").unwrap();
/// assert_eq!(pieces.len(), 4);
/// assert!(matches!(pieces[1], Piece::Variable(v) if v.key == "aws:username"));
/// assert_eq!(pieces[3], Piece::Escaped('*'));
/// ```
pub fn parse(text: &str) -> Result<Vec<Piece<'_>>, VariableError> {
    let mut pieces = Vec::new();
    let mut literal_start = 0;
    let mut pos = 0;
    while let Some(found) = text.get(pos..).and_then(|rest| rest.find("${")) {
        let start = pos + found;
        if start > literal_start {
            pieces.push(Piece::Literal(
                text.get(literal_start..start).unwrap_or_default(),
            ));
        }
        let body_start = start + 2;
        let close = text.get(body_start..).and_then(|rest| rest.find('}'));
        let Some(close) = close.map(|c| body_start + c) else {
            return Err(VariableError {
                range: start..text.len(),
                kind: VariableErrorKind::Unterminated,
            });
        };
        let body = text.get(body_start..close).unwrap_or_default();
        let range = start..close + 1;
        pieces.push(piece(body, range)?);
        pos = close + 1;
        literal_start = pos;
    }
    if literal_start < text.len() {
        pieces.push(Piece::Literal(
            text.get(literal_start..).unwrap_or_default(),
        ));
    }
    Ok(pieces)
}

fn piece(body: &str, range: Range<usize>) -> Result<Piece<'_>, VariableError> {
    let error = |kind| VariableError {
        range: range.clone(),
        kind,
    };
    match body {
        "" => return Err(error(VariableErrorKind::Empty)),
        "*" => return Ok(Piece::Escaped('*')),
        "?" => return Ok(Piece::Escaped('?')),
        "$" => return Ok(Piece::Escaped('$')),
        _ => {}
    }
    let (key, default) = match body.split_once(',') {
        None => (body, None),
        Some((key, rest)) => {
            // AWS writes `, 'default'`: spaces only (a tab, a line break or
            // a no-break space there is refused, not read: review 48).
            let quoted = rest.trim_matches(' ');
            let value = quoted
                .strip_prefix('\'')
                .and_then(|v| v.strip_suffix('\''))
                .filter(|v| !v.contains('\''))
                .ok_or_else(|| error(VariableErrorKind::BadDefault))?;
            (key, Some(value))
        }
    };
    let valid_key = crate::action::split_colon(key).is_some_and(|(prefix, name)| {
        !prefix.is_empty()
            && !name.is_empty()
            && key.chars().all(|c| {
                !c.is_whitespace()
                    && !c.is_control()
                    && !crate::suggest::hides_text(c)
                    && !matches!(c, '$' | '{' | '\'' | '"')
            })
    });
    if !valid_key {
        return Err(error(VariableErrorKind::BadKey(key.to_owned())));
    }
    Ok(Piece::Variable(Variable {
        key,
        default,
        range: (range.start, range.end),
    }))
}

/// `text` with each `${...}` as `*`: a value to come, as the checks read a
/// `Resource` entry before IAM replaces its variables.
///
/// ```
/// assert_eq!(polc_model::variable::as_stars("arn:aws:s3:::b/${aws:username}/*"), "arn:aws:s3:::b/*/*");
/// ```
pub fn as_stars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        out.push_str(rest.get(..at).unwrap_or_default());
        out.push('*');
        rest = match rest.get(at..).and_then(|r| r.find('}')) {
            Some(end) => rest.get(at + end + 1..).unwrap_or_default(),
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// Whether `text` holds anything that looks like a policy variable (`${`).
pub fn has_variable(text: &str) -> bool {
    // A branch-free pass for `$` first (most strings are short and have
    // none; `memchr`'s set-up costs more than the pass).
    text.as_bytes()
        .iter()
        .fold(false, |any, &b| any | (b == b'$'))
        && text.contains("${")
}
