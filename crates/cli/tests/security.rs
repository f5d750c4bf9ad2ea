#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]
//! Security round 2 (issue 12), through the binary: imports through linked
//! folders, work linear in the length of resource entries, conditions that
//! limit nobody, NotResource forms.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{polc_with, stderr, text, write};

/// Issue 12.1: `d -> .` gave the same file a new path at each level, so the
/// cycle check never fired and three imports grew as 3^16.
#[cfg(unix)]
#[test]
fn imports_through_a_folder_linked_to_its_parent() {
    let d = dir("symlink");
    std::os::unix::fs::symlink(".", d.join("d")).unwrap();
    write(
        &d,
        "lib.pol",
        "import \"d/lib.pol\"\nimport \"d/d/lib.pol\"\nimport \"d/d/d/lib.pol\"\nlet x = \"arn:aws:s3:::b\"\n",
    );
    let main = write(
        &d,
        "main.pol",
        "import \"lib.pol\"\n\npolicy P {\n  allow s3:GetObject on x\n}\n",
    );
    let started = Instant::now();
    for command in ["build", "check"] {
        let out = polc_with(&[command, &main], None);
        assert_ne!(out.status.code(), Some(0), "{command}");
        let said = format!("{}{}", text(&out), stderr(&out));
        assert!(
            said.contains("imports itself (the imports form a cycle)"),
            "{said}"
        );
    }
    assert!(started.elapsed() < Duration::from_secs(30));

    // The same file through two paths is read once: not a cycle, no error.
    write(&d, "shared.pol", "let y = \"arn:aws:s3:::c\"\n");
    let twice = write(
        &d,
        "twice.pol",
        "import \"shared.pol\"\nimport \"d/shared.pol\"\n\npolicy P {\n  allow s3:GetObject on y\n}\n",
    );
    let out = polc_with(&["build", &twice], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// Review of issue 12: opening a FIFO blocks until a writer comes; an
/// import of one is refused before it is opened.
#[cfg(unix)]
#[test]
fn an_import_of_a_fifo_is_refused_not_waited_for() {
    let d = dir("fifo");
    let fifo = d.join("f.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    let main = write(
        &d,
        "main.pol",
        "import \"f.fifo\"\n\npolicy P {\n  allow ecs:ListClusters on *\n}\n",
    );
    let started = Instant::now();
    for command in ["build", "check"] {
        let out = polc_with(&[command, &main], None);
        let said = format!("{}{}", text(&out), stderr(&out));
        assert!(
            said.contains("it is not a regular file"),
            "{command}: {said}"
        );
    }
    assert!(started.elapsed() < Duration::from_secs(30));
}

/// Issue 12.1: the files and bytes one compilation reads through imports
/// are bounded, whatever the shape of the imports.
#[test]
fn imports_read_a_bounded_number_of_files() {
    let d = dir("many-imports");
    // A chain of layers, each importing 20 distinct files of the next:
    // more distinct files than one compilation reads.
    for layer in 0..15 {
        for i in 0..20 {
            let imports: String = if layer < 14 {
                (0..20)
                    .map(|j| format!("import \"f{}-{j}.pol\"\n", layer + 1))
                    .collect()
            } else {
                String::new()
            };
            write(&d, &format!("f{layer}-{i}.pol"), &imports);
        }
    }
    let main = write(
        &d,
        "main.pol",
        "import \"f0-0.pol\"\n\npolicy P {\n  allow ecs:ListClusters on *\n}\n",
    );
    let out = polc_with(&["build", &main], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("read through imports; polc reads at most 256"),
        "{}",
        stderr(&out)
    );
}

/// Review of issue 12: bindings that repeat each other grew exponentially
/// (24 doublings of a list: 56 s and 8 GB). Each value and the whole
/// expansion of a file are bounded as they are built.
#[test]
fn bindings_that_double_are_bounded() {
    let d = dir("lets");
    let mut lists = String::from("let l0 = [\"arn:aws:s3:::a\", \"arn:aws:s3:::b\"]\n");
    let mut strings = String::from("let a0 = \"arn:aws:s3:::x\"\n");
    for i in 1..40 {
        lists.push_str(&format!("let l{i} = [l{}, l{}]\n", i - 1, i - 1));
        strings.push_str(&format!("let a{i} = \"{{a{}}}{{a{}}}\"\n", i - 1, i - 1));
    }
    lists.push_str("\npolicy P {\n  allow s3:GetObject on l39\n}\n");
    strings.push_str("\npolicy P {\n  allow s3:GetObject on a39\n}\n");
    let started = Instant::now();
    for (name, text) in [("lists.pol", &lists), ("strings.pol", &strings)] {
        let file = write(&d, name, text);
        let out = polc_with(&["build", &file], None);
        assert_ne!(out.status.code(), Some(0), "{name}");
        assert!(
            stderr(&out).contains("MiB of text"),
            "{name}: {}",
            stderr(&out)
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}

/// Eight times the input (`small` → `large`) takes nowhere near the 64
/// times quadratic work would: linear is about 8 (process start-up is in
/// both).
fn assert_linear(small: Duration, large: Duration, small_n: &str, large_n: &str) {
    assert!(
        large < small * 24 + Duration::from_millis(500),
        "{small_n}: {small:?}, {large_n}: {large:?}"
    );
}

/// Seconds `polc check` takes on `text`.
fn check_time(d: &Path, name: &str, text: &str) -> Duration {
    let file = write(d, name, text);
    let started = Instant::now();
    let out = polc_with(&["check", &file], None);
    let took = started.elapsed();
    assert!(out.status.code().is_some(), "{}", stderr(&out));
    took
}

/// Issue 12.2: the redundancy check compared long entries at pattern ×
/// text cost: 240 KB took 12 s. Its work is now bounded by the input's
/// length: eight times the input takes nowhere near 64 times as long.
#[test]
fn redundancy_work_grows_linearly_with_entry_length() {
    let d = dir("quadratic");
    let doc = |n: usize| {
        let wide = format!("arn:aws:s3:::b/*{}b", "?".repeat(n));
        let narrow = format!("arn:aws:s3:::b/{}", "a".repeat(2 * n));
        let middle = format!("arn:aws:s3:::b/*{}*", "?".repeat(n));
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["{wide}", "{middle}", "{narrow}"]}}]}}"#
        )
    };
    let small = check_time(&d, "small.json", &doc(10_000));
    let large = check_time(&d, "large.json", &doc(80_000));
    // Linear: about 8x; quadratic: 64x. Process start-up is in both.
    assert_linear(small, large, "10k", "80k");
    assert!(large < Duration::from_secs(20), "{large:?}");
}

