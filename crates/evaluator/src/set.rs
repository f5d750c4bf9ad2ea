//! The compiled policy set and the decision.

use std::ops::ControlFlow;

use polc_model::condition::{GlobalKeys, KeyTypes};
use polc_model::policy::{Effect, Policy};
use polc_model::validate::{PolicyType, validate};
use polc_model::{Finding, NamedPolicy};

use crate::compile::{
    CompileError, CompileErrorKind, CompiledPolicy, CompiledStatement, compile, invalid,
};
use crate::explain::{Explanation, Reason, StatementRef};
use crate::principal::Grant;
use crate::request::{PrincipalType, Request};

/// A policy document's JSON text and the name it is known by (its file,
/// for `polc`): named fields, so the two strings cannot be swapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicySource<'a> {
    /// The name the policy is added under, shown in explanations and
    /// errors.
    pub name: &'a str,
    /// The policy document, as JSON text.
    pub text: &'a str,
}

/// The decision on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
#[non_exhaustive]
pub enum Decision {
    /// Allowed.
    Allow,
    /// A statement denies it.
    ExplicitDeny,
    /// Nothing allows it (or a policy that must allow does not).
    ImplicitDeny,
}

impl Decision {
    /// `ALLOW`, `EXPLICIT_DENY` or `IMPLICIT_DENY`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Allow => "ALLOW",
            Self::ExplicitDeny => "EXPLICIT_DENY",
            Self::ImplicitDeny => "IMPLICIT_DENY",
        }
    }

    /// Whether the request is allowed.
    pub const fn is_allowed(self) -> bool {
        matches!(self, Self::Allow)
    }
}

impl std::fmt::Display for Decision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The role a policy plays in a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PolicyKind {
    /// An identity-based policy of the principal (user, group, role).
    Identity,
    /// The resource-based policy of the resource (bucket policy, key
    /// policy, a role's trust policy for `sts:AssumeRole`...).
    Resource,
    /// The principal's permissions boundary (at most one).
    PermissionsBoundary,
    /// A session policy passed when the session was created.
    Session,
    /// A service control policy at one level of the organisation (0 = root;
    /// every level given must allow).
    Scp {
        /// The level, from 0.
        level: u8,
    },
}

impl std::fmt::Display for PolicyKind {
    /// `identity`, `resource`, `boundary`, `session`, `scp[0]`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Identity => f.write_str("identity"),
            Self::Resource => f.write_str("resource"),
            Self::PermissionsBoundary => f.write_str("boundary"),
            Self::Session => f.write_str("session"),
            Self::Scp { level } => write!(f, "scp[{level}]"),
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for PolicyKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The kind a document of a type plays, where that is certain: an
/// identity policy is [`PolicyKind::Identity`], a resource-based policy
/// and a role trust policy (the role's resource-based policy) are
/// [`PolicyKind::Resource`]. An SCP's level is not in its type: `Err`
/// (give [`PolicyKind::Scp`] with the level).
///
/// ```
/// use polc_evaluator::PolicyKind;
/// use polc_model::PolicyType;
/// assert_eq!(PolicyKind::try_from(PolicyType::Trust), Ok(PolicyKind::Resource));
/// assert!(PolicyKind::try_from(PolicyType::Scp).is_err());
/// ```
impl TryFrom<PolicyType> for PolicyKind {
    type Error = ScpLevelNeeded;

    fn try_from(policy_type: PolicyType) -> Result<Self, Self::Error> {
        match policy_type {
            PolicyType::Identity => Ok(Self::Identity),
            PolicyType::Resource | PolicyType::Trust => Ok(Self::Resource),
            PolicyType::Scp => Err(ScpLevelNeeded),
        }
    }
}

/// An SCP was given without the level of the organisation it is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "a service control policy applies at a level of the organisation: add it with `PolicyKind::Scp {{ level }}` (0 is the root)"
)]
pub struct ScpLevelNeeded;

impl miette::Diagnostic for ScpLevelNeeded {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("polc::scp_level"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(
            "`PolicySet::builder().scp(level, name, &policy)` or `PolicySet::add(PolicyKind::Scp { level }, ...)`",
        ))
    }
}

