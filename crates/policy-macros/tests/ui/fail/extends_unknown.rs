fn main() {
    let _ = policy_macros::policy! {
        policy Execution extends aws:AmazonECSTaskExecutionPolicy {
            allow logs:CreateLogStream on *
        }
    };
}
