//! Requests as JSON objects, as `polc authorize` reads them:
//!
//! ```json
//! {"principal": "arn:aws:iam::111122223333:user/alice",
//!  "action": "ecs:RunTask",
//!  "resource": "arn:aws:ecs:us-east-1:111122223333:task-definition/web:3",
//!  "resource_account": "111122223333",
//!  "context": {"aws:TagKeys": ["team", "env"], "aws:SecureTransport": true}}
//! ```
//!
//! `action` and `resource` are required; `principal_role_arn` gives, for a
//! role session, its role's ARN with the path (`aws:PrincipalArn`); context values are strings, or
//! arrays of strings (a multivalued key); a JSON boolean or number is read
//! as its text. Unknown fields, duplicate fields and context keys given
//! twice (in any case) are errors: a misspelt field silently ignored could
//! change a decision.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::request::{ContextValue, Request, RequestLimits};

/// Why a request object cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
#[non_exhaustive]
pub struct RequestError {
    /// What is wrong (with line and column for JSON syntax errors).
    pub message: String,
    /// 1-based line in the text, when known.
    pub line: Option<usize>,
    /// 1-based column in the line, when known.
    pub column: Option<usize>,
}

impl miette::Diagnostic for RequestError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("polc::request"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(
            "an action is one `service:Name` (`ecs:RunTask`), a resource an ARN or `*`; a JSON request is `{\"action\": ..., \"resource\": ..., \"principal\": ..., \"context\": {...}}`",
        ))
    }
}

/// Reads one request object. Strings are borrowed from `text` where they
/// have no escapes.
///
/// # Errors
/// Invalid JSON, a missing `action` or `resource`, an unknown or duplicate
/// field, a context value that is not a string, boolean, number or array of
/// them, a context key given twice, or an action that is not one
/// `service:Name`.
///
/// ```
/// use polc_evaluator::json::parse_request;
/// let r = parse_request(r#"{"action": "ecs:ListClusters", "resource": "*"}"#).unwrap();
/// assert_eq!(r.action(), "ecs:ListClusters");
/// assert!(parse_request(r#"{"action": "ecs:ListClusters", "resource": "*", "contxt": {}}"#)
///     .unwrap_err().message.contains("unknown field `contxt`"));
/// ```
pub fn parse_request(text: &str) -> Result<Request<'_>, RequestError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let raw = RawRequest::deserialize(&mut de).and_then(|r| de.end().map(|()| r));
    let raw = raw.map_err(|e| RequestError {
        message: strip_position(&e.to_string()),
        line: Some(e.line()).filter(|l| *l > 0),
        column: Some(e.column()).filter(|c| *c > 0),
    })?;
    build(raw)
}

/// A request in the shape [`parse_request`] reads, from any serde format
/// (feature `serde`): owned, so it can be read from a stream, kept, and
/// sent to another thread. The same fields and the same refusals, but for
/// two things a format may lose before polc sees them: a context number
/// read as a float (its text: `7.50`, or digits past 2^53) is refused —
/// write it as a string, or read JSON text with [`parse_request`], which
/// keeps every number as written (with serde_json's
/// `arbitrary_precision`, integers are taken, other numbers refused: it
/// rewrites them); and a `serde_json::Value` has already dropped a
/// duplicate key, which reading the text would refuse.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// let text = br#"{"action": "ecs:RunTask", "resource": "*", "context": {"aws:SecureTransport": true, "aws:MultiFactorAuthAge": 300}}"#;
/// let request: polc_evaluator::Request<'static> = serde_json::from_reader(&text[..]).unwrap();
/// assert_eq!(request.action(), "ecs:RunTask");
/// # }
/// ```
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Request<'static> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = RawRequest::deserialize_any_format(d)?;
        build(raw)
            .map(Request::into_owned)
            .map_err(|e| de::Error::custom(e.message))
    }
}

