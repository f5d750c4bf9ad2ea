//! All catalog checks on the current AmazonECS_FullAccess, in-process.
//! Target: ≤ 50 µs.

#![allow(missing_docs, reason = "criterion macros generate undocumented items")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use policy_catalog::Reference;
use policy_model::{CheckOptions, PolicyType};

const FULL_ACCESS: &str =
    include_str!("../data/managed-policies/current/AmazonECS_FullAccess.json");

fn bench(c: &mut Criterion) {
    let reference = Reference::embedded();
    let checked = policy_model::check(
        FULL_ACCESS,
        &CheckOptions {
            policy_type: PolicyType::Identity,
            key_types: reference,
        },
    );
    let Some(policy) = checked.policy else { return };
    let paths = checked.statement_paths;
    c.bench_function(
        "catalog checks on AmazonECS_FullAccess (typed policy)",
        |b| b.iter(|| policy_catalog::checks::check_policy(black_box(&policy), &paths, reference)),
    );
    c.bench_function(
        "policy_catalog::check AmazonECS_FullAccess (text to findings)",
        |b| b.iter(|| policy_catalog::check(black_box(FULL_ACCESS), PolicyType::Identity)),
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
