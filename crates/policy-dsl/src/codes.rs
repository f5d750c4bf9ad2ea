//! The diagnostic codes of the `.pol` language. They are declared, with
//! their documentation, beside every other code in `polc_model::codes`;
//! findings of the emitted documents keep the codes of `polc-model` and
//! the catalog.

pub use polc_model::codes::dsl::*;
