#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]
//! `polc authorize` end to end: the evaluator's whole decision table run
//! through `--batch`, single requests, explanations, real policies from the
//! catalog and the seeds, and every kind of bad input.

mod common;

use std::path::{Path, PathBuf};

use common::{polc_with, stderr, text, write};
use polc_evaluator::PolicyKind;
use serde_json::Value;

#[path = "../../evaluator/tests/support/table.rs"]
mod table;

#[test]
fn the_decision_table_through_batch() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(table::cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut total = 0;
    for (f, file) in files.iter().enumerate() {
        let groups: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        for (g, group) in groups.as_array().unwrap().iter().enumerate() {
            let dir = temp_dir(&format!("{f}-{g}"));
            let mut args: Vec<String> = vec!["authorize".into()];
            let mut names = Vec::new();
            // Each `--scp` is one level: the policies of a level are given
            // as one document with all their statements (the same union).
            let mut policies: Vec<(PolicyKind, String, String)> = Vec::new();
            for (kind, name, doc) in table::policies(group) {
                match policies.last_mut() {
                    Some((k, _, merged))
                        if matches!(kind, PolicyKind::Scp { .. }) && *k == kind =>
                    {
                        let mut a: Value = serde_json::from_str(merged).unwrap();
                        let b: Value = serde_json::from_str(&doc).unwrap();
                        let extra = b["Statement"].as_array().unwrap().clone();
                        a["Statement"].as_array_mut().unwrap().extend(extra);
                        *merged = a.to_string();
                    }
                    _ => policies.push((kind, name, doc)),
                }
            }
            for (kind, name, doc) in policies {
                let path = write(&dir, &format!("{name}.json"), &doc);
                let flag = match kind {
                    PolicyKind::Identity => "--policy",
                    PolicyKind::Resource => "--resource-policy",
                    PolicyKind::PermissionsBoundary => "--boundary",
                    PolicyKind::Session => "--session-policy",
                    PolicyKind::Scp { .. } => "--scp",
                    other => panic!("no flag for {other}"),
                };
                args.push(flag.into());
                args.push(path.clone());
                names.push(path);
            }
            if names.is_empty() {
                continue; // polc needs a policy; the library case covers this.
            }
            let cases = group["cases"].as_array().unwrap();
            let lines: Vec<String> = cases
                .iter()
                .map(|c| table::request_text(group, c))
                .collect();
            let batch = write(&dir, "requests.jsonl", &(lines.join("\n") + "\n"));
            args.extend(["--batch".into(), batch, "--format".into(), "json".into()]);
            let argv: Vec<&str> = args.iter().map(String::as_str).collect();
            let output = polc_with(&argv, None);
            assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
            let results: Vec<Value> = text(&output)
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            assert_eq!(results.len(), cases.len(), "one line per request");
            for (case, result) in cases.iter().zip(&results) {
                total += 1;
                assert_eq!(result["decision"], case["expect"], "{}", case["rule"]);
                if let Some(want) = case.get("matched") {
                    let mut got: Vec<(usize, u64)> = result["matched"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|m| {
                            let policy = names
                                .iter()
                                .position(|n| m["policy"] == n.as_str())
                                .unwrap();
                            (policy, m["statement"].as_u64().unwrap())
                        })
                        .collect();
                    got.sort_unstable();
                    let want: Vec<(usize, u64)> = want
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|p| (p[0].as_u64().unwrap() as usize, p[1].as_u64().unwrap()))
                        .collect();
                    assert_eq!(got, want, "{}", case["rule"]);
                }
            }
        }
    }
    assert!(total >= 150, "{total}");
}

const TASK_ROLE: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Run", "Effect": "Allow", "Action": "ecs:RunTask", "Resource": "*",
   "Condition": {"ArnEquals": {"ecs:cluster": "arn:aws:ecs:us-east-1:111122223333:cluster/prod"}}}]}"#;

