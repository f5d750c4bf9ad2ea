//! Go to definition, document symbols and formatting.

use std::path::{Path, PathBuf};

use lsp_types as lsp;
use polc_dsl::ast::{ActionKind, Block, File, Statement};

use crate::diagnostics::path_of;
use crate::text::{Document, Kind, Lines};
use crate::words;

/// Where `name` is bound in `text` (`let name = ...`, `param name: ...`),
/// with what it is, in Markdown: read line by line, so that it works in
/// a file that does not parse.
pub(crate) fn binding(text: &str, name: &str) -> Option<((usize, usize), String)> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or_default();
        let trimmed = code.trim_start();
        let indent = code.len() - trimmed.len();
        for keyword in ["let ", "param "] {
            let Some(rest) = trimmed.strip_prefix(keyword) else {
                continue;
            };
            let rest_trimmed = rest.trim_start();
            let gap = rest.len() - rest_trimmed.len();
            let Some(after) = rest_trimmed.strip_prefix(name) else {
                continue;
            };
            if after
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                continue;
            }
            let start = at + indent + keyword.len() + gap;
            return Some((
                (start, start + name.len()),
                format!("```pol\n{}\n```", code.trim()),
            ));
        }
        at += line.len();
    }
    None
}

/// The definition of the name under the cursor: a `let` or `param` of the
/// file or of a file it imports; the file an `import` names; the managed
/// policy an `extends` names (written out as JSON to read).
pub(crate) fn definition(
    uri: &lsp::Uri,
    doc: &Document,
    position: lsp::Position,
) -> Option<lsp::Location> {
    if doc.kind != Kind::Pol {
        return None;
    }
    let offset = doc.offset(position);
    let dir = path_of(uri).map(|p| {
        Path::new(&p)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    });
    let line_start = doc
        .text
        .get(..offset)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line = doc
        .text
        .get(line_start..)
        .and_then(|l| l.lines().next())
        .unwrap_or_default();
    // `import "file.pol"`.
    if let Some(rest) = line.trim_start().strip_prefix("import") {
        let target = rest.trim().trim_matches('"');
        let path = dir?.join(target);
        return Some(lsp::Location::new(file_uri(&path)?, lsp::Range::default()));
    }
    let (start, end) = words::word_at(&doc.text, offset)?;
    let word = doc.text.get(start..end)?;
    // `extends aws:Name`.
    if let Some(name) = word.strip_prefix("aws:")
        && words::token_before(&doc.text, start) == "extends"
    {
        let policy = polc_catalog::managed_policy(name)?;
        let path = write_managed(policy.name, policy.document())?;
        return Some(lsp::Location::new(file_uri(&path)?, lsp::Range::default()));
    }
    if let Some(((s, e), _)) = binding(&doc.text, word) {
        return Some(lsp::Location::new(uri.clone(), doc.range(s, e)));
    }
    let (path, text, (s, e), _) = imported(uri, &doc.text, word)?;
    let lines = Lines::new(&text);
    Some(lsp::Location::new(
        file_uri(&path)?,
        lines.range(&text, s, e),
    ))
}

/// Where a file that `text` imports binds `name`: the file, its text, the
/// name's span and what it is bound to.
fn imported(
    uri: &lsp::Uri,
    text: &str,
    name: &str,
) -> Option<(PathBuf, String, (usize, usize), String)> {
    let dir = Path::new(&path_of(uri)?).parent()?.to_path_buf();
    let file = polc_dsl::parse::parse(text).ok()?;
    file.imports.iter().find_map(|import| {
        let path = dir.join(&import.node);
        let source = polc_dsl::read_source(&path).ok()?;
        let (span, detail) = binding(&source, name)?;
        Some((path, source, span, detail))
    })
}

/// What a file that `text` imports binds `name` to, in Markdown.
pub(crate) fn imported_binding(uri: &lsp::Uri, text: &str, name: &str) -> Option<String> {
    imported(uri, text, name).map(|(path, _, _, detail)| {
        format!(
            "{detail}\n\nfrom `{}`",
            path.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
        )
    })
}

/// Writes a managed policy's document where the editor can open it: the
/// user's cache (`$XDG_CACHE_HOME`, or `~/.cache`), `polc/managed-policies/`
/// — never a shared directory another user could plant a link in. The
/// file is written beside it first (a new file, never one that exists)
/// and renamed over it: a link in its place is replaced, not followed.
fn write_managed(name: &str, document: &str) -> Option<PathBuf> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    let dir = cache.join("polc").join("managed-policies");
    std::fs::create_dir_all(&dir).ok()?;
    // A managed policy's name is letters, digits and `+=,.@_-`.
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
        || name.starts_with('.')
    {
        return None;
    }
    let path = dir.join(format!("{name}.json"));
    let current = std::fs::symlink_metadata(&path)
        .ok()
        .filter(std::fs::Metadata::is_file)
        .and_then(|_| std::fs::read_to_string(&path).ok());
    if current.as_deref() == Some(document) {
        return Some(path);
    }
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let _ = std::fs::remove_file(&temporary);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .ok()?;
    std::io::Write::write_all(&mut file, document.as_bytes()).ok()?;
    drop(file);
    std::fs::rename(&temporary, &path).ok()?;
    Some(path)
}

