fn main() {
    // A customer managed policy is at most 6,144 characters.
    let _ = policy_macros::include_policy!("policies/too-big.pol");
}
