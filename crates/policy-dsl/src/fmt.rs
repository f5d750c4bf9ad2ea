//! The canonical layout of `.pol` files. Comments are kept (before the
//! item or statement they precede, or at the end of its line); one blank
//! line between groups of items and between blocks, blank lines between
//! statements kept (at most one). Formatting formatted text changes
//! nothing, and never changes what the file compiles to.

use std::fmt::Write as _;

use polc_model::{Finding, Span};

use crate::ast::{
    Action, ActionKind, Block, Condition, ConditionKind, Expr, ExprKind, File, Item, Principals,
    Qualifier, Statement, StringLit, StringPiece,
};

/// Lines longer than this are broken before `on`, `if` and `and`.
const WIDTH: usize = 100;

/// Formats `source`.
///
/// # Errors
/// The syntax errors when `source` does not parse.
///
/// ```
/// let text = "policy P{allow ecs:RunTask on *   # run\n}";
/// let formatted = polc_dsl::fmt::format(text).unwrap();
/// assert_eq!(formatted, "policy P {\n  allow ecs:RunTask on *  # run\n}\n");
/// assert_eq!(polc_dsl::fmt::format(&formatted).unwrap(), formatted);
/// ```
pub fn format(source: &str) -> Result<String, Vec<Finding>> {
    let file = crate::parse::parse(source)?;
    let mut f = Formatter {
        source,
        comments: comments(source),
        next: 0,
        out: String::new(),
    };
    f.file(&file);
    keeps_ignores(source, &file, &f.out)?;
    Ok(f.out)
}

/// Refuses a layout that changes which ignore comments cover something: a
/// misplaced one (`INVALID_IGNORE`, inside a statement or at the end of a
/// line) that the layout would move above a statement would start to
/// suppress findings (review 34).
fn keeps_ignores(source: &str, file: &File, formatted: &str) -> Result<(), Vec<Finding>> {
    if !source.contains("polc:ignore") {
        return Ok(());
    }
    let before = crate::ignores::Directives::read(source, file);
    let covered = before.coverage(file);
    let after = crate::parse::parse(formatted).map(|parsed| {
        let after = crate::ignores::Directives::read(formatted, &parsed);
        (after.coverage(&parsed), after.problems.len())
    });
    let same = after.as_ref().is_ok_and(|(coverage, problems)| {
        *coverage == covered && *problems == before.problems.len()
    });
    if same {
        return Ok(());
    }
    if !before.problems.is_empty() {
        return Err(before
            .problems
            .into_iter()
            .map(|finding| {
                finding.with_help(
                    "formatting would move this misplaced ignore comment above a statement, where it would start to suppress findings: put it on a line of its own above the statement or block it is meant for (or remove it), then format",
                )
            })
            .collect());
    }
    // A well-placed ignore the layout would part from what it covers
    // (a block's `version`, `id` or `sids` written after statements is
    // moved to the block's top, between a comment and its statement).
    let after_coverage = after.map(|(coverage, _)| coverage).unwrap_or_default();
    let mut parted: Vec<Span> = before
        .comments()
        .zip(&covered)
        .enumerate()
        .filter(|(i, (_, covers))| after_coverage.get(*i) != Some(*covers))
        .map(|(_, (comment, _))| comment)
        .collect();
    if parted.is_empty() {
        parted = before.comments().collect();
    }
    Err(parted
        .into_iter()
        .map(|comment| {
            Finding::new(
                &polc_model::codes::dsl::INVALID_IGNORE,
                "formatting would part this ignore comment from the statement or block it covers, which it would then stop covering",
                polc_model::Location::at(comment),
            )
            .with_help("write the block's `version`, `id` and `sids` at its top, before its statements, then format")
        })
        .collect())
}

/// A comment: its span (from `#` to the end of the line).
#[derive(Debug, Clone, Copy)]
struct Comment {
    start: usize,
    end: usize,
}

/// The comments of `source` (a `#` outside strings, to the end of line).
fn comments(source: &str) -> Vec<Comment> {
    crate::scan::comments(source)
        .map(|span| Comment {
            start: span.start,
            end: span.end,
        })
        .collect()
}

struct Formatter<'s> {
    source: &'s str,
    comments: Vec<Comment>,
    /// The first comment not yet written.
    next: usize,
    out: String,
}

