#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]
//! The `.pol` examples (`examples/`): every policy of the seed pages, as
//! documented or corrected (the corrections are listed here and explained
//! in each file), and the ECS setups, which build to the documents in
//! `examples/ecs/expected/` and decide requests as their comments say.

use std::path::{Path, PathBuf};

use polc_catalog::Reference;
use polc_dsl::{Params, compile, fmt};
use polc_evaluator::{Decision, PolicyKind, PolicySet, PolicySource, Request};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn files(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    out.sort();
    out
}

fn normalized(text: &str) -> Value {
    let mut v: Value = serde_json::from_str(text).unwrap();
    if let Some(s) = v.get_mut("Statement")
        && s.is_object()
    {
        *s = Value::Array(vec![s.clone()]);
    }
    v
}

/// What the examples correct in the seed documents: text replacements,
/// and whether `Version` is added.
fn corrections(name: &str) -> (Vec<(&'static str, &'static str)>, bool) {
    match name {
        "000-01.identity" | "000-02.identity" | "000-04.identity" => (vec![], true),
        "000-03.identity" => (vec![("\"iam: PassRole\"", "\"iam:PassRole\"")], true),
        "001-03.identity" => (
            vec![("\"ecs:DescribeCluster\"", "\"ecs:DescribeClusters\"")],
            false,
        ),
        "001-11.identity" => (
            vec![
                ("\"ecs:DescribeTask\"", "\"ecs:DescribeTasks\""),
                (":task/<task_UUID>", ":task/<cluster_name>/<task_UUID>"),
            ],
            false,
        ),
        "001-06.identity" => (
            vec![(
                ":container-instance/<container_instance_UUID>",
                ":container-instance/<cluster_name>/<container_instance_UUID>",
            )],
            false,
        ),
        _ => (vec![], false),
    }
}

#[test]
fn every_seed_policy_as_pol() {
    let reference = Reference::embedded();
    let seeds = root().join("tests/corpus/seeds");
    let examples = files(&root().join("examples/seeds"), "pol");
    assert_eq!(
        examples.len(),
        files(&seeds, "json").len(),
        "one example per seed document"
    );
    for example in examples {
        let name = example.file_stem().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(&example).unwrap();
        let compiled = compile(&source, &Params::new(), reference).unwrap_or_else(|d| {
            panic!(
                "{name}: {:?}",
                d.0.iter().map(|f| &f.message).collect::<Vec<_>>()
            )
        });
        let (replacements, add_version) = corrections(&name);
        if !replacements.is_empty() || add_version {
            assert!(
                source.contains("# Corrected:"),
                "{name}: the file says what it corrects"
            );
        }
        let mut documented = std::fs::read_to_string(seeds.join(format!("{name}.json"))).unwrap();
        for (from, to) in replacements {
            assert!(documented.contains(from), "{name}: {from}");
            documented = documented.replace(from, to);
        }
        let mut want = normalized(&documented);
        if add_version {
            want["Version"] = Value::String("2012-10-17".into());
        }
        assert_eq!(normalized(&compiled[0].json()), want, "{name}");
        assert_eq!(fmt::format(&source).unwrap(), source, "{name} is formatted");
    }
}

fn ecs_params() -> Params {
    Params::from([("account".to_owned(), "111122223333".to_owned())])
}

#[test]
fn ecs_setups_build_to_their_documents() {
    let reference = Reference::embedded();
    let expected = root().join("examples/ecs/expected");
    let mut built = 0;
    for example in files(&root().join("examples/ecs"), "pol") {
        let source = std::fs::read_to_string(&example).unwrap();
        let compiled = compile(&source, &ecs_params(), reference)
            .unwrap_or_else(|d| panic!("{}: {:?}", example.display(), d.0));
        for policy in compiled {
            assert!(
                policy.findings.is_empty(),
                "{}: {:?}",
                policy.name,
                policy
                    .findings
                    .iter()
                    .map(|f| &f.message)
                    .collect::<Vec<_>>()
            );
            let want =
                std::fs::read_to_string(expected.join(format!("{}.json", policy.name))).unwrap();
            assert_eq!(
                normalized(&policy.json()),
                normalized(&want),
                "{}",
                policy.name
            );
            built += 1;
        }
        assert_eq!(
            fmt::format(&source).unwrap(),
            source,
            "{} is formatted",
            example.display()
        );
    }
    assert_eq!(built, files(&expected, "json").len());
}

