#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "tests"
)]
//! The work of a comparison grows with its input no faster than linearly
//! on the shapes that made it explode before (found by outside reviews):
//! many statements on disjoint resources, many resource entries, dozens
//! of `Deny` statements with string conditions on several keys; and it is
//! bounded where the difference itself is exponential (then undecided,
//! with the reason). Times are compared in one process, the best of
//! three runs each: linear work grows about 4 times from n to 4n,
//! quadratic 16 times.

use std::time::{Duration, Instant};

use polc_catalog::Reference;
use polc_model::{Policy, PolicyType};
use serde_json::{Value, json};

/// The tests of this file time their work: run one at a time, so that
/// one's timing is not another's load.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn document(statements: Vec<Value>) -> Policy {
    let text = json!({"Version": "2012-10-17", "Statement": statements}).to_string();
    Policy::from_json_str(&text, PolicyType::Identity).unwrap()
}

/// The old and new policies of one shape, at size `n`.
fn shape(kind: &str, n: usize) -> (Policy, Policy) {
    let allow_all = json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"});
    let (old, new): (Vec<Value>, Vec<Value>) = match kind {
        // One statement per bucket, each with its own condition; the new
        // side widens the first one's condition.
        "statements" => {
            let old: Vec<Value> = (0..n)
                .map(|i| {
                    json!({"Effect": "Allow", "Action": "s3:GetObject",
                        "Resource": format!("arn:aws:s3:::b{i}/*"),
                        "Condition": {"StringEquals": {"s3:prefix": format!("p{i}")}}})
                })
                .collect();
            let mut new = old.clone();
            new[0]["Condition"]["StringEquals"]["s3:prefix"] = json!("p*");
            (old, new)
        }
        // One statement with many resource entries; the new side adds one.
        "resources" => {
            let mut entries: Vec<String> = (0..n)
                .map(|i| format!("arn:aws:s3:::bucket{i}/*"))
                .collect();
            let old = vec![
                json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": entries.clone()}),
            ];
            entries.push("arn:aws:s3:::bucketX/*".to_owned());
            let new =
                vec![json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": entries})];
            (old, new)
        }
        // Dozens of `Deny` statements with string conditions on several
        // keys; the new side drops the last.
        "denies" => {
            let mut old = vec![allow_all.clone()];
            old.extend((0..n).map(|i| {
                json!({"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*",
                    "Condition": {
                        "StringLike": {format!("aws:RequestTag/k{}", i % 5): format!("*{i}*")},
                        "StringNotEquals": {"s3:prefix": format!("v{i}")}}})
            }));
            let mut new = old.clone();
            new.pop();
            (old, new)
        }
        // `NotResource` denies whose union of allowed resources has 2^n
        // parts: bounded, then undecided.
        "exponential" => {
            let mut old = vec![allow_all.clone()];
            old.extend((0..n).map(|i| {
                json!({"Effect": "Deny", "Action": "s3:GetObject",
                    "NotResource": [format!("arn:aws:s3:::*x{i}q*"), format!("arn:aws:s3:::*y{i}q*")]})
            }));
            let mut new = old.clone();
            new.pop();
            (old, new)
        }
        // Found by the outside review: services outside the catalog, each
        // allowed, and a `Deny` of every action name holding one of 36
        // characters (the action searches are large for each service).
        "services" => {
            let services: Vec<String> = (0..n).map(|i| format!("nsvc{i}:*")).collect();
            let chars = "abcdefghijklmnoprstuvwxyz0123456789-";
            let denied: Vec<String> = chars.chars().map(|c| format!("*:*{c}*")).collect();
            let old = vec![json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})];
            let new = vec![
                json!({"Effect": "Allow", "Action": services, "Resource": "*"}),
                json!({"Effect": "Deny", "Action": denied, "Resource": "*"}),
            ];
            (old, new)
        }
        // `Deny` statements on every action with two infix `NotResource`
        // patterns each, against one service's actions.
        "infix" => {
            let old = vec![json!({"Effect": "Allow", "Action": "a2c:*", "Resource": "*"})];
            let mut new = old.clone();
            new.extend((0..n).map(|i| {
                json!({"Effect": "Deny", "Action": "*", "NotResource": [format!("*x{i}a*"), format!("*y{i}b*")]})
            }));
            (old, new)
        }
        // Found by the outside review: `Deny` statements each on one
        // number (one dropped), and `Allow` statements each on a range of
        // numbers (each widened).
        "points" => {
            let mut old = vec![allow_all.clone()];
            old.extend((0..n).map(|i| {
                json!({"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*",
                    "Condition": {"NumericEquals": {"s3:max-keys": i.to_string()}}})
            }));
            let mut new = old.clone();
            new.remove(1);
            (old, new)
        }
        "ranges" => {
            let range = |i: usize, wide: bool| {
                json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                    "Condition": {
                        "NumericGreaterThan": {"s3:max-keys": (4 * i).to_string()},
                        "NumericLessThan": {"s3:max-keys": (4 * i + if wide { 3 } else { 2 }).to_string()}}})
            };
            let old = (0..n).map(|i| range(i, false)).collect();
            let new = (0..n).map(|i| range(i, true)).collect();
            (old, new)
        }
        // `Deny` statements with number, address and date conditions on
        // four keys: the requests left allowed are exponential as cubes;
        // bounded, then undecided.
        "boxes" => {
            let mut old = vec![allow_all.clone()];
            old.extend((0..n).map(|i| {
                json!({"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*",
                    "Condition": {
                        "NumericLessThan": {"s3:max-keys": (10 + i).to_string()},
                        "NumericGreaterThan": {"aws:MultiFactorAuthAge": i.to_string()},
                        "IpAddress": {"aws:SourceIp": format!("10.{i}.0.0/16")},
                        "DateLessThan": {"aws:CurrentTime": format!("2027-01-{:02}", i % 28 + 1)}}})
            }));
            let mut new = old.clone();
            new.pop();
            (old, new)
        }
        // Outside review 28: wildcard statements on one bucket each, some
        // with more than the old policy's actions, beside an old policy on
        // `*`. The old `*` less each bucket was cut by every statement,
        // and each cut compared with the pieces before it; then each piece
        // a bucket's statement met kept every bucket before it as a
        // resource it must not match (N^1.6; now dropped as implied).
        "buckets" => {
            let old = vec![
                json!({"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}),
            ];
            let new = (0..n)
                .map(|i| {
                    json!({"Effect": "Allow", "Action": if i % 2 == 0 { json!("s3:*") } else { json!(["s3:Get*", "s3:Put*"]) },
                        "Resource": format!("arn:aws:s3:::b{i}/*")})
                })
                .collect();
            (old, new)
        }
        _ => unreachable!(),
    };
    (document(old), document(new))
}

