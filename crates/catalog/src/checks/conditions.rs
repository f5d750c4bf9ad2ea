//! Condition operators against the types of their keys, and values
//! against their operators.

use polc_model::condition::values::{is_base64, parse_bool, parse_cidr, parse_date, parse_number};
use polc_model::condition::{
    BaseOperator, ConditionOperator, ConditionValue, KeyType, KeyTypes, OperatorFamily,
    SetQualifier,
};
use polc_model::wildcard::has_wildcard;
use polc_model::{Effect, Finding, JsonPath, Location, OneOrMany, Statement};

use super::codes;
use crate::reference::{Action, Reference, Service};

/// Checks every operator/key/value of the statement's condition.
pub(super) fn check(
    statement: &Statement,
    resolved: &super::Resolved<'_>,
    path: &JsonPath,
    reference: &Reference,
    findings: &mut Vec<Finding>,
) {
    let Some(condition) = &statement.condition else {
        return;
    };
    let mut actions: Option<Option<Vec<(&Service, &Action)>>> = None;
    for (op, key, values) in condition.entries() {
        let key_path = || path.condition_key(op, key);
        let key_type = reference.key_type(key);
        if let Some(key_type) = key_type {
            operator_fits_key(*op, key, key_type, values, &key_path, findings);
        }
        values_fit_operator(*op, values, &key_path, findings);
        if !action_specific(key, reference) {
            continue;
        }
        let actions = actions.get_or_insert_with(|| statement_actions(statement, reference));
        let tag = is_tag_key(key) && needs_key(op);
        if tag {
            tags(statement, op, key, actions.as_deref(), &key_path, findings);
        }
        let deny = statement.effect == Effect::Deny;
        if deny && !tag {
            escaping_actions(statement, resolved, op, key, values, path, findings);
        }
        if let Some(actions) = actions
            && !key_available(key, actions)
            && !(tag && deny)
        {
            let names: Vec<String> = actions
                .iter()
                .take(3)
                .map(|(s, a)| format!("`{}:{}`", s.prefix, a.name))
                .collect();
            let more = if actions.len() > 3 { ", ..." } else { "" };
            findings.push(
                Finding::new(
                    &codes::UNSUPPORTED_ACTION_FOR_CONDITION_KEY,
                    format!("no action of the statement ({}{more}) has the condition key `{key}`", names.join(", ")),
                    Location::key(key_path()),
                )
                .with_help("use a key these actions have (`polc catalog action SERVICE:ACTION` lists them), or move the condition to the statement whose actions have it"),
            );
        }
    }
}

