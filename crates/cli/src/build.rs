//! `polc build`: `.pol` files → IAM JSON documents, checked first.

use std::path::{Path, PathBuf};

use policy_dsl::{CompiledPolicy, Options, ast::BlockKind, transform};
use policy_model::json::Style;
use policy_model::report::FileReport;
use policy_model::{Finding, Severity};

use crate::Outcome;
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
    /// user (2,048) or a group (5,120).
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
    const fn quota(self) -> Option<usize> {
        use policy_model::size::Target as Quota;
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

impl Emit {
    /// The option's value.
    const fn as_str(self) -> &'static str {
        match self {
            Self::Iam => "iam",
            Self::Cloudformation => "cloudformation",
            Self::Terraform => "terraform",
        }
    }
}

/// Compiles every input; writes the documents only if none has errors.
pub fn run(args: &Args) -> Outcome {
    let params = match policy_dsl::parse_params(&args.params) {
        Ok(params) => params,
        Err(message) => {
            eprintln!("polc: {message}");
            return Outcome::Failure;
        }
    };
    let files = match collect(&args.inputs) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("polc: {message}");
            return Outcome::Failure;
        }
    };
    let reference = policy_catalog::Reference::embedded();
    let mut outcome = Outcome::Success;
    // With several files, a `-p` must be declared by one of them (each
    // file takes those it declares).
    let several = files.len() > 1;
    if several {
        let mut declared = std::collections::HashSet::new();
        for name in &files {
            if let Ok(input) = input::read(name)
                && let Ok(file) = policy_dsl::parse::parse(&input.text)
            {
                declared.extend(file.params.iter().map(|p| p.name.node.clone()));
            }
        }
        for name in params.keys() {
            if !declared.contains(name) {
                eprintln!("polc: `-p {name}=...` names no parameter of the files");
                return Outcome::Failure;
            }
        }
    }
    let mut documents: Vec<(String, BlockKind, String)> = Vec::new();
    let mut reports: Vec<(input::Input, Vec<Finding>)> = Vec::new();
    for name in &files {
        let input = match input::read_utf8(name) {
            Ok(input) => input,
            Err(message) => {
                eprintln!("polc: {message}");
                outcome = Outcome::Failure;
                continue;
            }
        };
        let dir = Path::new(name)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let loader =
            |path: &str| -> Result<String, String> { policy_dsl::read_source(&dir.join(path)) };
        let identify = |path: &str| policy_dsl::file_identity(&dir.join(path));
        let file_name = Path::new(name).file_name().and_then(|n| n.to_str());
        let options = Options {
            loader: Some(&loader),
            identify: Some(&identify),
            file_name,
            split: args.split,
            skip_catalog_checks: false,
            ignore_unknown_params: several,
            identity_quota: args.target.quota(),
        };
        match policy_dsl::compile_with(&input.text, &params, reference, options) {
            Ok(compiled) => {
                let mut findings: Vec<Finding> = Vec::new();
                if args.emit != Emit::Iam
                    && let Some(resource) = compiled.iter().find(|p| p.kind == BlockKind::Resource)
                {
                    eprintln!(
                        "polc: {name}: `resource {}` is a resource-based policy, which is part of its resource (a bucket policy, a key policy, ...): `--emit iam` writes it, to attach to that resource; `--emit {}` writes identity and trust policies only",
                        resource.name,
                        args.emit.as_str()
                    );
                    outcome = Outcome::Failure;
                    continue;
                }
                for mut policy in compiled {
                    findings.append(&mut policy.findings);
                    for (doc_name, text) in emit(args, &policy) {
                        documents.push((doc_name, policy.kind, text));
                    }
                }
                let failing = args.deny_warnings
                    && findings.iter().any(|f| {
                        matches!(f.severity, Severity::Warning | Severity::SecurityWarning)
                    });
                if failing {
                    outcome = outcome.max(Outcome::Findings);
                }
                reports.push((input, findings));
            }
            Err(diagnostics) => {
                let syntax = diagnostics
                    .0
                    .iter()
                    .any(|f| f.code.name == "POL_SYNTAX_ERROR" || f.code.name == "POL_IMPORT");
                outcome = outcome.max(if syntax {
                    Outcome::Failure
                } else {
                    Outcome::Findings
                });
                reports.push((input, diagnostics.0));
            }
        }
    }
    print_findings(args.format, &reports);
    if outcome != Outcome::Success {
        if !documents.is_empty() {
            eprintln!("polc: nothing written: fix the errors above");
        }
        return outcome;
    }
    write(args, &documents)
}

/// The `.pol` files named: files as given, directories' `.pol` files in
/// name order.
pub(crate) fn collect(inputs: &[String]) -> Result<Vec<String>, String> {
    let mut files = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if input != "-" && path.is_dir() {
            let mut found: Vec<String> = std::fs::read_dir(path)
                .map_err(|e| format!("cannot read `{input}`: {e}"))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "pol"))
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(format!("`{input}` has no `.pol` file"));
            }
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

