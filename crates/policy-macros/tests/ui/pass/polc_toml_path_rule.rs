// polc.toml's ignore rule by path applies to the file it names, as for
// `polc build` (a warning would be a `deprecated` warning, denied here).
#![deny(deprecated)]

fn main() {
    let ops = polc_macros::include_policy!("policies/by-path/legacy/ops.pol", block = "Ops");
    assert_eq!(ops.name, "Ops");
}
