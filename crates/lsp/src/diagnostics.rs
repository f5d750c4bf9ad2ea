//! A document's diagnostics: `polc check`'s findings, in LSP's terms.

use lsp_types as lsp;
use polc_dsl::ast::{BaseType, ParamType};
use polc_model::{Finding, Severity};

use crate::text::{Document, Kind};

/// The findings of a document.
pub(crate) fn findings(uri: &lsp::Uri, doc: &Document, params: &polc_dsl::Params) -> Vec<Finding> {
    match doc.kind {
        // An editor opens every JSON file: only those that look like a
        // policy are checked (`package.json` is not).
        Kind::Json if !looks_like_policy(&doc.text) => Vec::new(),
        Kind::Json => {
            polc_catalog::checks::Checks::new(None)
                .run(&doc.text)
                .findings
        }
        Kind::Pol => {
            let path = path_of(uri).unwrap_or_else(|| "untitled.pol".into());
            let values = with_examples(&doc.text, params);
            let options = polc_dsl::Options {
                ignore_unknown_params: true,
                size_warns: true,
                ..polc_dsl::Options::default()
            };
            match polc_dsl::files::compile_path(
                &path,
                &doc.text,
                &values,
                polc_catalog::Reference::embedded(),
                options,
            ) {
                Ok(compiled) => compiled.into_iter().flat_map(|c| c.findings).collect(),
                Err(diagnostics) => diagnostics.0,
            }
        }
    }
}

/// Whether a JSON text looks like a policy: an object with a top-level
/// `Statement` (in any case, or misspelt as `Statment`), or a policy
/// `Version`. A text that does not parse is one if it names `Statement`
/// anywhere (its syntax errors are then shown). A policy nested in another
/// document (a CloudFormation template) or a `"Statement"` among other
/// values is not.
fn looks_like_policy(text: &str) -> bool {
    let Ok(json) = polc_model::json::parse(text) else {
        return text.contains("\"Statement\"");
    };
    json.as_object().is_some_and(|members| {
        members.iter().any(|m| {
            let key = m.key.to_ascii_lowercase();
            matches!(key.as_str(), "statement" | "statements" | "statment")
                || (&*m.key == "Version"
                    && matches!(m.value.as_str(), Some("2012-10-17" | "2008-10-17")))
        })
    })
}

/// The most diagnostics published for one document. Past it an editor
/// slows down and the server's memory grows with every finding (an 8 MiB
/// policy of unknown actions has hundreds of thousands); the most severe
/// are shown, and one more diagnostic says what is left out.
pub(crate) const MAX_DIAGNOSTICS: usize = 1000;

/// The diagnostics of a document: its findings, less those the project's
/// rules (`polc.toml`) turn off or ignore there, with the severities they
/// set, as `polc check` reports them; at most [`MAX_DIAGNOSTICS`] of them,
/// the most severe first, and then one that counts the rest.
pub(crate) fn diagnostics(
    uri: &lsp::Uri,
    doc: &Document,
    params: &polc_dsl::Params,
    rules: Option<&polc_model::suppress::Rules>,
) -> Vec<lsp::Diagnostic> {
    let mut found = findings(uri, doc, params);
    if let (Some(rules), Some(path)) = (rules, path_of(uri)) {
        // A copy: the baseline's entries are counted afresh for each
        // publication.
        found = rules.clone().apply(&path, found).0;
    }
    let left_out = keep_most_severe(&mut found, MAX_DIAGNOSTICS);
    let mut diagnostics: Vec<lsp::Diagnostic> =
        found.iter().map(|f| diagnostic(uri, doc, f)).collect();
    diagnostics.extend(too_many(&left_out));
    diagnostics
}

/// Keeps the `most` most severe findings, in their order, and counts the
/// others by severity (most severe first).
fn keep_most_severe(found: &mut Vec<Finding>, most: usize) -> Vec<(Severity, usize)> {
    if found.len() <= most {
        return Vec::new();
    }
    let mut by_severity: Vec<usize> = (0..found.len()).collect();
    // Stable: within a severity, document order.
    by_severity.sort_by_key(|&i| found.get(i).map(|f| f.severity));
    let mut keep = vec![false; found.len()];
    for &i in by_severity.iter().take(most) {
        if let Some(slot) = keep.get_mut(i) {
            *slot = true;
        }
    }
    let mut left_out: Vec<(Severity, usize)> = Vec::new();
    let mut index = 0;
    found.retain(|finding| {
        let kept = keep.get(index).copied().unwrap_or(false);
        index += 1;
        if !kept {
            match left_out.iter_mut().find(|(s, _)| *s == finding.severity) {
                Some((_, n)) => *n += 1,
                None => left_out.push((finding.severity, 1)),
            }
        }
        kept
    });
    left_out.sort_by_key(|&(severity, _)| severity);
    left_out
}

