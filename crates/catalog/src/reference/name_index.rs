//! Case-insensitive lookup of names by hash, without allocating per name
//! or per query.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Maps the case-folded hash of each name to its position. Built once per
/// service when it is decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NameIndex {
    positions: HashMap<u64, u32, BuildHasherDefault<PassThrough>>,
}

/// Marks a hash two names share; lookups of it fall back to a search.
const SHARED: u32 = u32::MAX;

impl NameIndex {
    pub(crate) fn new<'a>(names: impl Iterator<Item = &'a str>) -> Self {
        let mut positions: HashMap<u64, u32, BuildHasherDefault<PassThrough>> = HashMap::default();
        for (i, name) in names.enumerate() {
            let position = u32::try_from(i).unwrap_or(SHARED);
            positions
                .entry(fold_hash(name))
                .and_modify(|p| *p = SHARED)
                .or_insert(position);
        }
        Self { positions }
    }

    /// The position of `name`: `Some(Ok(i))` when the hash is unique (the
    /// caller still compares the name), `Some(Err(()))` when it is shared
    /// and the caller must search, `None` when no name has it.
    pub(crate) fn get(&self, name: &str) -> Option<Result<usize, ()>> {
        match *self.positions.get(&fold_hash(name))? {
            SHARED => Some(Err(())),
            i => Some(usize::try_from(i).map_err(|_| ())),
        }
    }
}

/// Finds condition keys by name: exact names by hash, then the templates
/// (`aws:ResourceTag/${TagKey}`) by [`super::key_matches`], the most
/// precise first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct KeyIndex {
    exact: NameIndex,
    templates: Vec<u32>,
}

impl KeyIndex {
    pub(crate) fn new<'a>(names: impl Iterator<Item = &'a str> + Clone) -> Self {
        Self {
            exact: NameIndex::new(names.clone()),
            templates: names
                .enumerate()
                .filter(|(_, name)| super::template_parts(name).is_some())
                .filter_map(|(i, _)| u32::try_from(i).ok())
                .collect(),
        }
    }

    /// The position of the first name that is `key` (ignoring case), else
    /// of the first template `key` fits; `name(i)` is the `i`th name.
    pub(crate) fn find<'n>(
        &self,
        key: &str,
        count: usize,
        name: impl Fn(usize) -> Option<&'n str>,
    ) -> Option<usize> {
        let same = |i: usize| name(i).is_some_and(|n| n.eq_ignore_ascii_case(key));
        let exact = match self.exact.get(key) {
            Some(Ok(i)) => same(i).then_some(i),
            Some(Err(())) => (0..count).find(|&i| same(i)),
            None => None,
        };
        // Of the templates `key` fits, the one with the most fixed text
        // (`events:Metadata/${MetadataKey}/Matcher` over
        // `events:Metadata/${MetadataKey}`), the first of equals.
        exact.or_else(|| {
            let mut best: Option<(usize, usize)> = None;
            for i in self
                .templates
                .iter()
                .filter_map(|&i| usize::try_from(i).ok())
            {
                let Some(n) = name(i).filter(|n| super::key_matches(n, key)) else {
                    continue;
                };
                let fixed = super::template_literal_len(n);
                if best.is_none_or(|(_, most)| fixed > most) {
                    best = Some((i, fixed));
                }
            }
            best.map(|(i, _)| i)
        })
    }
}

/// A case-insensitive hash of `name` in constant time: its length and its
/// first and last eight bytes, each with bit `0x20` set (which folds ASCII
/// letters to lower case, and some punctuation onto other punctuation —
/// harmless, as every hit is confirmed by comparing the names).
fn fold_hash(name: &str) -> u64 {
    const FOLD: u64 = 0x2020_2020_2020_2020;
    let bytes = name.as_bytes();
    let word = |chunk: &[u8]| {
        let mut buf = [0u8; 8];
        for (slot, byte) in buf.iter_mut().zip(chunk) {
            *slot = *byte;
        }
        u64::from_le_bytes(buf) | FOLD
    };
    let head = word(bytes.get(..8).unwrap_or(bytes));
    let tail = word(bytes.get(bytes.len().saturating_sub(8)..).unwrap_or(bytes));
    let len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    (head.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ tail.rotate_left(29).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
        ^ len)
        .wrapping_mul(0x1656_67B1_9E37_79F9)
}

/// The keys are hashes already.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
