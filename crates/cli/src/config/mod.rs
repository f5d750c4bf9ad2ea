//! `polc.toml` and the flags that say what a user accepts: ignored codes,
//! severities, a baseline (issue 14.2). The rules themselves are
//! `polc_model::suppress::Rules`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use polc_model::codes::CodeId;
use polc_model::suppress::Rules;

mod file;

use file::{read_baseline, read_config};

/// The name of the configuration file.
pub const FILE_NAME: &str = "polc.toml";

/// The flags of `check` and `build` about what is accepted.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Flags {
    /// The configuration file (default: `polc.toml` in the input's
    /// directory or the nearest one above it).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not count findings of this code (repeatable).
    #[arg(long = "ignore", value_name = "CODE")]
    pub ignore: Vec<String>,
    /// Do not count findings already in this file (a `polc check --format
    /// json` output).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

/// What applies to one input: the rules and `deny-warnings`.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The suppression rules.
    pub rules: Rules,
    /// `[check] deny-warnings`.
    pub deny_warnings: bool,
}

/// Loads settings for inputs, once per configuration file.
#[derive(Debug, Default)]
pub struct Loader {
    flags: Flags,
    baseline: Vec<(String, String, String)>,
    /// Settings by configuration file (`None`: no file).
    cache: HashMap<Option<PathBuf>, Arc<Settings>>,
    /// The nearest configuration file by directory: the inputs of a
    /// directory share it, looked for once.
    nearest: HashMap<PathBuf, Option<PathBuf>>,
    /// Warnings about configuration files passed over, kept for the
    /// caller to print in its own order ([`Loader::hold_warnings`]);
    /// `None`: printed when found.
    held: Option<Vec<String>>,
}

impl Loader {
    /// Reads the baseline and checks the flags' codes.
    ///
    /// # Errors
    /// An unknown code, or a baseline that cannot be read.
    pub fn new(flags: &Flags) -> Result<Self, String> {
        for code in &flags.ignore {
            code_id(code, "--ignore")?;
        }
        let baseline = match &flags.baseline {
            Some(path) => read_baseline(path)?,
            None => Vec::new(),
        };
        Ok(Self {
            flags: flags.clone(),
            baseline,
            cache: HashMap::new(),
            nearest: HashMap::new(),
            held: None,
        })
    }

    /// From now on, keeps the warnings about configuration files passed
    /// over for [`Loader::take_warnings`] instead of printing them.
    pub fn hold_warnings(&mut self) {
        self.held.get_or_insert_with(Vec::new);
    }

    /// The warnings kept since the last call.
    pub fn take_warnings(&mut self) -> Vec<String> {
        self.held.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// The settings for `input` (a path, or `-`).
    ///
    /// # Errors
    /// A configuration file that cannot be read or is not valid.
    pub fn settings(&mut self, input: &str) -> Result<Arc<Settings>, String> {
        self.settings_of(input, false)
    }

    /// [`Loader::settings`] for an input read as a file (`-` included):
    /// its directory is where the search starts, without asking the file
    /// system whether it is one.
    ///
    /// # Errors
    /// A configuration file that cannot be read or is not valid.
    pub fn settings_of_file(&mut self, input: &str) -> Result<Arc<Settings>, String> {
        self.settings_of(input, true)
    }

    fn settings_of(&mut self, input: &str, read: bool) -> Result<Arc<Settings>, String> {
        let file = match &self.flags.config {
            Some(file) => Some(file.clone()),
            None => match start(input, read) {
                Some(dir) => {
                    if let Some(found) = self.nearest.get(&dir) {
                        found.clone()
                    } else {
                        let found = find(&dir, |warning| match &mut self.held {
                            Some(held) => held.push(warning),
                            None => eprintln!("{warning}"),
                        });
                        self.nearest.insert(dir, found.clone());
                        found
                    }
                }
                None => None,
            },
        };
        if let Some(settings) = self.cache.get(&file) {
            return Ok(Arc::clone(settings));
        }
        let settings = Arc::new(self.load(file.as_deref())?);
        self.cache.insert(file, Arc::clone(&settings));
        Ok(settings)
    }

    fn load(&self, file: Option<&Path>) -> Result<Settings, String> {
        let mut settings = Settings::default();
        if let Some(file) = file {
            settings = read_config(file)?;
        }
        for code in &self.flags.ignore {
            let id = code_id(code, "--ignore")?;
            settings
                .rules
                .ignore
                .push((id, format!("--ignore {}", id.name())));
        }
        settings.rules.baseline.clone_from(&self.baseline);
        Ok(settings)
    }
}

/// The directory the search for `input`'s configuration starts in.
fn start(input: &str, read: bool) -> Option<PathBuf> {
    if input == "-" {
        return std::env::current_dir().ok();
    }
    let path = std::path::absolute(input).ok()?;
    if !read && path.is_dir() {
        Some(path)
    } else {
        Some(path.parent()?.to_path_buf())
    }
}

/// The nearest `polc.toml` from `start` up that only its owner could have
/// put there. One that anyone may write, or that lies (itself, or the file
/// a link leads to) in a directory anyone may write (`/tmp`), or that
/// another user owns (unless polc runs as root), is passed over with a
/// warning: anyone could have put it there to turn findings off
/// (`--config` takes it).
fn find(start: &Path, mut warn: impl FnMut(String)) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .filter(|candidate| candidate.is_file())
        .find(|candidate| match untrusted(candidate) {
            Some(why) => {
                warn(format!(
                    "polc: warning: {} is not read: {why}; give it with `--config` to use it",
                    candidate.display()
                ));
                false
            }
            None => true,
        })
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

/// The code named `name`, one that may be suppressed.
pub(super) fn code_id(name: &str, place: &str) -> Result<CodeId, String> {
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
