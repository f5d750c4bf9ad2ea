//! The typed IAM policy document.
//!
//! A [`Policy`] value is always structurally well formed: an effect and an
//! action element on every statement, known condition operators, principals
//! of known kinds. What JSON allows but IAM does not is reported when the
//! document is read (see [`crate::read`]) and never reaches these types.
//!
//! Every element remembers how it was written where IAM allows two forms —
//! a lone string or an array ([`OneOrMany`]), the order of keys — so that
//! writing a read document back gives an equal document.

use indexmap::IndexMap;

use crate::Text;
use crate::condition::{ConditionOperator, ConditionValue};

/// An IAM policy document.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// `Version`; `None` when absent (policy variables are then literal).
    pub version: Option<Version>,
    /// `Id`.
    pub id: Option<Text>,
    /// `Statement`: one object or an array.
    pub statement: OneOrMany<Statement>,
    /// The order in which the top-level keys were written. Keys present but
    /// not listed are written after these, in canonical order.
    pub key_order: Vec<PolicyKey>,
}

/// The top-level keys of a policy document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyKey {
    /// `Version`
    Version,
    /// `Id`
    Id,
    /// `Statement`
    Statement,
}

impl PolicyKey {
    /// Canonical order.
    pub const ALL: [Self; 3] = [Self::Version, Self::Id, Self::Statement];

    /// The JSON key.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Version => "Version",
            Self::Id => "Id",
            Self::Statement => "Statement",
        }
    }
}

/// The policy language version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Version {
    /// `2012-10-17`: the current language, with policy variables.
    V2012_10_17,
    /// `2008-10-17`: the original language; `${...}` is literal text.
    V2008_10_17,
}

impl Version {
    /// The version string.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::V2012_10_17 => "2012-10-17",
            Self::V2008_10_17 => "2008-10-17",
        }
    }

    /// Parses a version string (exact match).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "2012-10-17" => Some(Self::V2012_10_17),
            "2008-10-17" => Some(Self::V2008_10_17),
            _ => None,
        }
    }
}

/// A lone value or an array of values, remembering which was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OneOrMany<T> {
    /// A lone value (`"Action": "ecs:RunTask"`).
    One(T),
    /// An array (`"Action": ["ecs:RunTask"]`), possibly of one item.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The values, in order.
    pub fn as_slice(&self) -> &[T] {
        match self {
            Self::One(value) => std::slice::from_ref(value),
            Self::Many(values) => values,
        }
    }

    /// Iterates over the values.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.as_slice().iter()
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Whether there is no value (only an empty array).
    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }

    /// The JSON path of value `index` under `base`: `base` itself for a lone
    /// value, `base[index]` for an array.
    pub fn item_path(&self, base: &crate::JsonPath, index: usize) -> crate::JsonPath {
        match self {
            Self::One(_) => base.clone(),
            Self::Many(_) => base.index(index),
        }
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// `Sid`.
    pub sid: Option<Text>,
    /// `Effect`.
    pub effect: Effect,
    /// `Principal` or `NotPrincipal`.
    pub principal: Option<PrincipalElement>,
    /// `Action` or `NotAction`.
    pub action: ActionElement,
    /// `Resource` or `NotResource` (absent in trust policies).
    pub resource: Option<ResourceElement>,
    /// `Condition`.
    pub condition: Option<Condition>,
    /// The order in which the keys were written; keys present but not
    /// listed are written after these, in canonical order.
    pub key_order: Vec<StatementKey>,
}

impl Statement {
    /// Whether the statement's `Action` (or `NotAction`, by leaving it
    /// out) names `action`, ignoring case; resources and conditions aside.
    ///
    /// ```
    /// let policy = polc_model::Policy::from_json_str(
    ///     r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}"#,
    ///     polc_model::PolicyType::Identity,
    /// ).unwrap();
    /// let statement = policy.statement.iter().next().unwrap();
    /// assert!(statement.names_action("ecs:RunTask"));
    /// assert!(!statement.names_action("IAM:PassRole"));
    /// ```
    pub fn names_action(&self, action: &str) -> bool {
        self.action
            .values
            .iter()
            .any(|a| crate::wildcard::matches_ignore_case(a, action))
            != self.action.not
    }
}

