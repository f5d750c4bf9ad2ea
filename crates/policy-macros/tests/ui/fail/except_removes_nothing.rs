fn main() {
    let _ = policy_macros::policy! {
        policy Execution extends aws:AmazonECSTaskExecutionRolePolicy except ecs:RunTask {
            allow logs:CreateLogStream on *
        }
    };
}
