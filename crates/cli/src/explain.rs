//! `polc explain CODE`: the documentation of a finding code.

use std::io::Write;

use polc_model::codes::CodeId;
use polc_model::codes::access_analyzer::{self, AccessAnalyzerCode};

use crate::Outcome;

/// Arguments of `polc explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The finding code, such as `MISSING_QUALIFIER` (case-insensitive), or
    /// an Access Analyzer code polc reports under another name.
    code: String,
}

/// Prints the page for the code, or says which codes exist.
pub fn run(args: &Args, out: &mut dyn Write) -> std::io::Result<Outcome> {
    let analyzer = access_analyzer::lookup(&args.code);
    if analyzer == Some(AccessAnalyzerCode::NotChecked) {
        eprintln!(
            "polc: `{}` is an Access Analyzer check polc does not make (it needs the account, the cloud, or data polc does not carry): docs/checks.md, \"Access Analyzer parity\", says why",
            args.code.trim()
        );
        return Ok(Outcome::Failure);
    }
    let named = match analyzer {
        Some(AccessAnalyzerCode::ReportedAs(id)) => {
            writeln!(
                out,
                "Access Analyzer's {} is reported by polc as {}:\n",
                args.code.trim().to_ascii_uppercase(),
                id.name()
            )?;
            Some(id)
        }
        _ => CodeId::from_name(&args.code),
    };
    let Some(code) = named.map(CodeId::code) else {
        let near = polc_model::suggest::closest(
            &args.code.trim().replace('-', "_").to_ascii_uppercase(),
            CodeId::ALL.iter().map(|c| c.name()),
        );
        if let Some(near) = near {
            eprintln!(
                "polc: `{}` is not a finding code; did you mean `{near}`?",
                args.code
            );
            return Ok(Outcome::Failure);
        }
        eprintln!(
            "polc: `{}` is not a finding code; the codes are:",
            args.code
        );
        for code in polc_model::codes::all() {
            eprintln!("  {:<40} {}", code.name, code.summary);
        }
        return Ok(Outcome::Failure);
    };
    writeln!(out, "{} ({})\n", code.name, code.severity.as_str())?;
    writeln!(out, "{}\n", capitalize(code.summary))?;
    writeln!(out, "Why it matters\n  {}\n", code.explanation)?;
    writeln!(out, "Example\n  {}\n", code.example)?;
    writeln!(out, "How to fix it\n  {}", code.fix)?;
    Ok(Outcome::Success)
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
