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
    let mut documents: Vec<Policy> = Vec::new();
    let mut current: Vec<Statement> = Vec::new();
    for piece in pieces {
        current.push(piece);
        if current.len() > 1 && size(&empty(current.clone())) > quota {
            let last = current.pop();
            documents.push(empty(std::mem::take(&mut current)));
            current.extend(last);
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
