//! Reading a JSON tree into a typed [`Policy`], reporting every structural
//! problem on the way.
//!
//! Reading never stops at the first problem: an element that cannot be
//! typed is reported and left out (an entry, an operator, a statement
//! without effect or action), and reading goes on so that one run reports
//! everything. The resulting policy is therefore only fit for
//! further *checks* when findings were reported; the strict entry point
//! [`crate::Policy::from_json_str`] refuses it.

use std::borrow::Cow;
use std::sync::Arc;

use indexmap::IndexMap;

use crate::codes;
use crate::condition::{ConditionOperator, ConditionValue, OperatorError};
use crate::finding::{Finding, Location};
use crate::json::{Json, JsonKind, Member};
use crate::path::At;
use crate::policy::{
    ActionElement, Condition, ConditionBlock, Effect, OneOrMany, Policy, PolicyKey, Principal,
    PrincipalElement, PrincipalKind, ResourceElement, Statement, StatementKey, Version,
};
use crate::{JsonPath, Span, Text};

/// What [`read_policy`] makes of a JSON tree.
#[derive(Debug, Clone)]
pub struct ReadPolicy {
    /// The policy; absent when the document is not an object or has no
    /// statement with an effect and an action.
    pub policy: Option<Policy>,
    /// The JSON path of each statement of `policy`, in order (statements
    /// without effect or action are left out of `policy`).
    pub statement_paths: Vec<JsonPath>,
    /// The structural findings, in document order.
    pub findings: Vec<Finding>,
}

/// Reads a parsed JSON document as a policy. Its strings own their
/// characters; [`read_policy_of`] shares them with the document's text.
pub fn read_policy(json: &Json<'_>) -> ReadPolicy {
    read(json, None)
}

/// [`read_policy`] of the tree `json` parsed from `text`: the policy's
/// strings are ranges of `text` (one allocation for the document rather
/// than one per string).
pub fn read_policy_of(json: &Json<'_>, text: &Arc<str>) -> ReadPolicy {
    read(json, Some(text))
}

fn read(json: &Json<'_>, source: Option<&Arc<str>>) -> ReadPolicy {
    let mut reader = Reader {
        source,
        findings: Vec::new(),
        statement_paths: Vec::new(),
    };
    let policy = reader.policy(json);
    ReadPolicy {
        policy,
        statement_paths: reader.statement_paths,
        findings: reader.findings,
    }
}

struct Reader<'s> {
    /// The text the tree was parsed from, when its strings are shared.
    source: Option<&'s Arc<str>>,
    findings: Vec<Finding>,
    statement_paths: Vec<JsonPath>,
}

/// The members of an object to read: all of them, or (with duplicates)
/// one per key.
enum Members<'j> {
    All(std::slice::Iter<'j, Member<'j>>),
    Unique(std::vec::IntoIter<&'j Member<'j>>),
}

impl<'j> Iterator for Members<'j> {
    type Item = &'j Member<'j>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Self::All(members) => members.next(),
            Self::Unique(members) => members.next(),
        }
    }
}

const POLICY_KEYS: &str = "`Version`, `Id` and `Statement`";
const STATEMENT_KEYS: &str = "`Sid`, `Effect`, `Principal`, `NotPrincipal`, `Action`, `NotAction`, `Resource`, `NotResource` and `Condition`";

