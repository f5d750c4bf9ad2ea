/// The type of a condition key, as the Service Authorization Reference
/// gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[expect(missing_docs, reason = "the variants are the reference's type names")]
pub enum KeyType {
    String,
    ArrayOfString,
    Arn,
    ArrayOfArn,
    Numeric,
    ArrayOfNumeric,
    Date,
    Bool,
    ArrayOfBool,
    IpAddress,
    Binary,
}

impl KeyType {
    /// Whether a request can carry several values for the key, so that
    /// policies must use `ForAllValues:` or `ForAnyValue:` with it.
    pub const fn is_multivalued(self) -> bool {
        matches!(
            self,
            Self::ArrayOfString | Self::ArrayOfArn | Self::ArrayOfNumeric | Self::ArrayOfBool
        )
    }

    /// Parses the reference's name (`ArrayOfString`, `ARN`, `IPAddress`, ...).
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "String" => Self::String,
            "ArrayOfString" => Self::ArrayOfString,
            "ARN" | "Arn" => Self::Arn,
            "ArrayOfARN" | "ArrayOfArn" => Self::ArrayOfArn,
            "Numeric" => Self::Numeric,
            "ArrayOfNumeric" => Self::ArrayOfNumeric,
            "Date" => Self::Date,
            "Bool" | "Boolean" => Self::Bool,
            "ArrayOfBool" => Self::ArrayOfBool,
            "IPAddress" | "IpAddress" => Self::IpAddress,
            "Binary" => Self::Binary,
            _ => return None,
        })
    }

    /// The reference's name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::String => "String",
            Self::ArrayOfString => "ArrayOfString",
            Self::Arn => "ARN",
            Self::ArrayOfArn => "ArrayOfARN",
            Self::Numeric => "Numeric",
            Self::ArrayOfNumeric => "ArrayOfNumeric",
            Self::Date => "Date",
            Self::Bool => "Bool",
            Self::ArrayOfBool => "ArrayOfBool",
            Self::IpAddress => "IPAddress",
            Self::Binary => "Binary",
        }
    }
}

/// Knows the types of condition keys. Validation asks it whether a key is
/// multivalued; the catalog answers for every service, [`GlobalKeys`] for
/// the `aws:` keys alone.
pub trait KeyTypes {
    /// The type of `key` (compared case-insensitively), or `None` when the
    /// key is unknown to this source.
    fn key_type(&self, key: &str) -> Option<KeyType>;

    /// The AWS managed policy that tests the multivalued `key` without
    /// `ForAllValues:` or `ForAnyValue:`, if one does: IAM accepts that use
    /// of it, so a missing qualifier on it is a warning, not an error.
    fn unqualified_in_aws_policy(&self, _key: &str) -> Option<&str> {
        None
    }
}

/// The global condition keys (`aws:...`) of the IAM reference.
#[derive(Debug, Clone, Copy, Default)]
pub struct GlobalKeys;

impl GlobalKeys {
    /// The known global keys with their types.
    pub fn all() -> &'static [(&'static str, KeyType)] {
        super::global_keys_data::GLOBAL_KEYS
    }
}

impl KeyTypes for GlobalKeys {
    fn key_type(&self, key: &str) -> Option<KeyType> {
        Self::all()
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(key))
            .map(|&(_, ty)| ty)
    }
}
