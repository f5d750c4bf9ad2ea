//! The codes of the evaluator's refusals: why a policy could not be
//! loaded for decisions. They are declared, with their documentation,
//! beside every other code in `policy_model::codes`; structural errors keep
//! `policy-model`'s codes, and a `Principal` IAM would refuse is
//! `INVALID_PRINCIPAL`.

pub use policy_model::codes::evaluator::*;
