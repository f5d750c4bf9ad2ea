//! What AWS IAM policies allow, by meaning: the difference between two
//! sets of identity policies, as regions of requests, each with an
//! example request that the evaluator decides as the region says.
//!
//! ```
//! use polc_model::{Policy, PolicyType};
//! let old = Policy::from_json_str(
//!     r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*"}]}"#,
//!     PolicyType::Identity,
//! ).unwrap();
//! let new = Policy::from_json_str(
//!     r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::*"}]}"#,
//!     PolicyType::Identity,
//! ).unwrap();
//! let diff = polc_analysis::diff(&[("old", &old)], &[("new", &new)], polc_catalog::Reference::embedded()).unwrap();
//! assert_eq!(diff.added.len(), 1);
//! assert_eq!(diff.added[0].actions, ["s3:GetObject"]);
//! assert_eq!(diff.added[0].excluding, ["arn:aws:s3:::logs/*"]);
//! assert!(diff.removed.is_empty() && diff.undecided.is_empty());
//! ```

mod diff;
mod glob;
mod minimize;
mod space;
mod typed;
mod universe;
mod within;

pub use diff::{Change, Diff, DiffError, Example, Layer, Principal, Region, diff, diff_sets};
pub use minimize::minimize;
pub use within::{WITHIN, Within};
