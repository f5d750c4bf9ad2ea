//! The embedded Service Authorization Reference decodes in full and says
//! what AWS documents.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use polc_catalog::reference::key_matches;
use polc_catalog::{AccessLevel, Reference};
use polc_model::condition::KeyType;

fn reference() -> &'static Reference {
    let reference = Reference::embedded();
    assert!(reference.is_loaded());
    reference
}

#[test]
fn every_service_decodes_in_full() {
    let reference = reference();
    let (mut services, mut actions, mut resource_types, mut keys) = (0, 0, 0, 0);
    for (prefix, name) in reference.services() {
        let service = reference
            .service(prefix)
            .unwrap_or_else(|| panic!("{prefix} does not decode"));
        assert_eq!((service.prefix, service.name), (prefix, name));
        services += 1;
        actions += service.actions.len();
        resource_types += service.resource_types.len();
        keys += service.condition_keys.len();
        assert_eq!(
            reference.service(&prefix.to_uppercase()).map(|s| s.prefix),
            Some(prefix)
        );
        for action in &service.actions {
            let found = service.action(&action.name.to_uppercase()).map(|a| a.name);
            assert_eq!(
                found,
                Some(action.name),
                "{prefix}: lookup by name in any case"
            );
            for resource in &action.resources {
                assert!(
                    service.resource_type(resource).is_some(),
                    "{prefix}:{}",
                    action.name
                );
            }
        }
        // The names alone read as the whole service does.
        let names: Vec<&str> = service.actions.iter().map(|a| a.name).collect();
        assert!(
            reference
                .action_names()
                .any(|(p, listed)| p == prefix && listed == names),
            "{prefix}: action_names"
        );
        let sorted = service
            .actions
            .windows(2)
            .all(|w| w[0].name.to_lowercase() < w[1].name.to_lowercase());
        assert!(sorted, "{prefix}: actions are sorted for lookup");
    }
    assert_eq!(
        (services, actions, resource_types, keys),
        (456, 22_091, 2_334, 2_578)
    );
    assert_eq!(reference.global_keys().len(), 52);
}

#[test]
fn actions_are_found_case_insensitively_and_typos_are_not() {
    let reference = reference();
    let (_, run_task) = reference.action("ECS:runtask").unwrap();
    assert_eq!(run_task.name, "RunTask");
    assert!(reference.action("ecs:DescribeCluster").is_none());
    assert!(reference.action("ecs:DescribeTask").is_none());
    assert!(reference.action("iam: PassRole").is_none());
    let ecs = reference.service("ecs").unwrap();
    assert_eq!(
        ecs.suggest_action("DescribeCluster"),
        Some("DescribeClusters")
    );
    assert_eq!(ecs.suggest_action("DescribeTask"), Some("DescribeTasks"));
    assert_eq!(reference.suggest_service("eccs"), Some("ecs"));
    assert_eq!(reference.suggest_service("lamda"), Some("lambda"));
    assert_eq!(reference.suggest_service("ECS"), Some("ecs"));
}

#[test]
fn resource_types_carry_their_arn_formats() {
    let reference = reference();
    let (ecs, describe_tasks) = reference.action("ecs:DescribeTasks").unwrap();
    let formats: Vec<&str> = describe_tasks
        .resources
        .iter()
        .map(|r| ecs.resource_type(r).unwrap().arn_format)
        .collect();
    assert_eq!(
        formats,
        ["arn:${Partition}:ecs:${Region}:${Account}:task/${ClusterName}/${TaskId}"]
    );
    let (_, list_clusters) = reference.action("ecs:ListClusters").unwrap();
    assert!(
        list_clusters.resources.is_empty(),
        "ListClusters accepts only `*`"
    );
    assert_eq!(list_clusters.access_level, AccessLevel::List);
}

#[test]
fn condition_keys_have_types() {
    let reference = reference();
    let ecs = reference.service("ecs").unwrap();
    assert_eq!(
        ecs.condition_key("ecs:cluster").unwrap().key_type,
        KeyType::Arn
    );
    assert_eq!(
        ecs.condition_key("ecs:ResourceTag/team").unwrap().name,
        "ecs:ResourceTag/${TagKey}"
    );
    let (_, pass_role) = reference.action("iam:PassRole").unwrap();
    assert!(pass_role.condition_keys.contains(&"iam:PassedToService"));
    let tag_keys = reference
        .global_keys()
        .iter()
        .find(|k| k.name == "aws:TagKeys")
        .unwrap();
    assert_eq!(tag_keys.key_type, KeyType::ArrayOfString);
}

