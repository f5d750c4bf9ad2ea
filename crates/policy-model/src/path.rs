//! JSON paths such as `Statement[0].Action[2]`: where an element is in a
//! document, independent of how the document was written.

use std::fmt;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::Span;
use crate::json::{Json, JsonKind};

/// One step of a [`JsonPath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// An object member, by key.
    Key(String),
    /// An array item, by 0-based index.
    Index(usize),
}

/// Serialized as Access Analyzer does: `{"value": "Statement"}` or
/// `{"index": 0}`.
impl Serialize for PathSegment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        match self {
            Self::Key(key) => map.serialize_entry("value", key)?,
            Self::Index(index) => map.serialize_entry("index", index)?,
        }
        map.end()
    }
}

/// A path from the document root to one element.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct JsonPath(pub Vec<PathSegment>);

impl JsonPath {
    /// The empty path: the document itself.
    pub const fn root() -> Self {
        Self(Vec::new())
    }

    /// This path extended by an object key.
    #[must_use]
    pub fn key(&self, key: impl Into<String>) -> Self {
        let mut segments = self.0.clone();
        segments.push(PathSegment::Key(key.into()));
        Self(segments)
    }

    /// This path extended by an array index.
    #[must_use]
    pub fn index(&self, index: usize) -> Self {
        let mut segments = self.0.clone();
        segments.push(PathSegment::Index(index));
        Self(segments)
    }

    /// The path of condition key `key` under operator `op` of the
    /// statement at this path (`Statement[0].Condition.StringEquals["aws:username"]`).
    #[must_use]
    pub fn condition_key(&self, op: &crate::condition::ConditionOperator, key: &str) -> Self {
        self.key("Condition").key(op.to_string()).key(key)
    }

    /// The value at this path in `json`. Where an object has the key twice,
    /// the last member wins, as it does for readers that keep one.
    pub fn resolve<'j, 'a>(&self, json: &'j Json<'a>) -> Option<&'j Json<'a>> {
        self.0
            .iter()
            .try_fold(json, |node, segment| step(node, segment))
    }

    /// The span of the element at this path in `json`: the value's span, or
    /// for a path ending in a key whose value is missing, nothing.
    pub fn span_in(&self, json: &Json<'_>) -> Option<Span> {
        self.resolve(json).map(|node| node.span)
    }

    /// The span of the key that ends this path (for findings about the key
    /// itself, such as an unknown element name).
    pub fn key_span_in(&self, json: &Json<'_>) -> Option<Span> {
        let (last, parent) = self.0.split_last()?;
        let parent = Self(parent.to_vec()).resolve(json)?;
        match (last, &parent.kind) {
            (PathSegment::Key(key), JsonKind::Object(members)) => members
                .iter()
                .rev()
                .find(|m| &m.key == key)
                .map(|m| m.key_span),
            _ => None,
        }
    }
}

fn step<'j, 'a>(node: &'j Json<'a>, segment: &PathSegment) -> Option<&'j Json<'a>> {
    match (segment, &node.kind) {
        (PathSegment::Key(key), JsonKind::Object(members)) => members
            .iter()
            .rev()
            .find(|m| &m.key == key)
            .map(|m| &m.value),
        (PathSegment::Index(index), JsonKind::Array(items)) => items.get(*index),
        _ => None,
    }
}

/// `Statement[0].Condition.StringEquals["aws:username"][1]`: keys that are
/// plain identifiers are dotted, others quoted in brackets.
impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                PathSegment::Index(index) => write!(f, "[{index}]")?,
                PathSegment::Key(key) => {
                    let plain = !key.is_empty()
                        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                    if plain {
                        if i > 0 {
                            f.write_str(".")?;
                        }
                        f.write_str(key)?;
                    } else {
                        write!(f, "[{key:?}]")?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// A path under construction, on the stack: readers walk documents with
/// it and turn it into a [`JsonPath`] only when they report something, so
/// walking a valid document allocates no path.
#[derive(Debug, Clone, Copy)]
pub(crate) enum At<'a> {
    /// The document root.
    Root,
    /// A member of the object at the parent path.
    Key(&'a At<'a>, &'a str),
    /// An item of the array at the parent path.
    Index(&'a At<'a>, usize),
}

impl<'a> At<'a> {
    /// The member `key` under this path.
    pub(crate) fn key<'s>(&'s self, key: &'s str) -> At<'s> {
        At::Key(self, key)
    }

    /// The item `index` under this path.
    pub(crate) fn index(&'a self, index: usize) -> At<'a> {
        At::Index(self, index)
    }

    fn push_into(&self, segments: &mut Vec<PathSegment>) {
        match *self {
            At::Root => {}
            At::Key(parent, key) => {
                parent.push_into(segments);
                segments.push(PathSegment::Key(key.to_owned()));
            }
            At::Index(parent, index) => {
                parent.push_into(segments);
                segments.push(PathSegment::Index(index));
            }
        }
    }
}

impl From<At<'_>> for JsonPath {
    fn from(at: At<'_>) -> Self {
        let mut segments = Vec::new();
        at.push_into(&mut segments);
        Self(segments)
    }
}

impl From<&At<'_>> for JsonPath {
    fn from(at: &At<'_>) -> Self {
        Self::from(*at)
    }
}
