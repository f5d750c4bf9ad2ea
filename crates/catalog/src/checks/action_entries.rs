//! The entries of an `Action` element, arranged once per statement to
//! answer "does one entry grant everything another does?" cheaply: exact
//! names sorted (a binary search), each wildcard with its expansion over
//! the catalog as a bit set of its service's actions (a subset test of a
//! few machine words). Pairwise redundancy is then linear in the entries'
//! length per pair, not in the catalog's size.

use polc_model::action::may_share_service;
use polc_model::wildcard::{Budget, matches_ignore_case_within};
use polc_model::{OneOrMany, Text};

use crate::reference::{Reference, cmp_ignore_case};

/// Whether an entry holds a wildcard.
pub(super) fn has_wildcard(s: &str) -> bool {
    polc_model::wildcard::has_wildcard(s)
}

/// The actions of one service a wildcard entry names, as bits over the
/// service's (sorted) actions.
#[derive(Debug)]
struct Expansion {
    service: &'static str,
    bits: Box<[u64]>,
    empty: bool,
}

impl Expansion {
    /// The expansion of `entry` (`svc:Pattern`, the service literal);
    /// `None` when it has none that can be compared (a wildcard service,
    /// an unknown one, or the budget spent).
    fn of(entry: &str, reference: &Reference, budget: &Budget) -> Option<Self> {
        let (service, name) = polc_model::action::split_colon(entry)?;
        if has_wildcard(service) {
            return None;
        }
        let service = reference.service(service)?;
        let mut bits = vec![0u64; service.actions.len().div_ceil(64)].into_boxed_slice();
        let mut empty = true;
        // `Prefix*` (and `*`): the actions are sorted by their lower-cased
        // names, so those it names are one run, found by binary search.
        let head = name
            .strip_suffix('*')
            .filter(|head| head.is_ascii() && !has_wildcard(head));
        if let Some(head) = head {
            if !budget.charge(head.len().saturating_mul(16)) {
                return None;
            }
            let starts = |a: &str| {
                a.get(..head.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(head))
            };
            let from = service
                .actions
                .partition_point(|a| cmp_ignore_case(a.name, head).is_lt());
            for (i, action) in service.actions.iter().enumerate().skip(from) {
                if !starts(action.name) {
                    break;
                }
                if let Some(word) = bits.get_mut(i / 64) {
                    *word |= 1 << (i % 64);
                }
                empty = false;
            }
            return Some(Self {
                service: service.prefix,
                bits,
                empty,
            });
        }
        for (i, action) in service.actions.iter().enumerate() {
            if matches_ignore_case_within(name, action.name, budget)? {
                if let Some(word) = bits.get_mut(i / 64) {
                    *word |= 1 << (i % 64);
                }
                empty = false;
            }
        }
        Some(Self {
            service: service.prefix,
            bits,
            empty,
        })
    }

    /// Whether every action of `other` is one of these.
    fn includes(&self, other: &Self) -> bool {
        !other.empty
            && self.service == other.service
            && other
                .bits
                .iter()
                .zip(self.bits.iter())
                .all(|(o, s)| o & !s == 0)
    }
}

/// A wildcard entry and its position.
#[derive(Debug)]
pub(super) struct Wildcard<'a> {
    pub(super) index: usize,
    pub(super) text: &'a str,
    expansion: Option<Expansion>,
}

/// One entry, as the entry to be covered.
#[derive(Debug, Clone, Copy)]
pub(super) enum Narrow<'e, 'a> {
    /// An action name (or text without wildcards).
    Exact(&'a str),
    /// A wildcard entry.
    Wild(&'e Wildcard<'a>),
}

impl Narrow<'_, '_> {
    fn text(&self) -> &str {
        match self {
            Self::Exact(t) => t,
            Self::Wild(w) => w.text,
        }
    }
}

/// Whether the wildcard entry `wide` grants every action `narrow` does
/// (within `budget`: once it is spent, nothing is taken as covered).
pub(super) fn wildcard_covers(
    wide: &Wildcard<'_>,
    narrow: Narrow<'_, '_>,
    budget: &Budget,
) -> bool {
    if wide.text == "*" {
        return true;
    }
    match narrow {
        Narrow::Exact(name) => {
            may_share_service(wide.text, name)
                && matches_ignore_case_within(wide.text, name, budget).unwrap_or(false)
        }
        Narrow::Wild(other) => match (&wide.expansion, &other.expansion) {
            (Some(w), Some(n)) => w.includes(n),
            _ => false,
        },
    }
}

/// Where an entry is: exact entries by text, wildcards by slot.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Exact,
    Wild(usize),
}

