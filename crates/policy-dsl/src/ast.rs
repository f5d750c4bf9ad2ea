//! The syntax tree of a `.pol` file. Every node carries the byte span of
//! its source text.

use polc_model::Span;

/// A node and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The node.
    pub node: T,
    /// Its source text.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// `node` at `span`.
    pub const fn new(node: T, span: Span) -> Self {
        Self { node, span }
    }
}

/// A whole file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct File {
    /// `import "other.pol"`.
    pub imports: Vec<Spanned<String>>,
    /// `param` declarations, in order.
    pub params: Vec<Param>,
    /// `let` bindings, in order.
    pub lets: Vec<Let>,
    /// `policy`, `trust` and `resource` blocks, in order.
    pub blocks: Vec<Block>,
    /// Every top-level item in source order (for the formatter).
    pub order: Vec<Item>,
}

/// A top-level item, by its position in its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// `imports[i]`.
    Import(usize),
    /// `params[i]`.
    Param(usize),
    /// `lets[i]`.
    Let(usize),
    /// `blocks[i]`.
    Block(usize),
}

/// The type of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// Any text.
    String,
    /// Twelve digits.
    AccountId,
    /// `us-east-1`, ...
    Region,
    /// `aws`, `aws-cn`, `aws-us-gov`, ...
    Partition,
    /// An ARN.
    Arn,
    /// A list of one of the above (given as `a,b,c` on the command line).
    List(BaseType),
}

/// The element type of a list parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseType {
    /// Any text.
    String,
    /// Twelve digits.
    AccountId,
    /// A region name.
    Region,
    /// A partition name.
    Partition,
    /// An ARN.
    Arn,
}

impl BaseType {
    /// The name in the language.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::AccountId => "account_id",
            Self::Region => "region",
            Self::Partition => "partition",
            Self::Arn => "arn",
        }
    }
}

impl ParamType {
    /// The name in the language.
    pub fn as_str(self) -> String {
        match self {
            Self::List(b) => format!("list<{}>", b.as_str()),
            Self::String => "string".into(),
            Self::AccountId => "account_id".into(),
            Self::Region => "region".into(),
            Self::Partition => "partition".into(),
            Self::Arn => "arn".into(),
        }
    }
}

/// `param NAME: TYPE [= default]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The name.
    pub name: Spanned<String>,
    /// The type.
    pub ty: Spanned<ParamType>,
    /// The default.
    pub default: Option<Expr>,
    /// The whole declaration.
    pub span: Span,
}

/// `let NAME = EXPR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Let {
    /// The name.
    pub name: Spanned<String>,
    /// The value.
    pub value: Expr,
    /// The whole binding.
    pub span: Span,
}

/// A value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExprKind {
    /// `"text"` (as written, escapes resolved, interpolation pending).
    String(StringLit),
    /// `*`.
    Star,
    /// A `let` or `param` name.
    Name(String),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `service.resource_type(args)`: an ARN builder.
    Call(Call),
    /// A number (condition values only), as written.
    Number(String),
    /// `true` / `false` (condition values only).
    Bool(bool),
}

/// A value with its span.
pub type Expr = Spanned<ExprKind>;

/// A string literal: its pieces after escapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringLit {
    /// Literal text and `{name}` interpolations, in order.
    pub pieces: Vec<StringPiece>,
}

/// A piece of a string literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StringPiece {
    /// Text (an IAM policy variable `${...}` is text).
    Text(String),
    /// `{name}`, with the span of the name.
    Interpolation(Spanned<String>),
}

impl StringLit {
    /// The text when the string has no interpolation.
    pub fn as_plain(&self) -> Option<String> {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                StringPiece::Text(t) => out.push_str(t),
                StringPiece::Interpolation(_) => return None,
            }
        }
        Some(out)
    }
}

/// `service.resource_type(args)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The service prefix (`ecs`).
    pub service: Spanned<String>,
    /// The builder (`task_definition`).
    pub builder: Spanned<String>,
    /// The arguments.
    pub args: Vec<Arg>,
}

/// An argument of a builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// `name =`, when named.
    pub name: Option<Spanned<String>>,
    /// The value.
    pub value: Expr,
}

/// The kind of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// `policy`: an identity-based policy.
    Policy,
    /// `trust`: a role's trust policy.
    Trust,
    /// `resource`: a resource-based policy.
    Resource,
}

impl BlockKind {
    /// The keyword.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Policy => "policy",
            Self::Trust => "trust",
            Self::Resource => "resource",
        }
    }
}

