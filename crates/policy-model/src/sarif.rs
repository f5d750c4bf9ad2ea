//! SARIF 2.1.0 output, for code-scanning services: one rule per issue
//! code, one result per finding.

use serde::Serialize;

use crate::finding::{Code, Severity};
use crate::report::FileReport;

/// A SARIF log of one run over several files.
#[derive(Debug, Serialize)]
pub struct SarifLog<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    /// Said only when the run failed for a reason that is no finding (a
    /// file that could not be read or written).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    invocations: Vec<Invocation>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

/// How the run went: not successful, and why.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Debug, Serialize)]
struct Notification {
    level: &'static str,
    message: OwnedText,
}

#[derive(Debug, Serialize)]
struct OwnedText {
    text: String,
}

impl SarifLog<'_> {
    /// Says that the run failed for `message`, a reason that is no
    /// finding (a file that could not be read or written): the log's
    /// invocation is then not successful, with the message as an error
    /// notification. The log stays one document.
    pub fn failed(&mut self, message: impl Into<String>) {
        self.notify("error", message.into());
    }

    /// Records something the user should know that is no finding and did
    /// not stop the run (a configuration file passed over): a warning
    /// notification of the log's invocation, which stays successful unless
    /// something failed.
    pub fn warned(&mut self, message: impl Into<String>) {
        self.notify("warning", message.into());
    }

    fn notify(&mut self, level: &'static str, text: String) {
        let [run] = &mut self.runs;
        if run.invocations.is_empty() {
            run.invocations.push(Invocation {
                execution_successful: true,
                tool_execution_notifications: Vec::new(),
            });
        }
        if let Some(invocation) = run.invocations.first_mut() {
            if level == "error" {
                invocation.execution_successful = false;
            }
            invocation.tool_execution_notifications.push(Notification {
                level,
                message: OwnedText { text },
            });
        }
    }
}

#[derive(Debug, Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    rules: Vec<Rule>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text<'static>,
    full_description: Text<'static>,
    help: Text<'static>,
    default_configuration: Configuration,
}

#[derive(Debug, Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Debug, Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text<'a>,
    locations: Vec<SarifLocation<'a>>,
    /// Why the result does not count, when it was suppressed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<SarifSuppression<'a>>,
}

/// A SARIF suppression: `inSource` (a comment) or `external`
/// (configuration, a flag, a baseline).
#[derive(Debug, Serialize)]
struct SarifSuppression<'a> {
    kind: &'static str,
    justification: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Debug, Serialize)]
struct ArtifactLocation<'a> {
    uri: &'a str,
}

/// Lines and columns 1-based, offsets 0-based, in Unicode code points.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    char_offset: usize,
    char_length: usize,
}

const fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::SecurityWarning | Severity::Warning => "warning",
        Severity::Suggestion => "note",
    }
}

/// The SARIF log of `reports`, with `rules` (every code the tool can
/// report) as the driver's rules.
pub fn sarif<'a>(
    reports: &'a [FileReport<'a>],
    rules: &[&'static Code],
    version: &'a str,
) -> SarifLog<'a> {
    let mut results = Vec::new();
    for report in reports {
        let index = report.index();
        let uri = if report.file == "-" {
            "stdin"
        } else {
            report.file
        };
        let suppressed = report.suppressed.iter().map(|s| (&s.finding, Some(s)));
        for (finding, suppression) in report.findings.iter().map(|f| (f, None)).chain(suppressed) {
            let suppression: Option<&crate::suppress::Suppressed> = suppression;
            let region = finding.location.span.map(|span| {
                let (start, end) = (index.position(span.start), index.position(span.end));
                Region {
                    start_line: start.line,
                    start_column: start.column + 1,
                    end_line: end.line,
                    end_column: end.column + 1,
                    char_offset: start.offset,
                    char_length: end.offset.saturating_sub(start.offset),
                }
            });
            results.push(SarifResult {
                rule_id: finding.code.name,
                rule_index: rules
                    .iter()
                    .position(|r| r.id == finding.code.id)
                    .unwrap_or_default(),
                level: level(finding.severity),
                message: Text {
                    text: &finding.message,
                },
                locations: vec![SarifLocation {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation { uri },
                        region,
                    },
                }],
                suppressions: suppression
                    .map(|s| SarifSuppression {
                        kind: if s.in_source { "inSource" } else { "external" },
                        justification: &s.reason,
                    })
                    .into_iter()
                    .collect(),
            });
        }
    }
    let rules = rules
        .iter()
        .map(|code| Rule {
            id: code.name,
            short_description: Text { text: code.summary },
            full_description: Text {
                text: code.explanation,
            },
            help: Text { text: code.fix },
            default_configuration: Configuration {
                level: level(code.severity),
            },
        })
        .collect();
    SarifLog {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "polc",
                    version,
                    rules,
                },
            },
            invocations: Vec::new(),
            column_kind: "unicodeCodePoints",
            results,
        }],
    }
}