impl Reader<'_> {
    fn report(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    fn invalid(&mut self, message: String, location: Location, help: &str) {
        self.report(
            Finding::new(&codes::INVALID_POLICY_ELEMENT, message, location).with_help(help),
        );
    }

    /// The members of an object, with duplicates reported; the last of a
    /// duplicated key wins, as it does for path resolution. Objects
    /// without duplicates (every real one) are read as they are, without
    /// a copy.
    fn members<'j>(&mut self, members: &'j [Member<'j>], path: &At<'_>) -> Members<'j> {
        let small = members.len() <= 16;
        let repeats = |i: usize, m: &Member<'_>| {
            members.get(..i).is_some_and(|before| {
                before
                    .iter()
                    .any(|b| b.key.len() == m.key.len() && b.key == m.key)
            })
        };
        if small && !members.iter().enumerate().any(|(i, m)| repeats(i, m)) {
            return Members::All(members.iter());
        }
        Members::Unique(self.unique_members(members, path).into_iter())
    }

    fn unique_members<'j>(
        &mut self,
        members: &'j [Member<'j>],
        path: &At<'_>,
    ) -> Vec<&'j Member<'j>> {
        let mut unique: Vec<&Member<'_>> = Vec::with_capacity(members.len());
        // Small objects (all real policy objects) are searched; large ones,
        // which only hostile input has, are indexed, so the search stays
        // linear.
        let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let large = members.len() > 16;
        for member in members {
            let seen = if large {
                index.get(member.key.as_ref()).copied()
            } else {
                unique.iter().position(|m| m.key == member.key)
            };
            if let Some(slot) = seen.and_then(|i| unique.get_mut(i)) {
                self.invalid(
                    format!("`{}` appears twice in the same object", member.key),
                    Location::key(path.key(&member.key)),
                    "IAM policy elements must not repeat: keep one and remove the other",
                );
                *slot = member;
            } else {
                if large {
                    index.insert(member.key.as_ref(), unique.len());
                }
                unique.push(member);
            }
        }
        unique
    }

    fn policy(&mut self, json: &Json<'_>) -> Option<Policy> {
        let root = At::Root;
        let Some(members) = json.as_object() else {
            self.invalid(
                format!(
                    "a policy is a JSON object; this document is {}",
                    json.type_name()
                ),
                Location::value(root),
                "write the policy as `{\"Version\": \"2012-10-17\", \"Statement\": [...]}`",
            );
            return None;
        };
        let mut version = None;
        let mut id = None;
        let mut statement = None;
        let mut key_order = Vec::new();
        for member in self.members(members, &root) {
            let path = root.key(&member.key);
            match member.key.as_ref() {
                "Version" => {
                    key_order.push(PolicyKey::Version);
                    version = self.version(&member.value, path);
                }
                "Id" => {
                    key_order.push(PolicyKey::Id);
                    id = self.string(&member.value, path, "Id");
                }
                "Statement" => {
                    key_order.push(PolicyKey::Statement);
                    statement = Some(self.statements(&member.value, &path));
                }
                other => {
                    self.unknown_key(other, path, POLICY_KEYS, &["Version", "Id", "Statement"])
                }
            }
        }
        if json.get("Version").is_none() {
            self.report(
                Finding::new(
                    &codes::MISSING_VERSION,
                    "the policy has no `Version`: policy variables such as `${aws:username}` are then literal text",
                    Location::value(root),
                )
                .with_help("add `\"Version\": \"2012-10-17\"`"),
            );
        }
        let statement = match statement {
            Some(statement) => statement?,
            None => {
                self.report(
                    Finding::new(&codes::MISSING_STATEMENT, "the policy has no `Statement`", Location::value(root))
                        .with_help("add `\"Statement\": [{\"Effect\": ..., \"Action\": ..., \"Resource\": ...}]`"),
                );
                return None;
            }
        };
        Some(Policy {
            version,
            id,
            statement,
            key_order,
        })
    }

    fn unknown_key(&mut self, key: &str, path: At<'_>, allowed: &str, known: &[&str]) {
        let near = known.iter().find(|k| {
            k.eq_ignore_ascii_case(key) || k.eq_ignore_ascii_case(key.trim_end_matches('s'))
        });
        let help = match near {
            Some(k) => format!(
                "did you mean `{k}`? element names are case-sensitive; the elements here are {allowed}"
            ),
            None => format!("the elements here are {allowed}"),
        };
        self.invalid(
            format!("`{key}` is not a policy element"),
            Location::key(path),
            &help,
        );
    }

    fn version(&mut self, json: &Json<'_>, path: At<'_>) -> Option<Version> {
        let text = self.text(json, path, "Version")?;
        let version = Version::parse(text);
        if version.is_none() {
            self.report(
                Finding::new(
                    &codes::INVALID_VERSION,
                    format!("`{text}` is not a policy language version"),
                    Location::value(path),
                )
                .with_help("`Version` is the policy language's date, not yours: use `2012-10-17`"),
            );
        }
        version
    }

    fn string(&mut self, json: &Json<'_>, path: At<'_>, element: &str) -> Option<Text> {
        match &json.kind {
            JsonKind::String(s) => Some(self.share(s, json.span)),
            _ => {
                self.text(json, path, element);
                None
            }
        }
    }

    /// The string `s` read at `span` (quotes included): a range of the
    /// source when it has no escape (the parser then borrows it), else its
    /// own copy.
    #[allow(
        clippy::ptr_arg,
        reason = "a string borrowed from the source is one that can be shared"
    )]
    fn share(&self, s: &Cow<'_, str>, span: Span) -> Text {
        if let (Some(source), Cow::Borrowed(_)) = (self.source, s) {
            let range = span.start + 1..span.end.saturating_sub(1);
            if range.len() == s.len()
                && let Some(text) = Text::shared(source, range)
            {
                return text;
            }
        }
        Text::from(s.as_ref())
    }

    /// [`Self::string`] without a copy, for values read and dropped.
    fn text<'j>(&mut self, json: &'j Json<'_>, path: At<'_>, element: &str) -> Option<&'j str> {
        match &json.kind {
            JsonKind::String(s) => Some(s),
            _ => {
                self.invalid(
                    format!("`{element}` must be a string, not {}", json.type_name()),
                    Location::value(path),
                    "write the value in double quotes",
                );
                None
            }
        }
    }

    fn statements(&mut self, json: &Json<'_>, path: &At<'_>) -> Option<OneOrMany<Statement>> {
        match &json.kind {
            JsonKind::Object(_) => {
                let statement = self.statement(json, *path)?;
                self.statement_paths.push(path.into());
                Some(OneOrMany::One(statement))
            }
            JsonKind::Array(items) => {
                if items.is_empty() {
                    self.report(
                        Finding::new(
                            &codes::MISSING_STATEMENT,
                            "`Statement` is an empty array",
                            Location::value(path),
                        )
                        .with_help("add at least one statement"),
                    );
                    return None;
                }
                let mut statements = Vec::with_capacity(items.len());
                self.statement_paths.reserve(items.len());
                for (i, item) in items.iter().enumerate() {
                    if let Some(statement) = self.statement(item, path.index(i)) {
                        statements.push(statement);
                        self.statement_paths.push(path.index(i).into());
                    }
                }
                (!statements.is_empty()).then_some(OneOrMany::Many(statements))
            }
            _ => {
                self.invalid(
                    format!(
                        "`Statement` must be an object or an array of objects, not {}",
                        json.type_name()
                    ),
                    Location::value(path),
                    "write `\"Statement\": [{...}, {...}]`",
                );
                None
            }
        }
    }

    fn statement(&mut self, json: &Json<'_>, path: At<'_>) -> Option<Statement> {
        let Some(members) = json.as_object() else {
            self.invalid(
                format!("a statement must be an object, not {}", json.type_name()),
                Location::value(path),
                "write the statement as `{\"Effect\": ..., \"Action\": ..., \"Resource\": ...}`",
            );
            return None;
        };
        let mut sid = None;
        let mut effect = None;
        let mut effect_seen = false;
        let mut principal = None;
        let mut action = None;
        let mut resource = None;
        let mut condition = None;
        let mut key_order = Vec::with_capacity(members.len());
        // An element present but unreadable: the statement is reported and
        // left out, rather than checked as if the element were absent.
        let mut broken = false;
        for member in self.members(members, &path) {
            let member_path = path.key(&member.key);
            let value = &member.value;
            match member.key.as_ref() {
                "Sid" => {
                    key_order.push(StatementKey::Sid);
                    sid = self.string(value, member_path, "Sid");
                }
                "Effect" => {
                    key_order.push(StatementKey::Effect);
                    effect_seen = true;
                    effect = self.effect(value, member_path);
                }
                key @ ("Principal" | "NotPrincipal") => {
                    key_order.push(StatementKey::Principal);
                    let not = key == "NotPrincipal";
                    if principal.is_some() {
                        self.conflict(&path, "Principal", "NotPrincipal");
                    } else if let Some(value) = self.principal(value, &member_path) {
                        principal = Some(PrincipalElement { not, value });
                    } else {
                        broken = true;
                    }
                }
                key @ ("Action" | "NotAction") => {
                    key_order.push(StatementKey::Action);
                    if action.is_some() {
                        self.conflict(&path, "Action", "NotAction");
                        continue;
                    }
                    let values = self.string_list(value, &member_path, key);
                    if values.as_ref().is_some_and(OneOrMany::is_empty) {
                        self.report(if key == "Action" {
                            Finding::new(
                                &codes::EMPTY_ARRAY_ACTION,
                                "`Action` is an empty array: the statement applies to no action",
                                Location::value(member_path),
                            )
                            .with_help("list the actions, such as `ecs:RunTask`, or remove the statement")
                        } else {
                            // Everything but nothing is every action.
                            Finding::new(
                                &codes::MISSING_ACTION,
                                "`NotAction` is an empty array: the statement would apply to every action",
                                Location::value(member_path),
                            )
                            .with_help("list the actions to leave out, or write `\"Action\": \"*\"` if every action is meant")
                        });
                    }
                    action = values.map(|values| ActionElement {
                        not: key == "NotAction",
                        values,
                    });
                }
                key @ ("Resource" | "NotResource") => {
                    key_order.push(StatementKey::Resource);
                    if resource.is_some() {
                        self.conflict(&path, "Resource", "NotResource");
                        continue;
                    }
                    let values = self.string_list(value, &member_path, key);
                    if values.as_ref().is_some_and(OneOrMany::is_empty) {
                        self.report(if key == "Resource" {
                            Finding::new(&codes::EMPTY_ARRAY_RESOURCE, "`Resource` is an empty array: the statement applies to no resource", Location::value(member_path))
                                .with_help("list the resource ARNs (`*` for actions that take none), or remove the statement")
                        } else {
                            Finding::new(&codes::MISSING_RESOURCE, "`NotResource` is an empty array: the statement would apply to every resource", Location::value(member_path))
                                .with_help("list the resources to leave out, or write `\"Resource\": \"*\"` if every resource is meant")
                        });
                    }
                    broken |= values.is_none();
                    resource = values.map(|values| ResourceElement {
                        not: key == "NotResource",
                        values,
                    });
                }
                "Condition" => {
                    key_order.push(StatementKey::Condition);
                    condition = self.condition(value, &member_path);
                    broken |= condition.is_none();
                }
                other => {
                    self.unknown_key(
                        other,
                        member_path,
                        STATEMENT_KEYS,
                        &[
                            "Sid",
                            "Effect",
                            "Principal",
                            "NotPrincipal",
                            "Action",
                            "NotAction",
                            "Resource",
                            "NotResource",
                            "Condition",
                        ],
                    );
                }
            }
        }
        if !effect_seen {
            self.report(
                Finding::new(
                    &codes::MISSING_EFFECT,
                    "the statement has no `Effect`",
                    Location::value(path),
                )
                .with_help("add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`"),
            );
        }
        if action.is_none() && json.get("Action").is_none() && json.get("NotAction").is_none() {
            self.report(
                Finding::new(
                    &codes::MISSING_ACTION,
                    "the statement has no `Action` or `NotAction`",
                    Location::value(path),
                )
                .with_help("add `\"Action\": [...]` with the actions the statement applies to"),
            );
        }
        if broken {
            return None;
        }
        Some(Statement {
            sid,
            effect: effect?,
            principal,
            action: action?,
            resource,
            condition,
            key_order,
        })
    }

    fn conflict(&mut self, path: &At<'_>, positive: &str, negative: &str) {
        self.invalid(
            format!("a statement cannot have both `{positive}` and `{negative}`"),
            Location::key(path.key(negative)),
            &format!("keep either `{positive}` (what the statement applies to) or `{negative}` (everything but)"),
        );
    }

    fn effect(&mut self, json: &Json<'_>, path: At<'_>) -> Option<Effect> {
        let text = self.text(json, path, "Effect")?;
        match text {
            "Allow" => Some(Effect::Allow),
            "Deny" => Some(Effect::Deny),
            _ => {
                let help =
                    if text.eq_ignore_ascii_case("allow") || text.eq_ignore_ascii_case("deny") {
                        "the effect is case-sensitive: write `Allow` or `Deny`"
                    } else {
                        "the effect is `Allow` or `Deny`"
                    };
                self.report(
                    Finding::new(
                        &codes::INVALID_EFFECT,
                        format!("`{text}` is not an effect"),
                        Location::value(path),
                    )
                    .with_help(help),
                );
                None
            }
        }
    }

    /// A string or an array of strings.
    fn string_list(
        &mut self,
        json: &Json<'_>,
        path: &At<'_>,
        element: &str,
    ) -> Option<OneOrMany<Text>> {
        match &json.kind {
            JsonKind::String(s) => Some(OneOrMany::One(self.share(s, json.span))),
            JsonKind::Array(items) => {
                let mut values = Vec::with_capacity(items.len());
                let mut complete = true;
                for (i, item) in items.iter().enumerate() {
                    match &item.kind {
                        JsonKind::String(s) => values.push(self.share(s, item.span)),
                        _ => {
                            complete = false;
                            self.invalid(
                                format!(
                                    "the entries of `{element}` must be strings, not {}",
                                    item.type_name()
                                ),
                                Location::value(path.index(i)),
                                "write each entry in double quotes",
                            );
                        }
                    }
                }
                // With an entry left out, the positions of the others would
                // shift and later findings would point at the wrong entry:
                // the element is left out whole.
                complete.then_some(OneOrMany::Many(values))
            }
            _ => {
                self.invalid(
                    format!(
                        "`{element}` must be a string or an array of strings, not {}",
                        json.type_name()
                    ),
                    Location::value(path),
                    "write a string, or an array of strings in double quotes",
                );
                None
            }
        }
    }

    fn principal(&mut self, json: &Json<'_>, path: &At<'_>) -> Option<Principal> {
        const HELP: &str = "a principal is `\"*\"` or an object such as `{\"AWS\": \"arn:aws:iam::123456789012:root\"}` or `{\"Service\": \"ecs-tasks.amazonaws.com\"}`";
        match &json.kind {
            JsonKind::String(s) if s == "*" => Some(Principal::Any),
            JsonKind::Object(members) if !members.is_empty() => {
                let mut map = IndexMap::with_capacity(members.len());
                for member in self.members(members, path) {
                    let member_path = path.key(&member.key);
                    let Some(kind) = PrincipalKind::parse(&member.key) else {
                        let near = PrincipalKind::ALL
                            .into_iter()
                            .find(|k| k.as_str().eq_ignore_ascii_case(&member.key));
                        let help = match near {
                            Some(k) => format!("did you mean `{}`? principal kinds are case-sensitive", k.as_str()),
                            None => "the principal kinds are `AWS`, `Service`, `Federated` and `CanonicalUser`".to_owned(),
                        };
                        self.invalid(
                            format!("`{}` is not a kind of principal", member.key),
                            Location::key(member_path),
                            &help,
                        );
                        continue;
                    };
                    match self.string_list(&member.value, &member_path, kind.as_str()) {
                        Some(values) if values.is_empty() => {
                            self.invalid(
                                format!("`{}` lists no principal", kind.as_str()),
                                Location::value(member_path),
                                "name at least one principal",
                            );
                        }
                        Some(values) => {
                            map.insert(kind, values);
                        }
                        None => {}
                    }
                }
                Some(Principal::Map(map))
            }
            _ => {
                self.invalid(
                    format!("`{}` is not a principal", short(json)),
                    Location::value(path),
                    HELP,
                );
                None
            }
        }
    }

    fn condition(&mut self, json: &Json<'_>, path: &At<'_>) -> Option<Condition> {
        let Some(members) = json.as_object() else {
            self.invalid(
                format!("`Condition` must be an object, not {}", json.type_name()),
                Location::value(path),
                "write `\"Condition\": {\"StringEquals\": {\"aws:RequestedRegion\": \"us-east-1\"}}`",
            );
            return None;
        };
        let mut condition = Condition(IndexMap::with_capacity(members.len()));
        for member in self.members(members, path) {
            let op_path = path.key(&member.key);
            let operator = match member.key.parse::<ConditionOperator>() {
                Ok(op) => Some(op),
                Err(OperatorError::NullIfExists) => {
                    self.report(
                        Finding::new(
                            &codes::NULL_WITH_IF_EXISTS,
                            "`NullIfExists` is not an operator: `Null` cannot take `IfExists`",
                            Location::key(op_path),
                        )
                        .with_help("use `Null`: it already tests whether the key exists"),
                    );
                    None
                }
                Err(OperatorError::Unknown { name, suggestion }) => {
                    let help = match suggestion {
                        Some(s) if s.eq_ignore_ascii_case(&name) => {
                            format!("did you mean `{s}`? operator names are case-sensitive")
                        }
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "use an IAM operator such as `StringEquals`, `ArnLike`, `NumericLessThan`, `Bool`, `IpAddress` or `Null`, optionally with `ForAllValues:`/`ForAnyValue:` and `IfExists`".to_owned(),
                    };
                    self.report(
                        Finding::new(
                            &codes::INVALID_CONDITION_OPERATOR,
                            format!("`{name}` is not a condition operator"),
                            Location::key(op_path),
                        )
                        .with_help(help),
                    );
                    None
                }
            };
            let block = self.condition_block(&member.value, &op_path);
            if let (Some(op), Some(block)) = (operator, block) {
                condition.0.insert(op, block);
            }
        }
        Some(condition)
    }

    fn condition_block(&mut self, json: &Json<'_>, path: &At<'_>) -> Option<ConditionBlock> {
        let Some(members) = json.as_object() else {
            self.invalid(
                format!(
                    "a condition operator takes an object of keys and values, not {}",
                    json.type_name()
                ),
                Location::value(path),
                "write `{\"aws:RequestedRegion\": [\"us-east-1\", \"eu-west-1\"]}`",
            );
            return None;
        };
        let mut block = ConditionBlock(IndexMap::with_capacity(members.len()));
        for member in self.members(members, path) {
            let key_path = path.key(&member.key);
            let value = match &member.value.kind {
                JsonKind::Array(items) => {
                    let values: Vec<Option<ConditionValue>> = items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| self.condition_value(item, &key_path.index(i)))
                        .collect();
                    values
                        .into_iter()
                        .collect::<Option<Vec<_>>>()
                        .map(OneOrMany::Many)
                }
                _ => self
                    .condition_value(&member.value, &key_path)
                    .map(OneOrMany::One),
            };
            if let Some(value) = value {
                block
                    .0
                    .insert(self.share(&member.key, member.key_span), value);
            }
        }
        Some(block)
    }

    fn condition_value(&mut self, json: &Json<'_>, path: &At<'_>) -> Option<ConditionValue> {
        match &json.kind {
            JsonKind::String(s) => Some(ConditionValue::String(self.share(s, json.span))),
            JsonKind::Bool(b) => Some(ConditionValue::Bool(*b)),
            JsonKind::Number(n) => Some(ConditionValue::Number(n.as_ref().into())),
            _ => {
                self.invalid(
                    format!(
                        "a condition value must be a string, boolean or number, not {}",
                        json.type_name()
                    ),
                    Location::value(path),
                    "write the value as a string, or list several in an array of strings",
                );
                None
            }
        }
    }
}

