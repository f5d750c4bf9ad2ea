//! Hover: what the catalog knows of the word under the cursor — an
//! action, an access-level group, a condition key, an ARN builder, a
//! managed policy — or what a name of the file is bound to.

use std::fmt::Write as _;

use lsp_types as lsp;
use polc_catalog::Reference;
use polc_catalog::reference::{AccessLevel, Action, Service};

use crate::text::Document;
use crate::words;

/// At most this many names are listed in a hover.
const LISTED: usize = 12;

pub(crate) fn hover(uri: &lsp::Uri, doc: &Document, position: lsp::Position) -> Option<lsp::Hover> {
    let offset = doc.offset(position);
    if words::in_string_or_comment(&doc.text, offset).1 {
        return None;
    }
    let (start, end) = words::word_at(&doc.text, offset)?;
    let word = doc.text.get(start..end)?;
    let text = describe(uri, doc, word, start)?;
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: text,
        }),
        range: Some(doc.range(start, end)),
    })
}

/// What a word is, in Markdown.
pub(crate) fn describe(uri: &lsp::Uri, doc: &Document, word: &str, start: usize) -> Option<String> {
    let reference = Reference::embedded();
    let (in_string, _) = words::in_string_or_comment(&doc.text, start);
    if !word.contains(':')
        && !in_string
        && let Some(service) = words::set_service(&doc.text, start)
    {
        return describe(uri, doc, &format!("{service}:{word}"), usize::MAX);
    }
    if let Some((prefix, rest)) = word.split_once(':') {
        if let Some(slug) = rest.strip_prefix('@') {
            let service = reference.service(prefix)?;
            return AccessLevel::from_slug(slug).map(|level| group(service, level));
        }
        if let Some(key_type) = reference.global_key(word) {
            return Some(format!(
                "**{word}** — global condition key\n\nType: `{}`{}",
                key_type.as_str(),
                if key_type.is_multivalued() {
                    " (several values: use `any`/`all`)"
                } else {
                    ""
                }
            ));
        }
        if prefix.eq_ignore_ascii_case("aws")
            && let Some(text) = managed(rest)
        {
            return Some(text);
        }
        let service = reference.service(prefix)?;
        if let Some(found) = service.action(rest) {
            return Some(action(service, found));
        }
        if let Some(key) = service.condition_key(word) {
            return Some(format!(
                "**{word}** — condition key of {}\n\nType: `{}`{}",
                service.name,
                key.key_type.as_str(),
                if key.key_type.is_multivalued() {
                    " (several values: use `any`/`all`)"
                } else {
                    ""
                }
            ));
        }
        if rest.contains(['*', '?']) {
            let matched = reference.expand(word);
            let names: Vec<String> = matched
                .iter()
                .map(|(s, a)| format!("`{}:{}`", s.prefix, a.name))
                .collect();
            return Some(format!(
                "**{word}** matches {} action{} of the catalog{}",
                names.len(),
                if names.len() == 1 { "" } else { "s" },
                listing(&names)
            ));
        }
        return None;
    }
    if let Some((prefix, _)) = word.split_once('.') {
        let service = reference.service(prefix)?;
        let builder = polc_dsl::builders::of(service)
            .into_iter()
            .find(|b| b.name.eq_ignore_ascii_case(word))?;
        return Some(format!(
            "**{}** — ARN builder\n\n`{}`\n\nARN format: `{}`\n\nEach argument fills its part of the format; `partition`, `region` and `account` may be given by name.",
            builder.name,
            builder.signature(),
            builder.arn_format
        ));
    }
    crate::navigate::binding(&doc.text, word)
        .map(|(_, detail)| detail)
        .or_else(|| crate::navigate::imported_binding(uri, &doc.text, word))
}

/// An action: its access level, resource types, condition keys and
/// dependent actions.
fn action(service: &Service, action: &Action) -> String {
    let mut out = format!(
        "**{}:{}** — {}\n\n{} access level.",
        service.prefix,
        action.name,
        service.name,
        action.access_level.as_str()
    );
    let resources: Vec<String> = action
        .resources
        .iter()
        .filter_map(|r| {
            service.resource_type(r).map(|t| {
                format!(
                    "`{}`{} — `{}`",
                    t.name,
                    if r.required { " (required)" } else { "" },
                    t.arn_format
                )
            })
        })
        .collect();
    if resources.is_empty() {
        out.push_str("\n\nResource: `*` (no resource type).");
    } else {
        let _ = write!(out, "\n\nResource types:\n- {}", resources.join("\n- "));
    }
    let mut keys: Vec<&str> = action.condition_keys.clone();
    for r in &action.resources {
        keys.extend(r.condition_keys.iter().copied());
        if let Some(t) = service.resource_type(r) {
            keys.extend(t.condition_keys.iter().copied());
        }
    }
    keys.sort_unstable();
    keys.dedup();
    if !keys.is_empty() {
        let names: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
        let _ = write!(out, "\n\nCondition keys: {}", names.join(", "));
    }
    if !action.dependent_actions.is_empty() {
        let names: Vec<String> = action
            .dependent_actions
            .iter()
            .map(|a| format!("`{a}`"))
            .collect();
        let _ = write!(out, "\n\nDependent actions: {}", names.join(", "));
    }
    out
}

/// An access-level group: `ecs:@list`.
fn group(service: &Service, level: AccessLevel) -> String {
    let names: Vec<String> = service
        .actions
        .iter()
        .filter(|a| a.access_level == level)
        .map(|a| format!("`{}:{}`", service.prefix, a.name))
        .collect();
    format!(
        "**{}:@{}** — the {} actions of {} at the {} access level{}",
        service.prefix,
        level.slug(),
        names.len(),
        service.name,
        level.as_str(),
        listing(&names)
    )
}

/// A managed policy's summary.
fn managed(name: &str) -> Option<String> {
    let policy = polc_catalog::managed_policy(name)?;
    let document: serde_json::Value = serde_json::from_str(policy.document()).ok()?;
    let statements = match document.get("Statement") {
        Some(serde_json::Value::Array(list)) => list.len(),
        Some(_) => 1,
        None => 0,
    };
    let mut actions: Vec<String> = Vec::new();
    let list = |v: Option<&serde_json::Value>| -> Vec<String> {
        match v {
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
    };
    match document.get("Statement") {
        Some(serde_json::Value::Array(items)) => {
            for s in items {
                actions.extend(list(s.get("Action")));
            }
        }
        Some(one) => actions.extend(list(one.get("Action"))),
        None => {}
    }
    actions.sort();
    actions.dedup();
    let names: Vec<String> = actions.iter().map(|a| format!("`{a}`")).collect();
    Some(format!(
        "**aws:{}** — AWS managed policy\n\n`{}` (version {}, updated {})\n\n{statements} statement{}; actions{}",
        policy.name,
        policy.arn(),
        policy.version_id,
        policy.update_date,
        if statements == 1 { "" } else { "s" },
        listing(&names)
    ))
}

/// `: a, b, c and N more`.
fn listing(names: &[String]) -> String {
    if names.is_empty() {
        return String::new();
    }
    let shown = names
        .iter()
        .take(LISTED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > LISTED {
        format!(": {shown} and {} more", names.len() - LISTED)
    } else {
        format!(": {shown}")
    }
}
