#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]
//! `polc lsp` driven as an editor drives it: the process spawned, JSON-RPC
//! over its pipes, every feature asked for, positions in UTF-16, bad
//! messages, and the exit codes.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

/// A client: the server process, its input, and the messages it sends.
struct Client {
    child: Child,
    input: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Self {
        Self::start_with(json!({"params": {"account": "444455556666"}}))
    }

    /// A client whose `initializationOptions` are `options`.
    fn start_with(options: Value) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_polc"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let input = child.stdin.take().unwrap();
        let mut output = BufReader::new(child.stdout.take().unwrap());
        let (send, messages) = channel();
        std::thread::spawn(move || {
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if output.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = Some(n.parse::<usize>().unwrap());
                    }
                }
                let mut body = vec![0; length.unwrap()];
                output.read_exact(&mut body).unwrap();
                if send.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let mut client = Self {
            child,
            input,
            messages,
            next_id: 1,
        };
        let init = client.request(
            "initialize",
            json!({"capabilities": {}, "initializationOptions": options}),
        );
        assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
        client.notify("initialized", json!({}));
        client
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        self.input.write_all(bytes).unwrap();
        self.input.flush().unwrap();
    }

    fn send(&mut self, message: &Value) {
        let text = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{text}", text.len()).as_bytes());
    }

    fn recv(&mut self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(30))
            .expect("the server answers")
    }

    /// Sends a request; its response (notifications before it are kept
    /// for [`Client::diagnostics`] only when asked for).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.recv();
            if message["id"] == json!(id) {
                return message;
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Opens a document whose opening the server answers with a
    /// `window/showMessage`: the message.
    fn said_on_open(&mut self, uri: &str, language: &str, text: &str) -> String {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
        let said = self.recv();
        assert_eq!(said["method"], "window/showMessage", "{said:#}");
        said["params"]["message"].as_str().unwrap().to_owned()
    }

    /// The next diagnostics published.
    fn diagnostics(&mut self) -> Value {
        loop {
            let message = self.recv();
            if message["method"] == "textDocument/publishDiagnostics" {
                return message["params"].clone();
            }
        }
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
        self.diagnostics()
    }

    fn at(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            method,
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )["result"]
            .clone()
    }

    /// `shutdown`, `exit`: the exit code.
    fn stop(mut self) -> Option<i32> {
        let answer = self.request("shutdown", Value::Null);
        assert_eq!(answer["result"], Value::Null);
        self.notify("exit", Value::Null);
        self.child.wait().unwrap().code()
    }
}

/// The line and UTF-16 column of `needle` in `text`.
fn position(text: &str, needle: &str) -> (u32, u32) {
    let at = text.find(needle).unwrap();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count();
    let column: usize = text[line_start..at].chars().map(char::len_utf16).sum();
    (line as u32, column as u32)
}

const POL: &str = "# Déploiement — ünïcode first 😀\nparam account: account_id\nparam region: region\nlet cluster = ecs.cluster(\"prod\")\n\npolicy Deploy {\n  sid Run allow ecs:RunTsk on cluster\n  allow ecs:{StopTask, DescribeTasks} on * if ecs:cluster == \"x\"\n}\n";

