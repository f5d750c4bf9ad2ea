//! String literals: their pieces (text, interpolations), escapes checked.

use super::*;

pub(super) fn string_text(pair: Pair<'_, Rule>) -> String {
    let lit = string_lit(&pair);
    lit.as_plain()
        .unwrap_or_else(|| pair.as_str().trim_matches('"').to_owned())
}

/// A string literal's pieces: escapes resolved, `{name}` interpolations.
/// Refuses escapes the language does not have (`\q`, `\$`) and `\u{...}`
/// that is not a character: each would otherwise stand for something the
/// author did not write.
pub(super) fn check_escapes(pair: &Pair<'_, Rule>) -> Result<(), Finding> {
    let raw = pair.as_str();
    let base = pair.as_span().start();
    let mut chars = raw.char_indices().peekable();
    // Where a `{` opened an interpolation (or a `${` a variable) that no
    // `}` has closed yet.
    let mut open: Option<usize> = None;
    let mut previous = None;
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if open.is_none()
                && chars.peek().is_some_and(|(_, n)| *n == '{')
                && previous != Some('$') =>
            {
                chars.next();
                previous = Some('{');
                continue;
            }
            '{' if open.is_none() => open = Some(i),
            '}' => open = None,
            _ => {}
        }
        previous = Some(c);
        if c.is_control() && c != '\t' {
            return Err(syntax(
                Span::new(base + i, base + i + c.len_utf8()),
                format!(
                    "a string cannot hold the control character U+{:04X}",
                    u32::from(c)
                ),
                "remove it (a policy's strings are names, ARNs and values)",
            ));
        }
        if c != '\\' {
            continue;
        }
        let bad = |len: usize, what: String| {
            Err(syntax(
                Span::new(base + i, base + i + len),
                what,
                "the escapes are `\\\"`, `\\\\`, `\\n`, `\\r`, `\\t` and `\\u{...}` (a character's hex code)",
            ))
        };
        match chars.next() {
            Some((_, '"' | '\\' | 'n' | 'r' | 't')) => {}
            Some((_, 'u')) => {
                if chars.next_if(|(_, c)| *c == '{').is_none() {
                    return bad(
                        2,
                        "`\\u` is followed by a character's hex code in braces: `\\u{1F600}`"
                            .into(),
                    );
                }
                let mut code = String::new();
                let mut closed = false;
                while let Some((_, h)) = chars.next_if(|(_, c)| *c != '"') {
                    if h == '}' {
                        closed = true;
                        break;
                    }
                    code.push(h);
                }
                let len = code.len() + 3 + usize::from(closed);
                let hex = !code.is_empty()
                    && code.len() <= 6
                    && code.chars().all(|c| c.is_ascii_hexdigit());
                let ch = u32::from_str_radix(&code, 16)
                    .ok()
                    .filter(|_| hex)
                    .and_then(char::from_u32);
                match ch {
                    _ if !closed => {
                        return bad(len, format!("`\\u{{{code}` is not closed with `}}`"));
                    }
                    // Written directly, `$`, `{` and `}` are read as policy
                    // variables, interpolations and braces; an escape would
                    // hide one from the reader (and from `fmt`).
                    Some(c @ ('$' | '{' | '}')) => {
                        return bad(
                            len,
                            format!(
                                "`\\u{{{code}}}` stands for `{c}`: write it directly (`{{{{` and `}}}}` for braces)"
                            ),
                        );
                    }
                    Some(c) if !c.is_control() || matches!(c, '\t' | '\n' | '\r') => {}
                    _ => {
                        return bad(
                            len,
                            format!("`\\u{{{code}}}` is not a character a string may hold"),
                        );
                    }
                }
            }
            Some((_, other)) => {
                return bad(
                    1 + other.len_utf8(),
                    format!("`\\{other}` is not an escape of the language"),
                );
            }
            None => return bad(1, "a string ends with `\\`".into()),
        }
    }
    if let Some(at) = open {
        // The rest of the string would be kept as written, escapes and
        // all (review 46).
        return Err(syntax(
            Span::new(base + at, base + raw.len().saturating_sub(1)),
            "this `{` opens an interpolation (or `${` a policy variable) that is not closed with `}`".into(),
            "close it, or double the brace (`{{`) to write one",
        ));
    }
    Ok(())
}

pub(super) fn string_lit(pair: &Pair<'_, Rule>) -> StringLit {
    let raw = pair.as_str();
    let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default();
    let base = pair.as_span().start() + 1;
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => unescape(&mut chars, &mut text),
            '$' if chars.peek().is_some_and(|(_, c)| *c == '{') => {
                // An IAM policy variable: kept as written up to its `}`,
                // its escapes decoded as everywhere else (review 46: a
                // default `'a\\b'` was kept with both backslashes, and
                // `fmt` doubled them at every run).
                text.push('$');
                while let Some((_, v)) = chars.next() {
                    if v == '\\' {
                        unescape(&mut chars, &mut text);
                        continue;
                    }
                    text.push(v);
                    if v == '}' {
                        break;
                    }
                }
            }
            '{' if chars.peek().is_some_and(|(_, c)| *c == '{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek().is_some_and(|(_, c)| *c == '}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let mut name = String::new();
                let start = base + i + 1;
                let mut closed = false;
                for (_, n) in chars.by_ref() {
                    if n == '}' {
                        closed = true;
                        break;
                    }
                    name.push(n);
                }
                if closed {
                    if !text.is_empty() {
                        pieces.push(StringPiece::Text(std::mem::take(&mut text)));
                    }
                    let end = start + name.len();
                    pieces.push(StringPiece::Interpolation(Spanned::new(
                        name,
                        Span::new(start, end),
                    )));
                } else {
                    text.push('{');
                    text.push_str(&name);
                }
            }
            other => text.push(other),
        }
    }
    if !text.is_empty() || pieces.is_empty() {
        pieces.push(StringPiece::Text(text));
    }
    StringLit { pieces }
}

/// Decodes the escape whose `\\` was just read from `chars` onto `text`
/// ([`check_escapes`] has refused the ones the language does not have).
fn unescape(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, text: &mut String) {
    match chars.next() {
        Some((_, 'n')) => text.push('\n'),
        Some((_, 'r')) => text.push('\r'),
        Some((_, 't')) => text.push('\t'),
        Some((_, 'u')) if chars.peek().is_some_and(|(_, c)| *c == '{') => {
            chars.next();
            let mut hex = String::new();
            for (_, h) in chars.by_ref() {
                if h == '}' {
                    break;
                }
                hex.push(h);
            }
            match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                Some(ch) => text.push(ch),
                None => text.push('\u{fffd}'),
            }
        }
        Some((_, other)) => text.push(other),
        None => {}
    }
}