/// The diagnostic that says how many findings are not shown, at the start
/// of the document and as severe as the most severe of them.
fn too_many(left_out: &[(Severity, usize)]) -> Option<lsp::Diagnostic> {
    let &(most_severe, _) = left_out.first()?;
    let total: usize = left_out.iter().map(|&(_, n)| n).sum();
    let counts: Vec<String> = left_out
        .iter()
        .map(|&(severity, n)| format!("{n} {}", severity.as_str()))
        .collect();
    Some(lsp::Diagnostic {
        range: lsp::Range::default(),
        severity: Some(lsp_severity(most_severe)),
        source: Some("polc".into()),
        message: format!(
            "{total} more findings are not shown ({}): the editor shows the {MAX_DIAGNOSTICS} most severe; `polc check` on the file lists them all",
            counts.join(", ")
        ),
        ..lsp::Diagnostic::default()
    })
}

fn lsp_severity(severity: Severity) -> lsp::DiagnosticSeverity {
    match severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::SecurityWarning | Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Suggestion => lsp::DiagnosticSeverity::INFORMATION,
    }
}

/// One finding as a diagnostic: its code, message, severity, and its help
/// as related information at the same place.
pub(crate) fn diagnostic(uri: &lsp::Uri, doc: &Document, finding: &Finding) -> lsp::Diagnostic {
    let range = finding
        .location
        .span
        .map_or_else(lsp::Range::default, |s| doc.range(s.start, s.end));
    let severity = lsp_severity(finding.severity);
    lsp::Diagnostic {
        range,
        severity: Some(severity),
        code: Some(lsp::NumberOrString::String(finding.code.name.to_owned())),
        source: Some("polc".into()),
        message: finding.message.clone(),
        related_information: finding.help.as_ref().map(|help| {
            vec![lsp::DiagnosticRelatedInformation {
                location: lsp::Location::new(uri.clone(), range),
                message: help.clone(),
            }]
        }),
        ..lsp::Diagnostic::default()
    }
}

/// The parameters given, and an example value of its type for each of the
/// file's parameters without one or a default (in the editor, no `-p` is
/// given: a missing value is not the file's fault).
pub(crate) fn with_examples(text: &str, given: &polc_dsl::Params) -> polc_dsl::Params {
    let mut values = given.clone();
    let Ok(file) = polc_dsl::parse::parse(text) else {
        return values;
    };
    for param in file.params.iter().filter(|p| p.default.is_none()) {
        let base = match param.ty.node {
            ParamType::List(base) => base,
            ParamType::String => BaseType::String,
            ParamType::AccountId => BaseType::AccountId,
            ParamType::Region => BaseType::Region,
            ParamType::Partition => BaseType::Partition,
            ParamType::Arn => BaseType::Arn,
        };
        let example = match base {
            BaseType::String => "example",
            BaseType::AccountId => "111122223333",
            BaseType::Region => "us-east-1",
            BaseType::Partition => "aws",
            BaseType::Arn => "arn:aws:iam::111122223333:role/example",
        };
        values
            .entry(param.name.node.clone())
            .or_insert_with(|| example.to_owned());
    }
    values
}

/// The file path of a `file:` URI (percent-decoded; `/C:/...` as `C:/...`).
pub(crate) fn path_of(uri: &lsp::Uri) -> Option<String> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let mut bytes = Vec::with_capacity(rest.len());
    let mut iter = rest.bytes();
    while let Some(b) = iter.next() {
        if b == b'%' {
            let hex: Vec<u8> = iter.by_ref().take(2).collect();
            let decoded = std::str::from_utf8(&hex)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())?;
            bytes.push(decoded);
        } else {
            bytes.push(b);
        }
    }
    let path = String::from_utf8(bytes).ok()?;
    let drive = path.as_bytes();
    if drive.len() > 2 && drive.first() == Some(&b'/') && drive.get(2) == Some(&b':') {
        return Some(path.get(1..)?.to_owned());
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        let uri = |s: &str| s.parse::<lsp::Uri>().unwrap_or_else(|_| unreachable!());
        assert_eq!(
            path_of(&uri("file:///home/a%20b/x.pol")).as_deref(),
            Some("/home/a b/x.pol")
        );
        assert_eq!(
            path_of(&uri("file:///C:/p/x.pol")).as_deref(),
            Some("C:/p/x.pol")
        );
        assert_eq!(path_of(&uri("untitled:Untitled-1")), None);
    }
}
