// polc.toml's `ignore` next to the file: the finding is not reported (a
// warning would be a `deprecated` warning, denied here).
#![deny(deprecated)]

fn main() {
    let ops = polc_macros::include_policy!("policies/lenient/ops.pol", block = "Ops");
    assert_eq!(ops.name, "Ops");
}
