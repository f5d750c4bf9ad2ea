//! Every command takes every input (issue 14.1): `.pol` wherever a policy
//! is read, `--role`/`--within` on `.pol`, the policy type inferred per
//! document, directories walked recursively, several SCPs on one level.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

mod common;

use common::{allow, polc_with, stderr, temp_dir, text, write};

fn polc(args: &[&str]) -> std::process::Output {
    polc_with(args, None)
}

const TRUST_POL: &str =
    "trust TaskRoleTrust {\n  allow service \"ecs.amazonaws.com\" to sts:AssumeRole\n}\n";
const EXEC_POL: &str = "policy Exec {\n  allow s3:GetObject on *\n}\n";

/// The silent "fine" the issue names: `--role` and `--within` were
/// ignored for `.pol` input.
#[test]
fn role_and_within_apply_to_pol_input() {
    let dir = temp_dir("inputs", "role-within");
    let trust = write(&dir, "trust.pol", TRUST_POL);
    let out = polc(&["check", "--role", "ecsTaskRole", &trust]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("ECS_ROLE_TRUST_MISMATCH"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("trust.pol:2:17"), "{}", text(&out));
    let exec = write(&dir, "exec.pol", EXEC_POL);
    let out = polc(&[
        "check",
        "--within",
        "AmazonECSTaskExecutionRolePolicy",
        &exec,
        "--deny-warnings",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("EXCEEDS_MANAGED_POLICY"),
        "{}",
        text(&out)
    );
    // A `.pol` baseline: its `policy` blocks.
    let wide = write(&dir, "wide.pol", "policy Wide {\n  allow s3:* on *\n}\n");
    let out = polc(&["check", "--within", &wide, &exec, "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out), stderr(&out));
    let narrow = write(
        &dir,
        "narrow.pol",
        "policy Narrow {\n  allow s3:ListBucket on *\n}\n",
    );
    let out = polc(&["check", "--within", &narrow, &exec, "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let out = polc(&["check", "--within", &trust, &exec]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no `policy` block"),
        "{}",
        stderr(&out)
    );
}

/// What `build -o` writes, `check` reads back with no flag: the trust
/// document is checked as a trust policy.
#[test]
fn built_documents_check_as_their_own_type() {
    let dir = temp_dir("inputs", "infer");
    let good = "trust T {\n  allow service \"ecs-tasks.amazonaws.com\" to sts:AssumeRole\n}\n\npolicy P {\n  allow ecs:ListClusters on *\n}\n\nresource B {\n  allow aws \"arn:aws:iam::111122223333:root\" to s3:GetObject on \"arn:aws:s3:::b/*\"\n}\n";
    let source = write(&dir, "all.pol", good);
    let out_dir = dir.join("out");
    let out = polc(&["build", &source, "-o", out_dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = polc(&["check", "-v", out_dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        text(&out).matches("no findings").count(),
        3,
        "{}",
        text(&out)
    );
    // Given, the type applies to every JSON document (the trust document
    // then has no Resource, an error for an identity policy).
    let out = polc(&[
        "check",
        "--policy-type",
        "identity",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}

#[test]
fn directories_are_walked_recursively() {
    let dir = temp_dir("inputs", "walk");
    let nested = dir.join("a").join("b");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::create_dir_all(dir.join(".hidden")).unwrap();
    write(
        &nested,
        "deep.pol",
        "policy Deep {\n  allow ecs:DescribeCluster on *\n}\n",
    );
    write(&dir, "top.json", &allow(r#""ecs:ListClusters""#));
    write(&dir.join(".hidden"), "skipped.json", "not json");
    write(&dir, "notes.txt", "not a policy");
    let root = dir.to_str().unwrap();
    let out = polc(&["check", "-v", root]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("deep.pol"), "{}", text(&out));
    assert!(
        text(&out).contains("top.json: no findings"),
        "{}",
        text(&out)
    );
    assert!(!text(&out).contains("skipped"), "{}", text(&out));
    // fmt and build walk too.
    let out = polc(&["fmt", "--check", root]);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out), stderr(&out));
    let out = polc(&["build", root]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("INVALID_ACTION"), "{}", stderr(&out));
    let empty = temp_dir("inputs", "walk-empty");
    let out = polc(&["check", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn authorize_reads_pol_policies_with_parameters() {
    let dir = temp_dir("inputs", "authorize-pol");
    let pol = write(
        &dir,
        "p.pol",
        "param bucket: string = \"b\"\n\npolicy Read {\n  allow s3:GetObject on \"arn:aws:s3:::{bucket}/*\"\n}\n\ntrust T {\n  allow service \"ecs-tasks.amazonaws.com\" to sts:AssumeRole\n}\n",
    );
    let request = write(
        &dir,
        "r.json",
        r#"{"principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "resource_account": "111122223333"}"#,
    );
    let out = polc(&[
        "authorize",
        "--policy",
        &pol,
        "--request",
        &request,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let expected = format!(
        r#"{{"decision":"ALLOW","matched":[{{"policy":"{pol}#Read","statement":0,"sid":"Read1"}}]}}"#
    );
    assert_eq!(text(&out).trim(), expected);
    let out = polc(&[
        "authorize",
        "--policy",
        &pol,
        "-p",
        "bucket=c",
        "--request",
        &request,
    ]);
    assert_eq!(text(&out), "IMPLICIT_DENY\n");
    let out = polc(&[
        "authorize",
        "--policy",
        &pol,
        "-p",
        "buckt=c",
        "--request",
        &request,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`-p buckt=...` names no parameter"),
        "{}",
        stderr(&out)
    );
    let json = write(&dir, "all.json", &allow(r#""*""#));
    let out = polc(&[
        "authorize",
        "--policy",
        &json,
        "-p",
        "bucket=c",
        "--request",
        &request,
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "`-p` without a `.pol` policy is refused"
    );
    // A boundary from `.pol` limits.
    let out = polc(&[
        "authorize",
        "--policy",
        &json,
        "--boundary",
        &pol,
        "-p",
        "bucket=c",
        "--request",
        &request,
    ]);
    assert_eq!(text(&out), "IMPLICIT_DENY\n");
    // The file has no block that fits: said, not ignored.
    let trust_only = write(&dir, "t.pol", TRUST_POL);
    let out = polc(&["authorize", "--policy", &trust_only, "--request", &request]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("has no `policy` block"),
        "{}",
        stderr(&out)
    );
    // A `.pol` that does not compile stops the command.
    let broken = write(
        &dir,
        "broken.pol",
        "policy P {\n  allow ecs:DescribeCluster on *\n}\n",
    );
    let out = polc(&["authorize", "--policy", &broken, "--request", &request]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("does not compile"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn several_scps_share_a_level() {
    let dir = temp_dir("inputs", "scp-levels");
    let all = write(&dir, "all.json", &allow(r#""*""#));
    let s3 = write(&dir, "s3.json", &allow(r#""s3:*""#));
    let ec2 = write(&dir, "ec2.json", &allow(r#""ec2:*""#));
    let request = write(
        &dir,
        "r.json",
        r#"{"principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "resource_account": "111122223333"}"#,
    );
    let decide = |scps: &[String]| {
        let mut args: Vec<&str> = vec!["authorize", "--policy", &all, "--request", &request];
        for scp in scps {
            args.extend(["--scp", scp.as_str()]);
        }
        text(&polc(&args))
    };
    // One level, two policies: one of them allows.
    assert_eq!(decide(&[format!("0={s3}"), format!("0={ec2}")]), "ALLOW\n");
    // Two levels (as before): each must allow.
    assert_eq!(decide(&[s3.clone(), ec2.clone()]), "IMPLICIT_DENY\n");
    assert_eq!(
        decide(&[format!("1={ec2}"), format!("0={s3}")]),
        "IMPLICIT_DENY\n"
    );
    let out = polc(&[
        "authorize",
        "--policy",
        &all,
        "--scp",
        &format!("64={s3}"),
        "--request",
        &request,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("at most 64 SCP levels (0, the root, to 63)"),
        "{}",
        stderr(&out)
    );
}

/// Found by review: a parameter declared only in an imported file was
/// refused with several files; CloudFormation logical ids are letters and
/// digits; standard input cannot be both the policy and the baseline.
#[test]
fn imports_declare_parameters_and_logical_ids_are_alphanumeric() {
    let dir = temp_dir("inputs", "imports-params");
    write(&dir, "common.pol", "param account: account_id\n");
    let a = write(
        &dir,
        "a.pol",
        "import \"common.pol\"\n\npolicy task_exec_policy {\n  allow ecs:DescribeClusters on ecs.cluster(\"prod\", region = \"us-east-1\")\n}\n",
    );
    let b = write(
        &dir,
        "b.pol",
        "policy B {\n  allow ecs:ListClusters on *\n}\n",
    );
    let out_dir = dir.join("out");
    let out = polc(&[
        "build",
        &a,
        &b,
        "-p",
        "account=111122223333",
        "--emit",
        "cloudformation",
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let template: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.join("task_exec_policy.json")).unwrap(),
    )
    .unwrap();
    assert!(
        template["Resources"]["TaskExecPolicy"].is_object(),
        "{template:#}"
    );
    let out = polc_with(&["check", "--within", "-", "-"], Some(b"{}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("read only once"), "{}", stderr(&out));
    // A file over a limit declares what it declares: its limit is the
    // error, not the `-p` it declares (review 52).
    let mut many = String::from("param account: account_id\npolicy P {\n");
    for i in 0..1_200 {
        many.push_str(&format!(
            "  allow s3:GetObject on \"arn:aws:s3:::b{i}/*\"\n"
        ));
    }
    let many = write(&dir, "many.pol", &(many + "}\n"));
    for command in ["check", "build"] {
        let out = polc(&[command, &many, &b, "-p", "account=111122223333"]);
        assert_eq!(out.status.code(), Some(1), "{command}: {}", stderr(&out));
        let report = format!("{}{}", text(&out), stderr(&out));
        assert!(report.contains("POL_LIMIT"), "{command}: {report}");
    }
}

/// A path to standard input is standard input (session 12's note: `check
/// - /dev/stdin` read the pipe twice, and the second read was empty).
#[cfg(target_os = "linux")]
#[test]
fn a_path_to_standard_input_is_standard_input() {
    let policy = br#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#;
    for args in [
        &["check", "-", "/dev/stdin"][..],
        &["check", "/dev/stdin", "/proc/self/fd/0"],
        &["check", "/dev/stdin", "--within", "-"],
        &["check", "--one-principal", "/dev/stdin"],
        &["diff", "-", "/dev/stdin"],
        &["diff", "/dev/stdin", "/dev/stdin"],
        &["authorize", "--policy", "-", "--request", "/dev/stdin"],
    ] {
        let out = polc_with(args, Some(policy));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(
            stderr(&out).contains("`/dev/stdin`"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    // Alone, it is read as any file.
    let out = polc_with(&["check", "/dev/stdin"], Some(policy));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// Found by the outside review of issue 14.
#[test]
fn review_of_inputs() {
    let dir = temp_dir("inputs", "review");
    let all = write(&dir, "all.json", &allow(r#""*""#));
    let s3 = write(&dir, "s3.json", &allow(r#""s3:*""#));
    let request = write(
        &dir,
        "r.json",
        r#"{"principal": "arn:aws:iam::111122223333:user/a", "action": "ecs:ListClusters", "resource": "*"}"#,
    );
    // A3: plain and named SCP levels mixed are refused (a plain file
    // landed on a named level and was ORed with it).
    let out = polc(&[
        "authorize",
        "--policy",
        &all,
        "--scp",
        &s3,
        "--scp",
        &format!("0={all}"),
        "--request",
        &request,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("or none"), "{}", stderr(&out));
    // C2: several `.pol` files share one set of `-p`; `-p` without any
    // `.pol` input is refused, not ignored.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = polc(&[
        "check",
        root.join("examples/ecs/ci-deploy.pol").to_str().unwrap(),
        root.join("examples/seeds/001-01.identity.pol")
            .to_str()
            .unwrap(),
        "-p",
        "account=111122223333",
    ]);
    assert!(
        !text(&out).contains("POL_UNKNOWN_PARAMETER"),
        "{}",
        text(&out)
    );
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = polc(&["check", &all, "-p", "account=111122223333"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is for `.pol` inputs"),
        "{}",
        stderr(&out)
    );
    // A `.pol` baseline on standard input takes no `-p` (it is known to
    // be `.pol` only once read): refused, saying so.
    let json = write(
        &temp_dir("inputs", "stdin-baseline"),
        "x.json",
        &allow(r#""ecs:ListClusters""#),
    );
    let out = polc_with(
        &["check", &json, "--within", "-", "-p", "bucket=b"],
        Some(b"param bucket: string = \"a\"\npolicy B {\n  allow s3:GetObject on \"arn:aws:s3:::{bucket}/*\"\n}\n"),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("only from a file named `.pol`"),
        "{}",
        stderr(&out)
    );
    // B2: a FIFO in a checked directory is not waited on; it is refused
    // (session 17: skipping it without a word could leave a policy out).
    #[cfg(unix)]
    {
        let fifo_dir = temp_dir("inputs", "review-fifo");
        write(&fifo_dir, "ok.json", &allow(r#""ecs:ListClusters""#));
        let fifo = fifo_dir.join("f.json");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let out = polc(&["check", "-v", fifo_dir.to_str().unwrap()]);
            assert_eq!(out.status.code(), Some(2), "{}", text(&out));
            assert!(stderr(&out).contains("f.json"), "{}", stderr(&out));
        }
    }
}

/// Issue 15.7: a dependent action missing from a lone document is a
/// suggestion (the principal may have it from another policy); read as
/// all of a role's permissions (`--role`), a warning.
#[test]
fn a_missing_dependent_action_is_a_suggestion_unless_the_document_is_all() {
    let dir = temp_dir("inputs", "dependent");
    let json = write(&dir, "p.json", &allow(r#""ecs:RunTask""#));
    let pol = write(&dir, "p.pol", "policy P {\n  allow ecs:RunTask on *\n}\n");
    for file in [&json, &pol] {
        let kind = |args: &[&str]| {
            let out = polc(args);
            let reports: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            reports[0]["findings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["issueCode"] == "MISSING_DEPENDENT_ACTION")
                .map(|f| f["findingType"].as_str().unwrap().to_owned())
        };
        assert_eq!(
            kind(&["check", "--format", "json", file]).as_deref(),
            Some("SUGGESTION"),
            "{file}"
        );
        assert_eq!(
            kind(&["check", "--format", "json", "--role", "ecsTaskRole", file]).as_deref(),
            Some("WARNING"),
            "{file}"
        );
        // A service-linked role's policy is AWS's: nothing to act on
        // (review 47).
        assert_eq!(
            kind(&[
                "check",
                "--format",
                "json",
                "--role",
                "AWSServiceRoleForECS",
                file
            ])
            .as_deref(),
            Some("SUGGESTION"),
            "{file}"
        );
    }
}

/// Standard input with `-p` beside other `.pol` inputs is refused: which
/// parameters it declares cannot be known before it is read, once.
#[test]
fn stdin_takes_parameters_alone() {
    let source = "param account: account_id\n\npolicy P {\n  allow ecs:DescribeClusters on ecs.cluster(\"a\", region = \"us-east-1\")\n}\n";
    let out = polc_with(
        &[
            "check",
            "--input-format",
            "pol",
            "-",
            "-p",
            "account=111122223333",
        ],
        Some(source.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out), stderr(&out));
    let out = polc_with(
        &[
            "check",
            "--input-format",
            "pol",
            "-",
            "-p",
            "acount=111122223333",
        ],
        Some(source.as_bytes()),
    );
    assert!(
        text(&out).contains("POL_UNKNOWN_PARAMETER"),
        "{}",
        text(&out)
    );
    let dir = temp_dir("inputs", "stdin-params");
    let other = write(&dir, "o.pol", source);
    let out = polc_with(
        &[
            "check",
            "--input-format",
            "pol",
            "-",
            &other,
            "-p",
            "account=111122223333",
        ],
        Some(source.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(2));
}
