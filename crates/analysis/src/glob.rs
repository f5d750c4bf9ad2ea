//! The languages of wildcard patterns as automata: whether strings exist
//! that match some patterns and none of others, and the shortest such
//! string.
//!
//! A pattern (the model's [`Pattern`], read as the evaluator reads it) is
//! a nondeterministic automaton whose states are positions in the pattern:
//! its state set is a bit set. The automaton of several constraints runs
//! them side by side on one string; its states are explored breadth first
//! on an alphabet of the characters the patterns write, `:` (the
//! character a `*` may not cross), and one character none of them writes
//! (which stands for every other character: no pattern tells them apart).
//! That makes the search exact, and its first accepting state gives a
//! shortest witness.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use polc_model::pattern::{Pattern, Token};

/// One position of a pattern's automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Step {
    /// One character; `fold`: either ASCII case.
    Char { c: char, fold: bool },
    /// `?`; `cross`: may be `:`.
    One { cross: bool },
    /// `*`; `cross`: may run over `:`.
    Star { cross: bool },
    /// One character no action name holds (not an ASCII letter or digit,
    /// `-` or `:`): the search for action names excludes them with it.
    Bad,
}

impl Step {
    fn takes(self, x: char) -> bool {
        match self {
            Self::Char { c, fold } => c == x || (fold && c.eq_ignore_ascii_case(&x)),
            Self::One { cross } | Self::Star { cross } => cross || x != ':',
            Self::Bad => !(x.is_ascii_alphanumeric() || x == '-' || x == ':'),
        }
    }
}

/// A pattern without variables, as an automaton.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Glob {
    steps: Box<[Step]>,
}

impl Glob {
    /// The automaton of `pattern`; `None` when it holds a policy variable
    /// (its language depends on the request).
    pub(crate) fn of(pattern: &Pattern) -> Option<Self> {
        let fold = pattern.ignore_case();
        let mut steps = Vec::new();
        for token in pattern.tokens() {
            match token {
                Token::Lit(text) => steps.extend(text.chars().map(|c| Step::Char { c, fold })),
                Token::Star { cross } => {
                    // `**` is `*`.
                    if steps.last() != Some(&Step::Star { cross: *cross }) {
                        steps.push(Step::Star { cross: *cross });
                    }
                }
                Token::One { cross } => steps.push(Step::One { cross: *cross }),
                Token::Var { .. } => return None,
            }
        }
        Some(Self {
            steps: steps.into(),
        })
    }

    /// Exactly `text` (case-sensitive).
    pub(crate) fn exact(text: &str) -> Self {
        Self {
            steps: text
                .chars()
                .map(|c| Step::Char { c, fold: false })
                .collect(),
        }
    }

    /// Exactly `text`, either ASCII case (an action name).
    pub(crate) fn folded(text: &str) -> Self {
        Self {
            steps: text.chars().map(|c| Step::Char { c, fold: true }).collect(),
        }
    }

    /// Every string.
    pub(crate) fn any() -> Self {
        Self {
            steps: Box::new([Step::Star { cross: true }]),
        }
    }

    /// The text every string of the language starts with, as written
    /// (the characters before the first wildcard; none read ignoring
    /// case).
    pub(crate) fn head(&self) -> Option<String> {
        let mut out = String::new();
        for step in &*self.steps {
            match step {
                Step::Char { c, fold: false } => out.push(*c),
                Step::Char { fold: true, .. } => return None,
                _ => break,
            }
        }
        Some(out)
    }

    /// Whether the literal text both globs start with differs somewhere
    /// before either's first wildcard (`arn:aws:s3:::b1/*` and
    /// `arn:aws:s3:::b2/*`): then no string matches both. Told by reading
    /// the two heads side by side, with nothing built or kept.
    pub(crate) fn heads_differ(&self, other: &Self) -> bool {
        for (a, b) in self.steps.iter().zip(other.steps.iter()) {
            match (a, b) {
                (Step::Char { c: x, fold: false }, Step::Char { c: y, fold: false }) => {
                    if x != y {
                        return true;
                    }
                }
                _ => return false,
            }
        }
        false
    }

    /// The text when the glob has no wildcard.
    pub(crate) fn literal(&self) -> Option<String> {
        self.steps
            .iter()
            .map(|s| match s {
                Step::Char { c, fold: false } => Some(*c),
                _ => None,
            })
            .collect()
    }

