//! Compiled conditions and their evaluation, in three-valued logic.
//!
//! A condition is `True`, `False` or `Undecided`. `Undecided` is what AWS's
//! documents leave open: a request value that does not parse for the
//! operator (`abc` for a Numeric operator), or a key with several values
//! under an operator without `ForAllValues:`/`ForAnyValue:` when "any value"
//! and "every value" give different answers. The stricter reading wins: an
//! `Allow` statement applies only when its conditions are `True`; a `Deny`
//! statement applies unless they are `False`.

use std::net::IpAddr;

use polc_model::condition::values::{
    Cidr, Timestamp, decimal_cmp, decode_base64, fold_case, in_networks, is_base64, parse_bool,
    parse_cidr, parse_date, parse_number,
};
use polc_model::condition::{
    BaseOperator, ConditionOperator, ConditionValue, OperatorFamily, SetQualifier,
};

use crate::pattern::{Pattern, Syntax};
use crate::request::{Request, Values};

/// A truth value of three-valued logic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Truth {
    False,
    Undecided,
    True,
}

impl Truth {
    pub(crate) fn of(b: bool) -> Self {
        if b { Self::True } else { Self::False }
    }

    pub(crate) fn not(self) -> Self {
        match self {
            Self::False => Self::True,
            Self::Undecided => Self::Undecided,
            Self::True => Self::False,
        }
    }
}

/// How a value compares with a policy value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmp {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    fn of(base: BaseOperator) -> Self {
        use BaseOperator as B;
        match base {
            B::NumericLessThan | B::DateLessThan => Self::Lt,
            B::NumericLessThanEquals | B::DateLessThanEquals => Self::Le,
            B::NumericGreaterThan | B::DateGreaterThan => Self::Gt,
            B::NumericGreaterThanEquals | B::DateGreaterThanEquals => Self::Ge,
            _ => Self::Eq,
        }
    }

    /// Whether the comparison holds, given how the request's value
    /// orders against the policy's.
    fn holds_order(self, order: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering as O;
        match self {
            Self::Eq => order == O::Equal,
            Self::Lt => order == O::Less,
            Self::Le => order != O::Greater,
            Self::Gt => order == O::Greater,
            Self::Ge => order != O::Less,
        }
    }

    fn holds<T: PartialOrd>(self, request: &T, policy: &T) -> bool {
        match self {
            Self::Eq => request == policy,
            Self::Lt => request < policy,
            Self::Le => request <= policy,
            Self::Gt => request > policy,
            Self::Ge => request >= policy,
        }
    }
}

/// Whether `value` matches some pattern (values are ORed: one sure match
/// decides).
#[inline]
pub(crate) fn any(patterns: &[Pattern], value: &str, request: &Request<'_>) -> Truth {
    let mut best = Truth::False;
    for p in patterns {
        best = best.max(p.test(value, request));
        if best == Truth::True {
            break;
        }
    }
    best
}

/// The policy values of a condition, parsed for its operator.
#[derive(Debug, Clone)]
enum Parsed {
    Patterns(Box<[Pattern]>),
    /// `Arn*` values read by the operator's rules (`strict`: the six parts
    /// apart) and by the `Resource` element's (`loose`: a `*` ending a part
    /// may run over colons); where AWS's pages disagree, undecided.
    Arns {
        strict: Box<[Pattern]>,
        loose: Box<[Pattern]>,
    },
    /// Numbers as written (validated), compared exactly as decimals, each
    /// with its value as a double (read once, for the other reading).
    Numbers(Box<[(Box<str>, f64)]>),
    Dates(Box<[Timestamp]>),
    Bools(Box<[bool]>),
    Networks(Box<[Cidr]>),
    /// `BinaryEquals` values as the bytes their base64 stands for.
    Binary(Box<[Box<[u8]>]>),
    /// `Null`: `true` means "the key is absent".
    Null(Box<[bool]>),
}

/// `StringEqualsIgnoreCase` where a text goes beyond ASCII: AWS does not
/// say how it folds case there. `narrow` is the match with ASCII letters
/// folded (and a non-ASCII value letter compared by its lower case); where
/// folding upper then lower case (`ſ` as `s`, the Kelvin sign as `k`)
/// decides otherwise, or a value with a variable cannot be folded, the
/// match is undecided: neither answer is safe.
fn beyond_ascii(narrow: Truth, folded: &[Option<Folded>], value: &str) -> Truth {
    let ascii = value.is_ascii() && folded.iter().flatten().all(|f| f.ascii);
    if ascii {
        return narrow;
    }
    let value = Folded::new(value);
    let full = folded.iter().flatten().any(|f| f.full == value.full);
    let simple = folded.iter().flatten().any(|f| f.simple == value.simple);
    let unknown = folded.iter().any(Option::is_none);
    match (narrow, full, simple) {
        (Truth::True, true, true) => Truth::True,
        (Truth::False, false, false) if !unknown => Truth::False,
        _ => Truth::Undecided,
    }
}