impl PolicyKind {
    /// How the document is validated before compiling.
    fn policy_type(self, policy: &Policy) -> PolicyType {
        match self {
            Self::Identity | Self::PermissionsBoundary | Self::Session => PolicyType::Identity,
            Self::Scp { .. } => PolicyType::Scp,
            Self::Resource if is_trust(policy) => PolicyType::Trust,
            Self::Resource => PolicyType::Resource,
        }
    }

    /// A short name (`identity`, `resource`, `boundary`, `session`,
    /// `scp[0]`): the `Display` form.
    pub fn label(self) -> String {
        self.to_string()
    }
}

/// Whether a resource-based document is a role trust policy: no statement
/// has a `Resource`, and every action is an `sts:` one. (Anything else
/// without `Resource` is checked as a resource-based policy, and refused.)
fn is_trust(policy: &Policy) -> bool {
    policy.statement.iter().all(|s| {
        s.resource.is_none()
            && !s.action.not
            && s.action
                .values
                .iter()
                .all(|a| a.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("sts:")))
    })
}

/// A statement that decided a request: policy and statement positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Matched {
    /// The policy's position in the set (order of adding).
    pub policy: usize,
    /// The statement's position in the policy.
    pub statement: usize,
}

/// Receives the statements that decide a request.
trait Collect {
    /// Whether every applicable statement is wanted (else evaluation stops
    /// at the first that settles each question).
    const ALL: bool;
    fn push(&mut self, policy: usize, statement: u32);
    fn clear(&mut self);
}

struct NoCollect;

impl Collect for NoCollect {
    const ALL: bool = false;
    fn push(&mut self, _: usize, _: u32) {}
    fn clear(&mut self) {}
}

impl Collect for Vec<Matched> {
    const ALL: bool = true;
    fn push(&mut self, policy: usize, statement: u32) {
        let m = Matched {
            policy,
            statement: statement as usize,
        };
        if !self.contains(&m) {
            Vec::push(self, m);
        }
    }
    fn clear(&mut self) {
        Vec::clear(self);
    }
}

/// What each kind of policy says about a request (no explicit deny).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Summary {
    /// Bit `n`: SCP level `n` allows.
    pub(crate) scp_allowed: u64,
    pub(crate) identity: bool,
    /// `None`: no boundary in the set.
    pub(crate) boundary: Option<bool>,
    pub(crate) session: Option<bool>,
    /// The best grant of the resource-based policies.
    pub(crate) grant: Option<Grant>,
}

/// A set of compiled policies that decides requests.
///
/// Policies are validated and compiled once, when added; a policy with any
/// error-level finding, or a value its operator cannot read, is refused
/// ([`CompileError`]) — never silently ignored. Deciding a request then
/// allocates nothing.
///
/// The decision follows AWS's policy evaluation logic:
/// 1. a `Deny` that applies, in any policy, gives `EXPLICIT_DENY`;
/// 2. every SCP level given must have an `Allow` that applies;
/// 3. within one account, an `Allow` of the resource-based policy decides
///    alone when it names the principal itself (user, role session,
///    federated user, service); when it names the session's role or `"*"`
///    it is still limited by a permissions boundary and session policy;
///    when it names only the account, the identity policies must allow;
/// 4. otherwise an identity policy must allow, and then the permissions
///    boundary and the session policies, when given;
/// 5. across accounts (the resource's account is not the principal's, or
///    the principal's is unknown), both the identity side (4) and the
///    resource-based policy must allow;
/// 6. a role's trust policy and a KMS key's policy must allow themselves
///    (identity policies alone are not enough);
/// 7. else `IMPLICIT_DENY`.
///
/// ```
/// use polc_evaluator::{Decision, PolicyKind, PolicySet, PolicySource, Request};
/// let mut set = PolicySet::new();
/// set.add_json(PolicyKind::Identity, PolicySource { name: "deploy.json", text: r#"{
///   "Version": "2012-10-17",
///   "Statement": [{"Effect": "Allow", "Action": "ecs:UpdateService",
///     "Resource": "arn:aws:ecs:*:111122223333:service/prod/*"}]}"# })?;
/// let request = Request::new("ecs:UpdateService", "arn:aws:ecs:us-east-1:111122223333:service/prod/web")
///     .principal("arn:aws:iam::111122223333:user/deployer");
/// assert_eq!(set.evaluate(&request), Decision::Allow);
/// // A principal of unknown account is not taken to be in the resource's.
/// let anonymous = Request::new("ecs:UpdateService", "arn:aws:ecs:us-east-1:111122223333:service/prod/web");
/// assert_eq!(set.evaluate(&anonymous), Decision::ImplicitDeny);
/// let other = Request::new("ecs:DeleteService", "arn:aws:ecs:us-east-1:111122223333:service/prod/web")
///     .principal("arn:aws:iam::111122223333:user/deployer");
/// assert_eq!(set.evaluate(&other), Decision::ImplicitDeny);
/// # Ok::<(), polc_evaluator::CompileError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct PolicySet {
    pub(crate) policies: Vec<CompiledPolicy>,
    /// Bit `n`: SCP level `n` is present.
    scp_levels: u64,
    has_resource: bool,
    pub(crate) has_boundary: bool,
    has_session: bool,
}

