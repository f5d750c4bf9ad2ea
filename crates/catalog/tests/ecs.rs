//! The ECS knowledge: roles consistent with the managed policies the
//! documentation attaches to them, and the wildcard-only actions.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use polc_catalog::ecs::{ROLES, RoleKind, role, wildcard_only_actions};
use polc_catalog::{Reference, managed_policy};
use polc_model::wildcard::matches_ignore_case;
use polc_model::{Effect, PolicyType};

#[test]
fn every_role_names_known_managed_policies_that_grant_its_needs() {
    for role in ROLES {
        let policies: Vec<_> = role
            .managed_policies
            .iter()
            .map(|name| {
                managed_policy(name)
                    .unwrap_or_else(|| panic!("{}: {name} unknown", role.name))
                    .policy()
                    .unwrap()
            })
            .collect();
        for need in role.needs {
            assert!(
                !policies.is_empty(),
                "{}: needs without a managed policy",
                role.name
            );
            for action in need.actions {
                assert!(
                    Reference::embedded().action(action).is_some(),
                    "{}: {action} does not exist",
                    role.name
                );
                let granted = policies.iter().flat_map(|p| p.statement.iter()).any(|s| {
                    s.effect == Effect::Allow
                        && s.action
                            .values
                            .iter()
                            .any(|a| matches_ignore_case(a, action))
                });
                assert!(
                    granted,
                    "{}: its managed policies do not grant {action}",
                    role.name
                );
            }
        }
    }
}

#[test]
fn roles_are_found_by_name_and_alias() {
    assert_eq!(role("ECSAnywhereRole").unwrap().name, "ecsAnywhereRole");
    assert_eq!(
        role("ecsExternalInstanceRole").unwrap().trusted_services,
        ["ssm.amazonaws.com"]
    );
    assert_eq!(
        role("container-instance role").unwrap().name,
        "ecsInstanceRole"
    );
    assert_eq!(
        role("AWSServiceRoleForECS").unwrap().kind,
        RoleKind::ServiceLinked
    );
    assert!(role("ecsNothingRole").is_none());
    let anywhere = role("ecsAnywhereRole").unwrap();
    assert_eq!(
        anywhere.managed_policies,
        [
            "AmazonSSMManagedInstanceCore",
            "AmazonEC2ContainerServiceforEC2Role"
        ]
    );
}

#[test]
fn the_anywhere_trust_policy_of_the_documentation_fits_its_role() {
    let trust = include_str!("../../../tests/corpus/seeds/002-01.trust.json");
    let checked = polc_catalog::check(trust, PolicyType::Trust);
    let policy = checked.policy.unwrap();
    let role = role("ecsAnywhereRole").unwrap();
    assert!(
        polc_catalog::checks::roles::role_findings(
            &policy,
            &checked.statement_paths,
            PolicyType::Trust,
            role
        )
        .is_empty()
    );
    let task = role_findings_for("ecsTaskRole", trust);
    assert_eq!(
        task,
        [
            "`ecsTaskRole` is assumed by `ecs-tasks.amazonaws.com`, but this trust policy trusts `ssm.amazonaws.com`"
        ]
    );
}

fn role_findings_for(name: &str, text: &str) -> Vec<String> {
    role_findings_as(name, text, PolicyType::Trust)
}

fn role_findings_as(name: &str, text: &str, policy_type: PolicyType) -> Vec<String> {
    let checked = polc_catalog::check(text, policy_type);
    let policy = checked.policy.unwrap();
    polc_catalog::checks::roles::role_findings(
        &policy,
        &checked.statement_paths,
        policy_type,
        role(name).unwrap(),
    )
    .into_iter()
    .map(|f| f.message)
    .collect()
}

