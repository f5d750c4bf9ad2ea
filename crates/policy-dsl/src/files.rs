//! `.pol` files on disk: finding them, and compiling one with its imports
//! read relative to its directory.

use std::path::Path;

use polc_catalog::Reference;

use crate::compile::{
    CompiledPolicy, Diagnostics, Options, Params, compile_with, file_identity, read_source,
};

/// The `.pol` files named by `inputs`: see [`files_with`].
///
/// # Errors
/// As [`files_with`].
pub fn pol_files(inputs: &[String]) -> Result<Vec<String>, String> {
    files_with(inputs, &["pol"])
}

/// The files named by `inputs`: files as given (`-` too), and under each
/// directory, recursively, the files with one of `extensions`, in path
/// order. Hidden entries (`.git`, ...) and links to directories are not
/// entered (a link cannot make the walk go round).
///
/// # Errors
/// A directory that cannot be read, or one with no such file; an entry
/// named with one of `extensions` that is not a regular file nor a link to
/// one (a dangling link, a FIFO): skipping it would leave a policy out
/// without a word.
pub fn files_with(inputs: &[String], extensions: &[&str]) -> Result<Vec<String>, String> {
    let mut files = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if input != "-" && path.is_dir() {
            let mut found = Vec::new();
            walk(path, extensions, &mut found)?;
            found.sort();
            if found.is_empty() {
                let wanted: Vec<String> = extensions.iter().map(|e| format!("`.{e}`")).collect();
                return Err(format!("`{input}` has no {} file", wanted.join(" or ")));
            }
            files.extend(found.into_iter().map(|p| p.to_string_lossy().into_owned()));
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

fn walk(
    dir: &Path,
    extensions: &[&str],
    found: &mut Vec<std::path::PathBuf>,
) -> Result<(), String> {
    let unreadable = |e: std::io::Error| format!("cannot read `{}`: {e}", dir.display());
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type().map_err(unreadable)?;
        if kind.is_dir() {
            walk(&path, extensions, found)?;
            continue;
        }
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e));
        if !wanted {
            continue;
        }
        // Regular files only (a link to one too): a FIFO or a device in
        // the tree would block or never end, and a dangling link holds no
        // policy. Either is said, not skipped.
        let regular = kind.is_file()
            || (kind.is_symlink() && std::fs::metadata(&path).is_ok_and(|m| m.is_file()));
        if !regular {
            return Err(format!(
                "`{}` is not a regular file (a dangling link, a FIFO or a device): a policy would be left out; remove it, or point the link at its file",
                path.display()
            ));
        }
        found.push(path);
    }
    Ok(())
}

/// The first of `params` that none of `files` declares, themselves or
/// through their imports. `None` too when some file cannot be read or
/// parsed (one over a limit, such as a block of more than 1,000
/// statements): what it declares is not known, and its error comes when
/// it is compiled (review 52: a `-p` it declares was refused instead).
pub fn undeclared_params<'p>(files: &[String], params: &'p Params) -> Option<&'p str> {
    let mut declared = std::collections::HashSet::new();
    let mut visited = std::collections::HashSet::new();
    let mut known = true;
    for file in files {
        known &= declared_in(Path::new(file), &mut visited, &mut |p| {
            declared.insert(p.name.node.clone());
        });
    }
    if !known {
        return None;
    }
    params
        .keys()
        .find(|name| !declared.contains(*name))
        .map(String::as_str)
}

/// The parameters the `.pol` text `text`, read from `path`, declares,
/// itself or through its imports (for a command that reads its text once,
/// standard input included).
pub fn declared_params(path: &str, text: &str) -> std::collections::HashSet<String> {
    crate::parse::parse(text)
        .map(|file| param_declarations(path, &file))
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.name.node)
        .collect()
}

/// The declarations of the parameters the parsed `.pol` file `file`, read
/// from `path`, declares, itself and then through its imports (each file
/// once): for an editor, which gives each one without a value an example
/// of its type.
pub fn param_declarations(path: &str, file: &crate::ast::File) -> Vec<crate::ast::Param> {
    let mut found: Vec<crate::ast::Param> = file.params.clone();
    let mut visited = std::collections::HashSet::new();
    let dir = Path::new(path).parent().unwrap_or_else(|| Path::new(""));
    for import in &file.imports {
        declared_in(&dir.join(&import.node), &mut visited, &mut |p| {
            found.push(p.clone());
        });
    }
    found
}

/// Gives `found` each parameter `path` and its imports declare (each file
/// once, at most [`crate::parse::MAX_IMPORTED_FILES`]); `false` when one
/// of them could not be read or parsed (what it declares is not known).
fn declared_in(
    path: &Path,
    visited: &mut std::collections::HashSet<String>,
    found: &mut dyn FnMut(&crate::ast::Param),
) -> bool {
    let identity = file_identity(path).unwrap_or_else(|| path.to_string_lossy().into_owned());
    if visited.len() > crate::parse::MAX_IMPORTED_FILES {
        return false;
    }
    if !visited.insert(identity) {
        return true;
    }
    let Ok(text) = read_source(path) else {
        return false;
    };
    let Ok(file) = crate::parse::parse(&text) else {
        return false;
    };
    file.params.iter().for_each(&mut *found);
    let dir = path.parent().unwrap_or_else(|| Path::new(""));
    let mut known = true;
    for import in &file.imports {
        known &= declared_in(&dir.join(&import.node), visited, found);
    }
    known
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
        path: Some(path),
        ..options
    };
    compile_with(text, params, reference, options)
}

/// Reads and compiles the `.pol` file at `path`, for commands that take
/// its documents as policies (`authorize`, `check --within`): the blocks,
/// or why there are none in one message (`polc build` shows every error).
///
/// # Errors
/// The file cannot be read, or does not compile.
pub fn read_compiled(path: &str, params: &Params) -> Result<Vec<CompiledPolicy>, String> {
    let text = read_source(Path::new(path)).map_err(|e| format!("cannot read `{path}`: {e}"))?;
    let options = Options {
        ignore_unknown_params: true,
        ..Options::default()
    };
    compile_path(path, &text, params, Reference::embedded(), options).map_err(|diagnostics| {
        format!("`{path}` does not compile: {diagnostics}; `polc build {path}` shows where")
    })
}

/// The statements of the `policy` blocks of `compiled` as one identity
/// document (a baseline for `check --within`); `None` when there is no
/// such block.
pub fn identity_document(compiled: &[CompiledPolicy]) -> Option<polc_model::Policy> {
    let mut blocks = compiled
        .iter()
        .filter(|c| c.kind == crate::ast::BlockKind::Policy);
    let mut document = blocks.next()?.policy.clone();
    let mut statements: Vec<polc_model::Statement> = document.statement.iter().cloned().collect();
    for block in blocks {
        statements.extend(block.policy.statement.iter().cloned());
    }
    document.statement = polc_model::policy::OneOrMany::Many(statements);
    Some(document)
}
