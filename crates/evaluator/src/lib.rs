#![doc = include_str!("../README.md")]

pub mod batch;
mod bits;
pub mod codes;
mod compile;
mod condition;
mod explain;
mod fold;
pub mod json;
pub mod output;
mod pattern;
mod principal;
mod request;
mod set;

pub use compile::{CompileError, CompileErrorKind};
pub use explain::{
    Explanation, Failure, MAX_NEAR_MISSES, NearMiss, Reason, StatementRef, Undecided,
};
pub use json::RequestError;
#[doc(hidden)]
pub use pattern::Pattern;
/// The types of `polc-model` this crate's API names, so that a user needs
/// no second dependency to name them.
pub use polc_model::{Effect, Finding, JsonPath, NamedPolicy, Policy, PolicyFile, PolicyType};
#[doc(hidden)]
pub use principal::Grant;
pub use request::{ALWAYS_SENT_KEYS, IMPLIED_KEYS};
pub use request::{ContextValue, PrincipalType, Request, RequestLimits};
pub use set::{
    Decision, Matched, PolicyKind, PolicySet, PolicySetBuilder, PolicySource, ScpLevelNeeded,
};
