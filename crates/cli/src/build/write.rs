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
    let mut seen = std::collections::HashSet::new();
    for document in documents {
        if !seen.insert(&document.file_name) {
            eprintln!(
                "polc: two blocks would both be written to `{}`: rename one",
                document.file_name
            );
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
