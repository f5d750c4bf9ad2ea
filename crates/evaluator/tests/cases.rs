#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]
//! The table-driven suite: `tests/cases/*.json`, each a group of cases over
//! one policy set. Every case names the AWS rule it checks, the request and
//! the expected decision; some also the statements that decided
//! (`matched`, `[policy, statement]` pairs) or the element an explanation
//! must name as failed (`failed`). Each case is decided three ways — the
//! fast path, the collecting path and the explanation — which must agree.
//!
//! `polc authorize` runs the same tables (crates/cli/tests/authorize.rs).

use std::path::PathBuf;

use polc_evaluator::json::parse_request;
use polc_evaluator::{Decision, Matched, PolicySet, PolicySource};
use serde_json::Value;

#[path = "support/table.rs"]
mod table;
use table::{cases_dir, policies, request_text};

fn decision(text: &str) -> Decision {
    match text {
        "ALLOW" => Decision::Allow,
        "EXPLICIT_DENY" => Decision::ExplicitDeny,
        "IMPLICIT_DENY" => Decision::ImplicitDeny,
        other => panic!("unknown decision {other}"),
    }
}

#[test]
fn table() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut total = 0;
    let mut failures = Vec::new();
    for file in &files {
        let groups: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for group in groups.as_array().unwrap() {
            let name = group["group"].as_str().unwrap();
            let mut set = PolicySet::new();
            for (kind, pname, doc) in policies(group) {
                set.add_json(
                    kind,
                    PolicySource {
                        name: &pname,
                        text: &doc,
                    },
                )
                .unwrap_or_else(|e| panic!("{name}: {pname}: {e}"));
            }
            for case in group["cases"].as_array().unwrap() {
                total += 1;
                let rule = case["rule"].as_str().unwrap();
                assert!(rule.len() > 10, "{name}: every case names its rule");
                let text = request_text(group, case);
                let request = parse_request(&text).unwrap_or_else(|e| panic!("{rule}: {e}"));
                let expected = decision(case["expect"].as_str().unwrap());
                let fast = set.evaluate(&request);
                let mut matched = Vec::new();
                let collected = set.evaluate_into(&request, &mut matched);
                let explained = set.explain(&request);
                if fast != expected || collected != expected || explained.decision != expected {
                    failures.push(format!(
                        "{}: {name}: {rule}: expected {expected}, got fast {fast}, collecting {collected}, explained {} ({})",
                        file.file_name().unwrap().to_string_lossy(),
                        explained.decision,
                        explained.reason
                    ));
                    continue;
                }
                // The statements that decided, the same both ways.
                let from_explanation: Vec<Matched> = explained
                    .decided_by
                    .iter()
                    .map(|s| Matched {
                        policy: s.policy_index,
                        statement: s.statement,
                    })
                    .collect();
                let mut a = matched.clone();
                let mut b = from_explanation.clone();
                a.sort_by_key(|m| (m.policy, m.statement));
                b.sort_by_key(|m| (m.policy, m.statement));
                if a != b {
                    failures.push(format!(
                        "{name}: {rule}: matched {a:?} but explanation {b:?}"
                    ));
                }
                if let Some(want) = case.get("matched") {
                    let want: Vec<Matched> = want
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|p| Matched {
                            policy: p[0].as_u64().unwrap() as usize,
                            statement: p[1].as_u64().unwrap() as usize,
                        })
                        .collect();
                    if a != want {
                        failures.push(format!("{name}: {rule}: matched {a:?}, expected {want:?}"));
                    }
                }
                if let Some(want) = case.get("failed").and_then(Value::as_str) {
                    let got = explained.near_misses.first().map(|m| m.failed.element());
                    if got != Some(want) {
                        failures.push(format!(
                            "{name}: {rule}: first near miss {got:?}, expected {want} ({:?})",
                            explained.near_misses
                        ));
                    }
                }
                if let Some(want) = case.get("reason").and_then(Value::as_str)
                    && explained.reason.code() != want
                {
                    failures.push(format!(
                        "{name}: {rule}: reason {}, expected {want}",
                        explained.reason.code()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        total >= 150,
        "the table has {total} cases; the issue asks for at least 150"
    );
}
