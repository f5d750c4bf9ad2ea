#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

//! The corpus: every policy document of the ECS documentation pages and
//! the ECS managed policies (29: AWS no longer lists the deprecated
//! AmazonEC2ContainerServiceFullAccess) reads, validates without error, and survives a
//! round trip through the typed model unchanged.

use polc_model::json::{self, Style};
use polc_model::{CheckOptions, Policy, Severity, check};
use polc_tests::corpus;

#[test]
fn the_corpus_is_complete() {
    let files = corpus();
    let seeds = files
        .iter()
        .filter(|f| f.path.to_string_lossy().contains("/seeds/"))
        .count();
    let managed = files.len() - seeds;
    assert_eq!(seeds, 22, "policy documents in the seed pages");
    assert_eq!(managed, 29, "managed policies");
}

#[test]
fn every_document_validates_without_error() {
    for file in corpus() {
        let checked = check(&file.text, &CheckOptions::new(file.policy_type));
        let errors: Vec<_> = checked
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", file.path.display());
        assert!(checked.policy.is_some(), "{}", file.path.display());
    }
}

/// The only findings on the corpus, structure and catalog checks
/// together. On the seed pages: the missing `Version` (the
/// console-permissions page omits it in all four of its policies) and the
/// three non-existent actions. On the 29 managed policies, no error; the
/// warnings and suggestions are real: AWS writes `ArnLike` on tag keys
/// (typed String) whose values are ARNs, and `StringLike` with `*` where
/// `Null: false` says the same. The seed's RunTask and StartTask examples
/// lack the `iam:PassRole` those actions need to pass a task role; the ECS
/// service-linked role's policy repeats in one statement what `ec2:Describe*`
/// in another already grants. Resources: the DescribeTask and
/// DescribeContainerInstances examples use the ARN formats of before 2018
/// (`task/<task_UUID>`, without the cluster). (The console page scopes
/// `iam:CreateInstanceProfile` to `arn:aws:iam::*:role/...`; since a `*` that
/// ends a part may run over the colons, that pattern is not certain to miss
/// every instance profile, so it is not reported.)
#[test]
fn the_corpus_findings_are_the_known_ones() {
    let mut found = Vec::new();
    for file in corpus() {
        for finding in polc_catalog::check(&file.text, file.policy_type).findings {
            let name = file
                .path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let span = finding.location.span.unwrap();
            found.push((
                name,
                finding.code.name,
                file.text[span.start..span.end].to_owned(),
                finding.help,
            ));
        }
    }
    let missing_version = |i: usize| {
        let name = format!("000-{i:02}.identity.json");
        let text =
            std::fs::read_to_string(polc_tests::corpus_dir().join("seeds").join(&name)).unwrap();
        (
            name,
            "MISSING_VERSION",
            text.trim_end().to_owned(),
            Some("add `\"Version\": \"2012-10-17\"`".to_owned()),
        )
    };
    let expected = vec![
        missing_version(1),
        missing_version(2),
        missing_version(3),
        (
            "000-03.identity.json".to_owned(),
            "INVALID_ACTION",
            "\"iam: PassRole\"".to_owned(),
            Some("did you mean `iam:PassRole`?".to_owned()),
        ),
        missing_version(4),
        (
            "001-03.identity.json".to_owned(),
            "INVALID_ACTION",
            "\"ecs:DescribeCluster\"".to_owned(),
            Some("did you mean `ecs:DescribeClusters`?".to_owned()),
        ),
        (
            "001-11.identity.json".to_owned(),
            "INVALID_ACTION",
            "\"ecs:DescribeTask\"".to_owned(),
            Some("did you mean `ecs:DescribeTasks`?".to_owned()),
        ),
    ];
    let managed = |file: &str, code: &'static str, key: &str, help: String| {
        (
            format!("{file}.json"),
            code,
            format!("\"{key}\""),
            Some(help),
        )
    };
    let null_false = |key: &str| format!("write `\"Null\": {{\"{key}\": \"false\"}}`");
    let ecr_key = "kms:EncryptionContext:aws:ecr:arn";
    let managed_tag = "aws:RequestTag/AmazonECSManaged";
    let expected: Vec<_> = expected
        .into_iter()
        .chain([
            managed(
                "AWSTransformApplicationECSDeploymentPolicy",
                "EQUIVALENT_TO_NULL_FALSE",
                ecr_key,
                null_false(ecr_key),
            ),
            managed(
                "AmazonECSServiceRolePolicy",
                "EQUIVALENT_TO_NULL_FALSE",
                managed_tag,
                null_false(managed_tag),
            ),
        ])
        .collect();
    let detailed = [
        "MISSING_VERSION",
        "INVALID_ACTION",
        "EQUIVALENT_TO_NULL_FALSE",
    ];
    let (found, others): (Vec<_>, Vec<_>) =
        found.into_iter().partition(|f| detailed.contains(&f.1));
    assert_eq!(found, expected);
    // The statement-level findings, by file and code.
    let others: Vec<(String, &str)> = others
        .into_iter()
        .map(|(file, code, ..)| (file, code))
        .collect();
    let statement_level = [
        ("001-04", "MISSING_DEPENDENT_ACTION"),
        ("001-04", "MISSING_DEPENDENT_ACTION"),
        ("001-06", "RESOURCE_MISMATCH"),
        ("001-08", "MISSING_DEPENDENT_ACTION"),
        ("001-09", "MISSING_DEPENDENT_ACTION"),
        ("001-11", "RESOURCE_MISMATCH"),
        // `acm:RequestCertificate` creates a certificate: no tag on a
        // resource to test yet.
        (
            "AmazonECSInfrastructureRoleforExpressGatewayServices",
            "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        ),
        ("AmazonECSServiceRolePolicy", "MISSING_DEPENDENT_ACTION"),
        ("AmazonECSServiceRolePolicy", "REDUNDANT_STATEMENT"),
    ];
    let statement_level: Vec<(String, &str)> = statement_level
        .iter()
        .map(|(file, code)| {
            let seed = file.starts_with(char::is_numeric);
            (
                if seed {
                    format!("{file}.identity.json")
                } else {
                    format!("{file}.json")
                },
                *code,
            )
        })
        .collect();
    assert_eq!(others, statement_level);
}

