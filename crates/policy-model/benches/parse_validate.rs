//! Parse + validate the current AmazonECS_FullAccess in-process.
//! Target: ≤ 20 µs per document.

#![allow(missing_docs, reason = "criterion macros generate undocumented items")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use policy_model::{CheckOptions, PolicyType, check, json, read};

const FULL_ACCESS: &str =
    include_str!("../../catalog/data/managed-policies/current/AmazonECS_FullAccess.json");

fn bench(c: &mut Criterion) {
    let options = CheckOptions::new(PolicyType::Identity);
    c.bench_function("check AmazonECS_FullAccess", |b| {
        b.iter(|| check(black_box(FULL_ACCESS), &options))
    });
    c.bench_function("phase json::parse", |b| {
        b.iter(|| json::parse(black_box(FULL_ACCESS)))
    });
    if let Ok(tree) = json::parse(FULL_ACCESS) {
        c.bench_function("phase read_policy", |b| {
            b.iter(|| read::read_policy(black_box(&tree)))
        });
    }
    c.bench_function("reference serde_json::Value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(FULL_ACCESS)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
