//! IAM wildcard matching: `*` matches any run of characters (none
//! included), `?` exactly one; nothing else is special.

use std::cell::Cell;
use std::str::Chars;

/// A bound on the steps pattern matching may take, shared by every match
/// of one check: a check that compares entries pairwise stays linear in its
/// input's size, however long the entries are. Matching within a budget
/// answers `None` once it is spent, and the caller takes the safe answer
/// (no redundancy to suggest; not within a baseline).
#[derive(Debug)]
pub struct Budget {
    left: Cell<u64>,
}

impl Budget {
    /// Steps per character of input.
    pub const PER_CHAR: u64 = 256;
    /// Steps any input gets.
    pub const FLOOR: u64 = 4_000_000;

    /// A budget of `steps`.
    pub fn new(steps: u64) -> Self {
        Self {
            left: Cell::new(steps),
        }
    }

    /// The budget for an input of `chars` characters:
    /// [`Budget::PER_CHAR`] per character, at least [`Budget::FLOOR`].
    pub fn for_input(chars: usize) -> Self {
        let chars = u64::try_from(chars).unwrap_or(u64::MAX);
        Self::new(chars.saturating_mul(Self::PER_CHAR).max(Self::FLOOR))
    }

    /// Whether the budget is spent.
    pub fn is_spent(&self) -> bool {
        self.left.get() == 0
    }

    /// Spends `steps` (for work done outside the matcher: comparing or
    /// scanning entries); `false` once the budget is spent.
    pub fn charge(&self, steps: usize) -> bool {
        self.take(u64::try_from(steps).unwrap_or(u64::MAX))
    }

    fn take(&self, steps: u64) -> bool {
        let left = self.left.get();
        if left < steps {
            self.left.set(0);
            return false;
        }
        self.left.set(left - steps);
        true
    }
}

/// [`matches()`] within `budget`: `None` once the budget is spent.
///
/// ```
/// use polc_model::wildcard::{Budget, matches_within};
/// let budget = Budget::new(1_000);
/// assert_eq!(matches_within("a*c", "abc", &budget), Some(true));
/// let long = "a".repeat(10_000);
/// assert_eq!(matches_within(&format!("*{}b*", "?".repeat(5_000)), &long, &budget), None);
/// ```
pub fn matches_within(pattern: &str, text: &str, budget: &Budget) -> Option<bool> {
    glob_within(pattern, text, budget, |a, b| a == b)
}

/// The common shapes of action patterns (`*`, `Describe*`, `*Endpoint*`,
/// an exact name: literal runs between `*`s) over ASCII, decided ignoring
/// case without the general matcher; `None` for the others. The same
/// answer as the general matcher, with the steps it took (at most pattern
/// × text, as the general matcher's).
fn simple_ignore_case(pattern: &str, text: &str) -> Option<(bool, usize)> {
    // Most comparisons fail at the first character: an ASCII literal
    // there must be the text's first character (a non-ASCII character of
    // the text never equals an ASCII one, whatever its case).
    if let Some(&first) = pattern.as_bytes().first()
        && first.is_ascii()
        && first != b'*'
        && first != b'?'
        && !text
            .as_bytes()
            .first()
            .is_some_and(|t| t.eq_ignore_ascii_case(&first))
    {
        return Some((false, 1));
    }
    if !pattern.is_ascii() || !text.is_ascii() || pattern.contains('?') {
        return None;
    }
    let (pattern, text) = (pattern.as_bytes(), text.as_bytes());
    let mut steps = pattern.len() + text.len();
    // The literal text before the first `*` starts the text, the text after
    // the last ends it, and the runs between appear in order between them:
    // the leftmost place of each is as good as any later one.
    let Some(first_star) = pattern.iter().position(|&b| b == b'*') else {
        return Some((text.eq_ignore_ascii_case(pattern), steps));
    };
    let last_star = pattern
        .iter()
        .rposition(|&b| b == b'*')
        .unwrap_or(first_star);
    let head = pattern.get(..first_star).unwrap_or_default();
    let tail = pattern.get(last_star + 1..).unwrap_or_default();
    let between = text
        .len()
        .checked_sub(tail.len())
        .and_then(|end| text.get(head.len()..end));
    let (Some(mut rest), Some(start), Some(end)) = (
        between,
        text.get(..head.len()),
        text.get(text.len().saturating_sub(tail.len())..),
    ) else {
        return Some((false, steps));
    };
    if !start.eq_ignore_ascii_case(head) || !end.eq_ignore_ascii_case(tail) {
        return Some((false, steps));
    }
    let middle = pattern.get(first_star..=last_star).unwrap_or_default();
    for run in middle.split(|&b| b == b'*') {
        let Some(&first) = run.first() else {
            continue;
        };
        let first = first.to_ascii_lowercase();
        let last_start = rest.len().checked_sub(run.len());
        let found = rest.iter().enumerate().position(|(at, b)| {
            steps += 1;
            b.to_ascii_lowercase() == first
                && last_start.is_some_and(|last| at <= last)
                && rest.get(at..at + run.len()).is_some_and(|window| {
                    steps += run.len();
                    window.eq_ignore_ascii_case(run)
                })
        });
        let Some(at) = found else {
            return Some((false, steps));
        };
        rest = rest.get(at + run.len()..).unwrap_or_default();
    }
    Some((true, steps))
}

