//! A warning does not stop the build; `#[allow(deprecated)]` silences it.

#[allow(deprecated)]
fn main() {
    let file = polc_macros::policy! {
        policy Admin {
            allow iam:PassRole on *
        }
    };
    assert_eq!(file.len(), 1);
}
