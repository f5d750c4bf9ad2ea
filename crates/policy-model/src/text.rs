//! [`Text`]: the strings of a [`crate::Policy`].

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// An immutable string of a policy document: an action, a resource, a
/// principal, a condition key or value, a `Sid`.
///
/// A policy read from a document shares that document's text: each of its
/// strings is a range of it, so reading a policy allocates no string (a
/// string written with an escape is the exception: it owns its unescaped
/// text). A `Text` built in code owns its characters. Either way it reads
/// as a `&str` (it dereferences to one), compares, orders and hashes as
/// one, and is cheap to clone (a reference count).
///
/// ```
/// use polc_model::Text;
///
/// let action = Text::from("ecs:RunTask");
/// assert_eq!(action, "ecs:RunTask");
/// assert!(action.starts_with("ecs:"));
/// assert_eq!(action.as_str(), "ecs:RunTask");
/// ```
#[derive(Clone)]
pub struct Text {
    /// The text this string is part of.
    source: Arc<str>,
    /// The string's byte range in `source`, on character boundaries.
    start: usize,
    end: usize,
}

impl Text {
    /// The part `range` of `source`, shared with it; `None` when `range`
    /// is not a range of `source` on character boundaries.
    pub fn shared(source: &Arc<str>, range: std::ops::Range<usize>) -> Option<Self> {
        source.get(range.clone())?;
        Some(Self {
            source: Arc::clone(source),
            start: range.start,
            end: range.end,
        })
    }

    /// The string.
    pub fn as_str(&self) -> &str {
        // The range is checked when the text is made; `get` keeps this
        // safe code, and cannot fail.
        self.source.get(self.start..self.end).unwrap_or_default()
    }
}

impl Default for Text {
    fn default() -> Self {
        Self::from("")
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Self {
            source: Arc::from(s),
            start: 0,
            end: s.len(),
        }
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Self::from(s.as_str())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Self::from(s.as_str())
    }
}

impl From<Box<str>> for Text {
    fn from(s: Box<str>) -> Self {
        Self::from(&*s)
    }
}

impl From<Cow<'_, str>> for Text {
    fn from(s: Cow<'_, str>) -> Self {
        Self::from(s.as_ref())
    }
}

impl From<&Text> for Text {
    fn from(s: &Text) -> Self {
        s.clone()
    }
}

impl From<Text> for String {
    fn from(s: Text) -> Self {
        s.as_str().to_owned()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// As a `str` hashes, so that maps keyed by `Text` are searched by `&str`.
impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <Cow<'de, str>>::deserialize(deserializer)?;
        Ok(Self::from(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_text_is_its_range_of_the_source() {
        let source: Arc<str> = Arc::from(r#"{"Action": "ecs:RunTask"}"#);
        let action = Text::shared(&source, 12..23).unwrap();
        assert_eq!(action, "ecs:RunTask");
        assert_eq!(action, Text::from("ecs:RunTask"));
        assert!(Text::shared(&source, 12..99).is_none());
        let accented: Arc<str> = Arc::from("é");
        assert!(Text::shared(&accented, 0..1).is_none());
    }

    #[test]
    fn texts_hash_as_strs() {
        let mut map = std::collections::HashMap::new();
        map.insert(Text::from("aws:SourceAccount"), 1);
        assert_eq!(map.get("aws:SourceAccount"), Some(&1));
    }
}
