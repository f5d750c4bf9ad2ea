//! `cargo run -p ecs-authorizer-example -- ROLE ACTION RESOURCE tls|plain [KEY=VALUE]...`:
//! may the web service's `task` (or `execution`) role do ACTION on
//! RESOURCE, over TLS or not? Prints the decision and why; exits 0 when
//! allowed, 1 when denied, 2 on bad arguments.
//!
//! ```text
//! $ cargo run -p ecs-authorizer-example -- task s3:PutObject \
//!       arn:aws:s3:::111122223333-web-assets/upload.png plain
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
    let usage =
        "usage: ecs-authorizer-example task|execution ACTION RESOURCE tls|plain [KEY=VALUE]...";
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [role, action, resource, transport, context @ ..] = args.as_slice() else {
        eprintln!("{usage}");
        return std::process::ExitCode::from(2);
    };
    let role = match role.as_str() {
        "task" => Role::Task,
        "execution" => Role::Execution,
        other => {
            eprintln!("unknown role `{other}`: the roles are `task` and `execution`");
            return std::process::ExitCode::from(2);
        }
    };
    let secure = match transport.as_str() {
        "tls" => true,
        "plain" => false,
        other => {
            eprintln!("`{other}`: say whether the call comes over `tls` or `plain`\n{usage}");
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
    let authorizer = match Authorizer::new() {
        Ok(authorizer) => authorizer,
        Err(error) => {
            eprintln!("the service's policies are refused: {error}");
            return std::process::ExitCode::from(2);
        }
    };
    let answer = authorizer.may(role, action, resource, secure, &pairs);
    print!("{answer}");
    if answer.allowed() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::from(1)
    }
}
