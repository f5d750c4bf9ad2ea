//! A policy compiled at compile time decides requests at run time.

use polc_evaluator::{Decision, PolicyKind, PolicySet, Request};

fn main() {
    let file = polc_macros::policy! {
        policy Deploy {
            allow ecs:{UpdateService, DescribeServices}
                on "arn:aws:ecs:us-east-1:111122223333:service/prod/*"
        }
    };
    let deploy = file.get("Deploy").unwrap();
    let mut set = PolicySet::new();
    set.add(PolicyKind::Identity, &deploy.name, &deploy.policy).unwrap();
    let service = "arn:aws:ecs:us-east-1:111122223333:service/prod/web";
    let deployer = "arn:aws:iam::111122223333:user/deployer";
    let request = |action| Request::new(action, service).principal(deployer);
    assert_eq!(set.evaluate(&request("ecs:UpdateService")), Decision::Allow);
    assert_eq!(set.evaluate(&request("ecs:DeleteService")), Decision::ImplicitDeny);
}
