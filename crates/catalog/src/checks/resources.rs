//! `Resource` / `NotResource` entries: ARN shape, and whether the
//! statement's actions can act on them at all.

use polc_model::arn::{Arn, ArnError};
use polc_model::wildcard::has_wildcard;
use polc_model::{Code, Finding, JsonPath, Location, Statement};

use super::codes;
use crate::reference::arn_format::overlaps_format;
use crate::reference::{Action, Reference, Service};

use crate::reference::PARTITIONS;

/// Checks the statement's resources.
pub(super) fn check(
    statement: &Statement,
    resolved: &super::Resolved<'_>,
    path: &JsonPath,
    reference: &Reference,
    resource_policy: bool,
    findings: &mut Vec<Finding>,
) {
    let Some(resource) = &statement.resource else {
        return;
    };
    let base = || path.key(resource.key());
    // API Gateway's resource policies may shorten the API's own ARN.
    let entries: Vec<String> = resource
        .values
        .iter()
        .map(
            |entry| match polc_model::arn::api_gateway_shorthand(entry) {
                Some(arn) if resource_policy => arn,
                _ => entry.to_string(),
            },
        )
        .collect();
    // Where a misspelt entry would leave something unrestricted.
    let restricts = (statement.effect == polc_model::Effect::Deny) != resource.not;
    for (i, entry) in entries.iter().enumerate() {
        // Where the statement restricts, an entry that names nothing is an
        // error, over any warning about its form.
        let problem = match arn_problem(entry, reference) {
            Some(error) if error.0.severity == polc_model::Severity::Error => Some(error),
            other => restricts
                .then(|| names_nothing(entry, reference))
                .flatten()
                .or(other),
        };
        if let Some((code, message, help)) = problem {
            findings.push(
                Finding::new(
                    code,
                    message,
                    Location::value(resource.values.item_path(&base(), i)),
                )
                .with_help(help),
            );
        }
    }
    if !resource.not && !statement.action.not {
        let before = findings.len();
        mismatches(statement, &entries, resolved, path, reference, findings);
        // A Deny that matches none of its actions' resources denies
        // nothing: what it was meant to stop is not stopped.
        if statement.effect == polc_model::Effect::Deny {
            for finding in findings.iter_mut().skip(before) {
                if finding.code.id == polc_model::codes::CodeId::RESOURCE_MISMATCH
                    && finding.severity > polc_model::Severity::SecurityWarning
                {
                    finding.severity = polc_model::Severity::SecurityWarning;
                }
            }
        }
    }
}

/// `*`, `**`, ...: every resource. (Not the empty string.)
pub(super) fn is_star(entry: &str) -> bool {
    !entry.is_empty() && entry.bytes().all(|b| b == b'*')
}

/// A part that is not checked: a wildcard, a policy variable or a
/// documentation placeholder (`<region>`) stands for a value to come.
fn open(part: &str) -> bool {
    has_wildcard(part) || part.contains("${") || (part.contains('<') && part.contains('>'))
}

fn is_region(part: &str) -> bool {
    // us-east-1, us-gov-west-1, ap-southeast-3, eusc-de-east-1, us-isob-east-1
    let mut pieces = part.split('-');
    let first = pieces.next().unwrap_or_default();
    let rest: Vec<&str> = pieces.collect();
    let lower = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase());
    (2..=4).contains(&first.len())
        && lower(first)
        && rest.len() >= 2
        && rest.split_last().is_some_and(|(number, words)| {
            !number.is_empty()
                && number.len() <= 2
                && number.bytes().all(|b| b.is_ascii_digit())
                && words.iter().all(|w| lower(w))
        })
}

