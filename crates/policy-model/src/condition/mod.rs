//! Condition operators, values and condition-key types.

mod global_keys_data;
mod keys;
mod operator;
mod value;
pub mod values;

pub use keys::{GlobalKeys, KeyType, KeyTypes};
pub use operator::{BaseOperator, ConditionOperator, OperatorError, OperatorFamily, SetQualifier};
pub use value::ConditionValue;
