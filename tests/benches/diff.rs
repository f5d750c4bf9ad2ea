//! `polc diff` in process: two consecutive versions of AmazonECS_FullAccess
//! (issue 16's target: ≤ 5 ms).
#![allow(
    missing_docs,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "criterion generates the entry point; a benchmark of known data"
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use polc_catalog::Reference;
use polc_model::{Policy, PolicyType};

fn diff(c: &mut Criterion) {
    let history = polc_tests::managed_history();
    let (_, versions) = history
        .iter()
        .find(|(name, _)| name == "AmazonECS_FullAccess")
        .expect("AmazonECS_FullAccess in the history");
    let read = |i: usize| {
        Policy::from_json_str(&versions[i].document, PolicyType::Identity).expect("a valid version")
    };
    let last = versions.len() - 1;
    let (old, new) = (read(last - 1), read(last));
    let reference = Reference::embedded();
    // The catalog's actions are numbered on first use.
    let _ = polc_analysis::diff(&[("old", &old)], &[("new", &new)], reference);
    c.bench_function("diff AmazonECS_FullAccess, last two versions", |b| {
        b.iter(|| {
            polc_analysis::diff(
                &[("old", black_box(&old))],
                &[("new", black_box(&new))],
                reference,
            )
        })
    });
}

criterion_group!(benches, diff);
criterion_main!(benches);
