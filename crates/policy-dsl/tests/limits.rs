//! The compiler's limits: each gives a clear `POL_LIMIT` error at the
//! place, never a crash or a hang, and nothing a crafted file holds can
//! overflow the stack.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use polc_dsl::parse::{
    MAX_BLOCKS, MAX_DEPTH, MAX_IMPORTS, MAX_LETS, MAX_PARAMS, MAX_SOURCE_BYTES, MAX_STATEMENTS,
    MAX_STRING_CHARS, parse,
};

fn refused(source: &str, message: &str) {
    let findings = parse(source).expect_err("the file is refused");
    let finding = &findings[0];
    assert_eq!(finding.code.name, "POL_LIMIT", "{}", finding.message);
    assert!(finding.message.contains(message), "{}", finding.message);
    assert!(finding.help.is_some());
    let span = finding.location.span.expect("a place");
    assert!(span.end <= source.len());
}

#[test]
fn each_limit_is_a_clear_error_and_the_limit_itself_is_accepted() {
    // Statements per block.
    let block = |n: usize| {
        format!(
            "policy P {{\n{}}}\n",
            "  allow ecs:ListClusters on *\n".repeat(n)
        )
    };
    assert!(parse(&block(MAX_STATEMENTS)).is_ok());
    refused(&block(MAX_STATEMENTS + 1), "statements; the most is 1000");

    // Blocks per file.
    let blocks = |n: usize| {
        (0..n)
            .map(|i| format!("policy P{i} {{ allow ecs:ListClusters on * }}\n"))
            .collect::<String>()
    };
    assert!(parse(&blocks(MAX_BLOCKS)).is_ok());
    refused(&blocks(MAX_BLOCKS + 1), "blocks; the most is 200");

    // Parameters, bindings, imports.
    let params = |n: usize| {
        (0..n)
            .map(|i| format!("param p{i}: string = \"x\"\n"))
            .collect::<String>()
    };
    assert!(parse(&params(MAX_PARAMS)).is_ok());
    refused(&params(MAX_PARAMS + 1), "parameters; the most is 100");
    let lets = |n: usize| {
        (0..n)
            .map(|i| format!("let l{i} = \"x\"\n"))
            .collect::<String>()
    };
    assert!(parse(&lets(MAX_LETS)).is_ok());
    refused(&lets(MAX_LETS + 1), "bindings; the most is 1000");
    let imports = |n: usize| {
        (0..n)
            .map(|i| format!("import \"f{i}.pol\"\n"))
            .collect::<String>()
    };
    assert!(parse(&imports(MAX_IMPORTS)).is_ok());
    refused(&imports(MAX_IMPORTS + 1), "imports; the most is 100");

    // String length, as written.
    let string = |n: usize| format!("let s = \"{}\"\n", "a".repeat(n));
    assert!(parse(&string(MAX_STRING_CHARS)).is_ok());
    refused(
        &string(MAX_STRING_CHARS + 1),
        "characters long; the most is 4096",
    );

    // Nesting.
    let nested = |n: usize| format!("let l = {}\"x\"{}\n", "[".repeat(n), "]".repeat(n));
    assert!(parse(&nested(MAX_DEPTH)).is_ok());
    refused(&nested(MAX_DEPTH + 1), "nested more than 32 deep");

    // File size.
    let big = format!("# {}\n", "x".repeat(MAX_SOURCE_BYTES));
    refused(&big, "larger than 4 MiB");
}

#[test]
fn crafted_nesting_cannot_overflow_the_stack() {
    for open in ["[", "(", "{", "ecs.cluster("] {
        let source = format!("let l = {}\n", open.repeat(200_000));
        let findings = parse(&source).expect_err("refused");
        let finding = &findings[0];
        assert!(
            matches!(finding.code.name, "POL_LIMIT" | "POL_SYNTAX_ERROR"),
            "{}",
            finding.message
        );
        // The formatter reads the same way.
        assert!(polc_dsl::fmt::format(&source).is_err());
    }
}

