#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]
//! Property tests of the evaluator: the compiled matchers agree with plain
//! reference implementations; a Deny that applies decides; more Deny never
//! allows more; more Allow never denies more; NotAction is the complement
//! of Action; the statements an explanation names really apply; the three
//! ways of deciding agree.

use polc_evaluator::json::parse_request;
use polc_evaluator::{Decision, Pattern, PolicyKind, PolicySet, PolicySource, Request};
use proptest::prelude::*;
use serde_json::{Value, json};

// ---------------------------------------------------------------------
// Wildcard matching against reference implementations.

/// A plain recursive matcher over characters: `*` may span `:` only when
/// `cross` says so for that position, `?` likewise.
fn reference(pattern: &[(char, bool)], text: &[char]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some(((c, cross), rest)) => match c {
            '*' => (0..=text.len())
                .any(|k| (*cross || !text[..k].contains(&':')) && reference(rest, &text[k..])),
            '?' => text
                .split_first()
                .is_some_and(|(t, tail)| (*cross || *t != ':') && reference(rest, tail)),
            lit => text
                .split_first()
                .is_some_and(|(t, tail)| t == lit && reference(rest, tail)),
        },
    }
}

/// AWS's rules as the design states them, position by position: in an
/// ARN, wildcards in the resource part (after the fifth colon) cross
/// colons; before it a `*` crosses only when it ends its part; `?` never.
fn classify(pattern: &str, arn_operator: bool) -> Vec<(char, bool)> {
    let chars: Vec<char> = pattern.chars().collect();
    let is_arn = pattern.starts_with("arn:");
    let mut colons = 0;
    let mut out = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        let in_resource = colons >= 5 || (!is_arn && !arn_operator);
        let cross = match c {
            '*' if !arn_operator => in_resource || matches!(chars.get(i + 1), None | Some(':')),
            '*' | '?' => in_resource,
            _ => false,
        };
        if *c == ':' {
            colons += 1;
        }
        out.push((*c, cross));
    }
    out
}

fn pattern_text() -> impl Strategy<Value = String> {
    (
        prop::bool::ANY,
        prop::collection::vec(
            prop::sample::select(vec!['a', 'b', ':', '/', '*', '?']),
            0..10,
        ),
    )
        .prop_map(|(arn, cs)| {
            let body: String = cs.into_iter().collect();
            if arn { format!("arn:{body}") } else { body }
        })
}

/// A text that often matches: the pattern with its wildcards filled.
fn text_for(pattern: String) -> impl Strategy<Value = (String, String)> {
    let n = pattern.chars().count();
    prop::collection::vec(
        prop::collection::vec(prop::sample::select(vec!['a', 'b', ':', '/']), 0..3),
        n..=n,
    )
    .prop_flat_map(move |fills| {
        let filled: String = pattern
            .chars()
            .zip(&fills)
            .map(|(c, fill)| match c {
                '*' => fill.iter().collect::<String>(),
                '?' => fill.first().copied().unwrap_or('a').to_string(),
                other => other.to_string(),
            })
            .collect();
        let p = pattern.clone();
        prop_oneof![
            Just((p.clone(), filled)),
            prop::collection::vec(prop::sample::select(vec!['a', 'b', ':', '/']), 0..12).prop_map(
                move |cs| (
                    p.clone(),
                    format!("arn:{}", cs.into_iter().collect::<String>())
                )
            )
        ]
    })
}

/// `StringLike` and actions agree with the model's glob matcher.
fn globs_agree(pattern: &str, text: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        Pattern::string_like(pattern).matches(text),
        polc_model::wildcard::matches(pattern, text)
    );
    prop_assert_eq!(
        Pattern::action(pattern).matches(&text.to_uppercase()),
        polc_model::wildcard::matches_ignore_case(pattern, text)
    );
    Ok(())
}

