//! `Principal` / `NotPrincipal` of resource-based and trust policies.

use polc_model::policy::{Principal, PrincipalElement, PrincipalKind};

use crate::request::{PrincipalInfo, PrincipalType};

/// How a resource-based policy names the principal it allows; decides
/// whether its Allow suffices alone within one account (see
/// [`crate::PolicySet`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Grant {
    /// The principal's account (`123456789012`, `arn:aws:iam::...:root`),
    /// or every principal but some (`NotPrincipal`): the account delegates,
    /// the principal's identity policies must allow too.
    Account,
    /// Every principal (`"*"`): allows alone, limited by a permissions
    /// boundary or session policy.
    Anyone,
    /// The role of a role session: allows alone, limited by a permissions
    /// boundary or session policy.
    Role,
    /// The principal itself (user, role session, federated user, service):
    /// allows alone.
    Exact,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum AwsEntry {
    /// `"*"`.
    Any,
    /// An account: id and, for the ARN form, partition.
    Account {
        partition: Option<Box<str>>,
        account: Box<str>,
    },
    /// A role ARN: its text, partition, account and name.
    Role {
        arn: Box<str>,
        partition: Box<str>,
        account: Box<str>,
        name: Box<str>,
    },
    /// Any other name, compared exactly (read once, for the session or
    /// user it may name).
    Exact(PrincipalInfo<'static>),
}

/// A compiled `Principal` or `NotPrincipal`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CompiledPrincipal {
    not: bool,
    any: bool,
    aws: Box<[AwsEntry]>,
    /// `Service`, `Federated`, `CanonicalUser` names, compared exactly.
    others: Box<[(PrincipalKind, Box<str>)]>,
}

impl CompiledPrincipal {
    /// Compiles the element; `Err` names a value IAM would refuse.
    pub(crate) fn new(element: &PrincipalElement) -> Result<Self, (PrincipalKind, usize, String)> {
        let mut aws = Vec::new();
        let mut others = Vec::new();
        let mut any = false;
        match &element.value {
            Principal::Any => any = true,
            Principal::Map(map) => {
                for (kind, values) in map {
                    for (i, value) in values.iter().enumerate() {
                        if value == "*" {
                            if *kind == PrincipalKind::Aws {
                                any = true;
                                aws.push(AwsEntry::Any);
                                continue;
                            }
                        } else if value.contains(['*', '?']) {
                            return Err((
                                *kind,
                                i,
                                format!(
                                    "`{value}`: a Principal cannot hold wildcards (only `\"*\"` alone, meaning everyone); IAM refuses this policy"
                                ),
                            ));
                        }
                        if *kind == PrincipalKind::Aws {
                            aws.push(aws_entry(value));
                        } else {
                            others.push((*kind, Box::from(value.as_str())));
                        }
                    }
                }
            }
        }
        Ok(Self {
            not: element.not,
            any,
            aws: aws.into_boxed_slice(),
            others: others.into_boxed_slice(),
        })
    }

    /// Whether the element is `NotPrincipal`.
    pub(crate) fn is_not(&self) -> bool {
        self.not
    }