impl PolicySet {
    /// How many SCP levels a set takes (levels 0, the root, to 63).
    pub const MAX_SCP_LEVELS: u8 = 64;

    /// An empty set (which denies everything, implicitly).
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the source's text as a JSON policy document, validates and
    /// compiles it.
    ///
    /// # Errors
    /// The document is not valid JSON, has an error-level finding, or holds
    /// a value the evaluator cannot read.
    pub fn add_json(
        &mut self,
        kind: PolicyKind,
        source: PolicySource<'_>,
    ) -> Result<(), CompileError> {
        let PolicySource { name, text } = source;
        let read =
            |policy_type| polc_model::check(text, &polc_model::CheckOptions::new(policy_type));
        let mut checked = read(match kind {
            PolicyKind::Identity | PolicyKind::PermissionsBoundary | PolicyKind::Session => {
                PolicyType::Identity
            }
            PolicyKind::Scp { .. } => PolicyType::Scp,
            PolicyKind::Resource => PolicyType::Resource,
        });
        // A resource-based policy of `sts:` actions without Resource is a
        // role trust policy.
        if let Some(policy) = &checked.policy
            && kind.policy_type(policy) == PolicyType::Trust
        {
            checked = read(PolicyType::Trust);
        }
        let errors: Vec<Finding> = checked
            .findings
            .into_iter()
            .filter(Finding::refuses_policy)
            .collect();
        match checked.policy {
            // `check` validated it for its type: compiled without
            // validating again.
            Some(policy) if errors.is_empty() => self.add_valid(kind, name, &policy),
            _ => Err(invalid(name, errors)),
        }
    }

    /// A set of one JSON policy document of `kind`.
    ///
    /// ```
    /// use polc_evaluator::{PolicyKind, PolicySet, Request};
    /// let set = PolicySet::from_json(
    ///     PolicyKind::Identity,
    ///     "ops.json",
    ///     r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:ListClusters", "Resource": "*"}]}"#,
    /// )?;
    /// let request = Request::new("ecs:ListClusters", "*").principal("arn:aws:iam::111122223333:user/alice");
    /// assert!(set.evaluate(&request).is_allowed());
    /// # Ok::<(), polc_evaluator::CompileError>(())
    /// ```
    ///
    /// # Errors
    /// As [`PolicySet::add_json`].
    pub fn from_json(kind: PolicyKind, name: &str, text: &str) -> Result<Self, CompileError> {
        let mut set = Self::new();
        set.add_json(kind, PolicySource { name, text })?;
        Ok(set)
    }

