//! The checks of `polc check` that need the catalog, on top of the
//! structural checks of `polc-model`.

mod action_entries;
mod actions;
pub mod codes;
mod conditions;
mod keys;
mod resources;
pub mod roles;
mod statements;
pub mod within;

use polc_model::wildcard::has_wildcard;
use polc_model::{CheckOptions, Checked, Finding, JsonPath, Policy, PolicyType, Statement};

use crate::ecs::EcsRole;
use crate::reference::{Action, Reference, Service};
pub use within::{Baseline, Exceeding, Within};

/// Checks a policy text: the structural checks of `polc-model` (with the
/// catalog's condition-key types) and the catalog checks, all located.
///
/// ```
/// use polc_model::PolicyType;
/// let text = r#"{"Version": "2012-10-17", "Statement": [
///   {"Effect": "Allow", "Action": "ecs:DescribeCluster", "Resource": "*"}]}"#;
/// let checked = polc_catalog::check(text, PolicyType::Identity);
/// let finding = &checked.findings[0];
/// assert_eq!(finding.code.name, "INVALID_ACTION");
/// assert_eq!(finding.help.as_deref(), Some("did you mean `ecs:DescribeClusters`?"));
/// ```
pub fn check(text: &str, policy_type: PolicyType) -> Checked<'_> {
    check_with(text, policy_type, Reference::embedded())
}

/// [`check`] against a given reference (the embedded one, or another
/// edition of the Service Authorization Reference).
pub fn check_with<'t>(
    text: &'t str,
    policy_type: PolicyType,
    reference: &Reference,
) -> Checked<'t> {
    let mut checked = polc_model::check(
        text,
        &CheckOptions {
            policy_type,
            key_types: reference,
        },
    );
    if let Some(policy) = &checked.policy {
        let mut findings =
            check_policy_as(policy, &checked.statement_paths, reference, policy_type);
        // Principals are an error of their own in identity policies and SCPs.
        if matches!(policy_type, PolicyType::Resource | PolicyType::Trust) {
            for (statement, path) in policy.statement.iter().zip(&checked.statement_paths) {
                if statement.effect == polc_model::Effect::Allow {
                    statements::public_principal(
                        statement,
                        policy,
                        path,
                        policy_type == PolicyType::Trust,
                        &mut findings,
                    );
                }
            }
        }
        checked.extend(findings);
    }
    checked
}

/// The checks `polc check` runs on one document: the catalog's, and
/// those asked for (`--within`, `--role`).
///
/// ```
/// use polc_catalog::checks::Checks;
/// let text = r#"{"Version": "2012-10-17", "Statement": [
///   {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}"#;
/// let checked = Checks::new(polc_model::PolicyType::Identity).run(text);
/// assert!(checked.findings.iter().any(|f| f.code.id == polc_model::codes::CodeId::INVALID_ACTION));
/// ```
///
/// `--within` needs an engine that decides what a policy grants beyond a
/// baseline: `polc_analysis::WITHIN`, given to [`Checks::within`].
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Checks<'a> {
    /// How the document is read (`None`: inferred from each document,
    /// [`PolicyType::infer`]).
    pub policy_type: Option<PolicyType>,
    /// The catalog to check against.
    pub reference: &'a Reference,
    /// Also report what the statements grant beyond this baseline (as
    /// its engine decides: `polc-analysis`'s).
    pub within: Option<Within<'a>>,
    /// Also read the policy as this ECS role's: a trust policy must trust
    /// the role's service, any other must allow what the role's job needs.
    pub role: Option<&'a EcsRole>,
    /// All the policies of the principal the document is one of (`polc
    /// check --one-principal`): a dependent action is missing only when
    /// none of them allows it, and then it is a warning.
    pub principal: Option<&'a Principal>,
}

impl<'a> Checks<'a> {
    /// Whether a document is read as all of a principal's permissions
    /// ([`whole_principal`]): `--role` of a role of yours, or
    /// `--one-principal`. A service-linked role's policy is AWS's, fixed:
    /// what it lacks is no warning its user could act on.
    pub fn reads_whole_principal(&self) -> bool {
        self.role
            .is_some_and(|r| r.kind == crate::ecs::RoleKind::Service)
            || self.principal.is_some()
    }

    /// The catalog's checks of a document of `policy_type` (`None`: as
    /// each document looks), against the embedded reference.
    pub fn new(policy_type: impl Into<Option<PolicyType>>) -> Self {
        Self {
            policy_type: policy_type.into(),
            reference: Reference::embedded(),
            within: None,
            role: None,
            principal: None,
        }
    }

    /// Also the statements that grant more than `baseline`, as `engine`
    /// decides (`polc-analysis`'s).
    #[must_use]
    pub const fn within(mut self, baseline: &'a Baseline, engine: &'a dyn Exceeding) -> Self {
        self.within = Some(Within { baseline, engine });
        self
    }

