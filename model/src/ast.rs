//! The syntax tree of the Cypher subset of docs/spec/scenario-format.md: expressions,
//! patterns, read-query clauses and `graph` data statements.
//!
//! Produced by [`crate::cypher`], which also validates what does not depend
//! on data or privileges (E1): a [`Query`] exists only once its variables,
//! functions, procedures, aggregates and projections have been checked, so
//! engines receive only valid queries. Names of labels, types, keys and
//! variables are kept as written (backquotes removed); functions and
//! procedures are resolved to [`crate::functions`]' tables.

use crate::functions::{Aggregate, Function, Procedure};
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
    /// A scalar function call (`toLower(x)`, `datetime.transaction()`).
    Call {
        /// The function.
        function: Function,
        /// Arguments, as many as its arity allows.
        args: Vec<Expr>,
    },
    /// An aggregate call: `count(DISTINCT x)`, `count(*)` (no argument).
    Aggregate {
        /// Which call of the query this is: numbered from 0 in the order
        /// the parser meets them, unique within the query, so an engine
        /// can key per-call state on it.
        id: AggregateId,
        /// The aggregate.
        aggregate: Aggregate,
        /// `DISTINCT` inside the parentheses.
        distinct: bool,
        /// The argument; `None` for `count(*)`.
        arg: Option<Box<Expr>>,
    },
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

impl Expr {
    /// The direct sub-expressions, in source order. Every pass over
    /// expressions goes through this (or [`Expr::children_mut`]), so the
    /// list of variants is written once.
    pub fn children(&self) -> Vec<&Expr> {
        match self {
            Expr::Literal(_) | Expr::Variable(_) => Vec::new(),
            Expr::Property(inner, _) | Expr::HasLabels(inner, _) | Expr::Unary(_, inner) => {
                vec![inner]
            }
            Expr::IsNull { expr, .. } => vec![expr],
            Expr::Index(a, b) | Expr::Binary(_, a, b) => vec![a, b],
            Expr::Slice(list, from, to) => {
                let mut out: Vec<&Expr> = vec![list];
                out.extend(from.as_deref());
                out.extend(to.as_deref());
                out
            }
            Expr::List(items) => items.iter().collect(),
            Expr::Map(entries) => entries.iter().map(|(_, v)| v).collect(),
            Expr::Call { args, .. } => args.iter().collect(),
            Expr::Aggregate { arg, .. } => arg.as_deref().into_iter().collect(),
            Expr::Case {
                operand,
                whens,
                otherwise,
            } => {
                let mut out: Vec<&Expr> = operand.as_deref().into_iter().collect();
                for (w, t) in whens {
                    out.push(w);
                    out.push(t);
                }
                out.extend(otherwise.as_deref());
                out
            }
            Expr::ListComprehension {
                list, filter, map, ..
            } => {
                let mut out: Vec<&Expr> = vec![list];
                out.extend(filter.as_deref());
                out.extend(map.as_deref());
                out
            }
            Expr::Quantifier {
                list, predicate, ..
            } => vec![list, predicate],
            Expr::Reduce {
                init, list, expr, ..
            } => vec![init, list, expr],
        }
    }

