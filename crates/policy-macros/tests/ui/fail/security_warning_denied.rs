// A warning of the checks is a `deprecated` warning at its place: denied
// here, it fails the build.
#![deny(deprecated)]

fn main() {
    let _ = polc_macros::policy! {
        policy Admin {
            allow iam:PassRole on *
        }
    };
}
