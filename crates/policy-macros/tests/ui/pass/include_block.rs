//! One block of a file, with its parameters; its trust policy names the
//! account given.

fn main() {
    let trust = policy_macros::include_policy!(
        "policies/web-service.pol",
        account = "444455556666",
        region = "eu-west-1",
        block = "WebTaskTrust",
    );
    assert_eq!(trust.policy_type, policy_model::PolicyType::Trust);
    let json = trust.policy.to_json_string(policy_model::json::Style::Pretty);
    assert!(json.contains("arn:aws:ecs:eu-west-1:444455556666:*"), "{json}");
}
