//! `polc check`: findings for IAM JSON policies and `.pol` files.

use std::io::Write;

use crate::output;
use polc_catalog::checks::Checks;
use polc_catalog::ecs::known_role;
use polc_model::PolicyType;

use crate::Outcome;
use crate::config;
use crate::input;
use crate::output::Format;
use crate::parallel;

mod inputs;
mod print;
mod setup;

use inputs::Checked;
use setup::{Setup, setup};

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
    /// block is checked as its kind (with a `.pol` input, only `identity`
    /// may be given).
    #[arg(long, value_enum)]
    policy_type: Option<TypeArg>,
    /// Also report what each statement grants beyond this baseline: an AWS
    /// managed policy name (`AmazonECSTaskExecutionRolePolicy`) or a policy
    /// file (JSON, or `.pol`: its `policy` blocks).
    #[arg(long, value_name = "NAME|FILE")]
    within: Option<String>,
    /// Read the policy as that of a known ECS role (`ecsTaskExecutionRole`,
    /// `task role`, ...): a trust policy must trust the role's service,
    /// any other must allow what the role's job needs.
    #[arg(long, value_name = "ROLE")]
    role: Option<String>,
    /// Read the JSON inputs as all the policies of one principal (a role's
    /// or a user's policies, each in its file): a dependent action is then
    /// missing only when none of them allows it, and a warning.
    #[arg(long)]
    one_principal: bool,
    /// How to read the inputs, whatever their extension (default: `.pol`
    /// files are compiled and their documents checked, others are JSON).
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
    /// A parameter of `.pol` inputs: `-p account=123456789012`.
    #[arg(short = 'p', long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    #[command(flatten)]
    accept: config::Flags,
    /// Write the findings that count (and those the baseline accepted) to
    /// FILE as a baseline for `--baseline`.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<std::path::PathBuf>,
    /// Say so for files without findings, and list suppressed findings.
    #[arg(short, long, conflicts_with = "quiet")]
    verbose: bool,
    /// Report error-level findings only (no warnings, suggestions or
    /// summaries; the exit code is the same).
    #[arg(short, long)]
    quiet: bool,
    /// How many inputs to check at once (default: one per CPU, at most
    /// 8). The report is the same whatever the number.
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum InputFormat {
    /// IAM policy JSON.
    Json,
    /// The `.pol` language: compiled, and its documents checked.
    Pol,
}

/// `--policy-type` (also `polc diff`'s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum TypeArg {
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

/// The identity policies among the JSON inputs that read, for
/// `--one-principal` (those that do not are reported when checked).
fn principal_policies(files: &[String], args: &Args) -> Vec<polc_model::Policy> {
    files
        .iter()
        .filter(|name| match args.input_format {
            Some(InputFormat::Json) => true,
            Some(InputFormat::Pol) => false,
            None => !name.ends_with(".pol"),
        })
        .filter_map(|name| input::read(name).ok())
        .filter_map(|input| {
            polc_model::Policy::from_json_str(&input.text, PolicyType::Identity).ok()
        })
        .collect()
}

