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
    !services_differ(pattern, format) && tokens_overlap(pattern, format)
}

/// Whether no ARN can match both because their first three parts settle
/// it, decided without the product: the pattern's `arn`, partition and
/// service are literal text, the format's `arn` and service too and its
/// partition literal or one placeholder (a value of at least one
/// character without `:`), so both put their colons at the same places,
/// and a part differs. (Most resource entries of a statement are of
/// another service than most formats they are compared with.)
fn services_differ(pattern: &str, format: &str) -> bool {
    let literal = |part: &str| !part.contains(['*', '?', '$', '<', '>']);
    let mut p = pattern.splitn(4, ':');
    let mut f = format.splitn(4, ':');
    let (Some(p_arn), Some(p_partition), Some(p_service), Some(_)) =
        (p.next(), p.next(), p.next(), p.next())
    else {
        return false;
    };
    let (Some(f_arn), Some(f_partition), Some(f_service), Some(_)) =
        (f.next(), f.next(), f.next(), f.next())
    else {
        return false;
    };
    if !(literal(p_arn)
        && literal(p_partition)
        && literal(p_service)
        && literal(f_arn)
        && literal(f_service))
    {
        return false;
    }
    let placeholder = |part: &str| {
        part.strip_prefix("${")
            .and_then(|rest| rest.strip_suffix('}'))
            .is_some_and(|name| !name.is_empty() && literal(name) && !name.contains(['{', '}']))
    };
    let partition_differs = if literal(f_partition) {
        p_partition != f_partition
    } else if placeholder(f_partition) {
        p_partition.is_empty()
    } else {
        return false;
    };
    p_arn != f_arn || p_service != f_service || partition_differs
}

/// [`overlaps`] of a format of the reference (whose text stays where it
/// is for the whole process), remembered: the same entries meet the same
/// formats in statement after statement and document after document.
pub(crate) fn overlaps_format(pattern: &str, format: &'static str) -> bool {
    use std::cell::RefCell;
    use std::collections::HashMap;
    /// Entries remembered at most (then forgotten, all at once).
    const MOST: usize = 1 << 14;
    /// For each entry, the formats (by place and length) it was judged
    /// against, and the answer.
    type Known = HashMap<Box<str>, HashMap<(usize, usize), bool>>;
    thread_local! {
        static KNOWN: RefCell<Known> = RefCell::new(HashMap::new());
    }
    let key = (format.as_ptr() as usize, format.len());
    let known = KNOWN.with(|known| {
        known
            .borrow()
            .get(pattern)
            .and_then(|formats| formats.get(&key).copied())
    });
    if let Some(answer) = known {
        return answer;
    }
    let answer = overlaps(pattern, format);
    KNOWN.with(|known| {
        let mut known = known.borrow_mut();
        if known.len() >= MOST && !known.contains_key(pattern) {
            known.clear();
        }
        known.entry(pattern.into()).or_default().insert(key, answer);
    });
    answer
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
        if i >= p.len() && j >= f.len() {
            return true;
        }
        steps(&p, &f, i, j, |next_i, next_j, _| {
            stack.push((next_i, next_j))
        });
    }
    false
}

/// The moves of the product of `p` and `f` from state `(i, j)`, each with
/// the character it reads (`x` where both sides are wildcards): a run
/// matches nothing, or both sides take one character.
fn steps(
    p: &[Token],
    f: &[Token],
    i: usize,
    j: usize,
    mut to: impl FnMut(usize, usize, Option<char>),
) {
    let (a, b) = (p.get(i).copied(), f.get(j).copied());
    if let Some(Token::Run(_)) = a {
        to(i + 1, j, None);
    }
    if let Some(Token::Run(_)) = b {
        to(i, j + 1, None);
    }
    if let (Some(a), Some(b)) = (a, b)
        && compatible(a, b)
    {
        let c = match (a, b) {
            (Token::Char(c), _) | (_, Token::Char(c)) => c,
            _ => 'x',
        };
        let next_i = if matches!(a, Token::Run(_)) { i } else { i + 1 };
        let next_j = if matches!(b, Token::Run(_)) { j } else { j + 1 };
        to(next_i, next_j, Some(c));
    }
}