impl Formatter<'_> {
    fn comment_text(&self, c: Comment) -> &str {
        self.source
            .get(c.start..c.end)
            .unwrap_or_default()
            .trim_end()
    }

    /// Writes the comments that start before `pos`, each on its own line
    /// (a blank line after one is kept, at most one).
    fn leading(&mut self, pos: usize, indent: &str) {
        while let Some(c) = self.comments.get(self.next).copied() {
            if c.start >= pos {
                break;
            }
            let text = self.comment_text(c).to_owned();
            let _ = writeln!(self.out, "{indent}{text}");
            self.next += 1;
            let next_start = self
                .comments
                .get(self.next)
                .map_or(pos, |n| n.start.min(pos));
            let gap = self.source.get(c.end..next_start).unwrap_or_default();
            if next_start < usize::MAX && gap.matches('\n').count() >= 2 && pos != usize::MAX {
                self.out.push('\n');
            }
        }
    }

    /// Ends the current line, with the comment that follows `end` on the
    /// same source line, if any.
    fn end_line(&mut self, end: usize) {
        if let Some(c) = self.comments.get(self.next).copied() {
            // Only blanks between the node and the comment: it is the
            // node's (another node on the same line would own it).
            let between = self.source.get(end..c.start).unwrap_or("\n");
            if !between.contains('\n') && between.trim().is_empty() {
                let text = self.comment_text(c).to_owned();
                let _ = write!(self.out, "  {text}");
                self.next += 1;
            }
        }
        self.out.push('\n');
    }

    /// The end of the `{` that opens a block whose header ends at `pos`
    /// (comments skipped); `pos` if there is none.
    fn opening_brace(&self, pos: usize) -> usize {
        let mut at = pos;
        let bytes = self.source.as_bytes();
        while let Some(&b) = bytes.get(at) {
            match b {
                b'{' => return at + 1,
                b'#' => {
                    at = self
                        .source
                        .get(at..)
                        .and_then(|rest| rest.find('\n'))
                        .map_or(bytes.len(), |n| at + n);
                }
                b' ' | b'\t' | b'\r' | b'\n' => at += 1,
                _ => return pos,
            }
        }
        pos
    }

    /// Whether the source has a blank line just before `pos` (ignoring
    /// the comments that lead the node).
    fn blank_before(&self, pos: usize) -> bool {
        let before = self.source.get(..pos).unwrap_or_default();
        // The lines before the one `pos` is on.
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let previous = before.get(..line_start).unwrap_or_default();
        for line in previous.lines().rev() {
            let t = line.trim();
            if t.is_empty() {
                return true;
            }
            if !t.starts_with('#') {
                return false;
            }
        }
        false
    }

    fn file(&mut self, file: &File) {
        let mut previous: Option<Item> = None;
        for item in &file.order {
            let span = item_span(file, *item);
            let group_change = match (previous, item) {
                (None, _) => false,
                (Some(Item::Block(_)), _) | (_, Item::Block(_)) => true,
                (Some(a), b) => std::mem::discriminant(&a) != std::mem::discriminant(b),
            };
            if previous.is_some()
                && (group_change || self.blank_before(self.first_comment_or(span.start)))
            {
                self.out.push('\n');
            }
            self.leading(span.start, "");
            match item {
                Item::Import(i) => {
                    if let Some(import) = file.imports.get(*i) {
                        let _ = write!(self.out, "import {}", string(&plain(&import.node)));
                        self.end_line(import.span.end);
                    }
                }
                Item::Param(i) => {
                    if let Some(p) = file.params.get(*i) {
                        let _ = write!(self.out, "param {}: {}", p.name.node, p.ty.node.as_str());
                        if let Some(d) = &p.default {
                            let _ = write!(self.out, " = {}", expr(d));
                        }
                        self.end_line(p.span.end);
                    }
                }
                Item::Let(i) => {
                    if let Some(l) = file.lets.get(*i) {
                        let _ = write!(self.out, "let {} = {}", l.name.node, expr(&l.value));
                        self.end_line(l.span.end);
                    }
                }
                Item::Block(i) => {
                    if let Some(b) = file.blocks.get(*i) {
                        self.block(b);
                    }
                }
            }
            previous = Some(*item);
        }
        // Comments after the last item.
        if self.next < self.comments.len() {
            if !self.out.is_empty() {
                self.out.push('\n');
            }
            self.leading(usize::MAX, "");
        }
    }

    /// The start of the comments that lead a node at `pos`, or `pos`.
    fn first_comment_or(&self, pos: usize) -> usize {
        self.comments
            .get(self.next)
            .filter(|c| c.start < pos)
            .map_or(pos, |c| c.start)
    }

    fn block(&mut self, b: &Block) {
        let mut header = format!("{} {}", b.kind.as_str(), b.name.node);
        if let Some(e) = &b.extends {
            let _ = write!(header, " extends aws:{}", e.managed.node);
            if !e.except.is_empty() {
                let _ = write!(header, " except {}", actions(&e.except));
            }
        }
        header.push_str(" {");
        self.out.push_str(&header);
        // A comment on the header's line after the `{` stays there; one
        // before the `{` goes into the block (where the next run of fmt
        // would put it too).
        let brace = self.opening_brace(b.header.end);
        self.end_line(brace);
        let indent = "  ";
        // Directives first, in a fixed order, then the statements.
        let mut directives: Vec<(Span, String)> = Vec::new();
        if let Some(v) = &b.version {
            let text = match &v.node {
                Some(s) => format!("version {}", string(&plain(s))),
                None => "version none".to_owned(),
            };
            directives.push((v.span, text));
        }
        if let Some(id) = &b.id {
            directives.push((id.span, format!("id {}", string(&plain(&id.node)))));
        }
        if let Some(s) = b.no_sids {
            directives.push((s, "sids none".to_owned()));
        }
        // A directive written after statements moves to the top without
        // the comments before it, which are the statements' (an ignore
        // among them keeps covering its statement): its own comments go
        // where the statements' are flushed (review 39).
        let first_statement = b.statements.first().map(|s| s.span.start);
        for (span, text) in &directives {
            if first_statement.is_some_and(|first| span.start > first) {
                let _ = writeln!(self.out, "{indent}{text}");
                continue;
            }
            self.leading(span.start, indent);
            let _ = write!(self.out, "{indent}{text}");
            self.end_line(span.end);
        }
        for (i, s) in b.statements.iter().enumerate() {
            let blank = i > 0 && self.blank_before(self.first_comment_or(s.span.start));
            if blank {
                self.out.push('\n');
            }
            self.leading(s.span.start, indent);
            self.statement(s, indent);
        }
        self.leading(b.span.end.saturating_sub(1), indent);
        self.out.push('}');
        self.end_line(b.span.end);
    }

    fn statement(&mut self, s: &Statement, indent: &str) {
        // Comments inside the statement move before it.
        let inner: Vec<Comment> = self
            .comments
            .iter()
            .skip(self.next)
            .take_while(|c| c.start < s.span.end)
            .copied()
            .collect();
        let last_line_start = self
            .source
            .get(..s.span.end)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        for c in &inner {
            if c.start >= last_line_start.max(s.span.start) && inner.len() == 1 {
                break;
            }
            let text = self.comment_text(*c).to_owned();
            let _ = writeln!(self.out, "{indent}{text}");
            self.next += 1;
        }
        let mut head = String::new();
        if let Some(sid) = &s.sid {
            if !sid.node.is_empty() && sid.node.chars().all(|c| c.is_ascii_alphanumeric()) {
                let _ = write!(head, "sid {} ", sid.node);
            } else {
                let _ = write!(head, "sid {} ", string(&plain(&sid.node)));
            }
        }
        head.push_str(match s.effect.node {
            crate::ast::Effect::Allow => "allow",
            crate::ast::Effect::Deny => "deny",
        });
        if let Some(p) = &s.principals {
            let _ = write!(head, " {}", principals(p));
        }
        head.push(' ');
        if s.not_action {
            head.push_str("not ");
        }
        if s.action_array {
            let _ = write!(head, "[{}]", actions(&s.actions));
        } else {
            head.push_str(&actions(&s.actions));
        }
        let on = s.resources.as_ref().map(|r| {
            let items: Vec<String> = r.items.iter().map(expr).collect();
            format!("on {}{}", if r.not { "not " } else { "" }, items.join(", "))
        });
        let conditions: Vec<String> = s.conditions.iter().map(condition).collect();
        let one_line = {
            let mut line = format!("{indent}{head}");
            if let Some(on) = &on {
                let _ = write!(line, " {on}");
            }
            if !conditions.is_empty() {
                let _ = write!(line, " if {}", conditions.join(" and "));
            }
            line
        };
        if one_line.chars().count() <= WIDTH {
            self.out.push_str(&one_line);
        } else {
            let cont = format!("{indent}    ");
            let head = if format!("{indent}{head}").chars().count() > WIDTH {
                wrapped_head(s, indent, &cont)
            } else {
                head
            };
            let _ = write!(self.out, "{indent}{head}");
            if let Some(r) = &s.resources {
                // Resources, several per line, broken after commas.
                let mut line = format!("{cont}on {}", if r.not { "not " } else { "" });
                let items: Vec<String> = r.items.iter().map(expr).collect();
                let deeper = format!("{cont}    ");
                self.out.push('\n');
                for (i, item) in items.iter().enumerate() {
                    let piece = if i + 1 < items.len() {
                        format!("{item},")
                    } else {
                        item.clone()
                    };
                    let fresh = line.trim_end().ends_with("on") || line.trim_end().ends_with("not");
                    if !fresh && line.chars().count() + 1 + piece.chars().count() > WIDTH {
                        let _ = writeln!(self.out, "{}", line.trim_end());
                        line = deeper.clone();
                    } else if !fresh {
                        line.push(' ');
                    }
                    line.push_str(&piece);
                }
                self.out.push_str(line.trim_end());
            }
            for (i, c) in conditions.iter().enumerate() {
                let word = if i == 0 { "if" } else { "and" };
                let _ = write!(self.out, "\n{cont}{word} {c}");
            }
        }
        self.end_line(s.span.end);
    }
}

