//! IAM wildcard matching: `*` matches any run of characters (none
//! included), `?` exactly one; nothing else is special.

use std::str::Chars;

/// Whether `text` matches `pattern`. Case-sensitive (resources, string
/// conditions); see [`matches_ignore_case`] for actions.
///
/// ```
/// use policy_model::wildcard::matches;
/// assert!(matches("arn:aws:ecs:*:*:cluster/prod-?", "arn:aws:ecs:us-east-1:1:cluster/prod-a"));
/// assert!(!matches("Describe*", "describeTasks"));
/// ```
pub fn matches(pattern: &str, text: &str) -> bool {
    glob(pattern.chars(), text.chars(), |a, b| a == b)
}

/// Whether `text` matches `pattern`, ignoring case (actions: IAM compares
/// service prefixes and action names case-insensitively).
pub fn matches_ignore_case(pattern: &str, text: &str) -> bool {
    glob(pattern.chars(), text.chars(), |a, b| {
        a.eq_ignore_ascii_case(&b) || (!a.is_ascii() && a.to_lowercase().eq(b.to_lowercase()))
    })
}

/// Iterative matching with one backtrack point (the last `*`): never
/// recursive, so no input can overflow the stack, and at worst
/// pattern × text steps.
fn glob(pattern: Chars<'_>, text: Chars<'_>, eq: impl Fn(char, char) -> bool) -> bool {
    let (mut p, mut t) = (pattern, text);
    // The pattern after the last `*`, and the text where that `*` stops.
    let mut backtrack: Option<(Chars<'_>, Chars<'_>)> = None;
    loop {
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
            None if t.clone().next().is_none() => return true,
            None => {}
        }
        // Mismatch: let the last `*` absorb one more character.
        let Some((after_star, resume)) = &mut backtrack else {
            return false;
        };
        if resume.next().is_none() {
            return false;
        }
        p = after_star.clone();
        t = resume.clone();
    }
}
