// polc.toml's `[severity]` raising a code to an error fails the build, as
// `polc build` does.
fn main() {
    let _ = polc_macros::include_policy!("policies/raised/ops.pol", block = "Ops");
}