/// The statement's head (Sid, effect, principals, actions) broken into
/// lines of at most [`WIDTH`]: after commas, and inside `svc:{...}` sets.
fn wrapped_head(s: &Statement, indent: &str, cont: &str) -> String {
    let mut out = String::new();
    if let Some(sid) = &s.sid {
        if !sid.node.is_empty() && sid.node.chars().all(|c| c.is_ascii_alphanumeric()) {
            let _ = write!(out, "sid {} ", sid.node);
        } else {
            let _ = write!(out, "sid {} ", string(&plain(&sid.node)));
        }
    }
    out.push_str(match s.effect.node {
        crate::ast::Effect::Allow => "allow",
        crate::ast::Effect::Deny => "deny",
    });
    if let Some(p) = &s.principals {
        let _ = write!(out, " {}", principals(p));
    }
    out.push(' ');
    if s.not_action {
        out.push_str("not ");
    }
    if s.action_array {
        out.push('[');
    }
    let mut column = indent.chars().count() + out.chars().count();
    let inner = format!("{cont}    ");
    for (i, a) in s.actions.iter().enumerate() {
        let last = i + 1 == s.actions.len();
        let separator = if last { "" } else { "," };
        let text = action(a);
        if column + text.chars().count() + separator.len() <= WIDTH {
            let _ = write!(out, "{text}{separator}");
            column += text.chars().count() + separator.len();
        } else if let ActionKind::Set(service, names) = &a.node {
            // The set itself is too long: break inside the braces.
            let open = format!("{}:{{", service.node);
            // A set that does not fit starts its own line.
            if column > cont.chars().count() {
                let _ = write!(out, "\n{cont}");
                column = cont.chars().count();
            }
            out.push_str(&open);
            column += open.len();
            for (j, n) in names.iter().enumerate() {
                let end = if j + 1 == names.len() {
                    format!("}}{separator}")
                } else {
                    ",".to_owned()
                };
                let piece = format!("{}{end}", n.node);
                if column + piece.chars().count() > WIDTH {
                    let _ = write!(out, "\n{inner}");
                    column = inner.chars().count();
                }
                out.push_str(&piece);
                column += piece.chars().count();
                if j + 1 < names.len() {
                    out.push(' ');
                    column += 1;
                }
            }
        } else {
            let _ = write!(out, "\n{cont}{text}{separator}");
            column = cont.chars().count() + text.chars().count() + separator.len();
        }
        if !last {
            out.push(' ');
            column += 1;
        }
    }
    if s.action_array {
        out.push(']');
    }
    out.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

fn item_span(file: &File, item: Item) -> Span {
    match item {
        Item::Import(i) => file.imports.get(i).map(|x| x.span),
        Item::Param(i) => file.params.get(i).map(|x| x.span),
        Item::Let(i) => file.lets.get(i).map(|x| x.span),
        Item::Block(i) => file.blocks.get(i).map(|x| x.span),
    }
    .unwrap_or(Span::new(0, 0))
}

fn principals(p: &Principals) -> String {
    let mut out = String::new();
    if p.not {
        out.push_str("not ");
    }
    if p.anyone {
        out.push_str("anyone");
    } else {
        let entries: Vec<String> = p
            .entries
            .iter()
            .map(|e| format!("{} {}", e.kind.node.as_str(), expr(&e.value)))
            .collect();
        out.push_str(&entries.join(", "));
    }
    out.push_str(" to");
    out
}

/// Action entries, comma-separated.
pub(crate) fn actions(list: &[Action]) -> String {
    list.iter().map(action).collect::<Vec<_>>().join(", ")
}

fn action(a: &Action) -> String {
    match &a.node {
        ActionKind::Star => "*".into(),
        ActionKind::Name(n) => n.clone(),
        ActionKind::Set(service, names) => {
            let names: Vec<&str> = names.iter().map(|n| n.node.as_str()).collect();
            format!("{}:{{{}}}", service.node, names.join(", "))
        }
        ActionKind::Group(service, level) => format!("{service}:@{}", level.node),
        ActionKind::Quoted(q) => string(&plain(q)),
    }
}

fn condition(c: &Condition) -> String {
    match &c.node {
        ConditionKind::Explicit {
            operator,
            key,
            values,
        } => format!(
            "{}({}, {})",
            operator.node,
            key_text(&key.node),
            expr(values)
        ),
        ConditionKind::Short {
            qualifier,
            key,
            if_exists,
            op,
            values,
        } => {
            let mut out = String::new();
            match qualifier.as_ref().map(|q| q.node) {
                Some(Qualifier::Any) => out.push_str("any "),
                Some(Qualifier::All) => out.push_str("all "),
                None => {}
            }
            out.push_str(&key_text(&key.node));
            if *if_exists {
                out.push('?');
            }
            let _ = write!(out, " {}", op.node.as_str());
            if let Some(v) = values {
                let _ = write!(out, " {}", expr(v));
            }
            out
        }
    }
}

/// A condition key: bare when the grammar reads it back so, else quoted.
pub(crate) fn key_text(key: &str) -> String {
    let bare = key.split_once(':').is_some_and(|(service, rest)| {
        service
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && service
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-./:${}*@+=".contains(c))
            // A bare key ends before `==` and `=~` (the grammar's
            // `key_name`): a key holding them is quoted.
            && !rest.contains("==")
            && !rest.contains("=~")
            // A brace outside `${...}` would read back as `{name}`, which
            // a key cannot hold: such a key is quoted, its braces doubled
            // (review 49).
            && braces_only_in_variables(rest)
    });
    if bare {
        key.to_owned()
    } else {
        string(&plain(key))
    }
}

/// Whether the parser reads `text` back as a bare key's: every `{` opens
/// a `${` (one elsewhere reads as `{name}`, which a key cannot hold).
fn braces_only_in_variables(text: &str) -> bool {
    text.char_indices()
        .all(|(i, c)| c != '{' || text.get(..i).is_some_and(|t| t.ends_with('$')))
}

/// A value as written in `.pol`.
pub(crate) fn expr(e: &Expr) -> String {
    match &e.node {
        ExprKind::String(lit) => string(lit),
        ExprKind::Star => "*".into(),
        ExprKind::Name(n) => n.clone(),
        ExprKind::List(items) => {
            format!(
                "[{}]",
                items.iter().map(expr).collect::<Vec<_>>().join(", ")
            )
        }
        ExprKind::Call(call) => {
            let args: Vec<String> = call
                .args
                .iter()
                .map(|a| match &a.name {
                    Some(n) => format!("{} = {}", n.node, expr(&a.value)),
                    None => expr(&a.value),
                })
                .collect();
            format!(
                "{}.{}({})",
                call.service.node,
                call.builder.node,
                args.join(", ")
            )
        }
        ExprKind::Number(n) => n.clone(),
        ExprKind::Bool(b) => b.to_string(),
    }
}

/// A string literal holding `text` exactly (no interpolation).
pub(crate) fn plain(text: &str) -> StringLit {
    StringLit {
        pieces: vec![StringPiece::Text(text.to_owned())],
    }
}

/// A string literal in `.pol` syntax: escapes, `{{`/`}}` for braces outside
/// IAM policy variables, `{name}` for interpolations.
pub(crate) fn string(lit: &StringLit) -> String {
    let mut out = String::from("\"");
    for piece in &lit.pieces {
        match piece {
            StringPiece::Interpolation(name) => {
                let _ = write!(out, "{{{}}}", name.node);
            }
            StringPiece::Text(text) => {
                let mut chars = text.chars().peekable();
                while let Some(c) = chars.next() {
                    match c {
                        '$' if chars.peek() == Some(&'{') => {
                            // An IAM policy variable: as is, to its `}`.
                            out.push('$');
                            for v in chars.by_ref() {
                                push_escaped(&mut out, v);
                                if v == '}' {
                                    break;
                                }
                            }
                        }
                        '{' => out.push_str("{{"),
                        '}' => out.push_str("}}"),
                        other => push_escaped(&mut out, other),
                    }
                }
            }
        }
    }
    out.push('"');
    out
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        // A character an editor may not show where it is (a zero-width
        // space, a line separator, a bidirectional control) is refused
        // written directly: written as its code.
        c if c.is_control() || polc_model::suggest::hides_text(c) => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
        c => out.push(c),
    }
}
