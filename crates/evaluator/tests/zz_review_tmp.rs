use policy_evaluator::*;

fn set(ps: &[(PolicyKind, &str)]) -> Result<PolicySet, String> {
    let mut s = PolicySet::new();
    for (i, (k, t)) in ps.iter().enumerate() {
        s.add_json(*k, &format!("p{i}"), t)
            .map_err(|e| format!("{e}"))?;
    }
    Ok(s)
}

fn run(name: &str, ps: &[(PolicyKind, &str)], r: &Request) {
    match set(ps) {
        Err(e) => println!("{name}: COMPILE ERROR {e}"),
        Ok(s) => {
            let fast = s.evaluate(r);
            let mut m = Vec::new();
            let into = s.evaluate_into(r, &mut m);
            let slow = s.explain(r);
            println!(
                "{name}: fast={fast} into={into} explain={} reason={:?}",
                slow.decision, slow.reason
            );
        }
    }
}

const I: PolicyKind = PolicyKind::Identity;
const R: PolicyKind = PolicyKind::Resource;

#[test]
fn review() {
    let allow_all =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    // 1 Kelvin sign deny
    let deny_kelvin = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"ecs:RunTas\u{212A}\",\"Resource\":\"*\"}]}";
    run(
        "kelvin-exact",
        &[(I, allow_all), (I, deny_kelvin)],
        &Request::new("ecs:RunTask", "*"),
    );
    let deny_kelvin2 = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"\u{212A}ms:Dec?ypt\",\"Resource\":\"*\"}]}";
    run(
        "kelvin-svc",
        &[(I, allow_all), (I, deny_kelvin2)],
        &Request::new("kms:Decrypt", "*"),
    );
    let deny_kelvin3 = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"kms:\u{212A}*\",\"Resource\":\"*\"}]}";
    run(
        "kelvin-prefix",
        &[(I, allow_all), (I, deny_kelvin3)],
        &Request::new("kms:key", "*"),
    );
    // 2 identity stmt without Resource
    let no_res = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}"#;
    run(
        "identity-no-resource",
        &[(I, no_res)],
        &Request::new("s3:GetObject", "arn:aws:s3:::b/k"),
    );
    // 3 resource policy without Resource => trust
    let bucket_nores = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/a"},"Action":"s3:*"}]}"#;
    run(
        "resource-no-resource",
        &[(R, bucket_nores)],
        &Request::new("s3:DeleteBucket", "arn:aws:s3:::b")
            .principal("arn:aws:iam::111122223333:user/a")
            .resource_account("111122223333"),
    );
    // 4 resource policy without Principal
    let bucket_noprin = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    run(
        "resource-no-principal",
        &[(R, bucket_noprin)],
        &Request::new("s3:DeleteBucket", "arn:aws:s3:::b")
            .principal("arn:aws:iam::111122223333:user/a"),
    );
    let trust_noprin =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}"#;
    run(
        "trust-no-principal",
        &[(R, trust_noprin)],
        &Request::new("sts:AssumeRole", "arn:aws:iam::111122223333:role/r")
            .principal("arn:aws:iam::111122223333:user/a"),
    );
    // 5 S3 cross-account unknown
    let bucket_user = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/a"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#;
    run(
        "s3-unknown-account",
        &[(R, bucket_user)],
        &Request::new("s3:GetObject", "arn:aws:s3:::b/k")
            .principal("arn:aws:iam::111122223333:user/a"),
    );
    run(
        "s3-known-cross",
        &[(R, bucket_user)],
        &Request::new("s3:GetObject", "arn:aws:s3:::b/k")
            .principal("arn:aws:iam::111122223333:user/a")
            .resource_account("444455556666"),
    );
    // 6 ArnLike "*" deny
    let deny_arn_star = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"*"}}}]}"#;
    run(
        "deny-arnlike-star",
        &[(I, allow_all), (I, deny_arn_star)],
        &Request::new("s3:GetObject", "*")
            .context("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic"),
    );
    let deny_arn_acct = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*"}}}]}"#;
    run(
        "deny-arnlike-sns*",
        &[(I, allow_all), (I, deny_arn_acct)],
        &Request::new("s3:GetObject", "*")
            .context("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic"),
    );
    // 7 numeric precision
    let deny_num = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NumericNotEquals":{"k":"9007199254740992"}}}]}"#;
    run(
        "numeric-precision",
        &[(I, allow_all), (I, deny_num)],
        &Request::new("s3:GetObject", "*").context("k", "9007199254740993"),
    );
    // 8 ipv4-mapped
    let deny_ip = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}"#;
    run(
        "ipv4-mapped",
        &[(I, allow_all), (I, deny_ip)],
        &Request::new("s3:GetObject", "*").context("aws:SourceIp", "::ffff:203.0.113.5"),
    );
    // 9 NotAction deny, action no colon via library
    let deny_notaction = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"iam:*","Resource":"*"}]}"#;
    run(
        "notaction-deny",
        &[(I, allow_all), (I, deny_notaction)],
        &Request::new("s3:GetObject", "*"),
    );
    // 10 SCP without Resource
    let scp_nores = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*"}]}"#;
    run(
        "scp-no-resource",
        &[(I, allow_all), (PolicyKind::Scp { level: 0 }, scp_nores)],
        &Request::new("s3:GetObject", "*"),
    );
    // 11 Empty action string
    let deny_empty =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"","Resource":"*"}]}"#;
    run(
        "deny-empty-action",
        &[(I, allow_all), (I, deny_empty)],
        &Request::new("", "*"),
    );
    // 12 Principal AWS role ARN deny vs request principal role arn with path differences
    let deny_role = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:role/path/web"},"Action":"s3:*","Resource":"*"}]}"#;
    run(
        "deny-role-session",
        &[(R, deny_role)],
        &Request::new("s3:GetObject", "arn:aws:s3:::b/k")
            .principal("arn:aws:sts::111122223333:assumed-role/web/s")
            .resource_account("111122223333"),
    );
    // 13 variable in resource, multi
    // 14 Resource ARN local star
    let deny_mid = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::b*"}]}"#;
    run(
        "deny-s3-b*",
        &[(I, allow_all), (I, deny_mid)],
        &Request::new("s3:GetObject", "arn:aws:s3:::b/x:y"),
    );
    // 15 Federated principal / user session policy
    // 16 Deny with condition on multi-valued key
    let deny_any = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:TagKeys":"secret"}}}]}"#;
    run(
        "deny-stringequals-multi",
        &[(I, allow_all), (I, deny_any)],
        &Request::new("s3:GetObject", "*").context("aws:TagKeys", ["a", "secret"]),
    );
}
