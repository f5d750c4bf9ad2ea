//! What `polc build` may do to a compiled document: merge statements
//! (`--minimize`), sort lists (`--sort`), split it over its size quota
//! (`--split`). None of them changes what the documents grant.

use polc_model::policy::{OneOrMany, Statement};
use polc_model::size::{Target, iam_size};
use polc_model::{Policy, Text};

use crate::ast::BlockKind;

/// The size quota (characters without whitespace) of a block's target:
/// a customer managed policy, a role trust policy, a resource-based policy
/// (the largest common one: an S3 bucket policy).
pub const fn quota(kind: BlockKind) -> usize {
    match kind {
        BlockKind::Policy => Target::ManagedPolicy,
        BlockKind::Trust => Target::TrustPolicy,
        BlockKind::Resource => Target::ResourcePolicy,
    }
    .quota()
}

/// Merges statements that differ only in their `Action` lists: same
/// effect, principal, resources and conditions, neither with `NotAction`.
/// The union of the actions is exactly what the statements granted (or
/// denied) together; the first statement keeps its place and Sid.
///
/// ```
/// let mut policy = polc_model::Policy::from_json_str(r#"{"Version": "2012-10-17", "Statement": [
///   {"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "*"},
///   {"Effect": "Allow", "Action": "ecs:StopTask", "Resource": "*"}]}"#,
///   polc_model::PolicyType::Identity).unwrap();
/// polc_dsl::transform::minimize(&mut policy);
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
                let mut actions: Vec<Text> = existing.action.values.iter().cloned().collect();
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
/// `Action` list, then by its `Resource` list (a statement applies to each
/// action on each resource, so the pieces apply together exactly where it
/// did; `NotAction` and `NotResource` lists are never split). The pieces
/// of a statement get a letter suffix on its Sid (and a number when that
/// repeats a Sid of the document). A statement that cannot be
/// made small enough stays whole: [`oversized`] finds the documents still
/// over the quota.
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
    // Each piece, and whether it is part of a split statement.
    let mut pieces: Vec<(Statement, bool)> = Vec::new();
    for statement in policy.statement.iter() {
        let mut parts = shrink(statement, quota, &empty);
        if parts.len() > 1 {
            // Sids are unique in a document: pieces get `a`, `b`, ...
            for (i, part) in parts.iter_mut().enumerate() {
                if let Some(sid) = &mut part.sid {
                    *sid = format!("{sid}{}", suffix(i)).into();
                }
            }
            pieces.extend(parts.into_iter().map(|p| (p, true)));
        } else {
            pieces.extend(parts.into_iter().map(|p| (p, false)));
        }
    }
    unique_sids(&mut pieces);
    let pieces: Vec<Statement> = pieces.into_iter().map(|(p, _)| p).collect();
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

/// The documents of `parts` over `quota`: index and size.
pub fn oversized(parts: &[Policy], quota: usize) -> Vec<(usize, usize)> {
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| (i, size(p)))
        .filter(|&(_, n)| n > quota)
        .collect()
}

