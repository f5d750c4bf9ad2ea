//! The space of requests, and the sets of it a policy allows: unions of
//! cubes, each a conjunction of literals over atoms.
//!
//! An atom is one fact about a request: its resource matches a pattern;
//! a context key is absent or has a value matching one of some patterns;
//! or something the engine does not reason about (opaque). A cube is a
//! set of literals (atoms, or their negations) that hold together.
//! Whether a cube holds any request is decided per dimension — the
//! resource, then each context key — by the automata of [`crate::glob`];
//! an opaque literal only contradicts its own negation, so a cube with
//! one is never proven empty otherwise: it is undecided.

use std::collections::HashMap;

use crate::glob::{self, Found, Glob, Group};
use crate::typed::{self, Typed};
use crate::universe::{Known, well_formed};

/// An atom's number.
pub(crate) type AtomId = u32;

/// A literal: an atom (`2 × id`) or its negation (`2 × id + 1`).
pub(crate) type Lit = u32;

pub(crate) const fn positive(atom: AtomId) -> Lit {
    atom * 2
}

pub(crate) const fn negative(atom: AtomId) -> Lit {
    atom * 2 + 1
}

pub(crate) const fn negate(lit: Lit) -> Lit {
    lit ^ 1
}

const fn atom_of(lit: Lit) -> AtomId {
    lit / 2
}

pub(crate) const fn is_negative(lit: Lit) -> bool {
    lit & 1 == 1
}

/// One fact about a request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Atom {
    /// The resource matches the pattern `text`.
    Resource { text: Box<str>, glob: Glob },
    /// The context key `key` (lower case) is absent (when `absent`) or has
    /// a value that matches one of `globs`. `shown`: the condition, and
    /// its negation, as a reader would write them.
    Key {
        key: Box<str>,
        absent: bool,
        globs: Box<[Glob]>,
        shown: [Box<str>; 2],
    },
    /// The context key `key` (lower case) is absent (when `absent`) or has
    /// a value on which `typed` holds (a number, date or IP address
    /// condition); `shown` as for `Key`.
    Typed {
        key: Box<str>,
        absent: bool,
        typed: Typed,
        shown: [Box<str>; 2],
    },
    /// The action is one outside the known actions (the catalog's and
    /// those written) and matches one of `globs` (`text`: the entries);
    /// the atom without globs says only that it is outside them.
    Action { text: Box<str>, globs: Box<[Glob]> },
    /// A fact the engine does not reason about, on the condition key
    /// `key` (`None`: on the resource); `shown` as for `Key`, `why` says
    /// what it is.
    Opaque {
        key: Option<Box<str>>,
        shown: [Box<str>; 2],
        why: Box<str>,
    },
}

/// The atoms of one comparison, numbered once (the same condition in two
/// policies is the same atom).
#[derive(Debug, Default)]
pub(crate) struct Atoms {
    list: Vec<Atom>,
    index: HashMap<Atom, AtomId>,
    /// Each condition key (lower case) as first written.
    written: HashMap<Box<str>, Box<str>>,
}

impl Atoms {
    /// Records how a key was written (the first spelling is shown).
    pub(crate) fn write_key(&mut self, key: &str) {
        self.written
            .entry(key.to_ascii_lowercase().into())
            .or_insert_with(|| key.into());
    }

    /// A key (lower case) as first written.
    pub(crate) fn written<'k>(&'k self, key: &'k str) -> &'k str {
        self.written.get(key).map_or(key, |k| k)
    }

    pub(crate) fn intern(&mut self, atom: Atom) -> AtomId {
        if let Some(&id) = self.index.get(&atom) {
            return id;
        }
        let id = u32::try_from(self.list.len()).unwrap_or(u32::MAX);
        self.list.push(atom.clone());
        self.index.insert(atom, id);
        id
    }

    pub(crate) fn get(&self, lit: Lit) -> Option<&Atom> {
        self.list.get(atom_of(lit) as usize)
    }

