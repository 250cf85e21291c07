//! Builders for the interpreter tests: hand-made views, worlds and query
//! syntax trees (so these tests do not depend on the parser).
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use model::ast::{
    BinaryOp, Clause, Direction, Expr, NodePattern, PathPattern, ProcedureCall, Projection, Query,
    RelPattern, ReturnItem, SortItem,
};
use model::catalog::Catalog;
use model::config::Config;
use model::engine::EngineError;
use model::graph::{Graph, Index, IndexKind};
use model::rows::QueryResult;
use model::value::{NodeValue, RelValue, Value};
use model::world::World;
use reference::view::UserView;

pub fn int(i: i64) -> Value {
    Value::Integer(i)
}
pub fn float(f: f64) -> Value {
    Value::Float(f)
}
pub fn s(text: &str) -> Value {
    Value::String(text.to_string())
}
pub fn list(items: Vec<Value>) -> Value {
    Value::List(items)
}
pub fn map(entries: &[(&str, Value)]) -> Value {
    Value::Map(props(entries))
}
pub fn props(entries: &[(&str, Value)]) -> BTreeMap<String, Value> {
    entries
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// A view built element by element.
pub struct ViewBuilder(pub UserView);

impl ViewBuilder {
    pub fn new() -> Self {
        ViewBuilder(UserView::default())
    }
    pub fn node(mut self, id: u64, labels: &[&str], entries: &[(&str, Value)]) -> Self {
        self.0.nodes.insert(
            id,
            NodeValue {
                id,
                labels: labels.iter().map(|l| l.to_string()).collect(),
                properties: props(entries),
            },
        );
        self
    }
    pub fn rel(
        mut self,
        id: u64,
        t: &str,
        start: u64,
        end: u64,
        entries: &[(&str, Value)],
    ) -> Self {
        self.0.relationships.insert(
            id,
            RelValue {
                id,
                rel_type: t.to_string(),
                start,
                end,
                properties: props(entries),
            },
        );
        self
    }
    pub fn build(self) -> UserView {
        self.0
    }
}

/// The shared example graph:
/// (0:Person {name:'Ann', age:30})-[0:KNOWS {since:2020}]->(1:Person:Admin {name:'Bo', age:25})
/// (1)-[1:KNOWS]->(2:Person {name:'Cy'}), (0)-[2:LIVES_IN]->(3:City {name:'Oslo'}).
pub fn people() -> UserView {
    ViewBuilder::new()
        .node(0, &["Person"], &[("name", s("Ann")), ("age", int(30))])
        .node(
            1,
            &["Person", "Admin"],
            &[("name", s("Bo")), ("age", int(25))],
        )
        .node(2, &["Person"], &[("name", s("Cy"))])
        .node(3, &["City"], &[("name", s("Oslo"))])
        .rel(0, "KNOWS", 0, 1, &[("since", int(2020))])
        .rel(1, "KNOWS", 1, 2, &[])
        .rel(2, "LIVES_IN", 0, 3, &[])
        .build()
}

pub fn node_value(view: &UserView, id: u64) -> Value {
    Value::Node(Box::new(view.nodes[&id].clone()))
}
pub fn rel_value(view: &UserView, id: u64) -> Value {
    Value::Relationship(Box::new(view.relationships[&id].clone()))
}

/// A world holding only `indexes`.
pub fn world_with(indexes: Vec<Index>) -> World {
    World {
        database: "neo4j".to_string(),
        graph: Graph {
            indexes,
            ..Graph::default()
        },
        catalog: Catalog {
            roles: BTreeMap::new(),
            users: BTreeMap::new(),
            auth_rules: BTreeMap::new(),
            version: 0,
        },
        config: Config::default(),
    }
}

pub fn world() -> World {
    world_with(Vec::new())
}

pub fn fulltext(name: &str, labels: &[&str], keys: &[&str]) -> Index {
    Index {
        name: name.to_string(),
        kind: IndexKind::Fulltext,
        labels: labels.iter().map(|l| l.to_string()).collect(),
        keys: keys.iter().map(|k| k.to_string()).collect(),
    }
}

pub fn allow(view: &mut UserView, index: &str, ids: &[u64]) {
    view.fulltext_allowed.insert(
        index.to_string(),
        ids.iter().copied().collect::<BTreeSet<_>>(),
    );
}

// ---- expressions ----

pub fn lit(v: Value) -> Expr {
    Expr::Literal(v)
}
pub fn v(name: &str) -> Expr {
    Expr::Variable(name.to_string())
}
pub fn prop(e: Expr, key: &str) -> Expr {
    Expr::Property(Box::new(e), key.to_string())
}
/// `name.key`.
pub fn p(name: &str, key: &str) -> Expr {
    prop(v(name), key)
}
pub fn bin(op: BinaryOp, a: Expr, b: Expr) -> Expr {
    Expr::Binary(op, Box::new(a), Box::new(b))
}
pub fn f(name: &str, args: Vec<Expr>) -> Expr {
    Expr::Function {
        name: name.to_string(),
        distinct: false,
        args,
    }
}
pub fn f_distinct(name: &str, arg: Expr) -> Expr {
    Expr::Function {
        name: name.to_string(),
        distinct: true,
        args: vec![arg],
    }
}
pub fn list_expr(items: Vec<Expr>) -> Expr {
    Expr::List(items)
}

// ---- patterns ----

pub fn n(var: Option<&str>, labels: &[&str]) -> NodePattern {
    NodePattern {
        var: var.map(str::to_string),
        labels: labels.iter().map(|l| l.to_string()).collect(),
        properties: Vec::new(),
    }
}
pub fn n_props(var: Option<&str>, labels: &[&str], properties: Vec<(&str, Expr)>) -> NodePattern {
    NodePattern {
        properties: properties
            .into_iter()
            .map(|(k, e)| (k.to_string(), e))
            .collect(),
        ..n(var, labels)
    }
}
pub fn r(var: Option<&str>, types: &[&str], direction: Direction) -> RelPattern {
    RelPattern {
        var: var.map(str::to_string),
        types: types.iter().map(|t| t.to_string()).collect(),
        properties: Vec::new(),
        direction,
    }
}
pub fn path(start: NodePattern, hops: Vec<(RelPattern, NodePattern)>) -> PathPattern {
    PathPattern {
        var: None,
        start,
        hops,
    }
}
pub fn matching(patterns: Vec<PathPattern>, predicate: Option<Expr>) -> Clause {
    Clause::Match {
        optional: false,
        patterns,
        predicate,
    }
}
pub fn optional(patterns: Vec<PathPattern>, predicate: Option<Expr>) -> Clause {
    Clause::Match {
        optional: true,
        patterns,
        predicate,
    }
}
/// `MATCH (var:labels)`.
pub fn match_node(var: &str, labels: &[&str]) -> Clause {
    matching(vec![path(n(Some(var), labels), vec![])], None)
}
pub fn unwind(e: Expr, var: &str) -> Clause {
    Clause::Unwind {
        expr: e,
        var: var.to_string(),
    }
}

// ---- projections ----

/// An item whose text is `text`.
pub fn item(e: Expr, text: &str) -> ReturnItem {
    ReturnItem {
        expr: e,
        alias: None,
        text: text.to_string(),
    }
}
pub fn aliased(e: Expr, text: &str, alias: &str) -> ReturnItem {
    ReturnItem {
        alias: Some(alias.to_string()),
        ..item(e, text)
    }
}
/// A variable item (`n`).
pub fn var_item(name: &str) -> ReturnItem {
    item(v(name), name)
}
pub fn body(items: Vec<ReturnItem>) -> Projection {
    Projection {
        distinct: false,
        star: false,
        items,
        order_by: Vec::new(),
        skip: None,
        limit: None,
        predicate: None,
    }
}
pub fn asc(e: Expr) -> SortItem {
    SortItem {
        expr: e,
        descending: false,
    }
}
pub fn desc(e: Expr) -> SortItem {
    SortItem {
        expr: e,
        descending: true,
    }
}
pub fn ret(items: Vec<ReturnItem>) -> Clause {
    Clause::Return(body(items))
}
pub fn with(items: Vec<ReturnItem>) -> Clause {
    Clause::With(body(items))
}
pub fn call(procedure: &str, args: Vec<Expr>, yields: Option<Vec<(&str, Option<&str>)>>) -> Clause {
    Clause::Call(ProcedureCall {
        procedure: procedure.to_string(),
        args,
        yields: yields.map(|ys| {
            ys.into_iter()
                .map(|(c, a)| (c.to_string(), a.map(str::to_string)))
                .collect()
        }),
        predicate: None,
    })
}

// ---- running ----

pub fn run_in(
    world: &World,
    view: &UserView,
    clauses: Vec<Clause>,
) -> Result<QueryResult, EngineError> {
    reference::interpret::run(world, view, &Query { clauses })
}

pub fn run(view: &UserView, clauses: Vec<Clause>) -> Result<QueryResult, EngineError> {
    run_in(&world(), view, clauses)
}

/// Runs and returns the rows, panicking (in a test) on error.
pub fn rows(view: &UserView, clauses: Vec<Clause>) -> Vec<Vec<Value>> {
    match run(view, clauses) {
        Ok(r) => r.rows,
        Err(e) => panic!("query failed: {e}"),
    }
}

/// The error message of a query that must fail.
pub fn error_of(view: &UserView, clauses: Vec<Clause>) -> String {
    match run(view, clauses) {
        Ok(r) => panic!("query succeeded with {:?}", r.rows),
        Err(e) => e.message,
    }
}

/// Evaluates one expression: `RETURN e AS x`.
pub fn eval(e: Expr) -> Result<Value, EngineError> {
    let result = run(&UserView::default(), vec![ret(vec![aliased(e, "e", "x")])])?;
    Ok(result
        .rows
        .into_iter()
        .next()
        .and_then(|r| r.into_iter().next())
        .unwrap_or(Value::Null))
}

pub fn eval_ok(e: Expr) -> Value {
    match eval(e) {
        Ok(v) => v,
        Err(err) => panic!("evaluation failed: {err}"),
    }
}

pub fn eval_err(e: Expr) -> String {
    match eval(e) {
        Ok(v) => panic!("evaluation succeeded with {v:?}"),
        Err(err) => err.message,
    }
}
