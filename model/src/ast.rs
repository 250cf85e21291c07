//! The syntax tree of the Cypher subset of SCENARIO_FORMAT.md: expressions,
//! patterns, read-query clauses and `graph` data statements.
//!
//! Produced by [`crate::cypher`]; executed by each engine. Names are kept as
//! written (backquotes removed); function names keep their case, and engines
//! compare them case-insensitively as Cypher does.

use crate::value::Value;

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal (integers, floats, strings, booleans, null).
    Literal(Value),
    /// A variable reference.
    Variable(String),
    /// `e.key`.
    Property(Box<Expr>, String),
    /// `e[i]` (list index or map key).
    Index(Box<Expr>, Box<Expr>),
    /// `e[from..to]`, either bound optional.
    Slice(Box<Expr>, Option<Box<Expr>>, Option<Box<Expr>>),
    /// `[a, b, ...]`.
    List(Vec<Expr>),
    /// `{k: v, ...}` in source order.
    Map(Vec<(String, Expr)>),
    /// A prefix operator.
    Unary(UnaryOp, Box<Expr>),
    /// An infix operator.
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `e IS NULL` (`negated == false`) or `e IS NOT NULL`.
    IsNull {
        /// The tested expression.
        expr: Box<Expr>,
        /// `IS NOT NULL`.
        negated: bool,
    },
    /// `e:A:B` label predicate.
    HasLabels(Box<Expr>, Vec<String>),
    /// A function call, aggregates included: `count(DISTINCT x)`.
    Function {
        /// Name as written, possibly dotted (`date`, `toLower`).
        name: String,
        /// `DISTINCT` inside the parentheses.
        distinct: bool,
        /// Arguments.
        args: Vec<Expr>,
    },
    /// `count(*)`.
    CountStar,
    /// `CASE [operand] WHEN .. THEN .. [ELSE ..] END`.
    Case {
        /// The simple form's operand.
        operand: Option<Box<Expr>>,
        /// `WHEN` / `THEN` pairs.
        whens: Vec<(Expr, Expr)>,
        /// `ELSE`.
        otherwise: Option<Box<Expr>>,
    },
    /// `[x IN list WHERE pred | map]`.
    ListComprehension {
        /// The bound variable.
        var: String,
        /// The list.
        list: Box<Expr>,
        /// `WHERE` filter.
        filter: Option<Box<Expr>>,
        /// `| expr` mapping.
        map: Option<Box<Expr>>,
    },
    /// `any/all/none/single(x IN list WHERE pred)`.
    Quantifier {
        /// Which quantifier.
        kind: Quantifier,
        /// The bound variable.
        var: String,
        /// The list.
        list: Box<Expr>,
        /// The predicate.
        predicate: Box<Expr>,
    },
    /// `reduce(acc = init, x IN list | expr)`.
    Reduce {
        /// Accumulator variable.
        acc: String,
        /// Its initial value.
        init: Box<Expr>,
        /// Element variable.
        var: String,
        /// The list.
        list: Box<Expr>,
        /// The step expression.
        expr: Box<Expr>,
    },
}

/// Prefix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `NOT`.
    Not,
    /// `-`.
    Negate,
    /// `+`.
    Plus,
}

/// Infix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `+` (numbers, strings, lists, temporal + duration).
    Add,
    /// `-`.
    Subtract,
    /// `*`.
    Multiply,
    /// `/`.
    Divide,
    /// `%`.
    Modulo,
    /// `^`.
    Power,
    /// `=`.
    Equal,
    /// `<>`.
    NotEqual,
    /// `<`.
    Less,
    /// `<=`.
    LessEqual,
    /// `>`.
    Greater,
    /// `>=`.
    GreaterEqual,
    /// `AND`.
    And,
    /// `OR`.
    Or,
    /// `XOR`.
    Xor,
    /// `IN`.
    In,
    /// `STARTS WITH`.
    StartsWith,
    /// `ENDS WITH`.
    EndsWith,
    /// `CONTAINS`.
    Contains,
}

/// List quantifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    /// `all`.
    All,
    /// `any`.
    Any,
    /// `none`.
    None,
    /// `single`.
    Single,
}

/// A read query: clauses in order. The last clause is `RETURN` or a
/// standalone `CALL` of a read procedure.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The clauses.
    pub clauses: Vec<Clause>,
}

