//! `polc catalog` as a process.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use std::process::Output;

mod common;

use common::{stderr, text};

fn polc(args: &[&str]) -> Output {
    common::polc_with(args, None)
}

#[test]
fn services_lists_all_456() {
    let output = polc(&["catalog", "services"]);
    assert_eq!(output.status.code(), Some(0));
    let out = text(&output);
    assert_eq!(out.lines().count(), 456);
    assert!(
        out.lines()
            .any(|l| l.starts_with("ecs ") && l.ends_with("Amazon Elastic Container Service"))
    );
    let json: serde_json::Value =
        serde_json::from_slice(&polc(&["catalog", "services", "--format", "json"]).stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 456);
}

#[test]
fn actions_of_a_service_by_level() {
    let output = polc(&[
        "catalog", "actions", "ecs", "--level", "list", "--format", "json",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let actions: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"ecs:ListClusters") && actions.contains(&"ecs:ListTasks"));
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .all(|a| a["accessLevel"] == "List")
    );
}

#[test]
fn one_action_in_full() {
    let output = polc(&["catalog", "action", "ecs:runtask"]);
    assert_eq!(output.status.code(), Some(0));
    let out = text(&output);
    assert!(out.starts_with("ecs:RunTask\n"), "{out}");
    assert!(
        out.contains(
            "task-definition (required): arn:${Partition}:ecs:${Region}:${Account}:task-definition/"
        ),
        "{out}"
    );
    assert!(out.contains("dependent actions: iam:PassRole"), "{out}");

    let json: serde_json::Value = serde_json::from_slice(
        &polc(&["catalog", "action", "ecs:ListClusters", "--format", "json"]).stdout,
    )
    .unwrap();
    assert_eq!(json["accessLevel"], "List");
    assert_eq!(json["resourceTypes"], serde_json::json!([]));
}

