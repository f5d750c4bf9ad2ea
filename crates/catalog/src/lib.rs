//! What AWS documents.
//!
//! This crate will own the AWS Service Authorization Reference for every
//! service (actions, access levels, resource types with ARN formats,
//! condition keys, dependent actions), the Amazon ECS knowledge of the
//! documentation (managed policies, roles and their trust principals,
//! example policies), and the checks of `polc check` that need that
//! knowledge (unknown actions, resource mismatches, condition key types).
//!
//! It is not built yet: nothing here is usable today. The structural checks
//! that need no catalog live in `policy-model`.
