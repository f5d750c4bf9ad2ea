//! `polc.toml`: what a user accepts beyond a file's own `# polc:ignore`
//! comments — ignored codes, rules by path, severities, `deny-warnings` —
//! read the same way by `polc check`/`build` and the macros (feature
//! `config`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use polc_model::Severity;
use polc_model::codes::CodeId;
use polc_model::suppress::{PathIgnore, Rules};
use serde::Deserialize;

/// The name of the configuration file.
pub const FILE_NAME: &str = "polc.toml";

/// What applies to one input: the rules and `deny-warnings`.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Settings {
    /// The suppression rules.
    pub rules: Rules,
    /// `[check] deny-warnings`.
    pub deny_warnings: bool,
}

/// The nearest trusted `polc.toml` from `start` up and its settings
/// (`None` when there is none); `warn` hears of each file passed over.
///
/// # Errors
/// The file found cannot be read or is not a valid configuration.
pub fn nearest_settings(
    start: &Path,
    warn: impl FnMut(String),
) -> Result<Option<(PathBuf, Settings)>, String> {
    match find(start, warn) {
        Some(file) => read_config(&file).map(|settings| Some((file, settings))),
        None => Ok(None),
    }
}

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
///
/// # Errors
/// It cannot be read, is not TOML, or names an unknown code or level.
pub fn read_config(file: &Path) -> Result<Settings, String> {
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

/// The nearest `polc.toml` from `start` up that only its owner could have
/// put there. One that anyone may write, or that lies (itself, or the file
/// a link leads to) in a directory anyone may write (`/tmp`), or that
/// another user owns (unless polc runs as root), is passed over with a
/// warning: anyone could have put it there to turn findings off
/// (`--config` takes it).
pub fn find(start: &Path, mut warn: impl FnMut(String)) -> Option<PathBuf> {
    for candidate in start.ancestors().map(|dir| dir.join(FILE_NAME)) {
        if !candidate.is_file() {
            // One that is there but no regular file (a directory, a FIFO)
            // is said, not skipped silently (review 44).
            if candidate.exists() {
                warn(format!(
                    "polc: warning: {} is not read: it is not a regular file",
                    candidate.display()
                ));
            }
            continue;
        }
        match untrusted(&candidate) {
            Some(why) => warn(format!(
                "polc: warning: {} is not read: {why}; give it with `--config` to use it",
                candidate.display()
            )),
            None => return Some(candidate),
        }
    }
    None
}

/// Why a found `polc.toml` may have been written by someone else.
fn untrusted(file: &Path) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let resolved = std::fs::canonicalize(file).ok()?;
        let places = [
            Some(file.to_path_buf()),
            file.parent().map(Path::to_path_buf),
            resolved.parent().map(Path::to_path_buf),
        ];
        // Who runs polc: the owner of this process's entry (Linux).
        let me = std::fs::metadata("/proc/self").ok().map(|m| m.uid());
        for place in places.iter().flatten() {
            let Ok(meta) = std::fs::metadata(place) else {
                continue;
            };
            if meta.permissions().mode() & 0o002 != 0 {
                return Some("it, or its directory, may be written by anyone");
            }
            if let Some(me) = me
                && me != 0
                && meta.uid() != me
                && meta.uid() != 0
            {
                return Some("it, or its directory, belongs to another user");
            }
        }
        None
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        None
    }
}

/// The code named `name`, one that may be suppressed (`place` says where
/// it was named, for the error).
///
/// # Errors
/// An unknown code, or one that cannot be suppressed.
pub fn code_id(name: &str, place: &str) -> Result<CodeId, String> {
    let id = CodeId::from_name(name).ok_or_else(|| {
        match polc_model::suggest::closest(name, CodeId::ALL.iter().map(|c| c.name())) {
            Some(near) => {
                format!("{place}: `{name}` is not a finding code; did you mean `{near}`?")
            }
            None => format!("{place}: `{name}` is not a finding code; `polc explain` lists them"),
        }
    })?;
    if !id.suppressible() {
        return Err(format!(
            "{place}: `{}` cannot be ignored: it means the input could not be read or built as written",
            id.name()
        ));
    }
    Ok(id)
}

/// The most bytes of a configuration file polc reads.
const MAX_CONFIG_BYTES: usize = 1 << 20;

/// A regular file of at most `max` bytes, as text.
pub(crate) fn read_text(path: &Path, max: usize) -> Result<String, String> {
    use polc_model::file::{Source, read_bounded};
    let bytes = read_bounded(Source::Path(path), max, true)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("`{}` is not UTF-8", path.display()))
}
