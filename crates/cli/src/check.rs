//! `polc check`: structural findings for IAM JSON policies.

use std::io::Write;

use policy_catalog::checks::{Baseline, Checks};
use policy_catalog::ecs::known_role;
use policy_dsl::files::compile_path;
use policy_model::finding::Severity;
use policy_model::report::FileReport;
use policy_model::{Finding, Location, PolicyType, Span, codes};

use crate::Outcome;
use crate::input::{self, Input};
use crate::output::{self, Format};

/// Arguments of `polc check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Policy files to check, or directories (their `.json` and `.pol`
    /// files, recursively); `-` reads standard input.
    #[arg(required = true, value_name = "FILE|DIR")]
    files: Vec<String>,
    /// How to print findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat warnings (and security warnings) as errors for the exit code.
    #[arg(long)]
    deny_warnings: bool,
    /// The kind of policy the JSON documents are (default: as each looks:
    /// trust if every statement names a principal and only `sts:` actions,
    /// resource-based if one names a principal, else identity). A `.pol`
    /// block is checked as its kind.
    #[arg(long, value_enum)]
    policy_type: Option<TypeArg>,
    /// Also report what each statement grants beyond this baseline: an AWS
    /// managed policy name (`AmazonECSTaskExecutionRolePolicy`) or a policy file.
    #[arg(long, value_name = "NAME|FILE")]
    within: Option<String>,
    /// Read the policy as that of a known ECS role (`ecsTaskExecutionRole`,
    /// `task role`, ...): a trust policy must trust the role's service,
    /// any other must allow what the role's job needs.
    #[arg(long, value_name = "ROLE")]
    role: Option<String>,
    /// How to read the inputs, whatever their extension (default: `.pol`
    /// files are compiled and their documents checked, others are JSON).
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
    /// A parameter of `.pol` inputs: `-p account=123456789012`.
    #[arg(short = 'p', long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// Say so for files without findings.
    #[arg(short, long)]
    verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum InputFormat {
    /// IAM policy JSON.
    Json,
    /// The `.pol` language: compiled, and its documents checked.
    Pol,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum TypeArg {
    Identity,
    Resource,
    Trust,
    Scp,
}

impl From<TypeArg> for PolicyType {
    fn from(t: TypeArg) -> Self {
        match t {
            TypeArg::Identity => Self::Identity,
            TypeArg::Resource => Self::Resource,
            TypeArg::Trust => Self::Trust,
            TypeArg::Scp => Self::Scp,
        }
    }
}

/// Checks every file, prints the findings, and says how it went.
///
/// # Errors
/// A failed write to `out`.
pub fn run(args: &Args, out: &mut dyn Write) -> std::io::Result<Outcome> {
    let role = match args.role.as_deref().map(known_role).transpose() {
        Ok(role) => role,
        Err(message) => {
            eprintln!("polc: {message}");
            return Ok(Outcome::Failure);
        }
    };
    // Malformed `-p` arguments stop the command (they were dropped).
    let params = match policy_dsl::parse_params(&args.params) {
        Ok(params) => params,
        Err(message) => {
            eprintln!("polc: {message}");
            return Ok(Outcome::Failure);
        }
    };
    let baseline = match args
        .within
        .as_deref()
        .map(|b| baseline(b, &params))
        .transpose()
    {
        Ok(baseline) => baseline,
        Err(message) => {
            eprintln!("polc: {message}");
            return Ok(Outcome::Failure);
        }
    };
    let files = match policy_dsl::files::files_with(&args.files, &["json", "pol"]) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("polc: {message}");
            return Ok(Outcome::Failure);
        }
    };
    let mut checks = Checks::new(args.policy_type.map(PolicyType::from));
    checks.within = baseline.as_ref();
    checks.role = role;
    let mut outcome = Outcome::Success;
    let mut checked: Vec<(Input, Vec<Finding>)> = Vec::new();
    // Inputs that could not be checked, with why, by position among all.
    let mut failed: Vec<(usize, &str, String)> = Vec::new();
    for name in &files {
        let pol = match args.input_format {
            Some(InputFormat::Pol) => true,
            Some(InputFormat::Json) => false,
            None => name.ends_with(".pol"),
        };
        match input::read(name) {
            Ok(input) => {
                let findings = if pol {
                    pol_findings(&input, &params, &checks)
                } else {
                    json_findings(&input, &checks)
                };
                let failing = findings.iter().any(|f| {
                    f.severity == Severity::Error
                        || (args.deny_warnings
                            && matches!(f.severity, Severity::Warning | Severity::SecurityWarning))
                });
                if failing {
                    outcome = outcome.max(Outcome::Findings);
                }
                checked.push((input, findings));
            }
            Err(message) => {
                eprintln!("polc: {message}");
                failed.push((checked.len() + failed.len(), name, message));
                outcome = Outcome::Failure;
            }
        }
    }
    let reports: Vec<FileReport<'_>> = checked
        .iter()
        .map(|(input, findings)| FileReport::new(&input.name, &input.text, findings))
        .collect();
    match args.format {
        Format::Json => writeln!(out, "{}", output::json(&in_order(&reports, &failed)))?,
        Format::Sarif => writeln!(out, "{}", output::sarif(&reports))?,
        Format::Human => {
            for report in &reports {
                if report.findings.is_empty() {
                    if args.verbose {
                        writeln!(out, "{}: no findings", report.display_name())?;
                    }
                    continue;
                }
                write!(out, "{}", output::human(report))?;
                writeln!(
                    out,
                    "{}: {}",
                    report.display_name(),
                    output::summary(report.findings)
                )?;
            }
        }
    }
    Ok(outcome)
}

