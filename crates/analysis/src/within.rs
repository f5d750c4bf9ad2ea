//! `--within` by meaning: the statements of a policy that grant requests a
//! baseline (an AWS managed policy, or another policy) does not, each
//! finding with the requests it grants and one that proves it.

use std::collections::BTreeMap;

use polc_catalog::Reference;
use polc_catalog::checks::{Baseline, Exceeding};
use polc_evaluator::{Decision, PolicyKind, PolicySet};
use polc_model::codes::catalog::EXCEEDS_MANAGED_POLICY;
use polc_model::pattern::Pattern;
use polc_model::{Effect, Finding, JsonPath, Location, Policy};

use crate::diff::{Change, Region, diff};

/// The engine `polc check --within` decides with: give it to
/// [`polc_catalog::checks::Checks::within`].
pub static WITHIN: Within = Within;

/// Decides `--within` by the difference of the two policies (see
/// [`diff`](crate::diff())): every request the policy allows and the
/// baseline does not is in a finding, at the statements that allow it;
/// what the engine cannot decide is a finding too.
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct Within;

/// What one statement grants beyond the baseline.
#[derive(Default)]
struct Beyond {
    /// The regions it allows, each with its example (JSON text).
    decided: Vec<(String, String)>,
    /// The regions it may allow, with why they are not decided.
    undecided: Vec<(String, String)>,
}

impl Beyond {
    /// An undecided region it may grant, with why.
    fn may(&mut self, region: &Region) {
        self.undecided
            .push((region.summary(3), region.reason.clone().unwrap_or_default()));
    }
}

