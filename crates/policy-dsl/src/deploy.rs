//! The files `polc build` writes for a compiled block: the IAM document
//! (merged, sorted, split as asked), or wrapped for a deployment tool.

use polc_model::Span;
use polc_model::json::{Json, JsonKind, Member, Style, write_json};

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
    /// The block's name (numbered when split): the name a template gives
    /// the role or policy.
    pub name: String,
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
            let mut text = match emit {
                Emit::Iam => part.to_json_string(layout.style),
                Emit::CloudFormation => {
                    cloudformation(&name, compiled.kind, &part.to_json(), layout.style)
                }
                Emit::Terraform => terraform(
                    &name,
                    compiled.kind,
                    &part.to_json_string(Style::Minified),
                    layout.style,
                ),
            };
            if !text.ends_with('\n') {
                text.push('\n');
            }
            Document {
                file_name: format!("{name}.{}", emit.extension()),
                name,
                kind: compiled.kind,
                text,
            }
        })
        .collect()
}

/// `json` as text, written by polc's writer: numbers keep the text they
/// were compiled to (a decimal past a double's precision, or `1e400`, is
/// not rounded), and a character past U+00FF is its `\\uXXXX` escape, which
/// IAM's API takes where it refuses the character (review 42).
fn render(json: &Json<'_>, style: Style) -> String {
    let mut text = String::new();
    // Writing into a String cannot fail.
    let _ = write_json(&mut text, json, style);
    text
}

/// An object of `members`, in order.
fn object<'a>(members: Vec<(&'a str, Json<'a>)>) -> Json<'a> {
    Json::new(JsonKind::Object(
        members
            .into_iter()
            .map(|(key, value)| Member {
                key: key.into(),
                key_span: Span::default(),
                value,
            })
            .collect(),
    ))
}

/// A template with the document as a role's trust policy or a managed
/// policy, named `name`. The document is placed as it was built, not read
/// back through another reader.
fn cloudformation(name: &str, kind: BlockKind, document: &Json<'_>, style: Style) -> String {
    let (kind_name, name_key, document_key) = match kind {
        BlockKind::Trust => ("AWS::IAM::Role", "RoleName", "AssumeRolePolicyDocument"),
        BlockKind::Policy | BlockKind::Resource => (
            "AWS::IAM::ManagedPolicy",
            "ManagedPolicyName",
            "PolicyDocument",
        ),
    };
    let resource = object(vec![
        ("Type", Json::string(kind_name)),
        (
            "Properties",
            object(vec![
                (name_key, Json::string(name)),
                (document_key, document.clone()),
            ]),
        ),
    ]);
    let id = logical_id(name);
    let template = object(vec![
        ("AWSTemplateFormatVersion", Json::string("2010-09-09")),
        ("Resources", object(vec![(id.as_str(), resource)])),
    ]);
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
fn terraform(name: &str, kind: BlockKind, minified: &str, style: Style) -> String {
    // Minified by polc's writer, which writes a character past U+00FF as
    // its `\\uXXXX` escape (IAM's API refuses the character itself):
    // Terraform sends the string as it is (review 40).
    let policy = terraform_literal(minified);
    let id = crate::import::underscored(name);
    let (resource, document_key) = match kind {
        BlockKind::Trust => ("aws_iam_role", "assume_role_policy"),
        BlockKind::Policy | BlockKind::Resource => ("aws_iam_policy", "policy"),
    };
    let value = object(vec![(
        "resource",
        object(vec![(
            resource,
            object(vec![(
                id.as_str(),
                object(vec![
                    ("name", Json::string(name)),
                    (document_key, Json::string(policy)),
                ]),
            )]),
        )]),
    )]);
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
