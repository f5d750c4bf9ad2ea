//! `polc`: the command-line front of the policy crates.
//!
//! Thin by design: argument parsing, reading files, choosing the output
//! format and the exit code. Everything a command does is a library call
//! (`policy_model::check`, ...), so it is also usable without the binary.
//! The command-line contract is `docs/cli.md`.

#![expect(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a command-line tool prints"
)]

mod authorize;
mod build;
mod catalog;
mod check;
mod explain;
mod fmt;
mod import;
mod input;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Compiler, checker and evaluator for AWS IAM policies.
#[derive(Debug, Parser)]
#[command(name = "polc", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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

fn main() -> ExitCode {
    // A reader that stops early (`polc ... | head`) closes the pipe: stop
    // without reporting a failed write as a crash, but never with `0`:
    // what was not written may have been the findings that fail a build
    // step (`2`: the command could not do its job).
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        // Any failed write to standard output ends the command with `2`:
        // quietly for a closed pipe, with the reason otherwise (a full
        // disk). Never a crash report.
        if message.starts_with("failed printing to stdout") {
            if !message.contains("Broken pipe") {
                eprintln!("polc: cannot write the output: {message}");
            }
            std::process::exit(2);
        }
        default_hook(info);
    }));
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Catalog(args) => catalog::run(&args),
        Command::Authorize(args) => authorize::run(&args),
    };
    outcome.into()
}
