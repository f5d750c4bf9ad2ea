//! IAM JSON → `.pol`: a readable form that builds back to an equal
//! document (same statements, values and order; lone values stay lone,
//! arrays stay arrays).

use polc_catalog::Reference;
use polc_catalog::reference::AccessLevel;
use polc_model::Text;
use polc_model::condition::{BaseOperator, ConditionOperator, ConditionValue, KeyTypes};
use polc_model::policy::{Effect, OneOrMany, Principal, Statement, Version};
use polc_model::{CheckOptions, Finding, Policy, PolicyType};

use crate::arn_template::{TemplatePiece, template_pieces};
use crate::ast::ShortOp;
use crate::fmt::{key_text, plain, string};
use crate::operators::short_operator;

/// Imports a JSON policy document as a `.pol` block named `name`.
///
/// # Errors
/// The document's error-level structural findings (a document IAM would
/// refuse cannot be written as `.pol` faithfully).
///
/// ```
/// let pol = polc_dsl::import::import(r#"{"Version": "2012-10-17", "Statement": [
///   {"Effect": "Allow", "Action": ["ecs:RunTask", "ecs:StopTask"], "Resource": "*"}]}"#,
///   "Deploy", polc_catalog::Reference::embedded()).unwrap();
/// assert_eq!(pol, "policy Deploy {\n  sids none\n  allow ecs:{RunTask, StopTask} on *\n}\n");
/// ```
pub fn import(json: &str, name: &str, reference: &Reference) -> Result<String, Vec<Finding>> {
    let policy_type = PolicyType::infer(json);
    let checked = polc_model::check(json, &CheckOptions::new(policy_type));
    let errors: Vec<Finding> = checked
        .findings
        .iter()
        .filter(|f| f.refuses_policy())
        .cloned()
        .collect();
    let policy = match checked.policy {
        Some(policy) if errors.is_empty() => policy,
        _ => return Err(errors),
    };
    // `.pol` has no empty list: a statement with an empty `Action` or
    // `Resource` array applies to nothing, a condition key with an empty
    // array of values compares with nothing; each is said where it is.
    use polc_model::codes::CodeId;
    let empty: Vec<Finding> = checked
        .findings
        .iter()
        .filter_map(|f| {
            let help = match f.code.id {
                CodeId::EMPTY_ARRAY_ACTION | CodeId::EMPTY_ARRAY_RESOURCE => {
                    "`.pol` writes no empty list: remove the statement (it grants nothing), or list what it applies to"
                }
                CodeId::EMPTY_ARRAY_CONDITION
                | CodeId::EMPTY_ARRAY_CONDITION_FORALLVALUES
                | CodeId::EMPTY_ARRAY_CONDITION_FORANYVALUE
                | CodeId::EMPTY_ARRAY_CONDITION_IFEXISTS => {
                    "`.pol` writes no empty list: list the values to compare with, or remove the key (say what IAM should do with it: an empty list has no meaning polc can write)"
                }
                _ => return None,
            };
            let mut f = f.clone();
            f.severity = polc_model::Severity::Error;
            f.help = Some(help.to_owned());
            Some(f)
        })
        .collect();
    if !empty.is_empty() {
        return Err(empty);
    }
    // Nor has a control character (but tab, line feed and carriage
    // return, which have escapes), nor, inside a policy variable (written
    // as it is), a character an editor may hide: said where it is.
    if let Some((span, c)) = checked.json.as_ref().and_then(unwritable) {
        return Err(vec![Finding::new(
            &crate::codes::POL_WRONG_VALUE,
            if c.is_control() {
                format!(
                    "this string holds the control character U+{:04X}, which `.pol` strings cannot hold",
                    u32::from(c)
                )
            } else {
                format!(
                    "this string holds U+{:04X} inside a policy variable, which `.pol` writes as it is and cannot hold it",
                    u32::from(c)
                )
            },
            polc_model::Location::at(span),
        )
        .with_help("remove it (IAM's names and ARNs have none); `polc check` and `polc build` take the JSON as it is")]);
    }
    let text = write_block(&policy, policy_type, &block_name(name), reference);
    // The canonical layout (line breaks of long statements). Text that
    // does not read back is polc's mistake, never placed in the document.
    let text = crate::fmt::format(&text).map_err(|errors| {
        let why = errors
            .first()
            .map_or_else(String::new, |f| format!(" ({})", f.message));
        vec![Finding::new(
            &crate::codes::POL_SYNTAX_ERROR,
            format!("polc wrote `.pol` for this document that it cannot read back{why}: the document is past a limit of the language, or polc's importer has a bug"),
            polc_model::Location::value(polc_model::JsonPath::root()),
        )
        .with_help("`polc check` and `polc build` take the JSON as it is; please report the document if it is within the limits of `docs/language.md`")]
    })?;
    // Nor is text that does not build (a form the language refuses that
    // no check above foresaw): said, with the first reason.
    let options = crate::Options {
        skip_catalog_checks: true,
        ..crate::Options::default()
    };
    if let Err(diagnostics) = crate::compile_with(&text, &crate::Params::new(), reference, options)
        && let Some(first) = diagnostics
            .0
            .iter()
            .find(|f| f.severity == polc_model::Severity::Error)
    {
        return Err(vec![Finding::new(
            first.code,
            format!(
                "polc wrote `.pol` for this document that does not build ({}): the document has a form `.pol` cannot write, or polc's importer has a bug",
                first.message
            ),
            polc_model::Location::value(polc_model::JsonPath::root()),
        )
        .with_help("`polc check` and `polc build` take the JSON as it is; please report the document if `polc check` finds nothing wrong with it")]);
    }
    Ok(text)
}