#[test]
fn diagnostics_with_utf16_positions_and_help() {
    let mut client = Client::start();
    let uri = "file:///tmp/polc-lsp-test/deploy.pol";
    let published = client.open(uri, "pol", POL);
    assert_eq!(published["uri"], uri);
    assert_eq!(published["version"], 1);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    let invalid = diagnostics
        .iter()
        .find(|d| d["code"] == "INVALID_ACTION")
        .unwrap_or_else(|| panic!("{published:#}"));
    let (line, column) = position(POL, "ecs:RunTsk");
    assert_eq!(
        invalid["range"]["start"],
        json!({"line": line, "character": column})
    );
    assert_eq!(
        invalid["range"]["end"],
        json!({"line": line, "character": column + "ecs:RunTsk".len() as u32})
    );
    assert_eq!(invalid["severity"], 1);
    assert_eq!(invalid["source"], "polc");
    assert!(
        invalid["relatedInformation"][0]["message"]
            .as_str()
            .unwrap()
            .contains("ecs:RunTask")
    );
    // The parameter has no value: the server gives one (none missing).
    assert!(
        diagnostics
            .iter()
            .all(|d| d["code"] != "POL_MISSING_PARAMETER"),
        "{published:#}"
    );
    // An incremental change after non-ASCII text on the same line: fixed.
    let mut changed = POL.replace("RunTsk", "RunTask");
    let (line, column) = position(POL, "RunTsk");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column + 6}}, "text": "RunTask"}
        ]}),
    );
    let published = client.diagnostics();
    assert_eq!(published["version"], 2);
    assert!(
        published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] != "INVALID_ACTION"),
        "{published:#}"
    );
    // A change on the first line, among multi-byte and astral characters.
    let (line, column) = position(POL, "first");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [
            {"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column + 5}}, "text": "1st"}
        ]}),
    );
    client.diagnostics();
    changed = changed.replace("first", "1st");
    let formatted = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let expected = polc_dsl_format(&changed);
    let edits = formatted["result"].as_array().unwrap();
    if expected == changed {
        assert!(edits.is_empty());
    } else {
        assert_eq!(edits[0]["newText"], expected);
    }
    // Closing clears them.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(client.diagnostics()["diagnostics"], json!([]));
    assert_eq!(client.stop(), Some(0));
}

/// What `polc fmt` makes of a text.
fn polc_dsl_format(text: &str) -> String {
    let out = common::polc_with(&["fmt", "-"], Some(text.as_bytes()));
    common::text(&out)
}

