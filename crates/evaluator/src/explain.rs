//! Why a request was allowed or denied.

use std::fmt;

use polc_model::policy::Effect;

use crate::compile::CompiledStatement;
use crate::condition::Truth;
use crate::principal::Grant;
use crate::request::Request;
use crate::set::{Decision, PolicyKind, PolicySet, statement_ref};

/// A statement of a policy of the set.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct StatementRef {
    /// The name the policy was added under (its file, for `polc`).
    pub policy: String,
    /// The policy's role.
    pub kind: PolicyKind,
    /// The policy's position in the set.
    pub policy_index: usize,
    /// The statement's position in the policy.
    pub statement: usize,
    /// Its `Sid`.
    pub sid: Option<String>,
    /// Its effect.
    pub effect: Effect,
}

impl fmt::Display for StatementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} Statement[{}]", self.policy, self.statement)?;
        if let Some(sid) = &self.sid {
            write!(f, " ({sid})")?;
        }
        Ok(())
    }
}

/// The element of a statement that did not match the request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "element"))]
#[non_exhaustive]
pub enum Failure {
    /// The action is not in `Action` (or is in `NotAction`).
    Action {
        /// Whether the element is `NotAction`.
        not: bool,
        /// The element's entries.
        entries: Vec<String>,
    },
    /// The resource is not in `Resource` (or is in `NotResource`).
    Resource {
        /// Whether the element is `NotResource`.
        not: bool,
        /// The element's entries.
        entries: Vec<String>,
    },
    /// The principal is not named by `Principal` (or is by `NotPrincipal`).
    Principal,
    /// A condition does not hold.
    Condition {
        /// The key as written in the policy.
        key: String,
        /// The operator as written (`ForAnyValue:StringLike`).
        operator: String,
        /// The policy's values.
        values: Vec<String>,
        /// The request's values; `None` when the key is absent.
        request_values: Option<Vec<String>>,
        /// The condition could not be decided (a value that does not parse
        /// for the operator, or several values without a set operator): an
        /// `Allow` does not apply then.
        undecided: bool,
        /// Why it could not be decided, when `undecided`.
        why: Option<&'static str>,
    },
}

/// A part of a `Deny` statement that applies only because it could not be
/// decided: the stricter reading lets the `Deny` apply.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Undecided {
    /// The statement.
    pub statement: StatementRef,
    /// `Condition` or `Resource`/`NotResource`.
    pub element: &'static str,
    /// What was undecided (the operator and key, or the resource).
    pub what: String,
    /// Why.
    pub why: &'static str,
}

impl fmt::Display for Undecided {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} could not be decided ({}), so the Deny applies",
            self.statement, self.what, self.why
        )
    }
}

impl Failure {
    /// The element's name: `Action`, `NotResource`, `Condition`...
    pub fn element(&self) -> &'static str {
        match self {
            Self::Action { not: false, .. } => "Action",
            Self::Action { not: true, .. } => "NotAction",
            Self::Resource { not: false, .. } => "Resource",
            Self::Resource { not: true, .. } => "NotResource",
            Self::Principal => "Principal",
            Self::Condition { .. } => "Condition",
        }
    }

    /// How far a statement got before this failure (higher is closer).
    fn closeness(&self) -> u8 {
        match self {
            Self::Action { .. } => 0,
            Self::Resource { .. } => 1,
            Self::Principal => 2,
            Self::Condition { .. } => 3,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |v: &[String]| {
            v.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            Self::Action {
                not: false,
                entries,
            } => {
                write!(f, "the action is not in Action [{}]", list(entries))
            }
            Self::Action { not: true, entries } => {
                write!(f, "the action is in NotAction [{}]", list(entries))
            }
            Self::Resource {
                not: false,
                entries,
            } => {
                write!(f, "the resource is not in Resource [{}]", list(entries))
            }
            Self::Resource { not: true, entries } => {
                write!(f, "the resource is in NotResource [{}]", list(entries))
            }
            Self::Principal => f.write_str("the principal is not one the statement names"),
            Self::Condition {
                key,
                operator,
                values,
                request_values,
                undecided,
                why,
            } => {
                write!(f, "condition `{operator}` on `{key}` [{}]", list(values))?;
                match request_values {
                    _ if *undecided => {
                        f.write_str(" cannot be decided")?;
                        if let Some(v) = request_values {
                            write!(f, " for request values [{}]", list(v))?;
                        }
                        if let Some(why) = why {
                            write!(f, ": {why}")?;
                        }
                        Ok(())
                    }
                    None => f.write_str(" does not hold: the request has no such key"),
                    Some(v) => write!(f, " does not hold for request values [{}]", list(v)),
                }
            }
        }
    }
}

