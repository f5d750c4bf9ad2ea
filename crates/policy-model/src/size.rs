//! Policy size as AWS counts it for its quotas.

use std::fmt::{self, Write};

use crate::JsonPath;
use crate::codes;
use crate::finding::{Finding, Location, Severity};
use crate::json::{Json, Style, write_json};
use crate::validate::PolicyType;

/// The size IAM counts against its quotas: the characters of the document
/// without the whitespace between elements. Whitespace inside strings is
/// counted — AWS does not say whether it is, and counting it is the stricter
/// reading.
///
/// ```
/// let doc = policy_model::json::parse(r#"{ "Version" : "2012-10-17" }"#).unwrap();
/// assert_eq!(policy_model::size::iam_size(&doc), r#"{"Version":"2012-10-17"}"#.len());
/// ```
pub fn iam_size(json: &Json) -> usize {
    let mut counter = CharCounter(0);
    // Counting cannot fail.
    let _ = write_json(&mut counter, json, Style::Minified);
    counter.0
}

struct CharCounter(usize);

impl Write for CharCounter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.chars().count();
        Ok(())
    }
}

/// The quotas of a policy type: above `warn` a warning, above `error` an
/// error. `None` where AWS sets no single quota (resource-based policies:
/// each service has its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    /// Above this, the policy does not fit every place it could be used.
    pub warn: usize,
    /// Above this, AWS accepts it nowhere.
    pub error: usize,
}

impl PolicyType {
    /// The size quotas for this type of policy.
    pub const fn quota(self) -> Option<Quota> {
        match self {
            // Managed policy 6,144; all inline policies of a role 10,240.
            Self::Identity => Some(Quota {
                warn: 6_144,
                error: 10_240,
            }),
            // 2,048 by default, 4,096 at most after a quota increase.
            Self::Trust => Some(Quota {
                warn: 2_048,
                error: 4_096,
            }),
            Self::Scp => Some(Quota {
                warn: 5_120,
                error: 5_120,
            }),
            Self::Resource => None,
        }
    }
}

/// The size finding for a policy of `size` characters, if it is over quota.
pub fn size_finding(policy_type: PolicyType, size: usize) -> Option<Finding> {
    let quota = policy_type.quota()?;
    if size <= quota.warn {
        return None;
    }
    let severity = if size > quota.error {
        Severity::Error
    } else {
        Severity::Warning
    };
    let (code, message, help) = match policy_type {
        PolicyType::Identity if severity == Severity::Error => (
            &codes::POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA,
            format!(
                "the policy is {size} characters (without whitespace); no identity policy may exceed {}",
                quota.error
            ),
            "split it into several policies, or use wildcards that mean exactly the actions listed",
        ),
        PolicyType::Identity => (
            &codes::POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA,
            format!(
                "the policy is {size} characters (without whitespace), over the {} of a managed policy; only a role's inline policies may be larger",
                quota.warn
            ),
            "split it into several managed policies, or use wildcards that mean exactly the actions listed",
        ),
        PolicyType::Trust if severity == Severity::Error => (
            &codes::POLICY_SIZE_EXCEEDS_TRUST_POLICY_QUOTA,
            format!(
                "the trust policy is {size} characters (without whitespace), over the {} a role trust policy may have even after a quota increase",
                quota.error
            ),
            "trust an account or use conditions instead of listing principals one by one",
        ),
        PolicyType::Trust => (
            &codes::POLICY_SIZE_EXCEEDS_TRUST_POLICY_QUOTA,
            format!(
                "the trust policy is {size} characters (without whitespace), over the default quota of {}",
                quota.warn
            ),
            "request a higher quota for role trust policy length (up to 4,096), or shorten the policy",
        ),
        PolicyType::Scp | PolicyType::Resource => (
            &codes::POLICY_SIZE_EXCEEDS_SCP_QUOTA,
            format!(
                "the SCP is {size} characters (whitespace included), over the quota of {}",
                quota.error
            ),
            "minify the policy, merge statements, or split it into several SCPs",
        ),
    };
    Some(
        Finding::new(code, message, Location::value(JsonPath::root()))
            .with_severity(severity)
            .with_help(help),
    )
}
