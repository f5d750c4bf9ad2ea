//! The `polc` binary: everything is in the library target.

fn main() -> std::process::ExitCode {
    polc_cli::main()
}
