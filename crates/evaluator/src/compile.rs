//! Compiling a policy document for decisions: its statements, their
//! patterns and conditions, and an index of them by action.

use std::ops::ControlFlow;

use polc_model::policy::{Effect, OneOrMany, Policy, Principal, Statement, Version};
use polc_model::{Finding, JsonPath};

use crate::condition::{self, CompiledCondition, Truth};
use crate::fold::FoldMap;
use crate::pattern::{Pattern, Syntax};
use crate::principal::{CompiledPrincipal, Grant};
use crate::request::{PrincipalType, Request};
use crate::set::PolicyKind;

/// Why a policy cannot be compiled. The evaluator never acts on a policy it
/// does not fully understand: a document with any error-level finding, or a
/// value it cannot read for its operator, is refused here.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{policy}: {message}")]
#[non_exhaustive]
pub struct CompileError {
    /// What kind of problem it is.
    pub kind: CompileErrorKind,
    /// The name the policy was added under.
    pub policy: String,
    /// Where in the document, when one place is at fault.
    pub path: Option<JsonPath>,
    /// What is wrong.
    pub message: String,
    /// The error-level findings of validation, when that is what failed.
    pub findings: Vec<Finding>,
}

/// A code, the help, the findings of validation as related diagnostics
/// (with their spans in the policy's text, when it was read from JSON).
impl miette::Diagnostic for CompileError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(match self.findings.first() {
            Some(first) => first.code.name,
            None => self.code().name,
        }))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(match self.kind {
            CompileErrorKind::Set => {
                "a set holds one permissions boundary and SCP levels 0 to 63: add the policy as another kind, or to another set".to_owned()
            }
            CompileErrorKind::Invalid => {
                "each related diagnostic is one error-level finding (`polc check` shows them in the document)".to_owned()
            }
            _ => {
                let place = self
                    .path
                    .as_ref()
                    .map_or_else(String::new, |path| format!(" at `{path}`"));
                format!(
                    "polc evaluates only policies it fully understands: fix the value{place} (`polc check` lists every finding)"
                )
            }
        }))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        Some(Box::new(
            self.findings.iter().map(|f| f as &dyn miette::Diagnostic),
        ))
    }
}

impl CompileError {
    /// The evaluator's code for this kind of refusal.
    fn code(&self) -> &'static polc_model::Code {
        match self.kind {
            CompileErrorKind::ConditionValue => &crate::codes::UNREADABLE_CONDITION_VALUE,
            CompileErrorKind::Principal => &polc_model::codes::INVALID_PRINCIPAL,
            CompileErrorKind::Action => &crate::codes::NON_ASCII_ACTION,
            CompileErrorKind::Pattern => &crate::codes::VALUE_TOO_COMPLEX,
            CompileErrorKind::Resource => &polc_model::codes::catalog::INVALID_ARN_PREFIX,
            CompileErrorKind::ActionForm => &polc_model::codes::catalog::INVALID_ACTION,
            CompileErrorKind::Invalid | CompileErrorKind::Set => &crate::codes::POLICY_SET_LIMIT,
        }
    }

    /// The refusal as findings located in the policy's `text`: the
    /// validation findings when that is what failed, else one finding
    /// with the evaluator's code for the kind of refusal.
    pub fn to_findings(&self, text: &str) -> Vec<Finding> {
        if !self.findings.is_empty() {
            return self.findings.clone();
        }
        let code = self.code();
        let mut location = polc_model::Location::value(self.path.clone().unwrap_or_default());
        if let (Ok(json), Some(path)) = (polc_model::json::parse(text), &self.path) {
            location.span = path.span_in(&json);
        }
        vec![
            Finding::new(code, self.message.clone(), location).with_help(
                "polc evaluates only policies it fully understands; fix the value (`polc check` lists every finding)",
            ),
        ]
    }
}

