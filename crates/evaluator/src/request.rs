//! The request: who asks to do what on which resource, with which context.

use std::borrow::Cow;
use std::ops::Range;

use crate::fold::fold_hash;
use crate::pattern::Vars;

/// A value of a context key: one string, or several (a multivalued key).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ContextValue<'a> {
    /// A single-valued key.
    One(Cow<'a, str>),
    /// A multivalued key (`aws:TagKeys`): every value; may be empty.
    Many(Vec<Cow<'a, str>>),
}

impl<'a> ContextValue<'a> {
    fn as_slice(&self) -> &[Cow<'a, str>] {
        match self {
            Self::One(v) => std::slice::from_ref(v),
            Self::Many(v) => v,
        }
    }
}

impl<'a> From<&'a str> for ContextValue<'a> {
    fn from(value: &'a str) -> Self {
        Self::One(Cow::Borrowed(value))
    }
}

impl From<String> for ContextValue<'_> {
    fn from(value: String) -> Self {
        Self::One(Cow::Owned(value))
    }
}

impl<'a> From<Vec<&'a str>> for ContextValue<'a> {
    fn from(values: Vec<&'a str>) -> Self {
        Self::Many(values.into_iter().map(Cow::Borrowed).collect())
    }
}

impl<'a, const N: usize> From<[&'a str; N]> for ContextValue<'a> {
    fn from(values: [&'a str; N]) -> Self {
        Self::Many(values.into_iter().map(Cow::Borrowed).collect())
    }
}

impl<'a> From<&'a String> for ContextValue<'a> {
    fn from(value: &'a String) -> Self {
        Self::One(Cow::Borrowed(value))
    }
}

impl<'a> From<Cow<'a, str>> for ContextValue<'a> {
    fn from(value: Cow<'a, str>) -> Self {
        Self::One(value)
    }
}

/// `true` or `false`, as a `Bool` condition reads them.
impl From<bool> for ContextValue<'_> {
    fn from(value: bool) -> Self {
        Self::One(Cow::Borrowed(if value { "true" } else { "false" }))
    }
}

macro_rules! from_integer {
    ($($t:ty),*) => {$(
        /// The number's decimal text, as a `Numeric` condition reads it.
        impl From<$t> for ContextValue<'_> {
            fn from(value: $t) -> Self {
                Self::One(Cow::Owned(value.to_string()))
            }
        }
    )*};
}
from_integer!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize
);

impl From<Vec<String>> for ContextValue<'_> {
    fn from(values: Vec<String>) -> Self {
        Self::Many(values.into_iter().map(Cow::Owned).collect())
    }
}

impl<'a> From<&'a Vec<String>> for ContextValue<'a> {
    fn from(values: &'a Vec<String>) -> Self {
        Self::from(values.as_slice())
    }
}

impl<'a, const N: usize> From<&'a [&'a str; N]> for ContextValue<'a> {
    fn from(values: &'a [&'a str; N]) -> Self {
        Self::Many(values.iter().map(|v| Cow::Borrowed(*v)).collect())
    }
}

impl<'a> From<&'a [String]> for ContextValue<'a> {
    fn from(values: &'a [String]) -> Self {
        Self::Many(values.iter().map(|v| Cow::Borrowed(v.as_str())).collect())
    }
}

impl<'a> From<&'a [&'a str]> for ContextValue<'a> {
    fn from(values: &'a [&'a str]) -> Self {
        Self::Many(values.iter().map(|v| Cow::Borrowed(*v)).collect())
    }
}

/// The values of a multivalued key, from any strings:
/// `tags.iter().collect::<ContextValue>()`.
impl<'a, S: Into<Cow<'a, str>>> FromIterator<S> for ContextValue<'a> {
    fn from_iter<I: IntoIterator<Item = S>>(values: I) -> Self {
        Self::Many(values.into_iter().map(Into::into).collect())
    }
}

impl<'a> ContextValue<'a> {
    /// The values of a multivalued key (`aws:TagKeys`), from any strings.
    ///
    /// ```
    /// use polc_evaluator::{ContextValue, Request};
    /// let tags = vec![String::from("team"), String::from("env")];
    /// let request = Request::new("ecs:TagResource", "*")
    ///     .context("aws:TagKeys", ContextValue::many(&tags));
    /// assert_eq!(request.context_entries().next().unwrap().1.len(), 2);
    /// ```
    pub fn many<S: Into<Cow<'a, str>>>(values: impl IntoIterator<Item = S>) -> Self {
        values.into_iter().collect()
    }

    /// The same value, owning its strings.
    pub fn into_owned(self) -> ContextValue<'static> {
        match self {
            Self::One(v) => ContextValue::One(Cow::Owned(v.into_owned())),
            Self::Many(vs) => {
                ContextValue::Many(vs.into_iter().map(|v| Cow::Owned(v.into_owned())).collect())
            }
        }
    }
}

/// What kind of principal a request comes from, read from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PrincipalType {
    /// An account (`123456789012` or `arn:aws:iam::123456789012:root`).
    Account,
    /// An IAM user (`arn:aws:iam::123456789012:user/alice`).
    User,
    /// An IAM role itself (`arn:aws:iam::123456789012:role/web`).
    Role,
    /// A role session (`arn:aws:sts::123456789012:assumed-role/web/i-0abc`).
    AssumedRole,
    /// A federated user session (`arn:aws:sts::123456789012:federated-user/bob`).
    FederatedUser,
    /// An AWS service (`ecs-tasks.amazonaws.com`).
    Service,
    /// Anything else (an identity provider, a canonical user id).
    Other,
}

/// The request's principal, with the parts that matching needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PrincipalInfo<'a> {
    pub(crate) text: Cow<'a, str>,
    pub(crate) kind: PrincipalType,
    /// Byte ranges into `text`.
    pub(crate) partition: Range<usize>,
    pub(crate) account: Range<usize>,
    /// The user's or role's name (for a session: the role's).
    pub(crate) name: Range<usize>,
    /// For a role session: the role's ARN, as given
    /// ([`Request::principal_role_arn`]) or without a path
    /// (`arn:aws:iam::111122223333:role/web`); `role_path_known` says which.
    pub(crate) role_arn: Option<Cow<'a, str>>,
    pub(crate) role_path_known: bool,
}

/// Whether `action` is one `service:Name` as AWS names actions: a
/// service prefix of letters, digits and `-`, one `:`, a name of letters,
/// digits and `-` (`colon` is the position of its first `:`). Anything
/// else — a space, a control character, a second colon, a wildcard —
/// names no action, and could match a policy's wildcard where its exact
/// `Deny` does not.
fn well_formed_action(action: &str, colon: Option<usize>) -> bool {
    // Branch-free over the bytes (a request is built per call).
    let classes = |bytes: &[u8]| bytes.iter().fold(NAME, |all, &b| all & class(b));
    colon.is_some_and(|i| {
        let (service, name) = action.as_bytes().split_at(i);
        let name = name.get(1..).unwrap_or_default();
        !service.is_empty() && !name.is_empty() && classes(service) & classes(name) & NAME != 0
    })
}

/// A byte of service prefixes and action names: an ASCII letter, digit or
/// `-`.
const NAME: u8 = 1;
/// A byte of an ARN's partition, service, region and account: a lower-case
/// ASCII letter, digit or `-`.
const ARN_PART: u8 = 2;
/// A byte that may belong to a character no principal's name has: a space
/// or control character, a byte past ASCII (checked as characters then),
/// `*` or `?`.
const ODD: u8 = 4;

/// The classes of each byte (one table lookup per byte: requests are built
/// per call).
const CLASSES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        #[allow(clippy::cast_possible_truncation, reason = "b < 256")]
        let byte = b as u8;
        let name = byte.is_ascii_alphanumeric() || byte == b'-';
        let arn = byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-';
        let odd = byte <= b' ' || byte >= 0x7f || byte == b'*' || byte == b'?';
        #[allow(clippy::indexing_slicing, reason = "b < 256, the table's length")]
        {
            table[b] = if name { NAME } else { 0 }
                | if arn { ARN_PART } else { 0 }
                | if odd { ODD } else { 0 };
        }
        b += 1;
    }
    table
};

/// The classes of `b` ([`CLASSES`]).
#[inline(always)]
fn class(b: u8) -> u8 {
    // A `u8` indexes a 256-entry table: never out of bounds.
    CLASSES.get(usize::from(b)).copied().unwrap_or(0)
}

