fn main() {
    let _ = polc_macros::policy! {
        policy Deploy { allow ecs:UpdateService on * }
        policy Deploy { allow ecs:DescribeServices on * }
    };
}
