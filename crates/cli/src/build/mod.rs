//! `polc build`: `.pol` files → IAM JSON documents, checked first.

use std::io::Write;
use std::path::PathBuf;

use polc_dsl::Options;
use polc_dsl::deploy::{self, Document, Layout};
use polc_dsl::files::{pol_files, undeclared_params};
use polc_model::json::Style;
use polc_model::report::FileReport;

mod one;
mod write;

use crate::Outcome;
use crate::config::{self, Loader};
use crate::input;
use crate::output::{self, Format};

/// Arguments of `polc build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// `.pol` files, or directories of them (`-` reads standard input).
    #[arg(required = true, value_name = "FILE|DIR")]
    inputs: Vec<String>,
    /// Write each document to `DIR/<BlockName>.json` (needed when the
    /// files have more than one block).
    #[arg(short = 'o', long = "out-dir", value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// A parameter: `-p account=123456789012` (lists: `a,b,c`).
    #[arg(short = 'p', long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// Write JSON without whitespace.
    #[arg(long)]
    minify: bool,
    /// Merge statements with the same effect, principal, resources and
    /// conditions (never widening what is granted).
    #[arg(long)]
    minimize: bool,
    /// Split a document over its size quota into numbered documents that
    /// together grant the same.
    #[arg(long)]
    split: bool,
    /// Sort actions and resources within each statement.
    #[arg(long)]
    sort: bool,
    /// What identity blocks become, for their size quota: a customer
    /// managed policy (6,144), or an inline policy of a role (10,240), a
    /// user (2,048) or a group (5,120). An inline target is written as
    /// IAM JSON only (`--emit` templates hold managed policies).
    #[arg(long, value_enum, default_value_t = Target::Managed)]
    target: Target,
    /// What to write: IAM JSON, or wrapped for CloudFormation or Terraform.
    #[arg(long, value_enum, default_value_t = Emit::Iam)]
    emit: Emit,
    /// How to print findings (to standard error).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat warnings as errors for the exit code (nothing is written).
    #[arg(long)]
    deny_warnings: bool,
    #[command(flatten)]
    accept: config::Flags,
    /// List the findings that were suppressed.
    #[arg(short, long, conflicts_with = "quiet")]
    verbose: bool,
    /// Report error-level findings only (no warnings or suggestions; the
    /// exit code is the same).
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Target {
    /// A customer managed policy.
    Managed,
    /// A role's inline policy.
    RoleInline,
    /// A user's inline policy.
    UserInline,
    /// A group's inline policy.
    GroupInline,
}

