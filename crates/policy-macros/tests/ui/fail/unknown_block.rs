fn main() {
    let _ = policy_macros::include_policy!(
        "policies/web-service.pol",
        account = "111122223333",
        block = "WebTsk",
    );
}