fn time(kind: &str, n: usize) -> (Duration, polc_analysis::Diff) {
    time_runs(kind, n, 3)
}

fn time_runs(kind: &str, n: usize, runs: usize) -> (Duration, polc_analysis::Diff) {
    let (old, new) = shape(kind, n);
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let diff =
            polc_analysis::diff(&[("old", &old)], &[("new", &new)], Reference::embedded()).unwrap();
        best = best.min(start.elapsed());
        last = Some(diff);
    }
    (best, last.unwrap())
}

/// Wildcard statements on one bucket each beside an old policy on `*`
/// (outside review 28): 150 and 600 of them, about 4 times the work.
#[test]
fn work_grows_linearly_with_wildcard_statements_on_buckets() {
    let _serial = one_at_a_time();
    let _ = time("resources", 1);
    let (small, a) = time("buckets", 150);
    let (large, b) = time("buckets", 600);
    for (diff, n) in [(&a, 150), (&b, 600)] {
        assert!(diff.undecided.is_empty(), "{:?}", diff.undecided);
        // The regions' text stays linear: a region on one bucket names no
        // other bucket it must not be (it cannot be them).
        let excluded: usize = diff
            .added
            .iter()
            .chain(&diff.removed)
            .map(|r| r.excluding.len())
            .sum();
        assert!(excluded <= 4 * n, "{excluded} exclusions at {n}");
    }
    assert_about_linear(small, large, &format!("{small:?} at 150, {large:?} at 600"));
}

