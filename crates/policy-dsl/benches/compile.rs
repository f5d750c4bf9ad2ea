//! Compile + check of the `.pol` seed examples in-process (target ≤ 1 ms
//! per file), and of a 200-statement file.
#![allow(missing_docs, reason = "criterion generates the entry point")]

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use polc_catalog::Reference;
use polc_dsl::{Params, compile};

fn seeds() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect()
}

/// A file of 200 statements, each on the resources its action takes (no
/// findings): ECS services, S3 objects, log streams, SSM parameters.
pub fn two_hundred_statements() -> String {
    let mut text = String::from(
        "param account: account_id = \"111122223333\"\nparam region: region = \"us-east-1\"\n\npolicy Big {\n",
    );
    for i in 0..200 {
        let line = match i % 5 {
            0 => format!(
                "allow ecs:UpdateService on ecs.service(\"cluster{i}\", \"svc{i}\") if aws:ResourceTag/team == \"team{i}\""
            ),
            1 => format!("allow ecs:DescribeServices on ecs.service(\"cluster{i}\", \"svc{i}\")"),
            2 => format!("allow s3:GetObject on \"arn:aws:s3:::bucket-{i}/*\""),
            3 => format!("allow logs:PutLogEvents on logs.log_stream(\"/ecs/svc{i}\", \"*\")"),
            _ => format!("allow ssm:GetParameter on ssm.parameter(\"app/svc{i}/db\")"),
        };
        text.push_str("  ");
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str("}\n");
    text
}

fn bench(c: &mut Criterion) {
    let reference = Reference::embedded();
    let files = seeds();
    let params = Params::new();
    // Warm the catalog (decoded lazily per service).
    for f in &files {
        let _ = compile(f, &params, reference);
    }
    let mut group = c.benchmark_group("compile+check");
    group.throughput(Throughput::Elements(files.len() as u64));
    group.bench_function(format!("{} seed examples", files.len()), |b| {
        b.iter(|| {
            for f in &files {
                let _ = black_box(compile(black_box(f), &params, reference));
            }
        });
    });
    let big = two_hundred_statements();
    let split = polc_dsl::Options {
        split: true,
        ..polc_dsl::Options::default()
    };
    group.throughput(Throughput::Elements(1));
    group.bench_function("200 statements", |b| {
        b.iter(|| {
            black_box(polc_dsl::compile_with(
                black_box(&big),
                &params,
                reference,
                split,
            ))
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
