//! Generated read queries: a small structured form (patterns, a WHERE,
//! OPTIONAL MATCH, projections with aggregates, ORDER BY/SKIP/LIMIT, the
//! db.* procedures, lists of boundary values unwound) and its one renderer
//! to Cypher text. Expressions inside them are [`crate::expr`]'s.

use arbitrary::Unstructured;
use model::admin::render::{literal, op_text, string_literal, symbolic};
use model::catalog::RuleOp;
use model::value::Value;

use crate::choice::{flag, one, pick, weighted};
use crate::expr::{self, Cx, Expr};
use crate::pools::{KEYS, LABELS, TYPES, UNKNOWN_KEY, UNKNOWN_LABEL, UNKNOWN_TYPE};
use crate::security::op;
use crate::values::{non_empty_list, scalar};

/// Percentage of MATCH and UNWIND queries that may hold one expression
/// that can fail at run time (overflow, division by zero, a type
/// mismatch): enough to compare the engines' errors, few enough that most
/// queries return rows.
const RISKY_PERCENT: u32 = 50;

/// Most queries in a world.
pub const MAX_QUERIES: usize = 6;

/// One query and who runs it.
#[derive(Debug, Clone, PartialEq)]
pub struct GenQuery {
    /// The user (`as`), or `None` for the administrator.
    pub user: Option<String>,
    /// The query.
    pub form: QueryForm,
}

/// A read query.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryForm {
    /// `MATCH ... [WHERE ...] [OPTIONAL MATCH ...] RETURN ...`.
    Match(Box<MatchQuery>),
    /// `CALL db.*(...)`.
    Procedure(ProcedureQuery),
    /// `MATCH (n0[:L]) UNWIND n0.k AS x RETURN ...`.
    Unwind(UnwindQuery),
    /// `MATCH (n0[:L]) WITH n0.k AS g, count(*) AS c WHERE c >= m RETURN g, c`.
    Grouped(GroupedQuery),
    /// `[MATCH ...] UNWIND [e, ...] AS x [WITH [DISTINCT] x[, e AS y] [WHERE c]] RETURN ...`.
    Values(Box<ValuesQuery>),
}

/// Boundary values one per row: `[MATCH p = (n0[:L])[-[r0]-(n1)]] UNWIND
/// [e, ...] AS x [WITH [DISTINCT] x[, d AS y] [WHERE c]] RETURN ...`, so
/// that NaN, the infinities, `-0.0`, the integer limits and values of
/// every type meet ORDER BY, DISTINCT, the aggregates and comparisons.
#[derive(Debug, Clone, PartialEq)]
pub struct ValuesQuery {
    /// The MATCH before the UNWIND, if any: the start label and one hop.
    pub pattern: Option<(Option<String>, Option<Hop>)>,
    /// The unwound list's elements (no two constants equivalent but
    /// written differently, such as `0` and `0.0`).
    pub values: Vec<Expr>,
    /// `WITH [DISTINCT] x[, derived AS y] [WHERE filter]`.
    pub with: Option<WithStep>,
    /// The RETURN.
    pub output: ValuesOutput,
}

/// The WITH of a [`ValuesQuery`].
#[derive(Debug, Clone, PartialEq)]
pub struct WithStep {
    /// `WITH DISTINCT`.
    pub distinct: bool,
    /// `e AS y`, over `x` and the MATCH's variables.
    pub derived: Option<Expr>,
    /// `WHERE c`, over `x`, `y` and the MATCH's variables.
    pub filter: Option<Expr>,
}

/// What a [`ValuesQuery`] returns.
#[derive(Debug, Clone, PartialEq)]
pub enum ValuesOutput {
    /// `RETURN x[, y] [ORDER BY x [DESC][, y] [SKIP s] [LIMIT l]]`.
    Rows {
        /// ORDER BY, `DESC` when true.
        order: Option<bool>,
        /// `SKIP` (only with ORDER BY).
        skip: Option<u8>,
        /// `LIMIT` (only with ORDER BY).
        limit: Option<u8>,
    },
    /// `RETURN agg(x|y), ...` (at least one), unaliased.
    Aggregates(Vec<(Aggregation, bool, bool)>),
}

/// An aggregate over an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregation {
    /// `min(e)`.
    Min,
    /// `max(e)`.
    Max,
    /// `count([DISTINCT] e)`.
    Count,
    /// `size(collect([DISTINCT] e))`: only the size, as for [`Item::Collect`].
    Collect,
}

/// `MATCH (n0[:L]) UNWIND n0.k AS x RETURN x` (or `count(x)`): a stored
/// list's elements one per row, a scalar as one row, null as none.
#[derive(Debug, Clone, PartialEq)]
pub struct UnwindQuery {
    /// Label of `n0`.
    pub start: Option<String>,
    /// The unwound key.
    pub key: String,
    /// `RETURN count(x) AS c` instead of `RETURN x`.
    pub count: bool,
}

/// Groups counted in a WITH and filtered on the count.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupedQuery {
    /// Label of `n0`.
    pub start: Option<String>,
    /// The grouping key.
    pub key: String,
    /// Groups with at least this many rows are returned.
    pub at_least: u8,
}