/// After a syntax error, reading resumes at the next statement or item:
/// every broken block is reported, and the work stays linear however many
/// errors the file has (each resumed read stops at its own error).
#[test]
fn every_broken_block_is_reported_in_linear_work() {
    let source = "policy A {\n  allow ecs:RunTask on * if aws:SecureTransport = false\n  allow ecs:StopTask on *\n}\n\npolicy B {\n  allow ecs:ListClusters o *\n  deny s3:* on *\n}\n\npolicy my-policy {\n  allow ecs:ListTasks on *\n}\n\npolicy D {\n  allow ecs:ListServices on *\n}\n";
    let errors = parse(source).expect_err("three broken blocks");
    let lines: Vec<usize> = errors
        .iter()
        .map(|f| {
            let at = f.location.span.expect("a place").start;
            source[..at].matches('\n').count() + 1
        })
        .collect();
    assert_eq!(lines, [2, 7, 11], "{errors:#?}");
    // Broken statements spread over the whole file: each is reported (up
    // to the cap), and the time grows with the file, no faster.
    let time = |n: usize| {
        let stretch = format!(
            "{}  allow ecs:RunTask o *\n",
            "  allow ecs:RunTask on *\n".repeat(n / 50)
        );
        let source = format!("policy P {{\n{}}}\n", stretch.repeat(60));
        let start = std::time::Instant::now();
        let errors = parse(&source).expect_err("broken");
        assert_eq!(errors.len(), polc_dsl::parse::MAX_SYNTAX_ERRORS);
        start.elapsed()
    };
    let small = time(2_000).as_secs_f64();
    let large = time(32_000).as_secs_f64();
    assert!(
        large < small * 64.0 + 0.05,
        "{small} s, then {large} s for 16 times as much"
    );
}

/// Found by review: each ignore comment looked for the line after it by
/// reading every following line (20,000 comments took 56 s).
#[test]
fn ignore_comments_are_read_in_linear_time() {
    let time = |n: usize| {
        let source = format!(
            "policy P {{\n{}  allow ecs:ListClusters on *\n}}\n",
            "  # polc:ignore INVALID_ACTION -- r\n".repeat(n)
        );
        let start = std::time::Instant::now();
        let _ = polc_dsl::compile(
            &source,
            &polc_dsl::Params::new(),
            polc_catalog::Reference::embedded(),
        );
        start.elapsed().as_secs_f64()
    };
    let small = time(2_000);
    let large = time(16_000);
    assert!(
        large < small * 24.0 + 0.2,
        "{small} s, then {large} s for 8 times as many"
    );
}

/// Found by review: many findings in one statement were matched to their
/// source by scanning the statement's whole map (quadratic).
#[test]
fn many_findings_in_one_statement_stay_linear() {
    let time = |n: usize| {
        let names: Vec<String> = (0..n).map(|i| format!("Zq{i}")).collect();
        let source = format!(
            "policy P {{\n  allow ecs:{{{}}} on *\n}}\n",
            names.join(", ")
        );
        let start = std::time::Instant::now();
        let errors = polc_dsl::compile(
            &source,
            &polc_dsl::Params::new(),
            polc_catalog::Reference::embedded(),
        )
        .expect_err("unknown actions");
        assert!(errors.0.len() >= n);
        start.elapsed().as_secs_f64()
    };
    let small = time(500);
    let large = time(4_000);
    assert!(
        large < small * 24.0 + 0.3,
        "{small} s, then {large} s for 8 times as many"
    );
}

/// Found by review 38: each condition of a statement looked for its key
/// among the keys before it (80,000 conditions took 13 s).
#[test]
fn many_conditions_in_one_statement_stay_linear() {
    let time = |n: usize| {
        let conditions: Vec<String> = (0..n)
            .map(|i| format!("aws:PrincipalTag/k{i} == \"v\""))
            .collect();
        let source = format!(
            "policy P {{\n  allow s3:GetObject on * if {}\n}}\n",
            conditions.join(" and ")
        );
        let start = std::time::Instant::now();
        let _ = polc_dsl::compile(
            &source,
            &polc_dsl::Params::new(),
            polc_catalog::Reference::embedded(),
        );
        start.elapsed().as_secs_f64()
    };
    // Quadratic, 40,000 conditions took 64 times as long as 5,000.
    let small = time(5_000);
    let large = time(40_000);
    assert!(
        large < small * 16.0 + 0.3,
        "{small} s, then {large} s for 8 times as many"
    );
}

/// Review 42: a block whose document is larger than polc's JSON reader
/// takes was reported as a JSON syntax error at the block, with help about
/// quotes and commas; it is the compiler's limit, said as one.
#[test]
fn a_document_too_large_to_read_is_a_limit() {
    let source = format!(
        "policy H {{\n{}}}\n",
        (0..1000)
            .map(|i| format!("  allow ec2:@write on \"arn:aws:ec2:*:*:instance/i-{i}\"\n"))
            .collect::<String>()
    );
    let findings = polc_dsl::compile(
        &source,
        &polc_dsl::Params::new(),
        polc_catalog::Reference::embedded(),
    )
    .expect_err("refused")
    .0;
    let finding = findings
        .iter()
        .find(|f| f.code.name == "POL_LIMIT")
        .unwrap_or_else(|| panic!("{findings:?}"));
    assert!(
        finding
            .message
            .contains("more than the 8388608 bytes polc reads"),
        "{}",
        finding.message
    );
    assert!(findings.iter().all(|f| f.code.name != "JSON_SYNTAX_ERROR"));
}
