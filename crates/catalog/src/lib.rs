//! What AWS documents.
//!
//! This crate owns the AWS Service Authorization Reference for every
//! service — actions with their access levels, the resource types they
//! accept with ARN formats, condition keys with types, dependent actions —
//! embedded in the binary and decoded lazily ([`Reference`]).
//!
//! [`check`] runs the checks of `polc check` that need what AWS documents
//! (services, actions, condition keys and their types, ARN formats,
//! dangerous grants, redundancy, dependent actions) on top of the
//! structural checks of `polc-model`; [`checks::roles`] and
//! [`checks::within`] read a policy against an ECS role or a baseline.
//!
//! [`managed_policies`] are every AWS managed policy (current versions,
//! embedded compressed, inflated on first use), and [`ecs`] the ECS
//! knowledge of the documentation: the roles with their
//! trusted services and jobs, the example policies as templates, the
//! wildcard-only actions.
//!
//! ```
//! use polc_catalog::{AccessLevel, Reference};
//! let reference = Reference::embedded();
//! let (service, action) = reference.action("ecs:runtask").unwrap();
//! assert_eq!((service.prefix, action.name), ("ecs", "RunTask"));
//! assert_eq!(action.access_level, AccessLevel::Write);
//! ```

pub mod checks;
pub mod ecs;
pub mod managed;
pub mod reference;

pub use checks::{check, check_with};
pub use managed::{ManagedPolicy, managed_policies, managed_policy};

pub use reference::{
    AccessLevel, Action, ActionResource, ConditionKey, Reference, ResourceType, Service,
};
