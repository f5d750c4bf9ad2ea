//! The polc language server: the Language Server Protocol (3.17) over a
//! byte stream, for `.pol` files (language id `pol`) and IAM policy JSON
//! (`json`).
//!
//! - [`serve`] reads messages from the client and answers them, one at a
//!   time, until `exit`; `polc lsp` runs it on standard input and output.
//! - Diagnostics are `polc check`'s findings (code, message, the help as
//!   related information), published after a change once no other message
//!   is waiting: a burst of changes is checked once.
//! - Completion, hover, go to definition, formatting (`polc fmt`), code
//!   actions (the did-you-mean fixes) and document symbols read the
//!   catalog (`polc-catalog`) and the syntax tree (`polc-dsl`).
//!
//! Positions are counted in UTF-16 code units, as LSP requires; polc's
//! spans are byte offsets, converted at the edge.
//!
//! ```
//! fn frame(body: &str) -> String {
//!     format!("Content-Length: {}\r\n\r\n{body}", body.len())
//! }
//! let input = [
//!     frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#),
//!     frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#),
//!     frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
//! ]
//! .concat();
//! let mut output = Vec::new();
//! let code = polc_lsp::serve(&mut input.as_bytes(), &mut output).unwrap();
//! assert_eq!(code, 0);
//! assert!(String::from_utf8(output).unwrap().contains("\"capabilities\""));
//! ```

mod complete;
mod diagnostics;
mod fix;
mod hover;
mod navigate;
mod rpc;
mod server;
mod text;
mod words;

pub use server::{Input, RulesFor, serve, serve_with};