#[test]
fn work_grows_linearly_with_statements_entries_and_denies() {
    let _serial = one_at_a_time();
    // Warm the catalog's numbering.
    let _ = time("resources", 1);
    // Statements and resource entries: linear (about 4 from n to 4n).
    // Overlapping `Deny` statements: the requests left allowed are, as a
    // union of cubes, quadratic in size (one cube per `Deny` whose key may
    // match, each with a literal per `Deny` before it), so at most
    // quadratic (16), and bounded (the next test).
    for (kind, most) in [
        ("statements", 9.0),
        ("resources", 9.0),
        ("denies", 24.0),
        ("points", 24.0),
        ("ranges", 24.0),
    ] {
        let (small, a) = time(kind, 60);
        let (large, b) = time(kind, 240);
        for diff in [&a, &b] {
            assert!(diff.undecided.is_empty(), "{kind}: {:?}", diff.undecided);
        }
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-4);
        assert!(
            ratio < most || large < Duration::from_millis(30),
            "{kind}: {small:?} at 60, {large:?} at 240 ({ratio:.1} times)"
        );
    }
}

#[test]
fn an_exponential_difference_is_bounded_and_undecided() {
    let _serial = one_at_a_time();
    let (small, _) = time_runs("exponential", 14, 1);
    let (large, diff) = time_runs("exponential", 40, 1);
    assert!(
        diff.undecided.iter().any(|r| r
            .reason
            .as_deref()
            .unwrap_or_default()
            .contains("polc's bound")),
        "{diff:?}"
    );
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-4);
    assert!(ratio < 4.0, "{small:?} at 14, {large:?} at 40");
}

/// Review 51: a pure widening against n conditional statements — what it
/// adds is exponential (a cube per combination of the others), what it
/// removes nothing — was "may add" and "may remove" past the bound: the
/// added side spent the bound the removed side needed, and the removed
/// side cut the old statement by every other before the one that covers
/// it. Each side now has its own bound, and the covering statement comes
/// first.
#[test]
fn a_widening_removes_nothing_however_much_it_adds() {
    let _serial = one_at_a_time();
    // An unchanged group of actions after it keeps its own share of the
    // work (review 55: it was "may add" and "may remove" once the widening
    // had spent the bound).
    let unchanged = [
        json!({"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}),
        json!({"Effect": "Deny", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::secret/*"}),
    ];
    let statements = |first: &str| -> Vec<Value> {
        (0..20)
            .map(|i| {
                let resource = if i == 0 {
                    first.to_owned()
                } else {
                    format!("arn:aws:s3:::*-{i}-*/*")
                };
                json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": resource,
                       "Condition": {"StringLike": {format!("aws:PrincipalTag/k{}", i % 8): format!("x*{i}")}}})
            })
            .chain(unchanged.iter().cloned())
            .collect()
    };
    let old = document(statements("arn:aws:s3:::*-0-*/*"));
    let new = document(statements("arn:aws:s3:::*/*"));
    let diff =
        polc_analysis::diff(&[("old", &old)], &[("new", &new)], Reference::embedded()).unwrap();
    assert!(diff.removed.is_empty(), "{:?}", diff.removed);
    assert!(
        diff.undecided
            .iter()
            .all(|r| r.change != polc_analysis::Change::Removed),
        "{:?}",
        diff.undecided
    );
    assert!(!diff.added.is_empty() || !diff.undecided.is_empty());
    assert!(
        diff.added
            .iter()
            .chain(&diff.undecided)
            .all(|r| !r.actions.iter().any(|a| a == "s3:PutObject")),
        "{diff:?}"
    );
}