/// The request `raw` describes, checked as [`parse_request`] says.
fn build(raw: RawRequest<'_>) -> Result<Request<'_>, RequestError> {
    let plain = |message: String| RequestError {
        message,
        line: None,
        column: None,
    };
    let mut request = Request::try_new(raw.action, raw.resource)?;
    if let Some(p) = raw.principal {
        if let Some(why) = crate::request::principal_problem(&p) {
            return Err(plain(format!(
                "the principal `{}` is not one AWS could put in a request: {why}",
                p.escape_debug()
            )));
        }
        request = request.principal(p);
    }
    if let Some(a) = raw.resource_account {
        request = request.resource_account(a);
    }
    if let Some(role) = raw.principal_role_arn {
        let shown = role.to_string();
        request = request.principal_role_arn(role);
        if !request.has_principal_role_arn() {
            return Err(plain(format!(
                "`principal_role_arn` `{shown}` is not the role of the principal: give it with a role session principal (`arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`), as `arn:aws:iam::ACCOUNT:role/PATH/NAME` of the same account and name"
            )));
        }
    }
    // Checked before the keys are compared with each other (quadratic).
    if raw.context.len() > RequestLimits::KEYS {
        return Err(plain(format!(
            "the context has {} keys; polc takes at most {}",
            raw.context.len(),
            RequestLimits::KEYS
        )));
    }
    for (key, value) in raw.context {
        let shown = key.to_string();
        if !request.set_context(key, value) {
            return Err(plain(format!(
                "the context key `{shown}` is given twice (key names are compared without case)"
            )));
        }
    }
    request.check_limits().map_err(plain)?;
    if let Some(contradiction) = request.contradiction() {
        return Err(plain(contradiction));
    }
    Ok(request)
}

/// serde_json appends " at line L column C"; the caller reports those.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message).to_owned(),
        None => message.to_owned(),
    }
}

struct RawRequest<'a> {
    principal: Option<Cow<'a, str>>,
    action: Cow<'a, str>,
    resource: Cow<'a, str>,
    resource_account: Option<Cow<'a, str>>,
    principal_role_arn: Option<Cow<'a, str>>,
    context: Vec<(Cow<'a, str>, ContextValue<'a>)>,
}

const FIELDS: &[&str] = &[
    "principal",
    "principal_role_arn",
    "action",
    "resource",
    "resource_account",
    "context",
];

impl<'a> RawRequest<'a> {
    /// From JSON text: numbers in the context keep their text exactly.
    fn deserialize<D: Deserializer<'a>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(RequestVisitor::<true>)
    }

    /// From any serde format: numbers in the context as the format gives
    /// them (integers exactly; a float as its shortest decimal text).
    #[cfg(feature = "serde")]
    fn deserialize_any_format<D: Deserializer<'a>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(RequestVisitor::<false>)
    }
}

/// `JSON`: the context is read from JSON text ([`Context`]), else from
/// any format ([`AnyContext`]).
struct RequestVisitor<const JSON: bool>;

impl<'a, const JSON: bool> Visitor<'a> for RequestVisitor<JSON> {
    type Value = RawRequest<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a request object with `action` and `resource`")
    }

    fn visit_map<M: MapAccess<'a>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut principal = None;
        let mut action = None;
        let mut resource = None;
        let mut resource_account = None;
        let mut principal_role_arn = None;
        let mut context = None;
        while let Some(Text(key)) = map.next_key::<Text<'a>>()? {
            let fresh = match &*key {
                "principal" => principal.replace(map.next_value::<Text<'a>>()?.0).is_none(),
                "action" => action.replace(map.next_value::<Text<'a>>()?.0).is_none(),
                "resource" => resource.replace(map.next_value::<Text<'a>>()?.0).is_none(),
                "resource_account" => resource_account
                    .replace(map.next_value::<Text<'a>>()?.0)
                    .is_none(),
                "principal_role_arn" => principal_role_arn
                    .replace(map.next_value::<Text<'a>>()?.0)
                    .is_none(),
                "context" => {
                    let value = if JSON {
                        map.next_value::<Context<'a>>()?.0
                    } else {
                        map.next_value::<AnyContext<'a>>()?.0
                    };
                    context.replace(value).is_none()
                }
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            };
            if !fresh {
                return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
            }
        }
        Ok(RawRequest {
            principal,
            action: action.ok_or_else(|| de::Error::missing_field("action"))?,
            resource: resource.ok_or_else(|| de::Error::missing_field("resource"))?,
            resource_account,
            principal_role_arn,
            context: context.unwrap_or_default(),
        })
    }
}

/// A string, borrowed when it has no escapes.
struct Text<'a>(Cow<'a, str>);

impl<'a> de::Deserialize<'a> for Text<'a> {
    fn deserialize<D: Deserializer<'a>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor)
    }
}

struct TextVisitor;

impl<'a> Visitor<'a> for TextVisitor {
    type Value = Text<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'a str) -> Result<Self::Value, E> {
        Ok(Text(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Text(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Text(Cow::Owned(v)))
    }
}

/// The `context` object.
struct Context<'a>(Vec<(Cow<'a, str>, ContextValue<'a>)>);

impl<'a> de::Deserialize<'a> for Context<'a> {
    fn deserialize<D: Deserializer<'a>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ContextVisitor)
    }
}

