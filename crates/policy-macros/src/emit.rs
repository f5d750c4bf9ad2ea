//! The expansion: the documents with their warnings, or the errors, each
//! pointed at the tokens (inline text) or the file line (a file) it is
//! about.

use std::fmt::Write as _;
use std::path::PathBuf;

use polc_model::{Finding, LineIndex, Severity};
use proc_macro::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

use crate::source::Rebuilt;

/// Where findings point.
enum Origin<'a> {
    /// Inline text: at the tokens.
    Inline(&'a Rebuilt),
    /// A file: at the path argument, with file, line and source line in the
    /// message.
    File {
        name: &'a str,
        text: &'a str,
        index: LineIndex<'a>,
        span: Span,
    },
}

/// Collects what the expansion reports.
pub struct Emitter<'a> {
    origin: Origin<'a>,
    /// `compile_error!`s and warning blocks, in order.
    out: TokenStream,
    /// Files read (tracked with `include_bytes!`).
    loaded: Vec<PathBuf>,
    /// Each argument's name and where it is written.
    arguments: Vec<(String, Span)>,
}

impl<'a> Emitter<'a> {
    /// For inline text.
    pub fn inline(rebuilt: &'a Rebuilt) -> Self {
        Self {
            origin: Origin::Inline(rebuilt),
            out: TokenStream::new(),
            loaded: Vec::new(),
            arguments: Vec::new(),
        }
    }

    /// For the file `name` with `text`, included by the argument at `span`.
    pub fn file(name: &'a str, text: &'a str, span: Span) -> Self {
        Self {
            origin: Origin::File {
                name,
                text,
                index: LineIndex::new(text),
                span,
            },
            out: TokenStream::new(),
            loaded: Vec::new(),
            arguments: Vec::new(),
        }
    }

    /// With the files read, so that editing one rebuilds the crate.
    #[must_use]
    pub fn with_loaded(mut self, loaded: Vec<PathBuf>) -> Self {
        self.loaded = loaded;
        self
    }

    /// With where each argument of `include_policy!` is written: an error
    /// about an argument points at it, not into the file.
    #[must_use]
    pub fn with_arguments(mut self, arguments: Vec<(String, Span)>) -> Self {
        self.arguments = arguments;
        self
    }

    /// The argument a finding is about (`the argument `NAME = ...``).
    fn argument(&self, finding: &Finding) -> Option<Span> {
        let rest = finding.message.strip_prefix("the argument `")?;
        let (name, _) = rest.split_once(" = ...`")?;
        self.arguments
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, span)| *span)
    }

    /// Reports `finding`: an error, or a warning (as a `deprecated` use).
    pub fn finding(&mut self, finding: &Finding) {
        self.finding_as(finding, finding.severity == Severity::Error, "");
    }

    /// Reports a warning-level finding as an error, `deny-warnings` of
    /// `polc.toml` saying so (as `polc build` fails on it).
    pub fn finding_denied(&mut self, finding: &Finding) {
        self.finding_as(
            finding,
            true,
            "\n= note: an error here: `deny-warnings` in polc.toml",
        );
    }

    /// Reports a warning not about a finding (a `polc.toml` passed over).
    pub fn warn_at(&mut self, span: Span, message: &str) {
        self.out.extend(warning("polc_toml", span, message));
    }

    fn finding_as(&mut self, finding: &Finding, is_error: bool, note: &str) {
        let at_argument = self.argument(finding);
        let (start, end, place) = match (&self.origin, at_argument) {
            (_, Some(span)) => (span, span, String::new()),
            (Origin::Inline(rebuilt), None) => {
                let range = finding.location.span.map_or(0..0, |s| s.start..s.end);
                let (start, end) = rebuilt.spans(range);
                (start, end, String::new())
            }
            (
                Origin::File {
                    name,
                    text,
                    index,
                    span,
                },
                None,
            ) => (*span, *span, place(name, text, index, finding)),
        };
        let mut message = format!("[{}] {}{place}", finding.code.name, finding.message);
        if let Some(help) = &finding.help {
            let _ = write!(message, "\n= help: {help}");
        }
        message.push_str(note);
        if is_error {
            self.out.extend(error(start, end, &message));
        } else {
            self.out.extend(warning(finding.code.name, start, &message));
        }
    }

    /// Reports an error about the tokens at `span`.
    pub fn error_at(&mut self, span: Span, message: &str) {
        self.out.extend(error(span, span, message));
    }

    /// The expansion of a failed compile: the errors, in a block whose
    /// value has any type (so that no further error follows from them).
    pub fn failed(self) -> TokenStream {
        failure(self.out)
    }

    /// The expansion of a compile: warnings, file tracking, then
    /// `expression`.
    pub fn succeeded(mut self, expression: &str, root: &TokenStream) -> TokenStream {
        let mut tracking = String::new();
        for path in &self.loaded {
            let _ = write!(
                tracking,
                "const _: &[u8] = ::core::include_bytes!({:?});",
                path.to_string_lossy()
            );
        }
        self.out.extend(parse(&tracking));
        self.out.extend(with_root(parse(expression), root));
        block(self.out)
    }
}

