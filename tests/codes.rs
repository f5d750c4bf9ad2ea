//! One fixture per finding code: `codes/CODE.cases` holds documents on
//! which the code fires (`== fires`) and near misses on which it must not
//! (`== quiet`); `codes/CODE.snap` is the rendered report of the firing
//! cases, as `polc` prints it without colour. The set of fixtures is the
//! set of codes (`CodeId::ALL`): a new code without its fixture fails here.
//!
//! A section starts with `== fires MODE` or `== quiet MODE`; its text runs
//! to the next `== ` line. `«` and `»` mark where the finding must point.
//! Modes:
//! - `json TYPE [within=NAME] [role=NAME]`: `polc check --policy-type TYPE`
//!   (identity, resource, trust, scp) with the options.
//! - `pol [NAME=VALUE ...]`: `polc build -p NAME=VALUE ...` (imports are
//!   read beside the fixture).
//! - `evaluator KIND...`: the text added to one `PolicySet` once per kind
//!   (identity, resource, boundary, session, scp0, scp1, ...); the findings
//!   of the last refusal.
//!
//! `POLC_BLESS=1` rewrites the snapshots (review them as text).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use polc_catalog::checks::{Baseline, Checks};
use polc_dsl::{Options, Params, compile_with};
use polc_evaluator::{PolicyKind, PolicySet, PolicySource};
use polc_model::codes::CodeId;
use polc_model::report::FileReport;
use polc_model::{Finding, PolicyType};

struct Case {
    fires: bool,
    mode: Vec<String>,
    text: String,
    /// The span `«»` marks, if any.
    span: Option<(usize, usize)>,
    /// The line of the `==` header, for messages.
    line: usize,
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("codes")
}

fn parse(text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let mut body: Option<(bool, Vec<String>, usize, String)> = None;
    let finish = |body: Option<(bool, Vec<String>, usize, String)>, cases: &mut Vec<Case>| {
        if let Some((fires, mode, line, text)) = body {
            let text = text.strip_suffix('\n').unwrap_or(&text).to_owned();
            let span = text.find('«').map(|start| {
                let end = text.find('»').expect("a closing marker »") - '«'.len_utf8();
                (start, end)
            });
            cases.push(Case {
                fires,
                mode,
                text: text.replace(['«', '»'], ""),
                span,
                line,
            });
        }
    };
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if let Some(header) = line.strip_prefix("== ") {
            finish(body.take(), &mut cases);
            let mut words = header.split_whitespace().map(str::to_owned);
            let fires = match words.next().as_deref() {
                Some("fires") => true,
                Some("quiet") => false,
                other => panic!("line {}: `== fires` or `== quiet`, not {other:?}", n + 1),
            };
            body = Some((fires, words.collect(), n + 1, String::new()));
        } else if let Some((_, _, _, text)) = body.as_mut() {
            text.push_str(line);
        }
    }
    finish(body.take(), &mut cases);
    cases
}

fn policy_type(word: &str) -> PolicyType {
    match word {
        "identity" => PolicyType::Identity,
        "resource" => PolicyType::Resource,
        "trust" => PolicyType::Trust,
        "scp" => PolicyType::Scp,
        other => panic!("unknown policy type `{other}`"),
    }
}

fn policy_kind(word: &str) -> PolicyKind {
    match word {
        "identity" => PolicyKind::Identity,
        "resource" => PolicyKind::Resource,
        "boundary" => PolicyKind::PermissionsBoundary,
        "session" => PolicyKind::Session,
        scp => PolicyKind::Scp {
            level: scp
                .strip_prefix("scp")
                .and_then(|l| l.parse().ok())
                .unwrap_or_else(|| panic!("unknown policy kind `{word}`")),
        },
    }
}

