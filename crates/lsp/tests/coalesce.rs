#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
//! Changes that are already waiting when the server is free are checked
//! together: one publication, of the last version, after the requests
//! that came with them are answered in order.

use serde_json::{Value, json};

fn frame(message: &Value) -> String {
    let text = message.to_string();
    format!("Content-Length: {}\r\n\r\n{text}", text.len())
}

/// The messages the server writes, in order.
fn messages(output: &[u8]) -> Vec<Value> {
    let text = std::str::from_utf8(output).unwrap();
    text.split("Content-Length: ")
        .filter(|part| !part.is_empty())
        .map(|part| serde_json::from_str(part.split_once("\r\n\r\n").unwrap().1).unwrap())
        .collect()
}

fn change(version: u64, text: &str) -> Value {
    json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": "file:///p/a.pol", "version": version},
        "contentChanges": [{"text": text}]}})
}

#[test]
fn a_burst_of_changes_is_checked_once_at_its_last_version() {
    let uri = "file:///p/a.pol";
    let mut input =
        frame(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}}));
    input.push_str(&frame(
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "pol", "version": 1,
            "text": "policy P {\n  allow ecs:RunTsk on *\n}\n"}}}),
    ));
    for version in 2..=5 {
        input.push_str(&frame(&change(
            version,
            "policy P {\n  allow ecs:StopTsk on *\n}\n",
        )));
    }
    // The last change fixes the action.
    input.push_str(&frame(&change(
        6,
        "policy P {\n  allow ecs:ListClusters on *\n}\n",
    )));
    input.push_str(&frame(
        &json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": uri}, "position": {"line": 1, "character": 12}}}),
    ));
    let mut output = Vec::new();
    polc_lsp::serve(&mut input.as_bytes(), &mut output).unwrap();
    let messages = messages(&output);
    let published: Vec<&Value> = messages
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert_eq!(published.len(), 1, "{messages:#?}");
    assert_eq!(published[0]["params"]["version"], 6);
    assert_eq!(published[0]["params"]["diagnostics"], json!([]));
    // The hover answered on the last text, before the diagnostics.
    let hover = messages.iter().position(|m| m["id"] == 2).unwrap();
    assert!(
        messages[hover]["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("ListClusters")
    );
    let diagnostics = messages
        .iter()
        .position(|m| m["method"] == "textDocument/publishDiagnostics")
        .unwrap();
    assert!(hover < diagnostics);
}

#[test]
fn a_change_with_nothing_after_it_is_checked_at_once() {
    // A reader that has nothing waiting after each message (a client
    // that waits for the diagnostics of each change) gets them for each.
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
    let mut input =
        frame(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}}));
    input.push_str(&frame(
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": "file:///p/a.pol", "languageId": "pol", "version": 1,
            "text": "policy P {\n  allow ecs:RunTsk on *\n}\n"}}}),
    ));
    for version in 2..=4 {
        input.push_str(&frame(&change(
            version,
            "policy P {\n  allow ecs:RunTask on *\n}\n",
        )));
    }
    let mut output = Vec::new();
    polc_lsp::serve(&mut OneByOne(input.as_bytes()), &mut output).unwrap();
    let versions: Vec<Value> = messages(&output)
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .map(|m| m["params"]["version"].clone())
        .collect();
    assert_eq!(versions, [json!(1), json!(2), json!(3), json!(4)]);
}
