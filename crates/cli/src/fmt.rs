//! `polc fmt`: the canonical layout of `.pol` files.

use polc_model::report::FileReport;

use std::io::Write;

use crate::Outcome;
use crate::input;
use crate::output;

/// Arguments of `polc fmt`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// `.pol` files, or directories of them (none, or `-`: standard input).
    #[arg(value_name = "FILE")]
    files: Vec<String>,
    /// Change nothing; exit 1 and name the files that are not formatted.
    #[arg(long, conflicts_with = "write")]
    check: bool,
    /// Rewrite the files in place (default: print the formatted text).
    #[arg(long)]
    write: bool,
}

/// Formats every file.
pub fn run(args: &Args, out: &mut dyn Write) -> std::io::Result<Outcome> {
    if let Err(message) = input::stdin_once(&args.files) {
        eprintln!("polc: {message}");
        return Ok(Outcome::Failure);
    }
    let files = if args.files.is_empty() {
        vec!["-".to_owned()]
    } else {
        match polc_dsl::files::pol_files(&args.files) {
            Ok(files) => files,
            Err(message) => {
                eprintln!("polc: {message}");
                return Ok(Outcome::Failure);
            }
        }
    };
    let mut outcome = Outcome::Success;
    for name in &files {
        let Some(input) = input::read_utf8_or_say(name) else {
            outcome = Outcome::Failure;
            continue;
        };
        let formatted = match polc_dsl::fmt::format(&input.text) {
            Ok(text) => text,
            Err(findings) => {
                let report = FileReport::new(&input.name, &input.text, &findings);
                eprint!("{}", output::human_to(&report, false));
                outcome = Outcome::Failure;
                continue;
            }
        };
        if args.check {
            if formatted != input.text {
                writeln!(
                    out,
                    "{}",
                    FileReport::new(&input.name, "", &[]).shown_name()
                )?;
                outcome = outcome.max(Outcome::Findings);
            }
        } else if args.write && name != "-" {
            if formatted != input.text
                && let Err(e) = std::fs::write(name, &formatted)
            {
                eprintln!("polc: cannot write `{name}`: {e}");
                outcome = Outcome::Failure;
            }
        } else {
            write!(out, "{formatted}")?;
        }
    }
    Ok(outcome)
}
