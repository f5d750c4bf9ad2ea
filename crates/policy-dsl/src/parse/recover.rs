//! Reading on after a syntax error: at the next statement (the rest of
//! the block, then the file) or item, so that every broken block of a file
//! is reported in one run.

use super::*;

/// The syntax error `first`, and those found by reading on from the next
/// statement or item after each. Each resumed read covers the text up to
/// its own error, so the work stays linear in the file.
pub(super) fn syntax_errors(source: &str, first: &pest::error::Error<Rule>) -> Vec<Finding> {
    let mut errors = vec![describe(source, first)];
    let mut from = error_position(first);
    while errors.len() < MAX_SYNTAX_ERRORS {
        let Some((start, rule)) = resume_point(source, from) else {
            break;
        };
        let rest = source.get(start..).unwrap_or_default();
        let Err(error) = PolParser::parse(rule, rest) else {
            break;
        };
        let at = start + error_position(&error);
        // A read that fails where it starts guessed the context wrong (the
        // first error already covers it): said nothing, it resumes later.
        if at > start {
            let mut finding = describe(rest, &error);
            if let Some(span) = finding.location.span.as_mut() {
                *span = Span::new(span.start + start, span.end + start);
            }
            errors.push(finding);
        }
        from = at.max(start + 1);
    }
    errors
}

fn error_position(error: &pest::error::Error<Rule>) -> usize {
    match error.location {
        pest::error::InputLocation::Pos(p) | pest::error::InputLocation::Span((p, _)) => p,
    }
}

/// The first line at or after `from` whose first word starts a statement
/// (inside a block: read on with the rest of the block) or an item (read
/// on as a file), with the rule to read on with.
fn resume_point(source: &str, from: usize) -> Option<(usize, Rule)> {
    const STATEMENT: [&str; 3] = ["allow", "deny", "sid"];
    const ITEM: [&str; 6] = ["policy", "trust", "resource", "param", "let", "import"];
    // Brace depth at each line start tells a statement inside a block from
    // one outside (strings and comments do not count).
    let mut depth = 0usize;
    let mut line_start = true;
    for lexeme in crate::scan::lexemes(source) {
        let crate::scan::Lexeme::Code(at, c) = lexeme else {
            line_start = false;
            continue;
        };
        if c == '\n' {
            line_start = true;
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        if line_start && at >= from {
            let rest = source.get(at..).unwrap_or_default();
            let word_len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let word = rest.get(..word_len).unwrap_or_default();
            // A statement outside any block is part of the error that
            // came before (a block whose `{` is missing): not a place to
            // read on from.
            if STATEMENT.contains(&word) && depth > 0 {
                return Some((at, Rule::rest_of_block));
            }
            if ITEM.contains(&word) {
                return Some((at, Rule::file));
            }
        }
        line_start = false;
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}