    /// A set of the policies `policy!`/`include_policy!` built (blocks of
    /// a `.pol` file), each added as the kind its type says
    /// ([`PolicyKind::try_from`]). A file of several `trust` or `resource`
    /// blocks is refused: each is its own resource's policy (add the one of
    /// the resource asked about with [`PolicySet::add_named`]).
    ///
    /// # Errors
    /// As [`PolicySet::add_named`].
    pub fn from_named<'p>(
        policies: impl IntoIterator<Item = &'p NamedPolicy>,
    ) -> Result<Self, CompileError> {
        let mut set = Self::new();
        for policy in policies {
            set.add_named(policy)?;
        }
        Ok(set)
    }

    /// Adds a policy `policy!`/`include_policy!` built, as the kind its
    /// type says: an identity policy as [`PolicyKind::Identity`], a trust
    /// or resource-based policy as [`PolicyKind::Resource`].
    ///
    /// # Errors
    /// As [`PolicySet::add`]; an SCP (its level is not in the block: use
    /// [`PolicySet::add`] with [`PolicyKind::Scp`]).
    pub fn add_named(&mut self, policy: &NamedPolicy) -> Result<(), CompileError> {
        let kind = PolicyKind::try_from(policy.policy_type).map_err(|e| CompileError {
            kind: CompileErrorKind::Set,
            policy: policy.name.clone(),
            path: None,
            message: e.to_string(),
            findings: Vec::new(),
        })?;
        self.add(kind, &policy.name, &policy.policy)
    }

    /// A builder that says what each policy is as it adds it.
    ///
    /// ```
    /// use polc_evaluator::{PolicySet, Request};
    /// let read = polc_model::Policy::from_json_str(
    ///     r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
    ///     polc_model::PolicyType::Identity,
    /// ).unwrap();
    /// let fence = polc_model::Policy::from_json_str(
    ///     r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::public/*"}]}"#,
    ///     polc_model::PolicyType::Identity,
    /// ).unwrap();
    /// let set = PolicySet::builder().identity("read", &read).boundary("fence", &fence).build()?;
    /// let request = |object: &str| Request::new("s3:GetObject", format!("arn:aws:s3:::{object}"))
    ///     .principal("arn:aws:iam::111122223333:user/alice")
    ///     .resource_account("111122223333");
    /// assert!(set.evaluate(&request("public/a.txt")).is_allowed());
    /// assert!(!set.evaluate(&request("private/a.txt")).is_allowed());
    /// # Ok::<(), polc_evaluator::CompileError>(())
    /// ```
    pub fn builder() -> PolicySetBuilder {
        PolicySetBuilder::default()
    }

    /// Validates and compiles `policy` as `kind`.
    ///
    /// # Errors
    /// The policy has an error-level finding for its kind, holds a value the
    /// evaluator cannot read, is a second permissions boundary or a second
    /// resource-based policy (a set decides requests on one resource), or
    /// an SCP level is beyond 63.
    pub fn add(
        &mut self,
        kind: PolicyKind,
        name: &str,
        policy: &Policy,
    ) -> Result<(), CompileError> {
        let keys: &dyn KeyTypes = &GlobalKeys;
        let errors: Vec<Finding> = validate(policy, kind.policy_type(policy), keys)
            .into_iter()
            .filter(Finding::refuses_policy)
            .collect();
        if !errors.is_empty() {
            return Err(invalid(name, errors));
        }
        self.add_valid(kind, name, policy)
    }

    /// Compiles a policy validated for `kind`.
    fn add_valid(
        &mut self,
        kind: PolicyKind,
        name: &str,
        policy: &Policy,
    ) -> Result<(), CompileError> {
        let simple = |message: String| CompileError {
            kind: CompileErrorKind::Set,
            policy: name.to_owned(),
            path: None,
            message,
            findings: Vec::new(),
        };
        if kind == PolicyKind::PermissionsBoundary && self.has_boundary {
            return Err(simple(
                "a principal has at most one permissions boundary; this set has one already".into(),
            ));
        }
        if kind == PolicyKind::Resource && self.has_resource {
            // A trust policy names no resource: two in one set would let
            // one role's trust allow assuming the other (review 41).
            return Err(simple(
                "a request's resource has one resource-based policy (a bucket policy, a key policy, a role's trust policy), and this set has one already: build one set per resource".into(),
            ));
        }
        if let PolicyKind::Scp { level } = kind
            && level >= Self::MAX_SCP_LEVELS
        {
            return Err(simple(format!(
                "SCP level {level} is too deep: levels are counted from 0 (the root) and AWS allows only a few"
            )));
        }
        let compiled = compile(kind, name, policy)?;
        match kind {
            PolicyKind::Resource => self.has_resource = true,
            PolicyKind::PermissionsBoundary => self.has_boundary = true,
            PolicyKind::Session => self.has_session = true,
            PolicyKind::Scp { level } => self.scp_levels |= 1 << level,
            PolicyKind::Identity => {}
        }
        self.policies.push(compiled);
        Ok(())
    }

    /// The number of policies.
    pub fn len(&self) -> usize {
        self.policies.len()
    }

    /// Whether the set has no policy.
    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
    }

    /// The name and kind of the policy at `index`.
    pub fn policy(&self, index: usize) -> Option<(&str, PolicyKind)> {
        self.policies.get(index).map(|p| (&*p.name, p.kind))
    }

    /// The `Sid` of a statement.
    pub fn sid(&self, matched: Matched) -> Option<&str> {
        self.policies
            .get(matched.policy)?
            .statements
            .get(matched.statement)?
            .sid
            .as_deref()
    }

    /// Decides `request`. Allocates nothing. A request over the
    /// [`crate::RequestLimits`] is not allowed (`IMPLICIT_DENY`).
    pub fn evaluate(&self, request: &Request<'_>) -> Decision {
        self.decide(request, &mut NoCollect)
    }

    /// Decides `request` and fills `matched` (cleared first) with the
    /// statements that decided: the `Deny` statements that apply for
    /// `EXPLICIT_DENY`, the `Allow` statements that apply for `ALLOW`,
    /// nothing for `IMPLICIT_DENY`. Allocates only to grow `matched`.
    pub fn evaluate_into(&self, request: &Request<'_>, matched: &mut Vec<Matched>) -> Decision {
        matched.clear();
        self.decide(request, matched)
    }

    /// Decides `request` and explains the decision: which statements
    /// decided, and for a denied request which statements came closest and
    /// which element of each failed.
    pub fn explain(&self, request: &Request<'_>) -> Explanation {
        crate::explain::explain(self, request)
    }

    fn decide<C: Collect>(&self, request: &Request<'_>, c: &mut C) -> Decision {
        // Over the limits: never allowed (and never matched at length).
        if !request.within_limits() || !request.well_formed() {
            c.clear();
            return Decision::ImplicitDeny;
        }
        let mut denied = false;
        for (pi, policy) in self.policies.iter().enumerate() {
            policy.applicable(Effect::Deny, request, self.has_boundary, |id, _| {
                denied = true;
                c.push(pi, id);
                if C::ALL {
                    ControlFlow::Continue(())
                } else {
                    ControlFlow::Break(())
                }
            });
            if denied && !C::ALL {
                return Decision::ExplicitDeny;
            }
        }
        if denied {
            return Decision::ExplicitDeny;
        }
        let mut summary = self.empty_summary(request);
        for (pi, policy) in self.policies.iter().enumerate() {
            let mut best: Option<Grant> = None;
            policy.applicable(Effect::Allow, request, self.has_boundary, |id, grant| {
                c.push(pi, id);
                best = best.max(Some(grant));
                if C::ALL || (policy.kind == PolicyKind::Resource && grant != Grant::Exact) {
                    ControlFlow::Continue(())
                } else {
                    ControlFlow::Break(())
                }
            });
            summary.record(policy.kind, best);
        }
        let (decision, _) = self.combine(&summary, request);
        if decision != Decision::Allow {
            c.clear();
        }
        decision
    }

    /// What no policy has allowed yet. A federated user's session
    /// (`GetFederationToken`) without a session policy has no permissions
    /// of its user's policies: only a resource-based policy naming the
    /// session allows it (IAM User Guide, "Permissions for
    /// GetFederationToken"), as if an empty session policy were given.
    pub(crate) fn empty_summary(&self, request: &Request<'_>) -> Summary {
        let federated = request.principal_type() == Some(PrincipalType::FederatedUser);
        Summary {
            scp_allowed: 0,
            identity: false,
            boundary: self.has_boundary.then_some(false),
            session: (self.has_session || federated).then_some(false),
            grant: None,
        }
    }

    /// The decision and its reason, given no explicit deny.
    pub(crate) fn combine(&self, s: &Summary, request: &Request<'_>) -> (Decision, Reason) {
        if credentials_cannot_call(request) {
            return (Decision::ImplicitDeny, Reason::CredentialsCannotCall);
        }
        let missing_scp = self.scp_levels & !s.scp_allowed;
        if missing_scp != 0 {
            let level = u8::try_from(missing_scp.trailing_zeros()).unwrap_or(u8::MAX);
            return (Decision::ImplicitDeny, Reason::NoScpAllow { level });
        }
        // Only asked when no resource-based policy allows (rare).
        let required = || resource_policy_required(request);
        // A service acts in no account and has no identity policies: only
        // a resource-based policy naming it can allow.
        if request.principal_type() == Some(PrincipalType::Service) {
            return match s.grant {
                Some(_) => (Decision::Allow, Reason::Allowed),
                None if s.identity => (Decision::ImplicitDeny, Reason::PrincipalAccountUnknown),
                None => Self::combine_in(s, false, required),
            };
        }
        // An anonymous request (no principal) is allowed by a resource-based
        // policy that allows everyone, as AWS documents for public access.
        if request.principal.is_none() && s.grant >= Some(Grant::Anyone) {
            return (Decision::Allow, Reason::Allowed);
        }
        // A principal whose account is unknown (none named, `*`, a name
        // that is no ARN, an ARN without an account) is not taken to be in
        // the resource's account: the stricter reading.
        let principal_account = request.principal_account();
        // Accounts of different partitions (`aws`, `aws-cn`...) are never
        // the same account.
        let other_partition = || {
            request
                .principal
                .as_ref()
                .and_then(|p| p.partition())
                .zip(request.resource_partition())
                .is_some_and(|(p, r)| p != r)
        };
        match request.resource_account_id() {
            // AWS's own resources (`arn:aws:iam::aws:policy/...`): every
            // principal whose identity-based policies allow may read
            // them, as within its account.
            Some("aws") if principal_account.is_some() => Self::combine_in(s, false, required),
            Some(_) if principal_account.is_none() => {
                // A principal the resource-based policy names exactly (an
                // identity provider, a canonical user) needs nothing else.
                if s.grant == Some(Grant::Exact) {
                    return (Decision::Allow, Reason::Allowed);
                }
                let (decision, reason) = Self::combine_in(s, true, required);
                let same = Self::combine_in(s, false, required).0;
                if decision != Decision::Allow && same == Decision::Allow {
                    return (Decision::ImplicitDeny, Reason::PrincipalAccountUnknown);
                }
                (decision, reason)
            }
            Some(r) => Self::combine_in(
                s,
                principal_account != Some(r) || other_partition(),
                required,
            ),
            // An ARN without an account (S3 buckets and objects...) and no
            // `resource_account`: allowed only if allowed either way.
            None if request.resource().starts_with("arn:") => {
                let same = Self::combine_in(s, false, required);
                let cross = Self::combine_in(s, true, required);
                match (same.0, cross.0) {
                    (Decision::Allow, Decision::Allow) => same,
                    (Decision::Allow, _) => {
                        (Decision::ImplicitDeny, Reason::ResourceAccountUnknown)
                    }
                    _ => same,
                }
            }
            None => Self::combine_in(s, false, required),
        }
    }

    /// The decision within one account (`cross`: across accounts);
    /// `required`: the resource-based policy must allow (trust and key
    /// policies).
    fn combine_in(s: &Summary, cross: bool, required: impl Fn() -> bool) -> (Decision, Reason) {
        let boundary_ok = s.boundary.unwrap_or(true);
        let session_ok = s.session.unwrap_or(true);
        let identity_side = s.identity && boundary_ok && session_ok;
        let identity_reason = if !s.identity {
            Reason::NoIdentityAllow
        } else if !boundary_ok {
            Reason::NotInBoundary
        } else {
            Reason::NotInSessionPolicy
        };
        if cross {
            return match (s.grant.is_some(), identity_side) {
                (true, true) => (Decision::Allow, Reason::Allowed),
                (false, _) => (Decision::ImplicitDeny, Reason::CrossAccountNoResourceAllow),
                (true, false) => (Decision::ImplicitDeny, identity_reason),
            };
        }
        match s.grant {
            Some(Grant::Exact) => (Decision::Allow, Reason::Allowed),
            Some(Grant::Role | Grant::Anyone) if boundary_ok && session_ok => {
                (Decision::Allow, Reason::Allowed)
            }
            Some(Grant::Role | Grant::Anyone) if !s.identity || identity_side => {
                let reason = if boundary_ok {
                    Reason::NotInSessionPolicy
                } else {
                    Reason::NotInBoundary
                };
                (Decision::ImplicitDeny, reason)
            }
            None if required() => (Decision::ImplicitDeny, Reason::ResourcePolicyRequired),
            _ if identity_side => (Decision::Allow, Reason::Allowed),
            _ => (Decision::ImplicitDeny, identity_reason),
        }
    }
}

