//! Syntax tree → IAM policy documents, checked against the catalog, with
//! every finding pointing into the `.pol` source.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use policy_catalog::Reference;
use policy_catalog::reference::AccessLevel;
use policy_model::condition::{
    BaseOperator, ConditionOperator, ConditionValue, KeyType, KeyTypes, SetQualifier,
};
use policy_model::json::Style;
use policy_model::policy::{
    ActionElement, Condition as ModelCondition, ConditionBlock, Effect as ModelEffect, OneOrMany,
    Policy, PolicyKey, Principal, PrincipalElement, PrincipalKind, ResourceElement,
    Statement as ModelStatement, StatementKey, Version,
};
use policy_model::suggest::closest;
use policy_model::{Finding, JsonPath, Location, PathSegment, PolicyType, Severity, Span};

use crate::ast::{
    ActionKind, Block, BlockKind, Call, ConditionKind, Effect, Expr, ExprKind, File, ParamType,
    PrincipalKindAst, Qualifier, ShortOp, Statement, StringPiece,
};
use crate::codes;

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
}

/// JSON paths of a document → spans of the `.pol` source.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// Entries under `Statement[i]`, by `i`.
    statements: Vec<Vec<(JsonPath, Span)>>,
    /// The others (the document itself).
    other: Vec<(JsonPath, Span)>,
}

/// The `i` of a path under `Statement[i]`.
fn statement_index(path: &JsonPath) -> Option<usize> {
    match path.0.as_slice() {
        [PathSegment::Key(k), PathSegment::Index(i), ..] if k == "Statement" => Some(*i),
        _ => None,
    }
}

impl SourceMap {
    fn add(&mut self, path: JsonPath, span: Span) {
        match statement_index(&path) {
            Some(i) => {
                if self.statements.len() <= i {
                    self.statements.resize_with(i + 1, Vec::new);
                }
                if let Some(entries) = self.statements.get_mut(i) {
                    entries.push((path, span));
                }
            }
            None => self.other.push((path, span)),
        }
    }

