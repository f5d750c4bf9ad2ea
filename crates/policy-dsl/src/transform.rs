//! What `polc build` may do to a compiled document: merge statements
//! (`--minimize`), sort lists (`--sort`), split it over its size quota
//! (`--split`). None of them changes what the documents grant.

use policy_model::Policy;
use policy_model::policy::{OneOrMany, Statement};
use policy_model::size::iam_size;

use crate::ast::BlockKind;

/// The size quota (characters without whitespace) of a block's target:
/// a customer managed policy, a role trust policy, a resource-based policy
/// (the largest common one: an S3 bucket policy).
pub const fn quota(kind: BlockKind) -> usize {
    match kind {
        BlockKind::Policy => 6_144,
        BlockKind::Trust => 2_048,
        BlockKind::Resource => 20_480,
    }
}

/// Merges statements that differ only in their `Action` lists: same
/// effect, principal, resources and conditions, neither with `NotAction`.
/// The union of the actions is exactly what the statements granted (or
/// denied) together; the first statement keeps its place and Sid.
///
/// ```
/// let mut policy = policy_model::Policy::from_json_str(r#"{"Version": "2012-10-17", "Statement": [
///   {"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "*"},
///   {"Effect": "Allow", "Action": "ecs:StopTask", "Resource": "*"}]}"#,
///   policy_model::PolicyType::Identity).unwrap();
/// policy_dsl::transform::minimize(&mut policy);
/// assert_eq!(policy.statement.len(), 1);
/// ```
pub fn minimize(policy: &mut Policy) {
    let statements: Vec<Statement> = policy.statement.iter().cloned().collect();
    let mut out: Vec<Statement> = Vec::with_capacity(statements.len());
    for statement in statements {
        let target = out.iter_mut().find(|s| {
            !s.action.not
                && !statement.action.not
                && s.effect == statement.effect
                && s.principal == statement.principal
                && s.resource == statement.resource
                && s.condition == statement.condition
        });
        match target {
            Some(existing) => {
                let mut actions: Vec<String> = existing.action.values.iter().cloned().collect();
                for a in statement.action.values.iter() {
                    if !actions.iter().any(|b| b.eq_ignore_ascii_case(a)) {
                        actions.push(a.clone());
                    }
                }
                existing.action.values = OneOrMany::Many(actions);
            }
            None => out.push(statement),
        }
    }
    policy.statement = OneOrMany::Many(out);
}

/// Sorts the actions (case-insensitively) and resources of every
/// statement.
pub fn sort(policy: &mut Policy) {
    let mut statements: Vec<Statement> = policy.statement.iter().cloned().collect();
    for s in &mut statements {
        if let OneOrMany::Many(values) = &mut s.action.values {
            values.sort_by_key(|a| a.to_ascii_lowercase());
        }
        if let Some(r) = &mut s.resource
            && let OneOrMany::Many(values) = &mut r.values
        {
            values.sort();
        }
    }
    policy.statement = OneOrMany::Many(statements);
}

fn size(policy: &Policy) -> usize {
    iam_size(&policy.to_json())
}

/// Splits `policy` into documents of at most `quota` characters that,
/// attached together, grant exactly what it grants: statements are
/// distributed in order, and a statement too large alone is split by its
/// `Action` list (Sids of the pieces get a letter suffix). A statement that
/// cannot be made small enough stays whole (the size check reports it).
pub fn split(policy: &Policy, quota: usize) -> Vec<Policy> {
    if size(policy) <= quota {
        return vec![policy.clone()];
    }
    let empty = |statements: Vec<Statement>| Policy {
        version: policy.version,
        id: policy.id.clone(),
        statement: OneOrMany::Many(statements),
        key_order: policy.key_order.clone(),
    };
    let mut pieces: Vec<Statement> = Vec::new();
    for statement in policy.statement.iter() {
        pieces.extend(shrink(statement, quota, &empty));
    }
    // Sizes add up: the document without statements, each statement, and
    // a comma between two (sizes count no whitespace).
    let base = size(&empty(Vec::new()));
    let sizes: Vec<usize> = pieces
        .iter()
        .map(|p| size(&empty(vec![p.clone()])).saturating_sub(base))
        .collect();
    let mut documents: Vec<Policy> = Vec::new();
    let mut current: Vec<Statement> = Vec::new();
    let mut current_size = base;
    for (piece, piece_size) in pieces.into_iter().zip(sizes) {
        let added = piece_size + usize::from(!current.is_empty());
        if !current.is_empty() && current_size + added > quota {
            documents.push(empty(std::mem::take(&mut current)));
            current_size = base;
            current.push(piece);
            current_size += piece_size;
        } else {
            current.push(piece);
            current_size += added;
        }
    }
    if !current.is_empty() {
        documents.push(empty(current));
    }
    documents
}

/// `statement`, split by actions until each piece fits `quota` alone.
fn shrink(
    statement: &Statement,
    quota: usize,
    wrap: &dyn Fn(Vec<Statement>) -> Policy,
) -> Vec<Statement> {
    if size(&wrap(vec![statement.clone()])) <= quota || statement.action.not {
        return vec![statement.clone()];
    }
    let actions: Vec<String> = statement.action.values.iter().cloned().collect();
    if actions.len() < 2 {
        return vec![statement.clone()];
    }
    let (a, b) = actions.split_at(actions.len() / 2);
    let mut out = Vec::new();
    for (half, suffix) in [(a, "a"), (b, "b")] {
        let mut piece = statement.clone();
        piece.action.values = OneOrMany::Many(half.to_vec());
        if let Some(sid) = &mut piece.sid {
            sid.push_str(suffix);
        }
        out.extend(shrink(&piece, quota, wrap));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_parts_fit_and_keep_every_statement() {
        let statements: Vec<String> = (0..60)
            .map(|i| {
                format!(
                    r#"{{"Sid": "S{i}", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bucket-{i:04}-with-a-long-name/*"}}"#
                )
            })
            .collect();
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
            statements.join(",")
        );
        let policy = Policy::from_json_str(&text, policy_model::PolicyType::Identity).unwrap();
        let parts = split(&policy, 2_048);
        assert!(parts.len() > 1);
        let mut sids = Vec::new();
        for part in &parts {
            assert!(size(part) <= 2_048, "{}", size(part));
            sids.extend(
                part.statement
                    .iter()
                    .map(|s| s.sid.clone().unwrap_or_default()),
            );
        }
        let want: Vec<String> = (0..60).map(|i| format!("S{i}")).collect();
        assert_eq!(sids, want);
    }
}
