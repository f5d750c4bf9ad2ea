//! The difference of two policy sets, per action: the regions of requests
//! one allows and the other does not, each with an example request the
//! evaluator confirms.

use std::collections::{BTreeMap, HashMap};

use polc_catalog::Reference;
use polc_evaluator::{Decision, PolicySet, Request};
use polc_model::condition::{BaseOperator, OperatorFamily};
use polc_model::pattern::{Pattern, Syntax};
use polc_model::{Effect, Policy, Text, Version};

use crate::glob::{self, Glob};
use crate::space::{self, Atom, Atoms, Cube, Status, negative, positive};
use crate::typed::{self, Typed};
use crate::universe::{Known, Universe, well_formed};

/// Which way a region differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Change {
    /// The new policies allow it, the old ones do not.
    Added,
    /// The old policies allow it, the new ones do not.
    Removed,
    /// The new policies deny it explicitly, the old ones do not (an
    /// explicit `Deny` also denies what other policies allow).
    DenyAdded,
    /// The old policies deny it explicitly, the new ones do not: where
    /// another policy of the principal allows it, it is now allowed.
    DenyRemoved,
}

/// A request that proves a difference, in the form `polc authorize` reads.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Example {
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// The principal (a user of the resource's account, so that identity
    /// policies alone decide).
    pub principal: String,
    /// The resource's account.
    pub resource_account: String,
    /// Context keys with their values (the keys not listed are absent).
    pub context: Vec<(String, String)>,
}

impl Example {
    /// The request as JSON, as `polc authorize --request` reads it.
    pub fn to_json(&self) -> serde_json::Value {
        let context: serde_json::Map<String, serde_json::Value> = self
            .context
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect();
        serde_json::json!({
            "action": self.action,
            "resource": self.resource,
            "principal": self.principal,
            "resource_account": self.resource_account,
            "context": context,
        })
    }

    /// The request, for the evaluator.
    pub fn request(&self) -> Request<'_> {
        let mut request = Request::new(&*self.action, &*self.resource)
            .principal(&*self.principal)
            .resource_account(&*self.resource_account);
        for (key, value) in &self.context {
            request.set_context(&**key, &**value);
        }
        request
    }
}

/// Requests that one side allows and the other does not: the actions, the
/// resources (every pattern of `resources` matches, none of `excluding`),
/// and the conditions that hold.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Region {
    /// Which way it differs.
    pub change: Change,
    /// The actions (catalog names; an action the catalog does not know as
    /// written).
    pub actions: Vec<String>,
    /// Patterns the resource matches, every one (`*` when none).
    pub resources: Vec<String>,
    /// Patterns the resource matches none of.
    pub excluding: Vec<String>,
    /// Per condition key, what holds of it.
    pub conditions: BTreeMap<String, Vec<String>>,
    /// A request of the region, confirmed by the evaluator; `None` for an
    /// undecided region.
    pub example: Option<Example>,
    /// For an undecided region: why it is not decided.
    pub reason: Option<String>,
    /// Where IAM also wants the resource's own policy to allow (a KMS
    /// key, a role to assume): the resource-based policy the example was
    /// decided with (it delegates to the account, as a key's default
    /// policy does): `polc authorize --resource-policy` with it decides
    /// the example as the region says.
    pub resource_policy: Option<String>,
    /// The names in `actions` that stand for actions outside polc's
    /// catalog (those AWS may add), each with the actions it stands for:
    /// they are in the region too.
    pub stands_for: BTreeMap<String, String>,
    /// What a request must meet to be in the region.
    tests: Vec<Test>,
    /// For a region of actions outside the known ones: the known ones.
    known: Option<Known>,
}

/// One literal of a region, as a test on a request.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Test {
    /// The resource matches (`holds`) or not.
    Resource { glob: Glob, holds: bool },
    /// The key (lower case) is absent when `absent`, or has a value
    /// matching one of `globs` (`holds`), or the negation.
    Key {
        key: Box<str>,
        absent: bool,
        globs: Box<[Glob]>,
        holds: bool,
    },
    /// The key (lower case) is absent when `absent`, or has a value on
    /// which `typed` holds (`holds`), or the negation.
    Typed {
        key: Box<str>,
        absent: bool,
        typed: Typed,
        holds: bool,
    },
    /// The action matches one of `globs` (`holds`) or none.
    Action { globs: Box<[Glob]>, holds: bool },
    /// The action is one outside the known ones.
    Unlisted,
    /// Not decided by the engine: any request may be in it.
    Opaque,
}

impl Region {
    /// Whether no request of the region has a resource that one of
    /// `entries` (a statement's `Resource`, as written; `variables`: read
    /// `${...}` as the policy's `Version` 2012-10-17 does) matches: a cheap
    /// test, `false` when in doubt (an entry with a policy variable, a
    /// region the engine could not describe).
    pub(crate) fn surely_outside_resources<'e>(
        &self,
        mut entries: impl Iterator<Item = &'e str>,
        variables: bool,
    ) -> bool {
        // The tests all hold for a request of the region (an opaque one
        // may hold for any): one that no resource of `entries` meets is
        // enough.
        let resources = |holds: bool| -> Vec<&Glob> {
            self.tests
                .iter()
                .filter_map(|test| match test {
                    Test::Resource { glob, holds: h } if *h == holds => Some(glob),
                    _ => None,
                })
                .collect()
        };
        let (held, excluded) = (resources(true), resources(false));
        (!held.is_empty() || !excluded.is_empty())
            && entries.all(|entry| {
                Glob::of(&Pattern::new(entry, Syntax::Resource, variables, false)).is_some_and(
                    |glob| {
                        held.iter().any(|h| h.surely_disjoint(&glob))
                            || excluded
                                .iter()
                                .any(|x| glob::covers(x, &glob, space::STATES) == Some(true))
                    },
                )
            })
    }

    /// The region in one line: `ecs:RunTask on arn:... excluding ...
    /// when ...`, at most `shown` actions named.
    pub fn summary(&self, shown: usize) -> String {
        let mut actions = self
            .actions
            .iter()
            .take(shown)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if self.actions.len() > shown {
            actions.push_str(&format!(" and {} more actions", self.actions.len() - shown));
        }
        // The resource matches every pattern: `*` says nothing beside
        // another.
        let resources: Vec<&str> = match self.resources.as_slice() {
            [one] => vec![one.as_str()],
            all => all
                .iter()
                .map(String::as_str)
                .filter(|r| *r != "*")
                .collect(),
        };
        let mut text = format!("{actions} on {}", resources.join(", also matching "));
        if !self.excluding.is_empty() {
            text.push_str(&format!(" excluding {}", self.excluding.join(", ")));
        }
        let conditions: Vec<String> = self
            .conditions
            .iter()
            .flat_map(|(key, holds)| holds.iter().map(move |h| format!("{key} {h}")))
            .collect();
        if !conditions.is_empty() {
            text.push_str(&format!(" when {}", conditions.join(" and ")));
        }
        text
    }

    /// Whether `request` is in the region (each context key with one
    /// value). An undecided region's opaque parts are taken to hold: it
    /// is the region where a difference may be.
    pub fn contains(&self, request: &Request<'_>) -> bool {
        let action = request.action();
        let unlisted = self.tests.contains(&Test::Unlisted);
        let in_actions = if unlisted {
            well_formed(action) && self.known.as_ref().is_some_and(|k| !k.contains(action))
        } else {
            self.actions.iter().any(|a| a.eq_ignore_ascii_case(action))
        };
        if !in_actions {
            return false;
        }
        self.tests.iter().all(|test| match test {
            Test::Resource { glob, holds } => glob.matches(request.resource()) == *holds,
            Test::Key {
                key,
                absent,
                globs,
                holds,
            } => {
                let atom = match value_of(request, key) {
                    None => *absent,
                    Some(v) => globs.iter().any(|g| g.matches(v)),
                };
                atom == *holds
            }
            Test::Typed {
                key,
                absent,
                typed,
                holds,
            } => {
                let atom = match value_of(request, key) {
                    None => *absent,
                    Some(v) => typed.holds_text(v),
                };
                atom == *holds
            }
            Test::Action { globs, holds } => globs.iter().any(|g| g.matches(action)) == *holds,
            Test::Unlisted | Test::Opaque => true,
        })
    }
}