    /// The span of the longest recorded prefix of `path`.
    pub fn span_of(&self, path: &JsonPath) -> Option<Span> {
        let longest = |entries: &[(JsonPath, Span)]| {
            entries
                .iter()
                .filter(|(p, _)| path.0.starts_with(&p.0))
                .max_by_key(|(p, _)| p.0.len())
                .map(|(_, s)| *s)
        };
        statement_index(path)
            .and_then(|i| self.statements.get(i))
            .and_then(|entries| longest(entries))
            .or_else(|| longest(&self.other))
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
    use policy_model::file::{Source, read_bounded};
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
}

/// Every finding of a failed compile, errors first.
#[derive(Debug, Clone)]
pub struct Diagnostics(pub Vec<Finding>);

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

/// Compiles `source` with `params` against `reference`.
///
/// # Errors
/// Every error-level finding: syntax (the first), names, parameters,
/// builders, operators, and the catalog checks of the emitted documents.
///
/// ```
/// use policy_dsl::{compile, Params};
/// let source = r#"
/// param account: account_id
/// policy Deploy {
///   allow ecs:UpdateService on ecs.service("prod", "web", region = "*")
/// }"#;
/// let params = Params::from([("account".to_owned(), "111122223333".to_owned())]);
/// let compiled = compile(source, &params, policy_catalog::Reference::embedded()).unwrap();
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
pub fn compile_with(
    source: &str,
    params: &Params,
    reference: &Reference,
    options: Options<'_>,
) -> Result<Vec<CompiledPolicy>, Diagnostics> {
    let file = crate::parse::parse(source).map_err(|f| Diagnostics(vec![f]))?;
    let mut c = Compiler {
        reference,
        findings: Vec::new(),
        env: HashMap::new(),
        split: options.split,
        silent_failures: 0,
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
                format!(
                    "each block becomes `{}.json`; rename one (the first is at byte {})",
                    block.name.node, first.start
                ),
            );
            continue;
        }
        let before = c.error_count();
        if let Some(policy) = c.block(block) {
            out.push(policy);
            incomplete.push(c.error_count() > before);
        }
    }
    if !options.skip_catalog_checks {
        for (compiled, incomplete) in out.iter_mut().zip(incomplete) {
            c.check_emitted(compiled, incomplete);
        }
    }
    let mut findings = c.findings;
    findings.sort_by_key(|f| {
        (
            f.severity != Severity::Error,
            f.location.span.map(|s| s.start),
        )
    });
    if findings.iter().any(|f| f.severity == Severity::Error) {
        return Err(Diagnostics(findings));
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
    /// Names of params and lets → value and declaration span.
    env: HashMap<String, (Option<Value>, Span)>,
    /// Oversized documents will be split.
    split: bool,
    /// The quota of identity blocks, when not a managed policy's.
    identity_quota: Option<usize>,
    /// Values that failed without a new error (their error is reported
    /// where the name is declared): a statement using one is left out.
    silent_failures: usize,
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

const ENV_PARTS: [&str; 3] = ["Partition", "Region", "Account"];
use policy_catalog::reference::PARTITIONS;

impl Compiler<'_> {
    fn error(
        &mut self,
        code: &'static policy_model::Code,
        span: Span,
        message: String,
        help: String,
    ) {
        self.findings
            .push(Finding::new(code, message, Location::at(span)).with_help(help));
    }

    /// Reads the files `file` imports (`from`: the importing file's path,
    /// relative to the compiled file; "" for the compiled file itself).
    fn imports(
        &mut self,
        file: &File,
        given: &Params,
        options: Options<'_>,
        state: &mut Imports,
        from: &str,
    ) {
        for import in &file.imports {
            let Some(loader) = options.loader else {
                self.error(
                    &codes::POL_IMPORT,
                    import.span,
                    format!("`{}` cannot be imported here", import.node),
                    "imports are read by `polc build` from files; compile the file from disk"
                        .into(),
                );
                continue;
            };
            // Relative to the importing file; named by its identity.
            let path = relative_to(from, &import.node);
            let identity = options
                .identify
                .and_then(|f| f(&path))
                .unwrap_or_else(|| path.clone());
            if state.chain.contains(&identity) || state.chain.len() >= MAX_IMPORT_DEPTH {
                self.error(
                    &codes::POL_IMPORT,
                    import.span,
                    if state.chain.len() >= MAX_IMPORT_DEPTH {
                        format!(
                            "`{}` is imported {MAX_IMPORT_DEPTH} files deep",
                            import.node
                        )
                    } else {
                        format!(
                            "`{}` imports itself (the imports form a cycle)",
                            import.node
                        )
                    },
                    if state.chain.len() >= MAX_IMPORT_DEPTH {
                        "import the shared files from fewer levels".into()
                    } else {
                        "a shared file imports nothing that imports it back".into()
                    },
                );
                continue;
            }
            // A file shared by two imports is read once.
            if state.loaded.contains(&identity) {
                continue;
            }
            if state.loaded.len() >= crate::parse::MAX_IMPORTED_FILES {
                self.error(
                    &codes::POL_LIMIT,
                    import.span,
                    format!(
                        "`{}` would be file {} read through imports; polc reads at most {}",
                        import.node,
                        state.loaded.len() + 1,
                        crate::parse::MAX_IMPORTED_FILES
                    ),
                    "share fewer files through imports".into(),
                );
                continue;
            }
            state.loaded.insert(identity.clone());
            let text = match loader(&path) {
                Ok(text) if state.bytes + text.len() > crate::parse::MAX_IMPORTED_BYTES => {
                    self.error(
                        &codes::POL_LIMIT,
                        import.span,
                        format!(
                            "`{}` brings the imported text over {} MiB, the most polc reads for one file",
                            import.node,
                            crate::parse::MAX_IMPORTED_BYTES >> 20
                        ),
                        "share fewer or smaller files through imports".into(),
                    );
                    continue;
                }
                Ok(text) => {
                    state.bytes += text.len();
                    text
                }
                Err(why) => {
                    self.error(
                        &codes::POL_IMPORT,
                        import.span,
                        format!("`{}` cannot be read: {why}", import.node),
                        "the path is relative to the importing file".into(),
                    );
                    continue;
                }
            };
            match crate::parse::parse(&text) {
                Ok(imported) => {
                    // Findings inside the imported file are reported at the
                    // import (their spans are in the other text).
                    let before = self.findings.len();
                    state.chain.push(identity.clone());
                    self.imports(&imported, given, options, state, &path);
                    state.chain.pop();
                    self.params(&imported, given, false);
                    self.lets(&imported);
                    for f in self.findings.iter_mut().skip(before) {
                        f.message = format!("in `{}`: {}", import.node, f.message);
                        f.location = Location::at(import.span);
                    }
                }
                Err(e) => self.error(
                    &codes::POL_IMPORT,
                    import.span,
                    format!("`{}` does not parse: {}", import.node, e.message),
                    "run `polc build` on that file to see where".into(),
                ),
            }
        }
    }

    fn params(&mut self, file: &File, given: &Params, check_unknown: bool) {
        if check_unknown {
            for name in given.keys() {
                if !file.params.iter().any(|p| p.name.node == *name) && !self.env.contains_key(name)
                {
                    let near = closest(name, file.params.iter().map(|p| p.name.node.as_str()));
                    self.error(
                        &codes::POL_UNKNOWN_PARAMETER,
                        Span::new(0, 0),
                        format!("`-p {name}=...` names no parameter of the file"),
                        match near {
                            Some(n) => format!("did you mean `{n}`?"),
                            None => "declare it with `param NAME: TYPE`, or drop the `-p`".into(),
                        },
                    );
                }
            }
        }
        for param in &file.params {
            let name = &param.name.node;
            if self.env.contains_key(name) {
                self.error(
                    &codes::POL_DUPLICATE_NAME,
                    param.name.span,
                    format!("`{name}` is declared twice"),
                    "each name has one value: rename one".into(),
                );
                continue;
            }
            let value = match given.get(name) {
                Some(raw) => self.typed_param(param.ty.node, raw, name, param.name.span),
                None => match &param.default {
                    Some(default) => {
                        let v = self.eval(default);
                        if let Some(v) = &v {
                            self.check_default(param.ty.node, v, name, default.span);
                        }
                        v
                    }
                    None => {
                        self.error(
                            &codes::POL_MISSING_PARAMETER,
                            param.span,
                            format!("the parameter `{name}` is not given"),
                            format!(
                                "pass `-p {name}=VALUE` ({}) to `polc build`, or give it a default: `param {name}: {} = ...`",
                                param.ty.node.as_str(),
                                param.ty.node.as_str()
                            ),
                        );
                        None
                    }
                },
            };
            self.env.insert(name.clone(), (value, param.name.span));
        }
    }

    fn typed_param(&mut self, ty: ParamType, raw: &str, name: &str, span: Span) -> Option<Value> {
        match ty {
            ParamType::List(base) => {
                let items: Vec<&str> = if raw.is_empty() {
                    Vec::new()
                } else {
                    raw.split(',').map(str::trim).collect()
                };
                let mut out = Vec::new();
                for item in items {
                    if let Err(why) = check_given(item).and_then(|()| check_type(base_of(ty), item))
                    {
                        self.bad_param(name, item, &why, span);
                        return None;
                    }
                    out.push(Value::Str(item.to_owned()));
                }
                let _ = base;
                Some(Value::List(out))
            }
            _ => match check_given(raw).and_then(|()| check_type(ty, raw)) {
                Ok(()) => Some(Value::Str(raw.to_owned())),
                Err(why) => {
                    self.bad_param(name, raw, &why, span);
                    None
                }
            },
        }
    }

    fn check_default(&mut self, ty: ParamType, value: &Value, name: &str, span: Span) {
        // A bare `*` is checked as the text `*` (an account id is never `*`).
        let text = |v: &'_ Value| match v {
            Value::Str(s) => Some(s.clone()),
            Value::Star => Some("*".to_owned()),
            _ => None,
        };
        let texts: Vec<String> = match value {
            Value::List(items) => items.iter().filter_map(text).collect(),
            other => text(other).into_iter().collect(),
        };
        for t in &texts {
            if let Err(why) = check_type(base_of(ty), t) {
                self.bad_param(name, t, &why, span);
            }
        }
    }

    fn bad_param(&mut self, name: &str, value: &str, why: &str, span: Span) {
        self.error(
            &codes::POL_INVALID_PARAMETER,
            span,
            format!(
                "`{}` is not a valid value for `{name}`: {why}",
                value.escape_debug()
            ),
            format!("pass `-p {name}=VALUE` with a value of the parameter's type"),
        );
    }

    fn lets(&mut self, file: &File) {
        for binding in &file.lets {
            let name = &binding.name.node;
            if self.env.contains_key(name) {
                self.error(
                    &codes::POL_DUPLICATE_NAME,
                    binding.name.span,
                    format!("`{name}` is declared twice"),
                    "each name has one value: rename one".into(),
                );
                continue;
            }
            let value = self.eval(&binding.value);
            self.env.insert(name.clone(), (value, binding.name.span));
        }
    }

    /// The value of an expression; `None` after reporting why not.
    fn eval(&mut self, expr: &Expr) -> Option<Value> {
        match &expr.node {
            ExprKind::Star => Some(Value::Star),
            ExprKind::Number(n) => Some(Value::Number(n.clone())),
            ExprKind::Bool(b) => Some(Value::Bool(*b)),
            ExprKind::String(lit) => {
                let mut out = String::new();
                for piece in &lit.pieces {
                    match piece {
                        StringPiece::Text(t) => out.push_str(t),
                        StringPiece::Interpolation(name) => {
                            let value = self.lookup(&name.node, name.span)?;
                            if out.len() + value.bytes() > crate::parse::MAX_VALUE_BYTES {
                                self.too_large(name.span, false);
                                return None;
                            }
                            match value {
                                Value::Str(s) if !s.contains(['$', '{', '}']) => out.push_str(&s),
                                Value::Star => out.push('*'),
                                Value::Str(s) => {
                                    self.error(
                                        &codes::POL_INTERPOLATION,
                                        name.span,
                                        format!("the value of `{}` (`{s}`) has `$`, `{{` or `}}`: put in this string it could form an IAM policy variable", name.node),
                                        "write IAM policy variables literally in the string (`${aws:username}`), never through a parameter".into(),
                                    );
                                    return None;
                                }
                                _ => {
                                    self.error(
                                        &codes::POL_INTERPOLATION,
                                        name.span,
                                        format!("`{}` is not a single string and cannot be put in a string", name.node),
                                        "interpolate strings only; use the list itself where a list is allowed".into(),
                                    );
                                    return None;
                                }
                            }
                        }
                    }
                }
                Some(Value::Str(out))
            }
            ExprKind::Name(name) => self.lookup(name, expr.span),
            ExprKind::List(items) => {
                let mut out = Vec::new();
                let mut bytes = 0usize;
                let mut ok = true;
                for item in items {
                    let value = self.eval(item);
                    bytes += value.as_ref().map_or(0, Value::bytes);
                    if bytes > crate::parse::MAX_VALUE_BYTES {
                        self.too_large(item.span, false);
                        return None;
                    }
                    match value {
                        Some(Value::List(inner)) => out.extend(inner),
                        Some(v) => out.push(v),
                        None => ok = false,
                    }
                }
                ok.then_some(Value::List(out))
            }
            ExprKind::Call(call) => self.build_arn(call, expr.span).map(Value::Str),
        }
    }

    /// Reports a value grown over `MAX_VALUE_BYTES` (`total`: the
    /// expansions of one compilation over `MAX_EXPANDED_BYTES`).
    fn too_large(&mut self, span: Span, total: bool) {
        let message = if total {
            format!(
                "the file's names expand to more than {} MiB of text in all, the most polc builds",
                crate::parse::MAX_EXPANDED_BYTES >> 20
            )
        } else {
            format!(
                "this value expands to more than {} MiB of text, the most polc builds",
                crate::parse::MAX_VALUE_BYTES >> 20
            )
        };
        self.error(
            &codes::POL_LIMIT,
            span,
            message,
            "no IAM document holds that much: bindings that repeat each other grow exponentially"
                .into(),
        );
    }

    fn lookup(&mut self, name: &str, span: Span) -> Option<Value> {
        match self.env.get(name) {
            // `None`: its error is reported where it is declared.
            Some((value, _)) => {
                if value.is_none() {
                    self.silent_failures += 1;
                }
                let bytes = value.as_ref().map_or(0, Value::bytes);
                let before = self.expanded;
                self.expanded = self.expanded.saturating_add(bytes);
                if self.expanded > crate::parse::MAX_EXPANDED_BYTES {
                    // Reported once, where the total is first exceeded.
                    if before <= crate::parse::MAX_EXPANDED_BYTES {
                        self.too_large(span, true);
                    } else {
                        self.silent_failures += 1;
                    }
                    return None;
                }
                value.clone()
            }
            None => {
                let candidates: Vec<String> = self.env.keys().cloned().collect();
                let near = closest(name, candidates.iter().map(String::as_str)).map(str::to_owned);
                self.error(
                    &codes::POL_UNKNOWN_NAME,
                    span,
                    format!("`{name}` is not defined"),
                    match near {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => format!("declare it: `let {name} = ...` or `param {name}: string`"),
                    },
                );
                None
            }
        }
    }

    /// `service.resource_type(args)` → an ARN.
    fn build_arn(&mut self, call: &Call, span: Span) -> Option<String> {
        let reference = self.reference;
        let Some(service) = reference.service(&call.service.node) else {
            let near = reference
                .suggest_service(&call.service.node)
                .map(str::to_owned);
            self.error(
                &codes::POL_UNKNOWN_BUILDER,
                call.service.span,
                format!(
                    "`{}` is not a service prefix the catalog knows",
                    call.service.node
                ),
                match near {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => {
                        "use the service's prefix as in its actions (`ecs`, `iam`, `s3`...)".into()
                    }
                },
            );
            return None;
        };
        let wanted = call.builder.node.replace('_', "-");
        let Some(resource_type) = service
            .resource_types
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(&wanted))
        else {
            let names: Vec<String> = service
                .resource_types
                .iter()
                .map(|r| r.name.replace('-', "_"))
                .collect();
            let near =
                closest(&call.builder.node, names.iter().map(String::as_str)).map(str::to_owned);
            self.error(
                &codes::POL_UNKNOWN_BUILDER,
                call.builder.span,
                format!(
                    "`{}` has no resource type `{}`",
                    call.service.node, call.builder.node
                ),
                match near {
                    Some(n) => format!(
                        "did you mean `{}.{n}`? its builders are {}",
                        call.service.node,
                        names.join(", ")
                    ),
                    None => format!("its builders are {}", names.join(", ")),
                },
            );
            return None;
        };
        let format = resource_type.arn_format;
        let placeholders = placeholders(format);
        let parts: Vec<&str> = placeholders
            .iter()
            .copied()
            .filter(|p| !ENV_PARTS.contains(p))
            .collect();
        let arg_names: Vec<String> = parts.iter().map(|p| snake(p)).collect();
        let signature = format!(
            "{}.{}({})",
            call.service.node,
            call.builder.node,
            arg_names.join(", ")
        );
        let mut values: HashMap<String, String> = HashMap::new();
        let mut positional = 0usize;
        let mut ok = true;
        for arg in &call.args {
            let key = match &arg.name {
                Some(name) => {
                    let n = name.node.as_str();
                    if !arg_names.iter().any(|a| a == n)
                        && !["partition", "region", "account"].contains(&n)
                    {
                        self.error(
                            &codes::POL_BUILDER_ARGUMENT,
                            name.span,
                            format!("`{signature}` has no argument `{n}`"),
                            "its arguments are its ARN parts, plus `partition`, `region`, `account`".into(),
                        );
                        ok = false;
                        continue;
                    }
                    n.to_owned()
                }
                None => {
                    let Some(n) = arg_names.get(positional) else {
                        self.error(
                            &codes::POL_BUILDER_ARGUMENT,
                            arg.value.span,
                            format!(
                                "too many arguments: `{signature}` takes {}",
                                arg_names.len()
                            ),
                            format!("the ARN format is `{format}`"),
                        );
                        ok = false;
                        continue;
                    };
                    positional += 1;
                    n.clone()
                }
            };
            let value = match self.eval(&arg.value) {
                Some(Value::Str(s)) => s,
                Some(Value::Star) => "*".to_owned(),
                Some(_) => {
                    self.error(
                        &codes::POL_WRONG_VALUE,
                        arg.value.span,
                        "an ARN part is a string".into(),
                        "give a string, `*`, or a name bound to one".into(),
                    );
                    ok = false;
                    continue;
                }
                None => {
                    ok = false;
                    continue;
                }
            };
            if values.insert(key.clone(), value).is_some() {
                self.error(
                    &codes::POL_BUILDER_ARGUMENT,
                    arg.value.span,
                    format!("`{key}` is given twice"),
                    format!("`{signature}`: give each part once"),
                );
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        let mut arn = String::new();
        for piece in template_pieces(format) {
            let placeholder = match piece {
                TemplatePiece::Text(text) => {
                    arn.push_str(text);
                    continue;
                }
                TemplatePiece::Placeholder(name) => name,
            };
            let value = match placeholder {
                "Partition" => values
                    .get("partition")
                    .cloned()
                    .or_else(|| self.env_string("partition"))
                    .or_else(|| Some("aws".to_owned())),
                "Region" => values
                    .get("region")
                    .cloned()
                    .or_else(|| self.env_string("region")),
                "Account" => values
                    .get("account")
                    .cloned()
                    .or_else(|| self.env_string("account")),
                other => values.get(&snake(other)).cloned(),
            };
            match value {
                Some(v) => arn.push_str(&v),
                None if self.poisoned(&placeholder.to_ascii_lowercase()) => {
                    self.silent_failures += 1;
                    return None;
                }
                None => {
                    let arg = match placeholder {
                        "Region" => "region".to_owned(),
                        "Account" => "account".to_owned(),
                        other => snake(other),
                    };
                    let help = if ["region", "account"].contains(&arg.as_str()) {
                        format!(
                            "declare `param {arg}: {}` or pass `{arg} = \"...\"` (`\"*\"` for any)",
                            if arg == "account" {
                                "account_id"
                            } else {
                                "region"
                            }
                        )
                    } else {
                        format!("`{signature}`: give `{arg}` (`\"*\"` for any)")
                    };
                    self.error(
                        &codes::POL_BUILDER_ARGUMENT,
                        span,
                        format!(
                            "`{}.{}` needs `{arg}`",
                            call.service.node, call.builder.node
                        ),
                        help,
                    );
                    return None;
                }
            }
        }
        Some(arn)
    }

    /// Whether `name` is declared but has no value (its error is reported).
    fn poisoned(&self, name: &str) -> bool {
        matches!(self.env.get(name), Some((None, _)))
    }

    fn env_string(&self, name: &str) -> Option<String> {
        match self.env.get(name) {
            Some((Some(Value::Str(s)), _)) => Some(s.clone()),
            Some((Some(Value::Star), _)) => Some("*".into()),
            _ => None,
        }
    }

    /// A block → a document.
    fn block(&mut self, block: &Block) -> Option<CompiledPolicy> {
        let errors_before = self.error_count();
        let mut map = SourceMap::default();
        map.add(JsonPath::root(), block.header);
        let mut statements: Vec<(ModelStatement, Option<String>)> = Vec::new();
        if let Some(extends) = &block.extends {
            statements.extend(self.extended(extends).into_iter().map(|s| (s, None)));
            for i in 0..statements.len() {
                map.add(
                    JsonPath::root().key("Statement").index(i),
                    extends.managed.span,
                );
            }
        }
        for statement in &block.statements {
            let index = statements.len();
            if let Some((compiled, statement_map)) = self.statement(block, statement, index) {
                for (path, span) in statement_map {
                    map.add(path, span);
                }
                statements.push((compiled, statement.sid.as_ref().map(|s| s.node.clone())));
            }
        }
        // Sids: explicit ones, else generated from the block name.
        let explicit: HashSet<String> = statements
            .iter()
            .filter_map(|(s, _)| s.sid.clone())
            .collect();
        let stem: String = block
            .name
            .node
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let mut used = explicit;
        let generate = block.no_sids.is_none();
        let mut model_statements = Vec::new();
        for (i, (mut s, _)) in statements.into_iter().enumerate() {
            if s.sid.is_none() && generate {
                let mut candidate = format!("{stem}{}", i + 1);
                let mut n = 0;
                while used.contains(&candidate) {
                    n += 1;
                    candidate = format!("{stem}{}x{n}", i + 1);
                }
                used.insert(candidate.clone());
                s.sid = Some(candidate);
                s.key_order.insert(0, StatementKey::Sid);
            }
            model_statements.push(s);
        }
        let version = match &block.version {
            None => Some(Version::V2012_10_17),
            Some(v) => match v.node.as_deref() {
                None => None,
                Some("2012-10-17") => Some(Version::V2012_10_17),
                Some("2008-10-17") => Some(Version::V2008_10_17),
                Some(other) => {
                    self.error(
                        &codes::POL_SYNTAX_ERROR,
                        v.span,
                        format!("`{other}` is not a policy language version"),
                        "write `version \"2012-10-17\"` (the default), `version \"2008-10-17\"` or `version none`".into(),
                    );
                    None
                }
            },
        };
        let mut key_order = Vec::new();
        if version.is_some() {
            key_order.push(PolicyKey::Version);
        }
        if block.id.is_some() {
            key_order.push(PolicyKey::Id);
        }
        key_order.push(PolicyKey::Statement);
        let policy = Policy {
            version,
            id: block.id.as_ref().map(|i| i.node.clone()),
            statement: OneOrMany::Many(model_statements),
            key_order,
        };
        // With errors the compile fails, but the document of the statements
        // that compiled is still checked, so that one run reports all.
        let _ = errors_before;
        Some(CompiledPolicy {
            name: block.name.node.clone(),
            kind: block.kind,
            policy,
            source_map: map,
            span: block.header,
            findings: Vec::new(),
        })
    }

    /// Errors reported, plus values that failed silently (see
    /// `silent_failures`): what tells a statement it failed.
    fn error_count(&self) -> usize {
        self.silent_failures
            + self
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count()
    }

    /// The statements of `extends aws:NAME [except ...]`.
    fn extended(&mut self, extends: &crate::ast::Extends) -> Vec<ModelStatement> {
        let name = &extends.managed.node;
        let Some(managed) = policy_catalog::managed_policy(name) else {
            let near = policy_catalog::managed::suggest_managed_policy(name);
            self.error(
                &codes::POL_UNKNOWN_MANAGED_POLICY,
                extends.managed.span,
                format!("`aws:{name}` is not an AWS managed policy the catalog knows"),
                match near {
                    Some(n) => format!("did you mean `aws:{n}`?"),
                    None => "`polc catalog managed-policy --list` lists them".into(),
                },
            );
            return Vec::new();
        };
        let Ok(policy) = managed.policy() else {
            return Vec::new();
        };
        let mut statements: Vec<ModelStatement> = policy.statement.iter().cloned().collect();
        for except in &extends.except {
            let patterns = self.action_values(except);
            let mut removed = false;
            let take_away = |a: &str| {
                patterns
                    .iter()
                    .any(|p| policy_model::wildcard::matches_ignore_case(p, a))
            };
            for statement in &mut statements {
                if statement.effect != ModelEffect::Allow {
                    continue;
                }
                if statement.action.not {
                    // Allows every action but the listed ones: taking
                    // actions away is listing them too.
                    let listed: Vec<String> = statement.action.values.iter().cloned().collect();
                    let mut values = listed.clone();
                    for pattern in &patterns {
                        let covered = listed
                            .iter()
                            .any(|l| policy_model::wildcard::matches_ignore_case(l, pattern));
                        if !covered {
                            values.push(pattern.clone());
                        }
                    }
                    if values.len() > listed.len() {
                        removed = true;
                        statement.action.values = OneOrMany::Many(values);
                    }
                    continue;
                }
                let mut kept: Vec<String> = Vec::new();
                let mut changed = false;
                for action in statement.action.values.iter() {
                    let expanded: Vec<String> = self
                        .reference
                        .expand(action)
                        .into_iter()
                        .map(|(s, a)| format!("{}:{}", s.prefix, a.name))
                        .collect();
                    if expanded.is_empty() && !action.contains(['*', '?']) && take_away(action) {
                        // An action the catalog does not know, named.
                        changed = true;
                    } else if expanded.is_empty()
                        && action.contains(['*', '?'])
                        && patterns
                            .iter()
                            .any(|p| policy_model::action::may_share_service(p, action))
                    {
                        self.error(
                            &codes::POL_EXCEPT_REMOVES_NOTHING,
                            except.span,
                            format!("`aws:{name}` allows `{action}`, which the catalog cannot list: `except` cannot take actions away from it"),
                            "write the statements you need instead of extending the managed policy".into(),
                        );
                        // Reported: not "removes nothing" as well.
                        removed = true;
                        kept.push(action.clone());
                    } else if expanded.iter().any(|a| take_away(a)) {
                        changed = true;
                        kept.extend(expanded.into_iter().filter(|a| !take_away(a)));
                    } else {
                        kept.push(action.clone());
                    }
                }
                if changed {
                    removed = true;
                    statement.action.values = OneOrMany::Many(kept);
                }
            }
            if !removed {
                self.error(
                    &codes::POL_EXCEPT_REMOVES_NOTHING,
                    except.span,
                    format!("`aws:{name}` grants nothing `except` could take away here"),
                    format!("`polc catalog managed-policy {name}` shows what it grants"),
                );
            }
        }
        statements.retain(|s| !s.action.values.is_empty());
        statements
    }

    /// The action strings of one action entry.
    fn action_values(&mut self, action: &crate::ast::Action) -> Vec<String> {
        match &action.node {
            ActionKind::Star => vec!["*".into()],
            ActionKind::Name(n) | ActionKind::Quoted(n) => vec![n.clone()],
            ActionKind::Set(service, names) => names
                .iter()
                .map(|n| format!("{}:{}", service.node, n.node))
                .collect(),
            ActionKind::Group(service, level) => {
                let Some(svc) = self.reference.service(service) else {
                    let near = self.reference.suggest_service(service).map(str::to_owned);
                    self.error(
                        &codes::POL_UNKNOWN_BUILDER,
                        action.span,
                        format!("`{service}` is not a service prefix the catalog knows"),
                        near.map_or_else(
                            || "use the prefix of the service's actions".to_owned(),
                            |n| format!("did you mean `{n}`?"),
                        ),
                    );
                    return Vec::new();
                };
                let Some(level_value) = AccessLevel::from_slug(&level.node) else {
                    return Vec::new();
                };
                svc.actions_at(level_value)
                    .map(|a| format!("{}:{}", svc.prefix, a.name))
                    .collect()
            }
        }
    }

    /// One statement; its source map entries (paths from the root).
    fn statement(
        &mut self,
        block: &Block,
        statement: &Statement,
        index: usize,
    ) -> Option<(ModelStatement, Vec<(JsonPath, Span)>)> {
        let at = JsonPath::root().key("Statement").index(index);
        let mut map = vec![(at.clone(), statement.span)];
        let mut key_order = Vec::new();
        let errors_before = self.error_count();
        if let Some(sid) = &statement.sid {
            key_order.push(StatementKey::Sid);
            map.push((at.key("Sid"), sid.span));
        }
        key_order.push(StatementKey::Effect);
        map.push((at.key("Effect"), statement.effect.span));
        // Principal.
        let principal = match (&statement.principals, block.kind) {
            (Some(p), BlockKind::Policy) => {
                self.error(
                    &codes::POL_PRINCIPAL_ELEMENT,
                    p.span,
                    "an identity policy names no principal: it applies to whoever it is attached to".into(),
                    "remove the principal, or make the block `trust` or `resource`".into(),
                );
                None
            }
            (None, BlockKind::Trust | BlockKind::Resource) => {
                self.error(
                    &codes::POL_PRINCIPAL_ELEMENT,
                    statement.effect.span,
                    format!("a `{}` statement must name who it applies to", block.kind.as_str()),
                    "write e.g. `allow service \"ecs-tasks.amazonaws.com\" to sts:AssumeRole` or `allow anyone to ...`".into(),
                );
                None
            }
            (Some(p), _) => {
                key_order.push(StatementKey::Principal);
                let element = if p.not { "NotPrincipal" } else { "Principal" };
                map.push((at.key(element), p.span));
                if p.anyone {
                    Some(PrincipalElement {
                        not: p.not,
                        value: Principal::Any,
                    })
                } else {
                    let mut kinds: IndexMap<PrincipalKind, OneOrMany<String>> = IndexMap::new();
                    for entry in &p.entries {
                        let kind = match entry.kind.node {
                            PrincipalKindAst::Aws => PrincipalKind::Aws,
                            PrincipalKindAst::Service => PrincipalKind::Service,
                            PrincipalKindAst::Federated => PrincipalKind::Federated,
                            PrincipalKindAst::Canonical => PrincipalKind::CanonicalUser,
                        };
                        let Some(values) = self.strings(&entry.value, "a principal") else {
                            continue;
                        };
                        let path = at.key(element).key(kind.as_str());
                        map.push((path, entry.value.span));
                        match kinds.get_mut(&kind) {
                            Some(existing) => {
                                let mut all: Vec<String> = existing.iter().cloned().collect();
                                all.extend(values.iter().cloned());
                                *existing = OneOrMany::Many(all);
                            }
                            None => {
                                kinds.insert(kind, values);
                            }
                        }
                    }
                    Some(PrincipalElement {
                        not: p.not,
                        value: Principal::Map(kinds),
                    })
                }
            }
            (None, BlockKind::Policy) => None,
        };
        // Actions.
        key_order.push(StatementKey::Action);
        let action_key = if statement.not_action {
            "NotAction"
        } else {
            "Action"
        };
        let mut actions: Vec<String> = Vec::new();
        let mut action_spans: Vec<Span> = Vec::new();
        let single = !statement.action_array
            && matches!(
                statement.actions.as_slice(),
                [a] if matches!(a.node, ActionKind::Star | ActionKind::Name(_) | ActionKind::Quoted(_))
            );
        for action in &statement.actions {
            match &action.node {
                ActionKind::Set(_, names) => {
                    let values = self.action_values(action);
                    for (value, name) in values.into_iter().zip(names) {
                        actions.push(value);
                        action_spans.push(name.span);
                    }
                }
                _ => {
                    for value in self.action_values(action) {
                        actions.push(value);
                        action_spans.push(action.span);
                    }
                }
            }
        }
        for (i, span) in action_spans.iter().enumerate() {
            let path = if single {
                at.key(action_key)
            } else {
                at.key(action_key).index(i)
            };
            map.push((path, *span));
        }
        map.push((
            at.key(action_key),
            statement.actions.first().map_or(statement.span, |a| a.span),
        ));
        let action = ActionElement {
            not: statement.not_action,
            values: if single {
                OneOrMany::One(actions.into_iter().next().unwrap_or_default())
            } else {
                OneOrMany::Many(actions)
            },
        };
        // Resources.
        let resource = match &statement.resources {
            None => None,
            Some(r) => {
                key_order.push(StatementKey::Resource);
                let key = if r.not { "NotResource" } else { "Resource" };
                map.push((at.key(key), r.span));
                let mut values: Vec<String> = Vec::new();
                let single =
                    matches!(r.items.as_slice(), [one] if !matches!(one.node, ExprKind::List(_)));
                for item in &r.items {
                    let Some(strings) = self.strings(item, "a resource") else {
                        continue;
                    };
                    for s in strings.iter() {
                        if single {
                            map.push((at.key(key), item.span));
                        } else {
                            map.push((at.key(key).index(values.len()), item.span));
                        }
                        values.push(s.clone());
                    }
                }
                Some(ResourceElement {
                    not: r.not,
                    values: if single && values.len() == 1 {
                        OneOrMany::One(values.into_iter().next().unwrap_or_default())
                    } else {
                        OneOrMany::Many(values)
                    },
                })
            }
        };
        // Conditions.
        let mut condition: IndexMap<ConditionOperator, ConditionBlock> = IndexMap::new();
        for c in &statement.conditions {
            let Some((operator, key, values)) = self.condition(c) else {
                continue;
            };
            let block_entry = condition
                .entry(operator)
                .or_insert_with(|| ConditionBlock(IndexMap::new()));
            if block_entry.0.keys().any(|k| k.eq_ignore_ascii_case(&key)) {
                self.error(
                    &codes::POL_SYNTAX_ERROR,
                    c.span,
                    format!("`{key}` is tested twice with `{operator}` in one statement"),
                    "IAM can hold one list of values per key and operator: put the values in one list (they are ORed)".into(),
                );
                continue;
            }
            map.push((at.condition_key(&operator, &key), c.span));
            block_entry.0.insert(key, values);
        }
        if !condition.is_empty() {
            key_order.push(StatementKey::Condition);
            map.push((
                at.key("Condition"),
                statement
                    .conditions
                    .first()
                    .map_or(statement.span, |c| c.span),
            ));
        }
        if self.error_count() > errors_before {
            return None;
        }
        Some((
            ModelStatement {
                sid: statement.sid.as_ref().map(|s| s.node.clone()),
                effect: match statement.effect.node {
                    Effect::Allow => ModelEffect::Allow,
                    Effect::Deny => ModelEffect::Deny,
                },
                principal,
                action,
                resource,
                condition: (!condition.is_empty()).then_some(ModelCondition(condition)),
                key_order,
            },
            map,
        ))
    }

    /// A string or list of strings (resources, principals).
    fn strings(&mut self, expr: &Expr, what: &str) -> Option<OneOrMany<String>> {
        let value = self.eval(expr)?;
        let one = |v: &Value| match v {
            Value::Str(s) => Some(s.clone()),
            Value::Star => Some("*".to_owned()),
            _ => None,
        };
        let result = match &value {
            Value::List(items) => items
                .iter()
                .map(one)
                .collect::<Option<Vec<_>>>()
                .map(OneOrMany::Many),
            v => one(v).map(OneOrMany::One),
        };
        if result.is_none() {
            self.error(
                &codes::POL_WRONG_VALUE,
                expr.span,
                format!("{what} is a string, not a number or boolean"),
                "write it in quotes".into(),
            );
        }
        result
    }

    /// One condition → operator, key, values.
    fn condition(
        &mut self,
        c: &crate::ast::Condition,
    ) -> Option<(ConditionOperator, String, OneOrMany<ConditionValue>)> {
        match &c.node {
            ConditionKind::Explicit {
                operator,
                key,
                values,
            } => {
                let Ok(op) = operator.node.parse::<ConditionOperator>() else {
                    let names: Vec<&str> = BaseOperator::ALL.iter().map(|o| o.as_str()).collect();
                    let bare = operator
                        .node
                        .rsplit(':')
                        .next()
                        .unwrap_or_default()
                        .trim_end_matches("IfExists");
                    let near = closest(bare, names.iter().copied());
                    self.error(
                        &codes::POL_INVALID_OPERATOR,
                        operator.span,
                        format!("`{}` is not an IAM condition operator", operator.node),
                        near.map_or_else(
                            || "use an operator such as `StringEquals`, `ArnLike`, `NumericLessThan`".to_owned(),
                            |n| format!("did you mean `{n}`?"),
                        ),
                    );
                    return None;
                };
                let values = self.condition_values(values)?;
                Some((op, key.node.clone(), values))
            }
            ConditionKind::Short {
                qualifier,
                key,
                if_exists,
                op,
                values,
            } => {
                let key_type = self.reference.key_type(&key.node);
                let base = short_operator(op.node, key_type).ok_or(()).map_err(|()| {
                    let type_name = key_type.map_or("String", key_type_name);
                    self.error(
                        &codes::POL_OPERATOR_TYPE,
                        op.span,
                        format!(
                            "`{}` does not fit `{}`, whose type is {type_name}",
                            op.node.as_str(),
                            key.node
                        ),
                        format!(
                            "{type_name} keys take {}; or write the IAM operator explicitly: `Operator({}, ...)`",
                            operators_for(key_type),
                            key.node
                        ),
                    );
                });
                let base = base.ok()?;
                if *if_exists && base == BaseOperator::Null {
                    self.error(
                        &codes::POL_OPERATOR_TYPE,
                        op.span,
                        format!("`?` (IfExists) cannot go with `{}`", op.node.as_str()),
                        "`exists` and `missing` already say what happens when the key is absent"
                            .into(),
                    );
                    return None;
                }
                let operator = ConditionOperator {
                    base,
                    qualifier: qualifier.as_ref().map(|q| match q.node {
                        Qualifier::Any => SetQualifier::ForAnyValue,
                        Qualifier::All => SetQualifier::ForAllValues,
                    }),
                    if_exists: *if_exists,
                };
                let values = match (op.node, values) {
                    (ShortOp::Exists, _) => OneOrMany::One(ConditionValue::String("false".into())),
                    (ShortOp::Missing, _) => OneOrMany::One(ConditionValue::String("true".into())),
                    (_, Some(v)) => self.condition_values(v)?,
                    (_, None) => return None,
                };
                Some((operator, key.node.clone(), values))
            }
        }
    }

    fn condition_values(&mut self, expr: &Expr) -> Option<OneOrMany<ConditionValue>> {
        let value = self.eval(expr)?;
        let one = |v: &Value| match v {
            Value::Str(s) => Some(ConditionValue::String(s.clone())),
            Value::Star => Some(ConditionValue::String("*".into())),
            Value::Number(n) => Some(ConditionValue::Number(n.clone().into_boxed_str())),
            Value::Bool(b) => Some(ConditionValue::Bool(*b)),
            Value::List(_) => None,
        };
        match &value {
            Value::List(items) if items.is_empty() => {
                // IAM's reading of a condition without values is not
                // documented: never emit one.
                self.error(
                    &codes::POL_WRONG_VALUE,
                    expr.span,
                    "the condition has no value to compare with (the list is empty)".into(),
                    "give at least one value (with `-p NAME=a,b` for a list parameter), or drop the condition".into(),
                );
                None
            }
            Value::List(items) => items
                .iter()
                .map(one)
                .collect::<Option<Vec<_>>>()
                .map(OneOrMany::Many),
            v => one(v).map(OneOrMany::One),
        }
    }

    /// Runs the catalog checks on the emitted document; maps findings
    /// into the source.
    fn check_emitted(&mut self, compiled: &mut CompiledPolicy, incomplete: bool) {
        let json = compiled.json();
        let checked = policy_catalog::check_with(&json, compiled.policy_type(), self.reference);
        for mut finding in checked.findings {
            // A block with statements left out (their errors are reported)
            // may be empty: that is not a finding of its own.
            if incomplete && finding.code.name == "MISSING_STATEMENT" {
                continue;
            }
            // Our own size check reports against the quota of the target.
            if finding.code.name.starts_with("POLICY_SIZE_EXCEEDS") {
                continue;
            }
            let span = compiled
                .source_map
                .span_of(&finding.location.path)
                .unwrap_or(compiled.span);
            finding.location.span = Some(span);
            if finding.severity == Severity::Error {
                self.findings.push(finding);
            } else {
                compiled.findings.push(finding);
            }
        }
        if let Some(json_tree) = checked.json.as_ref() {
            let size = policy_model::size::iam_size(json_tree);
            let quota = match (compiled.kind, self.identity_quota) {
                (BlockKind::Policy, Some(q)) => q,
                (kind, _) => crate::transform::quota(kind),
            };
            // Only identity policies can be split: a role has one trust
            // policy, a resource one resource-based policy.
            let splittable = self.split && compiled.kind == BlockKind::Policy;
            if size > quota && splittable && self.identity_quota.is_some() {
                self.error(
                    &codes::POL_SIZE_EXCEEDS_QUOTA,
                    compiled.span,
                    format!(
                        "`{}` is {size} characters without whitespace; the inline policies of one principal may have {quota} in all, so splitting does not help",
                        compiled.name
                    ),
                    "build it as managed policies (`--target managed --split`), or group actions (`ecs:{...}`, `ecs:@read`)".into(),
                );
            } else if size > quota && splittable {
                let parts = crate::transform::split(&compiled.policy, quota);
                if parts.len() > MAX_ATTACHED_MANAGED {
                    compiled.findings.push(
                        Finding::new(
                            &codes::POL_SIZE_EXCEEDS_QUOTA,
                            format!(
                                "`{}` splits into {} managed policies; a role, user or group takes {MAX_ATTACHED_MANAGED} (20 with a quota increase)",
                                compiled.name,
                                parts.len()
                            ),
                            Location::at(compiled.span),
                        )
                        .with_severity(Severity::Warning)
                        .with_help("group actions (`ecs:{...}`, `ecs:@read`) or resources, or use wildcards you mean"),
                    );
                }
                if let Some(&(_, part_size)) = crate::transform::oversized(&parts, quota).first() {
                    self.error(
                        &codes::POL_SIZE_EXCEEDS_QUOTA,
                        compiled.span,
                        format!(
                            "`{}` cannot be split into documents of at most {quota} characters: one statement alone makes {part_size}",
                            compiled.name
                        ),
                        "`NotAction` and `NotResource` lists are never split: shorten them, or use wildcards (`ec2:Describe*`)".into(),
                    );
                }
            }
            if size > quota && !splittable {
                let target = match (compiled.kind, self.identity_quota) {
                    (BlockKind::Trust, _) => "a trust policy",
                    (BlockKind::Policy, None) => "a managed policy",
                    (BlockKind::Policy, Some(_)) => "an inline policy of the target",
                    (BlockKind::Resource, _) => "a resource-based policy",
                };
                self.error(
                    &codes::POL_SIZE_EXCEEDS_QUOTA,
                    compiled.span,
                    format!(
                        "`{}` is {size} characters without whitespace; {target} may have {quota}",
                        compiled.name
                    ),
                    if compiled.kind == BlockKind::Policy {
                        "`polc build --split` writes numbered documents that together grant the same; or group actions (`ecs:{...}`, `ecs:@read`)".into()
                    } else {
                        "it cannot be split (a role has one trust policy, a resource one policy): group actions (`ecs:{...}`, `ecs:@read`) or use wildcards".into()
                    },
                );
            }
        }
    }
}

