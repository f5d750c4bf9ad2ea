//! Properties across the crates (proptest): `fmt` is idempotent and never
//! changes what a generated `.pol` file compiles to; `import` then `build`
//! gives back every generated document; a policy and its `--minimize`d
//! form decide every generated request the same.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use polc_catalog::Reference;
use polc_dsl::Params;
use polc_evaluator::{PolicyKind, PolicySet, Request};
use polc_model::{CheckOptions, Policy, PolicyType, Severity};
use proptest::prelude::*;

// ---------------------------------------------------------------------
// Generated `.pol` files.

fn pol_action() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "ecs:RunTask",
        "ecs:Describe*",
        "ecs:{StartTask, StopTask}",
        "ecs:@list",
        "s3:GetObject",
        "s3:*",
        "\"ecs:UpdateService\"",
        "iam:PassRole",
    ])
}

fn pol_resource() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "*",
        "\"arn:aws:s3:::assets/*\"",
        "\"arn:aws:s3:::home/${aws:username}/*\"",
        "ecs.cluster(\"prod\", region = \"*\", account = \"111122223333\")",
        "[\"arn:aws:s3:::a/*\", \"arn:aws:s3:::b/*\"]",
        "objects",
        "\"{bucket}/logs/*\"",
    ])
}

/// Distinct conditions (a key tested twice by one operator is an error).
fn pol_conditions() -> impl Strategy<Value = Vec<&'static str>> {
    prop::sample::subsequence(CONDITIONS.to_vec(), 0..3).prop_shuffle()
}

const CONDITIONS: [&str; 10] = [
    "aws:SecureTransport == true",
    "aws:SourceIp in [\"10.0.0.0/8\", \"2001:db8::/32\"]",
    "s3:max-keys <= [10, 100]",
    "aws:PrincipalTag/team == \"web\"",
    "aws:CurrentTime < \"2027-01-01T00:00:00Z\"",
    "any aws:TagKeys == [\"team\", \"env\"]",
    "aws:RequestTag/env? like \"prod*\"",
    "StringEquals(aws:username, \"bob\")",
    "aws:MultiFactorAuthAge exists",
    "aws:ResourceTag/locked missing",
];

/// Blanks a formatter must normalize: spaces, line breaks, comments.
fn gap() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![" ", "  ", "\n    ", " # note\n  "])
}

fn pol_statement() -> impl Strategy<Value = String> {
    (
        prop::bool::weighted(0.25),
        prop::bool::weighted(0.2),
        prop::collection::vec(pol_action(), 1..3),
        prop::bool::weighted(0.1),
        prop::collection::vec(pol_resource(), 1..3),
        pol_conditions(),
        gap(),
        gap(),
    )
        .prop_map(
            |(deny, sid, actions, not_resource, resources, conditions, g1, g2)| {
                let mut s = String::new();
                if sid {
                    s.push_str("sid Named ");
                }
                s.push_str(if deny { "deny " } else { "allow " });
                // The bracketed form (a JSON array, even of one action) holds
                // the whole list.
                if actions.len() == 1 && actions[0] == "ecs:RunTask" {
                    s.push_str("[ecs:RunTask, ecs:StopTask]");
                } else {
                    s.push_str(&actions.join(", "));
                }
                s.push_str(g1);
                s.push_str("on ");
                if not_resource {
                    s.push_str("not ");
                }
                s.push_str(&resources.join(", "));
                if !conditions.is_empty() {
                    s.push_str(g2);
                    s.push_str("if ");
                    s.push_str(&conditions.join(" and "));
                }
                s
            },
        )
}

fn pol_file() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(pol_statement(), 1..5),
        prop::bool::ANY,
        prop::bool::weighted(0.3),
    )
        .prop_map(|(statements, trust, comment)| {
            let mut s = String::from(
                "let bucket = \"arn:aws:s3:::data\"\nlet objects = \"{bucket}/*\"\n\n",
            );
            if comment {
                s.push_str("# A generated file.\n");
            }
            s.push_str("policy Generated {\n");
            // Sids must differ within a block.
            for (i, st) in statements.iter().enumerate() {
                s.push_str("  ");
                s.push_str(&st.replace("sid Named", &format!("sid Named{i}")));
                s.push('\n');
            }
            s.push_str("}\n");
            if trust {
                s.push_str(
                    "\ntrust Role {\n  allow service \"ecs-tasks.amazonaws.com\" to sts:AssumeRole if aws:SourceAccount == \"111122223333\"\n}\n",
                );
            }
            s
        })
}