/// `a`, `b`, ..., `z`, `aa`, `ab`, ...: the suffix of piece `i`.
fn suffix(i: usize) -> String {
    let mut out = Vec::new();
    let mut n = i;
    loop {
        out.push(char::from(b'a' + u8::try_from(n % 26).unwrap_or(0)));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.iter().rev().collect()
}

/// Makes the Sids of split pieces unique: the Sids the author wrote are
/// kept, a piece whose Sid repeats another gets a number.
fn unique_sids(pieces: &mut [(Statement, bool)]) {
    let mut taken: std::collections::HashSet<String> = pieces
        .iter()
        .filter(|(_, split)| !split)
        .filter_map(|(s, _)| s.sid.as_ref().map(|sid| sid.to_string()))
        .collect();
    for (statement, split) in pieces.iter_mut() {
        let Some(sid) = &mut statement.sid else {
            continue;
        };
        if !*split {
            continue;
        }
        if taken.insert(sid.to_string()) {
            continue;
        }
        let mut n = 2;
        while taken.contains(&format!("{sid}{n}")) {
            n += 1;
        }
        *sid = format!("{sid}{n}").into();
        taken.insert(sid.to_string());
    }
}

/// `statement`, split by actions, then by resources, until each piece
/// fits `quota` alone (or cannot be split further).
fn shrink(
    statement: &Statement,
    quota: usize,
    wrap: &dyn Fn(Vec<Statement>) -> Policy,
) -> Vec<Statement> {
    if size(&wrap(vec![statement.clone()])) <= quota {
        return vec![statement.clone()];
    }
    let halves = |values: &OneOrMany<Text>| {
        let values: Vec<Text> = values.iter().cloned().collect();
        let (a, b) = values.split_at(values.len() / 2);
        [a.to_vec(), b.to_vec()]
    };
    let mut out = Vec::new();
    if !statement.action.not && statement.action.values.len() >= 2 {
        for half in halves(&statement.action.values) {
            let mut piece = statement.clone();
            piece.action.values = OneOrMany::Many(half);
            out.extend(shrink(&piece, quota, wrap));
        }
        return out;
    }
    match &statement.resource {
        Some(resource) if !resource.not && resource.values.len() >= 2 => {
            for half in halves(&resource.values) {
                let mut piece = statement.clone();
                if let Some(r) = &mut piece.resource {
                    r.values = OneOrMany::Many(half);
                }
                out.extend(shrink(&piece, quota, wrap));
            }
            out
        }
        _ => vec![statement.clone()],
    }
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
        let policy = Policy::from_json_str(&text, polc_model::PolicyType::Identity).unwrap();
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

    fn policy(statements: &str) -> Policy {
        let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#);
        // Over every quota on purpose: read without the size check.
        let options = polc_model::CheckOptions::new(polc_model::PolicyType::Identity);
        polc_model::check(&text, &options).policy.unwrap()
    }

    fn quoted(values: impl Iterator<Item = String>) -> String {
        values
            .map(|v| format!("\"{v}\""))
            .collect::<Vec<_>>()
            .join(",")
    }

    #[test]
    fn one_action_on_many_resources_is_split_by_resource() {
        let resources =
            quoted((0..300).map(|i| format!("arn:aws:s3:::bucket-{i:04}-with-a-long-name/*")));
        let policy = policy(&format!(
            r#"{{"Sid": "Big", "Effect": "Deny", "Action": "s3:GetObject", "Resource": [{resources}]}}"#
        ));
        let parts = split(&policy, 6_144);
        assert!(parts.len() > 1);
        assert!(oversized(&parts, 6_144).is_empty());
        let mut all = Vec::new();
        for part in &parts {
            for s in part.statement.iter() {
                assert_eq!(s.effect, polc_model::Effect::Deny);
                assert_eq!(s.action.values.as_slice(), ["s3:GetObject"]);
                all.extend(s.resource.as_ref().unwrap().values.iter().cloned());
            }
        }
        let want: Vec<String> = (0..300)
            .map(|i| format!("arn:aws:s3:::bucket-{i:04}-with-a-long-name/*"))
            .collect();
        assert_eq!(all, want);
    }

    #[test]
    fn a_statement_that_cannot_be_split_is_reported() {
        let actions = quoted((0..400).map(|i| format!("ec2:DescribeSomethingNumber{i}")));
        let policy = policy(&format!(
            r#"{{"Effect": "Deny", "NotAction": [{actions}], "Resource": "*"}}"#
        ));
        let parts = split(&policy, 6_144);
        assert_eq!(parts.len(), 1);
        assert_eq!(oversized(&parts, 6_144).len(), 1);
    }

    #[test]
    fn split_sids_never_repeat() {
        let actions = quoted((0..400).map(|i| format!("ec2:DescribeSomethingNumber{i}")));
        let policy = policy(&format!(
            r#"{{"Sid": "Biga", "Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}},
               {{"Sid": "Big", "Effect": "Allow", "Action": [{actions}], "Resource": "*"}}"#
        ));
        let parts = split(&policy, 6_144);
        let sids: Vec<String> = parts
            .iter()
            .flat_map(|p| {
                p.statement
                    .iter()
                    .filter_map(|s| s.sid.as_ref().map(ToString::to_string))
            })
            .collect();
        let unique: std::collections::HashSet<&String> = sids.iter().collect();
        assert_eq!(unique.len(), sids.len(), "{sids:?}");
        // The author's Sids are kept; the pieces give way.
        assert_eq!(sids.first().map(String::as_str), Some("Biga"));
        assert!(sids.contains(&"Biga2".to_owned()), "{sids:?}");
    }
}