/// Whether `resource` can be a resource: `*`, or an ARN (`arn:...`; its
/// resource part may hold any character: an S3 object key may even hold
/// control characters). ` arn:...`, `bucket/key` or an empty string is no
/// resource AWS names, and could match a policy's `*` where its exact
/// `Deny` does not.
/// `*`, or an ARN whose partition, service, region and account are lower-case
/// letters, digits and `-` (as every ARN AWS makes has them): no wildcard,
/// space or capital there, which no resource of AWS has and which would
/// match a policy's wildcard where its exact `Deny` does not. The resource
/// part may hold anything (S3 keys hold spaces, `*` and `?`).
fn well_formed_resource(resource: &str) -> bool {
    resource_form(resource).is_some()
}

/// [`well_formed_resource`], and where the account part of a well-formed
/// ARN is when it is not empty, in one pass (`Some(None)` for `*` and ARNs
/// without an account).
fn resource_form(resource: &str) -> Option<Option<Range<usize>>> {
    if resource == "*" {
        return Some(None);
    }
    let [_, _, region_end, account_end] = arn_colons(resource)?;
    // An account of these bytes is literal.
    Some((account_end > region_end + 1).then(|| region_end + 1..account_end))
}

/// The byte positions of the first four colons of `text` (those ending
/// the partition, service, region and account), when it is an ARN whose
/// partition and service are not empty (region and account may be:
/// `arn:aws:s3:::bucket`), those four parts are [`ARN_PART`] bytes, and a
/// resource part follows. One pass over the bytes up to the fifth colon.
fn arn_colons(text: &str) -> Option<[usize; 4]> {
    let rest = text.strip_prefix("arn:")?.as_bytes();
    let mut found = [0; 4];
    let mut part = 0;
    let mut start = 0;
    for (i, &b) in rest.iter().enumerate() {
        if class(b) & ARN_PART != 0 {
            continue;
        }
        if b != b':' || (part < 2 && i == start) {
            return None;
        }
        if let Some(slot) = found.get_mut(part) {
            *slot = 4 + i;
        }
        part += 1;
        if part == 4 {
            return Some(found);
        }
        start = i + 1;
    }
    None
}

/// Why `principal` names no one AWS could put in a request: a space, a
/// control character or a wildcard (which could match a policy's wildcard
/// where its exact `Deny` does not), or an ARN whose partition, service,
/// region or account is not lower-case letters, digits and `-`. `*` and
/// the empty string are an anonymous request.
pub(crate) fn principal_problem(principal: &str) -> Option<&'static str> {
    principal_problem_given(principal, arn_colons(principal))
}

/// [`principal_problem`], given the [`arn_colons`] of `principal`.
fn principal_problem_given(principal: &str, colons: Option<[usize; 4]>) -> Option<&'static str> {
    if principal.is_empty() || principal == "*" {
        return None;
    }
    let odd = |c: char| c.is_whitespace() || c.is_control() || c == '*' || c == '?';
    // Without early exit, so that it runs over whole words; a byte past
    // ASCII sends the text to the character test.
    let suspect = principal.bytes().fold(0, |seen, b| seen | class(b)) & ODD;
    let has_odd = suspect != 0 && principal.chars().any(odd);
    if has_odd {
        return Some(
            "it holds a space, a control character or a wildcard, which no principal's name has",
        );
    }
    if principal.starts_with("arn:") && colons.is_none() {
        return Some(
            "its partition, service, region or account is not lower-case letters, digits and `-`",
        );
    }
    None
}

/// The keys whose values a request implies when its context does not give
/// them (see [`Request`]), lower case: a condition on one depends on the
/// principal or the resource.
pub const IMPLIED_KEYS: [&str; 7] = [
    "aws:principalaccount",
    "aws:principaltype",
    "aws:principalarn",
    "aws:username",
    "aws:principalisawsservice",
    "aws:principalservicename",
    "aws:resourceaccount",
];

/// Keys the IAM User Guide says are "always included in the request
/// context", whoever asks, lower case: not given, they are there with a
/// value the request does not say (a condition on one is undecided; an
/// expired time window's `Deny`, or a bucket's `Deny` of requests without
/// TLS, cannot be escaped by leaving the key out). `aws:RequestedRegion`,
/// `aws:ViaAWSService` and the keys of temporary credentials are also
/// sent, under their own rules ([`Request`]).
pub const ALWAYS_SENT_KEYS: [&str; 4] = [
    "aws:currenttime",
    "aws:epochtime",
    "aws:securetransport",
    "aws:useragent",
];

/// `text` folded as key names may be: fully, twice (`ẞ` to `ß` to `ss`),
/// without the dot `İ` leaves on its `i`.
fn folded(text: &str) -> String {
    use polc_model::condition::values::fold_case;
    fold_case(&fold_case(text)).replace('\u{307}', "")
}

/// Whether `key` (lower case) is one Amazon S3 and its kin give every
/// signed request: `s3:authtype`, `s3:signatureversion`, and the same of
/// `s3-object-lambda`, `s3express`, `s3-outposts`.
fn signed_request_key(key: &str) -> bool {
    key.starts_with("s3")
        && key
            .split_once(':')
            .is_some_and(|(_, name)| name == "authtype" || name == "signatureversion")
}

/// The keys AWS sets itself, or leaves out, by who makes the request: the
/// implied ones and those of services' calls and of IAM identities.
const DERIVED_KEYS: [&str; 24] = [
    IMPLIED_KEYS[0],
    IMPLIED_KEYS[1],
    IMPLIED_KEYS[2],
    IMPLIED_KEYS[3],
    IMPLIED_KEYS[4],
    IMPLIED_KEYS[5],
    IMPLIED_KEYS[6],
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceowner",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalorgmasteraccountid",
    // Of the caller's credentials.
    "aws:userid",
    "aws:multifactorauthpresent",
    "aws:multifactorauthage",
    "aws:tokenissuetime",
    "aws:viaawsservice",
    "aws:calledvia",
    "aws:calledviafirst",
    "aws:calledvialast",
    "aws:federatedprovider",
    "aws:sourceidentity",
    "aws:assumedroot",
];

/// The prefix of the principal's tag keys (`aws:PrincipalTag/team`), lower
/// case.
const PRINCIPAL_TAG: &str = "aws:principaltag/";

/// The name `key` has among the [`DERIVED_KEYS`] (`PRINCIPAL_TAG` for a
/// principal's tag), in any ASCII case.
fn derived_name(key: &str) -> Option<&'static str> {
    let tag = key
        .get(..PRINCIPAL_TAG.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(PRINCIPAL_TAG));
    DERIVED_KEYS
        .iter()
        .find(|d| d.eq_ignore_ascii_case(key))
        .copied()
        .or(tag.then_some(PRINCIPAL_TAG))
}

