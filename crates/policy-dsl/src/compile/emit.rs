//! The emitted documents, checked against the catalog and the size
//! quotas, with every finding relocated into the `.pol` source.

use polc_model::codes::CodeId;

use super::*;

impl Compiler<'_> {
    /// Runs the catalog checks on the emitted document; maps findings
    /// into the source.
    pub(super) fn check_emitted(&mut self, compiled: &mut CompiledPolicy, incomplete: bool) {
        let json = compiled.json();
        let checked = polc_catalog::check_with(&json, compiled.policy_type(), self.reference);
        let mut located = Vec::new();
        let mut findings = checked.findings;
        if self.whole_principal {
            polc_catalog::checks::whole_principal(&mut findings);
        }
        if let (Some(extra), Some(policy)) = (self.extra_checks, &checked.policy) {
            findings.extend(extra(
                policy,
                &checked.statement_paths,
                compiled.policy_type(),
            ));
        }
        for mut finding in findings {
            // The document is too large for polc's JSON reader: no syntax
            // error of the source, a limit of the compiler (review 42).
            if finding.code.id == CodeId::JSON_SYNTAX_ERROR
                && json.len() > polc_model::json::MAX_INPUT_BYTES
            {
                finding = Finding::new(
                    &codes::POL_LIMIT,
                    format!(
                        "`{}` compiles to a document of {} bytes, more than the {} bytes polc reads (IAM's largest quota is 10,240 characters)",
                        compiled.name,
                        json.len(),
                        polc_model::json::MAX_INPUT_BYTES
                    ),
                    Location::default(),
                )
                .with_help("split the block into several, and name the actions it needs rather than whole action groups (`ec2:@write` is hundreds of actions)");
            }
            // A block with statements left out (their errors are reported)
            // may be empty: that is not a finding of its own.
            if incomplete && finding.code.id == CodeId::MISSING_STATEMENT {
                continue;
            }
            // Our own size check reports against the quota of the target.
            if matches!(
                finding.code.id,
                CodeId::POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA
                    | CodeId::POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA
                    | CodeId::POLICY_SIZE_EXCEEDS_SCP_QUOTA
            ) {
                continue;
            }
            compiled.locate(&mut finding);
            located.push(finding);
        }
        if let Some(json_tree) = checked.json.as_ref() {
            let size = polc_model::size::iam_size(json_tree);
            let mut sized = self.check_size(compiled, size);
            // A trust policy over the most a quota increase gives fits
            // nowhere: an error, as `check` says of the same JSON (review 52).
            let fits_somewhere =
                compiled.kind != BlockKind::Trust || size <= polc_model::size::TRUST_POLICY_MAX;
            if self.size_warns && fits_somewhere {
                for finding in &mut sized {
                    // Errors rank first: at most a warning is the larger.
                    finding.severity = finding.severity.max(Severity::Warning);
                }
            }
            located.extend(sized);
        }
        // What the user accepts: ignore comments, then the rules.
        let (kept, mut suppressed) = self.directives.apply(located);
        let kept = match self.rules {
            Some(rules) => {
                let (kept, by_rules) = rules.apply(self.path, kept);
                suppressed.extend(by_rules);
                kept
            }
            None => kept,
        };
        compiled.suppressed.extend(suppressed);
        for finding in kept {
            if finding.severity == Severity::Error {
                self.findings.push(finding);
            } else {
                compiled.findings.push(finding);
            }
        }
    }

    /// The document's size against its target's quota: over it, an error,
    /// or with `--split` the parts (a warning when a principal cannot
    /// take that many managed policies). The findings are the document's,
    /// suppressed like the catalog's.
    fn check_size(&self, compiled: &CompiledPolicy, size: usize) -> Vec<Finding> {
        let mut findings = Vec::new();
        let size_error = |message: String, help: String| {
            Finding::new(
                &codes::POL_SIZE_EXCEEDS_QUOTA,
                message,
                Location::at(compiled.span),
            )
            .with_help(help)
        };
        let quota = match (compiled.kind, self.identity_quota) {
            (BlockKind::Policy, Some(q)) => q,
            (kind, _) => crate::transform::quota(kind),
        };
        // Only identity policies can be split: a role has one trust
        // policy, a resource one resource-based policy.
        let splittable = self.split && compiled.kind == BlockKind::Policy;
        if size > quota && splittable && self.identity_quota.is_some() {
            findings.push(size_error(format!(
                    "`{}` is {size} characters without whitespace; the inline policies of one principal may have {quota} in all, so splitting does not help",
                    compiled.name
                ),
                "build it as managed policies (`--target managed --split`), or group actions (`ecs:{...}`, `ecs:@read`)".into(),
            ));
        } else if size > quota && splittable {
            let parts = crate::transform::split(&compiled.policy, quota);
            if parts.len() > MAX_ATTACHED_MANAGED {
                findings.push(
                    Finding::new(
                        &codes::POL_SIZE_EXCEEDS_QUOTA,
                        format!(
                            "`{}` splits into {} managed policies; a role, user or group takes {MAX_ATTACHED_MANAGED} (20 with a quota increase)",
                            compiled.name,
                            parts.len()
                        ),
                        Location::at(compiled.span),
                    )
                    .with_severity(Severity::Warning)
                    .with_help("group actions (`ecs:{...}`, `ecs:@read`) or resources, or use wildcards you mean"),
                );
            }
            if let Some(&(_, part_size)) = crate::transform::oversized(&parts, quota).first() {
                findings.push(size_error(format!(
                        "`{}` cannot be split into documents of at most {quota} characters: one statement alone makes {part_size}",
                        compiled.name
                    ),
                    "`NotAction` and `NotResource` lists are never split: shorten them, or use wildcards (`ec2:Describe*`)".into(),
                ));
            }
        }
        if size > quota && !splittable {
            let target = match (compiled.kind, self.identity_quota) {
                (BlockKind::Trust, _) => "a trust policy",
                (BlockKind::Policy, None) => "a managed policy",
                (BlockKind::Policy, Some(_)) => "an inline policy of the target",
                (BlockKind::Resource, _) => "a resource-based policy",
            };
            let most = if compiled.kind == BlockKind::Trust {
                format!(
                    " ({} at most after a quota increase)",
                    polc_model::size::TRUST_POLICY_MAX
                )
            } else {
                String::new()
            };
            findings.push(size_error(format!(
                    "`{}` is {size} characters without whitespace; {target} may have {quota}{most}",
                    compiled.name
                ),
                if compiled.kind == BlockKind::Policy {
                    "`polc build --split` writes numbered documents that together grant the same; or group actions (`ecs:{...}`, `ecs:@read`)".into()
                } else {
                    "it cannot be split (a role has one trust policy, a resource one policy): group actions (`ecs:{...}`, `ecs:@read`) or use wildcards".into()
                },
            ));
        }
        findings
    }
}