#[test]
fn json_documents_are_checked() {
    let mut client = Client::start();
    let text = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ecs:DescribeCluster\", \"Resource\": \"*\"}]}";
    let uri = "file:///tmp/polc-lsp-test/policy.json";
    let published = client.open(uri, "json", text);
    let invalid = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "INVALID_ACTION")
        .cloned()
        .unwrap_or_else(|| panic!("{published:#}"));
    // The quick fix keeps the quotes.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": invalid["range"], "context": {"diagnostics": [invalid]}}),
    );
    let edit = &actions["result"][0]["edit"]["changes"][uri][0];
    assert_eq!(edit["newText"], "ecs:DescribeClusters", "{actions:#}");
    let (_, column) = position(text, "ecs:DescribeCluster");
    assert_eq!(edit["range"]["start"]["character"], column);
    // A JSON file that is not a policy has no findings.
    let published = client.open(
        "file:///tmp/polc-lsp-test/package.json",
        "json",
        "{\"name\": \"x\", \"version\": 1}",
    );
    assert_eq!(published["diagnostics"], json!([]));
    // The fix applied (a whole-text change): no finding left, and the
    // action has its hover.
    let fixed = text.replace("DescribeCluster", "DescribeClusters");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let published = client.diagnostics();
    assert_eq!(published["diagnostics"], json!([]), "{published:#}");
    let hover = client.at("textDocument/hover", uri, 0, column + 5);
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("ecs:DescribeClusters") && value.contains("Read access level"),
        "{value}"
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn completion_hover_definition_and_symbols() {
    let mut client = Client::start();
    let uri = "file:///tmp/polc-lsp-test/complete.pol";
    let text = "param account: account_id\nparam region: region\nlet cluster = ecs.cluster(\"prod\")\npolicy P extends aws:AmazonECS_FullAccess {\n  allow ecs:RunTask on cluster if ecs:cluster == \"x\"\n  allow ecs:@list on *\n}\n";
    client.open(uri, "pol", text);
    let labels = |result: &Value| -> Vec<String> {
        let items = result.get("items").unwrap_or(result);
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                i.get("label")
                    .unwrap_or(&i["name"])
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    // Actions of a service, with their access level.
    let (line, column) = position(text, "RunTask on");
    let result = client.at("textDocument/completion", uri, line, column);
    let items = result["items"].as_array().unwrap();
    let run = items.iter().find(|i| i["label"] == "ecs:RunTask").unwrap();
    assert_eq!(run["detail"], "Write");
    assert_eq!(run["textEdit"]["range"]["start"]["character"], column - 4);
    // Access levels after `@`.
    let (line, column) = position(text, "list on");
    assert!(
        labels(&client.at("textDocument/completion", uri, line, column))
            .contains(&"ecs:@list".to_owned())
    );
    // Builders, as snippets with their arguments.
    // The item labelled `label` among those completed at `needle`.
    let item_at = |client: &mut Client, needle: &str, label: &str| -> Value {
        let (line, column) = position(text, needle);
        let result = client.at("textDocument/completion", uri, line, column);
        result["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["label"] == label)
            .unwrap_or_else(|| panic!("no {label} at {needle}"))
            .clone()
    };
    let cluster = item_at(&mut client, "cluster(\"prod", "ecs.cluster");
    assert_eq!(cluster["insertTextFormat"], 2);
    assert!(
        cluster["textEdit"]["newText"]
            .as_str()
            .unwrap()
            .starts_with("ecs.cluster(${1:")
    );
    // Condition keys the statement's actions take, then operators.
    let (line, column) = position(text, "cluster ==");
    let keys = labels(&client.at("textDocument/completion", uri, line, column));
    assert!(keys.contains(&"ecs:cluster".to_owned()) && keys.contains(&"aws:SourceIp".to_owned()));
    let (line, column) = position(text, "== \"x\"");
    let operators = labels(&client.at("textDocument/completion", uri, line, column));
    assert!(operators.contains(&"like".to_owned()), "{operators:?}");
    // A key with a part to fill is a snippet with that part to type; after
    // an operator comes a value, not a key (review 52).
    let tag = item_at(&mut client, "cluster ==", "aws:RequestTag/${TagKey}");
    assert_eq!(tag["insertTextFormat"], 2);
    assert_eq!(tag["textEdit"]["newText"], "aws:RequestTag/${1:TagKey}");
    let (line, column) = position(text, "\"x\"");
    let values = labels(&client.at("textDocument/completion", uri, line, column));
    assert!(values.is_empty(), "{values:?}");
    // Managed policies after `extends`.
    // (those whose name holds what is typed: `AmazonEC`).
    let (line, column) = position(text, "AmazonECS_FullAccess");
    let managed = labels(&client.at("textDocument/completion", uri, line, column + 8));
    assert!(managed.contains(&"aws:AmazonEC2ReadOnlyAccess".to_owned()));
    assert!(
        managed
            .iter()
            .all(|m| m.to_ascii_lowercase().contains("amazonec"))
    );
    // Names of the file where a word starts.
    let (line, column) = position(text, "cluster if");
    let names = labels(&client.at("textDocument/completion", uri, line, column + 2));
    assert!(names.contains(&"cluster".to_owned()) && names.contains(&"account".to_owned()));
    // Hover: an action, a key, a builder, a group, a managed policy, a name.
    for (needle, expected) in [
        ("RunTask on", "Write access level"),
        ("cluster ==", "ARN"),
        ("cluster(\"prod", "ARN format"),
        ("@list", "List access level"),
        ("AmazonECS_FullAccess", "AWS managed policy"),
        ("cluster if", "let cluster"),
    ] {
        let (line, column) = position(text, needle);
        let hover = client.at("textDocument/hover", uri, line, column + 1);
        let value = hover["contents"]["value"].as_str().unwrap_or_default();
        assert!(value.contains(expected), "{needle}: {hover:#}");
    }
    // Definition of a `let`, and of the managed policy.
    let (line, column) = position(text, "cluster if");
    let found = client.at("textDocument/definition", uri, line, column);
    assert_eq!(found["uri"], uri);
    assert_eq!(found["range"]["start"], json!({"line": 2, "character": 4}));
    let (line, column) = position(text, "AmazonECS_FullAccess");
    let found = client.at("textDocument/definition", uri, line, column);
    let path = found["uri"]
        .as_str()
        .unwrap()
        .strip_prefix("file://")
        .unwrap();
    let document = std::fs::read_to_string(path).unwrap();
    assert!(document.contains("\"Statement\"") && document.contains("ecs:"));
    // Symbols: the parameter, the binding, the block and its statements.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let names = labels(&symbols["result"]);
    assert_eq!(names, ["account", "region", "cluster", "P"]);
    assert_eq!(
        symbols["result"][3]["children"].as_array().unwrap().len(),
        2
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn bad_messages_are_answered_and_the_server_goes_on() {
    let mut client = Client::start();
    // Not JSON: a parse error, with a null id.
    client.send_raw(b"Content-Length: 6\r\n\r\n{oops}");
    let error = client.recv();
    assert_eq!(error["error"]["code"], -32700);
    assert_eq!(error["id"], Value::Null);
    // JSON, not a message.
    client.send(&json!([1, 2]));
    assert_eq!(client.recv()["error"]["code"], -32600);
    // An unknown method.
    let answer = client.request("polc/unknown", json!({}));
    assert_eq!(answer["error"]["code"], -32601);
    // Bad params.
    let answer = client.request("textDocument/hover", json!({"textDocument": 3}));
    assert_eq!(answer["error"]["code"], -32602);
    // A request for a document never opened: nothing, not an error.
    let answer = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere.pol"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(answer["result"], Value::Null);
    // Positions past the end of the text are clamped.
    let uri = "file:///tmp/polc-lsp-test/short.pol";
    client.open(uri, "pol", "policy P {\n  allow s3:GetObject on *\n}\n");
    assert!(
        client
            .at("textDocument/completion", uri, 99, 99)
            .is_object()
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn exit_codes_and_life() {
    // `exit` without `shutdown`: 1.
    let mut client = Client::start();
    client.notify("exit", Value::Null);
    assert_eq!(client.child.wait().unwrap().code(), Some(1));
    // Before `initialize`: not initialized; after `shutdown`: refused.
    let mut child = Command::new(env!("CARGO_BIN_EXE_polc"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    for message in [
        json!({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {}}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "initialize", "params": {"capabilities": {}}}),
        json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}),
        json!({"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": {}}),
        json!({"jsonrpc": "2.0", "method": "exit"}),
    ] {
        let text = message.to_string();
        write!(input, "Content-Length: {}\r\n\r\n{text}", text.len()).unwrap();
    }
    drop(input);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("\"id\":1,\"error\":{\"code\":-32002"),
        "{text}"
    );
    assert!(
        text.contains("\"id\":4,\"error\":{\"code\":-32600"),
        "{text}"
    );
    // The end of the input without `exit`: 1.
    let out = common::polc_with(&["lsp"], Some(b""));
    assert_eq!(out.status.code(), Some(1));
}

/// The server's resident memory (Linux), in KiB.
#[cfg(target_os = "linux")]
fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// 10,000 edits, each answered with diagnostics: the memory after the
/// last is within a little of the memory after the first thousand.
#[cfg(target_os = "linux")]
#[test]
fn memory_stays_steady_over_ten_thousand_edits() {
    let mut client = Client::start();
    let uri = "file:///tmp/polc-lsp-test/edits.pol";
    let text = "param region: region\npolicy P {\n  allow ecs:RunTask on ecs.cluster(\"prod\", account = \"111122223333\")\n  allow s3:GetObject on \"arn:aws:s3:::b/*\" if aws:RequestTag/team == \"a\"\n}\n";
    client.open(uri, "pol", text);
    let (line, column) = position(text, "prod");
    let edit = |client: &mut Client, version: u32| {
        // Alternately `prod` → `pxod` and back, and a line added and
        // removed: the text stays the same size.
        let replacement = if version.is_multiple_of(2) { "x" } else { "r" };
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [
                {"range": {"start": {"line": line, "character": column + 1}, "end": {"line": line, "character": column + 2}}, "text": replacement}
            ]}),
        );
    };
    let wait_for = |client: &mut Client, version: u32| loop {
        let published = client.diagnostics();
        if published["version"] == json!(version) {
            return published;
        }
    };
    let pid = client.child.id();
    for version in 2..=1_001 {
        edit(&mut client, version);
    }
    wait_for(&mut client, 1_001);
    let after_first = resident_kib(pid);
    for version in 1_002..=10_001 {
        edit(&mut client, version);
    }
    let last = wait_for(&mut client, 10_001);
    let after_all = resident_kib(pid);
    assert!(last["diagnostics"].is_array());
    assert!(
        after_all <= after_first + 2_048,
        "{after_first} KiB after 1,000 edits, {after_all} KiB after 10,000"
    );
    assert_eq!(client.stop(), Some(0));
}

/// Found by the outside review: the fix of a mistyped condition key
/// replaces the key, not the whole condition; a lone carriage return ends
/// a line; no completion in a comment; parameters that cannot be read are
/// said.
#[test]
fn review_fixes() {
    let mut client = Client::start();
    let uri = "file:///tmp/polc-lsp-test/keys.pol";
    let text = "policy P {\n  allow s3:GetObject on * if aws:SorceIp == \"1.2.3.4\"\n}\n# ecs:\n";
    let published = client.open(uri, "pol", text);
    let finding = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["relatedInformation"][0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("aws:SourceIp"))
        })
        .cloned()
        .unwrap_or_else(|| panic!("{published:#}"));
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": finding["range"], "context": {"diagnostics": [finding]}}),
    );
    let edit = &actions["result"][0]["edit"]["changes"][uri][0];
    assert_eq!(edit["newText"], "aws:SourceIp", "{actions:#}");
    let (line, column) = position(text, "aws:SorceIp");
    assert_eq!(
        edit["range"]["start"],
        json!({"line": line, "character": column})
    );
    assert_eq!(
        edit["range"]["end"],
        json!({"line": line, "character": column + "aws:SorceIp".len() as u32})
    );
    // In a comment: nothing offered.
    let (line, column) = position(text, "# ecs:");
    let items = client.at("textDocument/completion", uri, line, column + 6);
    assert_eq!(items["items"], json!([]));
    // Lone carriage returns end lines (a JSON policy).
    let json_uri = "file:///tmp/polc-lsp-test/cr.json";
    let cr = "{\"Version\": \"2012-10-17\",\r\"Statement\": [{\"Effect\": \"Allow\",\r\"Action\": \"ecs:RunTsk\",\r\"Resource\": \"*\"}]}";
    let published = client.open(json_uri, "json", cr);
    let invalid = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "INVALID_ACTION")
        .cloned()
        .unwrap();
    assert_eq!(
        invalid["range"]["start"],
        json!({"line": 2, "character": 10})
    );
    assert_eq!(client.stop(), Some(0));
    // Parameters that are not strings: said, not dropped silently.
    let mut child = Command::new(env!("CARGO_BIN_EXE_polc"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    for message in [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "initializationOptions": {"params": {"account": 5}}}}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
        json!({"jsonrpc": "2.0", "method": "exit"}),
    ] {
        let text = message.to_string();
        write!(input, "Content-Length: {}\r\n\r\n{text}", text.len()).unwrap();
    }
    drop(input);
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("window/showMessage") && text.contains("`account` is not a string"),
        "{text}"
    );
}