/// What a request implies for a key AWS sets itself.
enum Implied<'r, 'a> {
    /// This value.
    Value(&'r str),
    /// No value: AWS leaves the key out of such a request (why).
    Absent(&'static str),
    /// The session's own role's ARN, with any path.
    OwnRole(&'r PrincipalInfo<'a>),
    /// The root user's ARN of this account, in any partition.
    RootOf(&'r str),
    /// An `aws:userid` of the principal's form (the IAM User Guide's table
    /// of principal key values): a user's `AIDA…`, a session's
    /// `AROA…:SESSION`, a federated user's `ACCOUNT:NAME`, the root's
    /// account id.
    UserId(&'r PrincipalInfo<'a>),
    /// polc cannot tell: the context gives it.
    Unknown,
}

impl<'a> PrincipalInfo<'a> {
    fn into_owned(self) -> PrincipalInfo<'static> {
        PrincipalInfo {
            text: Cow::Owned(self.text.into_owned()),
            kind: self.kind,
            partition: self.partition,
            account: self.account,
            name: self.name,
            role_arn: self.role_arn.map(|r| Cow::Owned(r.into_owned())),
            role_path_known: self.role_path_known,
        }
    }

    pub(crate) fn parse(text: Cow<'a, str>) -> Self {
        let colons = arn_colons(&text);
        Self::parse_given(text, colons)
    }

    /// [`PrincipalInfo::parse`], given the [`arn_colons`] of `text`.
    fn parse_given(text: Cow<'a, str>, colons: Option<[usize; 4]>) -> Self {
        let (kind, partition, account, name) = classify(&text, colons);
        let mut info = Self {
            text,
            kind,
            partition,
            account,
            name,
            role_arn: None,
            role_path_known: false,
        };
        if kind == PrincipalType::AssumedRole {
            info.role_arn = Some(Cow::Owned(format!(
                "arn:{}:iam::{}:role/{}",
                info.part(&info.partition),
                info.part(&info.account),
                info.part(&info.name)
            )));
        }
        info
    }

    /// Whether `arn` is the ARN of this session's role: an IAM role of the
    /// same partition and account, with the same name (any path).
    pub(crate) fn is_own_role(&self, arn: &str) -> bool {
        let expected = format!(
            "arn:{}:iam::{}:role/",
            self.part(&self.partition),
            self.part(&self.account)
        );
        let name = self.part(&self.name);
        self.kind == PrincipalType::AssumedRole
            && arn.strip_prefix(&expected).is_some_and(|rest| {
                rest.strip_suffix(name).is_some_and(|path| {
                    (path.is_empty() || path.ends_with('/'))
                        && !path.starts_with('/')
                        && path.bytes().all(|b| (0x21..=0x7e).contains(&b))
                })
            })
    }

    /// Whether `id` has the form of this principal's `aws:userid` (the IAM
    /// User Guide's table of principal key values; the unique ids
    /// themselves are unknown here).
    pub(crate) fn may_have_user_id(&self, id: &str) -> bool {
        let account = self.part(&self.account);
        match self.kind {
            PrincipalType::User => id.starts_with("AIDA") && !id.contains(':'),
            PrincipalType::AssumedRole => {
                let session = self.text.rsplit('/').next().unwrap_or_default();
                id.split_once(':')
                    .is_some_and(|(role, named)| role.starts_with("AROA") && named == session)
            }
            PrincipalType::Role => id
                .split_once(':')
                .is_some_and(|(role, _)| role.starts_with("AROA")),
            PrincipalType::FederatedUser => id
                .split_once(':')
                .is_some_and(|(a, name)| a == account && name == self.part(&self.name)),
            PrincipalType::Account => id == account,
            PrincipalType::Service | PrincipalType::Other => true,
        }
    }

    /// For a role session whose role's path is unknown: the role's ARN
    /// without a path and the length of the role's name at its end.
    pub(crate) fn role_arn_unknown_path(&self) -> Option<&str> {
        if self.role_path_known {
            return None;
        }
        self.role_arn.as_deref()
    }

    pub(crate) fn part(&self, range: &Range<usize>) -> &str {
        self.text.get(range.clone()).unwrap_or_default()
    }

    /// The principal's account: for accounts, users, roles, role sessions
    /// and federated users only (a service acts in no account; any other
    /// name, even an ARN with an account part, is not a principal of one).
    pub(crate) fn account(&self) -> Option<&str> {
        match self.kind {
            PrincipalType::Service | PrincipalType::Other => None,
            _ => Some(self.part(&self.account)).filter(|a| !a.is_empty()),
        }
    }

    /// The principal's partition, when its name says (an ARN).
    pub(crate) fn partition(&self) -> Option<&str> {
        Some(self.part(&self.partition)).filter(|p| !p.is_empty())
    }
}

/// The byte positions of the first `N` colons of `text` (`None` if it has
/// fewer): one tight scan per colon (the generic splitters are slow on the
/// short strings of requests).
fn colons<const N: usize>(text: &[u8]) -> Option<[usize; N]> {
    let mut found = [0; N];
    let mut from = 0;
    for slot in &mut found {
        let rest = text.get(from..)?;
        let at = from + rest.iter().position(|&b| b == b':')?;
        *slot = at;
        from = at + 1;
    }
    Some(found)
}

type Parts = (PrincipalType, Range<usize>, Range<usize>, Range<usize>);

/// The kind of principal `text` names, and where its partition, account
/// and name are; `given` are its [`arn_colons`] when it is a well-formed
/// ARN.
fn classify(text: &str, given: Option<[usize; 4]>) -> Parts {
    let empty = 0..0;
    if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
        return (PrincipalType::Account, empty.clone(), 0..12, empty);
    }
    let Some(rest) = text.strip_prefix("arn:") else {
        let kind = if text.ends_with(".amazonaws.com") || text.ends_with(".amazonaws.com.cn") {
            PrincipalType::Service
        } else {
            PrincipalType::Other
        };
        return (kind, empty.clone(), empty.clone(), empty);
    };
    // arn:partition:service:region:account:resource (positions in `text`).
    let Some([c1, c2, c3, c4]) =
        given.or_else(|| colons::<4>(rest.as_bytes()).map(|found| found.map(|c| c + 4)))
    else {
        return (PrincipalType::Other, empty.clone(), empty.clone(), empty);
    };
    let partition = 4..c1;
    let service = c1 + 1..c2;
    let account = c3 + 1..c4;
    let resource = c4 + 1..text.len();
    let get = |r: &Range<usize>| text.get(r.clone()).unwrap_or_default();
    let res = get(&resource);
    let last_segment = |prefix: &str| -> Range<usize> {
        let tail = res.bytes().rposition(|b| b == b'/').map_or(0, |i| i + 1);
        if res.len() > prefix.len() {
            resource.start + tail..resource.end
        } else {
            resource.end..resource.end
        }
    };
    let kind_and_name = match get(&service) {
        "iam" if res == "root" => Some((PrincipalType::Account, resource.end..resource.end)),
        "iam" if res.starts_with("user/") => Some((PrincipalType::User, last_segment("user/"))),
        "iam" if res.starts_with("role/") => Some((PrincipalType::Role, last_segment("role/"))),
        "sts" if res.starts_with("assumed-role/") => {
            // assumed-role/ROLE/SESSION: the role's name is the middle part.
            let role = res
                .get("assumed-role/".len()..)
                .and_then(|r| r.bytes().position(|b| b == b'/').map(|end| (r, end)));
            role.map(|(_, end)| {
                let s = resource.start + "assumed-role/".len();
                (PrincipalType::AssumedRole, s..s + end)
            })
        }
        "sts" if res.starts_with("federated-user/") => Some((
            PrincipalType::FederatedUser,
            last_segment("federated-user/"),
        )),
        _ => None,
    };
    match kind_and_name {
        Some((kind, name)) => (kind, partition, account, name),
        None => (PrincipalType::Other, partition, account, empty),
    }
}

/// The byte range of the account part of an ARN, when it is literal and
/// not empty.
fn arn_account(resource: &str) -> Option<Range<usize>> {
    let rest = resource.strip_prefix("arn:")?;
    // arn:partition:service:region:account:...
    let [_, _, region_end, account_end] = colons::<4>(rest.as_bytes())?;
    let account = rest.get(region_end + 1..account_end)?;
    let literal =
        !account.is_empty() && !account.bytes().any(|b| b == b'*' || b == b'?' || b == b'$');
    literal.then(|| 4 + region_end + 1..4 + account_end)
}

/// The longest strings and the most values a request may have. AWS bounds
/// each (ARNs are at most 2,048 characters, tag values 256, a request has
/// at most 50 tags); polc's bounds are looser, and keep the work of a
/// decision linear in the size of the policies: every match of a policy
/// pattern against a request string costs at most pattern length × these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLimits;

impl RequestLimits {
    /// An action name, in bytes.
    pub const ACTION: usize = 256;
    /// The resource, the principal and the principal's role ARN, in bytes.
    pub const ARN: usize = 2048;
    /// A context key's name, in bytes.
    pub const KEY: usize = 256;
    /// One context value, in bytes.
    pub const VALUE: usize = 4096;
    /// Context keys in one request.
    pub const KEYS: usize = 256;
    /// Values of one multivalued key.
    pub const VALUES: usize = 256;
    /// Bytes of all context values together: matching a policy value
    /// against the request then costs at most the value's length times
    /// this (AWS's request contexts are a few kilobytes).
    pub const CONTEXT: usize = 64 << 10;
}

/// An authorization request.
///
/// Strings are borrowed where they can be, so a request read from JSON need
/// not copy them. Context key names compare case-insensitively (ASCII);
/// setting a key twice keeps the last value.
///
/// Keys the request implies are derived when not given in the context:
/// `aws:PrincipalAccount`, `aws:PrincipalType`, `aws:PrincipalArn` (users,
/// roles, accounts, federated users; for a role session the role's ARN,
/// see [`Request::principal_role_arn`]), `aws:username` (users),
/// `aws:PrincipalIsAWSService` and `aws:PrincipalServiceName` (services),
/// and `aws:ResourceAccount`. A context value of one of them other than the
/// value the request implies makes the request contradict itself: it is
/// never allowed (see [`Request::contradiction`]).
///
/// ```
/// use polc_evaluator::Request;
/// let request = Request::new("ecs:RunTask", "arn:aws:ecs:us-east-1:111122223333:task-definition/web:3")
///     .principal("arn:aws:iam::111122223333:user/alice")
///     .context("ecs:cluster", "arn:aws:ecs:us-east-1:111122223333:cluster/prod")
///     .context("aws:TagKeys", ["team", "env"]);
/// assert_eq!(request.action(), "ecs:RunTask");
/// assert_eq!(request.resource_account_id(), Some("111122223333"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request<'a> {
    pub(crate) action: Cow<'a, str>,
    /// Byte position of the `:` between service and action name.
    pub(crate) colon: Option<usize>,
    pub(crate) resource: Cow<'a, str>,
    /// [`fold_hash`] of the action, and of its service prefix.
    pub(crate) action_hash: u64,
    pub(crate) service_hash: u64,
    /// The account part of the resource ARN, if literal and not empty.
    arn_account: Option<Range<usize>>,
    pub(crate) principal: Option<PrincipalInfo<'a>>,
    resource_account: Option<Cow<'a, str>>,
    context: Vec<(Cow<'a, str>, ContextValue<'a>)>,
    /// Some string or list was over [`RequestLimits`] when set (kept once
    /// set: deciding then checks one flag).
    over_limits: bool,
    /// The action is not one `service:Name` in ASCII without wildcards, or
    /// the resource is empty: never allowed ([`Request::try_new`] says why).
    malformed: bool,
    /// Bytes of context values set, in all (replaced ones included).
    context_bytes: usize,
    /// Some context key is not ASCII (its case may fold beyond ASCII's).
    non_ascii_keys: bool,
    /// The context's keys folded both ways ([`Request::key_folds_ambiguously`]),
    /// found at the first need and forgotten whenever a key is set.
    folded_keys: std::sync::OnceLock<Box<[(String, String)]>>,
    /// A [`Request::principal_role_arn`] that names no role of the
    /// principal (or came before it): never allowed, kept once set.
    role_arn_refused: Option<Cow<'a, str>>,
    /// Keys the request may carry with values it does not give
    /// ([`Request::context_unknown`]).
    unknown_keys: Vec<String>,
    /// Whether the request does not contradict itself
    /// ([`Request::contradiction`]), found at its first decision and
    /// forgotten whenever a part it depends on is set.
    consistent: std::sync::OnceLock<bool>,
}

