//! Every issue code polc reports, with its documentation (what `polc
//! explain CODE` prints): one home for all of them, so that codes are
//! values ([`CodeId`]) compared as such, and the list of all codes
//! ([`all`]) is a library fact. The checks live in their crates; their
//! codes are re-exported there (`polc_catalog::checks::codes`,
//! `polc_dsl::codes`, `polc_evaluator::codes`).
//!
//! Codes are Access Analyzer's where it has the check, so that users and
//! scripts that know Access Analyzer read them unchanged.

pub mod access_analyzer;
pub mod catalog;
pub mod dsl;
pub mod evaluator;
mod model;

pub use model::*;

use crate::Code;

/// Declares issue codes: one `static` [`Code`](crate::Code) per entry,
/// and a list of them all under the name given first. Each code must be a
/// variant of [`CodeId`](crate::codes::CodeId) (the compiler says so
/// otherwise), and the registry's test checks that every variant is
/// declared once.
///
/// ```
/// polc_model::define_codes! {
///     MY_CODES;
///     JSON_SYNTAX_ERROR: Error, "summary", "why it matters", "example", "how to fix";
/// }
/// assert_eq!(MY_CODES[0].name, "JSON_SYNTAX_ERROR");
/// ```
#[macro_export]
macro_rules! define_codes {
    ($list:ident; $($name:ident: $severity:ident, $summary:literal, $explanation:literal, $example:literal, $fix:literal;)*) => {
        $(
            #[doc = $summary]
            pub static $name: $crate::Code = $crate::Code {
                id: $crate::codes::CodeId::$name,
                name: stringify!($name),
                severity: $crate::Severity::$severity,
                summary: $summary,
                explanation: $explanation,
                example: $example,
                fix: $fix,
            };
        )*
        /// The codes of this group.
        pub static $list: &[&$crate::Code] = &[$(&$name),*];
    };
}

macro_rules! code_ids {
    ($($name:ident,)*) => {
        /// Every issue code, as a value: compare findings' codes with it
        /// (`finding.code.id == CodeId::INVALID_ACTION`), never by name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[expect(non_camel_case_types, reason = "the codes' own spelling, as users read them")]
        #[non_exhaustive]
        pub enum CodeId {
            $(
                #[doc = concat!("`", stringify!($name), "`")]
                $name,
            )*
        }

        impl CodeId {
            /// Every code.
            pub const ALL: &[CodeId] = &[$(CodeId::$name),*];

            /// The code's name, `UPPER_SNAKE`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(CodeId::$name => stringify!($name),)*
                }
            }
        }
    };
}

