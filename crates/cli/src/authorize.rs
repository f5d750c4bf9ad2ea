//! `polc authorize`: decide requests against policies, as AWS IAM would.

use std::fmt::Write as _;
use std::io::{Read, Write};

use policy_evaluator::json::{RequestError, parse_request};
use policy_evaluator::{
    CompileError, Decision, Explanation, Failure, Matched, PolicyKind, PolicySet, PolicySource,
    Request,
};
use policy_model::report::FileReport;

use crate::Outcome;
use crate::input;
use crate::output;

/// Arguments of `polc authorize`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("requests").required(true).args(["request", "batch"])))]
pub struct Args {
    /// Identity-based policies of the principal (user, group, role).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    policy: Vec<String>,
    /// The resource-based policy of the resource (or a role's trust policy,
    /// for `sts:AssumeRole`).
    #[arg(long, value_name = "FILE")]
    resource_policy: Option<String>,
    /// The principal's permissions boundary.
    #[arg(long, value_name = "FILE")]
    boundary: Option<String>,
    /// A service control policy; each occurrence is one level of the
    /// organisation, from the root down (every level must allow).
    #[arg(long, value_name = "FILE")]
    scp: Vec<String>,
    /// A session policy (repeatable: several combine as a union).
    #[arg(long, value_name = "FILE")]
    session_policy: Vec<String>,
    /// One request object (JSON); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    request: Option<String>,
    /// Requests as JSON Lines, one per line (`-`: standard input); prints one
    /// result line per request, in order.
    #[arg(long, value_name = "FILE")]
    batch: Option<String>,
    /// How to print decisions.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Also say why: the statements that decided, and for a denied request
    /// the statements that came closest and what failed in each.
    #[arg(long)]
    explain: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// `ALLOW`, `EXPLICIT_DENY` or `IMPLICIT_DENY`, one per line.
    Text,
    /// One JSON object per request, one per line.
    Json,
}

/// Loads the policies, decides the requests, prints the decisions.
pub fn run(args: &Args) -> Outcome {
    let stdin_users = args
        .policy
        .iter()
        .chain(&args.resource_policy)
        .chain(&args.boundary)
        .chain(&args.scp)
        .chain(&args.session_policy)
        .chain(&args.request)
        .chain(&args.batch)
        .filter(|f| *f == "-")
        .count();
    if stdin_users > 1 {
        eprintln!("polc: standard input (`-`) can be read only once: give files for the others");
        return Outcome::Failure;
    }
    let set = match load(args) {
        Ok(set) => set,
        Err(()) => return Outcome::Failure,
    };
    let printer = Printer::new(&set, args.format, args.explain);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let result = if let Some(name) = &args.request {
        one(&printer, name, &mut out)
    } else if let Some(name) = &args.batch {
        batch(&printer, name, &mut out)
    } else {
        Ok(())
    };
    let flushed = out.flush();
    match (result, flushed) {
        (Ok(()), Ok(())) => Outcome::Success,
        (Err(message), _) => {
            // A closed pipe is said quietly (exit 2 all the same).
            if !message.ends_with(BROKEN_PIPE) {
                eprintln!("polc: {message}");
            }
            Outcome::Failure
        }
        (Ok(()), Err(e)) => {
            // A closed pipe (`| head`) is said quietly, but never with `0`
            // (as everywhere in polc): decisions were not written.
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("polc: cannot write the decisions: {e}");
            }
            Outcome::Failure
        }
    }
}

/// The end of a write error's message for a closed pipe.
const BROKEN_PIPE: &str = "(closed pipe)";

/// A write error in words; a closed pipe's ends with [`BROKEN_PIPE`].
fn write_error(what: &str, e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        format!("cannot write {what} {BROKEN_PIPE}")
    } else {
        format!("cannot write {what}: {e}")
    }
}

