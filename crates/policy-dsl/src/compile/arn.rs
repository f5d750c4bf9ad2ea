//! ARN builders (`ecs.cluster("prod")`): a resource type's ARN format
//! from the catalog, filled with the arguments.

use super::*;
use crate::arn_template::{TemplatePiece, placeholders, snake, template_pieces};

impl Compiler<'_> {
    /// `service.resource_type(args)` → an ARN.
    pub(super) fn build_arn(&mut self, call: &Call, span: Span) -> Option<String> {
        let reference = self.reference;
        let Some(service) = reference.service(&call.service.node) else {
            let near = reference
                .suggest_service(&call.service.node)
                .map(str::to_owned);
            self.error(
                &codes::POL_UNKNOWN_BUILDER,
                call.service.span,
                format!(
                    "`{}` is not a service prefix the catalog knows",
                    call.service.node
                ),
                match near {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => {
                        "use the service's prefix as in its actions (`ecs`, `iam`, `s3`...)".into()
                    }
                },
            );
            return None;
        };
        let wanted = call.builder.node.replace('_', "-");
        let Some(resource_type) = service
            .resource_types
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(&wanted))
        else {
            let names: Vec<String> = service
                .resource_types
                .iter()
                .map(|r| r.name.replace('-', "_"))
                .collect();
            let near =
                closest(&call.builder.node, names.iter().map(String::as_str)).map(str::to_owned);
            self.error(
                &codes::POL_UNKNOWN_BUILDER,
                call.builder.span,
                format!(
                    "`{}` has no resource type `{}`",
                    call.service.node, call.builder.node
                ),
                match near {
                    Some(n) => format!(
                        "did you mean `{}.{n}`? its builders are {}",
                        call.service.node,
                        names.join(", ")
                    ),
                    None => format!("its builders are {}", names.join(", ")),
                },
            );
            return None;
        };
        let format = resource_type.arn_format;
        let placeholders = placeholders(format);
        let parts: Vec<&str> = placeholders
            .iter()
            .copied()
            .filter(|p| !ENV_PARTS.contains(p))
            .collect();
        let arg_names: Vec<String> = parts.iter().map(|p| snake(p)).collect();
        let signature = format!(
            "{}.{}({})",
            call.service.node,
            call.builder.node,
            arg_names.join(", ")
        );
        let mut values: HashMap<String, String> = HashMap::new();
        let mut positional = 0usize;
        let mut ok = true;
        for arg in &call.args {
            let key = match &arg.name {
                Some(name) => {
                    let n = name.node.as_str();
                    if !arg_names.iter().any(|a| a == n)
                        && !["partition", "region", "account"].contains(&n)
                    {
                        self.error(
                            &codes::POL_BUILDER_ARGUMENT,
                            name.span,
                            format!("`{signature}` has no argument `{n}`"),
                            "its arguments are its ARN parts, plus `partition`, `region`, `account`".into(),
                        );
                        ok = false;
                        continue;
                    }
                    n.to_owned()
                }
                None => {
                    let Some(n) = arg_names.get(positional) else {
                        self.error(
                            &codes::POL_BUILDER_ARGUMENT,
                            arg.value.span,
                            format!(
                                "too many arguments: `{signature}` takes {}",
                                arg_names.len()
                            ),
                            format!("the ARN format is `{format}`"),
                        );
                        ok = false;
                        continue;
                    };
                    positional += 1;
                    n.clone()
                }
            };
            let value = match self.eval(&arg.value) {
                Some(Value::Str(s)) => s,
                Some(Value::Star) => "*".to_owned(),
                Some(_) => {
                    self.error(
                        &codes::POL_WRONG_VALUE,
                        arg.value.span,
                        "an ARN part is a string".into(),
                        "give a string, `*`, or a name bound to one".into(),
                    );
                    ok = false;
                    continue;
                }
                None => {
                    ok = false;
                    continue;
                }
            };
            if values.insert(key.clone(), value).is_some() {
                self.error(
                    &codes::POL_BUILDER_ARGUMENT,
                    arg.value.span,
                    format!("`{key}` is given twice"),
                    format!("`{signature}`: give each part once"),
                );
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        let mut arn = String::new();
        for piece in template_pieces(format) {
            let placeholder = match piece {
                TemplatePiece::Text(text) => {
                    arn.push_str(text);
                    continue;
                }
                TemplatePiece::Placeholder(name) => name,
            };
            let value = match placeholder {
                "Partition" => values
                    .get("partition")
                    .cloned()
                    .or_else(|| self.env_string("partition"))
                    .or_else(|| Some("aws".to_owned())),
                "Region" => values
                    .get("region")
                    .cloned()
                    .or_else(|| self.env_string("region")),
                "Account" => values
                    .get("account")
                    .cloned()
                    .or_else(|| self.env_string("account")),
                other => values.get(&snake(other)).cloned(),
            };
            match value {
                Some(v) => arn.push_str(&v),
                None if self.poisoned(&placeholder.to_ascii_lowercase()) => {
                    self.silent_failures += 1;
                    return None;
                }
                None => {
                    let arg = match placeholder {
                        "Region" => "region".to_owned(),
                        "Account" => "account".to_owned(),
                        other => snake(other),
                    };
                    let help = if ["region", "account"].contains(&arg.as_str()) {
                        format!(
                            "declare `param {arg}: {}` or pass `{arg} = \"...\"` (`\"*\"` for any)",
                            if arg == "account" {
                                "account_id"
                            } else {
                                "region"
                            }
                        )
                    } else {
                        format!("`{signature}`: give `{arg}` (`\"*\"` for any)")
                    };
                    self.error(
                        &codes::POL_BUILDER_ARGUMENT,
                        span,
                        format!(
                            "`{}.{}` needs `{arg}`",
                            call.service.node, call.builder.node
                        ),
                        help,
                    );
                    return None;
                }
            }
        }
        Some(arn)
    }
}