/// `Resource` and `ArnLike` follow the ARN rules of the reference.
fn arns_agree(pattern: &str, text: &str) -> Result<(), TestCaseError> {
    let chars: Vec<char> = text.chars().collect();
    prop_assert_eq!(
        Pattern::resource(pattern).matches(text),
        reference(&classify(pattern, false), &chars),
        "Resource {} vs {}",
        pattern,
        text
    );
    prop_assert_eq!(
        Pattern::arn_like(pattern).matches(text),
        reference(&classify(pattern, true), &chars),
        "ArnLike {} vs {}",
        pattern,
        text
    );
    // The checks (redundancy, `--within`) read entries with the model's
    // pattern: it decides as the evaluator does.
    prop_assert_eq!(
        polc_model::pattern::Pattern::resource(pattern).matches(text),
        Pattern::resource(pattern).matches(text),
        "model Resource {} vs {}",
        pattern,
        text
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn glob_matches_like_the_model_reference((pattern, text) in pattern_text().prop_flat_map(text_for)) {
        globs_agree(&pattern, &text)?;
    }

    /// Texts longer than 128 bytes go through the bit-parallel matcher:
    /// it agrees with the references too.
    #[test]
    fn long_texts_match_alike((pattern, text) in pattern_text().prop_flat_map(text_for)) {
        // Padding in front (after `arn:`, keeping the parts), where the
        // recursive reference matcher stays fast.
        let pad = "z".repeat(150);
        let (pattern, text) = match (pattern.strip_prefix("arn:"), text.strip_prefix("arn:")) {
            (Some(p), Some(t)) => (format!("arn:{pad}{p}"), format!("arn:{pad}{t}")),
            _ => (format!("{pad}{pattern}"), format!("{pad}{text}")),
        };
        globs_agree(&pattern, &text)?;
        arns_agree(&pattern, &text)?;
    }

    #[test]
    fn resource_patterns_follow_the_arn_rules((pattern, text) in pattern_text().prop_flat_map(text_for)) {
        arns_agree(&pattern, &text)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// A policy variable matches as its value written literally: the path
    /// with variables agrees with the byte program of the inlined pattern.
    #[test]
    fn variables_match_as_their_literal_values(
        (pattern, text) in pattern_text().prop_flat_map(text_for),
        at in 0usize..12,
        value in prop::collection::vec(prop::sample::select(vec!['a', 'b', '/', ':']), 0..4),
    ) {
        let value: String = value.into_iter().collect();
        let chars: Vec<char> = pattern.chars().collect();
        let at = at.min(chars.len());
        let head: String = chars[..at].iter().collect();
        let tail: String = chars[at..].iter().collect();
        // Variables are allowed in the resource part of an ARN only.
        let with_variable = format!("arn:aws:s3:::{head}${{aws:RequestTag/name}}{tail}");
        let inlined = format!("arn:aws:s3:::{head}{value}{tail}");
        // Half of the texts long (the bit-parallel matcher, variables put in).
        let long = if at % 2 == 0 { "z".repeat(150) } else { String::new() };
        let (with_variable, inlined) = (format!("{with_variable}{long}"), format!("{inlined}{long}"));
        let text = format!("arn:aws:s3:::{text}{long}");
        let doc = |resource: &str| json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": resource}]});
        let request = json!({"action": "s3:GetObject", "resource": text,
            "context": {"aws:RequestTag/name": value}}).to_string();
        let request = parse_request(&request).unwrap();
        let a = set_of(&[(PolicyKind::Identity, doc(&with_variable))]).evaluate(&request);
        let b = set_of(&[(PolicyKind::Identity, doc(&inlined))]).evaluate(&request);
        prop_assert_eq!(a, b, "{} vs {} on {}", with_variable, inlined, text);
    }
}

// ---------------------------------------------------------------------
// Decisions on generated policies and requests.

const ACTIONS: &[&str] = &[
    "ecs:RunTask",
    "ecs:StopTask",
    "ecs:DescribeClusters",
    "s3:GetObject",
    "s3:PutObject",
    "iam:PassRole",
];
const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:ecs:us-east-1:111122223333:cluster/prod",
    "arn:aws:ecs:eu-west-1:111122223333:task/prod/abc",
    "arn:aws:s3:::bucket/alice/notes",
    "arn:aws:s3:::bucket/bob/notes",
    "arn:aws:iam::111122223333:role/ecsTaskRole",
];

fn action_entry() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "*",
        "ecs:*",
        "ecs:*Task",
        "ecs:Describe*",
        "ECS:runtask",
        "s3:Get*",
        "s3:?utObject",
        "s3:GetObject",
        "iam:PassRole",
    ])
}

