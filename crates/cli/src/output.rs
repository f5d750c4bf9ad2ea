//! Output formats and terminal styling.

use std::io::IsTerminal;

use polc_model::report::FileReport;

/// `--format` of commands that print findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette reports with the source underlined.
    Human,
    /// Access Analyzer's finding shape, one array entry per file.
    Json,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    /// On a terminal, with `NO_COLOR` unset.
    Auto,
    /// Always (ANSI escapes, even into a file or pipe).
    Always,
    /// Never.
    Never,
}

static COLOR: std::sync::OnceLock<Color> = std::sync::OnceLock::new();

/// Sets `--color` for the run (once, at start).
pub fn set_color(color: Color) {
    let _ = COLOR.set(color);
}

/// Whether to color output: as `--color` says; for `auto`, a terminal
/// and `NO_COLOR` unset.
fn color(stdout: bool) -> bool {
    match COLOR.get().copied().unwrap_or(Color::Auto) {
        Color::Always => return true,
        Color::Never => return false,
        Color::Auto => {}
    }
    let terminal = if stdout {
        std::io::stdout().is_terminal()
    } else {
        std::io::stderr().is_terminal()
    };
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && terminal
}

/// Renders a file's findings as miette reports, for stdout.
pub fn human(report: &FileReport<'_>) -> String {
    human_to(report, true)
}

/// Renders a file's findings as miette reports, colored if the stream
/// (`stdout`, else stderr) is a terminal.
pub fn human_to(report: &FileReport<'_>, stdout: bool) -> String {
    report.render(color(stdout))
}

/// The reports as a pretty JSON array, one object per file.
pub fn json<T: serde::Serialize>(reports: &[T]) -> String {
    serde_json::to_string_pretty(reports).unwrap_or_default()
}

/// A report's JSON object (Access Analyzer's finding shape).
pub fn report_json(report: &FileReport<'_>) -> serde_json::Value {
    serde_json::to_value(report.to_json()).unwrap_or_default()
}

/// The reports as a SARIF 2.1.0 log.
pub fn sarif<'a>(reports: &'a [FileReport<'a>]) -> String {
    let rules: Vec<&'static polc_model::Code> = polc_model::codes::all().collect();
    let log = polc_model::sarif::sarif(reports, &rules, env!("CARGO_PKG_VERSION"));
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

/// An input with the findings to report and those suppressed.
pub type Reported = (
    crate::input::Input,
    Vec<polc_model::Finding>,
    Vec<polc_model::suppress::Suppressed>,
);

/// The findings, to standard error (standard output has the document).
///
/// # Errors
/// Standard error could not be written (the findings a build step gates
/// on would be lost: the command ends with exit 2).
pub fn eprint_reports(
    format: Format,
    reports: &[Reported],
    failures: &[(String, String)],
    warnings: &[(String, String)],
) -> std::io::Result<()> {
    use std::io::Write;
    let reports: Vec<FileReport<'_>> = reports
        .iter()
        .map(|(input, findings, suppressed)| {
            FileReport::new(&input.name, &input.text, findings).with_suppressed(suppressed)
        })
        .collect();
    let mut err = std::io::stderr().lock();
    match format {
        Format::Human => {
            for report in &reports {
                write!(err, "{}", human_to(report, false))?;
            }
            for (_, message) in warnings {
                writeln!(err, "polc: warning: {message}")?;
            }
            for (_, message) in failures {
                writeln!(err, "polc: {}", polc_model::report::printable(message))?;
            }
        }
        Format::Json => {
            let mut entries: Vec<serde_json::Value> = reports.iter().map(report_json).collect();
            entries.extend(warnings.iter().map(|(file, message)| {
                serde_json::json!({"file": file, "warning": message, "findings": []})
            }));
            entries.extend(failures.iter().map(|(file, message)| {
                serde_json::json!({"file": file, "error": message, "findings": []})
            }));
            writeln!(err, "{}", json(&entries))?;
        }
        Format::Sarif => {
            let rules: Vec<&'static polc_model::Code> = polc_model::codes::all().collect();
            let mut log = polc_model::sarif::sarif(&reports, &rules, env!("CARGO_PKG_VERSION"));
            for (_, message) in warnings {
                log.warned(format!("polc: warning: {message}"));
            }
            for (_, message) in failures {
                log.failed(format!("polc: {}", polc_model::report::printable(message)));
            }
            writeln!(
                err,
                "{}",
                serde_json::to_string_pretty(&log).unwrap_or_default()
            )?;
        }
    }
    err.flush()
}

/// `2 errors, 1 warning`: the findings counted by severity.
pub fn summary(findings: &[polc_model::Finding]) -> String {
    let count =
        |severity: polc_model::Severity| findings.iter().filter(|f| f.severity == severity).count();
    let parts: Vec<String> = [
        (polc_model::Severity::Error, "error"),
        (polc_model::Severity::SecurityWarning, "security warning"),
        (polc_model::Severity::Warning, "warning"),
        (polc_model::Severity::Suggestion, "suggestion"),
    ]
    .into_iter()
    .filter_map(|(severity, word)| {
        let n = count(severity);
        (n > 0).then(|| format!("{n} {word}{}", if n == 1 { "" } else { "s" }))
    })
    .collect();
    parts.join(", ")
}

/// Whether a finding fails a run: an error, or a warning (a security
/// warning too) where warnings count as errors (`--deny-warnings`).
pub fn fails_run(finding: &polc_model::Finding, deny_warnings: bool) -> bool {
    use polc_model::Severity;
    finding.severity == Severity::Error
        || (deny_warnings
            && matches!(
                finding.severity,
                Severity::Warning | Severity::SecurityWarning
            ))
}
