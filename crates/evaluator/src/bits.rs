//! Wildcard matching in time linear in the text: the pattern as a
//! nondeterministic automaton whose states are bits of machine words
//! (bit-parallel simulation, "shift-and"). State `i` means "the first `i`
//! characters of the pattern that consume a character have matched"; a `*`
//! after them is a loop on state `i`. Each character of the text then costs
//! a shift, two masks and an `or` per 64 states, whatever the pattern, so a
//! long pattern against a long request string costs text × pattern / 64,
//! never the text × pattern of backtracking.
//!
//! Used for texts longer than [`LONG_TEXT`]; shorter ones are matched by
//! the backtracking matcher of `pattern.rs`, which is faster on them (its
//! cost is at most text × text).

/// The text length from which the bit-parallel matcher is used.
pub(crate) const LONG_TEXT: usize = 128;

/// The most distinct characters a pattern may have: each has a mask of the
/// pattern's length, so memory is distinct characters × length / 64 words.
/// AWS's patterns (ARNs, condition values) have a few dozen.
pub(crate) const MAX_DISTINCT: usize = 256;

/// One element of a pattern, for [`Bits::new`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Piece {
    /// A literal character.
    Char(char),
    /// `?`; `cross`: may be `:`.
    One { cross: bool },
    /// `*`; `cross`: may run over `:`.
    Star { cross: bool },
}

/// A compiled pattern for bit-parallel matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bits {
    /// Words per state set.
    words: usize,
    /// The state that accepts (the number of consuming pieces).
    last: usize,
    ignore_case: bool,
    /// For an ASCII character (folded when `ignore_case`), its mask's
    /// number in `masks` (`u16::MAX`: no literal position takes it).
    ascii: Box<[u16]>,
    /// Non-ASCII characters with their mask's number, sorted.
    others: Box<[(char, u16)]>,
    /// `words` words per mask: the states entered by a literal character.
    masks: Box<[u64]>,
    /// States entered by a `?` that takes anything / anything but `:`.
    one_any: Box<[u64]>,
    one_not_colon: Box<[u64]>,
    /// States that loop on anything / on anything but `:` (a `*` there).
    loop_any: Box<[u64]>,
    loop_not_colon: Box<[u64]>,
}

fn set(bits: &mut [u64], i: usize) {
    if let Some(word) = bits.get_mut(i / 64) {
        *word |= 1 << (i % 64);
    }
}

impl Bits {
    /// Compiles `pieces`; `ignore_case`: ASCII letters match either case
    /// (the caller keeps non-ASCII case folding to the other matcher).
    /// `None` when the pattern has more than [`MAX_DISTINCT`] distinct
    /// characters.
    pub(crate) fn new(pieces: &[Piece], ignore_case: bool) -> Option<Self> {
        if !Self::fits(pieces, ignore_case) {
            return None;
        }
        let last = pieces
            .iter()
            .filter(|p| !matches!(p, Piece::Star { .. }))
            .count();
        let words = (last + 1).div_ceil(64);
        let zero = || vec![0u64; words];
        let (mut one_any, mut one_not_colon) = (zero(), zero());
        let (mut loop_any, mut loop_not_colon) = (zero(), zero());
        let mut ascii = vec![u16::MAX; 128];
        let mut others: Vec<(char, u16)> = Vec::new();
        let mut masks: Vec<u64> = Vec::new();
        let mut state = 0usize;
        for piece in pieces {
            match *piece {
                Piece::Star { cross } => {
                    set(
                        if cross {
                            &mut loop_any
                        } else {
                            &mut loop_not_colon
                        },
                        state,
                    );
                }
                Piece::One { cross } => {
                    state += 1;
                    set(
                        if cross {
                            &mut one_any
                        } else {
                            &mut one_not_colon
                        },
                        state,
                    );
                }
                Piece::Char(c) => {
                    state += 1;
                    let c = if ignore_case {
                        c.to_ascii_lowercase()
                    } else {
                        c
                    };
                    let slot = if c.is_ascii() {
                        ascii.get(c as usize).copied()
                    } else {
                        // At most MAX_DISTINCT entries while building.
                        others.iter().find(|(o, _)| *o == c).map(|(_, m)| *m)
                    };
                    let index = match slot {
                        Some(m) if m != u16::MAX => usize::from(m),
                        _ => {
                            let m = masks.len() / words;
                            let id = u16::try_from(m).unwrap_or(u16::MAX - 1);
                            if c.is_ascii() {
                                if let Some(s) = ascii.get_mut(c as usize) {
                                    *s = id;
                                }
                            } else {
                                others.push((c, id));
                            }
                            masks.extend(zero());
                            m
                        }
                    };
                    if let Some(mask) = masks.get_mut(index * words..(index + 1) * words) {
                        set(mask, state);
                    }
                }
            }
        }
        others.sort_unstable();
        Some(Self {
            words,
            last,
            ignore_case,
            ascii: ascii.into_boxed_slice(),
            others: others.into_boxed_slice(),
            masks: masks.into_boxed_slice(),
            one_any: one_any.into_boxed_slice(),
            one_not_colon: one_not_colon.into_boxed_slice(),
            loop_any: loop_any.into_boxed_slice(),
            loop_not_colon: loop_not_colon.into_boxed_slice(),
        })
    }

