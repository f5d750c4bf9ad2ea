//! `polc catalog`: browse what the catalog knows.

use polc_catalog::Reference;
use serde_json::Value;

mod ecs;
mod reference;

use ecs::{managed, role, roles, template, templates};
use reference::{action, actions, builders, key, services};

use std::io::Write;

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
    /// The ARN builders of a service for `.pol` files: arguments, ARN format.
    Builders {
        /// The service prefix (`ecs`).
        service: String,
    },
    /// One condition key: its type, and the actions that take it.
    Key {
        /// The key (`ecs:cluster`, `aws:SourceIp`); case does not matter.
        key: String,
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
        /// List the managed policies the catalog carries (alone: a name
        /// or `--documented` beside it is a usage error).
        #[arg(long, conflicts_with_all = ["name", "documented"])]
        list: bool,
        /// The version the ECS documentation page shows instead of the current one.
        #[arg(long)]
        documented: bool,
    },
}

/// Prints what was asked for.
pub fn run(args: &Args, out: &mut dyn Write) -> std::io::Result<Outcome> {
    let reference = Reference::embedded();
    let result = match &args.what {
        What::Services => Ok(services(reference)),
        What::Actions { service, level } => actions(reference, service, level.as_deref()),
        What::Action { action: name } => action(reference, name),
        What::Builders { service } => builders(reference, service),
        What::Key { key: name } => key(reference, name),
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
                TextOrJson::Text => write!(out, "{text}")?,
                TextOrJson::Json => writeln!(out, "{value:#}")?,
            }
            Ok(Outcome::Success)
        }
        Err(message) => {
            eprintln!("polc: {message}");
            Ok(Outcome::Failure)
        }
    }
}

/// What is shown: the text, and the same as JSON.
type Shown = (String, Value);