/// A compiled `Resource` or `NotResource`.
#[derive(Debug, Clone)]
pub(crate) struct Resources {
    pub(crate) not: bool,
    pub(crate) patterns: Box<[Pattern]>,
    pub(crate) texts: Box<[Box<str>]>,
    /// Per pattern: a policy variable before the fifth colon, which the IAM
    /// User Guide says is not replaced there while AWS's own managed
    /// policies rely on it being replaced. Such a pattern is read with the
    /// variable replaced, and a match is undecided, never true.
    pub(crate) doubtful: Box<[bool]>,
    /// Whether any pattern is doubtful (the common case is none).
    pub(crate) any_doubtful: bool,
}

/// The kinds of [`CompileError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CompileErrorKind {
    /// The document has error-level findings (see `findings`).
    Invalid,
    /// A condition value its operator cannot read (`DateLessThan` with
    /// `tomorrow`).
    ConditionValue,
    /// A `Principal` IAM would refuse (a partial wildcard).
    Principal,
    /// An action name no AWS action can have (not ASCII).
    Action,
    /// The set cannot take the policy (a second boundary, too deep an SCP
    /// level, too many statements).
    Set,
    /// A `Resource` entry or condition value of more distinct characters
    /// than the evaluator matches in linear time (no AWS value has).
    Pattern,
    /// A `Resource` or `NotResource` entry that is neither `*` nor an ARN
    /// (IAM refuses the policy; `polc check` reports `INVALID_ARN_PREFIX`).
    Resource,
    /// An `Action` or `NotAction` entry that is not `*` nor
    /// `service:name` (no colon, an empty part, a space or another
    /// character no action has; `polc check` reports `INVALID_ACTION`).
    ActionForm,
}

/// One compiled statement.
#[derive(Debug, Clone)]
pub(crate) struct CompiledStatement {
    pub(crate) index: usize,
    pub(crate) sid: Option<Box<str>>,
    pub(crate) effect: Effect,
    pub(crate) not_action: bool,
    pub(crate) actions: Box<[Pattern]>,
    pub(crate) action_text: Box<[Box<str>]>,
    /// `None`: no Resource element (trust policy).
    pub(crate) resources: Option<Resources>,
    pub(crate) principal: Option<CompiledPrincipal>,
    pub(crate) conditions: Box<[CompiledCondition]>,
}

impl CompiledStatement {
    #[inline]
    pub(crate) fn action_matches(&self, request: &Request<'_>) -> bool {
        self.actions.iter().any(|p| p.matches(&request.action)) != self.not_action
    }

    /// Whether the resource is in `Resource` (not in `NotResource`);
    /// undecided where a policy variable without a value decides.
    #[inline]
    pub(crate) fn resource_matches(&self, request: &Request<'_>) -> Truth {
        match &self.resources {
            // Without `Resource` (a role's trust policy, an ECR repository
            // policy: `check` refuses it elsewhere), the statement applies
            // to the resource its policy is attached to.
            None => Truth::True,
            Some(r) if !r.any_doubtful => {
                let listed = condition::any(&r.patterns, &request.resource, request);
                if r.not { listed.not() } else { listed }
            }
            Some(r) => {
                let mut listed = Truth::False;
                for (p, &doubtful) in r.patterns.iter().zip(&r.doubtful) {
                    let truth = p.test(&request.resource, request);
                    listed = listed.max(if doubtful {
                        truth.min(Truth::Undecided)
                    } else {
                        truth
                    });
                    if listed == Truth::True {
                        break;
                    }
                }
                if r.not { listed.not() } else { listed }
            }
        }
    }

    /// Whether the statement's principal element names the request's
    /// principal, and how; `boundary`: the principal has a permissions
    /// boundary (the set has one).
    #[inline]
    pub(crate) fn grant(&self, request: &Request<'_>, boundary: bool) -> Option<Grant> {
        match &self.principal {
            None => Some(Grant::Exact),
            // IAM User Guide (NotPrincipal; permissions boundaries): a Deny
            // with NotPrincipal "will always deny any IAM principal that has
            // a permissions boundary policy attached, regardless of the
            // values specified in the NotPrincipal element".
            Some(p)
                if boundary
                    && p.is_not()
                    && self.effect == Effect::Deny
                    && request
                        .principal
                        .as_ref()
                        .is_some_and(|who| who.kind != PrincipalType::Service) =>
            {
                Some(Grant::Account)
            }
            Some(p) => p.grant(
                request.principal.as_ref(),
                request.partition(),
                self.effect == Effect::Deny,
            ),
        }
    }