fn arn_problem(entry: &str, reference: &Reference) -> Option<(&'static Code, String, String)> {
    if is_star(entry) || (open(entry) && !entry.contains(':')) {
        return None;
    }
    // A variable is replaced after IAM reads the ARN (`${aws:username}`
    // alone is no ARN).
    if !entry.starts_with("arn:") {
        return Some((
            &codes::INVALID_ARN_PREFIX,
            format!("`{entry}` is neither `*` nor an ARN"),
            "write the full ARN, `arn:partition:service:region:account:resource`".to_owned(),
        ));
    }
    // A variable holds colons of its own (`${aws:RequestedRegion}`): the
    // parts are read with each variable as `*`, a value to come (the
    // findings name the entry as written).
    if entry.contains("${") {
        let read = polc_model::variable::as_stars(entry);
        return arn_problem(&read, reference)
            .map(|(code, message, help)| (code, message.replace(&read, entry), help));
    }
    let arn = match Arn::parse(entry) {
        Ok(arn) => arn,
        Err(ArnError::MissingPrefix) => {
            return Some((
                &codes::INVALID_ARN_PREFIX,
                format!("`{entry}` is neither `*` nor an ARN"),
                "write the full ARN, `arn:partition:service:region:account:resource`".to_owned(),
            ));
        }
        // A `*` that ends a part may expand beyond the colons (AWS): a
        // shortened ARN with one is complete enough.
        Err(ArnError::TooFewParts(_) | ArnError::EmptyPart(_))
            if entry.ends_with('*') || entry.contains("*:") =>
        {
            return None;
        }
        Err(error) => {
            return Some((
                &codes::INVALID_ARN_RESOURCE,
                format!("`{entry}` is not a complete ARN: {error}"),
                "complete the ARN, or end it with `*`".to_owned(),
            ));
        }
    };
    if !open(arn.partition) && !PARTITIONS.contains(&arn.partition) {
        return Some((
            &codes::INVALID_ARN_PARTITION,
            format!("`{}` in `{entry}` is not an AWS partition", arn.partition),
            "write `aws` (or `aws-cn`, `aws-us-gov`, ...)".to_owned(),
        ));
    }
    if !arn.region.is_empty() && !open(arn.region) && !is_region(arn.region) {
        return Some((
            &codes::INVALID_ARN_REGION,
            format!("`{}` in `{entry}` is not a region", arn.region),
            "write a region code such as `us-east-1`, or `*`".to_owned(),
        ));
    }
    let account_ok = arn.account.is_empty()
        || open(arn.account)
        || arn.account == "aws"
        || (arn.account.len() == 12 && arn.account.bytes().all(|b| b.is_ascii_digit()));
    if !account_ok {
        return Some((
            &codes::INVALID_ARN_ACCOUNT,
            format!(
                "`{}` in `{entry}` is not a 12-digit account id",
                arn.account
            ),
            "write the 12-digit account id, or `*`".to_owned(),
        ));
    }
    // Last: an unknown service is a warning, and must not hide an error
    // of the region or account of the same ARN.
    if !open(arn.service)
        && reference
            .arn_namespaces()
            .binary_search(&arn.service)
            .is_err()
    {
        let help = match polc_model::suggest::closest(
            arn.service,
            reference.arn_namespaces().iter().copied(),
        ) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "use the service namespace of the resource's ARN format".to_owned(),
        };
        return Some((
            &codes::INVALID_ARN_SERVICE,
            format!(
                "`{}` in `{entry}` is not a service namespace of any ARN",
                arn.service
            ),
            help,
        ));
    }
    None
}

