#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]
//! `polc diff` end to end: added, removed and undecided regions, each
//! example replayed through `polc authorize` on both sides, the output
//! formats, the exit codes, `.pol` input and bad input.

mod common;

use common::{polc_with, stderr, temp_dir, text, write};
use serde_json::Value;

const OLD: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"]},
  {"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "*", "Condition": {"StringEquals": {"ecs:cluster": "arn:aws:ecs:us-east-1:111122223333:cluster/prod"}}},
  {"Effect": "Allow", "Action": "ecs:StopTask", "Resource": "*"}
]}"#;

const NEW: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["s3:Get*", "s3:ListBucket"], "Resource": ["arn:aws:s3:::logs*"]},
  {"Effect": "Deny", "Action": "s3:GetObjectAcl", "Resource": "*"},
  {"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "*", "Condition": {"StringLike": {"ecs:cluster": "arn:aws:ecs:us-east-1:111122223333:cluster/*"}}},
  {"Effect": "Allow", "Action": "ecs:StopTask", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}},
  {"Effect": "Allow", "Action": "ecs:TagResource", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": ["team"]}}}
]}"#;

/// Runs `polc diff` with JSON output; the exit code and the document.
fn diff(args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["diff", "--format", "json"];
    all.extend_from_slice(args);
    let out = polc_with(&all, None);
    let json = serde_json::from_str(&text(&out)).unwrap_or(Value::Null);
    (out.status.code(), json)
}

/// The decision `polc authorize` prints for `request` under `policy`.
fn decide(
    dir: &std::path::Path,
    policy: &str,
    request: &Value,
    resource_policy: Option<&str>,
) -> String {
    let req = write(dir, "request.json", &request.to_string());
    let mut args = vec!["authorize", "--policy", policy, "--request", &req];
    if let Some(rp) = resource_policy {
        args.extend(["--resource-policy", rp]);
    }
    let out = polc_with(&args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    text(&out).trim().to_owned()
}

/// Replays every example: `authorize` decides it as its region says
/// (`name`: the test's own directory; tests run at once).
fn replay(name: &str, old: &str, new: &str, json: &Value) {
    let dir = temp_dir("diff-replay", name);
    for (kind, with, without) in [("added", new, old), ("removed", old, new)] {
        for region in json[kind].as_array().unwrap() {
            let example = &region["example"];
            let resource_policy = region
                .get("resource_policy")
                .map(|p| write(&dir, "resource.json", &p.to_string()));
            assert_eq!(
                decide(&dir, with, example, resource_policy.as_deref()),
                "ALLOW",
                "{region}"
            );
            assert_ne!(
                decide(&dir, without, example, resource_policy.as_deref()),
                "ALLOW",
                "{region}"
            );
        }
    }
}

#[test]
fn added_removed_and_undecided_with_examples_that_replay() {
    let dir = temp_dir("diff", "basic");
    let old = write(&dir, "old.json", OLD);
    let new = write(&dir, "new.json", NEW);
    let (code, json) = diff(&[&old, &new]);
    assert_eq!(code, Some(1), "added access: exit 1");
    let added = json["added"].as_array().unwrap();
    // s3:Get* on logs* beyond the old resources, and the wider cluster.
    assert!(added.iter().any(|r| {
        r["actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "s3:GetObject")
            && r["resources"] == serde_json::json!(["arn:aws:s3:::logs*"])
    }));
    assert!(
        added
            .iter()
            .any(|r| r["actions"] == serde_json::json!(["ecs:RunTask"]))
    );
    // The denied action is in no added region.
    assert!(added.iter().all(|r| {
        !r["actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "s3:GetObjectAcl")
    }));
    // A numeric condition now guards StopTask: removed where the MFA
    // age is absent or 3600 and more.
    let removed = json["removed"].as_array().unwrap();
    assert!(
        removed
            .iter()
            .any(|r| r["actions"] == serde_json::json!(["ecs:StopTask"])
                && r["example"]["context"]
                    .get("aws:MultiFactorAuthAge")
                    .is_none_or(|v| v == "3600")),
        "{json:#}"
    );
    // A condition on a multivalued key: not decided, never "no
    // difference".
    let undecided = json["undecided"].as_array().unwrap();
    assert!(
        undecided
            .iter()
            .any(|r| r["actions"] == serde_json::json!(["ecs:TagResource"])
                && r["change"] == "added"
                && r["reason"].as_str().unwrap().contains("several values")),
        "{json:#}"
    );
    replay("basic", &old, &new, &json);
    // The other way round: the same regions, removed.
    let (code, back) = diff(&[&new, &old, "--fail-on", "removed"]);
    assert_eq!(code, Some(1));
    assert_eq!(back["removed"].as_array().unwrap().len(), added.len());
    replay("basic-back", &new, &old, &back);
}

#[test]
fn no_difference_exits_zero_and_fail_on_chooses() {
    let dir = temp_dir("diff", "same");
    let old = write(&dir, "old.json", OLD);
    // The same statements, in another order and split differently.
    let reordered = r#"{"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "ecs:StopTask", "Resource": "*"},
      {"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "*", "Condition": {"StringEquals": {"ecs:cluster": "arn:aws:ecs:us-east-1:111122223333:cluster/prod"}}},
      {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": ["arn:aws:s3:::logs/*", "arn:aws:s3:::logs"]},
      {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"]}
    ]}"#;
    let new = write(&dir, "new.json", reordered);
    let (code, json) = diff(&[&old, &new, "--fail-on", "any"]);
    assert_eq!(code, Some(0), "{json:#}");
    assert_eq!(json["added"], serde_json::json!([]));
    assert_eq!(json["removed"], serde_json::json!([]));
    assert_eq!(json["undecided"], serde_json::json!([]));
    // Removed access does not fail the default `--fail-on added`.
    let narrower = write(&dir, "narrower.json", &common::allow(r#""ecs:StopTask""#));
    let (code, json) = diff(&[&old, &narrower]);
    assert_eq!(code, Some(0), "{json:#}");
    assert!(!json["removed"].as_array().unwrap().is_empty());
    let (code, _) = diff(&[&old, &narrower, "--fail-on", "none"]);
    assert_eq!(code, Some(0));
    // A variable's key in another case is the same key (review 51); another
    // key is a change polc cannot decide.
    let variable = |resource_key: &str, prefix_key: &str| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${{{resource_key}}}/*", "Condition": {{"StringLike": {{"s3:prefix": "${{{prefix_key}, 'x'}}/*"}}}}}}]}}"#
        )
    };
    let lower = write(
        &dir,
        "lower.json",
        &variable("aws:username", "aws:username"),
    );
    let upper = write(
        &dir,
        "upper.json",
        &variable("AWS:UserName", "Aws:Username"),
    );
    let (code, json) = diff(&[&lower, &upper, "--fail-on", "any"]);
    assert_eq!(code, Some(0), "{json:#}");
    let other = write(&dir, "other.json", &variable("aws:userid", "aws:username"));
    let (code, json) = diff(&[&lower, &other, "--fail-on", "any"]);
    assert_eq!(code, Some(1), "{json:#}");
    assert!(!json["undecided"].as_array().unwrap().is_empty());
    // A condition polc reads as opaque (a key the principal implies, a
    // multivalued key): its `${` read as a variable or as text (Version
    // 2008) is a change; its key in another case is not (review 55).
    let opaque = |version: &str, key: &str, variable: &str| {
        format!(
            r#"{{"Version": "{version}", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {{"StringEquals": {{"{key}": "arn:aws:iam::111122223333:user/${{{variable}}}"}}}}}}]}}"#
        )
    };
    let old = write(
        &dir,
        "o2008.json",
        &opaque("2008-10-17", "aws:PrincipalArn", "aws:username"),
    );
    for (name, version, key, variable, changed) in [
        (
            "n2012.json",
            "2012-10-17",
            "aws:PrincipalArn",
            "aws:username",
            true,
        ),
        (
            "n2012u.json",
            "2012-10-17",
            "aws:PrincipalArn",
            "AWS:UserName",
            true,
        ),
        (
            "n2008k.json",
            "2008-10-17",
            "AWS:principalarn",
            "aws:username",
            false,
        ),
    ] {
        let new = write(&dir, name, &opaque(version, key, variable));
        let (code, json) = diff(&[&old, &new, "--fail-on", "any"]);
        assert_eq!(code, Some(i32::from(changed)), "{name}: {json:#}");
    }
    // `Resource` and `NotResource` of the same variable do not make every
    // resource: where the variable has no value, neither applies (review
    // 56).
    let both = write(
        &dir,
        "both.json",
        r#"{"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${aws:PrincipalTag/x}"},
          {"Effect": "Allow", "Action": "s3:GetObject", "NotResource": ["arn:aws:s3:::${aws:PrincipalTag/x}"]}]}"#,
    );
    let every = write(&dir, "every.json", &common::allow(r#""s3:GetObject""#));
    let (code, json) = diff(&[&both, &every, "--fail-on", "any"]);
    assert_eq!(code, Some(1), "{json:#}");
    assert!(
        !json["undecided"].as_array().unwrap().is_empty(),
        "{json:#}"
    );
}

#[test]
fn text_output_and_standard_input() {
    let dir = temp_dir("diff", "text");
    let old = write(&dir, "old.json", OLD);
    let out = polc_with(&["diff", &old, "-"], Some(NEW.as_bytes()));
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with("+ ecs:RunTask on * when ecs:cluster")),
        "{shown}"
    );
    assert!(shown.contains("    example: {\"action\":"), "{shown}");
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with("? may add: ecs:TagResource")),
        "{shown}"
    );
    let summary = shown.lines().last().unwrap();
    assert!(
        summary.ends_with(" undecided") && summary.contains(" added, 1 removed, "),
        "{shown}"
    );
    // `s3:Get*` reaches actions the catalog lacks: one name stands for
    // them, and says so.
    assert!(
        shown.contains(
            "+ s3:GetExample on arn:aws:s3:::logs*\n    s3:GetExample stands for every action outside polc's catalog that matches `s3:Get*`\n"
        ),
        "{shown}"
    );
}

#[test]
fn pol_files_and_blocks() {
    let dir = temp_dir("diff", "pol");
    let old = write(
        &dir,
        "old.pol",
        "param account: account_id\n\npolicy Deploy {\n  allow ecs:UpdateService on ecs.service(\"prod\", \"web\", account = account, region = \"us-east-1\")\n}\n\npolicy Read {\n  allow ecs:ListClusters on *\n}\n",
    );
    let new = write(
        &dir,
        "new.pol",
        "param account: account_id\n\npolicy Deploy {\n  allow ecs:UpdateService on ecs.service(\"prod\", \"*\", account = account, region = \"us-east-1\")\n}\n\npolicy Read {\n  allow ecs:ListClusters on *\n}\n",
    );
    let out = polc_with(&["diff", &old, &new, "-p", "account=111122223333"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--block NAME"), "{}", stderr(&out));
    let (code, json) = diff(&[
        &old,
        &new,
        "-p",
        "account=111122223333",
        "--block",
        "Deploy",
    ]);
    assert_eq!(code, Some(1), "{json:#}");
    let added = json["added"].as_array().unwrap();
    assert_eq!(added.len(), 1, "{json:#}");
    assert_eq!(
        added[0]["actions"],
        serde_json::json!(["ecs:UpdateService"])
    );
    let (code, json) = diff(&[&old, &new, "-p", "account=111122223333", "--block", "Read"]);
    assert_eq!(code, Some(0), "{json:#}");
    let out = polc_with(
        &[
            "diff",
            &old,
            &new,
            "-p",
            "account=111122223333",
            "--block",
            "Nope",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no `policy` block named `Nope`"),
        "{}",
        stderr(&out)
    );
}

/// `resource` and `trust` blocks are not compared: a `.pol` OLD or NEW
/// that has them is refused (exit 2) unless `--block` names the `policy`
/// block to compare, and `--block` naming one says what it is. Left out
/// silently, a bucket policy opened to anyone was "no change".
#[test]
fn resource_and_trust_blocks_are_refused_not_dropped() {
    let dir = temp_dir("diff", "pol-kinds");
    let app = "policy App {\n  allow s3:GetObject on \"arn:aws:s3:::assets/*\"\n}\n";
    let old = write(
        &dir,
        "old.pol",
        &format!(
            "{app}\nresource Assets {{\n  allow aws \"arn:aws:iam::111122223333:role/web\" to s3:GetObject on \"arn:aws:s3:::assets/*\"\n}}\n"
        ),
    );
    let new = write(
        &dir,
        "new.pol",
        &format!(
            "{app}\nresource Assets {{\n  allow anyone to s3:* on \"arn:aws:s3:::assets/*\"\n}}\n\ntrust Web {{\n  allow aws \"*\" to sts:AssumeRole\n}}\n"
        ),
    );
    let out = polc_with(&["diff", &old, &new, "--fail-on", "any"], None);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).is_empty());
    let said = stderr(&out);
    assert!(said.contains("resource Assets"), "{said}");
    assert!(said.contains("--block NAME"), "{said}");
    let out = polc_with(&["diff", &old, &new, "--block", "Assets"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is a `resource` block"),
        "{}",
        stderr(&out)
    );
    // Naming the policy block compares it.
    let (code, json) = diff(&[&old, &new, "--block", "App"]);
    assert_eq!(code, Some(0), "{json:#}");
}

/// A `-p` that no `.pol` file compared declares, and `--block` with JSON
/// on both sides, are refused (exit 2), as `build` refuses them: ignored,
/// a typo compared the default instead.
#[test]
fn parameters_and_blocks_that_name_nothing_are_refused() {
    let dir = temp_dir("diff", "pol-params");
    let pol = "param region: string = \"*\"\n\npolicy App {\n  allow ecs:ListClusters on *\n}\n";
    let old = write(&dir, "old.pol", pol);
    let new = write(&dir, "new.pol", pol);
    let out = polc_with(&["diff", &old, &new, "-p", "regoin=us-east-1"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`-p regoin=...` names no parameter"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("(theirs: region)"),
        "{}",
        stderr(&out)
    );
    let (code, _) = diff(&[&old, &new, "-p", "region=us-east-1"]);
    assert_eq!(code, Some(0));
    let old = write(&dir, "old.json", OLD);
    let new = write(&dir, "new.json", NEW);
    let out = polc_with(&["diff", &old, &new, "--block", "App"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("OLD and NEW are JSON documents"),
        "{}",
        stderr(&out)
    );
    let out = polc_with(&["diff", &old, &new, "-p", "account=111122223333"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("(theirs: none)"), "{}", stderr(&out));
}

#[test]
fn a_kms_key_region_carries_the_key_policy_it_was_decided_with() {
    let dir = temp_dir("diff", "kms");
    let key = "arn:aws:kms:*:*:key/*";
    let old = write(&dir, "old.json", &common::allow_on(r#""kms:Encrypt""#, key));
    let new = write(
        &dir,
        "new.json",
        &common::allow_on(r#"["kms:Encrypt", "kms:Decrypt"]"#, key),
    );
    let (code, json) = diff(&[&old, &new]);
    assert_eq!(code, Some(1));
    let added = json["added"].as_array().unwrap();
    assert_eq!(added.len(), 1, "{json:#}");
    assert_eq!(
        added[0]["actions"],
        serde_json::json!(["kms:Decrypt"]),
        "{json:#}"
    );
    assert!(
        added[0]["example"]["resource"]
            .as_str()
            .unwrap()
            .contains(":key/")
    );
    // IAM wants the key policy too: the region gives the one its example
    // was decided with.
    assert!(added[0]["resource_policy"].is_object(), "{json:#}");
    replay("kms", &old, &new, &json);
}

#[test]
fn bad_input_exits_two_with_the_reason() {
    let dir = temp_dir("diff", "bad");
    let good = write(&dir, "good.json", OLD);
    let bad = write(
        &dir,
        "bad.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:RunTask"}]}"#,
    );
    let out = polc_with(&["diff", &good, &bad], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bad.json"), "{}", stderr(&out));
    let out = polc_with(&["diff", &good, &good, "--policy-type", "resource"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not compared yet"),
        "{}",
        stderr(&out)
    );
    let out = polc_with(&["diff", "-", "-"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = polc_with(
        &["diff", &good, &dir.join("missing.json").to_string_lossy()],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.json"), "{}", stderr(&out));
}

#[test]
fn control_characters_of_a_policy_are_escaped_in_text() {
    let dir = temp_dir("diff", "control");
    let old = write(
        &dir,
        "old.json",
        &common::allow_on(r#""s3:GetObject""#, "arn:aws:s3:::safe/*"),
    );
    let new = write(
        &dir,
        "new.json",
        &common::allow_on(
            r#""s3:GetObject""#,
            "*\\u001b[2K\\r0 added, 0 removed, 0 undecided",
        ),
    );
    let out = polc_with(&["diff", &old, &new], None);
    let shown = text(&out);
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\r'),
        "{shown:?}"
    );
    assert!(shown.contains("\\u{1b}"), "{shown}");
}

#[test]
fn actions_outside_the_catalog_are_compared() {
    let dir = temp_dir("diff", "unlisted");
    let all = r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#;
    let doc =
        |statements: &str| format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#);
    // A Deny on a service the catalog lacks, dropped.
    let old = write(
        &dir,
        "old.json",
        &doc(&format!(
            r#"{all}, {{"Effect": "Deny", "Action": "newsvc:*", "Resource": "*"}}"#
        )),
    );
    let new = write(&dir, "new.json", &doc(all));
    let (code, json) = diff(&[&old, &new]);
    assert_eq!(code, Some(1), "{json:#}");
    assert!(
        json["added"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["actions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a.as_str().unwrap().starts_with("newsvc:"))),
        "{json:#}"
    );
    replay("unlisted", &old, &new, &json);
    // `ecs:Zq*` and `ecs:Zq?*` differ on `ecs:Zq` alone.
    let ecs = r#"{"Effect": "Allow", "Action": "ecs:*", "Resource": "*"}"#;
    let old = write(
        &dir,
        "old2.json",
        &doc(&format!(
            r#"{ecs}, {{"Effect": "Deny", "Action": "ecs:Zq*", "Resource": "*"}}"#
        )),
    );
    let new = write(
        &dir,
        "new2.json",
        &doc(&format!(
            r#"{ecs}, {{"Effect": "Deny", "Action": "ecs:Zq?*", "Resource": "*"}}"#
        )),
    );
    let (code, json) = diff(&[&old, &new]);
    assert_eq!(code, Some(1), "{json:#}");
    assert!(
        json["added"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["actions"] == serde_json::json!(["ecs:Zq"])
                && r["stands_for"]["ecs:Zq"]
                    == "every action outside polc's catalog that matches `ecs:Zq*` and none of `ecs:Zq?*`"),
        "{json:#}"
    );
    replay("unlisted-2", &old, &new, &json);
}

/// `polc check --within FILE` on the same engine: each finding is at a
/// statement that allows its example, which `authorize` allows under the
/// policy and not under the baseline; an undecided difference is a
/// finding too.
#[test]
fn check_within_findings_carry_examples_that_replay() {
    let dir = temp_dir("diff", "within");
    let baseline = write(&dir, "baseline.json", OLD);
    let policy = write(&dir, "policy.json", NEW);
    let (json, findings) = within(&baseline, &policy);
    let decided: Vec<&Value> = findings
        .iter()
        .filter(|f| f.get("example").is_some())
        .collect();
    // `s3:Get*` on `logs*` (statement 0) and `ecs:RunTask` on any cluster
    // (statement 2).
    let at: Vec<Value> = decided
        .iter()
        .map(|f| f["locations"][0]["path"][1]["index"].clone())
        .collect();
    assert_eq!(at, [serde_json::json!(0), serde_json::json!(2)], "{json:#}");
    for finding in &decided {
        let example = &finding["example"];
        assert_eq!(decide(&dir, &policy, example, None), "ALLOW", "{finding}");
        assert_ne!(decide(&dir, &baseline, example, None), "ALLOW", "{finding}");
    }
    // Beyond a baseline that allows `ecs:StopTask` only under a condition
    // on a multivalued key: not decided, still said.
    let numeric = write(
        &dir,
        "numeric.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:StopTask", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": "team"}}}]}"#,
    );
    let plain = write(
        &dir,
        "plain.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:StopTask", "Resource": "*"}]}"#,
    );
    let (json, findings) = within(&numeric, &plain);
    assert!(
        findings.iter().any(|f| f.get("example").is_none()
            && f["findingDetails"]
                .as_str()
                .unwrap()
                .starts_with("this statement may grant `ecs:StopTask")
            && f["help"].as_str().unwrap().contains("aws:TagKeys")),
        "{json:#}"
    );
    // A narrow statement whose excess a wide one also grants has its own
    // finding (found by the outside review), with its own example.
    let get = write(
        &dir,
        "get.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
    );
    let both = write(
        &dir,
        "both.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}, {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]}"#,
    );
    let (json, flagged) = within(&get, &both);
    assert_eq!(flagged.len(), 2, "{json:#}");
    let narrow = write(
        &dir,
        "narrow.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
    );
    for finding in &flagged {
        let example = &finding["example"];
        assert_eq!(decide(&dir, &both, example, None), "ALLOW", "{finding}");
        assert_ne!(decide(&dir, &get, example, None), "ALLOW", "{finding}");
        if finding["locations"][0]["path"][1]["index"] == 0 {
            assert_eq!(decide(&dir, &narrow, example, None), "ALLOW", "{finding}");
        }
    }
    // Within itself: nothing.
    let (json, findings) = within(&policy, &policy);
    assert!(findings.is_empty(), "{json:#}");
}

/// `polc check --format json --within BASELINE POLICY`: the report, and
/// its `EXCEEDS_MANAGED_POLICY` findings.
fn within(baseline: &str, policy: &str) -> (Value, Vec<Value>) {
    let out = polc_with(
        &["check", "--format", "json", "--within", baseline, policy],
        None,
    );
    let json: Value = serde_json::from_str(&text(&out)).unwrap();
    let findings = json[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["issueCode"] == "EXCEEDS_MANAGED_POLICY")
        .cloned()
        .collect();
    (json, findings)
}

/// A `Deny` that denies nothing its own policy allows (a guardrail) still
/// denies what the principal's other policies allow: lifting it is a
/// change, counted as added, its example denied explicitly under OLD only.
#[test]
fn a_lifted_deny_is_a_change() {
    let dir = temp_dir("diff", "deny");
    let old = write(
        &dir,
        "old.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}"#,
    );
    let new = write(
        &dir,
        "new.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::prod-*"}]}"#,
    );
    let (code, json) = diff(&[&old, &new]);
    assert_eq!(code, Some(1), "{json:#}");
    let lifted = json["deny_removed"].as_array().unwrap();
    assert_eq!(lifted.len(), 1, "{json:#}");
    assert_eq!(
        lifted[0]["excluding"],
        serde_json::json!(["arn:aws:s3:::prod-*"])
    );
    let example = &lifted[0]["example"];
    assert_eq!(decide(&dir, &old, example, None), "EXPLICIT_DENY");
    assert_ne!(decide(&dir, &new, example, None), "EXPLICIT_DENY");
    // The reverse adds a deny: not added access.
    let (code, json) = diff(&[&new, &old]);
    assert_eq!(code, Some(0), "{json:#}");
    assert_eq!(json["deny_added"].as_array().unwrap().len(), 1, "{json:#}");
    let (code, _) = diff(&[&new, &old, "--fail-on", "removed"]);
    assert_eq!(code, Some(1));
    let out = polc_with(&["diff", &old, &new], None);
    assert!(
        text(&out).contains("+ deny lifted (allowed wherever another policy allows it): s3:DeleteBucket on * excluding arn:aws:s3:::prod-*\n"),
        "{}",
        text(&out)
    );
}

/// A limit compared: a permissions boundary, an SCP, beside the
/// principal's identity policy (or one that allows everything), each
/// example replayed through `polc authorize` with the same policies.
#[test]
fn limits_are_compared_within_the_principals_policies() {
    let dir = temp_dir("diff", "limits");
    let limit_old = write(
        &dir,
        "limit-old.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "ecs:Describe*"], "Resource": "*"}]}"#,
    );
    let limit_new = write(
        &dir,
        "limit-new.json",
        r#"{"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": ["s3:Get*", "ecs:*"], "Resource": "*"},
          {"Effect": "Deny", "Action": "ecs:DeleteCluster", "Resource": "*"}]}"#,
    );
    let identity = write(
        &dir,
        "identity.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecs:RunTask", "ecs:DescribeClusters", "s3:PutObject"], "Resource": "*"}]}"#,
    );
    let allow_all = write(
        &dir,
        "all.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
    );
    let names = |regions: &Value| -> Vec<String> {
        regions
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["actions"].as_array().unwrap().clone())
            .map(|a| a.as_str().unwrap().to_owned())
            .collect()
    };
    // (the flags, how `authorize` places OLD or NEW, the identity policy)
    for (flags, place, principal) in [
        (vec!["--policy-type", "boundary"], "--boundary", &allow_all),
        (
            vec!["--policy-type", "boundary", "--policy", &identity],
            "--boundary",
            &identity,
        ),
        (
            vec!["--policy-type", "scp", "--policy", &identity],
            "--scp",
            &identity,
        ),
    ] {
        let mut args = vec![limit_old.as_str(), limit_new.as_str()];
        args.extend(flags.iter().copied());
        let (code, json) = diff(&args);
        assert_eq!(code, Some(1), "{json:#}");
        let (added, removed) = (names(&json["added"]), names(&json["removed"]));
        assert!(names(&json["deny_added"]).contains(&"ecs:DeleteCluster".to_owned()));
        if principal == &identity {
            // Within the identity policy: RunTask added, PutObject removed.
            assert_eq!(added, ["ecs:RunTask"], "{json:#}");
            assert_eq!(removed, ["s3:PutObject"], "{json:#}");
        } else {
            assert!(added.contains(&"ecs:RunTask".to_owned()) && added.len() > 10);
            assert!(removed.contains(&"s3:PutObject".to_owned()));
        }
        for (kind, with, without) in [
            ("added", &limit_new, &limit_old),
            ("removed", &limit_old, &limit_new),
        ] {
            for region in json[kind].as_array().unwrap() {
                let request = write(&dir, "request.json", &region["example"].to_string());
                let decide = |limit: &str| {
                    let out = polc_with(
                        &[
                            "authorize",
                            "--policy",
                            principal,
                            place,
                            limit,
                            "--request",
                            &request,
                        ],
                        None,
                    );
                    text(&out).trim().to_owned()
                };
                assert_eq!(decide(with), "ALLOW", "{region}");
                assert_ne!(decide(without), "ALLOW", "{region}");
            }
        }
    }
    // The identity policy changes within a boundary that stays.
    let (code, json) = diff(&[&identity, &limit_new, "--boundary", &limit_old]);
    assert_eq!(code, Some(1));
    assert!(!names(&json["added"]).contains(&"ecs:RunTask".to_owned()));
    assert!(names(&json["added"]).contains(&"ecs:DescribeServices".to_owned()));
    // A boundary both compared and given; trust policies.
    let out = polc_with(
        &[
            "diff",
            &limit_old,
            &limit_new,
            "--policy-type",
            "boundary",
            "--boundary",
            &limit_old,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = polc_with(
        &["diff", &limit_old, &limit_new, "--policy-type", "trust"],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// A request goes to its resource's region: a region whose requests give
/// `aws:RequestedRegion` has its example's resource there (the example
/// was in `us-east-1` and the region undecided, as no request AWS could
/// receive).
#[test]
fn an_example_resource_is_in_the_requested_region() {
    let dir = temp_dir("diff", "requested-region");
    let old = write(&dir, "old.json", &common::allow(r#""s3:GetObject""#));
    let new = write(
        &dir,
        "new.json",
        r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Effect": "Allow", "Action": "ecs:DescribeClusters", "Resource": "arn:aws:ecs:*:*:cluster/*",
             "Condition": {"StringEquals": {"aws:RequestedRegion": "us-west-2"}}}]}"#,
    );
    let (code, json) = diff(&[&old, &new]);
    assert_eq!(code, Some(1), "{json:#}");
    assert_eq!(json["undecided"], serde_json::json!([]), "{json:#}");
    let example = &json["added"][0]["example"];
    assert_eq!(
        example["resource"], "arn:aws:ecs:us-west-2:111122223333:cluster/example",
        "{json:#}"
    );
    assert_eq!(example["context"]["aws:RequestedRegion"], "us-west-2");
}

/// AWS sends `aws:RequestedRegion` with every request: a region whose only
/// requests lack it (a resource in `us-east-1` when the key is not like
/// `us-*`) is no addition; polc, which does not tie the key to the
/// resource's region, leaves it undecided rather than show an example
/// without the key (outside review 32).
#[test]
fn a_request_always_gives_its_region() {
    let dir = temp_dir("diff", "requested-region-given");
    let old = write(
        &dir,
        "old.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:DescribeClusters",
            "Resource": "arn:aws:ecs:*:111122223333:cluster/*", "Condition": {"StringLike": {"aws:RequestedRegion": "us-*"}}}]}"#,
    );
    let new = write(
        &dir,
        "new.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:DescribeClusters",
            "Resource": "arn:aws:ecs:us-east-1:111122223333:cluster/*"}]}"#,
    );
    let (_, json) = diff(&[&old, &new]);
    assert_eq!(json["added"], serde_json::json!([]), "{json:#}");
    for region in json["removed"].as_array().unwrap() {
        let example = &region["example"];
        let requested = example["context"]["aws:RequestedRegion"].as_str().unwrap();
        assert!(
            example["resource"]
                .as_str()
                .unwrap()
                .contains(&format!(":{requested}:")),
            "{json:#}"
        );
    }
}

/// Review 43: an example gives a key AWS always sends, and a Boolean key a
/// Boolean (it gave `aws:SecureTransport` the value `example`); it
/// replays as its region says.
#[test]
fn examples_give_booleans_to_boolean_keys() {
    let dir = temp_dir("diff", "boolean-examples");
    let old = write(
        &dir,
        "old.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}"#,
    );
    let new = write(
        &dir,
        "new.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
    );
    let (code, json) = diff(&[&old, &new]);
    assert_eq!(code, Some(1), "{json}");
    let value = &json["added"][0]["example"]["context"]["aws:SecureTransport"];
    assert_eq!(value, "false", "{json}");
    replay("boolean-examples", &old, &new, &json);
    // A service's Boolean key too (review 44).
    let old = write(
        &dir,
        "old-ec2.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:CreateVolume", "Resource": "*", "Condition": {"Bool": {"ec2:Encrypted": "true"}}}]}"#,
    );
    let new = write(
        &dir,
        "new-ec2.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:CreateVolume", "Resource": "*", "Condition": {"Null": {"ec2:Encrypted": "false"}}}]}"#,
    );
    let (_, json) = diff(&[&old, &new]);
    let value = &json["added"][0]["example"]["context"]["ec2:Encrypted"];
    assert_eq!(value, "false", "{json}");
}
