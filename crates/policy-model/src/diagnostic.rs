//! Every error of this crate, and every [`Finding`], as a
//! [`miette::Diagnostic`]: a code, help where there is one, and the span
//! where the error has one (in the text the caller read). A service that
//! reports with miette gets the same reports as `polc`.

use std::fmt;

use miette::{Diagnostic, LabeledSpan};

use crate::finding::{Finding, Severity};
use crate::span::Span;

/// A label at `span`, without text (the message says what is wrong).
pub fn label(span: Span) -> LabeledSpan {
    LabeledSpan::new_with_span(None, (span.start, span.end.saturating_sub(span.start)))
}

/// `code`, as miette takes it.
fn code(code: &str) -> Option<Box<dyn fmt::Display + '_>> {
    Some(Box::new(code))
}

impl fmt::Display for Finding {
    /// The message (the code is [`Diagnostic::code`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Finding {}

impl Diagnostic for Finding {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        code(self.code.name)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::SecurityWarning | Severity::Warning => miette::Severity::Warning,
            Severity::Suggestion => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.location.span?;
        Some(Box::new(std::iter::once(label(span))))
    }
}

impl Diagnostic for crate::InvalidPolicy {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        code("polc::invalid_policy")
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(
            "each related diagnostic is one error-level finding; `polc check` shows them in the document",
        ))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        Some(Box::new(self.0.iter().map(|f| f as &dyn Diagnostic)))
    }
}

impl Diagnostic for crate::json::ParseError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        code(crate::codes::JSON_SYNTAX_ERROR.name)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(
            "a policy is one JSON object: check quotes, commas and brackets near the mark",
        ))
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(label(self.span))))
    }
}

impl Diagnostic for crate::variable::VariableError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        code(crate::codes::INVALID_VARIABLE.name)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(label(Span::new(
            self.range.start,
            self.range.end,
        )))))
    }
}

impl Diagnostic for crate::condition::OperatorError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        code(match self {
            Self::NullIfExists => crate::codes::NULL_WITH_IF_EXISTS.name,
            _ => crate::codes::INVALID_CONDITION_OPERATOR.name,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match self {
            Self::Unknown {
                suggestion: Some(s),
                ..
            } => Some(Box::new(format!("did you mean `{s}`?"))),
            Self::NullIfExists => Some(Box::new(
                "use `Null`: it already tests whether the key exists",
            )),
            _ => None,
        }
    }
}

/// Errors of a string that are whole: a code, no span.
macro_rules! coded {
    ($($ty:ty => $code:expr),* $(,)?) => {$(
        impl Diagnostic for $ty {
            fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
                code($code)
            }
        }
    )*};
}

coded! {
    crate::action::ActionError => "polc::action",
    crate::variable::VariableErrorKind => crate::codes::INVALID_VARIABLE.name,
    crate::arn::ArnError => "polc::arn",
}