/// `MATCH [p = ](n0[:L])-[r0]-(n1)... [WHERE c] [OPTIONAL MATCH (last)-[ro]-(o)]
/// RETURN [DISTINCT] items [ORDER BY ... [SKIP s] [LIMIT l]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchQuery {
    /// Label of `n0`.
    pub start: Option<String>,
    /// Hops from `n0`: `r0` to `n1`, `r1` to `n2`.
    pub hops: Vec<Hop>,
    /// The WHERE of the MATCH.
    pub filter: Option<Condition>,
    /// `OPTIONAL MATCH` from the last node to `o` through `ro`.
    pub optional: Option<Hop>,
    /// `RETURN DISTINCT`.
    pub distinct: bool,
    /// Return items (1-3).
    pub items: Vec<Item>,
    /// ORDER BY every item (then they are aliased `c0`, `c1`, ...).
    pub order: Option<Order>,
}

/// One relationship and the node it reaches.
#[derive(Debug, Clone, PartialEq)]
pub struct Hop {
    /// Types (`:T|U`); empty = any.
    pub types: Vec<String>,
    /// Direction from the previous node.
    pub direction: Direction,
    /// Label of the node reached.
    pub label: Option<String>,
}

/// Direction of a hop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `-[]->`.
    Out,
    /// `<-[]-`.
    In,
    /// `-[]-`.
    Both,
}

/// A variable of the pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Var {
    /// `n<i>`.
    Node(usize),
    /// `r<i>`.
    Rel(usize),
    /// `o`, the OPTIONAL MATCH's node.
    OptionalNode,
    /// `ro`, the OPTIONAL MATCH's relationship.
    OptionalRel,
}

/// A return item.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// The element itself.
    Whole(Var),
    /// `p`, the MATCH's path (`MATCH p = ...`, V3).
    Path,
    /// `startNode(r)` (`true`) or `endNode(r)`.
    Endpoint(Var, bool),
    /// `x.k`.
    Property(Var, String),
    /// `labels(n)`.
    Labels(Var),
    /// `keys(x)`.
    Keys(Var),
    /// `properties(x)`.
    Properties(Var),
    /// `type(r)`.
    Type(Var),
    /// `count(*)`.
    CountStar,
    /// `count([DISTINCT] x)`.
    Count(Var, bool),
    /// `size(collect([DISTINCT] x.k))`: a collected list's order is the
    /// order rows arrive in, which nothing specifies, so only its size is
    /// compared across engines.
    Collect(Var, String, bool),
    /// `sum(x.k)`.
    Sum(Var, String),
    /// `min(x.k)`.
    Min(Var, String),
    /// `max(x.k)`.
    Max(Var, String),
    /// An expression of [`crate::expr`]: a value of any type or a predicate.
    Expr(Expr),
    /// An aggregate over an expression; the flag is `DISTINCT` (for
    /// `count` and `collect`).
    Aggregate(Aggregation, Expr, bool),
}

/// `WHERE a [AND|OR|XOR b]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The first test.
    pub first: Test,
    /// An optional second one.
    pub rest: Option<(Connective, Test)>,
}

/// A boolean connective.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connective {
    /// `AND`.
    And,
    /// `OR`.
    Or,
    /// `XOR`.
    Xor,
}

/// One test, optionally negated with `NOT`.
#[derive(Debug, Clone, PartialEq)]
pub struct Test {
    /// Preceded by `NOT`.
    pub negated: bool,
    /// The predicate.
    pub predicate: Predicate,
}

/// The predicate forms of WHERE (those of Q1 plus label tests).
#[derive(Debug, Clone, PartialEq)]
pub enum Predicate {
    /// `x.k <op> v`.
    Compare(Var, String, RuleOp, Value),
    /// `x.k IS NULL`.
    IsNull(Var, String),
    /// `x.k IS NOT NULL`.
    IsNotNull(Var, String),
    /// `n:L`.
    HasLabel(Var, String),
    /// `x.k IN [v, ...]`.
    InList(Var, String, Vec<Value>),
    /// `v IN x.k`.
    Contains(Value, Var, String),
    /// `x.k STARTS WITH | ENDS WITH | CONTAINS 's'` (null unless x.k is a string).
    Text(Var, String, TextOp, String),
    /// A predicate of [`crate::expr`] (comparisons of any types, boundary
    /// values, connectives).
    Expr(Expr),
}

/// A string operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextOp {
    /// `STARTS WITH`.
    StartsWith,
    /// `ENDS WITH`.
    EndsWith,
    /// `CONTAINS`.
    Contains,
}

/// ORDER BY every return item, in item order, after an optional first
/// key that is not returned.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    /// A first sort key over the MATCH's variables, `DESC` when true (only
    /// when the RETURN neither aggregates nor is DISTINCT).
    pub by: Option<(Expr, bool)>,
    /// `DESC` per item.
    pub descending: Vec<bool>,
    /// `SKIP`.
    pub skip: Option<u8>,
    /// `LIMIT`.
    pub limit: Option<u8>,
}

/// `CALL db.*` in one of three shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcedureQuery {
    /// Which procedure.
    pub procedure: Procedure,
    /// How its rows are returned.
    pub shape: ProcedureShape,
}

/// A procedure of the read subset.
#[derive(Debug, Clone, PartialEq)]
pub enum Procedure {
    /// `db.labels()` (V4).
    Labels,
    /// `db.relationshipTypes()` (V5).
    RelationshipTypes,
    /// `db.propertyKeys()` (V6).
    PropertyKeys,
    /// `db.index.fulltext.queryNodes(index, text)` (I2).
    Fulltext {
        /// The index.
        index: String,
        /// The searched text.
        text: String,
    },
}