    /// The direct sub-expressions, mutably, in source order.
    pub fn children_mut(&mut self) -> Vec<&mut Expr> {
        match self {
            Expr::Literal(_) | Expr::Variable(_) => Vec::new(),
            Expr::Property(inner, _) | Expr::HasLabels(inner, _) | Expr::Unary(_, inner) => {
                vec![inner]
            }
            Expr::IsNull { expr, .. } => vec![expr],
            Expr::Index(a, b) | Expr::Binary(_, a, b) => vec![a, b],
            Expr::Slice(list, from, to) => {
                let mut out: Vec<&mut Expr> = vec![list];
                out.extend(from.as_deref_mut());
                out.extend(to.as_deref_mut());
                out
            }
            Expr::List(items) => items.iter_mut().collect(),
            Expr::Map(entries) => entries.iter_mut().map(|(_, v)| v).collect(),
            Expr::Call { args, .. } => args.iter_mut().collect(),
            Expr::Aggregate { arg, .. } => arg.as_deref_mut().into_iter().collect(),
            Expr::Case {
                operand,
                whens,
                otherwise,
            } => {
                let mut out: Vec<&mut Expr> = operand.as_deref_mut().into_iter().collect();
                for (w, t) in whens {
                    out.push(w);
                    out.push(t);
                }
                out.extend(otherwise.as_deref_mut());
                out
            }
            Expr::ListComprehension {
                list, filter, map, ..
            } => {
                let mut out: Vec<&mut Expr> = vec![list];
                out.extend(filter.as_deref_mut());
                out.extend(map.as_deref_mut());
                out
            }
            Expr::Quantifier {
                list, predicate, ..
            } => vec![list, predicate],
            Expr::Reduce {
                init, list, expr, ..
            } => vec![init, list, expr],
        }
    }

    /// The claims this expression reads with
    /// `abac.oidc.user_attribute('claim')` (A5: what a session keeps), each
    /// once, sorted. The parser allows only a string literal there.
    pub fn referenced_claims(&self) -> Vec<String> {
        let mut claims = std::collections::BTreeSet::new();
        let mut pending = vec![self];
        while let Some(expr) = pending.pop() {
            if let Expr::Call {
                function: Function::UserAttribute,
                args,
            } = expr
                && let [Expr::Literal(Value::String(claim))] = args.as_slice()
            {
                claims.insert(claim.clone());
            }
            pending.extend(expr.children());
        }
        claims.into_iter().collect()
    }

    /// Whether this expression or any sub-expression satisfies `pred`.
    pub fn any(&self, pred: &dyn Fn(&Expr) -> bool) -> bool {
        // An explicit stack: expressions are at most DEPTH_LIMIT deep, but
        // a wide one need not cost recursion either.
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            if pred(e) {
                return true;
            }
            stack.extend(e.children());
        }
        false
    }

    /// A copy with every sub-expression for which `replace` gives a
    /// replacement replaced (top-down: a replaced node is not descended).
    pub fn rewrite(&self, replace: &dyn Fn(&Expr) -> Option<Expr>) -> Expr {
        let mut copy = self.clone();
        copy.rewrite_in_place(replace);
        copy
    }

    fn rewrite_in_place(&mut self, replace: &dyn Fn(&Expr) -> Option<Expr>) {
        if let Some(replacement) = replace(self) {
            *self = replacement;
            return;
        }
        for child in self.children_mut() {
            child.rewrite_in_place(replace);
        }
    }

    /// Calls `f` on this expression and every sub-expression, mutably,
    /// parents before children.
    pub fn visit_mut(&mut self, f: &mut dyn FnMut(&mut Expr)) {
        f(self);
        for child in self.children_mut() {
            child.visit_mut(f);
        }
    }

    /// The aggregate calls in it that are not inside another one (the
    /// parser allows no nesting, so these are all of them), in source order.
    pub fn aggregate_calls(&self) -> Vec<&Expr> {
        if matches!(self, Expr::Aggregate { .. }) {
            return vec![self];
        }
        self.children()
            .into_iter()
            .flat_map(Expr::aggregate_calls)
            .collect()
    }

    /// Whether it contains an aggregate call.
    pub fn contains_aggregate(&self) -> bool {
        self.any(&|e| matches!(e, Expr::Aggregate { .. }))
    }

    /// The variables it uses that are not bound inside it (by a list
    /// comprehension, quantifier or `reduce`), in first-use order.
    pub fn free_variables(&self) -> Vec<String> {
        let mut out = Vec::new();
        free_variables(self, &mut Vec::new(), &mut out);
        out
    }
}

