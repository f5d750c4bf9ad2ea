//! `import`: reading the files a `.pol` file imports (named by identity,
//! bounded in number and bytes).

use super::*;

impl Compiler<'_> {
    /// Reads the files `file` imports (`from`: the importing file's path,
    /// relative to the compiled file; "" for the compiled file itself).
    pub(super) fn imports(
        &mut self,
        file: &File,
        given: &Params,
        options: Options<'_>,
        state: &mut Imports,
        from: &str,
    ) {
        for import in &file.imports {
            let Some(loader) = options.loader else {
                self.error(
                    &codes::POL_IMPORT,
                    import.span,
                    format!("`{}` cannot be imported here", import.node),
                    "imports are read by `polc build` from files; compile the file from disk"
                        .into(),
                );
                continue;
            };
            // Relative to the importing file; named by its identity.
            let path = relative_to(from, &import.node);
            let identity = options
                .identify
                .and_then(|f| f(&path))
                .unwrap_or_else(|| path.clone());
            if state.chain.contains(&identity) || state.chain.len() >= MAX_IMPORT_DEPTH {
                self.error(
                    &codes::POL_IMPORT,
                    import.span,
                    if state.chain.len() >= MAX_IMPORT_DEPTH {
                        format!(
                            "`{}` is imported {MAX_IMPORT_DEPTH} files deep",
                            import.node
                        )
                    } else {
                        format!(
                            "`{}` imports itself (the imports form a cycle)",
                            import.node
                        )
                    },
                    if state.chain.len() >= MAX_IMPORT_DEPTH {
                        "import the shared files from fewer levels".into()
                    } else {
                        "a shared file imports nothing that imports it back".into()
                    },
                );
                continue;
            }
            // A file shared by two imports is read once.
            if state.loaded.contains(&identity) {
                continue;
            }
            if state.loaded.len() >= crate::parse::MAX_IMPORTED_FILES {
                self.error(
                    &codes::POL_LIMIT,
                    import.span,
                    format!(
                        "`{}` would be file {} read through imports; polc reads at most {}",
                        import.node,
                        state.loaded.len() + 1,
                        crate::parse::MAX_IMPORTED_FILES
                    ),
                    "share fewer files through imports".into(),
                );
                continue;
            }
            state.loaded.insert(identity.clone());
            let text = match loader(&path) {
                Ok(text) if state.bytes + text.len() > crate::parse::MAX_IMPORTED_BYTES => {
                    self.error(
                        &codes::POL_LIMIT,
                        import.span,
                        format!(
                            "`{}` brings the imported text over {} MiB, the most polc reads for one file",
                            import.node,
                            crate::parse::MAX_IMPORTED_BYTES >> 20
                        ),
                        "share fewer or smaller files through imports".into(),
                    );
                    continue;
                }
                Ok(text) => {
                    state.bytes += text.len();
                    text
                }
                Err(why) => {
                    self.error(
                        &codes::POL_IMPORT,
                        import.span,
                        format!("`{}` cannot be read: {why}", import.node),
                        "the path is relative to the importing file".into(),
                    );
                    continue;
                }
            };
            match crate::parse::parse(&text) {
                Ok(imported) => {
                    // Findings inside the imported file are reported at the
                    // import (their spans are in the other text).
                    let before = self.findings.len();
                    state.chain.push(identity.clone());
                    self.imports(&imported, given, options, state, &path);
                    state.chain.pop();
                    self.params(&imported, given, false);
                    self.lets(&imported);
                    for f in self.findings.iter_mut().skip(before) {
                        f.message = format!("in `{}`: {}", import.node, f.message);
                        f.location = Location::at(import.span);
                    }
                }
                Err(errors) => {
                    self.error(
                        &codes::POL_IMPORT,
                        import.span,
                        format!(
                            "`{}` does not parse: {}",
                            import.node,
                            errors.first().map_or("", |e| e.message.as_str())
                        ),
                        "run `polc build` on that file to see where".into(),
                    );
                }
            }
        }
    }
}
