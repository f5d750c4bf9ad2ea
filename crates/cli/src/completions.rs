//! `polc completions SHELL`: the shell's completion script.

use std::io::Write;

use crate::Outcome;

/// Arguments of `polc completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Writes the completion script to `out`.
///
/// # Errors
/// A failed write to `out`.
pub fn run(args: &Args, out: &mut dyn Write) -> std::io::Result<Outcome> {
    let mut command = crate::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "polc", &mut script);
    out.write_all(&script)?;
    Ok(Outcome::Success)
}
