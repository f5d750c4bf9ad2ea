//! A fresh crate with only the dependency lines of the README's "Use as a
//! library" section compiles and runs the README's `main.rs` (with a path
//! dependency for the version); and the macros work under another name
//! for `polc` (they expand through `$crate`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The contents of the first fenced block of `language` after `heading`.
fn block(readme: &str, heading: &str, language: &str) -> String {
    let section = readme
        .split_once(heading)
        .map(|(_, rest)| rest)
        .expect("the README has the section");
    let fence = format!("```{language}\n");
    let start = section.find(&fence).expect("the section has the block") + fence.len();
    let rest = &section[start..];
    rest[..rest.find("```").expect("the block ends")].to_owned()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn the_readme_library_example_builds_and_runs_in_a_fresh_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let heading = "## Use as a library";
    let dependencies = block(&readme, heading, "toml");
    let main = block(&readme, heading, "rust");
    let facade = root.join("crates/polc").canonicalize().unwrap();
    let path = format!("{{ path = {:?} }}", facade.to_string_lossy());
    // Only the version becomes a path: the lines are the README's.
    let dependencies = dependencies.replace("\"0.1\"", &path);
    assert!(dependencies.contains("polc = { path"), "{dependencies}");
    let renamed = main.replace("polc::", "iam::");

    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fresh-crates");
    let _ = std::fs::remove_dir_all(dir.join("readme"));
    let _ = std::fs::remove_dir_all(dir.join("renamed"));
    write(
        &dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"readme\", \"renamed\"]\n",
    );
    // The workspace's versions of every dependency: nothing to download.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    write(
        &dir.join("readme/Cargo.toml"),
        &format!(
            "[package]\nname = \"readme\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n{dependencies}"
        ),
    );
    write(&dir.join("readme/src/main.rs"), &main);
    write(
        &dir.join("renamed/Cargo.toml"),
        &format!(
            "[package]\nname = \"renamed\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\niam = {{ package = \"polc\", path = {:?} }}\n",
            facade.to_string_lossy()
        ),
    );
    write(&dir.join("renamed/src/main.rs"), &renamed);

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    for package in ["readme", "renamed"] {
        let out = Command::new(&cargo)
            .args(["run", "--quiet", "--package", package])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", dir.join("target"))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{package}: {}\n{stdout}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.starts_with("IMPLICIT_DENY"), "{package}: {stdout}");
        assert!(
            stdout.contains("aws:MultiFactorAuthPresent"),
            "{package}: the explanation names the condition that failed: {stdout}"
        );
    }
}