/// A text folded two ways: whole (upper then lower case of the whole
/// text: `ß` is `ss`, `İ` is `i̇`) and letter by letter (each letter's
/// upper then lower case kept to one letter, as Java's `equalsIgnoreCase`
/// folds: `İ` is `i`). AWS says neither.
#[derive(Debug, Clone)]
struct Folded {
    ascii: bool,
    full: Box<str>,
    simple: Box<str>,
}

impl Folded {
    fn new(text: &str) -> Self {
        // Letter by letter: the upper case when it is one letter (`ß`
        // stays), then the first letter of the lower case (`İ` lowers to
        // `i` and a combining dot: `i`).
        let upper = |c: char| {
            let mut up = c.to_uppercase();
            match (up.next(), up.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        };
        let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
        Self {
            ascii: text.is_ascii(),
            full: fold_case(text).into_boxed_str(),
            simple: text
                .chars()
                .map(|c| lower(upper(c)))
                .collect::<String>()
                .into_boxed_str(),
        }
    }
}

/// One key under one operator, compiled.
#[derive(Debug, Clone)]
pub(crate) struct CompiledCondition {
    /// The key in lower case, for lookups.
    key: Box<str>,
    /// The key as written.
    pub(crate) key_text: Box<str>,
    /// Whether the key is ASCII (its case folds as ASCII's only).
    key_ascii: bool,
    /// Whether the key is `aws:PrincipalArn` (a role session's may be
    /// known but for its path).
    principal_arn: bool,
    pub(crate) operator: ConditionOperator,
    cmp: Cmp,
    parsed: Parsed,
    /// For `StringEqualsIgnoreCase` and its negation: each value folded
    /// both ways (see [`beyond_ascii`]), `None` for one with a policy
    /// variable.
    folded: Option<Box<[Option<Folded>]>>,
    /// The values as written, for explanations.
    pub(crate) values: Box<[Box<str>]>,
}

/// Why a condition value cannot be compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadValue {
    pub(crate) value_index: usize,
    pub(crate) message: String,
}

