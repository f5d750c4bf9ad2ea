#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]
//! Compiling `.pol` files: the design's sketch, and what each construct
//! emits.

use polc_dsl::{Params, compile};

#[test]
fn sketch() {
    let source = r#"
# ecs.pol
param account: account_id
param region: region = "us-east-1"
let prod = ecs.cluster("default")

policy EcsEventsRole {
  allow ecs:RunTask on *
  allow iam:PassRole on * if iam:PassedToService like "ecs-tasks.amazonaws.com"
}

policy EcsOneCluster {
  allow ecs:{Describe*, List*} on *
  allow ecs:{DeleteCluster, DeregisterContainerInstance, ListContainerInstances,
             RegisterContainerInstance, SubmitContainerStateChange, SubmitTaskStateChange} on prod
  allow ecs:{DescribeContainerInstances, DescribeTasks, ListTasks, UpdateContainerAgent,
             StartTask, StopTask, RunTask} on * if ecs:cluster == prod
}

trust EcsTaskRole {
  allow service "ecs-tasks.amazonaws.com" to sts:AssumeRole
}

policy LeanExecution extends aws:AmazonECSTaskExecutionRolePolicy except logs:CreateLogStream {
  allow logs:CreateLogStream on logs.log_group("/ecs/web")
}
"#;
    let params = Params::from([("account".to_owned(), "123456789012".to_owned())]);
    let out = compile(source, &params, polc_catalog::Reference::embedded()).unwrap();
    let names: Vec<&str> = out.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "EcsEventsRole",
            "EcsOneCluster",
            "EcsTaskRole",
            "LeanExecution"
        ]
    );
    let json: serde_json::Value = serde_json::from_str(&out[1].json()).unwrap();
    assert_eq!(
        json["Statement"][1]["Resource"],
        "arn:aws:ecs:us-east-1:123456789012:cluster/default"
    );
    assert_eq!(
        json["Statement"][2]["Condition"]["ArnEquals"]["ecs:cluster"],
        "arn:aws:ecs:us-east-1:123456789012:cluster/default"
    );
    assert_eq!(json["Statement"][0]["Sid"], "EcsOneCluster1");
    let trust: serde_json::Value = serde_json::from_str(&out[2].json()).unwrap();
    assert_eq!(
        trust["Statement"][0]["Principal"]["Service"],
        "ecs-tasks.amazonaws.com"
    );
    // `except` took logs:CreateLogStream out of the managed statement.
    let lean: serde_json::Value = serde_json::from_str(&out[3].json()).unwrap();
    let managed = lean["Statement"][0]["Action"].as_array().unwrap();
    assert!(!managed.iter().any(|a| a == "logs:CreateLogStream"));
    assert!(managed.iter().any(|a| a == "logs:PutLogEvents"));
    // The sketch scopes CreateLogStream to a log group: the catalog says
    // it acts on log streams, and the finding points at the builder.
    let mismatch = out[3]
        .findings
        .iter()
        .find(|f| f.code.name == "RESOURCE_MISMATCH")
        .unwrap();
    let span = mismatch.location.span.unwrap();
    assert_eq!(
        &source[span.start..span.end],
        "logs.log_group(\"/ecs/web\")"
    );
}
