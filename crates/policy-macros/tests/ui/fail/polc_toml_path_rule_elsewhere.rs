// polc.toml's ignore rule by path does not apply to a file it does not
// name: `deny-warnings` makes the warning an error.
fn main() {
    let _ = polc_macros::include_policy!("policies/by-path/ops.pol", block = "Ops");
}