impl CompiledCondition {
    /// Compiles `key` under `operator` with `values`; `variables`: the
    /// policy reads `${...}` (Version 2012-10-17).
    pub(crate) fn new(
        operator: ConditionOperator,
        key: &str,
        values: &[ConditionValue],
        variables: bool,
    ) -> Result<Self, BadValue> {
        use BaseOperator as B;
        let base = operator.base;
        let texts: Vec<&str> = values.iter().map(ConditionValue::as_text).collect();
        let parse_all = |what: &str, ok: &dyn Fn(&str) -> bool| -> Result<(), BadValue> {
            match texts.iter().position(|t| !ok(t)) {
                Some(i) => Err(BadValue {
                    value_index: i,
                    message: format!(
                        "`{}` is not {what}, so `{base}` cannot compare it",
                        texts.get(i).copied().unwrap_or_default(),
                        base = base.as_str()
                    ),
                }),
                None => Ok(()),
            }
        };
        let patterns = |syntax: Syntax, ignore_case: bool| {
            Parsed::Patterns(
                texts
                    .iter()
                    .map(|t| Pattern::compile(t, syntax, variables, ignore_case))
                    .collect(),
            )
        };
        let parsed = match base.family() {
            OperatorFamily::String => match base {
                B::StringEqualsIgnoreCase | B::StringNotEqualsIgnoreCase => {
                    patterns(Syntax::Literal, true)
                }
                B::StringLike | B::StringNotLike => patterns(Syntax::Glob, false),
                _ => patterns(Syntax::Literal, false),
            },
            OperatorFamily::Arn => Parsed::Arns {
                strict: texts
                    .iter()
                    .map(|t| Pattern::compile(t, Syntax::Arn, variables, false))
                    .collect(),
                loose: texts
                    .iter()
                    .map(|t| Pattern::compile(t, Syntax::Resource, variables, false))
                    .collect(),
            },
            OperatorFamily::Numeric => {
                parse_all("a number", &|t| parse_number(t).is_some())?;
                Parsed::Numbers(
                    texts
                        .iter()
                        .filter_map(|t| Some((Box::from(*t), parse_number(t)?)))
                        .collect(),
                )
            }
            OperatorFamily::Date => {
                parse_all("a date (ISO 8601 or epoch seconds)", &|t| {
                    parse_date(t).is_some()
                })?;
                Parsed::Dates(texts.iter().filter_map(|t| parse_date(t)).collect())
            }
            OperatorFamily::Bool => {
                parse_all("`true` or `false`", &|t| parse_bool(t).is_some())?;
                Parsed::Bools(texts.iter().filter_map(|t| parse_bool(t)).collect())
            }
            OperatorFamily::IpAddress => {
                parse_all("an IP address or CIDR block", &|t| parse_cidr(t).is_some())?;
                Parsed::Networks(texts.iter().filter_map(|t| parse_cidr(t)).collect())
            }
            OperatorFamily::Binary => {
                parse_all("base64", &is_base64)?;
                Parsed::Binary(
                    texts
                        .iter()
                        .filter_map(|t| decode_base64(t).map(Vec::into_boxed_slice))
                        .collect(),
                )
            }
            OperatorFamily::Null => {
                parse_all("`true` or `false`", &|t| parse_bool(t).is_some())?;
                Parsed::Null(texts.iter().filter_map(|t| parse_bool(t)).collect())
            }
        };
        let folded = matches!(
            base,
            B::StringEqualsIgnoreCase | B::StringNotEqualsIgnoreCase
        )
        .then(|| {
            texts
                .iter()
                .map(|t| {
                    (!(variables && polc_model::variable::has_variable(t))).then(|| Folded::new(t))
                })
                .collect()
        });
        Ok(Self {
            folded,
            principal_arn: key.eq_ignore_ascii_case("aws:PrincipalArn"),
            key: key.to_ascii_lowercase().into_boxed_str(),
            key_text: key.into(),
            key_ascii: key.is_ascii(),
            operator,
            cmp: Cmp::of(base),
            parsed,
            values: texts.iter().map(|t| Box::from(*t)).collect(),
        })
    }

    /// `aws:PrincipalArn` of a role session whose role's path is unknown:
    /// the role's ARN without a path.
    fn unknown_role_arn<'r>(&self, request: &'r Request<'_>) -> Option<&'r str> {
        if !self.principal_arn {
            return None;
        }
        request.role_arn_unknown_path()
    }

    /// Whether every value can be matched in time linear in the text.
    pub(crate) fn is_linear(&self) -> bool {
        match &self.parsed {
            Parsed::Patterns(ps) => ps.iter().all(Pattern::is_linear),
            Parsed::Arns { strict, loose } => {
                strict.iter().all(Pattern::is_linear) && loose.iter().all(Pattern::is_linear)
            }
            _ => true,
        }
    }

