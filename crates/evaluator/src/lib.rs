//! The IAM request evaluator: decides authorization requests as AWS IAM
//! does, and explains why.
//!
//! Policies are validated and compiled once into a [`PolicySet`] — actions
//! indexed by name and service, wildcard patterns precompiled, condition
//! values parsed — and then decide any number of [`Request`]s without
//! allocating. A policy the evaluator does not fully understand is refused
//! when added ([`CompileError`]), never treated as allowing anything.
//!
//! ```
//! use polc_evaluator::{Decision, PolicyKind, PolicySet, PolicySource, Request};
//!
//! let mut set = PolicySet::new();
//! set.add_json(PolicyKind::Identity, PolicySource { name: "task-role.json", text: r#"{
//!   "Version": "2012-10-17",
//!   "Statement": [
//!     {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject",
//!      "Resource": "arn:aws:s3:::assets/${aws:PrincipalTag/team}/*"},
//!     {"Effect": "Deny", "Action": "s3:*", "Resource": "*",
//!      "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}"# })?;
//!
//! let request = Request::new("s3:GetObject", "arn:aws:s3:::assets/web/logo.png")
//!     .principal("arn:aws:sts::111122223333:assumed-role/web-task/7f3a")
//!     .resource_account("111122223333") // S3 ARNs name no account
//!     .context("aws:PrincipalTag/team", "web")
//!     .context("aws:SecureTransport", "true");
//! assert_eq!(set.evaluate(&request), Decision::Allow);
//!
//! let why = set.explain(&request.clone().context("aws:PrincipalTag/team", "data"));
//! assert_eq!(why.decision, Decision::ImplicitDeny);
//! assert_eq!(why.near_misses[0].failed.element(), "Resource");
//! # Ok::<(), polc_evaluator::CompileError>(())
//! ```
//!
//! The semantics, and the readings chosen where AWS's documents leave a
//! case open, are in the crate's `README.md`.

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
#[doc(hidden)]
pub use pattern::Pattern;
#[doc(hidden)]
pub use principal::Grant;
pub use request::{ContextValue, PrincipalType, Request, RequestLimits};
pub use set::{
    Decision, Matched, PolicyKind, PolicySet, PolicySetBuilder, PolicySource, ScpLevelNeeded,
};