/// The keys a statement may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatementKey {
    /// `Sid`
    Sid,
    /// `Effect`
    Effect,
    /// `Principal` or `NotPrincipal`
    Principal,
    /// `Action` or `NotAction`
    Action,
    /// `Resource` or `NotResource`
    Resource,
    /// `Condition`
    Condition,
}

impl StatementKey {
    /// Canonical order.
    pub const ALL: [Self; 6] = [
        Self::Sid,
        Self::Effect,
        Self::Principal,
        Self::Action,
        Self::Resource,
        Self::Condition,
    ];
}

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effect {
    /// `Allow`
    Allow,
    /// `Deny`
    Deny,
}

impl Effect {
    /// The JSON value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Allow => "Allow",
            Self::Deny => "Deny",
        }
    }
}

/// `Action` (`not == false`) or `NotAction` (`not == true`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionElement {
    /// Whether this is `NotAction`.
    pub not: bool,
    /// The action patterns as written (`ecs:Describe*`, `*`).
    pub values: OneOrMany<Text>,
}

impl ActionElement {
    /// `Action` or `NotAction`.
    pub const fn key(&self) -> &'static str {
        if self.not { "NotAction" } else { "Action" }
    }
}

/// `Resource` (`not == false`) or `NotResource` (`not == true`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceElement {
    /// Whether this is `NotResource`.
    pub not: bool,
    /// The resource patterns as written (ARNs with wildcards, `*`).
    pub values: OneOrMany<Text>,
}

impl ResourceElement {
    /// `Resource` or `NotResource`.
    pub const fn key(&self) -> &'static str {
        if self.not { "NotResource" } else { "Resource" }
    }
}

/// `Principal` (`not == false`) or `NotPrincipal` (`not == true`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalElement {
    /// Whether this is `NotPrincipal`.
    pub not: bool,
    /// The principals.
    pub value: Principal,
}

impl PrincipalElement {
    /// `Principal` or `NotPrincipal`.
    pub const fn key(&self) -> &'static str {
        if self.not {
            "NotPrincipal"
        } else {
            "Principal"
        }
    }
}

/// The value of a `Principal` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// `"*"`: everyone, anonymous users included.
    Any,
    /// `{"AWS": ..., "Service": ...}`, in the order written.
    Map(IndexMap<PrincipalKind, OneOrMany<Text>>),
}

/// The kinds of principal a `Principal` object names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrincipalKind {
    /// `AWS`: accounts, users, roles, sessions.
    Aws,
    /// `Service`: AWS service principals (`ecs-tasks.amazonaws.com`).
    Service,
    /// `Federated`: identity providers.
    Federated,
    /// `CanonicalUser`: S3 canonical user ids.
    CanonicalUser,
}

impl PrincipalKind {
    /// All kinds.
    pub const ALL: [Self; 4] = [
        Self::Aws,
        Self::Service,
        Self::Federated,
        Self::CanonicalUser,
    ];

    /// The JSON key.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Aws => "AWS",
            Self::Service => "Service",
            Self::Federated => "Federated",
            Self::CanonicalUser => "CanonicalUser",
        }
    }

    /// Parses a JSON key (exact match).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The `Condition` element: operators, each with its keys and values, in
/// the order written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Condition(pub IndexMap<ConditionOperator, ConditionBlock>);

impl Condition {
    /// Every (operator, key, values) of the condition, in the order written.
    pub fn entries(
        &self,
    ) -> impl Iterator<Item = (&ConditionOperator, &str, &OneOrMany<ConditionValue>)> {
        self.0.iter().flat_map(|(op, block)| {
            block
                .0
                .iter()
                .map(move |(key, values)| (op, key.as_str(), values))
        })
    }
}

/// The keys under one condition operator, with their values, in the order
/// written. Keys are kept as written (IAM compares them case-insensitively).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConditionBlock(pub IndexMap<Text, OneOrMany<ConditionValue>>);