/// An ARN that matches both the policy `pattern` and the `format`, with
/// the format's names free of `:` (no repository, log group, log stream,
/// cluster or role name holds one; `overlaps` admits them, for a mismatch
/// must be certain): the shortest, a wildcard on both sides filled with
/// `x`. `None` when there is none (or the pattern is longer than any ARN).
///
/// ```
/// use polc_catalog::reference::arn_format::common_example;
/// let stream = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}";
/// let fits = common_example("arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app:*", stream);
/// assert_eq!(fits.as_deref(), Some("arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app:log-stream:x"));
/// assert_eq!(common_example("arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app", stream), None);
/// ```
pub fn common_example(pattern: &str, format: &str) -> Option<String> {
    if pattern.len() > MAX_PATTERN {
        return None;
    }
    let p = pattern_tokens(pattern);
    let f: Vec<Token> = format_tokens(format)
        .into_iter()
        .map(|t| match t {
            Token::One(Class::Any) => Token::One(Class::NoColon),
            Token::Run(Class::Any) => Token::Run(Class::NoColon),
            t => t,
        })
        .collect();
    let width = f.len() + 1;
    let states = (p.len() + 1) * width;
    // Breadth first, each state reached once, with the state it was
    // reached from and the character it added.
    let mut from: Vec<Option<(usize, Option<char>)>> = vec![None; states];
    let mut queue = std::collections::VecDeque::from([0usize]);
    if let Some(first) = from.get_mut(0) {
        *first = Some((0, None));
    }
    while let Some(state) = queue.pop_front() {
        let (i, j) = (state / width, state % width);
        if i >= p.len() && j >= f.len() {
            let mut text = Vec::new();
            let mut at = state;
            while at != 0 {
                let Some(Some((previous, c))) = from.get(at).copied() else {
                    break;
                };
                text.extend(c);
                at = previous;
            }
            return Some(text.into_iter().rev().collect());
        }
        steps(&p, &f, i, j, |next_i, next_j, c| {
            let next = next_i * width + next_j;
            if let Some(slot) = from.get_mut(next)
                && slot.is_none()
            {
                *slot = Some((state, c));
                queue.push_back(next);
            }
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{services_differ, tokens_overlap};
    use crate::reference::Reference;

    /// Where the first three parts settle that nothing matches both, the
    /// product agrees: on resource entries of AWS's managed policies and
    /// hand-made edge cases, against the formats of a spread of services.
    #[test]
    fn services_differ_only_where_nothing_overlaps() {
        let reference = Reference::embedded();
        let mut entries: Vec<String> = [
            "arn:aws:s3:::b/*",
            "arn::s3:::b",
            "arn:aws:s3*:::b",
            "arn:aws:${aws:x}:::b",
            "arn:aws-cn:ecs:*:*:cluster/*",
            "ARN:aws:ecs:*:*:*",
            "arn:aws:ecs",
            "arn:aws",
            "arn:<partition>:ecs:*:*:*",
            "arn:aws:ec2:us-east-1:1:instance/i-1",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for policy in crate::managed_policies().iter().step_by(7) {
            let Ok(parsed) = policy.policy() else {
                continue;
            };
            for statement in parsed.statement.iter() {
                if let Some(r) = &statement.resource {
                    entries.extend(r.values.iter().map(ToString::to_string));
                }
            }
        }
        entries.sort();
        entries.dedup();
        entries.truncate(600);
        let formats: Vec<&str> = reference
            .services()
            .step_by(9)
            .filter_map(|(prefix, _)| reference.service(prefix))
            .flat_map(|s| s.resource_types.iter().map(|t| t.arn_format))
            .flat_map(|f| f.split(", "))
            .collect();
        let mut decided = 0;
        for entry in &entries {
            for format in &formats {
                if services_differ(entry, format) {
                    decided += 1;
                    assert!(!tokens_overlap(entry, format), "{entry} {format}");
                }
            }
        }
        assert!(decided > entries.len(), "{decided}");
    }
}
