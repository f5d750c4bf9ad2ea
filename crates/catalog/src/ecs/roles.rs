//! The IAM roles of Amazon ECS, as the ECS documentation describes them:
//! who may assume each, which managed policies it gets, what its job needs,
//! and when it is needed at all. Purposes are in our words.

/// Something a role must be allowed to do for its job: all of `actions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    /// What for, in a few words (`pull images from Amazon ECR`).
    pub what: &'static str,
    /// The actions, all of which are needed.
    pub actions: &'static [&'static str],
    /// Context keys the role's requests for them carry, with their value
    /// (an action's own service's keys apply to its requests):
    /// `iam:PassedToService` of the roles it passes.
    pub context: &'static [(&'static str, &'static str)],
    /// For an action that may act on resources of several types, the type
    /// the role's job acts on (`managed-instance` for the SSM agent of an
    /// external instance); otherwise the action's required types count.
    pub types: &'static [(&'static str, &'static str)],
}

/// What kind of role it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleKind {
    /// A role you create and attach policies to.
    Service,
    /// A service-linked role: created and owned by ECS, its policy cannot
    /// be attached to anything else.
    ServiceLinked,
}

/// An ECS role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EcsRole {
    /// The name the documentation uses (`ecsTaskExecutionRole`).
    pub name: &'static str,
    /// Other names for it (`task execution role`, `ECSAnywhereRole`).
    pub aliases: &'static [&'static str],
    /// Service or service-linked.
    pub kind: RoleKind,
    /// The service principals its trust policy must name.
    pub trusted_services: &'static [&'static str],
    /// The AWS managed policies the documentation attaches to it.
    pub managed_policies: &'static [&'static str],
    /// What its documented job needs.
    pub needs: &'static [Need],
    /// When the role is needed (empty: always, for the feature it serves).
    pub required_when: &'static [&'static str],
    /// What it is for.
    pub purpose: &'static str,
}

const ECR_PULL: Need = Need {
    what: "pull container images from private Amazon ECR repositories",
    actions: &[
        "ecr:GetAuthorizationToken",
        "ecr:BatchCheckLayerAvailability",
        "ecr:GetDownloadUrlForLayer",
        "ecr:BatchGetImage",
    ],
    context: &[],
    types: &[],
};

const AWSLOGS: Need = Need {
    what: "send container logs to CloudWatch Logs (the `awslogs` log driver)",
    actions: &["logs:CreateLogStream", "logs:PutLogEvents"],
    context: &[],
    types: &[],
};

const AGENT: Need = Need {
    what: "register the instance with a cluster and let the container agent talk to ECS",
    actions: &[
        "ecs:RegisterContainerInstance",
        "ecs:DeregisterContainerInstance",
        "ecs:DiscoverPollEndpoint",
        "ecs:Poll",
        "ecs:StartTelemetrySession",
        "ecs:SubmitContainerStateChange",
        "ecs:SubmitTaskStateChange",
    ],
    context: &[],
    types: &[],
};

const SSM_AGENT: Need = Need {
    what: "let the Systems Manager agent register and manage the external instance",
    actions: &[
        "ssm:UpdateInstanceInformation",
        "ssmmessages:CreateControlChannel",
        "ssmmessages:OpenControlChannel",
    ],
    context: &[],
    // An external instance is an SSM managed instance, not an EC2 one.
    types: &[("ssm:UpdateInstanceInformation", "managed-instance")],
};