#[test]
fn searches_are_bounded_for_the_whole_comparison() {
    let _serial = one_at_a_time();
    for (kind, small_n, large_n) in [("services", 10, 40), ("infix", 8, 16), ("boxes", 10, 40)] {
        let (small, _) = time_runs(kind, small_n, 1);
        let (large, diff) = time_runs(kind, large_n, 1);
        assert!(
            diff.undecided.iter().any(|r| r
                .reason
                .as_deref()
                .unwrap_or_default()
                .contains("polc's bound")),
            "{kind}: {diff:?}"
        );
        // Bounded: the larger stops at the bound, in seconds, not the
        // minutes the unbounded search took. (A ratio alone fails where
        // the smaller got faster: `boxes` at 10 takes a fifth of what it
        // did once unchanged statements are dropped whole.)
        // (8 s was too close: `boxes` at 40 took 8.9 s on a loaded
        // 2-core machine; the unbounded search took minutes.)
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-3);
        assert!(
            ratio < 6.0 || large < Duration::from_secs(20),
            "{kind}: {small:?} at {small_n}, {large:?} at {large_n}"
        );
    }
}

/// `check --within` (outside review 24): statements that each grant one
/// action on one instance, every one beyond the baseline. Finding the
/// statements that allow each region asked an explanation of the whole
/// policy per region, and copied the whole policy per statement: the work
/// grew as the statements squared (6,400 took a minute).
#[test]
fn within_work_grows_linearly_with_statements() {
    let _serial = one_at_a_time();
    let reference = Reference::embedded();
    let actions: Vec<&str> = reference
        .service("ec2")
        .unwrap()
        .actions
        .iter()
        .map(|a| a.name)
        .collect();
    within_grows_linearly(|i| {
        json!({"Effect": "Allow", "Action": format!("ec2:{}", actions[i % actions.len()]),
            "Resource": format!("arn:aws:ec2:us-east-1:111122223333:instance/i-{i:017x}")})
    });
}

/// `check --within` (outside review 28): statements that each grant a
/// whole service (`s3:*`) on their own bucket. Which statements name each
/// action of each region was asked per region: the regions times the
/// actions times the wildcard statements, the statements squared (800
/// took 48 s).
#[test]
fn within_work_grows_linearly_with_wildcard_statements() {
    let _serial = one_at_a_time();
    within_grows_linearly(|i| {
        json!({"Effect": "Allow", "Action": if i % 2 == 0 { json!("s3:*") } else { json!(["s3:Get*", "s3:Put*"]) },
            "Resource": format!("arn:aws:s3:::b{i}/*")})
    });
}

/// `check --within` (outside review 28, left then): one statement per
/// bucket, each with its own condition, against the same policy with the
/// first condition widened. Every statement was compared alone with the
/// whole baseline (400 took 2.6 s); now only those a region beyond the
/// baseline may meet are.
#[test]
fn within_work_grows_linearly_with_conditioned_statements() {
    let _serial = one_at_a_time();
    within_of_pair_grows_linearly(100, 400, |n| {
        let statements: Vec<Value> = (0..n)
            .map(|i| {
                json!({"Effect": "Allow", "Action": "s3:GetObject",
                    "Resource": format!("arn:aws:s3:::b{i}/*"),
                    "Condition": {"StringEquals": {"s3:prefix": format!("p{i}")}}})
            })
            .collect();
        let mut widened = statements.clone();
        widened[0]["Condition"]["StringEquals"]["s3:prefix"] = json!("p*");
        (statements, widened, 0)
    });
}

/// `check --within` (outside review 30): wildcard statements, one per
/// service, on every resource; the new side adds one action to the last.
/// A wildcard entry was taken to meet every region, so every statement
/// was compared alone (400: 4.5 s); now its pattern is matched against
/// the region's actions.
#[test]
fn within_work_grows_linearly_with_wildcard_statements_on_every_resource() {
    let _serial = one_at_a_time();
    let services: Vec<&str> = Reference::embedded()
        .services()
        .map(|(prefix, _)| prefix)
        .filter(|p| *p != "dynamodb")
        .collect();
    within_of_pair_grows_linearly(100, 400, |n| {
        let side = |last: Value| {
            let mut statements: Vec<Value> = services
                .iter()
                .take(n)
                .map(|s| json!({"Effect": "Allow", "Action": format!("{s}:Get*"), "Resource": "*"}))
                .collect();
            statements.push(json!({"Effect": "Allow", "Action": last, "Resource": "*"}));
            statements
        };
        (
            side(json!("dynamodb:Get*")),
            side(json!(["dynamodb:Get*", "dynamodb:PutItem"])),
            n,
        )
    });
}

