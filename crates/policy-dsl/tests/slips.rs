//! Forms authors write that the language reads as they mean (issue 14.4).

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use polc_dsl::{Params, compile};

fn json(source: &str) -> String {
    let compiled = compile(source, &Params::new(), polc_catalog::Reference::embedded()).unwrap();
    compiled[0].json()
}

/// `key==value` is `key == value`; a single `=` stays in a tag key.
#[test]
fn a_comparison_needs_no_spaces() {
    let spaced = "policy P {\n  allow s3:GetObject on * if aws:SecureTransport == false\n}\n";
    let tight = "policy P {\n  allow s3:GetObject on * if aws:SecureTransport==false\n}\n";
    assert_eq!(json(tight), json(spaced));
    let tag = json("policy P {\n  allow s3:GetObject on * if aws:RequestTag/a=b==\"x\"\n}\n");
    assert!(tag.contains("\"aws:RequestTag/a=b\": \"x\""), "{tag}");
}
