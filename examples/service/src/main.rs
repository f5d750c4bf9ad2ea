//! `cargo run -p ecs-authorizer-example -- ROLE ACTION RESOURCE [KEY=VALUE]...`:
//! may the web service's `task` (or `execution`) role do ACTION on
//! RESOURCE? Prints the decision and why; exits 0 when allowed, 1 when
//! denied, 2 on bad arguments.
//!
//! ```text
//! $ cargo run -p ecs-authorizer-example -- task s3:PutObject \
//!       arn:aws:s3:::111122223333-web-assets/upload.png aws:SecureTransport=false
//! EXPLICIT_DENY for role web-task: a Deny statement applies
//!   decided by WebTask Statement[2] (WebTask3)
//! ```

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a command-line example"
)]

use ecs_authorizer_example::{Authorizer, Role};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (role, action, resource, context) = match args.as_slice() {
        [role, action, resource, context @ ..] => (role, action, resource, context),
        _ => {
            eprintln!(
                "usage: ecs-authorizer-example task|execution ACTION RESOURCE [KEY=VALUE]..."
            );
            return std::process::ExitCode::from(2);
        }
    };
    let role = match role.as_str() {
        "task" => Role::Task,
        "execution" => Role::Execution,
        other => {
            eprintln!("unknown role `{other}`: the roles are `task` and `execution`");
            return std::process::ExitCode::from(2);
        }
    };
    let mut pairs = Vec::new();
    for entry in context {
        let Some(pair) = entry.split_once('=') else {
            eprintln!("`{entry}` is not KEY=VALUE");
            return std::process::ExitCode::from(2);
        };
        pairs.push(pair);
    }
    let answer = Authorizer::new().may(role, action, resource, &pairs);
    print!("{answer}");
    if answer.allowed() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::from(1)
    }
}
