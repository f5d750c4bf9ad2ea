//! Access Analyzer's policy-check codes that polc reports under another
//! code, or does not check (`docs/checks.md`, "Access Analyzer parity",
//! says why; a test keeps the two in step): `polc explain` takes them.

use super::CodeId;

/// What polc does with one of Access Analyzer's codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AccessAnalyzerCode {
    /// Reported under this polc code.
    ReportedAs(CodeId),
    /// Not checked (it needs the account, the cloud or data polc does not
    /// carry).
    NotChecked,
}

/// Access Analyzer's code `name` (case-insensitive) when polc has no code
/// of that name: the polc code it is reported under, or that it is not
/// checked. `None` for names polc uses too, and names Access Analyzer
/// does not have.
///
/// ```
/// use polc_model::codes::{CodeId, access_analyzer::{AccessAnalyzerCode, lookup}};
/// assert_eq!(
///     lookup("UNIQUE_SIDS_REQUIRED"),
///     CodeId::from_name("DUPLICATE_SID").map(AccessAnalyzerCode::ReportedAs)
/// );
/// assert_eq!(lookup("MISSING_VERSION"), None);
/// ```
pub fn lookup(name: &str) -> Option<AccessAnalyzerCode> {
    let name = name.trim().replace('-', "_").to_ascii_uppercase();
    if let Some((_, polc)) = REPORTED_AS.iter().find(|(aa, _)| *aa == name) {
        return CodeId::from_name(polc).map(AccessAnalyzerCode::ReportedAs);
    }
    NOT_CHECKED
        .contains(&name.as_str())
        .then_some(AccessAnalyzerCode::NotChecked)
}

/// Access Analyzer's code and the polc code it is reported under.
pub const REPORTED_AS: &[(&str, &str)] = &[
    ("ARN_ACCOUNT_NOT_ALLOWED", "RESOURCE_MISMATCH"),
    ("ARN_REGION_NOT_ALLOWED", "RESOURCE_MISMATCH"),
    ("DATA_TYPE_MISMATCH", "INVALID_POLICY_ELEMENT"),
    ("INVALID_ARN_SERVICE_CASE", "INVALID_ARN_SERVICE"),
    ("INVALID_CONDITION_DATA_TYPE", "INVALID_POLICY_ELEMENT"),
    ("INVALID_PARTITION", "INVALID_ARN_PARTITION"),
    ("INVALID_PRINCIPAL_FORMAT", "INVALID_POLICY_ELEMENT"),
    ("INVALID_PRINCIPAL_KEY", "INVALID_POLICY_ELEMENT"),
    ("INVALID_VARIABLE_FOR_OPERATOR", "INVALID_VARIABLE"),
    ("MISSING_ARN_ACCOUNT", "RESOURCE_MISMATCH"),
    ("MISSING_ARN_FIELD", "INVALID_ARN_RESOURCE"),
    ("MISSING_ARN_REGION", "RESOURCE_MISMATCH"),
    ("MISSING_BRACE_IN_VARIABLE", "INVALID_VARIABLE"),
    ("MISSING_PRINCIPAL", "UNSUPPORTED_ELEMENT_FOR_POLICY_TYPE"),
    ("MISSING_QUOTE_IN_VARIABLE", "INVALID_VARIABLE"),
    (
        "MISSING_TAG_KEY_IN_CONDITION",
        "INVALID_GLOBAL_CONDITION_KEY",
    ),
    (
        "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
        "UNSUPPORTED_ELEMENT_FOR_POLICY_TYPE",
    ),
    (
        "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
        "UNSUPPORTED_ELEMENT_FOR_POLICY_TYPE",
    ),
    (
        "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
        "PUBLIC_PRINCIPAL",
    ),
    (
        "SCP_SYNTAX_ERROR_PRINCIPAL",
        "UNSUPPORTED_ELEMENT_FOR_POLICY_TYPE",
    ),
    ("UNIQUE_SIDS_REQUIRED", "DUPLICATE_SID"),
    ("UNSUPPORTED_ELEMENT_COMBINATION", "INVALID_POLICY_ELEMENT"),
    (
        "UNSUPPORTED_GLOBAL_CONDITION_KEY",
        "INVALID_GLOBAL_CONDITION_KEY",
    ),
    (
        "UNSUPPORTED_PRINCIPAL",
        "UNSUPPORTED_ELEMENT_FOR_POLICY_TYPE",
    ),
    ("UNSUPPORTED_SID", "INVALID_SID"),
    ("UNSUPPORTED_SPACE_IN_VARIABLE", "INVALID_VARIABLE"),
    ("UNSUPPORTED_WILDCARD_IN_PRINCIPAL", "INVALID_PRINCIPAL"),
    ("VARIABLE_UNSUPPORTED_IN_ELEMENT", "INVALID_VARIABLE"),
    (
        "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
        "ALLOW_WITH_NOT_ACTION_AND_STAR_RESOURCE",
    ),
    (
        "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
        "ALLOW_WITH_NOT_ACTION_AND_STAR_RESOURCE",
    ),
    (
        "DEPRECATED_GLOBAL_CONDITION_KEY",
        "INVALID_GLOBAL_CONDITION_KEY",
    ),
    ("UNIQUE_SIDS_RECOMMENDED", "DUPLICATE_SID"),
    ("EMPTY_ARRAY_PRINCIPAL", "INVALID_POLICY_ELEMENT"),
    ("EMPTY_OBJECT_PRINCIPAL", "INVALID_POLICY_ELEMENT"),
];

/// Access Analyzer's codes polc does not check.
pub const NOT_CHECKED: &[&str] = &[
    "INVALID_KMS_KEY_VALUE",
    "INVALID_REGION",
    "POLICY_SIZE_EXCEEDS_RCP_QUOTA",
    "RCP_SYNTAX_ERROR_ACTION",
    "RCP_SYNTAX_ERROR_ALLOW",
    "RCP_SYNTAX_ERROR_NOTACTION",
    "RCP_SYNTAX_ERROR_PRINCIPAL",
    "SCP_SYNTAX_ERROR_ACTION_WILDCARD",
    "UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL",
    "UNSUPPORTED_RESOURCE_ARN_IN_POLICY",
    "VARIABLE_USAGE_TOO_PERMISSIVE",
    "WILDCARD_USAGE_TOO_PERMISSIVE",
    "MISSING_PAIRED_CONDITION_KEYS",
    "INVALID_DATE_VALUE",
    "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA",
    "RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY",
    "RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY",
    "RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK",
    "USE_CONDITION_KEY_ONLY_WITH_SUPPORTED_SERVICES",
    "IRRELEVANT_CONDITION_KEY_IN_POLICY",
    "RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL",
];