/// Review 34: a quick fix replaces what is written with what it means, in
/// full: a builder's resource type without its service again, an operator
/// with its qualifier and `IfExists`.
#[test]
fn quick_fixes_write_what_was_meant() {
    let mut client = Client::start();
    for (i, (line, want)) in [
        (
            "allow ecs:DescribeClusters on ecs.clustr(\"prod\")",
            "ecs.cluster(\"prod\")",
        ),
        (
            "allow ecs:TagResource on * if ForAllValues:StringEqual(aws:TagKeys, [\"a\"])",
            "ForAllValues:StringEquals(aws:TagKeys",
        ),
        (
            "allow ecs:TagResource on * if StringEqualIfExists(aws:RequestTag/team, \"web\")",
            "StringEqualsIfExists(aws:RequestTag/team",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let text = format!(
            "param account: account_id = \"111122223333\"\nparam region: region = \"us-east-1\"\npolicy P {{\n  {line}\n}}\n"
        );
        let uri = format!("file:///tmp/polc-lsp-test/fix{i}.pol");
        let published = client.open(&uri, "pol", &text);
        let first = published["diagnostics"][0].clone();
        let actions = client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": first["range"], "context": {"diagnostics": [first]}}),
        );
        let edit = &actions["result"][0]["edit"]["changes"][uri.as_str()][0];
        let start = edit["range"]["start"]["character"].as_u64().unwrap() as usize;
        let end = edit["range"]["end"]["character"].as_u64().unwrap() as usize;
        let fixed = format!(
            "{}{}{}",
            &line[..start - 2],
            edit["newText"].as_str().unwrap(),
            &line[end - 2..]
        );
        assert!(fixed.contains(want), "{fixed} ({actions:#})");
        let fixed_text = text.replace(line, &fixed);
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed_text}]}),
        );
        let published = client.diagnostics();
        assert_eq!(
            published["diagnostics"],
            json!([]),
            "{fixed_text}: {published:#}"
        );
    }
    assert_eq!(client.stop(), Some(0));
}

