//! Statements and their conditions, with the operators chosen by the
//! condition keys' types.

use super::*;
use crate::operators::{key_type_name, operators_for, short_operator};

impl Compiler<'_> {
    /// One statement; its source map entries (paths from the root).
    pub(super) fn statement(
        &mut self,
        block: &Block,
        statement: &Statement,
        index: usize,
    ) -> Option<(ModelStatement, Vec<(JsonPath, Span)>)> {
        let at = JsonPath::root().key("Statement").index(index);
        let mut map = vec![(at.clone(), statement.span)];
        let mut key_order = Vec::new();
        let errors_before = self.error_count();
        if let Some(sid) = &statement.sid {
            key_order.push(StatementKey::Sid);
            map.push((at.key("Sid"), sid.span));
        }
        key_order.push(StatementKey::Effect);
        map.push((at.key("Effect"), statement.effect.span));
        // Principal.
        let principal = match (&statement.principals, block.kind) {
            (Some(p), BlockKind::Policy) => {
                self.error(
                    &codes::POL_PRINCIPAL_ELEMENT,
                    p.span,
                    "an identity policy names no principal: it applies to whoever it is attached to".into(),
                    "remove the principal, or make the block `trust` or `resource`".into(),
                );
                None
            }
            (None, BlockKind::Trust | BlockKind::Resource) => {
                self.error(
                    &codes::POL_PRINCIPAL_ELEMENT,
                    statement.effect.span,
                    format!("a `{}` statement must name who it applies to", block.kind.as_str()),
                    "write e.g. `allow service \"ecs-tasks.amazonaws.com\" to sts:AssumeRole` or `allow anyone to ...`".into(),
                );
                None
            }
            (Some(p), _) => {
                key_order.push(StatementKey::Principal);
                let element = if p.not { "NotPrincipal" } else { "Principal" };
                map.push((at.key(element), p.span));
                if p.anyone {
                    Some(PrincipalElement {
                        not: p.not,
                        value: Principal::Any,
                    })
                } else {
                    let mut kinds: IndexMap<PrincipalKind, OneOrMany<String>> = IndexMap::new();
                    for entry in &p.entries {
                        let kind = match entry.kind.node {
                            PrincipalKindAst::Aws => PrincipalKind::Aws,
                            PrincipalKindAst::Service => PrincipalKind::Service,
                            PrincipalKindAst::Federated => PrincipalKind::Federated,
                            PrincipalKindAst::Canonical => PrincipalKind::CanonicalUser,
                        };
                        let Some(values) = self.strings(&entry.value, "a principal") else {
                            continue;
                        };
                        let path = at.key(element).key(kind.as_str());
                        map.push((path, entry.value.span));
                        match kinds.get_mut(&kind) {
                            Some(existing) => {
                                let mut all: Vec<String> = existing.iter().cloned().collect();
                                all.extend(values.iter().cloned());
                                *existing = OneOrMany::Many(all);
                            }
                            None => {
                                kinds.insert(kind, values);
                            }
                        }
                    }
                    Some(PrincipalElement {
                        not: p.not,
                        value: Principal::Map(kinds),
                    })
                }
            }
            (None, BlockKind::Policy) => None,
        };
        // Actions.
        key_order.push(StatementKey::Action);
        let action_key = if statement.not_action {
            "NotAction"
        } else {
            "Action"
        };
        let mut actions: Vec<String> = Vec::new();
        let mut action_spans: Vec<Span> = Vec::new();
        let single = !statement.action_array
            && matches!(
                statement.actions.as_slice(),
                [a] if matches!(a.node, ActionKind::Star | ActionKind::Name(_) | ActionKind::Quoted(_))
            );
        for action in &statement.actions {
            match &action.node {
                ActionKind::Set(_, names) => {
                    let values = self.action_values(action);
                    for (value, name) in values.into_iter().zip(names) {
                        actions.push(value);
                        action_spans.push(name.span);
                    }
                }
                _ => {
                    for value in self.action_values(action) {
                        actions.push(value);
                        action_spans.push(action.span);
                    }
                }
            }
        }
        for (i, span) in action_spans.iter().enumerate() {
            let path = if single {
                at.key(action_key)
            } else {
                at.key(action_key).index(i)
            };
            map.push((path, *span));
        }
        map.push((
            at.key(action_key),
            statement.actions.first().map_or(statement.span, |a| a.span),
        ));
        let action = ActionElement {
            not: statement.not_action,
            values: if single {
                OneOrMany::One(actions.into_iter().next().unwrap_or_default())
            } else {
                OneOrMany::Many(actions)
            },
        };
        // Resources.
        let resource = match &statement.resources {
            None => None,
            Some(r) => {
                key_order.push(StatementKey::Resource);
                let key = if r.not { "NotResource" } else { "Resource" };
                map.push((at.key(key), r.span));
                let mut values: Vec<String> = Vec::new();
                let single =
                    matches!(r.items.as_slice(), [one] if !matches!(one.node, ExprKind::List(_)));
                for item in &r.items {
                    let Some(strings) = self.strings(item, "a resource") else {
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
                Some(ResourceElement {
                    not: r.not,
                    values: if single && values.len() == 1 {
                        OneOrMany::One(values.into_iter().next().unwrap_or_default())
                    } else {
                        OneOrMany::Many(values)
                    },
                })
            }
        };
        // Conditions.
        let mut condition: IndexMap<ConditionOperator, ConditionBlock> = IndexMap::new();
        for c in &statement.conditions {
            let Some((operator, key, values)) = self.condition(c) else {
                continue;
            };
            let block_entry = condition
                .entry(operator)
                .or_insert_with(|| ConditionBlock(IndexMap::new()));
            if block_entry.0.keys().any(|k| k.eq_ignore_ascii_case(&key)) {
                self.error(
                    &codes::POL_DUPLICATE_CONDITION,
                    c.span,
                    format!("`{key}` is tested twice with `{operator}` in one statement"),
                    "IAM can hold one list of values per key and operator: put the values in one list (they are ORed)".into(),
                );
                continue;
            }
            map.push((at.condition_key(&operator, &key), c.span));
            block_entry.0.insert(key, values);
        }
        if !condition.is_empty() {
            key_order.push(StatementKey::Condition);
            map.push((
                at.key("Condition"),
                statement
                    .conditions
                    .first()
                    .map_or(statement.span, |c| c.span),
            ));
        }
        if self.error_count() > errors_before {
            return None;
        }
        Some((
            ModelStatement {
                sid: statement.sid.as_ref().map(|s| s.node.clone()),
                effect: match statement.effect.node {
                    Effect::Allow => ModelEffect::Allow,
                    Effect::Deny => ModelEffect::Deny,
                },
                principal,
                action,
                resource,
                condition: (!condition.is_empty()).then_some(ModelCondition(condition)),
                key_order,
            },
            map,
        ))
    }

    /// A string or list of strings (resources, principals).
    pub(super) fn strings(&mut self, expr: &Expr, what: &str) -> Option<OneOrMany<String>> {
        let value = self.eval(expr)?;
        let one = |v: &Value| match v {
            Value::Str(s) => Some(s.clone()),
            Value::Star => Some("*".to_owned()),
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
        if result.is_none() {
            self.error(
                &codes::POL_WRONG_VALUE,
                expr.span,
                format!("{what} is a string, not a number or boolean"),
                "write it in quotes".into(),
            );
        }
        result
    }

    /// One condition → operator, key, values.
    pub(super) fn condition(
        &mut self,
        c: &crate::ast::Condition,
    ) -> Option<(ConditionOperator, String, OneOrMany<ConditionValue>)> {
        match &c.node {
            ConditionKind::Explicit {
                operator,
                key,
                values,
            } => {
                let Ok(op) = operator.node.parse::<ConditionOperator>() else {
                    let names: Vec<&str> = BaseOperator::ALL.iter().map(|o| o.as_str()).collect();
                    let bare = operator
                        .node
                        .rsplit(':')
                        .next()
                        .unwrap_or_default()
                        .trim_end_matches("IfExists");
                    let near = closest(bare, names.iter().copied());
                    self.error(
                        &codes::POL_INVALID_OPERATOR,
                        operator.span,
                        format!("`{}` is not an IAM condition operator", operator.node),
                        near.map_or_else(
                            || "use an operator such as `StringEquals`, `ArnLike`, `NumericLessThan`".to_owned(),
                            |n| format!("did you mean `{n}`?"),
                        ),
                    );
                    return None;
                };
                let values = self.condition_values(values)?;
                Some((op, key.node.clone(), values))
            }
            ConditionKind::Short {
                qualifier,
                key,
                if_exists,
                op,
                values,
            } => {
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
                    );
                });
                let base = base.ok()?;
                if *if_exists && base == BaseOperator::Null {
                    self.error(
                        &codes::POL_OPERATOR_TYPE,
                        op.span,
                        format!("`?` (IfExists) cannot go with `{}`", op.node.as_str()),
                        "`exists` and `missing` already say what happens when the key is absent"
                            .into(),
                    );
                    return None;
                }
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
                    (_, None) => return None,
                };
                Some((operator, key.node.clone(), values))
            }
        }
    }

    pub(super) fn condition_values(&mut self, expr: &Expr) -> Option<OneOrMany<ConditionValue>> {
        let value = self.eval(expr)?;
        let one = |v: &Value| match v {
            Value::Str(s) => Some(ConditionValue::String(s.clone())),
            Value::Star => Some(ConditionValue::String("*".into())),
            Value::Number(n) => Some(ConditionValue::Number(n.clone().into_boxed_str())),
            Value::Bool(b) => Some(ConditionValue::Bool(*b)),
            Value::List(_) => None,
        };
        match &value {
            Value::List(items) if items.is_empty() => {
                // IAM's reading of a condition without values is not
                // documented: never emit one.
                self.error(
                    &codes::POL_WRONG_VALUE,
                    expr.span,
                    "the condition has no value to compare with (the list is empty)".into(),
                    "give at least one value (with `-p NAME=a,b` for a list parameter), or drop the condition".into(),
                );
                None
            }
            Value::List(items) => items
                .iter()
                .map(one)
                .collect::<Option<Vec<_>>>()
                .map(OneOrMany::Many),
            v => one(v).map(OneOrMany::One),
        }
    }
}
