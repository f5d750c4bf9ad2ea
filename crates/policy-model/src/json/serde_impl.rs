//! `serde` support for [`Json`], so documents can travel inside other serde
//! formats. Going through serde loses spans and the original text of numbers
//! (`1.50` becomes `1.5`); use [`super::parse`] and [`super::write_json`] for
//! the lossless path.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Json, JsonKind, Member};
use crate::Span;

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.kind {
            JsonKind::Null => serializer.serialize_unit(),
            JsonKind::Bool(b) => serializer.serialize_bool(*b),
            JsonKind::Number(text) => {
                if let Ok(i) = text.parse::<i64>() {
                    serializer.serialize_i64(i)
                } else if let Ok(u) = text.parse::<u64>() {
                    serializer.serialize_u64(u)
                } else {
                    let f = text.parse::<f64>().map_err(serde::ser::Error::custom)?;
                    serializer.serialize_f64(f)
                }
            }
            JsonKind::String(s) => serializer.serialize_str(s),
            JsonKind::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            JsonKind::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for member in members {
                    map.serialize_entry(&member.key, &member.value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json<'static> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'static>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json<'static>, E> {
        Ok(Json::new(JsonKind::Null))
    }

    fn visit_none<E>(self) -> Result<Json<'static>, E> {
        Ok(Json::new(JsonKind::Null))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json<'static>, E> {
        Ok(Json::new(JsonKind::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json<'static>, E> {
        Ok(Json::new(JsonKind::Number(Cow::Owned(v.to_string()))))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json<'static>, E> {
        Ok(Json::new(JsonKind::Number(Cow::Owned(v.to_string()))))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json<'static>, E> {
        if !v.is_finite() {
            return Err(E::custom("JSON numbers must be finite"));
        }
        Ok(Json::new(JsonKind::Number(Cow::Owned(v.to_string()))))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json<'static>, E> {
        Ok(Json::string(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Json<'static>, E> {
        Ok(Json::string(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'static>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::new(JsonKind::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'static>, A::Error> {
        let mut members = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Json<'static>>()? {
            members.push(Member {
                key: key.into(),
                key_span: Span::default(),
                value,
            });
        }
        Ok(Json::new(JsonKind::Object(members)))
    }
}
