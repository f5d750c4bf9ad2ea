//! `--within`: the statements of a policy that grant more than a baseline
//! (an AWS managed policy, or another policy).

use polc_model::{Finding, JsonPath, Policy, PolicyType};

use crate::reference::Reference;

/// A policy to compare with (`--within`): an AWS managed policy or a
/// document, with the name findings give it.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The managed policy's name, or the file's.
    pub name: String,
    /// The document.
    pub policy: Policy,
}

impl Baseline {
    /// The AWS managed policy `name` (`aws:` in front or not).
    ///
    /// # Errors
    /// No such managed policy (with the nearest name), or one that does
    /// not read.
    pub fn named(name: &str) -> Result<Self, String> {
        let managed = crate::managed_policy(name).ok_or_else(|| {
            match crate::managed::suggest_managed_policy(name) {
                Some(near) => format!("`{name}` is neither a file nor a managed policy the catalog knows; did you mean `{near}`?"),
                None => format!("`{name}` is neither a file nor a managed policy the catalog knows; `polc catalog managed-policy --list` lists them"),
            }
        })?;
        let policy = managed.policy().map_err(|error| {
            format!(
                "the managed policy `{}` does not read: {error}",
                managed.name
            )
        })?;
        Ok(Self {
            name: managed.name.to_owned(),
            policy,
        })
    }

    /// The identity policy `text`, read from the file `name`.
    ///
    /// # Errors
    /// Why the text is not a valid policy.
    pub fn from_text(name: &str, text: &str) -> Result<Self, String> {
        let policy = Policy::from_json_str(text, PolicyType::Identity).map_err(|error| {
            format!("the baseline `{name}` is not a valid policy: {error}; `polc check {name}` shows why")
        })?;
        Ok(Self {
            name: name.to_owned(),
            policy,
        })
    }
}

/// What decides, for `--within`, what a policy grants beyond a baseline:
/// `polc-analysis`'s engine (by meaning: the requests one allows and the
/// other does not), which this crate cannot depend on. Each finding is
/// `EXCEEDS_MANAGED_POLICY`, located at the statement that grants it.
pub trait Exceeding: std::fmt::Debug + Sync {
    /// The findings for the statements of `policy` (at `paths`) that
    /// grant what `baseline` does not; what cannot be decided is a
    /// finding too, never passed.
    fn exceeding(
        &self,
        policy: &Policy,
        paths: &[JsonPath],
        baseline: &Baseline,
        reference: &Reference,
    ) -> Vec<Finding>;
}

/// A baseline and the engine that compares with it.
#[derive(Debug, Clone, Copy)]
pub struct Within<'a> {
    /// The policy to stay within.
    pub baseline: &'a Baseline,
    /// What decides.
    pub engine: &'a dyn Exceeding,
}
