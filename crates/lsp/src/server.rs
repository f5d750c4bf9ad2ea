//! The server: its state (the open documents, where it is in its life),
//! and what each message does.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Cursor, Read, Write};

use lsp_types as lsp;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::rpc::{self, Frame, Incoming, code};
use crate::text::{Document, Kind};

/// Where the server is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Life {
    /// Before `initialize`.
    Starting,
    Running,
    /// After `shutdown`: only `exit` is welcome.
    ShutDown,
}

/// The project's rules for a file (its `polc.toml`, as `polc check` finds
/// it), given by the program that runs the server; `Err` says why they
/// cannot be read.
pub type RulesFor<'r> = dyn FnMut(&str) -> Result<polc_model::suppress::Rules, String> + 'r;

/// The server's state.
pub(crate) struct Server<'r> {
    life: Life,
    /// The project's rules of a file.
    rules: &'r mut RulesFor<'r>,
    /// Configuration problems already said (each once).
    said: std::collections::HashSet<String>,
    pub(crate) documents: HashMap<lsp::Uri, Document>,
    /// Values for the `.pol` parameters (`initializationOptions.params`);
    /// a parameter without one gets an example of its type.
    pub(crate) params: polc_dsl::Params,
    /// Notifications to send once the current answer is written.
    pending: Vec<Value>,
    /// Open documents changed since their diagnostics were last published,
    /// in the order they changed: they are checked once the client has
    /// nothing more waiting, so a burst of changes costs one check.
    stale: indexmap::IndexSet<lsp::Uri>,
}

/// What the server reads: a buffered stream that can tell, without
/// blocking, whether more of it has already arrived. Diagnostics are
/// computed when nothing is waiting, so changes typed while a slow file is
/// checked are applied together and checked once.
pub trait Input: BufRead {
    /// Whether bytes the server has not read yet are already at hand.
    fn waiting(&self) -> bool;
}

impl<R: Read> Input for BufReader<R> {
    fn waiting(&self) -> bool {
        !self.buffer().is_empty()
    }
}

impl Input for &[u8] {
    fn waiting(&self) -> bool {
        !self.is_empty()
    }
}

impl<T: AsRef<[u8]>> Input for Cursor<T> {
    fn waiting(&self) -> bool {
        usize::try_from(self.position()).is_ok_and(|at| at < self.get_ref().as_ref().len())
    }
}

/// Serves one client: reads its messages from `input` and writes the
/// answers to `output`, until `exit` (or the end of `input`). Returns the
/// exit code LSP asks for: 0 after `shutdown` then `exit`, 1 otherwise.
///
/// Requests are answered in the order they come. A document's diagnostics
/// are published once every message already at hand has been read (see
/// [`Input`]): changes that arrive while a file is being checked are
/// applied together and checked once.
///
/// # Errors
/// Reading or writing the streams failed.
pub fn serve(input: &mut impl Input, output: &mut impl Write) -> io::Result<i32> {
    serve_with(input, output, &mut |_| {
        Ok(polc_model::suppress::Rules::default())
    })
}

/// [`serve`], with the project's rules of each file (`polc lsp` reads
/// `polc.toml` as `polc check` does): findings they turn off or ignore are
/// not shown, and severities are theirs. A configuration that cannot be
/// read is said once (`window/showMessage`), and the file is checked
/// without it.
///
/// # Errors
/// Reading or writing the streams failed.
pub fn serve_with<'r>(
    input: &mut impl Input,
    output: &mut impl Write,
    rules: &'r mut RulesFor<'r>,
) -> io::Result<i32> {
    let mut server = Server {
        rules,
        said: std::collections::HashSet::new(),
        life: Life::Starting,
        documents: HashMap::new(),
        params: polc_dsl::Params::new(),
        pending: Vec::new(),
        stale: indexmap::IndexSet::new(),
    };
    loop {
        if !input.waiting() {
            server.publish_stale(output)?;
        }
        match rpc::read(input)? {
            Frame::End => return Ok(1),
            Frame::Invalid { id, code, why } => {
                rpc::write(output, &rpc::error(id, code, &why))?;
            }
            Frame::Message(Incoming::Response) => {}
            Frame::Message(Incoming::Request { id, method, params }) => {
                let answer = server.request(&method, params);
                let message = match answer {
                    Ok(result) => rpc::ok(id, result),
                    Err((code, why)) => rpc::error(id, code, &why),
                };
                rpc::write(output, &message)?;
                for notification in std::mem::take(&mut server.pending) {
                    rpc::write(output, &notification)?;
                }
            }
            Frame::Message(Incoming::Notification { method, params }) => {
                if method == "exit" {
                    return Ok(if server.life == Life::ShutDown { 0 } else { 1 });
                }
                server.notification(&method, params, output)?;
                for notification in std::mem::take(&mut server.pending) {
                    rpc::write(output, &notification)?;
                }
            }
        }
    }
}