impl<'a> Request<'a> {
    /// A request for `action` (`service:Name`) on `resource` (an ARN, or
    /// `*` for actions that take no resource), from an unnamed principal,
    /// with an empty context.
    ///
    /// A request that is not well formed — an action that is not one
    /// `service:Name` of letters, digits and `-` (`RunTask`, `écs:RunTask`,
    /// `ecs:*`, `ecs:StopTask `), or a resource that is neither `*` nor an
    /// ARN — is never allowed (its decision is
    /// `IMPLICIT_DENY`, [`crate::Reason::MalformedRequest`]);
    /// [`Request::try_new`] refuses it with the reason.
    #[inline]
    pub fn new(action: impl Into<Cow<'a, str>>, resource: impl Into<Cow<'a, str>>) -> Self {
        let action = action.into();
        let resource = resource.into();
        let colon = action.bytes().position(|b| b == b':');
        let service = colon.and_then(|i| action.get(..i)).unwrap_or_default();
        let over_limits =
            action.len() > RequestLimits::ACTION || resource.len() > RequestLimits::ARN;
        let form = resource_form(&resource);
        let malformed = !well_formed_action(&action, colon) || form.is_none();
        Self {
            malformed,
            action_hash: fold_hash(&action),
            service_hash: fold_hash(service),
            arn_account: form.unwrap_or_else(|| arn_account(&resource)),
            colon,
            action,
            resource,
            over_limits,
            context_bytes: 0,
            non_ascii_keys: false,
            folded_keys: std::sync::OnceLock::new(),
            role_arn_refused: None,
            unknown_keys: Vec::new(),
            consistent: std::sync::OnceLock::new(),
            principal: None,
            resource_account: None,
            context: Vec::new(),
        }
    }

    /// A request for `action` on `resource`, refused when it is not well
    /// formed (as `polc authorize` refuses it) or over [`RequestLimits`].
    ///
    /// ```
    /// use polc_evaluator::Request;
    /// assert!(Request::try_new("ecs:RunTask", "*").is_ok());
    /// for (action, resource) in [("RunTask", "*"), ("", ""), ("écs:RunTask", "*"), ("ecs:Run*", "*"), ("ecs:RunTask", "")] {
    ///     assert!(Request::try_new(action, resource).is_err(), "{action} {resource}");
    /// }
    /// ```
    ///
    /// # Errors
    /// What is wrong with the action or the resource, in words.
    pub fn try_new(
        action: impl Into<Cow<'a, str>>,
        resource: impl Into<Cow<'a, str>>,
    ) -> Result<Self, crate::json::RequestError> {
        let request = Self::new(action, resource);
        let refuse = |message: String| crate::json::RequestError {
            message,
            line: None,
            column: None,
        };
        if let Some(message) = request.form_problem() {
            return Err(refuse(message));
        }
        request.check_limits().map_err(refuse)?;
        Ok(request)
    }

    /// What is wrong with the action, the resource or the principal as
    /// written, in words (`None`: each has the form of one AWS names).
    fn form_problem(&self) -> Option<String> {
        if !well_formed_action(&self.action, self.colon) {
            return Some(format!(
                "the action `{}` is not one action: write `service:Name`, such as `ecs:RunTask` (letters, digits and `-`, no space or wildcard)",
                self.action.escape_debug()
            ));
        }
        if self.resource.is_empty() {
            return Some(
                "the resource is empty: give its ARN, or `*` for actions that take no resource"
                    .into(),
            );
        }
        if !well_formed_resource(&self.resource) {
            return Some(format!(
                "the resource `{}` is neither `*` nor an ARN: write it as `arn:partition:service:region:account:resource`, the first four parts in lower-case letters, digits and `-` (no wildcard: a request is for one resource)",
                self.resource.escape_debug()
            ));
        }
        if let Some(p) = &self.principal
            && let Some(why) = principal_problem(&p.text)
        {
            return Some(format!(
                "the principal `{}` names no one AWS could put in a request: {why}",
                p.text.escape_debug()
            ));
        }
        if let Some(arn) = &self.role_arn_refused {
            return Some(format!(
                "`principal_role_arn` `{}` is not the ARN of the principal's role: give it after the principal, a role session (`assumed-role/ROLE/SESSION`), with the same partition, account and role name",
                arn.escape_debug()
            ));
        }
        None
    }

    /// Why the request is never allowed, in words, whatever the policies:
    /// an action, resource or principal not of the form AWS names them
    /// ([`Request::try_new`]), something over [`RequestLimits`]
    /// ([`Request::check_limits`]), or a contradiction
    /// ([`Request::contradiction`]). `None`: the policies decide it.
    ///
    /// ```
    /// use polc_evaluator::Request;
    /// let request = Request::new("ecs:RunTask", "*").principal("arn:AWS:iam::111122223333:user/alice");
    /// assert!(request.refusal().unwrap().contains("principal"));
    /// assert!(Request::new("ecs:RunTask", "*").refusal().is_none());
    /// ```
    pub fn refusal(&self) -> Option<String> {
        self.form_problem()
            .or_else(|| {
                self.malformed.then(|| {
                    "a principal set on this request was not of the form AWS names (it was replaced since, and the request stays refused): build a new one".to_owned()
                })
            })
            .or_else(|| self.check_limits().err())
            .or_else(|| self.contradiction())
    }