    /// The least truth the conditions must have for the statement to apply.
    #[inline]
    pub(crate) fn needed(&self) -> Truth {
        match self.effect {
            Effect::Allow => Truth::True,
            Effect::Deny => Truth::Undecided,
        }
    }

    /// Whether the statement applies, given that its Action matched; the
    /// grant for Allow statements of resource-based policies.
    #[inline]
    fn applies(&self, request: &Request<'_>, boundary: bool) -> Option<Grant> {
        if self.not_action && self.actions.iter().any(|p| p.matches(&request.action)) {
            return None;
        }
        let needed = self.needed();
        if self.resource_matches(request) < needed {
            return None;
        }
        let grant = self.grant(request, boundary)?;
        self.conditions
            .iter()
            .all(|c| c.eval(request) >= needed)
            .then_some(grant)
    }
}

/// Statements by the actions they name, for one effect of one policy.
#[derive(Debug, Clone, Default)]
struct ActionIndex {
    exact: FoldMap<Vec<u32>>,
    by_service: FoldMap<Vec<(Pattern, u32)>>,
    general: Vec<(Pattern, u32)>,
    not_action: Vec<u32>,
}

impl ActionIndex {
    fn add(&mut self, id: u32, statement: &CompiledStatement) {
        if statement.not_action {
            self.not_action.push(id);
            return;
        }
        for text in &*statement.action_text {
            let wild = |s: &str| s.contains(['*', '?']);
            match text.split_once(':') {
                _ if !wild(text) => self.exact.update(text, |ids: &mut Vec<u32>| {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }),
                Some((service, name)) if !wild(service) => {
                    self.by_service
                        .update(service, |v| v.push((Pattern::action(name), id)));
                }
                _ => self.general.push((Pattern::action(text), id)),
            }
        }
    }

    /// Calls `f` with every statement whose Action may match (NotAction
    /// statements always: `f` checks them).
    #[inline]
    fn candidates(
        &self,
        request: &Request<'_>,
        mut f: impl FnMut(u32) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        if let Some(ids) = self.exact.get_hashed(request.action_hash, &request.action) {
            for id in ids {
                f(*id)?;
            }
        }
        if request.colon.is_some() {
            let (service, name) = request.action_parts();
            if let Some(patterns) = self.by_service.get_hashed(request.service_hash, service) {
                for (pattern, id) in patterns {
                    if pattern.matches(name) {
                        f(*id)?;
                    }
                }
            }
        }
        for (pattern, id) in &self.general {
            if pattern.matches(&request.action) {
                f(*id)?;
            }
        }
        for id in &self.not_action {
            f(*id)?;
        }
        ControlFlow::Continue(())
    }
}

/// One compiled policy.
#[derive(Debug, Clone)]
pub(crate) struct CompiledPolicy {
    pub(crate) name: Box<str>,
    pub(crate) kind: PolicyKind,
    pub(crate) statements: Box<[CompiledStatement]>,
    deny: ActionIndex,
    allow: ActionIndex,
}

impl CompiledPolicy {
    /// Calls `f` with every statement of `effect` that applies (and its
    /// grant) until `f` breaks.
    #[inline]
    pub(crate) fn applicable(
        &self,
        effect: Effect,
        request: &Request<'_>,
        boundary: bool,
        mut f: impl FnMut(u32, Grant) -> ControlFlow<()>,
    ) {
        let index = match effect {
            Effect::Allow => &self.allow,
            Effect::Deny => &self.deny,
        };
        let _ = index.candidates(request, |id| {
            let Some(statement) = self.statements.get(id as usize) else {
                return ControlFlow::Continue(());
            };
            match statement.applies(request, boundary) {
                Some(grant) => f(id, grant),
                None => ControlFlow::Continue(()),
            }
        });
    }
}

pub(crate) fn invalid(name: &str, errors: Vec<Finding>) -> CompileError {
    let first = errors.first().map_or_else(
        || "the document could not be read".to_owned(),
        |f| f.message.clone(),
    );
    CompileError {
        kind: CompileErrorKind::Invalid,
        policy: name.to_owned(),
        path: errors.first().map(|f| f.location.path.clone()),
        message: format!("the policy is not valid: {first}"),
        findings: errors,
    }
}

