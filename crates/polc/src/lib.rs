//! polc as a library: AWS IAM policies in a Rust service.
//!
//! One dependency gives the pieces a service needs:
//!
//! - [`policy!`] and [`include_policy!`] compile `.pol` policies when the
//!   crate is compiled, checked against the catalog of AWS actions (a
//!   typo in an action is a compile error), into [`PolicyFile`] and
//!   [`NamedPolicy`] values;
//! - [`PolicySet`] decides [`Request`]s as IAM does and explains each
//!   [`Decision`] ([`PolicySet::explain`]);
//! - [`model`] reads and writes IAM JSON with source locations;
//!   [`dsl`] compiles `.pol` at run time, and [`catalog`] knows every
//!   service's actions, resource types and condition keys (feature
//!   `compiler`, on by default).
//!
//! ```
//! use polc::{PolicySet, Request};
//!
//! let file = polc::policy! {
//!     policy Viewer {
//!         allow ecs:DescribeTasks on "arn:aws:ecs:us-east-1:111122223333:task/prod/*"
//!     }
//! };
//! let viewer = file.get("Viewer").expect("the block is in the file");
//! // The block's type says what it is: an identity policy.
//! let set = PolicySet::builder().named(viewer).build()?;
//!
//! let alice = "arn:aws:iam::111122223333:user/alice";
//! let read = Request::new("ecs:DescribeTasks", "arn:aws:ecs:us-east-1:111122223333:task/prod/1").principal(alice);
//! assert!(set.evaluate(&read).is_allowed());
//! let write = Request::new("ecs:StopTask", "arn:aws:ecs:us-east-1:111122223333:task/prod/1").principal(alice);
//! assert!(!set.evaluate(&write).is_allowed());
//! println!("{}", set.explain(&write).decision.as_str());
//! # Ok::<(), polc::CompileError>(())
//! ```
//!
//! A [`PolicySet`] is built once and shared: it is `Send + Sync`, and
//! deciding takes `&self`, so threads share one behind an `Arc`.
//!
//! The macros expand to paths through this crate (`$crate`), so they work
//! under any name the depending crate gives it.
//!
//! Features: `macros` (default) the two macros; `compiler` (default) the
//! run-time compiler and catalog; `serde` `Serialize` for decisions and
//! explanations.

pub use polc_evaluator as evaluator;
pub use polc_model as model;

#[cfg(feature = "compiler")]
pub use polc_catalog as catalog;
#[cfg(feature = "compiler")]
pub use polc_dsl as dsl;

pub use polc_evaluator::{
    CompileError, CompileErrorKind, ContextValue, Decision, Explanation, PolicyKind, PolicySet,
    PolicySetBuilder, PolicySource, PrincipalType, Reason, Request,
};
pub use polc_model::{
    Effect, Finding, JsonPath, NamedPolicy, Policy, PolicyFile, PolicyType, Severity, Span,
};

/// What the macros expand through; not part of the API.
#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "macros")]
    pub use polc_macros::{include_policy, policy};
}

/// Compiles inline `.pol` text into a [`PolicyFile`] when the crate is
/// compiled; an error in the text is a compile error that points at it.
///
/// ```
/// let file = polc::policy! {
///     trust TaskRole {
///         allow service "ecs-tasks.amazonaws.com" to sts:AssumeRole
///             if aws:SourceAccount == "111122223333"
///     }
/// };
/// assert_eq!(file.names().collect::<Vec<_>>(), ["TaskRole"]);
/// ```
///
/// `ecs:DescribeCluster` does not exist, so this does not compile:
///
/// ```compile_fail
/// let file = polc::policy! {
///     policy Ops { allow ecs:DescribeCluster on "*" }
/// };
/// ```
///
/// The language: `docs/language.md` in the repository.
#[cfg(feature = "macros")]
#[macro_export]
macro_rules! policy {
    ($($tokens:tt)*) => {
        $crate::__private::policy! { $crate; $($tokens)* }
    };
}

/// Compiles a `.pol` file (relative to the crate's `Cargo.toml`) into a
/// [`PolicyFile`] when the crate is compiled; with `block = "Name"`, into
/// that block's [`NamedPolicy`]. Other arguments are the file's
/// parameters, as string literals.
///
/// ```ignore
/// let web = polc::include_policy!(
///     "policies/web-service.pol",
///     account = "111122223333",
///     block = "WebTask",
/// );
/// ```
#[cfg(feature = "macros")]
#[macro_export]
macro_rules! include_policy {
    ($($tokens:tt)*) => {
        $crate::__private::include_policy! { $crate; $($tokens)* }
    };
}
