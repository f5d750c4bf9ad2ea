//! Decisions written as `polc authorize` prints them: a line of text or a
//! JSON object per request (the shapes are the contract, `docs/cli.md`).

use std::fmt::Write as _;

use crate::explain::{Explanation, Failure, StatementRef};
use crate::request::Request;
use crate::set::{Decision, Matched, PolicySet};

/// How decisions are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// `ALLOW`, `EXPLICIT_DENY` or `IMPLICIT_DENY`, one per line (with
    /// `explain`, the reasons on indented lines below).
    Text,
    /// One JSON object per request, one per line.
    Json,
}

/// Decides requests against a set and writes each decision in a format.
/// Cheap to share between threads: it holds the set by reference.
#[derive(Debug)]
pub struct DecisionWriter<'s> {
    set: &'s PolicySet,
    format: Format,
    explain: bool,
    /// JSON-escaped policy names, by position.
    names: Vec<String>,
}

impl<'s> DecisionWriter<'s> {
    /// Writes decisions of `set` in `format`; with `explain`, the reasons
    /// too (the statements that decided, the closest misses).
    pub fn new(set: &'s PolicySet, format: Format, explain: bool) -> Self {
        let names = (0..set.len())
            .map(|i| json_string(set.policy(i).map_or("", |(n, _)| n)))
            .collect();
        Self {
            set,
            format,
            explain,
            names,
        }
    }

    /// Decides `request` and appends its line(s) to `out`; `matched` is a
    /// scratch buffer, reused between calls.
    pub fn decide(&self, request: &Request<'_>, matched: &mut Vec<Matched>, out: &mut String) {
        if self.explain {
            let explanation = self.set.explain(request);
            match self.format {
                Format::Text => {
                    let _ = write!(out, "{explanation}");
                }
                Format::Json => {
                    out.push_str(&explanation_json(&explanation).to_string());
                    out.push('\n');
                }
            }
            return;
        }
        match self.format {
            Format::Text => {
                out.push_str(self.set.evaluate(request).as_str());
                out.push('\n');
            }
            Format::Json => {
                let decision = self.set.evaluate_into(request, matched);
                self.decision_json(decision, matched, out);
            }
        }
    }

    /// `{"decision": ..., "matched": [{"policy", "statement", "sid"}]}`.
    fn decision_json(&self, decision: Decision, matched: &[Matched], out: &mut String) {
        out.push_str("{\"decision\":\"");
        out.push_str(decision.as_str());
        out.push_str("\",\"matched\":[");
        for (i, m) in matched.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"policy\":");
            out.push_str(self.names.get(m.policy).map_or("\"\"", String::as_str));
            let _ = write!(out, ",\"statement\":{},\"sid\":", m.statement);
            match self.set.sid(*m) {
                Some(sid) => out.push_str(&json_string(sid)),
                None => out.push_str("null"),
            }
            out.push('}');
        }
        out.push_str("]}\n");
    }
}

/// An explanation as the JSON object `polc authorize --explain --format
/// json` prints.
pub fn explanation_json(e: &Explanation) -> serde_json::Value {
    let statement = |s: &StatementRef| serde_json::json!({"policy": s.policy, "statement": s.statement, "sid": s.sid});
    let near: Vec<serde_json::Value> = e
        .near_misses
        .iter()
        .map(|m| {
            let condition = match &m.failed {
                Failure::Condition {
                    key,
                    operator,
                    values,
                    request_values,
                    undecided,
                    why,
                } => serde_json::json!({
                    "operator": operator, "key": key, "values": values,
                    "request_values": request_values, "undecided": undecided,
                    "why": why}),
                _ => serde_json::Value::Null,
            };
            serde_json::json!({
                "policy": m.statement.policy,
                "statement": m.statement.statement,
                "sid": m.statement.sid,
                "kind": m.statement.kind.label(),
                "element": m.failed.element(),
                "detail": m.failed.to_string(),
                "condition": condition,
            })
        })
        .collect();
    let undecided: Vec<serde_json::Value> = e
        .undecided
        .iter()
        .map(|u| {
            serde_json::json!({
                "policy": u.statement.policy,
                "statement": u.statement.statement,
                "sid": u.statement.sid,
                "element": u.element,
                "what": u.what,
                "why": u.why,
            })
        })
        .collect();
    serde_json::json!({
        "decision": e.decision.as_str(),
        "matched": e.decided_by.iter().map(statement).collect::<Vec<_>>(),
        "reason": e.reason.code(),
        "reason_text": e.reason.to_string(),
        "near_misses": near,
        "undecided": undecided,
    })
}

fn json_string(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}
