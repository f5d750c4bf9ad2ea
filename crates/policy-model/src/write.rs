//! Writing a typed [`Policy`] back to JSON, in the forms it was read in.

use std::borrow::Cow;

use crate::Text;
use crate::condition::ConditionValue;
use crate::json::{Json, JsonKind, Member, Style, write_json};
use crate::policy::{Condition, OneOrMany, Policy, PolicyKey, Principal, Statement, StatementKey};

impl Policy {
    /// The policy as a JSON tree: keys in the order they were read (then
    /// canonical order for keys added since), lone strings and arrays as
    /// written, condition values in their JSON types.
    pub fn to_json(&self) -> Json<'_> {
        let mut members = Vec::new();
        for key in ordered(&self.key_order, &PolicyKey::ALL) {
            let value = match key {
                PolicyKey::Version => self.version.map(|v| Json::string(v.as_str())),
                PolicyKey::Id => self.id.as_deref().map(Json::string),
                PolicyKey::Statement => Some(one_or_many(&self.statement, Statement::to_json)),
            };
            if let Some(value) = value {
                members.push(member(key.as_str(), value));
            }
        }
        Json::new(JsonKind::Object(members))
    }

    /// The policy as JSON text, pretty (two-space indent) or minified.
    pub fn to_json_string(&self, style: Style) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = write_json(&mut out, &self.to_json(), style);
        out
    }
}

impl Statement {
    /// The statement as a JSON object.
    pub fn to_json(&self) -> Json<'_> {
        let mut members = Vec::new();
        for key in ordered(&self.key_order, &StatementKey::ALL) {
            match key {
                StatementKey::Sid => {
                    if let Some(sid) = &self.sid {
                        members.push(member("Sid", Json::string(sid.as_str())));
                    }
                }
                StatementKey::Effect => {
                    members.push(member("Effect", Json::string(self.effect.as_str())))
                }
                StatementKey::Principal => {
                    if let Some(p) = &self.principal {
                        members.push(member(p.key(), principal(&p.value)));
                    }
                }
                StatementKey::Action => {
                    members.push(member(self.action.key(), strings(&self.action.values)))
                }
                StatementKey::Resource => {
                    if let Some(r) = &self.resource {
                        members.push(member(r.key(), strings(&r.values)));
                    }
                }
                StatementKey::Condition => {
                    if let Some(c) = &self.condition {
                        members.push(member("Condition", condition(c)));
                    }
                }
            }
        }
        Json::new(JsonKind::Object(members))
    }
}

/// `order`, then the keys of `canonical` it lacks, without repeats.
fn ordered<K: Copy + PartialEq>(order: &[K], canonical: &[K]) -> Vec<K> {
    let mut keys: Vec<K> = Vec::with_capacity(canonical.len());
    for key in order.iter().chain(canonical) {
        if !keys.contains(key) {
            keys.push(*key);
        }
    }
    keys
}

fn member<'p>(key: &'p str, value: Json<'p>) -> Member<'p> {
    Member {
        key: Cow::Borrowed(key),
        key_span: crate::Span::default(),
        value,
    }
}

fn one_or_many<'p, T>(values: &'p OneOrMany<T>, f: impl Fn(&'p T) -> Json<'p>) -> Json<'p> {
    match values {
        OneOrMany::One(v) => f(v),
        OneOrMany::Many(vs) => Json::new(JsonKind::Array(vs.iter().map(f).collect())),
    }
}

fn strings(values: &OneOrMany<Text>) -> Json<'_> {
    one_or_many(values, |s| Json::string(s.as_str()))
}

fn principal(value: &Principal) -> Json<'_> {
    match value {
        Principal::Any => Json::string("*"),
        Principal::Map(map) => Json::new(JsonKind::Object(
            map.iter()
                .map(|(kind, values)| member(kind.as_str(), strings(values)))
                .collect(),
        )),
    }
}

fn condition(value: &Condition) -> Json<'_> {
    Json::new(JsonKind::Object(
        value
            .0
            .iter()
            .map(|(op, block)| {
                let keys = block
                    .0
                    .iter()
                    .map(|(key, values)| member(key, one_or_many(values, condition_value)))
                    .collect();
                Member {
                    key: Cow::Owned(op.to_string()),
                    key_span: crate::Span::default(),
                    value: Json::new(JsonKind::Object(keys)),
                }
            })
            .collect(),
    ))
}

fn condition_value(value: &ConditionValue) -> Json<'_> {
    Json::new(match value {
        ConditionValue::String(s) => JsonKind::String(Cow::Borrowed(s)),
        ConditionValue::Bool(b) => JsonKind::Bool(*b),
        ConditionValue::Number(n) => JsonKind::Number(Cow::Borrowed(n)),
    })
}
