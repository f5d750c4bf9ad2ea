fn main() {
    let _ = polc_macros::include_policy!("policies/constructs.pol", account = 111122223333);
}
