//! The codes of the catalog checks. They are declared, with their
//! documentation, beside every other code in `polc_model::codes`.

pub use polc_model::codes::catalog::*;
