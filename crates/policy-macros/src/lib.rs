//! `.pol` policies compiled and checked when the Rust program is: a policy
//! that `polc build` would refuse is a compile error, with the same message
//! and help, pointing into the macro input.
//!
//! - [`policy!`]`{ ... }` — inline `.pol` text.
//! - [`include_policy!`]`("policies/web.pol", account = "111122223333")` —
//!   a file relative to the crate (`CARGO_MANIFEST_DIR`), with its
//!   parameters; editing the file rebuilds the crate.
//!
//! Both expand to a [`polc_model::PolicyFile`] (every block of the file,
//! in order), or with `block = "Name"` to the one
//! [`polc_model::NamedPolicy`]. The documents are built by plain Rust
//! code, nothing is parsed at run time; `PolicySet::add_named` of
//! `polc-evaluator` compiles them for decisions.
//!
//! Use them through the `polc` crate (`polc::policy!`): its expansion then
//! names `polc` by `$crate`, whatever the service calls the dependency.
//! Called from this crate directly, the expansion names `::polc_model`,
//! which the crate using them must then depend on.
//!
//! The language is described in `docs/language.md` of polc's repository
//! (and `polc explain CODE` explains each error code). Parameters are the
//! macro's arguments, `name = "value"`, where `polc build` takes
//! `-p name=value`.
//!
//! ```
//! use polc_macros::policy;
//! use polc_evaluator::{Decision, PolicyKind, PolicySet, Request};
//!
//! let deploy = policy! {
//!     policy Deploy {
//!         allow ecs:UpdateService on "arn:aws:ecs:*:111122223333:service/prod/*"
//!     }
//! };
//! let deploy = deploy.get("Deploy").unwrap();
//! let mut set = PolicySet::new();
//! set.add(PolicyKind::Identity, &deploy.name, &deploy.policy)?;
//! let request = Request::new(
//!     "ecs:UpdateService",
//!     "arn:aws:ecs:us-east-1:111122223333:service/prod/web",
//! )
//! .principal("arn:aws:iam::111122223333:user/deployer");
//! assert_eq!(set.evaluate(&request), Decision::Allow);
//! # Ok::<(), polc_evaluator::CompileError>(())
//! ```
//!
//! Warnings of the catalog checks cannot be reported as warnings by a
//! procedural macro on stable Rust; they come out as `deprecated` warnings
//! on the first token they are about (`iam` of `iam:PassRole`: stable Rust
//! cannot join token spans; errors span all the tokens, and the message
//! names the whole construct). `#[allow(deprecated)]` silences them, and
//! Cargo does not show warnings of dependencies: run `polc check` on the
//! files (or `#![deny(deprecated)]` in the crate) where they must not be
//! missed. Suggestions are not reported.
//!
//! `include_policy!` takes `block` as its own argument: a parameter of
//! that name cannot be given.
//!
//! `policy!` rebuilds the `.pol` text from where each token is written.
//! Whole tokens may come from another macro (a `macro_rules!` body, its
//! `$name` fragments): each keeps its own place, and what comes out of
//! order is put on a line of its own. A `.pol` word made of several
//! Rust tokens cannot be put together that way (`ecs:$action`: `ecs`, `:`
//! and the fragment are written in different places): it is a syntax
//! error, never another policy; pass the whole action as one fragment,
//! or use `include_policy!` with a parameter.

mod args;
mod codegen;
mod emit;
mod source;

use std::path::{Path, PathBuf};

use polc_dsl::{CompiledPolicy, Options, Params};
use polc_model::{NamedPolicy, Severity};
use proc_macro::{Span, TokenStream, TokenTree};

use crate::emit::Emitter;

