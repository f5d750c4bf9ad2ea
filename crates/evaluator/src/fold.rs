//! A map from names to values where names compare ASCII-case-insensitively
//! (action names and service prefixes), looked up without allocating.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Names (case-folded) to values.
#[derive(Debug, Clone)]
pub(crate) struct FoldMap<V> {
    buckets: HashMap<u64, Bucket<V>, BuildHasherDefault<PassThrough>>,
}

/// The names sharing one hash, with their values.
type Bucket<V> = Vec<(Box<str>, V)>;

impl<V> Default for FoldMap<V> {
    fn default() -> Self {
        Self {
            buckets: HashMap::default(),
        }
    }
}

impl<V> FoldMap<V> {
    /// Applies `f` to the value of `name`, inserting `V::default()` first
    /// if absent.
    pub(crate) fn update(&mut self, name: &str, f: impl FnOnce(&mut V))
    where
        V: Default,
    {
        let bucket = self.buckets.entry(fold_hash(name)).or_default();
        if let Some((_, v)) = bucket
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            f(v);
            return;
        }
        let mut v = V::default();
        f(&mut v);
        bucket.push((name.into(), v));
    }

    /// The value of `name`.
    #[cfg(test)]
    pub(crate) fn get(&self, name: &str) -> Option<&V> {
        self.get_hashed(fold_hash(name), name)
    }

    /// The value of `name`, whose [`fold_hash`] is `hash`.
    pub(crate) fn get_hashed(&self, hash: u64, name: &str) -> Option<&V> {
        if self.buckets.is_empty() {
            return None;
        }
        self.buckets
            .get(&hash)?
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
}

/// A case-insensitive (ASCII) hash of the whole of `name`, eight bytes at a
/// time.
pub(crate) fn fold_hash(name: &str) -> u64 {
    const FOLD: u64 = 0x2020_2020_2020_2020;
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes = name.as_bytes();
    let mut hash = u64::try_from(bytes.len())
        .unwrap_or(u64::MAX)
        .wrapping_mul(K);
    // Bit 0x20 folds ASCII letters (and maps some punctuation onto other
    // punctuation: harmless, hits are confirmed by comparing).
    let mut mix = |buf: [u8; 8]| {
        let word = u64::from_le_bytes(buf) | FOLD;
        hash = (hash.rotate_left(23) ^ word).wrapping_mul(K);
    };
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut buf = [0u8; 8];
        buf.copy_from_slice(chunk);
        mix(buf);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        if let Some(head) = buf.get_mut(..rest.len()) {
            head.copy_from_slice(rest);
        }
        mix(buf);
    }
    hash ^ (hash >> 29)
}

/// The keys are hashes already.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_insensitive() {
        let mut m: FoldMap<Vec<u32>> = FoldMap::default();
        m.update("ecs:RunTask", |v| v.push(1));
        m.update("ECS:runtask", |v| v.push(2));
        m.update("ecs:StartTask", |v| v.push(3));
        assert_eq!(m.get("Ecs:RunTASK"), Some(&vec![1, 2]));
        assert_eq!(m.get("ecs:StartTask"), Some(&vec![3]));
        assert_eq!(m.get("ecs:RunTasks"), None);
        assert_eq!(m.get("ecs:RunTask\u{0}"), None);
    }
}