fn base_of(ty: ParamType) -> ParamType {
    match ty {
        ParamType::List(b) => match b {
            crate::ast::BaseType::String => ParamType::String,
            crate::ast::BaseType::AccountId => ParamType::AccountId,
            crate::ast::BaseType::Region => ParamType::Region,
            crate::ast::BaseType::Partition => ParamType::Partition,
            crate::ast::BaseType::Arn => ParamType::Arn,
        },
        other => other,
    }
}

/// What a value given at build time (`-p NAME=VALUE`) may not hold: a
/// parameter never adds a wildcard, a policy variable or a line break that
/// the file does not show (defaults, written in the file, may).
fn check_given(value: &str) -> Result<(), String> {
    if value.contains("${") {
        Err("a value given at build time cannot hold an IAM policy variable (`${...}`); write the variable in the file".into())
    } else if value.contains(['*', '?']) {
        Err("a value given at build time cannot hold a wildcard (`*`, `?`): it would widen what the file grants; write the wildcard in the file (a default, or `\"{name}*\"`)".into())
    } else if value.chars().any(char::is_control) {
        Err("a value given at build time cannot hold a control character or line break".into())
    } else {
        Ok(())
    }
}

/// Whether `value` fits `ty` (a scalar type).
fn check_type(ty: ParamType, value: &str) -> Result<(), String> {
    match ty {
        ParamType::String | ParamType::List(_) => Ok(()),
        ParamType::AccountId => {
            if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
                Ok(())
            } else if value == "*" {
                // In a principal, `*` is everyone: never through a parameter.
                Err("an account id is 12 digits; for any account, write `\"*\"` in the file where that is meant".into())
            } else {
                Err("an account id is 12 digits".into())
            }
        }
        ParamType::Region => {
            let parts: Vec<&str> = value.split('-').collect();
            let ok = value == "*"
                || (parts.len() >= 3
                    && parts.first().is_some_and(|p| {
                        p.len() == 2 && p.bytes().all(|b| b.is_ascii_lowercase())
                    })
                    && parts
                        .last()
                        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                    && parts.iter().all(|p| {
                        !p.is_empty()
                            && p.bytes()
                                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                    }));
            if ok {
                Ok(())
            } else {
                Err("a region looks like `us-east-1` (or `*`)".into())
            }
        }
        ParamType::Partition => {
            if PARTITIONS.contains(&value) {
                Ok(())
            } else {
                Err(format!("the partitions are {}", PARTITIONS.join(", ")))
            }
        }
        ParamType::Arn => {
            if value == "*" || policy_model::Arn::parse(value).is_ok() {
                Ok(())
            } else {
                Err("an ARN looks like `arn:aws:service:region:account:resource`".into())
            }
        }
    }
}