    /// Evaluates the condition on `request`.
    pub(crate) fn eval(&self, request: &Request<'_>) -> Truth {
        // No value to compare with (`"k": []`): AWS gives it no reading
        // (review 48: a negated operator allowed everything).
        if self.values.is_empty() {
            return Truth::Undecided;
        }
        if request.key_folds_ambiguously(&self.key, self.key_ascii) {
            return Truth::Undecided;
        }
        let given = request.values(&self.key);
        if given.is_none() && request.presence_unknown(&self.key) {
            return Truth::Undecided;
        }
        if self.empty_values_ambiguous(given) {
            return Truth::Undecided;
        }
        let values = given.filter(|v| v.len() > 0);
        // An anonymous request's `aws:PrincipalType` and `aws:userid`: the
        // IAM User Guide gives them (`Anonymous`, `anonymous`) in one
        // place and says in another that such a request has no type.
        if values.is_none()
            && request.principal.is_none()
            && matches!(&*self.key, "aws:principaltype" | "aws:userid")
        {
            return Truth::Undecided;
        }
        let negated = self.operator.base.is_negated();
        let role_arn = if values.is_none() {
            self.unknown_role_arn(request)
        } else {
            None
        };
        let unknown = values.is_none() && role_arn.is_none() && request.present_unknown(&self.key);
        if let Parsed::Null(wants_absent) = &self.parsed {
            let absent = values.is_none() && role_arn.is_none() && !unknown;
            let null = Truth::of(wants_absent.contains(&absent));
            // `ForAnyValue:Null`/`ForAllValues:Null` on an absent key: as
            // `Null` it holds or not by its value; as a set operator over
            // no values it is false (`ForAnyValue`) or true
            // (`ForAllValues`). AWS documents neither reading for the pair:
            // where they disagree, undecided.
            return match (absent, self.operator.qualifier) {
                (true, Some(qualifier)) => {
                    let over_none = Truth::of(qualifier == SetQualifier::ForAllValues);
                    if over_none == null {
                        null
                    } else {
                        Truth::Undecided
                    }
                }
                _ => null,
            };
        }
        if unknown {
            // A key AWS sends, of a value the request does not say.
            return Truth::Undecided;
        }
        if let Some(arn) = role_arn {
            // One value, known but for the role's path.
            let m = self.matches_unknown_path(arn, request);
            return if negated { m.not() } else { m };
        }
        let Some(values) = values else {
            if self.operator.if_exists {
                // `IfExists` makes an absent key's condition true, and
                // `ForAnyValue` over no values is false: AWS documents
                // neither reading for the pair, and AWS has been seen
                // taking it as false (an `Allow` with
                // `ForAnyValue:StringEqualsIfExists` did not allow without
                // the key). Undecided: never allowed by it, never a `Deny`
                // taken as certain.
                return match self.operator.qualifier {
                    Some(SetQualifier::ForAnyValue) => Truth::Undecided,
                    _ => Truth::True,
                };
            }
            return match self.operator.qualifier {
                Some(SetQualifier::ForAllValues) => Truth::True,
                Some(SetQualifier::ForAnyValue) => Truth::False,
                None => Truth::of(negated),
            };
        };
        let each = |v: &str| {
            let m = self.matches(v, request);
            if negated { m.not() } else { m }
        };
        match self.operator.qualifier {
            Some(SetQualifier::ForAnyValue) => {
                values.iter().map(each).max().unwrap_or(Truth::False)
            }
            Some(SetQualifier::ForAllValues) => {
                values.iter().map(each).min().unwrap_or(Truth::True)
            }
            None => {
                let mut any = Truth::False;
                let mut all = Truth::True;
                for v in values.iter() {
                    let t = each(v);
                    any = any.max(t);
                    all = all.min(t);
                }
                if any == all { any } else { Truth::Undecided }
            }
        }
    }

    /// Whether one request value matches some policy value (the operator
    /// without its negation).
    fn matches(&self, value: &str, request: &Request<'_>) -> Truth {
        let cmp = self.cmp;
        match &self.parsed {
            Parsed::Patterns(ps) => {
                let narrow = any(ps, value, request);
                match &self.folded {
                    Some(folded) => beyond_ascii(narrow, folded, value),
                    None => narrow,
                }
            }
            Parsed::Arns { strict, loose } => {
                let s = any(strict, value, request);
                let l = any(loose, value, request);
                if s == l { s } else { Truth::Undecided }
            }
            Parsed::Numbers(ns) => match parse_number(value) {
                // Exactly, as decimals; AWS does not say how it compares,
                // and binary floating point (doubles) orders some numbers
                // otherwise (`99.99999999999999999` is `100` as a double):
                // where the two readings disagree, undecided (review 48).
                Some(double) => {
                    let mut truth = Truth::False;
                    for (n, n_double) in ns.iter() {
                        let exact = cmp.holds_order(decimal_cmp(value, n));
                        let rounded = double
                            .partial_cmp(n_double)
                            .is_some_and(|o| cmp.holds_order(o));
                        if exact && rounded {
                            return Truth::True;
                        }
                        if exact != rounded {
                            truth = Truth::Undecided;
                        }
                    }
                    truth
                }
                None => Truth::Undecided,
            },
            Parsed::Dates(ds) => match parse_date(value) {
                Some(v) => Truth::of(ds.iter().any(|d| cmp.holds(&v, d))),
                None => Truth::Undecided,
            },
            Parsed::Bools(bs) => match parse_bool(value) {
                Some(v) => Truth::of(bs.contains(&v)),
                None => Truth::Undecided,
            },
            Parsed::Networks(nets) => match value.parse::<IpAddr>() {
                Ok(ip) => in_networks(nets, ip).map_or(Truth::Undecided, Truth::of),
                Err(_) => Truth::Undecided,
            },
            // Bytes for bytes: a request value that is not base64 has no
            // bytes AWS documents, and is undecided.
            Parsed::Binary(bs) => match decode_base64(value) {
                Some(v) => Truth::of(bs.iter().any(|b| **b == *v)),
                None => Truth::Undecided,
            },
            Parsed::Null(_) => Truth::Undecided,
        }
    }