    /// How a literal reads (`StringEquals aws:RequestedRegion "us-east-1"`).
    pub(crate) fn show(&self, lit: Lit) -> String {
        let side = usize::from(is_negative(lit));
        match self.get(lit) {
            Some(Atom::Resource { text, .. }) => {
                if is_negative(lit) {
                    format!("resource not {text}")
                } else {
                    format!("resource {text}")
                }
            }
            Some(Atom::Action { text, .. }) => {
                if is_negative(lit) {
                    format!("action matching none of {text}")
                } else {
                    format!("action matching one of {text}")
                }
            }
            Some(
                Atom::Key { shown, .. } | Atom::Typed { shown, .. } | Atom::Opaque { shown, .. },
            ) => shown.get(side).map(ToString::to_string).unwrap_or_default(),
            None => String::new(),
        }
    }
}

/// A conjunction of literals, sorted, without an atom and its negation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Cube(pub(crate) Vec<Lit>);

impl Cube {
    /// The conjunction of `lits`; `None` when it holds an atom and its
    /// negation (it is empty).
    pub(crate) fn new(mut lits: Vec<Lit>) -> Option<Self> {
        lits.sort_unstable();
        lits.dedup();
        let contradicts = lits
            .windows(2)
            .any(|w| matches!(w, [a, b] if atom_of(*a) == atom_of(*b)));
        (!contradicts).then_some(Self(lits))
    }

    fn has(&self, lit: Lit) -> bool {
        self.0.binary_search(&lit).is_ok()
    }

    /// `self` minus `other`, as disjoint cubes: for each literal `l` of
    /// `other` that `self` lacks, `self ∧ (the ones before) ∧ ¬l`.
    pub(crate) fn minus(&self, other: &Self) -> Vec<Self> {
        if other.0.iter().any(|&l| self.has(negate(l))) {
            return vec![self.clone()];
        }
        let mut out = Vec::new();
        let mut prefix = self.0.clone();
        for &l in other.0.iter().filter(|&&l| !self.has(l)) {
            let mut lits = prefix.clone();
            lits.push(negate(l));
            if let Some(cube) = Self::new(lits) {
                out.push(cube);
            }
            prefix.push(l);
        }
        out
    }
}

/// What a cube holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Status {
    /// No request.
    Empty,
    /// This request (the resource, and a value for each key that must have
    /// one; other keys absent).
    Witness {
        /// The action, when the cube is of actions outside the known ones.
        action: Option<String>,
        resource: String,
        context: Vec<(String, String)>,
    },
    /// Not decided, and why.
    Undecided(String),
}

/// The bound on states explored for one dimension of one cube.
pub(crate) const STATES: usize = 4_000;