fn resource_entry() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "*",
        "arn:aws:ecs:*:111122223333:cluster/*",
        "arn:aws:ecs:*:*:task/*",
        "arn:aws:s3:::bucket/*",
        "arn:aws:s3:::bucket/${aws:username}/*",
        "arn:aws:iam::*:role/ecs*",
        "arn:aws:ecs:us-east-1:111122223333:cluster/prod",
    ])
}

fn condition() -> impl Strategy<Value = Option<Value>> {
    prop::option::of(prop::sample::select(vec![
        json!({"StringEquals": {"aws:RequestTag/team": ["web", "data"]}}),
        json!({"StringNotEquals": {"aws:RequestTag/team": "web"}}),
        json!({"StringLike": {"aws:RequestTag/env": "prod*"}}),
        json!({"StringEqualsIfExists": {"aws:RequestTag/env": "dev"}}),
        json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["team", "env"]}}),
        json!({"ForAllValues:StringLike": {"aws:TagKeys": ["t*", "env"]}}),
        json!({"NumericLessThan": {"s3:max-keys": "10"}}),
        json!({"Bool": {"aws:SecureTransport": "true"}}),
        json!({"Null": {"aws:RequestTag/env": "true"}}),
        json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}),
        json!({"StringEquals": {"aws:ResourceTag/owner": "${aws:username}"}}),
    ]))
}

fn statement(effect: &'static str) -> impl Strategy<Value = Value> {
    (
        prop::bool::weighted(0.2),
        prop::collection::vec(action_entry(), 1..3),
        prop::bool::weighted(0.15),
        prop::collection::vec(resource_entry(), 1..3),
        condition(),
    )
        .prop_map(
            move |(not_action, actions, not_resource, resources, condition)| {
                let mut s = serde_json::Map::new();
                s.insert("Effect".into(), json!(effect));
                s.insert(
                    (if not_action { "NotAction" } else { "Action" }).into(),
                    json!(actions),
                );
                s.insert(
                    (if not_resource {
                        "NotResource"
                    } else {
                        "Resource"
                    })
                    .into(),
                    json!(resources),
                );
                if let Some(c) = condition {
                    s.insert("Condition".into(), c);
                }
                Value::Object(s)
            },
        )
}

fn any_statement() -> impl Strategy<Value = Value> {
    prop_oneof![3 => statement("Allow"), 1 => statement("Deny")]
}

fn policy() -> impl Strategy<Value = Value> {
    prop::collection::vec(any_statement(), 1..5)
        .prop_map(|s| json!({"Version": "2012-10-17", "Statement": s}))
}