/// How a pattern condition and its negation read: `StringEquals [..]` /
/// `StringNotEquals [..]`, or with `IfExists` (`absent`: the condition
/// holds on an absent key) `StringEqualsIfExists [..]` / `present and
/// StringNotEquals [..]`; `note` after each.
fn shown_pair(
    positive: &str,
    negative: &str,
    quoted: &str,
    absent: bool,
    note: &str,
) -> [Box<str>; 2] {
    if absent {
        [
            format!("{positive}IfExists [{quoted}]{note}").into(),
            format!("present and {negative} [{quoted}]{note}").into(),
        ]
    } else {
        [
            format!("{positive} [{quoted}]{note}").into(),
            format!("{negative} [{quoted}]{note}").into(),
        ]
    }
}

/// The (first) value a request gives `key`.
fn value_of<'r>(request: &'r Request<'_>, key: &str) -> Option<&'r str> {
    request
        .context_entries()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .and_then(|(_, v)| v.first())
        .map(|v| &**v)
}

/// What changed between two policy sets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diff {
    /// Access the new policies grant and the old ones do not.
    pub added: Vec<Region>,
    /// Access the old policies grant and the new ones do not.
    pub removed: Vec<Region>,
    /// Requests the new policies deny explicitly and the old ones do not.
    pub deny_added: Vec<Region>,
    /// Requests the old policies deny explicitly and the new ones do not
    /// (allowed now wherever another policy allows them).
    pub deny_removed: Vec<Region>,
    /// Differences that may exist and are not decided, with the reason.
    pub undecided: Vec<Region>,
}

impl Diff {
    /// Whether nothing differs, as far as decided (`undecided` empty too).
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.deny_added.is_empty()
            && self.deny_removed.is_empty()
            && self.undecided.is_empty()
    }
}

/// Why a comparison could not be made.
#[derive(Debug)]
#[non_exhaustive]
pub enum DiffError {
    /// A policy the evaluator refuses (it fails closed: nothing it cannot
    /// read is compared).
    Policy(polc_evaluator::CompileError),
}

impl std::fmt::Display for DiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Policy(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for DiffError {}

/// The bound on steps of cube difference for one comparison (each is a
/// cube minus another; about a second of work).
const WORK: usize = 1_000_000;

/// The most of [`WORK`] one group of actions may take (what each side
/// allows, and what is added and removed): the rest is left to the
/// others.
const GROUP_WORK: usize = WORK / 3 * 2;

/// The most of [`WORK`] one direction of a group (its added, or removed,
/// requests) may take: less than the group's, whose other direction then
/// has the rest.
const PART_WORK: usize = WORK / 2;

/// The bound on the work of the pattern searches of one comparison (the
/// states they reach, weighed by their size; see [`glob::work`]): past
/// it, what is left is undecided. AWS's managed policies need at most
/// about half of it (AWSElasticDisasterRecoveryLaunchActionsPolicy's first
/// change: 1.5 million); an input made to explode reaches it in seconds.
const SEARCH_WORK: u64 = 3_000_000;

/// The most of [`SEARCH_WORK`] one group of actions may take (see
/// [`GROUP_WORK`]).
const GROUP_SEARCH_WORK: u64 = SEARCH_WORK / 3 * 2;

/// The most of [`SEARCH_WORK`] one direction of a group may take (see
/// [`PART_WORK`]).
const PART_SEARCH_WORK: u64 = SEARCH_WORK / 2;

/// The bound on the regions of one comparison: past it, the action
/// groups left are undecided.
const REGIONS: usize = 20_000;

/// The most cubes of one difference compared pairwise to drop those
/// another covers.
const SIMPLIFY: usize = 128;

/// The bound on cubes a set of one action group may hold.
const CUBES: usize = 4_096;

/// Compares what the identity policies `old` and `new` allow, action by
/// action. Every region of `added` and `removed` carries an example the
/// evaluator decides as the region says; a difference the engine cannot
/// decide exactly is in `undecided`, with the reason, never left out.
///
/// # Errors
/// A policy the evaluator refuses.
pub fn diff(
    old: &[(&str, &Policy)],
    new: &[(&str, &Policy)],
    reference: &Reference,
) -> Result<Diff, DiffError> {
    diff_sets(
        &Principal::identity(old),
        &Principal::identity(new),
        reference,
    )
}

/// Where a policy stands in a principal's set, as the evaluator reads it:
/// a request is allowed when an identity policy allows it and so does
/// each other layer present (the boundary, each level of SCPs, the
/// session policies), and no policy denies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Layer {
    /// An identity-based policy.
    Identity,
    /// The permissions boundary.
    Boundary,
    /// A service control policy at a level of the organisation (0: root).
    Scp(u8),
    /// A session policy.
    Session,
}

/// A principal's policies, each with its layer: what [`diff_sets`]
/// compares.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Principal<'p> {
    /// The policies, each named.
    pub policies: Vec<(Layer, &'p str, &'p Policy)>,
}

impl<'p> Principal<'p> {
    /// A principal with these identity policies only.
    pub fn identity(policies: &[(&'p str, &'p Policy)]) -> Self {
        Self {
            policies: policies
                .iter()
                .map(|&(name, policy)| (Layer::Identity, name, policy))
                .collect(),
        }
    }

    /// Adds a policy at `layer`.
    #[must_use]
    pub fn with(mut self, layer: Layer, name: &'p str, policy: &'p Policy) -> Self {
        self.policies.push((layer, name, policy));
        self
    }

    /// The layers present, in order (identity first).
    fn layers(&self) -> Vec<Layer> {
        let mut layers: Vec<Layer> = self.policies.iter().map(|&(l, _, _)| l).collect();
        layers.sort_unstable();
        layers.dedup();
        layers
    }
}

/// [`diff`] for two principals' whole sets of policies: what each allows
/// is what its identity policies allow within every other layer it has,
/// less what any of its policies denies; what each denies explicitly is
/// what any of its policies denies.
///
/// # Errors
/// A policy the evaluator refuses.
pub fn diff_sets(
    old: &Principal<'_>,
    new: &Principal<'_>,
    reference: &Reference,
) -> Result<Diff, DiffError> {
    let started = glob::work();
    let mut out = allowed(old, new, reference, started, false)?;
    // What each side denies explicitly (a `Deny` of any layer), compared
    // as what the `Deny` statements would allow.
    let denials = |side: &Principal<'_>| -> Vec<(String, Policy)> {
        side.policies
            .iter()
            .map(|(_, name, policy)| ((*name).to_owned(), denials(policy)))
            .collect()
    };
    let (old_denials, new_denials) = (denials(old), denials(new));
    let any = |side: &[(String, Policy)]| side.iter().any(|(_, p)| !p.statement.is_empty());
    if !any(&old_denials) && !any(&new_denials) {
        return Ok(out);
    }
    let denied = allowed(
        &Principal::identity(&refs(&old_denials)),
        &Principal::identity(&refs(&new_denials)),
        reference,
        started,
        true,
    )?;
    let (old_set, new_set) = (policy_set(old, None)?, policy_set(new, None)?);
    let explicit = |set: &PolicySet, example: &Example| {
        set.evaluate(&example.request()) == Decision::ExplicitDeny
    };
    for (regions, change, (denies, lets)) in [
        (denied.added, Change::DenyAdded, (&new_set, &old_set)),
        (denied.removed, Change::DenyRemoved, (&old_set, &new_set)),
    ] {
        for mut region in regions {
            region.change = change;
            let confirmed = region
                .example
                .as_ref()
                .is_some_and(|e| explicit(denies, e) && !explicit(lets, e));
            if confirmed {
                region.resource_policy = None;
                match change {
                    Change::DenyAdded => out.deny_added.push(region),
                    _ => out.deny_removed.push(region),
                }
            } else {
                region.reason = Some(unconfirmed(
                    &region
                        .example
                        .as_ref()
                        .map(Example::to_json)
                        .unwrap_or_default(),
                ));
                region.example = None;
                out.undecided.push(region);
            }
        }
    }
    for mut region in denied.undecided {
        region.change = match region.change {
            Change::Added => Change::DenyAdded,
            _ => Change::DenyRemoved,
        };
        region.reason = region.reason.map(|why| format!("explicit denials: {why}"));
        out.undecided.push(region);
    }
    Ok(out)
}

