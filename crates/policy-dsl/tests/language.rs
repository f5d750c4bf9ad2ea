#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]
//! Every example of docs/language.md: each `pol` block compiles to the
//! `json` block after it (or fails with the code its fence names); `fmt`
//! is idempotent on it and does not change what it compiles to.

use polc_catalog::Reference;
use polc_dsl::{Params, compile, fmt};
use serde_json::Value;

struct Example {
    pol: String,
    error: Option<String>,
    json: Option<String>,
    line: usize,
}

fn examples() -> Vec<Example> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/language.md"
    ))
    .unwrap();
    let mut out: Vec<Example> = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let mut body = String::new();
        for (_, l) in lines.by_ref() {
            if l == "```" {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        if let Some(rest) = info.strip_prefix("pol") {
            let error = rest.trim().strip_prefix("error=").map(str::to_owned);
            out.push(Example {
                pol: body,
                error,
                json: None,
                line: n + 1,
            });
        } else if info == "json"
            && let Some(last) = out.last_mut()
            && last.json.is_none()
            && last.error.is_none()
        {
            last.json = Some(body);
        }
    }
    out
}

fn params(source: &str) -> Params {
    let mut p = Params::new();
    if source.contains("param account") {
        p.insert("account".into(), "111122223333".into());
    }
    p
}

#[test]
fn every_example_of_the_language_page() {
    let reference = Reference::embedded();
    let examples = examples();
    assert!(examples.len() >= 20, "{} examples", examples.len());
    for ex in &examples {
        let result = compile(&ex.pol, &params(&ex.pol), reference);
        match &ex.error {
            Some(code) => {
                let diagnostics = result
                    .err()
                    .unwrap_or_else(|| panic!("line {}: compiles", ex.line));
                assert!(
                    diagnostics.0.iter().any(|f| f.code.name == code),
                    "line {}: {:?}",
                    ex.line,
                    diagnostics
                        .0
                        .iter()
                        .map(|f| f.code.name)
                        .collect::<Vec<_>>()
                );
            }
            None => {
                let compiled = result.unwrap_or_else(|d| panic!("line {}: {:?}", ex.line, d.0));
                let json = ex
                    .json
                    .as_ref()
                    .unwrap_or_else(|| panic!("line {}: no json after the example", ex.line));
                let want: Value = serde_json::from_str(json).unwrap();
                let got: Value = serde_json::from_str(&compiled[0].json()).unwrap();
                assert_eq!(got, want, "line {}", ex.line);
                // fmt: idempotent, and the same documents.
                let formatted = fmt::format(&ex.pol).unwrap();
                assert_eq!(
                    fmt::format(&formatted).unwrap(),
                    formatted,
                    "line {}",
                    ex.line
                );
                let again = compile(&formatted, &params(&ex.pol), reference).unwrap();
                assert_eq!(again[0].json(), compiled[0].json(), "line {}", ex.line);
            }
        }
    }
}