impl Exceeding for Within {
    fn exceeding(
        &self,
        policy: &Policy,
        paths: &[JsonPath],
        baseline: &Baseline,
        reference: &Reference,
    ) -> Vec<Finding> {
        let name = &baseline.name;
        let location = |i: usize| {
            let path = paths.get(i).cloned().unwrap_or_else(JsonPath::root);
            match policy.statement.iter().nth(i) {
                Some(statement) => Location::key(path.key(statement.action.key())),
                None => Location::key(path),
            }
        };
        let compared = diff(
            &[(name, &baseline.policy)],
            &[("policy", policy)],
            reference,
        );
        let set = PolicySet::builder().identity("policy", policy).build();
        let (compared, set) = match (compared, set) {
            (Ok(compared), Ok(set)) => (compared, set),
            (Err(error), _) => {
                return vec![
                    Finding::new(
                        &EXCEEDS_MANAGED_POLICY,
                        format!("polc cannot compare this policy with `{name}`: {error}"),
                        Location::value(JsonPath::root()),
                    )
                    .with_help("`polc check` on each of them shows what is wrong")
                    // Not compared is not within: an error, never a pass
                    // (review 58).
                    .with_severity(polc_model::Severity::Error),
                ];
            }
            (_, Err(error)) => {
                return vec![
                    Finding::new(
                        &EXCEEDS_MANAGED_POLICY,
                        format!("polc cannot compare this policy with `{name}`: {error}"),
                        Location::value(JsonPath::root()),
                    )
                    .with_severity(polc_model::Severity::Error),
                ];
            }
        };
        let mut index = Naming::new(policy);
        let mut beyond: BTreeMap<usize, Beyond> = BTreeMap::new();
        for region in compared.added.iter().filter(|r| r.change == Change::Added) {
            let Some(example) = &region.example else {
                continue;
            };
            // The region's actions share its requests: each one's
            // request is the example with that action, and the
            // statements that allow it are those the evaluator names.
            let with_resource_policy = region.resource_policy.as_ref().map(|text| {
                PolicySet::builder()
                    .identity("policy", policy)
                    .json(PolicyKind::Resource, "resource", text)
                    .build()
            });
            let deciding = match &with_resource_policy {
                Some(Ok(set)) => Some(set),
                Some(Err(_)) => None,
                None => Some(&set),
            };
            // Per statement, the region's actions it allows. The
            // statements that allow an action of the region on its example
            // depend only on which statements name the action (its
            // resource and context are the region's): the evaluator is
            // asked once per set of naming statements.
            let mut by_naming: BTreeMap<usize, Vec<String>> = BTreeMap::new();
            for action in &region.actions {
                by_naming
                    .entry(index.naming_id(action))
                    .or_default()
                    .push(action.clone());
            }
            let mut allowed: BTreeMap<usize, Vec<String>> = BTreeMap::new();
            // Where IAM also wants the resource's own policy (a role to
            // assume, a KMS key) and the region has none (its example is
            // an action that needs none): decided with one that delegates
            // to the account, as the comparison decides such actions.
            let mut delegated: Option<Option<PolicySet>> = None;
            for (id, actions) in by_naming {
                let Some(first) = actions.first() else {
                    continue;
                };
                let mut one = example.clone();
                one.action.clone_from(first);
                // The `Allow` statements of the policy (the set's first)
                // that decide an allowed request; deciding, not
                // explaining: an explanation costs every statement of the
                // policy, and is asked for per region.
                let mut matched = Vec::new();
                let request = one.request();
                let allows = |set: &PolicySet, matched: &mut Vec<_>| {
                    matched.clear();
                    set.evaluate_into(&request, matched) == Decision::Allow
                };
                let mut decided = deciding.is_some_and(|set| allows(set, &mut matched));
                if !decided
                    && region.resource_policy.is_none()
                    && deciding.is_some_and(|set| {
                        set.explain(&request).reason
                            == polc_evaluator::Reason::ResourcePolicyRequired
                    })
                {
                    let partition = one.principal.split(':').nth(1).unwrap_or("aws");
                    let with_delegation = delegated.get_or_insert_with(|| {
                        PolicySet::builder()
                            .identity("policy", policy)
                            .json(
                                PolicyKind::Resource,
                                "resource",
                                &crate::diff::delegation(partition, &one.resource_account),
                            )
                            .build()
                            .ok()
                    });
                    decided = with_delegation
                        .as_ref()
                        .is_some_and(|set| allows(set, &mut matched));
                }
                let explained: Vec<usize> = if decided {
                    matched
                        .iter()
                        .filter(|m| m.policy == 0)
                        .map(|m| m.statement)
                        .collect()
                } else {
                    Vec::new()
                };
                // Not expected (every action of the region is allowed on
                // its example): the statements that name them, never none.
                let statements = if explained.is_empty() {
                    index.set(id).to_vec()
                } else {
                    explained
                };
                for i in statements {
                    allowed
                        .entry(i)
                        .or_default()
                        .extend(actions.iter().cloned());
                }
            }
            for (i, mut actions) in allowed {
                actions.sort();
                actions.dedup();
                let mut mine = region.clone();
                let mut one = example.clone();
                if let Some(first) = actions.first() {
                    one.action.clone_from(first);
                }
                mine.actions = actions;
                beyond
                    .entry(i)
                    .or_default()
                    .decided
                    .push((mine.summary(3), one.to_json().to_string()));
            }
        }
        let variables = policy.version == Some(polc_model::Version::V2012_10_17);
        // An undecided region may be granted by the statements that name
        // its actions and may meet it (not those on resources it cannot
        // have); by all that name them when none seems to (never by none).
        for region in compared
            .undecided
            .iter()
            .filter(|r| r.change == Change::Added)
        {
            let meets = Meets::new(region);
            let named = naming(policy, &mut index, region);
            let meeting: Vec<usize> = named
                .iter()
                .copied()
                .filter(|&i| {
                    policy
                        .statement
                        .iter()
                        .nth(i)
                        .is_some_and(|s| meets.may_meet(s, variables))
                })
                .collect();
            for i in if meeting.is_empty() { named } else { meeting } {
                beyond.entry(i).or_default().may(region);
            }
        }
        // A statement whose excess another statement also grants (a
        // narrower one beside a wider one) allows no example above on its
        // own: each `Allow` statement not found yet is compared alone
        // (with the policy's `Deny` statements), so that every one that
        // grants beyond the baseline has its finding.
        //
        // Only the statements some region beyond the baseline may meet
        // are compared: what a statement grants alone beyond the baseline
        // the whole policy grants too (it has the statement and the same
        // `Deny` statements), so it is in a region above. Comparing every
        // statement cost their number squared.
        let regions: Vec<Meets> = compared
            .added
            .iter()
            .chain(&compared.undecided)
            .filter(|r| r.change == Change::Added)
            .map(Meets::new)
            .collect();
        let denies: Vec<polc_model::Statement> = policy
            .statement
            .iter()
            .filter(|s| s.effect == Effect::Deny)
            .cloned()
            .collect();
        for (i, statement) in policy.statement.iter().enumerate() {
            if statement.effect != Effect::Allow
                || beyond.contains_key(&i)
                || !regions.iter().any(|r| r.may_meet(statement, variables))
            {
                continue;
            }
            // The policy's other parts, not its statements: copying those
            // for each statement would cost their number squared.
            let mut statements = vec![statement.clone()];
            statements.extend(denies.iter().cloned());
            let alone = Policy {
                version: policy.version,
                id: policy.id.clone(),
                statement: polc_model::policy::OneOrMany::Many(statements),
                key_order: policy.key_order.clone(),
            };
            let found = beyond.entry(i).or_default();
            let compared = match diff(
                &[(name, &baseline.policy)],
                &[("policy", &alone)],
                reference,
            ) {
                Ok(compared) => compared,
                Err(error) => {
                    // Never passed: said, with why.
                    found
                        .undecided
                        .push(("what it grants".to_owned(), error.to_string()));
                    continue;
                }
            };
            for region in &compared.added {
                if let Some(example) = &region.example {
                    found
                        .decided
                        .push((region.summary(3), example.to_json().to_string()));
                }
            }
            for region in compared
                .undecided
                .iter()
                .filter(|r| r.change == Change::Added)
            {
                found.may(region);
            }
        }
        let mut findings = Vec::new();
        for (i, found) in beyond {
            let list = |items: &[(String, String)]| {
                let mut text = items
                    .iter()
                    .take(2)
                    .map(|(s, _)| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join("; ");
                if items.len() > 2 {
                    text.push_str(&format!(" and {} more", items.len() - 2));
                }
                text
            };
            if let Some((_, example)) = found.decided.first() {
                findings.push(
                    Finding::new(
                        &EXCEEDS_MANAGED_POLICY,
                        format!(
                            "this statement grants {} beyond what `{name}` grants",
                            list(&found.decided)
                        ),
                        location(i),
                    )
                    .with_help(format!(
                        "for example {example}, which `{name}` does not allow (`polc diff` lists every such request); remove what the job does not need, or check against a wider baseline than `{name}`"
                    ))
                    .with_example(example.clone()),
                );
            }
            if let Some((_, why)) = found.undecided.first() {
                findings.push(
                    Finding::new(
                        &EXCEEDS_MANAGED_POLICY,
                        format!(
                            "this statement may grant {} beyond what `{name}` grants: polc cannot decide it",
                            list(&found.undecided)
                        ),
                        location(i),
                    )
                    .with_help(format!(
                        "{why}; make sure the job needs it, or check against a wider baseline than `{name}`"
                    )),
                );
            }
        }
        findings
    }
}

/// A region beyond the baseline, read for the question "may it meet this
/// statement?" (a cheap test: `true` when in doubt).
struct Meets<'r> {
    region: &'r Region,
    /// The region's actions, lower case.
    actions: std::collections::HashSet<String>,
    /// The region stands for actions outside the catalog too.
    unlisted: bool,
}

