//! The language server's speed, through its whole path (JSON-RPC in,
//! diagnostics or completions out), on a 200-statement `.pol` file:
//! diagnostics after a change (issue 17's target: ≤ 20 ms) and a
//! completion (≤ 5 ms).
#![allow(missing_docs, reason = "criterion generates the entry point")]

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;

/// A file of 200 statements, each with a resource and a condition.
fn file() -> String {
    let actions = [
        "ecs:RunTask",
        "ecs:StopTask",
        "s3:GetObject",
        "logs:PutLogEvents",
    ];
    let mut text =
        String::from("param account: account_id\nparam region: region\n\npolicy Big {\n");
    for i in 0..200 {
        text.push_str(&format!(
            "  sid S{i} allow {} on \"arn:aws:s3:::bucket-{i}/*\" if aws:RequestTag/team == \"t{i}\"\n",
            actions.get(i % actions.len()).copied().unwrap_or_default()
        ));
    }
    text.push_str("}\n");
    text
}

fn frame(message: &serde_json::Value) -> String {
    let text = message.to_string();
    format!("Content-Length: {}\r\n\r\n{text}", text.len())
}

/// `initialize` and `didOpen`, then `messages(i)` for each of `n`.
fn session(n: u64, message: impl Fn(u64) -> serde_json::Value) -> String {
    let uri = "file:///bench/big.pol";
    let mut input =
        frame(&json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {}}));
    input.push_str(&frame(
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "pol", "version": 1, "text": file()}}}),
    ));
    for i in 0..n {
        input.push_str(&frame(&message(i)));
    }
    input
}

/// Input that never has a message waiting, as when the client sends each
/// change after the last one's diagnostics: each change is checked (the
/// server would otherwise check a burst of changes once).
struct OneByOne<'a>(&'a [u8]);

impl std::io::Read for OneByOne<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf)
    }
}

impl std::io::BufRead for OneByOne<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        Ok(self.0)
    }

    fn consume(&mut self, amount: usize) {
        self.0.consume(amount);
    }
}

impl polc_lsp::Input for OneByOne<'_> {
    fn waiting(&self) -> bool {
        false
    }
}

/// The time of the messages after the opening, each.
fn run(input: &str, opening: Duration, n: u64) -> Duration {
    let mut output = Vec::with_capacity(1 << 20);
    let started = Instant::now();
    let _ = polc_lsp::serve(&mut OneByOne(input.as_bytes()), &mut output);
    started.elapsed().saturating_sub(opening) / u32::try_from(n.max(1)).unwrap_or(u32::MAX)
}

fn bench(c: &mut Criterion) {
    let line = file().lines().nth(10).unwrap_or_default().to_owned();
    let column = line.find("bucket").unwrap_or_default() as u64;
    // The opening alone, to take off.
    let opening = {
        let input = session(0, |_| json!({}));
        let mut output = Vec::new();
        let started = Instant::now();
        let _ = polc_lsp::serve(&mut OneByOne(input.as_bytes()), &mut output);
        started.elapsed()
    };
    c.bench_function("lsp diagnostics after a change, 200 statements", |b| {
        b.iter_custom(|n| {
            let input = session(n, |i| {
                json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                    "textDocument": {"uri": "file:///bench/big.pol", "version": i + 2},
                    "contentChanges": [{"range": {
                        "start": {"line": 10, "character": column},
                        "end": {"line": 10, "character": column + 1}},
                        "text": if i % 2 == 0 { "c" } else { "b" }}]}})
            });
            run(&input, opening, n) * u32::try_from(n.max(1)).unwrap_or(u32::MAX)
        });
    });
    c.bench_function("lsp completion of a service's actions", |b| {
        b.iter_custom(|n| {
            let input = session(n, |i| {
                json!({"jsonrpc": "2.0", "id": i + 1, "method": "textDocument/completion", "params": {
                    "textDocument": {"uri": "file:///bench/big.pol"},
                    "position": {"line": 10, "character": 20}}})
            });
            run(&input, opening, n) * u32::try_from(n.max(1)).unwrap_or(u32::MAX)
        });
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(5));
    targets = bench
}
criterion_main!(benches);