/// `text` with each policy variable's key in lower case (and its default
/// set off by one space): IAM compares keys without case, so two
/// spellings of one variable are the same opaque atom, not a change
/// (review 51).
fn variables_folded(text: &str) -> std::borrow::Cow<'_, str> {
    use polc_model::variable::Piece;
    if !text.contains("${") {
        return std::borrow::Cow::Borrowed(text);
    }
    let Ok(pieces) = polc_model::variable::parse(text) else {
        return std::borrow::Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    for piece in &pieces {
        match piece {
            Piece::Literal(literal) => out.push_str(literal),
            Piece::Escaped(c) => {
                out.push_str("${");
                out.push(*c);
                out.push('}');
            }
            Piece::Variable(v) => {
                out.push_str("${");
                out.push_str(&v.key.to_ascii_lowercase());
                if let Some(default) = v.default {
                    out.push_str(", '");
                    out.push_str(default);
                    out.push('\'');
                }
                out.push('}');
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A principal of the policies `written`, borrowed.
fn principal(written: &[(Layer, String, Policy)]) -> Principal<'_> {
    Principal {
        policies: written
            .iter()
            .map(|(layer, name, policy)| (*layer, name.as_str(), policy))
            .collect(),
    }
}

/// The named policies of a side, borrowed.
fn refs(side: &[(String, Policy)]) -> Vec<(&str, &Policy)> {
    side.iter().map(|(n, p)| (n.as_str(), p)).collect()
}

/// Why a region whose example the evaluator decides otherwise is
/// undecided.
fn unconfirmed(example: &serde_json::Value) -> String {
    // An example no one could send AWS (an ARN of fewer than six parts
    // where the region holds no other that polc found).
    if let Err(error) = polc_evaluator::json::parse_request(&example.to_string()) {
        return format!(
            "the only example polc found for this region is no request AWS could receive (request {example}: {}): polc cannot decide the region",
            error.message
        );
    }
    format!(
        "the example found for this region is not decided as the region says (request {example}): polc cannot confirm it"
    )
}

/// The `Deny` statements of `policy` as `Allow` statements: what it
/// allows is what `policy` denies explicitly (a statement applies to a
/// request alike, whatever its effect).
fn denials(policy: &Policy) -> Policy {
    let mut out = policy.clone();
    out.statement = polc_model::policy::OneOrMany::Many(
        policy
            .statement
            .iter()
            .filter(|s| s.effect == Effect::Deny)
            .map(|s| {
                let mut s = s.clone();
                s.effect = Effect::Allow;
                s
            })
            .collect(),
    );
    out
}

/// What the two sides allow, compared.
fn allowed(
    old: &Principal<'_>,
    new: &Principal<'_>,
    reference: &Reference,
    started: u64,
    denials: bool,
) -> Result<Diff, DiffError> {
    // In the comparison of denials, examples are decided against the
    // `Deny` statements as written (an undecided condition holds there).
    let as_written = |side: &Principal<'_>| -> Vec<(Layer, String, Policy)> {
        side.policies
            .iter()
            .map(|(layer, name, policy)| {
                let mut policy = (*policy).clone();
                if denials {
                    policy.statement = polc_model::policy::OneOrMany::Many(
                        policy
                            .statement
                            .iter()
                            .map(|s| {
                                let mut s = s.clone();
                                s.effect = Effect::Deny;
                                s
                            })
                            .collect(),
                    );
                }
                (*layer, (*name).to_owned(), policy)
            })
            .collect()
    };
    let (old_written, new_written) = (as_written(old), as_written(new));
    let (old_set, new_set) = (
        policy_set(&principal(&old_written), None)?,
        policy_set(&principal(&new_written), None)?,
    );
    let layers = [old.layers(), new.layers()];
    let hit = |d: Decision| {
        if denials {
            d == Decision::ExplicitDeny
        } else {
            d == Decision::Allow
        }
    };
    let mut engine = Engine {
        atoms: Atoms::default(),
        known: None,
        universe: Universe::new(reference),
        reference,
        statuses: HashMap::new(),
        work: 0,
        denials,
        started,
        group: None,
        part: None,
        pairs: space::Pairs::default(),
    };
    // Actions written literally that the catalog lacks join the universe
    // first, so that every wildcard and `NotAction` sees them.
    for (_, _, policy) in old.policies.iter().chain(&new.policies) {
        for statement in &policy.statement {
            for entry in statement.action.values.iter() {
                engine.universe.add_literal(entry);
            }
        }
    }
    engine.known = Some(engine.universe.known());
    let mut statements = Vec::new();
    let mut sources = Vec::new();
    for (side, principal) in [(Side::Old, old), (Side::New, new)] {
        for &(layer, _, policy) in &principal.policies {
            let variables = policy.version == Some(Version::V2012_10_17);
            for statement in &policy.statement {
                let mut read = engine.statement(side, statement, variables);
                read.layer = layer;
                statements.push(read);
                sources.push(statement);
            }
        }
    }
    // The actions outside the known ones (those AWS may add): one group
    // per service a wildcard names, and one for the other services; the
    // action is a dimension of their cubes.
    let services = unlisted_services(&sources);
    let read = statements.len();
    for (statement, i) in sources.iter().zip(0..read) {
        if let Some(stmt) = statements.get(i) {
            let more = engine.unlisted(statement, stmt, &services);
            statements.extend(more);
        }
    }
    // Actions grouped by the statements that name them: each group is
    // compared once.
    let mut per_action: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, s) in statements.iter().enumerate() {
        for &a in &s.actions {
            per_action.entry(a).or_default().push(i);
        }
    }
    let mut groups: HashMap<Vec<usize>, Vec<usize>> = HashMap::new();
    for (action, stmts) in per_action {
        groups.entry(stmts).or_default().push(action);
    }
    let mut groups: Vec<(Vec<usize>, Vec<usize>)> = groups.into_iter().collect();
    groups.sort_by_key(|(_, actions)| actions.first().copied());
    // Regions by their cube: the same difference for several groups is
    // one region with all their actions.
    let mut found: BTreeMap<(Change, Cube), (Vec<usize>, Status)> = BTreeMap::new();
    let mut undecided_groups: Vec<(Change, Vec<usize>, String)> = Vec::new();
    for (stmts, actions) in &groups {
        if found.len() > REGIONS {
            // Past the bound, the rest is undecided (never dropped).
            let why = format!("the difference has more than {REGIONS} regions: polc's bound");
            undecided_groups.push((Change::Added, actions.clone(), why.clone()));
            undecided_groups.push((Change::Removed, actions.clone(), why));
            continue;
        }
        let service = engine
            .universe
            .service(actions.first().copied().unwrap_or(0));
        let allowed = |engine: &mut Engine, side: Side| {
            let mine = stmts
                .iter()
                .filter_map(|&i| statements.get(i))
                .filter(|s| s.side == side);
            let layers = match side {
                Side::Old => &layers[0],
                Side::New => &layers[1],
            };
            engine.allowed(mine, layers, &service)
        };
        // One group of actions may take two thirds of the bounds, one
        // direction of it half of them: a group that explodes leaves the
        // others their work (review 56), a direction the other (review 51).
        engine.group = Some((glob::work(), engine.work));
        let old_allowed = allowed(&mut engine, Side::Old);
        let new_allowed = allowed(&mut engine, Side::New);
        for (change, plus, minus) in [
            (Change::Added, &new_allowed, &old_allowed),
            (Change::Removed, &old_allowed, &new_allowed),
        ] {
            // One direction: what a widening against many conditional
            // statements adds leaves what it removes its work (review 51).
            engine.part = Some((glob::work(), engine.work));
            let cubes = match (plus, minus) {
                (Ok(plus), Ok(minus)) => engine
                    .minus(plus.clone(), minus, &service)
                    .map(|cubes| engine.simplify(cubes, &service)),
                (Err(why), _) | (_, Err(why)) => Err(why.clone()),
            };
            match cubes {
                Ok(cubes) => {
                    for cube in cubes {
                        let status = engine.status(&cube, &service);
                        let entry = found.entry((change, cube)).or_insert((Vec::new(), status));
                        entry.0.extend_from_slice(actions);
                    }
                }
                Err(why) => undecided_groups.push((change, actions.clone(), why)),
            }
            engine.part = None;
        }
        engine.group = None;
    }
    let mut out = Diff::default();
    for ((change, cube), (actions, status)) in found {
        let mut region = engine.region(change, &cube, &actions);
        match status {
            Status::Empty => continue,
            Status::Undecided(why) => {
                region.reason = Some(why);
                out.undecided.push(region);
            }
            Status::Witness {
                action,
                resource,
                context,
            } => {
                let action = match action {
                    Some(name) => {
                        // A name outside the known actions stands for
                        // its region of them.
                        if let Some(what) = region.stands_for.remove(UNLISTED_NAME) {
                            region.stands_for.insert(name.clone(), what);
                        }
                        region.actions = vec![name.clone()];
                        name
                    }
                    None => region.actions.first().cloned().unwrap_or_default(),
                };
                // A user of the resource's partition and account: the
                // identity policies alone decide.
                let parts: Vec<&str> = resource.splitn(6, ':').collect();
                let arn = resource.starts_with("arn:");
                let partition = match parts.get(1) {
                    Some(p) if arn && !p.is_empty() => (*p).to_owned(),
                    _ => "aws".to_owned(),
                };
                let account = match parts.get(4) {
                    Some(a) if arn && !a.is_empty() => (*a).to_owned(),
                    _ => ACCOUNT.to_owned(),
                };
                let context = context
                    .into_iter()
                    .map(|(k, v)| (engine.atoms.written(&k).to_owned(), v))
                    .collect();
                let example = Example {
                    action,
                    principal: format!("arn:{partition}:iam::{account}:user/example"),
                    resource_account: account.clone(),
                    resource,
                    context,
                };
                let request = example.request();
                let (with, without, with_policies, without_policies) = match change {
                    Change::Added => (&new_set, &old_set, new, old),
                    _ => (&old_set, &new_set, old, new),
                };
                let mut confirmed =
                    hit(with.evaluate(&request)) && !hit(without.evaluate(&request));
                if !confirmed
                    && !denials
                    && with.explain(&request).reason
                        == polc_evaluator::Reason::ResourcePolicyRequired
                {
                    // IAM also wants the resource's own policy here (a KMS
                    // key policy, a role's trust policy): decided with one
                    // that delegates to the account, as the default key
                    // policy does, the identity policies decide.
                    let delegating = delegation(&partition, &account);
                    let (with, without) = (
                        policy_set(with_policies, Some(&delegating))?,
                        policy_set(without_policies, Some(&delegating))?,
                    );
                    confirmed = with.evaluate(&request) == Decision::Allow
                        && without.evaluate(&request) != Decision::Allow;
                    region.resource_policy = confirmed.then_some(delegating);
                }
                if confirmed {
                    region.example = Some(example);
                    match change {
                        Change::Added => out.added.push(region),
                        _ => out.removed.push(region),
                    }
                } else {
                    region.reason = Some(unconfirmed(&example.to_json()));
                    out.undecided.push(region);
                }
            }
        }
    }
    for (change, actions, why) in undecided_groups {
        let mut region = engine.region(change, &Cube(Vec::new()), &actions);
        region.reason = Some(why);
        out.undecided.push(region);
    }
    for list in [
        &mut out.added,
        &mut out.removed,
        &mut out.deny_added,
        &mut out.deny_removed,
        &mut out.undecided,
    ] {
        list.sort_by(|a, b| (&a.actions, &a.resources).cmp(&(&b.actions, &b.resources)));
    }
    Ok(out)
}

use crate::glob::ACCOUNT;

/// A resource-based policy that lets the account's identity policies
/// decide (as a KMS key's default policy does).
pub(crate) fn delegation(partition: &str, account: &str) -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": format!("arn:{partition}:iam::{account}:root")},
            "Action": "*",
            "Resource": "*",
        }],
    })
    .to_string()
}