    /// The same request, owning its strings: independent of the text it
    /// was read from, so it may be kept or sent to another thread.
    pub fn into_owned(self) -> Request<'static> {
        let owned = |s: Cow<'a, str>| -> Cow<'static, str> { Cow::Owned(s.into_owned()) };
        Request {
            action: owned(self.action),
            colon: self.colon,
            resource: owned(self.resource),
            action_hash: self.action_hash,
            service_hash: self.service_hash,
            arn_account: self.arn_account,
            principal: self.principal.map(PrincipalInfo::into_owned),
            resource_account: self.resource_account.map(owned),
            context: self
                .context
                .into_iter()
                .map(|(k, v)| (owned(k), v.into_owned()))
                .collect(),
            over_limits: self.over_limits,
            malformed: self.malformed,
            context_bytes: self.context_bytes,
            non_ascii_keys: self.non_ascii_keys,
            folded_keys: self.folded_keys,
            role_arn_refused: self.role_arn_refused.map(owned),
            unknown_keys: self.unknown_keys,
            consistent: self.consistent,
        }
    }

    /// Whether the request is well formed (see [`Request::try_new`]) and
    /// does not contradict itself (see [`Request::contradiction`]).
    pub(crate) fn well_formed(&self) -> bool {
        !self.malformed
            && *self
                .consistent
                .get_or_init(|| self.contradiction().is_none())
    }

    /// Where the request contradicts itself, in words: a `resource_account`
    /// other than the account in the resource's ARN, or a context value of
    /// a key the request implies (`aws:PrincipalArn`, `aws:PrincipalAccount`,
    /// `aws:PrincipalType`, `aws:username`, `aws:PrincipalIsAWSService`,
    /// `aws:PrincipalServiceName`, `aws:ResourceAccount`) other than the
    /// value AWS would set. AWS sets those keys itself, so no real request
    /// is like that, and deciding one could pass a `Deny` that tests them:
    /// such a request is never allowed ([`crate::Reason::MalformedRequest`]),
    /// and [`crate::json::parse_request`] refuses it. For a role session,
    /// `aws:PrincipalArn` may name the session's role with its path (as
    /// [`Request::principal_role_arn`] does).
    ///
    /// ```
    /// use polc_evaluator::Request;
    /// let alice = Request::new("iam:CreateUser", "*").principal("arn:aws:iam::111122223333:user/alice");
    /// assert!(alice.clone().context("aws:PrincipalArn", "arn:aws:iam::111122223333:role/Admin").contradiction().is_some());
    /// assert!(alice.context("aws:username", "alice").contradiction().is_none());
    /// let queue = Request::new("sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:q");
    /// assert!(queue.resource_account("444455556666").contradiction().is_some());
    /// ```
    pub fn contradiction(&self) -> Option<String> {
        if let Some(given) = &self.resource_account
            && (given.len() != 12 || !given.bytes().all(|b| b.is_ascii_digit()))
        {
            return Some(format!(
                "`resource_account` `{}` is no account id: write the owning account's 12 digits",
                given.escape_debug()
            ));
        }
        if let (Some(given), Some(range)) = (&self.resource_account, &self.arn_account)
            && let Some(in_arn) = self.resource.get(range.clone())
            && in_arn != &**given
        {
            return Some(format!(
                "`resource_account` `{given}` is not the account of the resource's ARN, `{in_arn}`: leave it out (the ARN's account is used)"
            ));
        }
        for (key, values) in &self.context {
            if !key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:")) {
                continue;
            }
            let Some(name) = derived_name(key) else {
                continue;
            };
            let one = match values.as_slice() {
                [one] => Some(&**one),
                _ => None,
            };
            let (fits, implied) = match self.implied(name) {
                Implied::Unknown => continue,
                Implied::Value(v) if name == "aws:principalisawsservice" => (
                    one.is_some_and(|o| o.eq_ignore_ascii_case(v)),
                    format!("`{v}`"),
                ),
                Implied::Value(v) => (one == Some(v), format!("`{v}`")),
                Implied::OwnRole(p) => (
                    one.is_some_and(|arn| p.is_own_role(arn)),
                    "the session's own role's ARN".to_owned(),
                ),
                Implied::RootOf(account) => (
                    one.is_some_and(|arn| {
                        arn.strip_prefix("arn:")
                            .and_then(|rest| rest.split_once(':'))
                            .is_some_and(|(partition, rest)| {
                                !partition.is_empty()
                                    && partition
                                        .bytes()
                                        .all(|b| b.is_ascii_lowercase() || b == b'-')
                                    && rest
                                        .strip_prefix("iam::")
                                        .and_then(|r| r.strip_suffix(":root"))
                                        == Some(account)
                            })
                    }),
                    format!("`arn:PARTITION:iam::{account}:root`"),
                ),
                Implied::UserId(p) => (
                    one.is_some_and(|id| p.may_have_user_id(id)),
                    "the form of the principal's user id".to_owned(),
                ),
                Implied::Absent(why) => (false, format!("none: {why}")),
            };
            if !fits {
                return Some(format!(
                    "the context gives `{key}`, which AWS sets itself, a value other than the one the request implies ({implied}); leave it out of the context"
                ));
            }
        }
        self.keys_disagree()
    }

    /// Context keys AWS sets together that disagree: `aws:CalledVia…` with
    /// `aws:ViaAWSService` `false` or with each other, and an
    /// `aws:RequestedRegion` other than the region of the resource's ARN.
    fn keys_disagree(&self) -> Option<String> {
        let get = |key: &str| {
            self.context
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v.as_slice())
        };
        let one = |key: &str| match get(key) {
            Some([v]) => Some(&**v),
            _ => None,
        };
        let via = ["aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast"];
        if via.iter().any(|k| get(k).is_some())
            && one("aws:ViaAWSService").is_some_and(|v| v.eq_ignore_ascii_case("false"))
        {
            return Some("the context gives `aws:CalledVia…` with `aws:ViaAWSService` `false`: AWS sets them only on a service's call with the caller's credentials, where it is `true`".to_owned());
        }
        if let Some(list) = get("aws:CalledVia") {
            let first = list.first().map(|v| &**v);
            let last = list.last().map(|v| &**v);
            if one("aws:CalledViaFirst").is_some_and(|f| Some(f) != first)
                || one("aws:CalledViaLast").is_some_and(|l| Some(l) != last)
            {
                return Some("the context's `aws:CalledViaFirst`/`aws:CalledViaLast` are not the first/last of its `aws:CalledVia`".to_owned());
            }
        }
        if let (Some(region), Some(requested)) =
            (self.resource_region(), one("aws:RequestedRegion"))
            && region != requested
        {
            return Some(format!(
                "the context gives `aws:RequestedRegion` `{requested}`, but the resource is in `{region}`, where the request goes"
            ));
        }
        None
    }

    /// What the request implies for the key `name` (lower case, one of
    /// [`DERIVED_KEYS`]), by the principal's kind, as the IAM User
    /// Guide's global condition keys say.
    fn implied(&self, name: &str) -> Implied<'_, 'a> {
        const ANONYMOUS: &str =
            "an anonymous request has no principal keys, and is no service's call";
        const NOT_A_SERVICE: &str =
            "the principal is no AWS service, and AWS sets this key only for services' requests";
        let principal = self.principal.as_ref();
        let kind = principal.map(|p| p.kind);
        let source = matches!(
            name,
            "aws:sourceaccount" | "aws:sourcearn" | "aws:sourceowner"
        );
        // Keys of an IAM identity: its organization and its tags.
        let identity = matches!(
            name,
            "aws:principalorgid" | "aws:principalorgpaths" | "aws:principalorgmasteraccountid"
        ) || name == PRINCIPAL_TAG;
        if name == "aws:resourceaccount" {
            return self.derived(name).map_or(Implied::Unknown, Implied::Value);
        }
        let credential = matches!(
            name,
            "aws:userid"
                | "aws:multifactorauthpresent"
                | "aws:multifactorauthage"
                | "aws:tokenissuetime"
                | "aws:viaawsservice"
                | "aws:calledvia"
                | "aws:calledviafirst"
                | "aws:calledvialast"
                | "aws:federatedprovider"
                | "aws:sourceidentity"
                | "aws:assumedroot"
        );
        let Some(p) = principal else {
            // The IAM User Guide's table of principal key values gives an
            // anonymous request the type `Anonymous` (and says elsewhere
            // that it has none): that value may be given.
            return if name == "aws:principaltype" {
                Implied::Value("Anonymous")
            } else {
                Implied::Absent(ANONYMOUS)
            };
        };
        // Keys of credentials a kind of principal never has.
        let session_only = matches!(name, "aws:federatedprovider" | "aws:sourceidentity");
        match kind {
            Some(PrincipalType::Other) => Implied::Unknown,
            Some(PrincipalType::Service)
                if session_only
                    || matches!(
                        name,
                        "aws:multifactorauthpresent"
                            | "aws:multifactorauthage"
                            | "aws:calledvia"
                            | "aws:calledviafirst"
                            | "aws:calledvialast"
                            | "aws:assumedroot"
                    ) =>
            {
                Implied::Absent("a service principal signs with no user's credentials")
            }
            Some(PrincipalType::User | PrincipalType::Account | PrincipalType::FederatedUser)
                if session_only
                    && !(p.kind == PrincipalType::FederatedUser
                        && name == "aws:federatedprovider") =>
            {
                Implied::Absent("AWS sets this key for role sessions only")
            }
            Some(
                PrincipalType::User
                | PrincipalType::AssumedRole
                | PrincipalType::Role
                | PrincipalType::FederatedUser,
            ) if name == "aws:assumedroot" => {
                Implied::Absent("AWS sets this key for the root user's sessions only")
            }
            Some(PrincipalType::Account) if name == PRINCIPAL_TAG => {
                Implied::Absent("the root user has no tags")
            }
            _ if name == "aws:userid" && p.kind != PrincipalType::Service => Implied::UserId(p),
            _ if credential => Implied::Unknown,
            Some(PrincipalType::Service) => match name {
                "aws:username" | "aws:principalarn" | "aws:principalaccount" => Implied::Absent(
                    "a service principal has no IAM identity: no ARN, account or name of one",
                ),
                _ if identity => Implied::Absent(
                    "a service principal is no member of an organization and has no tags",
                ),
                _ if source => Implied::Unknown,
                _ => self.derived(name).map_or(Implied::Unknown, Implied::Value),
            },
            _ if identity => Implied::Unknown,
            _ if source => Implied::Absent(NOT_A_SERVICE),
            _ => match name {
                "aws:principalservicename" => Implied::Absent(NOT_A_SERVICE),
                "aws:principalisawsservice" => Implied::Value("false"),
                "aws:username" if p.kind != PrincipalType::User => {
                    Implied::Absent("AWS sets `aws:username` for IAM users only")
                }
                "aws:principalarn"
                    if p.kind == PrincipalType::AssumedRole && !p.role_path_known =>
                {
                    Implied::OwnRole(p)
                }
                "aws:principalarn"
                    if p.kind == PrincipalType::Account && !p.text.starts_with("arn:") =>
                {
                    Implied::RootOf(p.part(&p.account))
                }
                _ => self.derived(name).map_or(Implied::Unknown, Implied::Value),
            },
        }
    }

    /// The principal making the request: an ARN (user, role session,
    /// federated user, account root), an account id, or a service principal
    /// (`ecs-tasks.amazonaws.com`).
    ///
    /// `*` and the empty string name no one: the request is then anonymous,
    /// as without a principal (a resource-based policy that allows `*`
    /// allows it; identity-based policies alone do not).
    #[inline(always)]
    #[must_use]
    pub fn principal(mut self, principal: impl Into<Cow<'a, str>>) -> Self {
        // The work out of line, the move inline: a chain of builder calls
        // then builds the request in place.
        self.set_principal(principal.into());
        self
    }

    fn set_principal(&mut self, principal: Cow<'a, str>) {
        self.over_limits |= principal.len() > RequestLimits::ARN;
        self.consistent = std::sync::OnceLock::new();
        // One scan of the ARN for both its form and its parts.
        let colons = arn_colons(&principal);
        self.malformed |= principal_problem_given(&principal, colons).is_some();
        self.principal = (!principal.is_empty() && principal != "*")
            .then(|| PrincipalInfo::parse_given(principal, colons));
    }

    /// The ARN of the role a role-session principal acts for, with its path
    /// (`arn:aws:iam::111122223333:role/app/web`): the value of
    /// `aws:PrincipalArn`. A session's own ARN does not carry the role's
    /// path, so without this, conditions on `aws:PrincipalArn` whose
    /// outcome depends on the path are undecided. Give it after the
    /// principal, a role session, and of its role (same partition, account
    /// and name): otherwise the request is never allowed, and
    /// [`Request::refusal`] says why ([`crate::json::parse_request`]
    /// refuses such a request).
    #[must_use]
    pub fn principal_role_arn(mut self, arn: impl Into<Cow<'a, str>>) -> Self {
        let arn = arn.into();
        self.over_limits |= arn.len() > RequestLimits::ARN;
        self.consistent = std::sync::OnceLock::new();
        if let Some(p) = &mut self.principal
            && p.is_own_role(&arn)
        {
            p.role_arn = Some(arn);
            p.role_path_known = true;
        } else {
            // Said, not dropped (review 41): the request is never allowed.
            self.malformed = true;
            self.role_arn_refused = Some(arn);
        }
        self
    }

    /// Whether the role ARN given with [`Request::principal_role_arn`] was
    /// taken (the principal is a session of that role).
    pub fn has_principal_role_arn(&self) -> bool {
        self.principal.as_ref().is_some_and(|p| p.role_path_known)
    }

    /// The account that owns the resource. When not given, the account
    /// part of the resource ARN is used (if it has one).
    #[must_use]
    pub fn resource_account(mut self, account: impl Into<Cow<'a, str>>) -> Self {
        let account = account.into();
        self.over_limits |= account.len() > RequestLimits::KEY;
        self.consistent = std::sync::OnceLock::new();
        self.resource_account = Some(account);
        self
    }

    /// Sets a context key (replacing a value set before under the same key,
    /// in any case).
    #[inline(always)]
    #[must_use]
    pub fn context(
        mut self,
        key: impl Into<Cow<'a, str>>,
        value: impl Into<ContextValue<'a>>,
    ) -> Self {
        self.set_context_value(key.into(), value.into());
        self
    }

    /// Sets a context key in place; returns `false` if the key was already
    /// set (its value is replaced).
    #[inline]
    pub fn set_context(
        &mut self,
        key: impl Into<Cow<'a, str>>,
        value: impl Into<ContextValue<'a>>,
    ) -> bool {
        self.set_context_value(key.into(), value.into())
    }

    fn set_context_value(&mut self, key: Cow<'a, str>, value: ContextValue<'a>) -> bool {
        self.consistent = std::sync::OnceLock::new();
        let values = value.as_slice();
        self.context_bytes = values
            .iter()
            .fold(self.context_bytes, |n, v| n.saturating_add(v.len()));
        self.over_limits |= key.len() > RequestLimits::KEY
            || values.len() > RequestLimits::VALUES
            || values.iter().any(|v| v.len() > RequestLimits::VALUE)
            || self.context_bytes > RequestLimits::CONTEXT;
        if let Some(slot) = self
            .context
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case(&key))
        {
            slot.1 = value;
            return false;
        }
        self.non_ascii_keys |= !key.is_ascii();
        self.folded_keys = std::sync::OnceLock::new();
        if self.context.len() >= RequestLimits::KEYS {
            // Over the limit the request is refused whatever else is set:
            // the key is not kept, so that setting keys stays linear in
            // their number (each is looked for among at most `KEYS`).
            self.over_limits = true;
            return true;
        }
        self.context.push((key, value));
        true
    }

    /// Says that the request may carry the context key `key`, with a value
    /// (or a presence) not given here: a condition on it is undecided,
    /// `Null` included, so an `Allow` on it does not apply and a `Deny` on
    /// it does (as for the keys AWS always sends). For a question about
    /// what a policy allows in general rather than one request: "could
    /// this role, tagged some way, do it?".
    ///
    /// A value given with [`Request::context`] wins, and so does what the
    /// principal implies: a key of [`IMPLIED_KEYS`] or of the caller's
    /// credentials that the principal gives a value (a user's
    /// `aws:username`) or leaves out (a service's
    /// `aws:MultiFactorAuthPresent`) stays as it is.
    ///
    /// ```
    /// use polc_evaluator::{PolicyKind, PolicySet, Request};
    /// let set = PolicySet::from_json(PolicyKind::Identity, "tagged", r#"{"Version":"2012-10-17","Statement":[
    ///   {"Effect":"Allow","Action":"ecs:RunTask","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"web"}}}]}"#).unwrap();
    /// let request = Request::new("ecs:RunTask", "arn:aws:ecs:us-east-1:111122223333:task-definition/web:1")
    ///     .principal("arn:aws:iam::111122223333:user/alice");
    /// let explanation = set.explain(&request.context_unknown("aws:ResourceTag/team"));
    /// assert!(!explanation.decision.is_allowed());
    /// assert!(format!("{explanation}").contains("cannot be decided"));
    /// ```
    #[must_use]
    pub fn context_unknown(mut self, key: impl AsRef<str>) -> Self {
        let key = key.as_ref();
        self.over_limits |= key.len() > RequestLimits::KEY;
        let keys = &mut self.unknown_keys;
        if keys.len() >= RequestLimits::KEYS {
            self.over_limits = true;
        } else if !keys.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            keys.push(key.to_ascii_lowercase());
        }
        self
    }

    /// Whether `key` (lower case) was said unknown
    /// ([`Request::context_unknown`]) and the principal does not settle it.
    pub(crate) fn said_unknown(&self, key: &str) -> bool {
        let said = self
            .unknown_keys
            .iter()
            .any(|k| k.eq_ignore_ascii_case(key));
        said && derived_name(key).is_none_or(|name| matches!(self.implied(name), Implied::Unknown))
    }

    /// Checks the request against [`RequestLimits`]: `Err` says which
    /// string is too long, or which list too large. [`crate::PolicySet`]
    /// does not allow a request over the limits (it is decided
    /// `IMPLICIT_DENY`), and [`crate::json::parse_request`] refuses one.
    ///
    /// # Errors
    /// The first limit the request exceeds, in words.
    pub fn check_limits(&self) -> Result<(), String> {
        self.check_current_limits()?;
        if self.over_limits {
            // Something over the limits was set and replaced since: the
            // request stays refused (deciding checks one flag).
            return Err(
                "something set on this request was over polc's limits when it was set (a string too long, a list too large, or more than 64 KiB of context values set in all, replaced ones included): the request stays refused; build a new one"
                    .to_owned(),
            );
        }
        Ok(())
    }

    /// [`Request::check_limits`] of what the request holds now.
    fn check_current_limits(&self) -> Result<(), String> {
        let long = |what: &str, len: usize, max: usize| {
            if len > max {
                Err(format!(
                    "{what} is {len} bytes long; polc takes at most {max} (AWS's own limits are lower)"
                ))
            } else {
                Ok(())
            }
        };
        long("the action", self.action.len(), RequestLimits::ACTION)?;
        long("the resource", self.resource.len(), RequestLimits::ARN)?;
        if let Some(p) = &self.principal {
            long("the principal", p.text.len(), RequestLimits::ARN)?;
            if let Some(role) = &p.role_arn {
                long("the principal's role ARN", role.len(), RequestLimits::ARN)?;
            }
        }
        if let Some(a) = &self.resource_account {
            long("the resource account", a.len(), RequestLimits::KEY)?;
        }
        if self.context.len() > RequestLimits::KEYS {
            return Err(format!(
                "the context has {} keys; polc takes at most {}",
                self.context.len(),
                RequestLimits::KEYS
            ));
        }
        let total: usize = self
            .context
            .iter()
            .flat_map(|(_, v)| v.as_slice())
            .map(|v| v.len())
            .sum();
        if total > RequestLimits::CONTEXT {
            return Err(format!(
                "the context's values are {total} bytes in all; polc takes at most {}",
                RequestLimits::CONTEXT
            ));
        }
        for (key, value) in &self.context {
            long("a context key", key.len(), RequestLimits::KEY)?;
            let values = value.as_slice();
            if values.len() > RequestLimits::VALUES {
                return Err(format!(
                    "the context key `{key}` has {} values; polc takes at most {}",
                    values.len(),
                    RequestLimits::VALUES
                ));
            }
            for v in values {
                long(
                    &format!("a value of the context key `{key}`"),
                    v.len(),
                    RequestLimits::VALUE,
                )?;
            }
        }
        Ok(())
    }

    /// Whether the request is within [`RequestLimits`]: nothing over them
    /// was ever set (a value replaced by a shorter one still counts).
    pub(crate) fn within_limits(&self) -> bool {
        !self.over_limits
    }

    /// The action.
    pub fn action(&self) -> &str {
        &self.action
    }

    /// The resource.
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// The principal, if named.
    pub fn principal_name(&self) -> Option<&str> {
        self.principal.as_ref().map(|p| &*p.text)
    }

    /// The principal's type, if named.
    pub fn principal_type(&self) -> Option<PrincipalType> {
        self.principal.as_ref().map(|p| p.kind)
    }

    /// The principal's account, if it has one.
    pub fn principal_account(&self) -> Option<&str> {
        self.principal.as_ref().and_then(PrincipalInfo::account)
    }

    /// The resource's account: as given, else the account part of the
    /// resource ARN (when it has a literal one).
    pub fn resource_account_id(&self) -> Option<&str> {
        if let Some(a) = &self.resource_account {
            return Some(a);
        }
        self.resource.get(self.arn_account.clone()?)
    }

    /// The region requests to a global service go to, on a resource
    /// without a region: IAM, CloudFront, Route 53 and AWS Support are
    /// served from `us-east-1` (IAM User Guide, "Denies access to AWS based
    /// on the requested Region").
    fn global_region(&self) -> Option<&'static str> {
        let (service, _) = self.action_parts();
        // In the `aws` partition only: IAM is served from `us-gov-west-1`
        // in GovCloud and from `cn-north-1` in China (review 44); there,
        // and where the partition is unknown, the region is not said.
        let principal = self.principal.as_ref().and_then(PrincipalInfo::partition);
        // A request that names two partitions says none (review 45).
        (self.partition() == Some("aws")
            && principal.is_none_or(|p| p == "aws")
            && ["iam", "cloudfront", "route53", "support"]
                .iter()
                .any(|g| service.eq_ignore_ascii_case(g)))
        .then_some("us-east-1")
    }

    /// Whether `key` (lower case), absent from the context and not derived,
    /// is one AWS always sends with a value the request does not say:
    /// `aws:RequestedRegion` (but for the global services, derived), the
    /// [`ALWAYS_SENT_KEYS`], `aws:ViaAWSService` of a principal's request,
    /// `aws:MultiFactorAuthPresent` and `aws:TokenIssueTime` of a role's or
    /// federated user's (temporary credentials), the `aws:userid` of an
    /// identity, the `aws:PrincipalArn` of a principal given by its account
    /// id or of a role session whose role's path is unknown. A condition on it is undecided but for `Null` (the key is
    /// there; a session's role ARN is compared but for its path, before
    /// this), and a variable of it has no value (its default does not
    /// stand in).
    pub(crate) fn present_unknown(&self, key: &str) -> bool {
        let kind = self.principal.as_ref().map(|p| p.kind);
        match key {
            "aws:requestedregion" => true,
            _ if ALWAYS_SENT_KEYS.contains(&key) => true,
            // "Always included in the request context for most services":
            // of a principal's request (an anonymous one is no service's
            // call; a context giving it one is refused).
            "aws:viaawsservice" => kind.is_some(),
            // Included "only when the principal uses temporary
            // credentials": a role's (a role acts through sessions) and a
            // federated user's always are; an IAM user's are not when
            // signed with access keys, so for a user the key may be absent.
            "aws:multifactorauthpresent" | "aws:tokenissuetime" => matches!(
                kind,
                Some(
                    PrincipalType::AssumedRole | PrincipalType::Role | PrincipalType::FederatedUser
                )
            ),
            "aws:userid" | "aws:principalarn" => matches!(
                self.implied(key),
                Implied::UserId(_) | Implied::RootOf(_) | Implied::OwnRole(_)
            ),
            _ => false,
        }
    }

    /// Whether `key` (lower case), absent from the context, may be there
    /// or not, with a value the request does not say: a condition on it
    /// is undecided, `Null` included. So are the signed-request keys of
    /// Amazon S3 and its kin for a principal's request on the key's own
    /// service (`s3:authType`, `s3:signatureversion`: review 43), which
    /// some of the service's actions have and others lack (review 45).
    pub(crate) fn presence_unknown(&self, key: &str) -> bool {
        if self.said_unknown(key) {
            return true;
        }
        if !signed_request_key(key) || self.principal.is_none() {
            return false;
        }
        let service = self.action_parts().0;
        key.get(..service.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(service))
            && key.as_bytes().get(service.len()) == Some(&b':')
    }

    /// The partition the request is in: the resource's, or where its ARN
    /// does not say (`*`), the principal's (credentials are of one
    /// partition, and a request never crosses partitions).
    pub(crate) fn partition(&self) -> Option<&str> {
        self.resource_partition()
            .or_else(|| self.principal.as_ref().and_then(PrincipalInfo::partition))
    }

    /// The region of the resource's ARN (`us-east-1` in
    /// `arn:aws:ecs:us-east-1:111122223333:cluster/prod`), when it has one.
    fn resource_region(&self) -> Option<&str> {
        self.resource
            .strip_prefix("arn:")
            .and_then(|rest| rest.split(':').nth(2))
            .filter(|r| !r.is_empty())
    }

    /// The partition of the resource's ARN (`aws` in `arn:aws:s3:::b`),
    /// when literal.
    pub(crate) fn resource_partition(&self) -> Option<&str> {
        let rest = self.resource.strip_prefix("arn:")?;
        let end = rest.bytes().position(|b| b == b':')?;
        rest.get(..end)
            .filter(|p| !p.is_empty() && !p.bytes().any(|b| b == b'*' || b == b'?'))
    }

    /// The service prefix and the action name (`("ecs", "RunTask")`).
    pub(crate) fn action_parts(&self) -> (&str, &str) {
        match self.colon {
            Some(i) => (
                self.action.get(..i).unwrap_or_default(),
                self.action.get(i + 1..).unwrap_or_default(),
            ),
            None => ("", &self.action),
        }
    }

    /// For a role session without [`Request::principal_role_arn`]: the
    /// role's ARN without a path (its real path is unknown).
    pub(crate) fn role_arn_unknown_path(&self) -> Option<&str> {
        self.principal
            .as_ref()
            .and_then(PrincipalInfo::role_arn_unknown_path)
    }

    /// The values of `key` (lower case); `None` when absent.
    pub(crate) fn values(&self, key: &str) -> Option<Values<'_>> {
        match self
            .context
            .iter()
            .find(|(k, _)| k.len() == key.len() && k.eq_ignore_ascii_case(key))
        {
            Some((_, v)) => Some(Values::Many(v.as_slice())),
            None => self.derived(key).map(Values::One),
        }
    }

    /// Whether the context gives a key that is `key` (lower case) under
    /// Unicode case folding but not under ASCII's (`aws:RequestTag/équipe`
    /// for `aws:requesttag/ÉQUIPE`, `ſ` for `s`): AWS says key names are
    /// not case-sensitive and not how it folds beyond ASCII, so a condition
    /// on the key is undecided (review 41).
    /// `key_ascii`: whether `key` is ASCII (a compiled condition knows).
    pub(crate) fn key_folds_ambiguously(&self, key: &str, key_ascii: bool) -> bool {
        // Texts of ASCII only fold alike exactly when their ASCII cases do.
        if !self.non_ascii_keys && key_ascii {
            return false;
        }
        // Two foldings, either enough: fully, twice (`ẞ` to `ß` to `ss`:
        // reviews 44, 45), without the dot `İ` leaves on its `i` (`İd` is
        // `id` letter by letter, as Java's `equalsIgnoreCase` reads it:
        // review 43); and lower case alone. The context's keys are folded
        // once per request.
        let (key_full, key_lower) = (folded(key), key.to_lowercase());
        let context = self.folded_keys.get_or_init(|| {
            self.context
                .iter()
                .map(|(k, _)| (folded(k), k.to_lowercase()))
                .collect()
        });
        self.context
            .iter()
            .zip(context.iter())
            .any(|((k, _), (full, lower))| {
                !(k.len() == key.len() && k.eq_ignore_ascii_case(key))
                    && (*full == key_full || *lower == key_lower)
            })
    }

    /// Every context key given, with its values (not the derived ones).
    pub fn context_entries(&self) -> impl Iterator<Item = (&str, &[Cow<'a, str>])> + '_ {
        self.context.iter().map(|(k, v)| (&**k, v.as_slice()))
    }

    /// The value of a key the request implies (`key` in lower case).
    fn derived(&self, key: &str) -> Option<&str> {
        // Every derived key is a global `aws:` key (a cheap first test: most
        // condition keys of policies are service keys).
        if !key.starts_with("aws:") {
            return None;
        }
        if key == "aws:resourceaccount" {
            return self.resource_account_id();
        }
        // AWS always sends the region a request goes to. Not given, it is
        // known only for the global services: a request on a resource is
        // not always sent to the resource's region (a copy goes to the
        // destination's), and a context naming another region than the
        // resource's is refused as contradicting it.
        if key == "aws:requestedregion" {
            return self.global_region();
        }
        let p = self.principal.as_ref()?;
        let is_arn = p.text.starts_with("arn:");
        match key {
            "aws:principalaccount" => p.account(),
            "aws:principaltype" => match p.kind {
                PrincipalType::Account => Some("Account"),
                PrincipalType::User => Some("User"),
                // A role acts through sessions: its requests are a
                // session's.
                PrincipalType::AssumedRole | PrincipalType::Role => Some("AssumedRole"),
                PrincipalType::FederatedUser => Some("FederatedUser"),
                PrincipalType::Service | PrincipalType::Other => None,
            },
            "aws:principalarn" if p.kind == PrincipalType::AssumedRole => {
                // "For IAM roles, the request context returns the ARN of
                // the role": known only with its path (else see
                // `role_arn_unknown_path`).
                p.role_arn.as_deref().filter(|_| p.role_path_known)
            }
            "aws:principalarn" => (is_arn
                && matches!(
                    p.kind,
                    PrincipalType::User
                        | PrincipalType::Role
                        | PrincipalType::Account
                        | PrincipalType::FederatedUser
                ))
            .then_some(&*p.text),
            "aws:username" => (p.kind == PrincipalType::User).then(|| p.part(&p.name)),
            "aws:principalisawsservice" => match p.kind {
                PrincipalType::Service => Some("true"),
                _ if is_arn => Some("false"),
                _ => None,
            },
            "aws:principalservicename" => (p.kind == PrincipalType::Service).then_some(&*p.text),
            _ => None,
        }
    }
}

/// The values of a key in a request.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Values<'r> {
    /// Given in the context.
    Many(&'r [Cow<'r, str>]),
    /// Derived from the request.
    One(&'r str),
}

