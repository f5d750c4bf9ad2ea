//! The bodies of the fuzz targets, shared by `fuzz/fuzz_targets/*.rs`
//! (libFuzzer, nightly) and `tests/fuzz_regressions.rs` (stable, every
//! input that ever failed). Each panics when an invariant breaks; a panic
//! anywhere in the libraries is a finding too.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    dead_code,
    reason = "a fuzz target reports a broken invariant by panicking; each target uses one entry point"
)]

use polc_evaluator::{Decision, PolicyKind, PolicySet, PolicySource, Request};
use polc_model::json::Style;
use polc_model::{CheckOptions, PolicyType, Severity};

/// JSON policy text: read, validate and run the catalog checks as every
/// policy type; a document read without error writes back to one that
/// reads equal; the evaluator's three ways of deciding agree on it.
pub fn json_policy(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for policy_type in PolicyType::ALL {
        let checked = polc_catalog::check(text, policy_type);
        for finding in &checked.findings {
            if let Some(span) = finding.location.span {
                assert!(
                    span.start <= span.end && span.end <= text.len(),
                    "span {span:?} outside the text"
                );
            }
        }
    }
    let checked = polc_model::check(text, &CheckOptions::new(PolicyType::Identity));
    let errors = checked
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    let Some(policy) = checked.policy else {
        return;
    };
    if errors {
        return;
    }
    for style in [Style::Pretty, Style::Minified] {
        let written = policy.to_json_string(style);
        let again = polc_model::check(&written, &CheckOptions::new(PolicyType::Identity));
        assert_eq!(
            again.policy.as_ref(),
            Some(&policy),
            "round trip of {written}"
        );
    }
    let mut set = PolicySet::new();
    if set
        .add_json(PolicyKind::Identity, PolicySource { name: "fuzz", text })
        .is_ok()
    {
        for request in requests() {
            agree(&set, &request);
        }
    }
}

/// `.pol` text: parse and compile (no imports); `fmt` is idempotent and
/// never changes what the file compiles to; every compiled document
/// imports back to a file that compiles to the same document.
pub fn pol_source(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let reference = polc_catalog::Reference::embedded();
    let params = polc_dsl::Params::new();
    let compiled = polc_dsl::compile(text, &params, reference);
    let Ok(formatted) = polc_dsl::fmt::format(text) else {
        return;
    };
    let again = polc_dsl::fmt::format(&formatted)
        .unwrap_or_else(|e| panic!("fmt output does not parse: {}\n{formatted}", e[0].message));
    assert_eq!(again, formatted, "fmt is not idempotent");
    let recompiled = polc_dsl::compile(&formatted, &params, reference);
    match (&compiled, &recompiled) {
        (Ok(a), Ok(b)) => {
            let a: Vec<_> = a.iter().map(|p| (&p.name, &p.policy)).collect();
            let b: Vec<_> = b.iter().map(|p| (&p.name, &p.policy)).collect();
            assert_eq!(a, b, "fmt changed what the file compiles to:\n{formatted}");
        }
        (Err(_), Err(_)) => {}
        _ => panic!(
            "fmt changed whether the file compiles ({} before, {} after):\n{formatted}",
            compiled.is_ok(),
            recompiled.is_ok()
        ),
    }
    let Ok(policies) = compiled else {
        return;
    };
    for policy in policies {
        let json = policy.json();
        let Ok(pol) = polc_dsl::import::import(&json, &policy.name, reference) else {
            continue;
        };
        // A document with catalog errors imports but does not build again.
        if let Ok(rebuilt) = polc_dsl::compile(&pol, &params, reference) {
            let rebuilt = rebuilt.iter().find(|p| p.name == policy.name);
            assert_eq!(
                rebuilt.map(|p| &p.policy),
                Some(&policy.policy),
                "import then build differs:\n{pol}"
            );
        }
    }
}

