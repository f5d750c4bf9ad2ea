//! A policy document as the Rust expression that builds it.
//!
//! The expression names every type by its full path from [`ROOT`], a
//! placeholder the expansion replaces by the path of `polc-model`
//! (`$crate::model` through the `polc` facade, else `::polc_model`), and
//! builds maps by collecting pairs: a crate that uses the macros needs
//! `polc` (or `polc-model`) and nothing else.

use std::fmt::Write as _;

use polc_model::condition::{ConditionOperator, ConditionValue};
use polc_model::policy::{
    ActionElement, Condition, OneOrMany, Policy, Principal, PrincipalElement, ResourceElement,
    Statement,
};
use polc_model::{NamedPolicy, PolicyType, Text};

/// The placeholder for the path of `polc-model` in the expression.
pub const ROOT: &str = "__polc_model";
const POLICY: &str = "__polc_model::policy";
const CONDITION: &str = "__polc_model::condition";

/// `polc_model::PolicyFile::new(vec![...])`.
pub fn file(policies: &[NamedPolicy]) -> String {
    let mut out = String::from("__polc_model::PolicyFile::new(::std::vec![");
    for policy in policies {
        named(&mut out, policy);
        out.push(',');
    }
    out.push_str("])");
    out
}

/// `polc_model::NamedPolicy { ... }`.
pub fn named_policy(policy: &NamedPolicy) -> String {
    let mut out = String::new();
    named(&mut out, policy);
    out
}

fn named(out: &mut String, policy: &NamedPolicy) {
    let policy_type = match policy.policy_type {
        PolicyType::Identity => "Identity",
        PolicyType::Resource => "Resource",
        PolicyType::Trust => "Trust",
        PolicyType::Scp => "Scp",
    };
    let _ = write!(
        out,
        "__polc_model::NamedPolicy {{ name: <::std::string::String as ::core::convert::From<&str>>::from({:?}), \
         policy_type: __polc_model::PolicyType::{policy_type}, policy: ",
        policy.name
    );
    document(out, &policy.policy);
    out.push_str(" }");
}

fn document(out: &mut String, policy: &Policy) {
    let _ = write!(out, "{POLICY}::Policy {{ version: ");
    match policy.version {
        Some(version) => {
            let _ = write!(
                out,
                "::core::option::Option::Some({POLICY}::Version::{version:?})"
            );
        }
        None => out.push_str("::core::option::Option::None"),
    }
    out.push_str(", id: ");
    option_text(out, policy.id.as_deref());
    out.push_str(", statement: ");
    one_or_many(out, &policy.statement, statement);
    out.push_str(", key_order: ::std::vec![");
    for key in &policy.key_order {
        let _ = write!(out, "{POLICY}::PolicyKey::{key:?},");
    }
    out.push_str("] }");
}

fn statement(out: &mut String, s: &Statement) {
    let _ = write!(out, "{POLICY}::Statement {{ sid: ");
    option_text(out, s.sid.as_deref());
    let _ = write!(
        out,
        ", effect: {POLICY}::Effect::{:?}, principal: ",
        s.effect
    );
    match &s.principal {
        Some(p) => {
            out.push_str("::core::option::Option::Some(");
            principal(out, p);
            out.push(')');
        }
        None => out.push_str("::core::option::Option::None"),
    }
    out.push_str(", action: ");
    action(out, &s.action);
    out.push_str(", resource: ");
    match &s.resource {
        Some(r) => {
            out.push_str("::core::option::Option::Some(");
            resource(out, r);
            out.push(')');
        }
        None => out.push_str("::core::option::Option::None"),
    }
    out.push_str(", condition: ");
    match &s.condition {
        Some(c) => {
            out.push_str("::core::option::Option::Some(");
            condition(out, c);
            out.push(')');
        }
        None => out.push_str("::core::option::Option::None"),
    }
    out.push_str(", key_order: ::std::vec![");
    for key in &s.key_order {
        let _ = write!(out, "{POLICY}::StatementKey::{key:?},");
    }
    out.push_str("] }");
}

