//! `cargo xtask man`: the man pages of `polc` (one per command), written
//! to `docs/man/` from the command line itself, so they cannot drift from
//! it (a test compares).

use std::path::Path;

/// The pages: file name and text.
pub fn pages() -> Result<Vec<(String, Vec<u8>)>, String> {
    let command = polc_cli::command();
    let mut pages = vec![("polc.1".to_owned(), render(&command)?)];
    for sub in command.get_subcommands() {
        let name = format!("polc-{}", sub.get_name());
        // A page's command is named as its file (`polc-check`).
        let static_name: &'static str = Box::leak(name.clone().into_boxed_str());
        let page = sub.clone().name(static_name);
        pages.push((format!("{name}.1"), render(&page)?));
    }
    Ok(pages)
}

fn render(command: &clap::Command) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command.clone())
        .render(&mut out)
        .map_err(|e| format!("cannot render the man page: {e}"))?;
    Ok(out)
}

/// Writes the pages to `docs/man/`.
pub fn write(root: &Path) -> Result<(), String> {
    let dir = root.join("docs/man");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (name, text) in pages()? {
        let path = dir.join(&name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    eprintln!("wrote the man pages to {}", dir.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_committed_man_pages_are_current() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for (name, text) in super::pages().unwrap() {
            let path = root.join("docs/man").join(&name);
            let committed = std::fs::read(&path).unwrap_or_default();
            assert!(
                committed == text,
                "docs/man/{name} is not current: run `cargo xtask man`"
            );
        }
    }
}
