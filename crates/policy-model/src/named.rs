//! Named documents: the blocks of a `.pol` file once built, as the
//! `polc-macros` crate hands them to a program at compile time.

use crate::{Policy, PolicyType};

/// A policy document with its name and the type it was checked as.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedPolicy {
    /// The block's name (`WebTask` for `policy WebTask { ... }`).
    pub name: String,
    /// What the document is: an identity policy, a trust policy or a
    /// resource-based policy.
    pub policy_type: PolicyType,
    /// The document.
    pub policy: Policy,
}

/// The documents of one `.pol` file, in the order of its blocks.
///
/// ```
/// use polc_model::{NamedPolicy, Policy, PolicyFile, PolicyType};
///
/// let task = Policy::from_json_str(
///     r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#,
///     PolicyType::Identity,
/// )?;
/// let file = PolicyFile::new(vec![NamedPolicy {
///     name: "WebTask".into(),
///     policy_type: PolicyType::Identity,
///     policy: task,
/// }]);
/// assert_eq!(file.names().collect::<Vec<_>>(), ["WebTask"]);
/// assert!(file.get("WebTask").is_some());
/// assert!(file.get("webtask").is_none(), "names are case-sensitive");
/// # Ok::<(), polc_model::InvalidPolicy>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyFile {
    policies: Vec<NamedPolicy>,
}

impl PolicyFile {
    /// The file of `policies`, in order.
    pub const fn new(policies: Vec<NamedPolicy>) -> Self {
        Self { policies }
    }

    /// The document named `name` (exact, case-sensitive).
    pub fn get(&self, name: &str) -> Option<&NamedPolicy> {
        self.policies.iter().find(|p| p.name == name)
    }

    /// The block names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.policies.iter().map(|p| p.name.as_str())
    }

    /// The documents, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, NamedPolicy> {
        self.policies.iter()
    }

    /// The number of documents.
    pub fn len(&self) -> usize {
        self.policies.len()
    }

    /// Whether the file has no document.
    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
    }

    /// The documents, in order.
    pub fn into_vec(self) -> Vec<NamedPolicy> {
        self.policies
    }
}

impl<'a> IntoIterator for &'a PolicyFile {
    type Item = &'a NamedPolicy;
    type IntoIter = std::slice::Iter<'a, NamedPolicy>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl IntoIterator for PolicyFile {
    type Item = NamedPolicy;
    type IntoIter = std::vec::IntoIter<NamedPolicy>;

    fn into_iter(self) -> Self::IntoIter {
        self.policies.into_iter()
    }
}
