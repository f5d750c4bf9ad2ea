fn main() {
    let _ = polc_macros::policy! {
        let bucket = "arn:aws:s3:::assets"
    };
}