/// How a procedure's rows are returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcedureShape {
    /// `CALL p()`.
    Bare,
    /// `CALL p() YIELD col RETURN col ORDER BY col` (node and score for full-text).
    Ordered,
    /// `CALL p() YIELD col RETURN count(col) AS c`.
    Count,
}

/// Texts searched in full-text indexes.
const SEARCHES: [&str; 5] = ["a", "", "A", "é", "lines"];

/// A query run as one of `users` or as the administrator; full-text
/// searches only when the world has the full-text index `fulltext`.
pub fn query(u: &mut Unstructured<'_>, users: &[String], fulltext: Option<&str>) -> GenQuery {
    // Each user three times as often as the administrator, who sees everything.
    let mut weights = vec![3; users.len()];
    weights.push(1);
    let who = weighted(u, &weights);
    let form = match weighted(u, &[16, 4, 1, 1, 4]) {
        0 => QueryForm::Match(Box::new(match_query(u))),
        1 => QueryForm::Procedure(procedure_query(u, fulltext)),
        2 => QueryForm::Unwind(UnwindQuery {
            start: if flag(u, 50) { Some(label(u)) } else { None },
            key: key(u),
            count: flag(u, 30),
        }),
        3 => QueryForm::Grouped(GroupedQuery {
            start: if flag(u, 50) { Some(label(u)) } else { None },
            key: key(u),
            at_least: pick(u, 3) as u8,
        }),
        _ => QueryForm::Values(Box::new(values_query(u))),
    };
    GenQuery {
        user: users.get(who).cloned(),
        form,
    }
}

fn procedure_query(u: &mut Unstructured<'_>, fulltext: Option<&str>) -> ProcedureQuery {
    let procedure = match (weighted(u, &[2, 2, 2, 3]), fulltext) {
        (0, _) => Procedure::Labels,
        (1, _) => Procedure::RelationshipTypes,
        (3, Some(index)) => Procedure::Fulltext {
            index: index.to_string(),
            text: one(u, &SEARCHES).copied().unwrap_or("a").to_string(),
        },
        _ => Procedure::PropertyKeys,
    };
    let shape = match pick(u, 3) {
        0 => ProcedureShape::Bare,
        1 => ProcedureShape::Ordered,
        _ => ProcedureShape::Count,
    };
    ProcedureQuery { procedure, shape }
}

fn label(u: &mut Unstructured<'_>) -> String {
    if weighted(u, &[8, 1]) == 0 {
        one(u, &LABELS).copied().unwrap_or("A").to_string()
    } else {
        UNKNOWN_LABEL.to_string()
    }
}

/// A stored key, sometimes the one no element stores.
pub(crate) fn key(u: &mut Unstructured<'_>) -> String {
    if weighted(u, &[8, 1]) == 0 {
        one(u, &KEYS).copied().unwrap_or("k").to_string()
    } else {
        UNKNOWN_KEY.to_string()
    }
}

fn hop(u: &mut Unstructured<'_>) -> Hop {
    let types = match weighted(u, &[3, 3, 1, 1]) {
        0 => Vec::new(),
        1 => vec![one(u, &TYPES).copied().unwrap_or("T").to_string()],
        2 => TYPES.iter().map(|t| t.to_string()).collect(),
        _ => vec![UNKNOWN_TYPE.to_string()],
    };
    let direction = match weighted(u, &[3, 1, 2]) {
        0 => Direction::Out,
        1 => Direction::In,
        _ => Direction::Both,
    };
    let label = if flag(u, 25) { Some(label(u)) } else { None };
    Hop {
        types,
        direction,
        label,
    }
}