/// The entries of one `Action` element, arranged. Built once per
/// statement.
#[derive(Debug)]
pub(super) struct ActionEntries<'a> {
    /// Entries without wildcards, with their positions, sorted ignoring
    /// case (then by position).
    exact: Vec<(usize, &'a str)>,
    /// Entries with wildcards, in position order.
    pub(super) wildcards: Vec<Wildcard<'a>>,
    /// For each position, where its entry is.
    slots: Vec<(Slot, &'a str)>,
}

impl<'a> ActionEntries<'a> {
    /// Arranges `values`; wildcard expansions are computed within `budget`.
    pub(super) fn new(values: &'a OneOrMany<Text>, reference: &Reference, budget: &Budget) -> Self {
        let mut exact = Vec::with_capacity(values.len());
        let mut wildcards = Vec::new();
        let mut slots = Vec::with_capacity(values.len());
        for (i, entry) in values.iter().enumerate() {
            if has_wildcard(entry) {
                slots.push((Slot::Wild(wildcards.len()), entry.as_str()));
                wildcards.push(Wildcard {
                    index: i,
                    text: entry,
                    expansion: Expansion::of(entry, reference, budget),
                });
            } else {
                slots.push((Slot::Exact, entry.as_str()));
                exact.push((i, entry.as_str()));
            }
        }
        sort_ignoring_case(&mut exact);
        Self {
            exact,
            wildcards,
            slots,
        }
    }

    /// The entry at position `j`, as an entry to be covered.
    pub(super) fn narrow(&self, j: usize) -> Option<Narrow<'_, 'a>> {
        let &(slot, text) = self.slots.get(j)?;
        Some(match slot {
            Slot::Exact => Narrow::Exact(text),
            Slot::Wild(k) => Narrow::Wild(self.wildcards.get(k)?),
        })
    }

    /// Every entry, as entries to be covered.
    pub(super) fn narrows(&self) -> impl Iterator<Item = Narrow<'_, 'a>> + '_ {
        (0..self.slots.len()).filter_map(|j| self.narrow(j))
    }

    /// Whether these entries grant everything `narrow` does.
    pub(super) fn cover(&self, narrow: Narrow<'_, '_>, budget: &Budget) -> bool {
        let text = narrow.text();
        // The search compares the entry a few times: paid for first.
        let compares = usize::try_from(self.exact.len().max(1).ilog2()).unwrap_or(64) + 1;
        if !budget.charge(text.len().saturating_mul(compares)) {
            return false;
        }
        (matches!(narrow, Narrow::Exact(_))
            && self
                .exact
                .binary_search_by(|(_, e)| cmp_ignore_case(e, text))
                .is_ok())
            || self
                .wildcards
                .iter()
                .any(|wide| wildcard_covers(wide, narrow, budget))
    }

    /// For each position, the earlier position it repeats (ignoring case).
    pub(super) fn repeats(&self, len: usize) -> Vec<Option<usize>> {
        let mut first_of = vec![None; len];
        let mut sorted_wildcards: Vec<(usize, &str)> =
            self.wildcards.iter().map(|w| (w.index, w.text)).collect();
        sorted_wildcards.sort_unstable_by(|(i, a), (j, b)| cmp_ignore_case(a, b).then(i.cmp(j)));
        for list in [&self.exact, &sorted_wildcards] {
            let mut run_start: Option<(usize, &str)> = None;
            for &(i, entry) in list {
                match run_start {
                    Some((first, text)) if text.eq_ignore_ascii_case(entry) => {
                        if let Some(slot) = first_of.get_mut(i) {
                            *slot = Some(first);
                        }
                    }
                    _ => run_start = Some((i, entry)),
                }
            }
        }
        first_of
    }
}

