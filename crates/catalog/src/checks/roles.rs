//! `--role NAME`: a policy read as the trust policy or the permissions of a
//! known ECS role.

use polc_evaluator::{Decision, Explanation, Failure, PolicyKind, PolicySet, Request};
use polc_model::{
    Effect, Finding, JsonPath, Location, Policy, PolicyType, Principal, PrincipalKind, Statement,
};

use super::codes;
use crate::Reference;
use crate::ecs::EcsRole;

/// The account the questions about a role are asked in, where the
/// policy does not name one.
const ACCOUNT: &str = "111122223333";

/// The findings for `policy` as the `policy_type` policy of `role`: a trust
/// policy must trust the role's service; any other policy must allow what
/// the role's job needs.
pub fn role_findings(
    policy: &Policy,
    paths: &[JsonPath],
    policy_type: PolicyType,
    role: &EcsRole,
) -> Vec<Finding> {
    role_findings_among(
        policy,
        paths,
        policy_type,
        role,
        None,
        Reference::embedded(),
    )
}

/// [`role_findings`], the permissions read among all of the principal's
/// policies where `principal` gives them (`--one-principal`): what any of
/// them allows, and none denies, the role has. Each need is decided by the
/// evaluator, as a request of the role's session (or of its service, for
/// the trust policy) on a resource the action acts on.
pub fn role_findings_among(
    policy: &Policy,
    paths: &[JsonPath],
    policy_type: PolicyType,
    role: &EcsRole,
    principal: Option<&super::Principal>,
    reference: &Reference,
) -> Vec<Finding> {
    if policy_type == PolicyType::Trust {
        trust(policy, paths, role)
    } else {
        permissions(policy, role, principal, reference)
    }
}

/// The condition keys of `policies`' statements, each once: a request of
/// the role may carry any of them with a value polc is not told
/// ([`Request::context_unknown`]), unless the principal settles it.
fn condition_keys<'p>(policies: impl Iterator<Item = &'p Policy>) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for policy in policies {
        for statement in policy.statement.iter() {
            let Some(condition) = &statement.condition else {
                continue;
            };
            for block in condition.0.values() {
                for key in block.0.keys() {
                    if seen.insert(key.to_ascii_lowercase()) {
                        keys.push(key.to_string());
                    }
                }
            }
        }
    }
    keys
}

/// How `set` treats `request`: allowed; denied only by a `Deny` whose
/// condition could not be decided; allowed only under a condition that
/// could not be decided; or not at all.
fn verdict(set: &PolicySet, request: &Request<'_>) -> (Allowance, Explanation) {
    let explanation = set.explain(request);
    let allowance = match explanation.decision {
        Decision::Allow => Allowance::Allowed,
        Decision::ExplicitDeny => {
            let undecided = |d: &polc_evaluator::StatementRef| {
                explanation.undecided.iter().any(|u| u.statement == *d)
            };
            if !explanation.decided_by.is_empty() && explanation.decided_by.iter().all(undecided) {
                Allowance::PartlyDenied
            } else {
                Allowance::Missing
            }
        }
        _ => {
            let conditional = explanation.near_misses.iter().any(|m| {
                matches!(
                    m.failed,
                    Failure::Condition {
                        undecided: true,
                        ..
                    }
                )
            });
            if conditional {
                Allowance::Conditional
            } else {
                Allowance::Missing
            }
        }
    };
    (allowance, explanation)
}

