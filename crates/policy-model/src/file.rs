//! Reading an input file within a size bound: the one reader of every
//! file polc reads (policies, requests, `.pol` sources and imports).

use std::io::Read;
use std::path::Path;

/// Where to read from.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// A file.
    Path(&'a Path),
    /// Standard input.
    Stdin,
}

/// Reads at most `max` bytes; reading stops there, so a device or a huge
/// file costs nothing. `regular_only`: refuse anything but a regular file,
/// checked before opening (opening a FIFO blocks until a writer comes).
///
/// # Errors
/// Why the input cannot be read, in words (without its name: the caller
/// names it): an I/O error, not a regular file, or over `max` bytes.
///
/// ```
/// use polc_model::file::{Source, read_bounded};
/// let dir = std::env::temp_dir().join("polc-model-doc-read-bounded");
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("p.json");
/// std::fs::write(&path, "{}").unwrap();
/// assert_eq!(read_bounded(Source::Path(&path), 10, true).unwrap(), b"{}");
/// assert!(read_bounded(Source::Path(&path), 1, true).unwrap_err().contains("larger than"));
/// assert!(read_bounded(Source::Path(&dir), 10, true).unwrap_err().contains("not a regular file"));
/// ```
pub fn read_bounded(source: Source<'_>, max: usize, regular_only: bool) -> Result<Vec<u8>, String> {
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    match source {
        Source::Stdin => {
            std::io::stdin()
                .lock()
                .take(limit)
                .read_to_end(&mut bytes)
                .map_err(|e| e.to_string())?;
        }
        Source::Path(path) => {
            if regular_only
                && !std::fs::metadata(path)
                    .map_err(|e| e.to_string())?
                    .is_file()
            {
                return Err("it is not a regular file".into());
            }
            let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
            let metadata = file.metadata().map_err(|e| e.to_string())?;
            if regular_only && !metadata.is_file() {
                return Err("it is not a regular file".into());
            }
            // Read in one go where the size is known (a file may still
            // grow: `take` bounds it).
            let size = usize::try_from(metadata.len()).unwrap_or(usize::MAX);
            bytes.reserve_exact(size.min(max).saturating_add(1));
            file.take(limit)
                .read_to_end(&mut bytes)
                .map_err(|e| e.to_string())?;
        }
    }
    if bytes.len() > max {
        return Err(if max >= 1 << 20 {
            format!("it is larger than {} MiB, the most polc reads", max >> 20)
        } else {
            format!("it is larger than {max} bytes, the most polc reads")
        });
    }
    Ok(bytes)
}
