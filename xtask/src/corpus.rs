//! `update-corpus`: the policy documents the test suite runs over.
//!
//! - `tests/corpus/seeds/SSS-N.TYPE.json`: every JSON object with a
//!   `Statement` key that appears in seed page `SSS` (fenced or inline), as
//!   written there (placeholders such as `<aws_account_id>` kept), numbered
//!   in page order; `TYPE` is `trust` when a statement names a principal and
//!   an `sts:AssumeRole*` action, `resource` when it names a principal for
//!   anything else, `identity` otherwise.
//!
//! The managed policies the tests also run over are the catalog's own
//! (`crates/catalog/data/managed-policies/current/`, from `update-catalog`).

use std::path::Path;

use serde_json::Value;

use crate::{Result, read, write};

pub fn run(root: &Path, shared: &Path) -> Result<()> {
    let out = root.join("tests/corpus");
    let dir = out.join("seeds");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
    }
    let mut seeds = list(&shared.join("seeds"), ".txt")?;
    seeds.sort();
    for seed in &seeds {
        let text = read(seed)?;
        let stem = seed
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let number = stem.get(..3).unwrap_or(stem);
        for (i, (raw, doc)) in documents(&text).into_iter().enumerate() {
            let name = format!("{number}-{:02}.{}.json", i + 1, policy_type(&doc));
            write(&out.join("seeds").join(name), &format!("{raw}\n"))?;
        }
    }
    Ok(())
}

fn list(dir: &Path, extension: &str) -> Result<Vec<std::path::PathBuf>> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut paths: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(extension))
        .collect();
    paths.sort();
    Ok(paths)
}

/// Every balanced `{...}` in `text` that is a JSON object with `Statement`,
/// outermost only, in order.
pub fn documents(text: &str) -> Vec<(&str, Value)> {
    let mut found = Vec::new();
    let mut pos = 0;
    while let Some(offset) = text.get(pos..).and_then(|rest| rest.find('{')) {
        let start = pos + offset;
        let end = balanced_end(text, start);
        match end.and_then(|end| text.get(start..end).map(|raw| (raw, end))) {
            Some((raw, end)) => match serde_json::from_str::<Value>(raw) {
                Ok(doc) if doc.get("Statement").is_some() => {
                    found.push((raw, doc));
                    pos = end;
                }
                _ => pos = start + 1,
            },
            None => pos = start + 1,
        }
    }
    found
}

/// The byte after the `}` that closes the `{` at `start`, skipping strings.
fn balanced_end(text: &str, start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate().skip(start) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => depth += 1,
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

fn policy_type(doc: &Value) -> &'static str {
    let statements: Vec<&Value> = match doc.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let mut kind = "identity";
    for statement in statements {
        if statement.get("Principal").is_none() && statement.get("NotPrincipal").is_none() {
            continue;
        }
        let assume = match statement.get("Action") {
            Some(Value::String(a)) => a.starts_with("sts:AssumeRole"),
            Some(Value::Array(items)) => items
                .iter()
                .all(|a| a.as_str().is_some_and(|a| a.starts_with("sts:AssumeRole"))),
            _ => false,
        };
        kind = if assume { "trust" } else { "resource" };
    }
    kind
}