    /// [`CompiledCondition::matches`] for the ARN of a role whose path is unknown
    /// (`arn` without one): undecided where the path decides.
    fn matches_unknown_path(&self, arn: &str, request: &Request<'_>) -> Truth {
        let Some(role) = request.principal.as_ref() else {
            return Truth::Undecided;
        };
        let name = role.part(&role.name);
        let Some(prefix) = arn.strip_suffix(name) else {
            return Truth::Undecided;
        };
        let max = |ps: &[Pattern]| {
            ps.iter()
                .map(|p| p.test_unknown_path(prefix, name))
                .max()
                .unwrap_or(Truth::False)
        };
        match &self.parsed {
            Parsed::Patterns(ps) => max(ps),
            Parsed::Arns { strict, loose } => {
                let (s, l) = (max(strict), max(loose));
                if s == l { s } else { Truth::Undecided }
            }
            _ => Truth::Undecided,
        }
    }

    /// Why the condition is undecided on `request` (when it is), in words.
    /// Whether the request gives the key only empty strings, and the
    /// operator is `Null` or has `ForAllValues:`/`ForAnyValue:`: the IAM
    /// User Guide treats "context keys with empty values" like missing
    /// ones there ("a null data set, such as an empty string"), and
    /// elsewhere compares an empty string as a value. Undecided.
    /// An empty list (`[]`) is such a null data set too: for `Null` it is
    /// there and empty, or absent (the set operators read it as no values
    /// either way, and agree).
    fn empty_values_ambiguous(&self, values: Option<crate::request::Values<'_>>) -> bool {
        let null = matches!(self.parsed, Parsed::Null(_));
        // A positive `…IfExists` without a qualifier over an empty list:
        // false if the key is there without a value, true if absent.
        let if_exists = self.operator.if_exists
            && self.operator.qualifier.is_none()
            && !self.operator.base.is_negated();
        values.is_some_and(|v| {
            v.iter().all(str::is_empty)
                && (null
                    || (self.operator.qualifier.is_some() && v.len() > 0)
                    || (if_exists && v.len() == 0))
        })
    }