    /// Whether the statement applies to `who` (`None`: an anonymous
    /// request), and how it names it.
    ///
    /// `partition`: the resource's, which a bare account id (`111122223333`)
    /// is in (partitions are separate account spaces). `deny`: the
    /// statement is a `Deny`. Where the request does not say whether the
    /// element names its principal (an account id where the resource's
    /// partition is unknown; a role given as the principal, which acts
    /// through a session whose name the request does not give), the
    /// stricter reading is taken: an `Allow` does not apply, a `Deny` does.
    pub(crate) fn grant(
        &self,
        who: Option<&PrincipalInfo<'_>>,
        partition: Option<&str>,
        deny: bool,
    ) -> Option<Grant> {
        if self.not {
            let excluded = self.excludes(who, partition);
            let applies = if deny {
                excluded != Some(true)
            } else {
                excluded == Some(false)
            };
            return applies.then_some(Grant::Account);
        }
        if self.any {
            return Some(Grant::Anyone);
        }
        let who = who?;
        let mut best = None;
        for entry in &*self.aws {
            let (named, g) = match entry {
                AwsEntry::Any => (Some(true), Grant::Anyone),
                AwsEntry::Account {
                    partition: named,
                    account,
                } => (
                    names_account(who, named.as_deref().or(partition), partition, account),
                    Grant::Account,
                ),
                // A role acts through sessions: naming it is a role grant
                // (limited by a boundary), even for a request that names
                // the role itself.
                AwsEntry::Role { arn, .. } if **arn == *who.text => (Some(true), Grant::Role),
                AwsEntry::Role {
                    partition,
                    account,
                    name,
                    ..
                } => (
                    Some(
                        who.kind == PrincipalType::AssumedRole
                            && same_role(who, partition, account, name),
                    ),
                    Grant::Role,
                ),
                AwsEntry::Exact(s) if *s.text == *who.text => (Some(true), Grant::Exact),
                // A role given as the principal may be in any session of
                // it, this one among them.
                // A federated user's session may be of any IAM user of its
                // account: the request does not say which called
                // `GetFederationToken`.
                AwsEntry::Exact(s) => (
                    if (who.kind == PrincipalType::Role && session_of(s, who))
                        || (who.kind == PrincipalType::FederatedUser && user_of_account(s, who))
                    {
                        None
                    } else {
                        Some(false)
                    },
                    Grant::Exact,
                ),
            };
            let applies = if deny {
                named != Some(false)
            } else {
                named == Some(true)
            };
            if applies {
                best = best.max(Some(g));
            }
            if best == Some(Grant::Exact) {
                return best;
            }
        }
        for (kind, s) in &*self.others {
            if **s == *who.text {
                return Some(Grant::Exact);
            }
            // A canonical user id is an account's, obfuscated: whether it
            // is the account of the request's principal is not said, so a
            // `Deny` naming one applies, an `Allow` does not (review 48).
            if deny && *kind == PrincipalKind::CanonicalUser && who.account().is_some() {
                best = best.max(Some(Grant::Account));
            }
        }
        best
    }

    /// For `NotPrincipal`: whether every identity of the request is listed
    /// (the principal itself, the role of a session, the account), so the
    /// statement does not apply; `None` where the request does not say.
    /// AWS documents that a `NotPrincipal` which names a user but not the
    /// user's account still applies to the user, and that a role session
    /// is excluded only by its session's ARN (with its role and account).
    fn excludes(&self, who: Option<&PrincipalInfo<'_>>, partition: Option<&str>) -> Option<bool> {
        if self.any {
            return Some(true);
        }
        let Some(who) = who else {
            return Some(false);
        };
        let account_listed = if who.account().is_none() {
            Some(true)
        } else {
            self.aws
                .iter()
                .filter_map(|e| match e {
                    AwsEntry::Account {
                        partition: named,
                        account,
                    } => Some(names_account(
                        who,
                        named.as_deref().or(partition),
                        partition,
                        account,
                    )),
                    _ => None,
                })
                .fold(Some(false), or)
        };
        // A canonical user id may be the account's (not said).
        let canonical = self
            .others
            .iter()
            .any(|(kind, _)| *kind == PrincipalKind::CanonicalUser);
        let account_listed = if canonical && who.account().is_some() {
            or(account_listed, None)
        } else {
            account_listed
        };
        if who.kind == PrincipalType::Account {
            return account_listed;
        }
        let role_listed = || {
            self.aws.iter().any(|e| match e {
                AwsEntry::Role {
                    partition,
                    account,
                    name,
                    ..
                } => same_role(who, partition, account, name),
                _ => false,
            })
        };
        let listed_exactly = if who.kind == PrincipalType::Role {
            // A role given as the principal acts through a session whose
            // name the request does not give: a listed session of the
            // role may be its own, or not.
            if role_listed()
                && self
                    .aws
                    .iter()
                    .any(|e| matches!(e, AwsEntry::Exact(s) if session_of(s, who)))
            {
                None
            } else {
                Some(false)
            }
        } else {
            Some(
                self.aws.iter().any(|e| match e {
                    AwsEntry::Role { arn, .. } => **arn == *who.text,
                    AwsEntry::Exact(named) => *named.text == *who.text,
                    AwsEntry::Any => true,
                    AwsEntry::Account { .. } => false,
                }) || self.others.iter().any(|(_, s)| **s == *who.text),
            )
        };
        let role_listed = who.kind != PrincipalType::AssumedRole || role_listed();
        and(and(listed_exactly, account_listed), Some(role_listed))
    }
}

