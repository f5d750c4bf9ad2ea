fn main() {
    let _ = policy_macros::policy! {
        let bucket = "arn:aws:s3:::assets"
    };
}