fn trust(policy: &Policy, paths: &[JsonPath], role: &EcsRole) -> Vec<Finding> {
    let expected = role
        .trusted_services
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    let mut findings = Vec::new();
    let mut trusted = false;
    for (statement, path) in policy.statement.iter().zip(paths) {
        let Some(principal) = &statement.principal else {
            continue;
        };
        if statement.effect != Effect::Allow
            || principal.not
            || !statement.names_action("sts:AssumeRole")
        {
            continue;
        }
        let Principal::Map(map) = &principal.value else {
            continue;
        };
        let Some(services) = map.get(&PrincipalKind::Service) else {
            continue;
        };
        for (i, service) in services.iter().enumerate() {
            if is_trusted(role, service) {
                trusted = true;
                continue;
            }
            let base = path.key(principal.key()).key("Service");
            findings.push(
                Finding::new(
                    &codes::ECS_ROLE_TRUST_MISMATCH,
                    format!(
                        "`{}` is assumed by {expected}, but this trust policy trusts `{service}`",
                        role.name
                    ),
                    Location::value(services.item_path(&base, i)),
                )
                .with_help(format!("trust {expected} instead")),
            );
        }
    }
    // The service's own request, decided: a `Deny` that applies to it
    // whatever the values the service sends, or an `Allow` whose
    // conditions its request never meets, leaves the role unassumable.
    // (A condition on what the service sends, such as the confused-deputy
    // guards on `aws:SourceAccount`, is the service's to meet.)
    if trusted && let Some(finding) = trust_decided(policy, paths, role, &expected) {
        findings.push(finding);
    }
    if !trusted && findings.is_empty() {
        findings.push(
            Finding::new(
                &codes::ECS_ROLE_TRUST_MISMATCH,
                format!("`{}` is assumed by {expected}, and this trust policy trusts no service", role.name),
                Location::key(JsonPath::root().key("Statement")),
            )
            .with_help(format!("add a statement allowing `sts:AssumeRole` to `\"Principal\": {{\"Service\": \"{}\"}}`", role.trusted_services.first().unwrap_or(&""))),
        );
    }
    findings
}

/// The finding when the trusted service's `sts:AssumeRole` is certainly
/// not allowed by `policy`.
fn trust_decided(
    policy: &Policy,
    paths: &[JsonPath],
    role: &EcsRole,
    expected: &str,
) -> Option<Finding> {
    let mut set = PolicySet::new();
    // A trust policy the evaluator refuses has error findings of its own.
    set.add(PolicyKind::Resource, "trust", policy).ok()?;
    // What the service may send: the global keys (the evaluator settles
    // those of the principal) and `sts:`'s but an external id, which no
    // ECS role's service passes. A SAML or web identity provider's keys
    // come only with `AssumeRoleWithSAML`/`WithWebIdentity`: absent
    // (review 50).
    let keys: Vec<String> = condition_keys(std::iter::once(policy))
        .into_iter()
        .filter(|k| {
            let k = k.to_ascii_lowercase();
            k.starts_with("aws:") || (k.starts_with("sts:") && k != "sts:externalid")
        })
        .collect();
    let role_arn = format!("arn:aws:iam::{ACCOUNT}:role/{}", role.name);
    // The services the policy trusts for the role, as it names them
    // (`ec2.amazonaws.com.cn` in China: review 49).
    let mut services: Vec<&str> = Vec::new();
    for statement in policy.statement.iter() {
        let Some(element) = statement.principal.as_ref().filter(|p| !p.not) else {
            continue;
        };
        let Principal::Map(map) = &element.value else {
            continue;
        };
        for service in map
            .get(&PrincipalKind::Service)
            .into_iter()
            .flat_map(|v| v.iter())
        {
            if is_trusted(role, service) && !services.contains(&service.as_str()) {
                services.push(service);
            }
        }
    }
    let mut outcome = None;
    for service in services {
        let request = keys.iter().fold(
            Request::new("sts:AssumeRole", role_arn.as_str()).principal(service),
            |r, k| r.context_unknown(k),
        );
        let (allowance, explanation) = verdict(&set, &request);
        if allowance != Allowance::Missing {
            return None;
        }
        outcome.get_or_insert(explanation);
    }
    let explanation = outcome?;
    let path_of = |statement: usize| paths.get(statement).cloned();
    if explanation.decision == Decision::ExplicitDeny {
        let path = explanation
            .decided_by
            .first()
            .and_then(|d| path_of(d.statement))
            .unwrap_or_else(|| JsonPath::root().key("Statement"));
        return Some(
            Finding::new(
                &codes::ECS_ROLE_TRUST_MISMATCH,
                format!(
                    "`{}` is assumed by {expected}, but this statement denies it `sts:AssumeRole` whatever the service sends: the role cannot be assumed",
                    role.name
                ),
                Location::value(path),
            )
            .with_help("remove the `Deny`, or give it a condition the service's calls do not meet"),
        );
    }
    let closest = explanation.near_misses.first();
    let path = closest
        .and_then(|m| path_of(m.statement.statement))
        .unwrap_or_else(|| JsonPath::root().key("Statement"));
    let why = closest.map_or_else(String::new, |m| format!(" ({})", m.failed));
    Some(
        Finding::new(
            &codes::ECS_ROLE_TRUST_MISMATCH,
            format!(
                "`{}` is assumed by {expected}, but the request of the service never meets this statement's conditions{why}: the role cannot be assumed",
                role.name
            ),
            Location::value(path),
        )
        .with_help("remove the condition, or write one on what the service sends (`aws:SourceAccount`, `aws:SourceArn`)"),
    )
}