/// Decides what `cube` holds; `service`: the action's service, for
/// readable example ARNs; `known`: the known actions (a cube of actions
/// outside them holds none of them).
pub(crate) fn status(
    atoms: &Atoms,
    pairs: &mut Pairs,
    cube: &Cube,
    service: &str,
    known: Option<&Known>,
) -> Status {
    // The action, when it is one outside the known ones.
    let mut unlisted = false;
    let mut action_some: Vec<&[Glob]> = Vec::new();
    let mut action_none: Vec<Glob> = Vec::new();
    for &lit in &cube.0 {
        if let Some(Atom::Action { globs, .. }) = atoms.get(lit) {
            unlisted = true;
            if is_negative(lit) {
                action_none.extend(globs.iter().cloned());
            } else if !globs.is_empty() {
                action_some.push(globs);
            }
        }
    }
    let action = if unlisted {
        match unlisted_action(&action_some, &action_none, known) {
            Ok(Some(name)) => Some(name),
            Ok(None) => return Status::Empty,
            Err(why) => return Status::Undecided(why),
        }
    } else {
        None
    };
    let service = action
        .as_deref()
        .and_then(|a| a.split_once(':'))
        .map_or_else(|| service.to_owned(), |(s, _)| s.to_ascii_lowercase());
    // The resource: `*`, or an ARN (the evaluator never allows anything
    // else), matching the positive patterns and none of the negative.
    let domain = domain();
    let mut some: Vec<(AtomId, &Glob)> = Vec::new();
    let mut none: Vec<(AtomId, &Glob)> = Vec::new();
    let mut keys: Vec<&str> = Vec::new();
    let mut opaque: Vec<&str> = Vec::new();
    for &lit in &cube.0 {
        match atoms.get(lit) {
            Some(Atom::Resource { glob, .. }) => {
                if is_negative(lit) {
                    none.push((atom_of(lit), glob));
                } else {
                    some.push((atom_of(lit), glob));
                }
            }
            Some(Atom::Key { key, .. } | Atom::Typed { key, .. }) if !keys.contains(&&**key) => {
                keys.push(key);
            }
            Some(Atom::Opaque { why, .. }) => opaque.push(why),
            Some(Atom::Key { .. } | Atom::Typed { .. } | Atom::Action { .. }) | None => {}
        }
    }
    let prefer = [
        format!("arn:aws:{service}:us-east-1:111122223333:example"),
        "*".to_owned(),
    ];
    // A readable resource that meets every pattern settles the resource
    // at once, by matching text: a cube cut by many statements (a policy's
    // `*` less one bucket per statement, then one of those buckets) would
    // otherwise have each of its patterns compared with each other, at
    // every cut: the statements squared. It is the witness the full
    // search gives first.
    let none_globs: Vec<Glob> = none.iter().map(|(_, g)| (*g).clone()).collect();
    let groups = resource_groups(domain, some.iter().map(|&(_, g)| g), &none_globs);
    let readable = glob::find_readable(&groups, &prefer);
    let resource = match readable {
        Some(w) => w,
        None => match resource_of(pairs, domain, &some, &none, &prefer) {
            Ok(w) => w,
            Err(status) => return status,
        },
    };
    let mut context = Vec::new();
    // The region a request goes to is its resource's: tried first as the
    // value of `aws:RequestedRegion`.
    let resource_region = polc_model::Arn::parse(&resource)
        .ok()
        .map(|arn| arn.region)
        .filter(|region| !region.is_empty());
    for key in keys {
        // AWS always sends `aws:RequestedRegion`: with a resource in a
        // region, the key is given (an example without it is no request
        // AWS could receive).
        let requested = key == "aws:requestedregion" && resource_region.is_some();
        // So are the keys AWS sends with every request of a principal (an
        // example's is an IAM user's): an example without one is no
        // request either, and the evaluator would leave it undecided.
        let sent = requested || always_sent(key);
        // A Boolean key's example is a Boolean (review 43: `example` is
        // no value AWS sends).
        let boolean = ["false", "true"];
        let prefer: &[&str] = match resource_region.filter(|_| requested) {
            Some(region) => &[region],
            None if boolean_key(key) => &boolean,
            None => &[],
        };
        match key_value_given(atoms, cube, key, prefer, sent) {
            KeyValue::Empty if sent && matches!(key_value(atoms, cube, key), KeyValue::Absent) => {
                return Status::Undecided(format!(
                    "only a request without `{}` is in this region, and AWS sends that key with every request",
                    atoms.written(key)
                ));
            }
            KeyValue::Empty => return Status::Empty,
            KeyValue::Absent => {}
            KeyValue::Value(v) => context.push((key.to_owned(), v)),
            KeyValue::TooLarge => {
                return Status::Undecided(format!(
                    "the values compared with `{key}` are too many to compare within polc's bound"
                ));
            }
            KeyValue::Mixed(what) => {
                return Status::Undecided(format!(
                    "`{key}` is compared both as text and as {what}: polc does not reason about such a mix yet"
                ));
            }
        }
    }
    if let Some(why) = opaque.first() {
        return Status::Undecided((*why).to_owned());
    }
    // A request goes to its resource's region: where the context gives
    // `aws:RequestedRegion` another region than the resource's, the
    // resource in that region, if it still fits (else the example would
    // be no request AWS could receive, and the region undecided).
    let resource = context
        .iter()
        .find(|(key, _)| key == "aws:requestedregion")
        .and_then(|(_, region)| in_region(&resource, region))
        .filter(|moved| glob::fits(&groups, moved))
        .unwrap_or(resource);
    Status::Witness {
        action,
        resource,
        context,
    }
}

/// `arn` with its region part `region` (a region's name: lower-case
/// letters, digits, `-`), when it is an ARN of six parts whose region is
/// another; `None` otherwise.
fn in_region(arn: &str, region: &str) -> Option<String> {
    let named = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let parts = polc_model::Arn::parse(arn).ok()?;
    (named && parts.region != region).then(|| polc_model::Arn { region, ..parts }.to_string())
}

