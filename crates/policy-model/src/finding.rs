//! Findings: what a check reports, where, and how bad it is.

use serde::{Serialize, Serializer};

use crate::json::Json;
use crate::{JsonPath, Span};

/// How bad a finding is, with Access Analyzer's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The policy is invalid or does not do what it says: IAM rejects it, or
    /// it certainly grants something else than written.
    Error,
    /// The policy grants more than is likely meant.
    SecurityWarning,
    /// Probably a mistake.
    Warning,
    /// Could be written better.
    Suggestion,
}

impl Severity {
    /// `ERROR`, `SECURITY_WARNING`, `WARNING` or `SUGGESTION`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Error => "ERROR",
            Self::SecurityWarning => "SECURITY_WARNING",
            Self::Warning => "WARNING",
            Self::Suggestion => "SUGGESTION",
        }
    }
}

impl Serialize for Severity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// An issue code and its documentation (what `polc explain CODE` prints).
#[derive(Debug, PartialEq, Eq)]
pub struct Code {
    /// The code as a value.
    pub id: crate::codes::CodeId,
    /// The code, `UPPER_SNAKE` (Access Analyzer's where it has one).
    pub name: &'static str,
    /// The usual severity; some findings of a code are reported at another.
    pub severity: Severity,
    /// One line: what the finding says.
    pub summary: &'static str,
    /// Why it matters.
    pub explanation: &'static str,
    /// A policy fragment that has the problem.
    pub example: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name)
    }
}

/// Which part of an object member a finding points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Target {
    /// The value (the usual case).
    #[default]
    Value,
    /// The key (an unknown or duplicated element name).
    Key,
}

/// Where a finding is: the JSON path of the element and, once located in a
/// source text, its span there.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// Path from the document root.
    pub path: JsonPath,
    /// Whether the key or the value of the last member is meant.
    pub target: Target,
    /// The span in the source, when the document was read from one.
    pub span: Option<Span>,
}

impl Location {
    /// The value at `path`.
    pub fn value(path: impl Into<JsonPath>) -> Self {
        Self {
            path: path.into(),
            target: Target::Value,
            span: None,
        }
    }

    /// The key that ends `path`.
    pub fn key(path: impl Into<JsonPath>) -> Self {
        Self {
            path: path.into(),
            target: Target::Key,
            span: None,
        }
    }

    /// An explicit span (syntax errors, which have no path).
    pub fn at(span: Span) -> Self {
        Self {
            path: JsonPath::root(),
            target: Target::Value,
            span: Some(span),
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The issue code.
    pub code: &'static Code,
    /// The severity of this finding (usually the code's).
    pub severity: Severity,
    /// What is wrong, lowercase, user input in backticks, no final period.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Where it is.
    pub location: Location,
    /// A request that shows it holds, as JSON text in the form `polc
    /// authorize --request` reads (`--within`: one the statement allows
    /// and the baseline does not).
    pub example: Option<String>,
}

impl Finding {
    /// A finding of `code` at its usual severity.
    pub fn new(code: &'static Code, message: impl Into<String>, location: Location) -> Self {
        Self {
            code,
            severity: code.severity,
            message: message.into(),
            help: None,
            location,
            example: None,
        }
    }

    /// With a request that shows it holds (JSON text).
    #[must_use]
    pub fn with_example(mut self, example: impl Into<String>) -> Self {
        self.example = Some(example.into());
        self
    }

    /// With help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether the finding refuses the policy for decisions: an error that
    /// is not advisory ([`crate::codes::CodeId::is_advisory`]).
    pub fn refuses_policy(&self) -> bool {
        self.severity == Severity::Error && !self.code.id.is_advisory()
    }

    /// At another severity than the code's.
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Fills in the span from the document the path points into, when the
    /// finding has none yet. A path that no longer resolves (an element the
    /// reader dropped) falls back to its nearest resolvable ancestor.
    pub fn locate(&mut self, json: &Json<'_>) {
        if self.location.span.is_some() {
            return;
        }
        let path = &self.location.path;
        let exact = match self.location.target {
            Target::Key => path.key_span_in(json),
            Target::Value => path.span_in(json),
        };
        self.location.span = exact.or_else(|| {
            (0..path.0.len()).rev().find_map(|len| {
                JsonPath(path.0.get(..len).unwrap_or_default().to_vec()).span_in(json)
            })
        });
    }
}