const RUN_DEV: &str = r#"{"principal": "arn:aws:iam::111122223333:user/alice", "action": "ecs:RunTask",
  "resource": "arn:aws:ecs:us-east-1:111122223333:task-definition/web:3",
  "context": {"ecs:cluster": "arn:aws:ecs:us-east-1:111122223333:cluster/dev"}}"#;

#[test]
fn one_request_text_and_explanations() {
    let dir = temp_dir("one");
    let policy = write(&dir, "role.json", TASK_ROLE);
    let request = write(&dir, "req.json", RUN_DEV);
    let out = polc_with(
        &["authorize", "--policy", &policy, "--request", &request],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "a deny is not a failure");
    assert_eq!(text(&out), "IMPLICIT_DENY\n");

    let out = polc_with(
        &[
            "authorize",
            "--policy",
            &policy,
            "--request",
            &request,
            "--explain",
        ],
        None,
    );
    let shown = text(&out);
    assert!(
        shown.starts_with("IMPLICIT_DENY\n  reason: no identity-based policy allows the request\n"),
        "{shown}"
    );
    assert!(
        shown.contains("closest: ")
            && shown.contains(
                "role.json Statement[0] (Run) [identity]: condition `ArnEquals` on `ecs:cluster`"
            ),
        "{shown}"
    );
    assert!(
        shown.contains(
            "does not hold for request values [`arn:aws:ecs:us-east-1:111122223333:cluster/dev`]"
        ),
        "{shown}"
    );

    let out = polc_with(
        &[
            "authorize",
            "--policy",
            &policy,
            "--request",
            &request,
            "--explain",
            "--format",
            "json",
        ],
        None,
    );
    let v: Value = serde_json::from_str(text(&out).trim()).unwrap();
    assert_eq!(v["decision"], "IMPLICIT_DENY");
    assert_eq!(v["reason"], "NO_IDENTITY_ALLOW");
    let miss = &v["near_misses"][0];
    assert_eq!(miss["element"], "Condition");
    assert_eq!(miss["sid"], "Run");
    assert_eq!(miss["condition"]["operator"], "ArnEquals");
    assert_eq!(
        miss["condition"]["request_values"][0],
        "arn:aws:ecs:us-east-1:111122223333:cluster/dev"
    );

    // The allowed request from standard input, with the deciding statement.
    let prod = RUN_DEV.replace("cluster/dev", "cluster/prod");
    let out = polc_with(
        &[
            "authorize",
            "--policy",
            &policy,
            "--request",
            "-",
            "--format",
            "json",
        ],
        Some(prod.as_bytes()),
    );
    let v: Value = serde_json::from_str(text(&out).trim()).unwrap();
    assert_eq!(v["decision"], "ALLOW");
    assert_eq!(
        v["matched"],
        serde_json::json!([{"policy": policy, "statement": 0, "sid": "Run"}])
    );
}