/// Every ECS role the catalog knows.
pub static ROLES: &[EcsRole] = &[
    EcsRole {
        name: "ecsTaskExecutionRole",
        aliases: &["task execution role", "execution role"],
        kind: RoleKind::Service,
        trusted_services: &["ecs-tasks.amazonaws.com"],
        managed_policies: &["AmazonECSTaskExecutionRolePolicy"],
        needs: &[ECR_PULL, AWSLOGS],
        required_when: &[
            "containers send logs to CloudWatch Logs with the awslogs log driver",
            "a container image is in a private Amazon ECR repository (on ECS Anywhere, unless the instance's ECSAnywhereRole can already pull from ECR)",
        ],
        purpose: "Lets the ECS agent act for a task before and around it: pull its images, write its logs. The containers themselves never get these permissions.",
    },
    EcsRole {
        name: "ecsTaskRole",
        aliases: &["task role", "task IAM role"],
        kind: RoleKind::Service,
        trusted_services: &["ecs-tasks.amazonaws.com"],
        managed_policies: &[],
        needs: &[],
        required_when: &["the application in the containers calls AWS APIs"],
        purpose: "The identity of the application running in the task's containers: grant it exactly what the application calls, nothing for ECS itself.",
    },
    EcsRole {
        name: "ecsInstanceRole",
        aliases: &["container instance role", "container instance IAM role"],
        kind: RoleKind::Service,
        trusted_services: &["ec2.amazonaws.com"],
        managed_policies: &["AmazonEC2ContainerServiceforEC2Role"],
        needs: &[AGENT],
        required_when: &["tasks run on EC2 container instances"],
        purpose: "The identity of an EC2 container instance: lets the ECS agent on it join a cluster, report container and task state, and (for tasks without an execution role) pull images and write logs.",
    },
    EcsRole {
        name: "ecsAnywhereRole",
        aliases: &[
            "ECSAnywhereRole",
            "ECS Anywhere role",
            "ecsExternalInstanceRole",
            "external instance role",
        ],
        kind: RoleKind::Service,
        trusted_services: &["ssm.amazonaws.com"],
        managed_policies: &[
            "AmazonSSMManagedInstanceCore",
            "AmazonEC2ContainerServiceforEC2Role",
        ],
        needs: &[SSM_AGENT, AGENT],
        required_when: &[
            "on-premises servers or VMs are registered to a cluster as external instances",
        ],
        purpose: "The identity of an on-premises server or VM in ECS Anywhere: Systems Manager activates it, then the ECS agent on it acts like a container instance's.",
    },
    EcsRole {
        name: "ecsEventsRole",
        aliases: &["events role", "EventBridge role", "CloudWatch Events role"],
        kind: RoleKind::Service,
        trusted_services: &["events.amazonaws.com"],
        managed_policies: &["AmazonEC2ContainerServiceEventsRole"],
        needs: &[Need {
            what: "start scheduled tasks and hand them their roles",
            actions: &["ecs:RunTask", "iam:PassRole"],
            // The tasks' roles go to ECS tasks.
            context: &[("iam:PassedToService", "ecs-tasks.amazonaws.com")],
            types: &[],
        }],
        required_when: &["tasks are started on a schedule or by EventBridge rules"],
        purpose: "Lets EventBridge run tasks for you on a schedule or in response to events, passing the tasks' roles to ECS.",
    },
    EcsRole {
        name: "ecsAutoscaleRole",
        aliases: &["autoscale role", "service auto scaling role"],
        kind: RoleKind::Service,
        trusted_services: &["application-autoscaling.amazonaws.com"],
        managed_policies: &["AmazonEC2ContainerServiceAutoscaleRole"],
        needs: &[
            Need {
                what: "read and change a service's desired count",
                actions: &["ecs:DescribeServices", "ecs:UpdateService"],
                context: &[],
                types: &[],
            },
            Need {
                what: "watch the CloudWatch alarms that drive scaling",
                actions: &["cloudwatch:DescribeAlarms", "cloudwatch:PutMetricAlarm"],
                context: &[],
                types: &[],
            },
        ],
        required_when: &[
            "service auto scaling uses a role of yours instead of the service-linked role",
        ],
        purpose: "Lets Application Auto Scaling change how many tasks a service runs, driven by CloudWatch alarms.",
    },
    EcsRole {
        name: "ecsInfrastructureRole",
        aliases: &["infrastructure role", "ECS infrastructure role"],
        kind: RoleKind::Service,
        trusted_services: &["ecs.amazonaws.com"],
        managed_policies: &["AmazonECSInfrastructureRolePolicyForVolumes"],
        needs: &[],
        required_when: &[
            "ECS manages infrastructure for you: EBS volumes attached to tasks, load balancers, VPC Lattice, Managed Instances",
        ],
        purpose: "Lets ECS create and manage infrastructure resources in your account on behalf of your services and tasks.",
    },
    EcsRole {
        name: "ecsServiceRole",
        aliases: &["service scheduler role", "ECS service role"],
        kind: RoleKind::Service,
        trusted_services: &["ecs.amazonaws.com"],
        managed_policies: &["AmazonEC2ContainerServiceRole"],
        needs: &[Need {
            what: "register and deregister container instances with load balancers",
            actions: &[
                "elasticloadbalancing:RegisterTargets",
                "elasticloadbalancing:DeregisterTargets",
            ],
            context: &[],
            types: &[],
        }],
        required_when: &[
            "a service behind a load balancer predates the service-linked role (legacy)",
        ],
        purpose: "The service scheduler's role of before the service-linked role: lets ECS register tasks with load balancers.",
    },
    EcsRole {
        name: "AWSServiceRoleForECS",
        aliases: &["ECS service-linked role", "service-linked role"],
        kind: RoleKind::ServiceLinked,
        trusted_services: &["ecs.amazonaws.com"],
        managed_policies: &["AmazonECSServiceRolePolicy"],
        needs: &[],
        required_when: &["always: ECS creates it the first time it is needed"],
        purpose: "Owned by ECS: manages network interfaces, load balancer registration, Cloud Map and more for your services. Its policy cannot be attached to your own roles or users.",
    },
];

/// [`role`], or why there is none: the names of the roles.
///
/// # Errors
/// `name` names no role.
pub fn known_role(name: &str) -> Result<&'static EcsRole, String> {
    role(name).ok_or_else(|| {
        let names: Vec<&str> = ROLES.iter().map(|r| r.name).collect();
        format!(
            "`{name}` is not an ECS role the catalog knows; the roles are {}",
            names.join(", ")
        )
    })
}

/// The role named `name`, by name or alias (any case, spaces and dashes
/// alike).
///
/// ```
/// let role = polc_catalog::ecs::role("task execution role").unwrap();
/// assert_eq!(role.name, "ecsTaskExecutionRole");
/// assert_eq!(role.trusted_services, ["ecs-tasks.amazonaws.com"]);
/// ```
pub fn role(name: &str) -> Option<&'static EcsRole> {
    let fold = |s: &str| {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect::<String>()
    };
    let wanted = fold(name);
    ROLES
        .iter()
        .find(|r| fold(r.name) == wanted || r.aliases.iter().any(|a| fold(a) == wanted))
}
