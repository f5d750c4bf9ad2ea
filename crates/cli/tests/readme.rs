//! The README's commands run as written (issue 14.6): every `sh` block is
//! run from the repository root with this `polc` on `PATH`, each command
//! must run (exit 0 or 1: findings are fine, a usage error or a missing
//! file is not), and a `text` block right after a command's block is what
//! it prints (`...` stands for lines left out). The `.pol` blocks are
//! formatted and compile.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The fenced blocks: (language, text).
fn blocks(markdown: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(lang)) => current = Some((lang.trim().to_owned(), String::new())),
            (Some(_), Some(_)) => out.extend(current.take()),
            (Some((_, text)), None) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

/// The commands of a shell block: continuation lines joined, comments cut.
fn commands(block: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = String::new();
    for line in block.lines() {
        if let Some(head) = line.strip_suffix('\\') {
            pending.push_str(head);
            continue;
        }
        pending.push_str(line);
        let command = match pending.find("  #") {
            Some(at) => pending[..at].trim().to_owned(),
            None => pending.trim().to_owned(),
        };
        if !command.is_empty() {
            out.push(command);
        }
        pending.clear();
    }
    out
}

fn run(command: &str) -> (Option<i32>, String) {
    let bin = Path::new(env!("CARGO_BIN_EXE_polc"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let out = Command::new("sh")
        .args(["-c", command])
        .current_dir(root())
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code(), text)
}

/// Every line of `shown` (but `...`) is a line of `output`, in order.
fn shows(shown: &str, output: &str) -> Result<(), String> {
    let mut lines = output.lines().map(str::trim_end);
    for want in shown.lines().map(str::trim_end).filter(|l| *l != "...") {
        if !lines.any(|l| l == want) {
            return Err(format!(
                "`{want}` is not in the output (in this order):\n{output}"
            ));
        }
    }
    Ok(())
}

#[test]
fn every_readme_command_runs_as_written() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let blocks = blocks(&readme);
    let mut ran = 0;
    let mut failures = Vec::new();
    for (i, (lang, text)) in blocks.iter().enumerate() {
        if lang != "sh" {
            continue;
        }
        let mut output = String::new();
        for command in commands(text) {
            // Installing and the test suite itself are not run here.
            if command.starts_with("cargo ") {
                continue;
            }
            let (code, printed) = run(&command);
            ran += 1;
            if !matches!(code, Some(0 | 1)) {
                failures.push(format!("`{command}` exited {code:?}:\n{printed}"));
            }
            output.push_str(&printed);
        }
        if let Some((next, shown)) = blocks.get(i + 1)
            && next == "text"
            && let Err(why) = shows(shown, &output)
        {
            failures.push(why);
        }
    }
    assert!(ran >= 20, "only {ran} commands");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_readme_pol_is_formatted_and_compiles() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let params = polc_dsl::Params::from([("account".to_owned(), "111122223333".to_owned())]);
    let mut seen = 0;
    for (_, text) in blocks(&readme).iter().filter(|(lang, _)| lang == "pol") {
        seen += 1;
        assert_eq!(
            polc_dsl::fmt::format(text).unwrap(),
            *text,
            "not formatted:\n{text}"
        );
        polc_dsl::compile(text, &params, polc_catalog::Reference::embedded()).unwrap();
    }
    assert!(seen >= 1);
}

/// Nothing the README or the crates' READMEs point at is outside the
/// repository.
#[test]
fn the_readmes_point_inside_the_repository() {
    let mut readmes = vec![root().join("README.md")];
    for entry in std::fs::read_dir(root().join("crates")).unwrap() {
        let readme = entry.unwrap().path().join("README.md");
        if readme.is_file() {
            readmes.push(readme);
        }
    }
    for readme in readmes {
        let text = std::fs::read_to_string(&readme).unwrap();
        assert!(
            !text.contains("../shared/"),
            "{} points at ../shared/",
            readme.display()
        );
    }
}
