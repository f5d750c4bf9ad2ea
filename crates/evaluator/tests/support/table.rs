//! Reading the decision table (`tests/cases/*.json`): shared by the
//! evaluator's table test and `polc authorize`'s (crates/cli/tests).
#![allow(dead_code, reason = "each including test uses part of it")]

use std::path::PathBuf;

use polc_evaluator::PolicyKind;
use serde_json::{Map, Value};

/// The directory of the table (from either including crate).
pub fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../evaluator/tests/cases")
}

/// The policy set of a group: `(kind, name, document)` in the order added.
pub fn policies(group: &Value) -> Vec<(PolicyKind, String, String)> {
    let mut out = Vec::new();
    let p = &group["policies"];
    let docs = |v: &Value| -> Vec<Value> {
        match v {
            Value::Null => Vec::new(),
            Value::Array(a) => a.clone(),
            other => vec![other.clone()],
        }
    };
    for (field, kind) in [
        ("identity", PolicyKind::Identity),
        ("resource", PolicyKind::Resource),
        ("boundary", PolicyKind::PermissionsBoundary),
        ("session", PolicyKind::Session),
    ] {
        for (i, doc) in docs(&p[field]).into_iter().enumerate() {
            out.push((kind, format!("{field}[{i}]"), doc.to_string()));
        }
    }
    if let Value::Array(levels) = &p["scp"] {
        for (level, docs_at) in levels.iter().enumerate() {
            for (i, doc) in docs(docs_at).into_iter().enumerate() {
                let level = u8::try_from(level).unwrap();
                out.push((
                    PolicyKind::Scp { level },
                    format!("scp[{level}][{i}]"),
                    doc.to_string(),
                ));
            }
        }
    }
    out
}

/// The request of a case: the group's `base` overridden by the case's
/// (`null` removes a base field), or the case's `raw_request` text.
pub fn request_text(group: &Value, case: &Value) -> String {
    // `raw_request`: the request's JSON text as written (exact numbers,
    // which a JSON value would round).
    if let Some(raw) = case["raw_request"].as_str() {
        return raw.to_owned();
    }
    let mut merged: Map<String, Value> = group["base"].as_object().cloned().unwrap_or_default();
    for (k, v) in case["request"].as_object().cloned().unwrap_or_default() {
        // `null` removes a field of the base.
        if v.is_null() {
            merged.remove(&k);
        } else {
            merged.insert(k, v);
        }
    }
    Value::Object(merged).to_string()
}