fn operator_fits_key(
    op: ConditionOperator,
    key: &str,
    key_type: KeyType,
    values: &OneOrMany<ConditionValue>,
    key_path: &impl Fn() -> JsonPath,
    findings: &mut Vec<Finding>,
) {
    let family = op.base.family();
    let fits = match family {
        OperatorFamily::String => matches!(
            key_type,
            KeyType::String | KeyType::ArrayOfString | KeyType::Arn | KeyType::ArrayOfArn
        ),
        // A String key may hold an ARN (`kms:EncryptionContext:aws:s3:arn`,
        // a tag whose value is one): AWS's own policies and documentation
        // compare such keys with `ArnLike`, part by part.
        OperatorFamily::Arn => matches!(
            key_type,
            KeyType::Arn | KeyType::ArrayOfArn | KeyType::String | KeyType::ArrayOfString
        ),
        OperatorFamily::Numeric => matches!(key_type, KeyType::Numeric | KeyType::ArrayOfNumeric),
        OperatorFamily::Date => key_type == KeyType::Date,
        OperatorFamily::Bool => matches!(key_type, KeyType::Bool | KeyType::ArrayOfBool),
        OperatorFamily::IpAddress => key_type == KeyType::IpAddress,
        OperatorFamily::Binary => key_type == KeyType::Binary,
        OperatorFamily::Null => true,
    };
    if !fits {
        findings.push(
            Finding::new(
                &codes::TYPE_MISMATCH,
                format!(
                    "`{op}` does not fit `{key}`, whose type is {}",
                    key_type.as_str()
                ),
                Location::key(key_path()),
            )
            .with_help(format!(
                "use {} for {} keys",
                operators_for(key_type),
                key_type.as_str()
            )),
        );
    }
    if matches!(
        op.base,
        BaseOperator::StringLike | BaseOperator::StringNotLike
    ) && matches!(key_type, KeyType::Arn | KeyType::ArrayOfArn)
    {
        let arn_op = if op.base == BaseOperator::StringLike {
            "ArnLike"
        } else {
            "ArnNotLike"
        };
        findings.push(
            Finding::new(
                &codes::STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS,
                format!("`{op}` on the ARN key `{key}` lets `*` match across the parts of the ARN"),
                Location::key(key_path()),
            )
            .with_help(format!(
                "use `{arn_op}`, which matches each ARN part separately"
            )),
        );
    }
    if op.qualifier == Some(SetQualifier::ForAllValues) && !key_type.is_multivalued() {
        findings.push(
            Finding::new(
                &codes::FORALLVALUES_WITH_SINGLE_VALUED_KEY,
                format!("`{op}` on the single-valued key `{key}` also holds for every request without the key"),
                Location::key(key_path()),
            )
            .with_help(format!("write `{}` without `ForAllValues:`", ConditionOperator { qualifier: None, ..op })),
        );
    }
    if op.base == BaseOperator::StringLike
        && !op.if_exists
        && op.qualifier.is_none()
        && values.iter().any(|v| v.as_text() == "*")
    {
        findings.push(
            Finding::new(
                &codes::EQUIVALENT_TO_NULL_FALSE,
                format!("`StringLike` with `*` only says that `{key}` is present"),
                Location::key(key_path()),
            )
            .with_help(format!("write `\"Null\": {{\"{key}\": \"false\"}}`")),
        );
    }
}

/// `aws:RequestTag/...`, `aws:ResourceTag/...`, `aws:TagKeys`.
fn is_tag_key(key: &str) -> bool {
    ["aws:RequestTag/", "aws:ResourceTag/", "aws:TagKeys"]
        .iter()
        .any(|p| {
            key.get(..p.len())
                .is_some_and(|k| k.eq_ignore_ascii_case(p))
        })
}

/// Whether the condition is false for a request without the key: a plain,
/// `ForAnyValue:` operator that is not negated, not `...IfExists`, not
/// `Null`.
fn needs_key(op: &ConditionOperator) -> bool {
    !op.base.is_negated()
        && !op.if_exists
        && op.base.family() != OperatorFamily::Null
        && op.qualifier != Some(SetQualifier::ForAllValues)
}

/// The tag-key checks of one condition key that a request must carry:
/// actions the statement covers whose requests never carry it are never
/// granted by an Allow, and never denied by a Deny.
fn tags(
    statement: &Statement,
    op: &ConditionOperator,
    key: &str,
    actions: Option<&[(&Service, &Action)]>,
    key_path: &impl Fn() -> JsonPath,
    findings: &mut Vec<Finding>,
) {
    let deny = statement.effect == Effect::Deny;
    if statement.action.not {
        let (code, consequence) = if deny {
            (
                &codes::DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE,
                "this Deny does not apply to them, so they stay allowed",
            )
        } else {
            (
                &codes::ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE,
                "this Allow never grants them",
            )
        };
        findings.push(
            Finding::new(
                code,
                format!("`NotAction` covers the actions of services whose requests never carry `{key}`: {consequence}"),
                Location::key(key_path()),
            )
            .with_help(if deny {
                format!("write `{}IfExists` so that a request without the key is denied too, or deny the actions that have the key by name", op.base.as_str())
            } else {
                "list the actions that have the key with `Action` instead".to_owned()
            }),
        );
        return;
    }
    let Some(actions) = actions else {
        return;
    };
    let lacking: Vec<String> = actions
        .iter()
        .filter(|pair| !key_available(key, std::slice::from_ref(*pair)))
        .map(|(s, a)| format!("`{}:{}`", s.prefix, a.name))
        .collect();
    // None lacking: nothing to say; all lacking in an Allow: the statement
    // grants nothing, UNSUPPORTED_ACTION_FOR_CONDITION_KEY says so.
    if lacking.is_empty() || (!deny && lacking.len() == actions.len()) {
        return;
    }
    let shown = lacking
        .iter()
        .take(3)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    let more = match lacking.len() {
        0..=3 => String::new(),
        n => format!(" and {} more", n - 3),
    };
    let (code, consequence) = if deny {
        (
            &codes::DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE,
            "this Deny never denies them, so they stay allowed",
        )
    } else {
        (
            &codes::ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE,
            "this Allow never grants them",
        )
    };
    findings.push(
        Finding::new(
            code,
            format!("the requests of {shown}{more} never carry `{key}`: {consequence}"),
            Location::key(key_path()),
        )
        .with_help(if deny {
            format!("deny those actions in a statement scoped by resource, or write `{}IfExists` so that a request without the key is denied too", op.base.as_str())
        } else {
            "grant those actions in a statement without the tag condition, scoped by resource, or drop them".to_owned()
        }),
    );
}

