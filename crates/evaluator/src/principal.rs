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
    /// Any other name, compared exactly.
    Exact(Box<str>),
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
    /// is in (partitions are separate account spaces).
    pub(crate) fn grant(
        &self,
        who: Option<&PrincipalInfo<'_>>,
        partition: Option<&str>,
    ) -> Option<Grant> {
        if self.not {
            return (!self.excludes(who, partition)).then_some(Grant::Account);
        }
        if self.any {
            return Some(Grant::Anyone);
        }
        let who = who?;
        let mut best = None;
        for entry in &*self.aws {
            let g = match entry {
                AwsEntry::Any => Some(Grant::Anyone),
                AwsEntry::Account {
                    partition: named,
                    account,
                } => names_account(who, named.as_deref().or(partition), partition, account)
                    .then_some(Grant::Account),
                // A role acts through sessions: naming it is a role grant
                // (limited by a boundary), even for a request that names
                // the role itself.
                AwsEntry::Role { arn, .. } if **arn == *who.text => Some(Grant::Role),
                AwsEntry::Role {
                    partition,
                    account,
                    name,
                    ..
                } => (who.kind == PrincipalType::AssumedRole
                    && who.part(&who.partition) == &**partition
                    && who.part(&who.account) == &**account
                    && who.part(&who.name) == &**name)
                    .then_some(Grant::Role),
                AwsEntry::Exact(s) => (**s == *who.text).then_some(Grant::Exact),
            };
            best = best.max(g);
            if best == Some(Grant::Exact) {
                return best;
            }
        }
        if self.others.iter().any(|(_, s)| **s == *who.text) {
            return Some(Grant::Exact);
        }
        best
    }

    /// For `NotPrincipal`: whether every identity of the request is listed
    /// (the principal itself, the role of a session, the account), so the
    /// statement does not apply. AWS documents that a `NotPrincipal` which
    /// names a user but not the user's account still applies to the user.
    fn excludes(&self, who: Option<&PrincipalInfo<'_>>, partition: Option<&str>) -> bool {
        if self.any {
            return true;
        }
        let Some(who) = who else {
            return false;
        };
        let listed_exactly = self.aws.iter().any(|e| match e {
            AwsEntry::Role { arn, .. } | AwsEntry::Exact(arn) => **arn == *who.text,
            AwsEntry::Any => true,
            AwsEntry::Account { .. } => false,
        }) || self.others.iter().any(|(_, s)| **s == *who.text);
        let account_listed = || {
            who.account().is_none()
                || self.aws.iter().any(|e| match e {
                    AwsEntry::Account {
                        partition: named,
                        account,
                    } => names_account(who, named.as_deref().or(partition), partition, account),
                    _ => false,
                })
        };
        let role_listed = || {
            who.kind != PrincipalType::AssumedRole
                || self.aws.iter().any(|e| match e {
                    AwsEntry::Role {
                        partition,
                        account,
                        name,
                        ..
                    } => {
                        who.part(&who.partition) == &**partition
                            && who.part(&who.account) == &**account
                            && who.part(&who.name) == &**name
                    }
                    _ => false,
                })
        };
        let whole_account = who.kind == PrincipalType::Account && account_listed();
        whole_account || (listed_exactly && account_listed() && role_listed())
    }
}

/// Whether `who` is in `account` of `partition` (`None`: unknown, a bare
/// account id where the resource's partition is unknown). Partitions are
/// separate account spaces: where either side's cannot be told, the
/// stricter reading is no match (no grant; a `NotPrincipal` excludes no
/// one), except when neither side has one.
fn names_account(
    who: &PrincipalInfo<'_>,
    partition: Option<&str>,
    resource_partition: Option<&str>,
    account: &str,
) -> bool {
    if who.account() != Some(account) {
        return false;
    }
    match (who.partition(), partition) {
        (Some(w), Some(p)) => w == p,
        // A principal given as a bare id: taken to be in the resource's
        // partition.
        (None, Some(p)) => resource_partition.is_some_and(|r| r == p),
        (Some(_), None) => false,
        (None, None) => true,
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
        _ => AwsEntry::Exact(value.into()),
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
            OneOrMany::Many(values.iter().map(|s| (*s).to_owned()).collect()),
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
                None
            ),
            Some(Grant::Role)
        );
        assert_eq!(
            p.grant(
                Some(&who("arn:aws:sts::444455556666:assumed-role/web/s1")),
                None
            ),
            None
        );
        let acct = aws(&["111122223333"], false);
        assert_eq!(
            acct.grant(Some(&who("arn:aws:iam::111122223333:user/a")), Some("aws")),
            Some(Grant::Account)
        );
        // The resource's partition unknown: which account the id names
        // cannot be told.
        assert_eq!(
            acct.grant(Some(&who("arn:aws:iam::111122223333:user/a")), None),
            None
        );
        assert_eq!(acct.grant(None, None), None);
    }

    #[test]
    fn not_principal_needs_every_identity() {
        let user = "arn:aws:iam::111122223333:user/a";
        let only_user = aws(&[user], true);
        assert_eq!(
            only_user.grant(Some(&who(user)), None),
            Some(Grant::Account)
        );
        let both = aws(&[user, "arn:aws:iam::111122223333:root"], true);
        assert_eq!(both.grant(Some(&who(user)), None), None);
        assert_eq!(both.grant(None, None), Some(Grant::Account));
    }
}