/// The policies of one side, each at its layer, with a resource-based
/// policy when given.
fn policy_set(side: &Principal<'_>, resource_policy: Option<&str>) -> Result<PolicySet, DiffError> {
    let builder =
        side.policies
            .iter()
            .fold(PolicySet::builder(), |b, &(layer, name, p)| match layer {
                Layer::Identity => b.identity(name, p),
                Layer::Boundary => b.boundary(name, p),
                Layer::Scp(level) => b.scp(level, name, p),
                Layer::Session => b.session(name, p),
            });
    let builder = match resource_policy {
        Some(text) => builder.json(polc_evaluator::PolicyKind::Resource, "delegation", text),
        None => builder,
    };
    builder.build().map_err(DiffError::Policy)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Old,
    New,
}

/// A statement, read for the engine.
struct Stmt {
    side: Side,
    layer: Layer,
    allow: bool,
    /// The actions it names (numbers in the universe).
    actions: Vec<usize>,
    /// The requests it applies to, for each of those actions.
    cubes: Vec<Cube>,
}

struct Engine<'r> {
    /// The catalog, for the types of condition keys.
    reference: &'r Reference,
    atoms: Atoms,
    /// The known actions, once the literal ones are added.
    known: Option<Known>,
    universe: Universe,
    /// What each cube holds, per service.
    statuses: HashMap<String, HashMap<Cube, Status, glob::Fast>>,
    /// Cube operations made, against [`WORK`].
    work: usize,
    /// The statements are `Deny` statements read as `Allow` (the
    /// comparison of what two sides deny explicitly).
    denials: bool,
    /// The searches' work when the comparison started (see
    /// [`glob::work`]), against [`SEARCH_WORK`].
    started: u64,
    /// The searches' work and the cube operations when the group of
    /// actions under way started, against [`GROUP_SEARCH_WORK`] and
    /// [`GROUP_WORK`].
    group: Option<(u64, usize)>,
    /// The same when the direction under way (the group's added, or
    /// removed, requests) started, against [`PART_SEARCH_WORK`] and
    /// [`PART_WORK`].
    part: Option<(u64, usize)>,
    pairs: space::Pairs,
}

