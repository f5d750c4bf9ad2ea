//! What the Amazon ECS documentation says about IAM: the roles and their
//! jobs, the documented example policies, the actions that accept only `*`.

mod roles;
mod templates;
mod templates_data;

pub use roles::{EcsRole, Need, ROLES, RoleKind, known_role, role};
pub use templates::{MissingParameter, Template, template, templates};

use crate::reference::Reference;

/// The ECS actions that support no resource-level permissions: they accept
/// only `"Resource": "*"`. Derived from the service reference (the actions
/// with no resource type).
pub fn wildcard_only_actions(reference: &Reference) -> Vec<&'static str> {
    reference
        .service("ecs")
        .map(|ecs| {
            ecs.actions
                .iter()
                .filter(|a| a.resources.is_empty())
                .map(|a| a.name)
                .collect()
        })
        .unwrap_or_default()
}