/// Whether the principal's temporary credentials cannot make the request
/// whatever the policies say (AWS STS API Reference): a federated user's
/// (`GetFederationToken`) no IAM action and no STS action but
/// `GetCallerIdentity`; a role session's (a role given as the principal
/// acts as one) not `GetFederationToken` or `GetSessionToken`.
fn credentials_cannot_call(request: &Request<'_>) -> bool {
    let (service, name) = request.action_parts();
    let sts = service.eq_ignore_ascii_case("sts");
    match request.principal_type() {
        Some(PrincipalType::FederatedUser) => {
            service.eq_ignore_ascii_case("iam")
                || (sts && !name.eq_ignore_ascii_case("GetCallerIdentity"))
        }
        Some(PrincipalType::AssumedRole | PrincipalType::Role) => {
            sts && (name.eq_ignore_ascii_case("GetFederationToken")
                || name.eq_ignore_ascii_case("GetSessionToken"))
        }
        _ => false,
    }
}

/// Whether AWS requires the resource-based policy itself to allow: a role's
/// trust policy for assuming the role (and tagging or naming the session),
/// a KMS key policy for a key ("Policy evaluation logic": identity policies
/// alone are not enough for these).
fn resource_policy_required(request: &Request<'_>) -> bool {
    let (service, name) = request.action_parts();
    let resource = request.resource();
    if service.eq_ignore_ascii_case("sts") {
        return name
            .get(..10)
            .is_some_and(|p| p.eq_ignore_ascii_case("assumerole"))
            || ["TagSession", "SetSourceIdentity", "SetContext"]
                .iter()
                .any(|n| name.eq_ignore_ascii_case(n));
    }
    // An action that takes a key is on a key whatever the request names:
    // `*` (some key), an alias (the key it points to: KMS authorizes the
    // key, an alias in a policy's `Resource` is the alias resource only).
    // Its key policy must allow it too. Only the alias actions on an alias
    // are on the alias alone.
    let is = |list: &[&str]| list.iter().any(|n| name.eq_ignore_ascii_case(n));
    service.eq_ignore_ascii_case("kms")
        && !is(&KMS_WITHOUT_KEY)
        && !(resource.contains(":alias/") && is(&KMS_ALIAS_ACTIONS))
}

