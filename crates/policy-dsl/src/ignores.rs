//! `# polc:ignore CODE[, CODE] -- reason`: accepting a finding in the
//! source, on the line above the statement or block it covers.

use std::cell::Cell;
use std::collections::HashMap;

use polc_model::codes::{CodeId, dsl};
use polc_model::suppress::Suppressed;
use polc_model::{Finding, Location, Span};

use crate::ast::File;

/// One ignore comment.
#[derive(Debug)]
struct Directive {
    /// The comment.
    span: Span,
    codes: Vec<CodeId>,
    reason: String,
    /// The statement or block it covers.
    covers: Span,
    /// Whether it covers a block (else a statement).
    block: bool,
    /// Whether it suppressed a finding.
    used: Cell<bool>,
}

/// The ignore comments of a file, and the findings about them.
#[derive(Debug, Default)]
pub struct Directives {
    list: Vec<Directive>,
    /// The directives over blocks, and over statements: each by the start
    /// of what it covers, sorted (blocks do not overlap, nor do the
    /// statements), so that a finding finds its directives by search.
    blocks: Vec<(usize, usize)>,
    statements: Vec<(usize, usize)>,
    /// `INVALID_IGNORE` findings: malformed comments.
    pub problems: Vec<Finding>,
}

impl Directives {
    /// The ignore comments of `source`, whose syntax tree is `file`.
    /// Linear in the source: each line is looked at once.
    pub fn read(source: &str, file: &File) -> Self {
        // Where each statement and block starts, with its extent.
        let mut constructs: HashMap<usize, (Span, bool)> = HashMap::new();
        for block in &file.blocks {
            constructs.insert(
                block.header.start,
                (Span::new(block.header.start, block.span.end), true),
            );
            for statement in &block.statements {
                constructs
                    .entry(statement.span.start)
                    .or_insert((statement.span, false));
            }
        }
        let lines = Lines::of(source);
        let mut directives = Self::default();
        for comment in crate::scan::comments(source) {
            let text = source.get(comment.start..comment.end).unwrap_or_default();
            let Some(body) = text
                .trim_start_matches('#')
                .trim_start()
                .strip_prefix("polc:ignore")
            else {
                continue;
            };
            let (codes, reason) = match parse(body) {
                Ok(parsed) => parsed,
                Err(why) => {
                    directives.problems.push(invalid(comment, why));
                    continue;
                }
            };
            let line = lines.index_of(comment.start);
            if lines.code_on(line) {
                // At the end of a line, it would read as covering that
                // line: it covers nothing, said.
                directives.problems.push(invalid(
                    comment,
                    "an ignore stands on a line of its own, above the statement or block it covers"
                        .into(),
                ));
                continue;
            }
            match lines
                .next_code_after(line)
                .and_then(|at| constructs.get(&at))
            {
                Some(&(covers, block)) => directives.list.push(Directive {
                    span: comment,
                    codes,
                    reason,
                    covers,
                    block,
                    used: Cell::new(false),
                }),
                None => directives.problems.push(invalid(
                    comment,
                    "this ignore is not on the line above a statement or block".into(),
                )),
            }
        }
        for (i, d) in directives.list.iter().enumerate() {
            let by_start = if d.block {
                &mut directives.blocks
            } else {
                &mut directives.statements
            };
            by_start.push((d.covers.start, i));
        }
        directives.blocks.sort_unstable();
        directives.statements.sort_unstable();
        directives
    }

    /// What each well-placed ignore comment covers, in the order of the
    /// comments: its codes, and the place of the block or statement among
    /// those of `file` (the one the directives were read with), whatever
    /// the layout.
    pub(crate) fn coverage(&self, file: &File) -> Vec<(Vec<CodeId>, bool, usize)> {
        let mut starts: Vec<usize> = Vec::new();
        for block in &file.blocks {
            starts.push(block.header.start);
            starts.extend(block.statements.iter().map(|s| s.span.start));
        }
        starts.sort_unstable();
        self.list
            .iter()
            .map(|d| {
                let place = starts.partition_point(|&s| s < d.covers.start);
                (d.codes.clone(), d.block, place)
            })
            .collect()
    }