/// The constraints on a cube's resource: one of `domain`, each of `some`,
/// none of `none`.
fn resource_groups<'g>(
    domain: &'g [Glob],
    some: impl Iterator<Item = &'g Glob>,
    none: &'g [Glob],
) -> Vec<Group<'g>> {
    let mut groups = vec![Group {
        globs: domain,
        some: true,
    }];
    groups.extend(some.map(|g| Group {
        globs: std::slice::from_ref(g),
        some: true,
    }));
    groups.push(Group {
        globs: none,
        some: false,
    });
    groups
}

/// A resource matching `domain`, one pattern of each of `some` and none of
/// `none`, or the status of the cube when there is none.
fn resource_of(
    pairs: &mut Pairs,
    domain: &'static [Glob],
    some: &[(AtomId, &Glob)],
    none: &[(AtomId, &Glob)],
    prefer: &[String],
) -> Result<String, Status> {
    // Most questions are settled by two patterns at a time: a pattern
    // that must not match and covers one that must leaves nothing; one
    // disjoint from a pattern that must match constrains nothing.
    for (i, &(p, pg)) in some.iter().enumerate() {
        // Two patterns that must both match and share no string.
        for &(q, qg) in some.iter().skip(i + 1) {
            if pairs.disjoint(p, pg, q, qg) {
                return Err(Status::Empty);
            }
        }
        for &(n, ng) in none {
            if pairs.covers(n, ng, p, pg) {
                return Err(Status::Empty);
            }
        }
    }
    let none: Vec<Glob> = none
        .iter()
        .filter(|&&(n, ng)| !some.iter().any(|&(p, pg)| pairs.disjoint(n, ng, p, pg)))
        .map(|(_, g)| (*g).clone())
        .collect();
    let some: Vec<Glob> = some.iter().map(|(_, g)| (*g).clone()).collect();
    let groups = resource_groups(domain, some.iter(), &none);
    match glob::find(&groups, prefer, STATES) {
        Found::Empty => Err(Status::Empty),
        Found::TooLarge => Err(Status::Undecided(
            "the resource patterns are too many to compare within polc's bound".into(),
        )),
        Found::Witness(w) => Ok(w),
    }
}

/// The bound on states explored for the action of one cube: larger than
/// for a resource, as a statement may write dozens of action patterns
/// with a `*` on both sides of a word.
const ACTION_STATES: usize = 40_000;

/// The constraints on one string — it matches one glob of each group of
/// `some`, and none of `none` — with what two patterns at a time settle
/// left out: an alternative that a pattern of `none` covers, and a
/// pattern of `none` disjoint from every alternative of one group. `None`
/// when a group is left without an alternative (no string meets them).
fn pruned(some: &[&[Glob]], none: &[Glob]) -> Option<(Vec<Vec<Glob>>, Vec<Glob>)> {
    // Literal patterns (most condition values) are compared as text, in
    // sets: a cube that excludes a value of each of N statements asks of
    // each pattern against each other one (review 42: cubic in N).
    let none_literals: std::collections::HashSet<String> =
        none.iter().filter_map(Glob::literal).collect();
    let none_patterns: Vec<&Glob> = none.iter().filter(|n| n.literal().is_none()).collect();
    let some: Vec<Vec<Glob>> = some
        .iter()
        .map(|globs| {
            globs
                .iter()
                .filter(|g| match g.literal() {
                    Some(text) => {
                        !none_literals.contains(&text)
                            && !none_patterns.iter().any(|n| n.matches(&text))
                    }
                    None => !none
                        .iter()
                        .any(|n| glob::covers(n, g, STATES) == Some(true)),
                })
                .cloned()
                .collect()
        })
        .collect();
    if some.iter().any(Vec::is_empty) {
        return None;
    }
    // Each group's literals, as a set, and its other patterns.
    let groups: Vec<(std::collections::HashSet<String>, Vec<&Glob>)> = some
        .iter()
        .map(|globs| {
            (
                globs.iter().filter_map(Glob::literal).collect(),
                globs.iter().filter(|g| g.literal().is_none()).collect(),
            )
        })
        .collect();
    let none = none
        .iter()
        .filter(|n| match n.literal() {
            // Kept unless some group cannot hold it: not one of its
            // literals, and matched by none of its patterns.
            Some(text) => !groups.iter().any(|(literals, patterns)| {
                !literals.contains(&text) && !patterns.iter().any(|g| g.matches(&text))
            }),
            None => !some.iter().any(|globs| {
                globs
                    .iter()
                    .all(|g| glob::disjoint(n, g, STATES) == Some(true))
            }),
        })
        .cloned()
        .collect();
    Some((some, none))
}