/// Review of issue 12: wildcard action entries were compared pairwise by
/// expanding each over the catalog (200 `ec2:*N` entries: 43 s).
#[test]
fn action_redundancy_work_grows_linearly_with_entries() {
    let d = dir("actions");
    let doc = |n: usize| {
        let entries: Vec<String> = (0..n).map(|i| format!("\"ec2:*{i}\"")).collect();
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": [{}], "Resource": "*"}}, {{"Effect": "Allow", "Action": [{}], "Resource": "*"}}]}}"#,
            entries.join(","),
            entries.join(",").replace("ec2:", "s3:")
        )
    };
    let small = check_time(&d, "small.json", &doc(60));
    let large = check_time(&d, "large.json", &doc(480));
    assert_linear(small, large, "60", "480");
}

/// Review of issue 12: within the request limits, a long pattern against
/// long values still cost pattern × value by backtracking (58 s for one
/// decision); long texts are matched bit-parallel, linear in the text.
#[test]
fn authorize_work_grows_linearly_with_pattern_length() {
    let d = dir("authorize");
    let values: Vec<String> = (0..16).map(|_| format!("{}b", "a".repeat(4095))).collect();
    let request = write(
        &d,
        "request.json",
        &serde_json::json!({
            "principal": "arn:aws:iam::111122223333:user/a",
            "action": "s3:GetObject",
            "resource": "*",
            "context": {"aws:PrincipalTag/x": values},
        })
        .to_string(),
    );
    let time = |n: usize| {
        let pattern = format!("*{}c*b", "a?".repeat(n));
        let policy = write(
            &d,
            &format!("p{n}.json"),
            &serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Action": "s3:GetObject", "Resource": "*",
                "Condition": {"ForAnyValue:StringLike": {"aws:PrincipalTag/x": pattern}}}]})
            .to_string(),
        );
        let started = Instant::now();
        let out = polc_with(
            &["authorize", "--policy", &policy, "--request", &request],
            None,
        );
        assert_eq!(text(&out), "IMPLICIT_DENY\n", "{}", stderr(&out));
        started.elapsed()
    };
    let small = time(250);
    let large = time(2000);
    assert_linear(small, large, "250", "2000");
    assert!(large < Duration::from_secs(20), "{large:?}");
}

/// Second review of issue 12: many statements of long resources were
/// compared pairwise at the entries' length each, after the budget was
/// spent (512 statements of 2 KB resources: 66 s).
#[test]
fn statement_redundancy_work_grows_linearly() {
    let d = dir("statements");
    let doc = |n: usize| {
        let statements: Vec<String> = (0..n)
            .map(|k| {
                format!(
                    r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b{k}/{}"}}"#,
                    "x".repeat(2048)
                )
            })
            .collect();
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
            statements.join(",")
        )
    };
    let small = check_time(&d, "small.json", &doc(32));
    let large = check_time(&d, "large.json", &doc(256));
    assert_linear(small, large, "32", "256");
}

