//! Blocks: their statements, `extends` and `except`.

use std::collections::HashMap;

use super::*;

/// The most action patterns with wildcards the `except`s of one `extends`
/// name: each is matched against every action the managed policy grants.
const MAX_EXCEPT_WILDCARDS: usize = 256;

impl Compiler<'_> {
    /// A block → a document, with the statements that compiled; and
    /// whether any was left out (its error reported).
    pub(super) fn block(&mut self, block: &Block) -> (CompiledPolicy, Step<()>) {
        let mut complete = Ok(());
        let mut map = SourceMap::default();
        map.add(JsonPath::root(), block.header);
        let mut statements: Vec<ModelStatement> = Vec::new();
        if let Some(extends) = &block.extends {
            match self.extended(extends) {
                Ok(extended)
                    if extended.is_empty()
                        && block.statements.is_empty()
                        && let Some(except) = extends.except.last() =>
                {
                    // Said at the `except`, not as an empty `Statement`
                    // at the block (review 42).
                    complete = Err(self.error(
                        &polc_model::codes::MISSING_STATEMENT,
                        except.span,
                        format!(
                            "`except` takes away every action `aws:{}` allows, and the block has no statement of its own: its document would have none",
                            extends.managed.node
                        ),
                        "keep some of the managed policy's actions, or write the statements you need instead of `extends`".into(),
                    ));
                }
                Ok(extended) => statements.extend(extended),
                Err(reported) => complete = Err(reported),
            }
            for i in 0..statements.len() {
                map.add(
                    JsonPath::root().key("Statement").index(i),
                    extends.managed.span,
                );
            }
        }
        for statement in &block.statements {
            let index = statements.len();
            match self.statement(block, statement, index) {
                Ok((compiled, statement_map)) => {
                    for (path, span) in statement_map {
                        map.add(path, span);
                    }
                    statements.push(compiled);
                }
                Err(reported) => complete = Err(reported),
            }
        }
        let policy = self.document(block, statements);
        let compiled = CompiledPolicy {
            name: block.name.node.clone(),
            kind: block.kind,
            policy,
            source_map: map,
            span: block.header,
            findings: Vec::new(),
            suppressed: Vec::new(),
        };
        (compiled, complete)
    }

    /// The document of a block's statements: Sids given where the block
    /// asks for them, its version and id.
    fn document(&mut self, block: &Block, statements: Vec<ModelStatement>) -> Policy {
        // Sids: explicit ones, else generated from the block name.
        let explicit: HashSet<String> = statements
            .iter()
            .filter_map(|s| s.sid.as_ref().map(|sid| sid.to_string()))
            .collect();
        let stem: String = block
            .name
            .node
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let mut used = explicit;
        let generate = block.no_sids.is_none();
        let mut model_statements = Vec::new();
        for (i, mut s) in statements.into_iter().enumerate() {
            if s.sid.is_none() && generate {
                let mut candidate = format!("{stem}{}", i + 1);
                let mut n = 0;
                while used.contains(&candidate) {
                    n += 1;
                    candidate = format!("{stem}{}x{n}", i + 1);
                }
                used.insert(candidate.clone());
                s.sid = Some(candidate.into());
                s.key_order.insert(0, StatementKey::Sid);
            }
            model_statements.push(s);
        }
        let version = match &block.version {
            None => Some(Version::V2012_10_17),
            Some(v) => match v.node.as_deref() {
                None => None,
                Some("2012-10-17") => Some(Version::V2012_10_17),
                Some("2008-10-17") => Some(Version::V2008_10_17),
                Some(other) => {
                    self.error(
                        &polc_model::codes::INVALID_VERSION,
                        v.span,
                        format!("`{other}` is not a policy language version"),
                        "write `version \"2012-10-17\"` (the default), `version \"2008-10-17\"` or `version none`".into(),
                    );
                    // The compile fails; the document is checked as with
                    // the default, so that no "missing version" follows.
                    Some(Version::V2012_10_17)
                }
            },
        };
        let mut key_order = Vec::new();
        if version.is_some() {
            key_order.push(PolicyKey::Version);
        }
        if block.id.is_some() {
            key_order.push(PolicyKey::Id);
        }
        key_order.push(PolicyKey::Statement);
        Policy {
            version,
            id: block.id.as_ref().map(|i| i.node.as_str().into()),
            statement: OneOrMany::Many(model_statements),
            key_order,
        }
    }

    /// The statements of `extends aws:NAME [except ...]`.
    pub(super) fn extended(&mut self, extends: &crate::ast::Extends) -> Step<Vec<ModelStatement>> {
        let name = &extends.managed.node;
        let mut statements = self.managed_statements(extends)?;
        let mut failed = None;
        let mut wildcards = 0usize;
        let mut excepts: Vec<(Vec<String>, Span)> = Vec::new();
        for except in &extends.except {
            let Some(patterns) = noting(self.action_values(except), &mut failed) else {
                continue;
            };
            // Each wildcard is matched against every action the managed
            // policy grants (all 17,000 for `AdministratorAccess`): their
            // number is bounded (review 46: 3,000 took 28 s).
            wildcards += patterns.iter().filter(|p| p.contains(['*', '?'])).count();
            if wildcards > MAX_EXCEPT_WILDCARDS {
                failed = Some(self.error(
                    &codes::POL_LIMIT,
                    except.span,
                    format!("`except` names more than {MAX_EXCEPT_WILDCARDS} action patterns with wildcards, the most polc matches"),
                    "name the actions, or write the statements you need instead of extending the managed policy".into(),
                ));
                break;
            }
            excepts.push((patterns, except.span));
        }
        // Every statement is expanded once, for all the `except`s.
        let mut removed = vec![false; excepts.len()];
        for statement in &mut statements {
            self.take_away(statement, &excepts, &mut removed, name);
        }
        for ((_, span), removed) in excepts.iter().zip(removed) {
            if !removed {
                self.error(
                    &codes::POL_EXCEPT_REMOVES_NOTHING,
                    *span,
                    format!("`aws:{name}` grants nothing `except` could take away here"),
                    format!("`polc catalog managed-policy {name}` shows what it grants"),
                );
            }
        }
        statements.retain(|s| !s.action.values.is_empty());
        failed.map_or(Ok(statements), Err)
    }

    /// The statements of the managed policy `extends` names.
    fn managed_statements(&mut self, extends: &crate::ast::Extends) -> Step<Vec<ModelStatement>> {
        let name = &extends.managed.node;
        let Some(managed) = polc_catalog::managed_policy(name) else {
            let near = polc_catalog::managed::suggest_managed_policy(name);
            return Err(self.error(
                &codes::POL_UNKNOWN_MANAGED_POLICY,
                extends.managed.span,
                format!("`aws:{name}` is not an AWS managed policy the catalog knows"),
                match near {
                    Some(n) => format!("did you mean `aws:{n}`?"),
                    None => "`polc catalog managed-policy --list` lists them".into(),
                },
            ));
        };
        match managed.policy() {
            Ok(policy) => Ok(policy.statement.iter().cloned().collect()),
            Err(error) => Err(self.error(
                &codes::POL_UNKNOWN_MANAGED_POLICY,
                extends.managed.span,
                format!("the catalog's copy of `aws:{name}` does not read: {error}"),
                "report this as a bug of polc; meanwhile write the statements you need".into(),
            )),
        }
    }

    /// Takes the actions the `excepts`' patterns match away from an
    /// `Allow` statement of a managed policy; marks in `removed` each
    /// `except` that took something (or had an error reported for it).
    fn take_away(
        &mut self,
        statement: &mut ModelStatement,
        excepts: &[(Vec<String>, Span)],
        removed: &mut [bool],
        name: &str,
    ) {
        if statement.effect != ModelEffect::Allow {
            return;
        }
        // Names are looked up, wildcards matched: an `except` of a whole
        // access level (`ec2:@read`) names hundreds.
        let mut named: HashMap<String, Vec<usize>> = HashMap::new();
        let mut wild: Vec<(&str, usize)> = Vec::new();
        for (i, (patterns, _)) in excepts.iter().enumerate() {
            for p in patterns {
                if p.contains(['*', '?']) {
                    wild.push((p, i));
                } else {
                    named.entry(p.to_ascii_lowercase()).or_default().push(i);
                }
            }
        }
        // The `except`s that match `a`, marked; whether any does.
        let take = |a: &str, removed: &mut [bool]| {
            let mut any = false;
            let mut mark = |i: usize| {
                any = true;
                if let Some(r) = removed.get_mut(i) {
                    *r = true;
                }
            };
            if let Some(found) = named.get(&a.to_ascii_lowercase()) {
                found.iter().for_each(|i| mark(*i));
            }
            for (p, i) in &wild {
                if polc_model::wildcard::matches_ignore_case(p, a) {
                    mark(*i);
                }
            }
            any
        };
        if statement.action.not {
            // Allows every action but the listed ones: taking actions away
            // is listing them too.
            let listed: Vec<Text> = statement.action.values.iter().cloned().collect();
            let mut values = listed.clone();
            for (i, (patterns, _)) in excepts.iter().enumerate() {
                for pattern in patterns {
                    let covered = listed
                        .iter()
                        .any(|l| polc_model::wildcard::matches_ignore_case(l, pattern));
                    if !covered {
                        values.push(pattern.into());
                        if let Some(r) = removed.get_mut(i) {
                            *r = true;
                        }
                    }
                }
            }
            if values.len() > listed.len() {
                statement.action.values = OneOrMany::Many(values);
            }
            return;
        }
        let mut kept: Vec<Text> = Vec::new();
        let mut changed = false;
        for action in statement.action.values.iter() {
            let expanded: Vec<String> = self
                .reference
                .expand(action)
                .into_iter()
                .map(|(s, a)| format!("{}:{}", s.prefix, a.name))
                .collect();
            let wildcard = action.contains(['*', '?']);
            if expanded.is_empty() && !wildcard {
                if take(action, removed) {
                    // An action the catalog does not know, named.
                    changed = true;
                } else {
                    kept.push(action.clone());
                }
                continue;
            }
            if expanded.is_empty() {
                let sharing: Vec<usize> = excepts
                    .iter()
                    .enumerate()
                    .filter(|(_, (patterns, _))| {
                        patterns
                            .iter()
                            .any(|p| polc_model::action::may_share_service(p, action))
                    })
                    .map(|(i, _)| i)
                    .collect();
                for i in sharing {
                    let span = excepts.get(i).map_or(Span::default(), |(_, s)| *s);
                    self.error(
                        &codes::POL_EXCEPT_REMOVES_NOTHING,
                        span,
                        format!("`aws:{name}` allows `{action}`, which the catalog cannot list: `except` cannot take actions away from it"),
                        "write the statements you need instead of extending the managed policy".into(),
                    );
                    // Reported: not "removes nothing" as well.
                    if let Some(r) = removed.get_mut(i) {
                        *r = true;
                    }
                }
                kept.push(action.clone());
                continue;
            }
            let taken: Vec<bool> = expanded.iter().map(|a| take(a, removed)).collect();
            if taken.iter().any(|t| *t) {
                changed = true;
                kept.extend(
                    expanded
                        .into_iter()
                        .zip(taken)
                        .filter(|(_, t)| !t)
                        .map(|(a, _)| Text::from(a)),
                );
            } else {
                kept.push(action.clone());
            }
        }
        if changed {
            statement.action.values = OneOrMany::Many(kept);
        }
    }

    /// The action strings of one action entry.
    pub(super) fn action_values(&mut self, action: &crate::ast::Action) -> Step<Vec<String>> {
        match &action.node {
            ActionKind::Star => Ok(vec!["*".into()]),
            ActionKind::Name(n) | ActionKind::Quoted(n) => Ok(vec![n.clone()]),
            ActionKind::Set(service, names) => Ok(names
                .iter()
                .map(|n| format!("{}:{}", service.node, n.node))
                .collect()),
            ActionKind::Group(service, level) => {
                let Some(svc) = self.reference.service(service) else {
                    let near = self.reference.suggest_service(service).map(str::to_owned);
                    return Err(self.error(
                        &polc_model::codes::catalog::INVALID_SERVICE_IN_ACTION,
                        action.span,
                        format!("`{service}` is not a service prefix the catalog knows"),
                        near.map_or_else(
                            || "use the prefix of the service's actions".to_owned(),
                            |n| format!("did you mean `{n}`?"),
                        ),
                    ));
                };
                // The grammar admits only the access levels.
                let Some(level_value) = AccessLevel::from_slug(&level.node) else {
                    return Err(self.error(
                        &codes::POL_WRONG_VALUE,
                        level.span,
                        format!("`{}` is not an access level", level.node),
                        "the levels are `list`, `read`, `write`, `tagging`, `permissions-management`".into(),
                    ));
                };
                let actions: Vec<String> = svc
                    .actions_at(level_value)
                    .map(|a| format!("{}:{}", svc.prefix, a.name))
                    .collect();
                // Counted as names are (review 46: 60,000 groups took
                // 19 GB).
                self.charge(actions.iter().map(String::len).sum(), action.span)?;
                Ok(actions)
            }
        }
    }
}
