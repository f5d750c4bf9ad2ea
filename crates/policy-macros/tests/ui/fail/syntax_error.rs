fn main() {
    let _ = polc_macros::policy! {
        policy Deploy {
            allow on "*"
        }
    };
}
