//! Syntax tree → IAM policy documents, checked against the catalog, with
//! every finding pointing into the `.pol` source.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use polc_catalog::Reference;
use polc_catalog::reference::AccessLevel;
use polc_model::condition::{
    BaseOperator, ConditionOperator, ConditionValue, KeyTypes, SetQualifier,
};
use polc_model::json::Style;
use polc_model::policy::{
    ActionElement, Condition as ModelCondition, ConditionBlock, Effect as ModelEffect, OneOrMany,
    Policy, PolicyKey, Principal, PrincipalElement, PrincipalKind, ResourceElement,
    Statement as ModelStatement, StatementKey, Version,
};
use polc_model::suggest::closest;
use polc_model::{Finding, JsonPath, Location, PolicyType, Severity, Span, Text};

use crate::ast::{
    ActionKind, Block, BlockKind, Call, ConditionKind, Effect, Expr, ExprKind, File, ParamType,
    PrincipalKindAst, Qualifier, ShortOp, Statement, StringPiece,
};
use crate::codes;

mod arn;
mod block;
mod emit;
mod imports;
mod statement;
mod values;

pub use crate::operators::short_operator;

/// Build parameters (`-p NAME=VALUE`), by name.
pub type Params = IndexMap<String, String>;

/// Reads an imported file: its text, or why it cannot be read.
pub type Loader<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// Names the file a path leads to, the same for every path to it (through
/// links, `..`, or a folder linked to its parent): see [`file_identity`].
pub type Identify<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The identity of the file at `path`: its device and inode on Unix (hard
/// links included), elsewhere its canonical path (links resolved). Two
/// imports are the same file when their identities are equal, whatever
/// path text leads to it.
pub fn file_identity(path: &std::path::Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| format!("{}:{}", m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path)
            .ok()
            .map(|p| p.to_string_lossy().into_owned())
    }
}

/// One compiled block: the IAM document and where its parts came from.
#[derive(Debug, Clone)]
pub struct CompiledPolicy {
    /// The block's name (the document's file name without `.json`).
    pub name: String,
    /// The block's kind.
    pub kind: BlockKind,
    /// The document.
    pub policy: Policy,
    /// Where each part of the document came from in the `.pol` source.
    pub source_map: SourceMap,
    /// The block's header in the source.
    pub span: Span,
    /// Warnings and suggestions of the catalog checks (errors fail the
    /// compile).
    pub findings: Vec<Finding>,
    /// Findings of the document that an ignore comment or the rules
    /// suppress (`Options::rules`): they do not count.
    pub suppressed: Vec<polc_model::suppress::Suppressed>,
}

impl CompiledPolicy {
    /// The policy type the document is checked as.
    pub const fn policy_type(&self) -> PolicyType {
        match self.kind {
            BlockKind::Policy => PolicyType::Identity,
            BlockKind::Trust => PolicyType::Trust,
            BlockKind::Resource => PolicyType::Resource,
        }
    }

    /// The document as pretty JSON.
    pub fn json(&self) -> String {
        self.policy.to_json_string(Style::Pretty)
    }

    /// The JSON path of each statement of the document.
    pub fn statement_paths(&self) -> Vec<JsonPath> {
        (0..self.policy.statement.len())
            .map(|i| JsonPath::root().key("Statement").index(i))
            .collect()
    }

    /// Points a finding of the document (located by its JSON path) at the
    /// `.pol` source it came from (the block's header when nothing closer
    /// is known).
    pub fn locate(&self, finding: &mut Finding) {
        let span = self
            .source_map
            .span_of(&finding.location.path)
            .unwrap_or(self.span);
        finding.location.span = Some(span);
    }
}

/// JSON paths of a document → spans of the `.pol` source.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// Every recorded path (a path recorded twice: the last span).
    spans: HashMap<JsonPath, Span>,
}

impl SourceMap {
    fn add(&mut self, path: JsonPath, span: Span) {
        self.spans.insert(path, span);
    }

    /// The span of the longest recorded prefix of `path`: one lookup per
    /// prefix, so a statement with many findings costs each its path's
    /// depth, not the statement's size.
    pub fn span_of(&self, path: &JsonPath) -> Option<Span> {
        (0..=path.0.len()).rev().find_map(|len| {
            let prefix = JsonPath(path.0.get(..len)?.to_vec());
            self.spans.get(&prefix).copied()
        })
    }
}