fn compiled(text: &str) -> Result<Vec<(String, Policy)>, Vec<&'static str>> {
    polc_dsl::compile(text, &Params::new(), Reference::embedded())
        .map(|ps| ps.into_iter().map(|p| (p.name, p.policy)).collect())
        .map_err(|d| d.0.iter().map(|f| f.code.name).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fmt_is_idempotent_and_keeps_the_meaning(text in pol_file()) {
        let once = polc_dsl::fmt::format(&text).unwrap();
        let twice = polc_dsl::fmt::format(&once).unwrap();
        prop_assert_eq!(&twice, &once);
        prop_assert_eq!(compiled(&once), compiled(&text), "{}", once);
    }
}

// ---------------------------------------------------------------------
// Generated JSON documents.

fn json_statement() -> impl Strategy<Value = String> {
    (
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.2),
        prop::collection::vec(
            prop::sample::select(vec![
                "ecs:RunTask",
                "ecs:Describe*",
                "ecs:ListClusters",
                "ecs:ListServices",
                "s3:GetObject",
                "logs:PutLogEvents",
            ]),
            1..4,
        ),
        prop::bool::weighted(0.15),
        prop::collection::vec(
            prop::sample::select(vec![
                "*",
                "arn:aws:ecs:us-east-1:111122223333:cluster/prod",
                "arn:aws:ecs:eu-west-1:111122223333:service/prod/web",
                "arn:aws:s3:::assets/${aws:username}/*",
                "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:*",
            ]),
            1..3,
        ),
        prop::option::of(prop::sample::select(vec![
            r#"{"Bool": {"aws:SecureTransport": false}}"#,
            r#"{"Bool": {"aws:SecureTransport": [true, false]}}"#,
            r#"{"NumericLessThanEquals": {"aws:MultiFactorAuthAge": 3600}}"#,
            r#"{"StringEquals": {"aws:PrincipalTag/team": ["web", "data"]}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#,
            r#"{"ForAnyValue:StringLike": {"aws:TagKeys": "team*"}}"#,
            r#"{"StringEqualsIfExists": {"aws:RequestTag/env": "prod"}}"#,
            r#"{"Null": {"aws:ResourceTag/owner": "true"}}"#,
        ])),
        prop::option::of(prop::sample::select(vec!["Read", "Deploy2", "ABC"])),
    )
        .prop_map(|(deny, not_action, actions, not_resource, resources, condition, sid)| {
            let list = |v: &[&str]| {
                if v.len() == 1 {
                    format!("{:?}", v[0])
                } else {
                    format!("[{}]", v.iter().map(|a| format!("{a:?}")).collect::<Vec<_>>().join(", "))
                }
            };
            let mut s = String::from("{");
            if let Some(sid) = sid {
                s.push_str(&format!("\"Sid\": \"{sid}\", "));
            }
            s.push_str(&format!(
                "\"Effect\": \"{}\", \"{}\": {}, \"{}\": {}",
                if deny { "Deny" } else { "Allow" },
                if not_action { "NotAction" } else { "Action" },
                list(&actions),
                if not_resource { "NotResource" } else { "Resource" },
                list(&resources),
            ));
            if let Some(c) = condition {
                s.push_str(&format!(", \"Condition\": {c}"));
            }
            s.push('}');
            s
        })
}