/// The KMS actions whose request may be on an alias itself (they also
/// need the key's permission, asked as a request on the key).
const KMS_ALIAS_ACTIONS: [&str; 3] = ["CreateAlias", "DeleteAlias", "UpdateAlias"];

/// The KMS actions that take no resource (the Service Authorization
/// Reference lists no resource type for them): no key policy is involved.
/// `tests/documented.rs` checks the list against the catalog.
const KMS_WITHOUT_KEY: [&str; 11] = [
    "ConnectCustomKeyStore",
    "CreateCustomKeyStore",
    "CreateKey",
    "DeleteCustomKeyStore",
    "DescribeCustomKeyStores",
    "DisconnectCustomKeyStore",
    "GenerateRandom",
    "ListAliases",
    "ListKeys",
    "ListRetirableGrants",
    "UpdateCustomKeyStore",
];

impl Summary {
    pub(crate) fn record(&mut self, kind: PolicyKind, grant: Option<Grant>) {
        let allowed = grant.is_some();
        match kind {
            PolicyKind::Identity => self.identity |= allowed,
            PolicyKind::Resource => self.grant = self.grant.max(grant),
            PolicyKind::PermissionsBoundary => {
                self.boundary = Some(self.boundary.unwrap_or(false) | allowed);
            }
            PolicyKind::Session => self.session = Some(self.session.unwrap_or(false) | allowed),
            PolicyKind::Scp { level } => {
                if allowed {
                    self.scp_allowed |= 1u64.checked_shl(u32::from(level)).unwrap_or(0);
                }
            }
        }
    }
}

