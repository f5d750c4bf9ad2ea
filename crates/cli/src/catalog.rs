//! `polc catalog`: browse what the catalog knows.

use policy_catalog::{AccessLevel, Reference, Service};
use serde_json::{Value, json};

use crate::Outcome;

/// Arguments of `polc catalog`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text, global = true)]
    format: TextOrJson,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum TextOrJson {
    Text,
    Json,
}

#[derive(Debug, clap::Subcommand)]
enum What {
    /// Every AWS service: prefix and name.
    Services,
    /// The actions of a service.
    Actions {
        /// The service prefix (`ecs`).
        service: String,
        /// Only actions of this access level.
        #[arg(long, value_parser = ["list", "read", "write", "tagging", "permissions-management"])]
        level: Option<String>,
    },
    /// One action: access level, resource types, condition keys, dependent actions.
    Action {
        /// `service:Action` (`ecs:RunTask`); case does not matter.
        action: String,
    },
    /// The ECS roles: name, trusted service, purpose.
    Roles,
    /// One ECS role: who assumes it, its managed policies, what its job needs, when it is needed.
    Role {
        /// The role (`ecsTaskExecutionRole`, `task role`, `ECSAnywhereRole`, ...).
        name: String,
    },
    /// The documented example policies (console recipes, IAM policy examples).
    Templates,
    /// One documented example policy, with its `<placeholders>` filled from `-p NAME=VALUE`.
    Template {
        /// The template (`run-task`; `polc catalog templates` lists them).
        name: String,
        /// A placeholder's value, such as `-p aws_account_id=123456789012`.
        #[arg(short = 'p', long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
    },
    /// An AWS managed policy: its current document (and the version the ECS
    /// documentation shows, with `--documented`); `--list` lists them.
    ManagedPolicy {
        /// The policy name (`AmazonECS_FullAccess`, `aws:` in front or not).
        #[arg(required_unless_present = "list")]
        name: Option<String>,
        /// List the managed policies the catalog carries.
        #[arg(long)]
        list: bool,
        /// The version the ECS documentation page shows instead of the current one.
        #[arg(long)]
        documented: bool,
    },
}

/// Prints what was asked for.
pub fn run(args: &Args) -> Outcome {
    let reference = Reference::embedded();
    let result = match &args.what {
        What::Services => Ok(services(reference)),
        What::Actions { service, level } => actions(reference, service, level.as_deref()),
        What::Action { action: name } => action(reference, name),
        What::Roles => Ok(roles()),
        What::Templates => Ok(templates()),
        What::Template { name, params } => template(name, params),
        What::Role { name } => role(name),
        What::ManagedPolicy {
            name,
            list,
            documented,
        } => managed(name.as_deref(), *list, *documented),
    };
    match result {
        Ok((text, value)) => {
            match args.format {
                TextOrJson::Text => print!("{text}"),
                TextOrJson::Json => match serde_json::to_string_pretty(&value) {
                    Ok(json) => println!("{json}"),
                    Err(error) => {
                        eprintln!("polc: cannot write JSON: {error}");
                        return Outcome::Failure;
                    }
                },
            }
            Outcome::Success
        }
        Err(message) => {
            eprintln!("polc: {message}");
            Outcome::Failure
        }
    }
}

type Shown = (String, Value);

fn services(reference: &Reference) -> Shown {
    let mut text = String::new();
    let mut list = Vec::new();
    for (prefix, name) in reference.services() {
        text.push_str(&format!("{prefix:<40} {name}\n"));
        list.push(json!({"prefix": prefix, "name": name}));
    }
    (text, Value::Array(list))
}

fn service<'r>(reference: &'r Reference, prefix: &str) -> Result<&'r Service, String> {
    reference
        .service(prefix)
        .ok_or_else(|| match reference.suggest_service(prefix) {
            Some(near) => {
                format!("`{prefix}` is not an AWS service prefix; did you mean `{near}`?")
            }
            None => format!(
                "`{prefix}` is not an AWS service prefix; `polc catalog services` lists them"
            ),
        })
}