    /// The characters before the first wildcard, and after the last (as
    /// written, case-sensitive globs only).
    fn ends(&self) -> Option<(Vec<char>, Vec<char>)> {
        let mut head = Vec::new();
        for step in &*self.steps {
            match step {
                Step::Char { c, fold: false } => head.push(*c),
                Step::Char { fold: true, .. } => return None,
                _ => break,
            }
        }
        let mut tail = Vec::new();
        for step in self.steps.iter().rev() {
            match step {
                Step::Char { c, fold: false } => tail.push(*c),
                Step::Char { fold: true, .. } => return None,
                _ => break,
            }
        }
        tail.reverse();
        Some((head, tail))
    }

    /// Whether no string matches both (a cheap test: `false` may still be
    /// disjoint).
    pub(crate) fn surely_disjoint(&self, other: &Self) -> bool {
        if let Some(text) = self.literal() {
            return !other.matches(&text);
        }
        if let Some(text) = other.literal() {
            return !self.matches(&text);
        }
        let (Some((h1, t1)), Some((h2, t2))) = (self.ends(), other.ends()) else {
            return false;
        };
        let heads_clash = h1.iter().zip(&h2).any(|(a, b)| a != b);
        let tails_clash = t1.iter().rev().zip(t2.iter().rev()).any(|(a, b)| a != b);
        heads_clash || tails_clash
    }

    fn words(&self) -> usize {
        (self.steps.len() + 1).div_ceil(64)
    }

    /// Adds position `at`, and every position a run of `*` after it
    /// reaches without reading.
    fn add(&self, bits: &mut [u64], mut at: usize) {
        loop {
            set(bits, at);
            match self.steps.get(at) {
                Some(Step::Star { .. }) => at += 1,
                _ => return,
            }
        }
    }

    fn start(&self, bits: &mut [u64]) {
        self.add(bits, 0);
    }

    fn step(&self, from: &[u64], x: char, to: &mut [u64]) {
        for at in ones(from) {
            if let Some(step) = self.steps.get(at)
                && step.takes(x)
            {
                if matches!(step, Step::Star { .. }) {
                    self.add(to, at);
                }
                self.add(to, at + 1);
            }
        }
    }

    fn accepts(&self, bits: &[u64]) -> bool {
        get(bits, self.steps.len())
    }

    /// Whether the automaton matches `text`.
    pub(crate) fn matches(&self, text: &str) -> bool {
        if self.steps.len() < 64 {
            return self.matches_short(text);
        }
        let mut now = vec![0; self.words()];
        self.start(&mut now);
        for x in text.chars() {
            let mut next = vec![0; self.words()];
            self.step(&now, x, &mut next);
            if next.iter().all(|w| *w == 0) {
                return false;
            }
            now = next;
        }
        self.accepts(&now)
    }

    /// [`Glob::matches`] for fewer than 64 steps: the state in one word.
    fn matches_short(&self, text: &str) -> bool {
        let mut now = [0u64; 1];
        self.start(&mut now);
        for x in text.chars() {
            let mut next = [0u64; 1];
            self.step(&now, x, &mut next);
            if next == [0] {
                return false;
            }
            now = next;
        }
        self.accepts(&now)
    }

    fn chars(&self, out: &mut Vec<char>) {
        for step in &*self.steps {
            if let Step::Char { c, fold } = *step {
                out.push(c);
                if fold {
                    out.push(c.to_ascii_lowercase());
                    out.push(c.to_ascii_uppercase());
                }
            }
        }
    }

    /// A string of the language when `fill` may stand for each `*` (a `?`
    /// is written `x`): a readable candidate, checked before use. In an
    /// ARN, a `*` that is a whole part is written as that part usually
    /// is (`aws`, `us-east-1`, the example account).
    pub(crate) fn sample(&self, fill: &str) -> String {
        let mut out = String::new();
        for (i, step) in self.steps.iter().enumerate() {
            match step {
                Step::Char { c, .. } => out.push(*c),
                Step::One { .. } => out.push('x'),
                Step::Bad => out.push('_'),
                Step::Star { .. } => {
                    let whole_part = out.ends_with(':')
                        && matches!(
                            self.steps.get(i + 1),
                            None | Some(Step::Char { c: ':', .. })
                        );
                    let part = out.matches(':').count();
                    let word = match (out.starts_with("arn:") || out == "arn:", whole_part, part) {
                        (true, true, 1) => "aws",
                        (true, true, 3) => "us-east-1",
                        (true, true, 4) => ACCOUNT,
                        _ => fill,
                    };
                    out.push_str(word);
                }
            }
        }
        out
    }
}