struct ContextVisitor;

impl<'a> Visitor<'a> for ContextVisitor {
    type Value = Context<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of context keys and values")
    }

    fn visit_map<M: MapAccess<'a>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut entries = Vec::new();
        while let Some(Text(key)) = map.next_key::<Text<'a>>()? {
            let raw = map.next_value::<&'a RawValue>()?;
            entries.push((key, context_value(raw)?));
        }
        Ok(Context(entries))
    }
}

/// The `context` object in any serde format.
struct AnyContext<'a>(Vec<(Cow<'a, str>, ContextValue<'a>)>);

impl<'a> de::Deserialize<'a> for AnyContext<'a> {
    fn deserialize<D: Deserializer<'a>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(AnyContextVisitor)
    }
}

struct AnyContextVisitor;

impl<'a> Visitor<'a> for AnyContextVisitor {
    type Value = AnyContext<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of context keys and values")
    }

    fn visit_map<M: MapAccess<'a>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut entries = Vec::new();
        while let Some(Text(key)) = map.next_key::<Text<'a>>()? {
            let value = match map.next_value::<AnyValue<'a>>()? {
                AnyValue::One(v) => ContextValue::One(v),
                AnyValue::Many(vs) => ContextValue::Many(vs),
            };
            entries.push((key, value));
        }
        Ok(AnyContext(entries))
    }
}

/// A context value in any serde format: a string, boolean or number, or
/// a sequence of them.
enum AnyValue<'a> {
    One(Cow<'a, str>),
    Many(Vec<Cow<'a, str>>),
}

/// A scalar context value in any serde format.
struct AnyScalar<'a>(Cow<'a, str>);

macro_rules! scalar_visits {
    ($wrap:expr) => {
        fn visit_borrowed_str<E: de::Error>(self, v: &'a str) -> Result<Self::Value, E> {
            Ok($wrap(Cow::Borrowed(v)))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok($wrap(Cow::Owned(v.to_owned())))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok($wrap(Cow::Owned(v)))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok($wrap(Cow::Borrowed(if v { "true" } else { "false" })))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok($wrap(Cow::Owned(v.to_string())))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok($wrap(Cow::Owned(v.to_string())))
        }
        fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
            Ok($wrap(Cow::Owned(v.to_string())))
        }
        fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
            Ok($wrap(Cow::Owned(v.to_string())))
        }
        /// A number the format read as a float has lost its text (`7.50`
        /// is `7.5`, a large integer is rounded): refused, never guessed.
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Err(E::custom(format_args!(
                "the context number {v} reached polc as a float, which keeps neither its text nor every digit: write it as a string (`\"7.50\"`), or read the request with `json::parse_request`"
            )))
        }
        /// serde_json with `arbitrary_precision` hands a number over as a
        /// map of one private key to its text, which it has rewritten
        /// (`1e2` is `1e+2`): taken only for an integer, whose text it
        /// keeps, and only when that feature is on (else the map is what
        /// the input wrote, an object).
        fn visit_map<M: MapAccess<'a>>(self, mut map: M) -> Result<Self::Value, M::Error> {
            let text = match map.next_entry::<Text<'a>, Text<'a>>()? {
                Some((key, Text(text)))
                    if &*key.0 == NUMBER_TOKEN && arbitrary_precision() =>
                {
                    text
                }
                _ => return Err(de::Error::custom(
                    "invalid type: an object, expected a string, boolean, number, or an array of them",
                )),
            };
            let digits = text.strip_prefix('-').unwrap_or(&text);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(de::Error::custom(format_args!(
                    "the context number {text} reached polc rewritten, not as written: write it as a string, or read the request with `json::parse_request`"
                )));
            }
            if map.next_key::<Text<'a>>()?.is_some() {
                return Err(de::Error::custom("a context value is not an object"));
            }
            Ok($wrap(text))
        }
    };
}

/// The key serde_json's `arbitrary_precision` numbers are maps of.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Whether serde_json's `arbitrary_precision` is on in this build (any
/// crate of the build may turn it on): its numbers then keep their text.
fn arbitrary_precision() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| {
        "1.50"
            .parse::<serde_json::Number>()
            .is_ok_and(|n| n.to_string() == "1.50")
    })
}

struct AnyScalarVisitor;

impl<'a> Visitor<'a> for AnyScalarVisitor {
    type Value = AnyScalar<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, boolean or number")
    }

    scalar_visits!(AnyScalar);
}

impl<'a> de::Deserialize<'a> for AnyScalar<'a> {
    fn deserialize<D: Deserializer<'a>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AnyScalarVisitor)
    }
}

