//! Compile errors and runs of programs that use the macros (trybuild).
//! `TRYBUILD=overwrite cargo test -p polc-macros --test ui` rewrites the
//! expected `.stderr` files after a deliberate change of the messages.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::path::{Path, PathBuf};

/// The crate trybuild builds the cases in: `include_policy!` paths are
/// relative to it, as they are to any crate that uses the macro.
fn trybuild_crate() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    // <target>/debug/deps/ui-<hash>
    let target = exe.ancestors().nth(3).unwrap();
    target.join("tests").join("trybuild").join("polc-macros")
}

#[test]
fn ui() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let policies = trybuild_crate().join("policies");
    std::fs::create_dir_all(&policies).unwrap();
    for (from, name) in [
        ("../../examples/ecs/web-service.pol", "web-service.pol"),
        ("tests/pol/constructs.pol", "constructs.pol"),
        ("tests/pol/too-big.pol", "too-big.pol"),
        ("tests/pol/unterminated.pol", "unterminated.pol"),
    ] {
        std::fs::copy(here.join(from), policies.join(name)).unwrap();
    }
    // polc.toml next to a policy applies to the macros as to `polc build`.
    for (dir, config) in [
        ("strict", "[check]\ndeny-warnings = true\n"),
        (
            "lenient",
            "[check]\nignore = [\"PASS_ROLE_WITH_STAR_IN_RESOURCE\"]\n",
        ),
        (
            "raised",
            "[severity]\nPASS_ROLE_WITH_STAR_IN_RESOURCE = \"error\"\n",
        ),
    ] {
        let dir = policies.join(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("polc.toml"), config).unwrap();
        std::fs::write(
            dir.join("ops.pol"),
            "policy Ops {\n  allow iam:PassRole on *\n}\n",
        )
        .unwrap();
    }
    // A rule by path (review 43: the macros matched it against `-`).
    let by_path = policies.join("by-path");
    std::fs::create_dir_all(by_path.join("legacy")).unwrap();
    std::fs::write(
        by_path.join("polc.toml"),
        "[check]\ndeny-warnings = true\nignore = [{ paths = [\"legacy/*.pol\"], codes = [\"PASS_ROLE_WITH_STAR_IN_RESOURCE\"], reason = \"legacy\" }]\n",
    )
    .unwrap();
    for dir in [by_path.join("legacy"), by_path.clone()] {
        std::fs::write(
            dir.join("ops.pol"),
            "policy Ops {\n  allow iam:PassRole on *\n}\n",
        )
        .unwrap();
    }
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/fail/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}