/// The `${...}` placeholders of an ARN format, in order.
fn placeholders(format: &str) -> Vec<&str> {
    template_pieces(format)
        .into_iter()
        .filter_map(|p| match p {
            TemplatePiece::Placeholder(name) => Some(name),
            TemplatePiece::Text(_) => None,
        })
        .collect()
}

/// A piece of an ARN format of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TemplatePiece<'a> {
    /// Literal text.
    Text(&'a str),
    /// `${Name}`: the name.
    Placeholder(&'a str),
}

/// An ARN format (`arn:${Partition}:ecs:${Region}:${Account}:cluster/${ClusterName}`)
/// as literal text and placeholders, in order (empty texts left out).
pub(crate) fn template_pieces(format: &str) -> Vec<TemplatePiece<'_>> {
    let mut out = Vec::new();
    let mut rest = format;
    while let Some(start) = rest.find("${") {
        let text = rest.get(..start).unwrap_or_default();
        if !text.is_empty() {
            out.push(TemplatePiece::Text(text));
        }
        let after = rest.get(start + 2..).unwrap_or_default();
        let end = after.find('}').unwrap_or(after.len());
        out.push(TemplatePiece::Placeholder(
            after.get(..end).unwrap_or_default(),
        ));
        rest = after.get(end + 1..).unwrap_or_default();
    }
    if !rest.is_empty() {
        out.push(TemplatePiece::Text(rest));
    }
    out
}