fn operators_for(key_type: KeyType) -> &'static str {
    match key_type {
        KeyType::String | KeyType::ArrayOfString => "`String*` operators",
        KeyType::Arn | KeyType::ArrayOfArn => "`Arn*` operators",
        KeyType::Numeric | KeyType::ArrayOfNumeric => "`Numeric*` operators",
        KeyType::Date => "`Date*` operators",
        KeyType::Bool | KeyType::ArrayOfBool => "`Bool`",
        KeyType::IpAddress => "`IpAddress` or `NotIpAddress`",
        KeyType::Binary => "`BinaryEquals`",
    }
}

fn values_fit_operator(
    op: ConditionOperator,
    values: &OneOrMany<ConditionValue>,
    key_path: &impl Fn() -> JsonPath,
    findings: &mut Vec<Finding>,
) {
    // Access Analyzer's code for each family.
    let (valid, expected, code): (fn(&str) -> bool, &str, _) = match op.base.family() {
        OperatorFamily::Numeric => (
            |v| parse_number(v).is_some(),
            "a number such as `3600` or `0.5`",
            &codes::TYPE_MISMATCH_NUMBER,
        ),
        OperatorFamily::Date => (
            |v| parse_date(v).is_some(),
            "an ISO 8601 date such as `2026-01-31T00:00:00Z`, or epoch seconds",
            &codes::TYPE_MISMATCH_DATE,
        ),
        OperatorFamily::Bool | OperatorFamily::Null => (
            |v| parse_bool(v).is_some(),
            "`true` or `false`",
            &codes::TYPE_MISMATCH_BOOLEAN,
        ),
        OperatorFamily::IpAddress => (
            |v| parse_cidr(v).is_some(),
            "an IPv4 or IPv6 address or CIDR block such as `203.0.113.0/24`",
            &codes::TYPE_MISMATCH_IP_RANGE,
        ),
        OperatorFamily::Binary => (is_base64, "base64 text", &codes::TYPE_MISMATCH_STRING),
        // An `Arn*` operator reads its values as ARNs: a plain name
        // (`prod`) never matches one. Patterns and variables are values
        // to come.
        OperatorFamily::Arn => (
            |v| v.starts_with("arn:") || has_wildcard(v) || v.contains("${"),
            "an ARN, `arn:partition:service:region:account:resource`",
            &codes::TYPE_MISMATCH,
        ),
        OperatorFamily::String => return,
    };
    for (i, value) in values.iter().enumerate() {
        let text = value.as_text();
        // Variables are not replaced for these operators: `${...}` is a
        // literal value here, and not one the operator can read.
        if valid(text) {
            continue;
        }
        findings.push(
            Finding::new(
                code,
                format!("`{text}` is not a value `{op}` can compare: it needs {expected}"),
                Location::value(values.item_path(&key_path(), i)),
            )
            .with_help(format!("write {expected}")),
        );
    }
}

/// The actions the statement's `Action` names, when that is a known,
/// bounded set (not `NotAction`, not `*`, every entry known).
pub(super) fn statement_actions<'r>(
    statement: &Statement,
    reference: &'r Reference,
) -> Option<Vec<(&'r Service, &'r Action)>> {
    if statement.action.not {
        return None;
    }
    let mut actions = Vec::new();
    for entry in &statement.action.values {
        let (prefix, _) = polc_model::action::split_colon(entry)?;
        if has_wildcard(prefix) {
            return None;
        }
        let expanded = reference.expand(entry);
        if expanded.is_empty() {
            return None;
        }
        actions.extend(expanded);
    }
    Some(actions)
}