/// Review 28: a role that cannot do its job passed `--role`. A trust
/// policy that also denies the service `sts:AssumeRole` without a
/// condition cannot be assumed; permissions granted only under a
/// condition (MFA, which a session ECS starts never has) are said; a
/// conditional `Deny` (a confused-deputy guard) is the service's to meet.
#[test]
fn roles_that_cannot_do_their_job_are_reported() {
    let trust = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"},
        {"Effect": "Deny", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#;
    assert_eq!(
        role_findings_for("ecsTaskExecutionRole", trust),
        [
            "`ecsTaskExecutionRole` is assumed by `ecs-tasks.amazonaws.com`, but this statement denies it `sts:AssumeRole` whatever the service sends: the role cannot be assumed"
        ]
    );
    let guarded = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"},
        {"Effect": "Deny", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole",
         "Condition": {"StringNotEquals": {"aws:SourceAccount": "111122223333"}}}]}"#;
    assert!(role_findings_for("ecsTaskExecutionRole", guarded).is_empty());
    let mfa = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [
        "ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer",
        "ecr:BatchGetImage", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*",
        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}"#;
    let found = role_findings_as("ecsTaskExecutionRole", mfa, PolicyType::Identity);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("only under conditions"), "{found:?}");
    let documented = polc_catalog::managed_policy("AmazonECSTaskExecutionRolePolicy")
        .unwrap()
        .document();
    assert!(role_findings_as("ecsTaskExecutionRole", documented, PolicyType::Identity).is_empty());
}

#[test]
fn wildcard_only_ecs_actions() {
    let actions = wildcard_only_actions(Reference::embedded());
    for name in [
        "ListClusters",
        "ListTaskDefinitions",
        "DescribeTaskDefinition",
        "DiscoverPollEndpoint",
    ] {
        assert!(actions.contains(&name), "{name}");
    }
    assert!(!actions.contains(&"RunTask"));
    assert!(!actions.contains(&"DescribeClusters"));
}

#[test]
fn every_documented_example_is_a_template_that_renders_to_a_policy() {
    let templates = polc_catalog::ecs::templates();
    assert_eq!(templates.len(), 17, "4 console recipes and 13 examples");
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/seeds");
    for template in templates {
        let values: Vec<(&str, &str)> = template
            .parameters()
            .into_iter()
            .map(|p| {
                (
                    p,
                    if p.contains("account") {
                        "123456789012"
                    } else if p == "region" {
                        "us-east-1"
                    } else {
                        "example"
                    },
                )
            })
            .collect();
        let rendered = template.render(&values).unwrap();
        assert!(!rendered.contains('<'), "{}", template.name);
        let checked = polc_catalog::check(&rendered, PolicyType::Identity);
        assert!(checked.policy.is_some(), "{}", template.name);
    }
    // The templates are the pages' blocks, as the corpus has them.
    let run = std::fs::read_to_string(corpus.join("001-08.identity.json")).unwrap();
    assert_eq!(polc_catalog::ecs::template("run-task").unwrap().text, run);
    let missing = polc_catalog::ecs::template("run-task")
        .unwrap()
        .render(&[])
        .unwrap_err();
    assert_eq!(
        missing.to_string(),
        "the template `run-task` needs a value for `region`"
    );
}

#[test]
fn template_values_are_escaped_and_substituted_once() {
    let run = polc_catalog::ecs::template("list-tasks").unwrap();
    let rendered = run
        .render(&[
            ("region", "us-east-1"),
            ("aws_account_id", "<region>"),
            ("cluster_name", "a\"b"),
        ])
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&rendered).unwrap();
    let text = json.to_string();
    assert!(
        text.contains(r#"arn:aws:ecs:us-east-1:<region>:cluster/a\"b"#),
        "{text}"
    );
}