/// A statement that did not apply, and the first element that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct NearMiss {
    /// The statement.
    pub statement: StatementRef,
    /// What failed.
    pub failed: Failure,
}

/// Why the decision is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// Allowed.
    Allowed,
    /// A `Deny` statement applies.
    ExplicitDeny,
    /// No statement of the SCPs at this level allows the request.
    NoScpAllow {
        /// The level.
        level: u8,
    },
    /// No identity policy allows it (and no resource-based policy allows it
    /// alone).
    NoIdentityAllow,
    /// The permissions boundary does not allow it.
    NotInBoundary,
    /// The session policies do not allow it.
    NotInSessionPolicy,
    /// The resource is in another account and its resource-based policy
    /// does not allow the principal.
    CrossAccountNoResourceAllow,
    /// A role trust policy or KMS key policy must allow the principal, and
    /// none given does.
    ResourcePolicyRequired,
    /// The resource's ARN has no account and the request names none: the
    /// request is allowed within the account but would not be across
    /// accounts, so it is not allowed (give `resource_account`).
    ResourceAccountUnknown,
    /// The request names no principal (an anonymous request, which only a
    /// resource-based policy allowing everyone can allow), or one without
    /// an account, which is not taken to be in the resource's account:
    /// identity policies alone do not allow it (name the principal).
    PrincipalAccountUnknown,
    /// The principal's temporary credentials cannot call the action,
    /// whatever the policies say: a federated user's (`GetFederationToken`)
    /// no IAM action and no STS action but `GetCallerIdentity`, a role
    /// session's no `sts:GetFederationToken` or `sts:GetSessionToken` (AWS
    /// STS API Reference).
    CredentialsCannotCall,
    /// The request is over [`crate::RequestLimits`] (a string longer than
    /// AWS allows): never allowed.
    OverLimits,
    /// The request's action is not one `service:Name` of letters, digits
    /// and `-`, or its resource is neither `*` nor an ARN: never allowed
    /// (see
    /// [`crate::Request::try_new`]).
    MalformedRequest,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Allowed => f.write_str("allowed"),
            Self::ExplicitDeny => f.write_str("a Deny statement applies"),
            Self::NoScpAllow { level } => {
                write!(f, "no service control policy at level {level} allows the request")
            }
            Self::NoIdentityAllow => f.write_str("no identity-based policy allows the request"),
            Self::NotInBoundary => f.write_str("the permissions boundary does not allow the request"),
            Self::NotInSessionPolicy => f.write_str("no session policy allows the request"),
            Self::CrossAccountNoResourceAllow => f.write_str(
                "the resource is in another account, and no resource-based policy of it allows the principal",
            ),
            Self::ResourcePolicyRequired => f.write_str(
                "the role's trust policy (or the KMS key policy) must allow the principal, and none given does",
            ),
            Self::ResourceAccountUnknown => f.write_str(
                "the resource's ARN names no account and the request gives no `resource_account`: allowed within one account, not across accounts",
            ),
            Self::OverLimits => f.write_str(
                "the request is over polc's limits (a string longer, or a list larger, than AWS allows): see `Request::check_limits`",
            ),
            Self::MalformedRequest => f.write_str(
                "the request is not well formed (an action that is not one `service:Name` of letters, digits and `-`, a resource that is neither `*` nor an ARN, or a context value of a key AWS sets itself that the request contradicts): `Request::refusal` says which",
            ),
            Self::PrincipalAccountUnknown => f.write_str(
                "the request names no principal (an anonymous request), a service (which has no identity-based policies), or a principal without an account (not taken to be in the resource's account): identity-based policies alone do not allow it; name the principal by its ARN, or give a resource-based policy that names it",
            ),
            Self::CredentialsCannotCall => f.write_str(
                "the principal's temporary credentials cannot call this action whatever the policies say: a federated user's (GetFederationToken) no IAM action and no STS action but GetCallerIdentity, a role session's not GetFederationToken or GetSessionToken",
            ),
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Reason {
    /// Its [`Reason::code`].
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl Reason {
    /// A stable identifier (`NO_IDENTITY_ALLOW`...), for JSON output.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Allowed => "ALLOWED",
            Self::ExplicitDeny => "EXPLICIT_DENY",
            Self::NoScpAllow { .. } => "NO_SCP_ALLOW",
            Self::NoIdentityAllow => "NO_IDENTITY_ALLOW",
            Self::NotInBoundary => "NOT_IN_BOUNDARY",
            Self::NotInSessionPolicy => "NOT_IN_SESSION_POLICY",
            Self::CrossAccountNoResourceAllow => "CROSS_ACCOUNT_NO_RESOURCE_ALLOW",
            Self::ResourcePolicyRequired => "RESOURCE_POLICY_REQUIRED",
            Self::ResourceAccountUnknown => "RESOURCE_ACCOUNT_UNKNOWN",
            Self::PrincipalAccountUnknown => "PRINCIPAL_ACCOUNT_UNKNOWN",
            Self::CredentialsCannotCall => "CREDENTIALS_CANNOT_CALL",
            Self::OverLimits => "OVER_LIMITS",
            Self::MalformedRequest => "MALFORMED_REQUEST",
        }
    }

    /// Whether statements of a policy of `kind` could have changed this
    /// denial by applying.
    fn concerns(self, kind: PolicyKind) -> bool {
        match self {
            Self::Allowed
            | Self::ExplicitDeny
            | Self::OverLimits
            | Self::MalformedRequest
            | Self::CredentialsCannotCall => false,
            Self::NoScpAllow { level } => kind == PolicyKind::Scp { level },
            Self::NoIdentityAllow => matches!(kind, PolicyKind::Identity | PolicyKind::Resource),
            Self::NotInBoundary => kind == PolicyKind::PermissionsBoundary,
            Self::NotInSessionPolicy => kind == PolicyKind::Session,
            Self::CrossAccountNoResourceAllow
            | Self::ResourcePolicyRequired
            | Self::ResourceAccountUnknown
            | Self::PrincipalAccountUnknown => kind == PolicyKind::Resource,
        }
    }
}