fn match_query(u: &mut Unstructured<'_>) -> MatchQuery {
    let hop_count = weighted(u, &[3, 3, 1]);
    let start = if flag(u, 50) { Some(label(u)) } else { None };
    let hops: Vec<Hop> = (0..hop_count).map(|_| hop(u)).collect();
    let optional = if flag(u, 20) { Some(hop(u)) } else { None };
    let risky = flag(u, RISKY_PERCENT);
    // The WHERE belongs to the MATCH: the OPTIONAL MATCH's variables are
    // not bound yet.
    let matched = Scope {
        hops: hops.len(),
        optional: false,
    };
    let scope = Scope {
        hops: hops.len(),
        optional: optional.is_some(),
    };
    let mut cx = matched.cx(risky);
    let filter = if flag(u, 40) {
        let first = test(u, &matched, &mut cx);
        let rest = if flag(u, 30) {
            let connective = match pick(u, 3) {
                0 => Connective::And,
                1 => Connective::Or,
                _ => Connective::Xor,
            };
            Some((connective, test(u, &matched, &mut cx)))
        } else {
            None
        };
        Some(Condition { first, rest })
    } else {
        None
    };
    let mut cx = scope.cx(cx.risky);
    let mut distinct = flag(u, 10);
    let item_count = 1 + weighted(u, &[4, 3, 1]);
    let mut items: Vec<Item> = Vec::new();
    for _ in 0..item_count {
        let candidate = item(u, &scope, &mut cx);
        // Two items written alike would be one column twice (42N38).
        if !items.iter().any(|i| i.text() == candidate.text()) {
            items.push(candidate);
        }
    }
    let aggregating = items.iter().any(Item::is_aggregate);
    if aggregating {
        // A grouping key whose rows can tie (`0` and `0.0`) would leave the
        // group's representative to the engine.
        items.retain(|i| i.is_aggregate() || i.tie_safe());
    }
    let tie_safe = items.iter().all(Item::tie_safe);
    distinct &= tie_safe;
    // Ordering by entities is not defined by the spec, and a LIMIT that cuts
    // a tie group would let engines keep different rows.
    let orderable = !items.iter().any(Item::is_entity);
    let order = if orderable && flag(u, 35) {
        let by = if !aggregating && !distinct && flag(u, 30) {
            let key = if flag(u, 50) {
                expr::predicate(u, &mut cx, 1)
            } else {
                expr::operand(u, &mut cx, 1)
            };
            Some((key, flag(u, 30)))
        } else {
            None
        };
        // Rows that tie on every key are then alike, so SKIP and LIMIT
        // cannot choose between different rows.
        let cuttable = tie_safe && !by.as_ref().is_some_and(|(e, _)| e.holds_entity());
        Some(Order {
            by,
            descending: items.iter().map(|_| flag(u, 30)).collect(),
            skip: row_count(u, 30, 3, cuttable),
            limit: row_count(u, 40, 4, cuttable),
        })
    } else {
        None
    };
    MatchQuery {
        start,
        hops,
        filter,
        optional,
        distinct,
        items,
        order,
    }
}

/// The variables a query binds.
struct Scope {
    hops: usize,
    optional: bool,
}

impl Scope {
    fn nodes(&self) -> Vec<Var> {
        let mut vars: Vec<Var> = (0..=self.hops).map(Var::Node).collect();
        if self.optional {
            vars.push(Var::OptionalNode);
        }
        vars
    }

    fn rels(&self) -> Vec<Var> {
        let mut vars: Vec<Var> = (0..self.hops).map(Var::Rel).collect();
        if self.optional {
            vars.push(Var::OptionalRel);
        }
        vars
    }

    fn any(&self) -> Vec<Var> {
        let mut vars = self.nodes();
        vars.extend(self.rels());
        vars
    }

    /// What expressions may name here (`p` too: the MATCH binds it when
    /// named).
    fn cx(&self, risky: bool) -> Cx {
        Cx {
            nodes: self.nodes(),
            rels: self.rels(),
            path: true,
            risky,
            ..Cx::default()
        }
    }
}

fn var_of(u: &mut Unstructured<'_>, vars: &[Var]) -> Var {
    one(u, vars).copied().unwrap_or(Var::Node(0))
}

fn aggregation(u: &mut Unstructured<'_>) -> (Aggregation, bool) {
    match pick(u, 4) {
        0 => (Aggregation::Min, false),
        1 => (Aggregation::Max, false),
        2 => (Aggregation::Count, flag(u, 50)),
        _ => (Aggregation::Collect, flag(u, 50)),
    }
}

fn item(u: &mut Unstructured<'_>, scope: &Scope, cx: &mut Cx) -> Item {
    let any = scope.any();
    let nodes = scope.nodes();
    let rels = scope.rels();
    match weighted(u, &[3, 5, 2, 2, 1, 1, 3, 1, 1, 1, 1, 1, 1, 1, 4, 2]) {
        0 => Item::Whole(var_of(u, &any)),
        12 => Item::Path,
        13 if !rels.is_empty() => Item::Endpoint(var_of(u, &rels), flag(u, 50)),
        13 => Item::Whole(var_of(u, &nodes)),
        1 => Item::Property(var_of(u, &any), key(u)),
        2 => Item::Labels(var_of(u, &nodes)),
        3 => Item::Keys(var_of(u, &any)),
        4 => Item::Properties(var_of(u, &any)),
        5 if !rels.is_empty() => Item::Type(var_of(u, &rels)),
        5 => Item::Labels(var_of(u, &nodes)),
        6 => Item::CountStar,
        7 => Item::Count(var_of(u, &any), flag(u, 30)),
        8 => Item::Collect(var_of(u, &any), key(u), flag(u, 40)),
        9 => Item::Sum(var_of(u, &any), key(u)),
        10 => Item::Min(var_of(u, &any), key(u)),
        11 => Item::Max(var_of(u, &any), key(u)),
        14 => Item::Expr(if flag(u, 50) {
            expr::predicate(u, cx, 1)
        } else {
            expr::operand(u, cx, 1)
        }),
        _ => {
            let (aggregation, distinct) = aggregation(u);
            Item::Aggregate(aggregation, expr::operand(u, cx, 1), distinct)
        }
    }
}

