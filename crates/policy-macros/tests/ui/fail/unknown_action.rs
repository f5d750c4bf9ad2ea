fn main() {
    let _ = polc_macros::policy! {
        policy Ops {
            allow ecs:DescribeCluster on *
        }
    };
}