impl<'r> Meets<'r> {
    fn new(region: &'r Region) -> Self {
        Self {
            region,
            actions: region
                .actions
                .iter()
                .map(|a| a.to_ascii_lowercase())
                .collect(),
            unlisted: region.actions.is_empty()
                || region
                    .actions
                    .iter()
                    .any(|a| region.stands_for.contains_key(a)),
        }
    }

    /// Whether the region may hold a request `statement` allows: it names
    /// one of the region's actions (a wildcard entry matching one), and a
    /// resource of the region may be one it names (`variables`: the
    /// policy reads `${...}` as variables). `NotAction`, `NotResource`, an
    /// entry with a policy variable and a region of actions outside the
    /// catalog are taken to meet it.
    fn may_meet(&self, statement: &polc_model::Statement, variables: bool) -> bool {
        let plain = |entry: &str| entry.is_ascii() && !entry.contains(['*', '?']);
        let names = self.unlisted
            || statement.action.not
            || statement.action.values.iter().any(|entry| {
                if plain(entry) {
                    self.actions.contains(&entry.to_ascii_lowercase())
                } else {
                    let pattern = Pattern::action(entry);
                    self.region.actions.iter().any(|a| pattern.matches(a))
                }
            });
        names
            && match &statement.resource {
                Some(resource) if !resource.not => !self.region.surely_outside_resources(
                    resource.values.iter().map(polc_model::Text::as_str),
                    variables,
                ),
                _ => true,
            }
    }
}