/// A short rendering of a value for messages.
fn short(json: &Json<'_>) -> String {
    match &json.kind {
        JsonKind::String(s) if s.chars().count() <= 60 => s.to_string(),
        JsonKind::String(_) => "this string".to_owned(),
        _ => json.type_name().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A policy read sharing its text is the policy read owning its
    /// strings: with a byte-order mark, escapes (which make a string its
    /// own copy) and characters past ASCII, in every element.
    #[test]
    fn a_shared_read_is_an_owned_read() {
        let text = "\u{feff}{\"Version\": \"2012-10-17\", \"Id\": \"d\\u00e9j\\u00e0\", \"Statement\": [\
            {\"Sid\": \"Caf\u{e9}\", \"Effect\": \"Allow\", \"Principal\": {\"AWS\": [\"arn:aws:iam::111122223333:role/r\u{e9}le\", \"arn:aws:iam::111122223333:role/\\u0072\"]},\
             \"Action\": [\"ecs:RunTask\", \"ecs:\\u0053tart*\"], \"Resource\": \"arn:aws:ecs:*:*:task/\u{1F600}\",\
             \"Condition\": {\"StringEquals\": {\"aws:\\u0050rincipalTag/t\u{e9}am\": [\"a\\\"b\", \"\u{e9}\", \"plain\"], \"aws:SourceAccount\": \"111122223333\"}}}]}";
        let json = crate::json::parse(text).expect("parses");
        let owned = read_policy(&json);
        let shared = read_policy_of(&json, &Arc::from(text));
        assert!(owned.findings.is_empty(), "{:?}", owned.findings);
        assert_eq!(shared.policy, owned.policy);
        let policy = shared.policy.expect("read");
        let statement = policy.statement.iter().next().expect("a statement");
        assert_eq!(policy.id.as_deref(), Some("d\u{e9}j\u{e0}"));
        assert_eq!(statement.sid.as_deref(), Some("Caf\u{e9}"));
        let actions: Vec<&str> = statement.action.values.iter().map(Text::as_str).collect();
        assert_eq!(actions, ["ecs:RunTask", "ecs:Start*"]);
        let condition = statement.condition.as_ref().expect("a condition");
        let keys: Vec<&str> = condition.entries().map(|(_, key, _)| key).collect();
        assert_eq!(keys, ["aws:PrincipalTag/t\u{e9}am", "aws:SourceAccount"]);
    }
}