/// Review 34: which JSON files are policies is read from their top-level
/// keys, not from the text `"Statement"`: a misspelt or escaped
/// `Statement` is still checked, a template or a package that mentions it
/// is not.
#[test]
fn json_policies_are_told_by_their_keys() {
    let mut client = Client::start();
    for (name, text, checked) in [
        (
            "lower",
            r#"{"Version": "2012-10-17", "statement": [{"Effect": "Allow", "Action": "s3:GetObjct", "Resource": "*"}]}"#,
            true,
        ),
        (
            "typo",
            r#"{"Version": "2012-10-17", "Statment": [{"Effect": "Allow", "Action": "s3:GetObjct", "Resource": "*"}]}"#,
            true,
        ),
        (
            "escaped",
            r#"{"St\u0061tement": [{"Effect": "Allow", "Action": "s3:GetObjct", "Resource": "*"}]}"#,
            true,
        ),
        (
            "package",
            r#"{"name": "p", "version": "1.0.0", "keywords": ["Statement"]}"#,
            false,
        ),
        (
            "template",
            r#"{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"R": {"Properties": {"PolicyDocument": {"Version": "2012-10-17", "Statement": []}}}}}"#,
            false,
        ),
    ] {
        let uri = format!("file:///tmp/polc-lsp-test/{name}.json");
        let published = client.open(&uri, "json", text);
        let found = !published["diagnostics"].as_array().unwrap().is_empty();
        assert_eq!(found, checked, "{name}: {published:#}");
    }
    assert_eq!(client.stop(), Some(0));
}