fn actions(reference: &Reference, prefix: &str, level: Option<&str>) -> Result<Shown, String> {
    let service = service(reference, prefix)?;
    let level = level.and_then(AccessLevel::from_slug);
    let mut text = String::new();
    let mut list = Vec::new();
    let actions: Vec<&policy_catalog::Action> = match level {
        Some(level) => service.actions_at(level).collect(),
        None => service.actions.iter().collect(),
    };
    for action in actions {
        text.push_str(&format!(
            "{}:{:<50} {}\n",
            service.prefix,
            action.name,
            action.access_level.as_str()
        ));
        list.push(json!({"action": format!("{}:{}", service.prefix, action.name), "accessLevel": action.access_level.as_str()}));
    }
    Ok((text, Value::Array(list)))
}

fn action(reference: &Reference, name: &str) -> Result<Shown, String> {
    let Some((prefix, action_name)) = name.split_once(':') else {
        return Err(format!(
            "`{name}` is not an action: write `service:Action`, such as `ecs:RunTask`"
        ));
    };
    let service = service(reference, prefix)?;
    let Some(action) = service.action(action_name) else {
        return Err(match service.suggest_action(action_name) {
            Some(near) => format!(
                "`{name}` does not exist; did you mean `{}:{near}`?",
                service.prefix
            ),
            None => format!(
                "`{name}` does not exist; `polc catalog actions {}` lists the actions",
                service.prefix
            ),
        });
    };
    let full = format!("{}:{}", service.prefix, action.name);
    let mut text = format!(
        "{full}\n  service: {} ({})\n  access level: {}\n",
        service.name,
        service.prefix,
        action.access_level.as_str()
    );
    let mut resources = Vec::new();
    if action.resources.is_empty() {
        text.push_str("  resource types: none; the action accepts only \"Resource\": \"*\"\n");
    } else {
        text.push_str("  resource types:\n");
    }
    for resource in &action.resources {
        let Some(rtype) = service.resource_type(resource) else {
            continue;
        };
        let required = if resource.required {
            "required"
        } else {
            "optional"
        };
        text.push_str(&format!(
            "    {} ({required}): {}\n",
            rtype.name, rtype.arn_format
        ));
        if !resource.condition_keys.is_empty() {
            text.push_str(&format!(
                "      condition keys: {}\n",
                resource.condition_keys.join(", ")
            ));
        }
        resources.push(json!({
            "name": rtype.name,
            "required": resource.required,
            "arnFormat": rtype.arn_format,
            "conditionKeys": resource.condition_keys,
        }));
    }
    let keys: Vec<Value> = action
        .condition_keys
        .iter()
        .map(|key| {
            let key_type = policy_model::condition::KeyTypes::key_type(reference, key);
            json!({"key": key, "type": key_type.map(|t| t.as_str())})
        })
        .collect();
    if !action.condition_keys.is_empty() {
        text.push_str(&format!(
            "  condition keys: {}\n",
            action.condition_keys.join(", ")
        ));
    }
    if !action.dependent_actions.is_empty() {
        text.push_str(&format!(
            "  dependent actions: {}\n",
            action.dependent_actions.join(", ")
        ));
    }
    let value = json!({
        "action": full,
        "service": service.name,
        "accessLevel": action.access_level.as_str(),
        "resourceTypes": resources,
        "conditionKeys": keys,
        "dependentActions": action.dependent_actions,
    });
    Ok((text, value))
}

