//! The ARN builders of the language (`ecs.cluster(...)`): one per resource
//! type of every service, with the arguments it takes.

use polc_catalog::reference::{ResourceType, Service};

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
        let formats = formats(resource_type.arn_format);
        Self {
            name: format!("{}.{}", service.prefix, name(resource_type.name)),
            args: if formats.len() == 1 {
                args(resource_type.arn_format)
            } else {
                Vec::new()
            },
            arn_format: resource_type.arn_format,
        }
    }

    /// Whether the builder can build: its resource type has one ARN
    /// format (a few have two, and no argument says which is meant).
    pub fn usable(&self) -> bool {
        formats(self.arn_format).len() == 1 && well_formed(self.arn_format)
    }

    /// `ecs.cluster(cluster_name)`; for a type with several ARN formats,
    /// what to write instead.
    pub fn signature(&self) -> String {
        if self.usable() {
            format!("{}({})", self.name, self.args.join(", "))
        } else {
            format!(
                "{} (no builder: the reference gives {}; write the ARN as a string)",
                self.name,
                if formats(self.arn_format).len() > 1 {
                    "two ARN formats"
                } else {
                    "an ARN format whose account part is no account"
                }
            )
        }
    }
}

/// The builder name of a resource type: `snake_case`, letters, digits and
/// `_` (`task-definition` → `task_definition`, `function alias` →
/// `function_alias`, `AccessLogSettings` → `access_log_settings`). Names
/// are compared in this form, whatever the case written.
pub fn name(resource_type: &str) -> String {
    let snake = snake(resource_type);
    let mut out = String::with_capacity(snake.len());
    for c in snake.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_owned()
}

/// Whether a format's account part can hold an account (the reference
/// has a format or two without one: `...:${Region}:offering:${Id}`).
pub(crate) fn well_formed(arn_format: &str) -> bool {
    let account = arn_format.split(':').nth(4).unwrap_or_default();
    account.is_empty()
        || account == "${Account}"
        || account == "aws"
        || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()))
}

/// The ARN formats of a resource type (the reference joins several with
/// `, `).
pub(crate) fn formats(arn_format: &str) -> Vec<&str> {
    arn_format.split(", ").filter(|f| !f.is_empty()).collect()
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
/// let ecs = polc_catalog::Reference::embedded().service("ecs").unwrap();
/// let builders = polc_dsl::builders::of(ecs);
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
