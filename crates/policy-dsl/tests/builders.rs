//! Every builder `polc catalog builders` lists can be written as listed
//! and builds its ARN (issue 14.3; found by review: 29 could not).

#![allow(clippy::unwrap_used, clippy::panic, reason = "tests")]

use polc_catalog::Reference;
use polc_dsl::{Params, compile};

#[test]
fn every_listed_builder_builds() {
    let reference = Reference::embedded();
    let mut built = 0;
    for (prefix, _) in reference.services() {
        let service = reference.service(prefix).unwrap();
        for builder in polc_dsl::builders::of(service) {
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
            // Warnings about the built ARN may come (a type the action does
            // not take); an error may not.
            if let Err(diagnostics) = compile(&source, &Params::new(), reference) {
                panic!("{source}\n{diagnostics}");
            }
            built += 1;
        }
    }
    assert!(built > 1_000, "{built} builders");
}
