//! Reading inputs: files or stdin (`-`), bounded in size, checked for UTF-8.

use polc_model::file::{Source, read_bounded};
use polc_model::json::MAX_INPUT_BYTES;

/// An input read into memory.
pub struct Input {
    /// The name as given (`-` for stdin).
    pub name: String,
    /// The text. Invalid UTF-8 is replaced (see `invalid_utf8_at`).
    pub text: String,
    /// The byte offset of the first invalid UTF-8 sequence, if any.
    pub invalid_utf8_at: Option<usize>,
}

/// Whether `text` reads as a JSON object rather than `.pol` (its first
/// character, past a byte-order mark and whitespace, is `{`).
pub fn looks_like_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

/// Whether `name` reads standard input: `-`, or a path to the same pipe,
/// terminal or socket (`/dev/stdin`, `/proc/self/fd/0`), which can be
/// read only once too. A regular file redirected to standard input and
/// named by its path reads twice from its start: not counted.
pub fn names_stdin(name: &str) -> bool {
    if name == "-" {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        let Ok(path) = std::fs::metadata(name) else {
            return false;
        };
        let Ok(fd) = std::io::stdin().as_fd().try_clone_to_owned() else {
            return false;
        };
        let Ok(stdin) = std::fs::File::from(fd).metadata() else {
            return false;
        };
        !stdin.is_file() && path.dev() == stdin.dev() && path.ino() == stdin.ino()
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// Refuses `names` that read standard input more than once (`-` twice,
/// or `-` and `/dev/stdin`).
///
/// # Errors
/// The message saying so.
pub fn stdin_once(names: &[String]) -> Result<(), String> {
    if names.iter().filter(|n| names_stdin(n)).count() > 1 {
        return Err(
            "standard input (`-`, or a path to it such as `/dev/stdin`) can be read only once: give it once"
                .to_owned(),
        );
    }
    Ok(())
}

/// Reads `name` (a path, or `-` for stdin).
///
/// # Errors
/// A message naming the input when it cannot be read or is larger than the
/// reader accepts.
pub fn read(name: &str) -> Result<Input, String> {
    let shown = if name == "-" { "standard input" } else { name };
    let source = if name == "-" {
        Source::Stdin
    } else {
        Source::Path(std::path::Path::new(name))
    };
    let bytes = read_bounded(source, MAX_INPUT_BYTES, false).map_err(|e| {
        if e.starts_with("it is larger") {
            format!(
                "`{shown}` is larger than {} MiB, the most polc reads; an IAM policy is at most a few tens of kilobytes",
                MAX_INPUT_BYTES / (1024 * 1024)
            )
        } else {
            format!("cannot read `{shown}`: {e}")
        }
    })?;
    let (text, invalid_utf8_at) = match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            (
                String::from_utf8_lossy(error.as_bytes()).into_owned(),
                Some(at),
            )
        }
    };
    Ok(Input {
        name: name.to_owned(),
        text,
        invalid_utf8_at,
    })
}

/// [`read`], refusing text that is not UTF-8 (for `.pol` sources and
/// imports, where a replaced byte would end up in a document).
///
/// # Errors
/// As [`read`], and a message with the place of the first invalid byte.
pub fn read_utf8(name: &str) -> Result<Input, String> {
    let input = read(name)?;
    match input.invalid_utf8_at {
        None => Ok(input),
        Some(at) => {
            let before = input.text.get(..at).unwrap_or_default();
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let shown = if name == "-" { "standard input" } else { name };
            Err(format!(
                "`{shown}` is not UTF-8: the byte at line {line}, column {column} (offset {at}) is not; save it as UTF-8"
            ))
        }
    }
}

/// [`read_utf8`], saying why not on standard error.
pub fn read_utf8_or_say(name: &str) -> Option<Input> {
    read_utf8(name)
        .map_err(|message| eprintln!("polc: {message}"))
        .ok()
}
