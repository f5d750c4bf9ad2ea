//! The byte-level matcher of variable-free patterns (short texts; long
//! ones go to the bit-parallel matcher of `crate::bits`).

use super::{Op, Program, Tok, bit_pieces};
use crate::bits::Bits;

impl Program {
    /// `None` when the tokens hold a variable.
    pub(super) fn new(toks: &[Tok], ignore_case: bool) -> Option<Self> {
        let mut ops = Vec::with_capacity(toks.len());
        let mut min_len = 0;
        for tok in toks {
            ops.push(match tok {
                Tok::Lit(s) => {
                    min_len += s.len();
                    Op::Lit(s.as_bytes().into())
                }
                Tok::Star { cross } => Op::Star { cross: *cross },
                Tok::One { cross } => {
                    min_len += 1;
                    Op::One { cross: *cross }
                }
                Tok::Var { .. } => return None,
            });
        }
        let bits = Bits::new(&bit_pieces(toks, &[])?, ignore_case).map(Box::new);
        let head = match ops.first() {
            Some(Op::Lit(l)) => l.clone(),
            _ => Box::default(),
        };
        let tail = match ops.last() {
            Some(Op::Lit(l)) if ops.len() > 1 => l.clone(),
            _ => Box::default(),
        };
        Some(Self {
            ops: ops.into_boxed_slice(),
            bits,
            head,
            tail,
            min_len,
        })
    }

    pub(super) fn matches(&self, text: &[u8], ignore_case: bool) -> bool {
        let starts = |t: &[u8], lit: &[u8]| {
            t.get(..lit.len()).is_some_and(|h| {
                if ignore_case {
                    h.eq_ignore_ascii_case(lit)
                } else {
                    h == lit
                }
            })
        };
        let ends = |t: &[u8], lit: &[u8]| {
            t.len() >= lit.len()
                && t.get(t.len() - lit.len()..).is_some_and(|h| {
                    if ignore_case {
                        h.eq_ignore_ascii_case(lit)
                    } else {
                        h == lit
                    }
                })
        };
        if text.len() < self.min_len || !starts(text, &self.head) || !ends(text, &self.tail) {
            return false;
        }
        let char_len = |t: usize| text.get(t).map_or(1, |b| utf8_len(*b));
        let mut p = 0usize;
        let mut t = 0usize;
        let mut global: Option<(usize, usize)> = None;
        let mut local: Option<(usize, usize)> = None;
        loop {
            let advanced = match self.ops.get(p) {
                None => {
                    if t == text.len() {
                        return true;
                    }
                    false
                }
                Some(Op::Star { cross }) => {
                    if *cross {
                        global = Some((p + 1, t));
                        local = None;
                    } else {
                        local = Some((p + 1, t));
                    }
                    p += 1;
                    continue;
                }
                Some(Op::One { cross }) => match text.get(t) {
                    Some(b) if *cross || *b != b':' => {
                        t += utf8_len(*b);
                        true
                    }
                    _ => false,
                },
                Some(Op::Lit(lit)) => {
                    let ok = text.get(t..).is_some_and(|rest| starts(rest, lit));
                    if ok {
                        t += lit.len();
                    }
                    ok
                }
            };
            if advanced {
                p += 1;
                continue;
            }
            if let Some((lp, lt)) = local {
                match text.get(lt) {
                    Some(b) if *b != b':' => {
                        let nt = lt + char_len(lt);
                        local = Some((lp, nt));
                        p = lp;
                        t = nt;
                        continue;
                    }
                    _ => local = None,
                }
            }
            if let Some((gp, gt)) = global
                && gt < text.len()
            {
                let nt = gt + char_len(gt);
                global = Some((gp, nt));
                p = gp;
                t = nt;
                continue;
            }
            return false;
        }
    }
}

/// The length of the UTF-8 sequence a byte starts (1 for a continuation
/// byte, which a valid position never holds).
fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}
