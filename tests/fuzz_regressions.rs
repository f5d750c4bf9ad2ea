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
    let targets: [(&str, Target); 3] = [
        ("json_policy", targets::json_policy),
        ("pol_source", targets::pol_source),
        ("evaluate", targets::evaluate),
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
    // The evaluator target reads bytes as choices: walk a spread of them.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..2_000 {
        let bytes: Vec<u8> = (0..40)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        targets::evaluate(&bytes);
    }
}
