//! Completion, by what the cursor follows: a managed policy after
//! `extends`; in a statement's conditions, the condition keys its actions
//! take, then the operators for the key's type; `svc:` the service's
//! actions (and `svc:@` its access levels); `svc.` its ARN builders, as
//! snippets with their arguments; elsewhere keywords, the file's names and
//! the services.

use lsp_types as lsp;
use polc_catalog::Reference;
use polc_catalog::reference::AccessLevel;
use polc_model::condition::KeyType;

use crate::text::{Document, Kind};
use crate::words;

/// The keywords that start something, where a word starts.
const KEYWORDS: &[&str] = &[
    "allow", "deny", "on", "if", "and", "not", "to", "policy", "trust", "resource", "param", "let",
    "import", "extends", "except", "sid", "sids", "version", "id", "anyone", "none",
];

/// At most this many managed policies are offered at once (the list is
/// then marked incomplete: the editor asks again as more is typed).
const MANAGED_SHOWN: usize = 200;

/// The items at `position`, and whether the list is incomplete.
pub(crate) fn complete(
    doc: &Document,
    position: lsp::Position,
) -> (Vec<lsp::CompletionItem>, bool) {
    let offset = doc.offset(position);
    let (_, comment) = words::in_string_or_comment(&doc.text, offset);
    if comment {
        return (Vec::new(), false);
    }
    let text = &doc.text;
    let start = words::word_start(text, offset);
    let word = text.get(start..offset).unwrap_or_default();
    if words::token_before(text, start) == "extends" {
        // Over 1,500 policies: those whose name holds what is typed.
        let typed = word
            .strip_prefix("aws:")
            .unwrap_or(word)
            .to_ascii_lowercase();
        let range = doc.range(start, offset);
        let matching: Vec<lsp::CompletionItem> = polc_catalog::managed::managed_policies()
            .iter()
            .filter(|p| p.name.to_ascii_lowercase().contains(&typed))
            .take(MANAGED_SHOWN + 1)
            .map(|p| lsp::CompletionItem {
                label: format!("aws:{}", p.name),
                kind: Some(lsp::CompletionItemKind::MODULE),
                detail: Some(format!("AWS managed policy {}", p.version_id)),
                text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
                    range,
                    format!("aws:{}", p.name),
                ))),
                ..lsp::CompletionItem::default()
            })
            .collect();
        let incomplete = matching.len() > MANAGED_SHOWN;
        return (
            matching.into_iter().take(MANAGED_SHOWN).collect(),
            incomplete,
        );
    }
    (items(doc, offset), false)
}

fn items(doc: &Document, offset: usize) -> Vec<lsp::CompletionItem> {
    let text = &doc.text;
    let start = words::word_start(text, offset);
    let word = text.get(start..offset).unwrap_or_default();
    let range = doc.range(start, offset);
    let reference = Reference::embedded();
    let item = |label: String, kind, detail: Option<String>| lsp::CompletionItem {
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
            range,
            label.clone(),
        ))),
        label,
        kind: Some(kind),
        detail,
        ..lsp::CompletionItem::default()
    };
    if doc.kind == Kind::Json {
        return match word.split_once(':') {
            Some((prefix, _)) => {
                let mut out = actions(reference, prefix, &item);
                out.extend(keys_of_service(reference, prefix, &item));
                out
            }
            None => services(reference, &item),
        };
    }
    let before = words::token_before(text, start);
    let statement = words::statement_before(text, start);
    if words::in_conditions(statement) {
        // After a key: the operators its type takes.
        if (word.is_empty() || word.chars().all(|c| c.is_ascii_alphabetic()))
            && before != "if"
            && before != "and"
            && (before.contains(':') || before == "?")
        {
            let key = before.trim_end_matches('?');
            let key_type = key_type(reference, key);
            return operators(key_type)
                .iter()
                .map(|op| {
                    item(
                        (*op).to_owned(),
                        lsp::CompletionItemKind::OPERATOR,
                        Some(format!("{} condition", key_type.as_str())),
                    )
                })
                .collect();
        }
        // A value goes after an operator: no key there (review 52).
        let prior = text.get(..start).unwrap_or_default().trim_end();
        // Inside a list of values too (`in ["10.0.0.0/8", `): after `if`
        // a `[` opens only values (review 56).
        let open_list = statement.rfind('[') > statement.rfind(']');
        if prior.ends_with(['=', '<', '>']) || matches!(before, "like" | "in") || open_list {
            return Vec::new();
        }
        return condition_keys(reference, &words::statement_actions(statement), &item);
    }
    if let Some((prefix, rest)) = word.split_once(':') {
        if rest.starts_with('@') {
            return AccessLevel::ALL
                .iter()
                .map(|l| {
                    item(
                        format!("{prefix}:@{}", l.slug()),
                        lsp::CompletionItemKind::ENUM_MEMBER,
                        Some(format!("every {} action of {prefix}", l.as_str())),
                    )
                })
                .collect();
        }
        return actions(reference, prefix, &item);
    }
    if let Some((prefix, _)) = word.split_once('.') {
        return builders(reference, prefix, range);
    }
    if let Some(service) = words::set_service(text, start) {
        return actions(reference, service, &item)
            .into_iter()
            .map(|mut i| {
                let name = i
                    .label
                    .split_once(':')
                    .map_or(i.label.clone(), |(_, n)| n.to_owned());
                i.text_edit = Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
                    range,
                    name.clone(),
                )));
                i.label = name;
                i
            })
            .collect();
    }
    let mut out: Vec<lsp::CompletionItem> = KEYWORDS
        .iter()
        .map(|k| item((*k).to_owned(), lsp::CompletionItemKind::KEYWORD, None))
        .collect();
    if let Ok(file) = polc_dsl::parse::parse(text) {
        out.extend(file.params.iter().map(|p| {
            item(
                p.name.node.clone(),
                lsp::CompletionItemKind::CONSTANT,
                Some(format!("param: {}", p.ty.node.as_str())),
            )
        }));
        out.extend(file.lets.iter().map(|l| {
            item(
                l.name.node.clone(),
                lsp::CompletionItemKind::VARIABLE,
                Some("let".into()),
            )
        }));
    } else {
        // The names bound so far, read line by line.
        for line in text.lines() {
            let trimmed = line.trim_start();
            for (keyword, kind) in [
                ("let ", lsp::CompletionItemKind::VARIABLE),
                ("param ", lsp::CompletionItemKind::CONSTANT),
            ] {
                if let Some(rest) = trimmed.strip_prefix(keyword) {
                    let name: String = rest
                        .trim_start()
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        out.push(item(name, kind, Some(keyword.trim().to_owned())));
                    }
                }
            }
        }
    }
    out.extend(services(reference, &item));
    out
}

