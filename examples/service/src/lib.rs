//! An example of polc as a library: the ECS web service of
//! `examples/ecs/web-service.pol`, whose policies are compiled and checked
//! when this crate is (a typo in an action would be a compile error), and
//! an authorizer that answers "may the task role do X on Y?" with the
//! reasons.
//!
//! ```
//! use ecs_authorizer_example::{Authorizer, Role};
//!
//! let authorizer = Authorizer::new();
//! let answer = authorizer.may(
//!     Role::Task,
//!     "s3:GetObject",
//!     "arn:aws:s3:::111122223333-web-assets/logo.png",
//!     &[("aws:SecureTransport", "true")],
//! );
//! assert!(answer.allowed());
//! let answer = authorizer.may(
//!     Role::Task,
//!     "s3:DeleteObject",
//!     "arn:aws:s3:::111122223333-web-assets/logo.png",
//!     &[("aws:SecureTransport", "true")],
//! );
//! assert!(!answer.allowed());
//! assert!(answer.to_string().contains("no identity-based policy allows the request"));
//! ```
//!
//! [`exactly`] is a test helper: it asserts that a policy allows exactly a
//! documented set of requests among all the actions of some services on
//! some resources (`tests/roles.rs` uses it on both roles).

pub mod exactly;

use std::fmt;

use policy_evaluator::{Decision, Explanation, PolicyKind, PolicySet, Request};
use policy_macros::include_policy;
use policy_model::PolicyFile;

/// The account the service runs in.
pub const ACCOUNT: &str = "111122223333";

/// The roles of the service's tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The task execution role (ECS pulls the image, writes the logs,
    /// reads the secret).
    Execution,
    /// The task role (what the application itself may do).
    Task,
}

impl Role {
    /// The role's name in IAM.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Execution => "web-execution",
            Self::Task => "web-task",
        }
    }

    /// The block of `web-service.pol` with the role's permissions.
    const fn block(self) -> &'static str {
        match self {
            Self::Execution => "WebExecution",
            Self::Task => "WebTask",
        }
    }
}

/// The service's documents: every block of `web-service.pol`, built for
/// [`ACCOUNT`] at compile time.
pub fn documents() -> PolicyFile {
    include_policy!("../ecs/web-service.pol", account = "111122223333")
}

/// Decides requests of the service's roles.
#[derive(Debug, Clone)]
pub struct Authorizer {
    execution: PolicySet,
    task: PolicySet,
}

impl Default for Authorizer {
    fn default() -> Self {
        Self::new()
    }
}

impl Authorizer {
    /// The authorizer of the roles' identity policies. Compiling the
    /// documents for decisions parses nothing: they are Rust values.
    pub fn new() -> Self {
        let documents = documents();
        let set = |role: Role| {
            let mut set = PolicySet::new();
            if let Some(policy) = documents.get(role.block()) {
                // The documents were checked when this crate was compiled;
                // a document the evaluator refused would leave the set
                // empty, which denies everything (fails closed).
                let _ = set.add(PolicyKind::Identity, &policy.name, &policy.policy);
            }
            set
        };
        Self {
            execution: set(Role::Execution),
            task: set(Role::Task),
        }
    }

    /// The compiled policies of `role`.
    pub const fn policies(&self, role: Role) -> &PolicySet {
        match role {
            Role::Execution => &self.execution,
            Role::Task => &self.task,
        }
    }

    /// The request of `role` to do `action` on `resource`, with `context`
    /// keys (`aws:SecureTransport`, ...).
    pub fn request<'a>(
        role: Role,
        action: &'a str,
        resource: &'a str,
        context: &[(&'a str, &'a str)],
    ) -> Request<'a> {
        let mut request = Request::new(action, resource)
            .principal(format!(
                "arn:aws:sts::{ACCOUNT}:assumed-role/{}/task",
                role.name()
            ))
            .resource_account(ACCOUNT);
        for (key, value) in context {
            request = request.context(*key, *value);
        }
        request
    }

    /// May `role` do `action` on `resource`?
    pub fn may(
        &self,
        role: Role,
        action: &str,
        resource: &str,
        context: &[(&str, &str)],
    ) -> Answer {
        let set = self.policies(role);
        let explanation = set.explain(&Self::request(role, action, resource, context));
        Answer { role, explanation }
    }
}

/// A decision and why.
#[derive(Debug, Clone)]
pub struct Answer {
    role: Role,
    explanation: Explanation,
}

impl Answer {
    /// Whether the request is allowed.
    pub fn allowed(&self) -> bool {
        self.explanation.decision == Decision::Allow
    }

    /// The evaluator's explanation.
    pub const fn explanation(&self) -> &Explanation {
        &self.explanation
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.explanation;
        writeln!(
            f,
            "{} for role {}: {}",
            e.decision,
            self.role.name(),
            e.reason
        )?;
        for statement in &e.decided_by {
            writeln!(f, "  decided by {statement}")?;
        }
        for miss in &e.near_misses {
            writeln!(f, "  closest: {} — {}", miss.statement, miss.failed)?;
        }
        Ok(())
    }
}
