//! `# polc:ignore CODE[, CODE] -- reason`: accepting a finding in the
//! source, on the line above the statement or block it covers.

use std::cell::Cell;

use policy_model::codes::{CodeId, dsl};
use policy_model::suppress::Suppressed;
use policy_model::{Finding, Location, Span};

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
    /// Whether it suppressed a finding.
    used: Cell<bool>,
}

/// The ignore comments of a file, and the findings about them.
#[derive(Debug, Default)]
pub struct Directives {
    list: Vec<Directive>,
    /// `INVALID_IGNORE` findings: malformed comments.
    pub problems: Vec<Finding>,
}

impl Directives {
    /// The ignore comments of `source`, whose syntax tree is `file`.
    pub fn read(source: &str, file: &File) -> Self {
        // Where each statement and block starts, with its extent.
        let mut constructs: Vec<Span> = Vec::new();
        for block in &file.blocks {
            constructs.push(Span::new(block.header.start, block.span.end));
            constructs.extend(block.statements.iter().map(|s| s.span));
        }
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
            match parse(body) {
                Ok((codes, reason)) => {
                    let next = next_code_line(source, comment.end);
                    match constructs.iter().find(|c| Some(c.start) == next) {
                        Some(covers) => directives.list.push(Directive {
                            span: comment,
                            codes,
                            reason,
                            covers: *covers,
                            used: Cell::new(false),
                        }),
                        None => directives.problems.push(invalid(
                            comment,
                            "this ignore is not on the line above a statement or block".into(),
                        )),
                    }
                }
                Err(why) => directives.problems.push(invalid(comment, why)),
            }
        }
        directives
    }

    /// Whether an ignore comment covers `finding`.
    pub fn covers(&self, finding: &Finding) -> bool {
        self.directive_for(finding).is_some()
    }

    fn directive_for(&self, finding: &Finding) -> Option<&Directive> {
        let at = finding.location.span?.start;
        self.list.iter().find(|d| {
            d.codes.contains(&finding.code.id)
                && d.covers.start <= at
                && at < d.covers.end.max(d.covers.start + 1)
        })
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
    pub fn unused(&self) -> Vec<Finding> {
        self.list
            .iter()
            .filter(|d| !d.used.get())
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
            let near = policy_model::suggest::closest(name, CodeId::ALL.iter().map(|c| c.name()));
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

/// The start of the first code on the lines after `from` (blank lines and
/// other comments skipped).
fn next_code_line(source: &str, from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        at += source.get(at..)?.find('\n')? + 1;
        let line = source.get(at..)?.split('\n').next().unwrap_or_default();
        let trimmed = line.trim_start();
        if !trimmed.trim_end().is_empty() && !trimmed.starts_with('#') {
            return Some(at + (line.len() - trimmed.len()));
        }
    }
}
