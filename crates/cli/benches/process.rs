//! `polc check` as a whole process on a one-statement policy: start-up,
//! reading, checking, exit. Target: ≤ 5 ms wall.

#![allow(missing_docs, reason = "criterion macros generate undocumented items")]

use std::process::{Command, Stdio};

use criterion::{Criterion, criterion_group, criterion_main};

const POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "*"}]}"#;

fn bench(c: &mut Criterion) {
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

criterion_group!(benches, bench);
criterion_main!(benches);