/// The first string (or key) of `json` holding a control character other
/// than tab, line feed and carriage return, with its span and the
/// character: `.pol` strings cannot hold one, even escaped.
fn unwritable(json: &polc_model::json::Json<'_>) -> Option<(polc_model::Span, char)> {
    use polc_model::json::JsonKind;
    let odd = |s: &str| {
        let control = s
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
        // `${...}` is written as it is: no `\u{...}` code in it.
        let hidden = || {
            s.match_indices("${").find_map(|(at, _)| {
                let rest = s.get(at..).unwrap_or_default();
                let inside = rest.get(..rest.find('}').unwrap_or(rest.len()))?;
                inside.chars().find(|&c| polc_model::suggest::hides_text(c))
            })
        };
        control.or_else(hidden)
    };
    match &json.kind {
        JsonKind::String(s) => odd(s).map(|c| (json.span, c)),
        JsonKind::Array(items) => items.iter().find_map(unwritable),
        JsonKind::Object(members) => members.iter().find_map(|m| {
            odd(&m.key)
                .map(|c| (m.key_span, c))
                .or_else(|| unwritable(&m.value))
        }),
        _ => None,
    }
}

/// `name` with every character but ASCII letters, digits and `_` as `_`
/// (a block name, a Terraform identifier).
pub(crate) fn underscored(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A block name from a file name or policy name: letters, digits, `_`.
pub fn block_name(name: &str) -> String {
    let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = stem.strip_suffix(".json").unwrap_or(stem);
    let mut out = underscored(stem);
    if !out
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
    {
        out.insert(0, 'P');
    }
    // A keyword is not a name (`trust.json` → `Trust`).
    if crate::parse::KEYWORDS.contains(&out.as_str())
        && let Some(first) = out.get(..1).map(str::to_ascii_uppercase)
    {
        out.replace_range(..1, &first);
    }
    out
}

/// The account and region imported ARNs are written against: the
/// `account` and `region` parameters of the imported file, whose defaults
/// are the document's most common ones.
#[derive(Debug, Default)]
struct Env {
    account: Option<String>,
    region: Option<String>,
    /// Whether a builder was written that takes them.
    used_account: std::cell::Cell<bool>,
    used_region: std::cell::Cell<bool>,
}

impl Env {
    fn of(policy: &Policy) -> Self {
        let mut accounts: Vec<(String, usize)> = Vec::new();
        let mut regions: Vec<(String, usize)> = Vec::new();
        let bump = |list: &mut Vec<(String, usize)>, v: &str| match list
            .iter_mut()
            .find(|(k, _)| k == v)
        {
            Some((_, n)) => *n += 1,
            None => list.push((v.to_owned(), 1)),
        };
        for statement in policy.statement.iter() {
            for r in statement.resource.iter().flat_map(|r| r.values.iter()) {
                let parts: Vec<&str> = r.splitn(6, ':').collect();
                if let [_, "aws", _, region, account, _] = parts.as_slice()
                    && account.len() == 12
                    && account.bytes().all(|b| b.is_ascii_digit())
                {
                    bump(&mut accounts, account);
                    if !region.is_empty() && !region.contains(['*', '?', '$']) {
                        bump(&mut regions, region);
                    }
                }
            }
        }
        let most = |list: Vec<(String, usize)>| {
            let best = list.iter().map(|(_, n)| *n).max()?;
            list.into_iter().find(|(_, n)| *n == best).map(|(k, _)| k)
        };
        Self {
            account: most(accounts),
            region: most(regions),
            ..Self::default()
        }
    }
}

/// `svc.type("a", ...)` for `arn`, when a resource type's ARN format gives
/// exactly `arn` back with the file's account and region (and partition
/// `aws`).
fn builder(arn: &str, env: &Env, reference: &Reference) -> Option<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, "aws", service, region, account, rest] = parts.as_slice() else {
        return None;
    };
    if Some(*account) != env.account.as_deref() {
        return None;
    }
    if !region.is_empty() && Some(*region) != env.region.as_deref() {
        return None;
    }
    let svc = reference.service(service)?;
    if svc.prefix != *service {
        return None;
    }
    for rt in &svc.resource_types {
        // A type with several ARN formats has no builder.
        if crate::builders::formats(rt.arn_format).len() > 1 {
            continue;
        }
        let fparts: Vec<&str> = rt.arn_format.splitn(6, ':').collect();
        let [_, "${Partition}", fservice, fregion, "${Account}", template] = fparts.as_slice()
        else {
            continue;
        };
        let region_fits = (*fregion == "${Region}" && !region.is_empty())
            || (fregion.is_empty() && region.is_empty());
        if *fservice != *service || !region_fits {
            continue;
        }
        if let Some(values) = fill(template, rest) {
            env.used_account.set(true);
            if !region.is_empty() {
                env.used_region.set(true);
            }
            let args: Vec<String> = values.iter().map(|v| string(&plain(v))).collect();
            return Some(format!(
                "{service}.{}({})",
                crate::builders::name(rt.name),
                args.join(", ")
            ));
        }
    }
    None
}