/// One JSON object per input, in the order given; an input that could not
/// be checked says why.
fn in_order(
    reports: &[FileReport<'_>],
    failed: &[(usize, &str, String)],
) -> Vec<serde_json::Value> {
    let total = reports.len() + failed.len();
    let mut json: Vec<serde_json::Value> = Vec::with_capacity(total);
    let mut reports = reports.iter();
    let mut failed = failed.iter().peekable();
    while json.len() < total {
        match failed.peek() {
            Some((at, name, message)) if *at == json.len() => {
                json.push(serde_json::json!({"file": name, "error": message, "findings": []}));
                failed.next();
            }
            _ => match reports.next() {
                Some(report) => json.push(output::report_json(report)),
                None => break,
            },
        }
    }
    json
}

/// The finding for a file that is not UTF-8.
fn not_utf8(at: usize, code: &'static policy_model::Code, what: &str) -> Finding {
    Finding::new(
        code,
        format!("the file is not UTF-8: invalid byte at offset {at}"),
        Location::at(Span::new(at, at + '\u{fffd}'.len_utf8())),
    )
    .with_help(format!("{what} UTF-8: save the file as UTF-8"))
}

/// The findings of a `.pol` file: its compile errors, or the warnings of
/// its documents' checks and of those asked for (`--within`, `--role`),
/// all with spans in the `.pol` source.
fn pol_findings(input: &Input, values: &policy_dsl::Params, checks: &Checks<'_>) -> Vec<Finding> {
    if let Some(at) = input.invalid_utf8_at {
        return vec![not_utf8(
            at,
            &policy_dsl::codes::POL_SYNTAX_ERROR,
            "`.pol` files are",
        )];
    }
    let reference = policy_catalog::Reference::embedded();
    let options = policy_dsl::Options::default();
    match compile_path(&input.name, &input.text, values, reference, options) {
        Ok(compiled) => {
            let mut findings = Vec::new();
            for mut policy in compiled {
                findings.append(&mut policy.findings);
                let paths = policy.statement_paths();
                for mut finding in checks.asked_for(&policy.policy, &paths, policy.policy_type()) {
                    policy.locate(&mut finding);
                    findings.push(finding);
                }
            }
            findings.sort_by_key(|f| f.location.span.map(|s| s.start));
            findings
        }
        Err(diagnostics) => diagnostics.0,
    }
}

fn json_findings(input: &Input, checks: &Checks<'_>) -> Vec<Finding> {
    if let Some(at) = input.invalid_utf8_at {
        return vec![not_utf8(at, &codes::JSON_SYNTAX_ERROR, "IAM policies are")];
    }
    checks.run(&input.text).findings
}

/// The `--within` baseline: a policy file, or a managed policy by name.
fn baseline(name: &str, params: &policy_dsl::Params) -> Result<Baseline, String> {
    let path = std::path::Path::new(name);
    if path.is_file() && path.extension().is_some_and(|e| e == "pol") {
        let compiled = policy_dsl::files::read_compiled(name, params)?;
        let policy = policy_dsl::files::identity_document(&compiled).ok_or_else(|| {
            format!("the baseline `{name}` has no `policy` block to compare with")
        })?;
        return Ok(Baseline {
            name: name.to_owned(),
            policy,
        });
    }
    if name == "-" || path.is_file() {
        let input = input::read_utf8(name)?;
        return Baseline::from_text(name, &input.text);
    }
    Baseline::named(name)
}
