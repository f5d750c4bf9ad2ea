//! Decisions per second on the AmazonECS_FullAccess workload
//! (`benches/workload.rs`): the fast path, the path that also lists the
//! deciding statements, and full explanations.
#![allow(missing_docs, reason = "criterion generates the entry point")]
#![allow(clippy::print_stderr, reason = "the benchmark reports its workload")]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use polc_evaluator::Request;
use polc_evaluator::json::parse_request;

mod workload;

fn decide(c: &mut Criterion) {
    let set = workload::policy_set();
    let lines = workload::request_lines();
    let requests: Vec<Request<'_>> = lines.iter().filter_map(|l| parse_request(l).ok()).collect();
    let allowed = requests
        .iter()
        .filter(|r| set.evaluate(r).is_allowed())
        .count();
    eprintln!(
        "workload: {} requests, {allowed} allowed ({:.0}%)",
        requests.len(),
        100.0 * allowed as f64 / requests.len().max(1) as f64
    );
    let mut group = c.benchmark_group("FullAccess-10k");
    group.throughput(Throughput::Elements(requests.len() as u64));
    group.bench_function("evaluate", |b| {
        b.iter(|| {
            for r in &requests {
                black_box(set.evaluate(black_box(r)));
            }
        });
    });
    let mut matched = Vec::new();
    group.bench_function("evaluate_into", |b| {
        b.iter(|| {
            for r in &requests {
                black_box(set.evaluate_into(black_box(r), &mut matched));
            }
        });
    });
    group.bench_function("parse+evaluate", |b| {
        b.iter(|| {
            for l in &lines {
                if let Ok(r) = parse_request(black_box(l)) {
                    black_box(set.evaluate(&r));
                }
            }
        });
    });
    group.sample_size(10);
    group.bench_function("explain", |b| {
        b.iter(|| {
            for r in &requests {
                black_box(set.explain(black_box(r)));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, decide);
criterion_main!(benches);
