//! Reading the text around the cursor, where the file may not parse (it is
//! being typed): the word there, the token before it, the statement it is
//! in.

use polc_catalog::Reference;
use polc_catalog::reference::Service;

/// A character of a word: actions (`ecs:Run*`), keys
/// (`aws:RequestTag/team`), builders (`ecs.cluster`), groups
/// (`ecs:@list`), managed policies (`aws:AmazonECS_FullAccess`).
pub(crate) fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.' | '/' | '@' | '*' | '?')
}

/// The start of the word that ends at `offset`.
pub(crate) fn word_start(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or_default();
    before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word(c))
        .last()
        .map_or(offset, |(i, _)| i)
}

/// The word around `offset`: its byte range.
pub(crate) fn word_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let start = word_start(text, offset);
    let after = text.get(offset..).unwrap_or_default();
    let end = offset
        + after
            .char_indices()
            .find(|&(_, c)| !is_word(c))
            .map_or(after.len(), |(i, _)| i);
    // A word ends before a final `.` or `:` (`ecs.cluster(` stops at `(`;
    // a sentence's full stop is not part of it).
    let word = text.get(start..end)?;
    let trimmed = word.trim_end_matches(['.', ':']);
    (!trimmed.is_empty()).then_some((start, start + trimmed.len()))
}

/// The token before `offset` (skipping blanks): a word, or one character.
pub(crate) fn token_before(text: &str, offset: usize) -> &str {
    let before = text.get(..offset).unwrap_or_default().trim_end();
    let end = before.len();
    let start = word_start(before, end);
    if start < end {
        return before.get(start..end).unwrap_or_default();
    }
    before
        .char_indices()
        .last()
        .and_then(|(i, _)| before.get(i..))
        .unwrap_or_default()
}

/// The text of the statement being written up to `offset`: from its
/// `allow` or `deny` (the last one before it, outside comments).
pub(crate) fn statement_before(text: &str, offset: usize) -> &str {
    let before = text.get(..offset).unwrap_or_default();
    let mut start = None;
    let mut at = 0;
    for line in before.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or_default();
        for keyword in ["allow", "deny"] {
            let mut from = 0;
            while let Some(i) = code.get(from..).and_then(|c| c.find(keyword)) {
                let i = from + i;
                let before_ok = code
                    .get(..i)
                    .and_then(|b| b.chars().last())
                    .is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_');
                let after_ok = code
                    .get(i + keyword.len()..)
                    .and_then(|a| a.chars().next())
                    .is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_');
                if before_ok && after_ok {
                    start = Some(start.map_or(at + i, |s: usize| s.max(at + i)));
                }
                from = i + keyword.len();
            }
        }
        at += line.len();
    }
    start.and_then(|s| before.get(s..)).unwrap_or_default()
}

/// Whether `statement` (from [`statement_before`]) has reached its
/// conditions (`if`).
pub(crate) fn in_conditions(statement: &str) -> bool {
    statement
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|w| w == "if")
}

/// The actions a statement names (`svc:Name`, `svc:{A, B}`, wildcards),
/// as written, before its conditions.
pub(crate) fn statement_actions(statement: &str) -> Vec<String> {
    let head = statement
        .split(|c: char| c.is_whitespace())
        .take_while(|w| *w != "if" && *w != "on")
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = Vec::new();
    let mut rest = head.as_str();
    while let Some(colon) = rest.find(':') {
        let service_start = rest
            .get(..colon)
            .unwrap_or_default()
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_ascii_alphanumeric() || c == '-')
            .last()
            .map_or(colon, |(i, _)| i);
        let service = rest.get(service_start..colon).unwrap_or_default();
        let after = rest.get(colon + 1..).unwrap_or_default();
        if let Some(set) = after.strip_prefix('{') {
            let end = set.find('}').unwrap_or(set.len());
            for name in set.get(..end).unwrap_or_default().split(',') {
                out.push(format!("{service}:{}", name.trim()));
            }
            rest = set.get(end..).unwrap_or_default();
        } else {
            let end = after
                .find(|c: char| {
                    !(c.is_ascii_alphanumeric() || matches!(c, '*' | '?' | '_' | '-' | '.'))
                })
                .unwrap_or(after.len());
            if !service.is_empty() {
                out.push(format!(
                    "{service}:{}",
                    after.get(..end).unwrap_or_default()
                ));
            }
            rest = after.get(end..).unwrap_or_default();
        }
    }
    out
}

/// The catalog's actions an action entry names (wildcards expanded).
pub(crate) fn expand<'r>(
    reference: &'r Reference,
    entry: &str,
) -> Vec<(&'r Service, &'r polc_catalog::reference::Action)> {
    if entry.contains(['*', '?']) {
        reference.expand(entry)
    } else {
        reference.action(entry).into_iter().collect()
    }
}

/// Whether `offset` is inside a string or a comment of its line (a `"`
/// not closed before it, or a `#` outside strings).
pub(crate) fn in_string_or_comment(text: &str, offset: usize) -> (bool, bool) {
    let before = text.get(..offset).unwrap_or_default();
    let line = before.rsplit(['\n', '\r']).next().unwrap_or_default();
    let mut quoted = false;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if quoted => escaped = !escaped,
            '"' if !escaped => quoted = !quoted,
            '#' if !quoted => return (false, true),
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    (quoted, false)
}

/// The service of the action set a word is a member of: `RunTask` in
/// `ecs:{StopTask, RunTask}` is `ecs`'s.
pub(crate) fn set_service(text: &str, start: usize) -> Option<&str> {
    let before = text.get(..start)?;
    let open = before.rfind('{')?;
    let inside = before.get(open + 1..)?;
    if !inside.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || c.is_whitespace()
            || matches!(c, ',' | '*' | '?' | '_' | '-' | '.')
    }) {
        return None;
    }
    let head = before.get(..open)?.strip_suffix(':')?;
    let service_start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_ascii_alphanumeric() || c == '-')
        .last()
        .map(|(i, _)| i)?;
    head.get(service_start..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_statements_and_sets() {
        let text = "policy P {\n  allow ecs:{StopTask, RunTask}, s3:Get* on * if aws:SourceIp ";
        let run = text.find("RunTask").unwrap_or_default();
        assert_eq!(
            word_at(text, run + 2).and_then(|(s, e)| text.get(s..e)),
            Some("RunTask")
        );
        assert_eq!(set_service(text, run), Some("ecs"));
        let statement = statement_before(text, text.len());
        assert!(statement.starts_with("allow ecs:{"));
        assert!(in_conditions(statement));
        assert_eq!(
            statement_actions(statement),
            ["ecs:StopTask", "ecs:RunTask", "s3:Get*"]
        );
        assert_eq!(token_before(text, text.len()), "aws:SourceIp");
        let call = "on ecs.cluster(\"x\")";
        assert_eq!(
            word_at(call, 5).and_then(|(s, e)| call.get(s..e)),
            Some("ecs.cluster")
        );
    }
}