/// Reads a `.pol` file for the compiler (the file itself or an import):
/// a regular file of at most [`MAX_SOURCE_BYTES`](crate::parse::MAX_SOURCE_BYTES),
/// in UTF-8. Reading stops at the limit, so a device or a huge file costs
/// nothing.
///
/// # Errors
/// Why the file cannot be read, in words for the author.
pub fn read_source(path: &std::path::Path) -> Result<String, String> {
    use polc_model::file::{Source, read_bounded};
    let bytes = read_bounded(Source::Path(path), crate::parse::MAX_SOURCE_BYTES, true)?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "it is not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Compile options.
#[derive(Clone, Copy, Default)]
pub struct Options<'a> {
    /// Reads `import`ed files (none: imports are errors).
    pub loader: Option<Loader<'a>>,
    /// Names the file an import path leads to, for cycles and files read
    /// once (none: the path text names it). A loader of files should give
    /// it, or a folder linked to its parent makes every level a new name.
    pub identify: Option<Identify<'a>>,
    /// The compiled file's name, as the loader would read it (its file
    /// name, imports being relative to its directory): an import of the
    /// file itself is then a cycle.
    pub file_name: Option<&'a str>,
    /// Documents over their size quota will be split (`polc build
    /// --split`): not an error, except for trust policies.
    pub split: bool,
    /// Do not run the catalog checks (nor the size check) on the emitted
    /// documents: for tests of the language itself, never for building.
    pub skip_catalog_checks: bool,
    /// Parameters the file does not declare are ignored, not errors (when
    /// one set of `-p` serves several files; the caller checks that each
    /// is declared by one of them).
    pub ignore_unknown_params: bool,
    /// The size quota of identity (`policy`) blocks, when not a customer
    /// managed policy's 6,144: a role's inline policy 10,240, a user's
    /// 2,048, a group's 5,120.
    pub identity_quota: Option<usize>,
    /// What the user accepts beyond the file's `# polc:ignore` comments
    /// (ignored codes, severities, a baseline): findings of the documents
    /// they suppress do not fail the compile. Errors of the language
    /// itself are never suppressed.
    pub rules: Option<&'a polc_model::suppress::Rules>,
    /// The file's path as the user gave it, for the rules' paths and
    /// baseline.
    pub path: Option<&'a str>,
    /// Further checks of each emitted document (`polc check --within`,
    /// `--role`): their findings are located in the source and may be
    /// suppressed like the catalog's.
    pub extra_checks: Option<ExtraChecks<'a>>,
    /// Each document is all of a principal's permissions (`--role`): a
    /// missing dependent action is a warning, not a suggestion.
    pub whole_principal: bool,
    /// A document over its size quota is a warning, as `check` reports
    /// the same JSON (Access Analyzer's severity); `build` refuses it.
    pub size_warns: bool,
    /// The parameters are `include_policy!`'s arguments (`name = "value"`),
    /// not `polc build -p NAME=VALUE`: the help says how to give one so.
    pub macro_arguments: bool,
}

/// Checks of an emitted document beyond the catalog's: given the document,
/// its statements' JSON paths and its type, findings located by path.
pub type ExtraChecks<'a> = &'a dyn Fn(&Policy, &[JsonPath], PolicyType) -> Vec<Finding>;

/// Every finding of a failed compile, errors first; and the findings of
/// its documents that were suppressed (they still do not count).
#[derive(Debug, Clone)]
pub struct Diagnostics(pub Vec<Finding>, pub Vec<polc_model::suppress::Suppressed>);

impl std::fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let errors = self
            .0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        match self.0.first() {
            Some(first) if errors > 1 => {
                write!(f, "{} (and {} more errors)", first.message, errors - 1)
            }
            Some(first) => f.write_str(&first.message),
            None => f.write_str("the file does not compile"),
        }
    }
}

impl std::error::Error for Diagnostics {}

/// The findings as related diagnostics, each with its code, help and span
/// in the source (a file's findings name the file in their message when
/// it was imported).
impl miette::Diagnostic for Diagnostics {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.0
            .first()
            .map(|f| Box::new(f.code.name) as Box<dyn std::fmt::Display>)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.0
            .first()
            .and_then(|f| f.help.as_deref())
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.0.first()?.location.span?;
        Some(Box::new(std::iter::once(polc_model::diagnostic::label(
            span,
        ))))
    }

    /// The findings after the first (which is this diagnostic).
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        Some(Box::new(
            self.0.iter().skip(1).map(|f| f as &dyn miette::Diagnostic),
        ))
    }
}