impl Engine<'_> {
    /// Reads a statement: its actions, and the requests it applies to as
    /// cubes (one per `Resource` entry; one for `NotResource`).
    fn statement(
        &mut self,
        side: Side,
        statement: &polc_model::Statement,
        variables: bool,
    ) -> Stmt {
        let mut actions = Vec::new();
        for entry in statement.action.values.iter() {
            self.universe.matching(entry, &mut actions);
        }
        actions.sort_unstable();
        actions.dedup();
        if statement.action.not {
            let named = actions;
            actions = (0..self.universe.len())
                .filter(|a| named.binary_search(a).is_err())
                .collect();
        }
        let conditions = self.conditions(statement, variables);
        let mut alternatives: Vec<Vec<u32>> = Vec::new();
        match &statement.resource {
            Some(element) if !element.not => {
                for entry in element.values.iter() {
                    alternatives.push(vec![self.resource(entry, variables)]);
                }
            }
            Some(element) => {
                alternatives.push(
                    element
                        .values
                        .iter()
                        .map(|entry| self.not_resource(entry, variables))
                        .collect(),
                );
            }
            // No resource (not an identity policy's statement): opaque.
            None => {
                let atom = self.atoms.intern(Atom::Opaque {
                    key: None,
                    shown: [
                        "no Resource element".into(),
                        "not (no Resource element)".into(),
                    ],
                    why: "a statement without `Resource` is not an identity policy's".into(),
                });
                alternatives.push(vec![positive(atom)]);
            }
        }
        let cubes = alternatives
            .into_iter()
            .filter_map(|mut lits| {
                lits.extend_from_slice(&conditions);
                Cube::new(lits)
            })
            .collect();
        Stmt {
            side,
            layer: Layer::Identity,
            allow: statement.effect == Effect::Allow,
            actions,
            cubes,
        }
    }

    /// The literal "the resource matches `entry`".
    fn resource(&mut self, entry: &str, variables: bool) -> u32 {
        let pattern = Pattern::new(entry, Syntax::Resource, variables, false);
        let atom = match Glob::of(&pattern) {
            Some(glob) => Atom::Resource {
                text: entry.into(),
                glob,
            },
            None => {
                let entry = variables_folded(entry);
                Atom::Opaque {
                key: None,
                shown: [entry.as_ref().into(), format!("not {entry}").into()],
                why: format!(
                    "the resource pattern `{entry}` holds a policy variable: its meaning depends on the request"
                )
                .into(),
            }
            }
        };
        positive(self.atoms.intern(atom))
    }

    /// The literal "the resource matches no `entry`" of a `NotResource`.
    /// For a pattern with a policy variable it is an atom of its own, not
    /// the negation of the `Resource` one: where the variable has no
    /// value, the evaluator takes neither as matching (review 56: an
    /// `Allow` on `Resource` and one on `NotResource` of the same entry
    /// were read as every resource).
    fn not_resource(&mut self, entry: &str, variables: bool) -> u32 {
        let lit = self.resource(entry, variables);
        if !matches!(self.atoms.get(lit), Some(Atom::Opaque { .. })) {
            return space::negate(lit);
        }
        let entry = variables_folded(entry);
        let atom = Atom::Opaque {
            key: None,
            shown: [
                format!("not {entry}").into(),
                format!("not (not {entry})").into(),
            ],
            why: format!(
                "the `NotResource` pattern `{entry}` holds a policy variable: its meaning depends on the request"
            )
            .into(),
        };
        positive(self.atoms.intern(atom))
    }

    /// The literals of a statement's conditions (all must hold).
    fn conditions(&mut self, statement: &polc_model::Statement, variables: bool) -> Vec<u32> {
        let Some(condition) = &statement.condition else {
            return Vec::new();
        };
        let mut lits = Vec::new();
        for (operator, key, values) in condition.entries() {
            let texts: Vec<&str> = values.iter().map(|v| v.as_text()).collect();
            // In the comparison of denials, every statement was a `Deny`.
            let deny = statement.effect == Effect::Deny || self.denials;
            if let Some(lit) = self.condition(operator, key, &texts, variables, deny) {
                lits.push(lit);
            }
        }
        lits
    }

    /// One key under one operator as a literal; `None` when it always
    /// holds.
    fn condition(
        &mut self,
        operator: &polc_model::condition::ConditionOperator,
        key: &str,
        values: &[&str],
        variables: bool,
        deny: bool,
    ) -> Option<u32> {
        use BaseOperator as B;
        self.atoms.write_key(key);
        let lower = key.to_ascii_lowercase();
        // The key as first written: IAM compares keys without case, so
        // its spellings are one atom (review 55).
        let written = self.atoms.written(&lower).to_owned();
        let key = written.as_str();
        // A variable's key in either case is the same key: one atom. A
        // `${` read as a variable and one read as text are not (review
        // 55: a Version 2008 policy's literal text matched a 2012 one's
        // variable).
        let quoted = values
            .iter()
            .map(|v| {
                if variables {
                    format!("{:?}", variables_folded(v))
                } else {
                    format!("{v:?}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let reading = if !values.iter().any(|v| v.contains("${")) {
            ""
        } else if variables {
            " (with its policy variables)"
        } else {
            " (`${` as text: no Version 2012-10-17)"
        };
        let opaque = |why: String| Atom::Opaque {
            key: Some(key.into()),
            shown: [
                format!("{operator} [{quoted}]{reading}").into(),
                format!("not {operator} [{quoted}]{reading}").into(),
            ],
            why: why.into(),
        };
        let base = operator.base;
        let (atom, negated) = if DERIVED.contains(&lower.as_str()) {
            (
                opaque(format!(
                    "`{key}` is derived from the principal or the resource: polc does not reason about it yet"
                )),
                false,
            )
        } else if base != B::Null && !self.single_valued(&lower) {
            (
                opaque(format!(
                    "`{key}` may carry several values in a request (polc's catalog types it as multivalued, or does not know it): polc compares one value per key"
                )),
                false,
            )
        } else if operator.qualifier.is_some() {
            (
                opaque(format!(
                    "`{operator}` compares sets of values: polc does not reason about it yet"
                )),
                false,
            )
        } else if base == B::Null {
            let absent = values
                .iter()
                .filter_map(|v| polc_model::condition::values::parse_bool(v));
            let (mut yes, mut no) = (false, false);
            for a in absent {
                if a {
                    yes = true;
                } else {
                    no = true;
                }
            }
            // `Null: true`: the key is absent; `false`: present. A key
            // given as the empty string is undecided (the IAM User Guide
            // reads empty values both as values and as none: review 51):
            // an `Allow` takes it as not holding, a `Deny` as holding.
            let empty = || Glob::exact("");
            let filled = || Glob::of(&Pattern::new("?*", Syntax::Glob, false, false));
            let (absent, globs, negated, shown): (bool, Vec<Glob>, bool, [&str; 2]) =
                match (yes, no, deny) {
                    (true, true, true) => return None,
                    (true, true, false) => (
                        true,
                        filled().into_iter().collect(),
                        false,
                        ["absent, or not empty", "the empty string"],
                    ),
                    (true, false, false) => (true, Vec::new(), false, ["absent", "present"]),
                    (true, false, true) => (
                        true,
                        vec![empty()],
                        false,
                        ["absent, or the empty string", "present, not empty"],
                    ),
                    (false, true, false) => (
                        false,
                        filled().into_iter().collect(),
                        false,
                        ["present, not empty", "absent, or the empty string"],
                    ),
                    _ => (true, Vec::new(), true, ["absent", "present"]),
                };
            let atom = Atom::Key {
                key: lower.clone().into(),
                absent,
                globs: globs.into(),
                shown: shown.map(Into::into),
            };
            (atom, negated)
        } else if base.family() == OperatorFamily::Bool {
            // The evaluator reads a value as a boolean ignoring case; one
            // that is not a boolean leaves the condition undecided, which
            // an `Allow` takes as not holding and a `Deny` as holding.
            let parsed: Vec<bool> = values
                .iter()
                .filter_map(|v| polc_model::condition::values::parse_bool(v))
                .collect();
            let words = |wanted: bool| -> Box<[Glob]> {
                [true, false]
                    .into_iter()
                    .filter(|b| parsed.contains(b) == wanted)
                    .filter_map(|b| {
                        let text = if b { "true" } else { "false" };
                        Glob::of(&Pattern::new(text, Syntax::Literal, false, true))
                    })
                    .collect()
            };
            if deny {
                // Applies unless the value is the other boolean (or absent
                // without `IfExists`).
                let atom = Atom::Key {
                    key: lower.clone().into(),
                    absent: !operator.if_exists,
                    globs: words(false),
                    shown: [
                        format!("not {operator} [{quoted}] (absent, or the other boolean)").into(),
                        format!("{operator} [{quoted}] (or a value that is not a boolean)").into(),
                    ],
                };
                (atom, true)
            } else {
                let atom = Atom::Key {
                    key: lower.clone().into(),
                    absent: operator.if_exists,
                    globs: words(true),
                    shown: [
                        format!("{operator} [{quoted}]").into(),
                        format!("not {operator} [{quoted}]").into(),
                    ],
                };
                (atom, false)
            }
        } else if base.family() == OperatorFamily::String {
            let (syntax, fold) = match base {
                B::StringEqualsIgnoreCase | B::StringNotEqualsIgnoreCase => (Syntax::Literal, true),
                B::StringLike | B::StringNotLike => (Syntax::Glob, false),
                _ => (Syntax::Literal, false),
            };
            let negated = base.is_negated();
            let globs: Option<Vec<Glob>> = values
                .iter()
                .map(|v| {
                    if fold && !v.is_ascii() {
                        // Case folding beyond ASCII: not modelled.
                        return None;
                    }
                    Glob::of(&Pattern::new(v, syntax, variables, fold))
                })
                .collect();
            let positive_name = match base {
                B::StringNotEquals => "StringEquals",
                B::StringNotEqualsIgnoreCase => "StringEqualsIgnoreCase",
                B::StringNotLike => "StringLike",
                other => other.as_str(),
            };
            let negative_name = match positive_name {
                "StringEquals" => "StringNotEquals",
                "StringEqualsIgnoreCase" => "StringNotEqualsIgnoreCase",
                _ => "StringNotLike",
            };
            // The positive atom holds when absent only with `IfExists`;
            // a negated operator is the negation of the positive one
            // without it (absent: true), `IfExists` or not.
            let absent = operator.if_exists && !negated;
            let shown = shown_pair(positive_name, negative_name, &quoted, absent, "");
            match globs {
                Some(globs) => (
                    Atom::Key {
                        key: lower.clone().into(),
                        absent,
                        globs: globs.into(),
                        shown,
                    },
                    negated,
                ),
                None => (
                    opaque(format!(
                        "a value of `{operator}` on `{key}` holds a policy variable or non-ASCII text compared ignoring case: polc does not reason about it yet"
                    )),
                    false,
                ),
            }
        } else if let Some(family) = match base.family() {
            OperatorFamily::Numeric => Some(typed::Family::Numeric),
            OperatorFamily::Date => Some(typed::Family::Date),
            OperatorFamily::IpAddress => Some(typed::Family::Ip),
            _ => None,
        } {
            // Absent: holds with `IfExists`, or for a negated operator;
            // present: as the evaluator reads the value for the effect.
            let atom = Atom::Typed {
                key: lower.clone().into(),
                absent: operator.if_exists || base.is_negated(),
                typed: Typed::new(family, base, values, deny),
                shown: if deny {
                    [
                        format!(
                            "{operator} [{quoted}] (or a value that is not {})",
                            family.noun()
                        )
                        .into(),
                        format!("not {operator} [{quoted}] (and {})", family.noun()).into(),
                    ]
                } else {
                    [
                        format!("{operator} [{quoted}]").into(),
                        format!("not {operator} [{quoted}]").into(),
                    ]
                },
            };
            (atom, false)
        } else if base.family() == OperatorFamily::Arn {
            // The evaluator matches by the `Arn` operators' rules (strict)
            // and by the `Resource` element's (loose), undecided where they
            // differ; a strict match is a loose one. So an `Allow` holds on
            // a strict match (negated: on no loose match), a `Deny` on a
            // loose match (negated: on no strict match).
            let negated = base.is_negated();
            let syntax = if deny == negated {
                Syntax::Arn
            } else {
                Syntax::Resource
            };
            let globs: Option<Vec<Glob>> = values
                .iter()
                .map(|v| Glob::of(&Pattern::new(v, syntax, variables, false)))
                .collect();
            let (positive_name, negative_name) = match base {
                B::ArnNotEquals => ("ArnEquals", "ArnNotEquals"),
                B::ArnNotLike => ("ArnLike", "ArnNotLike"),
                B::ArnEquals => ("ArnEquals", "ArnNotEquals"),
                _ => ("ArnLike", "ArnNotLike"),
            };
            let absent = operator.if_exists && !negated;
            // Which reading the region's text means: where the two
            // readings differ the evaluator leaves the condition undecided.
            let reading = if syntax == Syntax::Arn {
                "matched part by part, as the `Arn` operators match"
            } else {
                "matched as a `Resource` pattern"
            };
            let shown = shown_pair(
                positive_name,
                negative_name,
                &quoted,
                absent,
                &format!(" ({reading})"),
            );
            match globs {
                Some(globs) => (
                    Atom::Key {
                        key: lower.clone().into(),
                        absent,
                        globs: globs.into(),
                        shown,
                    },
                    negated,
                ),
                None => (
                    opaque(format!(
                        "a value of `{operator}` on `{key}` holds a policy variable: polc does not reason about it yet"
                    )),
                    false,
                ),
            }
        } else {
            (
                opaque(format!(
                    "`{operator}` compares binary values: polc does not reason about them yet"
                )),
                false,
            )
        };
        let id = self.atoms.intern(atom);
        Some(if negated { negative(id) } else { positive(id) })
    }

    /// The requests the statements of one side allow, for one action
    /// group: the union of their `Allow` cubes minus their `Deny` cubes.
    fn allowed<'s>(
        &mut self,
        statements: impl Iterator<Item = &'s Stmt> + Clone,
        layers: &[Layer],
        service: &str,
    ) -> Result<Vec<Cube>, String> {
        // What every layer allows: the identity policies' union, within
        // each other layer's.
        let mut allows: Option<Vec<Cube>> = None;
        for &layer in layers {
            let mine: Vec<Cube> = statements
                .clone()
                .filter(|s| s.allow && s.layer == layer)
                .flat_map(|s| s.cubes.iter().cloned())
                .collect();
            allows = Some(match allows {
                None => mine,
                Some(so_far) => self.intersect(&so_far, &mine, service)?,
            });
        }
        let denies: Vec<Cube> = statements
            .filter(|s| !s.allow)
            .flat_map(|s| s.cubes.iter().cloned())
            .collect();
        self.minus(allows.unwrap_or_default(), &denies, service)
    }

    /// The requests both unions of cubes hold: each pair's conjunction,
    /// the empty ones dropped.
    fn intersect(&mut self, a: &[Cube], b: &[Cube], service: &str) -> Result<Vec<Cube>, String> {
        let mut out = Vec::new();
        for x in a {
            for y in b {
                self.work += 1;
                if let Some(why) = self.spent() {
                    return Err(why);
                }
                if let Some(why) = self.worked_out() {
                    return Err(why);
                }
                if space::apart(&self.atoms, &mut self.pairs, x, y) {
                    continue;
                }
                let both = Cube::new(x.0.iter().chain(&y.0).copied().collect());
                if let Some(cube) = both
                    && self.status(&cube, service) != Status::Empty
                {
                    out.push(cube);
                }
                if out.len() > CUBES {
                    return Err(format!(
                        "the policies' layers split this action's requests into more than {CUBES} parts: polc's bound"
                    ));
                }
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// `plus` minus every cube of `minus`, empty cubes dropped. Each cube
    /// of `plus` is taken apart only by the cubes of `minus` whose
    /// resource may overlap its own (found by the literal text their
    /// resource patterns start with): the work grows with the overlaps,
    /// not with every pair.
    fn minus(
        &mut self,
        plus: Vec<Cube>,
        minus: &[Cube],
        service: &str,
    ) -> Result<Vec<Cube>, String> {
        let index = space::Heads::new(&self.atoms, minus);
        let mut out = Vec::new();
        // Two cubes whose resources must start with texts neither of which
        // begins the other are apart: told by the texts, kept with each
        // piece (a cube without a head cut by one statement per bucket
        // leaves a piece per bucket, each met by every later statement).
        let related = |a: &Option<String>, b: &Option<String>| match (a, b) {
            (Some(a), Some(b)) => a.starts_with(b.as_str()) || b.starts_with(a.as_str()),
            _ => true,
        };
        for cube in plus {
            let mut candidates = index.candidates(&self.atoms, &cube);
            // Those sharing most of the cube's literals first: one that
            // holds all of it (the same statement, widened) then leaves
            // nothing at once, where cutting by the others first would
            // split it into a piece per combination of them (review 51:
            // 2^n pieces against n conditional statements).
            let shared = |m: &Cube| {
                m.0.iter()
                    .filter(|l| cube.0.binary_search(l).is_ok())
                    .count()
            };
            candidates.sort_by_key(|&i| std::cmp::Reverse(minus.get(i).map_or(0, shared)));
            // A cube of `minus` whose every literal this one has holds all
            // of it (an unchanged statement, on both sides): nothing is
            // left, without cutting it by the others first.
            if candidates
                .iter()
                .filter_map(|&i| minus.get(i))
                .any(|m| m.0.iter().all(|l| cube.0.binary_search(l).is_ok()))
            {
                continue;
            }
            let head = space::head(&self.atoms, &cube);
            let mut now = vec![(cube.clone(), head)];
            for m in candidates.iter().filter_map(|&i| minus.get(i)) {
                let m_head = space::head(&self.atoms, m);
                let mut next = Vec::new();
                for (part, part_head) in now {
                    self.work += 1;
                    if let Some(why) = self.spent() {
                        return Err(why);
                    }
                    if let Some(why) = self.worked_out() {
                        return Err(why);
                    }
                    if !related(&part_head, &m_head)
                        || space::apart(&self.atoms, &mut self.pairs, &part, m)
                    {
                        next.push((part, part_head));
                        continue;
                    }
                    for piece in part.minus(m) {
                        let piece = space::drop_implied(&self.atoms, piece);
                        let status = match self.inherited(&part, &piece, service) {
                            Some(status) => status,
                            None => self.status(&piece, service),
                        };
                        if status != Status::Empty {
                            let head = space::head(&self.atoms, &piece);
                            next.push((piece, head));
                        }
                    }
                }
                now = next;
                if now.is_empty() {
                    break;
                }
                if now.len() + out.len() > CUBES {
                    return Err(format!(
                        "the statements split this action's requests into more than {CUBES} parts: polc's bound"
                    ));
                }
            }
            out.extend(now.into_iter().map(|(cube, _)| cube));
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// The status of `piece`, a part of `part` that adds only resource
    /// patterns that must not match, when `part` was found to hold a
    /// request whose resource matches none of them: that request, found
    /// again without a search (a cube cut by one statement per bucket
    /// would be searched once per cut, with every pattern before it). The
    /// search would give it too: a readable candidate that failed for
    /// `part` fails for its part, and this one fits.
    fn inherited(&mut self, part: &Cube, piece: &Cube, service: &str) -> Option<Status> {
        let status = self.statuses.get(service)?.get(part)?;
        let Status::Witness { resource, .. } = status else {
            return None;
        };
        for &lit in piece.0.iter().filter(|l| part.0.binary_search(l).is_err()) {
            match self.atoms.get(lit) {
                Some(Atom::Resource { glob, .. })
                    if space::is_negative(lit) && !glob.matches(resource) => {}
                _ => return None,
            }
        }
        let status = status.clone();
        self.statuses
            .entry(service.to_owned())
            .or_default()
            .insert(piece.clone(), status.clone());
        Some(status)
    }

    /// Drops each cube another one covers (the union is the same): a
    /// cube is covered when nothing of it is left outside the other.
    fn simplify(&mut self, cubes: Vec<Cube>, service: &str) -> Vec<Cube> {
        // Each pair is compared: past a bound the cubes are left as they
        // are (the same requests, in more regions).
        if cubes.len() > SIMPLIFY {
            return cubes;
        }
        // Only a cube whose resource may overlap this one's can cover it
        // (found by the literal text their resource patterns start with):
        // the cubes of statements on one bucket each are not compared
        // pair by pair, which cost their number squared.
        let index = space::Heads::new(&self.atoms, &cubes);
        let mut kept = vec![false; cubes.len()];
        for (i, cube) in cubes.iter().enumerate() {
            let candidates = index.candidates(&self.atoms, cube);
            let covered = candidates
                .iter()
                .filter(|&&j| j > i || kept.get(j).copied().unwrap_or(false))
                .filter_map(|&j| cubes.get(j))
                .any(|other| {
                    cube.minus(other)
                        .iter()
                        .all(|part| self.status(part, service) == Status::Empty)
                });
            if let Some(slot) = kept.get_mut(i) {
                *slot = !covered;
            }
        }
        cubes
            .into_iter()
            .zip(kept)
            .filter_map(|(cube, kept)| kept.then_some(cube))
            .collect()
    }

    fn status(&mut self, cube: &Cube, service: &str) -> Status {
        if let Some(status) = self.statuses.get(service).and_then(|m| m.get(cube)) {
            return status.clone();
        }
        if let Some(why) = self.spent() {
            return Status::Undecided(why);
        }
        let status = space::status(
            &self.atoms,
            &mut self.pairs,
            cube,
            service,
            self.known.as_ref(),
        );
        self.statuses
            .entry(service.to_owned())
            .or_default()
            .insert(cube.clone(), status.clone());
        status
    }

    /// Whether the catalog knows `key` (lower case) as a key a request
    /// gives one value for.
    fn single_valued(&self, key: &str) -> bool {
        let key_type = self.reference.global_key(key).or_else(|| {
            let (service, _) = key.split_once(':')?;
            self.reference
                .service(service)?
                .condition_key(key)
                .map(|k| k.key_type)
        });
        key_type.is_some_and(|t| !t.is_multivalued())
    }

    /// Why no more is searched, once the searches of this comparison have
    /// done their bound of work.
    fn spent(&self) -> Option<String> {
        let now = glob::work();
        if now.saturating_sub(self.started) > SEARCH_WORK {
            return Some(format!(
                "the pattern searches of this comparison reached polc's bound on their work ({SEARCH_WORK} states)"
            ));
        }
        let over = |part: Option<(u64, usize)>, bound: u64| {
            part.is_some_and(|(started, _)| now.saturating_sub(started) > bound)
        };
        if over(self.group, GROUP_SEARCH_WORK) {
            return Some(format!(
                "the pattern searches of these actions reached polc's bound on their work ({GROUP_SEARCH_WORK} states)"
            ));
        }
        over(self.part, PART_SEARCH_WORK).then(|| {
            format!(
                "the pattern searches of these actions' changes reached polc's bound on their work ({PART_SEARCH_WORK} states)"
            )
        })
    }

    /// Whether the cube operations are past their bound: the comparison's,
    /// or the part's under way.
    fn worked_out(&self) -> Option<String> {
        let over = |part: Option<(u64, usize)>, bound: usize| {
            part.is_some_and(|(_, started)| self.work.saturating_sub(started) > bound)
        };
        let bound = if self.work > WORK {
            WORK
        } else if over(self.group, GROUP_WORK) {
            GROUP_WORK
        } else if over(self.part, PART_WORK) {
            PART_WORK
        } else {
            return None;
        };
        Some(format!(
            "comparing these statements takes more than {bound} steps of cube difference: polc's bound"
        ))
    }

    /// A region of `cube` for `actions`, without its example.
    fn region(&self, change: Change, cube: &Cube, actions: &[usize]) -> Region {
        let mut names: Vec<String> = actions
            .iter()
            .filter_map(|&a| self.universe.name(a).cloned())
            .collect();
        names.sort();
        names.dedup();
        let unlisted = actions.iter().any(|&a| is_unlisted(a));
        let mut stands_for = BTreeMap::new();
        if unlisted {
            names.push(UNLISTED_NAME.to_owned());
            stands_for.insert(UNLISTED_NAME.to_owned(), self.describe_unlisted(cube));
        }
        let mut resources = Vec::new();
        let mut excluding = Vec::new();
        let mut conditions: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut tests = Vec::new();
        for &lit in &cube.0 {
            let negated = lit & 1 == 1;
            tests.push(match self.atoms.get(lit) {
                Some(Atom::Resource { glob, .. }) => Test::Resource {
                    glob: glob.clone(),
                    holds: !negated,
                },
                Some(Atom::Key {
                    key, absent, globs, ..
                }) => Test::Key {
                    key: key.clone(),
                    absent: *absent,
                    globs: globs.clone(),
                    holds: !negated,
                },
                Some(Atom::Typed {
                    key, absent, typed, ..
                }) => Test::Typed {
                    key: key.clone(),
                    absent: *absent,
                    typed: typed.clone(),
                    holds: !negated,
                },
                Some(Atom::Action { globs, .. }) if globs.is_empty() => Test::Unlisted,
                Some(Atom::Action { globs, .. }) => Test::Action {
                    globs: globs.clone(),
                    holds: !negated,
                },
                _ => Test::Opaque,
            });
            match self.atoms.get(lit) {
                Some(Atom::Resource { text, .. }) => {
                    if negated {
                        excluding.push(text.to_string());
                    } else {
                        resources.push(text.to_string());
                    }
                }
                Some(Atom::Opaque {
                    key: None, shown, ..
                }) => {
                    if negated {
                        excluding.push(shown.first().map(ToString::to_string).unwrap_or_default());
                    } else {
                        resources.push(shown.first().map(ToString::to_string).unwrap_or_default());
                    }
                }
                Some(Atom::Key { key, .. } | Atom::Typed { key, .. }) => {
                    conditions
                        .entry(self.atoms.written(key).to_owned())
                        .or_default()
                        .push(self.atoms.show(lit));
                }
                Some(Atom::Opaque { key: Some(key), .. }) => {
                    conditions
                        .entry(self.atoms.written(&key.to_ascii_lowercase()).to_owned())
                        .or_default()
                        .push(self.atoms.show(lit));
                }
                Some(Atom::Action { .. }) | None => {}
            }
        }
        if resources.is_empty() {
            resources.push("*".to_owned());
        }
        if unlisted && !tests.contains(&Test::Unlisted) {
            tests.push(Test::Unlisted);
        }
        Region {
            change,
            actions: names,
            resources,
            excluding,
            conditions,
            example: None,
            reason: None,
            resource_policy: None,
            stands_for,
            tests,
            known: if unlisted { self.known.clone() } else { None },
        }
    }

    /// The actions outside the known ones that `cube` holds, in words:
    /// its action literals, with what the others make needless left out
    /// (a pattern a pattern that must not match covers; one that covers
    /// another that must match; one that must not match, disjoint from
    /// one that must).
    fn describe_unlisted(&self, cube: &Cube) -> String {
        let mut some: Vec<Vec<(String, &Glob)>> = Vec::new();
        let mut none: Vec<(String, &Glob)> = Vec::new();
        for &lit in &cube.0 {
            if let Some(Atom::Action { text, globs }) = self.atoms.get(lit) {
                let entries = text.split(", ").map(ToString::to_string).zip(globs.iter());
                if lit & 1 == 1 {
                    none.extend(entries);
                } else if !globs.is_empty() {
                    some.push(entries.collect());
                }
            }
        }
        let covers =
            |outer: &Glob, inner: &Glob| glob::covers(outer, inner, space::STATES) == Some(true);
        for alternatives in &mut some {
            alternatives.retain(|(_, g)| !none.iter().any(|(_, n)| covers(n, g)));
        }
        // An atom that one still kept implies is left out.
        let mut dropped = vec![false; some.len()];
        for (i, mine) in some.iter().enumerate() {
            let implied = !mine.is_empty()
                && some.iter().enumerate().any(|(j, other)| {
                    j != i
                        && !dropped.get(j).copied().unwrap_or(true)
                        && !other.is_empty()
                        && other
                            .iter()
                            .all(|(_, o)| mine.iter().any(|(_, a)| covers(a, o)))
                });
            if let Some(d) = dropped.get_mut(i) {
                *d = implied;
            }
        }
        let kept: Vec<&Vec<(String, &Glob)>> = some
            .iter()
            .zip(&dropped)
            .filter(|(_, d)| !**d)
            .map(|(a, _)| a)
            .collect();
        none.retain(|(_, n)| {
            kept.iter().all(|alternatives| {
                alternatives
                    .iter()
                    .any(|(_, a)| glob::disjoint(n, a, space::STATES) != Some(true))
            })
        });
        let mut out = "every action outside polc's catalog".to_owned();
        for (i, alternatives) in kept.iter().enumerate() {
            out.push_str(if i == 0 { " that matches " } else { " and " });
            let list: Vec<&str> = alternatives.iter().map(|(t, _)| t.as_str()).collect();
            if list.len() > 1 {
                out.push_str(&format!("({})", list.join(" or ")));
            } else {
                out.push_str(&list.join(""));
            }
        }
        if !none.is_empty() {
            out.push_str(if kept.is_empty() {
                " that matches none of "
            } else {
                " and none of "
            });
            let shown = 6;
            let list: Vec<&str> = none.iter().take(shown).map(|(t, _)| t.as_str()).collect();
            out.push_str(&list.join(", "));
            if none.len() > shown {
                out.push_str(&format!(" and {} more", none.len() - shown));
            }
        }
        out
    }

    /// The statement read for the actions outside the known ones: one
    /// statement for each group of them it applies to (those of each
    /// service of `services`, then those of the other services).
    fn unlisted(
        &mut self,
        statement: &polc_model::Statement,
        read: &Stmt,
        services: &[String],
    ) -> Vec<Stmt> {
        // The wildcard entries as first written, each once; literal ones
        // never name an action outside the known ones.
        let mut wild: Vec<&str> = statement
            .action
            .values
            .iter()
            .map(Text::as_str)
            .filter(|e| e.contains(['*', '?']))
            .collect();
        wild.sort_by_key(|e| e.to_ascii_lowercase());
        wild.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        if wild.is_empty() && !statement.action.not {
            return Vec::new();
        }
        let marker = positive(self.atoms.intern(Atom::Action {
            text: "".into(),
            globs: Box::new([]),
        }));
        let global: Vec<&str> = wild
            .iter()
            .copied()
            .filter(|e| entry_service(e).is_none())
            .collect();
        let mut out = Vec::new();
        for (n, service) in services.iter().map(Some).chain([None]).enumerate() {
            let entries: Vec<&str> = match service {
                Some(service) => wild
                    .iter()
                    .copied()
                    .filter(|e| entry_service(e).is_none_or(|s| s.eq_ignore_ascii_case(service)))
                    .collect(),
                None => global.clone(),
            };
            if entries.is_empty() && !statement.action.not {
                continue;
            }
            let mut lits = vec![marker];
            match service {
                Some(service) => lits.push(positive(self.action_atom(&[&format!("{service}:*")]))),
                None if services.is_empty() => {}
                None => {
                    let all: Vec<String> = services.iter().map(|s| format!("{s}:*")).collect();
                    let all: Vec<&str> = all.iter().map(String::as_str).collect();
                    lits.push(negative(self.action_atom(&all)));
                }
            }
            if !entries.is_empty() {
                let atom = self.action_atom(&entries);
                lits.push(if statement.action.not {
                    negative(atom)
                } else {
                    positive(atom)
                });
            }
            let cubes = read
                .cubes
                .iter()
                .filter_map(|cube| {
                    let mut all = cube.0.clone();
                    all.extend_from_slice(&lits);
                    Cube::new(all)
                })
                .collect();
            out.push(Stmt {
                side: read.side,
                layer: read.layer,
                allow: read.allow,
                actions: vec![UNLISTED - n],
                cubes,
            });
        }
        out
    }

    /// The atom "the action matches one of `entries`".
    fn action_atom(&mut self, entries: &[&str]) -> u32 {
        let globs: Box<[Glob]> = entries
            .iter()
            .filter_map(|e| Glob::of(&Pattern::action(e)))
            .collect();
        let text = entries
            .iter()
            .map(|e| format!("`{e}`"))
            .collect::<Vec<_>>()
            .join(", ");
        self.atoms.intern(Atom::Action {
            text: text.into(),
            globs,
        })
    }
}

/// The numbers of the groups of actions outside the known ones count
/// down from here (one per service a wildcard names, then the others).
const UNLISTED: usize = usize::MAX;

/// Whether `action` numbers a group of actions outside the known ones.
fn is_unlisted(action: usize) -> bool {
    action > UNLISTED / 2
}

/// The service an action entry names literally (`ecs` of `ecs:Describe*`;
/// none for `*` or `ec*:Get*`).
fn entry_service(entry: &str) -> Option<&str> {
    let head = entry.split(['*', '?']).next().unwrap_or_default();
    head.split_once(':').map(|(service, _)| service)
}

/// The services (lower case) the wildcard entries of `statements` name
/// literally.
fn unlisted_services(statements: &[&polc_model::Statement]) -> Vec<String> {
    let mut out: Vec<String> = statements
        .iter()
        .flat_map(|st| st.action.values.iter())
        .filter(|e| e.contains(['*', '?']))
        .filter_map(|e| entry_service(e))
        .map(str::to_ascii_lowercase)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// How the actions outside the known ones are named until an example
/// names one.
const UNLISTED_NAME: &str = "(actions outside polc's catalog)";

/// Keys the evaluator derives from the principal or the resource when the
/// context does not give them: their values are tied to other parts of
/// the request.
const DERIVED: &[&str] = &polc_evaluator::IMPLIED_KEYS;