fn set_of(names: &[(&str, PolicyKind)]) -> PolicySet {
    let mut set = PolicySet::new();
    for (name, kind) in names {
        let text =
            std::fs::read_to_string(root().join(format!("examples/ecs/expected/{name}.json")))
                .unwrap();
        set.add_json(*kind, PolicySource { name, text: &text })
            .unwrap();
    }
    set
}

#[test]
fn the_ci_deploy_user_is_limited_to_its_cluster() {
    let set = set_of(&[("CiDeploy", PolicyKind::Identity)]);
    let user = "arn:aws:iam::111122223333:user/ci";
    let decide = |action: &str, resource: &str, context: &[(&str, &str)]| {
        let mut r = Request::new(action.to_owned(), resource.to_owned()).principal(user);
        for (k, v) in context {
            r = r.context((*k).to_owned(), (*v).to_owned());
        }
        set.evaluate(&r)
    };
    let prod = "arn:aws:ecs:us-east-1:111122223333:cluster/prod";
    let staging = "arn:aws:ecs:us-east-1:111122223333:cluster/staging";
    assert_eq!(
        decide(
            "ecs:UpdateService",
            "arn:aws:ecs:us-east-1:111122223333:service/prod/web",
            &[("ecs:cluster", prod)]
        ),
        Decision::Allow
    );
    assert_eq!(
        decide(
            "ecs:UpdateService",
            "arn:aws:ecs:us-east-1:111122223333:service/staging/web",
            &[("ecs:cluster", staging)]
        ),
        Decision::ExplicitDeny
    );
    assert_eq!(
        decide("ecs:RegisterTaskDefinition", "*", &[]),
        Decision::Allow
    );
    let task_role = "arn:aws:iam::111122223333:role/web-task";
    assert_eq!(
        decide(
            "iam:PassRole",
            task_role,
            &[("iam:PassedToService", "ecs-tasks.amazonaws.com")]
        ),
        Decision::Allow
    );
    assert_eq!(
        decide(
            "iam:PassRole",
            task_role,
            &[("iam:PassedToService", "ec2.amazonaws.com")]
        ),
        Decision::ImplicitDeny
    );
    assert_eq!(
        decide(
            "iam:PassRole",
            "arn:aws:iam::111122223333:role/admin",
            &[("iam:PassedToService", "ecs-tasks.amazonaws.com")]
        ),
        Decision::ImplicitDeny
    );
}

#[test]
fn only_ecs_tasks_of_the_account_assume_the_web_roles() {
    let set = set_of(&[("WebTaskTrust", PolicyKind::Resource)]);
    let role = "arn:aws:iam::111122223333:role/web-task";
    let assume = |principal: &str, account: &str| {
        set.evaluate(
            &Request::new("sts:AssumeRole", role)
                .principal(principal.to_owned())
                .context("aws:SourceAccount", account.to_owned())
                .context(
                    "aws:SourceArn",
                    format!("arn:aws:ecs:us-east-1:{account}:task/prod/1"),
                ),
        )
    };
    assert_eq!(
        assume("ecs-tasks.amazonaws.com", "111122223333"),
        Decision::Allow
    );
    assert_eq!(
        assume("ecs-tasks.amazonaws.com", "444455556666"),
        Decision::ImplicitDeny
    );
    assert_eq!(
        assume("ec2.amazonaws.com", "111122223333"),
        Decision::ImplicitDeny
    );
}
