//! Parameters, bindings and expressions: values as the statements use
//! them, bounded in size as they are built.

use super::*;

impl Compiler<'_> {
    /// How the user gives parameter `name` a value: `-p name=VALUE` to
    /// `polc build`, or the argument `name = "VALUE"` of `include_policy!`.
    pub(super) fn give(&self, name: &str) -> String {
        if self.macro_arguments {
            format!(
                "the argument `{name} = \"VALUE\"` of `include_policy!` (`policy!` takes none: give the parameter a default there)"
            )
        } else {
            format!("`-p {name}=VALUE`")
        }
    }

    pub(super) fn params(&mut self, file: &File, given: &Params, check_unknown: bool) {
        if check_unknown {
            for name in given.keys() {
                if !file.params.iter().any(|p| p.name.node == *name) && !self.env.contains_key(name)
                {
                    let near = closest(name, file.params.iter().map(|p| p.name.node.as_str()));
                    let (given_as, drop) = if self.macro_arguments {
                        (format!("the argument `{name} = ...`"), "the argument")
                    } else {
                        (format!("`-p {name}=...`"), "the `-p`")
                    };
                    self.error(
                        &codes::POL_UNKNOWN_PARAMETER,
                        Span::new(0, 0),
                        format!("{given_as} names no parameter of the file"),
                        match near {
                            Some(n) => format!("did you mean `{n}`?"),
                            None => format!("declare it with `param NAME: TYPE`, or drop {drop}"),
                        },
                    );
                }
            }
        }
        for param in &file.params {
            let name = &param.name.node;
            if self.env.contains_key(name) {
                self.error(
                    &codes::POL_DUPLICATE_NAME,
                    param.name.span,
                    format!("`{name}` is declared twice"),
                    "each name has one value: rename one".into(),
                );
                continue;
            }
            let value = match given.get(name) {
                Some(raw) => self.typed_param(param.ty.node, raw, name, param.name.span),
                None => match &param.default {
                    // A default of the wrong type fails the parameter, so
                    // that its uses fail with it (reported once).
                    Some(default) => self.eval(default).and_then(|v| {
                        self.check_default(param.ty.node, &v, name, default.span)
                            .map(|()| v)
                    }),
                    None => {
                        let give = self.give(name);
                        Err(self.error(
                            &codes::POL_MISSING_PARAMETER,
                            param.span,
                            format!("the parameter `{name}` is not given"),
                            format!(
                                "pass {give} ({}), or give it a default: `param {name}: {} = ...`",
                                param.ty.node.as_str(),
                                param.ty.node.as_str()
                            ),
                        ))
                    }
                },
            };
            self.env.insert(name.clone(), (value, param.name.span));
        }
    }

    pub(super) fn typed_param(
        &mut self,
        ty: ParamType,
        raw: &str,
        name: &str,
        span: Span,
    ) -> Step<Value> {
        match ty {
            ParamType::List(_) => {
                let items: Vec<&str> = if raw.is_empty() {
                    Vec::new()
                } else {
                    raw.split(',').map(str::trim).collect()
                };
                let mut out = Vec::new();
                for item in items {
                    if let Err(why) = check_given(item).and_then(|()| check_type(base_of(ty), item))
                    {
                        return Err(self.bad_param(name, item, &why, span));
                    }
                    out.push(Value::Str(item.to_owned()));
                }
                Ok(Value::List(out))
            }
            _ => match check_given(raw).and_then(|()| check_type(ty, raw)) {
                Ok(()) => Ok(Value::Str(raw.to_owned())),
                Err(why) => Err(self.bad_param(name, raw, &why, span)),
            },
        }
    }

    pub(super) fn check_default(
        &mut self,
        ty: ParamType,
        value: &Value,
        name: &str,
        span: Span,
    ) -> Step<()> {
        // A bare `*` is checked as the text `*` (an account id is never `*`).
        let text = |v: &'_ Value| match v {
            Value::Str(s) => Some(s.clone()),
            Value::Star => Some("*".to_owned()),
            _ => None,
        };
        let texts: Vec<String> = match value {
            Value::List(items) => items.iter().filter_map(text).collect(),
            other => text(other).into_iter().collect(),
        };
        let mut failed = None;
        for t in &texts {
            if let Err(why) = check_type(base_of(ty), t) {
                failed = Some(self.bad_param(name, t, &why, span));
            }
        }
        failed.map_or(Ok(()), Err)
    }

    pub(super) fn bad_param(&mut self, name: &str, value: &str, why: &str, span: Span) -> Reported {
        self.error(
            &codes::POL_INVALID_PARAMETER,
            span,
            format!(
                "`{}` is not a valid value for `{name}`: {why}",
                value.escape_debug()
            ),
            format!(
                "pass {} with a value of the parameter's type",
                self.give(name)
            ),
        )
    }

    pub(super) fn lets(&mut self, file: &File) {
        for binding in &file.lets {
            let name = &binding.name.node;
            if self.env.contains_key(name) {
                self.error(
                    &codes::POL_DUPLICATE_NAME,
                    binding.name.span,
                    format!("`{name}` is declared twice"),
                    "each name has one value: rename one".into(),
                );
                continue;
            }
            let value = self.eval(&binding.value);
            self.env.insert(name.clone(), (value, binding.name.span));
        }
    }

    /// The value of an expression, or the report of why it has none.
    pub(super) fn eval(&mut self, expr: &Expr) -> Step<Value> {
        match &expr.node {
            ExprKind::Star => Ok(Value::Star),
            ExprKind::Number(n) => Ok(Value::Number(n.clone())),
            ExprKind::Bool(b) => Ok(Value::Bool(*b)),
            ExprKind::String(lit) => {
                let mut out = String::new();
                for piece in &lit.pieces {
                    match piece {
                        StringPiece::Text(t) => out.push_str(t),
                        StringPiece::Interpolation(name) => {
                            let value = self.lookup(&name.node, name.span)?;
                            if out.len() + value.bytes() > crate::parse::MAX_VALUE_BYTES {
                                return Err(self.too_large(name.span, false));
                            }
                            match value {
                                Value::Str(s) if !s.contains(['$', '{', '}']) => out.push_str(&s),
                                Value::Star => out.push('*'),
                                Value::Str(s) => {
                                    return Err(self.error(
                                        &codes::POL_INTERPOLATION,
                                        name.span,
                                        format!("the value of `{}` (`{s}`) has `$`, `{{` or `}}`: put in this string it could form an IAM policy variable", name.node),
                                        "write IAM policy variables literally in the string (`${aws:username}`), never through a parameter".into(),
                                    ));
                                }
                                _ => {
                                    return Err(self.error(
                                        &codes::POL_INTERPOLATION,
                                        name.span,
                                        format!("`{}` is not a single string and cannot be put in a string", name.node),
                                        "interpolate strings only; use the list itself where a list is allowed".into(),
                                    ));
                                }
                            }
                        }
                    }
                }
                Ok(Value::Str(out))
            }
            ExprKind::Name(name) => self.lookup(name, expr.span),
            ExprKind::List(items) => {
                let mut out = Vec::new();
                let mut bytes = 0usize;
                let mut failed = None;
                for item in items {
                    let value = self.eval(item);
                    bytes += value.as_ref().map_or(0, Value::bytes);
                    if bytes > crate::parse::MAX_VALUE_BYTES {
                        return Err(self.too_large(item.span, false));
                    }
                    match value {
                        Ok(Value::List(inner)) => out.extend(inner),
                        Ok(v) => out.push(v),
                        Err(reported) => failed = Some(reported),
                    }
                }
                failed.map_or(Ok(Value::List(out)), Err)
            }
            ExprKind::Call(call) => self.build_arn(call, expr.span).map(Value::Str),
        }
    }

    /// Reports a value grown over `MAX_VALUE_BYTES` (`total`: the
    /// expansions of one compilation over `MAX_EXPANDED_BYTES`).
    pub(super) fn too_large(&mut self, span: Span, total: bool) -> Reported {
        let message = if total {
            format!(
                "the file's names expand to more than {} MiB of text in all, the most polc builds",
                crate::parse::MAX_EXPANDED_BYTES >> 20
            )
        } else {
            format!(
                "this value expands to more than {} MiB of text, the most polc builds",
                crate::parse::MAX_VALUE_BYTES >> 20
            )
        };
        self.error(
            &codes::POL_LIMIT,
            span,
            message,
            "no IAM document holds that much: bindings that repeat each other grow exponentially"
                .into(),
        )
    }

    /// The value of a name: a declared one's (a failed declaration's
    /// report: its error is where it is declared), counted against
    /// `MAX_EXPANDED_BYTES`.
    pub(super) fn lookup(&mut self, name: &str, span: Span) -> Step<Value> {
        let Some((value, _)) = self.env.get(name) else {
            let candidates: Vec<String> = self.env.keys().cloned().collect();
            let near = closest(name, candidates.iter().map(String::as_str)).map(str::to_owned);
            return Err(self.error(
                &codes::POL_UNKNOWN_NAME,
                span,
                format!("`{name}` is not defined"),
                match near {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => format!("declare it: `let {name} = ...` or `param {name}: string`"),
                },
            ));
        };
        let value = value.clone()?;
        self.charge(value.bytes(), span)?;
        Ok(value)
    }

    /// Counts `bytes` of expanded text against `MAX_EXPANDED_BYTES`.
    pub(super) fn charge(&mut self, bytes: usize, span: Span) -> Step<()> {
        self.expanded = self.expanded.saturating_add(bytes);
        if self.expanded > crate::parse::MAX_EXPANDED_BYTES {
            // Reported once, where the total is first exceeded.
            let reported = match self.expansion_exceeded {
                Some(reported) => reported,
                None => self.too_large(span, true),
            };
            self.expansion_exceeded = Some(reported);
            return Err(reported);
        }
        Ok(())
    }

    /// The report of a declared name whose value failed.
    pub(super) fn failed_declaration(&self, name: &str) -> Option<Reported> {
        match self.env.get(name) {
            Some((Err(reported), _)) => Some(*reported),
            _ => None,
        }
    }

    pub(super) fn env_string(&self, name: &str) -> Option<String> {
        match self.env.get(name) {
            Some((Ok(Value::Str(s)), _)) => Some(s.clone()),
            Some((Ok(Value::Star), _)) => Some("*".into()),
            _ => None,
        }
    }
}

