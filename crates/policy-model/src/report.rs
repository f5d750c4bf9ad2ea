//! Findings of one source file, ready to print: the Access Analyzer JSON
//! shape of the `polc` contract, and miette diagnostics for people.

use std::fmt;

use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::{JsonPath, LineIndex, Position, Span};

/// The findings of one file, with the text they point into.
#[derive(Debug, Clone)]
pub struct FileReport<'a> {
    /// The file name as the user gave it (`-` for stdin).
    pub file: &'a str,
    /// The text the spans point into.
    pub source: &'a str,
    /// The findings.
    pub findings: &'a [Finding],
    /// The findings suppressed (an ignore, the configuration, a baseline).
    pub suppressed: &'a [crate::suppress::Suppressed],
    /// Positions in `source`, indexed once for all findings, when the
    /// first is placed (most files have none).
    index: std::sync::OnceLock<LineIndex<'a>>,
}

/// One file's entry in `polc check --format json`.
#[derive(Debug, Serialize)]
pub struct JsonFileReport<'a> {
    /// The file name.
    pub file: &'a str,
    /// Its findings.
    pub findings: Vec<JsonFinding<'a>>,
}

/// One finding in Access Analyzer's `ValidatePolicy` shape.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonFinding<'a> {
    /// The issue code.
    pub issue_code: &'static str,
    /// `ERROR`, `SECURITY_WARNING`, `WARNING` or `SUGGESTION`.
    pub finding_type: Severity,
    /// The message.
    pub finding_details: &'a str,
    /// How to fix it (not in Access Analyzer's shape; extra field).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<&'a str>,
    /// A request that shows the finding holds (extra field; `--within`:
    /// a request the statement allows and the baseline does not), in the
    /// form `polc authorize --request` reads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<crate::json::Json<'a>>,
    /// Where: one location.
    pub locations: [JsonLocation<'a>; 1],
}

/// A location: JSON path and source span.
#[derive(Debug, Serialize)]
pub struct JsonLocation<'a> {
    /// Path from the document root.
    pub path: &'a JsonPath,
    /// Start and end positions, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<JsonSpan>,
}

/// A span as line/column/offset positions.
#[derive(Debug, Serialize)]
pub struct JsonSpan {
    /// The first character.
    pub start: Position,
    /// One past the last character.
    pub end: Position,
}

impl<'a> FileReport<'a> {
    /// The report of `findings` in `source`, read from `file`.
    pub fn new(file: &'a str, source: &'a str, findings: &'a [Finding]) -> Self {
        Self {
            file,
            source,
            findings,
            suppressed: &[],
            index: std::sync::OnceLock::new(),
        }
    }

    /// With the findings that were suppressed (listed with `-v`, carried
    /// in SARIF as `suppressions`).
    #[must_use]
    pub fn with_suppressed(mut self, suppressed: &'a [crate::suppress::Suppressed]) -> Self {
        self.suppressed = suppressed;
        self
    }

    /// `:LINE:COLUMN` (1-based) of a finding, or nothing when it has no
    /// place.
    pub fn position(&self, finding: &Finding) -> String {
        finding.location.span.map_or_else(String::new, |span| {
            let p = self.index().position(span.start);
            format!(":{}:{}", p.line, p.column + 1)
        })
    }