/// Third review of issue 12: a variable repeated in a value made the
/// pattern as long as its value times the repeats, rebuilt per match.
/// The request's context is bounded in all (64 KiB), and a pattern that
/// needs more characters than the text has is no match at once.
#[test]
fn variables_do_not_multiply_matching_work() {
    let d = dir("variables");
    let distinct: String = ('!'..='z').collect();
    let t: String = distinct.chars().cycle().take(4000).collect();
    let values: Vec<String> = (0..15).map(|_| "b".repeat(4096)).collect();
    let request = write(
        &d,
        "request.json",
        &serde_json::json!({
            "principal": "arn:aws:iam::111122223333:user/a",
            "action": "s3:GetObject",
            "resource": "*",
            "context": {"aws:PrincipalTag/t": t, "aws:PrincipalTag/x": values},
        })
        .to_string(),
    );
    let pattern = "*${aws:PrincipalTag/t}".repeat(8) + "*";
    let statements: Vec<serde_json::Value> = (0..30)
        .map(|_| {
            serde_json::json!({"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*",
                "Condition": {"ForAnyValue:StringLike": {"aws:PrincipalTag/x": pattern}}})
        })
        .chain([serde_json::json!({"Effect": "Allow", "Action": "*", "Resource": "*"})])
        .collect();
    let policy = write(
        &d,
        "policy.json",
        &serde_json::json!({"Version": "2012-10-17", "Statement": statements}).to_string(),
    );
    let started = Instant::now();
    let out = polc_with(
        &["authorize", "--policy", &policy, "--request", &request],
        None,
    );
    assert_eq!(text(&out), "ALLOW\n", "{}", stderr(&out));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

const NOBODY: &[&str] = &[
    r#"{"ArnLike": {"aws:SourceArn": "arn:aws:route53:::hostedzone/*"}}"#,
    r#"{"StringEquals": {"aws:userid": "anonymous"}}"#,
    r#"{"StringLike": {"aws:PrincipalOrgID": "o*"}}"#,
    r#"{"StringLike": {"aws:userid": "*AROA*"}}"#,
    r#"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/${aws:ResourceAccount}"}}"#,
    r#"{"IpAddress": {"aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3", "2000::/3"]}}"#,
    r#"{"StringEquals": {"aws:PrincipalServiceName": "cloudtrail.amazonaws.com"}}"#,
    r#"{"StringLike": {"aws:PrincipalAccount": "????????????"}}"#,
    r#"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:*"}}"#,
    r#"{"IpAddress": {"aws:SourceIp": ["0.0.0.0/0", "::/0"]}}"#,
    r#"{"ForAllValues:StringEquals": {"aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/r-ab12/"]}}"#,
    r#"{"StringLike": {"aws:PrincipalOrgID": "o-*"}}"#,
    r#"{"StringEquals": {"aws:PrincipalAccount": "${aws:PrincipalAccount}"}}"#,
];

/// Issue 12.4: conditions that limit nobody do not silence
/// PUBLIC_PRINCIPAL, in JSON and in `.pol` resource blocks.
#[test]
fn public_principal_is_not_silenced_by_conditions_that_limit_nobody() {
    let d = dir("public");
    for (i, condition) in NOBODY.iter().enumerate() {
        let file = write(
            &d,
            &format!("trust{i}.json"),
            &format!(
                r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "*"}}, "Action": "sts:AssumeRole", "Condition": {condition}}}]}}"#
            ),
        );
        let out = polc_with(
            &["check", "--policy-type", "trust", "--deny-warnings", &file],
            None,
        );
        assert_eq!(out.status.code(), Some(1), "{condition}");
        assert!(
            text(&out).contains("PUBLIC_PRINCIPAL"),
            "{condition}: {}",
            text(&out)
        );
    }
    let limited = write(
        &d,
        "limited.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#,
    );
    let out = polc_with(&["check", "--policy-type", "trust", &limited], None);
    assert!(!text(&out).contains("PUBLIC_PRINCIPAL"), "{}", text(&out));

    // A `.pol` resource block: the same rule on what it compiles to.
    let pol = write(
        &d,
        "bucket.pol",
        "resource Bucket {\n  allow anyone to s3:GetObject on \"arn:aws:s3:::assets/*\"\n      if aws:SourceIp in [\"0.0.0.0/0\", \"::/0\"]\n}\n",
    );
    let like = write(
        &d,
        "like.pol",
        "resource Bucket {\n  allow anyone to s3:GetObject on \"arn:aws:s3:::assets/*\"\n      if aws:PrincipalOrgID like \"o*\"\n}\n",
    );
    for (command, pol) in [
        ("check", &pol),
        ("build", &pol),
        ("check", &like),
        ("build", &like),
    ] {
        let out = polc_with(&[command, pol, "--deny-warnings"], None);
        let said = format!("{}{}", text(&out), stderr(&out));
        assert!(said.contains("PUBLIC_PRINCIPAL"), "{command}: {said}");
        assert_ne!(out.status.code(), Some(0), "{command}: {said}");
    }
}