/// [`matches_ignore_case()`] within `budget`: `None` once it is spent.
pub fn matches_ignore_case_within(pattern: &str, text: &str, budget: &Budget) -> Option<bool> {
    if let Some((answer, steps)) = simple_ignore_case(pattern, text) {
        return budget.charge(steps).then_some(answer);
    }
    glob_within(pattern, text, budget, |a, b| {
        a.eq_ignore_ascii_case(&b) || (!a.is_ascii() && a.to_lowercase().eq(b.to_lowercase()))
    })
}

fn glob_within(
    pattern: &str,
    text: &str,
    budget: &Budget,
    eq: impl Fn(char, char) -> bool + Copy,
) -> Option<bool> {
    // The first tests scan both (linear): paid for first.
    if !budget.charge(pattern.len().saturating_add(text.len())) {
        return None;
    }
    // Linear first tests: the literal text before the first wildcard and
    // after the last must start and end the text.
    let head = pattern.split(['*', '?']).next().unwrap_or_default();
    let tail = pattern.rsplit(['*', '?']).next().unwrap_or_default();
    let starts = {
        let mut t = text.chars();
        head.chars().all(|p| t.next().is_some_and(|c| eq(p, c)))
    };
    let ends = {
        let mut t = text.chars().rev();
        tail.chars()
            .rev()
            .all(|p| t.next().is_some_and(|c| eq(p, c)))
    };
    if !starts || !ends {
        return Some(false);
    }
    glob(pattern.chars(), text.chars(), eq, Some(budget))
}

/// Whether `text` matches `pattern`. Case-sensitive (resources, string
/// conditions); see [`matches_ignore_case`] for actions.
///
/// ```
/// use polc_model::wildcard::matches;
/// assert!(matches("arn:aws:ecs:*:*:cluster/prod-?", "arn:aws:ecs:us-east-1:1:cluster/prod-a"));
/// assert!(!matches("Describe*", "describeTasks"));
/// ```
pub fn matches(pattern: &str, text: &str) -> bool {
    glob(pattern.chars(), text.chars(), |a, b| a == b, None).unwrap_or(false)
}

/// Whether `text` matches `pattern`, ignoring case (actions: IAM compares
/// service prefixes and action names case-insensitively).
pub fn matches_ignore_case(pattern: &str, text: &str) -> bool {
    if let Some((answer, _)) = simple_ignore_case(pattern, text) {
        return answer;
    }
    glob(
        pattern.chars(),
        text.chars(),
        |a, b| {
            a.eq_ignore_ascii_case(&b) || (!a.is_ascii() && a.to_lowercase().eq(b.to_lowercase()))
        },
        None,
    )
    .unwrap_or(false)
}

