//! One block of a file, with its parameters; its trust policy names the
//! account given.

fn main() {
    let trust = polc_macros::include_policy!(
        "policies/web-service.pol",
        account = "444455556666",
        region = "eu-west-1",
        block = "WebTaskTrust",
    );
    assert_eq!(trust.policy_type, polc_model::PolicyType::Trust);
    let json = trust.policy.to_json_string(polc_model::json::Style::Pretty);
    assert!(json.contains("arn:aws:ecs:eu-west-1:444455556666:*"), "{json}");
}
