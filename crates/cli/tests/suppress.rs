//! Accepting findings on purpose (issue 14.2): `# polc:ignore` comments,
//! `polc.toml`, `--ignore`, `--baseline`; suppressed findings do not count
//! for the exit code, `-v` lists them, SARIF carries them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

mod common;

use common::{allow, allow_on, polc_with, stderr, temp_dir, text, write};

fn polc(args: &[&str]) -> std::process::Output {
    polc_with(args, None)
}

/// A document with an action that does not exist.
fn bad_action() -> String {
    allow(r#""ecs:DescribeCluster""#)
}

#[test]
fn an_ignore_comment_lets_the_build_write_the_document() {
    let dir = temp_dir("suppress", "comment");
    let pol = write(
        &dir,
        "p.pol",
        "policy P {\n  # polc:ignore INVALID_ACTION -- the catalog does not have it yet\n  allow ecs:DescribeCluster on *\n}\n",
    );
    let out = polc(&["build", &pol]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(text(&out).contains("ecs:DescribeCluster"), "{}", text(&out));
    let out = polc(&["check", "-v", &pol]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out)
            .contains("p.pol:3:9: INVALID_ACTION suppressed: the catalog does not have it yet"),
        "{}",
        text(&out)
    );
    // Without a reason, the comment is an error and suppresses nothing.
    let bare = write(
        &dir,
        "bare.pol",
        "policy P {\n  # polc:ignore INVALID_ACTION\n  allow ecs:DescribeCluster on *\n}\n",
    );
    let out = polc(&["build", &bare]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("INVALID_IGNORE"), "{}", stderr(&out));
    assert!(stderr(&out).contains("INVALID_ACTION"), "{}", stderr(&out));
    // An error of the language cannot be ignored: the statement would be
    // left out of the document.
    let language = write(
        &dir,
        "lang.pol",
        "policy P {\n  # polc:ignore INVALID_SERVICE_IN_ACTION -- typo\n  allow ecss:@read on *\n}\n",
    );
    let out = polc(&["build", &language]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        stderr(&out).contains("INVALID_SERVICE_IN_ACTION"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn polc_toml_ignores_changes_severities_and_denies_warnings() {
    let dir = temp_dir("suppress", "toml");
    std::fs::create_dir_all(dir.join("legacy")).unwrap();
    let legacy = write(&dir.join("legacy"), "old.json", &bad_action());
    let current = write(&dir, "new.json", &bad_action());
    write(
        &dir,
        "polc.toml",
        "[[check.ignore]]\npaths = [\"legacy/*\"]\ncodes = [\"INVALID_ACTION\"]\nreason = \"frozen, replaced next quarter\"\n",
    );
    assert_eq!(polc(&["check", &legacy]).status.code(), Some(0));
    assert_eq!(polc(&["check", &current]).status.code(), Some(1));
    // A severity turned down counts as that.
    write(
        &dir,
        "polc.toml",
        "[severity]\nINVALID_ACTION = \"warning\"\n",
    );
    let out = polc(&["check", &current]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("1 warning"), "{}", text(&out));
    // ... and deny-warnings from the file fails it again.
    write(
        &dir,
        "polc.toml",
        "[check]\ndeny-warnings = true\n\n[severity]\nINVALID_ACTION = \"warning\"\n",
    );
    assert_eq!(polc(&["check", &current]).status.code(), Some(1));
    write(
        &dir,
        "polc.toml",
        "[check]\nignore = [\"INVALID_ACTION\"]\n",
    );
    assert_eq!(polc(&["check", &current]).status.code(), Some(0));
    // A misspelt key or code is an error, never ignored.
    write(&dir, "polc.toml", "[check]\nignor = [\"INVALID_ACTION\"]\n");
    let out = polc(&["check", &current]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a valid polc configuration"),
        "{}",
        stderr(&out)
    );
    write(&dir, "polc.toml", "[check]\nignore = [\"INVALID_ACTIN\"]\n");
    let out = polc(&["check", &current]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `INVALID_ACTION`"),
        "{}",
        stderr(&out)
    );
    write(
        &dir,
        "polc.toml",
        "[severity]\nJSON_SYNTAX_ERROR = \"off\"\n",
    );
    let out = polc(&["check", &current]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot be ignored"),
        "{}",
        stderr(&out)
    );
    // `--config` names the file; `--ignore` adds a code.
    std::fs::remove_file(dir.join("polc.toml")).unwrap();
    assert_eq!(
        polc(&["check", "--ignore", "INVALID_ACTION", &current])
            .status
            .code(),
        Some(0)
    );
    let elsewhere = temp_dir("suppress", "toml-elsewhere");
    let config = write(
        &elsewhere,
        "strict.toml",
        "[check]\nignore = [\"INVALID_ACTION\"]\n",
    );
    assert_eq!(
        polc(&["check", "--config", &config, &current])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn a_baseline_accepts_known_findings_only() {
    let dir = temp_dir("suppress", "baseline");
    let file = write(&dir, "p.json", &bad_action());
    let baseline = dir.join("baseline.json");
    let baseline = baseline.to_str().unwrap();
    let out = polc(&["check", &file, "--write-baseline", baseline]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the findings still count when written"
    );
    let out = polc(&["check", &file, "--baseline", baseline]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // A new finding is not in the baseline.
    write(
        &dir,
        "p.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecs:DescribeCluster", "ecs:ListClustr"], "Resource": "*"}]}"#,
    );
    let out = polc(&["check", &file, "--baseline", baseline]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("ecs:ListClustr"), "{}", text(&out));
    assert!(
        !text(&out).contains("`ecs:DescribeCluster` does not exist"),
        "{}",
        text(&out)
    );
    // SARIF carries what was suppressed, with why.
    let out = polc(&["check", &file, "--baseline", baseline, "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let suppressed: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 1, "{results:#?}");
    assert_eq!(suppressed[0]["suppressions"][0]["kind"], "external");
    assert_eq!(
        suppressed[0]["suppressions"][0]["justification"],
        "in the baseline"
    );
    // Not a baseline: said.
    let bad = write(&dir, "bad.json", "{}");
    assert_eq!(
        polc(&["check", &file, "--baseline", &bad]).status.code(),
        Some(2)
    );
}

/// Found by the outside review of issue 14: each was a finding that
/// should count but did not, or work that grew without bound.
#[test]
fn review_of_suppressions() {
    let dir = temp_dir("suppress", "review");
    // A1: an ignore at the end of a line covers nothing (it read as
    // covering the next statement).
    let trailing = write(
        &dir,
        "trailing.pol",
        "policy P {\n  allow ecs:ListClusters on *  # polc:ignore INVALID_ACTION -- checked\n  allow ecs:DescribeCluster on *\n}\n",
    );
    let out = polc(&["build", &trailing]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("INVALID_IGNORE"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("`ecs:DescribeCluster` does not exist"),
        "{}",
        stderr(&out)
    );
    // A2: a baseline entry is used once per file, not once per block.
    let one = write(
        &dir,
        "p.pol",
        "policy A {\n  allow ecs:DescribeCluster on *\n}\n",
    );
    let baseline = dir.join("base.json");
    let baseline = baseline.to_str().unwrap();
    polc(&["check", &one, "--write-baseline", baseline]);
    write(
        &dir,
        "p.pol",
        "policy A {\n  allow ecs:DescribeCluster on *\n}\n\npolicy B {\n  allow ecs:DescribeCluster on *\n}\n",
    );
    assert_eq!(
        polc(&["check", &one, "--baseline", baseline]).status.code(),
        Some(1)
    );
    assert_eq!(
        polc(&[
            "build",
            &one,
            "--baseline",
            baseline,
            "-o",
            dir.join("out").to_str().unwrap()
        ])
        .status
        .code(),
        Some(1)
    );
    // A4: a code given two severities is an error, not a coin toss.
    let sub = dir.join("sev");
    std::fs::create_dir_all(&sub).unwrap();
    let file = write(&sub, "x.json", &allow(r#""ecs:DescribeCluster""#));
    write(
        &sub,
        "polc.toml",
        "[severity]\nINVALID_ACTION = \"off\"\ninvalid_action = \"error\"\n",
    );
    let out = polc(&["check", &file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("twice"), "{}", stderr(&out));
    // A5: `..` is read as a path.
    let tree = dir.join("tree");
    std::fs::create_dir_all(tree.join("legacy")).unwrap();
    std::fs::create_dir_all(tree.join("prod")).unwrap();
    write(
        &tree.join("prod"),
        "x.json",
        &allow(r#""ecs:DescribeCluster""#),
    );
    write(
        &tree,
        "polc.toml",
        "[[check.ignore]]\npaths = [\"legacy/*\"]\ncodes = [\"INVALID_ACTION\"]\nreason = \"old\"\n",
    );
    let sneaky = tree.join("legacy/../prod/x.json");
    assert_eq!(
        polc(&["check", sneaky.to_str().unwrap()]).status.code(),
        Some(1)
    );
    // B3: configuration and baselines are read bounded.
    #[cfg(target_os = "linux")]
    {
        let out = polc(&["check", "--config", "/dev/zero", &file]);
        assert_eq!(out.status.code(), Some(2));
        let out = polc(&["check", "--baseline", "/dev/zero", &file]);
        assert_eq!(out.status.code(), Some(2));
    }
    // C1: the one suppressible language code takes effect.
    let statements: Vec<String> = (0..200)
        .map(|i| {
            format!("  allow s3:GetObject on \"arn:aws:s3:::a-bucket-with-a-long-name-{i}/*\"")
        })
        .collect();
    let big = write(
        &dir,
        "big.pol",
        &format!(
            "# polc:ignore POL_SIZE_EXCEEDS_QUOTA -- one document on purpose\npolicy Big {{\n{}\n}}\n",
            statements.join("\n")
        ),
    );
    let out = polc(&["build", &big]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // C5: a baseline kept beside the policies is not checked as one.
    let beside = temp_dir("suppress", "review-beside");
    write(&beside, "x.json", &allow(r#""ecs:DescribeCluster""#));
    let base = beside.join("polc-baseline.json");
    let root = beside.to_str().unwrap();
    polc(&["check", root, "--write-baseline", base.to_str().unwrap()]);
    let out = polc(&["check", root, "--baseline", base.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // C6: quiet shows the warnings that fail the run.
    let warn = write(
        &dir,
        "warn.pol",
        "policy W {\n  allow iam:PassRole on *\n}\n",
    );
    let out = polc(&["check", "-q", "--deny-warnings", &warn]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("PASS_ROLE_WITH_STAR_IN_RESOURCE"),
        "{}",
        text(&out)
    );
    // C7: an ignore of a code only `--within` reports is not left over
    // in a plain check.
    let within = write(
        &dir,
        "within.pol",
        "policy W {\n  # polc:ignore EXCEEDS_MANAGED_POLICY -- reviewed\n  allow s3:GetObject on *\n}\n",
    );
    let out = polc(&["check", &within]);
    assert!(!text(&out).contains("UNUSED_IGNORE"), "{}", text(&out));
    let out = polc(&[
        "check",
        "--within",
        "AmazonECSTaskExecutionRolePolicy",
        "--deny-warnings",
        &within,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

/// Found by the third review (fixes of fixes).
#[test]
fn third_review() {
    let dir = temp_dir("suppress", "third");
    // 1: an unknown ARN service does not hide the account error of the
    // same ARN (a false fine once the service became a warning).
    let arn = write(
        &dir,
        "arn.json",
        &allow_on(
            r#""ecs:DescribeClusters""#,
            "arn:aws:ecss:us-east-1:12345678901:cluster/x",
        ),
    );
    let out = polc(&["check", &arn]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("INVALID_ARN_ACCOUNT"), "{}", text(&out));
    // 2: the baseline named as an input is refused, not silently dropped
    // (and overwritten).
    let policy = write(&dir, "c.json", &bad_action());
    let out = polc(&["check", "--write-baseline", &policy, &policy]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        std::fs::read_to_string(&policy)
            .unwrap()
            .contains("ecs:DescribeCluster")
    );
    // 3: entries with policy variables are not compared as text.
    let vars = write(
        &dir,
        "vars.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/${*}", "arn:aws:s3:::b/${aws:username}"]}]}"#,
    );
    let out = polc(&["check", &vars]);
    assert!(!text(&out).contains("REDUNDANT_RESOURCE"), "{}", text(&out));
    let old = write(
        &dir,
        "old.json",
        r#"{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}"}]}"#,
    );
    let new = write(
        &dir,
        "new.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}"}]}"#,
    );
    let out = polc(&["check", "--within", &old, "--deny-warnings", &new]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    // 4: a stale ignore of a `--within` code is reported in a `--within`
    // run.
    let stale = write(
        &dir,
        "stale.pol",
        "policy P {\n  # polc:ignore EXCEEDS_MANAGED_POLICY -- accepted\n  allow ecs:DescribeClusters on *\n}\n",
    );
    let out = polc(&["check", "--within", "AmazonECS_FullAccess", &stale]);
    assert!(text(&out).contains("UNUSED_IGNORE"), "{}", text(&out));
    // 8: `-q` does not thin the baseline written.
    let warn = write(
        &dir,
        "w.json",
        r#"{"Statement": [{"Effect": "Allow", "Action": "ecs:ListClusters", "Resource": "*"}]}"#,
    );
    let baseline = dir.join("b.json");
    polc(&[
        "check",
        "-q",
        "--write-baseline",
        baseline.to_str().unwrap(),
        &warn,
    ]);
    assert!(
        std::fs::read_to_string(&baseline)
            .unwrap()
            .contains("MISSING_VERSION")
    );
    // 10: a lone CR is refused (a comment would hide what follows it).
    let cr = write(
        &dir,
        "cr.pol",
        "policy P {\n  allow s3:GetObject on * # note\r  deny s3:GetObject on \"arn:aws:s3:::secret/*\"\n}\n",
    );
    let out = polc(&["check", &cr]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("lone carriage return"),
        "{}",
        text(&out)
    );
    assert_eq!(polc(&["build", &cr]).status.code(), Some(2));
    // 10b: so are the other characters editors break lines at (review 28:
    // after `#`, U+2028 hid a `deny` that build then dropped).
    for (c, said) in [
        ('\u{2028}', "line separator (U+2028)"),
        ('\u{2029}', "paragraph separator (U+2029)"),
        ('\u{85}', "next-line character (NEL"),
        ('\u{0B}', "vertical tab"),
        ('\u{0C}', "form feed"),
        // Review 29: the file, group and record separators, bidirectional
        // controls and zero-width characters.
        ('\u{1C}', "separator character (U+001C)"),
        ('\u{1E}', "separator character (U+001E)"),
        ('\u{202E}', "invisible character (U+202E)"),
        ('\u{2066}', "invisible character (U+2066)"),
        ('\u{200B}', "invisible character (U+200B)"),
        ('\u{FEFF}', "invisible character (U+FEFF)"),
    ] {
        let hidden = write(
            &dir,
            "ls.pol",
            &format!(
                "policy P {{\n  allow s3:* on * # deletes are denied:{c}  deny s3:DeleteBucket on *\n}}\n"
            ),
        );
        let out = polc(&["check", &hidden]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(text(&out).contains(said), "{}", text(&out));
        assert_eq!(polc(&["build", &hidden]).status.code(), Some(2));
    }
    // 11: a .pol with an error keeps its documents' warnings.
    let both = write(
        &dir,
        "both.pol",
        "policy P {\n  allow ecs:DescribeCluster on *\n  allow iam:PassRole on *\n}\n",
    );
    let out = polc(&["check", &both]);
    assert!(
        text(&out).contains("PASS_ROLE_WITH_STAR_IN_RESOURCE"),
        "{}",
        text(&out)
    );
    // 6: a type with two ARN formats matches either.
    let lex = write(
        &dir,
        "lex.json",
        &allow_on(
            r#""lex:DescribeBot""#,
            "arn:aws:lex:us-east-1:111122223333:bot/ABC",
        ),
    );
    let out = polc(&["check", "--deny-warnings", &lex]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

/// Outside review 24: a `polc.toml` anyone may have written (in a
/// directory everyone may write in, such as `/tmp`, or itself writable by
/// everyone) is not read when found; `--config` still reads it.
#[cfg(unix)]
#[test]
fn a_polc_toml_anyone_may_write_is_not_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("suppress", "open");
    let doc = write(&dir, "p.json", &bad_action());
    let config = write(
        &dir,
        "polc.toml",
        "[check]\nignore = [\"INVALID_ACTION\"]\n",
    );
    let out = polc(&["check", &doc]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for (file, dir_mode, file_mode) in [(&config, 0o1777, 0o644), (&config, 0o755, 0o666)] {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(dir_mode)).unwrap();
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(file_mode)).unwrap();
        let out = polc(&["check", &doc]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("is not read: it, or its directory, may be written by anyone"),
            "{}",
            stderr(&out)
        );
        let out = polc(&["check", "--config", file, &doc]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    // Through a link, the directory of the file it leads to counts too.
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let shared = dir.join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::rename(&config, shared.join("real.toml")).unwrap();
    std::os::unix::fs::symlink("shared/real.toml", &config).unwrap();
    let out = polc(&["check", &doc]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
    let out = polc(&["check", &doc]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o755)).unwrap();
}