    /// The file name for people: `<stdin>` for `-`.
    pub fn display_name(&self) -> &'a str {
        if self.file == "-" {
            "<stdin>"
        } else {
            self.file
        }
    }

    /// [`Self::display_name`] for a terminal ([`printable`]).
    pub fn shown_name(&self) -> std::borrow::Cow<'a, str> {
        printable(self.display_name())
    }

    /// Positions in the source.
    pub fn index(&self) -> &LineIndex<'a> {
        self.index.get_or_init(|| LineIndex::new(self.source))
    }

    /// The findings in the contract's JSON shape.
    pub fn to_json(&self) -> JsonFileReport<'a> {
        let findings = self
            .findings
            .iter()
            .map(|f| JsonFinding {
                issue_code: f.code.name,
                finding_type: f.severity,
                finding_details: &f.message,
                help: f.help.as_deref(),
                example: f
                    .example
                    .as_deref()
                    .and_then(|e| crate::json::parse(e).ok()),
                locations: [JsonLocation {
                    path: &f.location.path,
                    span: f.location.span.map(|s| JsonSpan {
                        start: self.index().position(s.start),
                        end: self.index().position(s.end),
                    }),
                }],
            })
            .collect();
        JsonFileReport {
            file: self.file,
            findings,
        }
    }

    /// The findings drawn as miette reports, the source underlined (one
    /// line of context, 100 columns), each followed by a blank line; in
    /// colour (ANSI) or not. Lines carry no trailing spaces.
    #[cfg(feature = "render")]
    pub fn render(&self, color: bool) -> String {
        use miette::{GraphicalReportHandler, GraphicalTheme};
        // A control character of the source, or one that hides or
        // reorders text, is shown as `?` (as many as its bytes, so spans
        // keep their places): printed as itself, an escape sequence would
        // act on the terminal, a bidirectional control show other text. A
        // file name is shown `printable`.
        let control = |c: char| {
            (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || crate::suggest::hides_text(c)
        };
        let name = printable(self.file);
        if self.source.chars().any(control) || matches!(name, std::borrow::Cow::Owned(_)) {
            let mut shown = String::with_capacity(self.source.len());
            for c in self.source.chars() {
                if control(c) {
                    shown.push_str("????".get(..c.len_utf8()).unwrap_or("?"));
                } else {
                    shown.push(c);
                }
            }
            let report = FileReport::new(&name, &shown, self.findings);
            return report.render(color);
        }
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_context_lines(1)
            .with_width(100);
        let mut out = String::new();
        for diagnostic in self.diagnostics() {
            let mut one = String::new();
            // Rendering into a String cannot fail.
            let _ = handler.render_report(&mut one, &diagnostic);
            for line in one.lines() {
                out.push_str(line.trim_end());
                out.push('\n');
            }
            out.push('\n');
        }
        out
    }

    /// One miette diagnostic per finding, with the source attached.
    pub fn diagnostics(&self) -> impl Iterator<Item = FindingDiagnostic<'_>> + '_ {
        let source = WindowedSource {
            name: self.display_name(),
            text: self.source,
            index: self.index(),
        };
        self.findings
            .iter()
            .map(move |finding| FindingDiagnostic { finding, source })
    }
}

/// A finding as a miette diagnostic.
#[derive(Debug)]
pub struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: WindowedSource<'a>,
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&printable(&self.finding.message))
    }
}

/// `text` on one line of a terminal: a control character, and a
/// character that hides or reorders text (a line separator, a
/// bidirectional control, a zero-width character:
/// [`crate::suggest::hides_text`]), is written as its escape (`\u{1b}`).
/// Messages quote documents and name files, which may hold any character
/// (in JSON, through escapes); printed as itself, an escape sequence
/// would act on the terminal (clear it, rewrite the line), and a
/// bidirectional control would show other text than is there.
///
/// ```
/// assert_eq!(polc_model::report::printable("`a\u{1b}[2J`"), "`a\\u{1b}[2J`");
/// assert_eq!(polc_model::report::printable("`s3:Get\u{202e}`"), "`s3:Get\\u{202e}`");
/// assert_eq!(polc_model::report::printable("one\nline"), "one\\u{a}line");
/// assert_eq!(polc_model::report::printable_lines("two\nlines"), "two\nlines");
/// ```
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    escaped(text, |c| c.is_control() || crate::suggest::hides_text(c))
}

/// [`printable`] of a text of several lines: its line breaks are kept.
pub fn printable_lines(text: &str) -> std::borrow::Cow<'_, str> {
    escaped(text, |c| {
        (c.is_control() && c != '\n') || crate::suggest::hides_text(c)
    })
}