fn test(u: &mut Unstructured<'_>, scope: &Scope, cx: &mut Cx) -> Test {
    let any = scope.any();
    let nodes = scope.nodes();
    let predicate = match weighted(u, &[6, 1, 2, 3, 2, 1, 2, 6]) {
        0 => Predicate::Compare(var_of(u, &any), key(u), op(u), scalar(u)),
        1 => Predicate::IsNull(var_of(u, &any), key(u)),
        2 => Predicate::IsNotNull(var_of(u, &any), key(u)),
        3 => Predicate::HasLabel(var_of(u, &nodes), label(u)),
        4 => Predicate::InList(var_of(u, &any), key(u), non_empty_list(u)),
        5 => Predicate::Contains(scalar(u), var_of(u, &any), key(u)),
        6 => {
            let op = match pick(u, 3) {
                0 => TextOp::StartsWith,
                1 => TextOp::EndsWith,
                _ => TextOp::Contains,
            };
            let text = one(u, &SEARCHES).copied().unwrap_or("a").to_string();
            Predicate::Text(var_of(u, &any), key(u), op, text)
        }
        _ => Predicate::Expr(expr::predicate(u, cx, 1)),
    };
    Test {
        negated: flag(u, 20),
        predicate,
    }
}

fn values_query(u: &mut Unstructured<'_>) -> ValuesQuery {
    let pattern = if flag(u, 50) {
        let start = if flag(u, 50) { Some(label(u)) } else { None };
        Some((start, if flag(u, 40) { Some(hop(u)) } else { None }))
    } else {
        None
    };
    let hops = usize::from(matches!(pattern, Some((_, Some(_)))));
    let mut cx = match &pattern {
        Some(_) => Scope {
            hops,
            optional: false,
        }
        .cx(flag(u, RISKY_PERCENT)),
        None => Cx {
            risky: flag(u, RISKY_PERCENT),
            ..Cx::default()
        },
    };
    let len = 1 + pick(u, 6);
    let mut values: Vec<Expr> = (0..len).map(|_| expr::unwind_element(u, &mut cx)).collect();
    let tie_free = expr::untie(&mut values);
    let elements = values.iter().any(Expr::holds_entity);
    cx.unwound = true;
    let with = if flag(u, 50) {
        let distinct = flag(u, 40);
        let derived = if flag(u, 60) {
            Some(if flag(u, 60) {
                expr::predicate(u, &mut cx, 1)
            } else {
                expr::operand(u, &mut cx, 1)
            })
        } else {
            None
        };
        cx.derived = derived.is_some();
        let filter = if flag(u, 50) {
            Some(expr::predicate(u, &mut cx, 1))
        } else {
            None
        };
        // DISTINCT keeps one of two equivalent rows: they must be alike.
        let alike = tie_free && derived.as_ref().is_none_or(|d| d.tie_safe(true));
        Some(WithStep {
            distinct: distinct && alike,
            derived,
            filter,
        })
    } else {
        None
    };
    let derived = with.as_ref().is_some_and(|w| w.derived.is_some());
    let output = if flag(u, 35) {
        let count = 1 + pick(u, 3);
        let mut aggregates = Vec::new();
        for _ in 0..count {
            let (aggregation, distinct) = aggregation(u);
            let on_y = derived && flag(u, 30);
            if !aggregates.contains(&(aggregation, distinct, on_y)) {
                aggregates.push((aggregation, distinct, on_y));
            }
        }
        ValuesOutput::Aggregates(aggregates)
    } else {
        let order = if flag(u, 60) { Some(flag(u, 40)) } else { None };
        let derived_safe = with
            .as_ref()
            .and_then(|w| w.derived.as_ref())
            .is_none_or(|d| d.tie_safe(true));
        // SKIP and LIMIT must not cut between rows that tie but differ, nor
        // rely on how elements order among themselves.
        let cuttable = order.is_some() && tie_free && derived_safe && !elements;
        ValuesOutput::Rows {
            order,
            skip: row_count(u, 30, 3, cuttable),
            limit: row_count(u, 40, 4, cuttable),
        }
    };
    ValuesQuery {
        pattern,
        values,
        with,
        output,
    }
}

impl Var {
    /// The variable's name in the query.
    pub fn name(self) -> String {
        match self {
            Var::Node(i) => format!("n{i}"),
            Var::Rel(i) => format!("r{i}"),
            Var::OptionalNode => "o".to_string(),
            Var::OptionalRel => "ro".to_string(),
        }
    }
}

fn property(var: Var, key: &str) -> String {
    format!("{}.{}", var.name(), symbolic(key))
}

impl Item {
    /// The item's expression.
    pub fn text(&self) -> String {
        match self {
            Item::Whole(v) => v.name(),
            Item::Path => "p".to_string(),
            Item::Endpoint(v, true) => format!("startNode({})", v.name()),
            Item::Endpoint(v, false) => format!("endNode({})", v.name()),
            Item::Property(v, k) => property(*v, k),
            Item::Labels(v) => format!("labels({})", v.name()),
            Item::Keys(v) => format!("keys({})", v.name()),
            Item::Properties(v) => format!("properties({})", v.name()),
            Item::Type(v) => format!("type({})", v.name()),
            Item::CountStar => "count(*)".to_string(),
            Item::Count(v, distinct) => {
                let d = if *distinct { "DISTINCT " } else { "" };
                format!("count({d}{})", v.name())
            }
            Item::Collect(v, k, distinct) => {
                let d = if *distinct { "DISTINCT " } else { "" };
                format!("size(collect({d}{}))", property(*v, k))
            }
            Item::Sum(v, k) => format!("sum({})", property(*v, k)),
            Item::Min(v, k) => format!("min({})", property(*v, k)),
            Item::Max(v, k) => format!("max({})", property(*v, k)),
            Item::Expr(e) => e.text(),
            Item::Aggregate(aggregation, e, distinct) => aggregate_text(*aggregation, *distinct, e),
        }
    }

