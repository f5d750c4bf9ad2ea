//! Amazon Resource Names: `arn:partition:service:region:account:resource`.

use std::fmt;

/// The AWS partitions (the second part of an ARN).
pub const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// An ARN split into its six parts. Borrowed from the text it was parsed
/// from; the `resource` part keeps any further colons.
///
/// ```
/// use polc_model::Arn;
/// let arn = Arn::parse("arn:aws:ecs:us-east-1:123456789012:task/prod/abc").unwrap();
/// assert_eq!(arn.service, "ecs");
/// assert_eq!(arn.resource, "task/prod/abc");
/// assert_eq!(arn.to_string(), "arn:aws:ecs:us-east-1:123456789012:task/prod/abc");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Arn<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov`, ...
    pub partition: &'a str,
    /// The service namespace (`ecs`, `iam`).
    pub service: &'a str,
    /// The region, empty for global resources.
    pub region: &'a str,
    /// The 12-digit account id, empty for some resources (S3 buckets).
    pub account: &'a str,
    /// The resource: type and id, in the service's own format.
    pub resource: &'a str,
}

/// Why a text is not an ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ArnError {
    /// It does not start with `arn:`.
    #[error("an ARN starts with `arn:`")]
    MissingPrefix,
    /// Fewer than six colon-separated parts.
    #[error(
        "an ARN has six parts, `arn:partition:service:region:account:resource`; this one has {0}"
    )]
    TooFewParts(usize),
    /// An empty partition, service or resource.
    #[error("the {0} part of the ARN is empty")]
    EmptyPart(&'static str),
}

impl<'a> Arn<'a> {
    /// Splits an ARN into its parts. Wildcards and policy variables are kept
    /// as text; only the shape is checked.
    ///
    /// # Errors
    /// When the text lacks the `arn:` prefix, has fewer than six parts or an
    /// empty partition, service or resource.
    pub fn parse(text: &'a str) -> Result<Self, ArnError> {
        let rest = text.strip_prefix("arn:").ok_or(ArnError::MissingPrefix)?;
        let mut parts = rest.splitn(5, ':');
        let mut next = || parts.next();
        let (Some(partition), Some(service), Some(region), Some(account), Some(resource)) =
            (next(), next(), next(), next(), next())
        else {
            return Err(ArnError::TooFewParts(text.split(':').count()));
        };
        for (name, value) in [
            ("partition", partition),
            ("service", service),
            ("resource", resource),
        ] {
            if value.is_empty() {
                return Err(ArnError::EmptyPart(name));
            }
        }
        Ok(Self {
            partition,
            service,
            region,
            account,
            resource,
        })
    }
}

impl fmt::Display for Arn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:{}:{}:{}:{}",
            self.partition, self.service, self.region, self.account, self.resource
        )
    }
}

/// The ARN an API Gateway resource policy's shorthand stands for:
/// `execute-api:/STAGE/METHOD/PATH` is the policy's own API's
/// `arn:PARTITION:execute-api:REGION:ACCOUNT:API-ID/STAGE/METHOD/PATH`
/// (the API Gateway Developer Guide's resource policy examples), read with
/// each part it leaves out as `*`. `None` for any other entry. Only
/// resource-based policies (an API's own) may use it.
///
/// ```
/// use polc_model::arn::api_gateway_shorthand;
/// assert_eq!(api_gateway_shorthand("execute-api:/*").as_deref(), Some("arn:*:execute-api:*:*:*/*"));
/// assert_eq!(api_gateway_shorthand("arn:aws:execute-api:us-east-1:1:a/*"), None);
/// ```
pub fn api_gateway_shorthand(entry: &str) -> Option<String> {
    let rest = entry.strip_prefix("execute-api:/")?;
    Some(format!("arn:*:execute-api:*:*:*/{rest}"))
}