/// `policy NAME [extends aws:X [except ...]] { ... }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The kind.
    pub kind: BlockKind,
    /// The name (the document's file name).
    pub name: Spanned<String>,
    /// `extends`.
    pub extends: Option<Extends>,
    /// `version "..."` or `version none`; `None`: the default.
    pub version: Option<Spanned<Option<String>>>,
    /// `id "..."`.
    pub id: Option<Spanned<String>>,
    /// `sids none`: no generated Sids.
    pub no_sids: Option<Span>,
    /// The statements.
    pub statements: Vec<Statement>,
    /// The header (`policy NAME ...` up to `{`).
    pub header: Span,
    /// The whole block.
    pub span: Span,
}

/// `extends aws:NAME [except ACTIONS]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extends {
    /// The managed policy's name (without `aws:`).
    pub managed: Spanned<String>,
    /// The actions taken away.
    pub except: Vec<Action>,
}

/// Allow or deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// `allow`.
    Allow,
    /// `deny`.
    Deny,
}

/// One statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// `sid NAME`.
    pub sid: Option<Spanned<String>>,
    /// The effect.
    pub effect: Spanned<Effect>,
    /// `[not] PRINCIPALS to`.
    pub principals: Option<Principals>,
    /// `not` before the actions (NotAction).
    pub not_action: bool,
    /// The actions.
    pub actions: Vec<Action>,
    /// The actions were written in `[...]`: always a JSON array.
    pub action_array: bool,
    /// `on [not] RESOURCES`.
    pub resources: Option<Resources>,
    /// `if ...`.
    pub conditions: Vec<Condition>,
    /// The whole statement.
    pub span: Span,
}

/// The principals of a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principals {
    /// `not` (NotPrincipal).
    pub not: bool,
    /// `anyone` (`"Principal": "*"`), or kinds with values.
    pub anyone: bool,
    /// `aws ...`, `service ...`, ...
    pub entries: Vec<PrincipalEntry>,
    /// The whole clause.
    pub span: Span,
}

/// The kinds of principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalKindAst {
    /// `aws`.
    Aws,
    /// `service`.
    Service,
    /// `federated`.
    Federated,
    /// `canonical`.
    Canonical,
}

impl PrincipalKindAst {
    /// The keyword.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Aws => "aws",
            Self::Service => "service",
            Self::Federated => "federated",
            Self::Canonical => "canonical",
        }
    }
}

/// `aws "arn:..."`, `service ["a", "b"]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalEntry {
    /// The kind.
    pub kind: Spanned<PrincipalKindAst>,
    /// The value (a string, a name or a list).
    pub value: Expr,
}

/// An action entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionKind {
    /// `*`.
    Star,
    /// `ecs:RunTask`, `ecs:Describe*`.
    Name(String),
    /// `ecs:{A, B*}`: the service and the names with their spans.
    Set(Spanned<String>, Vec<Spanned<String>>),
    /// `ecs:@write`.
    Group(String, Spanned<String>),
    /// `"any text"`, kept as written.
    Quoted(String),
}

/// An action entry with its span.
pub type Action = Spanned<ActionKind>;

/// `on [not] ...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resources {
    /// `not` (NotResource).
    pub not: bool,
    /// The entries.
    pub items: Vec<Expr>,
    /// The whole clause.
    pub span: Span,
}

/// A condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConditionKind {
    /// `Operator(key, values)`: the operator as written.
    Explicit {
        /// `StringEqualsIgnoreCase`, `ForAnyValue:StringLike`, ...
        operator: Spanned<String>,
        /// The key.
        key: Spanned<String>,
        /// The values.
        values: Expr,
    },
    /// `[any|all] key[?] op values` or `key exists|missing`.
    Short {
        /// `any` / `all`.
        qualifier: Option<Spanned<Qualifier>>,
        /// The key.
        key: Spanned<String>,
        /// `?`: IfExists.
        if_exists: bool,
        /// The operator.
        op: Spanned<ShortOp>,
        /// The values (`None` for `exists`/`missing`).
        values: Option<Expr>,
    },
}

/// A condition with its span.
pub type Condition = Spanned<ConditionKind>;

/// `any` or `all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    /// `any` → `ForAnyValue:`.
    Any,
    /// `all` → `ForAllValues:`.
    All,
}

/// The short operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `like`
    Like,
    /// `not like`
    NotLike,
    /// `in` (IP ranges)
    In,
    /// `not in`
    NotIn,
    /// `exists` (`Null: false`)
    Exists,
    /// `missing` (`Null: true`)
    Missing,
}

impl ShortOp {
    /// As written.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Eq => "==",
            Self::Ne => "!=",
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Ge => ">=",
            Self::Like => "like",
            Self::NotLike => "not like",
            Self::In => "in",
            Self::NotIn => "not in",
            Self::Exists => "exists",
            Self::Missing => "missing",
        }
    }
}