    pub(crate) fn undecided_reason(&self, request: &Request<'_>) -> &'static str {
        if self.values.is_empty() {
            return "the condition lists no value (`[]`), which AWS gives no reading";
        }
        if request.key_folds_ambiguously(&self.key, self.key_ascii) {
            return "the request gives a key that is this one in other letter case beyond ASCII (`É`/`é`, `ſ`/`s`): AWS says key names are not case-sensitive, not how it folds such letters";
        }
        if request.values(&self.key).is_none() && request.presence_unknown(&self.key) {
            if request.said_unknown(&self.key) {
                return "the request says it may carry this key, with a value it does not give";
            }
            return "the service gives this key with signed requests of many of its actions, and the request does not say it: give it in the context";
        }
        let given = request.values(&self.key);
        let values = given.filter(|v| v.len() > 0);
        if self.empty_values_ambiguous(given) {
            return "the request gives the key only empty strings (or an empty list), which the IAM User Guide reads both as a value and as no value for `Null` and the set operators";
        }
        if values.is_none()
            && request.principal.is_none()
            && matches!(&*self.key, "aws:principaltype" | "aws:userid")
        {
            return "the request is anonymous, and the IAM User Guide says both that such a request has the type `Anonymous` (user id `anonymous`) and that it has none";
        }
        let Some(values) = values else {
            if self.unknown_role_arn(request).is_some() {
                return "the request gives the role session's principal but not its role's ARN (`principal_role_arn`), and the role's path decides";
            }
            if request.present_unknown(&self.key) {
                return "AWS always sends this key (of this principal), and the request does not say its value (nor, for `aws:RequestedRegion`, a resource with a region): give it in the context";
            }
            if matches!(self.parsed, Parsed::Null(_)) && self.operator.qualifier.is_some() {
                return "the key is absent, and `Null` with `ForAllValues:`/`ForAnyValue:` has two readings AWS does not choose between: `Null` by its value, or a set operator over no values";
            }
            if self.operator.if_exists && self.operator.qualifier == Some(SetQualifier::ForAnyValue)
            {
                return "the key is absent, and AWS does not say which of `IfExists` (true without the key) and `ForAnyValue:` (false over no values) wins; AWS has been seen taking it as false";
            }
            return "the request's values could not be compared";
        };
        let texts = || values.iter();
        let unparsable = match &self.parsed {
            Parsed::Numbers(_) => texts().any(|v| parse_number(v).is_none()),
            Parsed::Dates(_) => texts().any(|v| parse_date(v).is_none()),
            Parsed::Bools(_) => texts().any(|v| parse_bool(v).is_none()),
            Parsed::Networks(_) => texts().any(|v| v.parse::<IpAddr>().is_err()),
            _ => false,
        };
        if unparsable {
            return "a request value cannot be read for the operator";
        }
        let beyond_ascii = self.folded.as_ref().is_some_and(|folded| {
            texts().any(|v| !v.is_ascii()) || folded.iter().flatten().any(|f| !f.ascii)
        });
        if beyond_ascii {
            return "a value goes beyond ASCII, and AWS does not say how `StringEqualsIgnoreCase` folds the case of such letters (`ſ` and `s`, the Kelvin sign and `k`)";
        }
        let variable = match &self.parsed {
            Parsed::Patterns(ps) | Parsed::Arns { strict: ps, .. } => {
                texts().any(|v| ps.iter().any(|p| p.test(v, request) == Truth::Undecided))
            }
            _ => false,
        };
        if variable {
            return "a policy variable in the values has no value in the request (AWS: it \"might cause the entire statement to be invalid\")";
        }
        if values.len() > 1 && self.operator.qualifier.is_none() {
            return "the key has several values and the operator has no `ForAllValues:`/`ForAnyValue:`: some match, some do not";
        }
        if matches!(self.parsed, Parsed::Arns { .. }) {
            return "the `Arn` operators' rules and the `Resource` element's rules for `*` give different answers";
        }
        if matches!(self.parsed, Parsed::Networks(_)) {
            return "the address and its other form (IPv4 `a.b.c.d` and IPv4-mapped IPv6 `::ffff:a.b.c.d`) are not both in the blocks, and AWS does not say which form it compares";
        }
        "the request's values could not be compared"
    }

    /// The request's values of the key, for explanations.
    pub(crate) fn request_values(&self, request: &Request<'_>) -> Option<Vec<String>> {
        request
            .values(&self.key)
            .map(|v: Values<'_>| v.iter().map(str::to_owned).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond(op: &str, key: &str, values: &[&str]) -> CompiledCondition {
        let operator: ConditionOperator = op.parse().unwrap();
        let values: Vec<ConditionValue> = values
            .iter()
            .map(|v| ConditionValue::String((*v).into()))
            .collect();
        CompiledCondition::new(operator, key, &values, true).unwrap()
    }

    #[test]
    fn undecided_cases() {
        let r = Request::new("s3:ListBucket", "*").context("s3:max-keys", "many");
        assert_eq!(
            cond("NumericLessThan", "s3:max-keys", &["10"]).eval(&r),
            Truth::Undecided
        );
        let r = Request::new("s3:ListBucket", "*").context("k", ["a", "b"]);
        assert_eq!(cond("StringEquals", "k", &["a"]).eval(&r), Truth::Undecided);
        assert_eq!(cond("StringEquals", "k", &["a", "b"]).eval(&r), Truth::True);
        assert_eq!(cond("StringEquals", "k", &["c"]).eval(&r), Truth::False);
    }

    #[test]
    fn decimals_compare_exactly() {
        use std::cmp::Ordering::*;
        assert_eq!(decimal_cmp("9007199254740993", "9007199254740992"), Greater);
        assert_eq!(decimal_cmp("7.50", "7.5"), Equal);
        assert_eq!(decimal_cmp("-0", "0.0"), Equal);
        assert_eq!(decimal_cmp("-1.5", "-1.25"), Less);
        assert_eq!(decimal_cmp("010", "9"), Greater);
        assert_eq!(decimal_cmp("0.09", "0.1"), Less);
        assert_eq!(decimal_cmp("+3", "3"), Equal);
    }

    #[test]
    fn bad_values_are_refused() {
        let operator: ConditionOperator = "DateLessThan".parse().unwrap();
        let err = CompiledCondition::new(
            operator,
            "aws:CurrentTime",
            &[ConditionValue::String("soon".into())],
            true,
        )
        .unwrap_err();
        assert_eq!(err.value_index, 0);
        assert!(
            err.message.contains("`soon` is not a date"),
            "{}",
            err.message
        );
    }
}
