//! JSON-RPC 2.0 over a byte stream, as LSP frames it: `Content-Length`
//! headers, a blank line, the JSON text. A malformed frame or message is
//! answered with an error and the stream goes on; only its end stops it.

use std::io::{self, BufRead, Read, Write};

use serde_json::{Value, json};

/// The largest message read (larger ones are skipped and answered with an
/// error): a document of this size is far past any policy's.
pub(crate) const MAX_MESSAGE: usize = 64 << 20;

/// JSON-RPC's error codes.
pub(crate) mod code {
    pub(crate) const PARSE_ERROR: i64 = -32700;
    pub(crate) const INVALID_REQUEST: i64 = -32600;
    pub(crate) const METHOD_NOT_FOUND: i64 = -32601;
    pub(crate) const INVALID_PARAMS: i64 = -32602;
    pub(crate) const SERVER_NOT_INITIALIZED: i64 = -32002;
}

/// One message from the client.
#[derive(Debug)]
pub(crate) enum Incoming {
    Request {
        id: Value,
        method: String,
        params: Value,
    },
    Notification {
        method: String,
        params: Value,
    },
    /// A response to a request of the server's (none are sent: ignored).
    Response,
}

/// What one read gave.
#[derive(Debug)]
pub(crate) enum Frame {
    Message(Incoming),
    /// Not a message; `id` when the JSON had one to answer.
    Invalid {
        id: Value,
        code: i64,
        why: String,
    },
    /// The stream ended.
    End,
}

/// Reads the next frame.
///
/// # Errors
/// Reading the stream failed.
pub(crate) fn read(input: &mut impl BufRead) -> io::Result<Frame> {
    let mut length: Option<Result<usize, String>> = None;
    let mut line = String::new();
    let mut headers = 0usize;
    loop {
        line.clear();
        let n = input.by_ref().take(8 << 10).read_line(&mut line)?;
        if n == 0 {
            return Ok(Frame::End);
        }
        let mut header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if headers == 0 {
                // Blank lines between frames.
                continue;
            }
            break;
        }
        // Back in step after a bad frame: what a wrong length left over
        // runs into the next header, which starts where `Content-Length`
        // does.
        if let Some(at) = header.to_ascii_lowercase().find("content-length:") {
            header = header.get(at..).unwrap_or(header);
        }
        let Some((name, value)) = header.split_once(':') else {
            // Not a header: skipped, until one comes.
            continue;
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            continue;
        }
        headers += 1;
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(
                value
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| format!("`Content-Length: {}` is not a length", value.trim())),
            );
        }
    }
    let length = match length {
        Some(Ok(n)) => n,
        Some(Err(why)) => return Ok(invalid(Value::Null, code::PARSE_ERROR, why)),
        None => {
            return Ok(invalid(
                Value::Null,
                code::PARSE_ERROR,
                "a message without a `Content-Length` header".into(),
            ));
        }
    };
    if length > MAX_MESSAGE {
        // Answered at once; its body is then read as what comes before the
        // next header (no length that large is waited for).
        return Ok(invalid(
            Value::Null,
            code::INVALID_REQUEST,
            format!("a message of {length} bytes: polc reads at most {MAX_MESSAGE}"),
        ));
    }
    let mut body = Vec::with_capacity(length);
    input.by_ref().take(length as u64).read_to_end(&mut body)?;
    if body.len() < length {
        return Ok(Frame::End);
    }
    let value: Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(e) => {
            return Ok(invalid(
                Value::Null,
                code::PARSE_ERROR,
                format!("the message is not JSON: {e}"),
            ));
        }
    };
    Ok(message(value))
}

fn invalid(id: Value, code: i64, why: String) -> Frame {
    Frame::Invalid { id, code, why }
}

/// Sorts a JSON value into a request, a notification or a response.
fn message(mut value: Value) -> Frame {
    let Some(object) = value.as_object_mut() else {
        return invalid(
            Value::Null,
            code::INVALID_REQUEST,
            "a message must be a JSON object".into(),
        );
    };
    let id = object.remove("id");
    let params = object.remove("params").unwrap_or(Value::Null);
    // LSP's ids are integers or strings. A number past 64 bits, or with a
    // fraction, would be echoed back altered (read as a double), and the
    // client could not match the reply (review 52): refused instead.
    let exact = |id: &Value| id.is_string() || id.is_i64() || id.is_u64();
    match (object.get("method"), id) {
        (Some(Value::String(_)), Some(id)) if id.is_number() && !exact(&id) => invalid(
            Value::Null,
            code::INVALID_REQUEST,
            "a request's `id` must be an integer of at most 64 bits or a string".into(),
        ),
        (Some(Value::String(method)), Some(id)) if exact(&id) => {
            Frame::Message(Incoming::Request {
                id,
                method: method.clone(),
                params,
            })
        }
        // JSON-RPC: an id that cannot be read is answered as `null`
        // (review 56: `true`, `[1]` were echoed back).
        (Some(Value::String(_)), Some(_)) => invalid(
            Value::Null,
            code::INVALID_REQUEST,
            "a request's `id` must be an integer or a string".into(),
        ),
        (Some(Value::String(method)), None) => Frame::Message(Incoming::Notification {
            method: method.clone(),
            params,
        }),
        (None, Some(_)) if object.contains_key("result") || object.contains_key("error") => {
            Frame::Message(Incoming::Response)
        }
        (_, id) => invalid(
            id.filter(exact).unwrap_or(Value::Null),
            code::INVALID_REQUEST,
            "a message needs a `method` (a string)".into(),
        ),
    }
}

