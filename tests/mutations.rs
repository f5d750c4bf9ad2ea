//! Bad input never panics: every corpus document, mutated many times over
//! (bytes replaced, deleted, duplicated; JSON tokens spliced in), goes
//! through the whole check — structure and catalog, JSON and human reports —
//! without a panic. A deterministic generator keeps failures reproducible.
//! Coverage-guided fuzzing is in `fuzz/` (its regressions run in
//! `tests/fuzz_regressions.rs`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use polc_model::PolicyType;
use polc_model::report::FileReport;
use polc_tests::corpus;

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap()).unwrap()
    }
}

const SPLICES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "null",
    "true",
    "1e999",
    "-0.0",
    "\"*\"",
    "\"${\"",
    "\"${}\"",
    "\"arn:\"",
    "\"arn:aws:ecs:*\"",
    "\"<x>\"",
    "\"é\"",
    "\u{feff}",
    "\"Statement\"",
    "\"Condition\"",
    "\"ForAllValues:StringLike\"",
    "\"NullIfExists\"",
    "\"Principal\"",
    "\"NotAction\"",
    "\"10.0.0.0/99\"",
    "\"2026-02-30T25:61:61Z\"",
    "\"arn:aws:ecs:us-east-1:123456789012:task/${aws:username}/*\"",
];

fn mutate(text: &str, rng: &mut Rng) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(bytes.len());
        match rng.below(4) {
            0 => {
                if let Some(b) = bytes.get_mut(at) {
                    *b = u8::try_from(rng.below(256)).unwrap();
                }
            }
            1 => {
                let end = (at + rng.below(16)).min(bytes.len());
                bytes.drain(at..end);
            }
            2 => {
                let end = (at + rng.below(64)).min(bytes.len());
                let copy: Vec<u8> = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            _ => {
                let splice = SPLICES[rng.below(SPLICES.len())].as_bytes();
                bytes.splice(at..at, splice.iter().copied());
            }
        }
    }
    bytes
}

#[test]
fn mutated_corpus_documents_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let files = corpus();
    // POLC_MUTATION_ROUNDS runs more (or fewer) rounds, seeded by POLC_MUTATION_SEED.
    let rounds = std::env::var("POLC_MUTATION_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3_000);
    if let Some(seed) = std::env::var("POLC_MUTATION_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        rng = Rng(seed);
    }
    for round in 0..rounds {
        let file = &files[round % files.len()];
        let bytes = mutate(&file.text, &mut rng);
        let text = String::from_utf8_lossy(&bytes);
        for policy_type in [PolicyType::Identity, PolicyType::Trust] {
            let checked = polc_catalog::check(&text, policy_type);
            let report = FileReport::new("mutated.json", &text, &checked.findings);
            let _json = serde_json::to_string(&report.to_json()).unwrap();
            for finding in &checked.findings {
                if let Some(span) = finding.location.span {
                    assert!(
                        span.start <= span.end && span.end <= text.len(),
                        "round {round}: {finding:?}"
                    );
                }
            }
            if round % 10 == 0 {
                let handler = miette::GraphicalReportHandler::new_themed(
                    miette::GraphicalTheme::unicode_nocolor(),
                );
                for diagnostic in report.diagnostics() {
                    let mut out = String::new();
                    handler.render_report(&mut out, &diagnostic).unwrap();
                }
            }
        }
    }
}