/// An entry that names no resource where the statement restricts with it
/// (a `Deny`'s `Resource`, an `Allow`'s `NotResource`), so the `Deny`
/// protects nothing or the `Allow` excludes nothing: an invisible
/// character; a namespace in capitals; a region or an account where no
/// resource of the namespace has one (IAM); a resource type one edit or a
/// case away from one the reference lists (`roles/admin-*` for IAM's
/// `role/…`, `role:` for `role/`). Only the type is judged (the literal
/// text up to and with the first `/` or `:`; the rest may follow an older
/// form AWS still accepts), and a type the reference does not list is no
/// error by itself: the reference lacks some types AWS's own policies name
/// (`arn:aws:iam::*:root`, WAF's `changetoken`). Not judged where a form of
/// the namespace begins with a name (an S3 bucket: any text may be one),
/// or the type holds a wildcard.
fn names_nothing(entry: &str, reference: &Reference) -> Option<(&'static Code, String, String)> {
    /// The type and its separator: `role/`, `log-group:`, `root`.
    fn kind(resource: &str) -> &str {
        let end = resource
            .bytes()
            .position(|b| b == b'/' || b == b':' || b == b'$')
            .map_or(resource.len(), |i| {
                i + usize::from(resource.as_bytes().get(i) != Some(&b'$'))
            });
        resource.get(..end).unwrap_or_default()
    }
    let restricts_nothing = |why: String, help: String| {
        Some((
            &codes::INVALID_ARN_RESOURCE,
            format!(
                "`{entry}` {why}, so it names no resource and this statement restricts nothing with it"
            ),
            help,
        ))
    };
    if let Some(c) = entry.chars().find(|&c| polc_model::suggest::hides_text(c)) {
        return restricts_nothing(
            format!("holds an invisible character (U+{:04X})", u32::from(c)),
            "remove it: no resource a reader would name has it".to_owned(),
        );
    }
    let read = polc_model::variable::as_stars(entry);
    let arn = Arn::parse(&read).ok()?;
    if open(arn.service) {
        return None;
    }
    if arn.service.bytes().any(|b| b.is_ascii_uppercase()) {
        return restricts_nothing(
            format!(
                "names the service namespace `{}`, and namespaces are lower case",
                arn.service
            ),
            format!("write `{}`", arn.service.to_ascii_lowercase()),
        );
    }
    let service = reference.service(arn.service)?;
    let head = format!("arn:${{Partition}}:{}:", arn.service);
    let formats: Vec<&'static str> = service
        .resource_types
        .iter()
        .flat_map(|t| t.arn_format.split(", "))
        .filter(|f| f.starts_with(&head))
        .collect();
    if formats.is_empty() {
        return None;
    }
    let part = |f: &'static str, n: usize| f.splitn(6, ':').nth(n).unwrap_or_default();
    if !arn.region.is_empty() && !open(arn.region) && formats.iter().all(|f| part(f, 3).is_empty())
    {
        return restricts_nothing(
            format!(
                "gives the region `{}`, and `{}` ARNs have none",
                arn.region, arn.service
            ),
            format!("leave the region empty: `arn:aws:{}::…`", arn.service),
        );
    }
    if !arn.account.is_empty()
        && !open(arn.account)
        && formats.iter().all(|f| part(f, 4).is_empty())
    {
        return restricts_nothing(
            format!(
                "gives the account `{}`, and `{}` ARNs have none",
                arn.account, arn.service
            ),
            format!("leave the account empty: `arn:aws:{}:…::…`", arn.service),
        );
    }
    let entry_kind = kind(arn.resource);
    if entry_kind.is_empty() || open(entry_kind) {
        return None;
    }
    let mut kinds: Vec<&'static str> = Vec::new();
    for format in &formats {
        let resource = format.splitn(6, ':').nth(5).unwrap_or_default();
        let format_kind = kind(resource);
        if format_kind.is_empty() || format_kind.starts_with('$') {
            // `${BucketName}`: any text may be a resource of this form.
            return None;
        }
        kinds.push(format_kind);
    }
    if kinds.contains(&entry_kind) {
        return None;
    }
    let meant = kinds
        .iter()
        .copied()
        .find(|k| polc_model::suggest::distance(entry_kind, k, 1).is_some())?;
    let shown = |k: &str| k.trim_end_matches(['/', ':']).to_owned();
    restricts_nothing(
        format!(
            "names the type `{}`, which is no resource type of `{}` ARNs",
            shown(entry_kind),
            arn.service
        ),
        format!(
            "did you mean `{meant}`? ARNs are case-sensitive (`polc catalog builders {}` shows the ARN formats)",
            service.prefix
        ),
    )
}

/// An action of the statement, as named or as presumably meant.
struct Named<'r> {
    service: &'r Service,
    action: &'r Action,
    /// The entry as written, when it names no action and this is the
    /// closest one.
    written: Option<&'r str>,
}

fn mismatches(
    statement: &Statement,
    entries: &[String],
    resolved: &super::Resolved<'_>,
    path: &JsonPath,
    reference: &Reference,
    findings: &mut Vec<Finding>,
) {
    let Some(resource) = &statement.resource else {
        return;
    };
    // `*` (or `**`) matches whatever an action acts on.
    if entries.iter().any(|e| is_star(e)) {
        return;
    }
    // What a statement that matches no resource does: nothing.
    let nothing = if statement.effect == polc_model::Effect::Deny {
        "the Deny denies nothing"
    } else {
        "the statement grants nothing"
    };
    let location = || {
        let base = path.key(resource.key());
        Location::value(if entries.len() == 1 {
            resource.values.item_path(&base, 0)
        } else {
            base
        })
    };
    for (i, entry) in statement.action.values.iter().enumerate() {
        // An entry that names an action was looked up once already.
        if let Some(Some((service, action))) = resolved.get(i) {
            let named = Named {
                service,
                action,
                written: None,
            };
            if let Some(finding) = mismatch(&named, entries, &location, nothing) {
                findings.push(finding);
            }
            continue;
        }
        let Some((prefix, name)) = polc_model::action::split_colon(entry) else {
            continue;
        };
        if has_wildcard(prefix) {
            continue;
        }
        let Some(service) = reference.service(prefix) else {
            continue;
        };
        let named: Vec<Named<'_>> = if has_wildcard(entry) {
            reference
                .expand(entry)
                .into_iter()
                .map(|(service, action)| Named {
                    service,
                    action,
                    written: None,
                })
                .collect()
        } else if let Some(action) = service.action(name) {
            vec![Named {
                service,
                action,
                written: None,
            }]
        } else {
            service
                .suggest_action(name)
                .and_then(|near| service.action(near))
                .map(|action| Named {
                    service,
                    action,
                    written: Some(entry),
                })
                .into_iter()
                .collect()
        };
        if has_wildcard(entry) {
            // A wildcard reaches actions of many resource types; only when
            // none of them can act on the statement's resources does it
            // grant nothing, and that is said once.
            // The first action that can act on them settles it.
            let all_miss = !named.is_empty() && named.iter().all(|n| misses(n, entries));
            if all_miss {
                findings.push(
                    Finding::new(
                        &codes::RESOURCE_MISMATCH,
                        format!("none of the {} actions `{entry}` matches acts on a resource of the statement's form, so {nothing} for them", named.len()),
                        location(),
                    )
                    .with_help(format!("`polc catalog action {}:ACTION` shows each action's resource types", service.prefix)),
                );
            }
            continue;
        }
        for named in named {
            if let Some(finding) = mismatch(&named, entries, &location, nothing) {
                findings.push(finding);
            }
        }
    }
}

