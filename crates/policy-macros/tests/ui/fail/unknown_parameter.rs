fn main() {
    let _ = polc_macros::include_policy!("policies/constructs.pol", acount = "111122223333");
}
