//! Matching the ARN of a role whose path is unknown (`aws:PrincipalArn` of
//! a role session given without its role's ARN).

use super::{NoVars, Pattern, Shape, Tok};
use crate::condition::Truth;

/// Crossing stars tried as the one that could absorb an unknown role path.
const PATH_STARS: usize = 8;

impl Pattern {
    /// A pattern of some of this one's tokens (no variables).
    fn slice(&self, toks: &[Tok]) -> Self {
        Self {
            toks: toks.into(),
            shape: Shape::General,
            ignore_case: self.ignore_case,
        }
    }

    /// Whether the ARN of a role whose path is unknown matches:
    /// `prefix` + PATH + `name`, where `prefix` is
    /// `arn:PARTITION:iam::ACCOUNT:role/` and PATH is empty or ends with
    /// `/`. `True` when it matches whatever the path, `False` when it
    /// matches for no path, else `Undecided` (the path decides).
    pub(crate) fn test_unknown_path(&self, prefix: &str, name: &str) -> Truth {
        if self.toks.iter().any(|t| matches!(t, Tok::Var { .. })) {
            return Truth::Undecided;
        }
        // True for every path: a crossing `*` with the tokens before it
        // matching a start of `prefix` and those after it an end of `name`.
        let stars = self
            .toks
            .iter()
            .enumerate()
            .filter(|(_, t)| matches!(t, Tok::Star { cross: true }))
            .take(PATH_STARS);
        for (i, _) in stars {
            let (Some(before), Some(after)) = (self.toks.get(..i), self.toks.get(i + 1..)) else {
                continue;
            };
            let (before, after) = (self.slice(before), self.slice(after));
            let starts = (0..=prefix.len())
                .filter_map(|k| prefix.get(..k))
                .any(|head| before.general(head, &NoVars) == Truth::True);
            let ends = starts
                && (0..=name.len())
                    .filter_map(|j| name.get(j..))
                    .any(|tail| after.general(tail, &NoVars) == Truth::True);
            if ends {
                return Truth::True;
            }
        }
        // False for every path: the literal text the pattern starts with
        // or ends with cannot be the start or the end of such an ARN.
        if self.ignore_case {
            return Truth::Undecided;
        }
        fn lit(t: &Tok) -> Option<&str> {
            match t {
                Tok::Lit(s) => Some(s),
                _ => None,
            }
        }
        let head: String = self.toks.iter().map_while(lit).collect();
        let tail: String = {
            let mut parts: Vec<&str> = self.toks.iter().rev().map_while(lit).collect();
            parts.reverse();
            parts.concat()
        };
        let literal_only = self.toks.iter().all(|t| lit(t).is_some());
        if literal_only {
            let path = head
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix(name));
            return match path {
                Some(p) if p.is_empty() || (p.ends_with('/') && !p.starts_with('/')) => {
                    Truth::Undecided
                }
                _ => Truth::False,
            };
        }
        let head_fits = head.starts_with(prefix) || prefix.starts_with(&head);
        let tail_fits = if tail.len() <= name.len() {
            name.ends_with(&tail)
        } else {
            tail.strip_suffix(name)
                .is_some_and(|before| before.ends_with('/'))
        };
        if head_fits && tail_fits {
            Truth::Undecided
        } else {
            Truth::False
        }
    }
}
