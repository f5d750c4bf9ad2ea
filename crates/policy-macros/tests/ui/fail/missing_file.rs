fn main() {
    let _ = polc_macros::include_policy!("policies/nowhere.pol");
}
