//! Checks of whole statements and of statements against each other:
//! dangerous grants, redundancy, dependent actions.

use polc_model::pattern::Pattern;
use polc_model::wildcard::has_wildcard;
use polc_model::wildcard::{Budget, matches_ignore_case};
use polc_model::{
    Effect, Finding, JsonPath, Location, OneOrMany, Policy, Principal, PrincipalKind, Statement,
    Text,
};

use super::action_entries::{ActionEntries, Narrow, wildcard_covers};
use super::{Resolved, codes};
use crate::reference::{AccessLevel, Reference};

/// The most statements (or entries of one element) compared pairwise for
/// redundancy. Real policies are far below it (IAM's size quotas allow a
/// few hundred entries at most, and larger policies are reported as over
/// quota); beyond it hostile input would cost quadratic time, so the
/// redundancy suggestions are skipped.
const PAIRWISE_LIMIT: usize = 512;

/// Checks one statement on its own. `grants`: whether an `Allow` grants
/// what it names (not in an SCP, which only sets the most an account may
/// be granted: AWS's own `FullAWSAccess` allows `*` on `*`).
pub(super) fn check(
    statement: &Statement,
    arranged: &ActionEntries<'_>,
    path: &JsonPath,
    budget: &Budget,
    grants: bool,
    findings: &mut Vec<Finding>,
) {
    if grants && statement.effect == Effect::Allow {
        for dangerous in [Dangerous::PASS_ROLE, Dangerous::CREATE_SLR] {
            dangerous_star(statement, path, &dangerous, findings);
            dangerous_not_resource(statement, path, &dangerous, findings);
        }
        not_elements(statement, path, findings);
    }
    redundant_actions(statement, arranged, path, budget, findings);
    redundant_resources(statement, path, budget, findings);
}