/// Reads and compiles every policy; reports every problem (all files).
fn load(args: &Args) -> Result<PolicySet, ()> {
    let mut files: Vec<(PolicyKind, &str)> = Vec::new();
    files.extend(
        args.policy
            .iter()
            .map(|f| (PolicyKind::Identity, f.as_str())),
    );
    files.extend(
        args.resource_policy
            .iter()
            .map(|f| (PolicyKind::Resource, f.as_str())),
    );
    files.extend(
        args.boundary
            .iter()
            .map(|f| (PolicyKind::PermissionsBoundary, f.as_str())),
    );
    files.extend(
        args.session_policy
            .iter()
            .map(|f| (PolicyKind::Session, f.as_str())),
    );
    for (level, f) in args.scp.iter().enumerate() {
        let Ok(level) = u8::try_from(level) else {
            eprintln!("polc: too many `--scp` levels");
            return Err(());
        };
        files.push((PolicyKind::Scp { level }, f));
    }
    if files.is_empty() {
        eprintln!(
            "polc: no policy given: pass `--policy FILE` (identity), `--resource-policy FILE`, or both"
        );
        return Err(());
    }
    let mut set = PolicySet::new();
    let mut failed = false;
    for (kind, name) in files {
        let input = match input::read(name) {
            Ok(input) => input,
            Err(message) => {
                eprintln!("polc: {message}");
                failed = true;
                continue;
            }
        };
        if let Some(at) = input.invalid_utf8_at {
            eprintln!("polc: `{name}` is not UTF-8 (invalid byte at offset {at})");
            failed = true;
            continue;
        }
        if let Err(error) = set.add_json(
            kind,
            PolicySource {
                name,
                text: &input.text,
            },
        ) {
            report_compile_error(&input.name, &input.text, &error);
            failed = true;
        }
    }
    if failed { Err(()) } else { Ok(set) }
}

/// Prints why a policy was refused, with the source underlined.
fn report_compile_error(name: &str, text: &str, error: &CompileError) {
    let findings = error.to_findings(text);
    let report = FileReport::new(name, text, &findings);
    eprint!("{}", output::human_to(&report, false));
    eprintln!(
        "polc: `{}` cannot be evaluated: {}",
        report.display_name(),
        error.message
    );
}

fn one(printer: &Printer, name: &str, out: &mut impl Write) -> Result<(), String> {
    let input = input::read_utf8(name)?;
    let request = parse_request(input.text.trim()).map_err(|e| located(name, &e))?;
    let mut line = String::new();
    let mut matched = Vec::new();
    printer.decide(&request, &mut matched, &mut line);
    out.write_all(line.as_bytes())
        .map_err(|e| write_error("the decision", &e))
}

/// The most bytes one request line may have.
const MAX_LINE: usize = 1 << 20;
/// Bytes of input decided together (then written, in order).
const BLOCK_BYTES: usize = 4 << 20;

