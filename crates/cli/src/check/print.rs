//! Printing what `polc check` found, and writing a baseline.

use std::io::Write;

use polc_model::report::FileReport;

use super::Checked;
use crate::output::{self, Format};

/// The reports in `format`.
pub(super) fn reports(
    format: Format,
    verbose: bool,
    quiet: bool,
    checked: &[Checked],
    failed: &[(usize, &str, String)],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    // Quiet shows what fails the run: errors, and warnings where they
    // count as errors (a baseline written is whole all the same).
    let shown: Vec<Vec<polc_model::Finding>> = checked
        .iter()
        .map(|c| {
            c.findings
                .iter()
                .filter(|f| !quiet || output::fails_run(f, c.deny_warnings))
                .cloned()
                .collect()
        })
        .collect();
    let reports: Vec<FileReport<'_>> = checked
        .iter()
        .zip(&shown)
        .map(|(c, findings)| {
            FileReport::new(&c.input.name, &c.input.text, findings).with_suppressed(&c.suppressed)
        })
        .collect();
    match format {
        Format::Json => writeln!(out, "{}", output::json(&in_order(&reports, failed)))?,
        Format::Sarif => writeln!(out, "{}", output::sarif(&reports))?,
        Format::Human => {
            for (report, one) in reports.iter().zip(checked) {
                if let (true, Some(ty)) = (verbose, one.inferred) {
                    writeln!(
                        out,
                        "{}: checked as {} policy (read from its statements; `--policy-type` chooses)",
                        report.shown_name(),
                        type_words(ty)
                    )?;
                }
                if verbose {
                    for s in report.suppressed {
                        let at = report.position(&s.finding);
                        writeln!(
                            out,
                            "{}{at}: {} suppressed: {}",
                            report.shown_name(),
                            s.finding.code.name,
                            s.reason
                        )?;
                    }
                }
                if report.findings.is_empty() {
                    if verbose {
                        writeln!(out, "{}: no findings", report.shown_name())?;
                    }
                    continue;
                }
                write!(out, "{}", output::human(report))?;
                if !quiet {
                    let summary = output::summary(report.findings);
                    writeln!(out, "{}: {summary}", report.shown_name())?;
                }
            }
        }
    }
    Ok(())
}

/// One JSON object per input, in the order given; an input that could not
/// be checked says why.
fn in_order<'a>(
    reports: &'a [FileReport<'a>],
    failed: &'a [(usize, &str, String)],
) -> Vec<Entry<'a>> {
    let total = reports.len() + failed.len();
    let mut json: Vec<Entry<'a>> = Vec::with_capacity(total);
    let mut reports = reports.iter();
    let mut failed = failed.iter().peekable();
    while json.len() < total {
        match failed.peek() {
            Some((at, name, message)) if *at == json.len() => {
                json.push(Entry::Failed {
                    file: name,
                    error: message,
                    findings: [],
                });
                failed.next();
            }
            _ => match reports.next() {
                Some(report) => json.push(Entry::Report(report.to_json())),
                None => break,
            },
        }
    }
    json
}

/// One input's object in the JSON output, written as it is (no
/// `serde_json::Value` in between: the output of a large run is a tenth
/// of its work).
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Entry<'a> {
    Report(polc_model::report::JsonFileReport<'a>),
    Failed {
        file: &'a str,
        error: &'a str,
        findings: [(); 0],
    },
}

/// Writes the findings that count, and those the baseline accepted, as a
/// `check --format json` output.
pub(super) fn write_baseline(path: &std::path::Path, checked: &[Checked]) -> Result<(), String> {
    let kept: Vec<Vec<polc_model::Finding>> = checked
        .iter()
        .map(|c| {
            let mut findings = c.findings.clone();
            findings.extend(
                c.suppressed
                    .iter()
                    .filter(|s| s.reason == polc_model::suppress::IN_BASELINE)
                    .map(|s| s.finding.clone()),
            );
            findings
        })
        .collect();
    let json: Vec<serde_json::Value> = checked
        .iter()
        .zip(&kept)
        .map(|(c, findings)| {
            output::report_json(&FileReport::new(&c.input.name, &c.input.text, findings))
        })
        .collect();
    std::fs::write(path, output::json(&json) + "\n")
        .map_err(|e| format!("cannot write the baseline `{}`: {e}", path.display()))
}

fn type_words(ty: polc_model::PolicyType) -> &'static str {
    match ty {
        polc_model::PolicyType::Resource => "a resource-based",
        polc_model::PolicyType::Trust => "a role trust",
        polc_model::PolicyType::Scp => "a service control",
        _ => "an identity",
    }
}
