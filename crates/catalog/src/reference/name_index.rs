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

/// FNV-1a over the ASCII-lowercased bytes.
fn fold_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
    })
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