/// Whether `service` is one the role is assumed by (in any partition).
fn is_trusted(role: &EcsRole, service: &str) -> bool {
    role.trusted_services.iter().any(|t| {
        t.eq_ignore_ascii_case(service) || t.eq_ignore_ascii_case(service.trim_end_matches(".cn"))
    })
}

/// The needs of a role decided against its policies.
struct Decider<'p> {
    policies: Vec<&'p Policy>,
    /// The policies compiled, when the evaluator takes them all (one it
    /// refuses has error findings of its own; its needs are then read by
    /// name, [`allowance`]).
    set: Option<PolicySet>,
    /// The policies' condition keys.
    keys: Vec<String>,
    role: &'p EcsRole,
    reference: &'p Reference,
}

/// The most resources one needed action is asked on (one per `Allow`
/// naming it, and per resource entry): the work stays linear.
const CANDIDATES: usize = 64;

impl<'p> Decider<'p> {
    fn new(policies: Vec<&'p Policy>, role: &'p EcsRole, reference: &'p Reference) -> Self {
        let mut set = PolicySet::new();
        let compiled = policies.iter().enumerate().all(|(i, p)| {
            set.add(PolicyKind::Identity, &format!("policy {i}"), p)
                .is_ok()
        });
        Self {
            keys: condition_keys(policies.iter().copied()),
            set: compiled.then_some(set),
            policies,
            role,
            reference,
        }
    }

    /// How the policies treat the role's requests for `action` (with
    /// `context`): allowed on some resource the action acts on, only
    /// there under conditions, or not.
    fn allowance(&self, action: &str, need: &crate::ecs::Need) -> Allowance {
        let by_name = allowance(
            self.policies.iter().flat_map(|p| p.statement.iter()),
            action,
        );
        let Some(set) = &self.set else {
            return by_name;
        };
        if by_name == Allowance::Missing {
            return by_name;
        }
        let mut best = Allowance::Missing;
        for resource in self.resources(action, need.types) {
            let (found, _) = verdict(set, &self.request(action, &resource, need.context));
            if found.rank() > best.rank() {
                best = found;
            }
            if best == Allowance::Allowed {
                break;
            }
        }
        // An `Allow` on resources named by a policy variable other than the
        // account's: whether the session's values fit is the session's
        // (review 49: `repository/${aws:username, 'x'}` was missing).
        if best == Allowance::Missing && self.variable_resources(action) {
            return Allowance::Conditional;
        }
        // A `Deny` naming it elsewhere, or under conditions: whether the
        // role's own requests are among them is not known here.
        if best == Allowance::Allowed && by_name == Allowance::PartlyDenied {
            Allowance::PartlyDenied
        } else {
            best
        }
    }

