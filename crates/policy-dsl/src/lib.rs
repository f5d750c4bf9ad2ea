//! The `.pol` policy language: grammar, compiler to IAM JSON, formatter,
//! importer. The language is documented in `docs/language.md` (every
//! example there is a test).
//!
//! - [`parse`] — text → syntax tree ([`ast`]), every node with its span;
//!   syntax errors in words an author knows (`pol.pest` is the grammar).
//! - [`compile()`](mod@compile) — syntax tree → `polc_model` documents: parameters,
//!   bindings, interpolation that cannot form IAM policy variables, ARN
//!   builders and action groups from the catalog, `extends`/`except`,
//!   condition operators chosen by key type; then the catalog checks of the
//!   emitted documents, each finding mapped back into the `.pol` source
//!   ([`SourceMap`]). All errors of a file are reported in one run.
//! - [`fmt`] — the canonical layout (comments kept, idempotent).
//! - [`import`] — IAM JSON → `.pol` that builds back to an equal document.
//! - [`transform`] — what `polc build` may do to a document without
//!   changing what it grants: merge statements, sort lists, split over the
//!   size quota.
//! - [`codes`] — the `POL_` diagnostic codes, with their explain pages.
//!
//! It knows the catalog (to check and to build ARNs), never the evaluator.
//!
//! ```
//! use polc_dsl::{Params, compile};
//! let policies = compile(
//!     "trust TaskRole {\n  allow service \"ecs-tasks.amazonaws.com\" to sts:AssumeRole\n}\n",
//!     &Params::new(),
//!     polc_catalog::Reference::embedded(),
//! )
//! .unwrap();
//! assert!(policies[0].json().contains("\"Service\": \"ecs-tasks.amazonaws.com\""));
//! ```

mod arn_template;
pub mod ast;
pub mod builders;
pub mod codes;
pub mod compile;
#[cfg(feature = "config")]
pub mod config;
pub mod deploy;
pub mod files;
pub mod fmt;
pub mod ignores;
pub mod import;
mod operators;
mod params;
pub mod parse;
mod scan;
pub mod transform;

pub use compile::{
    CompiledPolicy, Diagnostics, Identify, Loader, Options, Params, SourceMap, compile,
    compile_with, file_identity, read_source,
};
pub use params::parse_params;

/// The README's examples, run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
