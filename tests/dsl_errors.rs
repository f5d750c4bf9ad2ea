#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]
//! Snapshots of `.pol` diagnostics: each `dsl_errors/NN-situation.pol`
//! fails to compile, and its report (code, message, labelled span, help, as
//! `polc build` prints it without colour) is `dsl_errors/NN-situation.snap`.
//! `# -p NAME=VALUE` lines give build parameters. `POLC_BLESS=1` rewrites
//! the snapshots (review them as text).

use std::path::PathBuf;

use polc_catalog::Reference;
use polc_dsl::{Options, Params, compile_with};
use polc_model::report::FileReport;

fn render(name: &str, source: &str, findings: &[polc_model::Finding]) -> String {
    FileReport::new(name, source, findings).render(false)
}

#[test]
fn every_error_situation_has_its_report() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dsl_errors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pol"))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "{} situations", files.len());
    let bless = std::env::var_os("POLC_BLESS").is_some();
    let mut mismatches = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(file).unwrap();
        let mut params = Params::new();
        for line in source.lines() {
            if let Some((k, v)) = line.strip_prefix("# -p ").and_then(|p| p.split_once('=')) {
                params.insert(k.to_owned(), v.to_owned());
            }
        }
        let base = dir.clone();
        let loader =
            move |path: &str| std::fs::read_to_string(base.join(path)).map_err(|e| e.to_string());
        let options = Options {
            loader: Some(&loader),
            file_name: Some(&name),
            ..Options::default()
        };
        let diagnostics = match compile_with(&source, &params, Reference::embedded(), options) {
            Ok(_) => panic!("{name} compiles"),
            Err(d) => d,
        };
        // Every diagnostic has a code, a span and help.
        for f in &diagnostics.0 {
            assert!(
                f.location.span.is_some(),
                "{name}: {} has no span",
                f.code.name
            );
            assert!(f.help.is_some(), "{name}: {} has no help", f.code.name);
        }
        let rendered = render(&name, &source, &diagnostics.0);
        assert!(
            !rendered.contains("Rule::") && !rendered.contains("EOI"),
            "{name}: pest words leak"
        );
        let snap = file.with_extension("snap");
        if bless {
            std::fs::write(&snap, &rendered).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&snap).unwrap_or_default();
        if want != rendered {
            mismatches.push(format!(
                "== {name}\n--- expected\n{want}\n--- got\n{rendered}"
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
