//! `polc.toml` and the flags that say what a user accepts: ignored codes,
//! severities, a baseline (issue 14.2). The rules themselves are
//! `polc_model::suppress::Rules`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use polc_dsl::config::Settings;
use polc_dsl::config::{code_id, find, read_config};

mod file;

use file::read_baseline;

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
