//! Every builder `polc catalog builders` lists can be written as listed
//! and builds its ARN (issue 14.3; found by review: 29 could not).

#![allow(clippy::unwrap_used, reason = "tests")]

use policy_catalog::Reference;
use policy_dsl::{Params, compile};

#[test]
fn every_listed_builder_builds() {
    let reference = Reference::embedded();
    let mut built = 0;
    for (prefix, _) in reference.services() {
        let service = reference.service(prefix).unwrap();
        for builder in policy_dsl::builders::of(service) {
            if !builder.usable() {
                continue;
            }
            let args: Vec<String> = builder
                .args
                .iter()
                .map(|a| format!("{a} = \"x\""))
                .collect();
            let mut all = args.clone();
            all.extend([
                "account = \"111122223333\"".to_owned(),
                "region = \"us-east-1\"".to_owned(),
            ]);
            let source = format!(
                "policy P {{\n  deny {prefix}:* on {}({})\n}}\n",
                builder.name,
                all.join(", ")
            );
            let result = compile(&source, &Params::new(), reference);
            if let Err(diagnostics) = &result {
                // Catalog findings on the built ARN are not the point; a
                // builder error is.
                assert!(
                    !diagnostics
                        .0
                        .iter()
                        .any(|f| f.code.name.starts_with("POL_")),
                    "{source}\n{diagnostics}"
                );
            }
            built += 1;
        }
    }
    assert!(built > 1_000, "{built} builders");
}