/// Compiles inline `.pol` text into a [`polc_model::PolicyFile`].
///
/// The text is read from the macro's tokens, in the layout written;
/// comments are Rust's (`//`), and a `.pol` `#` comment is an error here.
/// Errors point at the tokens they are about.
///
/// ```
/// let file = polc_macros::policy! {
///     // Who may assume the task role.
///     trust TaskRole {
///         allow service "ecs-tasks.amazonaws.com" to sts:AssumeRole
///             if aws:SourceAccount == "111122223333"
///     }
/// };
/// assert_eq!(file.names().collect::<Vec<_>>(), ["TaskRole"]);
/// ```
///
/// `ecs:DescribeCluster` does not exist, so this does not compile:
///
/// ```compile_fail
/// let file = polc_macros::policy! {
///     policy Ops { allow ecs:DescribeCluster on "*" }
/// };
/// ```
#[proc_macro]
pub fn policy(input: TokenStream) -> TokenStream {
    let (root, input) = split_root(input);
    let rebuilt = source::Rebuilt::new(input);
    if let Some(hash) = rebuilt.hash {
        return emit::failure(emit::error(
            hash,
            hash,
            "write comments in `policy!` as Rust comments (`// ...`): a `#` comment would take in \
             whatever tokens Rust puts on its line\n= help: `#` comments are for `.pol` files \
             (`include_policy!`)",
        ));
    }
    let mut emitter = Emitter::inline(&rebuilt);
    let dir = manifest_dir();
    let mut loaded = Vec::new();
    let settings = match settings(&dir, &mut loaded, &mut emitter, Span::call_site()) {
        Ok(settings) => settings,
        Err(failed) => return failed,
    };
    // No file: `polc.toml`'s rules by path name files, and match none here.
    let compiled = compile(
        &rebuilt.text,
        &Params::new(),
        &dir,
        (None, "<policy!>"),
        &settings.rules,
        &mut loaded,
    );
    finish(
        emitter.with_loaded(loaded),
        compiled,
        None,
        &root,
        settings.deny_warnings,
    )
}

/// The settings of the nearest `polc.toml` from `dir` up, read as `polc
/// build` reads it (a file others could have written is passed over, with
/// a warning), and tracked; a file that cannot be read fails the
/// expansion.
fn settings(
    dir: &Path,
    loaded: &mut Vec<PathBuf>,
    emitter: &mut Emitter<'_>,
    span: Span,
) -> Result<polc_dsl::config::Settings, TokenStream> {
    let mut passed_over = Vec::new();
    let found = polc_dsl::config::nearest_settings(dir, |warning| passed_over.push(warning));
    for warning in passed_over {
        emitter.warn_at(span, &warning);
    }
    match found {
        Ok(Some((file, settings))) => {
            loaded.push(file);
            Ok(settings)
        }
        Ok(None) => Ok(polc_dsl::config::Settings::default()),
        Err(message) => Err(emit::failure(emit::error(
            span,
            span,
            &format!(
                "{message}\n= help: the macros read polc.toml as `polc build` does, from the policy's directory up"
            ),
        ))),
    }
}

/// The path the expansion names `polc-model` by, and the macro's own
/// input. The `polc` facade calls the macros with its `$crate` and a `;`
/// first, so the expansion names `$crate::model` and works whatever name
/// the user's crate gives `polc`; called directly, the expansion names
/// `::polc_model`.
fn split_root(input: TokenStream) -> (TokenStream, TokenStream) {
    let mut trees = input.clone().into_iter();
    if let (Some(TokenTree::Ident(krate)), Some(TokenTree::Punct(semi))) =
        (trees.next(), trees.next())
        && krate.to_string() == "$crate"
        && semi.as_char() == ';'
    {
        // `$crate` cannot be written as text: the token itself is kept.
        let mut root: TokenStream = TokenTree::Ident(krate).into();
        root.extend("::model".parse::<TokenStream>().unwrap_or_default());
        return (root, trees.collect());
    }
    let root = "::polc_model".parse().unwrap_or_default();
    (root, input)
}

