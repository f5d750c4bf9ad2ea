//! Decisions per second on the AmazonECS_FullAccess workload
//! (`benches/workload.rs`): the fast path, the path that also lists the
//! deciding statements, and full explanations; and the cost of building a
//! request.
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

/// Building a request in Rust: action, resource, principal and three
/// context keys (target ≤ 50 ns, issue 18).
fn build(c: &mut Criterion) {
    let region = String::from("eu-west-1");
    // Each request is built, passed by reference (as deciding takes it)
    // and dropped: `black_box(&request)`, not returned, which would also
    // time copying the value into criterion's slot.
    c.bench_function("Request::new alone", |b| {
        b.iter(|| {
            let request = Request::new(
                black_box("ecs:RunTask"),
                black_box("arn:aws:ecs:us-east-1:111122223333:task-definition/web:3"),
            );
            black_box(&request);
        })
    });
    c.bench_function("Request::new + principal", |b| {
        b.iter(|| {
            let request = Request::new(
                black_box("ecs:RunTask"),
                black_box("arn:aws:ecs:us-east-1:111122223333:task-definition/web:3"),
            )
            .principal(black_box("arn:aws:iam::111122223333:user/alice"));
            black_box(&request);
        })
    });
    c.bench_function("Request::new + principal + 3 context keys", |b| {
        b.iter(|| {
            let request = three_keys(&region);
            black_box(&request);
        })
    });
    // What a service pays per call: the same request built and decided
    // against the AmazonECS_FullAccess workload's policies.
    let set = workload::policy_set();
    c.bench_function(
        "Request::new + principal + 3 context keys + evaluate",
        |b| {
            b.iter(|| {
                let request = three_keys(&region);
                black_box(set.evaluate(&request))
            })
        },
    );
}

/// A request with a principal and three context keys (inlined, as a
/// service's own builder calls would be).
#[inline(always)]
fn three_keys(region: &str) -> Request<'_> {
    Request::new(
        black_box("ecs:RunTask"),
        black_box("arn:aws:ecs:us-east-1:111122223333:task-definition/web:3"),
    )
    .principal(black_box("arn:aws:iam::111122223333:user/alice"))
    .context(
        "ecs:cluster",
        black_box("arn:aws:ecs:us-east-1:111122223333:cluster/prod"),
    )
    .context("aws:SecureTransport", black_box(true))
    .context("aws:RequestedRegion", black_box(region))
}

criterion_group!(benches, decide, build);
criterion_main!(benches);