    /// The comment of each well-placed ignore, in order.
    pub(crate) fn comments(&self) -> impl Iterator<Item = Span> + '_ {
        self.list.iter().map(|d| d.span)
    }

    /// Whether an ignore comment covers `finding`.
    pub fn covers(&self, finding: &Finding) -> bool {
        self.directive_for(finding).is_some()
    }

    fn directive_for(&self, finding: &Finding) -> Option<&Directive> {
        let at = finding.location.span?.start;
        let covering = |by_start: &[(usize, usize)]| {
            // The directives over the one construct that starts last at or
            // before `at` (several may stand over it).
            let end = by_start.partition_point(|(start, _)| *start <= at);
            let start = by_start.get(..end)?.last()?.0;
            let first = by_start.partition_point(|(s, _)| *s < start);
            by_start.get(first..end)?.iter().find_map(|(_, i)| {
                let d = self.list.get(*i)?;
                let inside = d.covers.start <= at && at < d.covers.end.max(d.covers.start + 1);
                (inside && d.codes.contains(&finding.code.id)).then_some(d)
            })
        };
        covering(&self.statements).or_else(|| covering(&self.blocks))
    }

    /// Splits `findings` into those that count and those an ignore
    /// comment suppresses.
    pub fn apply(&self, findings: Vec<Finding>) -> (Vec<Finding>, Vec<Suppressed>) {
        let mut kept = Vec::new();
        let mut suppressed = Vec::new();
        for finding in findings {
            match self.directive_for(&finding) {
                Some(directive) if finding.code.id.suppressible() => {
                    directive.used.set(true);
                    suppressed.push(Suppressed {
                        reason: directive.reason.clone(),
                        finding,
                        in_source: true,
                    });
                }
                _ => kept.push(finding),
            }
        }
        (kept, suppressed)
    }

    /// `UNUSED_IGNORE` for each comment that suppressed nothing (ask once
    /// every finding has been through [`Directives::apply`]).
    /// `asked_for_ran`: the run asked for `--within`/`--role` checks, so an
    /// ignore of their codes that suppressed nothing is left over too.
    pub fn unused(&self, asked_for_ran: bool) -> Vec<Finding> {
        // Codes of the checks a run asks for (`--within`, `--role`) fire only
        // then: an ignore of them alone is not left over in other runs.
        let asked_for = [
            CodeId::EXCEEDS_MANAGED_POLICY,
            CodeId::ECS_ROLE_TRUST_MISMATCH,
            CodeId::ECS_ROLE_MISSING_PERMISSION,
        ];
        self.list
            .iter()
            .filter(|d| {
                !d.used.get() && (asked_for_ran || !d.codes.iter().all(|c| asked_for.contains(c)))
            })
            .map(|d| {
                let codes: Vec<&str> = d.codes.iter().map(|c| c.name()).collect();
                Finding::new(
                    &dsl::UNUSED_IGNORE,
                    format!("no `{}` finding here to ignore", codes.join("`, `")),
                    Location::at(d.span),
                )
                .with_help("remove the comment, or correct its code or place")
            })
            .collect()
    }
}

fn invalid(span: Span, message: String) -> Finding {
    Finding::new(&dsl::INVALID_IGNORE, message, Location::at(span))
        .with_help("write `# polc:ignore CODE[, CODE] -- why this is accepted` on the line above the statement or block")
}

/// ` CODE[, CODE] -- reason` → the codes and the reason.
fn parse(body: &str) -> Result<(Vec<CodeId>, String), String> {
    let (codes, reason) = body
        .split_once("--")
        .ok_or_else(|| "an ignore says why: `# polc:ignore CODE -- reason`".to_owned())?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err("an ignore says why: the reason after `--` is empty".into());
    }
    let mut ids = Vec::new();
    for name in codes.split(',').map(str::trim) {
        if name.is_empty() {
            return Err("an ignore names the codes it accepts".into());
        }
        let id = CodeId::from_name(name).ok_or_else(|| {
            let near = polc_model::suggest::closest(name, CodeId::ALL.iter().map(|c| c.name()));
            match near {
                Some(n) => format!("`{name}` is not a finding code; did you mean `{n}`?"),
                None => format!("`{name}` is not a finding code (`polc explain` lists them)"),
            }
        })?;
        if !id.suppressible() {
            return Err(format!(
                "`{name}` cannot be ignored: it means the file could not be read or built as written"
            ));
        }
        ids.push(id);
    }
    Ok((ids, reason.to_owned()))
}

/// The lines of a source: where each starts, and where its first code is
/// (none for a blank or comment-only line); for each line, the first code
/// on a later line.
struct Lines {
    starts: Vec<usize>,
    first_code: Vec<Option<usize>>,
    next_code: Vec<Option<usize>>,
}

impl Lines {
    fn of(source: &str) -> Self {
        let mut starts = Vec::new();
        let mut first_code = Vec::new();
        let mut at = 0;
        for line in source.split_inclusive('\n') {
            starts.push(at);
            // A byte-order mark at the start is no code (the grammar
            // skips it).
            let trimmed = line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
            let code = !trimmed.trim_end().is_empty() && !trimmed.starts_with('#');
            first_code.push(code.then(|| at + (line.len() - trimmed.len())));
            at += line.len();
        }
        let mut next_code = vec![None; first_code.len()];
        let mut next = None;
        for (i, code) in first_code.iter().enumerate().rev() {
            if let Some(slot) = next_code.get_mut(i) {
                *slot = next;
            }
            if code.is_some() {
                next = *code;
            }
        }
        Self {
            starts,
            first_code,
            next_code,
        }
    }

    /// The line `offset` is on.
    fn index_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|s| *s <= offset)
            .saturating_sub(1)
    }

    /// Whether the line has code (before a comment on it).
    fn code_on(&self, line: usize) -> bool {
        self.first_code.get(line).is_some_and(Option::is_some)
    }

    /// The first code on a line after `line`.
    fn next_code_after(&self, line: usize) -> Option<usize> {
        self.next_code.get(line).copied().flatten()
    }
}
