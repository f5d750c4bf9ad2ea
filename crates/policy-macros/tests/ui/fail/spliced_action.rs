//! An action put together from tokens written in different places is a
//! syntax error, never another policy.

macro_rules! allow_ecs {
    ($action:ident) => {
        polc_macros::policy! {
            policy Spliced {
                allow ecs:$action on *
            }
        }
    };
}

fn main() {
    let _ = allow_ecs!(
        ListClusters
    );
}