/// Service keys that describe the credentials of the session, not the
/// action: present in every request made with them, whatever the service
/// (the IAM User Guide, "AWS global condition context keys", other
/// cross-service keys). The reference files them under their own service.
const CROSS_SERVICE_KEYS: &[&str] = &[
    "ec2:RoleDelivery",
    "ec2:SourceInstanceARN",
    "glue:RoleAssumedBy",
    "glue:CredentialIssuingService",
    "lambda:SourceFunctionArn",
    "ssm:SourceInstanceArn",
    "identitystore:UserId",
];

/// Whether `key` is set only for some actions: service keys of services
/// the catalog knows, and the tag keys. Other global keys are present (or
/// not) whatever the action; keys of identity providers are not judged.
fn action_specific(key: &str, reference: &Reference) -> bool {
    let Some((prefix, _)) = polc_model::action::split_colon(key) else {
        return false;
    };
    if CROSS_SERVICE_KEYS
        .iter()
        .any(|k| k.eq_ignore_ascii_case(key))
    {
        return false;
    }
    if prefix.eq_ignore_ascii_case("aws") {
        ["aws:RequestTag/", "aws:ResourceTag/", "aws:TagKeys"]
            .iter()
            .any(|p| {
                key.get(..p.len())
                    .is_some_and(|k| k.eq_ignore_ascii_case(p))
            })
    } else {
        reference.service(prefix).is_some()
    }
}

/// In a Deny whose condition holds only when `key` is in the request
/// (a positive operator, without `IfExists`), the actions it names one by
/// one that never have the key escape it: for them the condition never
/// holds. Reported when another action of the statement has the key (when
/// none has it, the statement's own finding says so); actions named by a
/// wildcard are not judged, as Access Analyzer does not.
fn escaping_actions(
    statement: &Statement,
    named: &super::Resolved<'_>,
    op: &ConditionOperator,
    key: &str,
    values: &OneOrMany<ConditionValue>,
    path: &JsonPath,
    findings: &mut Vec<Finding>,
) {
    // `Null` with `false` holds only when the key is there, as a positive
    // test does (review 39); with `true`, only when it is not.
    let needs_key = if op.base.family() == polc_model::condition::OperatorFamily::Null {
        values
            .iter()
            .all(|v| v.as_text().eq_ignore_ascii_case("false"))
    } else {
        !op.base.is_negated() && !op.if_exists
    };
    if statement.action.not || !needs_key {
        return;
    }
    // The actions named outright, as the checks resolved them once.
    let values = &statement.action.values;
    let has = |pair: &(&Service, &Action)| key_available(key, std::slice::from_ref(pair));
    if !named.iter().flatten().any(&has) {
        return;
    }
    let base = path.key(statement.action.key());
    for (i, pair) in named.iter().enumerate() {
        let Some(pair) = pair else {
            continue;
        };
        if has(pair) {
            continue;
        }
        let action = format!("{}:{}", pair.0.prefix, pair.1.name);
        findings.push(
            Finding::new(
                &codes::UNSUPPORTED_ACTION_FOR_CONDITION_KEY,
                format!("`{action}` never has the condition key `{key}`: for it `{op}` never holds, so this Deny does not deny it"),
                Location::value(values.item_path(&base, i)),
            )
            .with_severity(polc_model::Severity::SecurityWarning)
            .with_help(format!("deny `{action}` in a statement of its own, with a condition on a key it has (`polc catalog action {action}` lists them) or none")),
        );
    }
}

/// Whether any of `actions` can have `key` in its request.
fn key_available(key: &str, actions: &[(&Service, &Action)]) -> bool {
    actions.iter().any(|(service, action)| {
        let matches = |k: &&str| crate::reference::key_matches(k, key);
        action.condition_keys.iter().any(matches)
            || action.resources.iter().any(|r| {
                r.condition_keys.iter().any(matches)
                    || service
                        .resource_type(r)
                        .is_some_and(|t| t.condition_keys.iter().any(matches))
            })
    })
}
