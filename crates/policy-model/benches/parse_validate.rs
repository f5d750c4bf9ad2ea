//! Parse + validate the current AmazonECS_FullAccess in-process.
//! Target: ≤ 20 µs per document.

#![allow(missing_docs, reason = "criterion macros generate undocumented items")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use policy_model::{CheckOptions, PolicyType, check, json};

const FULL_ACCESS: &str =
    include_str!("../../../tests/corpus/managed/AmazonECS_FullAccess.identity.json");

fn bench(c: &mut Criterion) {
    let options = CheckOptions::new(PolicyType::Identity);
    c.bench_function(
        "check AmazonECS_FullAccess (parse + read + validate + size)",
        |b| b.iter(|| check(black_box(FULL_ACCESS), &options)),
    );
    c.bench_function("json::parse AmazonECS_FullAccess", |b| {
        b.iter(|| json::parse(black_box(FULL_ACCESS)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
