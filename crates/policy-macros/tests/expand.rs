//! The macros build the very documents `polc build` writes: every example
//! of the repository and a file of every construct, compiled once by
//! `include_policy!` at compile time and once by `polc_dsl` at run time.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]
#![allow(
    deprecated,
    reason = "the catalog checks warn about some examples (as AWS documents them): the macros report warnings as deprecation warnings"
)]

use polc_macros::{include_policy, policy};
use polc_model::json::Style;
use polc_model::{NamedPolicy, PolicyFile, PolicyType};

/// What `polc build` gives for the file at `path` (relative to this crate)
/// with `params`.
fn built(path: &str, params: &[(&str, &str)]) -> PolicyFile {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&path).unwrap();
    let dir = path.parent().unwrap().to_path_buf();
    let loader =
        move |name: &str| std::fs::read_to_string(dir.join(name)).map_err(|e| e.to_string());
    let params = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let options = polc_dsl::Options {
        loader: Some(&loader),
        ..polc_dsl::Options::default()
    };
    let compiled =
        polc_dsl::compile_with(&text, &params, polc_catalog::Reference::embedded(), options)
            .unwrap();
    PolicyFile::new(
        compiled
            .into_iter()
            .map(|p| NamedPolicy {
                policy_type: p.policy_type(),
                name: p.name,
                policy: p.policy,
            })
            .collect(),
    )
}

macro_rules! same_as_build {
    ($test:ident, $path:literal $(, $name:ident = $value:literal)*) => {
        #[test]
        fn $test() {
            let expanded = include_policy!($path $(, $name = $value)*);
            assert_eq!(expanded, built($path, &[$((stringify!($name), $value)),*]));
            assert!(!expanded.is_empty());
        }
    };
}

same_as_build!(
    constructs,
    "tests/pol/constructs.pol",
    account = "111122223333"
);
same_as_build!(
    constructs_other_region,
    "tests/pol/constructs.pol",
    account = "444455556666",
    region = "eu-west-1"
);
same_as_build!(
    web_service,
    "../../examples/ecs/web-service.pol",
    account = "111122223333"
);
same_as_build!(
    anywhere_host,
    "../../examples/ecs/anywhere-host.pol",
    account = "111122223333"
);
same_as_build!(
    ci_deploy,
    "../../examples/ecs/ci-deploy.pol",
    account = "111122223333"
);
same_as_build!(seed_000_01, "../../examples/seeds/000-01.identity.pol");
same_as_build!(seed_000_02, "../../examples/seeds/000-02.identity.pol");
same_as_build!(seed_000_03, "../../examples/seeds/000-03.identity.pol");
same_as_build!(seed_000_04, "../../examples/seeds/000-04.identity.pol");
same_as_build!(seed_001_01, "../../examples/seeds/001-01.identity.pol");
same_as_build!(seed_001_02, "../../examples/seeds/001-02.identity.pol");
same_as_build!(seed_001_03, "../../examples/seeds/001-03.identity.pol");
same_as_build!(seed_001_04, "../../examples/seeds/001-04.identity.pol");
same_as_build!(seed_001_05, "../../examples/seeds/001-05.identity.pol");
same_as_build!(seed_001_06, "../../examples/seeds/001-06.identity.pol");
same_as_build!(seed_001_07, "../../examples/seeds/001-07.identity.pol");
same_as_build!(seed_001_08, "../../examples/seeds/001-08.identity.pol");
same_as_build!(seed_001_09, "../../examples/seeds/001-09.identity.pol");
same_as_build!(seed_001_10, "../../examples/seeds/001-10.identity.pol");
same_as_build!(seed_001_11, "../../examples/seeds/001-11.identity.pol");
same_as_build!(seed_001_12, "../../examples/seeds/001-12.identity.pol");
same_as_build!(seed_001_13, "../../examples/seeds/001-13.identity.pol");
same_as_build!(seed_002_01, "../../examples/seeds/002-01.trust.pol");
same_as_build!(seed_003_01, "../../examples/seeds/003-01.identity.pol");
same_as_build!(seed_003_02, "../../examples/seeds/003-02.identity.pol");
same_as_build!(seed_003_03, "../../examples/seeds/003-03.identity.pol");
same_as_build!(seed_003_04, "../../examples/seeds/003-04.identity.pol");

#[test]
fn every_seed_example_is_tested() {
    let here = std::fs::read_to_string(file!()).unwrap_or_else(|_| {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/expand.rs")).unwrap()
    });
    for entry in
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/seeds")).unwrap()
    {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".pol") {
            assert!(
                here.contains(&format!("examples/seeds/{name}\"")),
                "{name} is not tested here"
            );
        }
    }
}

#[test]
fn one_block() {
    let task = include_policy!(
        "../../examples/ecs/web-service.pol",
        account = "111122223333",
        block = "WebTask",
    );
    assert_eq!(task.name, "WebTask");
    assert_eq!(task.policy_type, PolicyType::Identity);
    let file = built(
        "../../examples/ecs/web-service.pol",
        &[("account", "111122223333")],
    );
    assert_eq!(Some(&task), file.get("WebTask"));
}

#[test]
fn inline_text_keeps_its_layout_and_escapes() {
    let file = policy! {
        // Rust comments are not part of the text.
        policy Inline {
            allow s3:GetObject on "arn:aws:s3:::a-\"quoted\"-bucket/${aws:username}/*"
                if aws:SecureTransport == true   // a Rust comment
            deny not ecs:Describe*, ecs:List* on *
        }
        trust Role {
            allow aws "111122223333" to sts:AssumeRole
        }
    };
    let names: Vec<&str> = file.names().collect();
    assert_eq!(names, ["Inline", "Role"]);
    let inline = &file.get("Inline").unwrap().policy;
    let expected = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Inline1",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::a-\"quoted\"-bucket/${aws:username}/*",
      "Condition": {
        "Bool": {
          "aws:SecureTransport": true
        }
      }
    },
    {
      "Sid": "Inline2",
      "Effect": "Deny",
      "NotAction": [
        "ecs:Describe*",
        "ecs:List*"
      ],
      "Resource": "*"
    }
  ]
}"#;
    assert_eq!(inline.to_json_string(Style::Pretty), expected);
    assert_eq!(file.get("Role").unwrap().policy_type, PolicyType::Trust);
}

#[test]
fn decisions_from_a_compiled_file() {
    use polc_evaluator::{Decision, PolicyKind, PolicySet, Request};
    let task = include_policy!(
        "../../examples/ecs/web-service.pol",
        account = "111122223333",
        block = "WebTask",
    );
    let mut set = PolicySet::new();
    set.add(PolicyKind::Identity, &task.name, &task.policy)
        .unwrap();
    let get = |object: &str, secure: &str| {
        set.evaluate(
            &Request::new("s3:GetObject", object)
                .principal("arn:aws:sts::111122223333:assumed-role/web-task/t-1")
                .resource_account("111122223333")
                .context("aws:SecureTransport", secure),
        )
    };
    assert_eq!(
        get("arn:aws:s3:::111122223333-web-assets/logo.png", "true"),
        Decision::Allow
    );
    assert_eq!(
        get("arn:aws:s3:::111122223333-web-assets/logo.png", "false"),
        Decision::ExplicitDeny
    );
    assert_eq!(
        get("arn:aws:s3:::other-bucket/logo.png", "true"),
        Decision::ImplicitDeny
    );
}
