//! Matching policy resource patterns against the ARN formats of resource
//! types: "can `arn:aws:ecs:*:*:task/prod/*` name a resource of type
//! `arn:${Partition}:ecs:${Region}:${Account}:task/${ClusterName}/${TaskId}`?"
//!
//! Both sides are patterns: the policy's has `*`, `?`, policy variables and
//! documentation placeholders (`<cluster_name>`); the format has
//! `${Placeholders}`. The question is whether some ARN matches both, decided
//! on the product of the two as automata (no recursion, bounded work).

/// One step of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// This character.
    Char(char),
    /// Any one character of the class.
    One(Class),
    /// Any run of characters of the class, none included.
    Run(Class),
}

/// The characters a wildcard or placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Any character.
    Any,
    /// Any but `:`.
    NoColon,
    /// Any but `:` and `/`.
    Segment,
}

impl Class {
    fn allows(self, c: char) -> bool {
        match self {
            Self::Any => true,
            Self::NoColon => c != ':',
            Self::Segment => c != ':' && c != '/',
        }
    }
}

/// The tokens of a policy resource pattern. In the first five parts of
/// the ARN a `*` stays within its part unless it ends the part (AWS: a `*`
/// that is the last character of a segment can expand beyond the colons);
/// in the resource part it matches anything. `?` is one character. A
/// documentation placeholder (`<cluster_name>`) is one value: at least one
/// character, without `:` or `/`. A policy variable (`${aws:username}`) may
/// hold anything (the permissive reading: a mismatch is reported only when
/// no value could make the pattern match).
fn pattern_tokens(pattern: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(pattern.len());
    let mut colons = 0;
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("${")
            && let Some(end) = after.find('}')
        {
            match after.get(..end).unwrap_or_default() {
                "*" => tokens.push(Token::Char('*')),
                "?" => tokens.push(Token::Char('?')),
                "$" => tokens.push(Token::Char('$')),
                _ => tokens.push(Token::Run(Class::Any)),
            }
            rest = after.get(end + 1..).unwrap_or_default();
            continue;
        }
        if c == '<'
            && let Some(end) = rest.find('>')
            && end > 1
            && rest.get(1..end).is_some_and(|inner| {
                inner
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            })
        {
            tokens.push(Token::One(Class::Segment));
            tokens.push(Token::Run(Class::Segment));
            rest = rest.get(end + 1..).unwrap_or_default();
            continue;
        }
        let after = rest.get(c.len_utf8()..).unwrap_or_default();
        let in_resource = colons >= 5;
        tokens.push(match c {
            '*' if in_resource || after.is_empty() || after.starts_with(':') => {
                Token::Run(Class::Any)
            }
            '*' => Token::Run(Class::NoColon),
            '?' if in_resource => Token::One(Class::Any),
            '?' => Token::One(Class::NoColon),
            c => Token::Char(c),
        });
        if c == ':' {
            colons += 1;
        }
        rest = after;
    }
    tokens
}

/// The tokens of an ARN format. A `${Placeholder}` is a value of at least
/// one character: without `:` in the first five parts, anything in the
/// resource part (names there may hold `/` and `:`; a mismatch must be
/// certain before it is reported).
fn format_tokens(format: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(format.len());
    let mut colons = 0;
    let mut rest = format;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("${")
            && let Some(end) = after.find('}')
        {
            let class = if colons >= 5 {
                Class::Any
            } else {
                Class::NoColon
            };
            tokens.push(Token::One(class));
            tokens.push(Token::Run(class));
            rest = after.get(end + 1..).unwrap_or_default();
            continue;
        }
        if c == ':' {
            colons += 1;
        }
        tokens.push(Token::Char(c));
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    tokens
}

/// Whether one character can satisfy both tokens.
fn compatible(a: Token, b: Token) -> bool {
    match (a, b) {
        (Token::Char(x), Token::Char(y)) => x == y,
        (Token::Char(x), Token::One(class) | Token::Run(class))
        | (Token::One(class) | Token::Run(class), Token::Char(x)) => class.allows(x),
        // Every class admits letters.
        _ => true,
    }
}

/// Whether some ARN matches both the policy `pattern` and the `format`.
/// In the first five parts of the ARN a `*` stays within its part, unless it
/// is the last character of the part: then, as AWS documents, it can expand
/// beyond the colons (`arn:aws:ecs:*:task/a/b`, `arn:aws:ecs:*`).
///
/// ```
/// use polc_catalog::reference::arn_format::overlaps;
/// let task = "arn:${Partition}:ecs:${Region}:${Account}:task/${ClusterName}/${TaskId}";
/// assert!(overlaps("arn:aws:ecs:us-east-1:123456789012:task/prod/*", task));
/// assert!(overlaps("arn:aws:ecs:*:*:task/*", task));
/// assert!(!overlaps("arn:aws:ecs:us-east-1:123456789012:task/abc", task));
/// assert!(!overlaps("arn:aws:ecs:us-east-1:123456789012:cluster/prod", task));
/// ```
pub fn overlaps(pattern: &str, format: &str) -> bool {
    // Longer than any real ARN pattern: not judged (the automaton's work is
    // the product of the two lengths).
    if pattern.len() > MAX_PATTERN {
        return true;
    }
    tokens_overlap(pattern, format)
}

/// The longest pattern [`overlaps`] judges; IAM's ARNs are at most 2,048
/// characters.
const MAX_PATTERN: usize = 2048;

/// Whether some text matches both a policy pattern and a format.
fn tokens_overlap(pattern: &str, format: &str) -> bool {
    let p = pattern_tokens(pattern);
    let f = format_tokens(format);
    let width = f.len() + 1;
    let mut seen = vec![false; (p.len() + 1) * width];
    let mut stack = vec![(0usize, 0usize)];
    while let Some((i, j)) = stack.pop() {
        let Some(slot) = seen.get_mut(i * width + j) else {
            continue;
        };
        if *slot {
            continue;
        }
        *slot = true;
        let (a, b) = (p.get(i).copied(), f.get(j).copied());
        if a.is_none() && b.is_none() {
            return true;
        }
        // A run may match nothing.
        if let Some(Token::Run(_)) = a {
            stack.push((i + 1, j));
        }
        if let Some(Token::Run(_)) = b {
            stack.push((i, j + 1));
        }
        // Or both sides take one character.
        if let (Some(a), Some(b)) = (a, b)
            && compatible(a, b)
        {
            let next_i = if matches!(a, Token::Run(_)) { i } else { i + 1 };
            let next_j = if matches!(b, Token::Run(_)) { j } else { j + 1 };
            stack.push((next_i, next_j));
        }
    }
    false
}