impl Diagnostics {
    /// Whether the source could not be read as the language at all (a
    /// syntax error, an import that cannot be read), rather than read and
    /// found wrong: `polc` exits 2 for the first, 1 for the second.
    pub fn unreadable(&self) -> bool {
        self.0.iter().any(|f| {
            matches!(
                f.code.id,
                polc_model::codes::CodeId::POL_SYNTAX_ERROR | polc_model::codes::CodeId::POL_IMPORT
            )
        })
    }
}

/// Compiles `source` with `params` against `reference`.
///
/// # Errors
/// Every error-level finding: syntax (the first), names, parameters,
/// builders, operators, and the catalog checks of the emitted documents.
///
/// ```
/// use polc_dsl::{compile, Params};
/// let source = r#"
/// param account: account_id
/// policy Deploy {
///   allow ecs:UpdateService on ecs.service("prod", "web", region = "*")
/// }"#;
/// let params = Params::from([("account".to_owned(), "111122223333".to_owned())]);
/// let compiled = compile(source, &params, polc_catalog::Reference::embedded()).unwrap();
/// assert!(compiled[0].json().contains("arn:aws:ecs:*:111122223333:service/prod/web"));
/// ```
pub fn compile(
    source: &str,
    params: &Params,
    reference: &Reference,
) -> Result<Vec<CompiledPolicy>, Diagnostics> {
    compile_with(source, params, reference, Options::default())
}

/// [`compile`] with options (imports).
///
/// # Errors
/// As [`compile`].
pub fn compile_with<'a>(
    source: &str,
    params: &Params,
    reference: &'a Reference,
    options: Options<'a>,
) -> Result<Vec<CompiledPolicy>, Diagnostics> {
    let file = crate::parse::parse(source).map_err(|errors| Diagnostics(errors, Vec::new()))?;
    let directives = crate::ignores::Directives::read(source, &file);
    let mut c = Compiler {
        reference,
        findings: directives.problems.clone(),
        directives,
        rules: options.rules,
        path: options.path.unwrap_or("-"),
        extra_checks: options.extra_checks,
        whole_principal: options.whole_principal,
        size_warns: options.size_warns,
        macro_arguments: options.macro_arguments,
        env: HashMap::new(),
        split: options.split,
        expansion_exceeded: None,
        identity_quota: options.identity_quota,
        expanded: 0,
    };
    let mut imports = Imports::default();
    if let Some(name) = options.file_name {
        let path = relative_to("", name);
        let identity = options.identify.and_then(|f| f(&path)).unwrap_or(path);
        imports.chain.push(identity);
    }
    c.imports(&file, params, options, &mut imports, "");
    c.params(&file, params, !options.ignore_unknown_params);
    c.lets(&file);
    let mut out = Vec::new();
    // Whether each compiled block left statements out because of errors.
    let mut incomplete: Vec<bool> = Vec::new();
    let mut names: HashMap<&str, Span> = HashMap::new();
    for block in &file.blocks {
        if let Some(first) = names.insert(&block.name.node, block.name.span) {
            c.error(
                &codes::POL_DUPLICATE_NAME,
                block.name.span,
                format!("a block named `{}` is declared twice", block.name.node),
                if c.macro_arguments {
                    "each block is a `NamedPolicy` of its own, found by its name: rename one"
                        .to_owned()
                } else {
                    let line = source
                        .get(..first.start)
                        .map_or(0, |before| before.matches('\n').count())
                        + 1;
                    format!(
                        "each block becomes `{}.json`; rename one (the first is on line {line})",
                        block.name.node
                    )
                },
            );
            continue;
        }
        let (policy, complete) = c.block(block);
        out.push(policy);
        incomplete.push(complete.is_err());
    }
    if !options.skip_catalog_checks {
        for (compiled, incomplete) in out.iter_mut().zip(incomplete) {
            c.check_emitted(compiled, incomplete);
        }
    }
    let mut findings = c.findings;
    if !findings.iter().any(|f| f.severity == Severity::Error) {
        // Every statement was built: an ignore that suppressed nothing is
        // left over (said on the block it is in).
        for unused in c.directives.unused(c.extra_checks.is_some()) {
            let at = unused.location.span.map_or(0, |s| s.start);
            let block = file
                .blocks
                .iter()
                .position(|b| b.span.end > at)
                .and_then(|i| file.blocks.get(i))
                .and_then(|b| out.iter_mut().find(|p| p.span == b.header));
            match block {
                Some(policy) => policy.findings.push(unused),
                None => findings.push(unused),
            }
        }
    }
    findings.sort_by_key(|f| {
        (
            f.severity != Severity::Error,
            f.location.span.map(|s| s.start),
        )
    });
    if findings.iter().any(|f| f.severity == Severity::Error) {
        // The documents' warnings are reported with the errors (after
        // them), as `check` of the same JSON would.
        let mut suppressed = Vec::new();
        for policy in out {
            findings.extend(policy.findings);
            suppressed.extend(policy.suppressed);
        }
        findings.sort_by_key(|f| {
            (
                f.severity != Severity::Error,
                f.location.span.map(|s| s.start),
            )
        });
        return Err(Diagnostics(findings, suppressed));
    }
    Ok(out)
}

