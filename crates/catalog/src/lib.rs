//! What AWS documents.
//!
//! This crate owns the AWS Service Authorization Reference for every
//! service — actions with their access levels, the resource types they
//! accept with ARN formats, condition keys with types, dependent actions —
//! embedded in the binary and decoded lazily ([`Reference`]).
//!
//! [`check`] runs the checks of `polc check` that need the reference
//! (unknown services, actions and condition keys, retired actions) on top
//! of the structural checks of `policy-model`.
//!
//! [`managed_policies`] are the AWS managed policies that concern ECS, as
//! data: the current versions, and the versions the ECS documentation shows.
//!
//! It will also own the rest of the Amazon ECS knowledge of the
//! documentation (the roles and their trust principals, the example
//! policies) and the checks that need it; those are not built yet.
//!
//! ```
//! use policy_catalog::{AccessLevel, Reference};
//! let reference = Reference::embedded();
//! let (service, action) = reference.action("ecs:runtask").unwrap();
//! assert_eq!((service.prefix, action.name), ("ecs", "RunTask"));
//! assert_eq!(action.access_level, AccessLevel::Write);
//! ```

pub mod checks;
pub mod ecs;
pub mod managed;
pub mod reference;

pub use checks::check;
pub use managed::{ManagedPolicy, managed_policies, managed_policy};

pub use reference::{
    AccessLevel, Action, ActionResource, ConditionKey, Reference, ResourceType, Service,
};