/// `check --within OLD` of NEW, where `pair(n)` gives the statements of
/// OLD and NEW at size `n`, and the one statement of NEW that grants
/// beyond OLD: its finding alone, and about 4 times the work from `small`
/// to `large = 4 small`, not 16.
fn within_of_pair_grows_linearly(
    small: usize,
    large: usize,
    pair: impl Fn(usize) -> (Vec<Value>, Vec<Value>, usize),
) {
    use polc_catalog::checks::Baseline;
    let run = |n: usize| {
        let (old, new, beyond) = pair(n);
        let text = |statements: Vec<Value>| {
            json!({"Version": "2012-10-17", "Statement": statements}).to_string()
        };
        let baseline = Baseline::from_text("old.json", &text(old)).unwrap();
        within_best_of_two(&baseline, &text(new), |findings| {
            assert_eq!(findings.len(), 1, "{findings:?}");
            assert_eq!(
                findings[0].location.path.to_string(),
                format!("Statement[{beyond}].Action")
            );
        })
    };
    let _ = run(10);
    let (small_time, large_time) = (run(small), run(large));
    assert_about_linear(
        small_time,
        large_time,
        &format!("{small_time:?} at {small}, {large_time:?} at {large}"),
    );
}

/// A resource written with the escapes `${$}`, `${*}` and `${?}` (a
/// literal `$`, `*`, `?` under `Version` 2012-10-17) is read as the
/// policy reads it when deciding which statements to compare alone
/// (outside review 30: `a${$}bc` was read as text with `{`, and its
/// statement passed with no finding beside a wider one).
#[test]
fn within_reads_escapes_as_the_policy_does() {
    let _serial = one_at_a_time();
    let baseline = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]});
    for (wide, narrow) in [
        ("arn:aws:s3:::b/a$b*", "arn:aws:s3:::b/a${$}bc"),
        ("arn:aws:s3:::a${*}*", "arn:aws:s3:::a${*}b"),
        ("arn:aws:s3:::b/x${?}*", "arn:aws:s3:::b/x${?}y"),
    ] {
        let policy = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": wide},
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": narrow}]});
        assert_eq!(
            within_findings_at(&baseline, &policy),
            ["Statement[0].Action", "Statement[1].Action"],
            "{narrow}"
        );
    }
}