    /// Whether an `Allow` naming `action` names resources with a policy
    /// variable in their resource part.
    fn variable_resources(&self, action: &str) -> bool {
        self.policies
            .iter()
            .flat_map(|p| p.statement.iter())
            .filter(|s| s.effect == Effect::Allow && s.names_action(action))
            .filter_map(|s| s.resource.as_ref().filter(|r| !r.not))
            .any(|r| {
                r.values.iter().any(|v| {
                    // In the resource part only: IAM does not replace one
                    // before it (the evaluator reads it as text).
                    v.splitn(6, ':')
                        .nth(5)
                        .is_some_and(polc_model::variable::has_variable)
                })
            })
    }

    /// Resources to ask `action` on: `*` for an action that acts on no
    /// resource type; else, for each `Allow` naming it, its entries of the
    /// action's resource formats made concrete (or, for `*` and
    /// `NotResource`, the formats themselves).
    fn resources(&self, action: &str, types: &[(&str, &str)]) -> Vec<String> {
        let formats = self.formats(action, types);
        if formats.is_empty() {
            return vec!["*".to_owned()];
        }
        self.candidates(action, &formats)
    }

    /// The ARN formats of the resources `action` acts on for the job: the
    /// type the job acts on where the need says; else the types the action
    /// requires, or, when none is, any of them (review 50: an EC2 instance
    /// stood for an external instance). Empty: it acts on no resource.
    fn formats(&self, action: &str, types: &[(&str, &str)]) -> Vec<&'static str> {
        let named = types
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(action))
            .map(|(_, t)| *t);
        polc_model::action::split_colon(action)
            .and_then(|(prefix, name)| {
                let service = self.reference.service(prefix)?;
                let action = service.action(name)?;
                let required = action.resources.iter().any(|r| r.required);
                Some(
                    action
                        .resources
                        .iter()
                        .filter(|r| named.is_some() || !required || r.required)
                        .filter_map(|r| service.resource_type(r))
                        .filter(|t| named.is_none_or(|n| t.name == n))
                        .flat_map(|t| t.arn_format.split(", "))
                        .collect(),
                )
            })
            .unwrap_or_default()
    }

    /// The resources of `formats` to ask `action` on: for each `Allow`
    /// naming it, its entries made concrete (or, for `*` and
    /// `NotResource`, the formats themselves).
    fn candidates(&self, action: &str, formats: &[&'static str]) -> Vec<String> {
        // ARNs of the action's formats that `entry` matches (its first
        // parts made concrete first: a `*` region is `us-east-1`, or none
        // for a global service's format, not a run over colons; reviews 49
        // and 50).
        let fitting = |entry: &str| -> Vec<String> {
            concrete_prefix(entry)
                .iter()
                .flat_map(|entry| {
                    formats
                        .iter()
                        .filter_map(|f| crate::reference::arn_format::common_example(entry, f))
                })
                .collect()
        };
        let of_formats = || {
            formats
                .iter()
                .flat_map(|f| fitting(&super::resources::example(f)))
                .collect::<Vec<_>>()
        };
        let mut out: Vec<String> = Vec::new();
        let mut allows: Vec<&Statement> = self
            .policies
            .iter()
            .flat_map(|p| p.statement.iter())
            .filter(|s| s.effect == Effect::Allow && s.names_action(action))
            .collect();
        // Unconditional statements first: past the bound on candidates,
        // what is left is the least likely to allow (review 49).
        allows.sort_by_key(|s| s.condition.as_ref().is_some_and(|c| !c.0.is_empty()));
        for statement in allows {
            match &statement.resource {
                Some(r) if !r.not => {
                    for entry in r.values.iter() {
                        if super::resources::is_star(entry) {
                            out.extend(of_formats());
                        } else {
                            out.extend(fitting(entry));
                        }
                    }
                }
                _ => out.extend(of_formats()),
            }
            if out.len() >= CANDIDATES {
                break;
            }
        }
        if out.is_empty() {
            // No entry of the action's forms: asked on one of them.
            out.extend(of_formats());
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|r| seen.insert(r.clone()));
        out.truncate(CANDIDATES);
        out
    }

    /// The actions of `need`, each allowed on some resource, that are not
    /// allowed together on one (`None`: some resource of the job has them
    /// all). The job acts on one resource with all of them: the log
    /// driver creates a stream and puts its events there, an image is
    /// pulled from one repository, the agent registers with a cluster and
    /// polls it. A resource is named by the values of its format's
    /// variables (`LogGroupName`, `RepositoryName`, `ClusterName`, with
    /// the partition, region and account): each candidate of each action
    /// gives one such naming, and each action is asked on its own format
    /// so named (a variable the naming lacks is `polc`).
    fn apart(&self, need: &crate::ecs::Need) -> Option<Apart> {
        let set = self.set.as_ref()?;
        let acting: Vec<(&str, Vec<&'static str>)> = need
            .actions
            .iter()
            .map(|a| (*a, self.formats(a, need.types)))
            .filter(|(_, formats)| !formats.is_empty())
            .collect();
        if acting.len() < 2 {
            return None;
        }
        // One resource has them all only where their formats name it
        // alike: a variable of every one's format beyond the partition,
        // region and account (`LogGroupName`, `RepositoryName`,
        // `ClusterName`). A task definition to run and a role to pass are
        // two resources (review 54).
        let names = |formats: &[&'static str]| -> Vec<&'static str> {
            formats
                .iter()
                .flat_map(|f| f.split("${").skip(1))
                .filter_map(|rest| rest.split('}').next())
                .filter(|v| !matches!(*v, "Partition" | "Region" | "Account"))
                .collect()
        };
        let first = acting.first().map(|(_, f)| names(f)).unwrap_or_default();
        let shared = first
            .iter()
            .any(|v| acting.iter().all(|(_, f)| names(f).contains(v)));
        if !shared {
            return None;
        }
        let candidates: Vec<(String, &'static str)> = acting
            .iter()
            .flat_map(|(action, formats)| {
                self.candidates(action, formats)
                    .into_iter()
                    .filter_map(|c| {
                        let format = formats.iter().find(|f| bind(f, &c).is_some())?;
                        Some((c, *format))
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut namings: Vec<Vec<(&str, &str)>> = Vec::new();
        for (candidate, format) in &candidates {
            if let Some(naming) = bind(format, candidate)
                && !namings.contains(&naming)
            {
                namings.push(naming);
            }
            if namings.len() >= CANDIDATES {
                break;
            }
        }
        let mut closest: Option<Apart> = None;
        for naming in &namings {
            let mut missing = Vec::new();
            let mut example = String::new();
            for (action, formats) in &acting {
                let resources: Vec<String> =
                    formats.iter().map(|f| name_format(f, naming)).collect();
                let allowed = resources.iter().any(|r| {
                    verdict(set, &self.request(action, r, need.context)).0 == Allowance::Allowed
                });
                if !allowed {
                    missing.push((*action).to_owned());
                    if example.is_empty() {
                        example = resources.into_iter().next().unwrap_or_default();
                    }
                }
            }
            if missing.is_empty() {
                return None;
            }
            if closest
                .as_ref()
                .is_none_or(|c| missing.len() < c.missing.len())
            {
                let allowed = acting
                    .iter()
                    .map(|(a, _)| (*a).to_owned())
                    .filter(|a| !missing.contains(a))
                    .collect();
                closest = Some(Apart {
                    allowed,
                    missing,
                    resource: example,
                });
            }
        }
        closest
    }

    /// The role's session asking `action` on `resource`, in the resource's
    /// partition and account, with `context` (the keys of the action's
    /// service and global ones) and the policies' other condition keys
    /// unknown.
    fn request<'r>(
        &self,
        action: &'r str,
        resource: &'r str,
        context: &[(&'r str, &'r str)],
    ) -> Request<'r> {
        let mut parts = resource.split(':');
        let partition = parts.nth(1).filter(|p| !p.is_empty()).unwrap_or("aws");
        let account = parts
            .nth(2)
            .filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or(ACCOUNT);
        let service = action.split(':').next().unwrap_or_default();
        let own = |key: &str| {
            key.split(':')
                .next()
                .is_some_and(|p| p.eq_ignore_ascii_case(service) || p.eq_ignore_ascii_case("aws"))
        };
        let principal = format!(
            "arn:{partition}:sts::{account}:assumed-role/{}/polc",
            self.role.name
        );
        let request = Request::new(action, resource).principal(principal);
        let request = context
            .iter()
            .filter(|(k, _)| own(k))
            .fold(request, |r, (k, v)| r.context(*k, *v));
        self.keys.iter().fold(request, |r, k| r.context_unknown(k))
    }
}

/// The actions of a need not allowed with the others on the resource the
/// others are allowed together on ([`Decider::apart`]).
struct Apart {
    /// The actions allowed there (of those that act on a resource).
    allowed: Vec<String>,
    /// The actions missing there.
    missing: Vec<String>,
    /// The resource the first of them is not allowed on.
    resource: String,
}

/// The values `arn` gives the variables of `format`
/// (`arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}`),
/// if it is of that format. A value runs to the next literal text of the
/// format (the candidates' names hold no `:`).
fn bind<'f, 'a>(format: &'f str, arn: &'a str) -> Option<Vec<(&'f str, &'a str)>> {
    let mut naming = Vec::new();
    let (mut format, mut arn) = (format, arn);
    loop {
        let Some(open) = format.find("${") else {
            return (format == arn).then_some(naming);
        };
        arn = arn.strip_prefix(format.get(..open)?)?;
        let rest = format.get(open + 2..)?;
        let close = rest.find('}')?;
        let name = rest.get(..close)?;
        format = rest.get(close + 1..)?;
        let literal = format.get(..format.find("${").unwrap_or(format.len()))?;
        let len = if literal.is_empty() {
            // A variable at the end takes the rest; two in a row cannot be
            // told apart.
            format.is_empty().then_some(arn.len())?
        } else {
            arn.find(literal)?
        };
        naming.push((name, arn.get(..len)?));
        arn = arn.get(len..)?;
    }
}

/// `format` with its variables named by `naming` (`polc` for one it lacks).
fn name_format(format: &str, naming: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(format.len());
    let mut rest = format;
    while let Some(open) = rest.find("${") {
        out.push_str(rest.get(..open).unwrap_or_default());
        let after = rest.get(open + 2..).unwrap_or_default();
        let close = after.find('}').unwrap_or(after.len());
        let name = after.get(..close).unwrap_or_default();
        out.push_str(
            naming
                .iter()
                .find(|(n, _)| *n == name)
                .map_or("polc", |(_, v)| v),
        );
        rest = after.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// `pattern` with its first five parts made concrete (`aws` for a
/// partition, `us-east-1` or none for a `*` region, the questions' account
/// for an account and for `${aws:PrincipalAccount}`/`${aws:ResourceAccount}`,
/// `polc` and `x` for other wildcards there); its resource part as it is.
/// None for no ARN.
fn concrete_prefix(pattern: &str) -> Vec<String> {
    let polc_model::Arn {
        partition,
        service,
        region,
        account,
        resource,
    } = match polc_model::Arn::parse(pattern) {
        Ok(arn) => arn,
        Err(_) => return Vec::new(),
    };
    let open = |part: &str| part.contains(['*', '?']) || part.contains("${");
    let fill = |part: &str| part.replace('*', "polc").replace('?', "x");
    let partition = if open(partition) {
        "aws".to_owned()
    } else {
        partition.to_owned()
    };
    let regions = if region == "*" {
        vec!["us-east-1".to_owned(), String::new()]
    } else {
        vec![fill(region)]
    };
    let account = if open(account) {
        ACCOUNT.to_owned()
    } else {
        account.to_owned()
    };
    let mut resource = resource.to_owned();
    for key in ["${aws:principalaccount}", "${aws:resourceaccount}"] {
        while let Some(at) = resource.to_ascii_lowercase().find(key) {
            resource.replace_range(at..at + key.len(), ACCOUNT);
        }
    }
    regions
        .iter()
        .map(|region| {
            format!(
                "arn:{partition}:{}:{region}:{account}:{resource}",
                fill(service)
            )
        })
        .collect()
}

/// Whether the policies allow `action` at all, only under conditions,
/// with a `Deny` on some of its resources or under some conditions, or
/// not (a `Deny` names it on every resource, without a condition).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Allowance {
    /// An `Allow` without a condition names it, no `Deny` does.
    Allowed,
    /// Only `Allow` statements with conditions name it, no `Deny` does.
    Conditional,
    /// An `Allow` names it, and a `Deny` does on some resources or under
    /// some conditions: whether the role's own requests are among them
    /// is not known here (the role's resources are the account's).
    PartlyDenied,
    /// No `Allow` names it, or a `Deny` does on every resource without a
    /// condition.
    Missing,
}

impl Allowance {
    /// How much of the action the role has: more is higher.
    fn rank(self) -> u8 {
        match self {
            Self::Missing => 0,
            Self::Conditional => 1,
            Self::PartlyDenied => 2,
            Self::Allowed => 3,
        }
    }
}

pub(crate) fn allowance<'s>(
    statements: impl Iterator<Item = &'s Statement> + Clone,
    action: &str,
) -> Allowance {
    let names = |s: &Statement| s.names_action(action);
    // A `Deny` on every resource but `*` denies nothing.
    let denies_nothing = |s: &Statement| {
        s.resource
            .as_ref()
            .is_some_and(|r| r.not && r.values.iter().any(|v| v == "*"))
    };
    let denies = || {
        statements
            .clone()
            .filter(|s| s.effect == Effect::Deny && names(s) && !denies_nothing(s))
    };
    // No condition, or only operators with no key (which IAM reads as
    // no condition).
    let unconditional = |s: &Statement| {
        s.condition
            .as_ref()
            .is_none_or(|c| c.0.values().all(|block| block.0.is_empty()))
    };
    // Every resource: `*`, or no resource element (IAM refuses that in an
    // identity policy; read as the wider `Deny`).
    let everywhere = |s: &Statement| {
        s.resource
            .as_ref()
            .is_none_or(|r| !r.not && r.values.iter().any(|v| v == "*"))
    };
    if denies().any(|s| unconditional(s) && everywhere(s)) {
        return Allowance::Missing;
    }
    let allows = || {
        statements
            .clone()
            .filter(|s| s.effect == Effect::Allow && names(s))
    };
    if allows().next().is_none() {
        Allowance::Missing
    } else if denies().next().is_some() {
        Allowance::PartlyDenied
    } else if allows().any(unconditional) {
        Allowance::Allowed
    } else {
        Allowance::Conditional
    }
}

fn permissions(
    policy: &Policy,
    role: &EcsRole,
    principal: Option<&super::Principal>,
    reference: &Reference,
) -> Vec<Finding> {
    let policies: Vec<&Policy> = match principal {
        Some(principal) => principal.policies().iter().collect(),
        None => vec![policy],
    };
    let decider = Decider::new(policies, role, reference);
    // Each needed action's allowance, decided once.
    let decided: Vec<(&str, Allowance)> = role
        .needs
        .iter()
        .flat_map(|need| {
            need.actions
                .iter()
                .map(|a| (*a, decider.allowance(a, need)))
        })
        .collect();
    let of = |action: &str| {
        decided
            .iter()
            .find(|(a, _)| *a == action)
            .map_or(Allowance::Missing, |(_, allowance)| *allowance)
    };
    // The needed actions allowed as `allowance`, each quoted.
    let needed = |allowance: Allowance| -> Vec<String> {
        decided
            .iter()
            .filter(|(_, a)| *a == allowance)
            .map(|(a, _)| format!("`{a}`"))
            .collect()
    };
    let mut findings = Vec::new();
    let conditional = needed(Allowance::Conditional);
    if !conditional.is_empty() {
        findings.push(
            Finding::new(
                &codes::ECS_ROLE_MISSING_PERMISSION,
                format!(
                    "`{}` is allowed {} only under conditions: the role's sessions must meet them (a session ECS starts has no MFA, for one)",
                    role.name,
                    conditional.join(", ")
                ),
                Location::key(JsonPath::root().key("Statement")),
            )
            .with_help("allow these actions without a condition the role's sessions may not meet, or check the conditions against what ECS sends"),
        );
    }
    let partly = needed(Allowance::PartlyDenied);
    if !partly.is_empty() {
        findings.push(
            Finding::new(
                &codes::ECS_ROLE_MISSING_PERMISSION,
                format!(
                    "`{}` is allowed {}, but a `Deny` takes {} away on some resources or under some conditions: the role's own requests must not be among them",
                    role.name,
                    partly.join(", "),
                    if partly.len() == 1 { "it" } else { "them" }
                ),
                Location::key(JsonPath::root().key("Statement")),
            )
            .with_help("check that the `Deny` leaves out the resources and requests of the role's job (`polc authorize` decides one)"),
        );
    }
    let managed = role
        .managed_policies
        .iter()
        .map(|m| format!("`{m}`"))
        .collect::<Vec<_>>()
        .join(" and ");
    let missing = role.needs.iter().filter_map(|need| {
        let missing: Vec<String> = need
            .actions
            .iter()
            .filter(|a| of(a) == Allowance::Missing)
            .map(|a| format!("`{a}`"))
            .collect();
        if missing.is_empty() {
            return None;
        }
        let help = if managed.is_empty() {
            format!("allow {}", missing.join(", "))
        } else {
            format!(
                "allow {}, or attach {managed} as the documentation does",
                missing.join(", ")
            )
        };
        Some(
            Finding::new(
                &codes::ECS_ROLE_MISSING_PERMISSION,
                format!(
                    "`{}` must be able to {}, but the policy does not allow {}",
                    role.name,
                    need.what,
                    missing.join(", ")
                ),
                Location::key(JsonPath::root().key("Statement")),
            )
            .with_help(help),
        )
    });
    findings.extend(missing);
    // Each action allowed alone, the job's resource must have them all.
    for need in role.needs {
        if need.actions.iter().any(|a| of(a) != Allowance::Allowed) {
            continue;
        }
        let Some(apart) = decider.apart(need) else {
            continue;
        };
        let quoted = |actions: &[String]| {
            actions
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let missing = quoted(&apart.missing);
        let message = if apart.allowed.is_empty() {
            format!(
                "`{}` must be able to {}, with all of its actions on one resource; but the policy allows {missing} each only where the others are not (`{}`, for one)",
                role.name, need.what, apart.resource,
            )
        } else {
            format!(
                "`{}` must be able to {}, with all of its actions on one resource; but where the policy allows {}, it does not allow {missing} (such as on `{}`)",
                role.name,
                need.what,
                quoted(&apart.allowed),
                apart.resource,
            )
        };
        findings.push(
            Finding::new(
                &codes::ECS_ROLE_MISSING_PERMISSION,
                message,
                Location::key(JsonPath::root().key("Statement")),
            )
            .with_help("allow these actions on the same resources (the same log groups, repositories or clusters)"),
        );
    }
    findings
}
