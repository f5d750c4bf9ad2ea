fn main() {
    let _ = policy_macros::policy! {
        policy Deploy { allow ecs:UpdateService on * }
        policy Deploy { allow ecs:DescribeServices on * }
    };
}