/// A policy and a request generated from the bytes: `evaluate`,
/// `evaluate_into` and `explain` agree; adding a `Deny` never allows more,
/// adding an `Allow` never denies more; the `--minimize`d policy decides
/// the same.
pub fn evaluate(data: &[u8]) {
    let mut bytes = Bytes(data);
    let statements: Vec<String> = (0..1 + bytes.next() % 4)
        .map(|_| statement(&mut bytes, None))
        .collect();
    let extra_deny = statement(&mut bytes, Some("Deny"));
    let extra_allow = statement(&mut bytes, Some("Allow"));
    let request_action = *bytes.pick(REQUEST_ACTIONS);
    let request_resource = *bytes.pick(REQUEST_RESOURCES);
    let mut request =
        Request::new(request_action, request_resource).resource_account("111122223333");
    let principal = *bytes.pick(PRINCIPALS);
    if !principal.is_empty() {
        request = request.principal(principal);
        if bytes.next().is_multiple_of(2) {
            request = request.principal_role_arn(*bytes.pick(ROLE_ARNS));
        }
    }
    for _ in 0..bytes.next() % 4 {
        let key = *bytes.pick(KEYS);
        let value = *bytes.pick(VALUES);
        if bytes.next().is_multiple_of(4) {
            request = request.context(key, [value, *bytes.pick(VALUES)]);
        } else {
            request = request.context(key, value);
        }
    }
    let document = |extra: Option<&String>| {
        let mut all = statements.clone();
        all.extend(extra.cloned());
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
            all.join(",")
        )
    };
    let set = |text: &str| {
        let mut set = PolicySet::new();
        set.add_json(PolicyKind::Identity, PolicySource { name: "fuzz", text })
            .ok()?;
        Some(set)
    };
    let Some(base) = set(&document(None)) else {
        return;
    };
    let decision = agree(&base, &request);
    if let Some(denied) = set(&document(Some(&extra_deny))) {
        let with_deny = agree(&denied, &request);
        assert!(
            with_deny != Decision::Allow || decision == Decision::Allow,
            "adding a Deny allowed: {}",
            document(Some(&extra_deny))
        );
    }
    if let Some(allowed) = set(&document(Some(&extra_allow))) {
        let with_allow = agree(&allowed, &request);
        assert!(
            decision != Decision::Allow || with_allow == Decision::Allow,
            "adding an Allow denied: {}",
            document(Some(&extra_allow))
        );
    }
    let mut policy = polc_model::Policy::from_json_str(&document(None), PolicyType::Identity)
        .expect("the evaluator accepted it");
    polc_dsl::transform::minimize(&mut policy);
    let mut minimized = PolicySet::new();
    minimized
        .add(PolicyKind::Identity, "fuzz", &policy)
        .expect("a minimized policy is as valid as the original");
    assert_eq!(
        agree(&minimized, &request),
        decision,
        "--minimize changed the decision: {}",
        policy.to_json_string(Style::Minified)
    );
}

/// The decision of `set` on `request`, which the three ways of deciding
/// must agree on.
fn agree(set: &PolicySet, request: &Request<'_>) -> Decision {
    let decision = set.evaluate(request);
    let mut matched = Vec::new();
    assert_eq!(set.evaluate_into(request, &mut matched), decision);
    assert_eq!(set.explain(request).decision, decision, "explain disagrees");
    decision
}

