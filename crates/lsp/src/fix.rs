//! Code actions: each finding whose help names one fix ("did you mean
//! `X`?") offers it as a quick fix that replaces the finding's text.

use std::collections::HashMap;

use lsp_types as lsp;
use polc_model::Finding;

use crate::text::Document;

/// The quick fixes of the findings that overlap `range`.
pub(crate) fn actions(
    uri: &lsp::Uri,
    doc: &Document,
    range: lsp::Range,
    params: &polc_dsl::Params,
) -> Vec<lsp::CodeActionOrCommand> {
    let (from, to) = (doc.offset(range.start), doc.offset(range.end));
    crate::diagnostics::findings(uri, doc, params)
        .iter()
        .filter(|f| {
            f.location
                .span
                .is_some_and(|s| s.start <= to && from <= s.end)
        })
        .filter_map(|f| fix(uri, doc, f))
        .fold(Vec::new(), |mut all: Vec<lsp::CodeAction>, action| {
            // One fix per edit, whatever number of findings lead to it.
            if !all.iter().any(|a| a.edit == action.edit) {
                all.push(action);
            }
            all
        })
        .into_iter()
        .map(lsp::CodeActionOrCommand::CodeAction)
        .collect()
}

/// The fix a finding's help names, if it names exactly one.
fn fix(uri: &lsp::Uri, doc: &Document, finding: &Finding) -> Option<lsp::CodeAction> {
    let span = finding.location.span?;
    let suggestion = suggested(finding.help.as_deref()?)?;
    let written = doc.text.get(span.start..span.end)?;
    // A JSON string keeps its quotes.
    let (mut start, mut end, mut written) =
        match written.strip_prefix('"').and_then(|w| w.strip_suffix('"')) {
            Some(inner) => (span.start + 1, span.end - 1, inner),
            None => (span.start, span.end, written),
        };
    // A finding on more than the name (a whole condition: `aws:SorceIp ==
    // "x"`): the name the message quotes, where it is written.
    if !written.chars().all(crate::words::is_word) {
        let name = quoted(&finding.message).find(|name| {
            written
                .match_indices(name)
                .any(|(at, _)| is_whole(written, at, name.len()))
        })?;
        let at = written
            .match_indices(name)
            .find(|&(at, _)| is_whole(written, at, name.len()))
            .map(|(at, _)| at)?;
        start += at;
        end = start + name.len();
        written = name;
    }
    // A member of a `.pol` action set (`ecs:{Stop, RunTsk}`) is written
    // without its service, a builder's resource type (`ecs.clustr`) without
    // its service either.
    let replacement = match (suggestion.split_once(':'), suggestion.rsplit_once('.')) {
        (Some((_, name)), _) if !written.contains(':') && !suggestion.contains('.') => name,
        (None, Some((_, name)))
            if !written.contains('.') && finding.code.name == "POL_UNKNOWN_BUILDER" =>
        {
            name
        }
        _ => suggestion,
    };
    // Only a fix for the whole of what is written: a suggested service
    // prefix alone (`ecs:`) is a hint, not a replacement.
    if replacement.ends_with([':', '.']) || replacement == written || replacement.is_empty() {
        return None;
    }
    let edit = lsp::TextEdit::new(doc.range(start, end), replacement.to_owned());
    let diagnostic = crate::diagnostics::diagnostic(uri, doc, finding);
    Some(lsp::CodeAction {
        title: format!("Replace `{written}` with `{replacement}`"),
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic]),
        edit: Some(lsp::WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
            ..lsp::WorkspaceEdit::default()
        }),
        is_preferred: Some(true),
        ..lsp::CodeAction::default()
    })
}

/// The texts a message quotes in backticks.
fn quoted(message: &str) -> impl Iterator<Item = &str> {
    message.split('`').skip(1).step_by(2)
}

/// Whether `len` bytes at `at` of `text` are a whole word of it.
fn is_whole(text: &str, at: usize, len: usize) -> bool {
    let before = text.get(..at).and_then(|b| b.chars().last());
    let after = text.get(at + len..).and_then(|a| a.chars().next());
    !before.is_some_and(crate::words::is_word) && !after.is_some_and(crate::words::is_word)
}

/// `X` of a help that reads "did you mean `X`?" (alone, or after other
/// words), and names nothing else to choose from.
fn suggested(help: &str) -> Option<&str> {
    let at = help.find("did you mean `")?;
    let rest = help.get(at + "did you mean `".len()..)?;
    let end = rest.find('`')?;
    let after = rest.get(end + 1..)?;
    // "did you mean `a` or `b`?" names two.
    if after.trim_start().starts_with("or ") {
        return None;
    }
    rest.get(..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_suggestion_only() {
        assert_eq!(
            suggested("did you mean `ecs:ListClusters`?"),
            Some("ecs:ListClusters")
        );
        assert_eq!(
            suggested("`x` is not a file; did you mean `AmazonECS_FullAccess`?"),
            Some("AmazonECS_FullAccess")
        );
        assert_eq!(suggested("did you mean `a` or `b`?"), None);
        assert_eq!(suggested("remove it"), None);
    }
}
