//! `polc diff` on the version history of every AWS managed policy: each
//! consecutive pair of versions is compared, and each version with
//! itself.

use std::collections::BTreeMap;
use std::time::Instant;

use polc_catalog::Reference;
use polc_model::OneOrMany::Many;
use polc_model::{Policy, PolicyType};

#[test]
fn consecutive_versions_of_every_managed_policy() {
    let reference = Reference::embedded();
    let history = polc_tests::managed_history();
    let started = Instant::now();
    let mut pairs = 0;
    let mut in_pairs = std::time::Duration::ZERO;
    let mut refused: Vec<String> = Vec::new();
    let mut undecided: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    // `POLC_DIFF_ONLY=Name,Other`: only those policies (to look at one).
    let only = std::env::var("POLC_DIFF_ONLY").ok();
    for (name, versions) in &history {
        if let Some(only) = &only
            && !only.split(',').any(|o| o == name)
        {
            continue;
        }
        let read: Vec<Option<Policy>> = versions
            .iter()
            .map(|v| Policy::from_json_str(&v.document, PolicyType::Identity).ok())
            .collect();
        for (i, pair) in read.windows(2).enumerate() {
            let [Some(old), Some(new)] = pair else {
                refused.push(format!("{name} v{i}→v{}", i + 1));
                continue;
            };
            pairs += 1;
            let one = Instant::now();
            let Ok(diff) = polc_analysis::diff(&[("old", old)], &[("new", new)], reference) else {
                refused.push(format!("{name} v{i}→v{} (evaluator)", i + 1));
                continue;
            };
            let took = one.elapsed();
            in_pairs += took;
            if took.as_millis() > 200 {
                eprintln!("slow: {name} v{i}→v{}: {took:?}", i + 1);
            }
            for region in &diff.undecided {
                let reason = region.reason.clone().unwrap_or_default();
                // Plain policies are decided: a bound is never reached on
                // AWS's own, nor an example found wrong.
                if reason.contains("not decided as the region says")
                    || reason.contains("polc's bound")
                {
                    failures.push(format!("{name} v{i}→v{}: {reason}", i + 1));
                }
                let kind: String = reason
                    .split(':')
                    .next()
                    .unwrap_or_default()
                    .chars()
                    .take(90)
                    .collect();
                *undecided.entry(kind).or_default() += 1;
            }
        }
        if let Some(Some(last)) = read.last() {
            // A policy is its own equal; so are its statements in reverse
            // order, or each written twice, or split into two policies.
            let mut reversed = last.clone();
            let mut twice = last.clone();
            let statements: Vec<_> = last.statement.iter().cloned().collect();
            reversed.statement = Many(statements.iter().rev().cloned().collect());
            twice.statement = Many(statements.iter().chain(&statements).cloned().collect());
            let (mut first, mut second) = (last.clone(), last.clone());
            let half = statements.len() / 2;
            first.statement = Many(statements.get(..half).unwrap_or_default().to_vec());
            second.statement = Many(statements.get(half..).unwrap_or_default().to_vec());
            for (what, other) in [
                ("itself", vec![("b", last)]),
                ("its statements reversed", vec![("b", &reversed)]),
                ("its statements twice", vec![("b", &twice)]),
                (
                    "its statements split in two policies",
                    vec![("b", &first), ("c", &second)],
                ),
            ] {
                if let Ok(same) = polc_analysis::diff(&[("a", last)], &other, reference)
                    && !same.is_empty()
                {
                    failures.push(format!("{name}: differs from {what}: {same:?}"));
                }
            }
        }
    }
    eprintln!(
        "{pairs} pairs compared in {in_pairs:?} (with the self-comparisons: {:?}); refused (a version IAM's grammar or the evaluator refuses): {refused:#?}; undecided regions by reason: {undecided:#?}",
        started.elapsed()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}
