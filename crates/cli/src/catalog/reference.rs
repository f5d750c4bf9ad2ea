//! `polc catalog services|actions|action`: the Service Authorization
//! Reference, as text and JSON.

use polc_catalog::{AccessLevel, Reference, Service};
use serde_json::{Value, json};

use super::Shown;

pub(super) fn services(reference: &Reference) -> Shown {
    let mut text = String::new();
    let mut list = Vec::new();
    for (prefix, name) in reference.services() {
        text.push_str(&format!("{prefix:<40} {name}\n"));
        list.push(json!({"prefix": prefix, "name": name}));
    }
    (text, Value::Array(list))
}

/// `polc catalog builders SERVICE`: each builder, its arguments and its
/// ARN format.
pub(super) fn builders(reference: &Reference, prefix: &str) -> Result<Shown, String> {
    let service = service(reference, prefix)?;
    let mut text = String::new();
    let mut list = Vec::new();
    for builder in polc_dsl::builders::of(service) {
        text.push_str(&format!(
            "{}\n    {}\n",
            builder.signature(),
            builder.arn_format
        ));
        list.push(json!({"builder": builder.name, "arguments": builder.args, "arnFormat": builder.arn_format, "usable": builder.usable()}));
    }
    text.push_str("(every builder also takes `partition`, `region` and `account` by name)\n");
    Ok((text, Value::Array(list)))
}

/// `polc catalog key KEY`: a condition key's type, and the actions whose
/// requests carry it (a global key: any action's, when AWS sets it).
pub(super) fn key(reference: &Reference, key: &str) -> Result<Shown, String> {
    let Some((prefix, _)) = key.split_once(':') else {
        return Err(format!(
            "`{key}` is not a condition key: write `service:Key`, such as `ecs:cluster` or `aws:SourceIp`"
        ));
    };
    if prefix.eq_ignore_ascii_case("aws") {
        let key_type = reference.global_key(key).ok_or_else(|| {
            let names = reference.global_keys().iter().map(|k| k.name);
            match polc_model::suggest::closest(key, names) {
                Some(near) => {
                    format!("`{key}` is not a global condition key; did you mean `{near}`?")
                }
                None => format!("`{key}` is not a global condition key"),
            }
        })?;
        let text = format!(
            "{key}\n  type: {}\n  global: any action's request may carry it (when AWS sets it)\n",
            key_type.as_str()
        );
        return Ok((
            text,
            json!({"key": key, "type": key_type.as_str(), "global": true, "actions": []}),
        ));
    }
    let service = service(reference, prefix)?;
    let condition_key = service.condition_key(key).ok_or_else(|| {
        let names = service.condition_keys.iter().map(|k| k.name);
        match polc_model::suggest::closest(key, names) {
            Some(near) => format!("`{key}` is not a condition key of `{}`; did you mean `{near}`?", service.prefix),
            None => format!("`{key}` is not a condition key of `{}`; `polc catalog action` shows an action's keys", service.prefix),
        }
    })?;
    let takes = |keys: &[&str]| {
        keys.iter()
            .any(|k| polc_catalog::reference::key_matches(k, key))
    };
    let actions: Vec<String> = service
        .actions
        .iter()
        .filter(|a| {
            takes(&a.condition_keys) || a.resources.iter().any(|r| takes(&r.condition_keys))
        })
        .map(|a| format!("{}:{}", service.prefix, a.name))
        .collect();
    let mut text = format!(
        "{}\n  type: {}\n",
        condition_key.name,
        condition_key.key_type.as_str()
    );
    if actions.is_empty() {
        text.push_str("  actions: none lists it\n");
    } else {
        text.push_str(&format!("  actions: {}\n", actions.join(", ")));
    }
    let value = json!({"key": condition_key.name, "type": condition_key.key_type.as_str(), "global": false, "actions": actions});
    Ok((text, value))
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

pub(super) fn actions(
    reference: &Reference,
    prefix: &str,
    level: Option<&str>,
) -> Result<Shown, String> {
    let service = service(reference, prefix)?;
    let level = level.and_then(AccessLevel::from_slug);
    let mut text = String::new();
    let mut list = Vec::new();
    let actions: Vec<&polc_catalog::Action> = match level {
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

pub(super) fn action(reference: &Reference, name: &str) -> Result<Shown, String> {
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
        let builder = polc_dsl::builders::Builder::new(service, rtype);
        text.push_str(&format!(
            "    {} ({required}): {}\n      builder: {}\n",
            rtype.name,
            rtype.arn_format,
            builder.signature()
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
            "builder": builder.signature(),
            "conditionKeys": resource.condition_keys,
        }));
    }
    let keys: Vec<Value> = action
        .condition_keys
        .iter()
        .map(|key| {
            let key_type = polc_model::condition::KeyTypes::key_type(reference, key);
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