/// A `file:` URI for a path (percent-encoding what a URI cannot hold).
pub(crate) fn file_uri(path: &Path) -> Option<lsp::Uri> {
    let absolute: PathBuf = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let text = absolute.to_str()?.replace('\\', "/");
    let mut out = String::from("file://");
    if !text.starts_with('/') {
        out.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.parse().ok()
}

/// The document's outline: parameters, bindings, imports, and each block
/// with its statements.
pub(crate) fn symbols(doc: &Document) -> Vec<lsp::DocumentSymbol> {
    if doc.kind != Kind::Pol {
        return Vec::new();
    }
    let Ok(file) = polc_dsl::parse::parse(&doc.text) else {
        return Vec::new();
    };
    outline(doc, &file)
}

#[expect(deprecated, reason = "`DocumentSymbol::deprecated` must be given")]
fn symbol(
    doc: &Document,
    name: String,
    detail: Option<String>,
    kind: lsp::SymbolKind,
    span: polc_model::Span,
    name_span: polc_model::Span,
    children: Option<Vec<lsp::DocumentSymbol>>,
) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: doc.range(span.start, span.end),
        selection_range: doc.range(name_span.start, name_span.end),
        children,
    }
}

fn outline(doc: &Document, file: &File) -> Vec<lsp::DocumentSymbol> {
    let mut out = Vec::new();
    for import in &file.imports {
        out.push(symbol(
            doc,
            import.node.clone(),
            Some("import".into()),
            lsp::SymbolKind::MODULE,
            import.span,
            import.span,
            None,
        ));
    }
    for param in &file.params {
        out.push(symbol(
            doc,
            param.name.node.clone(),
            Some(param.ty.node.as_str()),
            lsp::SymbolKind::CONSTANT,
            param.span,
            param.name.span,
            None,
        ));
    }
    for binding in &file.lets {
        out.push(symbol(
            doc,
            binding.name.node.clone(),
            Some("let".into()),
            lsp::SymbolKind::VARIABLE,
            binding.span,
            binding.name.span,
            None,
        ));
    }
    for block in &file.blocks {
        out.push(block_symbol(doc, block));
    }
    out.sort_by_key(|s| (s.range.start.line, s.range.start.character));
    out
}

fn block_symbol(doc: &Document, block: &Block) -> lsp::DocumentSymbol {
    let children = block
        .statements
        .iter()
        .enumerate()
        .map(|(i, s)| statement_symbol(doc, block, i, s))
        .collect();
    let detail = match &block.extends {
        Some(extends) => format!("{} extends {}", block.kind.as_str(), extends.managed.node),
        None => block.kind.as_str().to_owned(),
    };
    symbol(
        doc,
        block.name.node.clone(),
        Some(detail),
        lsp::SymbolKind::CLASS,
        block.span,
        block.name.span,
        Some(children),
    )
}

fn statement_symbol(
    doc: &Document,
    block: &Block,
    index: usize,
    s: &Statement,
) -> lsp::DocumentSymbol {
    let name = s.sid.as_ref().map_or_else(
        || format!("{}{}", block.name.node, index + 1),
        |sid| sid.node.clone(),
    );
    let effect = match s.effect.node {
        polc_dsl::ast::Effect::Allow => "allow",
        polc_dsl::ast::Effect::Deny => "deny",
    };
    let actions: Vec<String> = s
        .actions
        .iter()
        .map(|a| match &a.node {
            ActionKind::Star => "*".to_owned(),
            ActionKind::Name(n) | ActionKind::Quoted(n) => n.clone(),
            ActionKind::Set(service, names) => format!(
                "{}:{{{}}}",
                service.node,
                names
                    .iter()
                    .map(|n| n.node.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ActionKind::Group(service, level) => format!("{service}:@{}", level.node),
        })
        .collect();
    let name_span = s.sid.as_ref().map_or(s.effect.span, |sid| sid.span);
    symbol(
        doc,
        name,
        Some(format!("{effect} {}", actions.join(", "))),
        lsp::SymbolKind::FIELD,
        s.span,
        name_span,
        None,
    )
}

/// `polc fmt` of a `.pol` document, as one edit (none when it is already
/// formatted; `None` when it does not parse).
pub(crate) fn format(doc: &Document) -> Option<Vec<lsp::TextEdit>> {
    if doc.kind != Kind::Pol {
        return None;
    }
    let formatted = polc_dsl::fmt::format(&doc.text).ok()?;
    if formatted == doc.text {
        return Some(Vec::new());
    }
    Some(vec![lsp::TextEdit::new(
        doc.range(0, doc.text.len()),
        formatted,
    )])
}
