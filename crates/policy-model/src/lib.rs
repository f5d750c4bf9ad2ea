//! AWS IAM policy documents as Rust types.
//!
//! This crate reads IAM policy JSON without losing anything (key order, the
//! lone-string-or-array form of every element, the JSON type of condition
//! values, the source span of every element), types it as a [`Policy`],
//! validates its structure with precise locations, and writes it back.
//! It also parses the small languages inside policies: [`Arn`]s,
//! [`ActionPattern`]s and policy [`variable`]s.
//!
//! It knows the IAM policy grammar and the global condition keys, nothing
//! of individual AWS services: checks against the service reference live in
//! `polc-catalog`, request evaluation in `polc-evaluator`.
//!
//! ```
//! use polc_model::{check, CheckOptions, PolicyType};
//!
//! let text = r#"{"Version": "2012-10-17",
//!   "Statement": [{"Effect": "Allow", "Action": "ecs:ListClusters", "Principal": "*", "Resource": "*"}]}"#;
//! let checked = check(text, &CheckOptions::new(PolicyType::Identity));
//! let finding = &checked.findings[0];
//! assert_eq!(finding.code.name, "UNSUPPORTED_ELEMENT_FOR_POLICY_TYPE");
//! assert_eq!(finding.location.path.to_string(), "Statement[0].Principal");
//! let span = finding.location.span.unwrap();
//! assert_eq!(&text[span.start..span.end], "\"Principal\"");
//! ```

pub mod action;
pub mod arn;
mod characters;
pub mod codes;
pub mod condition;
pub mod diagnostic;
pub mod file;
pub mod finding;
pub mod json;
pub mod named;
pub mod path;
pub mod pattern;
pub mod policy;
pub mod read;
pub mod report;
pub mod sarif;
pub mod scope;
mod serde_policy;
pub mod size;
pub mod span;
pub mod suggest;
pub mod suppress;
mod text;
pub mod validate;
pub mod variable;
pub mod wildcard;
mod write;

pub use action::ActionPattern;
pub use arn::Arn;
pub use finding::{Code, Finding, Location, Severity};
pub use named::{NamedPolicy, PolicyFile};
pub use path::{JsonPath, PathSegment};
pub use policy::{
    ActionElement, Condition, ConditionBlock, Effect, OneOrMany, Policy, Principal,
    PrincipalElement, PrincipalKind, ResourceElement, Statement, Version,
};
pub use span::{LineIndex, Position, Span};
pub use text::Text;
pub use validate::PolicyType;

use condition::{GlobalKeys, KeyTypes};
use json::Json;

/// What [`check`] needs to know besides the text.
#[derive(Clone, Copy)]
pub struct CheckOptions<'a> {
    /// The kind of policy the text is.
    pub policy_type: PolicyType,
    /// Where condition-key types come from (the catalog knows every
    /// service; [`GlobalKeys`] only the `aws:` keys).
    pub key_types: &'a dyn KeyTypes,
}

impl CheckOptions<'static> {
    /// Options for `policy_type`, with the global condition keys only.
    pub fn new(policy_type: PolicyType) -> Self {
        Self {
            policy_type,
            key_types: &GlobalKeys,
        }
    }
}

impl std::fmt::Debug for CheckOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckOptions")
            .field("policy_type", &self.policy_type)
            .finish_non_exhaustive()
    }
}

/// A policy text that was checked: its JSON tree and typed form (as far as
/// they could be read) and every structural finding, located.
#[derive(Debug, Clone)]
pub struct Checked<'a> {
    /// The JSON tree, when the text is JSON.
    pub json: Option<Json<'a>>,
    /// The typed policy, when the tree is one. When `findings` holds an
    /// error, elements that could not be typed are missing from it: use it
    /// for further checks, never for decisions.
    pub policy: Option<Policy>,
    /// The JSON path of each statement of `policy` (statements that could
    /// not be typed are missing from `policy`).
    pub statement_paths: Vec<JsonPath>,
    /// The findings, located, top to bottom.
    pub findings: Vec<Finding>,
}

impl Checked<'_> {
    /// Whether a finding is at error level.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// Adds the findings of further checks of `policy`, locating them in
    /// the JSON tree and keeping the report in top-to-bottom order.
    pub fn extend(&mut self, findings: impl IntoIterator<Item = Finding>) {
        for mut finding in findings {
            if let Some(json) = &self.json {
                finding.locate(json);
            }
            self.findings.push(finding);
        }
        self.findings
            .sort_by_key(|f| f.location.span.map_or(0, |s| s.start));
    }
}

