//! Statements and their conditions, with the operators chosen by the
//! condition keys' types.

use super::*;
use crate::operators::{key_type_name, operators_for, short_operator};

/// Source map entries of a statement: JSON paths from the root → spans.
type MapEntries = Vec<(JsonPath, Span)>;

impl Compiler<'_> {
    /// One statement; its source map entries (paths from the root). Every
    /// part is compiled, so that all its errors are reported, before a
    /// failed part leaves the statement out.
    pub(super) fn statement(
        &mut self,
        block: &Block,
        statement: &Statement,
        index: usize,
    ) -> Step<(ModelStatement, MapEntries)> {
        let at = JsonPath::root().key("Statement").index(index);
        let mut map = vec![(at.clone(), statement.span)];
        let mut key_order = Vec::new();
        if let Some(sid) = &statement.sid {
            key_order.push(StatementKey::Sid);
            map.push((at.key("Sid"), sid.span));
        }
        key_order.push(StatementKey::Effect);
        map.push((at.key("Effect"), statement.effect.span));
        let principal = self.principal_element(block, statement, &at, &mut map);
        let action = self.action_element(statement, &at, &mut map);
        let resource = self.resource_element(statement, &at, &mut map);
        let condition = self.condition_element(statement, &at, &mut map);
        let (principal, action, resource, condition) = (principal?, action?, resource?, condition?);
        if principal.is_some() {
            key_order.push(StatementKey::Principal);
        }
        key_order.push(StatementKey::Action);
        if resource.is_some() {
            key_order.push(StatementKey::Resource);
        }
        if condition.is_some() {
            key_order.push(StatementKey::Condition);
        }
        let effect = match statement.effect.node {
            Effect::Allow => ModelEffect::Allow,
            Effect::Deny => ModelEffect::Deny,
        };
        let compiled = ModelStatement {
            sid: statement.sid.as_ref().map(|s| s.node.as_str().into()),
            effect,
            principal,
            action,
            resource,
            condition,
            key_order,
        };
        Ok((compiled, map))
    }

    /// `Principal`/`NotPrincipal`: required in trust and resource blocks,
    /// refused in identity blocks.
    fn principal_element(
        &mut self,
        block: &Block,
        statement: &Statement,
        at: &JsonPath,
        map: &mut MapEntries,
    ) -> Step<Option<PrincipalElement>> {
        let p = match (&statement.principals, block.kind) {
            (Some(p), BlockKind::Policy) => {
                return Err(self.error(
                    &codes::POL_PRINCIPAL_ELEMENT,
                    p.span,
                    "an identity policy names no principal: it applies to whoever it is attached to".into(),
                    "remove the principal, or make the block `trust` or `resource`".into(),
                ));
            }
            (None, BlockKind::Trust | BlockKind::Resource) => {
                return Err(self.error(
                    &codes::POL_PRINCIPAL_ELEMENT,
                    statement.effect.span,
                    format!("a `{}` statement must name who it applies to", block.kind.as_str()),
                    "write e.g. `allow service \"ecs-tasks.amazonaws.com\" to sts:AssumeRole` or `allow anyone to ...`".into(),
                ));
            }
            (None, BlockKind::Policy) => return Ok(None),
            (Some(p), _) => p,
        };
        let element = if p.not { "NotPrincipal" } else { "Principal" };
        map.push((at.key(element), p.span));
        if p.anyone {
            return Ok(Some(PrincipalElement {
                not: p.not,
                value: Principal::Any,
            }));
        }
        let mut kinds: IndexMap<PrincipalKind, OneOrMany<Text>> = IndexMap::new();
        let mut failed = None;
        for entry in &p.entries {
            let kind = match entry.kind.node {
                PrincipalKindAst::Aws => PrincipalKind::Aws,
                PrincipalKindAst::Service => PrincipalKind::Service,
                PrincipalKindAst::Federated => PrincipalKind::Federated,
                PrincipalKindAst::Canonical => PrincipalKind::CanonicalUser,
            };
            let Some(values) = noting(self.strings(&entry.value, "a principal"), &mut failed)
            else {
                continue;
            };
            map.push((at.key(element).key(kind.as_str()), entry.value.span));
            match kinds.get_mut(&kind) {
                Some(existing) => {
                    let mut all: Vec<Text> = existing.iter().cloned().collect();
                    all.extend(values.iter().cloned());
                    *existing = OneOrMany::Many(all);
                }
                None => {
                    kinds.insert(kind, values);
                }
            }
        }
        failed.map_or(Ok(()), Err)?;
        Ok(Some(PrincipalElement {
            not: p.not,
            value: Principal::Map(kinds),
        }))
    }

    /// `Action`/`NotAction`: one string for a lone action, else a list.
    fn action_element(
        &mut self,
        statement: &Statement,
        at: &JsonPath,
        map: &mut MapEntries,
    ) -> Step<ActionElement> {
        let key = if statement.not_action {
            "NotAction"
        } else {
            "Action"
        };
        let mut actions: Vec<Text> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        let mut failed = None;
        let single = !statement.action_array
            && matches!(
                statement.actions.as_slice(),
                [a] if matches!(a.node, ActionKind::Star | ActionKind::Name(_) | ActionKind::Quoted(_))
            );
        // A group named twice in one statement grants nothing more: it is
        // expanded once (review 46: 3,000 of them took 5 s and 300 MB a
        // block, the checks' work growing with the copies).
        let mut groups = std::collections::HashSet::new();
        for action in &statement.actions {
            if let ActionKind::Group(service, level) = &action.node
                && !groups.insert((service.to_ascii_lowercase(), level.node.clone()))
            {
                continue;
            }
            let Some(values) = noting(self.action_values(action), &mut failed) else {
                continue;
            };
            match &action.node {
                // Each name of `svc:{A, B}` has its own span.
                ActionKind::Set(_, names) => {
                    spans.extend(names.iter().map(|n| n.span).take(values.len()));
                }
                _ => spans.extend(std::iter::repeat_n(action.span, values.len())),
            }
            actions.extend(values.into_iter().map(Text::from));
        }
        for (i, span) in spans.iter().enumerate() {
            let path = if single {
                at.key(key)
            } else {
                at.key(key).index(i)
            };
            map.push((path, *span));
        }
        map.push((
            at.key(key),
            statement.actions.first().map_or(statement.span, |a| a.span),
        ));
        failed.map_or(Ok(()), Err)?;
        Ok(ActionElement {
            not: statement.not_action,
            values: if single {
                OneOrMany::One(actions.into_iter().next().unwrap_or_default())
            } else {
                OneOrMany::Many(actions)
            },
        })
    }

    /// `Resource`/`NotResource`, when the statement has `on`.
    fn resource_element(
        &mut self,
        statement: &Statement,
        at: &JsonPath,
        map: &mut MapEntries,
    ) -> Step<Option<ResourceElement>> {
        let Some(r) = &statement.resources else {
            return Ok(None);
        };
        let key = if r.not { "NotResource" } else { "Resource" };
        map.push((at.key(key), r.span));
        let mut values: Vec<Text> = Vec::new();
        let mut failed = None;
        let single = matches!(r.items.as_slice(), [one] if !matches!(one.node, ExprKind::List(_)));
        for item in &r.items {
            let Some(strings) = noting(self.strings(item, "a resource"), &mut failed) else {
                continue;
            };
            for s in strings.iter() {
                if single {
                    map.push((at.key(key), item.span));
                } else {
                    map.push((at.key(key).index(values.len()), item.span));
                }
                values.push(s.clone());
            }
        }
        failed.map_or(Ok(()), Err)?;
        Ok(Some(ResourceElement {
            not: r.not,
            values: if single && values.len() == 1 {
                OneOrMany::One(values.into_iter().next().unwrap_or_default())
            } else {
                OneOrMany::Many(values)
            },
        }))
    }

    /// `Condition`, when the statement has one: operator → key → values.
    fn condition_element(
        &mut self,
        statement: &Statement,
        at: &JsonPath,
        map: &mut MapEntries,
    ) -> Step<Option<ModelCondition>> {
        let mut condition: IndexMap<ConditionOperator, ConditionBlock> = IndexMap::new();
        // Each operator's keys, as IAM compares them (case aside): one
        // lookup a condition, so that many conditions stay linear.
        let mut tested: std::collections::HashSet<(ConditionOperator, String)> =
            std::collections::HashSet::new();
        let mut failed = None;
        for c in &statement.conditions {
            let Some((operator, key, values)) = noting(self.condition(c), &mut failed) else {
                continue;
            };
            let block_entry = condition
                .entry(operator)
                .or_insert_with(|| ConditionBlock(IndexMap::new()));
            if !tested.insert((operator, key.to_ascii_lowercase())) {
                failed = Some(self.error(
                    &codes::POL_DUPLICATE_CONDITION,
                    c.span,
                    format!("`{key}` is tested twice with `{operator}` in one statement"),
                    "IAM can hold one list of values per key and operator: put the values in one list (they are ORed)".into(),
                ));
                continue;
            }
            map.push((at.condition_key(&operator, &key), c.span));
            block_entry.0.insert(key.into(), values);
        }
        if !condition.is_empty() {
            map.push((
                at.key("Condition"),
                statement
                    .conditions
                    .first()
                    .map_or(statement.span, |c| c.span),
            ));
        }
        failed.map_or(Ok(()), Err)?;
        Ok((!condition.is_empty()).then_some(ModelCondition(condition)))
    }

    /// A string or list of strings (resources, principals).
    pub(super) fn strings(&mut self, expr: &Expr, what: &str) -> Step<OneOrMany<Text>> {
        let value = self.eval(expr)?;
        let one = |v: &Value| match v {
            Value::Str(s) => Some(Text::from(s)),
            Value::Star => Some(Text::from("*")),
            _ => None,
        };
        let result = match &value {
            Value::List(items) => items
                .iter()
                .map(one)
                .collect::<Option<Vec<_>>>()
                .map(OneOrMany::Many),
            v => one(v).map(OneOrMany::One),
        };
        result.ok_or_else(|| {
            self.error(
                &codes::POL_WRONG_VALUE,
                expr.span,
                format!("{what} is a string, not a number or boolean"),
                "write it in quotes".into(),
            )
        })
    }

    /// One condition → operator, key, values.
    pub(super) fn condition(
        &mut self,
        c: &crate::ast::Condition,
    ) -> Step<(ConditionOperator, String, OneOrMany<ConditionValue>)> {
        match &c.node {
            ConditionKind::Explicit {
                operator,
                key,
                values,
            } => self.explicit_condition(operator, key, values),
            ConditionKind::Short {
                qualifier,
                key,
                if_exists,
                op,
                values,
            } => {
                let base = self.short_operator(key, op, *if_exists)?;
                let operator = ConditionOperator {
                    base,
                    qualifier: qualifier.as_ref().map(|q| match q.node {
                        Qualifier::Any => SetQualifier::ForAnyValue,
                        Qualifier::All => SetQualifier::ForAllValues,
                    }),
                    if_exists: *if_exists,
                };
                let values = match (op.node, values) {
                    (ShortOp::Exists, _) => OneOrMany::One(ConditionValue::String("false".into())),
                    (ShortOp::Missing, _) => OneOrMany::One(ConditionValue::String("true".into())),
                    (_, Some(v)) => self.condition_values(v)?,
                    // The grammar gives every comparison its values.
                    (_, None) => {
                        return Err(self.error(
                            &codes::POL_WRONG_VALUE,
                            c.span,
                            format!("`{}` needs a value to compare with", op.node.as_str()),
                            "write the value after the operator".into(),
                        ));
                    }
                };
                Ok((operator, key.node.clone(), values))
            }
        }
    }

    /// `Operator(key, values)`: the IAM operator as written.
    fn explicit_condition(
        &mut self,
        operator: &crate::ast::Spanned<String>,
        key: &crate::ast::Spanned<String>,
        values: &Expr,
    ) -> Step<(ConditionOperator, String, OneOrMany<ConditionValue>)> {
        let Ok(op) = operator.node.parse::<ConditionOperator>() else {
            let names: Vec<&str> = BaseOperator::ALL.iter().map(|o| o.as_str()).collect();
            // The suggestion keeps the qualifier and `IfExists` as written:
            // dropping them would change what the condition means.
            let (qualifier, rest) = match operator.node.rsplit_once(':') {
                Some((q, rest)) => (Some(q), rest),
                None => (None, operator.node.as_str()),
            };
            let bare = rest.trim_end_matches("IfExists");
            let if_exists = if bare.len() < rest.len() {
                "IfExists"
            } else {
                ""
            };
            let near = closest(bare, names.iter().copied()).map(|n| match qualifier {
                Some(q) => format!("{q}:{n}{if_exists}"),
                None => format!("{n}{if_exists}"),
            });
            return Err(self.error(
                &codes::POL_INVALID_OPERATOR,
                operator.span,
                format!("`{}` is not an IAM condition operator", operator.node),
                near.map_or_else(
                    || {
                        "use an operator such as `StringEquals`, `ArnLike`, `NumericLessThan`"
                            .to_owned()
                    },
                    |n| format!("did you mean `{n}`?"),
                ),
            ));
        };
        let values = self.condition_values(values)?;
        Ok((op, key.node.clone(), values))
    }

    /// The IAM operator a short condition's operator means for its key's
    /// type.
    fn short_operator(
        &mut self,
        key: &crate::ast::Spanned<String>,
        op: &crate::ast::Spanned<ShortOp>,
        if_exists: bool,
    ) -> Step<BaseOperator> {
        let key_type = self.reference.key_type(&key.node);
        let base = short_operator(op.node, key_type).ok_or(()).map_err(|()| {
            let type_name = key_type.map_or("String", key_type_name);
            self.error(
                &codes::POL_OPERATOR_TYPE,
                op.span,
                format!(
                    "`{}` does not fit `{}`, whose type is {type_name}",
                    op.node.as_str(),
                    key.node
                ),
                format!(
                    "{type_name} keys take {}; or write the IAM operator explicitly: `Operator({}, ...)`",
                    operators_for(key_type),
                    key.node
                ),
            )
        })?;
        if if_exists && base == BaseOperator::Null {
            return Err(self.error(
                &codes::POL_OPERATOR_TYPE,
                op.span,
                format!("`?` (IfExists) cannot go with `{}`", op.node.as_str()),
                "`exists` and `missing` already say what happens when the key is absent".into(),
            ));
        }
        Ok(base)
    }

    pub(super) fn condition_values(&mut self, expr: &Expr) -> Step<OneOrMany<ConditionValue>> {
        let value = self.eval(expr)?;
        let one = |v: &Value| match v {
            Value::Str(s) => Some(ConditionValue::String(s.into())),
            Value::Star => Some(ConditionValue::String("*".into())),
            Value::Number(n) => Some(ConditionValue::Number(n.clone().into_boxed_str())),
            Value::Bool(b) => Some(ConditionValue::Bool(*b)),
            Value::List(_) => None,
        };
        let values = match &value {
            Value::List(items) if items.is_empty() => {
                // IAM's reading of a condition without values is not
                // documented: never emit one.
                return Err(self.error(
                    &codes::POL_WRONG_VALUE,
                    expr.span,
                    "the condition has no value to compare with (the list is empty)".into(),
                    if self.macro_arguments {
                        "give at least one value (`name = \"a,b\"` for a list parameter), or drop the condition".into()
                    } else {
                        "give at least one value (with `-p NAME=a,b` for a list parameter), or drop the condition".into()
                    },
                ));
            }
            Value::List(items) => items
                .iter()
                .map(one)
                .collect::<Option<Vec<_>>>()
                .map(OneOrMany::Many),
            v => one(v).map(OneOrMany::One),
        };
        // Lists are flat (`eval` flattens them): a list in a list is not a
        // value a condition compares with.
        values.ok_or_else(|| {
            self.error(
                &codes::POL_WRONG_VALUE,
                expr.span,
                "a condition value is a string, number, boolean or a flat list of them".into(),
                "write the values as one list".into(),
            )
        })
    }
}
