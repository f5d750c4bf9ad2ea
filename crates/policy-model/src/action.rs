//! Action patterns: `service:Name`, with `*` and `?` wildcards.

use std::fmt;

/// An entry of an `Action` or `NotAction` element.
///
/// ```
/// use polc_model::ActionPattern;
/// let p = ActionPattern::parse("ecs:Describe*").unwrap();
/// assert_eq!(p, ActionPattern::Scoped { service: "ecs", name: "Describe*" });
/// assert!(p.has_wildcard());
/// assert_eq!(ActionPattern::parse("*").unwrap(), ActionPattern::Any);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionPattern<'a> {
    /// `*`: every action of every service.
    Any,
    /// `service:name`, where `name` may hold `*` and `?`.
    Scoped {
        /// The service prefix (`ecs`).
        service: &'a str,
        /// The action name or pattern (`RunTask`, `Describe*`).
        name: &'a str,
    },
}

/// Why a text is not an action pattern.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    /// No `:` between service and action.
    #[error("an action is written `service:Action`, with a colon")]
    MissingColon,
    /// Nothing before the colon.
    #[error("the service prefix before `:` is empty")]
    EmptyService,
    /// Nothing after the colon.
    #[error("the action name after `:` is empty")]
    EmptyName,
    /// Whitespace or another character no action name has.
    #[error("{} cannot appear in an action", char_name(*.0))]
    BadCharacter(char),
}

/// The character that starts at byte `at` of `s` (or the one before, if
/// `at` falls inside a character).
fn first_char(s: &str, at: usize) -> char {
    let mut at = at;
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    s.get(at..)
        .and_then(|rest| rest.chars().next())
        .unwrap_or('?')
}

/// A character as a message names it: `a space`, or the character quoted.
fn char_name(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        c if c.is_whitespace() || c.is_control() => format!("`{}`", c.escape_unicode()),
        c => format!("`{c}`"),
    }
}

impl<'a> ActionPattern<'a> {
    /// Parses an action pattern.
    ///
    /// # Errors
    /// When the text is not `*` and not `service:name` with a non-empty
    /// service of letters, digits and `-`, and a name of letters, digits,
    /// `*`, `?`, `-` and `_`.
    pub fn parse(text: &'a str) -> Result<Self, ActionError> {
        if text == "*" {
            return Ok(Self::Any);
        }
        let (service, name) = crate::action::split_colon(text).ok_or(ActionError::MissingColon)?;
        let service_ok = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
        let name_ok = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'*' | b'?' | b'-' | b'_');
        if let Some(at) = service.bytes().position(|b| !service_ok(b)) {
            return Err(ActionError::BadCharacter(first_char(service, at)));
        }
        if let Some(at) = name.bytes().position(|b| !name_ok(b)) {
            return Err(ActionError::BadCharacter(first_char(name, at)));
        }
        if service.is_empty() {
            return Err(ActionError::EmptyService);
        }
        if name.is_empty() {
            return Err(ActionError::EmptyName);
        }
        Ok(Self::Scoped { service, name })
    }

    /// Whether the pattern holds `*` or `?`.
    pub fn has_wildcard(&self) -> bool {
        match self {
            Self::Any => true,
            Self::Scoped { name, .. } => crate::wildcard::has_wildcard(name),
        }
    }
}

impl fmt::Display for ActionPattern<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Any => f.write_str("*"),
            Self::Scoped { service, name } => write!(f, "{service}:{name}"),
        }
    }
}

/// Whether two action entries may name a common action: the same service
/// prefix (ignoring case), or a wildcard in either's service part (an
/// entry without `:` is all service part: `*`). Cheap, allocation-free:
/// the first test before comparing two entries' actions.
///
/// ```
/// use polc_model::action::may_share_service;
/// assert!(may_share_service("ecs:Run*", "ECS:RunTask"));
/// assert!(may_share_service("*", "s3:GetObject"));
/// assert!(!may_share_service("ecs:*", "s3:GetObject"));
/// ```
pub fn may_share_service(a: &str, b: &str) -> bool {
    fn service(entry: &str) -> &str {
        crate::action::split_colon(entry).map_or(entry, |(s, _)| s)
    }
    let (sa, sb) = (service(a), service(b));
    crate::wildcard::has_wildcard(sa)
        || crate::wildcard::has_wildcard(sb)
        || sa.eq_ignore_ascii_case(sb)
}

/// Whether `text` has wildcards in its service part and is otherwise an
/// action pattern (`s3*:Get*`): IAM takes it and matches it across
/// services, though [`ActionPattern::parse`] refuses it.
///
/// ```
/// use polc_model::action::wildcard_service;
/// assert!(wildcard_service("s3*:Get*"));
/// assert!(!wildcard_service("s3:Get*"));
/// assert!(!wildcard_service("s3*:Get Object"));
/// ```
pub fn wildcard_service(text: &str) -> bool {
    split_colon(text).is_some_and(|(service, name)| {
        crate::wildcard::has_wildcard(service)
            && ActionPattern::parse(&format!("{}:{name}", service.replace(['*', '?'], "x"))).is_ok()
    })
}

/// `text` split at its first `:` (`ecs:RunTask`, `aws:SourceArn`), as
/// `str::split_once(':')` does, by a plain byte loop: names are short, and
/// the general searcher's set-up costs more than the search.
#[inline]
pub fn split_colon(text: &str) -> Option<(&str, &str)> {
    let colon = text.bytes().position(|b| b == b':')?;
    Some((text.get(..colon)?, text.get(colon + 1..)?))
}
