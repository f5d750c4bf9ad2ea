//! The corpus of AWS's own policies: every current AWS managed policy
//! through `polc check`, all in one run, as a user would check them. AWS
//! ships each of them and IAM accepts each, so an ERROR on one is a false
//! alarm unless it is listed in [`EXCEPTIONS`] with the reason AWS itself
//! would reject the document. Warnings are allowed, but counted: at most
//! [`MAX_WARNED`] documents may have a finding of WARNING or worse (the
//! figure and each remaining kind of warning are explained in
//! docs/checks.md, "AWS's own policies").
//!
//! (`import` → `build` over the same documents is
//! crates/policy-dsl/tests/roundtrip.rs.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use std::collections::BTreeMap;

mod common;

/// Current AWS managed policies on which an ERROR is right, with why.
const EXCEPTIONS: &[(&str, &str, &str)] = &[
    // Actions the Service Authorization Reference does not have. Access
    // Analyzer's check reference says some AWS managed policies hold
    // invalid actions that grant nothing; a user's copy of one is a
    // mistake polc must not let pass.
    (
        "AWSManagedSettingsAdminAccess",
        "INVALID_ACTION",
        "budgets:CreateBudget, payments:Get... are in no edition of the reference",
    ),
    (
        "MemoryDBServiceRolePolicy",
        "INVALID_ACTION",
        "memorydb:ReplicateMultiRegionClusterData is in no edition of the reference",
    ),
    (
        "RDSCloudHsmAuthorizationRole",
        "INVALID_ACTION",
        "actions of CloudHSM Classic (CreateLunaClient...), retired",
    ),
    (
        "SecurityAgentWebAppAPIPolicy",
        "INVALID_ACTION",
        "securityagent actions the reference of 2026-09 does not list",
    ),
];

/// Documents with a finding of WARNING or worse, at most (of about 1,600).
const MAX_WARNED: usize = 200;

#[test]
fn no_aws_managed_policy_has_an_error() {
    let dir = common::temp_dir("managed", "all");
    let all = polc_catalog::managed_policies();
    for policy in all {
        common::write(&dir, &format!("{}.json", policy.name), policy.document());
    }
    let dir_arg = dir.to_string_lossy().into_owned();
    let output = common::polc_with(
        &[
            "check",
            &dir_arg,
            "--policy-type",
            "identity",
            "--format",
            "json",
        ],
        None,
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", common::stderr(&output)));
    let files = report.as_array().unwrap();
    assert_eq!(files.len(), all.len(), "one report per policy");

    let mut errors = Vec::new();
    let mut warned = 0;
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    for file in files {
        let path = file["file"].as_str().unwrap();
        let name = path.rsplit('/').next().unwrap().trim_end_matches(".json");
        let mut worse_than_suggestion = false;
        for finding in file["findings"].as_array().unwrap() {
            let severity = finding["findingType"].as_str().unwrap();
            let code = finding["issueCode"].as_str().unwrap();
            if severity != "SUGGESTION" {
                worse_than_suggestion = true;
                *by_code.entry(code.to_owned()).or_default() += 1;
            }
            if severity == "ERROR" && !EXCEPTIONS.iter().any(|(n, c, _)| *n == name && *c == code) {
                errors.push(format!("{name}: {code}: {}", finding["findingDetails"]));
            }
        }
        warned += usize::from(worse_than_suggestion);
    }
    assert!(
        errors.is_empty(),
        "{} false alarms:\n{}",
        errors.len(),
        errors.join("\n")
    );
    assert!(
        warned <= MAX_WARNED,
        "{warned} of {} documents warned (at most {MAX_WARNED}); by code: {by_code:#?}",
        all.len()
    );
    // Every exception is still needed.
    for (name, code, why) in EXCEPTIONS {
        assert!(
            files.iter().any(|f| f["file"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/{name}.json"))
                && f["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|x| x["issueCode"] == *code && x["findingType"] == "ERROR")),
            "{name} {code} ({why}) no longer fires: remove the exception"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A managed policy is named by its name or its exact ARN: a customer's
/// policy of the same name (another account, another path) is not it, and
/// a file of the same name must be told apart.
#[test]
fn managed_policies_are_named_exactly() {
    let dir = common::temp_dir("managed", "names");
    let policy = common::write(&dir, "p.json", &common::allow("\"s3:GetObject\""));
    for wrong in [
        "arn:aws:iam::123456789012:policy/ReadOnlyAccess",
        "arn:aws:iam::aws:policy/bogus-path/ReadOnlyAccess",
        "aws:arn:aws:iam::123456789012:policy/ReadOnlyAccess",
    ] {
        let out = common::polc_with(&["check", &policy, "--within", wrong], None);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{wrong}: {}",
            common::stderr(&out)
        );
    }
    let right = common::polc_with(
        &[
            "check",
            &policy,
            "--within",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
        ],
        None,
    );
    assert_eq!(right.status.code(), Some(0), "{}", common::stderr(&right));
    // A file named like a managed policy: ambiguous unless said.
    common::write(&dir, "ReadOnlyAccess", &common::allow("\"s3:GetObject\""));
    let run = |within: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_polc"))
            .args(["check", "p.json", "--within", within])
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let ambiguous = run("ReadOnlyAccess");
    assert_eq!(ambiguous.status.code(), Some(2));
    assert!(common::stderr(&ambiguous).contains("both a file and an AWS managed policy"));
    assert_eq!(run("./ReadOnlyAccess").status.code(), Some(0));
    assert_eq!(run("aws:ReadOnlyAccess").status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
