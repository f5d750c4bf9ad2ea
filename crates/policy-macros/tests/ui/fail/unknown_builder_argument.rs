fn main() {
    let _ = polc_macros::policy! {
        policy Deploy {
            allow ecs:UpdateService on ecs.service("prod", "web", regoin = "*", account = "111122223333")
        }
    };
}