fn principal(out: &mut String, p: &PrincipalElement) {
    let _ = write!(out, "{POLICY}::PrincipalElement {{ not: {}, value: ", p.not);
    match &p.value {
        Principal::Any => {
            let _ = write!(out, "{POLICY}::Principal::Any");
        }
        Principal::Map(map) => {
            let _ = write!(
                out,
                "{POLICY}::Principal::Map(::core::iter::Iterator::collect(::core::iter::IntoIterator::into_iter(["
            );
            for (kind, values) in map {
                let _ = write!(out, "({POLICY}::PrincipalKind::{kind:?}, ");
                one_or_many(out, values, owned);
                out.push_str("),");
            }
            out.push_str("])))");
        }
    }
    out.push_str(" }");
}

fn action(out: &mut String, a: &ActionElement) {
    let _ = write!(out, "{POLICY}::ActionElement {{ not: {}, values: ", a.not);
    one_or_many(out, &a.values, owned);
    out.push_str(" }");
}

fn resource(out: &mut String, r: &ResourceElement) {
    let _ = write!(out, "{POLICY}::ResourceElement {{ not: {}, values: ", r.not);
    one_or_many(out, &r.values, owned);
    out.push_str(" }");
}

fn condition(out: &mut String, c: &Condition) {
    let _ = write!(
        out,
        "{POLICY}::Condition(::core::iter::Iterator::collect(::core::iter::IntoIterator::into_iter(["
    );
    for (op, block) in &c.0 {
        out.push('(');
        operator(out, op);
        let _ = write!(
            out,
            ", {POLICY}::ConditionBlock(::core::iter::Iterator::collect(::core::iter::IntoIterator::into_iter(["
        );
        for (key, values) in &block.0 {
            out.push('(');
            text(out, key);
            out.push_str(", ");
            one_or_many(out, values, condition_value);
            out.push_str("),");
        }
        out.push_str("])))),");
    }
    out.push_str("])))");
}

fn operator(out: &mut String, op: &ConditionOperator) {
    let _ = write!(
        out,
        "{CONDITION}::ConditionOperator {{ base: {CONDITION}::BaseOperator::{:?}, qualifier: ",
        op.base
    );
    match op.qualifier {
        Some(q) => {
            let _ = write!(
                out,
                "::core::option::Option::Some({CONDITION}::SetQualifier::{q:?})"
            );
        }
        None => out.push_str("::core::option::Option::None"),
    }
    let _ = write!(out, ", if_exists: {} }}", op.if_exists);
}

fn condition_value(out: &mut String, v: &ConditionValue) {
    match v {
        ConditionValue::String(s) => {
            let _ = write!(out, "{CONDITION}::ConditionValue::String(");
            text(out, s);
            out.push(')');
        }
        ConditionValue::Bool(b) => {
            let _ = write!(out, "{CONDITION}::ConditionValue::Bool({b})");
        }
        ConditionValue::Number(n) => {
            let _ = write!(
                out,
                "{CONDITION}::ConditionValue::Number(<::std::boxed::Box<str> as ::core::convert::From<&str>>::from({:?}))",
                &**n
            );
        }
    }
}

fn one_or_many<T>(out: &mut String, values: &OneOrMany<T>, item: fn(&mut String, &T)) {
    match values {
        OneOrMany::One(value) => {
            let _ = write!(out, "{POLICY}::OneOrMany::One(");
            item(out, value);
            out.push(')');
        }
        OneOrMany::Many(values) => {
            let _ = write!(out, "{POLICY}::OneOrMany::Many(::std::vec![");
            for value in values {
                item(out, value);
                out.push(',');
            }
            out.push_str("])");
        }
    }
}

fn option_text(out: &mut String, value: Option<&str>) {
    match value {
        Some(s) => {
            out.push_str("::core::option::Option::Some(");
            text(out, s);
            out.push(')');
        }
        None => out.push_str("::core::option::Option::None"),
    }
}

/// [`text`] of a policy's string (for [`one_or_many`]).
fn owned(out: &mut String, s: &Text) {
    text(out, s);
}

/// A policy's string ([`polc_model::Text`]) from a literal.
fn text(out: &mut String, s: &str) {
    let _ = write!(
        out,
        "<__polc_model::Text as ::core::convert::From<&str>>::from({s:?})"
    );
}