type Item<'a> = dyn Fn(String, lsp::CompletionItemKind, Option<String>) -> lsp::CompletionItem + 'a;

/// The services, as `svc:` (their actions come next).
fn services(reference: &Reference, item: &Item<'_>) -> Vec<lsp::CompletionItem> {
    reference
        .services()
        .map(|(prefix, name)| {
            let mut i = item(
                format!("{prefix}:"),
                lsp::CompletionItemKind::MODULE,
                Some(name.to_owned()),
            );
            // Ask again for the service's actions once it is written.
            i.command = Some(lsp::Command::new(
                "suggest".into(),
                "editor.action.triggerSuggest".into(),
                None,
            ));
            i
        })
        .collect()
}

/// The actions of a service, each with its access level.
fn actions(reference: &Reference, prefix: &str, item: &Item<'_>) -> Vec<lsp::CompletionItem> {
    let Some(service) = reference.service(prefix) else {
        return Vec::new();
    };
    service
        .actions
        .iter()
        .map(|a| {
            item(
                format!("{}:{}", service.prefix, a.name),
                lsp::CompletionItemKind::FUNCTION,
                Some(a.access_level.as_str().to_owned()),
            )
        })
        .collect()
}

/// A service's condition keys.
fn keys_of_service(
    reference: &Reference,
    prefix: &str,
    item: &Item<'_>,
) -> Vec<lsp::CompletionItem> {
    let Some(service) = reference.service(prefix) else {
        return Vec::new();
    };
    service
        .condition_keys
        .iter()
        .map(|k| {
            templated(item(
                k.name.to_owned(),
                lsp::CompletionItemKind::PROPERTY,
                Some(k.key_type.as_str().to_owned()),
            ))
        })
        .collect()
}

/// A key with a part to fill (`aws:RequestTag/${TagKey}`) as a snippet
/// whose placeholder is that part: inserted as written, the key would be
/// one no request has (review 52).
fn templated(mut item: lsp::CompletionItem) -> lsp::CompletionItem {
    let Some(lsp::CompletionTextEdit::Edit(edit)) = &mut item.text_edit else {
        return item;
    };
    // The reference writes the part `${TagKey}` or `<key>`.
    let next = |rest: &str| -> Option<(usize, usize, usize)> {
        let dollar = rest
            .find("${")
            .and_then(|o| Some((o, 2, o + rest.get(o..)?.find('}')?)));
        let angle = rest
            .find('<')
            .and_then(|o| Some((o, 1, o + rest.get(o..)?.find('>')?)));
        match (dollar, angle) {
            (Some(d), Some(a)) => Some(if d.0 < a.0 { d } else { a }),
            (d, a) => d.or(a),
        }
    };
    if next(&edit.new_text).is_none() {
        return item;
    }
    let mut snippet = String::new();
    let mut rest = edit.new_text.as_str();
    let mut n = 0;
    while let Some((open, opener, close)) = next(rest) {
        n += 1;
        snippet.push_str(&escape_snippet(rest.get(..open).unwrap_or_default()));
        let name = rest.get(open + opener..close).unwrap_or_default();
        snippet.push_str(&format!("${{{n}:{}}}", escape_snippet(name)));
        rest = rest.get(close + 1..).unwrap_or_default();
    }
    snippet.push_str(&escape_snippet(rest));
    edit.new_text = snippet;
    item.insert_text_format = Some(lsp::InsertTextFormat::SNIPPET);
    item
}