/// Issue 12.5: NotResource forms of iam:PassRole get Access Analyzer's
/// security warnings.
#[test]
fn not_resource_forms_are_reported() {
    let d = dir("not-resource");
    for (body, code) in [
        (
            r#""Action": "iam:PassRole", "NotResource": "arn:aws:iam::111122223333:role/admin""#,
            "PASS_ROLE_WITH_NOT_RESOURCE",
        ),
        (
            r#""Action": "*", "NotResource": "arn:aws:s3:::secrets/*""#,
            "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
        ),
        (
            r#""NotAction": "s3:*", "NotResource": "arn:aws:s3:::secrets/*""#,
            "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE",
        ),
    ] {
        let file = write(
            &d,
            "p.json",
            &format!(
                r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", {body}}}]}}"#
            ),
        );
        let out = polc_with(
            &["check", &file, "--format", "json", "--deny-warnings"],
            None,
        );
        assert_eq!(out.status.code(), Some(1), "{code}: {}", text(&out));
        assert!(text(&out).contains(code), "{code}: {}", text(&out));
        assert!(text(&out).contains("SECURITY_WARNING"), "{code}");
    }
}

fn dir(name: &str) -> PathBuf {
    common::temp_dir("sec", name)
}

/// Review 57: a control character written as a JSON escape in a policy
/// (`\u001b[2J`) reached the terminal as itself in `check`'s and
/// `authorize`'s text, where it could clear the screen or rewrite a line.
#[test]
fn control_characters_of_a_policy_are_printed_escaped() {
    let d = dir("control");
    let sid = write(
        &d,
        "sid.json",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"A\u001b[2J\u0007","Effect":"Allow","Action":"s3:Get\u001b[31mObject\r","Resource":"*"}]}"#,
    );
    let resource = write(
        &d,
        "resource.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b\u001b[31m/*"}]}"#,
    );
    let request = write(
        &d,
        "request.json",
        r#"{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"}"#,
    );
    // Review 58: a bidirectional override, a line separator, and a `.pol`
    // string whose `\r\n` would forge a line of `authorize`'s message.
    let bidi = write(
        &d,
        "bidi.json",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"S\u2028","Effect":"Allow","Action":"s3:GetObject\u202e","Resource":"*"}]}"#,
    );
    let pol = write(
        &d,
        "forged.pol",
        "policy P {\n  deny [\"s3:Put\\r\\nFAKE: ALLOW\"] on *\n}\n",
    );
    // Standard output and error of `polc --color never ARGS`.
    let said = |args: &[&str]| {
        let out = polc_with(&[&["--color", "never"], args].concat(), None);
        format!("{}{}", text(&out), stderr(&out))
    };
    let (pol, sid, resource, request) = (
        pol.as_str(),
        sid.as_str(),
        resource.as_str(),
        request.as_str(),
    );
    for args in [
        vec!["check", bidi.as_str()],
        vec!["authorize", "--policy", pol, "--request", request],
    ] {
        let said = said(&args);
        assert!(
            !said.contains(['\u{202e}', '\u{2028}', '\r']) && !said.contains("\nFAKE"),
            "{args:?}: {said:?}"
        );
    }
    for args in [
        vec!["check", sid],
        vec!["authorize", "--policy", sid, "--request", request],
        vec![
            "authorize",
            "--explain",
            "--policy",
            resource,
            "--request",
            request,
        ],
    ] {
        let said = said(&args);
        assert!(said.contains("\\u{1b}"), "{args:?}: {said}");
        assert!(
            !said.contains(['\u{1b}', '\u{7}', '\r']),
            "{args:?}: {said:?}"
        );
    }
}

/// Review 58: a `--within` baseline the evaluator refuses (an action IAM
/// refuses) made "polc cannot compare" a warning, and the check passed.
#[test]
fn a_within_baseline_that_cannot_be_compared_fails_the_check() {
    let d = dir("within");
    let baseline = write(
        &d,
        "baseline.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["s3:GetObject "],"Resource":"*"}]}"#,
    );
    let policy = write(
        &d,
        "policy.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}"#,
    );
    let out = polc_with(&["check", "--within", &baseline, &policy], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("cannot compare"), "{}", text(&out));
}