    /// Whether the item is (or, for an expression, may hold) a node,
    /// relationship or path, which ORDER BY does not order by (its order
    /// is by id, and a LIMIT would cut ties).
    pub fn is_entity(&self) -> bool {
        match self {
            Item::Whole(_) | Item::Path | Item::Endpoint(..) => true,
            Item::Expr(e) | Item::Aggregate(Aggregation::Min | Aggregation::Max, e, _) => {
                e.holds_entity()
            }
            _ => false,
        }
    }

    /// Whether two rows can never show values that are equivalent but
    /// differ ([`Expr::tie_safe`]); every item but an expression's is.
    pub fn tie_safe(&self) -> bool {
        match self {
            Item::Expr(e) => e.tie_safe(false),
            _ => true,
        }
    }

    /// The expression inside, if the item is one of [`crate::expr`]'s.
    pub fn expr(&self) -> Option<&Expr> {
        match self {
            Item::Expr(e) | Item::Aggregate(_, e, _) => Some(e),
            _ => None,
        }
    }

    /// Whether the item aggregates.
    pub fn is_aggregate(&self) -> bool {
        matches!(
            self,
            Item::CountStar
                | Item::Count(..)
                | Item::Collect(..)
                | Item::Sum(..)
                | Item::Min(..)
                | Item::Max(..)
                | Item::Aggregate(..)
        )
    }
}

/// `min(e)`, `max(e)`, `count([DISTINCT] e)` or `size(collect([DISTINCT] e))`.
fn aggregate_text(aggregation: Aggregation, distinct: bool, e: &Expr) -> String {
    let d = if distinct { "DISTINCT " } else { "" };
    let arg = e.text();
    match aggregation {
        Aggregation::Min => format!("min({d}{arg})"),
        Aggregation::Max => format!("max({d}{arg})"),
        Aggregation::Count => format!("count({d}{arg})"),
        Aggregation::Collect => format!("size(collect({d}{arg}))"),
    }
}

impl Test {
    fn text(&self) -> String {
        let body = match &self.predicate {
            Predicate::Compare(v, k, o, value) => {
                format!("{} {} {}", property(*v, k), op_text(*o), literal(value))
            }
            Predicate::IsNull(v, k) => format!("{} IS NULL", property(*v, k)),
            Predicate::IsNotNull(v, k) => format!("{} IS NOT NULL", property(*v, k)),
            Predicate::HasLabel(v, l) => format!("{}:{}", v.name(), symbolic(l)),
            Predicate::InList(v, k, items) => format!(
                "{} IN {}",
                property(*v, k),
                literal(&Value::List(items.clone()))
            ),
            Predicate::Text(v, k, op, text) => {
                let word = match op {
                    TextOp::StartsWith => "STARTS WITH",
                    TextOp::EndsWith => "ENDS WITH",
                    TextOp::Contains => "CONTAINS",
                };
                format!("{} {word} {}", property(*v, k), string_literal(text))
            }
            Predicate::Contains(value, v, k) => {
                format!("{} IN {}", literal(value), property(*v, k))
            }
            // A connective or NOT is parenthesised, so that the condition's
            // own NOT and connective apply to it whole.
            Predicate::Expr(e @ Expr::Binary(op, ..)) if crate::expr::CONNECTIVES.contains(op) => {
                format!("({})", e.text())
            }
            Predicate::Expr(e @ Expr::Not(_)) => format!("({})", e.text()),
            Predicate::Expr(e) => e.text(),
        };
        if self.negated {
            format!("NOT {body}")
        } else {
            body
        }
    }
}

fn node_text(var: &str, label: Option<&String>) -> String {
    match label {
        Some(l) => format!("({var}:{})", symbolic(l)),
        None => format!("({var})"),
    }
}

fn hop_text(rel_var: &str, hop: &Hop, node_var: &str) -> String {
    let types = if hop.types.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = hop.types.iter().map(|t| symbolic(t)).collect();
        format!(":{}", names.join("|"))
    };
    let rel = format!("[{rel_var}{types}]");
    let node = node_text(node_var, hop.label.as_ref());
    match hop.direction {
        Direction::Out => format!("-{rel}->{node}"),
        Direction::In => format!("<-{rel}-{node}"),
        Direction::Both => format!("-{rel}-{node}"),
    }
}

impl MatchQuery {
    /// The query's text.
    pub fn text(&self) -> String {
        let mut pattern = node_text("n0", self.start.as_ref());
        for (i, hop) in self.hops.iter().enumerate() {
            pattern.push_str(&hop_text(&format!("r{i}"), hop, &format!("n{}", i + 1)));
        }
        let path = if self.uses_path() { "p = " } else { "" };
        let mut out = format!("MATCH {path}{pattern}");
        if let Some(filter) = &self.filter {
            out.push_str(" WHERE ");
            out.push_str(&filter.first.text());
            if let Some((connective, test)) = &filter.rest {
                let word = match connective {
                    Connective::And => "AND",
                    Connective::Or => "OR",
                    Connective::Xor => "XOR",
                };
                out.push_str(&format!(" {word} {}", test.text()));
            }
        }
        if let Some(hop) = &self.optional {
            out.push_str(&format!(
                " OPTIONAL MATCH (n{}){}",
                self.hops.len(),
                hop_text("ro", hop, "o")
            ));
        }
        out.push_str(" RETURN ");
        if self.distinct {
            out.push_str("DISTINCT ");
        }
        let items: Vec<String> = self
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| match self.order {
                Some(_) => format!("{} AS c{i}", item.text()),
                None => item.text(),
            })
            .collect();
        out.push_str(&items.join(", "));
        if let Some(order) = &self.order {
            let mut keys: Vec<String> = Vec::new();
            if let Some((by, descending)) = &order.by {
                keys.push(sort_key(by.text(), *descending));
            }
            keys.extend(
                (0..self.items.len())
                    .map(|i| sort_key(format!("c{i}"), order.descending.get(i) == Some(&true))),
            );
            out.push_str(&format!(" ORDER BY {}", keys.join(", ")));
            out.push_str(&cut_text(order.skip, order.limit));
        }
        out
    }
}

