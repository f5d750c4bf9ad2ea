//! The arguments of `include_policy!`: a path, then `NAME = "value"`
//! parameters and `block = "Name"`.

use polc_dsl::Params;
use proc_macro::{Delimiter, Literal, Span, TokenStream, TokenTree};

use crate::emit::{error, failure};

/// `include_policy!("path.pol", account = "...", block = "Name")`.
pub struct IncludeArgs {
    /// The path, relative to the crate's directory.
    pub path: String,
    /// Where the path is written.
    pub path_span: Span,
    /// The parameters.
    pub params: Params,
    /// Where each parameter's name is written.
    pub param_spans: Vec<(String, Span)>,
    /// `block = "Name"`: only that block, and where the name is written.
    pub block: Option<(String, Span)>,
}

const USAGE: &str = "= help: write `include_policy!(\"policies/web.pol\", account = \"111122223333\")`: \
     the path relative to the crate's directory, then the file's parameters as `name = \"value\"`, \
     and `block = \"Name\"` to take one block only";

impl IncludeArgs {
    /// Reads the arguments, or the `compile_error!` that says what is
    /// wrong with them.
    pub fn parse(input: TokenStream) -> Result<Self, TokenStream> {
        let mut tokens = flatten(input).into_iter();
        let fail =
            |span: Span, what: &str| Err(failure(error(span, span, &format!("{what}\n{USAGE}"))));
        let (path, path_span) = match tokens.next() {
            Some(TokenTree::Literal(literal)) => match string(&literal) {
                Some(path) => (path, literal.span()),
                None => return fail(literal.span(), "the path must be a string literal"),
            },
            Some(other) => return fail(other.span(), "expected the path of a `.pol` file"),
            None => return fail(Span::call_site(), "expected the path of a `.pol` file"),
        };
        let mut args = Self {
            path,
            path_span,
            params: Params::new(),
            param_spans: Vec::new(),
            block: None,
        };
        loop {
            match tokens.next() {
                None => break,
                Some(TokenTree::Punct(p)) if p.as_char() == ',' => {}
                Some(other) => return fail(other.span(), "expected `,` between arguments"),
            }
            let name = match tokens.next() {
                None => break,
                Some(TokenTree::Ident(ident)) => ident,
                Some(other) => return fail(other.span(), "expected a parameter name"),
            };
            match tokens.next() {
                Some(TokenTree::Punct(p)) if p.as_char() == '=' => {}
                Some(other) => return fail(other.span(), "expected `=` after the name"),
                None => return fail(name.span(), "expected `= \"value\"` after the name"),
            }
            let (value, span) = match tokens.next() {
                Some(TokenTree::Literal(literal)) => match string(&literal) {
                    Some(value) => (value, literal.span()),
                    None => {
                        return fail(
                            literal.span(),
                            "parameter values are string literals (write account ids in quotes)",
                        );
                    }
                },
                Some(other) => return fail(other.span(), "expected a string literal"),
                None => return fail(name.span(), "expected a string literal after `=`"),
            };
            let key = name.to_string();
            let key = key.strip_prefix("r#").unwrap_or(&key).to_owned();
            if key == "block" {
                if args.block.is_some() {
                    return fail(name.span(), "`block` is given twice");
                }
                args.block = Some((value, span));
            } else if args.params.insert(key.clone(), value).is_some() {
                return fail(name.span(), &format!("parameter `{key}` is given twice"));
            } else {
                args.param_spans.push((key, name.span()));
            }
        }
        Ok(args)
    }
}

/// The tokens, with invisible groups (a `macro_rules!` fragment such as
/// `$path:literal`) opened.
fn flatten(input: TokenStream) -> Vec<TokenTree> {
    let mut out = Vec::new();
    for tree in input {
        match tree {
            TokenTree::Group(group) if group.delimiter() == Delimiter::None => {
                out.extend(flatten(group.stream()));
            }
            other => out.push(other),
        }
    }
    out
}

/// The value of a string literal (`"..."` with escapes, or raw `r#"..."#`).
pub fn string(literal: &Literal) -> Option<String> {
    let text = literal.to_string();
    if let Some(raw) = text.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let inner = raw.get(hashes..raw.len().checked_sub(hashes)?)?;
        return Some(inner.strip_prefix('"')?.strip_suffix('"')?.to_owned());
    }
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    unescape(inner)
}

/// Rust string escapes: `\n \r \t \\ \0 \' \" \x7f \u{...}` and line
/// continuations.
fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '\\' => out.push('\\'),
            '0' => out.push('\0'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(char::from(u8::from_str_radix(&hex, 16).ok()?));
            }
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                out.push(char::from_u32(
                    u32::from_str_radix(&hex.replace('_', ""), 16).ok()?,
                )?);
            }
            '\n' => while chars.next_if(|c| c.is_whitespace()).is_some() {},
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::unescape;

    #[test]
    fn escapes() {
        assert_eq!(
            unescape(r"a\nb\t\\\x41\u{1F600}\u{4_1}").unwrap(),
            "a\nb\t\\A😀A"
        );
        assert_eq!(unescape("a\\\n    b").unwrap(), "ab");
        assert_eq!(unescape(r"\q"), None);
    }
}
