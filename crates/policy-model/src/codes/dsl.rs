//! The diagnostic codes of the `.pol` language, each with its
//! `polc explain` page. Findings of the emitted documents keep the codes of
//! `polc-model` and the catalog.

crate::define_codes! {
    DSL;
    POL_SYNTAX_ERROR: Error,
        "the `.pol` text does not follow the language",
        "The compiler reads the whole file before it emits anything; a statement it cannot read stops the build.",
        "policy P {\n  allow on *\n}",
        "Write what the message says is expected at the marked place; `docs/language.md` shows every construct.";
    POL_UNKNOWN_NAME: Error,
        "a name is neither a `let` nor a `param`",
        "Names in values refer to `let` bindings and `param`eters of the file (or of files it imports). An unknown name has no value.",
        "policy P {\n  allow ecs:RunTask on clustr\n}",
        "Declare it with `let` or `param`, or fix the spelling (the message suggests the closest name).";
    POL_DUPLICATE_NAME: Error,
        "a block, parameter or binding is declared twice",
        "Each block becomes a document named after it, and each name has one value: a second declaration would silently replace the first.",
        "policy Deploy { allow ecs:RunTask on * }\npolicy Deploy { allow ecs:StopTask on * }",
        "Rename one of them.";
    POL_DUPLICATE_CONDITION: Error,
        "a statement tests one condition key twice with one operator",
        "IAM holds one list of values per operator and key in a statement: two tests of the same key with the same operator cannot both be written (JSON would have the key twice, and which one IAM reads is not documented).",
        "allow s3:GetObject on * if aws:SourceVpc == \"vpc-1\" and aws:SourceVpc == \"vpc-2\"",
        "Put the values in one list (`aws:SourceVpc == [\"vpc-1\", \"vpc-2\"]`: any of them matches), or split the statement if both must hold.";
    INVALID_IGNORE: Error,
        "a `# polc:ignore` comment is malformed, has no reason, or cannot apply",
        "An ignore accepts a finding on purpose, so it says why: `# polc:ignore CODE -- reason`. It names codes polc reports, and goes on the line above the statement or block it covers. Errors of the language itself (a name that is not defined, a syntax error) cannot be ignored: the statement could not be built at all.",
        "# polc:ignore INVALID_ACTION\nallow ecs:NewAction on *",
        "Write `# polc:ignore CODE[, CODE] -- why this is accepted` on the line above the statement or block.";
    UNUSED_IGNORE: Warning,
        "a `# polc:ignore` comment suppresses nothing",
        "An ignore that matches no finding is left over from a finding that is fixed, or names the wrong code or place; kept, it would silently accept a future finding of that code there.",
        "# polc:ignore INVALID_ACTION -- not in the catalog yet\nallow ecs:RunTask on *",
        "Remove the comment, or correct its code or place.";
    POL_MISSING_PARAMETER: Error,
        "a parameter without default is not given",
        "A `param` without default must be supplied at build time; the policy cannot be written without it.",
        "param account: account_id\n# polc build file.pol   (no -p account=...)",
        "Pass `-p NAME=VALUE` to `polc build`, or give the parameter a default.";
    POL_INVALID_PARAMETER: Error,
        "a parameter's value does not fit its type",
        "Parameters are typed so that a typo in an account id or region fails the build instead of producing a policy that never matches.",
        "param account: account_id\n# polc build -p account=12345",
        "Give a value of the declared type: 12 digits for `account_id`, a region such as `us-east-1`, a partition such as `aws`, an ARN.";
    POL_UNKNOWN_PARAMETER: Error,
        "`-p NAME=VALUE` names no parameter of the file",
        "A value for a parameter the file does not declare is most likely a typo, and the parameter it was meant for would keep its default.",
        "# polc build -p acount=123456789012",
        "Use the name of a `param` of the file.";
    POL_UNKNOWN_BUILDER: Error,
        "an ARN builder names no service or resource type the catalog knows",
        "ARN builders are made from the catalog's resource types (`ecs.cluster`, `ecs.task_definition`, `iam.role`...): an unknown one has no ARN format.",
        "let c = ecs.clustr(\"prod\")",
        "Use a resource type of the service (the message lists the closest), with `-` written `_`.";
    POL_BUILDER_ARGUMENT: Error,
        "an ARN builder's arguments do not fit its ARN format",
        "Each builder takes the parts of its ARN format, by position or by name, plus `partition`, `region` and `account` (which default to the parameters of those names).",
        "let c = ecs.cluster(\"prod\", colour = \"red\")",
        "Give each part once: the message lists the builder's arguments.";
    POL_OPERATOR_TYPE: Error,
        "a condition operator does not fit the key's type",
        "The short operators (`==`, `<`, `like`, `in`...) become the IAM operator of the key's type. An operator the type has no form of (`<` on a string, `in` on an ARN) would compare the wrong way.",
        "allow s3:GetObject on * if aws:SourceIp < \"10.0.0.0\"",
        "Use an operator the type has (the message lists them), or the explicit form `Operator(key, values)`.";
    POL_INVALID_OPERATOR: Error,
        "an explicit condition operator is not an IAM operator",
        "`Operator(key, values)` writes the IAM operator as is: it must be one IAM knows, with an optional `ForAllValues:`/`ForAnyValue:` and `IfExists`.",
        "allow s3:GetObject on * if StringEqual(aws:PrincipalTag/team, \"web\")",
        "Use the operator's exact IAM name (`StringEquals`).";
    POL_UNKNOWN_MANAGED_POLICY: Error,
        "`extends` names no AWS managed policy the catalog knows",
        "A block can start from an AWS managed policy's statements; the catalog has the current versions of the ECS-related ones.",
        "policy P extends aws:AmazonECSTaskExecutionRole { }",
        "Use the managed policy's exact name (the message suggests the closest); `polc catalog managed-policy --list` lists them.";
    POL_EXCEPT_REMOVES_NOTHING: Error,
        "`except` names actions the managed policy does not grant",
        "`except` takes actions away from the managed policy's statements; one that removes nothing is a mistake in the name, and what was meant to be removed is still granted.",
        "policy P extends aws:AmazonECSTaskExecutionRolePolicy except s3:GetObject { }",
        "Name actions the managed policy grants.";
    POL_INTERPOLATION: Error,
        "an interpolated value would change the policy's meaning",
        "`{name}` puts a parameter's or binding's text into a string. Text with `$`, `{` or `}` could form an IAM policy variable (`${...}`) that nobody wrote, so it is refused; a list cannot be put in a string.",
        "param team: string\nlet home = \"arn:aws:s3:::b/{team}/*\"\n# polc build -p 'team=${aws:username}'",
        "Give a value without `$`, `{`, `}`; write IAM policy variables literally in the string (`${aws:username}`).";
    POL_WRONG_VALUE: Error,
        "a value of the wrong kind",
        "Resources and principals are strings (or lists of them); numbers and booleans are condition values only.",
        "allow ecs:ListTasks on ecs.cluster([\"prod\", \"dev\"])",
        "Write a string, an ARN builder or a name bound to one.";
    POL_PRINCIPAL_ELEMENT: Error,
        "a statement's principal does not fit its block",
        "An identity `policy` never names a principal (it is attached to one); `trust` and `resource` statements must name one (`service \"...\" to`, `aws \"...\" to`, `anyone to`).",
        "policy P {\n  allow service \"ecs-tasks.amazonaws.com\" to sts:AssumeRole\n}",
        "Remove the principal from an identity policy, or add one to a trust or resource statement.";
    POL_IMPORT: Error,
        "an `import` cannot be read",
        "`import \"file.pol\"` reads the parameters and bindings of another file (relative to the importing file); its blocks are not built.",
        "import \"comon.pol\"",
        "Fix the path; imports may not form a cycle.";
    POL_SIZE_EXCEEDS_QUOTA: Error,
        "a compiled document is larger than the AWS quota of its target",
        "IAM refuses documents over its quotas (counted without whitespace): managed policies 6,144 characters, role inline 10,240, user inline 2,048, group inline 5,120, trust policies 2,048.",
        "policy Big { ... 300 statements ... }",
        "Use `polc build --split` to write numbered documents that together grant the same, `--minimize`, or action groups and wildcards you mean.";
    POL_LIMIT: Error,
        "a file goes beyond a limit of the compiler",
        "The compiler reads untrusted text in build steps, so it bounds what it reads: 4 MiB per file, lists nested 32 deep, strings of 4,096 characters, 1,000 statements per block, 200 blocks, 100 parameters, 1,000 bindings and 100 imports per file, imports 16 files deep. Every limit is far beyond what an IAM document can hold.",
        "policy Huge {\n  # ... 1,001 statements ...\n}",
        "Split the file, or the block, into several; group actions and resources.";
}
