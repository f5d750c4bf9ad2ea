fn main() {
    let _ = polc_macros::policy! {
        policy Execution extends aws:AmazonECSTaskExecutionRolePolicy except ecs:RunTask {
            allow logs:CreateLogStream on *
        }
    };
}
