//! The configuration file's format (TOML) and a baseline's (a `polc
//! check --format json` output).

use std::collections::HashMap;
use std::path::Path;

use policy_model::Severity;
use policy_model::suppress::{PathIgnore, Rules};
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
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read `{}`: {e}", file.display()))?;
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
    let mut rules = Rules {
        root: std::path::absolute(file)
            .ok()
            .and_then(|f| f.parent().map(Path::to_path_buf)),
        ..Rules::default()
    };
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
    for (code, level) in config.severity {
        let id = code_id(&code, &format!("{shown}: [severity]"))?;
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
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the baseline `{shown}`: {e}"))?;
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
