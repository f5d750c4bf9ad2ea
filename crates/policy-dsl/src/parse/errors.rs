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
/// every one (a string ends at its line's end, so the rest still reads).
pub(super) fn unterminated_strings(source: &str) -> Vec<Finding> {
    lexemes(source)
        .filter_map(|l| match l {
            Lexeme::String {
                span,
                closed: false,
            } => Some(unterminated(span.start, span.end)),
            _ => None,
        })
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
        Rule::ident => "a name",
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
