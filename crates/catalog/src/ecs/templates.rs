//! The example policies of the ECS documentation as templates: their
//! `<placeholders>` (`<aws_account_id>`, `<cluster_name>`) are parameters.

/// A documented example policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    /// Our name for it (`run-task`).
    pub name: &'static str,
    /// The documentation page it is from.
    pub source: &'static str,
    /// What it grants, in a few words.
    pub description: &'static str,
    /// The JSON as the page has it, placeholders included.
    pub text: &'static str,
}

/// A parameter without a value in [`Template::render`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the template `{template}` needs a value for `{parameter}`")]
pub struct MissingParameter {
    /// The template.
    pub template: &'static str,
    /// The parameter without a value.
    pub parameter: &'static str,
}

impl miette::Diagnostic for MissingParameter {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("polc::template_parameter"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(format!(
            "give `{}` a value (`polc catalog template {} -p {}=VALUE`)",
            self.parameter, self.template, self.parameter
        )))
    }
}

impl Template {
    /// The placeholders, each once, in order of first appearance
    /// (`region`, `aws_account_id`, `cluster_name`).
    pub fn parameters(&self) -> Vec<&'static str> {
        let mut found: Vec<&'static str> = Vec::new();
        let mut rest = self.text;
        while let Some(start) = rest.find('<') {
            let after = rest.get(start + 1..).unwrap_or_default();
            let Some(end) = after.find('>') else { break };
            let name = after.get(..end).unwrap_or_default();
            if !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !found.contains(&name)
            {
                found.push(name);
            }
            rest = after.get(end + 1..).unwrap_or_default();
        }
        found
    }

    /// The policy with every placeholder replaced by its value.
    ///
    /// # Errors
    /// The first parameter without a value.
    ///
    /// ```
    /// let run = polc_catalog::ecs::template("run-task").unwrap();
    /// assert_eq!(run.parameters(), ["region", "aws_account_id", "cluster_name", "task_family"]);
    /// let policy = run
    ///     .render(&[("region", "us-east-1"), ("aws_account_id", "123456789012"), ("task_family", "web"), ("cluster_name", "prod")])
    ///     .unwrap();
    /// assert!(policy.contains("arn:aws:ecs:us-east-1:123456789012:task-definition/web:*"));
    /// ```
    pub fn render(&self, values: &[(&str, &str)]) -> Result<String, MissingParameter> {
        // Every placeholder stands inside a JSON string: values are escaped
        // as JSON string content, and substituted in one pass, so a value
        // that looks like a placeholder stays as it is.
        let mut out = String::with_capacity(self.text.len());
        let mut rest = self.text;
        while let Some(start) = rest.find('<') {
            out.push_str(rest.get(..start).unwrap_or_default());
            let after = rest.get(start + 1..).unwrap_or_default();
            let name = after
                .find('>')
                .and_then(|end| after.get(..end))
                .filter(|name| {
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                });
            let Some(name) = name else {
                out.push('<');
                rest = after;
                continue;
            };
            let parameter = self
                .parameters()
                .into_iter()
                .find(|p| *p == name)
                .unwrap_or_default();
            let value = values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, value)| *value)
                .ok_or(MissingParameter {
                    template: self.name,
                    parameter,
                })?;
            for c in value.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                    c => out.push(c),
                }
            }
            rest = after.get(name.len() + 1..).unwrap_or_default();
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// Every documented example policy, in page order.
pub fn templates() -> &'static [Template] {
    super::templates_data::TEMPLATES
}

/// The template called `name`.
pub fn template(name: &str) -> Option<&'static Template> {
    templates()
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(name))
}