fn escaped(text: &str, control: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(&control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if control(c) {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    std::borrow::Cow::Owned(shown)
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.finding.code.name))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::SecurityWarning | Severity::Warning => miette::Severity::Warning,
            Severity::Suggestion => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.finding.help.as_deref()?;
        Some(Box::new(printable_lines(help)))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.finding
            .location
            .span
            .map(|_| &self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.finding.location.span?;
        let text = self.source.text;
        let path = &self.finding.location.path;
        // A span over several lines or wider than a window (a whole
        // statement) is marked at its first character, so the report stays
        // short.
        let wide = span.len() > WINDOW / 2
            || text
                .get(span.start..span.end)
                .is_some_and(|s| s.contains('\n'));
        let (span, label) = if wide {
            let first = text
                .get(span.start..)
                .and_then(|s| s.chars().next())
                .map_or(0, char::len_utf8);
            let label = if path.0.is_empty() {
                "the document starts here".to_owned()
            } else {
                format!("{} starts here", describe(path))
            };
            (Span::new(span.start, span.start + first), label)
        } else {
            (span, describe(path))
        };
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(label),
            SourceSpan::from(span),
        ))))
    }
}

fn describe(path: &JsonPath) -> String {
    if path.0.is_empty() {
        "here".to_owned()
    } else {
        path.to_string()
    }
}

/// The source of a report. Lines longer than [`WINDOW`] characters (minified
/// policies are one line) are shown as a window around the span, so a
/// finding never prints kilobytes of JSON.
#[derive(Debug, Clone, Copy)]
struct WindowedSource<'a> {
    name: &'a str,
    text: &'a str,
    index: &'a LineIndex<'a>,
}

const WINDOW: usize = 160;

impl SourceCode for WindowedSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let index = self.index;
        // Without context, miette asks where the span itself is (the
        // `[file:line:column]` header): the span's own place, however long
        // its line.
        if context_lines_before == 0 && context_lines_after == 0 {
            let end = span.offset() + span.len();
            if let Some(data) = self.text.get(span.offset()..end) {
                let position = index.position(span.offset());
                return Ok(Box::new(MietteSpanContents::new_named(
                    self.name.to_owned(),
                    data.as_bytes(),
                    *span,
                    position.line.saturating_sub(1),
                    position.column,
                    data.matches('\n').count() + 1,
                )));
            }
        }
        let line = index.line_bounds(span.offset());
        if line.len() <= WINDOW && span.offset() + span.len() <= line.end.max(span.offset()) + 1 {
            // miette reads context from the start of the text: give it
            // only the lines around the span, so that a report stays
            // linear in the findings however long the file.
            let end_line = index.line_bounds((span.offset() + span.len()).max(line.start));
            let mut lo = line.start;
            for _ in 0..context_lines_before {
                if lo == 0 {
                    break;
                }
                lo = index.line_bounds(lo - 1).start;
            }
            let mut hi = end_line.end;
            for _ in 0..=context_lines_after {
                match self.text.get(hi..).and_then(|rest| rest.find('\n')) {
                    Some(newline) => hi += newline + 1,
                    None => {
                        hi = self.text.len();
                        break;
                    }
                }
            }
            let window = self.text.get(lo..hi).ok_or(MietteError::OutOfBounds)?;
            let inner_span = SourceSpan::new((span.offset() - lo).into(), span.len());
            let inner = window.read_span(&inner_span, context_lines_before, context_lines_after)?;
            let base_line = index.position(lo).line.saturating_sub(1);
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.to_owned(),
                inner.data(),
                SourceSpan::new((inner.span().offset() + lo).into(), inner.span().len()),
                inner.line() + base_line,
                inner.column(),
                inner.line_count(),
            )));
        }
        let margin = WINDOW / 2;
        let mut start = span.offset().saturating_sub(margin).max(line.start);
        let mut end = (span.offset() + span.len() + margin)
            .min(line.end)
            .max(start);
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        let data = self.text.get(start..end).ok_or(MietteError::OutOfBounds)?;
        let position = index.position(start);
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            data.as_bytes(),
            SourceSpan::new(start.into(), end - start),
            position.line.saturating_sub(1),
            position.column,
            1,
        )))
    }
}
