//! `polc catalog roles|role|templates|template|managed-policy`: the ECS
//! knowledge and AWS managed policies, as text and JSON.

use serde_json::{Value, json};

use super::Shown;

pub(super) fn managed(name: Option<&str>, list: bool, documented: bool) -> Result<Shown, String> {
    if list || name.is_none() {
        let mut text = String::new();
        let mut items = Vec::new();
        for policy in polc_catalog::managed_policies() {
            text.push_str(&format!("{:<75} {}\n", policy.name, policy.version_id));
            items.push(json!({"name": policy.name, "versionId": policy.version_id}));
        }
        return Ok((text, Value::Array(items)));
    }
    let name = name.unwrap_or_default();
    let policy = polc_catalog::managed_policy(name).ok_or_else(|| match polc_catalog::managed::suggest_managed_policy(name) {
        Some(near) => format!("`{name}` is not a managed policy the catalog knows; did you mean `{near}`?"),
        None => format!("`{name}` is not a managed policy the catalog knows; `polc catalog managed-policy --list` lists them"),
    })?;
    let document = if documented {
        policy
            .documented()
            .ok_or_else(|| format!("the ECS documentation does not show `{}`", policy.name))?
    } else {
        policy.document()
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

fn role_json(role: &polc_catalog::ecs::EcsRole) -> Value {
    json!({
        "name": role.name,
        "aliases": role.aliases,
        "serviceLinked": role.kind == polc_catalog::ecs::RoleKind::ServiceLinked,
        "trustedServices": role.trusted_services,
        "managedPolicies": role.managed_policies,
        "needs": role.needs.iter().map(|n| json!({"what": n.what, "actions": n.actions})).collect::<Vec<_>>(),
        "requiredWhen": role.required_when,
        "purpose": role.purpose,
    })
}

pub(super) fn roles() -> Shown {
    let mut text = String::new();
    for role in polc_catalog::ecs::ROLES {
        text.push_str(&format!(
            "{:<24} {:<40} {}\n",
            role.name,
            role.trusted_services.join(", "),
            role.aliases.first().unwrap_or(&"")
        ));
    }
    (
        text,
        Value::Array(polc_catalog::ecs::ROLES.iter().map(role_json).collect()),
    )
}

pub(super) fn role(name: &str) -> Result<Shown, String> {
    let role = polc_catalog::ecs::role(name).ok_or_else(|| {
        format!("`{name}` is not an ECS role the catalog knows; `polc catalog roles` lists them")
    })?;
    let mut text = format!("{}\n  {}\n", role.name, role.purpose);
    if !role.aliases.is_empty() {
        text.push_str(&format!("  also called: {}\n", role.aliases.join(", ")));
    }
    if role.kind == polc_catalog::ecs::RoleKind::ServiceLinked {
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

pub(super) fn templates() -> Shown {
    let mut text = String::new();
    let mut items = Vec::new();
    for t in polc_catalog::ecs::templates() {
        text.push_str(&format!("{:<38} {}\n", t.name, t.description));
        items.push(json!({"name": t.name, "source": t.source, "description": t.description, "parameters": t.parameters()}));
    }
    (text, Value::Array(items))
}

pub(super) fn template(name: &str, params: &[String]) -> Result<Shown, String> {
    let template = polc_catalog::ecs::template(name).ok_or_else(|| {
        format!("`{name}` is not a template; `polc catalog templates` lists them")
    })?;
    let params = polc_dsl::parse_params(params)?;
    let known = template.parameters();
    // A misspelt `-p` would leave its placeholder to be asked for, or (with
    // a default) be dropped unsaid; a wildcard would widen the example.
    for (name, value) in &params {
        if !known.contains(&name.as_str()) {
            return Err(format!(
                "`-p {name}=...` names no placeholder of `{}` (its placeholders: {})",
                template.name,
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ));
        }
        if polc_model::wildcard::has_wildcard(value) || value.contains("${") || value.is_empty() {
            return Err(format!(
                "`-p {name}={value}`: a placeholder stands for one name, not a pattern, a policy variable or nothing (a `*`, `?` or `${{…}}` would widen the documented policy)"
            ));
        }
    }
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