/// How many known actions the search for one outside them may meet.
const RETRIES: usize = 16;

/// A well-formed action outside `known` that matches one glob of each of
/// `some` and none of `none`; `None` when there is none.
fn unlisted_action(
    some: &[&[Glob]],
    none: &[Glob],
    known: Option<&Known>,
) -> Result<Option<String>, String> {
    // Policies that share statements write the same patterns on both
    // sides: what two patterns settle is left out first.
    let Some((some, none)) = pruned(some, none) else {
        return Ok(None);
    };
    let none = none.as_slice();
    let one_colon = [glob::one_colon()];
    let malformed = glob::malformed_actions();
    let mut prefer: Vec<String> = some
        .iter()
        .flat_map(|globs| globs.iter().take(8))
        .map(|g| g.sample("Example"))
        .collect();
    prefer.push("polc-unlisted:Example".to_owned());
    let mut excluded: Vec<Glob> = Vec::new();
    loop {
        let mut groups = vec![Group {
            globs: &one_colon,
            some: true,
        }];
        groups.extend(some.iter().map(|globs| Group {
            globs: globs.as_slice(),
            some: true,
        }));
        for globs in [none, &malformed, &excluded] {
            if !globs.is_empty() {
                groups.push(Group { globs, some: false });
            }
        }
        let name = match glob::find(&groups, &prefer, ACTION_STATES) {
            Found::Empty => return Ok(None),
            Found::TooLarge => {
                return Err(
                    "the action patterns are too many to compare within polc's bound".to_owned(),
                );
            }
            Found::Witness(name) => name,
        };
        if well_formed(&name) && !known.is_some_and(|k| k.contains(&name)) {
            return Ok(Some(name));
        }
        if excluded.len() == RETRIES {
            return Err(format!(
                "polc met only actions of its catalog in the {RETRIES} names it tried of this region of actions outside it: polc's bound"
            ));
        }
        excluded.push(Glob::folded(&name));
    }
}

/// Whether no request is in both cubes, as two resource patterns that must
/// both match settle it (a quick test: `false` may still be apart). A cube
/// minus one apart from it is itself, without the other's literals.
pub(crate) fn apart(atoms: &Atoms, pairs: &mut Pairs, a: &Cube, b: &Cube) -> bool {
    fn resources<'c>(atoms: &'c Atoms, cube: &'c Cube) -> impl Iterator<Item = (AtomId, &'c Glob)> {
        cube.0
            .iter()
            .filter(|&&lit| !is_negative(lit))
            .filter_map(|&lit| match atoms.get(lit) {
                Some(Atom::Resource { glob, .. }) => Some((atom_of(lit), glob)),
                _ => None,
            })
    }
    if resources(atoms, a)
        .any(|(p, pg)| resources(atoms, b).any(|(q, qg)| p != q && pairs.disjoint(p, pg, q, qg)))
    {
        return true;
    }
    // Number, date and address conditions of both that no one value meets
    // together (two ranges apart; a number, and a `Deny` on it already
    // taken out).
    let typed = |cube: &Cube| -> Vec<(Lit, &str)> {
        cube.0
            .iter()
            .filter_map(|&lit| match atoms.get(lit) {
                Some(Atom::Typed { key, .. }) => Some((lit, &**key)),
                _ => None,
            })
            .collect()
    };
    let (ta, tb) = (typed(a), typed(b));
    for &(lit, key) in &ta {
        // Each key once, from its first literal; `b` must hold one on it
        // that must hold (a negation alone rarely excludes).
        if ta.iter().find(|&&(_, k)| k == key).map(|&(l, _)| l) != Some(lit)
            || !tb.iter().any(|&(l, k)| k == key && !is_negative(l))
        {
            continue;
        }
        let mut both: Vec<Lit> = ta
            .iter()
            .chain(&tb)
            .filter(|&&(_, k)| k == key)
            .map(|&(lit, _)| lit)
            .collect();
        both.sort_unstable();
        both.dedup();
        if both.len() < 2 {
            continue;
        }
        let empty = match pairs.typed.get(&both) {
            Some(&empty) => empty,
            None => {
                let cube = Cube(both.clone());
                let empty = matches!(key_value(atoms, &cube, key), KeyValue::Empty);
                // Short sets recur (pairs of conditions); long ones rarely.
                if both.len() <= 8 {
                    pairs.typed.insert(both, empty);
                }
                empty
            }
        };
        if empty {
            return true;
        }
    }
    false
}