/// Review 47: each need is decided by the evaluator, as the role's own
/// request on a resource the action acts on. An action allowed only on
/// resources it does not act on, or kept out by `NotResource`, is missing;
/// a trust policy's condition the service's request never meets, or a
/// `Deny` it always meets, leaves the role unassumable; a condition the
/// need's request meets (`iam:PassedToService` of the roles EventBridge
/// passes to ECS tasks) is met.
#[test]
fn needs_are_decided_on_resources_and_conditions() {
    let policy =
        |statements: &str| format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#);
    let execution = r#""ecr:GetAuthorizationToken","ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","logs:CreateLogStream","logs:PutLogEvents""#;
    for (role, statements, missing) in [
        // `GetAuthorizationToken` acts on no resource: `*` only.
        (
            "ecsTaskExecutionRole",
            r#"{"Effect":"Allow","Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","ecr:GetAuthorizationToken"],"Resource":"arn:aws:ecr:us-east-1:111122223333:repository/app"},{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app:*"}"#.to_owned(),
            "`ecr:GetAuthorizationToken`",
        ),
        (
            "ecsTaskExecutionRole",
            format!(r#"{{"Effect":"Allow","Action":[{execution}],"NotResource":["arn:aws:ecr:*:*:repository/*","arn:aws:logs:*:*:log-group:*"]}}"#),
            "`ecr:BatchGetImage`",
        ),
        (
            "ecsTaskExecutionRole",
            format!(r#"{{"Effect":"Allow","Action":[{execution}],"NotResource":"*"}}"#),
            "`ecr:GetAuthorizationToken`",
        ),
        // The agent polls on `*` and on its container instance.
        (
            "ecsInstanceRole",
            r#"{"Effect":"Allow","Action":"ecs:*","Resource":"arn:aws:ecs:us-east-1:111122223333:cluster/prod"}"#.to_owned(),
            "`ecs:DiscoverPollEndpoint`",
        ),
    ] {
        let found = role_findings_as(role, &policy(&statements), PolicyType::Identity);
        assert!(
            found.iter().any(|f| f.contains("must be able to") && f.contains(missing)),
            "{role} {statements}: {found:?}"
        );
    }
    // Scoped where the actions act: nothing missing.
    let scoped = policy(
        r#"{"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"},{"Effect":"Allow","Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],"Resource":"arn:aws:ecr:us-east-1:444455556666:repository/app"},{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app:*"}"#,
    );
    assert_eq!(
        role_findings_as("ecsTaskExecutionRole", &scoped, PolicyType::Identity),
        Vec::<String>::new()
    );
    let passed = policy(
        r#"{"Effect":"Allow","Action":"ecs:RunTask","Resource":"*"},{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}"#,
    );
    assert_eq!(
        role_findings_as("ecsEventsRole", &passed, PolicyType::Identity),
        Vec::<String>::new()
    );
    let documented = polc_catalog::managed_policy("AmazonEC2ContainerServiceEventsRole")
        .unwrap()
        .document();
    assert!(role_findings_as("ecsEventsRole", documented, PolicyType::Identity).is_empty());
    let allow = r#"{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole""#;
    for (statements, said) in [
        (
            format!(r#"{allow},"Condition":{{"Bool":{{"aws:MultiFactorAuthPresent":"true"}}}}}}"#),
            "never meets",
        ),
        (
            format!(
                r#"{allow},"Condition":{{"ArnLike":{{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/*"}}}}}}"#
            ),
            "never meets",
        ),
        (
            format!(
                r#"{allow},"Condition":{{"StringEquals":{{"aws:PrincipalServiceName":"ecs.amazonaws.com"}}}}}}"#
            ),
            "never meets",
        ),
        (
            format!(
                r#"{allow}}},{{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Condition":{{"BoolIfExists":{{"aws:MultiFactorAuthPresent":"false"}}}}}}"#
            ),
            "denies it",
        ),
        (
            format!(
                r#"{allow}}},{{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Condition":{{"Null":{{"aws:PrincipalArn":"true"}}}}}}"#
            ),
            "denies it",
        ),
    ] {
        let found = role_findings_for("ecsTaskExecutionRole", &policy(&statements));
        assert!(
            found.len() == 1 && found[0].contains(said),
            "{statements}: {found:?}"
        );
    }
    // Guards on what the service sends are the service's to meet.
    let guarded = policy(&format!(
        r#"{allow},"Condition":{{"ArnLike":{{"aws:SourceArn":"arn:aws:ecs:us-east-1:111122223333:*"}},"StringEquals":{{"aws:SourceAccount":"111122223333"}}}}}}"#
    ));
    assert!(role_findings_for("ecsTaskExecutionRole", &guarded).is_empty());
}

/// Review 49: an entry counts for a need only where it names a resource of
/// the action's type with names free of `:` (a `*` region ran over colons
/// and let a log group stand for its streams); a China service principal
/// is the service; the candidates tried start with unconditional
/// statements; a variable in the resource part leaves the need to the
/// session's values.
#[test]
fn needs_fit_the_action_s_resources() {
    let policy =
        |statements: &str| format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#);
    let ecr = r#"{"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"},{"Effect":"Allow","Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],"Resource":"*"}"#;
    let logs = |resource: &str| {
        format!(
            r#"{{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"{resource}"}}"#
        )
    };
    for (resource, missing) in [
        ("arn:aws:logs:*:111122223333:log-group:/ecs/app", true),
        (
            "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app",
            true,
        ),
        ("arn:aws:logs:*:*:log-group:/ecs/app:*", false),
        ("arn:aws:logs:*:111122223333:log-group:/ecs/*", false),
    ] {
        let found = role_findings_as(
            "ecsTaskExecutionRole",
            &policy(&format!("{ecr},{}", logs(resource))),
            PolicyType::Identity,
        );
        assert_eq!(
            found
                .iter()
                .any(|f| f.contains("must be able to send container logs")),
            missing,
            "{resource}: {found:?}"
        );
    }
    for registry in [
        "arn:aws:ecr:*:*:registry/*",
        "arn:aws:ecr:us-east-1:*:user/*",
    ] {
        let found = role_findings_as(
            "ecsTaskExecutionRole",
            &policy(&format!(
                r#"{{"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"}},{{"Effect":"Allow","Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],"Resource":"{registry}"}},{}"#,
                logs("*")
            )),
            PolicyType::Identity,
        );
        assert!(
            found.len() == 1 && found[0].contains("must be able to pull"),
            "{registry}: {found:?}"
        );
    }
    let china = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com.cn"},"Action":"sts:AssumeRole"}]}"#;
    assert_eq!(
        role_findings_for("ecsInstanceRole", china),
        Vec::<String>::new()
    );
    // 40 cluster entries under a condition never met, then the one that
    // allows: found, whatever the order.
    let clusters: Vec<String> = (0..40)
        .map(|i| format!(r#""arn:aws:ecs:us-east-1:111122223333:cluster/c{i}""#))
        .collect();
    let agent = r#""ecs:RegisterContainerInstance","ecs:DeregisterContainerInstance","ecs:SubmitContainerStateChange","ecs:SubmitTaskStateChange""#;
    let instance = policy(&format!(
        r#"{{"Effect":"Allow","Action":["ecs:DiscoverPollEndpoint","ecs:Poll","ecs:StartTelemetrySession"],"Resource":"*"}},{{"Effect":"Allow","Action":[{agent}],"Resource":[{}],"Condition":{{"Bool":{{"aws:MultiFactorAuthPresent":"true"}}}}}},{{"Effect":"Allow","Action":[{agent}],"Resource":["arn:aws:ecs:us-east-1:111122223333:cluster/prod","arn:aws:ecs:us-east-1:111122223333:container-instance/prod/*"]}}"#,
        clusters.join(",")
    ));
    assert_eq!(
        role_findings_as("ecsInstanceRole", &instance, PolicyType::Identity),
        Vec::<String>::new()
    );
    // A default stands in for the session's missing user name.
    let defaulted = policy(&format!(
        r#"{{"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"}},{{"Effect":"Allow","Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],"Resource":"arn:aws:ecr:us-east-1:111122223333:repository/${{aws:username, 'x'}}"}},{}"#,
        logs("*")
    ));
    assert_eq!(
        role_findings_as("ecsTaskExecutionRole", &defaulted, PolicyType::Identity),
        Vec::<String>::new()
    );
    let tagged = defaulted.replace("${aws:username, 'x'}", "${aws:PrincipalTag/team}");
    let found = role_findings_as("ecsTaskExecutionRole", &tagged, PolicyType::Identity);
    assert!(
        found.len() == 1 && found[0].contains("only under conditions"),
        "{found:?}"
    );
}

/// Review 50: the resource type the job acts on counts (an EC2 instance
/// is no external instance; an alarm, not a dataset); a trust condition on
/// a SAML or web identity provider's key, or on an external id, is never
/// met by an ECS role's service; a `*` region also stands for none, as
/// IAM's ARNs have.
#[test]
fn needs_count_the_job_s_resource_types() {
    let policy =
        |statements: &str| format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#);
    let agent = r#"{"Effect":"Allow","Action":["ssmmessages:CreateControlChannel","ssmmessages:OpenControlChannel","ecs:RegisterContainerInstance","ecs:DeregisterContainerInstance","ecs:DiscoverPollEndpoint","ecs:Poll","ecs:StartTelemetrySession","ecs:SubmitContainerStateChange","ecs:SubmitTaskStateChange"],"Resource":"*"}"#;
    for (resource, missing) in [
        ("arn:aws:ec2:*:*:instance/*", true),
        ("arn:aws:ssm:*:*:managed-instance/*", false),
        ("*", false),
    ] {
        let found = role_findings_as(
            "ecsAnywhereRole",
            &policy(&format!(
                r#"{{"Effect":"Allow","Action":"ssm:UpdateInstanceInformation","Resource":"{resource}"}},{agent}"#
            )),
            PolicyType::Identity,
        );
        assert_eq!(!found.is_empty(), missing, "{resource}: {found:?}");
    }
    let scaling = |resource: &str| {
        policy(&format!(
            r#"{{"Effect":"Allow","Action":["ecs:DescribeServices","ecs:UpdateService","cloudwatch:DescribeAlarms"],"Resource":"*"}},{{"Effect":"Allow","Action":"cloudwatch:PutMetricAlarm","Resource":"{resource}"}}"#
        ))
    };
    assert!(
        !role_findings_as(
            "ecsAutoscaleRole",
            &scaling("arn:aws:cloudwatch:us-east-1:111122223333:dataset/*"),
            PolicyType::Identity
        )
        .is_empty()
    );
    assert!(
        role_findings_as(
            "ecsAutoscaleRole",
            &scaling("arn:aws:cloudwatch:us-east-1:111122223333:alarm:*"),
            PolicyType::Identity
        )
        .is_empty()
    );
    for key in [
        "SAML:aud",
        "token.actions.githubusercontent.com:aud",
        "sts:ExternalId",
    ] {
        let trust = policy(&format!(
            r#"{{"Effect":"Allow","Principal":{{"Service":"ecs-tasks.amazonaws.com"}},"Action":"sts:AssumeRole","Condition":{{"StringEquals":{{"{key}":"x"}}}}}}"#
        ));
        let found = role_findings_for("ecsTaskExecutionRole", &trust);
        assert!(
            found.len() == 1 && found[0].contains("never meets"),
            "{key}: {found:?}"
        );
    }
    let passed = policy(
        r#"{"Effect":"Allow","Action":"ecs:RunTask","Resource":"*"},{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam:*:*:role/ecsTaskExecutionRole","Condition":{"StringLike":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}"#,
    );
    assert_eq!(
        role_findings_as("ecsEventsRole", &passed, PolicyType::Identity),
        Vec::<String>::new()
    );
}

/// Session 18: each action of a need allowed alone passed, though on no
/// resource together: the log driver creates a stream and puts its events
/// in the same log group, an image is pulled from one repository, the
/// agent registers with a cluster and polls it.
#[test]
fn a_need_s_actions_are_allowed_on_one_resource() {
    let policy =
        |statements: &str| format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#);
    let ecr = r#"{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],"Resource":"*"}"#;
    let logs = |create: &str, put: &str| {
        policy(&format!(
            r#"{ecr},{{"Effect":"Allow","Action":"logs:CreateLogStream","Resource":"arn:aws:logs:us-east-1:111122223333:log-group:{create}"}},{{"Effect":"Allow","Action":"logs:PutLogEvents","Resource":"arn:aws:logs:us-east-1:111122223333:log-group:{put}"}}"#
        ))
    };
    let found = role_findings_as(
        "ecsTaskExecutionRole",
        &logs("/ecs/a:*", "/ecs/b:*"),
        PolicyType::Identity,
    );
    assert!(
        found.len() == 1
            && found[0].contains("one resource")
            && found[0].contains("does not allow `logs:PutLogEvents`"),
        "{found:?}"
    );
    // One group the two entries share, whichever names it.
    for (create, put) in [("/ecs/*", "/ecs/b:*"), ("/ecs/b:*", "*"), ("*", "*")] {
        assert_eq!(
            role_findings_as(
                "ecsTaskExecutionRole",
                &logs(create, put),
                PolicyType::Identity
            ),
            Vec::<String>::new(),
            "{create} {put}"
        );
    }
    let pull = |repositories: [&str; 3]| {
        let [check, layer, image] =
            repositories.map(|r| format!("arn:aws:ecr:us-east-1:111122223333:repository/{r}"));
        policy(&format!(
            r#"{{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}},{{"Effect":"Allow","Action":"ecr:BatchCheckLayerAvailability","Resource":"{check}"}},{{"Effect":"Allow","Action":"ecr:GetDownloadUrlForLayer","Resource":"{layer}"}},{{"Effect":"Allow","Action":"ecr:BatchGetImage","Resource":"{image}"}}"#
        ))
    };
    let found = role_findings_as(
        "ecsTaskExecutionRole",
        &pull(["web", "web", "api"]),
        PolicyType::Identity,
    );
    assert!(
        found.len() == 1 && found[0].contains("does not allow `ecr:BatchGetImage`"),
        "{found:?}"
    );
    assert!(
        role_findings_as(
            "ecsTaskExecutionRole",
            &pull(["web", "*", "w*"]),
            PolicyType::Identity
        )
        .is_empty()
    );
    let agent = |instances: &str| {
        policy(&format!(
            r#"{{"Effect":"Allow","Action":["ecs:RegisterContainerInstance","ecs:DeregisterContainerInstance","ecs:SubmitContainerStateChange","ecs:SubmitTaskStateChange"],"Resource":"arn:aws:ecs:us-east-1:111122223333:cluster/prod"}},{{"Effect":"Allow","Action":"ecs:DiscoverPollEndpoint","Resource":"*"}},{{"Effect":"Allow","Action":["ecs:Poll","ecs:StartTelemetrySession"],"Resource":"arn:aws:ecs:us-east-1:111122223333:container-instance/{instances}"}}"#
        ))
    };
    let found = role_findings_as("ecsInstanceRole", &agent("test/*"), PolicyType::Identity);
    assert!(
        found.len() == 1 && found[0].contains("`ecs:Poll`, `ecs:StartTelemetrySession`"),
        "{found:?}"
    );
    assert!(role_findings_as("ecsInstanceRole", &agent("prod/*"), PolicyType::Identity).is_empty());
    // A task definition to run and a role to pass are two resources: the
    // events role's need has nothing to share (review 54).
    let events = policy(
        r#"{"Effect":"Allow","Action":"ecs:RunTask","Resource":"arn:aws:ecs:us-east-1:111122223333:task-definition/web:*"},{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/ecsTaskExecutionRole","Condition":{"StringLike":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}"#,
    );
    assert_eq!(
        role_findings_as("ecsEventsRole", &events, PolicyType::Identity),
        Vec::<String>::new()
    );
    // Another region is another log group.
    let found = role_findings_as(
        "ecsTaskExecutionRole",
        &policy(&format!(
            r#"{ecr},{{"Effect":"Allow","Action":"logs:CreateLogStream","Resource":"arn:aws:logs:us-east-1:111122223333:log-group:/ecs/a:*"}},{{"Effect":"Allow","Action":"logs:PutLogEvents","Resource":"arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/a:*"}}"#
        )),
        PolicyType::Identity,
    );
    assert_eq!(found.len(), 1, "{found:?}");
}
