use policy_evaluator::*;

#[derive(Clone, Copy, Debug)]
enum T {
    C(char),
    S(bool),
    O(bool),
}

fn toks(p: &str, arn_syntax: bool) -> Vec<T> {
    // arn_syntax: Resource rules
    let is_arn = p.starts_with("arn:");
    let cs: Vec<char> = p.chars().collect();
    let mut part = 0;
    let mut out = vec![];
    for (i, &c) in cs.iter().enumerate() {
        match c {
            '*' => {
                let next = cs.get(i + 1);
                let cross = !arn_syntax || !is_arn || part >= 5 || matches!(next, None | Some(':'));
                out.push(T::S(cross))
            }
            '?' => out.push(T::O(!arn_syntax || !is_arn || part >= 5)),
            _ => {
                if c == ':' {
                    part += 1
                }
                out.push(T::C(c))
            }
        }
    }
    out
}

fn refm(p: &[T], t: &[char]) -> bool {
    // dp[i][j]: p[i..] matches t[j..]
    let n = p.len();
    let m = t.len();
    let mut dp = vec![vec![false; m + 1]; n + 1];
    dp[n][m] = true;
    for i in (0..n).rev() {
        for j in (0..=m).rev() {
            dp[i][j] = match p[i] {
                T::C(c) => j < m && t[j] == c && dp[i + 1][j + 1],
                T::O(cr) => j < m && (cr || t[j] != ':') && dp[i + 1][j + 1],
                T::S(cr) => dp[i + 1][j] || (j < m && (cr || t[j] != ':') && dp[i][j + 1]),
            };
        }
    }
    dp[0][m]
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn fuzz_resource() {
    let mut r = Rng(0x1234_5678_9abc_def1);
    let palph = ['a', 'b', ':', '*', '?', '/', 'é'];
    let talph = ['a', 'b', ':', '/', 'é'];
    let mut bad = 0;
    for iter in 0..400000 {
        let pl = (r.next() % 9) as usize;
        let tl = (r.next() % 10) as usize;
        let mut p: String = (0..pl)
            .map(|_| palph[(r.next() % palph.len() as u64) as usize])
            .collect();
        let mut t: String = (0..tl)
            .map(|_| talph[(r.next() % talph.len() as u64) as usize])
            .collect();
        if iter % 2 == 0 {
            p = format!("arn:{p}");
            t = format!("arn:{t}");
        }
        let tc: Vec<char> = t.chars().collect();
        let want = refm(&toks(&p, true), &tc);
        let got = Pattern::resource(&p).matches(&t);
        if want != got && bad < 10 {
            println!("RESOURCE p={p:?} t={t:?} want={want} got={got}");
            bad += 1;
        }
        let want = refm(&toks(&p, false), &tc);
        let got = Pattern::string_like(&p).matches(&t);
        if want != got && bad < 20 {
            println!("GLOB p={p:?} t={t:?} want={want} got={got}");
            bad += 1;
        }
    }
    println!("bad={bad}");
}

#[test]
fn fuzz_general_via_set() {
    // Resource with a variable that resolves to "" forces the General matcher.
    let mut r = Rng(0x0bad_cafe_1234_5678);
    let palph = ['a', 'b', ':', '*', '?', '/'];
    let talph = ['a', 'b', ':', '/'];
    let mut bad = 0;
    for _ in 0..20000 {
        let pl = (r.next() % 8) as usize;
        let tl = (r.next() % 9) as usize;
        let p: String = (0..pl)
            .map(|_| palph[(r.next() % palph.len() as u64) as usize])
            .collect();
        let t: String = (0..tl)
            .map(|_| talph[(r.next() % talph.len() as u64) as usize])
            .collect();
        let pat = format!("arn:{p}");
        let patv = format!("arn:${{x}}{p}");
        let text = format!("arn:{t}");
        let want = refm(&toks(&pat, true), &text.chars().collect::<Vec<_>>());
        let pol = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":{}}}]}}"#,
            serde_json::to_string(&patv).unwrap()
        );
        let mut s = PolicySet::new();
        if s.add_json(PolicyKind::Identity, "p", &pol).is_err() {
            continue;
        }
        let req = Request::new("s3:GetObject", text.as_str()).context("x", "");
        let got = s.evaluate(&req) == Decision::Allow;
        if want != got && bad < 10 {
            println!("GENERAL p={patv:?} t={text:?} want={want} got={got}");
            bad += 1;
        }
    }
    println!("general bad={bad}");
}