/// Strings with one `:` (`*:*` matches them, with the globs of
/// [`malformed_actions`] matching none).
pub(crate) fn one_colon() -> Glob {
    Glob {
        steps: Box::new([STAR, COLON, STAR]),
    }
}

/// Globs that match every string that is not a well-formed action name
/// (`service:Name`, both parts of ASCII letters, digits and `-`) among
/// those with one `:` at least: a second `:`, an empty part, or a
/// character no name holds. (With them, a search stays exact: the one
/// character standing for those the patterns do not write is a letter
/// or digit when one is left, and else one no name holds.)
pub(crate) fn malformed_actions() -> [Glob; 4] {
    [
        Glob {
            steps: Box::new([STAR, COLON, STAR, COLON, STAR]),
        },
        Glob {
            steps: Box::new([COLON, STAR]),
        },
        Glob {
            steps: Box::new([STAR, COLON]),
        },
        Glob {
            steps: Box::new([STAR, Step::Bad, STAR]),
        },
    ]
}

const STAR: Step = Step::Star { cross: true };
const COLON: Step = Step::Char {
    c: ':',
    fold: false,
};

thread_local! {
    /// The work of the searches made on this thread: each state reached,
    /// weighed by the positions it holds.
    static WORK: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

fn count_state(positions: usize) {
    WORK.with(|w| w.set(w.get().saturating_add(1 + positions as u64 / 64)));
}

/// Counts `units` of other work of a comparison's searches (the values
/// tried for a key's number, date or address conditions), against the
/// same bound.
pub(crate) fn add_work(units: u64) {
    WORK.with(|w| w.set(w.get().saturating_add(units)));
}

/// The work of the searches made on this thread so far (see
/// [`count_state`]): a comparison bounds its own by the difference.
pub(crate) fn work() -> u64 {
    WORK.with(std::cell::Cell::get)
}

/// The patterns of one group whose readable candidates are tried.
const CANDIDATE_GLOBS: usize = 8;

/// The longest readable candidate tried as an example, in bytes.
const EXAMPLE_BYTES: usize = 1024;

/// The account of example ARNs.
pub(crate) const ACCOUNT: &str = "111122223333";

fn set(bits: &mut [u64], at: usize) {
    if let Some(word) = bits.get_mut(at / 64) {
        *word |= 1 << (at % 64);
    }
}

fn get(bits: &[u64], at: usize) -> bool {
    bits.get(at / 64).is_some_and(|w| w & (1 << (at % 64)) != 0)
}

fn ones(bits: &[u64]) -> impl Iterator<Item = usize> + '_ {
    bits.iter().enumerate().flat_map(|(i, &w)| {
        let mut rest = w;
        std::iter::from_fn(move || {
            if rest == 0 {
                return None;
            }
            let b = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            Some(i * 64 + b)
        })
    })
}

/// A constraint on one string: it matches at least one of the globs
/// (`Some`), or none of them (`None`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Group<'g> {
    pub(crate) globs: &'g [Glob],
    /// `true`: matches one at least; `false`: matches none.
    pub(crate) some: bool,
}

/// The answer of a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    /// No string meets every constraint.
    Empty,
    /// A string that does (a shortest one, unless a preferred one fits).
    Witness(String),
    /// The search reached its bound on states.
    TooLarge,
}