/// Builds a `StatementRef` for explanations.
pub(crate) fn statement_ref(
    set: &PolicySet,
    policy: usize,
    statement: &CompiledStatement,
) -> StatementRef {
    let (name, kind) = set
        .policies
        .get(policy)
        .map_or(("", PolicyKind::Identity), |p| (&*p.name, p.kind));
    StatementRef {
        policy: name.to_owned(),
        kind,
        policy_index: policy,
        statement: statement.index,
        sid: statement.sid.as_deref().map(str::to_owned),
        effect: statement.effect,
    }
}

/// A `PolicySet` is built once and shared: deciding takes `&self`, and the
/// set may be used from many threads at once.
const _: () = {
    const fn shared<T: Send + Sync>() {}
    shared::<PolicySet>();
};

/// Builds a [`PolicySet`], naming the kind of each policy as it is added
/// ([`PolicySet::builder`]); the first refusal is kept and returned by
/// [`PolicySetBuilder::build`].
#[derive(Debug, Default)]
#[must_use]
pub struct PolicySetBuilder {
    set: PolicySet,
    error: Option<CompileError>,
}

impl PolicySetBuilder {
    fn with(mut self, add: impl FnOnce(&mut PolicySet) -> Result<(), CompileError>) -> Self {
        if self.error.is_none()
            && let Err(error) = add(&mut self.set)
        {
            self.error = Some(error);
        }
        self
    }

