//! A baseline's format (a `polc check --format json` output).

use std::path::Path;

/// The findings of a `polc check --format json` output: (file, code,
/// message).
pub(super) fn read_baseline(path: &Path) -> Result<Vec<(String, String, String)>, String> {
    let shown = path.display();
    let text = read_text(path, polc_model::json::MAX_INPUT_BYTES)?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        format!("the baseline `{shown}` is not JSON ({e}); write one with `polc check --format json` or `--write-baseline`")
    })?;
    let bad = || format!("the baseline `{shown}` is not a `polc check --format json` output");
    let mut entries = Vec::new();
    for report in value.as_array().ok_or_else(bad)? {
        let file = report["file"].as_str().ok_or_else(bad)?;
        for finding in report["findings"].as_array().ok_or_else(bad)? {
            let code = finding["issueCode"].as_str().ok_or_else(bad)?;
            let message = finding["findingDetails"].as_str().ok_or_else(bad)?;
            entries.push((file.to_owned(), code.to_owned(), message.to_owned()));
        }
    }
    Ok(entries)
}

/// A regular file of at most `max` bytes, as text.
fn read_text(path: &Path, max: usize) -> Result<String, String> {
    use polc_model::file::{Source, read_bounded};
    let bytes = read_bounded(Source::Path(path), max, true)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("`{}` is not UTF-8", path.display()))
}