fn batch(printer: &Printer, name: &str, out: &mut impl Write) -> Result<(), String> {
    let shown = if name == "-" { "<stdin>" } else { name };
    let mut reader: Box<dyn Read> = if name == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(name).map_err(|e| format!("cannot read `{name}`: {e}"))?)
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let mut buf: Vec<u8> = Vec::with_capacity(BLOCK_BYTES + MAX_LINE);
    let mut carry: Vec<u8> = Vec::new();
    // The number of the first line of the block.
    let mut first_line = 1usize;
    loop {
        buf.clear();
        buf.append(&mut carry);
        let want = u64::try_from(BLOCK_BYTES.saturating_sub(buf.len())).unwrap_or(0);
        let n = (&mut reader)
            .take(want)
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read `{shown}`: {e}"))?;
        let eof = n == 0 || buf.len() < BLOCK_BYTES;
        if !eof {
            // Decide whole lines only; the rest starts the next block.
            match buf.iter().rposition(|b| *b == b'\n') {
                Some(last) if buf.len() - last <= MAX_LINE => carry.extend(buf.drain(last + 1..)),
                // A whole block without a line end (or a last line longer
                // than allowed).
                _ => {
                    let line = first_line + buf.iter().filter(|b| **b == b'\n').count();
                    return Err(format!(
                        "{shown}:{line}: the line is longer than {} KiB; a request is a small object",
                        MAX_LINE / 1024
                    ));
                }
            }
        }
        let text = std::str::from_utf8(&buf).map_err(|e| {
            let before = buf.get(..e.valid_up_to()).unwrap_or_default();
            let line = first_line + before.iter().filter(|b| **b == b'\n').count();
            format!("{shown}:{line}: the line is not UTF-8")
        })?;
        let parts = split_at_lines(text, threads);
        let results: Vec<Decided> = std::thread::scope(|scope| {
            let handles: Vec<_> = parts
                .iter()
                .map(|part| scope.spawn(move || decide_lines(printer, part)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| Decided {
                        output: String::new(),
                        lines: 0,
                        error: Some((0, "an internal error stopped a worker".to_owned())),
                    })
                })
                .collect()
        });
        for result in results {
            out.write_all(result.output.as_bytes())
                .map_err(|e| write_error("the decisions", &e))?;
            if let Some((line, message)) = result.error {
                return Err(format!("{shown}:{}:{message}", first_line + line));
            }
            first_line += result.lines;
        }
        if eof && carry.is_empty() {
            return Ok(());
        }
    }
}

/// `text` cut into about `n` pieces, each made of whole lines.
fn split_at_lines(text: &str, n: usize) -> Vec<&str> {
    let mut parts = Vec::with_capacity(n);
    let mut rest = text;
    let size = (text.len() / n.max(1)).max(1 << 16);
    while rest.len() > size {
        let cut = rest
            .as_bytes()
            .iter()
            .skip(size)
            .position(|b| *b == b'\n')
            .map_or(rest.len(), |i| size + i + 1);
        let (head, tail) = rest.split_at(cut.min(rest.len()));
        parts.push(head);
        rest = tail;
    }
    if !rest.is_empty() {
        parts.push(rest);
    }
    parts
}

/// What a worker did with its lines.
struct Decided {
    output: String,
    /// Lines read (all of them, when no error).
    lines: usize,
    /// The first bad line (0-based in the part) and what is wrong with it
    /// (`column: message` or ` message`).
    error: Option<(usize, String)>,
}

/// Decides the lines of `text`; stops at the first bad one.
fn decide_lines(printer: &Printer, text: &str) -> Decided {
    let mut output = String::with_capacity(text.len() / 8);
    let mut matched: Vec<Matched> = Vec::new();
    let mut lines = 0;
    for line in text.split_terminator('\n') {
        let request = line.trim();
        if !request.is_empty() {
            match parse_request(request) {
                Ok(request) => printer.decide(&request, &mut matched, &mut output),
                Err(e) => {
                    let message = match e.column {
                        Some(c) => format!("{c}: {}", e.message),
                        None => format!(" {}", e.message),
                    };
                    return Decided {
                        output,
                        lines,
                        error: Some((lines, message)),
                    };
                }
            }
        }
        lines += 1;
    }
    Decided {
        output,
        lines,
        error: None,
    }
}

fn located(file: &str, e: &RequestError) -> String {
    let file = if file == "-" { "<stdin>" } else { file };
    match (e.line, e.column) {
        (Some(l), Some(c)) => format!("{file}:{l}:{c}: {}", e.message),
        (Some(l), None) => format!("{file}:{l}: {}", e.message),
        _ => format!("{file}: {}", e.message),
    }
}

/// Writes decisions in the chosen format.
struct Printer<'s> {
    set: &'s PolicySet,
    format: Format,
    explain: bool,
    /// JSON-escaped policy names, by position.
    names: Vec<String>,
}

