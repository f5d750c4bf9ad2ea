//! `polc check` as a process: the contract's exit codes, formats and
//! inputs, and hostile input that must give a clear error, never a crash.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

fn polc(args: &[&str], stdin: Option<&[u8]>) -> Output {
    common::polc_with(args, stdin)
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-check");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/corpus")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

use common::text as stdout;

fn json_findings(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap()
}

const VALID: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:ListClusters", "Resource": "*"}]}"#;

#[test]
fn a_valid_policy_exits_0_and_prints_nothing() {
    let path = temp_file("valid.json", VALID.as_bytes());
    let output = polc(&["check", path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty() && output.stderr.is_empty());
}

#[test]
fn error_findings_exit_1_warnings_exit_0_unless_denied() {
    let broken = temp_file("broken.json", br#"{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:*", "Resource": "*"}]}"#);
    assert_eq!(
        polc(&["check", broken.to_str().unwrap()], None)
            .status
            .code(),
        Some(1)
    );
    let seed = corpus("seeds/000-01.identity.json");
    assert_eq!(
        polc(&["check", &seed], None).status.code(),
        Some(0),
        "MISSING_VERSION is a warning"
    );
    assert_eq!(
        polc(&["check", "--deny-warnings", &seed], None)
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn json_format_has_the_access_analyzer_shape() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecs:ListClusters"], "Resource": "*", "Principal": "*"}]}"#;
    let output = polc(
        &[
            "check",
            "--policy-type",
            "identity",
            "--format",
            "json",
            "-",
        ],
        Some(text.as_bytes()),
    );
    assert_eq!(output.status.code(), Some(1));
    let json = json_findings(&output);
    let start = text.find("\"Principal\"").unwrap();
    let end = start + "\"Principal\"".len();
    let expected = serde_json::json!([{
        "file": "-",
        "findings": [{
            "issueCode": "UNSUPPORTED_ELEMENT_FOR_POLICY_TYPE",
            "findingType": "ERROR",
            "findingDetails": "`Principal` is not allowed in an identity policy: it applies to whoever it is attached to",
            "help": "remove it; if this is a trust or resource-based policy, check it with `--policy-type trust` or `--policy-type resource`",
            "locations": [{
                "path": [{"value": "Statement"}, {"index": 0}, {"value": "Principal"}],
                "span": {"start": {"line": 1, "column": start, "offset": start},
                         "end": {"line": 1, "column": end, "offset": end}}
            }]
        }]
    }]);
    assert_eq!(json, expected);
}

#[test]
fn positions_count_characters_not_bytes() {
    let text = "{\"Id\": \"é\", \"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}";
    let output = polc(&["check", "--format", "json", "-"], Some(text.as_bytes()));
    let json = json_findings(&output);
    let start = &json[0]["findings"][0]["locations"][0]["span"]["start"];
    let byte = text.find("\"allow\"").unwrap();
    assert_eq!(
        start["offset"],
        byte - 1,
        "é is two bytes and one character"
    );
    assert_eq!(start["column"], byte - 1);
}

#[test]
fn several_files_are_reported_in_order() {
    let good = temp_file("order-good.json", VALID.as_bytes());
    let bad = temp_file("order-bad.json", b"{");
    let output = polc(
        &[
            "check",
            "--format",
            "json",
            bad.to_str().unwrap(),
            good.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let json = json_findings(&output);
    assert_eq!(json[0]["file"], bad.to_str().unwrap());
    assert_eq!(json[0]["findings"][0]["issueCode"], "JSON_SYNTAX_ERROR");
    assert_eq!(json[1]["file"], good.to_str().unwrap());
    assert_eq!(json[1]["findings"], serde_json::json!([]));
}

#[test]
fn policy_type_flag_applies_the_type_rules() {
    let trust = corpus("seeds/002-01.trust.json");
    assert_eq!(
        polc(&["check", "--policy-type", "trust", &trust], None)
            .status
            .code(),
        Some(0)
    );
    // Without the flag, the type is read from the document.
    assert_eq!(polc(&["check", &trust], None).status.code(), Some(0));
    let output = polc(
        &[
            "check",
            "--policy-type",
            "identity",
            "--format",
            "json",
            &trust,
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let codes: Vec<String> = json_findings(&output)[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["issueCode"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        codes,
        ["MISSING_RESOURCE", "UNSUPPORTED_ELEMENT_FOR_POLICY_TYPE"]
    );
}

#[test]
fn human_format_underlines_the_element_and_names_the_file() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:ListClusters", "Resource": "*", "Condition": {"stringEquals": {"aws:username": "a"}}}]}"#;
    let path = temp_file("human.json", text.as_bytes());
    let output = polc(&["check", path.to_str().unwrap()], None);
    let out = stdout(&output);
    assert!(out.contains("INVALID_CONDITION_OPERATOR"), "{out}");
    assert!(
        out.contains("`stringEquals` is not a condition operator"),
        "{out}"
    );
    assert!(out.contains("human.json:1:"), "{out}");
    assert!(
        out.contains("──────┬─────"),
        "the 14-character key is underlined: {out}"
    );
    assert!(out.contains("help: did you mean `StringEquals`?"), "{out}");
    assert!(out.contains("human.json: 1 error"), "{out}");
}

#[test]
fn usage_errors_and_unreadable_files_exit_2() {
    assert_eq!(polc(&["check"], None).status.code(), Some(2));
    assert_eq!(
        polc(&["check", "--policy-type", "nope", "x.json"], None)
            .status
            .code(),
        Some(2)
    );
    let output = polc(&["check", "/nonexistent/policy.json"], None);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("cannot read `/nonexistent/policy.json`"),
        "{err}"
    );
}

#[test]
fn an_empty_file_is_a_syntax_error() {
    let path = temp_file("empty.json", b"");
    let output = polc(&["check", "--format", "json", path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(1));
    let finding = &json_findings(&output)[0]["findings"][0];
    assert_eq!(finding["issueCode"], "JSON_SYNTAX_ERROR");
    assert_eq!(
        finding["findingDetails"],
        "the document is empty: expected a JSON object"
    );
}

#[test]
fn non_utf8_bytes_are_a_located_syntax_error() {
    let path = temp_file("latin1.json", b"{\"Id\": \"caf\xe9\"}");
    let output = polc(&["check", "--format", "json", path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(1));
    let finding = &json_findings(&output)[0]["findings"][0];
    assert_eq!(finding["issueCode"], "JSON_SYNTAX_ERROR");
    assert_eq!(
        finding["findingDetails"],
        "the file is not UTF-8: invalid byte at offset 11"
    );
    assert_eq!(finding["locations"][0]["span"]["start"]["offset"], 11);
    // The human report renders too.
    assert_eq!(
        polc(&["check", path.to_str().unwrap()], None).status.code(),
        Some(1)
    );
}

#[test]
fn a_50_mb_file_is_refused_with_a_clear_error() {
    let mut big = Vec::with_capacity(50 * 1024 * 1024);
    big.extend_from_slice(br#"{"Id": ""#);
    big.resize(50 * 1024 * 1024 - 2, b'a');
    big.extend_from_slice(b"\"}");
    let path = temp_file("big.json", &big);
    let output = polc(&["check", path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("is larger than 8 MiB, the most polc reads"),
        "{err}"
    );
}

#[test]
fn deep_nesting_is_a_syntax_error_not_a_stack_overflow() {
    let mut deep = "[".repeat(100_000);
    deep.push_str(&"]".repeat(100_000));
    let output = polc(&["check", "--format", "json", "-"], Some(deep.as_bytes()));
    assert_eq!(output.status.code(), Some(1));
    let finding = &json_findings(&output)[0]["findings"][0];
    assert_eq!(finding["issueCode"], "JSON_SYNTAX_ERROR");
    assert_eq!(
        finding["findingDetails"],
        "arrays and objects are nested more than 64 levels deep"
    );
    assert_eq!(finding["locations"][0]["span"]["start"]["offset"], 64);
    // Human output of the same stays short.
    let human = polc(&["check", "-"], Some(deep.as_bytes()));
    assert_eq!(human.status.code(), Some(1));
    assert!(human.stdout.len() < 2_000, "{}", human.stdout.len());
}

#[test]
fn a_1_mb_string_is_reported_as_over_quota() {
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Sid": "{}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}]}}"#,
        "A".repeat(1024 * 1024)
    );
    let output = polc(&["check", "--format", "json", "-"], Some(text.as_bytes()));
    // A warning, as Access Analyzer reports it (issue 15.3).
    assert_eq!(output.status.code(), Some(0));
    let findings = &json_findings(&output)[0]["findings"];
    let codes: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["issueCode"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA"]);
    let human = polc(&["check", "-"], Some(text.as_bytes()));
    assert!(
        human.stdout.len() < 4_000,
        "the report shows a window, not the megabyte: {}",
        human.stdout.len()
    );
}

#[test]
fn explain_prints_a_page_for_every_code() {
    for code in polc_model::codes::all() {
        let output = polc(&["explain", code.name], None);
        assert_eq!(output.status.code(), Some(0), "{}", code.name);
        let page = stdout(&output);
        assert!(
            page.starts_with(code.name) && page.contains("How to fix it"),
            "{page}"
        );
    }
    let lower = polc(&["explain", "missing-qualifier"], None);
    assert_eq!(lower.status.code(), Some(0));
    let unknown = polc(&["explain", "NOPE"], None);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        String::from_utf8(unknown.stderr)
            .unwrap()
            .contains("MISSING_QUALIFIER")
    );
    // Review 42: Access Analyzer's codes polc reports under another name
    // lead to polc's page; those it does not check say so.
    for (aa, polc_code) in polc_model::codes::access_analyzer::REPORTED_AS {
        let output = polc(&["explain", aa], None);
        assert_eq!(output.status.code(), Some(0), "{aa}");
        let page = stdout(&output);
        assert!(
            page.starts_with(&format!(
                "Access Analyzer's {aa} is reported by polc as {polc_code}"
            )),
            "{page}"
        );
    }
    for aa in polc_model::codes::access_analyzer::NOT_CHECKED {
        let output = polc(&["explain", aa], None);
        assert_eq!(output.status.code(), Some(2), "{aa}");
        assert!(
            String::from_utf8(output.stderr)
                .unwrap()
                .contains("an Access Analyzer check polc does not make")
        );
    }
}

#[test]
fn sarif_format_has_one_rule_per_code_and_located_results() {
    let text = "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ecs:DescribeCluster\", \"Resource\": \"*\"}]}";
    let output = polc(&["check", "--format", "sarif", "-"], Some(text.as_bytes()));
    assert_eq!(output.status.code(), Some(1));
    let sarif = json_findings(&output);
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "polc");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), polc_model::codes::CodeId::ALL.len());
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "INVALID_ACTION");
    assert_eq!(
        rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "INVALID_ACTION"
    );
    assert_eq!(result["level"], "error");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    let column = text
        .lines()
        .nth(1)
        .unwrap()
        .find("\"ecs:DescribeCluster\"")
        .unwrap();
    assert_eq!(region["startLine"], 2);
    assert_eq!(
        region["startColumn"],
        column + 1,
        "SARIF columns are 1-based"
    );
    assert_eq!(region["charLength"], "\"ecs:DescribeCluster\"".len());
}

#[test]
fn pol_files_are_compiled_and_their_documents_checked() {
    // A `.pol` file: compiled, findings in the `.pol` source.
    let pol = temp_file(
        "policy.pol",
        b"policy P {\n  allow ecs:DescribeCluster on *\n}\n",
    );
    let output = polc(&["check", "--format", "json", pol.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(1));
    let json = json_findings(&output);
    let finding = &json[0]["findings"][0];
    assert_eq!(finding["issueCode"], "INVALID_ACTION");
    assert_eq!(finding["locations"][0]["span"]["start"]["line"], 2);
    assert_eq!(finding["locations"][0]["span"]["start"]["column"], 8);
    // Parameters for `.pol` inputs.
    let with_param = temp_file(
        "param.pol",
        b"param account: account_id\npolicy P {\n  allow ecs:ListClusters on *\n}\n",
    );
    let path = with_param.to_str().unwrap();
    assert_eq!(polc(&["check", path], None).status.code(), Some(1));
    assert_eq!(
        polc(&["check", path, "-p", "account=111122223333"], None)
            .status
            .code(),
        Some(0)
    );
    // JSON named `.pol` is read as JSON when asked.
    let path = temp_file("policy2.pol", VALID.as_bytes());
    assert_eq!(
        polc(
            &["check", "--input-format", "json", path.to_str().unwrap()],
            None
        )
        .status
        .code(),
        Some(0)
    );
}

/// `--one-principal`: the JSON inputs are all of one principal's policies;
/// a dependent action another of them allows is not missing, and one none
/// allows is a warning (a suggestion on a lone document).
#[test]
fn one_principal_reads_the_inputs_together() {
    let run_task = temp_file("one-run.json", common::allow("\"ecs:RunTask\"").as_bytes());
    let pass_role = temp_file(
        "one-pass.json",
        common::allow_on("\"iam:PassRole\"", "arn:aws:iam::111122223333:role/task").as_bytes(),
    );
    let (run_task, pass_role) = (run_task.to_str().unwrap(), pass_role.to_str().unwrap());
    let severities = |args: &[&str]| -> Vec<String> {
        let out = polc(args, None);
        json_findings(&out)
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| f["findings"].as_array().unwrap().clone())
            .filter(|f| f["issueCode"] == "MISSING_DEPENDENT_ACTION")
            .map(|f| f["findingType"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        severities(&["check", run_task, "--format", "json"]),
        ["SUGGESTION"]
    );
    assert_eq!(
        severities(&["check", run_task, "--one-principal", "--format", "json"]),
        ["WARNING"]
    );
    assert!(
        severities(&[
            "check",
            run_task,
            pass_role,
            "--one-principal",
            "--format",
            "json"
        ])
        .is_empty()
    );
    // A Deny in another of the principal's policies takes it away.
    let both = temp_file(
        "one-both.json",
        common::allow("[\"ecs:RunTask\", \"iam:PassRole\"]").as_bytes(),
    );
    let deny = temp_file(
        "one-deny.json",
        br#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"}]}"#,
    );
    let (both, deny) = (both.to_str().unwrap(), deny.to_str().unwrap());
    assert!(severities(&["check", both, "--one-principal", "--format", "json"]).is_empty());
    assert_eq!(
        severities(&["check", both, deny, "--one-principal", "--format", "json"]),
        ["WARNING"]
    );
    let stdin = polc(&["check", "-", "--one-principal"], Some(b"{}"));
    assert_eq!(stdin.status.code(), Some(2));
    // `--role` reads the permissions among them too (review 28: each file
    // was told it lacked what the other grants).
    let ecr = temp_file(
        "one-ecr.json",
        common::allow("[\"ecr:GetAuthorizationToken\", \"ecr:BatchCheckLayerAvailability\", \"ecr:GetDownloadUrlForLayer\", \"ecr:BatchGetImage\"]").as_bytes(),
    );
    let logs = temp_file(
        "one-logs.json",
        common::allow("[\"logs:CreateLogStream\", \"logs:PutLogEvents\"]").as_bytes(),
    );
    let (ecr, logs) = (ecr.to_str().unwrap(), logs.to_str().unwrap());
    let role = ["--role", "ecsTaskExecutionRole", "--deny-warnings"];
    let together = polc(
        &[&["check", "--one-principal", ecr, logs][..], &role].concat(),
        None,
    );
    assert_eq!(together.status.code(), Some(0), "{}", stdout(&together));
    let alone = polc(&[&["check", ecr][..], &role].concat(), None);
    assert_eq!(alone.status.code(), Some(1));
    assert!(
        stdout(&alone).contains("ECS_ROLE_MISSING_PERMISSION"),
        "{}",
        stdout(&alone)
    );
}

/// Standard input twice is refused (review 28: the second `-` was an
/// empty document, checked as such).
#[test]
fn standard_input_is_read_once() {
    let out = polc(
        &["check", "-", "-"],
        Some(br#"{"Version": "2012-10-17", "Statement": []}"#),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("can be read only once"));
}

/// `--jobs`: many inputs checked at once give the report, the messages and
/// the exit code of one at a time, in every format, with a configuration
/// in a subdirectory, a baseline, inputs that cannot be read and `.pol`
/// files among them.
#[test]
fn checking_at_once_reports_as_checking_one_by_one() {
    let dir = common::temp_dir("check", "jobs");
    let sub = dir.join("ignored");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(
        sub.join("polc.toml"),
        "[check]\nignore = [\"INVALID_ACTION\"]\n",
    )
    .unwrap();
    for i in 0..40 {
        let policy = match i % 5 {
            0 => common::allow(r#""ecs:RunTask""#),
            1 => common::allow(&format!(r#"["ecs:RunTasks{i}", "s3:GetObject"]"#)),
            2 => common::allow(r#"["iam:PassRole", "ecs:DescribeCluster"]"#),
            3 => "{\"Version\": \"2012-10-17\", \"Statement\": [".to_owned(),
            _ => common::allow(r#""*""#),
        };
        common::write(&dir, &format!("p{i:02}.json"), &policy);
        common::write(&sub, &format!("q{i:02}.json"), &policy);
    }
    std::fs::write(dir.join("latin1.json"), b"{\"Sid\": \"caf\xe9\"}").unwrap();
    common::write(
        &dir,
        "role.pol",
        "policy \"r\" {\n  allow ecs:DescribeCluster on *\n}\n",
    );
    let root = dir.to_str().unwrap();
    let baseline = dir.with_extension("baseline.json");
    let baseline = baseline.to_str().unwrap();
    let first = dir.join("p01.json");
    let first = first.to_str().unwrap();
    polc(&["check", first, "--write-baseline", baseline], None);
    let missing = dir.join("missing.json");
    let missing = missing.to_str().unwrap();
    for format in ["human", "json", "sarif"] {
        let run = |jobs: &str| {
            polc(
                &[
                    "check",
                    root,
                    missing,
                    "--format",
                    format,
                    "--baseline",
                    baseline,
                    "-v",
                    "--jobs",
                    jobs,
                ],
                None,
            )
        };
        let one = run("1");
        assert_eq!(one.status.code(), Some(2), "{}", common::stderr(&one));
        assert!(stdout(&one).contains("INVALID_ACTION") || format == "human");
        for jobs in ["2", "3", "8"] {
            let many = run(jobs);
            assert_eq!(many.status.code(), one.status.code(), "{format} -j{jobs}");
            assert_eq!(stdout(&many), stdout(&one), "{format} -j{jobs}");
            assert_eq!(
                common::stderr(&many),
                common::stderr(&one),
                "{format} -j{jobs}"
            );
        }
    }
    // An input named twice: the baseline's one entry suppresses the
    // finding of the first, whatever the number of jobs.
    for jobs in ["1", "4"] {
        let out = polc(
            &[
                "check",
                first,
                first,
                "--baseline",
                baseline,
                "--format",
                "json",
                "--jobs",
                jobs,
            ],
            None,
        );
        let reports = json_findings(&out);
        let counts: Vec<usize> = reports
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["findings"].as_array().unwrap().len())
            .collect();
        assert_eq!(counts.len(), 2);
        assert!(counts[0] < counts[1], "{counts:?}");
    }
    let zero = polc(&["check", root, "--jobs", "0"], None);
    assert_eq!(zero.status.code(), Some(2));
    assert!(common::stderr(&zero).contains("--jobs"));
}

/// Review 33: an input's verdict does not hang on what was checked before
/// it on the same thread. Here `--within` reaches the bound on the work of
/// its pattern searches in `B.pol`; answers remembered from `W.pol` once
/// made that free, so `B.pol` passed after `W.pol` and failed alone, and
/// with `--jobs 2` either, from run to run.
#[test]
fn a_verdict_is_the_same_alone_after_others_and_on_any_thread() {
    let dir = common::temp_dir("check", "history");
    let mut baseline: Vec<String> = "xeyzwvutsrp"
        .chars()
        .map(|c| format!("arn:aws:s3:::*{c}*"))
        .collect();
    baseline.extend(
        "abcdfghijklmnoq"
            .chars()
            .map(|c| format!("arn:aws:s3:::*{c}{c}*")),
    );
    let base = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": baseline}],
    })
    .to_string();
    let base = common::write(&dir, "base.json", &base);
    let wide = "  # polc:ignore EXCEEDS_MANAGED_POLICY -- reviewed\n  allow s3:GetObject on \"arn:aws:s3:::*a??????????d*\"\n  # polc:ignore EXCEEDS_MANAGED_POLICY -- reviewed\n  allow s3:GetObject on \"arn:aws:s3:::*b???????????l*\"\n";
    let w = common::write(&dir, "W.pol", &format!("policy W {{\n{wide}}}\n"));
    let b = common::write(
        &dir,
        "B.pol",
        &format!(
            "policy B {{\n{wide}  allow s3:GetObject on \"arn:aws:s3:::xbucket/report\"\n}}\n"
        ),
    );
    let report_of_b = |inputs: &[&str], jobs: &str| {
        let mut args = vec!["check"];
        args.extend_from_slice(inputs);
        args.extend(["--within", &base, "--format", "json", "--jobs", jobs]);
        let out = polc(&args, None);
        let reports = json_findings(&out);
        let b_report = reports
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["file"] == b.as_str())
            .unwrap()
            .clone();
        (out.status.code(), b_report)
    };
    let alone = report_of_b(&[&b], "1");
    for jobs in ["1", "2", "2", "2", "8"] {
        assert_eq!(report_of_b(&[&w, &b], jobs), alone, "-j{jobs}");
    }
}

/// Review 33: with inputs checked at once, the messages on standard error
/// keep the order of one at a time: a read error before a configuration
/// that cannot be read is still said, and a configuration passed over is
/// warned of at its input.
#[test]
fn messages_keep_the_order_of_the_inputs() {
    let dir = common::temp_dir("check", "order");
    let bad = dir.join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("polc.toml"), "[check]\nbogus = 1\n").unwrap();
    let in_bad = common::write(&bad, "a.json", &common::allow(r#""ecs:RunTask""#));
    let good = common::write(&dir, "good.json", &common::allow(r#""ecs:RunTask""#));
    let missing = dir.join("missing.json");
    let missing = missing.to_str().unwrap();
    for jobs in ["1", "2"] {
        let out = polc(&["check", &good, missing, &in_bad, "--jobs", jobs], None);
        assert_eq!(out.status.code(), Some(2));
        let err = common::stderr(&out);
        let read = err.find("missing.json").expect(&err);
        let config = err.find("bogus").expect(&err);
        assert!(read < config, "{err}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let open = dir.join("open");
        std::fs::create_dir_all(&open).unwrap();
        let toml = open.join("polc.toml");
        std::fs::write(&toml, "[check]\n").unwrap();
        std::fs::set_permissions(&toml, std::fs::Permissions::from_mode(0o666)).unwrap();
        let in_open = common::write(&open, "a.json", &common::allow(r#""ecs:RunTask""#));
        let one = polc(&["check", missing, &in_open, "--jobs", "1"], None);
        let err = common::stderr(&one);
        let read = err.find("cannot read").expect(&err);
        let warning = err.find("is not read").expect(&err);
        assert!(read < warning, "{err}");
        let many = polc(&["check", missing, &in_open, "--jobs", "2"], None);
        assert_eq!(common::stderr(&many), err);
    }
}
