use std::fmt;
use std::str::FromStr;

/// The base condition operators of IAM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[expect(missing_docs, reason = "the variants are the IAM operator names")]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

/// The families of operators, by the type of value they compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperatorFamily {
    /// `String*`
    String,
    /// `Numeric*`
    Numeric,
    /// `Date*`
    Date,
    /// `Bool`
    Bool,
    /// `BinaryEquals`
    Binary,
    /// `IpAddress`, `NotIpAddress`
    IpAddress,
    /// `Arn*`
    Arn,
    /// `Null`
    Null,
}

impl BaseOperator {
    /// Every base operator.
    pub const ALL: [Self; 27] = [
        Self::StringEquals,
        Self::StringNotEquals,
        Self::StringEqualsIgnoreCase,
        Self::StringNotEqualsIgnoreCase,
        Self::StringLike,
        Self::StringNotLike,
        Self::NumericEquals,
        Self::NumericNotEquals,
        Self::NumericLessThan,
        Self::NumericLessThanEquals,
        Self::NumericGreaterThan,
        Self::NumericGreaterThanEquals,
        Self::DateEquals,
        Self::DateNotEquals,
        Self::DateLessThan,
        Self::DateLessThanEquals,
        Self::DateGreaterThan,
        Self::DateGreaterThanEquals,
        Self::Bool,
        Self::BinaryEquals,
        Self::IpAddress,
        Self::NotIpAddress,
        Self::ArnEquals,
        Self::ArnLike,
        Self::ArnNotEquals,
        Self::ArnNotLike,
        Self::Null,
    ];

    /// The IAM name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::StringEquals => "StringEquals",
            Self::StringNotEquals => "StringNotEquals",
            Self::StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            Self::StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            Self::StringLike => "StringLike",
            Self::StringNotLike => "StringNotLike",
            Self::NumericEquals => "NumericEquals",
            Self::NumericNotEquals => "NumericNotEquals",
            Self::NumericLessThan => "NumericLessThan",
            Self::NumericLessThanEquals => "NumericLessThanEquals",
            Self::NumericGreaterThan => "NumericGreaterThan",
            Self::NumericGreaterThanEquals => "NumericGreaterThanEquals",
            Self::DateEquals => "DateEquals",
            Self::DateNotEquals => "DateNotEquals",
            Self::DateLessThan => "DateLessThan",
            Self::DateLessThanEquals => "DateLessThanEquals",
            Self::DateGreaterThan => "DateGreaterThan",
            Self::DateGreaterThanEquals => "DateGreaterThanEquals",
            Self::Bool => "Bool",
            Self::BinaryEquals => "BinaryEquals",
            Self::IpAddress => "IpAddress",
            Self::NotIpAddress => "NotIpAddress",
            Self::ArnEquals => "ArnEquals",
            Self::ArnLike => "ArnLike",
            Self::ArnNotEquals => "ArnNotEquals",
            Self::ArnNotLike => "ArnNotLike",
            Self::Null => "Null",
        }
    }

    /// The family: what type of value the operator compares.
    pub const fn family(self) -> OperatorFamily {
        use BaseOperator as B;
        match self {
            B::StringEquals
            | B::StringNotEquals
            | B::StringEqualsIgnoreCase
            | B::StringNotEqualsIgnoreCase
            | B::StringLike
            | B::StringNotLike => OperatorFamily::String,
            B::NumericEquals
            | B::NumericNotEquals
            | B::NumericLessThan
            | B::NumericLessThanEquals
            | B::NumericGreaterThan
            | B::NumericGreaterThanEquals => OperatorFamily::Numeric,
            B::DateEquals
            | B::DateNotEquals
            | B::DateLessThan
            | B::DateLessThanEquals
            | B::DateGreaterThan
            | B::DateGreaterThanEquals => OperatorFamily::Date,
            B::Bool => OperatorFamily::Bool,
            B::BinaryEquals => OperatorFamily::Binary,
            B::IpAddress | B::NotIpAddress => OperatorFamily::IpAddress,
            B::ArnEquals | B::ArnLike | B::ArnNotEquals | B::ArnNotLike => OperatorFamily::Arn,
            B::Null => OperatorFamily::Null,
        }
    }

    /// Whether the operator is negated: it matches when the key matches none
    /// of the values, and when the key is absent.
    pub const fn is_negated(self) -> bool {
        matches!(
            self,
            Self::StringNotEquals
                | Self::StringNotEqualsIgnoreCase
                | Self::StringNotLike
                | Self::NumericNotEquals
                | Self::DateNotEquals
                | Self::NotIpAddress
                | Self::ArnNotEquals
                | Self::ArnNotLike
        )
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.as_str() == s)
    }
}