impl Target {
    /// The name `--target` takes.
    const fn name(self) -> &'static str {
        match self {
            Self::Managed => "managed",
            Self::RoleInline => "role-inline",
            Self::UserInline => "user-inline",
            Self::GroupInline => "group-inline",
        }
    }

    const fn quota(self) -> Option<usize> {
        use polc_model::size::Target as Quota;
        match self {
            Self::Managed => None,
            Self::RoleInline => Some(Quota::RoleInline.quota()),
            Self::UserInline => Some(Quota::UserInline.quota()),
            Self::GroupInline => Some(Quota::GroupInline.quota()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Emit {
    /// The IAM policy document.
    Iam,
    /// A CloudFormation template with an `AWS::IAM::ManagedPolicy` (an
    /// `AWS::IAM::Role` for a trust block).
    Cloudformation,
    /// Terraform JSON (`.tf.json`) with an `aws_iam_policy` (an
    /// `aws_iam_role` for a trust block).
    Terraform,
}

impl From<Emit> for deploy::Emit {
    fn from(emit: Emit) -> Self {
        match emit {
            Emit::Iam => Self::Iam,
            Emit::Cloudformation => Self::CloudFormation,
            Emit::Terraform => Self::Terraform,
        }
    }
}

/// Compiles every input; writes the documents only if none has errors.
///
/// # Errors
/// A failed write to `out`.
pub fn run(args: &Args, out: &mut dyn Write) -> std::io::Result<Outcome> {
    let params = match polc_dsl::parse_params(&args.params) {
        Ok(params) => params,
        Err(message) => {
            eprintln!("polc: {message}");
            return Ok(Outcome::Failure);
        }
    };
    if let Err(message) = input::stdin_once(&args.inputs) {
        eprintln!("polc: {message}");
        return Ok(Outcome::Failure);
    }
    if args.target != Target::Managed && args.emit != Emit::Iam {
        // The template would deploy a managed policy checked against an
        // inline policy's larger quota (review 42).
        eprintln!(
            "polc: `--target {}` checks an inline policy's size quota, but `--emit {}` writes a customer managed policy ({}), whose quota is 6,144 characters: build with `--target managed`, or with `--emit iam` and attach the document as an inline policy",
            args.target.name(),
            deploy::Emit::from(args.emit).as_str(),
            match args.emit {
                Emit::Terraform => "`aws_iam_policy`",
                _ => "`AWS::IAM::ManagedPolicy`",
            }
        );
        return Ok(Outcome::Failure);
    }
    let words = args.format == output::Format::Human;
    // What stops the build once the arguments are read (files read to
    // know it): in words, or said inside the one document.
    let refuse = |file: &str, message: String| -> std::io::Result<Outcome> {
        if words {
            eprintln!("polc: {message}");
        } else {
            output::eprint_reports(args.format, &[], &[(file.to_owned(), message)], &[])?;
        }
        Ok(Outcome::Failure)
    };
    let files = match pol_files(&args.inputs) {
        Ok(files) => files,
        Err(message) => return refuse("-", message),
    };
    // With several files, a `-p` must be declared by one of them (each
    // file takes those it declares).
    let several = files.len() > 1;
    if several && let Some(name) = undeclared_params(&files, &params) {
        return refuse(
            "-",
            format!("`-p {name}=...` names no parameter of the files"),
        );
    }
    let mut layout = Layout::default();
    layout.minimize = args.minimize;
    layout.sort = args.sort;
    layout.split = args.split;
    layout.identity_quota = args.target.quota();
    layout.emit = args.emit.into();
    if args.minify {
        layout.style = Style::Minified;
    }
    let mut loader = match Loader::new(&args.accept) {
        Ok(loader) => loader,
        Err(message) => {
            let baseline = args
                .accept
                .baseline
                .as_ref()
                .map_or_else(|| "-".to_owned(), |b| b.display().to_string());
            return refuse(&baseline, message);
        }
    };
    let mut outcome = Outcome::Success;
    let mut documents: Vec<Document> = Vec::new();
    let mut reports: Vec<output::Reported> = Vec::new();
    // What failed that is no finding (a file not read or not written):
    // said in words, or inside the JSON or SARIF document on standard
    // error, which stays one document.
    let mut failures: Vec<(String, String)> = Vec::new();
    // What the user should know that stops nothing (a `polc.toml` passed
    // over, a block not minimized): likewise.
    let mut warnings: Vec<(String, String)> = Vec::new();
    if !words {
        loader.hold_warnings();
    }
    for name in &files {
        let input = match input::read_utf8(name) {
            Ok(input) => input,
            Err(message) if words => {
                eprintln!("polc: {message}");
                outcome = Outcome::Failure;
                continue;
            }
            Err(message) => {
                failures.push((name.clone(), message));
                outcome = Outcome::Failure;
                continue;
            }
        };
        let found = loader.settings_of_file(name);
        warnings.extend(loader.take_warnings().into_iter().map(|w| {
            (
                name.clone(),
                w.trim_start_matches("polc: warning: ").to_owned(),
            )
        }));
        let settings = match found {
            Ok(settings) => settings,
            Err(message) if words => {
                eprintln!("polc: {message}");
                return Ok(Outcome::Failure);
            }
            Err(message) => {
                // Said inside the one document on standard error; nothing
                // is written.
                failures.push((name.clone(), message));
                output::eprint_reports(args.format, &reports, &failures, &warnings)?;
                return Ok(Outcome::Failure);
            }
        };
        let options = Options {
            split: args.split,
            ignore_unknown_params: several,
            identity_quota: args.target.quota(),
            rules: Some(&settings.rules),
            ..Options::default()
        };
        let deny_warnings = args.deny_warnings || settings.deny_warnings;
        let (one, findings) = one::build_one(&layout, &input, &params, options, deny_warnings);
        outcome = outcome.max(one.outcome);
        documents.extend(one.documents);
        for note in one.notes {
            if words {
                eprintln!("polc: {name}: {note}");
            } else {
                warnings.push((name.clone(), note));
            }
        }
        if let Some(message) = one.failure {
            if words {
                eprintln!("polc: {name}: {message}");
            } else {
                failures.push((name.clone(), message));
            }
        }
        // In JSON and SARIF they are not printed before the document (the
        // SARIF log carries them as suppressions, as `check`'s does).
        if args.verbose && words {
            for s in &one.suppressed {
                let report = FileReport::new(&input.name, &input.text, &[]);
                eprintln!(
                    "{}{}: {} suppressed: {}",
                    report.shown_name(),
                    report.position(&s.finding),
                    s.finding.code.name,
                    s.reason
                );
            }
        }
        let findings = if args.quiet {
            // What fails the build: errors, and warnings when they count.
            findings
                .into_iter()
                .filter(|f| output::fails_run(f, deny_warnings))
                .collect()
        } else {
            findings
        };
        reports.push((input, findings, one.suppressed));
    }
    if words {
        output::eprint_reports(args.format, &reports, &failures, &warnings)?;
        if outcome != Outcome::Success {
            if !documents.is_empty() {
                eprintln!("polc: nothing written: fix the errors above");
            }
            return Ok(outcome);
        }
        return Ok(
            match write::write(args.out_dir.as_deref(), &documents, out)? {
                Ok(()) => Outcome::Success,
                Err(message) => {
                    eprintln!("polc: {message}");
                    Outcome::Failure
                }
            },
        );
    }
    // JSON and SARIF: written first, so that a failure to write is in the
    // one document on standard error.
    if outcome == Outcome::Success {
        let written = match write::write(args.out_dir.as_deref(), &documents, out) {
            Ok(written) => written,
            // Standard output refused the document (full, closed): said in
            // the document on standard error too.
            Err(error) => Err(format!("cannot write the output: {error}")),
        };
        if let Err(message) = written {
            let target = args
                .out_dir
                .as_deref()
                .map_or_else(|| "-".to_owned(), |dir| dir.display().to_string());
            failures.push((target, message));
            outcome = Outcome::Failure;
        }
    }
    output::eprint_reports(args.format, &reports, &failures, &warnings)?;
    Ok(outcome)
}