/// A finding on text that uses a parameter the editor gave an example
/// value says so, naming the parameter and the value; one that does not,
/// or whose parameter has a value in the settings, does not.
#[test]
fn findings_from_example_values_say_so() {
    let mut client = Client::start();
    let text = "param target: arn\nparam account: account_id\nparam bucket: string\nlet objects = \"arn:aws:s3:::{bucket}/*\"\npolicy P {\n  allow ecs:RunTask on target\n  allow s3:GetObject on objects\n  allow ecs:StopTsk on *\n  allow ecs:ListTasks on ecs.cluster(\"prod\")\n}\n";
    let published = client.open("file:///tmp/polc-lsp-test/examples.pol", "pol", text);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    let message = |code: &str| {
        diagnostics
            .iter()
            .find(|d| d["code"] == code)
            .and_then(|d| d["message"].as_str())
            .unwrap_or_else(|| panic!("no {code}: {published:#}"))
            .to_owned()
    };
    let mismatch = message("RESOURCE_MISMATCH");
    assert!(
        mismatch.ends_with(" (with the editor's example value for a parameter that has none: `target` = `arn:aws:iam::111122223333:role/example`; give its value in the `params` setting to check with it)"),
        "{mismatch}"
    );
    let unknown = message("INVALID_ACTION");
    assert!(!unknown.contains("example value"), "{unknown}");
    // `account` has a value in the settings (444455556666): no note.
    for d in diagnostics {
        assert!(
            !d["message"].as_str().unwrap().contains("`account` ="),
            "{d:#}"
        );
    }
    assert_eq!(client.stop(), Some(0));
}