    /// Also what `role` needs of its policies.
    #[must_use]
    pub const fn role(mut self, role: &'a EcsRole) -> Self {
        self.role = Some(role);
        self
    }

    /// The type `text` is checked as.
    pub fn policy_type_of(&self, text: &str) -> PolicyType {
        self.policy_type.unwrap_or_else(|| PolicyType::infer(text))
    }

    /// Checks `text`: every finding, located, top to bottom.
    pub fn run<'t>(&self, text: &'t str) -> Checked<'t> {
        let policy_type = self.policy_type_of(text);
        let mut checked = check_with(text, policy_type, self.reference);
        if let (Some(others), Some(policy)) = (self.principal, &checked.policy) {
            // Read among the principal's policies: computed again.
            checked
                .findings
                .retain(|f| f.code.id != polc_model::codes::CodeId::MISSING_DEPENDENT_ACTION);
            let among =
                dependent_actions_among(policy, &checked.statement_paths, self.reference, others);
            checked.extend(among);
        }
        if self.reads_whole_principal() {
            whole_principal(&mut checked.findings);
        }
        if let Some(policy) = &checked.policy {
            let asked = self.asked_for(policy, &checked.statement_paths, policy_type);
            checked.extend(asked);
        }
        checked
    }

    /// The findings of the checks asked for (`within`, `role`) on a typed
    /// document of `policy_type` whose statements are at `paths`
    /// (unlocated: the caller holds the source).
    pub fn asked_for(
        &self,
        policy: &Policy,
        paths: &[JsonPath],
        policy_type: PolicyType,
    ) -> Vec<Finding> {
        let mut findings = Vec::new();
        if let Some(within) = self.within {
            findings.extend(within.engine.exceeding(
                policy,
                paths,
                within.baseline,
                self.reference,
            ));
        }
        if let Some(role) = self.role {
            findings.extend(roles::role_findings_among(
                policy,
                paths,
                policy_type,
                role,
                self.principal,
                self.reference,
            ));
        }
        findings
    }
}

/// All the policies of one principal (`polc check --one-principal`), with
/// whether they allow and deny an action looked up once per action, so
/// that checking every one of them stays linear in their number.
#[derive(Debug, Default)]
pub struct Principal {
    policies: Vec<Policy>,
    /// Behind a lock: a run may check the principal's policies on several
    /// threads.
    memo: std::sync::Mutex<std::collections::HashMap<String, (bool, bool)>>,
}

impl Principal {
    /// The principal whose policies are `policies`.
    pub fn new(policies: Vec<Policy>) -> Self {
        Self {
            policies,
            memo: std::sync::Mutex::default(),
        }
    }

    /// The principal's policies.
    pub(crate) fn policies(&self) -> &[Policy] {
        &self.policies
    }

