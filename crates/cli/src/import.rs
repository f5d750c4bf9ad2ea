//! `polc import`: IAM JSON (or an AWS managed policy) → `.pol`.

use polc_model::report::FileReport;

use std::io::Write;

use crate::Outcome;
use crate::input;
use crate::output;

/// Arguments of `polc import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// An IAM policy JSON file (`-`: standard input), or `aws:NAME` for an
    /// AWS managed policy of the catalog.
    #[arg(value_name = "FILE.json|aws:NAME")]
    source: String,
    /// The block's name (default: from the file or policy name).
    #[arg(long)]
    name: Option<String>,
}

/// Writes the `.pol` form of the document.
pub fn run(args: &Args, out: &mut dyn Write) -> std::io::Result<Outcome> {
    let (name, text) = if let Some(managed) = args.source.strip_prefix("aws:") {
        match polc_catalog::managed_policy(managed) {
            Some(m) => (m.name.to_owned(), m.document().to_owned()),
            None => {
                let hint = polc_catalog::managed::suggest_managed_policy(managed).map_or_else(
                    || "`polc catalog managed-policy --list` lists them".to_owned(),
                    |n| format!("did you mean `aws:{n}`?"),
                );
                eprintln!(
                    "polc: `{}` is not an AWS managed policy the catalog knows; {hint}",
                    args.source
                );
                return Ok(Outcome::Failure);
            }
        }
    } else {
        match input::read_utf8(&args.source) {
            Ok(input) => {
                let name = if input.name == "-" {
                    "Imported".to_owned()
                } else {
                    input.name.clone()
                };
                (name, input.text)
            }
            Err(message) => {
                eprintln!("polc: {message}");
                return Ok(Outcome::Failure);
            }
        }
    };
    let block = args.name.clone().unwrap_or(name);
    match polc_dsl::import::import(&text, &block, polc_catalog::Reference::embedded()) {
        Ok(pol) => {
            write!(out, "{pol}")?;
            Ok(Outcome::Success)
        }
        Err(findings) => {
            let report = FileReport::new(&args.source, &text, &findings);
            eprint!("{}", output::human_to(&report, false));
            eprintln!(
                "polc: `{}` cannot be imported (see above); nothing imported",
                report.shown_name()
            );
            Ok(Outcome::Failure)
        }
    }
}
