//! The ARN builders of the language (`ecs.cluster(...)`): one per resource
//! type of every service, with the arguments it takes.

use policy_catalog::reference::{ResourceType, Service};

use crate::arn_template::{placeholders, snake};

/// The parts of an ARN format every builder takes by name, and where
/// their values come from when not given.
pub(crate) const ENV_PARTS: [&str; 3] = ["Partition", "Region", "Account"];

/// One builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Builder {
    /// `ecs.task_definition`.
    pub name: String,
    /// Its arguments in order (`task_definition_family_name`, ...), each a
    /// part of the ARN format; `partition`, `region` and `account` come on
    /// top, by name.
    pub args: Vec<String>,
    /// The resource type's ARN format.
    pub arn_format: &'static str,
}

impl Builder {
    /// The builder of a resource type of `service`.
    pub fn new(service: &Service, resource_type: &ResourceType) -> Self {
        Self {
            name: format!(
                "{}.{}",
                service.prefix,
                resource_type.name.replace('-', "_")
            ),
            args: args(resource_type.arn_format),
            arn_format: resource_type.arn_format,
        }
    }

    /// `ecs.cluster(cluster_name)`.
    pub fn signature(&self) -> String {
        format!("{}({})", self.name, self.args.join(", "))
    }
}

/// The arguments a builder of `format` takes, in order.
pub(crate) fn args(format: &str) -> Vec<String> {
    placeholders(format)
        .into_iter()
        .filter(|p| !ENV_PARTS.contains(p))
        .map(snake)
        .collect()
}

/// Every builder of `service`, in the reference's order.
///
/// ```
/// let ecs = policy_catalog::Reference::embedded().service("ecs").unwrap();
/// let builders = policy_dsl::builders::of(ecs);
/// let cluster = builders.iter().find(|b| b.name == "ecs.cluster").unwrap();
/// assert_eq!(cluster.signature(), "ecs.cluster(cluster_name)");
/// ```
pub fn of(service: &Service) -> Vec<Builder> {
    service
        .resource_types
        .iter()
        .map(|r| Builder::new(service, r))
        .collect()
}