/// The placeholder values that make `template` (`cluster/${ClusterName}`)
/// read `text`, when exactly one reading gives `text` back.
fn fill(template: &str, text: &str) -> Option<Vec<String>> {
    let pieces = template_pieces(template);
    let mut values = Vec::new();
    let mut at = text;
    let mut iter = pieces.iter().peekable();
    while let Some(piece) = iter.next() {
        match piece {
            TemplatePiece::Placeholder(_) => {
                let value = match iter.peek() {
                    Some(TemplatePiece::Text(next)) => {
                        let end = at.find(next)?;
                        at.get(..end)?
                    }
                    Some(TemplatePiece::Placeholder(_)) => return None,
                    None => at,
                };
                if value.is_empty() || value.contains(['{', '}']) {
                    return None;
                }
                values.push(value.to_owned());
                at = at.get(value.len()..)?;
            }
            TemplatePiece::Text(lit) => at = at.strip_prefix(lit)?,
        }
    }
    if !at.is_empty() {
        return None;
    }
    // Exactly `text` again.
    let mut rebuilt = String::new();
    let mut v = values.iter();
    for piece in &pieces {
        match piece {
            TemplatePiece::Placeholder(_) => rebuilt.push_str(v.next()?),
            TemplatePiece::Text(lit) => rebuilt.push_str(lit),
        }
    }
    (rebuilt == text && !values.is_empty()).then_some(values)
}