#[test]
fn every_document_round_trips_losslessly() {
    for file in corpus() {
        let original = json::parse(&file.text).unwrap();
        let policy = Policy::from_json_str(&file.text, file.policy_type).unwrap();
        assert_eq!(
            policy.to_json(),
            original,
            "{}: typed model",
            file.path.display()
        );
        for style in [Style::Pretty, Style::Minified] {
            let written = policy.to_json_string(style);
            assert_eq!(
                json::parse(&written).unwrap(),
                original,
                "{}: {style:?}",
                file.path.display()
            );
            // An independent reader agrees: same values, same key order.
            let ours: serde_json::Value = serde_json::from_str(&written).unwrap();
            let theirs: serde_json::Value = serde_json::from_str(&file.text).unwrap();
            assert_eq!(
                serde_json::to_string(&ours).unwrap(),
                serde_json::to_string(&theirs).unwrap(),
                "{}: {style:?} against serde_json",
                file.path.display()
            );
        }
    }
}

#[test]
fn pretty_output_is_two_space_indented_and_minified_has_no_whitespace() {
    let file = corpus()
        .into_iter()
        .find(|f| f.path.ends_with("AmazonECSTaskExecutionRolePolicy.json"))
        .unwrap();
    let policy = Policy::from_json_str(&file.text, file.policy_type).unwrap();
    assert_eq!(policy.to_json_string(Style::Minified), file.text);
    let pretty = policy.to_json_string(Style::Pretty);
    assert!(pretty.starts_with(
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\""
    ));
    let minified = policy.to_json_string(Style::Minified);
    assert!(!minified.contains([' ', '\n']));
    assert_eq!(
        minified.len(),
        polc_model::size::iam_size(&policy.to_json())
    );
}

#[test]
fn lone_strings_arrays_and_json_types_are_kept() {
    let text = r#"{"Statement":{"Effect":"Allow","Action":"ecs:RunTask","Resource":["*"],
        "Condition":{"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"aws:MultiFactorAuthAge":3600.50},
        "StringEquals":{"aws:RequestedRegion":["us-east-1"]}}},"Version":"2012-10-17"}"#;
    let policy = Policy::from_json_str(text, polc_model::PolicyType::Identity).unwrap();
    assert_eq!(
        policy.to_json_string(Style::Minified),
        r#"{"Statement":{"Effect":"Allow","Action":"ecs:RunTask","Resource":["*"],"Condition":{"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"aws:MultiFactorAuthAge":3600.50},"StringEquals":{"aws:RequestedRegion":["us-east-1"]}}},"Version":"2012-10-17"}"#
    );
}

#[test]
fn serde_round_trip_keeps_the_document() {
    for file in corpus() {
        let policy = Policy::from_json_str(&file.text, file.policy_type).unwrap();
        let via_serde: Policy =
            serde_json::from_str(&serde_json::to_string(&policy).unwrap()).unwrap();
        assert_eq!(via_serde, policy, "{}", file.path.display());
    }
}

/// The version history (test data for the semantic diff) holds every
/// managed policy the catalog has, its last version being the catalog's
/// current document: the two come from one `cargo xtask update-catalog`.
#[test]
fn the_managed_history_ends_at_the_catalogs_current_versions() {
    let history = polc_tests::managed_history();
    assert_eq!(history.len(), polc_catalog::managed_policies().len());
    let mut versions = 0;
    for (name, all) in &history {
        let current = polc_catalog::managed_policy(name).unwrap();
        let last = all.last().unwrap();
        assert_eq!(last.id, current.version_id, "{name}");
        let ours: serde_json::Value = serde_json::from_str(current.document()).unwrap();
        let theirs: serde_json::Value = serde_json::from_str(&last.document).unwrap();
        assert_eq!(ours, theirs, "{name}");
        // Oldest first by version number (the package's dates are not
        // always in order: AWSAccountActivityAccess v3 bears v1's date).
        let number = |id: &str| id.trim_start_matches('v').parse::<u32>().unwrap();
        assert!(
            all.windows(2).all(|w| number(&w[0].id) < number(&w[1].id)),
            "{name}"
        );
        versions += all.len();
    }
    assert!(versions > 5_000, "{versions} versions");
}