/// An action that is dangerous on `*` without a condition on `key`.
struct Dangerous {
    action: &'static str,
    key: &'static str,
    exact: &'static polc_model::Code,
    wildcard: &'static polc_model::Code,
    /// With `NotResource`: the action itself, a wildcard, `NotAction`.
    not_resource: [&'static polc_model::Code; 3],
    help: &'static str,
    /// The path and name of a role the action may act on, named by no one
    /// (`role/` and what follows in its ARN): a resource entry that
    /// matches it matches roles whatever their name.
    any_role: &'static str,
}

impl Dangerous {
    const PASS_ROLE: Self = Self {
        action: "iam:PassRole",
        key: "iam:PassedToService",
        exact: &codes::PASS_ROLE_WITH_STAR_IN_RESOURCE,
        wildcard: &codes::PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE,
        not_resource: [
            &codes::PASS_ROLE_WITH_NOT_RESOURCE,
            &codes::PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE,
            &codes::PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE,
        ],
        help: "name the roles in `Resource` and add an `iam:PassedToService` condition such as `\"StringEquals\": {\"iam:PassedToService\": \"ecs-tasks.amazonaws.com\"}`",
        any_role: "role/polc-any-path/polc-any-role-name",
    };
    const CREATE_SLR: Self = Self {
        action: "iam:CreateServiceLinkedRole",
        key: "iam:AWSServiceName",
        exact: &codes::CREATE_SLR_WITH_STAR_IN_RESOURCE,
        wildcard: &codes::CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE,
        not_resource: [
            &codes::CREATE_SLR_WITH_NOT_RESOURCE,
            &codes::CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE,
            &codes::CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE,
        ],
        help: "add an `iam:AWSServiceName` condition such as `\"StringEquals\": {\"iam:AWSServiceName\": \"ecs.amazonaws.com\"}`",
        any_role: "role/aws-service-role/polc-any.amazonaws.com/AWSServiceRoleForPolcAny",
    };
}

/// An `Allow` with `NotResource` whose actions include the dangerous one
/// (named, through a wildcard, or not excluded by `NotAction`): it applies
/// to every resource but those listed. No condition silences it (Access
/// Analyzer's advice is to name the resources).
fn dangerous_not_resource(
    statement: &Statement,
    path: &JsonPath,
    dangerous: &Dangerous,
    findings: &mut Vec<Finding>,
) {
    if !statement.resource.as_ref().is_some_and(|r| r.not) {
        return;
    }
    let [named, wildcard, not_action] = dangerous.not_resource;
    let values = &statement.action.values;
    let action_path = || path.key(statement.action.key());
    if statement.action.not {
        if values
            .iter()
            .any(|a| matches_ignore_case(a, dangerous.action))
        {
            return;
        }
        findings.push(
            Finding::new(
                not_action,
                format!(
                    "`NotAction` with `NotResource` allows `{}` on every resource not listed",
                    dangerous.action
                ),
                Location::key(action_path()),
            )
            .with_help("list the actions to allow with `Action` and the resources with `Resource`"),
        );
        return;
    }
    let exact = values
        .iter()
        .position(|a| a.eq_ignore_ascii_case(dangerous.action));
    let (code, i) = match exact {
        Some(i) => (named, i),
        None => match values
            .iter()
            .position(|a| matches_ignore_case(a, dangerous.action))
        {
            Some(i) => (wildcard, i),
            None => return,
        },
    };
    let entry = values.as_slice().get(i).map_or("", Text::as_str);
    let message = if exact.is_some() {
        format!("`{entry}` with `NotResource` applies to every resource not listed")
    } else {
        format!(
            "`{entry}` includes `{}`, here with `NotResource`: every resource not listed",
            dangerous.action
        )
    };
    findings.push(
        Finding::new(
            code,
            message,
            Location::value(values.item_path(&action_path(), i)),
        )
        .with_help(format!(
            "name the resources `{}` may act on in `Resource` instead of `NotResource`",
            dangerous.action
        )),
    );
}

fn dangerous_star(
    statement: &Statement,
    path: &JsonPath,
    dangerous: &Dangerous,
    findings: &mut Vec<Finding>,
) {
    if statement.action.not {
        return;
    }
    let Some(resource) = statement.resource.as_ref().filter(|r| !r.not) else {
        return;
    };
    // The action first (named, or through a wildcard): most statements
    // have neither, and their resources are not read.
    let values = &statement.action.values;
    let (i, exact) = match values
        .iter()
        .position(|a| a.eq_ignore_ascii_case(dangerous.action))
    {
        Some(i) => (i, true),
        None => match values
            .iter()
            .position(|a| matches_ignore_case(a, dangerous.action))
        {
            Some(i) => (i, false),
            None => return,
        },
    };
    let Some(wide) = resource
        .values
        .iter()
        .find(|r| matches_any_role(r, dangerous.any_role))
    else {
        return;
    };
    // Only a condition that pins the key to named values limits the grant:
    // a positive operator, without IfExists or ForAllValues, with values
    // free of wildcards. `StringNotEquals`, `Null` or `...IfExists` on the
    // key leave it open.
    let conditioned = statement.condition.as_ref().is_some_and(|c| {
        c.0.iter().any(|(op, block)| {
            let pins = !op.base.is_negated()
                && !op.if_exists
                && op.qualifier != Some(polc_model::condition::SetQualifier::ForAllValues)
                && matches!(
                    op.base.family(),
                    polc_model::condition::OperatorFamily::String
                        | polc_model::condition::OperatorFamily::Arn
                );
            pins && block.0.iter().any(|(k, values)| {
                k.eq_ignore_ascii_case(dangerous.key)
                    && values.iter().all(|v| !has_wildcard(v.as_text()))
            })
        })
    });
    if conditioned {
        return;
    }
    let location = Location::value(values.item_path(&path.key(statement.action.key()), i));
    if exact {
        findings.push(
            Finding::new(
                dangerous.exact,
                format!(
                    "`{}` on `{wide}`{} without an `{}` condition",
                    dangerous.action,
                    any_role_said(wide),
                    dangerous.key
                ),
                location,
            )
            .with_help(dangerous.help),
        );
    } else {
        let entry = values.as_slice().get(i).map_or("", Text::as_str);
        findings.push(
            Finding::new(
                dangerous.wildcard,
                format!(
                    "`{entry}` includes `{}`, here on `{wide}`{} without an `{}` condition",
                    dangerous.action,
                    any_role_said(wide),
                    dangerous.key
                ),
                location,
            )
            .with_help(format!(
                "list the actions needed instead of `{entry}`; {}",
                dangerous.help
            )),
        );
    }
}

/// Whether resource entry `entry` matches a role of any name (`role` is
/// the path and name of one no one names, after `role/`): `*`, `arn:*`,
/// `arn:aws:iam::*:*`, `arn:aws:iam::111122223333:role/*`... and not an
/// entry that names its roles by a prefix (`role/ecs-*`, the convention
/// Access Analyzer leaves alone) or is another service's. Read as the
/// evaluator reads it ([`Pattern::resource`]), against a role ARN in the
/// entry's own partition and account.
fn matches_any_role(entry: &str, role: &str) -> bool {
    if entry == "*" {
        return true;
    }
    // A policy variable stands for its default, or, for a tag, for nothing
    // (its value may be empty): `role/${aws:PrincipalTag/team, 'app-'}*`
    // is `role/*` for a principal whose tag is empty. `${*}` and `${?}` are
    // literal characters (NUL, which no ARN has, stands for them).
    let substituted;
    let entry = if polc_model::variable::has_variable(entry) {
        let Ok(pieces) = polc_model::variable::parse(entry) else {
            return false;
        };
        let mut text = String::with_capacity(entry.len());
        for piece in pieces {
            match piece {
                polc_model::variable::Piece::Literal(l) => text.push_str(l),
                polc_model::variable::Piece::Escaped(c) => {
                    text.push(if c == '*' || c == '?' { '\u{0}' } else { c });
                }
                // A tag's value may be empty, whatever the default (which
                // stands only for an absent key: review 40); a user's
                // name, an account id... may not be: without a default
                // they stand for a text no probe has.
                polc_model::variable::Piece::Variable(v) => {
                    if v.key.to_ascii_lowercase().contains("tag/") {
                    } else if let Some(default) = v.default {
                        text.push_str(default);
                    } else {
                        text.push('\u{0}');
                    }
                }
            }
        }
        substituted = text;
        substituted.as_str()
    } else {
        entry
    };
    if entry == "*" {
        return true;
    }
    if !has_wildcard(entry) {
        return false;
    }
    let mut parts = entry.splitn(6, ':');
    let _arn = parts.next();
    // The partition and account written (a wildcard read as the text it
    // matches with `*` as nothing), or any.
    let sample = |part: Option<&str>, default: &str| match part {
        Some(p) if !p.is_empty() && !p.contains(':') => p.replace('*', "").replace('?', "0"),
        _ => default.to_owned(),
    };
    let partition = sample(parts.next(), "aws");
    let _service = parts.next();
    let _region = parts.next();
    let account = sample(parts.next(), "111122223333");
    // The role no one names; and, since a name's first or last one or two
    // characters are no naming convention (`role/a*`, `role/*a`: a list of
    // them names every role), that role with the entry's short head or
    // tail.
    let mut roles = vec![role.to_owned()];
    if let (Some(at), Some(rest)) = (entry.find(":role/"), role.strip_prefix("role/")) {
        let name = entry.get(at + ":role/".len()..).unwrap_or_default();
        let head = name.split(['*', '?']).next().unwrap_or_default();
        let tail = name.rsplit(['*', '?']).next().unwrap_or_default();
        // (A variable there, NUL here, names the role by the principal.)
        let short = |part: &str| part.chars().count() < 3 && !part.contains('\u{0}');
        if short(head) && head.len() < name.len() {
            roles.push(format!("role/{head}{rest}"));
        }
        if short(tail) && tail.len() < name.len() {
            roles.push(format!("role/{rest}{tail}"));
        }
    }
    // Necessary, and cheap: the literal text before the first wildcard
    // and after the last starts and ends the probe (most entries are
    // another service's, or name their roles).
    let head = entry.split(['*', '?']).next().unwrap_or_default();
    let tail = entry.rsplit(['*', '?']).next().unwrap_or_default();
    let mut pattern: Option<Pattern> = None;
    roles.iter().any(|role| {
        let probe = format!("arn:{partition}:iam::{account}:{role}");
        probe.starts_with(head)
            && probe.ends_with(tail)
            && pattern
                .get_or_insert_with(|| Pattern::resource(entry))
                .matches(&probe)
    })
}

/// How a message names a resource entry that matches any role: nothing
/// more for `*`.
fn any_role_said(entry: &str) -> &'static str {
    if entry == "*" {
        ""
    } else {
        ", which matches roles of any name,"
    }
}

