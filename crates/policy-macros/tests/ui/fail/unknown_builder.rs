fn main() {
    let _ = polc_macros::policy! {
        policy Deploy {
            allow ecs:UpdateService on ecs.servise("prod", "web", region = "*", account = "111122223333")
        }
    };
}