pub(crate) fn compile(
    kind: PolicyKind,
    name: &str,
    policy: &Policy,
) -> Result<CompiledPolicy, CompileError> {
    let variables = policy.version == Some(Version::V2012_10_17);
    let mut statements = Vec::new();
    for (index, statement) in policy.statement.iter().enumerate() {
        let resource_policy = kind == PolicyKind::Resource;
        statements.push(
            compile_statement(index, statement, variables, resource_policy).map_err(
                |(kind, path, message)| CompileError {
                    kind,
                    policy: name.to_owned(),
                    path: Some(path),
                    message,
                    findings: Vec::new(),
                },
            )?,
        );
    }
    let mut deny = ActionIndex::default();
    let mut allow = ActionIndex::default();
    for (id, statement) in statements.iter().enumerate() {
        let id = u32::try_from(id).map_err(|_| CompileError {
            kind: CompileErrorKind::Set,
            policy: name.to_owned(),
            path: None,
            message: "too many statements".into(),
            findings: Vec::new(),
        })?;
        match statement.effect {
            Effect::Allow => allow.add(id, statement),
            Effect::Deny => deny.add(id, statement),
        }
    }
    Ok(CompiledPolicy {
        name: name.into(),
        kind,
        statements: statements.into_boxed_slice(),
        deny,
        allow,
    })
}