pub(super) fn base_of(ty: ParamType) -> ParamType {
    match ty {
        ParamType::List(b) => match b {
            crate::ast::BaseType::String => ParamType::String,
            crate::ast::BaseType::AccountId => ParamType::AccountId,
            crate::ast::BaseType::Region => ParamType::Region,
            crate::ast::BaseType::Partition => ParamType::Partition,
            crate::ast::BaseType::Arn => ParamType::Arn,
        },
        other => other,
    }
}

/// What a value given at build time (`-p NAME=VALUE`) may not hold: a
/// parameter never adds a wildcard, a policy variable or a line break that
/// the file does not show (defaults, written in the file, may).
pub(super) fn check_given(value: &str) -> Result<(), String> {
    if value.contains("${") {
        Err("a value given at build time cannot hold an IAM policy variable (`${...}`); write the variable in the file".into())
    } else if value.contains(['*', '?']) {
        Err("a value given at build time cannot hold a wildcard (`*`, `?`): it would widen what the file grants; write the wildcard in the file (a default, or `\"{name}*\"`)".into())
    } else if value.chars().any(char::is_control) {
        Err("a value given at build time cannot hold a control character or line break".into())
    } else {
        Ok(())
    }
}

/// Whether `value` fits `ty` (a scalar type).
pub(super) fn check_type(ty: ParamType, value: &str) -> Result<(), String> {
    match ty {
        ParamType::String | ParamType::List(_) => Ok(()),
        ParamType::AccountId => {
            if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
                Ok(())
            } else if value == "*" {
                // In a principal, `*` is everyone: never through a parameter.
                Err("an account id is 12 digits; for any account, write `\"*\"` in the file where that is meant".into())
            } else {
                Err("an account id is 12 digits".into())
            }
        }
        ParamType::Region => {
            let parts: Vec<&str> = value.split('-').collect();
            let ok = value == "*"
                || (parts.len() >= 3
                    && parts.first().is_some_and(|p| {
                        p.len() == 2 && p.bytes().all(|b| b.is_ascii_lowercase())
                    })
                    && parts
                        .last()
                        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                    && parts.iter().all(|p| {
                        !p.is_empty()
                            && p.bytes()
                                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                    }));
            if ok {
                Ok(())
            } else {
                Err("a region looks like `us-east-1` (or `*`)".into())
            }
        }
        ParamType::Partition => {
            if PARTITIONS.contains(&value) {
                Ok(())
            } else {
                Err(format!("the partitions are {}", PARTITIONS.join(", ")))
            }
        }
        ParamType::Arn => {
            if value == "*" || polc_model::Arn::parse(value).is_ok() {
                Ok(())
            } else {
                Err("an ARN looks like `arn:aws:service:region:account:resource`".into())
            }
        }
    }
}
