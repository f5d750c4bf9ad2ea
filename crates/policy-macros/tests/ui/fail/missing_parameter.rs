fn main() {
    // web-service.pol declares `param account: account_id` without a default.
    let _ = polc_macros::include_policy!("policies/web-service.pol");
}
