fn main() {
    // (Inline, Rust itself refuses an unterminated string; a file reaches
    // the .pol parser.)
    let _ = polc_macros::include_policy!("policies/unterminated.pol");
}