impl<'s> Printer<'s> {
    fn new(set: &'s PolicySet, format: Format, explain: bool) -> Self {
        let names = (0..set.len())
            .map(|i| json_string(set.policy(i).map_or("", |(n, _)| n)))
            .collect();
        Self {
            set,
            format,
            explain,
            names,
        }
    }

    fn decide(&self, request: &Request<'_>, matched: &mut Vec<Matched>, out: &mut String) {
        if self.explain {
            let explanation = self.set.explain(request);
            match self.format {
                Format::Text => explain_text(&explanation, out),
                Format::Json => self.explain_json(&explanation, out),
            }
            return;
        }
        match self.format {
            Format::Text => {
                out.push_str(self.set.evaluate(request).as_str());
                out.push('\n');
            }
            Format::Json => {
                let decision = self.set.evaluate_into(request, matched);
                out.push_str("{\"decision\":\"");
                out.push_str(decision.as_str());
                out.push_str("\",\"matched\":[");
                for (i, m) in matched.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.statement_json(m.policy, m.statement, self.set.sid(*m), out);
                }
                out.push_str("]}\n");
            }
        }
    }

    fn statement_json(&self, policy: usize, statement: usize, sid: Option<&str>, out: &mut String) {
        out.push_str("{\"policy\":");
        out.push_str(self.names.get(policy).map_or("\"\"", String::as_str));
        let _ = write!(out, ",\"statement\":{statement},\"sid\":");
        match sid {
            Some(sid) => out.push_str(&json_string(sid)),
            None => out.push_str("null"),
        }
        out.push('}');
    }

    fn explain_json(&self, e: &Explanation, out: &mut String) {
        let statement = |s: &policy_evaluator::StatementRef| serde_json::json!({"policy": s.policy, "statement": s.statement, "sid": s.sid});
        let near: Vec<serde_json::Value> = e
            .near_misses
            .iter()
            .map(|m| {
                let condition = match &m.failed {
                    Failure::Condition {
                        key,
                        operator,
                        values,
                        request_values,
                        undecided,
                        why,
                    } => serde_json::json!({
                        "operator": operator, "key": key, "values": values,
                        "request_values": request_values, "undecided": undecided,
                        "why": why}),
                    _ => serde_json::Value::Null,
                };
                serde_json::json!({
                    "policy": m.statement.policy,
                    "statement": m.statement.statement,
                    "sid": m.statement.sid,
                    "kind": m.statement.kind.label(),
                    "element": m.failed.element(),
                    "detail": m.failed.to_string(),
                    "condition": condition,
                })
            })
            .collect();
        let value = serde_json::json!({
            "decision": e.decision.as_str(),
            "matched": e.decided_by.iter().map(statement).collect::<Vec<_>>(),
            "reason": e.reason.code(),
            "reason_text": e.reason.to_string(),
            "near_misses": near,
            "undecided": e.undecided.iter().map(|u| serde_json::json!({
                "policy": u.statement.policy,
                "statement": u.statement.statement,
                "sid": u.statement.sid,
                "element": u.element,
                "what": u.what,
                "why": u.why,
            })).collect::<Vec<_>>(),
        });
        out.push_str(&value.to_string());
        out.push('\n');
    }
}

fn explain_text(e: &Explanation, out: &mut String) {
    let _ = writeln!(out, "{}", e.decision);
    if e.decision != Decision::Allow {
        let _ = writeln!(out, "  reason: {}", e.reason);
    }
    for s in &e.decided_by {
        let _ = writeln!(out, "  decided by: {} [{}]", s, s.kind.label());
    }
    for u in &e.undecided {
        let _ = writeln!(out, "  undecided: {u}");
    }
    for m in &e.near_misses {
        let _ = writeln!(
            out,
            "  closest: {} [{}]: {}",
            m.statement,
            m.statement.kind.label(),
            m.failed
        );
    }
    if e.decision == Decision::ImplicitDeny && e.near_misses.is_empty() {
        let _ = writeln!(out, "  closest: no Allow statement names this action");
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}
