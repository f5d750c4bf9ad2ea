//! Syntax errors and limits as findings in words: pest's errors described
//! for people (rule names never reach users), unterminated strings, too
//! deep nesting.

use super::*;
use crate::scan::{Lexeme, lexemes};

/// A limit of the compiler exceeded.
pub(super) fn limit(span: Span, message: String, help: &str) -> Finding {
    Finding::new(&codes::POL_LIMIT, message, Location::at(span)).with_help(help)
}

pub(super) fn syntax(span: Span, message: String, help: &str) -> Finding {
    let f = Finding::new(&codes::POL_SYNTAX_ERROR, message, Location::at(span));
    if help.is_empty() {
        f
    } else {
        f.with_help(help)
    }
}

/// Unterminated strings, found before parsing for a precise message:
/// every one (a string ends at its line's end, so the rest still reads),
/// up to [`MAX_SYNTAX_ERRORS`].
pub(super) fn unterminated_strings(source: &str) -> Vec<Finding> {
    lexemes(source)
        .filter_map(|l| match l {
            Lexeme::String {
                span,
                closed: false,
            } => Some(unterminated(span.start, span.end)),
            _ => None,
        })
        .take(MAX_SYNTAX_ERRORS)
        .collect()
}

pub(super) fn unterminated(start: usize, end: usize) -> Finding {
    syntax(
        Span::new(start, end),
        "this string is not closed".into(),
        "end it with `\"` on the same line (write `\\\"` for a quote inside it)",
    )
}

