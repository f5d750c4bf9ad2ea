#![doc = include_str!("../README.md")]

pub use polc_evaluator as evaluator;
pub use polc_model as model;

#[cfg(feature = "compiler")]
pub use polc_catalog as catalog;
#[cfg(feature = "compiler")]
pub use polc_dsl as dsl;

pub use polc_evaluator::{
    CompileError, CompileErrorKind, ContextValue, Decision, Explanation, Matched, PolicyKind,
    PolicySet, PolicySetBuilder, PolicySource, PrincipalType, Reason, Request, RequestError,
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
