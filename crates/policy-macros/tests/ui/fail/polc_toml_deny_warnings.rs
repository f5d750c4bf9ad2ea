// polc.toml's `deny-warnings` next to the file makes a warning of the
// checks an error, as `polc build` fails on it (review 41: the macros
// ignored polc.toml).
fn main() {
    let _ = polc_macros::include_policy!("policies/strict/ops.pol", block = "Ops");
}
