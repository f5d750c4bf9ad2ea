//! CI packaging and terminal niceties (issue 14.5): completions, colour,
//! quiet, a suggestion for a misspelt code, the GitHub Action and the
//! pre-commit hooks run commands that exist.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::{polc_with, stderr, temp_dir, text, write};

fn polc(args: &[&str]) -> std::process::Output {
    polc_with(args, None)
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = polc(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(text(&out).contains("authorize"), "{shell}");
    }
    assert_eq!(polc(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn color_always_never_and_quiet() {
    let dir = temp_dir("packaging", "color");
    let file = write(
        &dir,
        "p.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecs:DescribeCluster", "s3:GetObject"], "Resource": "*"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
    );
    // The tests run with NO_COLOR set and no terminal: `always` wins.
    let colored = polc(&["--color", "always", "check", &file]);
    assert!(text(&colored).contains('\u{1b}'), "{}", text(&colored));
    let plain = polc(&["check", &file, "--color", "never"]);
    assert!(!text(&plain).contains('\u{1b}'));
    assert!(text(&plain).contains("REDUNDANT"), "{}", text(&plain));
    let quiet = polc(&["check", "-q", &file]);
    assert_eq!(quiet.status.code(), Some(1));
    assert!(text(&quiet).contains("INVALID_ACTION"));
    assert!(!text(&quiet).contains("REDUNDANT"), "{}", text(&quiet));
    assert!(!text(&quiet).contains("1 error"), "{}", text(&quiet));
}

#[test]
fn explain_suggests_the_nearest_code() {
    let out = polc(&["explain", "MISING_QUALIFIER"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `MISSING_QUALIFIER`?"),
        "{}",
        stderr(&out)
    );
}

/// The commands the Action and the hooks run exist and take what they
/// pass.
#[test]
fn the_action_and_hooks_run_real_commands() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let action = std::fs::read_to_string(root.join("action.yml")).unwrap();
    assert!(action.contains(
        "cargo install --locked --quiet --path \"${{ github.action_path }}/crates/cli\""
    ));
    assert!(action.contains("polc check $POLC_ARGS --format sarif $POLC_PATHS > polc.sarif"));
    // The inputs are never pasted into the script.
    assert!(!action.contains("run: polc check ${{"), "{action}");
    assert!(
        !action
            .lines()
            .any(|l| l.trim_start().starts_with("polc ") && l.contains("${{"))
    );
    let hooks = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
    assert!(hooks.contains("entry: polc check\n"));
    assert!(hooks.contains("entry: polc fmt --check\n"));
    let dir = temp_dir("packaging", "hooks");
    let pol = write(
        &dir,
        "p.pol",
        "policy P {\n  allow ecs:ListClusters on *\n}\n",
    );
    assert_eq!(polc(&["check", &pol]).status.code(), Some(0));
    assert_eq!(polc(&["fmt", "--check", &pol]).status.code(), Some(0));
    let sarif = polc(&["check", "--format", "sarif", dir.to_str().unwrap()]);
    assert_eq!(sarif.status.code(), Some(0));
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
}

/// Found by review: a message that cannot be written to standard error
/// panicked (exit 101); `--help` into a full disk exited 0.
#[cfg(target_os = "linux")]
#[test]
fn a_full_stderr_or_help_output_is_not_a_crash() {
    use std::process::{Command, Stdio};
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full");
    let Ok(device) = full() else {
        return;
    };
    let out = Command::new(env!("CARGO_BIN_EXE_polc"))
        .args(["explain", "NOPE"])
        .stderr(Stdio::from(device))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(env!("CARGO_BIN_EXE_polc"))
        .args(["check", "/nonexistent/p.json"])
        .stderr(Stdio::from(full().unwrap()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    for flag in ["--help", "--version"] {
        let out = Command::new(env!("CARGO_BIN_EXE_polc"))
            .arg(flag)
            .stdout(Stdio::from(full().unwrap()))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag}");
    }
    assert_eq!(polc(&["--help"]).status.code(), Some(0));
}
