fn main() {
    // A customer managed policy is at most 6,144 characters.
    let _ = polc_macros::include_policy!("policies/too-big.pol");
}