#[test]
fn unknown_names_exit_2_with_did_you_mean() {
    let output = polc(&["catalog", "action", "ecs:DescribeCluster"]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("did you mean `ecs:DescribeClusters`?"),
        "{err}"
    );
    let output = polc(&["catalog", "actions", "lamda"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("did you mean `lambda`?")
    );
}

#[test]
fn managed_policies_by_name() {
    let output = polc(&[
        "catalog",
        "managed-policy",
        "aws:AmazonECSTaskExecutionRolePolicy",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["name"], "AmazonECSTaskExecutionRolePolicy");
    assert_eq!(
        json["document"]["Statement"][0]["Action"][0],
        "ecr:GetAuthorizationToken"
    );
    let documented = polc(&[
        "catalog",
        "managed-policy",
        "AmazonECS_FullAccess",
        "--documented",
    ]);
    assert_eq!(documented.status.code(), Some(0));
    assert!(text(&documented).contains("application-autoscaling:DeleteScalingPolicy"));
    let list = text(&polc(&["catalog", "managed-policy", "--list"]));
    assert!(list.lines().count() >= 1_500, "every AWS managed policy");
    assert!(list.lines().any(|l| l.starts_with("ReadOnlyAccess ")));
    let read_only = polc(&[
        "catalog",
        "managed-policy",
        "aws:ReadOnlyAccess",
        "--format",
        "json",
    ]);
    assert_eq!(read_only.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&read_only.stdout).unwrap();
    assert_eq!(json["arn"], "arn:aws:iam::aws:policy/ReadOnlyAccess");
    assert!(json["document"]["Statement"].is_array());
    let unknown = polc(&["catalog", "managed-policy", "AmazonECS_FullAcess"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        String::from_utf8(unknown.stderr)
            .unwrap()
            .contains("did you mean `AmazonECS_FullAccess`?")
    );
}

#[test]
fn check_within_a_managed_policy_or_a_file() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-within");
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("exec.json");
    std::fs::write(
        &policy,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecr:BatchGetImage", "s3:GetObject"], "Resource": "*"}]}"#,
    )
    .unwrap();
    let path = policy.to_str().unwrap();
    let output = polc(&[
        "check",
        "--format",
        "json",
        "--within",
        "AmazonECSTaskExecutionRolePolicy",
        path,
    ]);
    assert_eq!(output.status.code(), Some(0), "a warning");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json[0]["findings"][0]["issueCode"],
        "EXCEEDS_MANAGED_POLICY"
    );
    // The policy is within itself.
    let output = polc(&["check", "--format", "json", "--within", path, path]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json[0]["findings"], serde_json::json!([]));
    let output = polc(&["check", "--within", "NoSuchPolicy", path]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn roles_and_one_role() {
    let output = polc(&["catalog", "roles", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    for name in [
        "ecsTaskExecutionRole",
        "ecsTaskRole",
        "ecsInstanceRole",
        "ecsEventsRole",
        "ecsAnywhereRole",
        "ecsAutoscaleRole",
        "AWSServiceRoleForECS",
    ] {
        assert!(names.contains(&name), "{name}");
    }
    let output = polc(&["catalog", "role", "ECSAnywhereRole"]);
    let out = text(&output);
    assert!(out.contains("trusted service: ssm.amazonaws.com"), "{out}");
    assert!(
        out.contains(
            "managed policies: AmazonSSMManagedInstanceCore, AmazonEC2ContainerServiceforEC2Role"
        ),
        "{out}"
    );
    assert_eq!(polc(&["catalog", "role", "nope"]).status.code(), Some(2));
}

#[test]
fn check_with_a_role() {
    let trust = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/corpus/seeds/002-01.trust.json");
    let trust = trust.to_str().unwrap();
    assert_eq!(
        polc(&[
            "check",
            "--policy-type",
            "trust",
            "--role",
            "ecsAnywhereRole",
            trust
        ])
        .status
        .code(),
        Some(0)
    );
    let output = polc(&[
        "check",
        "--policy-type",
        "trust",
        "--role",
        "ecsTaskExecutionRole",
        "--format",
        "json",
        trust,
    ]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json[0]["findings"][0]["issueCode"],
        "ECS_ROLE_TRUST_MISMATCH"
    );
    assert_eq!(
        polc(&["check", "--role", "nope", trust]).status.code(),
        Some(2)
    );
}

#[test]
fn templates_render_with_parameters() {
    let list = polc(&["catalog", "templates", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 17);
    let output = polc(&[
        "catalog",
        "template",
        "list-tasks",
        "-p",
        "region=eu-west-1",
        "-p",
        "aws_account_id=123456789012",
        "-p",
        "cluster_name=prod",
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(text(&output).contains("arn:aws:ecs:eu-west-1:123456789012:cluster/prod"));
    let missing = polc(&["catalog", "template", "list-tasks"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8(missing.stderr)
            .unwrap()
            .contains("pass it with `-p region=VALUE`")
    );
    // A misspelt placeholder, and a wildcard for a name, are refused
    // (review 28: both were taken without a word).
    let base = [
        "catalog",
        "template",
        "list-tasks",
        "-p",
        "region=eu-west-1",
        "-p",
        "aws_account_id=123456789012",
    ];
    for (extra, said) in [
        ("cluster_nmae=prod", "names no placeholder of `list-tasks`"),
        ("cluster_name=*", "not a pattern"),
        ("cluster_name=${aws:PrincipalTag/cluster}", "not a pattern"),
        ("cluster_name=", "not a pattern"),
    ] {
        let out = polc(&[&base[..], &["-p", extra]].concat());
        assert_eq!(out.status.code(), Some(2), "{extra}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(said),
            "{extra}"
        );
        assert!(out.stdout.is_empty());
    }
}

/// For authors (issue 14.3): a service's builders, a key's type and the
/// actions that take it, the builder of each resource type of an action;
/// every builder listed compiles with the arguments listed.
#[test]
fn builders_and_keys_for_authors() {
    let out = polc(&["catalog", "builders", "ecs", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let builders: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let task_definition = builders
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["builder"] == "ecs.task_definition")
        .unwrap();
    assert_eq!(
        task_definition["arguments"],
        serde_json::json!([
            "task_definition_family_name",
            "task_definition_revision_number"
        ])
    );
    // Each listed builder builds with its arguments, by name.
    for builder in builders.as_array().unwrap() {
        let args: Vec<String> = builder["arguments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| format!("{} = \"x\"", a.as_str().unwrap()))
            .collect();
        let source = format!(
            "policy P {{\n  allow ecs:ListClusters on {}({}, account = \"111122223333\", region = \"us-east-1\")\n}}\n",
            builder["builder"].as_str().unwrap(),
            args.join(", ")
        );
        let compiled = polc_dsl::compile(
            &source,
            &polc_dsl::Params::new(),
            polc_catalog::Reference::embedded(),
        );
        // Resource mismatches are warnings: the point is that it compiles.
        assert!(compiled.is_ok(), "{source}: {:?}", compiled.err());
    }
    let out = polc(&["catalog", "key", "ecs:cluster", "--format", "json"]);
    let key: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(key["type"], "ARN");
    assert!(
        key["actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "ecs:RunTask")
    );
    let out = polc(&["catalog", "key", "aws:SourceIp"]);
    assert!(text(&out).contains("type: IPAddress"), "{}", text(&out));
    let out = polc(&["catalog", "key", "ecs:clustr"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `ecs:cluster`?"));
    let out = polc(&["catalog", "action", "ecs:RunTask"]);
    assert!(
        text(&out).contains("builder: ecs.task_definition(task_definition_family_name, task_definition_revision_number)"),
        "{}",
        text(&out)
    );
}

/// Found by review: builders whose resource type has a space or `/` in its
/// name could not be written, and a type with two ARN formats built both
/// joined in one string.
#[test]
fn every_builder_can_be_written_or_says_why_not() {
    let out = polc(&["catalog", "builders", "lambda", "--format", "json"]);
    let builders: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        builders
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["builder"] == "lambda.function_alias"),
        "{builders:#}"
    );
    let source = "param account: account_id = \"111122223333\"\n\npolicy P {\n  allow lambda:InvokeFunction on lambda.function_alias(\"f\", \"live\", region = \"us-east-1\")\n}\n";
    let compiled = polc_dsl::compile(
        source,
        &polc_dsl::Params::new(),
        polc_catalog::Reference::embedded(),
    )
    .unwrap();
    assert!(
        compiled[0]
            .json()
            .contains("arn:aws:lambda:us-east-1:111122223333:function:f:live")
    );
    let two = "param account: account_id = \"111122223333\"\n\npolicy P {\n  allow apigateway:GET on apigateway.authorizer(\"a\", \"b\", region = \"us-east-1\")\n}\n";
    let error = polc_dsl::compile(
        two,
        &polc_dsl::Params::new(),
        polc_catalog::Reference::embedded(),
    )
    .unwrap_err();
    assert!(
        error.0[0].message.contains("2 ARN formats"),
        "{:?}",
        error.0
    );
    let out = polc(&["catalog", "builders", "apigateway", "--format", "json"]);
    let builders: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let authorizer = builders
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["builder"] == "apigateway.authorizer")
        .unwrap();
    assert_eq!(authorizer["usable"], false);
}

/// Review 42: `--list` beside a name or `--documented` printed the whole
/// list and exited 0; what it would not do is a usage error.
#[test]
fn managed_policy_list_takes_nothing_else() {
    for args in [
        &["catalog", "managed-policy", "--list", "nosuchpolicy"][..],
        &["catalog", "managed-policy", "--list", "--documented"][..],
    ] {
        let out = polc(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("cannot be used with"),
            "{}",
            stderr(&out)
        );
    }
}

/// Review 42: a `--within` baseline file whose name has no `.pol` or
/// `.json` extension, holding `.pol` text, was read as JSON ("unexpected
/// `p`"); a text that is no JSON object is read as `.pol`.
#[test]
fn within_reads_an_extensionless_pol_file() {
    let dir = common::temp_dir("catalog", "within-extensionless");
    let base = common::write(
        &dir,
        "Base",
        "policy Base {\n  allow s3:GetObject on *\n}\n",
    );
    let policy = common::write(
        &dir,
        "p.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}]}"#,
    );
    let out = polc(&["check", &policy, "--within", &base]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = text(&out);
    assert!(
        report.contains("grants `s3:PutObject on *` beyond"),
        "{report}"
    );
    assert!(!report.contains("s3:GetObject on *` beyond"), "{report}");
}

/// Review 43: a `.pol` file named like a managed policy (or `aws:NAME`)
/// replaced the managed policy as the baseline: a bare name that is both
/// is refused, and `aws:NAME` is always the managed policy.
#[test]
fn within_a_managed_name_is_never_a_pol_file() {
    let dir = common::temp_dir("catalog", "within-managed-name");
    let wide = "policy X {\n  allow iam:* on *\n}\n";
    common::write(&dir, "AmazonS3ReadOnlyAccess", wide);
    common::write(&dir, "aws:AmazonS3ReadOnlyAccess", wide);
    common::write(
        &dir,
        "new.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}"#,
    );
    let run = |within: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_polc"))
            .args(["check", "new.json", "--within", within])
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    let both = run("AmazonS3ReadOnlyAccess");
    assert_eq!(both.status.code(), Some(2), "{}", stderr(&both));
    assert!(stderr(&both).contains("is both a file and an AWS managed policy"));
    let managed = run("aws:AmazonS3ReadOnlyAccess");
    assert_eq!(managed.status.code(), Some(0), "{}", stderr(&managed));
    assert!(
        text(&managed).contains("EXCEEDS_MANAGED_POLICY"),
        "{}",
        text(&managed)
    );
}

/// Review 44: `--within -` takes `.pol` text as `diff` does, and a path
/// to standard input counts as `-`.
#[test]
fn within_standard_input_takes_pol_text() {
    let dir = common::temp_dir("catalog", "within-stdin");
    let policy = common::write(
        &dir,
        "p.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}]}"#,
    );
    for within in ["-", "/dev/stdin"] {
        let out = common::polc_with(
            &["check", &policy, "--within", within],
            Some(b"policy Base {\n  allow s3:GetObject on *\n}\n"),
        );
        assert_eq!(out.status.code(), Some(0), "{within}: {}", stderr(&out));
        let report = text(&out);
        assert!(
            report.contains("grants `s3:PutObject on *` beyond"),
            "{within}: {report}"
        );
    }
}
