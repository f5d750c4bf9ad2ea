//! All catalog checks in-process: on the current AmazonECS_FullAccess
//! (target ≤ 50 µs), and on every current AWS managed policy, one after
//! the other (target: ≤ 50 µs per policy on average).

#![allow(missing_docs, reason = "criterion macros generate undocumented items")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use polc_catalog::Reference;
use polc_model::{CheckOptions, PolicyType};

fn bench(c: &mut Criterion) {
    let reference = Reference::embedded();
    let full_access = polc_catalog::managed_policy("AmazonECS_FullAccess")
        .map(|p| p.document())
        .unwrap_or_default();
    let checked = polc_model::check(
        full_access,
        &CheckOptions {
            policy_type: PolicyType::Identity,
            key_types: reference,
        },
    );
    let Some(policy) = checked.policy else { return };
    let paths = checked.statement_paths;
    c.bench_function(
        "catalog checks on AmazonECS_FullAccess (typed policy)",
        |b| b.iter(|| polc_catalog::checks::check_policy(black_box(&policy), &paths, reference)),
    );
    c.bench_function(
        "polc_catalog::check AmazonECS_FullAccess (text to findings)",
        |b| b.iter(|| polc_catalog::check(black_box(full_access), PolicyType::Identity)),
    );
    let all: Vec<&str> = polc_catalog::managed_policies()
        .iter()
        .map(|p| p.document())
        .collect();
    let mut group = c.benchmark_group("every managed policy");
    group.sample_size(10);
    group.bench_function(format!("polc_catalog::check × {}", all.len()), |b| {
        b.iter(|| {
            all.iter()
                .map(|text| {
                    polc_catalog::check(black_box(text), PolicyType::Identity)
                        .findings
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