/// Sorts `entries` by [`cmp_ignore_case`], then position. A long list
/// (`ReadOnlyAccess` names thousands of actions, most with long common
/// prefixes) is sorted on one lower-cased copy, whose comparisons are the
/// plain byte comparisons that run many bytes at a time, in the same order.
fn sort_ignoring_case(entries: &mut [(usize, &str)]) {
    const LONG: usize = 32;
    if entries.len() <= LONG {
        entries.sort_unstable_by(|(i, a), (j, b)| cmp_ignore_case(a, b).then(i.cmp(j)));
        return;
    }
    let lower: Vec<u8> = entries
        .iter()
        .flat_map(|(_, e)| e.bytes().map(|b| b.to_ascii_lowercase()))
        .collect();
    let mut keyed: Vec<(&[u8], usize, &str)> = Vec::with_capacity(entries.len());
    let mut rest = lower.as_slice();
    for &(i, e) in entries.iter() {
        let (key, tail) = rest.split_at(e.len().min(rest.len()));
        keyed.push((key, i, e));
        rest = tail;
    }
    keyed.sort_unstable_by(|(a, i, _), (b, j, _)| a.cmp(b).then(i.cmp(j)));
    for (slot, (_, i, e)) in entries.iter_mut().zip(keyed) {
        *slot = (i, e);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    /// `Prefix*` by binary search names exactly the actions the general
    /// matcher does (`Prefix**` takes the general path: the same language).
    #[test]
    fn a_prefix_run_is_what_the_matcher_names() {
        let reference = Reference::embedded();
        for service in ["ec2", "ecs", "s3", "iam", "a4b"] {
            for head in ["", "Describe", "get", "LIST", "cre", "X", "zzz"] {
                let budget = Budget::new(u64::MAX);
                let fast =
                    Expansion::of(&format!("{service}:{head}*"), reference, &budget).unwrap();
                let slow =
                    Expansion::of(&format!("{service}:{head}**"), reference, &budget).unwrap();
                assert_eq!(fast.bits, slow.bits, "{service}:{head}*");
                assert_eq!(fast.empty, slow.empty, "{service}:{head}*");
            }
        }
    }

    /// The long-list sort and the word-at-a-time comparison order as
    /// lower-cased bytes do, on names with long common prefixes, case
    /// differences, lengths around eight and repeats.
    #[test]
    fn long_lists_sort_as_lower_case_bytes() {
        let stems = [
            "ec2:Describe",
            "EC2:describe",
            "ec2:DescribeInstances",
            "s3:Get",
            "s3:get",
            "a",
            "A",
            "ec2:",
            "ec2:Describf",
            "ec2:DescribeInstanceS",
            "ü:x",
            "Z",
            "_",
        ];
        let mut names: Vec<String> = Vec::new();
        for (n, stem) in stems.iter().enumerate() {
            for tail in ["", "A", "a", "Status", "status", "12345678"] {
                names.push(format!("{stem}{tail}"));
                if n % 3 == 0 {
                    names.push(format!("{stem}{tail}"));
                }
            }
        }
        let naive = |a: &str, b: &str| {
            a.to_ascii_lowercase()
                .as_bytes()
                .cmp(b.to_ascii_lowercase().as_bytes())
        };
        for a in &names {
            for b in &names {
                assert_eq!(cmp_ignore_case(a, b), naive(a, b), "{a} {b}");
            }
        }
        let mut entries: Vec<(usize, &str)> =
            names.iter().map(String::as_str).enumerate().collect();
        entries.reverse();
        let mut expected = entries.clone();
        expected.sort_by(|(i, a), (j, b)| naive(a, b).then(i.cmp(j)));
        sort_ignoring_case(&mut entries);
        assert!(entries.len() > 32);
        assert_eq!(entries, expected);
    }
}
