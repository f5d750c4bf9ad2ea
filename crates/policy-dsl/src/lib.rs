//! The `.pol` policy language.
//!
//! This crate will own the pest grammar of `.pol` files, an AST whose nodes
//! carry source spans, the compiler from that AST to [`policy-model`]
//! documents (checked against the catalog before they are emitted), the
//! canonical formatter and the importer from IAM JSON back to `.pol`.
//!
//! It is not built yet: the language is specified in `docs/language.md` once
//! it exists (see the `.pol` issue). Nothing here is usable today.
//!
//! [`policy-model`]: https://docs.rs/policy-model
