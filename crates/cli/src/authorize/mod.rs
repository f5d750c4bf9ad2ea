//! `polc authorize`: decide requests against policies, as AWS IAM would.

use std::io::{Read, Write};

use polc_evaluator::batch::{self, BatchError};
use polc_evaluator::json::{RequestError, parse_request};
use polc_evaluator::output::{self, DecisionWriter};

use crate::Outcome;
use crate::input;

pub(crate) mod load;

/// Arguments of `polc authorize`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("requests").required(true).args(["request", "batch"])))]
pub struct Args {
    /// Identity-based policies of the principal (user, group, role).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    policy: Vec<String>,
    /// The resource-based policy of the resource (or a role's trust policy,
    /// for `sts:AssumeRole`).
    #[arg(long, value_name = "FILE")]
    resource_policy: Option<String>,
    /// The principal's permissions boundary.
    #[arg(long, value_name = "FILE")]
    boundary: Option<String>,
    /// A service control policy: `FILE` is one level of the organisation
    /// (levels from the root down, in the order given; every level must
    /// allow), `LEVEL=FILE` puts it on level `LEVEL` (0 is the root), with
    /// the other policies of that level (one of them must allow).
    #[arg(long, value_name = "[LEVEL=]FILE")]
    scp: Vec<String>,
    /// A session policy (repeatable: several combine as a union).
    #[arg(long, value_name = "FILE")]
    session_policy: Vec<String>,
    /// One request object (JSON); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    request: Option<String>,
    /// Requests as JSON Lines, one per line (`-`: standard input); prints one
    /// result line per request, in order.
    #[arg(long, value_name = "FILE")]
    batch: Option<String>,
    /// A parameter of the `.pol` policies: `-p account=123456789012`.
    #[arg(short = 'p', long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// How to print decisions.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Also say why: the statements that decided, and for a denied request
    /// the statements that came closest and what failed in each.
    #[arg(long)]
    explain: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// `ALLOW`, `EXPLICIT_DENY` or `IMPLICIT_DENY`, one per line.
    Text,
    /// One JSON object per request, one per line.
    Json,
}

/// Loads the policies, decides the requests, writes the decisions to `out`.
///
/// # Errors
/// A failed write to `out`.
pub fn run(args: &Args, out: &mut dyn Write) -> std::io::Result<Outcome> {
    let stdin_users = args
        .policy
        .iter()
        .chain(&args.resource_policy)
        .chain(&args.boundary)
        .chain(&args.scp)
        .chain(&args.session_policy)
        .chain(&args.request)
        .chain(&args.batch)
        .filter(|f| crate::input::names_stdin(f))
        .count();
    if stdin_users > 1 {
        eprintln!(
            "polc: standard input (`-`, or a path to it such as `/dev/stdin`) can be read only once: give files for the others"
        );
        return Ok(Outcome::Failure);
    }
    let Ok(set) = load::load(args) else {
        return Ok(Outcome::Failure);
    };
    let format = match args.format {
        Format::Text => output::Format::Text,
        Format::Json => output::Format::Json,
    };
    let writer = DecisionWriter::new(&set, format, args.explain);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let result = if let Some(name) = &args.request {
        one(&writer, name, &mut out)
    } else if let Some(name) = &args.batch {
        batch(&writer, name, &mut out)
    } else {
        Ok(Outcome::Success)
    };
    let outcome = result?;
    out.flush()?;
    Ok(outcome)
}

fn one(writer: &DecisionWriter<'_>, name: &str, out: &mut impl Write) -> std::io::Result<Outcome> {
    let input = match input::read_utf8(name) {
        Ok(input) => input,
        Err(message) => {
            eprintln!("polc: {message}");
            return Ok(Outcome::Failure);
        }
    };
    let request = match parse_request(&input.text) {
        Ok(request) => request,
        Err(e) => {
            eprintln!("polc: {}", located(name, &e));
            return Ok(Outcome::Failure);
        }
    };
    let mut line = String::new();
    writer.decide(&request, &mut Vec::new(), &mut line);
    out.write_all(line.as_bytes())?;
    Ok(Outcome::Success)
}

/// Decides the requests of a JSON Lines file; a bad line stops the batch
/// (exit 2) after the decisions of the lines before it.
fn batch(
    writer: &DecisionWriter<'_>,
    name: &str,
    out: &mut impl Write,
) -> std::io::Result<Outcome> {
    let shown = if name == "-" { "<stdin>" } else { name };
    let reader: Box<dyn Read> = if name == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(name) {
            Ok(file) => Box::new(file),
            Err(e) => {
                eprintln!("polc: cannot read `{name}`: {e}");
                return Ok(Outcome::Failure);
            }
        }
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    match batch::decide_lines(writer, reader, out, threads) {
        Ok(()) => Ok(Outcome::Success),
        Err(BatchError::Write(e)) => Err(e),
        Err(BatchError::Read(e)) => {
            eprintln!("polc: cannot read `{shown}`: {e}");
            Ok(Outcome::Failure)
        }
        Err(e) => {
            eprintln!("polc: {shown}:{e}");
            Ok(Outcome::Failure)
        }
    }
}

fn located(file: &str, e: &RequestError) -> String {
    let file = if file == "-" { "<stdin>" } else { file };
    match (e.line, e.column) {
        (Some(l), Some(c)) => format!("{file}:{l}:{c}: {}", e.message),
        (Some(l), None) => format!("{file}:{l}: {}", e.message),
        _ => format!("{file}: {}", e.message),
    }
}
