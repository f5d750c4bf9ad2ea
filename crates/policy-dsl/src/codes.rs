//! The diagnostic codes of the `.pol` language. They are declared, with
//! their documentation, beside every other code in `policy_model::codes`;
//! findings of the emitted documents keep the codes of `policy-model` and
//! the catalog.

pub use policy_model::codes::dsl::*;
