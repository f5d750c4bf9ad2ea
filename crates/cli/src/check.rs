//! `polc check`: structural findings for IAM JSON policies.

use policy_catalog::ecs::EcsRole;
use policy_model::finding::Severity;
use policy_model::report::FileReport;
use policy_model::{Finding, Location, Policy, PolicyType, Span, codes};

use crate::Outcome;
use crate::input::{self, Input};
use crate::output::{self, Format};

/// Arguments of `polc check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Policy files to check (`-` reads standard input).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// How to print findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat warnings (and security warnings) as errors for the exit code.
    #[arg(long)]
    deny_warnings: bool,
    /// The kind of policy the files are.
    #[arg(long, value_enum, default_value_t = TypeArg::Identity)]
    policy_type: TypeArg,
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
pub fn run(args: &Args) -> Outcome {
    let policy_type: PolicyType = args.policy_type.into();
    let role = match args.role.as_deref().map(known_role).transpose() {
        Ok(role) => role,
        Err(message) => {
            eprintln!("polc: {message}");
            return Outcome::Failure;
        }
    };
    let baseline = match args.within.as_deref().map(baseline).transpose() {
        Ok(baseline) => baseline,
        Err(message) => {
            eprintln!("polc: {message}");
            return Outcome::Failure;
        }
    };
    // Malformed `-p` arguments stop the command (they were dropped).
    let params = match policy_dsl::parse_params(&args.params) {
        Ok(params) => params,
        Err(message) => {
            eprintln!("polc: {message}");
            return Outcome::Failure;
        }
    };
    let mut outcome = Outcome::Success;
    let mut checked: Vec<(Input, Vec<Finding>)> = Vec::new();
    // Inputs that could not be checked, with why, by position among all.
    let mut failed: Vec<(usize, &str, String)> = Vec::new();
    for name in &args.files {
        let pol = match args.input_format {
            Some(InputFormat::Pol) => true,
            Some(InputFormat::Json) => false,
            None => name.ends_with(".pol"),
        };
        match input::read(name) {
            Ok(input) => {
                let findings = if pol {
                    pol_findings(&input, &params)
                } else {
                    findings(&input, policy_type, baseline.as_ref(), role)
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
        Format::Json => {
            // One object per input, in the order given; an input that could
            // not be checked says why.
            let mut json: Vec<serde_json::Value> = Vec::with_capacity(args.files.len());
            let mut reports_iter = reports.iter();
            let mut failed_iter = failed.iter().peekable();
            for position in 0..reports.len() + failed.len() {
                match failed_iter.peek() {
                    Some((at, name, message)) if *at == position => {
                        json.push(
                            serde_json::json!({"file": name, "error": message, "findings": []}),
                        );
                        failed_iter.next();
                    }
                    _ => {
                        if let Some(report) = reports_iter.next() {
                            json.push(serde_json::to_value(report.to_json()).unwrap_or_default());
                        }
                    }
                }
            }
            match serde_json::to_string_pretty(&json) {
                Ok(text) => println!("{text}"),
                Err(error) => {
                    eprintln!("polc: cannot write JSON: {error}");
                    outcome = Outcome::Failure;
                }
            }
        }
        Format::Sarif => {
            let rules: Vec<&'static policy_model::Code> = crate::explain::all_codes().collect();
            let log = policy_model::sarif::sarif(&reports, &rules, env!("CARGO_PKG_VERSION"));
            match serde_json::to_string_pretty(&log) {
                Ok(text) => println!("{text}"),
                Err(error) => {
                    eprintln!("polc: cannot write SARIF: {error}");
                    outcome = Outcome::Failure;
                }
            }
        }
        Format::Human => {
            for report in &reports {
                if report.findings.is_empty() {
                    if args.verbose {
                        println!("{}: no findings", report.display_name());
                    }
                    continue;
                }
                print!("{}", output::human(report));
                println!("{}: {}", report.display_name(), summary(report.findings));
            }
        }
    }
    outcome
}

/// The findings of a `.pol` file: its compile errors, or the warnings of
/// its documents' checks (spans in the `.pol` source).
fn pol_findings(input: &Input, values: &policy_dsl::Params) -> Vec<Finding> {
    if let Some(at) = input.invalid_utf8_at {
        let finding = Finding::new(
            &policy_dsl::codes::POL_SYNTAX_ERROR,
            format!("the file is not UTF-8: invalid byte at offset {at}"),
            Location::at(Span::new(at, at + '\u{fffd}'.len_utf8())),
        )
        .with_help("`.pol` files are UTF-8: save the file as UTF-8");
        return vec![finding];
    }
    let dir = std::path::Path::new(&input.name)
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let loader =
        |path: &str| -> Result<String, String> { policy_dsl::read_source(&dir.join(path)) };
    let identify = |path: &str| policy_dsl::file_identity(&dir.join(path));
    let options = policy_dsl::Options {
        loader: Some(&loader),
        identify: Some(&identify),
        file_name: std::path::Path::new(&input.name)
            .file_name()
            .and_then(|n| n.to_str()),
        ..policy_dsl::Options::default()
    };
    match policy_dsl::compile_with(
        &input.text,
        values,
        policy_catalog::Reference::embedded(),
        options,
    ) {
        Ok(compiled) => compiled.into_iter().flat_map(|p| p.findings).collect(),
        Err(diagnostics) => diagnostics.0,
    }
}

fn findings(
    input: &Input,
    policy_type: PolicyType,
    baseline: Option<&(String, Policy)>,
    role: Option<&EcsRole>,
) -> Vec<Finding> {
    if let Some(at) = input.invalid_utf8_at {
        let finding = Finding::new(
            &codes::JSON_SYNTAX_ERROR,
            format!("the file is not UTF-8: invalid byte at offset {at}"),
            Location::at(Span::new(at, at + '\u{fffd}'.len_utf8())),
        )
        .with_help("IAM policies are UTF-8 JSON: save the file as UTF-8");
        return vec![finding];
    }
    let mut checked = policy_catalog::check(&input.text, policy_type);
    if let (Some((name, baseline)), Some(policy)) = (baseline, &checked.policy) {
        let reference = policy_catalog::Reference::embedded();
        let exceeding = policy_catalog::checks::within::exceeding(
            policy,
            &checked.statement_paths,
            baseline,
            name,
            reference,
        );
        checked.extend(exceeding);
    }
    if let (Some(role), Some(policy)) = (role, &checked.policy) {
        let findings = policy_catalog::checks::roles::role_findings(
            policy,
            &checked.statement_paths,
            policy_type,
            role,
        );
        checked.extend(findings);
    }
    checked.findings
}

/// The `--role` role.
fn known_role(name: &str) -> Result<&'static EcsRole, String> {
    policy_catalog::ecs::role(name).ok_or_else(|| {
        let names: Vec<&str> = policy_catalog::ecs::ROLES.iter().map(|r| r.name).collect();
        format!(
            "`{name}` is not an ECS role the catalog knows; the roles are {}",
            names.join(", ")
        )
    })
}

/// The `--within` baseline: a policy file, or a managed policy by name.
fn baseline(name: &str) -> Result<(String, Policy), String> {
    if name == "-" || std::path::Path::new(name).is_file() {
        let input = input::read_utf8(name)?;
        let policy = Policy::from_json_str(&input.text, PolicyType::Identity).map_err(|error| {
            format!("the baseline `{name}` is not a valid policy: {error}; `polc check {name}` shows why")
        })?;
        return Ok((name.to_owned(), policy));
    }
    let managed = policy_catalog::managed_policy(name).ok_or_else(|| {
        match policy_catalog::managed::suggest_managed_policy(name) {
            Some(near) => format!("`{name}` is neither a file nor a managed policy the catalog knows; did you mean `{near}`?"),
            None => format!("`{name}` is neither a file nor a managed policy the catalog knows; `polc catalog managed-policy --list` lists them"),
        }
    })?;
    let policy = managed.policy().map_err(|error| {
        format!(
            "the managed policy `{}` does not read: {error}",
            managed.name
        )
    })?;
    Ok((managed.name.to_owned(), policy))
}

fn summary(findings: &[Finding]) -> String {
    let count = |severity: Severity| findings.iter().filter(|f| f.severity == severity).count();
    let parts: Vec<String> = [
        (Severity::Error, "error"),
        (Severity::SecurityWarning, "security warning"),
        (Severity::Warning, "warning"),
        (Severity::Suggestion, "suggestion"),
    ]
    .into_iter()
    .filter_map(|(severity, word)| {
        let n = count(severity);
        (n > 0).then(|| format!("{n} {word}{}", if n == 1 { "" } else { "s" }))
    })
    .collect();
    parts.join(", ")
}