impl<'r> Values<'r> {
    pub(crate) fn len(self) -> usize {
        match self {
            Self::Many(v) => v.len(),
            Self::One(_) => 1,
        }
    }

    pub(crate) fn get(self, i: usize) -> Option<&'r str> {
        match self {
            Self::Many(v) => v.get(i).map(|c| &**c),
            Self::One(s) => (i == 0).then_some(s),
        }
    }

    pub(crate) fn iter(self) -> impl Iterator<Item = &'r str> {
        (0..self.len()).filter_map(move |i| self.get(i))
    }
}

impl Vars for Request<'_> {
    fn var(&self, key: &str) -> Option<&str> {
        if self.key_folds_ambiguously(key, key.is_ascii()) {
            return None;
        }
        let values = self.values(key)?;
        match values.len() {
            1 => values.get(0),
            // Several values (or none): a multivalued key cannot be a
            // variable; read as no value.
            _ => None,
        }
    }

    fn var_or<'s>(&'s self, key: &str, default: Option<&'s str>) -> Option<&'s str> {
        if self.key_folds_ambiguously(key, key.is_ascii()) || self.presence_unknown(key) {
            // A key the request may give, or not: no value, no default.
            return None;
        }
        match self.values(key) {
            Some(values) if values.len() == 1 => values.get(0),
            // Several values (or none), or a key AWS sends whose value is
            // unknown: no value, and no absent key.
            Some(_) => None,
            None if self.present_unknown(key) => None,
            None => default,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principals() {
        let p = PrincipalInfo::parse("arn:aws:sts::111122223333:assumed-role/web/i-1".into());
        assert_eq!(p.kind, PrincipalType::AssumedRole);
        assert_eq!(p.part(&p.name), "web");
        assert_eq!(p.account(), Some("111122223333"));
        let u = PrincipalInfo::parse("arn:aws:iam::111122223333:user/team/alice".into());
        assert_eq!((u.kind, u.part(&u.name)), (PrincipalType::User, "alice"));
        assert_eq!(
            PrincipalInfo::parse("111122223333".into()).kind,
            PrincipalType::Account
        );
        assert_eq!(
            PrincipalInfo::parse("ecs-tasks.amazonaws.com".into()).kind,
            PrincipalType::Service
        );
        assert_eq!(
            PrincipalInfo::parse("arn:aws".into()).kind,
            PrincipalType::Other
        );
        let bad = PrincipalInfo::parse("arn:aws:sts::1:assumed-role/noslash".into());
        assert_eq!(bad.kind, PrincipalType::Other);
    }

    #[test]
    fn arn_forms() {
        assert_eq!(arn_colons("arn:aws:s3:::bucket"), Some([7, 10, 11, 12]));
        assert_eq!(
            resource_form("arn:aws:ecs:us-east-1:111122223333:cluster/a"),
            Some(Some(22..34))
        );
        assert_eq!(resource_form("arn:aws:s3:::b"), Some(None));
        assert_eq!(resource_form("*"), Some(None));
        for bad in [
            "arn::s3:::b",
            "arn:aws::::b",
            "arn:aws:s3:::",
            "arn:AWS:s3:::b",
            "arn:aws:s3:us-*:1:b",
            "arn:aws:s3 :::b",
            "arn:aws:s3",
            "ARN:aws:s3:::b",
            "",
        ] {
            let ok = resource_form(bad).is_some();
            assert_eq!(ok, bad == "arn:aws:s3:::", "{bad}");
        }
        // A malformed principal ARN is still classified by its colons.
        let odd = PrincipalInfo::parse("arn:AWS:iam::111122223333:user/a".into());
        assert_eq!(
            (odd.kind, odd.account()),
            (PrincipalType::User, Some("111122223333"))
        );
    }

    #[test]
    fn colon_positions_and_arn_accounts() {
        assert_eq!(colons::<2>(b"a:b:c"), Some([1, 3]));
        assert_eq!(colons::<3>(b"a:b:c"), None);
        assert_eq!(colons::<1>(b":"), Some([0]));
        fn account(arn: &str) -> Option<&str> {
            arn_account(arn).and_then(|r| arn.get(r))
        }
        assert_eq!(account("arn:aws:ecs:us-east-1:111:task/x"), Some("111"));
        assert_eq!(account("arn:aws:s3:::b/k:1"), None);
        assert_eq!(account("arn:aws:ecs:us-east-1:1*1:x"), None);
        // No resource part: no ARN, no account (the stricter reading).
        assert_eq!(account("arn:aws:ecs:us-east-1:111"), None);
        assert_eq!(account("arn:aws:ecs:us-east-1:111:"), Some("111"));
        assert_eq!(account("aws:ecs:us-east-1:111:x"), None);
    }

    #[test]
    fn derived_keys_and_explicit_wins() {
        let r = Request::new("s3:GetObject", "arn:aws:s3:::b/k")
            .principal("arn:aws:iam::111122223333:user/alice");
        assert_eq!(r.var("aws:username"), Some("alice"));
        assert_eq!(r.var("aws:principalaccount"), Some("111122223333"));
        assert_eq!(r.var("aws:resourceaccount"), None);
        let r = r.context("AWS:username", "bob");
        assert_eq!(r.var("aws:username"), Some("bob"));
        let r = Request::new(
            "ecs:RunTask",
            "arn:aws:ecs:us-east-1:444455556666:task-definition/x:1",
        );
        assert_eq!(r.var("aws:resourceaccount"), Some("444455556666"));
    }
}