#[test]
fn real_policies_ecs_task_execution_and_trust() {
    let managed = polc_catalog::managed_policy("AmazonECSTaskExecutionRolePolicy").unwrap();
    let dir = temp_dir("real");
    let policy = write(&dir, "exec.json", managed.document());
    let lines = [
        r#"{"principal": "arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/task-1", "action": "ecr:GetAuthorizationToken", "resource": "*"}"#,
        r#"{"principal": "arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/task-1", "action": "ecr:BatchGetImage", "resource": "arn:aws:ecr:us-east-1:111122223333:repository/web"}"#,
        r#"{"principal": "arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/task-1", "action": "logs:PutLogEvents", "resource": "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:log-stream:x"}"#,
        r#"{"principal": "arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/task-1", "action": "secretsmanager:GetSecretValue", "resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db"}"#,
        r#"{"principal": "arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/task-1", "action": "s3:GetObject", "resource": "arn:aws:s3:::env-files/web.env"}"#,
    ];
    let out = polc_with(
        &["authorize", "--policy", &policy, "--batch", "-"],
        Some(lines.join("\n").as_bytes()),
    );
    assert_eq!(
        text(&out),
        "ALLOW\nALLOW\nALLOW\nIMPLICIT_DENY\nIMPLICIT_DENY\n",
        "{}",
        stderr(&out)
    );

    // The seed's trust policy (SSM for ECS Anywhere) lets only SSM assume.
    let trust =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/seeds/002-01.trust.json");
    let trust = trust.to_string_lossy();
    let requests = [
        r#"{"principal": "ssm.amazonaws.com", "action": "sts:AssumeRole", "resource": "arn:aws:iam::111122223333:role/ecsAnywhereRole"}"#,
        r#"{"principal": "ecs-tasks.amazonaws.com", "action": "sts:AssumeRole", "resource": "arn:aws:iam::111122223333:role/ecsAnywhereRole"}"#,
        r#"{"principal": "ssm.amazonaws.com", "action": "sts:TagSession", "resource": "arn:aws:iam::111122223333:role/ecsAnywhereRole"}"#,
    ];
    let out = polc_with(
        &["authorize", "--resource-policy", &trust, "--batch", "-"],
        Some(requests.join("\n").as_bytes()),
    );
    assert_eq!(
        text(&out),
        "ALLOW\nIMPLICIT_DENY\nIMPLICIT_DENY\n",
        "{}",
        stderr(&out)
    );
}

#[test]
fn managed_full_access_with_scp_and_boundary() {
    let managed = polc_catalog::managed_policy("AmazonECS_FullAccess").unwrap();
    let dir = temp_dir("layers");
    let policy = write(&dir, "full.json", managed.document());
    let scp = write(
        &dir,
        "scp.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "ecs:DeleteCluster", "Resource": "*"}]}"#,
    );
    let boundary = write(
        &dir,
        "boundary.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecs:*", "iam:PassRole"], "Resource": "*"}]}"#,
    );
    let lines = [
        r#"{"principal": "arn:aws:iam::111122223333:user/deployer", "action": "ecs:CreateCluster", "resource": "*"}"#,
        r#"{"principal": "arn:aws:iam::111122223333:user/deployer", "action": "ecs:DeleteCluster", "resource": "arn:aws:ecs:us-east-1:111122223333:cluster/prod"}"#,
        r#"{"principal": "arn:aws:iam::111122223333:user/deployer", "action": "ec2:DescribeInstances", "resource": "*"}"#,
        r#"{"principal": "arn:aws:iam::111122223333:user/deployer", "action": "iam:PassRole", "resource": "arn:aws:iam::111122223333:role/ecsInstanceRole", "context": {"iam:PassedToService": "ec2.amazonaws.com"}}"#,
        r#"{"principal": "arn:aws:iam::111122223333:user/deployer", "action": "iam:PassRole", "resource": "arn:aws:iam::111122223333:role/ecsInstanceRole", "context": {"iam:PassedToService": "lambda.amazonaws.com"}}"#,
    ];
    let out = polc_with(
        &[
            "authorize",
            "--policy",
            &policy,
            "--scp",
            &scp,
            "--boundary",
            &boundary,
            "--batch",
            "-",
        ],
        Some(lines.join("\n").as_bytes()),
    );
    assert_eq!(
        text(&out),
        "ALLOW\nEXPLICIT_DENY\nIMPLICIT_DENY\nALLOW\nIMPLICIT_DENY\n",
        "{}",
        stderr(&out)
    );
}

#[test]
fn batch_is_in_order_over_many_blocks() {
    // More lines than one block, so that several threads and blocks run.
    let dir = temp_dir("many");
    let policy = write(&dir, "role.json", TASK_ROLE);
    let mut lines = Vec::new();
    let mut want = String::new();
    for i in 0..70_000 {
        let cluster = if i % 3 == 0 { "prod" } else { "dev" };
        lines.push(
            RUN_DEV
                .replace('\n', " ")
                .replace("cluster/dev", &format!("cluster/{cluster}")),
        );
        want.push_str(if i % 3 == 0 {
            "ALLOW\n"
        } else {
            "IMPLICIT_DENY\n"
        });
    }
    let batch = write(&dir, "many.jsonl", &lines.join("\n"));
    let out = polc_with(&["authorize", "--policy", &policy, "--batch", &batch], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out) == want, "decisions out of order or missing");
}