fn write_block(
    policy: &Policy,
    policy_type: PolicyType,
    name: &str,
    reference: &Reference,
) -> String {
    let kind = match policy_type {
        PolicyType::Trust => "trust",
        PolicyType::Resource => "resource",
        PolicyType::Identity | PolicyType::Scp => "policy",
    };
    let env = Env::of(policy);
    let mut body = String::new();
    for statement in policy.statement.iter() {
        body.push_str("  ");
        body.push_str(&write_statement(statement, reference, &env));
        body.push('\n');
    }
    let mut out = String::new();
    if env.used_account.get()
        && let Some(account) = &env.account
    {
        out.push_str(&format!("let account = {}\n", string(&plain(account))));
    }
    if env.used_region.get()
        && let Some(region) = &env.region
    {
        out.push_str(&format!("let region = {}\n", string(&plain(region))));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&format!("{kind} {name} {{\n"));
    match policy.version {
        None => out.push_str("  version none\n"),
        Some(Version::V2008_10_17) => out.push_str("  version \"2008-10-17\"\n"),
        Some(Version::V2012_10_17) => {}
    }
    if let Some(id) = &policy.id {
        out.push_str(&format!("  id {}\n", string(&plain(id))));
    }
    out.push_str("  sids none\n");
    out.push_str(&body);
    out.push_str("}\n");
    out
}

fn write_statement(s: &Statement, reference: &Reference, env: &Env) -> String {
    let mut out = String::new();
    if let Some(sid) = &s.sid {
        if !sid.is_empty() && sid.chars().all(|c| c.is_ascii_alphanumeric()) {
            out.push_str(&format!("sid {sid} "));
        } else {
            out.push_str(&format!("sid {} ", string(&plain(sid))));
        }
    }
    out.push_str(match s.effect {
        Effect::Allow => "allow",
        Effect::Deny => "deny",
    });
    if let Some(p) = &s.principal {
        out.push(' ');
        if p.not {
            out.push_str("not ");
        }
        match &p.value {
            Principal::Any => out.push_str("anyone"),
            Principal::Map(map) => {
                let entries: Vec<String> = map
                    .iter()
                    .map(|(kind, values)| {
                        let word = match kind {
                            polc_model::policy::PrincipalKind::Aws => "aws",
                            polc_model::policy::PrincipalKind::Service => "service",
                            polc_model::policy::PrincipalKind::Federated => "federated",
                            polc_model::policy::PrincipalKind::CanonicalUser => "canonical",
                        };
                        format!("{word} {}", strings(values))
                    })
                    .collect();
                out.push_str(&entries.join(", "));
            }
        }
        out.push_str(" to");
    }
    out.push(' ');
    if s.action.not {
        out.push_str("not ");
    }
    out.push_str(&actions(&s.action.values, reference));
    if let Some(r) = &s.resource {
        out.push_str(" on ");
        if r.not {
            out.push_str("not ");
        }
        match &r.values {
            OneOrMany::One(v) => out.push_str(&resource(v, reference, env)),
            OneOrMany::Many(values) if values.len() == 1 => {
                out.push_str(&format!(
                    "[{}]",
                    values
                        .iter()
                        .map(|v| resource(v, reference, env))
                        .collect::<String>()
                ));
            }
            OneOrMany::Many(values) => {
                out.push_str(
                    &values
                        .iter()
                        .map(|v| resource(v, reference, env))
                        .collect::<Vec<_>>()
                        .join(", "),
                );
            }
        }
    }
    if let Some(condition) = &s.condition {
        let parts: Vec<String> = condition
            .0
            .iter()
            .flat_map(|(op, block)| {
                block
                    .0
                    .iter()
                    .map(move |(key, values)| (*op, key.clone(), values.clone()))
            })
            .map(|(op, key, values)| write_condition(op, &key, &values, reference))
            .collect();
        if !parts.is_empty() {
            out.push_str(" if ");
            out.push_str(&parts.join(" and "));
        }
    }
    out
}

fn resource(v: &str, reference: &Reference, env: &Env) -> String {
    if let Some(b) = builder(v, env, reference) {
        return b;
    }
    if v == "*" {
        "*".to_owned()
    } else {
        string(&plain(v))
    }
}