    /// An identity-based policy of the principal.
    pub fn identity(self, name: &str, policy: &Policy) -> Self {
        self.with(|set| set.add(PolicyKind::Identity, name, policy))
    }

    /// The resource's resource-based policy (or a role's trust policy).
    pub fn resource(self, name: &str, policy: &Policy) -> Self {
        self.with(|set| set.add(PolicyKind::Resource, name, policy))
    }

    /// The principal's permissions boundary.
    pub fn boundary(self, name: &str, policy: &Policy) -> Self {
        self.with(|set| set.add(PolicyKind::PermissionsBoundary, name, policy))
    }

    /// A session policy.
    pub fn session(self, name: &str, policy: &Policy) -> Self {
        self.with(|set| set.add(PolicyKind::Session, name, policy))
    }

    /// A service control policy at `level` of the organisation (0 is the
    /// root).
    pub fn scp(self, level: u8, name: &str, policy: &Policy) -> Self {
        self.with(|set| set.add(PolicyKind::Scp { level }, name, policy))
    }

    /// A policy `policy!`/`include_policy!` built, as its type says
    /// ([`PolicySet::add_named`]).
    pub fn named(self, policy: &NamedPolicy) -> Self {
        self.with(|set| set.add_named(policy))
    }

    /// A JSON policy document of `kind`.
    pub fn json(self, kind: PolicyKind, name: &str, text: &str) -> Self {
        self.with(|set| set.add_json(kind, PolicySource { name, text }))
    }

    /// The set.
    ///
    /// # Errors
    /// The first policy refused, as [`PolicySet::add`] says.
    pub fn build(self) -> Result<PolicySet, CompileError> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(self.set),
        }
    }
}
