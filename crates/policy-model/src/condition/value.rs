use std::fmt;

use crate::Text;

/// One value in a condition (`"StringEquals": {"k": [v, v]}`), kept in the
/// JSON type it was written as.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ConditionValue {
    /// A JSON string.
    String(Text),
    /// A JSON boolean (`"aws:SecureTransport": false`).
    Bool(bool),
    /// A JSON number, as written (`"aws:MultiFactorAuthAge": 3600`).
    Number(Box<str>),
}

impl ConditionValue {
    /// The value as IAM compares it: the string, or the text of the boolean
    /// or number.
    pub fn as_text(&self) -> &str {
        match self {
            Self::String(s) => s,
            Self::Bool(true) => "true",
            Self::Bool(false) => "false",
            Self::Number(n) => n,
        }
    }
}

impl fmt::Display for ConditionValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_text())
    }
}