/// What stops the command before any file is checked.
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
    let Setup {
        files,
        params,
        baseline,
        mut loader,
        stdin_only_pol,
    } = match setup(args) {
        Ok(setup) => setup,
        Err(message) => {
            eprintln!("polc: {message}");
            return Ok(Outcome::Failure);
        }
    };
    if args.one_principal && args.files.iter().any(|f| crate::input::names_stdin(f)) {
        eprintln!(
            "polc: --one-principal reads every input before checking it, and standard input (`-`, or a path to it such as `/dev/stdin`) can be read once: write it to a file"
        );
        return Ok(Outcome::Failure);
    }
    let is_pol = |name: &str| match args.input_format {
        Some(InputFormat::Pol) => true,
        Some(InputFormat::Json) => false,
        None => name.ends_with(".pol"),
    };
    if let Some(ty) = args.policy_type.map(PolicyType::from)
        && ty != PolicyType::Identity
        && let Some(pol) = files.iter().find(|name| is_pol(name))
    {
        // A `.pol` block is checked as its kind: the flag would not apply
        // to it (review 42: an SCP written as a `policy` block passed its
        // size quota, checked as an identity policy's).
        eprintln!(
            "polc: {pol}: `--policy-type {}` applies to JSON documents; a `.pol` file's blocks are checked as their kinds (`policy` as an identity policy, `trust`, `resource`): check `.pol` files without `--policy-type`, or build them and check the JSON with it",
            ty.as_str()
        );
        return Ok(Outcome::Failure);
    }
    let principal = polc_catalog::checks::Principal::new(if args.one_principal {
        principal_policies(&files, args)
    } else {
        Vec::new()
    });
    let mut checks = Checks::new(args.policy_type.map(PolicyType::from));
    checks.within = baseline
        .as_ref()
        .map(|baseline| polc_catalog::checks::Within {
            baseline,
            engine: &polc_analysis::WITHIN,
        });
    checks.role = role;
    checks.principal = args.one_principal.then_some(&principal);
    // Each input's settings, found in order before any input is checked,
    // with the warnings of the lookup kept to be printed in input order
    // with the rest. A configuration file that cannot be read stops the
    // run at that input: the inputs before it are checked, as one at a
    // time would.
    loader.hold_warnings();
    let mut settings = Vec::with_capacity(files.len());
    let mut warnings = Vec::with_capacity(files.len());
    let mut stop = None;
    for name in &files {
        let found = loader.settings_of_file(name);
        warnings.push(loader.take_warnings());
        match found {
            Ok(found) => settings.push(found),
            Err(message) => {
                stop = Some(message);
                break;
            }
        }
    }
    let jobs: Vec<_> = files.iter().zip(&settings).collect();
    // An input named twice is checked in order on one thread: a baseline
    // entry suppresses one finding, that of the first.
    let mut seen = std::collections::HashSet::new();
    let threads = if jobs.len() > 1 && files.iter().all(|name| seen.insert(name.as_str())) {
        args.jobs
            .map_or_else(parallel::default_threads, usize::from)
    } else {
        1
    };
    let results = parallel::map(&jobs, threads, |(name, settings)| {
        let pol = is_pol(name);
        let input = input::read(name)?;
        let mut one = if pol {
            let strict = stdin_only_pol && *name == "-";
            inputs::pol(input, &params, &checks, &settings.rules, strict)
        } else {
            inputs::json(input, &checks, &settings.rules)
        };
        one.deny_warnings = args.deny_warnings || settings.deny_warnings;
        // A document with nothing to show is not kept: a run over many
        // files holds only the texts it reports on.
        if one.findings.is_empty() && one.suppressed.is_empty() {
            one.input.text = String::new();
        }
        Ok(one)
    });
    let mut outcome = Outcome::Success;
    let mut checked: Vec<Checked> = Vec::with_capacity(files.len());
    // Inputs that could not be checked, with why, by position among all.
    let mut failed: Vec<(usize, &str, String)> = Vec::new();
    let mut warnings = warnings.into_iter();
    for (name, result) in files.iter().zip(results) {
        for warning in warnings.next().unwrap_or_default() {
            eprintln!("{warning}");
        }
        match result {
            Ok(one) => {
                if one
                    .findings
                    .iter()
                    .any(|f| output::fails_run(f, one.deny_warnings))
                {
                    outcome = outcome.max(Outcome::Findings);
                }
                checked.push(one);
            }
            Err(message) => {
                // The settings of an input that is not a readable file
                // are those of the place it names (a directory's own).
                let found = loader.settings(name);
                for warning in loader.take_warnings() {
                    eprintln!("{warning}");
                }
                if let Err(message) = found {
                    eprintln!("polc: {message}");
                    return Ok(Outcome::Failure);
                }
                eprintln!("polc: {message}");
                failed.push((checked.len() + failed.len(), name, message));
                outcome = Outcome::Failure;
            }
        }
    }
    if let Some(message) = stop {
        for warning in warnings.next().unwrap_or_default() {
            eprintln!("{warning}");
        }
        eprintln!("polc: {message}");
        return Ok(Outcome::Failure);
    }
    if let Some(path) = &args.write_baseline
        && let Err(message) = print::write_baseline(path, &checked)
    {
        eprintln!("polc: {message}");
        return Ok(Outcome::Failure);
    }
    print::reports(
        args.format,
        args.verbose,
        args.quiet,
        &checked,
        &failed,
        out,
    )?;
    Ok(outcome)
}