/// Comparing only the statements a region beyond the baseline may meet
/// still finds a narrower statement beside a wider one (its excess is
/// the wider one's too, and the example may fall outside it), and leaves
/// out one inside the baseline and one on a resource no region has.
#[test]
fn within_finds_a_narrower_statement_beside_a_wider_one() {
    let _serial = one_at_a_time();
    let baseline = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::kept/*"},
        {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::other/*"}]});
    let policy = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::wide/*"},
        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::wide/inner/*"},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::kept/*"},
        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::other/x/*"}]});
    assert_eq!(
        within_findings_at(&baseline, &policy),
        ["Statement[0].Action", "Statement[1].Action"]
    );
}

/// A region polc cannot decide is put on the statements that may meet it,
/// not on every statement naming its action (outside review 31: a
/// statement inside the baseline was warned of another's undecided
/// region, on another bucket, or one the region excludes).
#[test]
fn within_puts_an_undecided_region_on_the_statements_that_may_meet_it() {
    let _serial = one_at_a_time();
    let baseline = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::c/*"}]});
    for undecided in [
        json!({"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*",
            "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": "x"}}}),
        json!({"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/${s3:prefix}"}),
    ] {
        let policy = json!({"Version": "2012-10-17", "Statement": [undecided,
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::c/x"}]});
        assert_eq!(
            within_findings_at(&baseline, &policy),
            ["Statement[0].Action"],
            "{policy}"
        );
    }
}

/// Where `check --within BASELINE` of `policy` puts its findings.
fn within_findings_at(baseline: &Value, policy: &Value) -> Vec<String> {
    use polc_catalog::checks::{Baseline, Exceeding};
    let baseline = Baseline::from_text("base.json", &baseline.to_string()).unwrap();
    let text = policy.to_string();
    let checked = polc_model::check(&text, &polc_model::CheckOptions::new(PolicyType::Identity));
    polc_analysis::WITHIN
        .exceeding(
            checked.policy.as_ref().unwrap(),
            &checked.statement_paths,
            &baseline,
            Reference::embedded(),
        )
        .iter()
        .map(|f| f.location.path.to_string())
        .collect()
}

/// `check --within AmazonS3ReadOnlyAccess` of `n` statements made by
/// `statement`, each beyond the baseline, at 150 and 600: about 4 times
/// the work, not 16.
fn within_grows_linearly(statement: impl Fn(usize) -> Value) {
    let baseline = polc_catalog::checks::Baseline::named("AmazonS3ReadOnlyAccess").unwrap();
    let run = |n: usize| {
        let statements: Vec<Value> = (0..n).map(&statement).collect();
        let text = json!({"Version": "2012-10-17", "Statement": statements}).to_string();
        within_best_of_two(&baseline, &text, |findings| assert_eq!(findings.len(), n))
    };
    let _ = run(10);
    let (small, large) = (run(150), run(600));
    assert_about_linear(small, large, &format!("{small:?} at 150, {large:?} at 600"));
}

/// Second outside review, session 11: a request must not contradict
/// itself. The keys AWS derives from the principal are not reasoned
/// about (undecided, with why), and an example whose context carries a
/// key AWS sets only for services' calls (`aws:SourceArn`) beside an IAM
/// user is no request AWS could receive: the region is undecided, said
/// so, never given a wrong example.
#[test]
fn examples_are_requests_aws_could_receive() {
    let _serial = one_at_a_time();
    let old = document(vec![
        json!({"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}),
    ]);
    for (condition, reason) in [
        (
            json!({"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/Admin"}}),
            "derived from the principal",
        ),
        (
            json!({"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:t"}}),
            "no request AWS could receive",
        ),
    ] {
        let new = document(vec![json!({"Effect": "Allow", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::b/*", "Condition": condition})]);
        let diff =
            polc_analysis::diff(&[("old", &old)], &[("new", &new)], Reference::embedded()).unwrap();
        assert!(diff.added.is_empty(), "{condition}: {:?}", diff.added);
        assert!(
            diff.undecided
                .iter()
                .any(|r| r.reason.as_deref().unwrap_or_default().contains(reason)),
            "{condition}: {:?}",
            diff.undecided
        );
    }
}

/// Work 4 times larger took less than 11 times as long (linear: about 4;
/// quadratic: 16), or the larger took under 30 ms (too short to tell).
/// (9 was too close: a clean CI run measured 9.1 for a shape that takes
/// 29 ms at the small size, where a scheduler's slice is a third of it.)
fn assert_about_linear(small: Duration, large: Duration, said: &str) {
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-4);
    assert!(
        ratio < 11.0 || large < Duration::from_millis(30),
        "{said} ({ratio:.1} times)"
    );
}

/// The best of two runs of `check --within baseline` of `text`, each
/// run's findings given to `expect`.
fn within_best_of_two(
    baseline: &polc_catalog::checks::Baseline,
    text: &str,
    expect: impl Fn(&[polc_model::Finding]),
) -> Duration {
    use polc_catalog::checks::Exceeding;
    let checked = polc_model::check(text, &polc_model::CheckOptions::new(PolicyType::Identity));
    let policy = checked.policy.unwrap();
    let mut best = Duration::MAX;
    for _ in 0..2 {
        let start = Instant::now();
        let findings = polc_analysis::WITHIN.exceeding(
            &policy,
            &checked.statement_paths,
            baseline,
            Reference::embedded(),
        );
        best = best.min(start.elapsed());
        expect(&findings);
    }
    best
}
