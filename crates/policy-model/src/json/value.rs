use std::borrow::Cow;

use crate::Span;

/// A JSON value with the span it was read from.
///
/// Values built in code (not parsed) carry an empty default span.
#[derive(Debug, Clone)]
pub struct Json<'a> {
    /// Where the value is in the source text (quotes and brackets included).
    pub span: Span,
    /// The value itself.
    pub kind: JsonKind<'a>,
}

/// The kinds of JSON value.
#[derive(Debug, Clone)]
pub enum JsonKind<'a> {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, kept as the text it was written as (`1.50` stays `1.50`).
    Number(Cow<'a, str>),
    /// A string, unescaped (borrowed from the source when it has no escape).
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Json<'a>>),
    /// An object: its members in source order, duplicates kept.
    Object(Vec<Member<'a>>),
}

/// One `"key": value` member of an object.
#[derive(Debug, Clone)]
pub struct Member<'a> {
    /// The key, unescaped.
    pub key: Cow<'a, str>,
    /// The span of the key, quotes included.
    pub key_span: Span,
    /// The value.
    pub value: Json<'a>,
}

impl<'a> Json<'a> {
    /// A value with no source span.
    pub fn new(kind: JsonKind<'a>) -> Self {
        Self {
            span: Span::default(),
            kind,
        }
    }

    /// A string value with no source span.
    pub fn string(s: impl Into<Cow<'a, str>>) -> Self {
        Self::new(JsonKind::String(s.into()))
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            JsonKind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[Member<'a>]> {
        match &self.kind {
            JsonKind::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The first member named `key`, if this is an object that has one.
    pub fn get(&self, key: &str) -> Option<&Member<'a>> {
        self.as_object()?.iter().find(|m| m.key == key)
    }

    /// The same value, owning its strings (independent of the source).
    pub fn into_owned(self) -> Json<'static> {
        let kind = match self.kind {
            JsonKind::Null => JsonKind::Null,
            JsonKind::Bool(b) => JsonKind::Bool(b),
            JsonKind::Number(n) => JsonKind::Number(Cow::Owned(n.into_owned())),
            JsonKind::String(s) => JsonKind::String(Cow::Owned(s.into_owned())),
            JsonKind::Array(items) => {
                JsonKind::Array(items.into_iter().map(Json::into_owned).collect())
            }
            JsonKind::Object(members) => JsonKind::Object(
                members
                    .into_iter()
                    .map(|m| Member {
                        key: Cow::Owned(m.key.into_owned()),
                        key_span: m.key_span,
                        value: m.value.into_owned(),
                    })
                    .collect(),
            ),
        };
        Json {
            span: self.span,
            kind,
        }
    }

    /// The name of this value's type, for messages (`a string`, `an array`).
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            JsonKind::Null => "null",
            JsonKind::Bool(_) => "a boolean",
            JsonKind::Number(_) => "a number",
            JsonKind::String(_) => "a string",
            JsonKind::Array(_) => "an array",
            JsonKind::Object(_) => "an object",
        }
    }
}

/// Structural equality: same kinds, same values, same member order; spans
/// are ignored. Numbers compare by their text.
impl PartialEq for Json<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
    }
}

impl PartialEq for JsonKind<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Null, Self::Null) => true,
            (Self::Bool(a), Self::Bool(b)) => a == b,
            (Self::Number(a), Self::Number(b)) => a == b,
            (Self::String(a), Self::String(b)) => a == b,
            (Self::Array(a), Self::Array(b)) => a == b,
            (Self::Object(a), Self::Object(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|(x, y)| x.key == y.key && x.value == y.value)
            }
            _ => false,
        }
    }
}
