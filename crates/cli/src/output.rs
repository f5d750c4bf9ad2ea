//! Output formats and terminal styling.

use std::io::IsTerminal;

use miette::{GraphicalReportHandler, GraphicalTheme};
use policy_model::report::FileReport;

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

/// Whether to color output: a terminal, and `NO_COLOR` unset.
fn color(stdout: bool) -> bool {
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
    let theme = if color(stdout) {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_context_lines(1)
        .with_width(100);
    let mut out = String::new();
    for diagnostic in report.diagnostics() {
        // Rendering into a String cannot fail.
        let _ = handler.render_report(&mut out, &diagnostic);
        out.push('\n');
    }
    out
}
