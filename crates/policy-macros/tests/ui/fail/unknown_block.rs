fn main() {
    let _ = polc_macros::include_policy!(
        "policies/web-service.pol",
        account = "111122223333",
        block = "WebTsk",
    );
}