fn strings(values: &OneOrMany<Text>) -> String {
    match values {
        OneOrMany::One(v) => string(&plain(v)),
        OneOrMany::Many(vs) => format!(
            "[{}]",
            vs.iter()
                .map(|v| string(&plain(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Whether `a` is written bare as an action name (`ecs:RunTask`,
/// `ecs:Describe*`): a service prefix, `:`, a name pattern.
fn bare_action(a: &str) -> Option<(&str, &str)> {
    let (service, name) = a.split_once(':')?;
    let service_ok = service
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && service
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    let name_ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "*?_-.".contains(c));
    (service_ok && name_ok).then_some((service, name))
}

fn action_token(a: &str) -> String {
    if a == "*" || bare_action(a).is_some() {
        a.to_owned()
    } else {
        string(&plain(a))
    }
}

/// The actions: one bare entry stays lone; lists use `svc:{A, B}` for runs
/// of one service and `svc:@level` where a run is exactly an access level
/// of the catalog, in the catalog's order.
fn actions(values: &OneOrMany<Text>, reference: &Reference) -> String {
    let list = match values {
        OneOrMany::One(a) => return action_token(a),
        OneOrMany::Many(list) => list,
    };
    if list.len() == 1 {
        return format!(
            "[{}]",
            list.iter().map(|a| action_token(a)).collect::<String>()
        );
    }
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < list.len() {
        let Some(current) = list.get(i) else { break };
        let Some((service, _)) = bare_action(current) else {
            out.push(action_token(current));
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while list
            .get(j)
            .and_then(|a| bare_action(a))
            .is_some_and(|(s, _)| s == service)
        {
            j += 1;
        }
        let run: Vec<&str> = list
            .get(i..j)
            .unwrap_or_default()
            .iter()
            .filter_map(|a| bare_action(a).map(|(_, n)| n))
            .collect();
        if run.len() == 1 {
            out.push(current.to_string());
        } else if let Some(level) = access_level(service, &run, reference) {
            out.push(format!("{service}:@{level}"));
        } else {
            out.push(format!("{service}:{{{}}}", run.join(", ")));
        }
        i = j;
    }
    out.join(", ")
}

/// The access level whose actions, in the catalog's order and spelling,
/// are exactly `names`.
fn access_level(service: &str, names: &[&str], reference: &Reference) -> Option<&'static str> {
    let svc = reference.service(service)?;
    if svc.prefix != service {
        return None;
    }
    AccessLevel::ALL.into_iter().find_map(|level| {
        let actions: Vec<&str> = svc.actions_at(level).map(|a| a.name).collect();
        (actions == names).then(|| level.slug())
    })
}

fn write_condition(
    op: ConditionOperator,
    key: &str,
    values: &OneOrMany<ConditionValue>,
    reference: &Reference,
) -> String {
    let key_type = reference.key_type(key);
    // `exists` / `missing`: a lone string `"false"` / `"true"`.
    if op.base == BaseOperator::Null
        && op.qualifier.is_none()
        && !op.if_exists
        && let OneOrMany::One(ConditionValue::String(v)) = values
    {
        match v.as_str() {
            "false" => return format!("{} exists", key_text(key)),
            "true" => return format!("{} missing", key_text(key)),
            _ => {}
        }
    }
    let short = [
        ShortOp::Eq,
        ShortOp::Ne,
        ShortOp::Like,
        ShortOp::NotLike,
        ShortOp::Lt,
        ShortOp::Le,
        ShortOp::Gt,
        ShortOp::Ge,
        ShortOp::In,
        ShortOp::NotIn,
    ]
    .into_iter()
    .find(|s| short_operator(*s, key_type) == Some(op.base) && op.base != BaseOperator::Null);
    let values_text = condition_values(values);
    match short {
        Some(s) => {
            let qualifier = match op.qualifier {
                Some(polc_model::condition::SetQualifier::ForAnyValue) => "any ",
                Some(polc_model::condition::SetQualifier::ForAllValues) => "all ",
                None => "",
            };
            let exists = if op.if_exists { "?" } else { "" };
            format!(
                "{qualifier}{}{exists} {} {values_text}",
                key_text(key),
                s.as_str()
            )
        }
        None => format!("{op}({}, {values_text})", key_text(key)),
    }
}

fn condition_value(v: &ConditionValue) -> String {
    match v {
        ConditionValue::String(s) => string(&plain(s)),
        ConditionValue::Bool(b) => b.to_string(),
        ConditionValue::Number(n) => n.to_string(),
    }
}

fn condition_values(values: &OneOrMany<ConditionValue>) -> String {
    match values {
        OneOrMany::One(v) => condition_value(v),
        OneOrMany::Many(vs) => format!(
            "[{}]",
            vs.iter()
                .map(condition_value)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