/// Whether some entry of `condition` limits who may act (see
/// [`polc_model::scope`]).
fn scopes_principals(condition: &polc_model::Condition) -> bool {
    condition
        .entries()
        .any(|(op, key, values)| polc_model::scope::limits_who(op, key, values.as_slice()))
}

/// Whether `principal` names everyone: `"*"`, or `*` among the `AWS`
/// principals.
fn names_everyone(principal: &polc_model::PrincipalElement) -> bool {
    !principal.not
        && match &principal.value {
            Principal::Any => true,
            Principal::Map(map) => map
                .get(&PrincipalKind::Aws)
                .is_some_and(|values| values.iter().any(|v| v == "*")),
        }
}

/// Whether `deny` takes away from everyone outside a limited set all that
/// `allow` grants: it names everyone, every action and resource of
/// `allow` (by name, or by a wildcard written to cover them), and one
/// condition only, the negation of a test that limits who may act
/// (`StringNotEquals` `aws:SourceVpce`): it then applies to every caller
/// but those the positive test would let through. The private API and
/// VPC-endpoint-only bucket policies of AWS's guides are written so.
fn guards(deny: &Statement, allow: &Statement) -> bool {
    use polc_model::condition::BaseOperator as Op;
    if deny.effect != Effect::Deny
        || !deny.principal.as_ref().is_some_and(names_everyone)
        || deny.action.not
        || allow.action.not
    {
        return false;
    }
    let mut entries = deny.condition.iter().flat_map(|c| c.entries());
    let (Some((op, key, values)), None) = (entries.next(), entries.next()) else {
        return false;
    };
    let positive = match op.base {
        Op::StringNotEquals => Op::StringEquals,
        Op::StringNotEqualsIgnoreCase => Op::StringEqualsIgnoreCase,
        Op::StringNotLike => Op::StringLike,
        Op::ArnNotEquals => Op::ArnEquals,
        Op::ArnNotLike => Op::ArnLike,
        Op::NotIpAddress => Op::IpAddress,
        _ => return false,
    };
    // A negated test holds where the key is absent, `IfExists` or not: the
    // `Deny` then applies. Set qualifiers read otherwise: not taken.
    if op.qualifier.is_some()
        || !polc_model::scope::limits_who(
            &polc_model::condition::ConditionOperator::new(positive),
            key,
            values.as_slice(),
        )
    {
        return false;
    }
    let actions_covered = allow.action.values.iter().all(|a| {
        deny.action.values.iter().any(|d| {
            d == "*" || d.eq_ignore_ascii_case(a) || (!has_wildcard(a) && matches_ignore_case(d, a))
        })
    });
    let resources_covered = match (&deny.resource, &allow.resource) {
        (Some(d), Some(a)) if !d.not && !a.not => a.values.iter().all(|a| {
            d.values.iter().any(|d| {
                d == "*" || d == a || (!has_wildcard(a) && Pattern::resource(d).matches(a))
            })
        }),
        // Neither names resources (a trust policy): the role itself.
        (None, None) => true,
        _ => false,
    };
    actions_covered && resources_covered
}

