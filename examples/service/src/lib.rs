//! An example of polc as a library: the ECS web service of
//! `examples/ecs/web-service.pol`, whose policies are compiled and checked
//! when this crate is (a typo in an action would be a compile error), and
//! an authorizer that answers "may the task role do X on Y?" with the
//! reasons.
//!
//! ```
//! use ecs_authorizer_example::{Authorizer, Role};
//!
//! let authorizer = Authorizer::new()?;
//! let logo = "arn:aws:s3:::111122223333-web-assets/logo.png";
//! assert!(authorizer.may(Role::Task, "s3:GetObject", logo, true, &[]).allowed());
//! // Not over TLS: the policy's Deny applies.
//! assert!(!authorizer.may(Role::Task, "s3:GetObject", logo, false, &[]).allowed());
//! let answer = authorizer.may(Role::Task, "s3:DeleteObject", logo, true, &[]);
//! assert!(!answer.allowed());
//! assert!(answer.to_string().contains("no identity-based policy allows the request"));
//! # Ok::<(), polc::CompileError>(())
//! ```
//!
//! [`exactly`] is a test helper: it asserts that a policy allows exactly a
//! documented set of requests among all the actions of some services on
//! some resources (`tests/roles.rs` uses it on both roles).

pub mod exactly;

use std::fmt;

use polc::{
    CompileError, Decision, Explanation, NamedPolicy, PolicyFile, PolicyKind, PolicySet, Request,
    include_policy,
};

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

    /// The role's identity policy, built for [`ACCOUNT`] at compile time
    /// (`block = ...` is checked then too: a renamed block is a compile
    /// error, not a role without permissions).
    pub fn policy(self) -> NamedPolicy {
        match self {
            Self::Execution => include_policy!(
                "../ecs/web-service.pol",
                account = "111122223333",
                block = "WebExecution",
            ),
            Self::Task => include_policy!(
                "../ecs/web-service.pol",
                account = "111122223333",
                block = "WebTask",
            ),
        }
    }
}

/// Every document of `web-service.pol` (the roles' policies and their
/// trust policies), built for [`ACCOUNT`] at compile time.
pub fn documents() -> PolicyFile {
    include_policy!("../ecs/web-service.pol", account = "111122223333")
}

/// Decides requests of the service's roles.
#[derive(Debug, Clone)]
pub struct Authorizer {
    execution: PolicySet,
    task: PolicySet,
}

impl Authorizer {
    /// The authorizer of the roles' identity policies. The documents are
    /// Rust values: compiling them for decisions parses nothing.
    ///
    /// # Errors
    /// The evaluator refuses a document (it never skips one: a refused
    /// policy must stop the service, not leave a role that silently denies
    /// or allows).
    pub fn new() -> Result<Self, CompileError> {
        let set = |role: Role| {
            let policy = role.policy();
            let mut set = PolicySet::new();
            set.add(PolicyKind::Identity, &policy.name, &policy.policy)?;
            Ok::<_, CompileError>(set)
        };
        Ok(Self {
            execution: set(Role::Execution)?,
            task: set(Role::Task)?,
        })
    }

    /// The compiled policies of `role`.
    pub const fn policies(&self, role: Role) -> &PolicySet {
        match role {
            Role::Execution => &self.execution,
            Role::Task => &self.task,
        }
    }

    /// The request of `role` to do `action` on `resource`.
    ///
    /// Decisions depend on the context AWS sets: `secure_transport` is
    /// `aws:SecureTransport` (whether the call came over TLS; the task
    /// role's policy denies S3 without it), required so that no caller
    /// forgets it. `context` adds other keys. The resource's account is
    /// taken from its ARN; for an ARN that names none (S3), the resource is
    /// the service's own account's.
    pub fn request<'a>(
        role: Role,
        action: &'a str,
        resource: &'a str,
        secure_transport: bool,
        context: &[(&'a str, &'a str)],
    ) -> Request<'a> {
        let mut request = Request::new(action, resource)
            .principal(format!(
                "arn:aws:sts::{ACCOUNT}:assumed-role/{}/task",
                role.name()
            ))
            .context(
                "aws:SecureTransport",
                if secure_transport { "true" } else { "false" },
            );
        let names_account = resource.split(':').nth(4).is_some_and(|a| !a.is_empty());
        if !names_account {
            request = request.resource_account(ACCOUNT);
        }
        for (key, value) in context {
            request = request.context(*key, *value);
        }
        request
    }

    /// May `role` do `action` on `resource`? (See [`Authorizer::request`]
    /// for the arguments.)
    pub fn may(
        &self,
        role: Role,
        action: &str,
        resource: &str,
        secure_transport: bool,
        context: &[(&str, &str)],
    ) -> Answer {
        let request = Self::request(role, action, resource, secure_transport, context);
        Answer {
            role,
            explanation: self.policies(role).explain(&request),
        }
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
