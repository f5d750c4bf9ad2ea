//! Findings a user has accepted: ignored codes (everywhere, or under some
//! paths), severities changed or turned off, and a baseline of findings
//! already known. What is suppressed is kept, with why, for `-v` and
//! SARIF; it does not count for the exit code.

use std::collections::HashMap;

use crate::codes::CodeId;
use crate::{Finding, Severity};

/// The reason of a finding the baseline accepted.
pub const IN_BASELINE: &str = "in the baseline";

/// A finding that does not count, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    /// The finding.
    pub finding: Finding,
    /// Why it does not count (the reason given, or where the rule is).
    pub reason: String,
    /// Whether a comment in the source suppressed it (else a configuration
    /// file, a flag or a baseline).
    pub in_source: bool,
}

/// Codes ignored under some paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathIgnore {
    /// Path patterns (`*` matches any characters, `/` included).
    pub paths: Vec<String>,
    /// The codes.
    pub codes: Vec<CodeId>,
    /// Why.
    pub reason: String,
}

/// What a user accepts, from configuration, flags and a baseline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rules {
    /// Codes ignored everywhere, with where the rule comes from.
    pub ignore: Vec<(CodeId, String)>,
    /// Codes ignored under some paths.
    pub path_ignores: Vec<PathIgnore>,
    /// Severities changed; `None` turns the code off.
    pub severity: HashMap<CodeId, Option<Severity>>,
    /// Findings already known: (file, code, message), each suppressing one
    /// equal finding.
    pub baseline: Vec<BaselineEntry>,
    /// The directory `path_ignores` are relative to (the configuration
    /// file's); without it, paths are matched as the files are named.
    pub root: Option<std::path::PathBuf>,
    /// The baseline entries not yet used, counted by (file, code,
    /// message): shared by every [`Rules::apply`] of a run, so that an
    /// entry suppresses one finding in all (a file's blocks are applied
    /// one by one).
    left: Left,
}

/// The baseline entries not yet used; a copy of the rules starts afresh.
/// Behind a lock, so that one run may apply the rules to its inputs on
/// several threads.
#[derive(Debug, Default)]
struct Left(std::sync::Mutex<Option<HashMap<BaselineEntry, usize>>>);

impl Left {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<HashMap<BaselineEntry, usize>>> {
        // A panic while the entries were held leaves them as they were
        // counted so far: still the entries not yet used.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl PartialEq for Left {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other) || *self.lock() == *other.lock()
    }
}

impl Eq for Left {}

/// A baseline entry: file, code, message.
type BaselineEntry = (String, String, String);

impl Clone for Left {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl Rules {
    /// The severity `finding` has under the rules (`None`: turned off).
    /// A code that cannot be suppressed keeps its severity.
    pub fn severity_of(&self, finding: &Finding) -> Option<Severity> {
        if !finding.code.id.suppressible() {
            return Some(finding.severity);
        }
        match self.severity.get(&finding.code.id) {
            Some(severity) => *severity,
            None => Some(finding.severity),
        }
    }

    /// Why a rule other than the baseline suppresses `finding` in `file`.
    fn reason(&self, file: &str, finding: &Finding) -> Option<String> {
        if !finding.code.id.suppressible() {
            return None;
        }
        if self.severity_of(finding).is_none() {
            return Some(format!("`{}` is turned off", finding.code.name));
        }
        if let Some((_, source)) = self.ignore.iter().find(|(c, _)| *c == finding.code.id) {
            return Some(source.clone());
        }
        if self.path_ignores.is_empty() {
            return None;
        }
        let names = self.names_of(file);
        self.path_ignores
            .iter()
            .find(|rule| {
                rule.codes.contains(&finding.code.id)
                    && rule.paths.iter().any(|p| {
                        let p = p.strip_prefix("./").unwrap_or(p);
                        names.iter().any(|n| crate::wildcard::matches(p, n))
                    })
            })
            .map(|rule| rule.reason.clone())
    }

    /// The names a path rule may match `file` by: as given, and relative to
    /// `root`.
    fn names_of(&self, file: &str) -> Vec<String> {
        let mut names = vec![normal(std::path::Path::new(file))];
        if let Some(root) = &self.root
            && let Ok(absolute) = std::path::absolute(file)
            && let Ok(relative) =
                std::path::Path::new(&normal(&absolute)).strip_prefix(normal(root))
        {
            let relative = relative.to_string_lossy();
            // `\` separates parts only on Windows; elsewhere it is a
            // character of a file name.
            names.push(if cfg!(windows) {
                relative.replace('\\', "/")
            } else {
                relative.into_owned()
            });
        }
        names
    }