/// An `Allow` to `"*"` (or `{"AWS": "*"}`) without a condition that limits
/// who may act, nor a `Deny` of the policy that takes it away from everyone
/// outside a limited set ([`guards`]): everyone, anonymous users
/// included (in a trust policy, every AWS account).
pub(super) fn public_principal(
    statement: &Statement,
    policy: &Policy,
    path: &JsonPath,
    trust: bool,
    findings: &mut Vec<Finding>,
) {
    // Assuming a role takes credentials: anonymous users cannot.
    let everyone = if trust {
        "every AWS account"
    } else {
        "everyone, anonymous users included"
    };
    let Some(principal) = statement.principal.as_ref().filter(|p| !p.not) else {
        return;
    };
    if statement.condition.as_ref().is_some_and(scopes_principals) {
        return;
    }
    if policy.statement.iter().any(|deny| guards(deny, statement)) {
        return;
    }
    let at = path.key("Principal");
    let location = match &principal.value {
        Principal::Any => Some((Location::value(at), everyone)),
        Principal::Map(map) => map.iter().find_map(|(kind, values)| {
            let base = at.key(kind.as_str());
            values.iter().position(|v| v == "*").map(|i| {
                (
                    Location::value(values.item_path(&base, i)),
                    // The IAM User Guide: `{"AWS": "*"}` is the same as
                    // `"*"`, and the evaluator reads it so.
                    if *kind == PrincipalKind::Aws {
                        everyone
                    } else {
                        "every principal of its kind"
                    },
                )
            })
        }),
    };
    if let Some((location, who)) = location {
        findings.push(
            Finding::new(
                &codes::PUBLIC_PRINCIPAL,
                format!("`Allow` to `*` without a condition on who may act grants {who}"),
                location,
            )
            .with_help(
                "name the accounts, roles or services, or add a condition such as `aws:PrincipalOrgID` or `aws:SourceAccount`",
            ),
        );
    }
}

fn not_elements(statement: &Statement, path: &JsonPath, findings: &mut Vec<Finding>) {
    if statement.principal.as_ref().is_some_and(|p| p.not) {
        findings.push(
            Finding::new(
                &codes::ALLOW_WITH_NOT_PRINCIPAL,
                "`Allow` with `NotPrincipal` grants the actions to every principal not listed, anonymous users included",
                Location::key(path.key("NotPrincipal")),
            )
            .with_help("name who may act with `Principal`"),
        );
    }
    // `*`, or an entry that matches every role (`arn:*`,
    // `arn:aws:iam::*:*`): every other action, `iam:PassRole` on any role
    // among them.
    let wide = statement
        .resource
        .as_ref()
        .filter(|r| !r.not && statement.action.not)
        .and_then(|r| {
            r.values
                .iter()
                .find(|v| matches_any_role(v, Dangerous::PASS_ROLE.any_role))
        });
    if let Some(wide) = wide {
        let message = if wide == "*" {
            "`Allow` with `NotAction` on `*` grants every other action of every service, on every resource".to_owned()
        } else {
            format!(
                "`Allow` with `NotAction` on `{wide}` grants every other action on what it matches, `iam:PassRole` on every role it matches included"
            )
        };
        findings.push(
            Finding::new(
                &codes::ALLOW_WITH_NOT_ACTION_AND_STAR_RESOURCE,
                message,
                Location::key(path.key("NotAction")),
            )
            .with_help("list the actions to allow with `Action`, or scope `Resource`"),
        );
    }
}