/// `ClusterName` → `cluster_name`.
fn snake(name: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower = i > 0
                && chars
                    .get(i - 1)
                    .is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            if i > 0
                && (prev_lower
                    || (next_lower && chars.get(i - 1).is_some_and(char::is_ascii_uppercase)))
            {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(*c);
        } else {
            out.push('_');
        }
    }
    out
}

fn key_type_name(t: KeyType) -> &'static str {
    match t {
        KeyType::String | KeyType::ArrayOfString => "String",
        KeyType::Arn | KeyType::ArrayOfArn => "ARN",
        KeyType::Numeric | KeyType::ArrayOfNumeric => "Numeric",
        KeyType::Date => "Date",
        KeyType::Bool | KeyType::ArrayOfBool => "Bool",
        KeyType::IpAddress => "IP address",
        KeyType::Binary => "Binary",
    }
}

fn operators_for(t: Option<KeyType>) -> &'static str {
    match t {
        None | Some(KeyType::String | KeyType::ArrayOfString) => "`==`, `!=`, `like`, `not like`",
        Some(KeyType::Arn | KeyType::ArrayOfArn) => "`==`, `!=`, `like`, `not like`",
        Some(KeyType::Numeric | KeyType::ArrayOfNumeric | KeyType::Date) => {
            "`==`, `!=`, `<`, `<=`, `>`, `>=`"
        }
        Some(KeyType::Bool | KeyType::ArrayOfBool) => "`==`",
        Some(KeyType::IpAddress) => "`in`, `not in` (and `==`, `!=`)",
        Some(KeyType::Binary) => "`==`",
    }
}

