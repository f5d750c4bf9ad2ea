//! Writing the built documents: one to standard output, or each to a
//! file of a directory.

use std::io::Write;
use std::path::Path;

use polc_dsl::deploy::Document;

/// Writes `documents` to `out` (only one) or to files of `out_dir`; the
/// inner `Err` says why nothing (or not everything) was written (the
/// command then exits 2; the caller says it, as its format wants).
///
/// # Errors
/// A failed write to `out`.
pub(super) fn write(
    out_dir: Option<&Path>,
    documents: &[Document],
    out: &mut dyn Write,
) -> std::io::Result<Result<(), String>> {
    let Some(dir) = out_dir else {
        return Ok(match documents {
            [document] => {
                out.write_all(document.text.as_bytes())?;
                Ok(())
            }
            [] => Err("the files have no block to build".to_owned()),
            _ => {
                let names: Vec<&str> = documents.iter().map(|d| d.file_name.as_str()).collect();
                Err(format!(
                    "{} documents ({}): pass `-o DIR` to write them as files",
                    documents.len(),
                    names.join(", ")
                ))
            }
        });
    };
    // Names that differ only in case are one file on the file systems of
    // macOS and Windows: one document would overwrite the other.
    let mut seen = std::collections::HashMap::new();
    for document in documents {
        let folded = document.file_name.to_lowercase();
        if let Some(first) = seen.insert(folded, &document.file_name) {
            return Ok(Err(if *first == document.file_name {
                format!(
                    "two documents would both be written to `{first}` (a block, or a part of a split block, which takes its block's name and a number): rename a block"
                )
            } else {
                format!(
                    "`{first}` and `{}` are one file where case is not told apart (macOS, Windows): rename one block",
                    document.file_name
                )
            }));
        }
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Ok(Err(format!("cannot create `{}`: {e}", dir.display())));
    }
    // Each document is written beside its place first, and put in place
    // only once all are written: a failed write leaves none of this
    // build's files, rather than some (review 42).
    let mut written: Vec<(std::path::PathBuf, std::path::PathBuf)> = Vec::new();
    let undo = |written: &[(std::path::PathBuf, std::path::PathBuf)]| {
        for (temporary, _) in written {
            let _ = std::fs::remove_file(temporary);
        }
    };
    for document in documents {
        let path = dir.join(&document.file_name);
        let temporary = dir.join(format!(".{}.polc-partial", document.file_name));
        if let Err(e) = std::fs::write(&temporary, &document.text) {
            undo(&written);
            let _ = std::fs::remove_file(&temporary);
            return Ok(Err(format!("cannot write `{}`: {e}", path.display())));
        }
        written.push((temporary, path));
    }
    if let Some((_, path)) = written.iter().find(|(_, path)| path.is_dir()) {
        undo(&written);
        return Ok(Err(format!(
            "cannot write `{}`: a directory is there",
            path.display()
        )));
    }
    for (i, (temporary, path)) in written.iter().enumerate() {
        if let Err(e) = std::fs::rename(temporary, path) {
            undo(written.get(i..).unwrap_or_default());
            return Ok(Err(format!("cannot write `{}`: {e}", path.display())));
        }
    }
    Ok(Ok(()))
}