/// Cubes by the literal text their resource must start with (the longest
/// head of their resource patterns that must match): the cubes a cube
/// may overlap are those whose head and its own are one a prefix of the
/// other, and those without a head.
pub(crate) struct Heads {
    /// Cubes with a head, by head.
    by_head: HashMap<String, Vec<usize>>,
    /// The heads, sorted.
    sorted: Vec<String>,
    /// Cubes without a head.
    rest: Vec<usize>,
    len: usize,
}

impl Heads {
    pub(crate) fn new(atoms: &Atoms, cubes: &[Cube]) -> Self {
        let mut by_head: HashMap<String, Vec<usize>> = HashMap::new();
        let mut rest = Vec::new();
        for (i, cube) in cubes.iter().enumerate() {
            match head(atoms, cube) {
                Some(h) => by_head.entry(h).or_default().push(i),
                None => rest.push(i),
            }
        }
        let mut sorted: Vec<String> = by_head.keys().cloned().collect();
        sorted.sort();
        Self {
            by_head,
            sorted,
            rest,
            len: cubes.len(),
        }
    }

    /// The cubes (by number, in order) that may overlap `cube`.
    pub(crate) fn candidates(&self, atoms: &Atoms, cube: &Cube) -> Vec<usize> {
        let mut out: Vec<usize> = match head(atoms, cube) {
            None => (0..self.len).collect(),
            Some(h) => {
                let mut out = self.rest.clone();
                // Heads that are a prefix of this one (one per length).
                for (end, _) in h.char_indices().skip(1).chain([(h.len(), ' ')]) {
                    if let Some(found) = h.get(..end).and_then(|p| self.by_head.get(p)) {
                        out.extend_from_slice(found);
                    }
                }
                // Heads this one is a prefix of (a range of the sorted
                // heads); the equal head was found above.
                let from = self.sorted.partition_point(|s| s.as_str() <= h.as_str());
                for longer in self.sorted.get(from..).unwrap_or_default() {
                    if !longer.starts_with(&h) {
                        break;
                    }
                    out.extend(self.by_head.get(longer).into_iter().flatten());
                }
                out
            }
        };
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The longest literal head of the resource patterns `cube` says must
/// match; `None` when there is none (or it is empty).
/// `cube` without the literals "the resource does not match `p`" that a
/// literal "the resource matches `q`" of it already implies (`p` and `q`
/// start with texts that differ: `arn:aws:s3:::b1/*` and
/// `arn:aws:s3:::b2/*`): the same requests. A cube cut by one statement
/// per bucket, then met by one of them, keeps every bucket before as such
/// a literal: each region, its search and its text grew with them.
pub(crate) fn drop_implied(atoms: &Atoms, cube: Cube) -> Cube {
    let held: Vec<&Glob> = cube
        .0
        .iter()
        .filter(|&&lit| !is_negative(lit))
        .filter_map(|&lit| match atoms.get(lit) {
            Some(Atom::Resource { glob, .. }) => Some(glob),
            _ => None,
        })
        .collect();
    if held.is_empty() {
        return cube;
    }
    let implied = |lit: Lit| {
        is_negative(lit)
            && matches!(atoms.get(lit), Some(Atom::Resource { glob, .. })
                if held.iter().any(|h| h.heads_differ(glob)))
    };
    if !cube.0.iter().any(|&lit| implied(lit)) {
        return cube;
    }
    Cube(
        cube.0
            .iter()
            .copied()
            .filter(|&lit| !implied(lit))
            .collect(),
    )
}

pub(crate) fn head(atoms: &Atoms, cube: &Cube) -> Option<String> {
    cube.0
        .iter()
        .filter(|&&lit| !is_negative(lit))
        .filter_map(|&lit| match atoms.get(lit) {
            Some(Atom::Resource { glob, .. }) => glob.head(),
            _ => None,
        })
        .max_by_key(String::len)
        .filter(|h| !h.is_empty())
}

/// What is known of pairs of resource patterns (by atom): whether one
/// covers the other, whether they are disjoint.
#[derive(Debug, Default)]
pub(crate) struct Pairs {
    covers: HashMap<(AtomId, AtomId), bool, glob::Fast>,
    disjoint: HashMap<(AtomId, AtomId), bool, glob::Fast>,
    /// Whether the typed conditions (on one key) hold together on no value.
    typed: HashMap<Vec<Lit>, bool, glob::Fast>,
}

impl Pairs {
    /// Whether every string `inner` matches, `outer` matches (`false`
    /// when not decided within the bound: the caller then looks further).
    fn covers(&mut self, outer: AtomId, og: &Glob, inner: AtomId, ig: &Glob) -> bool {
        *self
            .covers
            .entry((outer, inner))
            .or_insert_with(|| glob::covers(og, ig, STATES) == Some(true))
    }

    /// Whether no string matches both (`false` when not decided).
    fn disjoint(&mut self, a: AtomId, ag: &Glob, b: AtomId, bg: &Glob) -> bool {
        // Patterns of different literal heads (one bucket each): told
        // without an automaton or an entry, which for many statements
        // would be their number squared.
        if ag.heads_differ(bg) {
            return true;
        }
        *self
            .disjoint
            .entry((a.min(b), a.max(b)))
            .or_insert_with(|| glob::disjoint(ag, bg, STATES) == Some(true))
    }
}

/// The resources a request may name: `*`, or an ARN (built once).
fn domain() -> &'static [Glob] {
    static DOMAIN: std::sync::OnceLock<[Glob; 2]> = std::sync::OnceLock::new();
    DOMAIN.get_or_init(|| {
        let arn = Glob::of(&polc_model::pattern::Pattern::new(
            "arn:*",
            polc_model::pattern::Syntax::Glob,
            false,
            false,
        ))
        .unwrap_or_else(Glob::any);
        [Glob::exact("*"), arn]
    })
}

enum KeyValue {
    Empty,
    Absent,
    Value(String),
    TooLarge,
    /// Compared as text and as something else (or as two kinds of value).
    Mixed(&'static str),
}

/// What the literals of `cube` on `key` let it be.
fn key_value(atoms: &Atoms, cube: &Cube, key: &str) -> KeyValue {
    key_value_given(atoms, cube, key, &[], false)
}

/// [`key_value`], `prefer` tried first when given; `present`: the key is
/// given, whatever the literals allow of its absence (never
/// [`KeyValue::Absent`]).
fn key_value_given(
    atoms: &Atoms,
    cube: &Cube,
    key: &str,
    prefer: &[&str],
    present: bool,
) -> KeyValue {
    let mut absent_ok = true;
    let mut some: Vec<&[Glob]> = Vec::new();
    let mut none: Vec<Glob> = Vec::new();
    let mut typed: Vec<(Lit, &Typed)> = Vec::new();
    for &lit in &cube.0 {
        match atoms.get(lit) {
            Some(Atom::Key {
                key: k,
                absent,
                globs,
                ..
            }) if &**k == key => {
                // The atom holds when absent iff `absent`; its negation iff
                // not.
                absent_ok &= *absent != is_negative(lit);
                if is_negative(lit) {
                    none.extend(globs.iter().cloned());
                } else {
                    some.push(globs);
                }
            }
            Some(Atom::Typed {
                key: k,
                absent,
                typed: t,
                ..
            }) if &**k == key => {
                absent_ok &= *absent != is_negative(lit);
                typed.push((lit, t));
            }
            _ => {}
        }
    }
    if absent_ok && !present {
        return KeyValue::Absent;
    }
    if let Some(&(_, first)) = typed.first() {
        return typed_value(first.family, &typed, &some, &none);
    }
    let Some((some, none)) = pruned(&some, &none) else {
        return KeyValue::Empty;
    };
    let mut groups: Vec<Group<'_>> = some
        .iter()
        .map(|globs| Group {
            globs: globs.as_slice(),
            some: true,
        })
        .collect();
    groups.push(Group {
        globs: &none,
        some: false,
    });
    let candidates: Vec<String> = prefer
        .iter()
        .map(|&p| p.to_owned())
        .chain(["example".to_owned()])
        .collect();
    match glob::find(&groups, &candidates, STATES) {
        Found::Empty => KeyValue::Empty,
        Found::TooLarge => KeyValue::TooLarge,
        Found::Witness(v) => KeyValue::Value(v),
    }
}

/// [`key_value`] for a key with number, date or IP address conditions:
/// the first candidate that meets them all (see [`crate::typed`]); the
/// text conditions beside them may only say the key is present.
fn typed_value(
    family: typed::Family,
    typed: &[(Lit, &Typed)],
    some: &[&[Glob]],
    none: &[Glob],
) -> KeyValue {
    if let Some(&(_, other)) = typed.iter().find(|(_, t)| t.family != family) {
        return KeyValue::Mixed(other.family.noun());
    }
    if !none.is_empty() || some.iter().any(|globs| !globs.is_empty()) {
        return KeyValue::Mixed(family.noun());
    }
    if !some.is_empty() {
        // "Absent, or a value matching none": present is required and no
        // value meets it.
        return KeyValue::Empty;
    }
    // The conditions that must hold first: their endpoints are tried
    // first.
    let mut ordered: Vec<&(Lit, &Typed)> = typed.iter().collect();
    ordered.sort_by_key(|(lit, _)| is_negative(*lit));
    let conditions: Vec<&Typed> = ordered.iter().map(|&&(_, t)| t).collect();
    let mut tried = 0u64;
    let found = typed::find(family, &conditions, |c| {
        let value = typed::Value::of(family, c);
        tried += 1;
        typed
            .iter()
            .all(|&(lit, t)| t.holds(&value) != is_negative(lit))
    });
    // The comparison's bound on work counts these tries too.
    glob::add_work(tried * typed.len() as u64 / 8);
    match found {
        None => KeyValue::TooLarge,
        Some(None) => KeyValue::Empty,
        Some(Some(value)) => KeyValue::Value(value),
    }
}

/// Whether the catalog types `key` (lower case) Boolean: global keys and
/// services' (`ec2:Encrypted`; review 44).
fn boolean_key(key: &str) -> bool {
    use polc_model::condition::{KeyType, KeyTypes as _};
    matches!(
        polc_catalog::Reference::embedded().key_type(key),
        Some(KeyType::Bool | KeyType::ArrayOfBool)
    )
}

/// Whether AWS sends `key` (lower case) with every request of an IAM user,
/// whatever the request (`aws:RequestedRegion` aside: its value is the
/// resource's region).
fn always_sent(key: &str) -> bool {
    polc_evaluator::ALWAYS_SENT_KEYS.contains(&key) || key == "aws:viaawsservice"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minus_gives_disjoint_cubes() {
        let a = Cube::new(vec![positive(0)]).unwrap_or(Cube(vec![]));
        let b = Cube::new(vec![positive(0), positive(1), positive(2)]).unwrap_or(Cube(vec![]));
        let parts = a.minus(&b);
        assert_eq!(
            parts,
            vec![
                Cube(vec![positive(0), negative(1)]),
                Cube(vec![positive(0), positive(1), negative(2)])
            ]
        );
        // A cube inside the other: nothing left.
        assert!(b.minus(&a).is_empty());
        // Contradicting cubes: all left.
        let c = Cube(vec![negative(0)]);
        assert_eq!(c.minus(&a), vec![c.clone()]);
        assert!(Cube::new(vec![positive(3), negative(3)]).is_none());
    }
}
