//! A JSON tree that keeps what IAM policy tooling needs and `serde_json`
//! drops: the source span of every value and key, object members in their
//! order (duplicates included, so they can be reported), and numbers as
//! their original text.

mod parser;
mod serde_impl;
mod value;
mod writer;

pub(crate) use parser::parse_counting;
pub use parser::{MAX_DEPTH, MAX_INPUT_BYTES, ParseError, parse};
pub use value::{Json, JsonKind, Member};
pub use writer::{Style, write_json};
