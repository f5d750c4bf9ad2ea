//! The IAM request evaluator.
//!
//! This crate will own the decision of an authorization request exactly as
//! AWS IAM makes it: matching of Action/NotAction, Resource/NotResource and
//! Principal/NotPrincipal, every condition operator, policy variables, and
//! the combination of identity, resource-based, boundary, session and SCP
//! policies into `ALLOW`, `EXPLICIT_DENY` or `IMPLICIT_DENY`, with an
//! explanation of which statements decided.
//!
//! It depends on `policy-model` only; it knows nothing of the catalog or of
//! the `.pol` language. It is not built yet: nothing here is usable today.
