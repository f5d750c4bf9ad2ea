//! `polc build --minimize`, proven: statements, action entries and
//! resource entries are dropped one at a time where the engine proves the
//! policy allows exactly the same without them, and the result is proven
//! equal to the input before it is used.

use polc_catalog::Reference;
use polc_model::policy::OneOrMany;
use polc_model::{Policy, Text};

use crate::diff::diff;

/// The bound on the work of one minimization: the statements and entries
/// compared, summed over every comparison tried (each a difference of two
/// versions). Past it, what is left is kept as it is.
const WORK: usize = 20_000;

/// The bound on the pattern searches of all the comparisons of one
/// minimization (see `glob::work`): a few comparisons' worth.
const SEARCH_WORK: u64 = 4_000_000;

/// `start` (a rewriting of `original`, such as its statements merged)
/// with what the engine proves needless dropped: a statement, an `Action`
/// entry or a `Resource` entry whose removal leaves the requests allowed,
/// and those denied explicitly, as before. The result is proven to allow,
/// and to deny explicitly, exactly what `original` does.
///
/// # Errors
/// Why the result could not be proven equal to `original` (a difference,
/// or one the engine cannot decide): the caller then keeps `original`.
pub fn minimize(
    original: &Policy,
    start: &Policy,
    reference: &Reference,
) -> Result<Policy, String> {
    let work = std::cell::Cell::new(0);
    // The pattern searches of all the comparisons share a bound too.
    let searched = crate::glob::work();
    let within_work =
        |work: usize| work < WORK && crate::glob::work().saturating_sub(searched) < SEARCH_WORK;
    // Alike: the same requests allowed, and the same explicitly denied (a
    // `Deny` that denies nothing the policy allows still denies what
    // another policy of the principal allows): `diff` compares both.
    let same = |a: &Policy, b: &Policy| -> Result<bool, String> {
        work.set(work.get() + size(a) + size(b));
        diff(&[("before", a)], &[("after", b)], reference)
            .map(|found| found.is_empty())
            .map_err(|e| e.to_string())
    };
    let mut current = start.clone();
    if !same(original, &current)? {
        return Err(
            "the merged statements are not proven to allow what the input allows".to_owned(),
        );
    }
    // Whole statements first, then entries of those left.
    let mut i = 0;
    while i < current.statement.len() {
        let mut without = current.clone();
        let mut statements: Vec<_> = without.statement.iter().cloned().collect();
        statements.remove(i);
        without.statement = OneOrMany::Many(statements);
        if !without.statement.is_empty() && within_work(work.get()) && same(&current, &without)? {
            current = without;
        } else {
            i += 1;
        }
    }
    for s in 0..current.statement.len() {
        for resources in [false, true] {
            let mut e = 0;
            while let Some(statement) = current.statement.iter().nth(s) {
                let entries: Vec<Text> = if resources {
                    match &statement.resource {
                        Some(r) if !r.not => r.values.iter().cloned().collect(),
                        _ => Vec::new(),
                    }
                } else {
                    statement.action.values.iter().cloned().collect()
                };
                if e >= entries.len() || entries.len() < 2 || !within_work(work.get()) {
                    break;
                }
                let mut fewer = entries.clone();
                fewer.remove(e);
                let mut without = current.clone();
                let mut statements: Vec<_> = without.statement.iter().cloned().collect();
                if let Some(st) = statements.get_mut(s) {
                    let values = if fewer.len() == 1 {
                        OneOrMany::One(fewer.remove(0))
                    } else {
                        OneOrMany::Many(fewer)
                    };
                    match (&mut st.resource, resources) {
                        (Some(r), true) => r.values = values,
                        _ => st.action.values = values,
                    }
                }
                without.statement = OneOrMany::Many(statements);
                if same(&current, &without)? {
                    current = without;
                } else {
                    e += 1;
                }
            }
        }
    }
    if same(original, &current)? {
        Ok(current)
    } else {
        Err("the minimized policy is not proven to allow what the input allows".to_owned())
    }
}

/// A policy's size for the bound: its statements and their entries.
fn size(policy: &Policy) -> usize {
    policy
        .statement
        .iter()
        .map(|s| 1 + s.action.values.len() + s.resource.as_ref().map_or(0, |r| r.values.len()))
        .sum()
}