/// Whether resource entry `wide` matches every resource `narrow` does,
/// reading both as the evaluator does (`Pattern::resource`: in the first
/// five ARN parts a `*` that does not end its part stays in it), by
/// meaning: `arn:aws:s3:::bucket-*` covers `arn:aws:s3:::bucket-*/*` (issue
/// 15.5). Decided only where it is certain; within `budget`: once it is
/// spent, nothing is taken as covered.
fn resource_covers(wide: &ResourceEntry<'_>, narrow: &ResourceEntry<'_>, budget: &Budget) -> bool {
    match cheap_covers(wide, narrow, budget) {
        Some(decided) => decided,
        None => wide
            .pattern()
            .covers_within(narrow.pattern(), budget)
            .unwrap_or(false),
    }
}

/// A resource entry, read once for all the pairs it is compared in: what
/// [`cheap_covers`] needs of it, and its pattern when that is needed.
pub(super) struct ResourceEntry<'e> {
    text: &'e str,
    /// Holds `${`: a policy variable (or `${*}`, a literal `*`).
    variable: bool,
    /// The literal text before the first wildcard and after the last, for
    /// an entry with wildcards.
    ends: Option<(&'e str, &'e str)>,
    /// For an entry with wildcards: its text with each `*` read as
    /// nothing and each `?` as a character no literal has (NUL).
    sample: Option<String>,
    pattern: std::cell::OnceCell<Pattern>,
}

impl<'e> ResourceEntry<'e> {
    pub(super) fn new(text: &'e str) -> Self {
        let wildcard = |b: &u8| *b == b'*' || *b == b'?';
        let bytes = text.as_bytes();
        let ends = bytes
            .iter()
            .position(wildcard)
            .zip(bytes.iter().rposition(wildcard))
            .map(|(first, last)| {
                (
                    text.get(..first).unwrap_or(""),
                    text.get(last + 1..).unwrap_or(""),
                )
            });
        // The text without its `*`s, each `?` as NUL (a character no ARN
        // has): copied run by run, not character by character.
        let sample = ends.map(|_| {
            let mut sample = String::with_capacity(text.len());
            for run in text.split('*') {
                let mut parts = run.split('?');
                sample.push_str(parts.next().unwrap_or_default());
                for part in parts {
                    sample.push('\u{0}');
                    sample.push_str(part);
                }
            }
            sample
        });
        Self {
            text,
            variable: polc_model::variable::has_variable(text),
            ends,
            sample,
            pattern: std::cell::OnceCell::new(),
        }
    }

    /// The entries of a statement's resource element.
    pub(super) fn all(values: &'e OneOrMany<Text>) -> Vec<Self> {
        values.iter().map(|v| Self::new(v)).collect()
    }

    fn pattern(&self) -> &Pattern {
        self.pattern.get_or_init(|| Pattern::resource(self.text))
    }
}

/// What [`resource_covers`] decides without reading patterns, or `None`.
fn cheap_covers(
    wide: &ResourceEntry<'_>,
    narrow: &ResourceEntry<'_>,
    budget: &Budget,
) -> Option<bool> {
    let (w, n) = (wide.text, narrow.text);
    if w == "*" {
        return Some(true);
    }
    // Comparing and scanning cost the entries' length (compared once,
    // scanned twice): paid for first, so that pairwise work stays within
    // the budget, linear in the document.
    let cost = w.len().min(n.len()) + 2 * (w.len() + n.len());
    if !budget.charge(cost) {
        return Some(false);
    }
    if w == n {
        return Some(true);
    }
    // A policy variable takes the request's value (and `${*}` is a literal
    // `*`): no text reading tells what it covers.
    if wide.variable || narrow.variable {
        return Some(false);
    }
    // Necessary, and cheap: every text `wide` matches starts with its
    // literal head and ends with its literal tail, so `narrow` must start
    // and end with them, character for character (a wildcard of `narrow`
    // there matches texts that do not). A `wide` without wildcards covers
    // only itself.
    let Some((head, tail)) = wide.ends else {
        return Some(false);
    };
    if !n.starts_with(head) || !n.ends_with(tail) {
        return Some(false);
    }
    // Also necessary: `narrow`'s sample is a text `narrow` matches, so
    // `wide` must match it, and `wide`'s literal runs must appear in it in
    // order. Most pairs of entries of one service fail here
    // (`...:instance/*` and `...:volume/*`), before any pattern is read.
    // The sample starts with the head and ends with the tail as `narrow`
    // does (they hold no wildcard): the runs between are searched between.
    let sample = narrow.sample.as_deref().unwrap_or(n);
    let between = sample
        .len()
        .checked_sub(tail.len())
        .and_then(|end| sample.get(head.len()..end));
    let (Some(mut rest), Some(middle)) = (between, w.get(head.len()..w.len() - tail.len())) else {
        return Some(false);
    };
    for run in middle.split(['*', '?']).filter(|run| !run.is_empty()) {
        match find_run(rest, run) {
            Some(at) => rest = rest.get(at + run.len()..).unwrap_or(""),
            None => return Some(false),
        }
    }
    None
}