/// Whether `named` acts on none of `entries` ([`mismatch`] without the
/// finding).
fn misses(named: &Named<'_>, entries: &[String]) -> bool {
    let Named {
        service, action, ..
    } = named;
    if action.resources.is_empty() {
        return service.prefix == "ecs";
    }
    // Whether an entry can name a resource of a format: asked for the
    // same pair by every action of the same resource type (and by other
    // statements and documents), answered once.
    let fits = |e: &str, f: &'static str| overlaps_format(e, f);
    !action
        .resources
        .iter()
        .filter_map(|r| service.resource_type(r))
        .any(|t| {
            t.arn_format
                .split(", ")
                .any(|f| entries.iter().any(|e| fits(e, f)))
        })
}

fn mismatch(
    named: &Named<'_>,
    entries: &[String],
    location: &dyn Fn() -> Location,
    nothing: &str,
) -> Option<Finding> {
    if !misses(named, entries) {
        return None;
    }
    let Named {
        service,
        action,
        written,
    } = named;
    let full = || format!("{}:{}", service.prefix, action.name);
    let subject = || match written {
        Some(written) => format!("`{written}` (presumably `{}`)", full()),
        None => format!("`{}`", full()),
    };
    if action.resources.is_empty() {
        // The reference lists no resource type for some actions of other
        // services that do accept ARNs, so only ECS's documented
        // wildcard-only actions are reported ([`misses`]).
        return Some(
            Finding::new(
                &codes::WILDCARD_ONLY_ACTION_SCOPED,
                format!("{} supports no resource-level permissions: it matches only `\"Resource\": \"*\"`, so {nothing} for it", subject()),
                location(),
            )
            .with_help(format!("move `{}` to a statement with `\"Resource\": \"*\"`", full())),
        );
    }
    let types: Vec<_> = action
        .resources
        .iter()
        .filter_map(|r| service.resource_type(r))
        .collect();
    // A type may have several ARN formats, joined by `, `: any of them.
    let formats = |t: &&crate::reference::ResourceType| t.arn_format.split(", ");
    let forms: Vec<String> = types
        .iter()
        .take(3)
        .map(|t| format!("`{}` (`{}`)", t.name, t.arn_format))
        .collect();
    let example = types
        .first()
        .and_then(|t| formats(t).next())
        .map(example)
        .unwrap_or_default();
    Some(
        Finding::new(
            &codes::RESOURCE_MISMATCH,
            format!(
                "{} acts on {}; no resource of the statement has that form, so {nothing} for it",
                subject(),
                forms.join(", ")
            ),
            location(),
        )
        .with_help(format!(
            "write the resource in that form, such as `{example}`"
        )),
    )
}

/// An ARN of the format with `aws` for the partition and `*` for every
/// other placeholder.
pub(super) fn example(format: &str) -> String {
    let mut out = String::with_capacity(format.len());
    let mut rest = format;
    while let Some(start) = rest.find("${") {
        out.push_str(rest.get(..start).unwrap_or_default());
        let after = rest.get(start..).unwrap_or_default();
        let end = after.find('}').map_or(after.len(), |e| e + 1);
        out.push_str(if after.starts_with("${Partition}") {
            "aws"
        } else {
            "*"
        });
        rest = after.get(end..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}