fn request_json() -> impl Strategy<Value = String> {
    (
        prop::sample::select(ACTIONS.to_vec()),
        prop::sample::select(RESOURCES.to_vec()),
        prop::option::of(prop::sample::select(vec![
            "arn:aws:iam::111122223333:user/alice",
            "arn:aws:sts::111122223333:assumed-role/web/s1",
        ])),
        prop::option::of(prop::sample::select(vec!["web", "data", "ops"])),
        prop::option::of(prop::sample::select(vec!["prod", "dev", "production"])),
        prop::option::of(prop::collection::vec(
            prop::sample::select(vec!["team", "env", "cost"]),
            0..3,
        )),
        prop::option::of(prop::sample::select(vec!["5", "50", "many"])),
        prop::option::of(prop::sample::select(vec!["true", "false"])),
        prop::option::of(prop::sample::select(vec!["10.1.2.3", "192.0.2.1"])),
        prop::option::of(prop::sample::select(vec!["alice", "bob"])),
    )
        .prop_map(
            |(action, resource, principal, team, env, keys, max, secure, ip, owner)| {
                let mut context = serde_json::Map::new();
                let mut put = |k: &str, v: Option<Value>| {
                    if let Some(v) = v {
                        context.insert(k.into(), v);
                    }
                };
                put("aws:RequestTag/team", team.map(|v| json!(v)));
                put("aws:RequestTag/env", env.map(|v| json!(v)));
                put("aws:TagKeys", keys.map(|v| json!(v)));
                put("s3:max-keys", max.map(|v| json!(v)));
                put("aws:SecureTransport", secure.map(|v| json!(v)));
                put("aws:SourceIp", ip.map(|v| json!(v)));
                put("aws:ResourceTag/owner", owner.map(|v| json!(v)));
                // The resource's account is given: without it, S3 ARNs name
                // no account and the stricter reading applies (tested in the
                // decision table).
                let mut r = json!({"action": action, "resource": resource, "context": context,
                "resource_account": "111122223333"});
                if let Some(p) = principal {
                    r["principal"] = json!(p);
                }
                r.to_string()
            },
        )
}

fn set_of(policies: &[(PolicyKind, Value)]) -> PolicySet {
    let mut set = PolicySet::new();
    for (i, (kind, doc)) in policies.iter().enumerate() {
        set.add_json(
            *kind,
            PolicySource {
                name: &format!("p{i}"),
                text: &doc.to_string(),
            },
        )
        .unwrap_or_else(|e| panic!("generated policy refused: {e}\n{doc}"));
    }
    set
}

fn kind() -> impl Strategy<Value = PolicyKind> {
    prop_oneof![
        4 => Just(PolicyKind::Identity),
        1 => Just(PolicyKind::Session),
        1 => Just(PolicyKind::Scp { level: 0 }),
        1 => Just(PolicyKind::Scp { level: 1 }),
    ]
}

fn policies() -> impl Strategy<Value = Vec<(PolicyKind, Value)>> {
    prop::collection::vec((kind(), policy()), 1..4)
}