/// The documents of one compiled block: `(file name, text)`.
fn emit(args: &Args, compiled: &CompiledPolicy) -> Vec<(String, String)> {
    let mut policy = compiled.policy.clone();
    if args.minimize {
        transform::minimize(&mut policy);
    }
    if args.sort {
        transform::sort(&mut policy);
    }
    let parts = if args.split && compiled.kind == BlockKind::Policy {
        let quota = match (compiled.kind, args.target.quota()) {
            (BlockKind::Policy, Some(q)) => q,
            (kind, _) => transform::quota(kind),
        };
        transform::split(&policy, quota)
    } else {
        vec![policy]
    };
    let style = if args.minify {
        Style::Minified
    } else {
        Style::Pretty
    };
    let numbered = parts.len() > 1;
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let name = if numbered {
                format!("{}{}", compiled.name, i + 1)
            } else {
                compiled.name.clone()
            };
            let document = part.to_json_string(style);
            let text = match args.emit {
                Emit::Iam => document,
                Emit::Cloudformation => cloudformation(&name, compiled.kind, &document, style),
                Emit::Terraform => terraform(&name, compiled.kind, &document, style),
            };
            let extension = if args.emit == Emit::Terraform {
                "tf.json"
            } else {
                "json"
            };
            (format!("{name}.{extension}"), text)
        })
        .collect()
}

fn render(value: &serde_json::Value, style: Style) -> String {
    let text = match style {
        Style::Minified => serde_json::to_string(value),
        Style::Pretty => serde_json::to_string_pretty(value),
    };
    text.unwrap_or_default()
}

fn cloudformation(name: &str, kind: BlockKind, document: &str, style: Style) -> String {
    let doc: serde_json::Value = serde_json::from_str(document).unwrap_or_default();
    let resource = match kind {
        BlockKind::Trust => serde_json::json!({
            "Type": "AWS::IAM::Role",
            "Properties": {"RoleName": name, "AssumeRolePolicyDocument": doc}}),
        BlockKind::Policy | BlockKind::Resource => serde_json::json!({
            "Type": "AWS::IAM::ManagedPolicy",
            "Properties": {"ManagedPolicyName": name, "PolicyDocument": doc}}),
    };
    let template = serde_json::json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {name: resource}});
    render(&template, style) + "\n"
}

fn terraform(name: &str, kind: BlockKind, document: &str, style: Style) -> String {
    let minified: String = serde_json::from_str::<serde_json::Value>(document)
        .map(|v| v.to_string())
        .unwrap_or_default();
    let id: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let value = match kind {
        BlockKind::Trust => serde_json::json!({"resource": {"aws_iam_role": {id: {
            "name": name, "assume_role_policy": minified}}}}),
        BlockKind::Policy | BlockKind::Resource => {
            serde_json::json!({"resource": {"aws_iam_policy": {id: {
            "name": name, "policy": minified}}}})
        }
    };
    render(&value, style) + "\n"
}

fn print_findings(format: Format, reports: &[(input::Input, Vec<Finding>)]) {
    let file_reports: Vec<FileReport<'_>> = reports
        .iter()
        .map(|(input, findings)| FileReport::new(&input.name, &input.text, findings))
        .collect();
    match format {
        Format::Human => {
            for report in &file_reports {
                if !report.findings.is_empty() {
                    eprint!("{}", output::human_to(report, false));
                }
            }
        }
        Format::Json => {
            let json: Vec<serde_json::Value> = file_reports
                .iter()
                .map(|r| serde_json::to_value(r.to_json()).unwrap_or_default())
                .collect();
            eprintln!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
        Format::Sarif => {
            let rules: Vec<&'static policy_model::Code> = crate::explain::all_codes().collect();
            let log = policy_model::sarif::sarif(&file_reports, &rules, env!("CARGO_PKG_VERSION"));
            eprintln!("{}", serde_json::to_string_pretty(&log).unwrap_or_default());
        }
    }
}

fn write(args: &Args, documents: &[(String, BlockKind, String)]) -> Outcome {
    match &args.out_dir {
        None => match documents {
            [(_, _, text)] => {
                print!("{text}");
                if !text.ends_with('\n') {
                    println!();
                }
                Outcome::Success
            }
            [] => {
                eprintln!("polc: the files have no block to build");
                Outcome::Failure
            }
            _ => {
                let names: Vec<&str> = documents.iter().map(|(n, _, _)| n.as_str()).collect();
                eprintln!(
                    "polc: {} documents ({}): pass `-o DIR` to write them as files",
                    documents.len(),
                    names.join(", ")
                );
                Outcome::Failure
            }
        },
        Some(dir) => {
            let mut seen = std::collections::HashSet::new();
            for (name, _, _) in documents {
                if !seen.insert(name) {
                    eprintln!("polc: two blocks would both be written to `{name}`: rename one");
                    return Outcome::Failure;
                }
            }
            if let Err(e) = std::fs::create_dir_all(dir) {
                eprintln!("polc: cannot create `{}`: {e}", dir.display());
                return Outcome::Failure;
            }
            for (name, _, text) in documents {
                let path = dir.join(name);
                let mut text = text.clone();
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                if let Err(e) = std::fs::write(&path, text) {
                    eprintln!("polc: cannot write `{}`: {e}", path.display());
                    return Outcome::Failure;
                }
            }
            Outcome::Success
        }
    }
}