/// Where `needle` first occurs in `haystack`: by its first byte and a
/// comparison while that has cost at most 16 steps per byte of the
/// haystack (always, for the literal runs of real ARNs), then by
/// `str::find`, whose set-up costs more than most whole searches here.
/// Linear either way.
fn find_run(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, pin) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = pin.first() else {
        return Some(0);
    };
    let mut steps = 16 * hay.len();
    let mut from = 0;
    while let Some(offset) = hay.get(from..)?.iter().position(|&b| b == first) {
        let at = from + offset;
        let compared = pin.len().min(hay.len() - at);
        if compared > steps {
            return haystack.get(at..)?.find(needle).map(|found| at + found);
        }
        steps -= compared;
        if hay.get(at..at + pin.len()) == Some(pin) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The index of an entry of `values` other than `j` that covers entry
/// `j` (`covers(i, j)`: entry `i` covers entry `j`); of two equivalent
/// entries the first covers the second.
fn covering<T>(values: &[T], j: usize, covers: impl Fn(usize, usize) -> bool) -> Option<usize> {
    (0..values.len()).position(|i| i != j && covers(i, j) && (i < j || !covers(j, i)))
}

fn redundant_actions(
    statement: &Statement,
    arranged: &ActionEntries<'_>,
    path: &JsonPath,
    budget: &Budget,
    findings: &mut Vec<Finding>,
) {
    let values = &statement.action.values;
    let entries = values.as_slice();
    if entries.len() < 2 {
        return;
    }
    // Only a repeat or a wildcard can cover an entry.
    let first_of = arranged.repeats(entries.len());
    let wildcards = if arranged.wildcards.len() <= PAIRWISE_LIMIT {
        arranged.wildcards.as_slice()
    } else {
        &[]
    };
    // Only a wildcard of the same service (or one with a wildcard in its
    // service part) can cover an entry: the candidates by service, so the
    // work is linear in the entries, not their product.
    let service = |entry: &str| {
        polc_model::action::split_colon(entry)
            .map_or(entry, |(s, _)| s)
            .to_ascii_lowercase()
    };
    let mut by_service: std::collections::HashMap<String, Vec<usize>> =
        std::collections::HashMap::new();
    let mut any_service = Vec::new();
    for (k, wide) in wildcards.iter().enumerate() {
        let prefix = service(wide.text);
        if has_wildcard(&prefix) || !wide.text.contains(':') {
            any_service.push(k);
        } else {
            by_service.entry(prefix).or_default().push(k);
        }
    }
    let mut candidates = Vec::new();
    for (j, narrow) in entries.iter().enumerate() {
        let repeat = first_of.get(j).copied().flatten();
        let covered_by = repeat.or_else(|| {
            let narrow_entry = arranged.narrow(j)?;
            let prefix = service(narrow);
            candidates.clear();
            if has_wildcard(&prefix) || !narrow.contains(':') {
                candidates.extend(0..wildcards.len());
            } else {
                candidates.extend(by_service.get(&prefix).into_iter().flatten().copied());
                candidates.extend(any_service.iter().copied());
                candidates.sort_unstable();
            }
            candidates
                .iter()
                .filter_map(|&k| wildcards.get(k))
                .find_map(|wide| {
                    let i = wide.index;
                    let equivalent = || match (arranged.narrow(i), narrow_entry) {
                        (Some(wide_entry), Narrow::Wild(narrow_wild)) => {
                            wildcard_covers(narrow_wild, wide_entry, budget)
                        }
                        _ => false,
                    };
                    (i != j
                        && wildcard_covers(wide, narrow_entry, budget)
                        && (i < j || !equivalent()))
                    .then_some(i)
                })
        });
        if let Some(i) = covered_by {
            let wide = entries.get(i).map_or("", Text::as_str);
            findings.push(
                Finding::new(
                    &codes::REDUNDANT_ACTION,
                    format!("`{narrow}` is already granted by `{wide}`"),
                    Location::value(values.item_path(&path.key(statement.action.key()), j)),
                )
                .with_help(format!("remove `{narrow}`")),
            );
        }
    }
}

fn redundant_resources(
    statement: &Statement,
    path: &JsonPath,
    budget: &Budget,
    findings: &mut Vec<Finding>,
) {
    let Some(resource) = &statement.resource else {
        return;
    };
    let entries = resource.values.as_slice();
    if entries.len() < 2 || entries.len() > PAIRWISE_LIMIT {
        return;
    }
    // Each entry read once, not once per pair.
    let read = ResourceEntry::all(&resource.values);
    let covers = |i: usize, j: usize| {
        let (Some(w), Some(n)) = (read.get(i), read.get(j)) else {
            return false;
        };
        resource_covers(w, n, budget)
    };
    for (j, narrow) in entries.iter().enumerate() {
        if let Some(i) = covering(entries, j, covers) {
            let wide = entries.get(i).map_or("", Text::as_str);
            findings.push(
                Finding::new(
                    &codes::REDUNDANT_RESOURCE,
                    format!("`{narrow}` is already matched by `{wide}`"),
                    Location::value(resource.values.item_path(&path.key(resource.key()), j)),
                )
                .with_help(format!("remove `{narrow}`")),
            );
        }
    }
}

/// Checks of statements against each other.
pub(super) fn check_policy(
    policy: &Policy,
    paths: &[JsonPath],
    resolved: &[Resolved<'_>],
    entries: &[ActionEntries<'_>],
    reference: &Reference,
    budget: &Budget,
    findings: &mut Vec<Finding>,
) {
    let statements: Vec<(&Statement, &JsonPath)> = policy.statement.iter().zip(paths).collect();
    // Each statement's resource entries read once, when first compared.
    let read: Vec<std::cell::OnceCell<Vec<ResourceEntry<'_>>>> = statements
        .iter()
        .map(|_| std::cell::OnceCell::new())
        .collect();
    let resources = |i: usize| -> &[ResourceEntry<'_>] {
        match (read.get(i), statements.get(i)) {
            (Some(cell), Some((statement, _))) => cell.get_or_init(|| {
                statement
                    .resource
                    .as_ref()
                    .map(|r| ResourceEntry::all(&r.values))
                    .unwrap_or_default()
            }),
            _ => &[],
        }
    };
    let covers = |i: usize, j: usize| -> bool {
        let (Some((wide, _)), Some((narrow, _)), Some(wide_entries), Some(narrow_entries)) = (
            statements.get(i),
            statements.get(j),
            entries.get(i),
            entries.get(j),
        ) else {
            return false;
        };
        statement_covers(
            (wide, wide_entries),
            (narrow, narrow_entries),
            || (resources(i), resources(j)),
            budget,
        )
    };
    let pairwise = if statements.len() <= PAIRWISE_LIMIT {
        statements.len()
    } else {
        0
    };
    for (j, (_, path)) in statements.iter().enumerate().take(pairwise) {
        let covered_by =
            (0..statements.len()).find(|&i| i != j && covers(i, j) && (i < j || !covers(j, i)));
        if let Some((wide, wide_path)) = covered_by.and_then(|i| statements.get(i)) {
            let name = wide.sid.as_ref().map_or_else(
                || format!("`{wide_path}`"),
                |sid| format!("statement `{sid}`"),
            );
            findings.push(
                Finding::new(
                    &codes::REDUNDANT_STATEMENT,
                    format!("everything this statement grants, {name} already grants"),
                    Location::value((*path).clone()),
                )
                .with_help("remove this statement"),
            );
        }
    }
    dependent_actions(
        &statements,
        entries,
        resolved,
        reference,
        &|_| (false, false),
        findings,
    );
}

/// Whether statement `wide` grants all `narrow` does; `resources` gives
/// both statements' resource entries, read.
fn statement_covers<'r, 'e: 'r>(
    (wide, wide_entries): (&Statement, &ActionEntries<'_>),
    (narrow, narrow_entries): (&Statement, &ActionEntries<'_>),
    resources: impl FnOnce() -> (&'r [ResourceEntry<'e>], &'r [ResourceEntry<'e>]),
    budget: &Budget,
) -> bool {
    let (Some(wide_resource), Some(narrow_resource)) = (&wide.resource, &narrow.resource) else {
        return false;
    };
    wide.effect == narrow.effect
        && !wide.action.not
        && !narrow.action.not
        && !wide_resource.not
        && !narrow_resource.not
        && wide.principal == narrow.principal
        && (wide.condition.is_none() || wide.condition == narrow.condition)
        && {
            let (wide_read, narrow_read) = resources();
            narrow_read
                .iter()
                .all(|n| wide_read.iter().any(|w| resource_covers(w, n, budget)))
        }
        && narrow_entries
            .narrows()
            .all(|n| wide_entries.cover(n, budget))
}

/// Whether some Allow statement of the policy grants `action` (ignoring
/// resources and conditions: the check is about the action at all).
fn allows(
    statements: &[(&Statement, &JsonPath)],
    entries: &[ActionEntries<'_>],
    action: &str,
) -> bool {
    // `action` is a catalog name: short, so no budget is needed (and a
    // spent one would report dependent actions missing that are not).
    let unbounded = Budget::new(u64::MAX);
    let allowed = statements.iter().zip(entries).any(|((s, _), e)| {
        s.effect == Effect::Allow && e.cover(Narrow::Exact(action), &unbounded) != s.action.not
    });
    allowed && super::allows_action(statements.iter().map(|(s, _)| *s), action)
}

/// Whether a dependent action is one a caller cannot do without. The
/// reference also lists dependents needed only when the caller uses a
/// feature — tags at creation (`ec2:CreateTags`), SSM parameters in a launch
/// template (`ssm:GetParameters`): those are Tagging, Read or List actions,
/// and reporting them would flag most policies, AWS's own included. The
/// dependents kept are Write and Permissions management actions, such as
/// `iam:PassRole` for `ecs:RunTask`.
fn changes_things(dependent: &str, reference: &Reference) -> bool {
    reference.action(dependent).is_some_and(|(_, a)| {
        matches!(
            a.access_level,
            AccessLevel::Write | AccessLevel::PermissionsManagement
        )
    })
}

/// `MISSING_DEPENDENT_ACTION`: `also` says whether the principal's other
/// policies allow an action, and whether they deny it.
pub(super) fn dependent_actions(
    statements: &[(&Statement, &JsonPath)],
    entries: &[ActionEntries<'_>],
    resolved: &[Resolved<'_>],
    reference: &Reference,
    also: &dyn Fn(&str) -> (bool, bool),
    findings: &mut Vec<Finding>,
) {
    // Each dependent action is looked up in the reference and the policy
    // once: whether it is one to report when missing.
    let mut missing_here: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
    for ((statement, path), resolved) in statements.iter().zip(resolved) {
        if statement.effect != Effect::Allow || statement.action.not {
            continue;
        }
        let values = &statement.action.values;
        for (i, entry) in values.iter().enumerate() {
            let Some(Some((_, action))) = resolved.get(i) else {
                continue;
            };
            let missing: Vec<&str> = action
                .dependent_actions
                .iter()
                .copied()
                .filter(|d| {
                    *missing_here.entry(d).or_insert_with(|| {
                        changes_things(d, reference) && {
                            let (allowed, denied) = also(d);
                            !((allowed || allows(statements, entries, d)) && !denied)
                        }
                    })
                })
                .collect();
            if missing.is_empty() {
                continue;
            }
            let list = missing
                .iter()
                .map(|d| format!("`{d}`"))
                .collect::<Vec<_>>()
                .join(", ");
            findings.push(
                Finding::new(
                    &codes::MISSING_DEPENDENT_ACTION,
                    format!("`{entry}` also needs {list}, which the policy does not allow"),
                    Location::value(values.item_path(&path.key(statement.action.key()), i)),
                )
                .with_help(format!(
                    "allow {list} too, scoped as tightly as the task allows"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::find_run;

    /// The short-needle search finds what `str::find` finds, at the same
    /// place, for needles around the 16-byte switch and texts with
    /// repeats and non-ASCII characters.
    #[test]
    fn find_run_finds_what_find_finds() {
        let haystacks = [
            "",
            "arn:aws:ec2:::instance/",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
            "é:é:ééé/x/é",
            "abcabcabdabcabcabcabdabcabcabcabd",
        ];
        let needles = [
            "a",
            ":",
            "é",
            "instance/",
            "abd",
            "aaaaaaaaaaaaaaab",
            "aaaaaaaaaaaaaaaab",
            "abcabcabdabcabcabcabd",
            "zz",
        ];
        for hay in haystacks {
            for needle in needles {
                assert_eq!(
                    find_run(hay, needle),
                    hay.find(needle),
                    "{hay:?} {needle:?}"
                );
            }
        }
    }
}