/// A value of the language.
#[derive(Debug, Clone)]
enum Value {
    Str(String),
    Star,
    List(Vec<Value>),
    Number(String),
    Bool(bool),
}

struct Compiler<'r> {
    reference: &'r Reference,
    findings: Vec<Finding>,
    /// The file's `# polc:ignore` comments.
    directives: crate::ignores::Directives,
    /// What the user accepts beyond them (configuration, flags, baseline).
    rules: Option<&'r polc_model::suppress::Rules>,
    /// The compiled file's path, for the rules.
    path: &'r str,
    /// Checks asked for beyond the catalog's.
    extra_checks: Option<ExtraChecks<'r>>,
    /// See [`Options::whole_principal`].
    whole_principal: bool,
    /// See [`Options::size_warns`].
    size_warns: bool,
    /// See [`Options::macro_arguments`].
    macro_arguments: bool,
    /// Names of params and lets → value and declaration span.
    env: HashMap<String, (Step<Value>, Span)>,
    /// Oversized documents will be split.
    split: bool,
    /// The quota of identity blocks, when not a managed policy's.
    identity_quota: Option<usize>,
    /// The report of the first expansion over `MAX_EXPANDED_BYTES`: every
    /// later one fails with it.
    expansion_exceeded: Option<Reported>,
    /// Bytes of text names were expanded into, in all (bounded by
    /// `MAX_EXPANDED_BYTES`).
    expanded: usize,
}

impl Value {
    /// The bytes of text the value holds.
    fn bytes(&self) -> usize {
        match self {
            Self::Str(s) | Self::Number(s) => s.len(),
            Self::Star | Self::Bool(_) => 1,
            Self::List(items) => items.iter().map(Self::bytes).sum(),
        }
    }
}

/// The import chain being read, and every file read.
#[derive(Default)]
struct Imports {
    /// The identities of the files being read, outermost first.
    chain: Vec<String>,
    /// The identities of the files read.
    loaded: HashSet<String>,
    /// Bytes read, in all.
    bytes: usize,
}

/// How many managed policies AWS attaches to one role, user or group by
/// default.
const MAX_ATTACHED_MANAGED: usize = 10;

/// How many files deep imports may go.
const MAX_IMPORT_DEPTH: usize = 16;

/// `path` as written in the file at `from`, as a path from the compiled
/// file's directory: `.` and `..` resolved where they can be.
fn relative_to(from: &str, path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let dir = from.rsplit_once('/').map_or("", |(dir, _)| dir);
    let absolute = path.starts_with('/');
    let joined = if absolute || dir.is_empty() {
        path.to_owned()
    } else {
        format!("{dir}/{path}")
    };
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

use polc_catalog::reference::PARTITIONS;

/// Proof that an error was reported: only [`Compiler::error`] makes one
/// (in the spirit of rustc's `ErrorGuaranteed`). A step that fails returns
/// it, so a failure is never silent; a name whose value failed keeps it,
/// so every use of the name fails too without a second report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Reported(());

/// What a step of the compiler gives: its result, or the proof that why
/// it has none was reported.
type Step<T> = Result<T, Reported>;

/// The value of a step, or `None` after noting its failure in `failed`:
/// every part is compiled, so that all errors are reported, before the
/// whole fails with the last failure noted.
fn noting<T>(step: Step<T>, failed: &mut Option<Reported>) -> Option<T> {
    step.map_err(|reported| *failed = Some(reported)).ok()
}

impl Compiler<'_> {
    fn error(
        &mut self,
        code: &'static polc_model::Code,
        span: Span,
        message: String,
        help: String,
    ) -> Reported {
        self.findings
            .push(Finding::new(code, message, Location::at(span)).with_help(help));
        Reported(())
    }
}
