fn main() {
    let _ = policy_macros::policy! {
        policy Deploy {
            allow on "*"
        }
    };
}