fn json_document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(json_statement(), 1..5),
        prop::sample::select(vec![
            "\"Version\": \"2012-10-17\", ",
            "\"Version\": \"2008-10-17\", ",
            "",
        ]),
        prop::option::of(Just("\"Id\": \"generated\", ")),
    )
        .prop_map(|(statements, version, id)| {
            format!(
                "{{{version}{}\"Statement\": [{}]}}",
                id.unwrap_or(""),
                statements.join(", ")
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn import_then_build_gives_back_the_document(json in json_document()) {
        let checked = polc_catalog::check(&json, PolicyType::Identity);
        // Repeated Sids are errors; the generator may make them.
        prop_assume!(!checked.findings.iter().any(|f| f.severity == Severity::Error));
        let original = checked.policy.unwrap();
        let pol = polc_dsl::import::import(&json, "Generated", Reference::embedded()).unwrap();
        let built = compiled(&pol).unwrap_or_else(|codes| panic!("{codes:?}\n{pol}"));
        prop_assert_eq!(built.len(), 1);
        prop_assert_eq!(&built[0].1, &original, "{}", pol);
    }

    #[test]
    fn a_policy_and_its_minimized_form_decide_alike(
        json in json_document(),
        action in prop::sample::select(vec!["ecs:RunTask", "ecs:DescribeTasks", "ecs:ListClusters", "s3:GetObject", "logs:PutLogEvents"]),
        resource in prop::sample::select(vec![
            "arn:aws:ecs:us-east-1:111122223333:cluster/prod",
            "arn:aws:ecs:eu-west-1:111122223333:service/prod/web",
            "arn:aws:s3:::assets/alice/x",
            "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:log-stream:a",
        ]),
        secure in prop::option::of(prop::sample::select(vec!["true", "false"])),
        team in prop::option::of(prop::sample::select(vec!["web", "ops"])),
        age in prop::option::of(prop::sample::select(vec!["100", "7200"])),
    ) {
        let checked = polc_model::check(&json, &CheckOptions::new(PolicyType::Identity));
        prop_assume!(!checked.findings.iter().any(|f| f.severity == Severity::Error));
        let original = checked.policy.unwrap();
        let mut minimized = original.clone();
        polc_dsl::transform::minimize(&mut minimized);
        let decide = |policy: &Policy| {
            let mut set = PolicySet::new();
            set.add(PolicyKind::Identity, "p", policy).unwrap();
            let mut request = Request::new(action, resource)
                .principal("arn:aws:iam::111122223333:user/alice")
                .resource_account("111122223333");
            for (key, value) in [("aws:SecureTransport", secure), ("aws:PrincipalTag/team", team), ("aws:MultiFactorAuthAge", age)] {
                if let Some(v) = value {
                    request = request.context(key, v);
                }
            }
            set.evaluate(&request)
        };
        prop_assert_eq!(decide(&minimized), decide(&original), "{}", minimized.to_json_string(polc_model::json::Style::Minified));
        // `polc build --minimize` also drops what the engine proves
        // needless: the result decides alike too.
        if let Ok(pruned) = polc_analysis::minimize(&original, &minimized, Reference::embedded()) {
            prop_assert_eq!(decide(&pruned), decide(&original), "{}", pruned.to_json_string(polc_model::json::Style::Minified));
        }
    }
}

/// A resource pattern from a small alphabet, ARN-shaped or not.
fn resource_pattern() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("a".to_owned()),
        Just("b".to_owned()),
        Just("/".to_owned()),
        Just(":".to_owned()),
        Just("*".to_owned()),
        Just("?".to_owned()),
    ];
    (any::<bool>(), prop::collection::vec(piece, 0..8)).prop_map(|(arn, pieces)| {
        let body = pieces.concat();
        if arn {
            format!("arn:aws:s3:::{body}")
        } else {
            body
        }
    })
}

/// A text `pattern` matches, each wildcard filled from `fills`.
fn instance(pattern: &str, fills: &[String]) -> String {
    let mut fills = fills.iter().cycle();
    pattern
        .chars()
        .map(|c| match c {
            '*' => fills.next().cloned().unwrap_or_default(),
            '?' => fills
                .next()
                .and_then(|f| f.chars().next())
                .unwrap_or('a')
                .to_string(),
            c => c.to_string(),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// Redundancy by meaning is sound (issue 15.5): when one resource
    /// pattern is said to cover another, every text the narrow one
    /// matches, the wide one matches too, as the evaluator reads them.
    #[test]
    fn a_covering_pattern_matches_what_the_covered_one_does(
        wide in resource_pattern(),
        narrow in resource_pattern(),
        fills in prop::collection::vec("[ab/:]{0,3}", 1..4),
    ) {
        use polc_model::pattern::Pattern;
        let budget = polc_model::wildcard::Budget::new(1 << 20);
        let (w, n) = (Pattern::resource(&wide), Pattern::resource(&narrow));
        if w.covers_within(&n, &budget) == Some(true) {
            let text = instance(&narrow, &fills);
            if polc_evaluator::Pattern::resource(&narrow).matches(&text) {
                prop_assert!(
                    polc_evaluator::Pattern::resource(&wide).matches(&text),
                    "{wide} said to cover {narrow}, but not {text}"
                );
            }
        }
    }
}

/// The case the issue names: `bucket-*` covers `bucket-*/*`.
#[test]
fn a_star_in_a_resource_covers_slashes() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
        "Resource": ["arn:aws:s3:::bucket-*", "arn:aws:s3:::bucket-*/*", "arn:aws:s3:::other/*"]}]}"#;
    let findings = polc_catalog::check(text, PolicyType::Identity).findings;
    let redundant: Vec<&str> = findings
        .iter()
        .filter(|f| f.code.id == polc_model::codes::CodeId::REDUNDANT_RESOURCE)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(redundant.len(), 1, "{findings:#?}");
    assert!(redundant[0].contains("bucket-*/*"), "{redundant:?}");
}