fn free_variables(e: &Expr, bound: &mut Vec<String>, out: &mut Vec<String>) {
    let mut within = |inner: &Expr, names: &[&String], bound: &mut Vec<String>| {
        let mark = bound.len();
        bound.extend(names.iter().map(|n| (*n).clone()));
        free_variables(inner, bound, out);
        bound.truncate(mark);
    };
    match e {
        Expr::Variable(v) => {
            if !bound.contains(v) && !out.contains(v) {
                out.push(v.clone());
            }
        }
        Expr::ListComprehension {
            var,
            list,
            filter,
            map,
        } => {
            within(list, &[], bound);
            for part in filter.iter().chain(map.iter()) {
                within(part, &[var], bound);
            }
        }
        Expr::Quantifier {
            var,
            list,
            predicate,
            ..
        } => {
            within(list, &[], bound);
            within(predicate, &[var], bound);
        }
        Expr::Reduce {
            acc,
            init,
            var,
            list,
            expr,
        } => {
            within(init, &[], bound);
            within(list, &[], bound);
            within(expr, &[acc, var], bound);
        }
        _ => {
            for child in e.children() {
                free_variables(child, bound, out);
            }
        }
    }
}

/// The number of an aggregate call within its query ([`Expr::Aggregate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AggregateId(pub u32);

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

impl BinaryOp {
    /// The operator as written in Cypher (`+`, `<>`, `STARTS WITH`).
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Subtract => "-",
            BinaryOp::Multiply => "*",
            BinaryOp::Divide => "/",
            BinaryOp::Modulo => "%",
            BinaryOp::Power => "^",
            BinaryOp::Equal => "=",
            BinaryOp::NotEqual => "<>",
            BinaryOp::Less => "<",
            BinaryOp::LessEqual => "<=",
            BinaryOp::Greater => ">",
            BinaryOp::GreaterEqual => ">=",
            BinaryOp::And => "AND",
            BinaryOp::Or => "OR",
            BinaryOp::Xor => "XOR",
            BinaryOp::In => "IN",
            BinaryOp::StartsWith => "STARTS WITH",
            BinaryOp::EndsWith => "ENDS WITH",
            BinaryOp::Contains => "CONTAINS",
        }
    }

    /// `=`, `<>`, `<`, `<=`, `>`, `>=` and the string predicates `STARTS
    /// WITH`, `ENDS WITH`, `CONTAINS`: the operators whose result is a
    /// truth value computed from two values of any type, never an error.
    pub fn is_comparison(self) -> bool {
        use BinaryOp as B;
        matches!(
            self,
            B::Equal
                | B::NotEqual
                | B::Less
                | B::LessEqual
                | B::Greater
                | B::GreaterEqual
                | B::StartsWith
                | B::EndsWith
                | B::Contains
        )
    }
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

/// A validated read query: clauses in order. The last clause is `RETURN` or
/// a standalone `CALL` of a read procedure. Only the parser builds one
/// ([`crate::cypher::parse_statement`]), after its checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The clauses.
    clauses: Vec<Clause>,
    /// How many aggregate calls it holds (their ids are `0..aggregates`).
    aggregates: u32,
}

impl Query {
    /// A query the parser has validated.
    pub(crate) fn validated(clauses: Vec<Clause>, aggregates: u32) -> Self {
        Query {
            clauses,
            aggregates,
        }
    }

    /// The clauses, in order.
    pub fn clauses(&self) -> &[Clause] {
        &self.clauses
    }

    /// How many aggregate calls the query holds: every
    /// [`Expr::Aggregate`]'s id is below this.
    pub fn aggregate_count(&self) -> u32 {
        self.aggregates
    }
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
    /// The procedure.
    pub procedure: Procedure,
    /// Arguments, as many as it takes.
    pub args: Vec<Expr>,
    /// `YIELD` items `(column, alias)`, each column one of the procedure's;
    /// `None` without `YIELD` or with `YIELD *` (all columns, standalone only).
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
