//! The `.pol` policy language: grammar, compiler to IAM JSON, formatter,
//! importer.

pub mod ast;
pub mod codes;
pub mod compile;
pub mod fmt;
pub mod import;
pub mod parse;
pub mod transform;

pub use compile::{CompiledPolicy, Diagnostics, Options, Params, SourceMap, compile, compile_with};
