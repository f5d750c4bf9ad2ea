//! A document's diagnostics: `polc check`'s findings, in LSP's terms.

use std::collections::HashMap;

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
            let (values, invented) = with_examples(&path, &doc.text, params);
            let options = polc_dsl::Options {
                ignore_unknown_params: true,
                size_warns: true,
                ..polc_dsl::Options::default()
            };
            let mut found = match polc_dsl::files::compile_path(
                &path,
                &doc.text,
                &values,
                polc_catalog::Reference::embedded(),
                options,
            ) {
                Ok(compiled) => compiled.into_iter().flat_map(|c| c.findings).collect(),
                Err(diagnostics) => diagnostics.0,
            };
            invented.mark(&doc.text, &mut found);
            found
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

/// The parameters the editor gave an example value, and the bindings whose
/// value uses one: a finding on text that names one of them may come from
/// the example, not from the file.
#[derive(Debug, Default)]
pub(crate) struct Invented {
    /// Each name (a parameter, or a binding using one) with the
    /// parameters it stands for.
    names: HashMap<String, Vec<String>>,
    /// The example given each parameter.
    examples: Vec<(String, String)>,
}

impl Invented {
    /// The invented parameters a text names: by name (`account`,
    /// `{account}`, a binding using it), or, for `account`, `region` and
    /// `partition`, through an ARN builder that defaults to them.
    fn named_in<'s>(&'s self, text: &str) -> Vec<&'s str> {
        let mut found: Vec<&str> = Vec::new();
        let mut add = |param: &'s str| {
            if !found.contains(&param) {
                found.push(param);
            }
        };
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        for piece in text.split(|c: char| !word(c)) {
            if let Some(params) = self.names.get(piece) {
                params.iter().for_each(|p| add(p));
            }
        }
        if calls_builder(text) {
            for (param, _) in &self.examples {
                if matches!(param.as_str(), "account" | "region" | "partition") {
                    add(param);
                }
            }
        }
        found
    }

    /// Says, in each finding on text that names an invented parameter,
    /// that the value is the editor's example.
    fn mark(&self, text: &str, findings: &mut [Finding]) {
        if self.examples.is_empty() {
            return;
        }
        for finding in findings {
            let Some(quoted) = finding.location.span.and_then(|s| text.get(s.start..s.end)) else {
                continue;
            };
            let mut params = self.named_in(quoted);
            // A finding between two places (a redundant entry, a statement
            // another covers) may point at the one without the parameter
            // but quote the example of the other: a distinctive example (an
            // account id, a Region, an ARN) in the message says so too.
            for (param, example) in &self.examples {
                if example.len() >= "us-east-1".len()
                    && finding.message.contains(example.as_str())
                    && !params.contains(&param.as_str())
                {
                    params.push(param);
                }
            }
            if params.is_empty() {
                continue;
            }
            let used: Vec<String> = params
                .iter()
                .filter_map(|p| {
                    let (_, example) = self.examples.iter().find(|(name, _)| name == p)?;
                    Some(format!("`{p}` = `{example}`"))
                })
                .collect();
            finding.message.push_str(&format!(
                " (with the editor's example value for a parameter that has none: {}; give its value in the `params` setting to check with it)",
                used.join(", ")
            ));
        }
    }
}

/// Whether `text` calls an ARN builder (`svc.type(`).
fn calls_builder(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'.'
            && i > 0
            && bytes.get(i - 1).is_some_and(u8::is_ascii_alphanumeric)
            && bytes
                .get(i + 1..)
                .map(|rest| {
                    rest.iter()
                        .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_' || c == b'-'))
                })
                .is_some_and(|end| {
                    end.is_some_and(|e| e > 0 && bytes.get(i + 1 + e) == Some(&b'('))
                })
    })
}

/// The parameters given, and an example value of its type for each of the
/// parameters without one or a default that the file (at `path`) declares,
/// itself or through its imports (in the editor, no `-p` is given: a
/// missing value is not the file's fault), with what was invented.
pub(crate) fn with_examples(
    path: &str,
    text: &str,
    given: &polc_dsl::Params,
) -> (polc_dsl::Params, Invented) {
    let mut values = given.clone();
    let mut invented = Invented::default();
    let Ok(file) = polc_dsl::parse::parse(text) else {
        return (values, invented);
    };
    let declared = polc_dsl::files::param_declarations(path, &file);
    for param in declared.iter().filter(|p| p.default.is_none()) {
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
        let name = &param.name.node;
        if !values.contains_key(name) {
            values.insert(name.clone(), example.to_owned());
            invented.examples.push((name.clone(), example.to_owned()));
            invented.names.insert(name.clone(), vec![name.clone()]);
        }
    }
    // A binding stands for the invented parameters its value names (and
    // those of the bindings before it that it names).
    for binding in &file.lets {
        let Some(value) = text.get(binding.span.start..binding.span.end) else {
            continue;
        };
        let params: Vec<String> = invented
            .named_in(value)
            .into_iter()
            .map(str::to_owned)
            .collect();
        if !params.is_empty() {
            invented.names.insert(binding.name.node.clone(), params);
        }
    }
    (values, invented)
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
    fn invented_parameters_are_traced_through_bindings_and_builders() {
        let text = "param account: account_id\nparam bucket: string\nparam given: string\nlet objects = \"arn:aws:s3:::{bucket}/*\"\nlet both = [objects, \"x\"]\npolicy P {\n  allow s3:GetObject on both\n}\n";
        let given: polc_dsl::Params = [("given".to_owned(), "v".to_owned())].into_iter().collect();
        let (values, invented) = with_examples("untitled.pol", text, &given);
        assert_eq!(values.get("bucket").map(String::as_str), Some("example"));
        assert_eq!(invented.named_in("on both"), ["bucket"]);
        assert_eq!(invented.named_in("\"{bucket}-logs\""), ["bucket"]);
        assert!(invented.named_in("bucketful given").is_empty());
        assert_eq!(invented.named_in("ecs.cluster(\"prod\")"), ["account"]);
        assert!(invented.named_in("\"a.b\" (x)").is_empty());
    }

    /// Review 52: a parameter an imported file declares got no example,
    /// and the statements using it went unchecked.
    #[test]
    fn imported_parameters_get_examples() {
        let dir = std::env::temp_dir().join(format!("polc-lsp-imports-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|_| unreachable!());
        std::fs::write(
            dir.join("common.pol"),
            "param account: account_id\nparam named: string = \"x\"\nlet bucket = \"arn:aws:s3:::{account}-logs\"\n",
        )
        .unwrap_or_else(|_| unreachable!());
        let main = dir.join("main.pol");
        let text = "import \"common.pol\"\npolicy P {\n  allow s3:GetObject on bucket\n}\n";
        let (values, _) =
            with_examples(&main.to_string_lossy(), text, &polc_dsl::Params::default());
        assert_eq!(
            values.get("account").map(String::as_str),
            Some("111122223333")
        );
        assert_eq!(values.get("named"), None);
        let uri = format!("file://{}", main.to_string_lossy())
            .parse::<lsp::Uri>()
            .unwrap_or_else(|_| unreachable!());
        let doc = Document::new(text.to_owned(), 1, Kind::Pol);
        let found = findings(&uri, &doc, &polc_dsl::Params::default());
        assert!(
            found.iter().all(|f| f.code.name != "POL_MISSING_PARAMETER"),
            "{found:?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

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
