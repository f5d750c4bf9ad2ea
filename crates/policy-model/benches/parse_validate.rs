//! Parse + validate in-process: the current AmazonECS_FullAccess (target
//! ≤ 20 µs), and every current AWS managed policy against
//! `serde_json::from_str::<Value>` on the same texts (target: no slower).

#![allow(missing_docs, reason = "criterion macros generate undocumented items")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use polc_model::{CheckOptions, PolicyType, check, json, read};

fn bench(c: &mut Criterion) {
    let full_access = polc_catalog::managed_policy("AmazonECS_FullAccess")
        .map(|p| p.document())
        .unwrap_or_default();
    let options = CheckOptions::new(PolicyType::Identity);
    c.bench_function("check AmazonECS_FullAccess", |b| {
        b.iter(|| check(black_box(full_access), &options))
    });
    c.bench_function("phase json::parse", |b| {
        b.iter(|| json::parse(black_box(full_access)))
    });
    if let Ok(tree) = json::parse(full_access) {
        c.bench_function("phase read_policy", |b| {
            b.iter(|| read::read_policy(black_box(&tree)))
        });
    }
    c.bench_function("reference serde_json::Value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(full_access)))
    });
    let all: Vec<&str> = polc_catalog::managed_policies()
        .iter()
        .map(|p| p.document())
        .collect();
    let mut group = c.benchmark_group("every managed policy");
    group.sample_size(20);
    group.bench_function(format!("check × {}", all.len()), |b| {
        b.iter(|| {
            all.iter()
                .map(|text| check(black_box(text), &options).findings.len())
                .sum::<usize>()
        })
    });
    group.bench_function(format!("phase json::parse × {}", all.len()), |b| {
        b.iter(|| {
            all.iter()
                .filter(|text| json::parse(black_box(text)).is_ok())
                .count()
        })
    });
    let trees: Vec<_> = all
        .iter()
        .filter_map(|text| json::parse(text).ok())
        .collect();
    group.bench_function(format!("phase read_policy × {}", all.len()), |b| {
        b.iter(|| {
            trees
                .iter()
                .map(|tree| read::read_policy(black_box(tree)).findings.len())
                .sum::<usize>()
        })
    });
    group.bench_function(
        format!("reference serde_json::Value × {}", all.len()),
        |b| {
            b.iter(|| {
                all.iter()
                    .filter(|text| {
                        serde_json::from_str::<serde_json::Value>(black_box(text)).is_ok()
                    })
                    .count()
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
