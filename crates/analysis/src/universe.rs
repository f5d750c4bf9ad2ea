//! The action universe: the catalog's actions and those the policies
//! write that it lacks, numbered; and what tells them from the actions
//! outside both (those AWS may add, which wildcards and `NotAction`
//! reach).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use polc_catalog::Reference;
use polc_model::pattern::Pattern;

/// The catalog's actions, numbered: built once per reference.
pub(crate) struct Catalog {
    names: Vec<String>,
    /// Lower-case name to number.
    index: HashMap<String, usize, crate::glob::Fast>,
    /// Each service prefix (lower case) and its actions' numbers.
    services: HashMap<String, std::ops::Range<usize>, crate::glob::Fast>,
    /// The actions each wildcard entry (lower case) matched.
    matched: Mutex<HashMap<String, Arc<[usize]>>>,
}

impl Catalog {
    fn new(reference: &Reference) -> Self {
        let mut names = Vec::new();
        let mut services = HashMap::default();
        // The names only: decoding every service in full took most of a
        // `polc diff` process's time.
        for (prefix, actions) in reference.action_names() {
            let start = names.len();
            names.extend(actions.iter().map(|a| {
                let mut name = String::with_capacity(prefix.len() + 1 + a.len());
                name.push_str(prefix);
                name.push(':');
                name.push_str(a);
                name
            }));
            services.insert(prefix.to_ascii_lowercase(), start..names.len());
        }
        let index = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_ascii_lowercase(), i))
            .collect();
        Self {
            names,
            index,
            services,
            matched: Mutex::new(HashMap::new()),
        }
    }

    /// The catalog's actions a wildcard `entry` matches (remembered: the
    /// versions of one policy write the same entries).
    fn matching(&self, entry: &str, pattern: &Pattern) -> Arc<[usize]> {
        let key = entry.to_ascii_lowercase();
        if let Ok(known) = self.matched.lock()
            && let Some(ids) = known.get(&key)
        {
            return Arc::clone(ids);
        }
        // A literal service prefix: only its actions can match.
        let head = entry.split(['*', '?']).next().unwrap_or_default();
        let range = match head.split_once(':') {
            Some((service, _)) => self
                .services
                .get(&service.to_ascii_lowercase())
                .cloned()
                .unwrap_or(0..0),
            None => 0..self.names.len(),
        };
        // `*` (and `**`...) matches every action.
        let every = entry.bytes().all(|b| b == b'*');
        let ids: Arc<[usize]> = range
            .filter(|&id| every || self.names.get(id).is_some_and(|n| pattern.matches(n)))
            .collect();
        if let Ok(mut known) = self.matched.lock() {
            if known.len() >= 10_000 {
                known.clear();
            }
            known.insert(key, Arc::clone(&ids));
        }
        ids
    }

    /// The catalog of `reference`: the embedded one's is built once.
    fn of(reference: &Reference) -> Arc<Self> {
        static EMBEDDED: OnceLock<Arc<Catalog>> = OnceLock::new();
        if std::ptr::eq(reference, Reference::embedded()) {
            return Arc::clone(EMBEDDED.get_or_init(|| Arc::new(Self::new(reference))));
        }
        Arc::new(Self::new(reference))
    }
}

/// Every action: the catalog's, then those written that it lacks.
pub(crate) struct Universe {
    catalog: Arc<Catalog>,
    /// Actions written that the catalog lacks, numbered after its own.
    extra: Vec<String>,
    extra_index: HashMap<String, usize>,
}

impl Universe {
    pub(crate) fn new(reference: &Reference) -> Self {
        Self {
            catalog: Catalog::of(reference),
            extra: Vec::new(),
            extra_index: HashMap::new(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.catalog.names.len() + self.extra.len()
    }

    pub(crate) fn name(&self, id: usize) -> Option<&String> {
        match id.checked_sub(self.catalog.names.len()) {
            Some(extra) => self.extra.get(extra),
            None => self.catalog.names.get(id),
        }
    }

    pub(crate) fn find(&self, lower: &str) -> Option<usize> {
        self.catalog
            .index
            .get(lower)
            .or_else(|| self.extra_index.get(lower))
            .copied()
    }

    pub(crate) fn service(&self, action: usize) -> String {
        self.name(action)
            .and_then(|n| n.split_once(':'))
            .map_or_else(|| "service".to_owned(), |(s, _)| s.to_ascii_lowercase())
    }

    /// Adds `entry` when it is a literal action the universe lacks (and
    /// one a request can name: `service:Name` of letters, digits and `-`;
    /// the evaluator allows no other).
    pub(crate) fn add_literal(&mut self, entry: &str) {
        if !well_formed(entry) {
            return;
        }
        let lower = entry.to_ascii_lowercase();
        if self.find(&lower).is_none() {
            let id = self.len();
            self.extra.push(entry.to_owned());
            self.extra_index.insert(lower, id);
        }
    }

    /// The actions known (the catalog's and those written), for telling
    /// them from the actions outside them.
    pub(crate) fn known(&self) -> Known {
        Known {
            catalog: Arc::clone(&self.catalog),
            extra: self.extra_index.keys().cloned().collect(),
        }
    }

    /// The actions an `Action` entry names, read as the evaluator reads
    /// it (a case-insensitive glob over `service:Name`).
    pub(crate) fn matching(&self, entry: &str, out: &mut Vec<usize>) {
        if !entry.contains(['*', '?']) {
            out.extend(self.find(&entry.to_ascii_lowercase()));
            return;
        }
        let pattern = Pattern::action(entry);
        out.extend_from_slice(&self.catalog.matching(entry, &pattern));
        // The others: those of the entry's service when it names one.
        let head = entry.split(['*', '?']).next().unwrap_or_default();
        let service = head
            .split_once(':')
            .map(|(service, _)| service.to_ascii_lowercase());
        let first = self.catalog.names.len();
        for (i, name) in self.extra.iter().enumerate() {
            let same_service = service.as_ref().is_none_or(|s| {
                name.len() > s.len()
                    && name
                        .get(..s.len())
                        .is_some_and(|p| p.eq_ignore_ascii_case(s))
                    && name.as_bytes().get(s.len()) == Some(&b':')
            });
            if same_service && pattern.matches(name) {
                out.push(first + i);
            }
        }
    }
}

/// Whether `name` is an action a request can name: `service:Name`, both
/// parts of ASCII letters, digits and `-` (the evaluator allows no
/// other).
pub(crate) fn well_formed(name: &str) -> bool {
    let part = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    name.split_once(':')
        .is_some_and(|(service, action)| part(service) && part(action))
}

/// The known actions: the catalog's and those the policies write.
#[derive(Clone)]
pub(crate) struct Known {
    catalog: Arc<Catalog>,
    /// Lower case.
    extra: HashSet<String>,
}

impl Known {
    pub(crate) fn contains(&self, action: &str) -> bool {
        let lower = action.to_ascii_lowercase();
        self.catalog.index.contains_key(&lower) || self.extra.contains(&lower)
    }
}

impl std::fmt::Debug for Known {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Known({} written)", self.extra.len())
    }
}

impl PartialEq for Known {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.catalog, &other.catalog) && self.extra == other.extra
    }
}

impl Eq for Known {}