/// Writes one message.
///
/// # Errors
/// Writing the stream failed.
pub(crate) fn write(output: &mut impl Write, message: &Value) -> io::Result<()> {
    let text = message.to_string();
    write!(output, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    output.flush()
}

/// A successful response.
pub(crate) fn ok(id: Value, result: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "result": result})
}

/// An error response.
pub(crate) fn error(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// A notification from the server.
pub(crate) fn notification(method: &str, params: Value) -> Value {
    json!({"jsonrpc": "2.0", "method": method, "params": params})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(text: &str) -> Vec<Frame> {
        let mut input = io::Cursor::new(text.as_bytes().to_vec());
        let mut out = Vec::new();
        loop {
            match read(&mut input) {
                Ok(Frame::End) | Err(_) => return out,
                Ok(frame) => out.push(frame),
            }
        }
    }

    #[test]
    fn malformed_frames_are_answered_and_reading_goes_on() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let text = format!(
            "Content-Length: 5\r\n\r\n{{oops\r\n\r\nContent-Length: 2\r\n\r\n[]Content-Length: x\r\n\r\nContent-Length: {}\r\n\r\n{good}Content-Length: 999999999999\r\n\r\n",
            good.len()
        );
        let got = frames(&text);
        assert!(matches!(
            got.first(),
            Some(Frame::Invalid {
                code: code::PARSE_ERROR,
                ..
            })
        ));
        assert!(matches!(
            got.get(1),
            Some(Frame::Invalid {
                code: code::INVALID_REQUEST,
                ..
            })
        ));
        assert!(matches!(
            got.get(2),
            Some(Frame::Invalid {
                code: code::PARSE_ERROR,
                ..
            })
        ));
        assert!(matches!(
            got.get(3),
            Some(Frame::Message(Incoming::Request { method, .. })) if method == "shutdown"
        ));
        assert!(matches!(
            got.get(4),
            Some(Frame::Invalid {
                code: code::INVALID_REQUEST,
                ..
            })
        ));
    }

    /// Review 52: an id past 64 bits was echoed back as a double.
    #[test]
    fn ids_are_integers_or_strings() {
        let framed = |id: &str| {
            let body = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"shutdown"}}"#);
            format!("Content-Length: {}\r\n\r\n{body}", body.len())
        };
        for id in [
            "123456789012345678901234567890",
            "1.5",
            "1e3",
            "true",
            "[1]",
            "{\"a\":1}",
        ] {
            assert!(
                matches!(
                    frames(&framed(id)).first(),
                    Some(Frame::Invalid {
                        code: code::INVALID_REQUEST,
                        id: Value::Null,
                        ..
                    })
                ),
                "{id}"
            );
        }
        for id in ["18446744073709551615", "-9223372036854775808", "\"a\""] {
            assert!(
                matches!(
                    frames(&framed(id)).first(),
                    Some(Frame::Message(Incoming::Request { .. }))
                ),
                "{id}"
            );
        }
    }

    #[test]
    fn a_wrong_length_or_a_missing_one_does_not_put_reading_out_of_step() {
        let good = r#"{"jsonrpc":"2.0","id":7,"method":"shutdown"}"#;
        let text = format!(
            "X-Header: 1\r\n\r\n{{\"no\": \"length\"}}Content-Length: 2\r\n\r\n{{}}trailing junk\r\nContent-Length: {}\r\n\r\n{good}",
            good.len()
        );
        let got = frames(&text);
        assert!(
            got.iter().any(|f| matches!(f, Frame::Message(Incoming::Request { method, .. }) if method == "shutdown")),
            "{got:?}"
        );
        // An oversized length is answered without waiting for its body.
        let text = format!(
            "Content-Length: 999999999999999\r\n\r\nContent-Length: {}\r\n\r\n{good}",
            good.len()
        );
        let got = frames(&text);
        assert!(matches!(
            got.first(),
            Some(Frame::Invalid {
                code: code::INVALID_REQUEST,
                ..
            })
        ));
        assert!(
            matches!(got.get(1), Some(Frame::Message(Incoming::Request { .. }))),
            "{got:?}"
        );
    }
}