/// Every finding of the case's text in its mode.
fn findings(case: &Case) -> Vec<Finding> {
    let (mode, options) = case.mode.split_first().expect("a mode after fires/quiet");
    match mode.as_str() {
        "json" => {
            let (ty, options) = options.split_first().expect("json TYPE");
            let mut within = None;
            let mut role = None;
            for option in options {
                match option.split_once('=') {
                    Some(("within", name)) => within = Some(Baseline::named(name).unwrap()),
                    Some(("role", name)) => {
                        role = Some(polc_catalog::ecs::known_role(name).unwrap())
                    }
                    _ => panic!("unknown json option `{option}`"),
                }
            }
            let mut checks = Checks::new(policy_type(ty));
            checks.within = within
                .as_ref()
                .map(|baseline| polc_catalog::checks::Within {
                    baseline,
                    engine: &polc_analysis::WITHIN,
                });
            checks.role = role;
            checks.run(&case.text).findings
        }
        "pol" => {
            let params: Params = options
                .iter()
                .map(|o| {
                    let (k, v) = o.split_once('=').expect("pol NAME=VALUE");
                    (k.to_owned(), v.to_owned())
                })
                .collect();
            let base = dir();
            let loader = move |path: &str| polc_dsl::read_source(&base.join(path));
            let options = Options {
                loader: Some(&loader),
                file_name: Some("case.pol"),
                ..Options::default()
            };
            match compile_with(
                &case.text,
                &params,
                polc_catalog::Reference::embedded(),
                options,
            ) {
                Ok(compiled) => compiled.into_iter().flat_map(|p| p.findings).collect(),
                Err(diagnostics) => diagnostics.0,
            }
        }
        "evaluator" => {
            let mut set = PolicySet::new();
            let mut last = Vec::new();
            for (i, kind) in options.iter().enumerate() {
                let name = format!("policy{i}");
                let source = PolicySource {
                    name: &name,
                    text: &case.text,
                };
                if let Err(error) = set.add_json(policy_kind(kind), source) {
                    last = error.to_findings(&case.text);
                }
            }
            last
        }
        other => panic!("unknown mode `{other}`"),
    }
}

fn check_fixture(id: CodeId, path: &Path, bless: bool) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let cases = parse(&text);
    let name = id.name();
    if !cases.iter().any(|c| c.fires) || !cases.iter().any(|c| !c.fires) {
        return Err(format!(
            "{name}: a fixture needs a `fires` and a `quiet` case"
        ));
    }
    let mut snapshot = String::new();
    for (i, case) in cases.iter().enumerate() {
        let all = findings(case);
        let of_code: Vec<Finding> = all.iter().filter(|f| f.code.id == id).cloned().collect();
        let at = format!("{name}.cases:{} (case {})", case.line, i + 1);
        if !case.fires {
            if !of_code.is_empty() {
                return Err(format!("{at}: quiet, but: {}", of_code[0].message));
            }
            continue;
        }
        if of_code.is_empty() {
            let codes: Vec<&str> = all.iter().map(|f| f.code.name).collect();
            return Err(format!("{at}: does not fire (findings: {codes:?})"));
        }
        if let Some((start, end)) = case.span {
            let spans: Vec<Option<(usize, usize)>> = of_code
                .iter()
                .map(|f| f.location.span.map(|s| (s.start, s.end)))
                .collect();
            if !spans.contains(&Some((start, end))) {
                return Err(format!(
                    "{at}: no finding at «{}» (spans {spans:?})",
                    &case.text[start..end]
                ));
            }
        }
        if let Some(f) = of_code.iter().find(|f| f.help.is_none()) {
            return Err(format!("{at}: no help for `{}`", f.message));
        }
        let file = format!("case {}", i + 1);
        snapshot.push_str(&FileReport::new(&file, &case.text, &of_code).render(false));
    }
    let snap = path.with_extension("snap");
    if bless {
        std::fs::write(&snap, &snapshot).map_err(|e| e.to_string())?;
        return Ok(());
    }
    let expected = std::fs::read_to_string(&snap).unwrap_or_default();
    if expected != snapshot {
        return Err(format!(
            "{name}.snap differs (POLC_BLESS=1 rewrites it):\n--- expected\n{expected}\n--- got\n{snapshot}"
        ));
    }
    Ok(())
}