    /// Whether some Allow statement of the policies names `action`, and
    /// whether some Deny statement does (resources and conditions aside).
    pub fn allowed_denied(&self, action: &str) -> (bool, bool) {
        let key = action.to_ascii_lowercase();
        let memo = || {
            self.memo
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(&known) = memo().get(&key) {
            return known;
        }
        let statements = || self.policies.iter().flat_map(|p| p.statement.iter());
        let named = |effect| statements().any(|s| s.effect == effect && s.names_action(action));
        let answer = (
            named(polc_model::Effect::Allow),
            named(polc_model::Effect::Deny),
        );
        memo().insert(key, answer);
        answer
    }
}

/// `MISSING_DEPENDENT_ACTION` of `policy` (statements at `paths`) read as
/// one of a principal's policies, `others` being all of them: a dependent
/// action some Allow of any of them names, and no Deny of any names, is
/// not missing. Warnings (the principal is seen whole); unlocated.
pub fn dependent_actions_among(
    policy: &Policy,
    paths: &[JsonPath],
    reference: &Reference,
    others: &Principal,
) -> Vec<Finding> {
    let budget = polc_model::wildcard::Budget::for_input(0);
    let (resolved, arranged) = arrange(policy, reference, &budget);
    let statements: Vec<(&Statement, &JsonPath)> = policy.statement.iter().zip(paths).collect();
    let also = |action: &str| others.allowed_denied(action);
    let mut findings = Vec::new();
    statements::dependent_actions(
        &statements,
        &arranged,
        &resolved,
        reference,
        &also,
        &mut findings,
    );
    whole_principal(&mut findings);
    for finding in &mut findings {
        finding.message = finding.message.replace(
            "which the policy does not allow",
            "which none of the principal's policies allows",
        );
    }
    findings
}

/// Findings of a document read as all of a principal's permissions (`--role`):
/// a dependent action missing from it is missing, a warning (on a lone
/// document, one of several policies, it is a suggestion).
pub fn whole_principal(findings: &mut [Finding]) {
    for finding in findings {
        if finding.code.id == polc_model::codes::CodeId::MISSING_DEPENDENT_ACTION {
            finding.severity = polc_model::Severity::Warning;
        }
    }
}

/// The catalog checks of a typed policy whose statements are at
/// `statement_paths` (unlocated: the caller holds the source).
pub fn check_policy(
    policy: &Policy,
    statement_paths: &[JsonPath],
    reference: &Reference,
) -> Vec<Finding> {
    check_policy_as(policy, statement_paths, reference, PolicyType::Identity)
}

/// [`check_policy`] of a document of `policy_type`: in a resource-based
/// policy API Gateway's shorthand ARNs (`execute-api:/*`) are read as the
/// ARNs they stand for, and in resource-based and trust policies a
/// dependent action is not asked for (the caller's own policies grant it).
pub fn check_policy_as(
    policy: &Policy,
    statement_paths: &[JsonPath],
    reference: &Reference,
    policy_type: PolicyType,
) -> Vec<Finding> {
    let resource_policy = matches!(policy_type, PolicyType::Resource | PolicyType::Trust);
    let mut findings = Vec::new();
    // Pairwise comparisons (redundancy) share one budget, linear in the
    // size of the entries however long each is.
    let chars: usize = policy
        .statement
        .iter()
        .flat_map(|s| {
            s.action
                .values
                .iter()
                .chain(s.resource.iter().flat_map(|r| r.values.iter()))
        })
        .map(|s| s.len())
        .sum();
    let budget = polc_model::wildcard::Budget::for_input(chars);
    let (resolved, arranged) = arrange(policy, reference, &budget);
    for (((statement, path), resolved), arranged) in policy
        .statement
        .iter()
        .zip(statement_paths)
        .zip(&resolved)
        .zip(&arranged)
    {
        actions::check(statement, resolved, path, reference, &mut findings);
        keys::check(statement, path, reference, &mut findings);
        if policy.version == Some(polc_model::Version::V2012_10_17) {
            keys::check_variables(statement, path, reference, &mut findings);
        }
        conditions::check(statement, resolved, path, reference, &mut findings);
        statements::check(
            statement,
            arranged,
            path,
            &budget,
            policy_type != PolicyType::Scp,
            &mut findings,
        );
        resources::check(
            statement,
            resolved,
            path,
            reference,
            policy_type == PolicyType::Resource,
            &mut findings,
        );
    }
    statements::check_policy(
        policy,
        statement_paths,
        &resolved,
        &arranged,
        reference,
        &budget,
        &mut findings,
    );
    if resource_policy {
        findings.retain(|f| f.code.id != polc_model::codes::CodeId::MISSING_DEPENDENT_ACTION);
    }
    findings
}

/// The action entries of every statement of `policy`, looked up and
/// arranged once.
fn arrange<'p, 'r>(
    policy: &'p Policy,
    reference: &'r Reference,
    budget: &polc_model::wildcard::Budget,
) -> (Vec<Resolved<'r>>, Vec<action_entries::ActionEntries<'p>>) {
    let resolved = policy
        .statement
        .iter()
        .map(|s| resolve(s, reference))
        .collect();
    let arranged = policy
        .statement
        .iter()
        .map(|s| action_entries::ActionEntries::new(&s.action.values, reference, budget))
        .collect();
    (resolved, arranged)
}

/// The action entries of a statement, each looked up once: the action an
/// entry names exactly, or `None` (a wildcard, or no such action).
pub(crate) type Resolved<'r> = Vec<Option<(&'r Service, &'r Action)>>;

fn resolve<'r>(statement: &Statement, reference: &'r Reference) -> Resolved<'r> {
    // Entries of one service come together: its lookup is kept.
    let mut last: Option<(&str, &'r Service)> = None;
    statement
        .action
        .values
        .iter()
        .map(|entry| {
            if has_wildcard(entry) {
                return None;
            }
            let (prefix, name) = polc_model::action::split_colon(entry)?;
            let service = match last {
                Some((known, service)) if known.eq_ignore_ascii_case(prefix) => service,
                _ => {
                    let service = reference.service(prefix)?;
                    last = Some((prefix, service));
                    service
                }
            };
            Some((service, service.action(name)?))
        })
        .collect()
}

/// Whether `statements` allow `action` at all: some Allow statement names
/// it and no Deny statement does. Resources and conditions are set aside,
/// and a Deny counts whatever its conditions: the reading that reports a
/// missing permission rather than hide one.
pub(crate) fn allows_action<'s>(
    statements: impl Iterator<Item = &'s Statement> + Clone,
    action: &str,
) -> bool {
    let named = |effect| {
        statements
            .clone()
            .any(|s| s.effect == effect && s.names_action(action))
    };
    named(polc_model::Effect::Allow) && !named(polc_model::Effect::Deny)
}
