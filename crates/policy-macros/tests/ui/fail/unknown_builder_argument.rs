fn main() {
    let _ = policy_macros::policy! {
        policy Deploy {
            allow ecs:UpdateService on ecs.service("prod", "web", regoin = "*", account = "111122223333")
        }
    };
}