/// A request object's JSON text: read within the limits or refused,
/// never a panic; a request read is decided alike three ways.
pub fn request_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(request) = polc_evaluator::json::parse_request(text) else {
        return;
    };
    assert!(
        request.check_limits().is_ok(),
        "a request read is within the limits"
    );
    let mut set = PolicySet::new();
    set.add_json(PolicyKind::Identity, PolicySource { name: "fuzz", text: r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/*"}}},
            {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::b/${aws:username}/*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NumericGreaterThan": {"s3:max-keys": "1000"}}}]}"# })
    .expect("the fuzz policy is valid");
    agree(&set, &request);
}

/// A few requests for documents read from arbitrary text.
fn requests() -> Vec<Request<'static>> {
    REQUEST_ACTIONS
        .iter()
        .zip(REQUEST_RESOURCES.iter().cycle())
        .map(|(a, r)| {
            Request::new(*a, *r)
                .principal("arn:aws:iam::111122223333:user/alice")
                .context("aws:SourceIp", "10.1.2.3")
                .context("aws:username", "alice")
        })
        .collect()
}

const ACTIONS: &[&str] = &[
    "ecs:RunTask",
    "ecs:*",
    "ecs:Describe*",
    "ecs:run?ask",
    "s3:GetObject",
    "s3:*",
    "*",
    "iam:PassRole",
    "ECS:RUNTASK",
];
const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:ecs:us-east-1:111122223333:cluster/prod",
    "arn:aws:ecs:*:*:cluster/*",
    "arn:aws:ecs:us-east-1:111122223333:task/prod/*",
    "arn:aws:s3:::b/*",
    "arn:aws:s3:::b/${aws:username}/*",
    "arn:aws:s3:::b/${aws:PrincipalTag/team, 'none'}/*",
    "arn:aws:s3:::b/${*}?",
];
const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringLike",
    "StringNotLike",
    "StringEqualsIgnoreCase",
    "StringEqualsIfExists",
    "ForAnyValue:StringEquals",
    "ForAllValues:StringLike",
    "ArnLike",
    "ArnNotEquals",
    "NumericLessThan",
    "NumericGreaterThanEqualsIfExists",
    "DateLessThan",
    "Bool",
    "IpAddress",
    "NotIpAddress",
    "Null",
];
const KEYS: &[&str] = &[
    "aws:username",
    "aws:SourceIp",
    "aws:MultiFactorAuthAge",
    "aws:PrincipalTag/team",
    "aws:TagKeys",
    "aws:CurrentTime",
    "aws:SecureTransport",
    "ecs:cluster",
    "aws:PrincipalArn",
];
const VALUES: &[&str] = &[
    "alice",
    "web",
    "a*",
    "10.0.0.0/8",
    "10.1.2.3",
    "::ffff:10.1.2.3",
    "3600",
    "12.5",
    "2027-01-01T00:00:00Z",
    "true",
    "false",
    "arn:aws:ecs:us-east-1:111122223333:cluster/prod",
    "arn:aws:ecs:*:*:cluster/*",
    "",
    "${aws:PrincipalTag/none}",
    "arn:aws:iam::111122223333:role/*",
    "arn:aws:iam::111122223333:role/web",
];
/// Request principals: with and without an account, a role session
/// (whose role's path is unknown unless a role ARN is given), none ("").
const PRINCIPALS: &[&str] = &[
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:sts::111122223333:assumed-role/web/s1",
    "arn:aws:sts::444455556666:assumed-role/web/s1",
    "ecs-tasks.amazonaws.com",
    "bogus",
    "",
];
const ROLE_ARNS: &[&str] = &[
    "arn:aws:iam::111122223333:role/web",
    "arn:aws:iam::111122223333:role/team/web",
];
const REQUEST_ACTIONS: &[&str] = &[
    "ecs:RunTask",
    "ecs:DescribeTasks",
    "s3:GetObject",
    "iam:PassRole",
];
const REQUEST_RESOURCES: &[&str] = &[
    "arn:aws:ecs:us-east-1:111122223333:cluster/prod",
    "arn:aws:ecs:us-east-1:111122223333:task/prod/abc",
    "arn:aws:s3:::b/alice/x",
    "arn:aws:s3:::b/web/x",
];

/// The fuzzer's bytes, read one at a time (zeros once used up).
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn next(&mut self) -> u8 {
        match self.0.split_first() {
            Some((first, rest)) => {
                self.0 = rest;
                *first
            }
            None => 0,
        }
    }

    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[usize::from(self.next()) % items.len()]
    }
}

/// One statement as JSON, of `effect` or one chosen by the bytes.
fn statement(bytes: &mut Bytes<'_>, effect: Option<&str>) -> String {
    let effect = effect.unwrap_or(if bytes.next().is_multiple_of(3) {
        "Deny"
    } else {
        "Allow"
    });
    let list = |bytes: &mut Bytes<'_>, items: &[&str]| {
        let n = 1 + bytes.next() % 3;
        let values: Vec<String> = (0..n).map(|_| format!("{:?}", bytes.pick(items))).collect();
        format!("[{}]", values.join(","))
    };
    let action_key = if bytes.next().is_multiple_of(5) {
        "NotAction"
    } else {
        "Action"
    };
    let resource_key = if bytes.next().is_multiple_of(6) {
        "NotResource"
    } else {
        "Resource"
    };
    let actions = list(bytes, ACTIONS);
    let resources = list(bytes, RESOURCES);
    let mut out = format!(
        r#"{{"Effect": "{effect}", "{action_key}": {actions}, "{resource_key}": {resources}"#
    );
    let conditions = bytes.next() % 3;
    if conditions > 0 {
        let mut entries = Vec::new();
        for _ in 0..conditions {
            let operator = *bytes.pick(OPERATORS);
            let key = *bytes.pick(KEYS);
            let value = if operator == "Null" {
                format!(
                    "{:?}",
                    if bytes.next().is_multiple_of(2) {
                        "true"
                    } else {
                        "false"
                    }
                )
            } else {
                list(bytes, VALUES)
            };
            entries.push(format!(r#""{operator}": {{"{key}": {value}}}"#));
        }
        out.push_str(&format!(r#", "Condition": {{{}}}"#, entries.join(",")));
    }
    out.push('}');
    out
}

/// Bytes read as a session of an editor with `polc lsp`: documents opened
/// (`.pol` and JSON, their text from the bytes), changed by ranges
/// anywhere (past line ends, inside characters of several code units)
/// and whole, every feature asked for at any position, raw bytes between
/// messages; then `shutdown` and `exit`. The server answers every request
/// once, writes only well-framed JSON-RPC, and exits 0.
pub fn lsp_session(data: &[u8]) {
    use serde_json::{Value, json};
    let mut bytes = data.iter().copied();
    let mut next = move || bytes.next();
    let frame = |message: &Value| {
        let text = message.to_string();
        format!("Content-Length: {}\r\n\r\n{text}", text.len())
    };
    let mut input =
        frame(&json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {}}));
    let uris = ["file:///fuzz/a.pol", "file:///fuzz/b.json"];
    let pieces = [
        "policy P {\n",
        "  allow ",
        "ecs:RunTask",
        "ecs:{StopTask, ",
        "s3:@list",
        " on ",
        "*",
        "ecs.cluster(\"p\")",
        " if ",
        "aws:SourceIp",
        " == ",
        "\"x\"",
        "}\n",
        "é😀",
        "\r\n",
        "let x = ",
        "param a: account_id\n",
        "extends aws:AmazonECS_FullAccess ",
        "{\"Statement\": [",
        "\"Action\": \"ecs:Ru",
        "import \"other.pol\"\n",
        "# comment\n",
        "\"",
        "\\",
        "(",
        ")",
    ];
    let text = |next: &mut dyn FnMut() -> Option<u8>| -> String {
        let n = next().unwrap_or(0) % 12;
        (0..n)
            .map(|_| {
                let i = usize::from(next().unwrap_or(0));
                pieces[i % pieces.len()]
            })
            .collect()
    };
    let mut id = 1u64;
    let mut version = 1;
    while let Some(choice) = next() {
        let uri = uris[usize::from(choice >> 7)];
        let position =
            json!({"line": next().unwrap_or(0) % 8, "character": next().unwrap_or(0) % 40});
        let message = match choice % 11 {
            0 => {
                json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": uri, "languageId": if choice >> 7 == 0 { "pol" } else { "json" },
                "version": version, "text": text(&mut next)}}})
            }
            1 | 2 => {
                version += 1;
                let end =
                    json!({"line": next().unwrap_or(0) % 8, "character": next().unwrap_or(0) % 40});
                json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"range": {"start": position, "end": end}, "text": text(&mut next)}]}})
            }
            3 => {
                version += 1;
                json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"text": text(&mut next)}]}})
            }
            4 => {
                // Raw bytes, then a blank line: not a message.
                let n = next().unwrap_or(0) % 16;
                let raw: Vec<u8> = (0..n).map(|_| next().unwrap_or(b'{')).collect();
                input.push_str(&String::from_utf8_lossy(&raw).replace('\n', " "));
                input.push_str("\r\n\r\n");
                continue;
            }
            5 => {
                json!({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}})
            }
            kind => {
                let method = [
                    "textDocument/completion",
                    "textDocument/hover",
                    "textDocument/definition",
                    "textDocument/formatting",
                    "textDocument/documentSymbol",
                ][usize::from(kind - 6)];
                id += 1;
                json!({"jsonrpc": "2.0", "id": id - 1, "method": method, "params": {
                    "textDocument": {"uri": uri}, "position": position,
                    "options": {"tabSize": 2, "insertSpaces": true}}})
            }
        };
        input.push_str(&frame(&message));
    }
    input.push_str(&frame(
        &json!({"jsonrpc": "2.0", "id": "end", "method": "shutdown"}),
    ));
    input.push_str(&frame(&json!({"jsonrpc": "2.0", "method": "exit"})));
    let mut output = Vec::new();
    let code = polc_lsp::serve(&mut input.as_bytes(), &mut output).unwrap();
    // Raw bytes may swallow the messages after them (a header without its
    // blank line): the exit code is 0 only when `exit` was read after
    // `shutdown`. What was written is well-framed JSON-RPC, each request
    // answered at most once.
    let mut rest = output.as_slice();
    let mut answered = std::collections::HashSet::new();
    while !rest.is_empty() {
        let text = std::str::from_utf8(rest).unwrap();
        let (header, body) = text.split_once("\r\n\r\n").unwrap();
        let length: usize = header
            .strip_prefix("Content-Length: ")
            .unwrap()
            .parse()
            .unwrap();
        let message: Value = serde_json::from_str(&body[..length]).unwrap();
        assert_eq!(message["jsonrpc"], "2.0");
        if let Some(id) = message.get("id").filter(|i| !i.is_null()) {
            assert!(answered.insert(id.to_string()), "{id} answered twice");
        }
        rest = &rest[header.len() + 4 + length..];
    }
    assert!(code == 0 || code == 1);
}