/// Iterative matching with one backtrack point (the last `*`): never
/// recursive, so no input can overflow the stack, and at worst
/// pattern × text steps; with a budget, one step of it per step (`None`
/// once it is spent).
fn glob(
    pattern: Chars<'_>,
    text: Chars<'_>,
    eq: impl Fn(char, char) -> bool,
    budget: Option<&Budget>,
) -> Option<bool> {
    let (mut p, mut t) = (pattern, text);
    // The pattern after the last `*`, and the text where that `*` stops.
    let mut backtrack: Option<(Chars<'_>, Chars<'_>)> = None;
    loop {
        if let Some(budget) = budget
            && !budget.take(1)
        {
            return None;
        }
        let mut p_next = p.clone();
        match p_next.next() {
            Some('*') => {
                p = p_next;
                backtrack = Some((p.clone(), t.clone()));
                continue;
            }
            Some(pc) => {
                let mut t_next = t.clone();
                if let Some(tc) = t_next.next()
                    && (pc == '?' || eq(pc, tc))
                {
                    p = p_next;
                    t = t_next;
                    continue;
                }
            }
            None if t.clone().next().is_none() => return Some(true),
            None => {}
        }
        // Mismatch: let the last `*` absorb one more character.
        let Some((after_star, resume)) = &mut backtrack else {
            return Some(false);
        };
        if resume.next().is_none() {
            return Some(false);
        }
        p = after_star.clone();
        t = resume.clone();
    }
}

/// Whether `text` holds `*` or `?`, by a plain byte loop (policy strings
/// are short: cheaper than the general searcher).
#[inline]
pub fn has_wildcard(text: &str) -> bool {
    text.bytes().any(|b| b == b'*' || b == b'?')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string of up to `len` characters over `alphabet`.
    fn strings(alphabet: &[char], len: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..len {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    /// The fast paths decide as the general matcher does, on every short
    /// pattern and text over letters of both cases, a non-ASCII letter
    /// that lowercases to an ASCII one (the Kelvin sign), and wildcards.
    #[test]
    fn fast_paths_agree_with_the_general_matcher() {
        let texts = strings(&['a', 'B', 'b', '\u{212a}', 'k'], 3);
        let patterns = strings(&['a', 'b', 'K', '\u{212a}', '*', '?'], 3);
        let budget = Budget::new(u64::MAX);
        for pattern in &patterns {
            for text in &texts {
                let general = glob(
                    pattern.chars(),
                    text.chars(),
                    |a, b| {
                        a.eq_ignore_ascii_case(&b)
                            || (!a.is_ascii() && a.to_lowercase().eq(b.to_lowercase()))
                    },
                    None,
                );
                assert_eq!(
                    Some(matches_ignore_case(pattern, text)),
                    general,
                    "{pattern:?} {text:?}"
                );
                assert_eq!(
                    matches_ignore_case_within(pattern, text, &budget),
                    general,
                    "{pattern:?} {text:?}"
                );
            }
        }
    }

    /// The runs-between-stars path decides as the general matcher does on
    /// longer patterns with several stars (`*a*B*`, `a**b`, `*ab*a`).
    #[test]
    fn star_runs_agree_with_the_general_matcher() {
        let texts = strings(&['a', 'b', 'B'], 5);
        let patterns = strings(&['a', 'B', '*'], 5);
        for pattern in &patterns {
            for text in &texts {
                let general = glob(
                    pattern.chars(),
                    text.chars(),
                    |a, b| a.eq_ignore_ascii_case(&b),
                    None,
                );
                assert_eq!(
                    simple_ignore_case(pattern, text).map(|(answer, _)| answer),
                    general,
                    "{pattern:?} {text:?}"
                );
            }
        }
    }
}