code_ids! {
    JSON_SYNTAX_ERROR,
    UNSUPPORTED_CHARACTER,
    UNSUPPORTED_ACTION_IN_POLICY,
    MISSING_VERSION,
    INVALID_VERSION,
    MISSING_STATEMENT,
    MISSING_EFFECT,
    INVALID_EFFECT,
    MISSING_ACTION,
    MISSING_RESOURCE,
    INVALID_POLICY_ELEMENT,
    DUPLICATE_SID,
    INVALID_SID,
    UNSUPPORTED_ELEMENT_FOR_POLICY_TYPE,
    INVALID_CONDITION_OPERATOR,
    MISSING_QUALIFIER,
    DUPLICATE_KEYS_WITH_DIFFERENT_CASE,
    NULL_WITH_IF_EXISTS,
    INVALID_PRINCIPAL,
    INVALID_VARIABLE,
    EMPTY_VARIABLE,
    POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA,
    POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA,
    POLICY_SIZE_EXCEEDS_SCP_QUOTA,
    EMPTY_ARRAY_ACTION,
    EMPTY_ARRAY_RESOURCE,
    EMPTY_OBJECT_CONDITION,
    EMPTY_ARRAY_CONDITION,
    EMPTY_ARRAY_CONDITION_FORALLVALUES,
    EMPTY_ARRAY_CONDITION_FORANYVALUE,
    EMPTY_ARRAY_CONDITION_IFEXISTS,
    EMPTY_SID_VALUE,
    NULL_WITH_QUALIFIER,
    WILDCARD_WITHOUT_LIKE_OPERATOR,
    INVALID_SERVICE_PRINCIPAL_FORMAT,
    MISSING_GITHUB_REPO_CONDITION_KEY,
    SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED,
    MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL,
    MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY,
    MISMATCHED_ACTION_FOR_PRINCIPAL,
    INVALID_VPC_FORMAT,
    INVALID_VPCE_FORMAT,
    PRIVATE_IP_ADDRESS,
    PRIVATE_NOT_IP_ADDRESS,
    PRIVATE_IP_ADDRESS_SUBSET,
    PRIVATE_NOT_IP_ADDRESS_SUBSET,
    IMPROVE_IP_RANGE,
    WILDCARD_IN_SERVICE_NAME,
    EQUIVALENT_TO_NULL_TRUE,
    REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION,
    REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION,
    REDUNDANT_CONDITION_VALUE_NUM,
    INVALID_CONDITION_MULTIPLE_BOOLEAN,
    S3_PREFIX_IN_NEGATIVE_CONTEXT,
    DYNAMODB_ATTRIBUTES_WITHOUT_SELECT,
    FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE,
    CONFIRM_AUDIENCE_CLAIM_TYPE,
    INVALID_ROLE_REFERENCE,
    INVALID_USER_REFERENCE,
    FEDERATED_PRINCIPAL_NOT_SUPPORTED,
    INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY,
    REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY,
    RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL,
    MISSING_ACTION_FOR_CONDITION_KEY,
    VARIABLE_UNSUPPORTED_IN_VERSION,
    INVALID_CONDITION_KEY_FORMAT,
    UNTRUSTWORTHY_CONDITION_KEY,
    INVALID_SERVICE,
    INVALID_SERVICE_IN_ACTION,
    INVALID_ACTION,
    LEGACY_ACTION,
    INVALID_SERVICE_CONDITION_KEY,
    INVALID_GLOBAL_CONDITION_KEY,
    UNSUPPORTED_ACTION_FOR_CONDITION_KEY,
    TYPE_MISMATCH,
    TYPE_MISMATCH_NUMBER,
    TYPE_MISMATCH_DATE,
    TYPE_MISMATCH_BOOLEAN,
    TYPE_MISMATCH_STRING,
    TYPE_MISMATCH_IP_RANGE,
    ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE,
    ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE,
    DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE,
    DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE,
    STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS,
    FORALLVALUES_WITH_SINGLE_VALUED_KEY,
    EQUIVALENT_TO_NULL_FALSE,
    PASS_ROLE_WITH_STAR_IN_RESOURCE,
    PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE,
    PASS_ROLE_WITH_NOT_RESOURCE,
    PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE,
    PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE,
    CREATE_SLR_WITH_NOT_RESOURCE,
    CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE,
    CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE,
    CREATE_SLR_WITH_STAR_IN_RESOURCE,
    CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE,
    ALLOW_WITH_NOT_PRINCIPAL,
    PUBLIC_PRINCIPAL,
    ALLOW_WITH_NOT_ACTION_AND_STAR_RESOURCE,
    REDUNDANT_ACTION,
    REDUNDANT_RESOURCE,
    REDUNDANT_STATEMENT,
    MISSING_DEPENDENT_ACTION,
    INVALID_ARN_PREFIX,
    INVALID_ARN_PARTITION,
    INVALID_ARN_SERVICE,
    INVALID_ARN_REGION,
    INVALID_ARN_ACCOUNT,
    INVALID_ARN_RESOURCE,
    RESOURCE_MISMATCH,
    WILDCARD_ONLY_ACTION_SCOPED,
    EXCEEDS_MANAGED_POLICY,
    ECS_ROLE_TRUST_MISMATCH,
    ECS_ROLE_MISSING_PERMISSION,
    POL_SYNTAX_ERROR,
    POL_UNKNOWN_NAME,
    POL_DUPLICATE_NAME,
    POL_DUPLICATE_CONDITION,
    INVALID_IGNORE,
    UNUSED_IGNORE,
    POL_MISSING_PARAMETER,
    POL_INVALID_PARAMETER,
    POL_UNKNOWN_PARAMETER,
    POL_UNKNOWN_BUILDER,
    POL_BUILDER_ARGUMENT,
    POL_OPERATOR_TYPE,
    POL_INVALID_OPERATOR,
    POL_UNKNOWN_MANAGED_POLICY,
    POL_EXCEPT_REMOVES_NOTHING,
    POL_INTERPOLATION,
    POL_WRONG_VALUE,
    POL_PRINCIPAL_ELEMENT,
    POL_IMPORT,
    POL_SIZE_EXCEEDS_QUOTA,
    POL_LIMIT,
    UNREADABLE_CONDITION_VALUE,
    NON_ASCII_ACTION,
    VALUE_TOO_COMPLEX,
    POLICY_SET_LIMIT,
}

