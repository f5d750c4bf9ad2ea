//! `serde` support for [`Policy`]: serialized as its IAM JSON, read back
//! through the same reader as text (structural errors refuse it).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::json::Json;
use crate::{Effect, Policy, Severity, read};

impl Serialize for Effect {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for Policy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Policy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = Json::deserialize(deserializer)?;
        let read::ReadPolicy {
            policy, findings, ..
        } = read::read_policy(&json);
        if let Some(error) = findings.iter().find(|f| f.severity == Severity::Error) {
            return Err(serde::de::Error::custom(format!(
                "{} at {}",
                error.message, error.location.path
            )));
        }
        policy.ok_or_else(|| serde::de::Error::custom("not a policy"))
    }
}
