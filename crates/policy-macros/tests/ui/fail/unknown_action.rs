fn main() {
    let _ = policy_macros::policy! {
        policy Ops {
            allow ecs:DescribeCluster on *
        }
    };
}
