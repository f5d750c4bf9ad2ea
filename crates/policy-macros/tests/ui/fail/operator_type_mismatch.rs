fn main() {
    let _ = polc_macros::policy! {
        policy Uploads {
            allow s3:PutObject on * if aws:SecureTransport like "tr*"
        }
    };
}
