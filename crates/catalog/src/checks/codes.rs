//! The codes of the catalog checks. They are declared, with their
//! documentation, beside every other code in `policy_model::codes`.

pub use policy_model::codes::catalog::*;