#[test]
fn every_code_has_its_fixture_and_nothing_else_does() {
    let found: BTreeSet<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "cases" || e == "snap"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let codes: BTreeSet<String> = CodeId::ALL.iter().map(|c| c.name().to_owned()).collect();
    let missing: Vec<&String> = codes.difference(&found).collect();
    let stray: Vec<&String> = found.difference(&codes).collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
    assert!(stray.is_empty(), "fixtures of no code: {stray:?}");
}

#[test]
fn every_fixture_fires_where_it_says_and_only_there() {
    let bless = std::env::var_os("POLC_BLESS").is_some();
    let mut failures = Vec::new();
    for id in CodeId::ALL {
        let path = dir().join(format!("{}.cases", id.name()));
        if path.exists()
            && let Err(message) = check_fixture(*id, &path, bless)
        {
            failures.push(message);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The example of each `.pol` code's `polc explain` page that is a
/// statement or a whole block shows that code (found by review: two pages
/// showed text that does not parse).
#[test]
fn every_language_example_shows_its_code() {
    let mut shown = 0;
    for code in polc_model::codes::dsl::DSL {
        let example = code.example;
        let source = if example.starts_with("allow ") || example.starts_with("deny ") {
            format!("param account: account_id = \"111122223333\"\npolicy P {{\n  {example}\n}}\n")
        } else if example.starts_with("policy ") && !example.contains("...") {
            example.to_owned()
        } else {
            continue;
        };
        let findings = match compile_with(
            &source,
            &Params::new(),
            polc_catalog::Reference::embedded(),
            Options::default(),
        ) {
            Ok(compiled) => compiled.into_iter().flat_map(|p| p.findings).collect(),
            Err(diagnostics) => diagnostics.0,
        };
        assert!(
            findings.iter().any(|f| f.code.id == code.id),
            "{}: its example does not show it:\n{source}\n{findings:#?}",
            code.name
        );
        shown += 1;
    }
    assert!(shown >= 8, "{shown} examples checked");
}

/// `polc explain` takes Access Analyzer's codes (review 42): the table of
/// those polc reports under another code, or does not check, is the parity
/// table of docs/checks.md, row for row.
#[test]
fn access_analyzer_codes_are_the_checks_page() {
    use polc_model::codes::access_analyzer::{NOT_CHECKED, REPORTED_AS};
    let page = std::fs::read_to_string(dir().join("../../docs/checks.md")).unwrap();
    let parity = page
        .split("## Access Analyzer parity")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap();
    let mut reported = Vec::new();
    let mut unchecked = Vec::new();
    for line in parity.lines().filter(|l| l.starts_with("| ")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Some(aa), Some(polc)) = (cells.get(2), cells.get(4)) else {
            continue;
        };
        let Some(aa) = aa.strip_prefix('`').and_then(|a| a.strip_suffix('`')) else {
            continue;
        };
        match polc.strip_prefix('`').and_then(|p| p.split('`').next()) {
            Some(code) if code != aa => reported.push((aa, code)),
            Some(_) => {}
            None => unchecked.push(aa),
        }
    }
    assert_eq!(REPORTED_AS, reported.as_slice());
    assert_eq!(NOT_CHECKED, unchecked.as_slice());
}

/// docs/checks.md names every code polc reports, and every code it names
/// in its tables' polc column is one.
#[test]
fn the_checks_page_names_every_code() {
    let page = std::fs::read_to_string(dir().join("../../docs/checks.md")).unwrap();
    let missing: Vec<&str> = CodeId::ALL
        .iter()
        .map(|id| id.name())
        .filter(|name| {
            !page.match_indices(name).any(|(at, _)| {
                let word =
                    |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
                !word(page.as_bytes().get(at.wrapping_sub(1)))
                    && !word(page.as_bytes().get(at + name.len()))
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "docs/checks.md does not name {missing:?}"
    );
    for line in page.lines().filter(|l| l.starts_with("| ")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // The parity table: | AA type | AA code | meaning | polc | status |
        if let Some(polc) = cells.get(4).filter(|_| cells.len() == 7)
            && let Some(name) = polc.strip_prefix('`').and_then(|p| p.split('`').next())
        {
            assert!(
                CodeId::from_name(name).is_some(),
                "docs/checks.md names `{name}`, which is no code"
            );
        }
    }
}