/// Three-valued and, or (`None`: unknown).
fn and(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

fn or(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

/// Whether `who` (a role session, or a role acting as one) is of the role
/// `partition`, `account`, `name`.
fn same_role(who: &PrincipalInfo<'_>, partition: &str, account: &str, name: &str) -> bool {
    matches!(who.kind, PrincipalType::AssumedRole | PrincipalType::Role)
        && who.part(&who.partition) == partition
        && who.part(&who.account) == account
        && who.part(&who.name) == name
}

/// Whether `user` is an IAM user in the account and partition of `who`.
fn user_of_account(user: &PrincipalInfo<'_>, who: &PrincipalInfo<'_>) -> bool {
    user.kind == PrincipalType::User
        && user.part(&user.partition) == who.part(&who.partition)
        && user.part(&user.account) == who.part(&who.account)
}

/// Whether `session` is a session of the role `who` names.
fn session_of(session: &PrincipalInfo<'_>, who: &PrincipalInfo<'_>) -> bool {
    session.kind == PrincipalType::AssumedRole
        && same_role(
            who,
            session.part(&session.partition),
            session.part(&session.account),
            session.part(&session.name),
        )
}

/// Whether `who` is in `account` of `partition`: `None` where it cannot
/// be told (a bare account id where the resource's partition is unknown,
/// or a principal's partition against an id whose partition is unknown).
/// Partitions are separate account spaces; where neither side has one,
/// the ids are compared.
fn names_account(
    who: &PrincipalInfo<'_>,
    partition: Option<&str>,
    resource_partition: Option<&str>,
    account: &str,
) -> Option<bool> {
    if who.account() != Some(account) {
        return Some(false);
    }
    match (who.partition(), partition) {
        (Some(w), Some(p)) => Some(w == p),
        // A principal given as a bare id: taken to be in the resource's
        // partition.
        (None, Some(p)) => resource_partition.map(|r| r == p),
        (Some(_), None) => None,
        (None, None) => Some(true),
    }
}

fn aws_entry(value: &str) -> AwsEntry {
    let info = PrincipalInfo::parse(value.into());
    match info.kind {
        PrincipalType::Account => AwsEntry::Account {
            partition: (!info.partition.is_empty()).then(|| info.part(&info.partition).into()),
            account: info.part(&info.account).into(),
        },
        PrincipalType::Role => AwsEntry::Role {
            arn: value.into(),
            partition: info.part(&info.partition).into(),
            account: info.part(&info.account).into(),
            name: info.part(&info.name).into(),
        },
        _ => AwsEntry::Exact(PrincipalInfo::parse(value.to_owned().into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polc_model::policy::OneOrMany;

    fn aws(values: &[&str], not: bool) -> CompiledPrincipal {
        let mut map = indexmap::IndexMap::new();
        map.insert(
            PrincipalKind::Aws,
            OneOrMany::Many(values.iter().map(|s| (*s).into()).collect()),
        );
        CompiledPrincipal::new(&PrincipalElement {
            not,
            value: Principal::Map(map),
        })
        .unwrap()
    }

    fn who(s: &str) -> PrincipalInfo<'_> {
        PrincipalInfo::parse(s.into())
    }

    #[test]
    fn grants() {
        let p = aws(&["arn:aws:iam::111122223333:role/path/web"], false);
        assert_eq!(
            p.grant(
                Some(&who("arn:aws:sts::111122223333:assumed-role/web/s1")),
                None,
                false
            ),
            Some(Grant::Role)
        );
        assert_eq!(
            p.grant(
                Some(&who("arn:aws:sts::444455556666:assumed-role/web/s1")),
                None,
                false
            ),
            None
        );
        let acct = aws(&["111122223333"], false);
        assert_eq!(
            acct.grant(
                Some(&who("arn:aws:iam::111122223333:user/a")),
                Some("aws"),
                false
            ),
            Some(Grant::Account)
        );
        // The resource's partition unknown: which account the id names
        // cannot be told.
        assert_eq!(
            acct.grant(Some(&who("arn:aws:iam::111122223333:user/a")), None, false),
            None
        );
        assert_eq!(acct.grant(None, None, false), None);
    }

    #[test]
    fn not_principal_needs_every_identity() {
        let user = "arn:aws:iam::111122223333:user/a";
        let only_user = aws(&[user], true);
        assert_eq!(
            only_user.grant(Some(&who(user)), None, false),
            Some(Grant::Account)
        );
        let both = aws(&[user, "arn:aws:iam::111122223333:root"], true);
        assert_eq!(both.grant(Some(&who(user)), None, false), None);
        assert_eq!(both.grant(None, None, false), Some(Grant::Account));
    }

    /// Review 35: where the request does not say whether the element names
    /// its principal, an `Allow` does not apply and a `Deny` does.
    #[test]
    fn a_deny_applies_where_the_principal_may_be_named() {
        let alice = who("arn:aws:iam::111122223333:user/alice");
        let acct = aws(&["111122223333"], false);
        // The resource's partition unknown (`*`).
        assert_eq!(acct.grant(Some(&alice), None, false), None);
        assert!(acct.grant(Some(&alice), None, true).is_some());
        assert!(
            acct.grant(Some(&who("arn:aws:iam::444455556666:user/bob")), None, true)
                .is_none()
        );
        // A role given as the principal acts through a session of any name.
        let role = who("arn:aws:iam::111122223333:role/dev");
        let session = aws(&["arn:aws:sts::111122223333:assumed-role/dev/s1"], false);
        assert_eq!(session.grant(Some(&role), Some("aws"), false), None);
        assert!(session.grant(Some(&role), Some("aws"), true).is_some());
        let other = aws(&["arn:aws:sts::111122223333:assumed-role/ops/s1"], false);
        assert!(other.grant(Some(&role), Some("aws"), true).is_none());
        // NotPrincipal naming the role and its account excludes no session.
        let not = aws(
            &[
                "arn:aws:iam::111122223333:role/dev",
                "arn:aws:iam::111122223333:root",
            ],
            true,
        );
        assert!(not.grant(Some(&role), Some("aws"), true).is_some());
        let s1 = who("arn:aws:sts::111122223333:assumed-role/dev/s1");
        assert!(not.grant(Some(&s1), Some("aws"), true).is_some());
        // With a session listed, it may be the role's: a Deny applies, an
        // Allow does not.
        let not_session = aws(
            &[
                "arn:aws:sts::111122223333:assumed-role/dev/s1",
                "arn:aws:iam::111122223333:role/dev",
                "arn:aws:iam::111122223333:root",
            ],
            true,
        );
        assert!(not_session.grant(Some(&role), Some("aws"), true).is_some());
        assert!(not_session.grant(Some(&role), Some("aws"), false).is_none());
        assert!(not_session.grant(Some(&s1), Some("aws"), true).is_none());
        // NotPrincipal of a user and an account id where the partition is
        // unknown: whether the user is excluded cannot be told.
        let not_acct = aws(
            &["arn:aws:iam::111122223333:user/alice", "111122223333"],
            true,
        );
        assert!(not_acct.grant(Some(&alice), None, true).is_some());
        assert!(not_acct.grant(Some(&alice), None, false).is_none());
        assert!(not_acct.grant(Some(&alice), Some("aws"), true).is_none());
    }
}