/// A file with thousands of findings gets the 1,000 most severe (an
/// error after 2,400 suggestions among them) and one diagnostic counting
/// the rest; the server does not grow with the findings it leaves out.
#[test]
fn diagnostics_are_capped_most_severe_first() {
    let mut client = Client::start();
    let mut actions = vec!["\"ecs:RunTask\""; 1_200];
    actions.push("\"foo:Bar\"");
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": [{}], "Resource": "*"}}]}}"#,
        actions.join(", ")
    );
    let published = client.open("file:///tmp/polc-lsp-test/many.json", "json", &text);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1_001);
    let codes: Vec<&str> = diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"INVALID_SERVICE_IN_ACTION"), "{codes:?}");
    assert!(codes.contains(&"POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA"));
    let last = diagnostics.last().unwrap();
    assert_eq!(
        last["message"],
        "1401 more findings are not shown (1401 SUGGESTION): the editor shows the 1000 most severe; `polc check` on the file lists them all"
    );
    assert_eq!(last["severity"], 3);
    assert_eq!(last["range"]["start"], json!({"line": 0, "character": 0}));
    // `polc check` has them all: 2,401.
    let dir = common::temp_dir("lsp", "many");
    let path = common::write(&dir, "many.json", &text);
    let out = common::polc_with(&["check", &path, "--format", "json"], None);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report[0]["findings"].as_array().unwrap().len(), 2_401);
    assert_eq!(client.stop(), Some(0));
}

/// Review 34: the server reads `polc.toml` as `polc check` does; one that
/// cannot be read is said, and the file checked without it.
#[test]
fn the_project_configuration_applies() {
    let root = std::env::temp_dir().join(format!("polc-lsp-config-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let good = root.join("good");
    let bad = root.join("bad");
    std::fs::create_dir_all(&good).unwrap();
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(
        good.join("polc.toml"),
        "[check]\nignore = [\"INVALID_ACTION\"]\n",
    )
    .unwrap();
    std::fs::write(bad.join("polc.toml"), "[check]\nbogus = 1\n").unwrap();
    let text = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ecs:RunTsk\", \"Resource\": \"*\"}]}";
    let mut client = Client::start();
    let uri = format!("file://{}/policy.json", good.display());
    let published = client.open(&uri, "json", text);
    assert_eq!(published["diagnostics"], json!([]), "{published:#}");
    let uri = format!("file://{}/policy.json", bad.display());
    let said = client.said_on_open(&uri, "json", text);
    assert!(said.contains("bogus"), "{said}");
    let published = client.diagnostics();
    assert!(
        published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "INVALID_ACTION"),
        "{published:#}"
    );
    assert_eq!(client.stop(), Some(0));
    let _ = std::fs::remove_dir_all(&root);
}

/// Review 56: no key inside a list of values; a key whose part to fill
/// the reference writes `<key>` is a snippet too.
#[test]
fn completion_in_values_and_of_keys_to_fill() {
    let mut client = Client::start();
    let uri = "file:///tmp/polc-lsp-test/values.pol";
    let text = "policy P {\n  allow s3:PutObject on * if aws:SourceIp in [\"10.0.0.0/8\", \n  allow s3:PutObject on * if \n}\n";
    client.open(uri, "pol", text);
    // The items completed `after` characters past `needle`.
    let items_at = |client: &mut Client, needle: &str, after: u32| -> Vec<Value> {
        let (line, column) = position(text, needle);
        let items = client.at("textDocument/completion", uri, line, column + after);
        items
            .get("items")
            .unwrap_or(&items)
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let items = items_at(&mut client, ", \n", 2);
    assert!(items.is_empty(), "{items:?}");
    let items = items_at(&mut client, "if \n}", 3);
    let tag = items
        .iter()
        .find(|i| i["label"] == "s3:RequestObjectTag/<key>")
        .unwrap_or_else(|| panic!("{items:?}"));
    assert_eq!(tag["insertTextFormat"], 2);
    assert_eq!(tag["textEdit"]["newText"], "s3:RequestObjectTag/${1:key}");
    let lowered: Vec<String> = items
        .iter()
        .map(|i| i["label"].as_str().unwrap_or_default().to_ascii_lowercase())
        .collect();
    let mut unique = lowered.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), lowered.len(), "a key offered twice");
}

