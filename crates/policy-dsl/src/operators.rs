//! Condition operators as the language writes them (`==`, `like`, `in`):
//! which IAM operator each is for a key's type. Used by the compiler and
//! the importer.

use polc_model::condition::{BaseOperator, KeyType};

use crate::ast::ShortOp;

pub(crate) fn key_type_name(t: KeyType) -> &'static str {
    match t {
        KeyType::String | KeyType::ArrayOfString => "String",
        KeyType::Arn | KeyType::ArrayOfArn => "ARN",
        KeyType::Numeric | KeyType::ArrayOfNumeric => "Numeric",
        KeyType::Date => "Date",
        KeyType::Bool | KeyType::ArrayOfBool => "Bool",
        KeyType::IpAddress => "IP address",
        KeyType::Binary => "Binary",
    }
}

pub(crate) fn operators_for(t: Option<KeyType>) -> &'static str {
    match t {
        None | Some(KeyType::String | KeyType::ArrayOfString) => "`==`, `!=`, `like`, `not like`",
        Some(KeyType::Arn | KeyType::ArrayOfArn) => "`==`, `!=`, `like`, `not like`",
        Some(KeyType::Numeric | KeyType::ArrayOfNumeric | KeyType::Date) => {
            "`==`, `!=`, `<`, `<=`, `>`, `>=`"
        }
        Some(KeyType::Bool | KeyType::ArrayOfBool) => "`==`",
        Some(KeyType::IpAddress) => "`in`, `not in` (and `==`, `!=`)",
        Some(KeyType::Binary) => "`==`",
    }
}

/// The IAM operator of a short operator for a key type (`None` when the
/// type has none). Unknown keys are read as strings.
pub fn short_operator(op: ShortOp, key_type: Option<KeyType>) -> Option<BaseOperator> {
    use BaseOperator as B;
    #[derive(PartialEq)]
    enum F {
        S,
        A,
        N,
        D,
        Bo,
        I,
        Bi,
    }
    let family = match key_type {
        None | Some(KeyType::String | KeyType::ArrayOfString) => F::S,
        Some(KeyType::Arn | KeyType::ArrayOfArn) => F::A,
        Some(KeyType::Numeric | KeyType::ArrayOfNumeric) => F::N,
        Some(KeyType::Date) => F::D,
        Some(KeyType::Bool | KeyType::ArrayOfBool) => F::Bo,
        Some(KeyType::IpAddress) => F::I,
        Some(KeyType::Binary) => F::Bi,
    };
    Some(match (op, family) {
        (ShortOp::Exists | ShortOp::Missing, _) => B::Null,
        (ShortOp::Eq, F::S) => B::StringEquals,
        (ShortOp::Eq, F::A) => B::ArnEquals,
        (ShortOp::Eq, F::N) => B::NumericEquals,
        (ShortOp::Eq, F::D) => B::DateEquals,
        (ShortOp::Eq, F::Bo) => B::Bool,
        (ShortOp::Eq | ShortOp::In, F::I) => B::IpAddress,
        (ShortOp::Eq, F::Bi) => B::BinaryEquals,
        (ShortOp::Ne, F::S) => B::StringNotEquals,
        (ShortOp::Ne, F::A) => B::ArnNotEquals,
        (ShortOp::Ne, F::N) => B::NumericNotEquals,
        (ShortOp::Ne, F::D) => B::DateNotEquals,
        (ShortOp::Ne | ShortOp::NotIn, F::I) => B::NotIpAddress,
        (ShortOp::Lt, F::N) => B::NumericLessThan,
        (ShortOp::Le, F::N) => B::NumericLessThanEquals,
        (ShortOp::Gt, F::N) => B::NumericGreaterThan,
        (ShortOp::Ge, F::N) => B::NumericGreaterThanEquals,
        (ShortOp::Lt, F::D) => B::DateLessThan,
        (ShortOp::Le, F::D) => B::DateLessThanEquals,
        (ShortOp::Gt, F::D) => B::DateGreaterThan,
        (ShortOp::Ge, F::D) => B::DateGreaterThanEquals,
        (ShortOp::Like, F::S) => B::StringLike,
        (ShortOp::Like, F::A) => B::ArnLike,
        (ShortOp::NotLike, F::S) => B::StringNotLike,
        (ShortOp::NotLike, F::A) => B::ArnNotLike,
        _ => return None,
    })
}