/// A read clause.
#[derive(Debug, Clone, PartialEq)]
pub enum Clause {
    /// `[OPTIONAL] MATCH patterns [WHERE pred]`.
    Match {
        /// `OPTIONAL MATCH`.
        optional: bool,
        /// Comma-separated path patterns.
        patterns: Vec<PathPattern>,
        /// `WHERE`.
        predicate: Option<Expr>,
    },
    /// `UNWIND expr AS var`.
    Unwind {
        /// The list.
        expr: Expr,
        /// The variable.
        var: String,
    },
    /// `WITH projection [WHERE pred]`.
    With(Projection),
    /// `RETURN projection`.
    Return(Projection),
    /// `CALL proc(args) [YIELD items [WHERE pred]]`.
    Call(ProcedureCall),
}

/// A procedure call.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcedureCall {
    /// Dotted name as written (`db.labels`).
    pub procedure: String,
    /// Arguments.
    pub args: Vec<Expr>,
    /// `YIELD` items `(column, alias)`; `None` without `YIELD` (all columns).
    pub yields: Option<Vec<(String, Option<String>)>>,
    /// `WHERE` after `YIELD`.
    pub predicate: Option<Expr>,
}

/// The body of `WITH` / `RETURN`.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// `DISTINCT`.
    pub distinct: bool,
    /// `*` (all variables in scope, sorted by name, before `items`).
    pub star: bool,
    /// The items.
    pub items: Vec<ReturnItem>,
    /// `ORDER BY` keys.
    pub order_by: Vec<SortItem>,
    /// `SKIP`.
    pub skip: Option<Expr>,
    /// `LIMIT`.
    pub limit: Option<Expr>,
    /// `WHERE` (for `WITH` only).
    pub predicate: Option<Expr>,
}

/// One projected item.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnItem {
    /// The expression.
    pub expr: Expr,
    /// `AS alias`.
    pub alias: Option<String>,
    /// The expression's source text exactly as written: the column name
    /// when there is no alias.
    pub text: String,
}

impl ReturnItem {
    /// The column name: the alias, or the expression's text.
    pub fn column(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.text)
    }
}

/// One `ORDER BY` key.
#[derive(Debug, Clone, PartialEq)]
pub struct SortItem {
    /// The key.
    pub expr: Expr,
    /// `DESC`.
    pub descending: bool,
}

/// `[p =] (a)-[r]->(b)...`.
#[derive(Debug, Clone, PartialEq)]
pub struct PathPattern {
    /// Path variable.
    pub var: Option<String>,
    /// The first node.
    pub start: NodePattern,
    /// Each hop: relationship then the node it leads to.
    pub hops: Vec<(RelPattern, NodePattern)>,
}

/// `(v:A:B {k: v})`.
#[derive(Debug, Clone, PartialEq)]
pub struct NodePattern {
    /// Variable.
    pub var: Option<String>,
    /// Required labels (all of them).
    pub labels: Vec<String>,
    /// Property equalities.
    pub properties: Vec<(String, Expr)>,
}

/// `-[r:T|U {k: v}]->`.
#[derive(Debug, Clone, PartialEq)]
pub struct RelPattern {
    /// Variable.
    pub var: Option<String>,
    /// Allowed types (any of them); empty = any type.
    pub types: Vec<String>,
    /// Property equalities.
    pub properties: Vec<(String, Expr)>,
    /// Direction relative to the pattern's reading order.
    pub direction: Direction,
}

/// Relationship direction in a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `-[]->`.
    Outgoing,
    /// `<-[]-`.
    Incoming,
    /// `-[]-`.
    Either,
}

/// A `graph` data statement.
#[derive(Debug, Clone, PartialEq)]
pub enum DataStatement {
    /// One or more `CREATE` clauses; variables are shared among them.
    Create(Vec<PathPattern>),
    /// `CREATE INDEX [name] FOR (n:L) ON (n.k, ...)`.
    CreateIndex {
        /// Name, if given.
        name: Option<String>,
        /// The label.
        label: String,
        /// The keys.
        keys: Vec<String>,
    },
    /// `CREATE FULLTEXT INDEX name FOR (n:L|M) ON EACH [n.k, ...]`.
    CreateFulltextIndex {
        /// Name.
        name: String,
        /// Labels.
        labels: Vec<String>,
        /// Keys.
        keys: Vec<String>,
    },
}
