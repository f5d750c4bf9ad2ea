//! Blocks: their statements, `extends` and `except`.

use super::*;

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
        };
        (compiled, complete)
    }

    /// The document of a block's statements: Sids given where the block
    /// asks for them, its version and id.
    fn document(&mut self, block: &Block, statements: Vec<ModelStatement>) -> Policy {
        // Sids: explicit ones, else generated from the block name.
        let explicit: HashSet<String> = statements.iter().filter_map(|s| s.sid.clone()).collect();
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
                s.sid = Some(candidate);
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
                        &policy_model::codes::INVALID_VERSION,
                        v.span,
                        format!("`{other}` is not a policy language version"),
                        "write `version \"2012-10-17\"` (the default), `version \"2008-10-17\"` or `version none`".into(),
                    );
                    None
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
            id: block.id.as_ref().map(|i| i.node.clone()),
            statement: OneOrMany::Many(model_statements),
            key_order,
        }
    }

    /// The statements of `extends aws:NAME [except ...]`.
    pub(super) fn extended(&mut self, extends: &crate::ast::Extends) -> Step<Vec<ModelStatement>> {
        let name = &extends.managed.node;
        let Some(managed) = policy_catalog::managed_policy(name) else {
            let near = policy_catalog::managed::suggest_managed_policy(name);
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
        let policy = match managed.policy() {
            Ok(policy) => policy,
            Err(error) => {
                return Err(self.error(
                    &codes::POL_UNKNOWN_MANAGED_POLICY,
                    extends.managed.span,
                    format!("the catalog's copy of `aws:{name}` does not read: {error}"),
                    "report this as a bug of polc; meanwhile write the statements you need".into(),
                ));
            }
        };
        let mut statements: Vec<ModelStatement> = policy.statement.iter().cloned().collect();
        let mut failed = None;
        for except in &extends.except {
            let patterns = match self.action_values(except) {
                Ok(patterns) => patterns,
                Err(reported) => {
                    failed = Some(reported);
                    continue;
                }
            };
            let mut removed = false;
            let take_away = |a: &str| {
                patterns
                    .iter()
                    .any(|p| policy_model::wildcard::matches_ignore_case(p, a))
            };
            for statement in &mut statements {
                if statement.effect != ModelEffect::Allow {
                    continue;
                }
                if statement.action.not {
                    // Allows every action but the listed ones: taking
                    // actions away is listing them too.
                    let listed: Vec<String> = statement.action.values.iter().cloned().collect();
                    let mut values = listed.clone();
                    for pattern in &patterns {
                        let covered = listed
                            .iter()
                            .any(|l| policy_model::wildcard::matches_ignore_case(l, pattern));
                        if !covered {
                            values.push(pattern.clone());
                        }
                    }
                    if values.len() > listed.len() {
                        removed = true;
                        statement.action.values = OneOrMany::Many(values);
                    }
                    continue;
                }
                let mut kept: Vec<String> = Vec::new();
                let mut changed = false;
                for action in statement.action.values.iter() {
                    let expanded: Vec<String> = self
                        .reference
                        .expand(action)
                        .into_iter()
                        .map(|(s, a)| format!("{}:{}", s.prefix, a.name))
                        .collect();
                    if expanded.is_empty() && !action.contains(['*', '?']) && take_away(action) {
                        // An action the catalog does not know, named.
                        changed = true;
                    } else if expanded.is_empty()
                        && action.contains(['*', '?'])
                        && patterns
                            .iter()
                            .any(|p| policy_model::action::may_share_service(p, action))
                    {
                        self.error(
                            &codes::POL_EXCEPT_REMOVES_NOTHING,
                            except.span,
                            format!("`aws:{name}` allows `{action}`, which the catalog cannot list: `except` cannot take actions away from it"),
                            "write the statements you need instead of extending the managed policy".into(),
                        );
                        // Reported: not "removes nothing" as well.
                        removed = true;
                        kept.push(action.clone());
                    } else if expanded.iter().any(|a| take_away(a)) {
                        changed = true;
                        kept.extend(expanded.into_iter().filter(|a| !take_away(a)));
                    } else {
                        kept.push(action.clone());
                    }
                }
                if changed {
                    removed = true;
                    statement.action.values = OneOrMany::Many(kept);
                }
            }
            if !removed {
                self.error(
                    &codes::POL_EXCEPT_REMOVES_NOTHING,
                    except.span,
                    format!("`aws:{name}` grants nothing `except` could take away here"),
                    format!("`polc catalog managed-policy {name}` shows what it grants"),
                );
            }
        }
        statements.retain(|s| !s.action.values.is_empty());
        failed.map_or(Ok(statements), Err)
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
                        &policy_model::codes::catalog::INVALID_SERVICE_IN_ACTION,
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
                Ok(svc
                    .actions_at(level_value)
                    .map(|a| format!("{}:{}", svc.prefix, a.name))
                    .collect())
            }
        }
    }
}