/// An ORDER BY key, `DESC` when `descending`.
fn sort_key(key: String, descending: bool) -> String {
    if descending {
        format!("{key} DESC")
    } else {
        key
    }
}

/// ` SKIP s LIMIT l` as far as given.
fn cut_text(skip: Option<u8>, limit: Option<u8>) -> String {
    let mut out = String::new();
    if let Some(skip) = skip {
        out.push_str(&format!(" SKIP {skip}"));
    }
    if let Some(limit) = limit {
        out.push_str(&format!(" LIMIT {limit}"));
    }
    out
}

impl MatchQuery {
    /// The expressions of [`crate::expr`] in the query.
    pub fn expressions(&self) -> Vec<&Expr> {
        let mut out = Vec::new();
        if let Some(filter) = &self.filter {
            let tests = std::iter::once(&filter.first).chain(filter.rest.iter().map(|(_, t)| t));
            for test in tests {
                if let Predicate::Expr(e) = &test.predicate {
                    out.push(e);
                }
            }
        }
        out.extend(self.items.iter().filter_map(Item::expr));
        if let Some((by, _)) = self.order.as_ref().and_then(|o| o.by.as_ref()) {
            out.push(by);
        }
        out
    }

    /// Whether the query names the path `p`.
    pub fn uses_path(&self) -> bool {
        self.items.contains(&Item::Path) || self.expressions().iter().any(|e| e.uses_path())
    }
}

impl ValuesQuery {
    /// The expressions in the query: the list's elements, the WITH's
    /// derived value and filter.
    pub fn expressions(&self) -> Vec<&Expr> {
        let mut out: Vec<&Expr> = self.values.iter().collect();
        if let Some(with) = &self.with {
            out.extend(with.derived.iter());
            out.extend(with.filter.iter());
        }
        out
    }

    /// The query's text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        if let Some((start, hop)) = &self.pattern {
            let path = if self.expressions().iter().any(|e| e.uses_path()) {
                "p = "
            } else {
                ""
            };
            out.push_str(&format!("MATCH {path}{}", node_text("n0", start.as_ref())));
            if let Some(hop) = hop {
                out.push_str(&hop_text("r0", hop, "n1"));
            }
            out.push(' ');
        }
        out.push_str(&format!("UNWIND {} AS x", expr::list_text(&self.values)));
        let derived = self.with.as_ref().is_some_and(|w| w.derived.is_some());
        if let Some(with) = &self.with {
            let distinct = if with.distinct { "DISTINCT " } else { "" };
            out.push_str(&format!(" WITH {distinct}x"));
            if let Some(d) = &with.derived {
                out.push_str(&format!(", {} AS y", d.text()));
            }
            if let Some(f) = &with.filter {
                out.push_str(&format!(" WHERE {}", f.text()));
            }
        }
        match &self.output {
            ValuesOutput::Rows { order, skip, limit } => {
                out.push_str(if derived { " RETURN x, y" } else { " RETURN x" });
                if let Some(descending) = order {
                    out.push_str(&format!(" ORDER BY {}", sort_key("x".into(), *descending)));
                    if derived {
                        out.push_str(", y");
                    }
                    out.push_str(&cut_text(*skip, *limit));
                }
            }
            ValuesOutput::Aggregates(aggregates) => {
                let items: Vec<String> = aggregates
                    .iter()
                    .map(|(aggregation, distinct, on_y)| {
                        let e = if *on_y { Expr::Derived } else { Expr::Unwound };
                        aggregate_text(*aggregation, *distinct, &e)
                    })
                    .collect();
                out.push_str(&format!(" RETURN {}", items.join(", ")));
            }
        }
        out
    }
}

impl ProcedureQuery {
    /// The query's text.
    pub fn text(&self) -> String {
        let (call, column) = match &self.procedure {
            Procedure::Labels => ("db.labels()".to_string(), "label"),
            Procedure::RelationshipTypes => {
                ("db.relationshipTypes()".to_string(), "relationshipType")
            }
            Procedure::PropertyKeys => ("db.propertyKeys()".to_string(), "propertyKey"),
            Procedure::Fulltext { index, text } => (
                format!(
                    "db.index.fulltext.queryNodes({}, {})",
                    string_literal(index),
                    string_literal(text)
                ),
                "node",
            ),
        };
        let fulltext = matches!(self.procedure, Procedure::Fulltext { .. });
        match self.shape {
            ProcedureShape::Bare => format!("CALL {call}"),
            ProcedureShape::Ordered if fulltext => {
                format!("CALL {call} YIELD node, score RETURN node, score")
            }
            ProcedureShape::Ordered => {
                format!("CALL {call} YIELD {column} RETURN {column} ORDER BY {column}")
            }
            ProcedureShape::Count => {
                format!("CALL {call} YIELD {column} RETURN count({column}) AS c")
            }
        }
    }
}

