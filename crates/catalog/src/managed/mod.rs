//! AWS managed policies that concern ECS, ECR and the instance roles: the
//! current version of each, and for four of them the version the ECS
//! documentation shows (which can differ: the page lags behind).

mod data;

use policy_model::{InvalidPolicy, Policy, PolicyType};

/// A managed policy as the catalog carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ManagedPolicy {
    /// The name (`AmazonECS_FullAccess`).
    pub name: &'static str,
    /// The current version (`v12`).
    pub version_id: &'static str,
    /// When the policy was first created.
    pub create_date: &'static str,
    /// The current document, as JSON text.
    pub document: &'static str,
    /// The document as the ECS documentation page on managed policies
    /// shows it, when the page shows it.
    pub documented: Option<&'static str>,
}

impl ManagedPolicy {
    /// The ARN (`arn:aws:iam::aws:policy/AmazonECS_FullAccess`). Some
    /// managed policies live under a path (`service-role/`); the catalog
    /// does not record paths, so this is the path-less form.
    pub fn arn(&self) -> String {
        format!("arn:aws:iam::aws:policy/{}", self.name)
    }

    /// The current document, typed.
    ///
    /// # Errors
    /// Never for the shipped data (a test reads every policy); the result
    /// type is the reader's.
    pub fn policy(&self) -> Result<Policy, InvalidPolicy> {
        Policy::from_json_str(self.document, PolicyType::Identity)
    }
}

/// Every managed policy the catalog carries, sorted by name.
pub fn managed_policies() -> &'static [ManagedPolicy] {
    data::MANAGED
}

/// The managed policy called `name`: its name (any case), with or without
/// `aws:` in front, or its ARN.
///
/// ```
/// let full = policy_catalog::managed_policy("aws:AmazonECS_FullAccess").unwrap();
/// assert_eq!(full.name, "AmazonECS_FullAccess");
/// assert!(policy_catalog::managed_policy("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy").is_some());
/// ```
pub fn managed_policy(name: &str) -> Option<&'static ManagedPolicy> {
    let bare = name.strip_prefix("aws:").unwrap_or(name);
    let bare = bare.rsplit('/').next().unwrap_or(bare);
    managed_policies()
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(bare))
}

/// A managed policy name close to `name`.
pub fn suggest_managed_policy(name: &str) -> Option<&'static str> {
    let bare = name.strip_prefix("aws:").unwrap_or(name);
    policy_model::suggest::closest(bare, managed_policies().iter().map(|p| p.name)).or_else(|| {
        // A name cut short (`AmazonECSTaskExecutionRole` for
        // `AmazonECSTaskExecutionRolePolicy`): the one policy it starts.
        let mut starting = managed_policies().iter().filter(|p| {
            p.name.len() > bare.len()
                && p.name
                    .get(..bare.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(bare))
        });
        match (starting.next(), starting.next()) {
            (Some(only), None) if bare.len() >= 8 => Some(only.name),
            _ => None,
        }
    })
}