/// The `Allow` statements of `policy` that name one of the region's
/// actions (those a name outside the catalog stands for: the statements
/// with a wildcard or `NotAction`); all of them when none does.
fn naming(policy: &Policy, index: &mut Naming, region: &Region) -> Vec<usize> {
    let allows = || {
        policy
            .statement
            .iter()
            .enumerate()
            .filter(|(_, s)| s.effect == Effect::Allow)
    };
    let mut found: Vec<usize> = Vec::new();
    for action in &region.actions {
        let id = index.naming_id(action);
        found.extend_from_slice(index.set(id));
    }
    // A wildcard or `NotAction` statement also stands for the actions the
    // region's placeholders stand for.
    if region
        .actions
        .iter()
        .any(|a| region.stands_for.contains_key(a))
    {
        found.extend(index.wild.iter().map(|(i, ..)| *i));
    }
    found.sort_unstable();
    found.dedup();
    if found.is_empty() {
        allows().map(|(i, _)| i).collect()
    } else {
        found
    }
}

/// Which `Allow` statements of a policy name an action, each entry read
/// once: exact entries by their lower-cased name, the statements with a
/// wildcard or `NotAction` tried one by one. Asking for every action of
/// every region then costs the actions times the wildcard statements, not
/// times every entry. Each action is asked about once for all regions
/// (the regions of a policy share their actions: asking per region cost
/// the regions times the actions times the wildcard statements, the square
/// of the statements where each grants its own resource), and equal
/// answers are kept once.
struct Naming {
    exact: std::collections::HashMap<String, Vec<usize>>,
    /// Statements with a wildcard entry or `NotAction`: position,
    /// `NotAction`, and their entries as patterns.
    wild: Vec<(usize, bool, Vec<Pattern>)>,
    /// Each action asked about (lower case), with its answer's place in
    /// `sets`.
    asked: std::collections::HashMap<String, usize>,
    /// The distinct answers, and where each is.
    sets: Vec<Vec<usize>>,
    places: std::collections::HashMap<Vec<usize>, usize>,
}

impl Naming {
    fn new(policy: &Policy) -> Self {
        let mut exact: std::collections::HashMap<String, Vec<usize>> =
            std::collections::HashMap::new();
        let mut wild = Vec::new();
        for (i, s) in policy.statement.iter().enumerate() {
            if s.effect != Effect::Allow {
                continue;
            }
            let plain = |entry: &str| entry.is_ascii() && !entry.contains(['*', '?']);
            if s.action.not || !s.action.values.iter().all(|e| plain(e)) {
                let patterns = s.action.values.iter().map(|e| Pattern::action(e)).collect();
                wild.push((i, s.action.not, patterns));
                continue;
            }
            for entry in s.action.values.iter() {
                let positions = exact.entry(entry.to_ascii_lowercase()).or_default();
                if positions.last() != Some(&i) {
                    positions.push(i);
                }
            }
        }
        Self {
            exact,
            wild,
            asked: std::collections::HashMap::new(),
            sets: Vec::new(),
            places: std::collections::HashMap::new(),
        }
    }

    /// Where the answer for `action` is in [`Naming::set`]: the same place
    /// for actions named by the same statements.
    fn naming_id(&mut self, action: &str) -> usize {
        let key = action.to_ascii_lowercase();
        if let Some(&id) = self.asked.get(&key) {
            return id;
        }
        let found = self.naming(action);
        let id = match self.places.get(&found) {
            Some(&id) => id,
            None => {
                let id = self.sets.len();
                self.places.insert(found.clone(), id);
                self.sets.push(found);
                id
            }
        };
        self.asked.insert(key, id);
        id
    }

    /// The statements of answer `id`, in order.
    fn set(&self, id: usize) -> &[usize] {
        self.sets.get(id).map_or(&[], Vec::as_slice)
    }

    /// The `Allow` statements that name `action`, in order.
    fn naming(&self, action: &str) -> Vec<usize> {
        let mut found: Vec<usize> = self
            .exact
            .get(&action.to_ascii_lowercase())
            .cloned()
            .unwrap_or_default();
        found.extend(
            self.wild
                .iter()
                .filter(|(_, not, patterns)| patterns.iter().any(|p| p.matches(action)) != *not)
                .map(|(i, ..)| *i),
        );
        found.sort_unstable();
        found
    }
}