impl GenQuery {
    /// The query's Cypher text.
    pub fn text(&self) -> String {
        match &self.form {
            QueryForm::Match(m) => m.text(),
            QueryForm::Procedure(p) => p.text(),
            QueryForm::Unwind(q) => {
                let items = if q.count { "count(x) AS c" } else { "x" };
                format!(
                    "MATCH {} UNWIND {} AS x RETURN {items}",
                    node_text("n0", q.start.as_ref()),
                    property(Var::Node(0), &q.key)
                )
            }
            QueryForm::Grouped(q) => format!(
                "MATCH {} WITH {} AS g, count(*) AS c WHERE c >= {} RETURN g, c",
                node_text("n0", q.start.as_ref()),
                property(Var::Node(0), &q.key),
                q.at_least
            ),
            QueryForm::Values(q) => q.text(),
        }
    }

    /// The expressions of [`crate::expr`] in the query.
    pub fn expressions(&self) -> Vec<&Expr> {
        match &self.form {
            QueryForm::Match(m) => m.expressions(),
            QueryForm::Values(q) => q.expressions(),
            _ => Vec::new(),
        }
    }
}

/// A SKIP or LIMIT count below `below`, present `percent` of the time when
/// rows may be cut (the flag's byte is read either way, so a world's other
/// choices keep their places in the bytes).
fn row_count(u: &mut Unstructured<'_>, percent: u32, below: usize, cuttable: bool) -> Option<u8> {
    if flag(u, percent) && cuttable {
        Some(pick(u, below) as u8)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_bytes_give_match_n_return_n() {
        let q = query(&mut Unstructured::new(&[]), &["u0".to_string()], None);
        assert_eq!(q.user.as_deref(), Some("u0"));
        assert_eq!(q.text(), "MATCH (n0) RETURN n0");
    }

    #[test]
    fn a_full_query_renders_every_clause() {
        let q = MatchQuery {
            start: Some("A".into()),
            hops: vec![
                Hop {
                    types: vec!["T".into(), "U".into()],
                    direction: Direction::Out,
                    label: None,
                },
                Hop {
                    types: vec![],
                    direction: Direction::In,
                    label: Some("B".into()),
                },
            ],
            filter: Some(Condition {
                first: Test {
                    negated: true,
                    predicate: Predicate::Compare(
                        Var::Node(0),
                        "k".into(),
                        RuleOp::Less,
                        Value::Float(1.5),
                    ),
                },
                rest: Some((
                    Connective::Or,
                    Test {
                        negated: false,
                        predicate: Predicate::Contains(
                            Value::String("it's".into()),
                            Var::Rel(1),
                            "m".into(),
                        ),
                    },
                )),
            }),
            optional: Some(Hop {
                types: vec!["V".into()],
                direction: Direction::Both,
                label: None,
            }),
            distinct: true,
            items: vec![
                Item::Property(Var::OptionalNode, "k".into()),
                Item::Count(Var::Rel(0), true),
            ],
            order: Some(Order {
                by: None,
                descending: vec![true, false],
                skip: Some(1),
                limit: Some(0),
            }),
        };
        assert_eq!(
            q.text(),
            "MATCH (n0:A)-[r0:T|U]->(n1)<-[r1]-(n2:B) WHERE NOT n0.k < 1.5 OR 'it\\'s' IN r1.m \
             OPTIONAL MATCH (n2)-[ro:V]-(o) RETURN DISTINCT o.k AS c0, count(DISTINCT r0) AS c1 \
             ORDER BY c0 DESC, c1 SKIP 1 LIMIT 0"
        );
    }

    #[test]
    fn unwind_and_grouped_queries_render() {
        let q = |form| GenQuery { user: None, form }.text();
        assert_eq!(
            q(QueryForm::Unwind(UnwindQuery {
                start: Some("A".into()),
                key: "k".into(),
                count: true
            })),
            "MATCH (n0:A) UNWIND n0.k AS x RETURN count(x) AS c"
        );
        assert_eq!(
            q(QueryForm::Grouped(GroupedQuery {
                start: None,
                key: "m".into(),
                at_least: 2
            })),
            "MATCH (n0) WITH n0.m AS g, count(*) AS c WHERE c >= 2 RETURN g, c"
        );
    }

    #[test]
    fn procedures_render_their_columns() {
        let p = |procedure, shape| ProcedureQuery { procedure, shape }.text();
        assert_eq!(
            p(Procedure::Labels, ProcedureShape::Bare),
            "CALL db.labels()"
        );
        assert_eq!(
            p(Procedure::PropertyKeys, ProcedureShape::Ordered),
            "CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey ORDER BY propertyKey"
        );
        assert_eq!(
            p(
                Procedure::Fulltext {
                    index: "ft0".into(),
                    text: "a".into()
                },
                ProcedureShape::Count
            ),
            "CALL db.index.fulltext.queryNodes('ft0', 'a') YIELD node RETURN count(node) AS c"
        );
    }
}
