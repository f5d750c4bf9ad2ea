//! The codes of the evaluator's refusals: why a policy could not be loaded
//! for decisions (each with its `polc explain` page). Structural errors
//! keep `polc-model`'s codes; a `Principal` IAM would refuse is
//! `INVALID_PRINCIPAL`.

crate::define_codes! {
    EVALUATOR;
    UNREADABLE_CONDITION_VALUE: Error,
        "a condition value its operator cannot read",
        "Each operator family reads its values in one way: numbers, dates (ISO 8601 or epoch seconds), `true`/`false`, IP addresses and CIDR blocks, base64. A value it cannot read makes the condition meaningless, so the evaluator refuses the policy rather than guess what AWS would do.",
        r#""Condition": {"DateLessThan": {"aws:CurrentTime": "soon"}}"#,
        "Write the value in the operator's form (`2027-01-01T00:00:00Z` for a date), or use an operator of the value's type.";
    NON_ASCII_ACTION: Error,
        "an action name with characters that are not ASCII",
        "AWS action names are ASCII; a name with other characters names no action, and how IAM would fold its case is not documented.",
        r#""Action": "ecs:RunTаsk""#,
        "Write the action's name as the Service Authorization Reference does (`polc catalog actions SERVICE`).";
    VALUE_TOO_COMPLEX: Error,
        "a value of more distinct characters than the evaluator matches in linear time",
        "The evaluator matches long request values in time linear in their length; a wildcard `Resource` entry or condition value that needs its general matcher (a `?`, or a `*` before the characters) and has more than 256 distinct characters (no AWS value has) would cost memory as characters × length, so the policy is refused. Values without wildcards, or with only a trailing `*`, are matched directly and never refused.",
        r#""Resource": "arn:aws:s3:::*一丁丂七丄丅..." (300 distinct characters)"#,
        "Use a shorter value, or several entries.";
    POLICY_SET_LIMIT: Error,
        "the policy set cannot take this policy",
        "A principal has at most one permissions boundary, and service control policies have a few levels: a second boundary, or an SCP level beyond 63, is refused.",
        "`PolicySet::add` of a second permissions boundary, or 65 `--scp` levels",
        "Give one permissions boundary; count SCP levels from 0 (the root).";
}
