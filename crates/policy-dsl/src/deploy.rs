//! The files `polc build` writes for a compiled block: the IAM document
//! (merged, sorted, split as asked), or wrapped for a deployment tool.

use polc_model::json::Style;

use crate::ast::BlockKind;
use crate::compile::CompiledPolicy;
use crate::transform;

/// What the written file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Emit {
    /// The IAM policy document.
    #[default]
    Iam,
    /// A CloudFormation template with an `AWS::IAM::ManagedPolicy` (an
    /// `AWS::IAM::Role` for a trust block).
    CloudFormation,
    /// Terraform JSON (`.tf.json`) with an `aws_iam_policy` (an
    /// `aws_iam_role` for a trust block).
    Terraform,
}

impl Emit {
    /// The name `polc build --emit` takes.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Iam => "iam",
            Self::CloudFormation => "cloudformation",
            Self::Terraform => "terraform",
        }
    }

    /// Whether a block of `kind` can be written so: a resource-based
    /// policy is part of its resource (a bucket policy, a key policy), so
    /// only the IAM document is written for it.
    pub const fn takes(self, kind: BlockKind) -> bool {
        matches!(self, Self::Iam) || !matches!(kind, BlockKind::Resource)
    }

    const fn extension(self) -> &'static str {
        match self {
            Self::Terraform => "tf.json",
            Self::Iam | Self::CloudFormation => "json",
        }
    }
}

/// How the documents of a block are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Layout {
    /// Merge statements that differ only in their actions.
    pub minimize: bool,
    /// Sort actions and resources within each statement.
    pub sort: bool,
    /// Split an identity document over `quota` into numbered documents.
    pub split: bool,
    /// The size quota of identity documents (default: a customer managed
    /// policy's); other blocks have their kind's.
    pub identity_quota: Option<usize>,
    /// Pretty or minified JSON.
    pub style: Style,
    /// The document itself or a deployment template.
    pub emit: Emit,
}

impl Default for Layout {
    fn default() -> Self {
        Self {
            minimize: false,
            sort: false,
            split: false,
            identity_quota: None,
            style: Style::Pretty,
            emit: Emit::Iam,
        }
    }
}

/// One file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// `<BlockName>.json` (numbered when split; `.tf.json` for Terraform).
    pub file_name: String,
    /// The kind of block it came from.
    pub kind: BlockKind,
    /// The text, ending with a line end.
    pub text: String,
}

/// The files of one compiled block. A resource block with an `emit` that
/// does not [take](Emit::takes) it gives its IAM document.
pub fn documents(compiled: &CompiledPolicy, layout: &Layout) -> Vec<Document> {
    let mut policy = compiled.policy.clone();
    if layout.minimize {
        transform::minimize(&mut policy);
    }
    if layout.sort {
        transform::sort(&mut policy);
    }
    let parts = if layout.split && compiled.kind == BlockKind::Policy {
        let quota = layout
            .identity_quota
            .unwrap_or_else(|| transform::quota(compiled.kind));
        transform::split(&policy, quota)
    } else {
        vec![policy]
    };
    let emit = if layout.emit.takes(compiled.kind) {
        layout.emit
    } else {
        Emit::Iam
    };
    let numbered = parts.len() > 1;
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let name = if numbered {
                format!("{}{}", compiled.name, i + 1)
            } else {
                compiled.name.clone()
            };
            let document = part.to_json_string(layout.style);
            let mut text = match emit {
                Emit::Iam => document,
                Emit::CloudFormation => {
                    cloudformation(&name, compiled.kind, &document, layout.style)
                }
                Emit::Terraform => terraform(&name, compiled.kind, &document, layout.style),
            };
            if !text.ends_with('\n') {
                text.push('\n');
            }
            Document {
                file_name: format!("{name}.{}", emit.extension()),
                kind: compiled.kind,
                text,
            }
        })
        .collect()
}

fn render(value: &serde_json::Value, style: Style) -> String {
    let text = match style {
        Style::Minified => serde_json::to_string(value),
        Style::Pretty => serde_json::to_string_pretty(value),
    };
    text.unwrap_or_default()
}

/// A template with the document as a role's trust policy or a managed
/// policy, named `name`.
fn cloudformation(name: &str, kind: BlockKind, document: &str, style: Style) -> String {
    let doc: serde_json::Value = serde_json::from_str(document).unwrap_or_default();
    let resource = match kind {
        BlockKind::Trust => serde_json::json!({
            "Type": "AWS::IAM::Role",
            "Properties": {"RoleName": name, "AssumeRolePolicyDocument": doc}}),
        BlockKind::Policy | BlockKind::Resource => serde_json::json!({
            "Type": "AWS::IAM::ManagedPolicy",
            "Properties": {"ManagedPolicyName": name, "PolicyDocument": doc}}),
    };
    let template = serde_json::json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {logical_id(name): resource}});
    render(&template, style)
}

/// A CloudFormation logical id (letters and digits only): the name's
/// words joined in `CamelCase` (`task_exec_policy` → `TaskExecPolicy`).
fn logical_id(name: &str) -> String {
    let id: String = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect();
    if id.is_empty() {
        "Policy".to_owned()
    } else {
        id
    }
}

/// A `.tf.json` resource holding the minified document as a string, its
/// identifier `name` with every character Terraform does not take as `_`.
///
/// Terraform reads every string of a `.tf.json` file as a template: `${…}`
/// is an interpolation and `%{…}` a directive, so a policy variable
/// (`${aws:username}`) would break the file, and `%{if false}…%{endif}`
/// would deploy a wider policy than the one checked. Both are written with
/// Terraform's escapes (`$${`, `%%{`), which it turns back into the text.
fn terraform(name: &str, kind: BlockKind, document: &str, style: Style) -> String {
    // Minified by polc's writer, which writes a character past U+00FF as
    // its `\\uXXXX` escape (IAM's API refuses the character itself):
    // Terraform sends the string as it is (review 40).
    let minified: String = polc_model::json::parse(document)
        .map(|json| {
            let mut text = String::with_capacity(document.len());
            // Writing into a String cannot fail.
            let _ = polc_model::json::write_json(&mut text, &json, Style::Minified);
            terraform_literal(&text)
        })
        .unwrap_or_default();
    let id = crate::import::underscored(name);
    let value = match kind {
        BlockKind::Trust => serde_json::json!({"resource": {"aws_iam_role": {id: {
            "name": name, "assume_role_policy": minified}}}}),
        BlockKind::Policy | BlockKind::Resource => {
            serde_json::json!({"resource": {"aws_iam_policy": {id: {
            "name": name, "policy": minified}}}})
        }
    };
    render(&value, style)
}

/// `text` as a Terraform template whose value is `text`.
fn terraform_literal(text: &str) -> String {
    text.replace("${", "$${").replace("%{", "%%{")
}

#[cfg(test)]
mod tests {
    use super::terraform_literal;

    /// Every `${` and `%{` is escaped, one already escaped too (its `$`
    /// before stays literal), and nothing else changes.
    #[test]
    fn terraform_strings_are_literal() {
        for (text, expected) in [
            (
                "arn:aws:s3:::home/${aws:username}/*",
                "arn:aws:s3:::home/$${aws:username}/*",
            ),
            ("a%{if false}b%{endif}*", "a%%{if false}b%%{endif}*"),
            ("$${x}", "$$${x}"),
            ("$ { % } ${ %{", "$ { % } $${ %%{"),
            ("plain", "plain"),
        ] {
            assert_eq!(terraform_literal(text), expected);
        }
    }
}
