//! `polc` as a whole process:
//! - `polc check` on a one-statement policy: start-up, reading, checking,
//!   exit (target ≤ 5 ms wall);
//! - `polc check` of every current AWS managed policy, each in its file,
//!   in one process, one input at a time and with the default `--jobs`
//!   (target ≤ 50 µs per policy, wall);
//! - `polc authorize --batch` on 100,000 requests against
//!   AmazonECS_FullAccess, including reading and parsing the JSON Lines and
//!   writing one decision per line (target ≥ 1,000,000 decisions per second).

#![allow(missing_docs, reason = "criterion macros generate undocumented items")]

use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[path = "../../evaluator/benches/workload.rs"]
mod workload;

const POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "*"}]}"#;

fn check(c: &mut Criterion) {
    let dir = std::env::temp_dir().join("polc-bench");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("one-statement.json");
    if std::fs::write(&path, POLICY).is_err() {
        return;
    }
    c.bench_function("polc check one-statement.json (process)", |b| {
        b.iter(|| {
            Command::new(env!("CARGO_BIN_EXE_polc"))
                .arg("check")
                .arg(&path)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
        })
    });
}

fn check_managed(c: &mut Criterion) {
    let dir = std::env::temp_dir().join("polc-bench-managed");
    let _ = std::fs::create_dir_all(&dir);
    let policies = polc_catalog::managed_policies();
    for policy in policies {
        let path = dir.join(format!("{}.json", policy.name));
        if std::fs::write(&path, policy.document()).is_err() {
            return;
        }
    }
    let mut group = c.benchmark_group("polc check every managed policy (process)");
    group.throughput(Throughput::Elements(policies.len() as u64));
    group.sample_size(20);
    for jobs in [None, Some("1")] {
        let name = jobs.map_or("default --jobs".to_owned(), |j| format!("--jobs {j}"));
        group.bench_function(format!("{} files, {name}", policies.len()), |b| {
            b.iter(|| {
                let mut command = Command::new(env!("CARGO_BIN_EXE_polc"));
                command.arg("check").arg(&dir).args([
                    "--policy-type",
                    "identity",
                    "--format",
                    "json",
                ]);
                if let Some(jobs) = jobs {
                    command.args(["--jobs", jobs]);
                }
                command.stdout(Stdio::null()).stderr(Stdio::null()).status()
            })
        });
    }
    group.finish();
}

fn authorize_batch(c: &mut Criterion) {
    let dir = std::env::temp_dir().join("polc-bench");
    let _ = std::fs::create_dir_all(&dir);
    let policy = dir.join("AmazonECS_FullAccess.json");
    let batch = dir.join("requests-100k.jsonl");
    let lines = workload::request_lines();
    let mut text = String::new();
    for _ in 0..10 {
        for line in &lines {
            text.push_str(line);
            text.push('\n');
        }
    }
    if std::fs::write(&policy, workload::policy_text()).is_err()
        || std::fs::write(&batch, text).is_err()
    {
        return;
    }
    let mut group = c.benchmark_group("polc authorize --batch (process)");
    group.throughput(Throughput::Elements(100_000));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for format in ["text", "json"] {
        group.bench_function(format!("100k requests, --format {format}"), |b| {
            b.iter(|| {
                Command::new(env!("CARGO_BIN_EXE_polc"))
                    .args(["authorize", "--policy"])
                    .arg(&policy)
                    .arg("--batch")
                    .arg(&batch)
                    .args(["--format", format])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
            })
        });
    }
    group.finish();
}

/// `polc build` of a 200-statement file (the polc-dsl benchmark's), as a
/// whole process: target ≤ 20 ms wall.
fn build_200(c: &mut Criterion) {
    let dir = std::env::temp_dir().join("polc-bench");
    let _ = std::fs::create_dir_all(&dir);
    let source = dir.join("big200.pol");
    if std::fs::write(&source, polc_dsl_bench::two_hundred_statements()).is_err() {
        return;
    }
    let out = dir.join("big200-out");
    c.bench_function("polc build 200 statements --split (process)", |b| {
        b.iter(|| {
            Command::new(env!("CARGO_BIN_EXE_polc"))
                .arg("build")
                .arg(&source)
                .arg("--split")
                .arg("-o")
                .arg(&out)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
        })
    });
}

#[path = "../../policy-dsl/benches/compile.rs"]
#[allow(dead_code, unused_imports, reason = "only the generator is used")]
mod polc_dsl_bench;

criterion_group!(benches, check, check_managed, authorize_batch, build_200);
criterion_main!(benches);
