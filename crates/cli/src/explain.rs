//! `polc explain CODE`: the documentation of a finding code.

use policy_model::Code;

use crate::Outcome;

/// Arguments of `polc explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The finding code, such as `MISSING_QUALIFIER` (case-insensitive).
    code: String,
}

/// Every code polc can report.
pub fn all_codes() -> impl Iterator<Item = &'static Code> {
    policy_model::codes::ALL
        .iter()
        .copied()
        .chain(policy_catalog::checks::codes::all())
        .chain(policy_dsl::codes::ALL.iter().copied())
        .chain(policy_evaluator::codes::ALL.iter().copied())
}

/// Prints the page for the code, or says which codes exist.
pub fn run(args: &Args) -> Outcome {
    let wanted = args.code.trim().replace('-', "_");
    let Some(code) = all_codes().find(|c| c.name.eq_ignore_ascii_case(&wanted)) else {
        eprintln!(
            "polc: `{}` is not a finding code; the codes are:",
            args.code
        );
        for code in all_codes() {
            eprintln!("  {:<40} {}", code.name, code.summary);
        }
        return Outcome::Failure;
    };
    println!("{} ({})\n", code.name, code.severity.as_str());
    println!("{}\n", capitalize(code.summary));
    println!("Why it matters\n  {}\n", code.explanation);
    println!("Example\n  {}\n", code.example);
    println!("How to fix it\n  {}", code.fix);
    Outcome::Success
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