/// Searches for a string meeting every group; `prefer` are tried first
/// (readable examples), then the automaton is explored up to `bound`
/// states.
pub(crate) fn find(groups: &[Group<'_>], prefer: &[String], bound: usize) -> Found {
    if let Some(found) = find_readable(groups, prefer) {
        return Found::Witness(found);
    }
    let fits = |s: &str| fits(groups, s);
    // Several patterns that must all match, each with a `*` that may run
    // over anything: one string holds each one's text after that `*`,
    // one after the other (`H*:role/a*` and `H*:role/b*` both match
    // `Hx:role/b…:role/a…`).
    let single: Vec<&Glob> = groups
        .iter()
        .filter(|g| g.some && g.globs.len() == 1)
        .filter_map(|g| g.globs.first())
        .collect();
    if single.len() >= 2 {
        for candidate in interleavings(&single) {
            if candidate.len() <= EXAMPLE_BYTES && fits(&candidate) {
                return Found::Witness(candidate);
            }
        }
    }
    // The shortest string may be an ARN without a partition or with
    // parts missing (`arn::ssm:::document/x`): no request has one, so the
    // parts are filled where the constraints allow.
    match explore(groups, bound) {
        Found::Witness(found) => {
            let repaired = arn_repairs(&found)
                .into_iter()
                .find(|candidate| candidate.len() <= EXAMPLE_BYTES && fits(candidate));
            Found::Witness(repaired.unwrap_or(found))
        }
        other => other,
    }
}

/// The first readable string that meets every group, by matching text
/// alone (no automaton): `prefer`, then samples of a few patterns of each
/// group that must match. What [`find`] tries first, and answers with
/// when one fits.
pub(crate) fn find_readable(groups: &[Group<'_>], prefer: &[String]) -> Option<String> {
    let fits = |s: &str| fits(groups, s);
    if let Some(found) = prefer.iter().find(|c| fits(c)) {
        return Some(found.clone());
    }
    // Readable candidates from a few patterns of each group (a group may
    // hold hundreds: trying each against all would be quadratic).
    for group in groups.iter().filter(|g| g.some) {
        for glob in group.globs.iter().take(CANDIDATE_GLOBS) {
            for fill in ["example", "x", "", "polc-example-0"] {
                let sample = glob.sample(fill);
                // An ARN of all six parts and a partition first: a
                // request's resource has them (`arn:aws:rds:us-east-1*` is
                // sampled `arn:aws:rds:us-east-1example`).
                // (One repair only: each candidate is work.)
                for candidate in arn_repairs(&sample).into_iter().take(1).chain([sample]) {
                    // An example must stay within the evaluator's limits
                    // on a request (2,048 bytes for a resource).
                    if candidate.len() <= EXAMPLE_BYTES && fits(&candidate) {
                        return Some(candidate);
                    }
                }
            }
        }
    }
    None
}

/// Whether `candidate` meets every group; each candidate is matched
/// against every glob, counted as work.
pub(crate) fn fits(groups: &[Group<'_>], candidate: &str) -> bool {
    let size: usize = groups.iter().map(|g| g.globs.len()).sum();
    count_state(size * 64);
    groups
        .iter()
        .all(|g| g.globs.iter().any(|glob| glob.matches(candidate)) == g.some)
}

/// `text`, an ARN without a partition or of fewer than six parts, with
/// what it lacks filled in, the fullest first; nothing for any other text.
fn arn_repairs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Another partition than `aws` where the region leaves `aws` out (a
    // policy that moved from `arn:aws:` to `arn:*:`).
    if let Some(rest) = text.strip_prefix("arn::") {
        for partition in ["aws", "aws-cn", "aws-us-gov"] {
            let partitioned = format!("arn:{partition}:{rest}");
            out.extend(complete_arn(&partitioned));
            out.push(partitioned);
        }
    }
    out.extend(complete_arn(text));
    // Where the region leaves the next part out (`arn:aws:rds:us-east-1*`
    // but not `arn:aws:rds:us-east-1:*`): the last part lengthened first.
    out.extend(complete_arn(&format!("{text}example")));
    out
}

/// `text`, an ARN of fewer than six parts, with the parts it lacks
/// (`arn:aws:rds:us-east-1example` as `arn:aws:rds:us-east-1example::example`);
/// `None` for any other text.
fn complete_arn(text: &str) -> Option<String> {
    let colons = text
        .strip_prefix("arn:")?
        .bytes()
        .filter(|&b| b == b':')
        .count();
    (colons < 4).then(|| format!("{text}{}example", ":".repeat(4 - colons)))
}

/// Candidates for the intersection of `globs`: the first's text up to its
/// first crossing `*`, then each glob's text after its own, in turn (in
/// every rotation of the globs).
fn interleavings(globs: &[&Glob]) -> Vec<String> {
    let split = |g: &Glob| -> Option<(String, String)> {
        let at = g
            .steps
            .iter()
            .position(|s| matches!(s, Step::Star { cross: true }))?;
        let head = Glob {
            steps: g.steps.get(..at)?.into(),
        };
        let tail = Glob {
            steps: g.steps.get(at + 1..)?.into(),
        };
        Some((head.sample("x"), tail.sample("x")))
    };
    let Some(parts) = globs.iter().map(|g| split(g)).collect::<Option<Vec<_>>>() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for first in 0..parts.len() {
        let Some((head, _)) = parts.get(first) else {
            continue;
        };
        let mut text = format!("{head}x");
        for i in 0..parts.len() {
            if let Some((_, tail)) = parts.get((first + 1 + i) % parts.len()) {
                text.push_str(tail);
            }
        }
        out.push(text);
    }
    out
}

/// Whether some string matches `a` and, as `b_too` says, `b` or not `b`:
/// the product of two globs of fewer than 64 steps, in two words.
fn explore_pair(a: &Glob, b: &Glob, b_too: bool, bound: usize) -> Found {
    let alphabet = alphabet(&[a, b]);
    let start = |g: &Glob| {
        let mut w = [0u64; 1];
        g.start(&mut w);
        w
    };
    let step = |g: &Glob, from: [u64; 1], x: char| {
        let mut to = [0u64; 1];
        g.step(&from, x, &mut to);
        to
    };
    let done = |sa: [u64; 1], sb: [u64; 1]| a.accepts(&sa) && b.accepts(&sb) == b_too;
    let first = (start(a), start(b));
    let mut seen: Seen<([u64; 1], [u64; 1])> = HashMap::default();
    let mut states = vec![first];
    seen.insert(first, (usize::MAX, ' '));
    let mut at = 0;
    while let Some(&(sa, sb)) = states.get(at) {
        if done(sa, sb) {
            let mut out = Vec::new();
            let mut index = at;
            while let Some(state) = states.get(index) {
                match seen.get(state) {
                    Some(&(from, x)) if from != usize::MAX => {
                        out.push(x);
                        index = from;
                    }
                    _ => break,
                }
            }
            return Found::Witness(out.iter().rev().collect());
        }
        for &x in &alphabet {
            let next = (step(a, sa, x), step(b, sb, x));
            // `a` dead: nothing more; `b` dead when it must match too.
            if next.0 == [0] || (b_too && next.1 == [0]) || seen.contains_key(&next) {
                continue;
            }
            if states.len() >= bound {
                return Found::TooLarge;
            }
            count_state(a.steps.len() + b.steps.len());
            seen.insert(next, (at, x));
            states.push(next);
        }
        at += 1;
    }
    Found::Empty
}

/// Whether every string `inner` matches, `outer` matches (`None`: not
/// decided within `bound`).
pub(crate) fn covers(outer: &Glob, inner: &Glob, bound: usize) -> Option<bool> {
    // A literal's answer is a match, cheaper than looking it up (no work
    // is counted either way): a cube that excludes many values of a key
    // asks it for each (review 42).
    if let Some(text) = inner.literal() {
        return Some(outer.matches(&text));
    }
    remembered(Question::Covers, outer, inner, bound, || {
        covers_now(outer, inner, bound)
    })
}

fn covers_now(outer: &Glob, inner: &Glob, bound: usize) -> Option<bool> {
    if let Some(text) = inner.literal() {
        return Some(outer.matches(&text));
    }
    if let [Step::Star { cross: true }] = *outer.steps {
        return Some(true);
    }
    exists(inner, outer, false, bound).map(|outside| !outside)
}

/// Whether no string matches both (`None`: not decided within `bound`).
pub(crate) fn disjoint(a: &Glob, b: &Glob, bound: usize) -> Option<bool> {
    // As in `covers`: what the patterns' literal text settles is not
    // looked up.
    if a.surely_disjoint(b) {
        return Some(true);
    }
    if let Some(text) = a.literal() {
        return Some(!b.matches(&text));
    }
    remembered(Question::Disjoint, a, b, bound, || {
        disjoint_now(a, b, bound)
    })
}

/// The two questions about a pair of patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Question {
    Covers,
    Disjoint,
}

/// Answers remembered on this thread (comparisons of one policy's
/// versions ask the same questions again), each with the work it took;
/// forgotten past a bound.
type Answers = HashMap<(Question, Glob, Glob, usize), (Option<bool>, u64), Fast>;

/// The answer to `question` about `a` and `b` within `bound`, found once
/// per thread. A remembered answer is charged the work it took when it
/// was found, so that a comparison reaches its bound on the work (and is
/// undecided) exactly as it would alone: what a thread compared before
/// never changes a verdict (`polc check --jobs`).
fn remembered(
    question: Question,
    a: &Glob,
    b: &Glob,
    bound: usize,
    answer: impl FnOnce() -> Option<bool>,
) -> Option<bool> {
    thread_local! {
        static ANSWERS: std::cell::RefCell<Answers> = std::cell::RefCell::new(HashMap::default());
    }
    let key = (question, a.clone(), b.clone(), bound);
    if let Some((known, cost)) = ANSWERS.with(|answers| answers.borrow().get(&key).copied()) {
        add_work(cost);
        return known;
    }
    let before = work();
    let found = answer();
    let cost = work().saturating_sub(before);
    ANSWERS.with(|answers| {
        let mut answers = answers.borrow_mut();
        if answers.len() >= 200_000 {
            answers.clear();
        }
        answers.insert(key, (found, cost));
    });
    found
}

fn disjoint_now(a: &Glob, b: &Glob, bound: usize) -> Option<bool> {
    if a.surely_disjoint(b) {
        return Some(true);
    }
    if let Some(text) = a.literal() {
        return Some(!b.matches(&text));
    }
    exists(a, b, true, bound).map(|meet| !meet)
}

/// Whether a string of `a` exists that is (as `b_too` says) in `b` or
/// out of it (`None`: not decided within `bound`): on two words when
/// both globs are short, else on the general product.
fn exists(a: &Glob, b: &Glob, b_too: bool, bound: usize) -> Option<bool> {
    let found = if a.steps.len() < 64 && b.steps.len() < 64 {
        explore_pair(a, b, b_too, bound)
    } else {
        let groups = [
            Group {
                globs: std::slice::from_ref(a),
                some: true,
            },
            Group {
                globs: std::slice::from_ref(b),
                some: b_too,
            },
        ];
        explore(&groups, bound)
    };
    match found {
        Found::Empty => Some(false),
        Found::Witness(_) => Some(true),
        Found::TooLarge => None,
    }
}

/// Search of the product automaton.
fn explore(groups: &[Group<'_>], bound: usize) -> Found {
    let globs: Vec<&Glob> = groups.iter().flat_map(|g| g.globs.iter()).collect();
    // Each glob's words in a state.
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    let mut width = 0;
    for g in &globs {
        ranges.push(width..width + g.words());
        width += g.words();
    }
    let alphabet = alphabet(&globs);
    let slice = |i: usize| ranges.get(i).cloned().unwrap_or(0..0);
    // Each group's globs, as indices into `globs`.
    let mut members: Vec<std::ops::Range<usize>> = Vec::new();
    let mut next_index = 0;
    for g in groups {
        members.push(next_index..next_index + g.globs.len());
        next_index += g.globs.len();
    }
    let accepts = |state: &[u64], i: usize| {
        globs
            .get(i)
            .is_some_and(|g| state.get(slice(i)).is_some_and(|b| g.accepts(b)))
    };
    let alive = |state: &[u64], i: usize| {
        state
            .get(slice(i))
            .is_some_and(|b| b.iter().any(|w| *w != 0))
    };
    let done = |state: &[u64]| {
        groups.iter().zip(&members).all(|(g, m)| {
            let any = m.clone().any(|i| accepts(state, i));
            any == g.some
        })
    };
    // A group that must match and whose automata are all dead cannot.
    let dead = |state: &[u64]| {
        groups
            .iter()
            .zip(&members)
            .any(|(g, m)| g.some && !m.clone().any(|i| alive(state, i)))
    };
    let mut start = vec![0u64; width];
    for (i, g) in globs.iter().enumerate() {
        if let Some(bits) = start.get_mut(slice(i)) {
            g.start(bits);
        }
    }
    // Each state seen: the state it was reached from and the character.
    let mut seen: Seen<Vec<u64>> = HashMap::default();
    let mut states: Vec<Vec<u64>> = Vec::new();
    // Depth first, reading first the characters that the patterns which
    // must match write next (their literal text), then the others: a
    // witness through long literal text is found without visiting every
    // shorter string; emptiness still visits every reachable state.
    let positive: Vec<bool> = groups
        .iter()
        .flat_map(|g| std::iter::repeat_n(g.some, g.globs.len()))
        .collect();
    let mut stack: Vec<usize> = Vec::new();
    if dead(&start) {
        return Found::Empty;
    }
    seen.insert(start.clone(), (usize::MAX, ' '));
    states.push(start);
    stack.push(0);
    let mut order: Vec<char> = Vec::with_capacity(alphabet.len());
    let mut next = vec![0u64; width];
    while let Some(index) = stack.pop() {
        let Some(state) = states.get(index).cloned() else {
            break;
        };
        if done(&state) {
            return Found::Witness(path(&states, &seen, index));
        }
        order.clear();
        for (i, g) in globs.iter().enumerate() {
            if positive.get(i) != Some(&true) {
                continue;
            }
            if let Some(bits) = state.get(slice(i)) {
                for at in ones(bits) {
                    if let Some(Step::Char { c, .. }) = g.steps.get(at)
                        && !order.contains(c)
                    {
                        order.push(*c);
                    }
                }
            }
        }
        let rest: Vec<char> = alphabet
            .iter()
            .copied()
            .filter(|c| !order.contains(c))
            .collect();
        order.extend(rest);
        for &x in order.iter().rev() {
            next.fill(0);
            for (i, g) in globs.iter().enumerate() {
                let range = slice(i);
                if let (Some(from), Some(to)) = (state.get(range.clone()), next.get_mut(range)) {
                    g.step(from, x, to);
                }
            }
            if dead(&next) || seen.contains_key(&next) {
                continue;
            }
            if states.len() >= bound {
                return Found::TooLarge;
            }
            count_state(next.len() * 64);
            seen.insert(next.clone(), (index, x));
            states.push(next.clone());
            stack.push(states.len() - 1);
        }
    }
    Found::Empty
}

/// The characters read on the way to state `index`.
fn path(states: &[Vec<u64>], seen: &Seen<Vec<u64>>, mut index: usize) -> String {
    let mut out = Vec::new();
    while let Some(state) = states.get(index) {
        match seen.get(state) {
            Some(&(from, x)) if from != usize::MAX => {
                out.push(x);
                index = from;
            }
            _ => break,
        }
    }
    out.iter().rev().collect()
}

/// Each state seen: the state it was reached from and the character read.
type Seen<S> = HashMap<S, (usize, char), BuildHasherDefault<WordHasher>>;

/// A hasher for states (words of bits) and numbers: a multiply-rotate
/// mix.
#[derive(Default)]
pub(crate) struct WordHasher(u64);

/// Hash maps keyed by words and numbers.
pub(crate) type Fast = BuildHasherDefault<WordHasher>;

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            if let Some(head) = word.get_mut(..chunk.len()) {
                head.copy_from_slice(chunk);
            }
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
}

/// The characters the globs tell apart: those they write, `:`, and one
/// character none of them writes (it stands for all the others).
fn alphabet(globs: &[&Glob]) -> Vec<char> {
    let mut chars = Vec::new();
    for g in globs {
        g.chars(&mut chars);
    }
    chars.push(':');
    chars.sort_unstable();
    chars.dedup();
    let fresh = "xyzqjkvwabcdefghilmnoprstu0123456789-_"
        .chars()
        .chain(('\u{a1}'..='\u{2ff}').filter(|c| !c.is_whitespace()))
        .find(|c| chars.binary_search(c).is_err());
    // A letter every glob reads ignoring case needs one case only: the
    // first one written (examples read as written).
    let mut strict = Vec::new();
    let mut folded = Vec::new();
    for g in globs {
        for step in &*g.steps {
            match *step {
                Step::Char { c, fold: true } if c.is_ascii_alphabetic() => folded.push(c),
                Step::Char { c, .. } => strict.push(c.to_ascii_lowercase()),
                _ => {}
            }
        }
    }
    let needed = |c: &char| {
        !c.is_ascii_alphabetic()
            || strict.contains(&c.to_ascii_lowercase())
            || folded.iter().find(|f| f.eq_ignore_ascii_case(c)) == Some(c)
    };
    // Prefer the fresh letter first: examples read as words.
    let mut out: Vec<char> = fresh.into_iter().collect();
    out.extend(chars.into_iter().filter(needed));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use polc_model::pattern::Syntax;

    fn glob(text: &str) -> Glob {
        Glob::of(&Pattern::resource(text)).unwrap_or_else(|| Glob::exact(text))
    }

    /// A remembered answer costs the work it took when found: what a
    /// thread compared before does not change where a comparison reaches
    /// its bound (review 33).
    #[test]
    fn a_remembered_answer_is_charged_its_work() {
        let a = glob("arn:aws:s3:::*a??????????d*");
        let b = glob("arn:aws:s3:::*x*b*");
        let charged = |question: &dyn Fn() -> Option<bool>| {
            let before = work();
            let answer = question();
            (answer, work() - before)
        };
        for question in [
            &(|| covers(&a, &b, 100_000)) as &dyn Fn() -> Option<bool>,
            &|| disjoint(&a, &b, 100_000),
        ] {
            let first = charged(question);
            assert!(first.1 > 0, "{first:?}");
            assert_eq!(charged(question), first);
        }
        // Another bound is another question.
        assert_eq!(covers(&a, &b, 1), None);
    }

    fn search(some: &[&str], none: &[&str]) -> Found {
        let some: Vec<Glob> = some.iter().map(|t| glob(t)).collect();
        let none: Vec<Glob> = none.iter().map(|t| glob(t)).collect();
        let mut groups: Vec<Group<'_>> = some
            .iter()
            .map(|g| Group {
                globs: std::slice::from_ref(g),
                some: true,
            })
            .collect();
        groups.push(Group {
            globs: &none,
            some: false,
        });
        explore(&groups, 100_000)
    }

    #[test]
    fn a_star_covers_slashes() {
        // `bucket-*` already covers `bucket-*/*`.
        assert_eq!(
            search(&["arn:aws:s3:::bucket-*/*"], &["arn:aws:s3:::bucket-*"]),
            Found::Empty
        );
        let Found::Witness(w) = search(&["arn:aws:s3:::bucket-*"], &["arn:aws:s3:::bucket-*/*"])
        else {
            panic!("expected a witness");
        };
        assert!(glob("arn:aws:s3:::bucket-*").matches(&w));
        assert!(!glob("arn:aws:s3:::bucket-*/*").matches(&w));
    }

    #[test]
    fn a_star_in_an_arn_part_stays_in_it() {
        // `us-*-1` cannot take `east:x`.
        let Found::Witness(w) = search(
            &["arn:aws:ec2:*:*:instance/*"],
            &["arn:aws:ec2:us-*-1:*:instance/*"],
        ) else {
            panic!("expected a witness");
        };
        assert!(!glob("arn:aws:ec2:us-*-1:*:instance/*").matches(&w), "{w}");
        assert_eq!(
            search(
                &["arn:aws:ec2:us-*-1:*:instance/*"],
                &["arn:aws:ec2:*:*:instance/*"]
            ),
            Found::Empty
        );
    }

    #[test]
    fn witnesses_match_exactly_as_the_pattern_reads() {
        for (some, none) in [
            ("arn:aws:s3:::a?c", "arn:aws:s3:::abc"),
            ("*", "arn:*"),
            ("arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:role/*"),
        ] {
            let Found::Witness(w) = search(&[some], &[none]) else {
                panic!("{some} minus {none}: expected a witness");
            };
            assert!(glob(some).matches(&w) && !glob(none).matches(&w), "{w}");
            assert!(Pattern::resource(some).matches(&w), "{w}");
            assert!(!Pattern::resource(none).matches(&w), "{w}");
        }
        assert_eq!(search(&["abc"], &["a*"]), Found::Empty);
    }

    proptest::proptest! {
        /// The pair questions agree with the general product, and every
        /// witness matches as the model's matcher (the evaluator's
        /// reading) says.
        #[test]
        fn pairs_agree_with_the_product(a in "[ab:/*?]{0,7}", b in "[ab:/*?]{0,7}") {
            for syntax in [Syntax::Resource, Syntax::Glob] {
                let (pa, pb) = (Pattern::new(&a, syntax, false, false), Pattern::new(&b, syntax, false, false));
                let (Some(ga), Some(gb)) = (Glob::of(&pa), Glob::of(&pb)) else { continue };
                let outside = [
                    Group { globs: std::slice::from_ref(&gb), some: true },
                    Group { globs: std::slice::from_ref(&ga), some: false },
                ];
                let general = explore(&outside, 100_000);
                if let Found::Witness(w) = &general {
                    proptest::prop_assert!(pb.matches(w) && !pa.matches(w), "{w}");
                }
                proptest::prop_assert_eq!(covers(&ga, &gb, 100_000), Some(general == Found::Empty));
                let both = [
                    Group { globs: std::slice::from_ref(&ga), some: true },
                    Group { globs: std::slice::from_ref(&gb), some: true },
                ];
                let general = explore(&both, 100_000);
                if let Found::Witness(w) = &general {
                    proptest::prop_assert!(pa.matches(w) && pb.matches(w), "{w}");
                }
                proptest::prop_assert_eq!(disjoint(&ga, &gb, 100_000), Some(general == Found::Empty));
            }
        }
    }

    #[test]
    fn case_folding_patterns() {
        let folded = Glob::of(&Pattern::action("ecs:runtask")).unwrap_or_else(Glob::any);
        assert!(folded.matches("ECS:RunTask"));
        assert!(!Glob::exact("ecs:runtask").matches("ECS:RunTask"));
    }
}