/// Adds `statement` to the first policy of `kind`, or to a new identity
/// policy when the set has none of that kind (a first session policy or SCP
/// level restricts: it is not "more Allow").
fn with_statement(
    policies: &[(PolicyKind, Value)],
    kind: PolicyKind,
    statement: Value,
) -> Vec<(PolicyKind, Value)> {
    let mut out = policies.to_vec();
    let kind = if out.iter().any(|(k, _)| *k == kind) {
        kind
    } else {
        PolicyKind::Identity
    };
    match out.iter_mut().find(|(k, _)| *k == kind) {
        Some((_, doc)) => doc["Statement"].as_array_mut().unwrap().push(statement),
        None => out.push((
            kind,
            json!({"Version": "2012-10-17", "Statement": [statement]}),
        )),
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn the_three_paths_agree(ps in policies(), text in request_json()) {
        let set = set_of(&ps);
        let request = parse_request(&text).unwrap();
        let fast = set.evaluate(&request);
        let mut matched = Vec::new();
        prop_assert_eq!(set.evaluate_into(&request, &mut matched), fast);
        prop_assert_eq!(set.explain(&request).decision, fast);
    }

    #[test]
    fn more_deny_never_allows_more(ps in policies(), kind in kind(), deny in statement("Deny"), text in request_json()) {
        let request = parse_request(&text).unwrap();
        let before = set_of(&ps).evaluate(&request);
        let after = set_of(&with_statement(&ps, kind, deny)).evaluate(&request);
        if after == Decision::Allow {
            prop_assert_eq!(before, Decision::Allow);
        }
        if before == Decision::ExplicitDeny {
            prop_assert_eq!(after, Decision::ExplicitDeny);
        }
    }

    #[test]
    fn deny_wins(ps in policies(), kind in kind(), text in request_json()) {
        // A Deny that applies decides, whatever else the set allows.
        let request = parse_request(&text).unwrap();
        let deny = json!({"Effect": "Deny", "Action": request.action(), "Resource": request.resource()});
        let after = set_of(&with_statement(&ps, kind, deny)).evaluate(&request);
        prop_assert_eq!(after, Decision::ExplicitDeny);
    }

    #[test]
    fn more_allow_never_denies_more(ps in policies(), kind in kind(), allow in statement("Allow"), text in request_json()) {
        let request = parse_request(&text).unwrap();
        let before = set_of(&ps).evaluate(&request);
        let after = set_of(&with_statement(&ps, kind, allow)).evaluate(&request);
        if before == Decision::Allow {
            prop_assert_eq!(after, Decision::Allow);
        }
        if after == Decision::ExplicitDeny {
            prop_assert_eq!(before, Decision::ExplicitDeny);
        }
    }

    #[test]
    fn not_action_is_the_complement_of_action(actions in prop::collection::vec(action_entry(), 1..4), text in request_json()) {
        // A principal in the resource's account (an identity policy alone
        // decides).
        let mut same_account: Value = serde_json::from_str(&text).unwrap();
        same_account["principal"] = json!("arn:aws:iam::111122223333:user/alice");
        same_account["resource_account"] = json!("111122223333");
        let text = same_account.to_string();
        let request = parse_request(&text).unwrap();
        let decide = |element: &str| {
            let doc = json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", element: actions, "Resource": "*"}]});
            set_of(&[(PolicyKind::Identity, doc)]).evaluate(&request)
        };
        prop_assert_ne!(decide("Action") == Decision::Allow, decide("NotAction") == Decision::Allow);
    }

    #[test]
    fn explained_statements_really_apply(ps in policies(), text in request_json()) {
        let set = set_of(&ps);
        let request = parse_request(&text).unwrap();
        let explanation = set.explain(&request);
        for s in &explanation.decided_by {
            let statement = ps[s.policy_index].1["Statement"][s.statement].clone();
            // Alone (as an Allow with an allow-everything companion for a
            // Deny), the statement must decide the request the same way.
            let (doc, want) = match s.effect {
                polc_model::policy::Effect::Allow => (
                    json!({"Version": "2012-10-17", "Statement": [statement]}),
                    Decision::Allow,
                ),
                polc_model::policy::Effect::Deny => (
                    json!({"Version": "2012-10-17", "Statement": [
                        {"Effect": "Allow", "Action": "*", "Resource": "*"}, statement]}),
                    Decision::ExplicitDeny,
                ),
            };
            prop_assert_eq!(set_of(&[(PolicyKind::Identity, doc)]).evaluate(&request), want, "{}", s);
            // And its elements match by the reference wildcard matcher.
            let action_matches = |v: &Value| v.as_array().map_or_else(
                || vec![v.clone()], Clone::clone)
                .iter()
                .any(|p| polc_model::wildcard::matches_ignore_case(p.as_str().unwrap(), request.action()));
            let st = &ps[s.policy_index].1["Statement"][s.statement];
            if let Some(a) = st.get("Action") {
                prop_assert!(action_matches(a));
            }
            if let Some(a) = st.get("NotAction") {
                prop_assert!(!action_matches(a));
            }
        }
    }
}

#[test]
fn generated_requests_parse() {
    // The generators above must produce what the JSON reader accepts.
    let r: Request<'_> =
        parse_request(r#"{"action":"ecs:RunTask","resource":"*","context":{}}"#).unwrap();
    assert_eq!(r.action(), "ecs:RunTask");
}
