// Inside `policy!`, comments are Rust's: a `#` comment could take in
// tokens another macro puts on its line.
macro_rules! guarded {
    ($name:ident { $($body:tt)* }) => {
        polc_macros::policy! {
            policy $name {
                $($body)*
                deny s3:DeleteBucket on *
            }
        }
    };
}

fn main() {
    let _ = guarded!(Web { allow s3:* on * # everything but deleting buckets
    });
}
