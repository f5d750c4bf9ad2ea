//! The ARN formats of the catalog as text and placeholders: the builders
//! of the compiler fill them, the importer recognizes them.

/// The `${...}` placeholders of an ARN format, in order.
pub(crate) fn placeholders(format: &str) -> Vec<&str> {
    template_pieces(format)
        .into_iter()
        .filter_map(|p| match p {
            TemplatePiece::Placeholder(name) => Some(name),
            TemplatePiece::Text(_) => None,
        })
        .collect()
}

/// A piece of an ARN format of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TemplatePiece<'a> {
    /// Literal text.
    Text(&'a str),
    /// `${Name}`: the name.
    Placeholder(&'a str),
}

/// An ARN format (`arn:${Partition}:ecs:${Region}:${Account}:cluster/${ClusterName}`)
/// as literal text and placeholders, in order (empty texts left out).
pub(crate) fn template_pieces(format: &str) -> Vec<TemplatePiece<'_>> {
    let mut out = Vec::new();
    let mut rest = format;
    while let Some(start) = rest.find("${") {
        let text = rest.get(..start).unwrap_or_default();
        if !text.is_empty() {
            out.push(TemplatePiece::Text(text));
        }
        let after = rest.get(start + 2..).unwrap_or_default();
        let end = after.find('}').unwrap_or(after.len());
        out.push(TemplatePiece::Placeholder(
            after.get(..end).unwrap_or_default(),
        ));
        rest = after.get(end + 1..).unwrap_or_default();
    }
    if !rest.is_empty() {
        out.push(TemplatePiece::Text(rest));
    }
    out
}

/// `ClusterName` → `cluster_name`.
pub(crate) fn snake(name: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower = i > 0
                && chars
                    .get(i - 1)
                    .is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            if i > 0
                && (prev_lower
                    || (next_lower && chars.get(i - 1).is_some_and(char::is_ascii_uppercase)))
            {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(*c);
        } else {
            out.push('_');
        }
    }
    out
}