/// The IAM operator of a short operator for a key type (`None` when the
/// type has none). Unknown keys are read as strings.
pub fn short_operator(op: ShortOp, key_type: Option<KeyType>) -> Option<BaseOperator> {
    use BaseOperator as B;
    #[derive(PartialEq)]
    enum F {
        S,
        A,
        N,
        D,
        Bo,
        I,
        Bi,
    }
    let family = match key_type {
        None | Some(KeyType::String | KeyType::ArrayOfString) => F::S,
        Some(KeyType::Arn | KeyType::ArrayOfArn) => F::A,
        Some(KeyType::Numeric | KeyType::ArrayOfNumeric) => F::N,
        Some(KeyType::Date) => F::D,
        Some(KeyType::Bool | KeyType::ArrayOfBool) => F::Bo,
        Some(KeyType::IpAddress) => F::I,
        Some(KeyType::Binary) => F::Bi,
    };
    Some(match (op, family) {
        (ShortOp::Exists | ShortOp::Missing, _) => B::Null,
        (ShortOp::Eq, F::S) => B::StringEquals,
        (ShortOp::Eq, F::A) => B::ArnEquals,
        (ShortOp::Eq, F::N) => B::NumericEquals,
        (ShortOp::Eq, F::D) => B::DateEquals,
        (ShortOp::Eq, F::Bo) => B::Bool,
        (ShortOp::Eq | ShortOp::In, F::I) => B::IpAddress,
        (ShortOp::Eq, F::Bi) => B::BinaryEquals,
        (ShortOp::Ne, F::S) => B::StringNotEquals,
        (ShortOp::Ne, F::A) => B::ArnNotEquals,
        (ShortOp::Ne, F::N) => B::NumericNotEquals,
        (ShortOp::Ne, F::D) => B::DateNotEquals,
        (ShortOp::Ne | ShortOp::NotIn, F::I) => B::NotIpAddress,
        (ShortOp::Lt, F::N) => B::NumericLessThan,
        (ShortOp::Le, F::N) => B::NumericLessThanEquals,
        (ShortOp::Gt, F::N) => B::NumericGreaterThan,
        (ShortOp::Ge, F::N) => B::NumericGreaterThanEquals,
        (ShortOp::Lt, F::D) => B::DateLessThan,
        (ShortOp::Le, F::D) => B::DateLessThanEquals,
        (ShortOp::Gt, F::D) => B::DateGreaterThan,
        (ShortOp::Ge, F::D) => B::DateGreaterThanEquals,
        (ShortOp::Like, F::S) => B::StringLike,
        (ShortOp::Like, F::A) => B::ArnLike,
        (ShortOp::NotLike, F::S) => B::StringNotLike,
        (ShortOp::NotLike, F::A) => B::ArnNotLike,
        _ => return None,
    })
}
