//! The fuzz targets' invariants on stable Rust, in every test run: over
//! every input that ever failed (`fuzz/regressions/<target>/`, one file
//! each, named after what it found) and over the repository's own inputs
//! (the seeds of the fuzz corpora).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::Path;

fn files(dir: &Path, extension: Option<&str>) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .filter(|p| extension.is_none_or(|x| p.extension().is_some_and(|e| e == x)))
        .collect();
    out.sort();
    out
}

/// A fuzz target's body.
type Target = fn(&[u8]);

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn every_input_that_once_failed_passes() {
    let regressions = root().join("fuzz/regressions");
    let targets: [(&str, Target); 5] = [
        ("json_policy", targets::json_policy),
        ("pol_source", targets::pol_source),
        ("evaluate", targets::evaluate),
        ("request_json", targets::request_json),
        ("lsp_session", targets::lsp_session),
    ];
    assert!(regressions.is_dir());
    for (name, target) in targets {
        // Git keeps no empty directory: a target without regressions has none.
        let dir = regressions.join(name);
        if !dir.exists() {
            continue;
        }
        for file in files(&dir, None) {
            if file.file_name().is_some_and(|n| n == "README.md") {
                continue;
            }
            let data = std::fs::read(&file).unwrap();
            eprintln!("{}", file.display());
            target(&data);
        }
    }
}

#[test]
fn the_repository_inputs_pass() {
    for file in files(&root().join("tests/corpus/seeds"), Some("json"))
        .into_iter()
        .chain(files(&root().join("examples/json"), Some("json")))
    {
        targets::json_policy(&std::fs::read(&file).unwrap());
    }
    for dir in ["examples/seeds", "examples/ecs", "tests/dsl_errors"] {
        for file in files(&root().join(dir), Some("pol")) {
            targets::pol_source(&std::fs::read(&file).unwrap());
        }
    }
    // The evaluator target and the language server's sessions read bytes
    // as choices: walk a spread of them.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut bytes = |n: usize| -> Vec<u8> {
        (0..n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect()
    };
    for _ in 0..2_000 {
        targets::evaluate(&bytes(40));
    }
    for _ in 0..300 {
        targets::lsp_session(&bytes(120));
    }
    // Requests at and over the limits, exact numbers, role ARNs.
    let long = "a".repeat(5000);
    let many: Vec<String> = (0..300).map(|i| format!("\"k{i}\": \"v\"")).collect();
    for text in [
        r#"{"action": "s3:ListBucket", "resource": "*", "context": {"s3:max-keys": 1000.0000000000000001}}"#.to_owned(),
        r#"{"action": "s3:ListBucket", "resource": "*", "context": {"s3:max-keys": [1, -2e400, "x", true]}}"#.to_owned(),
        r#"{"principal": "arn:aws:sts::111122223333:assumed-role/web/s", "principal_role_arn": "arn:aws:iam::111122223333:role/a/web", "action": "ecs:ListTasks", "resource": "*"}"#.to_owned(),
        r#"{"principal": "arn:aws:sts::111122223333:assumed-role/web/s", "principal_role_arn": "arn:aws:iam::111122223333:role/db", "action": "ecs:ListTasks", "resource": "*"}"#.to_owned(),
        format!(r#"{{"action": "s3:GetObject", "resource": "arn:aws:s3:::b/{long}"}}"#),
        format!(r#"{{"action": "s3:GetObject", "resource": "*", "context": {{"k": "{long}"}}}}"#),
        format!(r#"{{"action": "s3:GetObject", "resource": "*", "context": {{{}}}}}"#, many.join(",")),
    ] {
        targets::request_json(text.as_bytes());
    }
}
