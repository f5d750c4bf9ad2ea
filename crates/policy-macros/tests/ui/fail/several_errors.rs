fn main() {
    // Every error of the text is reported, each at its place.
    let _ = polc_macros::policy! {
        policy Ops {
            allow ecs:DescribeCluster on *
            allow ecs:ListClustrs on *
        }
    };
}