fn managed(name: Option<&str>, list: bool, documented: bool) -> Result<Shown, String> {
    if list || name.is_none() {
        let mut text = String::new();
        let mut items = Vec::new();
        for policy in policy_catalog::managed_policies() {
            text.push_str(&format!("{:<75} {}\n", policy.name, policy.version_id));
            items.push(json!({"name": policy.name, "versionId": policy.version_id}));
        }
        return Ok((text, Value::Array(items)));
    }
    let name = name.unwrap_or_default();
    let policy = policy_catalog::managed_policy(name).ok_or_else(|| match policy_catalog::managed::suggest_managed_policy(name) {
        Some(near) => format!("`{name}` is not a managed policy the catalog knows; did you mean `{near}`?"),
        None => format!("`{name}` is not a managed policy the catalog knows; `polc catalog managed-policy --list` lists them"),
    })?;
    let document = if documented {
        policy
            .documented
            .ok_or_else(|| format!("the ECS documentation does not show `{}`", policy.name))?
    } else {
        policy.document
    };
    let parsed: Value = serde_json::from_str(document).map_err(|e| e.to_string())?;
    let text = format!(
        "{}\n",
        serde_json::to_string_pretty(&parsed).map_err(|e| e.to_string())?
    );
    let value = json!({
        "name": policy.name,
        "arn": policy.arn(),
        "versionId": policy.version_id,
        "createDate": policy.create_date,
        "document": parsed,
    });
    Ok((text, value))
}

fn role_json(role: &policy_catalog::ecs::EcsRole) -> Value {
    json!({
        "name": role.name,
        "aliases": role.aliases,
        "serviceLinked": role.kind == policy_catalog::ecs::RoleKind::ServiceLinked,
        "trustedServices": role.trusted_services,
        "managedPolicies": role.managed_policies,
        "needs": role.needs.iter().map(|n| json!({"what": n.what, "actions": n.actions})).collect::<Vec<_>>(),
        "requiredWhen": role.required_when,
        "purpose": role.purpose,
    })
}

fn roles() -> Shown {
    let mut text = String::new();
    for role in policy_catalog::ecs::ROLES {
        text.push_str(&format!(
            "{:<24} {:<40} {}\n",
            role.name,
            role.trusted_services.join(", "),
            role.aliases.first().unwrap_or(&"")
        ));
    }
    (
        text,
        Value::Array(policy_catalog::ecs::ROLES.iter().map(role_json).collect()),
    )
}

fn role(name: &str) -> Result<Shown, String> {
    let role = policy_catalog::ecs::role(name).ok_or_else(|| {
        format!("`{name}` is not an ECS role the catalog knows; `polc catalog roles` lists them")
    })?;
    let mut text = format!("{}\n  {}\n", role.name, role.purpose);
    if !role.aliases.is_empty() {
        text.push_str(&format!("  also called: {}\n", role.aliases.join(", ")));
    }
    if role.kind == policy_catalog::ecs::RoleKind::ServiceLinked {
        text.push_str(
            "  service-linked: created and owned by ECS; its policy cannot be attached elsewhere\n",
        );
    }
    text.push_str(&format!(
        "  trusted service: {}\n",
        role.trusted_services.join(", ")
    ));
    if !role.managed_policies.is_empty() {
        text.push_str(&format!(
            "  managed policies: {}\n",
            role.managed_policies.join(", ")
        ));
    }
    for need in role.needs {
        text.push_str(&format!(
            "  needs, to {}: {}\n",
            need.what,
            need.actions.join(", ")
        ));
    }
    for when in role.required_when {
        text.push_str(&format!("  needed when: {when}\n"));
    }
    Ok((text, role_json(role)))
}

fn templates() -> Shown {
    let mut text = String::new();
    let mut items = Vec::new();
    for t in policy_catalog::ecs::templates() {
        text.push_str(&format!("{:<38} {}\n", t.name, t.description));
        items.push(json!({"name": t.name, "source": t.source, "description": t.description, "parameters": t.parameters()}));
    }
    (text, Value::Array(items))
}

fn template(name: &str, params: &[String]) -> Result<Shown, String> {
    let template = policy_catalog::ecs::template(name).ok_or_else(|| {
        format!("`{name}` is not a template; `polc catalog templates` lists them")
    })?;
    let params = policy_dsl::parse_params(params)?;
    let values: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let rendered = template
        .render(&values)
        .map_err(|e| format!("{e}: pass it with `-p {}=VALUE`", e.parameter))?;
    let value: Value = serde_json::from_str(&rendered).map_err(|e| e.to_string())?;
    Ok((rendered, value))
}
