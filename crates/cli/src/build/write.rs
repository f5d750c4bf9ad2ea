//! Writing the built documents: one to standard output, or each to a
//! file of a directory.

use std::io::Write;
use std::path::Path;

use polc_dsl::deploy::Document;

use crate::Outcome;

/// Writes `documents` to `out` (only one) or to files of `out_dir`.
///
/// # Errors
/// A failed write to `out` (a file that cannot be written is reported and
/// exits 2).
pub(super) fn write(
    out_dir: Option<&Path>,
    documents: &[Document],
    out: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let Some(dir) = out_dir else {
        return Ok(match documents {
            [document] => {
                out.write_all(document.text.as_bytes())?;
                Outcome::Success
            }
            [] => {
                eprintln!("polc: the files have no block to build");
                Outcome::Failure
            }
            _ => {
                let names: Vec<&str> = documents.iter().map(|d| d.file_name.as_str()).collect();
                eprintln!(
                    "polc: {} documents ({}): pass `-o DIR` to write them as files",
                    documents.len(),
                    names.join(", ")
                );
                Outcome::Failure
            }
        });
    };
    // Names that differ only in case are one file on the file systems of
    // macOS and Windows: one document would overwrite the other.
    let mut seen = std::collections::HashMap::new();
    for document in documents {
        let folded = document.file_name.to_lowercase();
        if let Some(first) = seen.insert(folded, &document.file_name) {
            let said = if *first == document.file_name {
                format!("two blocks would both be written to `{first}`: rename one")
            } else {
                format!(
                    "`{first}` and `{}` are one file where case is not told apart (macOS, Windows): rename one block",
                    document.file_name
                )
            };
            eprintln!("polc: {said}");
            return Ok(Outcome::Failure);
        }
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("polc: cannot create `{}`: {e}", dir.display());
        return Ok(Outcome::Failure);
    }
    for document in documents {
        let path = dir.join(&document.file_name);
        if let Err(e) = std::fs::write(&path, &document.text) {
            eprintln!("polc: cannot write `{}`: {e}", path.display());
            return Ok(Outcome::Failure);
        }
    }
    Ok(Outcome::Success)
}