/// Compiles a `.pol` file, relative to the crate's `Cargo.toml`, into a
/// [`polc_model::PolicyFile`]; with `block = "Name"`, into that block's
/// [`polc_model::NamedPolicy`].
///
/// Other arguments are the file's parameters (`name = "value"`, as
/// `polc build -p name=value`),
/// as string literals. Errors name the file, line and column, with the
/// source line underlined; the file (and those it imports) is tracked, so
/// editing it rebuilds the crate.
///
/// ```ignore
/// let web = polc_macros::include_policy!(
///     "policies/web-service.pol",
///     account = "111122223333",
///     block = "WebTask",
/// );
/// ```
#[proc_macro]
pub fn include_policy(input: TokenStream) -> TokenStream {
    let (root, input) = split_root(input);
    let args = match args::IncludeArgs::parse(input) {
        Ok(args) => args,
        Err(error) => return error,
    };
    let dir = manifest_dir();
    let path = dir.join(&args.path);
    let text = match polc_dsl::read_source(&path) {
        Ok(text) => text,
        Err(error) => {
            return emit::failure(emit::error(
                args.path_span,
                args.path_span,
                // The directory itself is not shown: it depends on where
                // the build runs (a target directory elsewhere for tests).
                &format!(
                    "cannot read `{}`: {error}\n= help: the path is relative to the crate's \
                     directory, where its `Cargo.toml` is (`CARGO_MANIFEST_DIR`)",
                    args.path,
                ),
            ));
        }
    };
    let file_dir = path.parent().map_or_else(|| dir.clone(), Path::to_path_buf);
    let mut loaded = vec![path.clone()];
    let file_name = path.file_name().and_then(|n| n.to_str());
    let mut emitter = Emitter::file(&args.path, &text, args.path_span);
    let settings = match settings(&file_dir, &mut loaded, &mut emitter, args.path_span) {
        Ok(settings) => settings,
        Err(failed) => return failed,
    };
    // The file's path, for `polc.toml`'s rules by path (matched relative
    // to the configuration's directory, as for `polc build`).
    let shown = path.to_string_lossy();
    let compiled = compile(
        &text,
        &args.params,
        &file_dir,
        (file_name, &shown),
        &settings.rules,
        &mut loaded,
    );
    let emitter = emitter.with_loaded(loaded).with_arguments(args.param_spans);
    finish(
        emitter,
        compiled,
        args.block.as_ref(),
        &root,
        settings.deny_warnings,
    )
}

/// The crate's directory (where relative paths start).
fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(PathBuf::new, PathBuf::from)
}

/// Compiles `text` as `polc build` does, recording each file it imports.
fn compile(
    text: &str,
    params: &Params,
    dir: &Path,
    (file_name, path): (Option<&str>, &str),
    rules: &polc_model::suppress::Rules,
    loaded: &mut Vec<PathBuf>,
) -> Result<Vec<CompiledPolicy>, polc_dsl::Diagnostics> {
    let imported = std::cell::RefCell::new(Vec::new());
    let loader = |name: &str| -> Result<String, String> {
        let path = dir.join(name);
        let text = polc_dsl::read_source(&path)?;
        imported.borrow_mut().push(path);
        Ok(text)
    };
    let identify = |name: &str| polc_dsl::file_identity(&dir.join(name));
    let options = Options {
        loader: Some(&loader),
        identify: Some(&identify),
        file_name,
        rules: Some(rules),
        path: Some(path),
        macro_arguments: true,
        ..Options::default()
    };
    let result = polc_dsl::compile_with(text, params, polc_catalog::Reference::embedded(), options);
    loaded.extend(imported.into_inner());
    result
}

/// The expansion: the documents, or the errors; warnings either way.
fn finish(
    mut emitter: Emitter<'_>,
    compiled: Result<Vec<CompiledPolicy>, polc_dsl::Diagnostics>,
    block: Option<&(String, Span)>,
    root: &TokenStream,
    deny_warnings: bool,
) -> TokenStream {
    let policies = match compiled {
        Ok(policies) => policies,
        Err(diagnostics) => {
            for finding in &diagnostics.0 {
                emitter.finding(finding);
            }
            return emitter.failed();
        }
    };
    if policies.is_empty() {
        emitter.error_at(
            Span::call_site(),
            "the policy text has no block: write `policy Name { ... }`, `trust Name { ... }` or `resource Name { ... }`",
        );
        return emitter.failed();
    }
    let mut denied = false;
    for finding in policies.iter().flat_map(|p| &p.findings) {
        match finding.severity {
            Severity::Suggestion => {}
            Severity::Warning | Severity::SecurityWarning if deny_warnings => {
                emitter.finding_denied(finding);
                denied = true;
            }
            _ => emitter.finding(finding),
        }
    }
    if denied {
        return emitter.failed();
    }
    let named: Vec<NamedPolicy> = policies
        .iter()
        .map(|p| NamedPolicy {
            name: p.name.clone(),
            policy_type: p.policy_type(),
            policy: p.policy.clone(),
        })
        .collect();
    let expression = match block {
        None => codegen::file(&named),
        Some((name, span)) => match named.iter().find(|p| &p.name == name) {
            Some(policy) => codegen::named_policy(policy),
            None => {
                let names: Vec<&str> = named.iter().map(|p| p.name.as_str()).collect();
                let help = match polc_model::suggest::closest(name, names.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("the file's blocks are: {}", names.join(", ")),
                };
                emitter.error_at(
                    *span,
                    &format!("the file has no block named `{name}`\n= help: {help}"),
                );
                return emitter.failed();
            }
        },
    };
    emitter.succeeded(&expression, root)
}
