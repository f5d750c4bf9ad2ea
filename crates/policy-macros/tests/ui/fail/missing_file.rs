fn main() {
    let _ = policy_macros::include_policy!("policies/nowhere.pol");
}
