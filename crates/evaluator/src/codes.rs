//! The codes of the evaluator's refusals: why a policy could not be
//! loaded for decisions. They are declared, with their documentation,
//! beside every other code in `polc_model::codes`; structural errors keep
//! `polc-model`'s codes, and a `Principal` IAM would refuse is
//! `INVALID_PRINCIPAL`.

pub use polc_model::codes::evaluator::*;