/// A decision with its reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Explanation {
    /// The decision.
    pub decision: Decision,
    /// Why.
    pub reason: Reason,
    /// The statements that decided: the `Deny` statements that apply for
    /// `EXPLICIT_DENY`, the `Allow` statements that apply for `ALLOW`.
    pub decided_by: Vec<StatementRef>,
    /// For a denied request: the `Allow` statements that came closest, the
    /// closest first (those that failed only on a condition, then on the
    /// principal, the resource, the action), with what failed.
    pub near_misses: Vec<NearMiss>,
    /// For `EXPLICIT_DENY`: the parts of the deciding `Deny` statements
    /// that could not be decided (they apply because those parts might
    /// hold).
    pub undecided: Vec<Undecided>,
}

/// How many near misses an explanation lists at most.
pub const MAX_NEAR_MISSES: usize = 5;

/// Evaluates every statement fully (no index, no short cut), then combines
/// as the fast path does.
pub(crate) fn explain(set: &PolicySet, request: &Request<'_>) -> Explanation {
    if !request.within_limits() || !request.well_formed() {
        return Explanation {
            decision: Decision::ImplicitDeny,
            reason: if request.well_formed() {
                Reason::OverLimits
            } else {
                Reason::MalformedRequest
            },
            decided_by: Vec::new(),
            near_misses: Vec::new(),
            undecided: Vec::new(),
        };
    }
    let mut traces: Vec<(usize, &CompiledStatement, Result<Grant, Failure>)> = Vec::new();
    for (pi, policy) in set.policies.iter().enumerate() {
        for statement in &*policy.statements {
            traces.push((pi, statement, trace(statement, request, set.has_boundary)));
        }
    }
    let denies: Vec<StatementRef> = traces
        .iter()
        .filter(|(_, s, t)| s.effect == Effect::Deny && t.is_ok())
        .map(|(pi, s, _)| statement_ref(set, *pi, s))
        .collect();
    if !denies.is_empty() {
        let undecided = traces
            .iter()
            .filter(|(_, s, t)| s.effect == Effect::Deny && t.is_ok())
            .flat_map(|(pi, s, _)| undecided_parts(set, *pi, s, request))
            .collect();
        return Explanation {
            decision: Decision::ExplicitDeny,
            reason: Reason::ExplicitDeny,
            decided_by: denies,
            near_misses: Vec::new(),
            undecided,
        };
    }
    let mut summary = set.empty_summary(request);
    for (pi, policy) in set.policies.iter().enumerate() {
        let best = traces
            .iter()
            .filter(|(p, s, _)| *p == pi && s.effect == Effect::Allow)
            .filter_map(|(_, _, t)| t.as_ref().ok().copied())
            .max();
        summary.record(policy.kind, best);
    }
    let (decision, reason) = set.combine(&summary, request);
    if decision == Decision::Allow {
        let decided_by = traces
            .iter()
            .filter(|(_, s, t)| s.effect == Effect::Allow && t.is_ok())
            .map(|(pi, s, _)| statement_ref(set, *pi, s))
            .collect();
        return Explanation {
            decision,
            reason,
            decided_by,
            near_misses: Vec::new(),
            undecided: Vec::new(),
        };
    }
    let mut misses: Vec<NearMiss> = traces
        .into_iter()
        .filter(|(pi, s, _)| {
            s.effect == Effect::Allow
                && set
                    .policies
                    .get(*pi)
                    .is_some_and(|p| reason.concerns(p.kind))
        })
        .filter_map(|(pi, s, t)| {
            t.err().map(|failed| NearMiss {
                statement: statement_ref(set, pi, s),
                failed,
            })
        })
        .collect();
    // Stable: among equally close statements, document order.
    misses.sort_by_key(|m| std::cmp::Reverse(m.failed.closeness()));
    misses.truncate(MAX_NEAR_MISSES);
    Explanation {
        decision,
        reason,
        decided_by: Vec::new(),
        near_misses: misses,
        undecided: Vec::new(),
    }
}