/// Text written literally in a snippet (`$`, `}` and `\` escaped).
fn escape_snippet(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The condition keys the statement's actions take (their own, and their
/// resource types'), then the global ones.
fn condition_keys(
    reference: &Reference,
    actions: &[String],
    item: &Item<'_>,
) -> Vec<lsp::CompletionItem> {
    let mut names: Vec<(String, KeyType)> = Vec::new();
    for entry in actions {
        for (service, action) in words::expand(reference, entry) {
            let mut keys: Vec<&str> = action.condition_keys.clone();
            for r in &action.resources {
                keys.extend(r.condition_keys.iter().copied());
                if let Some(t) = service.resource_type(r) {
                    keys.extend(t.condition_keys.iter().copied());
                }
            }
            for key in keys {
                let key_type = service
                    .condition_key(key)
                    .map(|k| k.key_type)
                    .or_else(|| reference.global_key(key))
                    .unwrap_or(KeyType::String);
                names.push((key.to_owned(), key_type));
            }
        }
    }
    // Keys compare without case: `aws:Referer` once (review 56).
    names.sort_by_key(|(name, _)| name.to_ascii_lowercase());
    names.dedup_by(|a, b| a.0.eq_ignore_ascii_case(&b.0));
    let own = names.len();
    names.extend(
        reference
            .global_keys()
            .iter()
            .map(|k| (k.name.to_owned(), k.key_type)),
    );
    let mut seen = std::collections::HashSet::new();
    names.retain(|(name, _)| seen.insert(name.to_ascii_lowercase()));
    names
        .into_iter()
        .enumerate()
        .map(|(i, (name, key_type))| {
            let mut out = templated(item(
                name,
                lsp::CompletionItemKind::PROPERTY,
                Some(key_type.as_str().to_owned()),
            ));
            // The statement's own keys first.
            out.sort_text = Some(format!("{}{:05}", u8::from(i >= own), i));
            out
        })
        .collect()
}

/// The type of a key, as the catalog gives it (a string when unknown).
fn key_type(reference: &Reference, key: &str) -> KeyType {
    reference
        .global_key(key)
        .or_else(|| {
            let (prefix, _) = key.split_once(':')?;
            reference
                .service(prefix)?
                .condition_key(key)
                .map(|k| k.key_type)
        })
        .unwrap_or(KeyType::String)
}

/// The short operators a key's type takes (`docs/language.md`).
fn operators(key_type: KeyType) -> &'static [&'static str] {
    match key_type {
        KeyType::String | KeyType::ArrayOfString | KeyType::Arn | KeyType::ArrayOfArn => {
            &["==", "!=", "like", "not like", "exists", "missing"]
        }
        KeyType::Numeric | KeyType::ArrayOfNumeric | KeyType::Date => {
            &["==", "!=", "<", "<=", ">", ">=", "exists", "missing"]
        }
        KeyType::Bool | KeyType::ArrayOfBool => &["==", "exists", "missing"],
        KeyType::IpAddress => &["in", "not in", "==", "!=", "exists", "missing"],
        KeyType::Binary => &["exists", "missing"],
    }
}

/// A service's ARN builders, as snippets: `ecs.cluster(${1:cluster_name})`.
fn builders(reference: &Reference, prefix: &str, range: lsp::Range) -> Vec<lsp::CompletionItem> {
    let Some(service) = reference.service(prefix) else {
        return Vec::new();
    };
    polc_dsl::builders::of(service)
        .into_iter()
        .filter(|b| b.usable())
        .map(|b| {
            let args: Vec<String> = b
                .args
                .iter()
                .enumerate()
                .map(|(i, a)| format!("${{{}:{a}}}", i + 1))
                .collect();
            let snippet = format!("{}({})", b.name, args.join(", "));
            lsp::CompletionItem {
                label: b.name.clone(),
                kind: Some(lsp::CompletionItemKind::CONSTRUCTOR),
                detail: Some(b.signature()),
                documentation: Some(lsp::Documentation::String(format!(
                    "ARN format: {}",
                    b.arn_format
                ))),
                insert_text_format: Some(lsp::InsertTextFormat::SNIPPET),
                text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
                    range, snippet,
                ))),
                ..lsp::CompletionItem::default()
            }
        })
        .collect()
}
