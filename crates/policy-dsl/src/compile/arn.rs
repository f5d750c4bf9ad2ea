//! ARN builders (`ecs.cluster("prod")`): a resource type's ARN format
//! from the catalog, filled with the arguments.

use super::*;
use crate::arn_template::{TemplatePiece, snake, template_pieces};
use crate::builders::ENV_PARTS;

/// What a builder takes: its ARN format and argument names.
struct Builder {
    /// The resource type's ARN format, with `${Placeholders}`.
    format: &'static str,
    /// The arguments, in order: the format's parts other than partition,
    /// region and account, `snake_case`.
    args: Vec<String>,
    /// `ecs.cluster(cluster_name)`, for messages.
    signature: String,
}

impl Compiler<'_> {
    /// `service.resource_type(args)` → an ARN.
    pub(super) fn build_arn(&mut self, call: &Call, span: Span) -> Step<String> {
        let format = self.arn_format(call)?;
        let args = crate::builders::args(format);
        let signature = format!(
            "{}.{}({})",
            call.service.node,
            call.builder.node,
            args.join(", ")
        );
        let builder = Builder {
            format,
            args,
            signature,
        };
        let values = self.builder_args(call, &builder)?;
        self.fill(call, span, &builder, &values)
    }

    /// The ARN format of the resource type a builder names.
    fn arn_format(&mut self, call: &Call) -> Step<&'static str> {
        let reference = self.reference;
        let Some(service) = reference.service(&call.service.node) else {
            let near = reference.suggest_service(&call.service.node);
            let help = match near {
                Some(n) => format!("did you mean `{n}`?"),
                None => "use the service's prefix as in its actions (`ecs`, `iam`, `s3`...)".into(),
            };
            return Err(self.error(
                &codes::POL_UNKNOWN_BUILDER,
                call.service.span,
                format!(
                    "`{}` is not a service prefix the catalog knows",
                    call.service.node
                ),
                help,
            ));
        };
        let wanted = crate::builders::name(&call.builder.node);
        if let Some(resource_type) = service
            .resource_types
            .iter()
            .find(|r| crate::builders::name(r.name) == wanted)
        {
            let formats = crate::builders::formats(resource_type.arn_format);
            if formats.len() > 1 {
                return Err(self.error(
                    &codes::POL_UNKNOWN_BUILDER,
                    call.builder.span,
                    format!(
                        "`{}.{wanted}` has {} ARN formats ({}): no builder can choose one",
                        call.service.node,
                        formats.len(),
                        formats.join(", ")
                    ),
                    "write the ARN you mean as a string".into(),
                ));
            }
            if !crate::builders::well_formed(resource_type.arn_format) {
                return Err(self.error(
                    &codes::POL_UNKNOWN_BUILDER,
                    call.builder.span,
                    format!(
                        "`{}.{wanted}`'s ARN format in the reference (`{}`) has no account part: no builder can build it",
                        call.service.node, resource_type.arn_format
                    ),
                    "write the ARN you mean as a string".into(),
                ));
            }
            return Ok(resource_type.arn_format);
        }
        let names: Vec<String> = service
            .resource_types
            .iter()
            .map(|r| crate::builders::name(r.name))
            .collect();
        let help = match closest(&wanted, names.iter().map(String::as_str)) {
            Some(n) => format!(
                "did you mean `{}.{n}`? its builders are {}",
                call.service.node,
                names.join(", ")
            ),
            None => format!("its builders are {}", names.join(", ")),
        };
        Err(self.error(
            &codes::POL_UNKNOWN_BUILDER,
            call.builder.span,
            format!(
                "`{}` has no resource type `{}`",
                call.service.node, call.builder.node
            ),
            help,
        ))
    }

    /// The arguments by name (positional ones named by their place);
    /// every bad argument is reported.
    fn builder_args(&mut self, call: &Call, builder: &Builder) -> Step<HashMap<String, String>> {
        let mut values: HashMap<String, String> = HashMap::new();
        let mut positional = 0usize;
        let mut failed = None;
        for arg in &call.args {
            let key = match &arg.name {
                Some(name) => self.named_arg(&name.node, name.span, builder),
                None => {
                    positional += 1;
                    self.positional_arg(positional - 1, arg.value.span, builder)
                }
            };
            let value = match self.eval(&arg.value) {
                Ok(Value::Str(s)) => Ok(s),
                Ok(Value::Star) => Ok("*".to_owned()),
                Ok(_) => Err(self.error(
                    &codes::POL_WRONG_VALUE,
                    arg.value.span,
                    "an ARN part is a string".into(),
                    "give a string, `*`, or a name bound to one".into(),
                )),
                Err(reported) => Err(reported),
            };
            let (key, value) = match (key, value) {
                (Ok(key), Ok(value)) => (key, value),
                (Err(reported), _) | (_, Err(reported)) => {
                    failed = Some(reported);
                    continue;
                }
            };
            if values.insert(key.clone(), value).is_some() {
                failed = Some(self.error(
                    &codes::POL_BUILDER_ARGUMENT,
                    arg.value.span,
                    format!("`{key}` is given twice"),
                    format!("`{}`: give each part once", builder.signature),
                ));
            }
        }
        failed.map_or(Ok(values), Err)
    }

    fn named_arg(&mut self, name: &str, span: Span, builder: &Builder) -> Step<String> {
        if builder.args.iter().any(|a| a == name)
            || ["partition", "region", "account"].contains(&name)
        {
            return Ok(name.to_owned());
        }
        Err(self.error(
            &codes::POL_BUILDER_ARGUMENT,
            span,
            format!("`{}` has no argument `{name}`", builder.signature),
            "its arguments are its ARN parts, plus `partition`, `region`, `account`".into(),
        ))
    }

    fn positional_arg(&mut self, index: usize, span: Span, builder: &Builder) -> Step<String> {
        if let Some(name) = builder.args.get(index) {
            return Ok(name.clone());
        }
        Err(self.error(
            &codes::POL_BUILDER_ARGUMENT,
            span,
            format!(
                "too many arguments: `{}` takes {}",
                builder.signature,
                builder.args.len()
            ),
            format!("the ARN format is `{}`", builder.format),
        ))
    }

    /// The ARN: the format with each placeholder filled from the arguments,
    /// or for partition, region and account from the parameters of those
    /// names (the partition defaults to `aws`).
    fn fill(
        &mut self,
        call: &Call,
        span: Span,
        builder: &Builder,
        values: &HashMap<String, String>,
    ) -> Step<String> {
        let mut arn = String::new();
        for piece in template_pieces(builder.format) {
            let placeholder = match piece {
                TemplatePiece::Text(text) => {
                    arn.push_str(text);
                    continue;
                }
                TemplatePiece::Placeholder(name) => name,
            };
            let arg = snake(placeholder);
            let value = values.get(&arg).cloned().or_else(|| {
                if ENV_PARTS.contains(&placeholder) {
                    self.env_string(&arg)
                        .or_else(|| (arg == "partition").then(|| "aws".to_owned()))
                } else {
                    None
                }
            });
            match value {
                Some(v) => arn.push_str(&v),
                None => return Err(self.missing_part(call, span, builder, &arg)),
            }
        }
        Ok(arn)
    }

    /// A part the builder has no value for: the report of the parameter
    /// it would come from, if that failed, else a report of its own.
    fn missing_part(&mut self, call: &Call, span: Span, builder: &Builder, arg: &str) -> Reported {
        if let Some(reported) = ENV_PARTS
            .iter()
            .any(|p| snake(p) == arg)
            .then(|| self.failed_declaration(arg))
            .flatten()
        {
            return reported;
        }
        let help = if ["region", "account"].contains(&arg) {
            let ty = if arg == "account" {
                "account_id"
            } else {
                "region"
            };
            format!("declare `param {arg}: {ty}` or pass `{arg} = \"...\"` (`\"*\"` for any)")
        } else {
            format!("`{}`: give `{arg}` (`\"*\"` for any)", builder.signature)
        };
        self.error(
            &codes::POL_BUILDER_ARGUMENT,
            span,
            format!(
                "`{}.{}` needs `{arg}`",
                call.service.node, call.builder.node
            ),
            help,
        )
    }
}