    /// Splits the findings of `file` into those that count (with their
    /// severities as the rules set them) and those suppressed. A baseline
    /// entry suppresses one equal finding (same file, code and message).
    pub fn apply(&self, file: &str, findings: Vec<Finding>) -> (Vec<Finding>, Vec<Suppressed>) {
        // Without a baseline there is nothing to count, and no lock to take.
        let mut left = (!self.baseline.is_empty()).then(|| self.left.lock());
        let mut known = left.as_deref_mut().map(|left| {
            left.get_or_insert_with(|| {
                let mut counts = HashMap::new();
                for entry in &self.baseline {
                    *counts.entry(entry.clone()).or_default() += 1;
                }
                counts
            })
        });
        let mut kept = Vec::new();
        let mut suppressed = Vec::new();
        for mut finding in findings {
            if let Some(reason) = self.reason(file, &finding) {
                suppressed.push(Suppressed {
                    finding,
                    reason,
                    in_source: false,
                });
                continue;
            }
            let in_baseline = finding.code.id.suppressible()
                && known.as_deref_mut().is_some_and(|known| {
                    let key = (
                        file.to_owned(),
                        finding.code.name.to_owned(),
                        finding.message.clone(),
                    );
                    known
                        .get_mut(&key)
                        .filter(|n| **n > 0)
                        .map(|count| *count -= 1)
                        .is_some()
                });
            if in_baseline {
                suppressed.push(Suppressed {
                    finding,
                    reason: IN_BASELINE.to_owned(),
                    in_source: false,
                });
                continue;
            }
            if let Some(severity) = self.severity_of(&finding) {
                finding.severity = severity;
            }
            kept.push(finding);
        }
        (kept, suppressed)
    }
}

/// `path` with `.` and `..` resolved as text (`legacy/../prod/x.json` is
/// `prod/x.json`), `/` between parts.
fn normal(path: &std::path::Path) -> String {
    use std::path::Component;
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for component in path.components() {
        match component {
            Component::RootDir | Component::Prefix(_) => absolute = true,
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.last().is_some_and(|p| p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..".to_owned());
                }
            }
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::{PathIgnore, Rules};
    use crate::codes::catalog::INVALID_ACTION;
    use crate::codes::{CodeId, MISSING_VERSION};
    use crate::{Finding, Location, Severity};

    fn finding(code: &'static crate::Code, message: &str) -> Finding {
        Finding::new(code, message.to_owned(), Location::default())
    }

    #[test]
    fn rules_suppress_by_code_path_severity_and_baseline() {
        let mut rules = Rules::default();
        rules.ignore.push((
            CodeId::MISSING_VERSION,
            "--ignore MISSING_VERSION".to_owned(),
        ));
        rules.path_ignores.push(PathIgnore {
            paths: vec!["legacy/*".to_owned()],
            codes: vec![CodeId::INVALID_ACTION],
            reason: "old".to_owned(),
        });
        let findings = || {
            vec![
                finding(&MISSING_VERSION, "v"),
                finding(&INVALID_ACTION, "a"),
                finding(&INVALID_ACTION, "a"),
            ]
        };
        let (kept, suppressed) = rules.apply("legacy/x.json", findings());
        assert!(kept.is_empty());
        assert_eq!(suppressed.len(), 3);
        let (kept, _) = rules.apply("./new/x.json", findings());
        assert_eq!(kept.len(), 2);
        // `..` is read as a path: not under `legacy/`.
        let (kept, _) = rules.apply("legacy/../new/x.json", findings());
        assert_eq!(kept.len(), 2);
        // A baseline entry suppresses one equal finding, once in all (the
        // calls share it).
        let mut with_baseline = rules.clone();
        with_baseline
            .baseline
            .push(("new/x.json".into(), "INVALID_ACTION".into(), "a".into()));
        let fresh = Rules {
            baseline: with_baseline.baseline.clone(),
            ..with_baseline.clone()
        };
        let (kept, suppressed) = fresh.apply("new/x.json", findings());
        assert_eq!((kept.len(), suppressed.len()), (1, 2));
        let (kept, _) = fresh.apply("new/x.json", findings());
        assert_eq!(kept.len(), 2, "the entry is used up");
        with_baseline.baseline.clear();
        rules = with_baseline;
        // Off suppresses; a lower severity counts as that.
        rules
            .severity
            .insert(CodeId::INVALID_ACTION, Some(Severity::Warning));
        let (kept, _) = rules.apply("other.json", findings());
        assert!(kept.iter().all(|f| f.severity == Severity::Warning));
        rules.severity.insert(CodeId::INVALID_ACTION, None);
        let (kept, _) = rules.apply("other.json", findings());
        assert!(kept.is_empty());
    }
}