struct AnyValueVisitor;

impl<'a> Visitor<'a> for AnyValueVisitor {
    type Value = AnyValue<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, boolean, number, or an array of them")
    }

    scalar_visits!(AnyValue::One);

    fn visit_seq<S: de::SeqAccess<'a>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
        let mut values = Vec::new();
        while let Some(AnyScalar(v)) = seq.next_element::<AnyScalar<'a>>()? {
            if values.len() >= RequestLimits::VALUES {
                return Err(de::Error::custom(format_args!(
                    "a context key has more than {} values",
                    RequestLimits::VALUES
                )));
            }
            values.push(v);
        }
        Ok(AnyValue::Many(values))
    }
}

impl<'a> de::Deserialize<'a> for AnyValue<'a> {
    fn deserialize<D: Deserializer<'a>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AnyValueVisitor)
    }
}

/// One context value from its JSON text. Numbers keep the text they were
/// written with (`1000.0000000000000001` stays that, where `f64` would
/// round it to `1000`): the evaluator compares numbers exactly.
fn context_value<'a, E: de::Error>(raw: &'a RawValue) -> Result<ContextValue<'a>, E> {
    let text = raw.get();
    if text.starts_with('[') {
        let items: Vec<&'a RawValue> = serde_json::from_str(text).map_err(E::custom)?;
        let values = items
            .into_iter()
            .map(|item| scalar(item.get()).ok_or_else(|| not_a_value(item.get())))
            .collect::<Result<Vec<_>, E>>()?;
        return Ok(ContextValue::Many(values));
    }
    scalar(text)
        .map(ContextValue::One)
        .ok_or_else(|| not_a_value(text))
}

/// A string, boolean or number as text; `None` for anything else.
fn scalar(text: &str) -> Option<Cow<'_, str>> {
    match text.as_bytes().first()? {
        // A string without escapes is its text between the quotes (the
        // JSON reader has checked it).
        b'"' if !text.contains('\\') => {
            text.get(1..text.len().saturating_sub(1)).map(Cow::Borrowed)
        }
        b'"' => serde_json::from_str::<Text<'_>>(text).ok().map(|t| t.0),
        b't' | b'f' => Some(Cow::Borrowed(text)),
        // The JSON reader has checked the number's syntax.
        b'-' | b'0'..=b'9' => Some(Cow::Borrowed(text)),
        _ => None,
    }
}

fn not_a_value<E: de::Error>(text: &str) -> E {
    let shown = text.chars().take(40).collect::<String>();
    E::custom(format_args!(
        "invalid type: `{shown}`, expected a string, boolean, number, or an array of them"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_and_reads_scalars() {
        let text = r#"{"action":"ecs:RunTask","resource":"*","principal":"arn:aws:iam::1:user/a",
            "context":{"aws:MultiFactorAuthAge":3600,"aws:SecureTransport":true,"aws:TagKeys":["a",1]}}"#;
        let r = parse_request(text).unwrap();
        assert!(matches!(r.action, Cow::Borrowed(_)));
        let entries: Vec<_> = r.context_entries().collect();
        assert_eq!(entries.len(), 3);
        assert_eq!(&*entries[0].1[0], "3600");
        assert_eq!(&*entries[1].1[0], "true");
        assert_eq!(entries[2].1.len(), 2);
    }

    #[test]
    fn errors() {
        let err = |t: &str| parse_request(t).unwrap_err().message;
        assert!(err(r#"{"resource":"*"}"#).contains("missing field `action`"));
        assert!(
            err(r#"{"action":"ecs:RunTask","action":"x:y","resource":"*"}"#)
                .contains("duplicate field `action`")
        );
        assert!(err(r#"{"action":"ecs:*","resource":"*"}"#).contains("not one action"));
        assert!(err(r#"{"action":"RunTask","resource":"*"}"#).contains("not one action"));
        assert!(err(r#"{"action":"a:b","resource":""}"#).contains("resource is empty"));
        assert!(
            err(r#"{"action":"a:b","resource":"*","context":{"k":{"x":1}}}"#)
                .contains("a string, boolean, number")
        );
        assert!(
            err(r#"{"action":"a:b","resource":"*","context":{"K":"1","k":"2"}}"#)
                .contains("given twice")
        );
        assert!(err(r#"{"action":"a:b","resource":"*"} x"#).contains("trailing"));
        let e = parse_request("{\n  \"action\": 1}").unwrap_err();
        assert_eq!((e.line, e.column.is_some()), (Some(2), true));
    }
}