    /// Whether `pieces` have at most [`MAX_DISTINCT`] distinct characters
    /// (what [`Bits::new`] takes), without building the masks.
    pub(crate) fn fits(pieces: &[Piece], ignore_case: bool) -> bool {
        let mut distinct: Vec<char> = pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Char(c) if ignore_case => Some(c.to_ascii_lowercase()),
                Piece::Char(c) => Some(*c),
                _ => None,
            })
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        distinct.len() <= MAX_DISTINCT
    }

    /// The mask of the literal positions that take `c`.
    fn mask(&self, c: char) -> Option<&[u64]> {
        let c = if self.ignore_case {
            c.to_ascii_lowercase()
        } else {
            c
        };
        let index = if c.is_ascii() {
            self.ascii
                .get(c as usize)
                .copied()
                .filter(|m| *m != u16::MAX)?
        } else {
            let i = self.others.binary_search_by(|(o, _)| o.cmp(&c)).ok()?;
            self.others.get(i)?.1
        };
        let start = usize::from(index) * self.words;
        self.masks.get(start..start + self.words)
    }

    /// Whether `text` matches.
    pub(crate) fn matches(&self, text: &str) -> bool {
        const STACK: usize = 8;
        let mut on_stack = [0u64; STACK];
        let mut on_heap;
        let states: &mut [u64] = if self.words <= STACK {
            on_stack.get_mut(..self.words).unwrap_or_default()
        } else {
            on_heap = vec![0u64; self.words];
            &mut on_heap
        };
        set(states, 0);
        let empty: &[u64] = &[];
        for c in text.chars() {
            let mask = self.mask(c).unwrap_or(empty);
            let colon = c == ':';
            let mut carry = 0u64;
            let mut any = 0u64;
            for (w, d) in states.iter_mut().enumerate() {
                let old = *d;
                let shifted = (old << 1) | carry;
                carry = old >> 63;
                let get = |v: &[u64]| v.get(w).copied().unwrap_or(0);
                let mut enter = get(mask) | get(&self.one_any);
                let mut stay = get(&self.loop_any);
                if !colon {
                    enter |= get(&self.one_not_colon);
                    stay |= get(&self.loop_not_colon);
                }
                *d = (shifted & enter) | (old & stay);
                any |= *d;
            }
            if any == 0 {
                return false;
            }
        }
        states
            .get(self.last / 64)
            .is_some_and(|w| w & (1 << (self.last % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(p: &str, colon_stays: bool) -> Vec<Piece> {
        p.chars()
            .map(|c| match c {
                '*' => Piece::Star {
                    cross: !colon_stays,
                },
                '?' => Piece::One {
                    cross: !colon_stays,
                },
                c => Piece::Char(c),
            })
            .collect()
    }

    #[test]
    fn matches_like_globs() {
        let m = |p: &str, t: &str| Bits::new(&pieces(p, false), false).unwrap().matches(t);
        assert!(m("a*c", "abbbc"));
        assert!(m("a*c", "ac"));
        assert!(!m("a*c", "ab"));
        assert!(m("*", ""));
        assert!(m("a?c", "abc"));
        assert!(!m("a?c", "ac"));
        assert!(m("é?", "éü"));
        let long = "a".repeat(200);
        assert!(m(&format!("*{}*", "a".repeat(100)), &long));
        assert!(!m(&format!("*{}b*", "a?".repeat(40)), &long));
        // Within one ARN part.
        let s = |p: &str, t: &str| Bits::new(&pieces(p, true), false).unwrap().matches(t);
        assert!(s("a*c", "abc"));
        assert!(!s("a*c", "a:c"));
        assert!(!s("a?c", "a:c"));
        assert!(
            Bits::new(&pieces("ECS:run*", false), true)
                .unwrap()
                .matches("ecs:RunTask")
        );
        let many: String = (0..300u32)
            .filter_map(|i| char::from_u32(0x4e00 + i))
            .collect();
        assert!(Bits::new(&pieces(&many, false), false).is_none());
    }
}