/// `tokens` with each [`codegen::ROOT`](crate::codegen::ROOT) placeholder
/// replaced by `root`, the path of `polc-model`.
fn with_root(tokens: TokenStream, root: &TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .flat_map(|tree| -> TokenStream {
            match tree {
                TokenTree::Ident(ident) if ident.to_string() == crate::codegen::ROOT => {
                    root.clone()
                }
                TokenTree::Group(group) => {
                    let mut inner = Group::new(group.delimiter(), with_root(group.stream(), root));
                    inner.set_span(group.span());
                    TokenTree::from(inner).into()
                }
                other => other.into(),
            }
        })
        .collect()
}

/// ` --> file:line:column`, the source line and a mark under the place.
fn place(name: &str, text: &str, index: &LineIndex<'_>, finding: &Finding) -> String {
    let Some(span) = finding.location.span else {
        return format!("\n --> {name}");
    };
    let start = index.position(span.start);
    let bounds = index.line_bounds(span.start);
    let line = text.get(bounds.start..bounds.end).unwrap_or_default();
    let line = line.trim_end_matches(['\r', '\n']);
    let width = text
        .get(span.start..span.end.min(bounds.start + line.len()).max(span.start))
        .map_or(1, |s| s.chars().count().max(1));
    let number = start.line.to_string();
    let gutter = " ".repeat(number.len());
    format!(
        "\n{gutter}--> {name}:{}:{}\n{gutter} |\n{number} | {line}\n{gutter} | {}{}",
        start.line,
        start.column + 1,
        " ".repeat(start.column),
        "^".repeat(width)
    )
}

/// The expansion that reports `errors`: a block of them whose value has
/// any type, so that no further error follows from them.
pub fn failure(mut errors: TokenStream) -> TokenStream {
    errors.extend(parse("loop {}"));
    block(errors)
}

/// `::core::compile_error!{ "message" };`, underlining from `start` to
/// `end`: rustc spans an error from its first token to its last.
pub fn error(start: Span, end: Span, message: &str) -> TokenStream {
    let mut tokens: Vec<TokenTree> = Vec::new();
    for (i, part) in ["core", "compile_error"].into_iter().enumerate() {
        let mut colon = Punct::new(':', Spacing::Joint);
        colon.set_span(start);
        tokens.push(colon.into());
        let mut colon = Punct::new(':', Spacing::Alone);
        colon.set_span(start);
        tokens.push(colon.into());
        tokens.push(Ident::new(part, start).into());
        if i == 1 {
            let mut bang = Punct::new('!', Spacing::Alone);
            bang.set_span(start);
            tokens.push(bang.into());
        }
    }
    let mut literal = Literal::string(message);
    literal.set_span(end);
    let mut group = Group::new(Delimiter::Brace, TokenTree::from(literal).into());
    group.set_span(end);
    tokens.push(group.into());
    let mut semicolon = Punct::new(';', Spacing::Alone);
    semicolon.set_span(end);
    tokens.push(semicolon.into());
    tokens.into_iter().collect()
}

/// A warning on stable Rust: the use, at `span`, of a constant deprecated
/// with `message` as its note.
fn warning(code: &str, span: Span, message: &str) -> TokenStream {
    let mut inner = parse(&format!(
        "#[deprecated(note = {message:?})] #[allow(non_upper_case_globals)] const {code}: () = ();"
    ));
    inner.extend(parse("let _ ="));
    inner.extend([TokenTree::from(Ident::new(code, span))]);
    inner.extend(parse(";"));
    block(inner)
}

/// `{ tokens }`.
fn block(tokens: TokenStream) -> TokenStream {
    TokenTree::from(Group::new(Delimiter::Brace, tokens)).into()
}

/// Tokens of generated code (always valid Rust: made by this crate).
fn parse(code: &str) -> TokenStream {
    code.parse().unwrap_or_else(|_| {
        error(
            Span::call_site(),
            Span::call_site(),
            "polc-macros generated code that does not parse; please report this bug",
        )
    })
}