#[test]
fn bad_inputs_are_exit_2_with_a_clear_message() {
    let dir = temp_dir("bad");
    let policy = write(&dir, "role.json", TASK_ROLE);

    // A bad line: file, line and column; the lines before are decided.
    let batch = write(
        &dir,
        "b.jsonl",
        &format!(
            "{}\n\n{{\"action\": \"ecs:RunTask\"}}\n",
            RUN_DEV.replace('\n', " ")
        ),
    );
    let out = polc_with(&["authorize", "--policy", &policy, "--batch", &batch], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out), "IMPLICIT_DENY\n");
    assert!(
        stderr(&out).contains("b.jsonl:3:25: missing field `resource`"),
        "{}",
        stderr(&out)
    );

    // A line that is not UTF-8, and one longer than 1 MiB.
    let mut bytes = format!("{}\n", RUN_DEV.replace('\n', " ")).into_bytes();
    bytes.extend(b"{\"action\": \"\xff\"}\n");
    let out = polc_with(
        &["authorize", "--policy", &policy, "--batch", "-"],
        Some(&bytes),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("<stdin>:2: the line is not UTF-8"),
        "{}",
        stderr(&out)
    );
    let long = write(
        &dir,
        "long.jsonl",
        &format!("{}\n{}", RUN_DEV.replace('\n', " "), "x".repeat(6 << 20)),
    );
    let out = polc_with(&["authorize", "--policy", &policy, "--batch", &long], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("long.jsonl:2: the line is longer than 1024 KiB"),
        "{}",
        stderr(&out)
    );

    for (request, message) in [
        (
            r#"{"action": "ecs:Run*", "resource": "*"}"#,
            "is not one action",
        ),
        (
            r#"{"action": "ecs:RunTask", "resource": "*", "contxt": {}}"#,
            "unknown field `contxt`",
        ),
        (
            r#"{"action": "ecs:RunTask", "resource": "*", "context": {"k": {"a": 1}}}"#,
            "a string, boolean, number, or an array",
        ),
        (
            r#"{"action": "ecs:RunTask", "resource": "*", "context": {"K": "1", "k": "2"}}"#,
            "given twice",
        ),
        (r#"["ecs:RunTask"]"#, "a request object"),
        ("", "EOF"),
    ] {
        let out = polc_with(
            &["authorize", "--policy", &policy, "--request", "-"],
            Some(request.as_bytes()),
        );
        assert_eq!(out.status.code(), Some(2), "{request}");
        assert!(
            stderr(&out).contains(message),
            "{request}: {}",
            stderr(&out)
        );
        assert!(text(&out).is_empty());
    }

    // A policy the evaluator cannot fully understand is refused, with the
    // place underlined.
    let bad = write(
        &dir,
        "bad.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*",
            "Condition": {"DateLessThan": {"aws:CurrentTime": "soon"}}}]}"#,
    );
    let request = write(&dir, "req.json", RUN_DEV);
    let out = polc_with(
        &["authorize", "--policy", &bad, "--request", &request],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("`soon` is not a date"), "{err}");
    assert!(
        err.contains("Statement[0].Condition.DateLessThan[\"aws:CurrentTime\"]"),
        "{err}"
    );
    assert!(err.contains("bad.json` cannot be evaluated"), "{err}");

    // Structural errors too, all files reported.
    let broken = write(
        &dir,
        "broken.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}]}"#,
    );
    let out = polc_with(
        &[
            "authorize",
            "--policy",
            &broken,
            "--policy",
            &bad,
            "--request",
            &request,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("MISSING_ACTION") && err.contains("soon"),
        "{err}"
    );

    // Usage errors.
    let out = polc_with(&["authorize", "--request", &request], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no policy given"));
    let out = polc_with(&["authorize", "--policy", "-", "--request", "-"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("can be read only once"));
    let out = polc_with(&["authorize", "--policy", &policy], None);
    assert_eq!(out.status.code(), Some(2));
    let out = polc_with(
        &[
            "authorize",
            "--policy",
            "/nonexistent.json",
            "--request",
            &request,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read `/nonexistent.json`"));
}

/// Issue 12.12: a Deny that applies because a condition (or a resource
/// with a variable) could not be decided says so, and why.
#[test]
fn explain_says_when_a_deny_applies_undecided() {
    let explain = |policy: &str, request: &str, more: &[&str]| {
        let mut args = vec![
            "authorize",
            "--policy",
            policy,
            "--request",
            request,
            "--explain",
        ];
        args.extend_from_slice(more);
        polc_with(&args, None)
    };
    let dir = temp_dir("undecided");
    let policy = write(
        &dir,
        "p.json",
        r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "All", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},
  {"Sid": "Limit", "Effect": "Deny", "Action": "s3:ListBucket", "Resource": "*",
   "Condition": {"NumericGreaterThan": {"s3:max-keys": "100"}}},
  {"Sid": "Team", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::team/${aws:PrincipalTag/team}/*"}]}"#,
    );
    let request = write(
        &dir,
        "req.json",
        r#"{"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:ListBucket",
  "resource": "arn:aws:s3:::b", "resource_account": "111122223333", "context": {"s3:max-keys": "lots"}}"#,
    );
    let out = explain(&policy, &request, &[]);
    let shown = text(&out);
    assert!(shown.starts_with("EXPLICIT_DENY\n"), "{shown}");
    assert!(
        shown.contains("  undecided: ")
            && shown.contains("(Limit): condition `NumericGreaterThan` on `s3:max-keys` could not be decided (a request value cannot be read for the operator), so the Deny applies"),
        "{shown}"
    );
    let out = explain(&policy, &request, &["--format", "json"]);
    let v: Value = serde_json::from_str(text(&out).trim()).unwrap();
    assert_eq!(v["undecided"][0]["sid"], "Limit");
    assert_eq!(v["undecided"][0]["element"], "Condition");
    assert!(
        v["undecided"][0]["why"]
            .as_str()
            .unwrap()
            .contains("cannot be read")
    );

    // A Resource whose variable has no value in the request.
    let request = write(
        &dir,
        "req2.json",
        r#"{"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:DeleteObject",
  "resource": "arn:aws:s3:::team/web/x", "resource_account": "111122223333"}"#,
    );
    let out = explain(&policy, &request, &[]);
    let shown = text(&out);
    assert!(
        shown.starts_with("EXPLICIT_DENY\n")
            && shown.contains("(Team): `Resource` for `arn:aws:s3:::team/web/x` could not be decided (a policy variable in it has no value"),
        "{shown}"
    );

    // A role session without its role's ARN: the path decides.
    let policy = write(
        &dir,
        "role.json",
        r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Web", "Effect": "Allow", "Action": "ecs:ListServices", "Resource": "*",
   "Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/web"}}}]}"#,
    );
    let request = write(
        &dir,
        "req3.json",
        r#"{"principal": "arn:aws:sts::111122223333:assumed-role/web/i-1", "action": "ecs:ListServices", "resource": "*"}"#,
    );
    let out = explain(&policy, &request, &[]);
    let shown = text(&out);
    assert!(
        shown.starts_with("IMPLICIT_DENY\n")
            && shown.contains("cannot be decided: the request gives the role session's principal but not its role's ARN (`principal_role_arn`)"),
        "{shown}"
    );
    // A principal_role_arn that is not the session's role is bad input.
    let request = write(
        &dir,
        "req4.json",
        r#"{"principal": "arn:aws:sts::111122223333:assumed-role/web/i-1", "principal_role_arn": "arn:aws:iam::111122223333:role/db", "action": "ecs:ListServices", "resource": "*"}"#,
    );
    let out = polc_with(
        &["authorize", "--policy", &policy, "--request", &request],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not the role of the principal"),
        "{}",
        stderr(&out)
    );
}

/// Issue 12.3: request strings beyond AWS's bounds are refused with a clear
/// error (matching a long pattern against them cost pattern × request).
#[test]
fn over_long_request_strings_are_refused() {
    let dir = temp_dir("long");
    let pattern = format!("arn:aws:s3:::b/{}x", "*a".repeat(2500));
    let policy = write(
        &dir,
        "p.json",
        &format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "{pattern}"}}]}}"#
        ),
    );
    let resource = format!("arn:aws:s3:::b/{}", "a".repeat(1_600_000));
    let request = write(
        &dir,
        "req.json",
        &format!(
            r#"{{"principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject", "resource": "{resource}"}}"#
        ),
    );
    let started = std::time::Instant::now();
    let out = polc_with(
        &["authorize", "--policy", &policy, "--request", &request],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        stderr(&out).contains("the resource is 1600015 bytes long; polc takes at most 2048"),
        "{}",
        stderr(&out)
    );
    // Refused before any matching (the review's input took 37 s).
    assert!(started.elapsed().as_secs() < 20);
    for (field, value) in [
        ("action", format!("s3:{}", "G".repeat(300))),
        (
            "principal",
            format!("arn:aws:iam::1:user/{}", "a".repeat(3000)),
        ),
    ] {
        let line = serde_json::json!({"action": "s3:GetObject", "resource": "*", field: value});
        let out = polc_with(
            &["authorize", "--policy", &policy, "--batch", "-"],
            Some(line.to_string().as_bytes()),
        );
        assert_eq!(out.status.code(), Some(2), "{field}");
        assert!(
            stderr(&out).contains("polc takes at most"),
            "{}",
            stderr(&out)
        );
    }
    let many: serde_json::Map<String, Value> = (0..300)
        .map(|i| (format!("k{i}"), Value::from("v")))
        .collect();
    let line = serde_json::json!({"action": "s3:GetObject", "resource": "*", "context": many});
    let out = polc_with(
        &["authorize", "--policy", &policy, "--batch", "-"],
        Some(line.to_string().as_bytes()),
    );
    assert!(
        stderr(&out).contains("the context has 300 keys"),
        "{}",
        stderr(&out)
    );
}

fn temp_dir(name: &str) -> PathBuf {
    common::temp_dir("authorize", name)
}

/// One rule for a closed pipe (issue 13.1): `authorize` exits 2, quietly,
/// whether the pipe closes mid-batch or at the final flush (it exited 0 at
/// the flush).
#[test]
fn a_closed_pipe_exits_2_quietly() {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let dir = temp_dir("pipe");
    let policy = write(
        &dir,
        "p.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
    );
    for lines in [3usize, 200_000] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_polc"))
            .args(["authorize", "--policy", &policy, "--batch", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Nobody reads the decisions.
        drop(child.stdout.take());
        let line = "{\"principal\": \"arn:aws:iam::111122223333:user/a\", \"action\": \"s3:GetObject\", \"resource\": \"*\"}\n";
        let mut stdin = child.stdin.take().unwrap();
        let _ = stdin.write_all(line.repeat(lines).as_bytes());
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{lines} lines");
        assert!(stderr(&out).is_empty(), "{lines} lines: {}", stderr(&out));
    }
}

/// Found by review (issue 13): the decisions of the lines before a line
/// that is not UTF-8, or too long, are written (they were lost with the
/// whole 4 MiB block); a long line in the middle of a block is refused too
/// (only block ends were checked); positions count from the line's start.
#[test]
fn a_bad_line_keeps_the_decisions_before_it() {
    let dir = temp_dir("bad-line");
    let policy = write(
        &dir,
        "p.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
    );
    let good = "{\"principal\": \"arn:aws:iam::111122223333:user/a\", \"action\": \"ecs:ListClusters\", \"resource\": \"*\"}\n";
    let decide = |name: &str, bytes: Vec<u8>| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_polc"))
            .args([
                "authorize",
                "--policy",
                &policy,
                "--batch",
                path.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout.clone())
                .unwrap()
                .lines()
                .count(),
            stderr(&out),
        )
    };
    let mut late = good.repeat(30_000).into_bytes();
    late.extend_from_slice(b"\xff\n");
    late.extend_from_slice(good.as_bytes());
    let (code, lines, err) = decide("late.jsonl", late);
    assert_eq!((code, lines), (Some(2), 30_000), "{err}");
    assert!(
        err.contains("late.jsonl:30001: the line is not UTF-8"),
        "{err}"
    );
    let long = good.repeat(34_192) + &"x".repeat((1 << 20) + 100) + "\n" + good;
    let (code, lines, err) = decide("long.jsonl", long.into_bytes());
    assert_eq!((code, lines), (Some(2), 34_192), "{err}");
    assert!(
        err.contains("long.jsonl:34193: the line is longer than 1024 KiB"),
        "{err}"
    );
    let middle = good.repeat(10) + &" ".repeat(2 << 20) + good + &good.repeat(3);
    let (code, lines, err) = decide("middle.jsonl", middle.into_bytes());
    assert_eq!((code, lines), (Some(2), 10), "{err}");
    assert!(err.contains("middle.jsonl:11: the line is longer"), "{err}");
    let (code, _, err) = decide("lead.jsonl", b"      {\"action\": 5}\n".to_vec());
    assert_eq!(code, Some(2));
    assert!(err.contains("lead.jsonl:1:18:"), "{err}");
    let request = write(&dir, "lead.json", "\n\n{\n  \"action\": 5\n}\n");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_polc"))
        .args(["authorize", "--policy", &policy, "--request", &request])
        .output()
        .unwrap();
    assert!(stderr(&out).contains("lead.json:4:13:"), "{}", stderr(&out));
}

/// Review 41: a `.pol` file of several `trust` blocks given as the
/// resource policy allowed assuming one role through the other's trust
/// (a trust policy names no resource); a request's resource has one
/// resource-based policy, so such a file is bad input.
#[test]
fn one_resource_policy_per_request() {
    let dir = temp_dir("one-resource-policy");
    let trusts = write(
        &dir,
        "trusts.pol",
        "trust BuildRole {\n  allow aws \"arn:aws:iam::444455556666:user/contractor\" to sts:AssumeRole\n}\n\ntrust AdminRole {\n  allow aws \"arn:aws:iam::111122223333:user/admin\" to sts:AssumeRole\n}\n",
    );
    let admin = write(
        &dir,
        "admin.pol",
        "trust AdminRole {\n  allow aws \"arn:aws:iam::111122223333:user/admin\" to sts:AssumeRole\n}\n",
    );
    let identity = write(
        &dir,
        "id.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}"#,
    );
    let request = write(
        &dir,
        "r.json",
        r#"{"principal": "arn:aws:iam::444455556666:user/contractor", "action": "sts:AssumeRole", "resource": "arn:aws:iam::111122223333:role/AdminRole"}"#,
    );
    let out = polc_with(
        &[
            "authorize",
            "--policy",
            &identity,
            "--resource-policy",
            &trusts,
            "--request",
            &request,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        stderr(&out).contains("has 2 `trust`/`resource` blocks (BuildRole, AdminRole)"),
        "{}",
        stderr(&out)
    );
    let out = polc_with(
        &[
            "authorize",
            "--policy",
            &identity,
            "--resource-policy",
            &admin,
            "--request",
            &request,
        ],
        None,
    );
    assert!(text(&out).starts_with("IMPLICIT_DENY"), "{}", text(&out));
}
