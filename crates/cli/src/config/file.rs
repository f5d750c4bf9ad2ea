//! The configuration file's format (TOML) and a baseline's (a `polc
//! check --format json` output).

use std::collections::HashMap;
use std::path::Path;

use polc_model::Severity;
use polc_model::suppress::{PathIgnore, Rules};
use serde::Deserialize;

use super::{Settings, code_id};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    check: CheckSection,
    #[serde(default)]
    severity: HashMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CheckSection {
    #[serde(default)]
    deny_warnings: bool,
    #[serde(default)]
    ignore: Vec<IgnoreEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum IgnoreEntry {
    Code(String),
    Rule(PathRule),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PathRule {
    paths: Vec<String>,
    codes: Vec<String>,
    reason: String,
}

/// The settings of the configuration file `file`.
pub(super) fn read_config(file: &Path) -> Result<Settings, String> {
    let text = read_text(file, MAX_CONFIG_BYTES)?;
    let config: ConfigFile = toml::from_str(&text).map_err(|e| {
        format!(
            "`{}` is not a valid polc configuration: {e}",
            file.display()
        )
    })?;
    from_config(config, file)
}

fn from_config(config: ConfigFile, file: &Path) -> Result<Settings, String> {
    let shown = file.display();
    let mut rules = Rules::default();
    rules.root = std::path::absolute(file)
        .ok()
        .and_then(|f| f.parent().map(Path::to_path_buf));
    for entry in config.check.ignore {
        match entry {
            IgnoreEntry::Code(code) => {
                let id = code_id(&code, &format!("{shown}: ignore"))?;
                rules.ignore.push((id, format!("ignored in {shown}")));
            }
            IgnoreEntry::Rule(rule) => {
                if rule.reason.trim().is_empty() {
                    return Err(format!(
                        "{shown}: an ignore rule for paths says why (`reason`)"
                    ));
                }
                let codes = rule
                    .codes
                    .iter()
                    .map(|c| code_id(c, &format!("{shown}: ignore")))
                    .collect::<Result<Vec<_>, _>>()?;
                rules.path_ignores.push(PathIgnore {
                    paths: rule.paths,
                    codes,
                    reason: rule.reason,
                });
            }
        }
    }
    // Sorted, so that what is reported is the same from run to run.
    let mut severities: Vec<(String, String)> = config.severity.into_iter().collect();
    severities.sort();
    for (code, level) in severities {
        let id = code_id(&code, &format!("{shown}: [severity]"))?;
        if rules.severity.contains_key(&id) {
            return Err(format!(
                "{shown}: [severity] names `{}` twice (as `{code}` too): keep one",
                id.name()
            ));
        }
        let severity = match level.as_str() {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "suggestion" => Some(Severity::Suggestion),
            "off" => None,
            other => {
                return Err(format!(
                    "{shown}: [severity] {code} = \"{other}\": the levels are \"error\", \"warning\", \"suggestion\" and \"off\""
                ));
            }
        };
        rules.severity.insert(id, severity);
    }
    Ok(Settings {
        rules,
        deny_warnings: config.check.deny_warnings,
    })
}

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

/// The most bytes of a configuration file polc reads.
const MAX_CONFIG_BYTES: usize = 1 << 20;

/// A regular file of at most `max` bytes, as text.
fn read_text(path: &Path, max: usize) -> Result<String, String> {
    use polc_model::file::{Source, read_bounded};
    let bytes = read_bounded(Source::Path(path), max, true)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("`{}` is not UTF-8", path.display()))
}
