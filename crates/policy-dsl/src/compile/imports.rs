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
            // Relative to the importing file; named by its identity.
            let path = relative_to(from, &import.node);
            let identity = options
                .identify
                .and_then(|f| f(&path))
                .unwrap_or_else(|| path.clone());
            let Ok(Some(text)) = self.read_import(import, &path, &identity, options, state) else {
                continue;
            };
            match crate::parse::parse(&text) {
                Ok(imported) => {
                    // Findings inside the imported file are reported at the
                    // import (their spans are in the other text).
                    let before = self.findings.len();
                    state.chain.push(identity);
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

    /// The text of an import: `None` for a file already read (a file
    /// shared by two imports is read once), an error for a cycle, a chain
    /// too deep, too many files or bytes, or a file that cannot be read.
    fn read_import(
        &mut self,
        import: &crate::ast::Spanned<String>,
        path: &str,
        identity: &str,
        options: Options<'_>,
        state: &mut Imports,
    ) -> Step<Option<String>> {
        let Some(loader) = options.loader else {
            return Err(self.error(
                &codes::POL_IMPORT,
                import.span,
                format!("`{}` cannot be imported here", import.node),
                "imports are read by `polc build` from files; compile the file from disk".into(),
            ));
        };
        if state.chain.len() >= MAX_IMPORT_DEPTH {
            return Err(self.error(
                &codes::POL_IMPORT,
                import.span,
                format!(
                    "`{}` is imported {MAX_IMPORT_DEPTH} files deep",
                    import.node
                ),
                "import the shared files from fewer levels".into(),
            ));
        }
        if state.chain.iter().any(|c| c == identity) {
            return Err(self.error(
                &codes::POL_IMPORT,
                import.span,
                format!(
                    "`{}` imports itself (the imports form a cycle)",
                    import.node
                ),
                "a shared file imports nothing that imports it back".into(),
            ));
        }
        if state.loaded.contains(identity) {
            return Ok(None);
        }
        if state.loaded.len() >= crate::parse::MAX_IMPORTED_FILES {
            return Err(self.error(
                &codes::POL_LIMIT,
                import.span,
                format!(
                    "`{}` would be file {} read through imports; polc reads at most {}",
                    import.node,
                    state.loaded.len() + 1,
                    crate::parse::MAX_IMPORTED_FILES
                ),
                "share fewer files through imports".into(),
            ));
        }
        state.loaded.insert(identity.to_owned());
        match loader(path) {
            Ok(text) if state.bytes + text.len() > crate::parse::MAX_IMPORTED_BYTES => Err(self.error(
                &codes::POL_LIMIT,
                import.span,
                format!(
                    "`{}` brings the imported text over {} MiB, the most polc reads for one file",
                    import.node,
                    crate::parse::MAX_IMPORTED_BYTES >> 20
                ),
                "share fewer or smaller files through imports".into(),
            )),
            Ok(text) => {
                state.bytes += text.len();
                Ok(Some(text))
            }
            Err(why) => Err(self.error(
                &codes::POL_IMPORT,
                import.span,
                format!("`{}` cannot be read: {why}", import.node),
                "the path is relative to the importing file".into(),
            )),
        }
    }
}
