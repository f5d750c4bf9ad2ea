//! The managed policies as data: current versions readable and valid, and
//! the documented versions equal to the ECS documentation page's JSON.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use policy_catalog::{managed_policies, managed_policy};
use policy_model::json;

#[test]
fn thirty_current_policies_read_without_error() {
    assert_eq!(managed_policies().len(), 30);
    for managed in managed_policies() {
        let policy = managed
            .policy()
            .unwrap_or_else(|e| panic!("{}: {e}", managed.name));
        assert!(!policy.statement.is_empty(), "{}", managed.name);
        assert!(managed.version_id.starts_with('v'), "{}", managed.name);
    }
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
        let ours = json::parse(managed.documented.unwrap()).unwrap();
        let page = std::fs::read_to_string(seeds.join(seed)).unwrap();
        assert_eq!(ours, json::parse(&page).unwrap(), "{name}");
    }
    let with_documented = managed_policies()
        .iter()
        .filter(|m| m.documented.is_some())
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
        policy_catalog::managed::suggest_managed_policy("AmazonECS_FullAcess"),
        Some("AmazonECS_FullAccess")
    );
}