/// An error answer: its code and message.
type Failure = (i64, String);

/// The parameters of a message, typed.
fn params<T: DeserializeOwned>(params: Value) -> Result<T, Failure> {
    serde_json::from_value(params)
        .map_err(|e| (code::INVALID_PARAMS, format!("invalid params: {e}")))
}

fn to_value(value: impl serde::Serialize) -> Result<Value, Failure> {
    serde_json::to_value(value).map_err(|e| (code::INVALID_PARAMS, e.to_string()))
}

impl Server<'_> {
    /// Answers a request.
    fn request(&mut self, method: &str, raw: Value) -> Result<Value, Failure> {
        match (self.life, method) {
            (Life::Starting, "initialize") => {
                // The client's capabilities change nothing (positions are
                // UTF-16, which every client takes): only the options are
                // read.
                self.configure(raw.get("initializationOptions"));
                self.life = Life::Running;
                Ok(capabilities())
            }
            (Life::Starting, _) => Err((
                code::SERVER_NOT_INITIALIZED,
                "the server is not initialized: send `initialize` first".into(),
            )),
            (_, "initialize") => Err((
                code::INVALID_REQUEST,
                "the server is already initialized".into(),
            )),
            (Life::ShutDown, _) => Err((
                code::INVALID_REQUEST,
                "the server is shut down: only `exit` is expected".into(),
            )),
            (Life::Running, "shutdown") => {
                self.life = Life::ShutDown;
                Ok(Value::Null)
            }
            (Life::Running, _) => self.feature(method, raw),
        }
    }

    /// The language features.
    fn feature(&mut self, method: &str, raw: Value) -> Result<Value, Failure> {
        match method {
            "textDocument/completion" => {
                let p: lsp::CompletionParams = params(raw)?;
                let at = p.text_document_position;
                let (items, is_incomplete) = self
                    .document(&at.text_document.uri)
                    .map(|doc| crate::complete::complete(doc, at.position))
                    .unwrap_or_default();
                to_value(lsp::CompletionResponse::List(lsp::CompletionList {
                    is_incomplete,
                    items,
                }))
            }
            "textDocument/hover" => {
                let p: lsp::HoverParams = params(raw)?;
                let at = p.text_document_position_params;
                let hover = self
                    .document(&at.text_document.uri)
                    .and_then(|doc| crate::hover::hover(&at.text_document.uri, doc, at.position));
                to_value(hover)
            }
            "textDocument/definition" => {
                let p: lsp::GotoDefinitionParams = params(raw)?;
                let at = p.text_document_position_params;
                let found = self.document(&at.text_document.uri).and_then(|doc| {
                    crate::navigate::definition(&at.text_document.uri, doc, at.position)
                });
                to_value(found.map(lsp::GotoDefinitionResponse::Scalar))
            }
            "textDocument/formatting" => {
                let p: lsp::DocumentFormattingParams = params(raw)?;
                let edits = self
                    .document(&p.text_document.uri)
                    .and_then(crate::navigate::format);
                to_value(edits)
            }
            "textDocument/documentSymbol" => {
                let p: lsp::DocumentSymbolParams = params(raw)?;
                let symbols = self
                    .document(&p.text_document.uri)
                    .map(crate::navigate::symbols)
                    .unwrap_or_default();
                to_value(lsp::DocumentSymbolResponse::Nested(symbols))
            }
            "textDocument/codeAction" => {
                let p: lsp::CodeActionParams = params(raw)?;
                let actions = self
                    .document(&p.text_document.uri)
                    .map(|doc| {
                        crate::fix::actions(&p.text_document.uri, doc, p.range, &self.params)
                    })
                    .unwrap_or_default();
                to_value(actions)
            }
            _ => Err((
                code::METHOD_NOT_FOUND,
                format!("`{method}` is not a method polc's server knows"),
            )),
        }
    }

    fn document(&self, uri: &lsp::Uri) -> Option<&Document> {
        self.documents.get(uri)
    }

    /// Handles a notification (those it does not know are ignored, as
    /// LSP asks).
    fn notification(
        &mut self,
        method: &str,
        raw: Value,
        output: &mut impl Write,
    ) -> io::Result<()> {
        if self.life != Life::Running {
            return Ok(());
        }
        match method {
            "textDocument/didOpen" => match params::<lsp::DidOpenTextDocumentParams>(raw) {
                Ok(p) => {
                    let doc = p.text_document;
                    let kind = kind_of(&doc.uri, &doc.language_id);
                    self.documents
                        .insert(doc.uri.clone(), Document::new(doc.text, doc.version, kind));
                    self.stale.insert(doc.uri);
                }
                // A notification has no answer: the user is told that the
                // document is not checked (review 52: a URI with a space
                // was dropped without a word).
                Err((_, why)) => self.pending.push(rpc::notification(
                    "window/showMessage",
                    json!({"type": 2, "message": format!(
                        "polc: a document was not opened, and is not checked: {why} (a URI must be percent-encoded)"
                    )}),
                )),
            },
            "textDocument/didChange" => {
                if let Ok(p) = params::<lsp::DidChangeTextDocumentParams>(raw) {
                    let uri = p.text_document.uri;
                    if let Some(doc) = self.documents.get_mut(&uri) {
                        doc.apply(p.content_changes, p.text_document.version);
                        self.stale.insert(uri);
                    }
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = params::<lsp::DidCloseTextDocumentParams>(raw) {
                    let uri = p.text_document.uri;
                    self.stale.shift_remove(&uri);
                    if self.documents.remove(&uri).is_some() {
                        let cleared = lsp::PublishDiagnosticsParams::new(uri, Vec::new(), None);
                        rpc::write(
                            output,
                            &rpc::notification("textDocument/publishDiagnostics", json!(cleared)),
                        )?;
                    }
                }
            }
            // A file saved or changed on disk may be one that open `.pol`
            // files import (imports are read from disk): they are checked
            // again (review 39).
            "textDocument/didSave" | "workspace/didChangeWatchedFiles" => {
                self.recheck(|doc| doc.kind == Kind::Pol);
            }
            "workspace/didChangeConfiguration" => {
                if let Ok(p) = params::<lsp::DidChangeConfigurationParams>(raw) {
                    self.configure(p.settings.get("polc"));
                    self.recheck(|_| true);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Reads the settings: `{"params": {"NAME": "VALUE"}}`; what it cannot
    /// read is said to the user (`window/showMessage`), never dropped
    /// silently.
    fn configure(&mut self, options: Option<&Value>) {
        let mut problems = Vec::new();
        match options.and_then(|o| o.get("params")) {
            None | Some(Value::Null) => {}
            Some(Value::Object(values)) => {
                self.params = values
                    .iter()
                    .filter_map(|(k, v)| match v.as_str() {
                        Some(v) => Some((k.clone(), v.to_owned())),
                        None => {
                            problems.push(format!("`{k}` is not a string ({v})"));
                            None
                        }
                    })
                    .collect();
            }
            Some(other) => problems.push(format!(
                "`params` must be an object of names and string values, not {other}"
            )),
        }
        if !problems.is_empty() {
            self.pending.push(rpc::notification(
                "window/showMessage",
                json!({"type": 2, "message": format!(
                    "polc: parameters ignored: {}; give them as {{\"params\": {{\"NAME\": \"VALUE\"}}}}",
                    problems.join("; ")
                )}),
            ));
        }
    }

    /// Marks the open documents `which` picks to be checked again, in the
    /// order of their URIs.
    fn recheck(&mut self, which: impl Fn(&Document) -> bool) {
        let mut open: Vec<lsp::Uri> = self
            .documents
            .iter()
            .filter(|(_, doc)| which(doc))
            .map(|(uri, _)| uri.clone())
            .collect();
        open.sort_unstable_by(|a, b| a.as_str().cmp(b.as_str()));
        self.stale.extend(open);
    }

    /// Publishes the diagnostics of the documents changed since they were
    /// last published.
    fn publish_stale(&mut self, output: &mut impl Write) -> io::Result<()> {
        for uri in std::mem::take(&mut self.stale) {
            self.publish(&uri, output)?;
        }
        Ok(())
    }

    /// Publishes the diagnostics of a document.
    fn publish(&mut self, uri: &lsp::Uri, output: &mut impl Write) -> io::Result<()> {
        if !self.documents.contains_key(uri) {
            return Ok(());
        }
        let rules = match crate::diagnostics::path_of(uri).map(|path| (self.rules)(&path)) {
            Some(Ok(rules)) => Some(rules),
            Some(Err(why)) => {
                if self.said.insert(why.clone()) {
                    rpc::write(
                        output,
                        &rpc::notification(
                            "window/showMessage",
                            json!({"type": 1, "message": format!("polc: {why}; files there are checked without it")}),
                        ),
                    )?;
                }
                None
            }
            None => None,
        };
        let Some(doc) = self.documents.get(uri) else {
            return Ok(());
        };
        let diagnostics = crate::diagnostics::diagnostics(uri, doc, &self.params, rules.as_ref());
        let params =
            lsp::PublishDiagnosticsParams::new(uri.clone(), diagnostics, Some(doc.version));
        rpc::write(
            output,
            &rpc::notification("textDocument/publishDiagnostics", json!(params)),
        )
    }
}

/// The language of a document: by its name's extension, as `polc check`
/// reads a file (review 52: `a.json` opened as `pol` was read as `.pol`);
/// without one of the two, by its language id.
fn kind_of(uri: &lsp::Uri, language: &str) -> Kind {
    // The decoded path where there is one (`x%2Epol`), as `check` sees
    // the file: `.pol` is `.pol`, any other extension JSON (`X.JSON`).
    let path = crate::diagnostics::path_of(uri).unwrap_or_else(|| {
        uri.as_str()
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_owned()
    });
    let name = path.rsplit(['/', '\\']).next().unwrap_or_default();
    match name.rsplit_once('.').map(|(_, extension)| extension) {
        Some("pol") => Kind::Pol,
        Some(_) => Kind::Json,
        None if language == "pol" => Kind::Pol,
        None => Kind::Json,
    }
}

/// What the server does.
fn capabilities() -> Value {
    let capabilities = lsp::ServerCapabilities {
        position_encoding: Some(lsp::PositionEncodingKind::UTF16),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                // Saves re-check the open `.pol` files, which may import
                // the saved one.
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..lsp::TextDocumentSyncOptions::default()
            },
        )),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(
                [":", ".", "@", "\"", " ", "{"]
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
            ),
            ..lsp::CompletionOptions::default()
        }),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        document_formatting_provider: Some(lsp::OneOf::Left(true)),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..lsp::CodeActionOptions::default()
            },
        )),
        ..lsp::ServerCapabilities::default()
    };
    json!({
        "capabilities": capabilities,
        "serverInfo": {"name": "polc", "version": env!("CARGO_PKG_VERSION")},
    })
}

#[cfg(test)]
mod tests {
    use super::{Kind, kind_of};

    #[test]
    fn a_document_is_read_by_its_extension_then_its_language() {
        let uri = |s: &str| {
            s.parse::<lsp_types::Uri>()
                .unwrap_or_else(|_| unreachable!())
        };
        assert!(kind_of(&uri("file:///p/a.json"), "pol") == Kind::Json);
        assert!(kind_of(&uri("file:///p/b.pol"), "json") == Kind::Pol);
        assert!(kind_of(&uri("untitled:Untitled-1"), "pol") == Kind::Pol);
        assert!(kind_of(&uri("untitled:Untitled-2"), "json") == Kind::Json);
        assert!(kind_of(&uri("file:///p/X.JSON"), "pol") == Kind::Json);
        assert!(kind_of(&uri("file:///p/x%2Epol"), "json") == Kind::Pol);
    }
}
