//! Tokens another macro puts together keep their statements apart.

macro_rules! guarded {
    ($name:ident { $($body:tt)* }) => {
        polc_macros::policy! {
            policy $name {
                $($body)*
                deny s3:DeleteBucket on *
            }
        }
    };
}

fn main() {
    let file = guarded!(Web { allow s3:* on * });
    let json = file.get("Web").unwrap().policy.to_json_string(polc_model::json::Style::Minified);
    assert!(json.contains(r#""Effect":"Deny","Action":"s3:DeleteBucket""#), "{json}");
}
