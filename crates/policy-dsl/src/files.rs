//! `.pol` files on disk: finding them, and compiling one with its imports
//! read relative to its directory.

use std::path::Path;

use policy_catalog::Reference;

use crate::compile::{
    CompiledPolicy, Diagnostics, Options, Params, compile_with, file_identity, read_source,
};

/// The `.pol` files named by `inputs`: files as given (`-` too),
/// directories' `.pol` files in name order.
///
/// # Errors
/// A directory that cannot be read or has no `.pol` file.
pub fn pol_files(inputs: &[String]) -> Result<Vec<String>, String> {
    let mut files = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if input != "-" && path.is_dir() {
            let mut found: Vec<String> = std::fs::read_dir(path)
                .map_err(|e| format!("cannot read `{input}`: {e}"))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "pol"))
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(format!("`{input}` has no `.pol` file"));
            }
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

/// The parameters `text` declares (none if it does not parse).
pub fn declared_params(text: &str) -> Vec<String> {
    crate::parse::parse(text)
        .map(|file| file.params.iter().map(|p| p.name.node.clone()).collect())
        .unwrap_or_default()
}

/// The first of `params` that none of `files` declares (a file that
/// cannot be read declares nothing: its error comes when it is compiled).
pub fn undeclared_params<'p>(files: &[String], params: &'p Params) -> Option<&'p str> {
    let mut declared = std::collections::HashSet::new();
    for file in files {
        if let Ok(text) = read_source(Path::new(file)) {
            declared.extend(declared_params(&text));
        }
    }
    params
        .keys()
        .find(|name| !declared.contains(*name))
        .map(String::as_str)
}

/// Compiles `text`, read from `path` (`-`: standard input, whose imports
/// are relative to the current directory): imports are read relative to
/// the file's directory, and an import of the file itself is a cycle.
/// `options`' loader, identity and file name are set here.
///
/// # Errors
/// [`Diagnostics`]: every error of the file and its imports.
pub fn compile_path(
    path: &str,
    text: &str,
    params: &Params,
    reference: &Reference,
    options: Options<'_>,
) -> Result<Vec<CompiledPolicy>, Diagnostics> {
    let dir = Path::new(path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let loader = |import: &str| -> Result<String, String> { read_source(&dir.join(import)) };
    let identify = |import: &str| file_identity(&dir.join(import));
    let options = Options {
        loader: Some(&loader),
        identify: Some(&identify),
        file_name: Path::new(path).file_name().and_then(|n| n.to_str()),
        ..options
    };
    compile_with(text, params, reference, options)
}