/// The undecided parts of a `Deny` statement that applies.
fn undecided_parts(
    set: &PolicySet,
    policy: usize,
    statement: &CompiledStatement,
    request: &Request<'_>,
) -> Vec<Undecided> {
    let mut out = Vec::new();
    let note = |element: &'static str, what: String, why: &'static str| Undecided {
        statement: statement_ref(set, policy, statement),
        element,
        what,
        why,
    };
    if statement.resource_matches(request) == Truth::Undecided
        && let Some(resources) = &statement.resources
    {
        let element = if resources.not {
            "NotResource"
        } else {
            "Resource"
        };
        let doubtful = resources
            .patterns
            .iter()
            .zip(&resources.doubtful)
            .any(|(p, &d)| d && p.test(request.resource(), request) == Truth::True);
        out.push(note(
            element,
            format!("`{element}` for `{}`", request.resource()),
            if doubtful {
                "it matches only with a policy variable replaced before the fifth colon of the ARN, where the IAM User Guide says IAM does not replace it"
            } else {
                "a policy variable in it has no value in the request (AWS: it \"might cause the entire statement to be invalid\")"
            },
        ));
    }
    for condition in &*statement.conditions {
        if condition.eval(request) == Truth::Undecided {
            out.push(note(
                "Condition",
                format!(
                    "condition `{}` on `{}`",
                    condition.operator, condition.key_text
                ),
                condition.undecided_reason(request),
            ));
        }
    }
    out
}

/// Whether `statement` applies, element by element: its grant, or the
/// first element that failed.
fn trace(
    statement: &CompiledStatement,
    request: &Request<'_>,
    boundary: bool,
) -> Result<Grant, Failure> {
    if !statement.action_matches(request) {
        return Err(Failure::Action {
            not: statement.not_action,
            entries: statement
                .action_text
                .iter()
                .map(|s| s.to_string())
                .collect(),
        });
    }
    if statement.resource_matches(request) < statement.needed() {
        let (not, entries) = statement
            .resources
            .as_ref()
            .map_or((false, Vec::new()), |r| {
                (r.not, r.texts.iter().map(|s| s.to_string()).collect())
            });
        return Err(Failure::Resource { not, entries });
    }
    let grant = statement
        .grant(request, boundary)
        .ok_or(Failure::Principal)?;
    let needed = statement.needed();
    for condition in &*statement.conditions {
        let truth = condition.eval(request);
        if truth < needed {
            return Err(Failure::Condition {
                key: condition.key_text.to_string(),
                operator: condition.operator.to_string(),
                values: condition.values.iter().map(|s| s.to_string()).collect(),
                request_values: condition.request_values(request),
                undecided: truth == Truth::Undecided,
                why: (truth == Truth::Undecided).then(|| condition.undecided_reason(request)),
            });
        }
    }
    Ok(grant)
}

/// The decision on its own line, then one indented line per reason:
/// `reason:` (for a denial), `decided by:`, `undecided:` and `closest:`.
/// A control character the policies or the request quoted hold (through
/// JSON escapes) is written as its escape (`\u{1b}`), so the text is safe
/// to print on a terminal or in a log.
impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in self.lines() {
            writeln!(f, "{}", polc_model::report::printable(&line))?;
        }
        Ok(())
    }
}

impl Explanation {
    /// The lines of the text, each without its line break (a value it
    /// quotes may hold one, which `printable` escapes).
    fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.decision.to_string()];
        if self.decision != Decision::Allow {
            lines.push(format!("  reason: {}", self.reason));
        }
        for s in &self.decided_by {
            lines.push(format!("  decided by: {} [{}]", s, s.kind.label()));
        }
        for u in &self.undecided {
            lines.push(format!("  undecided: {u}"));
        }
        for m in &self.near_misses {
            lines.push(format!(
                "  closest: {} [{}]: {}",
                m.statement,
                m.statement.kind.label(),
                m.failed
            ));
        }
        // Said only where no Allow statement applied at all: across
        // accounts or outside a boundary, one may have applied.
        if self.reason == Reason::NoIdentityAllow && self.near_misses.is_empty() {
            lines.push("  closest: no Allow statement names this action".to_owned());
        }
        lines
    }
}