impl CodeId {
    /// Whether an ERROR of this code says the policy does not do what was
    /// meant while its meaning is still exact and IAM accepts it (a
    /// condition on `aws:SourceIp` that admits only private ranges, a
    /// service principal that is no host name), or that IAM's API would
    /// not take a text whose meaning is still exact (a character outside
    /// Latin-1): the evaluator evaluates such a policy as written instead
    /// of refusing it. Every other error
    /// refuses the policy ([`crate::Policy::from_json_str`]).
    pub const fn is_advisory(self) -> bool {
        matches!(
            self,
            Self::PRIVATE_IP_ADDRESS
                | Self::PRIVATE_NOT_IP_ADDRESS
                | Self::INVALID_VPC_FORMAT
                | Self::INVALID_VPCE_FORMAT
                | Self::INVALID_SERVICE_PRINCIPAL_FORMAT
                | Self::MISMATCHED_ACTION_FOR_PRINCIPAL
                | Self::MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY
                | Self::INVALID_CONDITION_MULTIPLE_BOOLEAN
                | Self::INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY
                | Self::MISSING_ACTION_FOR_CONDITION_KEY
                | Self::VARIABLE_UNSUPPORTED_IN_VERSION
                | Self::INVALID_CONDITION_KEY_FORMAT
                | Self::UNSUPPORTED_CHARACTER
        )
    }

    /// The code's documentation.
    pub fn code(self) -> &'static Code {
        // Every variant is declared by exactly one group (tested).
        all().find(|c| c.id == self).unwrap_or(&JSON_SYNTAX_ERROR)
    }

    /// Whether a finding of this code may be suppressed (ignored,
    /// baselined, turned off): not one that means the input could not be
    /// read or built (a syntax error, an error of the `.pol` language, a
    /// malformed ignore), which no suppression can make right.
    pub fn suppressible(self) -> bool {
        !matches!(
            self,
            Self::JSON_SYNTAX_ERROR | Self::INVALID_IGNORE | Self::UNUSED_IGNORE
        ) && (!self.name().starts_with("POL_") || self == Self::POL_SIZE_EXCEEDS_QUOTA)
    }

    /// The code named `name` (any case; `-` for `_`).
    pub fn from_name(name: &str) -> Option<Self> {
        let wanted = name.trim().replace('-', "_");
        Self::ALL
            .iter()
            .copied()
            .find(|id| id.name().eq_ignore_ascii_case(&wanted))
    }
}

impl std::fmt::Display for CodeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Every code polc reports: the structural checks', the catalog's, the
/// `.pol` language's and the evaluator's, in that order.
pub fn all() -> impl Iterator<Item = &'static Code> {
    MODEL
        .iter()
        .copied()
        .chain(catalog::all())
        .chain(dsl::DSL.iter().copied())
        .chain(evaluator::EVALUATOR.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::{CodeId, all};

    #[test]
    fn every_code_id_is_declared_exactly_once() {
        for id in CodeId::ALL {
            let declared = all().filter(|c| c.id == *id).count();
            assert_eq!(declared, 1, "{id} is declared {declared} times");
        }
        assert_eq!(all().count(), CodeId::ALL.len());
        for code in all() {
            assert_eq!(code.name, code.id.name());
        }
    }
}