/// Lists nested deeper than `MAX_DEPTH` (the parser recurses on them).
pub(super) fn too_deep(source: &str) -> Option<Finding> {
    let mut depth = 0usize;
    for lexeme in lexemes(source) {
        match lexeme {
            Lexeme::Code(i, '[' | '(' | '{') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(limit(
                        Span::new(i, i + 1),
                        format!("brackets are nested more than {MAX_DEPTH} deep"),
                        "a policy value is a string or a flat list",
                    ));
                }
            }
            Lexeme::Code(_, ']' | ')' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// A pest error in words.
pub(super) fn describe(source: &str, error: &pest::error::Error<Rule>) -> Finding {
    let at = match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    // Underline the word found there (or the end of the file).
    let rest = source.get(at..).unwrap_or_default();
    let word_len = rest
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(rest.len(), |(i, _)| i)
        .max(usize::from(!rest.is_empty()).min(rest.len()));
    let found = rest.get(..word_len).unwrap_or_default();
    let span = Span::new(at, at + word_len);
    let expected: Vec<&'static str> = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let mut words: Vec<&'static str> = positives.iter().filter_map(|r| words(*r)).collect();
            // Where a statement may come, so may the block's `}` (a
            // literal, which pest does not list).
            if positives
                .iter()
                .any(|r| matches!(r, Rule::statement | Rule::effect))
            {
                words.push("`}` (the end of the block)");
            }
            words.sort_unstable();
            words.dedup();
            words
        }
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let expected = match expected.as_slice() {
        [] => "something else".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    if let Some((message, help, span)) = slip(source, at, found) {
        return syntax(span, message, &help);
    }
    let found = if found.is_empty() {
        "the end of the file".to_owned()
    } else {
        format!("`{found}`")
    };
    let help = if rest.trim().is_empty() && expected.contains("`}`") {
        "a block is not closed: end it with `}`"
    } else {
        "see docs/language.md for the forms a statement takes"
    };
    syntax(span, format!("expected {expected}, found {found}"), help)
}

/// A common slip at `at`, where `found` stands: its message, fix and span.
fn slip(source: &str, at: usize, found: &str) -> Option<(String, String, Span)> {
    let span = Span::new(at, at + found.len());
    let before = source.get(..at).unwrap_or_default().trim_end();
    let previous = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or_default();
    if found.starts_with('\'') {
        let inner = found.trim_matches(|c| c == '\'' || c == ',');
        return Some((
            "strings are written in double quotes".into(),
            format!("write `\"{inner}\"`"),
            span,
        ));
    }
    if found == "AND" || found == "And" {
        return Some((
            format!("`{found}`: the language's words are lower case"),
            "join conditions with `and`".into(),
            span,
        ));
    }
    let found = if found.eq_ignore_ascii_case("or") {
        "or"
    } else {
        found
    };
    match found {
        "&&" | "&" => {
            return Some((
                format!("`{found}` is not an operator of the language"),
                "join conditions with `and`".into(),
                span,
            ));
        }
        "||" | "or" => {
            return Some((
                format!("`{found}`: the conditions of a statement must all hold"),
                "for either of two values, list them (`aws:SourceVpc in [\"vpc-1\", \"vpc-2\"]`); for either of two keys, write two statements".into(),
                span,
            ));
        }
        _ => {}
    }
    let word = found.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
    if ["allow", "deny"]
        .iter()
        .any(|e| e.eq_ignore_ascii_case(word) && *e != word)
    {
        return Some((
            format!("`{word}`: effects are written in lower case"),
            format!("write `{}`", word.to_ascii_lowercase()),
            Span::new(at, at + word.len()),
        ));
    }
    if ["service", "aws", "federated", "canonical"].contains(&previous)
        && !found.starts_with(['"', '['])
    {
        let value = found.split(',').next().unwrap_or(found);
        return Some((
            format!("the `{previous}` principal is a string"),
            format!("write `{previous} \"{value}\"`"),
            Span::new(at, at + value.len()),
        ));
    }
    let mut words = before.split_whitespace().rev();
    let (name, kind) = (
        words.next().unwrap_or_default(),
        words.next().unwrap_or_default(),
    );
    // `service ecs-tasks.amazonaws.com`: read as the name `ecs`, then stuck.
    if ["service", "aws", "federated", "canonical"].contains(&kind)
        && found.starts_with(['-', '.', ':'])
    {
        let tail = found.split([',', ' ']).next().unwrap_or(found);
        let value = format!("{name}{tail}");
        return Some((
            format!("the `{kind}` principal is a string"),
            format!("write `{kind} \"{value}\"`"),
            Span::new(at - name.len(), at + tail.len()),
        ));
    }
    // `policy my-policy {`: a name with a dash.
    if found.starts_with('-') && ["policy", "trust", "resource"].contains(&kind) {
        let tail = found.split(['{', ' ']).next().unwrap_or(found);
        let full = format!("{name}{tail}");
        return Some((
            format!("`{full}`: a block's name is letters, digits and `_`"),
            format!("write `{kind} {}`", full.replace('-', "_")),
            Span::new(at - name.len(), at + tail.len()),
        ));
    }
    None
}

/// What a grammar rule is, for an author.
pub(super) fn words(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "the end of the file",
        Rule::import | Rule::kw_import => "`import`",
        Rule::param | Rule::kw_param => "`param`",
        Rule::let_ | Rule::kw_let => "`let`",
        Rule::block | Rule::block_kind => "a block (`policy`, `trust` or `resource`)",
        Rule::param_type | Rule::base_type | Rule::list_type => {
            "a parameter type (`string`, `account_id`, `region`, `partition`, `arn`, `list<...>`)"
        }
        Rule::expr | Rule::list | Rule::call | Rule::string | Rule::star => {
            "a value (a string, `*`, a name, a list or an ARN builder such as `ecs.cluster(\"prod\")`)"
        }
        Rule::ident | Rule::word => "a name",
        Rule::assign => "`=`",
        Rule::type_colon => "`:` and the parameter's type",
        Rule::open_brace => "`{` (the start of the block)",
        Rule::arg => "an argument",
        Rule::extends | Rule::kw_extends => "`extends`",
        Rule::kw_except => "`except`",
        Rule::managed => "an AWS managed policy such as `aws:AmazonECSTaskExecutionRolePolicy`",
        Rule::statement | Rule::effect => "a statement (`allow` or `deny`)",
        Rule::version | Rule::kw_version => "`version`",
        Rule::id | Rule::kw_id => "`id`",
        Rule::sids | Rule::kw_sids => "`sids none`",
        Rule::sid | Rule::kw_sid => "`sid`",
        Rule::sid_name => "a Sid (letters and digits)",
        Rule::kw_none => "`none`",
        Rule::principals | Rule::principal | Rule::principal_kind | Rule::anyone => {
            "a principal (`service \"...\"`, `aws \"...\"`, `federated \"...\"`, `canonical \"...\"`, `anyone`)"
        }
        Rule::kw_to => "`to` after the principal",
        Rule::actions
        | Rule::action_array
        | Rule::action_list
        | Rule::action
        | Rule::action_name
        | Rule::action_set
        | Rule::action_group => "an action like `ecs:RunTask`",
        Rule::name_pattern => "an action name",
        Rule::access_level => {
            "an access level (`list`, `read`, `write`, `tagging`, `permissions-management`)"
        }
        Rule::service => "a service prefix such as `ecs`",
        Rule::resources | Rule::kw_on => "`on` and the resources",
        Rule::conditions | Rule::kw_if => "`if` and a condition",
        Rule::kw_and => "`and`",
        Rule::condition | Rule::short | Rule::explicit | Rule::key | Rule::key_name => {
            "a condition such as `aws:SourceIp in \"10.0.0.0/8\"`"
        }
        Rule::operator => "an IAM condition operator",
        Rule::qualifier => "`any` or `all`",
        Rule::if_exists => "`?`",
        Rule::binary | Rule::unary => {
            "an operator (`==`, `!=`, `<`, `<=`, `>`, `>=`, `like`, `not like`, `in`, `not in`, `exists`, `missing`)"
        }
        Rule::values | Rule::value_list | Rule::scalar | Rule::number | Rule::boolean => {
            "a condition value (a string, number, `true`/`false`, a name or a list)"
        }
        Rule::not => "`not`",
        _ => return None,
    })
}