/// Review 52: a document whose URI is not percent-encoded was dropped
/// without a word.
#[test]
fn a_document_that_cannot_be_opened_is_said() {
    let mut client = Client::start();
    let said = client.said_on_open("file:///tmp/proj dir/x.pol", "pol", "policy P {\n}\n");
    assert!(said.contains("not checked"), "{said}");
}

/// Review 39: a file an open `.pol` file imports is read from disk; when
/// it is saved (or changed on disk), the open files are checked again,
/// so the importer does not keep diagnostics of the old import.
#[test]
fn saving_an_imported_file_checks_its_importers_again() {
    let dir = common::temp_dir("lsp", "imports");
    common::write(
        &dir,
        "b.pol",
        "let r = \"arn:aws:iam::111122223333:role/deployer\"\n",
    );
    let a = "import \"b.pol\"\npolicy A {\n  allow iam:PassRole on r\n}\n";
    common::write(&dir, "a.pol", a);
    let mut client = Client::start();
    let uri_a = format!("file://{}/a.pol", dir.display());
    let uri_b = format!("file://{}/b.pol", dir.display());
    let published = client.open(&uri_a, "pol", a);
    let codes = |published: &Value| -> Vec<String> {
        published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["code"].as_str().map(str::to_owned))
            .collect()
    };
    assert!(
        !codes(&published).contains(&"PASS_ROLE_WITH_STAR_IN_RESOURCE".to_owned()),
        "{published:#}"
    );
    common::write(&dir, "b.pol", "let r = \"*\"\n");
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri_b}}),
    );
    let published = client.diagnostics();
    assert_eq!(published["uri"], json!(uri_a));
    assert!(
        codes(&published).contains(&"PASS_ROLE_WITH_STAR_IN_RESOURCE".to_owned()),
        "{published:#}"
    );
    assert_eq!(client.stop(), Some(0));
}

/// Review 39: a finding between two places that points at the one
/// without the parameter but quotes the other's example says so too.
#[test]
fn a_pairwise_finding_that_quotes_an_example_says_so() {
    let mut client = Client::start_with(json!({}));
    let text = "param account: account_id\npolicy P {\n  allow sqs:SendMessage on \"arn:aws:sqs:us-east-1:111122223333:q\", \"arn:aws:sqs:us-east-1:{account}:q\"\n}\n";
    let published = client.open("file:///tmp/polc-lsp-test/pairwise.pol", "pol", text);
    let redundant = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "REDUNDANT_RESOURCE")
        .unwrap_or_else(|| panic!("{published:#}"));
    assert!(
        redundant["message"]
            .as_str()
            .unwrap()
            .contains("`account` = `111122223333`"),
        "{redundant:#}"
    );
    assert_eq!(client.stop(), Some(0));
}
