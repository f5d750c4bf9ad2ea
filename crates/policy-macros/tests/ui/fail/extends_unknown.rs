fn main() {
    let _ = polc_macros::policy! {
        policy Execution extends aws:AmazonECSTaskExecutionPolicy {
            allow logs:CreateLogStream on *
        }
    };
}
