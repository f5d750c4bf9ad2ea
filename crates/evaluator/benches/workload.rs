//! The benchmark workload: the current AmazonECS_FullAccess managed policy
//! and 10,000 generated requests over its actions and others (about half
//! allowed), with conditions present, absent and mismatched. Deterministic.
//! Shared by `benches/decide.rs` and `tests/no_alloc.rs`.
#![allow(
    dead_code,
    clippy::print_stderr,
    clippy::indexing_slicing,
    reason = "benchmark set-up, not product code"
)]

use polc_evaluator::{PolicyKind, PolicySet, PolicySource};

/// The managed policy, from the catalog's copy.
pub fn policy_text() -> String {
    polc_catalog::managed_policy("AmazonECS_FullAccess")
        .map(|p| p.document().to_owned())
        .unwrap_or_default()
}

/// The policy set: AmazonECS_FullAccess as the one identity policy.
pub fn policy_set() -> PolicySet {
    let mut set = PolicySet::new();
    if let Err(e) = set.add_json(
        PolicyKind::Identity,
        PolicySource {
            name: "AmazonECS_FullAccess",
            text: &policy_text(),
        },
    ) {
        eprintln!("AmazonECS_FullAccess does not compile: {e}");
    }
    set
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let n = u64::try_from(items.len()).unwrap_or(1).max(1);
        let i = usize::try_from(self.next() % n).unwrap_or(0);
        items.get(i).copied().unwrap_or_default()
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// The actions the policy names (wildcards filled in).
fn policy_actions() -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_str(&policy_text()).unwrap_or_default();
    let mut out = Vec::new();
    for statement in doc["Statement"].as_array().into_iter().flatten() {
        let actions = &statement["Action"];
        let list: Vec<&str> = match actions {
            serde_json::Value::String(s) => vec![s.as_str()],
            serde_json::Value::Array(a) => a.iter().filter_map(|v| v.as_str()).collect(),
            _ => Vec::new(),
        };
        for a in list {
            out.push(a.replace('*', "Resources"));
        }
    }
    out
}

/// 10,000 requests as JSON lines (the `polc authorize --batch` input).
pub fn request_lines() -> Vec<String> {
    let allowed = policy_actions();
    let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
    let others = [
        "s3:GetObject",
        "s3:PutBucketPolicy",
        "ec2:TerminateInstances",
        "ec2:RunInstances",
        "iam:CreateUser",
        "iam:AttachRolePolicy",
        "kms:Decrypt",
        "dynamodb:Scan",
        "secretsmanager:GetSecretValue",
        "lambda:InvokeFunction",
        "logs:DeleteLogGroup",
        "sts:AssumeRole",
        "elasticloadbalancing:DeleteLoadBalancer",
        "autoscaling:DeleteTags",
        "ssm:PutParameter",
        "cloudformation:ExecuteChangeSet",
    ];
    let roles = [
        "arn:aws:iam::111122223333:role/ecsInstanceRole",
        "arn:aws:iam::111122223333:role/ecsInstanceRole-prod",
        "arn:aws:iam::111122223333:role/ecsInfrastructureRole",
        "arn:aws:iam::111122223333:role/ecsAutoscaleRole",
        "arn:aws:iam::111122223333:role/admin",
    ];
    let services = [
        "ecs-tasks.amazonaws.com",
        "ec2.amazonaws.com",
        "ecs.amazonaws.com",
        "application-autoscaling.amazonaws.com",
        "lambda.amazonaws.com",
    ];
    let resources = [
        "*",
        "arn:aws:ecs:us-east-1:111122223333:cluster/prod",
        "arn:aws:ecs:us-east-1:111122223333:service/prod/web",
        "arn:aws:ecs:eu-west-1:111122223333:task-definition/web:12",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut lines = Vec::with_capacity(10_000);
    for _ in 0..10_000 {
        let principal = "arn:aws:iam::111122223333:user/ops";
        let mut context = vec![format!(
            "\"aws:SecureTransport\":\"{}\"",
            if rng.chance(80) { "true" } else { "false" }
        )];
        let (action, resource) = match rng.next() % 20 {
            // iam:PassRole: roles and services that fit, mismatch, absent.
            0..=2 => {
                if !rng.chance(15) {
                    context.push(format!(
                        "\"iam:PassedToService\":\"{}\"",
                        rng.pick(&services)
                    ));
                }
                ("iam:PassRole".to_owned(), rng.pick(&roles).to_owned())
            }
            // SSM parameters inside and outside the allowed path.
            3 => (
                "ssm:GetParameter".to_owned(),
                if rng.chance(50) {
                    "arn:aws:ssm:us-east-1:111122223333:parameter/aws/service/ecs/optimized-ami"
                        .to_owned()
                } else {
                    "arn:aws:ssm:us-east-1:111122223333:parameter/app/db-password".to_owned()
                },
            ),
            // CloudFormation cleanup, tag condition present, mismatched, absent.
            4 => {
                match rng.next() % 3 {
                    0 => context.push(
                        "\"ec2:ResourceTag/aws:cloudformation:stack-name\":\"EC2ContainerService-prod\"".into(),
                    ),
                    1 => context.push(
                        "\"ec2:ResourceTag/aws:cloudformation:stack-name\":\"other-stack\"".into(),
                    ),
                    _ => {}
                }
                ("ec2:DeleteRoute".to_owned(), "*".to_owned())
            }
            // Actions the policy names.
            5..=10 => (
                rng.pick(&allowed).to_owned(),
                rng.pick(&resources).to_owned(),
            ),
            // Others.
            _ => (
                rng.pick(&others).to_owned(),
                rng.pick(&resources).to_owned(),
            ),
        };
        if rng.chance(30) {
            context.push("\"aws:RequestTag/team\":\"web\"".into());
            context.push("\"aws:TagKeys\":[\"team\",\"env\"]".into());
        }
        lines.push(format!(
            "{{\"principal\":\"{principal}\",\"action\":\"{action}\",\"resource\":\"{resource}\",\"context\":{{{}}}}}",
            context.join(",")
        ));
    }
    lines
}
