fn main() {
    let _ = policy_macros::include_policy!("policies/constructs.pol", account = 111122223333);
}