/// `ForAllValues:` or `ForAnyValue:`, for multivalued keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetQualifier {
    /// `ForAllValues:`: every value in the request matches some policy value
    /// (true when the key is absent or empty).
    ForAllValues,
    /// `ForAnyValue:`: some value in the request matches some policy value.
    ForAnyValue,
}

impl SetQualifier {
    /// The prefix, colon included.
    pub const fn prefix(self) -> &'static str {
        match self {
            Self::ForAllValues => "ForAllValues:",
            Self::ForAnyValue => "ForAnyValue:",
        }
    }
}

/// A condition operator as written in a policy: a base operator, an
/// optional set qualifier and an optional `IfExists` suffix.
///
/// ```
/// use polc_model::condition::{BaseOperator, ConditionOperator, SetQualifier};
/// let op: ConditionOperator = "ForAnyValue:StringLikeIfExists".parse().unwrap();
/// assert_eq!(op.base, BaseOperator::StringLike);
/// assert_eq!(op.qualifier, Some(SetQualifier::ForAnyValue));
/// assert!(op.if_exists);
/// assert_eq!(op.to_string(), "ForAnyValue:StringLikeIfExists");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConditionOperator {
    /// The base operator.
    pub base: BaseOperator,
    /// `ForAllValues:` / `ForAnyValue:`.
    pub qualifier: Option<SetQualifier>,
    /// The `IfExists` suffix: the condition also holds when the key is
    /// absent.
    pub if_exists: bool,
}

impl ConditionOperator {
    /// A plain operator, without qualifier or `IfExists`.
    pub const fn new(base: BaseOperator) -> Self {
        Self {
            base,
            qualifier: None,
            if_exists: false,
        }
    }
}

/// Why an operator name was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OperatorError {
    /// Not an IAM operator. `suggestion` is the operator probably meant.
    #[error("`{name}` is not a condition operator")]
    Unknown {
        /// The name as written.
        name: String,
        /// A close known operator (same letters in another case, a missing
        /// qualifier colon, ...).
        suggestion: Option<String>,
    },
    /// `NullIfExists`: `Null` already tests for existence.
    #[error("`Null` cannot take `IfExists`")]
    NullIfExists,
}

impl FromStr for ConditionOperator {
    type Err = OperatorError;

    /// Parses an operator name. Names are case-sensitive, as IAM's are.
    fn from_str(s: &str) -> Result<Self, OperatorError> {
        let (qualifier, rest) = if let Some(rest) = s.strip_prefix("ForAllValues:") {
            (Some(SetQualifier::ForAllValues), rest)
        } else if let Some(rest) = s.strip_prefix("ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), rest)
        } else {
            (None, s)
        };
        if let Some(base) = BaseOperator::parse(rest) {
            return Ok(Self {
                base,
                qualifier,
                if_exists: false,
            });
        }
        if let Some(base) = rest.strip_suffix("IfExists").and_then(BaseOperator::parse) {
            if base == BaseOperator::Null {
                return Err(OperatorError::NullIfExists);
            }
            return Ok(Self {
                base,
                qualifier,
                if_exists: true,
            });
        }
        Err(OperatorError::Unknown {
            name: s.to_owned(),
            suggestion: suggest(s),
        })
    }
}

/// A known operator that differs from `s` only in letter case or in the
/// spelling of the qualifier.
fn suggest(s: &str) -> Option<String> {
    let folded = s.to_ascii_lowercase().replace(['_', ' '], "");
    let (qualifier, rest) = [SetQualifier::ForAllValues, SetQualifier::ForAnyValue]
        .into_iter()
        .find_map(|q| {
            let prefix = q.prefix().to_ascii_lowercase();
            let bare = prefix.trim_end_matches(':').to_owned();
            folded
                .strip_prefix(&prefix)
                .or_else(|| folded.strip_prefix(&bare))
                .map(|rest| (Some(q), rest.to_owned()))
        })
        .unwrap_or((None, folded.clone()));
    let (rest, if_exists) = match rest.strip_suffix("ifexists") {
        Some(r) => (r.to_owned(), true),
        None => (rest, false),
    };
    let base = BaseOperator::ALL
        .into_iter()
        .find(|op| op.as_str().to_ascii_lowercase() == rest)
        .or_else(|| {
            let name =
                crate::suggest::closest(&rest, BaseOperator::ALL.iter().map(|op| op.as_str()))?;
            BaseOperator::ALL.into_iter().find(|op| op.as_str() == name)
        })?;
    if base == BaseOperator::Null && if_exists {
        return None;
    }
    Some(
        ConditionOperator {
            base,
            qualifier,
            if_exists,
        }
        .to_string(),
    )
}

impl fmt::Display for ConditionOperator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(q) = self.qualifier {
            f.write_str(q.prefix())?;
        }
        f.write_str(self.base.as_str())?;
        if self.if_exists {
            f.write_str("IfExists")?;
        }
        Ok(())
    }
}