fn compile_statement(
    index: usize,
    statement: &Statement,
    variables: bool,
    resource_policy: bool,
) -> Result<CompiledStatement, (CompileErrorKind, JsonPath, String)> {
    let at = || JsonPath::root().key("Statement").index(index);
    let action_text: Box<[Box<str>]> = statement
        .action
        .values
        .iter()
        .map(|s| Box::from(s.as_str()))
        .collect();
    // Action names are ASCII; a non-ASCII one names no action, and its case
    // folding would be ambiguous (the index folds ASCII only).
    // Where action entry `i` is.
    let entry = |i: usize| {
        statement
            .action
            .values
            .item_path(&at().key(statement.action.key()), i)
    };
    if let Some(i) = action_text.iter().position(|a| !a.is_ascii()) {
        return Err((
            CompileErrorKind::Action,
            entry(i),
            format!(
                "`{}` has characters that are not ASCII; no AWS action has",
                action_text.get(i).map_or("", |a| a)
            ),
        ));
    }
    // An entry IAM refuses (`s3GetObject`, `s3:Get Object`) would match
    // no request: a `Deny` through it would deny nothing, a `NotAction`
    // allow everything. How IAM reads such text is not documented:
    // refused, as `polc check` reports it (`INVALID_ACTION`).
    if let Some((i, error)) = action_text.iter().enumerate().find_map(|(i, a)| {
        polc_model::ActionPattern::parse(a)
            .err()
            .filter(|_| !polc_model::action::wildcard_service(a))
            .map(|e| (i, e))
    }) {
        return Err((
            CompileErrorKind::ActionForm,
            entry(i),
            format!(
                "`{}` is not an action: {error}",
                action_text.get(i).map_or("", |a| a)
            ),
        ));
    }
    let actions = action_text.iter().map(|a| Pattern::action(a)).collect();
    // An entry IAM refuses would match nothing: a `Deny` through it would
    // deny nothing, a `NotResource` allow everything. Refused, as `polc
    // check` reports it (`INVALID_ARN_PREFIX`).
    if let Some(r) = &statement.resource
        && let Some((i, entry)) = r.values.iter().enumerate().find(|(_, entry)| {
            let stars = !entry.is_empty() && entry.bytes().all(|b| b == b'*');
            let open = entry.contains(['*', '?']) || entry.contains("${");
            // An ARN of fewer than six parts is complete only through a
            // `*` that ends a part (AWS: it may run over the colons); its
            // partition and service are never empty.
            // Read as `check` reads it: each variable a value to come.
            let read = polc_model::variable::as_stars(entry);
            let arn = read.strip_prefix("arn:").is_some_and(|rest| {
                let parts: Vec<&str> = rest.splitn(5, ':').collect();
                let filled = |i: usize| parts.get(i).is_some_and(|p| !p.is_empty());
                (filled(4) || read.ends_with('*') || read.contains("*:"))
                    && filled(0)
                    && (filled(1) || parts.len() == 1)
            });
            !(stars
                || (open && !entry.contains(':'))
                || arn
                || (resource_policy && polc_model::arn::api_gateway_shorthand(entry).is_some()))
        })
    {
        let key = if r.not { "NotResource" } else { "Resource" };
        let mut path = at().key(key);
        if matches!(r.values, OneOrMany::Many(_)) {
            path = path.index(i);
        }
        return Err((
            CompileErrorKind::Resource,
            path,
            format!("`{entry}` is neither `*` nor a complete ARN: IAM refuses this policy"),
        ));
    }
    let resources = statement.resource.as_ref().map(|r| {
        let texts: Box<[Box<str>]> = r.values.iter().map(|s| Box::from(s.as_str())).collect();
        // An API's resource policy may shorten its ARN (`execute-api:/*`).
        let patterns = texts
            .iter()
            .map(|t| match polc_model::arn::api_gateway_shorthand(t) {
                Some(arn) if resource_policy => {
                    Pattern::compile(&arn, Syntax::Resource, variables, false)
                }
                _ => Pattern::compile(t, Syntax::Resource, variables, false),
            })
            .collect();
        let doubtful = texts
            .iter()
            .map(|t| {
                variables
                    && t.starts_with("arn:")
                    && t.splitn(6, ':')
                        .take(5)
                        .any(polc_model::variable::has_variable)
            })
            .collect();
        let doubtful: Box<[bool]> = doubtful;
        Resources {
            not: r.not,
            patterns,
            texts,
            any_doubtful: doubtful.iter().any(|&d| d),
            doubtful,
        }
    });
    // Every pattern must be matchable in time linear in the text.
    if let Some(r) = &resources
        && let Some(i) = r.patterns.iter().position(|p| !p.is_linear())
    {
        let key = if r.not { "NotResource" } else { "Resource" };
        let mut path = at().key(key);
        if matches!(
            statement.resource.as_ref().map(|r| &r.values),
            Some(OneOrMany::Many(_))
        ) {
            path = path.index(i);
        }
        return Err((CompileErrorKind::Pattern, path, too_many_characters()));
    }
    let principal = match &statement.principal {
        None => None,
        Some(p) => Some(CompiledPrincipal::new(p).map_err(|(kind, i, message)| {
            let key = if p.not { "NotPrincipal" } else { "Principal" };
            let mut path = at().key(key).key(kind.as_str());
            if let Principal::Map(map) = &p.value
                && matches!(map.get(&kind), Some(OneOrMany::Many(_)))
            {
                path = path.index(i);
            }
            (CompileErrorKind::Principal, path, message)
        })?),
    };
    let mut conditions = Vec::new();
    if let Some(condition) = &statement.condition {
        for (operator, block) in &condition.0 {
            for (key, values) in &block.0 {
                let compiled = CompiledCondition::new(*operator, key, values.as_slice(), variables)
                    .map_err(|bad| {
                        let mut path = at().condition_key(operator, key);
                        if matches!(values, OneOrMany::Many(_)) {
                            path = path.index(bad.value_index);
                        }
                        (CompileErrorKind::ConditionValue, path, bad.message)
                    })?;
                if !compiled.is_linear() {
                    return Err((
                        CompileErrorKind::Pattern,
                        at().condition_key(operator, key),
                        too_many_characters(),
                    ));
                }
                conditions.push(compiled);
            }
        }
    }
    Ok(CompiledStatement {
        index,
        sid: statement.sid.as_deref().map(Box::from),
        effect: statement.effect,
        not_action: statement.action.not,
        actions,
        action_text,
        resources,
        principal,
        conditions: conditions.into_boxed_slice(),
    })
}

fn too_many_characters() -> String {
    format!(
        "a value of more than {} distinct characters: polc matches values in time linear in the request only up to that, and no AWS policy value has so many",
        crate::bits::MAX_DISTINCT
    )
}
