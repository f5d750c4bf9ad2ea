//! The small parsers: JSON, ARNs, action patterns, policy variables,
//! condition operators, and source positions.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use polc_model::action::ActionError;
use polc_model::arn::ArnError;
use polc_model::condition::{BaseOperator, ConditionOperator, OperatorError, SetQualifier};
use polc_model::json::{self, JsonKind, Style, write_json};
use polc_model::variable::{self, Piece, VariableErrorKind};
use polc_model::{ActionPattern, Arn, JsonPath, LineIndex, Position};

#[test]
fn json_strings_unescape_and_write_back_escaped() {
    let doc = json::parse(r#"{"a": "tab\there \"q\" \\ \/ \u00e9 \ud83d\ude00 \u0001"}"#).unwrap();
    let value = doc.get("a").unwrap().value.as_str().unwrap();
    assert_eq!(value, "tab\there \"q\" \\ / é 😀 \u{1}");
    let mut out = String::new();
    write_json(&mut out, &doc, Style::Minified).unwrap();
    // Latin-1 as itself, past it as an escape (IAM's API takes only that).
    assert_eq!(out, r#"{"a":"tab\there \"q\" \\ / é \ud83d\ude00 \u0001"}"#);
}

#[test]
fn json_numbers_keep_their_text() {
    let doc = json::parse(r#"[1.50, -0, 1e3, 12345678901234567890123]"#).unwrap();
    let JsonKind::Array(items) = doc.kind else {
        panic!()
    };
    let texts: Vec<_> = items
        .iter()
        .map(|i| match &i.kind {
            JsonKind::Number(n) => n.to_string(),
            _ => panic!(),
        })
        .collect();
    assert_eq!(texts, ["1.50", "-0", "1e3", "12345678901234567890123"]);
}

#[test]
fn json_rejects_what_rfc_8259_rejects() {
    for (text, message) in [
        (
            "{'a': 1}",
            "unexpected `'`: expected a key in double quotes",
        ),
        ("[01]", "unexpected `1`: expected `,` or `]`"),
        (
            "[1.]",
            "unexpected `]`: expected a digit after the decimal point",
        ),
        (
            "[tru]",
            "unexpected `t`: expected a JSON value (strings need double quotes)",
        ),
        (
            "[\"a\nb\"]",
            "control character in a string: write it as an escape such as `\\n` or `\\t`",
        ),
        (
            "[\"\\x\"]",
            "invalid escape: JSON knows `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\uXXXX`",
        ),
        (
            "[\"\\ud800\"]",
            "unpaired UTF-16 surrogate in a `\\u` escape",
        ),
        (
            "{} {}",
            "unexpected text after the end of the JSON document",
        ),
        ("[1,]", "trailing comma before `]`: JSON allows none"),
        ("   ", "the document is empty: expected a JSON object"),
    ] {
        assert_eq!(json::parse(text).unwrap_err().message, message, "{text:?}");
    }
}

#[test]
fn json_keeps_duplicate_keys_and_spans() {
    let text = r#"{"a": 1, "a": [true, null]}"#;
    let doc = json::parse(text).unwrap();
    let members = doc.as_object().unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(
        &text[members[1].key_span.start..members[1].key_span.end],
        "\"a\""
    );
    assert_eq!(
        &text[members[1].value.span.start..members[1].value.span.end],
        "[true, null]"
    );
    // Paths resolve to the last duplicate, as readers that keep one do.
    let path = JsonPath::root().key("a").index(0);
    let span = path.span_in(&doc).unwrap();
    assert_eq!(&text[span.start..span.end], "true");
}

#[test]
fn json_skips_a_byte_order_mark() {
    assert!(json::parse("\u{feff}{}").is_ok());
}

#[test]
fn paths_display_as_users_read_them() {
    let path = JsonPath::root()
        .key("Statement")
        .index(0)
        .key("Condition")
        .key("StringEquals")
        .key("aws:username")
        .index(1);
    assert_eq!(
        path.to_string(),
        r#"Statement[0].Condition.StringEquals["aws:username"][1]"#
    );
}

#[test]
fn positions_are_1_based_lines_and_0_based_character_columns() {
    let text = "ab\né😀x\r\nz";
    let index = LineIndex::new(text);
    assert_eq!(
        index.position(0),
        Position {
            line: 1,
            column: 0,
            offset: 0
        }
    );
    assert_eq!(
        index.position(3),
        Position {
            line: 2,
            column: 0,
            offset: 3
        }
    );
    let x = text.find('x').unwrap();
    assert_eq!(
        index.position(x),
        Position {
            line: 2,
            column: 2,
            offset: 5
        }
    );
    let z = text.find('z').unwrap();
    assert_eq!(
        index.position(z),
        Position {
            line: 3,
            column: 0,
            offset: 8
        }
    );
}

#[test]
fn arns_split_into_six_parts() {
    let arn = Arn::parse("arn:aws:ecs:us-east-1:123456789012:task-definition/web:3").unwrap();
    assert_eq!(
        (arn.partition, arn.service, arn.region, arn.account),
        ("aws", "ecs", "us-east-1", "123456789012")
    );
    assert_eq!(arn.resource, "task-definition/web:3");
    assert_eq!(
        arn.to_string(),
        "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3"
    );
    let bucket = Arn::parse("arn:aws:s3:::my-bucket/*").unwrap();
    assert_eq!(
        (bucket.region, bucket.account, bucket.resource),
        ("", "", "my-bucket/*")
    );
    assert_eq!(Arn::parse("ecs:cluster/x"), Err(ArnError::MissingPrefix));
    assert_eq!(
        Arn::parse("arn:aws:ecs:us-east-1"),
        Err(ArnError::TooFewParts(4))
    );
    assert_eq!(
        Arn::parse("arn:aws:ecs:us-east-1:1:"),
        Err(ArnError::EmptyPart("resource"))
    );
}

#[test]
fn action_patterns() {
    assert_eq!(
        ActionPattern::parse("ecs:RunTask").unwrap(),
        ActionPattern::Scoped {
            service: "ecs",
            name: "RunTask"
        }
    );
    assert!(!ActionPattern::parse("ecs:RunTask").unwrap().has_wildcard());
    assert!(ActionPattern::parse("ecs:?unTask").unwrap().has_wildcard());
    assert_eq!(
        ActionPattern::parse("iam: PassRole"),
        Err(ActionError::BadCharacter(' '))
    );
    assert_eq!(ActionPattern::parse("ecs"), Err(ActionError::MissingColon));
    assert_eq!(
        ActionPattern::parse(":RunTask"),
        Err(ActionError::EmptyService)
    );
    assert_eq!(ActionPattern::parse("ecs:"), Err(ActionError::EmptyName));
}

#[test]
fn policy_variables() {
    let pieces = variable::parse("${aws:PrincipalTag/team, 'none'}-${$}${?}").unwrap();
    let Piece::Variable(v) = pieces[0] else {
        panic!()
    };
    assert_eq!(
        (v.key, v.default, v.range),
        ("aws:PrincipalTag/team", Some("none"), (0, 32))
    );
    assert_eq!(
        &pieces[1..],
        [
            Piece::Literal("-"),
            Piece::Escaped('$'),
            Piece::Escaped('?')
        ]
    );
    assert_eq!(
        variable::parse("a$b{c}").unwrap(),
        [Piece::Literal("a$b{c}")]
    );
    let kind = |s| variable::parse(s).unwrap_err().kind;
    assert_eq!(kind("x/${}"), VariableErrorKind::Empty);
    assert_eq!(kind("x/${aws:username"), VariableErrorKind::Unterminated);
    assert_eq!(
        kind("${username}"),
        VariableErrorKind::BadKey("username".into())
    );
    assert_eq!(
        kind("${aws: username}"),
        VariableErrorKind::BadKey("aws: username".into())
    );
    assert_eq!(kind("${aws:username, none}"), VariableErrorKind::BadDefault);
    // Spaces only around a default (review 48): a tab, a line break or a
    // no-break space is refused, not read.
    for odd in [
        "${aws:username,\t'x'}",
        "${aws:username,\n'x'}",
        "${aws:username,\u{a0}'x'}",
    ] {
        assert_eq!(kind(odd), VariableErrorKind::BadDefault, "{odd:?}");
    }
    for fine in ["${aws:username, 'x'}", "${aws:username,'x'}"] {
        assert!(variable::parse(fine).is_ok(), "{fine}");
    }
}

#[test]
fn condition_operators() {
    let op: ConditionOperator = "ForAllValues:ArnNotLikeIfExists".parse().unwrap();
    assert_eq!(
        (op.base, op.qualifier, op.if_exists),
        (
            BaseOperator::ArnNotLike,
            Some(SetQualifier::ForAllValues),
            true
        )
    );
    assert!(op.base.is_negated());
    for base in BaseOperator::ALL {
        let parsed: ConditionOperator = base.as_str().parse().unwrap();
        assert_eq!(parsed, ConditionOperator::new(base));
    }
    assert_eq!(
        "NullIfExists".parse::<ConditionOperator>(),
        Err(OperatorError::NullIfExists)
    );
    let suggest = |s: &str| match s.parse::<ConditionOperator>() {
        Err(OperatorError::Unknown { suggestion, .. }) => suggestion,
        other => panic!("{other:?}"),
    };
    assert_eq!(suggest("stringequals").as_deref(), Some("StringEquals"));
    assert_eq!(
        suggest("ForAnyValue:stringLikeifexists").as_deref(),
        Some("ForAnyValue:StringLikeIfExists")
    );
    assert_eq!(
        suggest("ForAllValuesStringEquals").as_deref(),
        Some("ForAllValues:StringEquals")
    );
    assert_eq!(suggest("ArnEqual").as_deref(), Some("ArnEquals"));
    assert_eq!(suggest("StringMatches"), None);
}

#[test]
fn wildcards_match_as_iam_does() {
    use polc_model::wildcard::{matches, matches_ignore_case};
    let cases = [
        ("*", "", true),
        ("*", "anything/at:all", true),
        ("a*b", "ab", true),
        ("a*b", "a/x:yb", true),
        ("a*b", "a/x:yc", false),
        ("a?c", "abc", true),
        ("a?c", "ac", false),
        ("*a*a*a*", "aaa", true),
        ("*a*a*a*", "aa", false),
        ("[ab]", "a", false),
        ("[ab]", "[ab]", true),
        ("a.c", "abc", false),
        ("é?", "éx", true),
        ("Describe*", "describeTasks", false),
    ];
    for (pattern, text, expected) in cases {
        assert_eq!(matches(pattern, text), expected, "{pattern} ~ {text}");
    }
    assert!(matches_ignore_case("ecs:describe*", "ecs:DescribeTasks"));
    assert!(!matches_ignore_case("ecs:describe?", "ecs:DescribeTasks"));
    // Pathological patterns stay linear enough to finish at once.
    let text = "a".repeat(10_000);
    assert!(!matches(&format!("{}b", "*a".repeat(50)), &text));
}

#[test]
fn suggestions_find_the_closest_name() {
    use polc_model::suggest::{closest, distance};
    assert_eq!(distance("DescribeCluster", "DescribeClusters", 3), Some(1));
    assert_eq!(
        distance("RnuTask", "RunTask", 3),
        Some(1),
        "a swap is one edit"
    );
    assert_eq!(distance("abc", "xyz", 1), None);
    assert_eq!(
        closest("PassRole", ["PassRole", "PassRoles"]),
        Some("PassRole")
    );
    assert_eq!(closest("x", ["y"]), Some("y"));
    assert_eq!(closest("Completely", ["Different"]), None);
}

#[test]
fn condition_values_parse_as_their_operators_read_them() {
    use polc_model::condition::values::{
        is_base64, parse_bool, parse_cidr, parse_date, parse_number,
    };
    let date = |s| parse_date(s).map(|t| (t.seconds, t.nanos));
    assert_eq!(date("2000-03-01"), Some((951_868_800, 0)));
    assert_eq!(date("2000-02-29T23:59:59Z"), Some((951_868_799, 0)));
    assert_eq!(date("2000-03-01T02:00:00+02:00"), Some((951_868_800, 0)));
    assert_eq!(
        date("2000-03-01T00:00:00.25Z"),
        Some((951_868_800, 250_000_000))
    );
    assert_eq!(date("2000-03-01T00:00Z"), Some((951_868_800, 0)));
    assert_eq!(date("1969-12-31T23:59:59Z"), Some((-1, 0)));
    for bad in [
        "1900-02-29",
        "2026-13-01",
        "2026-01-01T24:00:00Z",
        "2026-01-01T00:00:00",
        "yesterday",
        "",
        "2026-1-1",
    ] {
        assert_eq!(parse_date(bad), None, "{bad}");
    }
    assert_eq!(parse_number("-1.5"), Some(-1.5));
    assert_eq!(parse_number("1."), None);
    assert_eq!(parse_number("NaN"), None);
    assert_eq!(parse_bool("TRUE"), Some(true));
    assert_eq!(parse_bool("yes"), None);
    let net = parse_cidr("2001:db8::/32").unwrap();
    assert!(net.contains("2001:db8::1".parse().unwrap()));
    assert!(!net.contains("10.0.0.1".parse().unwrap()));
    assert!(
        parse_cidr("10.0.0.1")
            .unwrap()
            .contains("10.0.0.1".parse().unwrap())
    );
    assert!(
        !parse_cidr("10.0.0.1")
            .unwrap()
            .contains("10.0.0.2".parse().unwrap())
    );
    assert!(
        parse_cidr("0.0.0.0/0")
            .unwrap()
            .contains("8.8.8.8".parse().unwrap())
    );
    assert!(parse_cidr("10.0.0.0/").is_none());
    assert!(is_base64("QmluYXJ5"));
    assert!(is_base64("QQ=="));
    assert!(!is_base64("QQ="));
}
