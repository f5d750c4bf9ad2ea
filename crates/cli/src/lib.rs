//! `polc`: the command-line front of the policy crates.
//!
//! Thin by design: argument parsing, reading files, choosing the output
//! format and the exit code. Everything a command does is a library call
//! (`polc_model::check`, ...), so it is also usable without the binary.
//! The command-line contract is `docs/cli.md`. The library target holds
//! the command line itself (`command()`, for completions and the man
//! page); `src/main.rs` only calls [`main`].

// Standard output is written only through the `out` each command is
// given (so a failed write is an error value, mapped to an exit code in one
// place); messages go to standard error, through the two macros below.

/// `std`'s `eprintln!`, but a message that cannot be written (standard
/// error closed or full) is dropped instead of a panic: the exit code still
/// says how the command went. A `polc: ` message is one line, written
/// `printable`: a control character, line break or bidirectional control
/// a file name or a document holds is written as its escape, so it can
/// neither act on the terminal nor forge a line.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = format!($($arg)*);
        let text = if text.starts_with("polc: ") {
            polc_model::report::printable(&text)
        } else {
            std::borrow::Cow::Borrowed(text.as_str())
        };
        let _ = writeln!(std::io::stderr(), "{text}");
    }};
}

/// `std`'s `eprint!`, never panicking (see `eprintln!`).
macro_rules! eprint {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

mod authorize;
mod build;
mod catalog;
mod check;
mod completions;
mod config;
mod diff;
mod explain;
mod fmt;
mod import;
mod input;
mod output;
mod parallel;

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

/// Compiler, checker and evaluator for AWS IAM policies.
#[derive(Debug, Parser)]
#[command(name = "polc", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to colour reports: `auto` (a terminal, and `NO_COLOR` unset),
    /// `always`, `never`.
    #[arg(long, value_enum, default_value_t = output::Color::Auto, global = true)]
    color: output::Color,
}

/// The command line, for completions and the man page.
pub fn command() -> clap::Command {
    Cli::command()
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compile `.pol` files into IAM JSON documents, checked against the catalog.
    Build(build::Args),
    /// Format `.pol` files in the canonical layout (comments kept).
    Fmt(fmt::Args),
    /// Write an IAM JSON document (or an AWS managed policy) as `.pol`.
    Import(import::Args),
    /// Validate IAM policy documents: JSON structure, policy grammar, size quotas, actions and condition keys.
    Check(check::Args),
    /// Browse the catalog: services, actions, resource types, condition keys.
    Catalog(catalog::Args),
    /// Explain a finding code: what it means, why it matters, how to fix it.
    Explain(explain::Args),
    /// Decide requests against policies as AWS IAM would, and say why.
    Authorize(authorize::Args),
    /// Compare what two policies allow, by meaning: added and removed access, each with a request that proves it.
    Diff(diff::Args),
    /// Print a shell's completion script (`polc completions bash > ...`).
    Completions(completions::Args),
    /// Run the language server (LSP 3.17 over standard input and output) for `.pol` files and IAM policy JSON.
    Lsp,
}

/// The exit codes of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// 0: the command did its job and found nothing at error level.
    Success,
    /// 1: the input was processed and has error-level findings.
    Findings,
    /// 2: the command could not do its job (usage, unreadable input).
    Failure,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> Self {
        ExitCode::from(match outcome {
            Outcome::Success => 0,
            Outcome::Findings => 1,
            Outcome::Failure => 2,
        })
    }
}

/// Runs `polc` with the process's arguments.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage(&error),
    };
    output::set_color(cli.color);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = run(cli.command, &mut out).and_then(|outcome| out.flush().map(|()| outcome));
    exit_code(result)
}

fn run(command: Command, out: &mut dyn Write) -> std::io::Result<Outcome> {
    match command {
        Command::Build(args) => build::run(&args, out),
        Command::Fmt(args) => fmt::run(&args, out),
        Command::Import(args) => import::run(&args, out),
        Command::Check(args) => check::run(&args, out),
        Command::Explain(args) => explain::run(&args, out),
        Command::Catalog(args) => catalog::run(&args, out),
        Command::Authorize(args) => authorize::run(&args, out),
        Command::Diff(args) => diff::run(&args, out),
        Command::Completions(args) => completions::run(&args, out),
        Command::Lsp => {
            // 0 after `shutdown` then `exit`, 1 for an `exit` without it.
            // Read through a buffer the server can look into: changes that
            // arrived while a file was checked are then taken together.
            let mut stdin = std::io::BufReader::with_capacity(1 << 16, std::io::stdin());
            let mut out = out;
            // Each file's `polc.toml`, found as `check` finds it.
            let mut loader = config::Loader::default();
            let mut rules = |path: &str| {
                loader
                    .settings_of_file(path)
                    .map(|settings| settings.rules.clone())
            };
            let code = polc_lsp::serve_with(&mut stdin, &mut out, &mut rules)?;
            Ok(if code == 0 {
                Outcome::Success
            } else {
                Outcome::Findings
            })
        }
    }
}

/// `--help`, `--version` (to standard output, whose failed write is `2`
/// as for every command), or a usage error (`2`).
fn usage(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let text = error.render().to_string();
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
        return exit_code(written.map(|()| Outcome::Success));
    }
    let _ = error.print();
    Outcome::Failure.into()
}

/// The one place outcomes become exit codes. A failed write to standard
/// output ends the command with `2`, never `0`: what was not written may
/// have been the findings that fail a build step. A closed pipe (`polc
/// ... | head`) is said quietly; any other failure (a full disk) is said.
fn exit_code(result: std::io::Result<Outcome>) -> ExitCode {
    match result {
        Ok(outcome) => outcome.into(),
        Err(error) => {
            if error.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("polc: cannot write the output: {error}");
            }
            Outcome::Failure.into()
        }
    }
}