/// Parses, reads and validates a policy text: JSON syntax, the policy
/// grammar, the rules of the policy type, Sids, condition operators and
/// qualifiers, policy variables and the size quota. All findings are
/// reported, each with its JSON path and span.
pub fn check<'a>(text: &'a str, options: &CheckOptions<'_>) -> Checked<'a> {
    let (json, counts) = match json::parse_counting(text) {
        Ok(parsed) => parsed,
        Err(error) => {
            let finding = Finding::new(
                &codes::JSON_SYNTAX_ERROR,
                error.message,
                Location::at(error.span),
            )
            .with_help(
                "a policy is one JSON object: check quotes, commas and brackets near the mark",
            );
            return Checked {
                json: None,
                policy: None,
                statement_paths: Vec::new(),
                findings: vec![finding],
            };
        }
    };
    let read::ReadPolicy {
        policy,
        statement_paths,
        mut findings,
    } = read::read_policy_of(&json, &std::sync::Arc::from(text));
    if let Some(policy) = &policy {
        let structural = findings.len();
        // Without a `$` in a string (nor an escape that could write one),
        // no string has a policy variable.
        findings.extend(validate::validate_read(
            policy,
            &statement_paths,
            options.policy_type,
            options.key_types,
            counts.dollars,
        ));
        // A `Condition` whose operators could not be read is empty to the
        // checks, not in the document: its operators' findings say it.
        let (read, checked) = findings.split_at(structural.min(findings.len()));
        let unread: Vec<&JsonPath> = read
            .iter()
            .filter(|f| {
                f.code.id == codes::CodeId::INVALID_CONDITION_OPERATOR
                    || f.code.id == codes::CodeId::NULL_WITH_IF_EXISTS
            })
            .map(|f| &f.location.path)
            .collect();
        if !unread.is_empty()
            && checked
                .iter()
                .any(|f| f.code.id == codes::CodeId::EMPTY_OBJECT_CONDITION)
        {
            let keep: Vec<bool> = findings
                .iter()
                .map(|f| {
                    f.code.id != codes::CodeId::EMPTY_OBJECT_CONDITION
                        || !unread.iter().any(|u| u.0.starts_with(&f.location.path.0))
                })
                .collect();
            let mut keep = keep.into_iter();
            findings.retain(|_| keep.next().unwrap_or(true));
        }
    }
    // The size IAM counts is never more than the text's length (the
    // writer's escapes are the shortest there are, and whitespace does not
    // count): a text within the quota needs no counting.
    // (Past ASCII, a character may be written as an escape twice as long
    // as its bytes, or three times: `\u4e2d` for `中`.)
    let bound = if text.is_ascii() {
        text.len()
    } else {
        text.len().saturating_mul(3)
    };
    let within_quota = options
        .policy_type
        .quota()
        .is_none_or(|quota| bound <= quota.warn);
    if json.as_object().is_some() && !within_quota {
        let size = match options.policy_type {
            PolicyType::Scp => text.chars().count(),
            _ => size::iam_size_of_text(text, &json, counts.spaces),
        };
        findings.extend(size::size_finding(options.policy_type, size));
    }
    findings.extend(characters::unsupported_character(
        text,
        &json,
        options.policy_type,
    ));
    for finding in &mut findings {
        finding.locate(&json);
    }
    // Top to bottom, as a reader goes through the file.
    findings.sort_by_key(|f| f.location.span.map_or(0, |s| s.start));
    Checked {
        json: Some(json),
        policy,
        statement_paths,
        findings,
    }
}

/// Why [`Policy::from_json_str`] refused a text: its error-level findings.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the policy is not valid: {}", .0.first().map_or("", |f| f.message.as_str()))]
pub struct InvalidPolicy(pub Vec<Finding>);

impl Policy {
    /// Reads a policy for use in decisions: any error-level structural
    /// finding refuses it (the evaluator must never act on a policy it did
    /// not fully understand), except the advisory ones
    /// ([`codes::CodeId::is_advisory`]: exact in meaning, accepted by IAM,
    /// but not what was meant). Checked as `policy_type` with the global
    /// keys.
    ///
    /// # Errors
    /// [`InvalidPolicy`] with the error-level findings.
    pub fn from_json_str(text: &str, policy_type: PolicyType) -> Result<Self, InvalidPolicy> {
        let checked = check(text, &CheckOptions::new(policy_type));
        let errors: Vec<Finding> = checked
            .findings
            .into_iter()
            .filter(Finding::refuses_policy)
            .collect();
        match checked.policy {
            Some(policy) if errors.is_empty() => Ok(policy),
            _ => Err(InvalidPolicy(errors)),
        }
    }
}

/// The README's examples, run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