#[test]
fn wildcards_expand_to_actions() {
    let reference = reference();
    let names: Vec<&str> = reference
        .expand("ecs:Describe*")
        .iter()
        .map(|(_, a)| a.name)
        .collect();
    assert!(names.contains(&"DescribeClusters") && names.contains(&"DescribeTasks"));
    assert!(names.iter().all(|n| n.starts_with("Describe")));
    assert_eq!(reference.expand("ECS:describe*").len(), names.len());
    assert_eq!(reference.expand("ecs:RunTask").len(), 1);
    assert!(reference.expand("ecs:Nope*").is_empty());
    assert_eq!(reference.expand("*").len(), 22_091);
    let ecs = reference.service("ecs").unwrap();
    assert!(
        ecs.actions_at(AccessLevel::List)
            .all(|a| a.name.starts_with("List"))
    );
}

#[test]
fn legacy_actions_are_known() {
    let reference = reference();
    let deeplens = reference
        .legacy()
        .iter()
        .find(|s| s.prefix == "deeplens")
        .unwrap();
    assert!(deeplens.retired);
    assert!(reference.service("deeplens").is_none());
}

/// Condition keys are found by index as a reader of the reference would
/// find them: the key of that name (any case), else the first template the
/// name fits; the same answers as a search of every key.
#[test]
fn condition_keys_by_index_are_the_keys_a_search_finds() {
    let reference = Reference::embedded();
    // Fixed text of a template: all but the `${...}`/`<...>` place, or
    // all but `tag-key`, or all of a key ending in `/`.
    let fixed = |name: &str| {
        let place = name
            .find("${")
            .and_then(|at| Some(name[at..].find('}')? + 1))
            .or_else(|| {
                name.find('<')
                    .and_then(|at| Some(name[at..].find('>')? + 1))
            })
            .unwrap_or(if name.ends_with("/tag-key") { 7 } else { 0 });
        name.len() - place
    };
    let search = |keys: &mut dyn Iterator<Item = (&'static str, KeyType)>, key: &str| {
        let keys: Vec<_> = keys.collect();
        keys.iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(key))
            .or_else(|| {
                keys.iter().filter(|(name, _)| key_matches(name, key)).fold(
                    None,
                    |best: Option<&(&str, KeyType)>, k| match best {
                        Some(b) if fixed(b.0) >= fixed(k.0) => Some(b),
                        _ => Some(k),
                    },
                )
            })
            .map(|(_, t)| *t)
    };
    let mut probes = 0;
    for (prefix, _) in reference.services() {
        let service = reference.service(prefix).unwrap();
        for key in &service.condition_keys {
            let filled = key
                .name
                .split(['$', '<'])
                .next()
                .unwrap_or(key.name)
                .to_owned()
                + "team";
            for probe in [
                key.name.to_owned(),
                key.name.to_ascii_uppercase(),
                filled,
                format!("{}x", key.name),
            ] {
                let found = service.condition_key(&probe).map(|k| k.key_type);
                let expected = search(
                    &mut service.condition_keys.iter().map(|k| (k.name, k.key_type)),
                    &probe,
                );
                assert_eq!(found, expected, "{probe}");
                probes += 1;
            }
        }
    }
    for key in reference.global_keys() {
        for probe in [
            key.name.to_owned(),
            key.name.to_ascii_lowercase(),
            format!("{}/x", key.name),
        ] {
            let expected = search(
                &mut reference
                    .global_keys()
                    .iter()
                    .map(|k| (k.name, k.key_type))
                    .chain(polc_catalog::reference::EXTRA_GLOBAL_KEYS.iter().copied()),
                &probe,
            );
            assert_eq!(reference.global_key(&probe), expected, "{probe}");
        }
    }
    assert!(probes > 10_000, "{probes}");
    // A key written as the reference writes it is that key; a name in a
    // template's place takes the template whose fixed text it has.
    let codebuild = reference.service("codebuild").unwrap();
    for (key, key_type) in [
        (
            "codebuild:secondarySources/${sourceIdentifier}.insecureSsl",
            KeyType::Bool,
        ),
        ("codebuild:secondarySources/src1.insecureSsl", KeyType::Bool),
        (
            "codebuild:secondarySources/src1.auth.resource",
            KeyType::String,
        ),
    ] {
        assert_eq!(
            codebuild.condition_key(key).map(|k| k.key_type),
            Some(key_type),
            "{key}"
        );
    }
    assert!(
        codebuild
            .condition_key("codebuild:secondarySources/.insecureSsl")
            .is_none()
    );
}
