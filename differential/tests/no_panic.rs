//! No engine panics on a query, and the engines agree on every answer,
//! errors included: generated queries (clauses and expressions from a
//! grammar of the read subset, many of them ill-typed) go through the shared
//! parser and, when they parse, run on both engines as the administrator
//! over a small world with a self-loop, nulls, values of mixed types under
//! one key, an `i64::MAX` and a full-text index. A panic, a result whose
//! shape is inconsistent (a row with more or fewer values than there are
//! columns, sort keys that do not match the rows), or a disagreement of the
//! oracle (other rows, or another error kind) fails.

use std::sync::Arc;

use differential::Oracle;
use model::catalog::Catalog;
use model::config::Config;
use model::cypher::{Statement, build_graph, parse_data_script, parse_statement};
use model::engine::{Engine, Principal, Transaction};
use model::rows::QueryResult;
use model::world::World;
use optimized::OptimizedEngine;
use proptest::prelude::*;
use reference::ReferenceEngine;

/// Node and relationship properties of several types under one key (`age`
/// is an integer, a float and `i64::MAX`; `w` an integer and a string),
/// missing keys, a self-loop on Bo. Stored lists are homogeneous (D2).
const GRAPH: &str = "
CREATE (a:A {name: 'Ann', age: 30, l: [1, 2]}), (b:A:B {name: 'Bo', age: 2.5}),
       (c:B {age: 9223372036854775807}),
       (a)-[:T {w: 1}]->(b), (b)-[:T]->(b), (c)-[:U {w: 'x'}]->(a);
CREATE FULLTEXT INDEX ft FOR (n:A|B) ON EACH [n.name];
";

fn world() -> World {
    let statements = parse_data_script(GRAPH).unwrap_or_else(|e| panic!("graph: {e}"));
    World {
        database: "neo4j".to_string(),
        graph: build_graph(&statements).unwrap_or_else(|e| panic!("graph: {e}")),
        catalog: Catalog::with_builtins(),
        config: Config::default(),
    }
}

/// The administrator's transaction at the scenario format's default time.
fn admin() -> Transaction {
    let at = chrono::DateTime::parse_from_rfc3339(model::scenario::DEFAULT_AT)
        .unwrap_or_else(|e| panic!("{e}"));
    Transaction {
        principal: Principal::Admin,
        at,
        limits: model::limits::Limits::default(),
    }
}

fn leaf() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "1",
        "-1",
        "0",
        "2.5",
        "0.0",
        "'a'",
        "''",
        "null",
        "true",
        "false",
        "[]",
        "[1, null, 'x']",
        "{a: 1, b: null}",
        "n",
        "m",
        "r",
        "n.name",
        "n.age",
        "m.l",
        "r.w",
        "9223372036854775807",
        "date('2020-01-31')",
        "duration('P1D')",
        "n:A",
    ])
    .prop_map(str::to_string)
}

/// Lists (or null) to iterate over.
fn list_leaf() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "[1, 2, null]",
        "[]",
        "labels(n)",
        "keys(m)",
        "m.l",
        "null",
        "['a', 2.5]",
    ])
    .prop_map(str::to_string)
}

/// Predicates that are boolean or null whatever their operands' types.
fn predicate() -> impl Strategy<Value = String> {
    let e = expr;
    prop_oneof![
        e().prop_map(|a| format!("{a} IS NOT NULL")),
        (e(), e()).prop_map(|(a, b)| format!("{a} = {b}")),
        (e(), e()).prop_map(|(a, b)| format!("{a} < {b}")),
        e().prop_map(|a| format!("{a} IN [1, 'Ann', null]")),
        Just("n:A".to_string()),
    ]
}

fn expr() -> impl Strategy<Value = String> {
    leaf().prop_recursive(4, 24, 3, |inner| {
        let binary = prop::sample::select(vec![
            "+",
            "-",
            "*",
            "/",
            "%",
            "^",
            "=",
            "<>",
            "<",
            ">=",
            "AND",
            "OR",
            "XOR",
            "IN",
            "STARTS WITH",
            "CONTAINS",
        ]);
        let unary_fn = prop::sample::select(vec![
            "size",
            "head",
            "last",
            "toInteger",
            "toFloat",
            "toString",
            "toBoolean",
            "labels",
            "keys",
            "properties",
            "type",
            "toLower",
            "exists",
            "startNode",
            "nodes",
            "collect",
            "count",
            "sum",
            "avg",
            "min",
            "max",
            "date",
        ]);
        prop_oneof![
            (inner.clone(), binary, inner.clone()).prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            (unary_fn, inner.clone()).prop_map(|(f, a)| format!("{f}({a})")),
            inner.clone().prop_map(|a| format!("NOT {a}")),
            inner.clone().prop_map(|a| format!("{a} IS NULL")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a}[{b}]")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a}[{b}..]")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("coalesce({a}, {b})")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("CASE WHEN {a} IS NULL THEN {b} ELSE {c} END")),
            (list_leaf(), inner.clone())
                .prop_map(|(l, e)| format!("[x IN {l} WHERE x = {e} | [x, {e}]]")),
            (list_leaf(), inner.clone()).prop_map(|(l, e)| format!("any(x IN {l} WHERE x < {e})")),
            (list_leaf(), inner.clone())
                .prop_map(|(l, e)| format!("reduce(acc = [], x IN {l} | acc + [{e}, x])")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("[{a}, {b}]")),
        ]
    })
}

fn query() -> impl Strategy<Value = String> {
    let matching = prop::sample::select(vec![
        "MATCH (n) OPTIONAL MATCH (n)<-[r]-(m)",
        "MATCH (n:A)-[r]->(m)",
        "MATCH (n)-[r:T|U]-(m)",
        "MATCH p = (n)-[r]-(m)-[]-(o)",
        "MATCH (n), (m) OPTIONAL MATCH (n)-[r]->(m)",
        "OPTIONAL MATCH (n:Nope)-[r]->(m)",
        "UNWIND [1, null, 'a', [2]] AS n MATCH (m)-[r]->()",
        "CALL db.index.fulltext.queryNodes('ft', 'a') YIELD node AS n MATCH (n)-[r]-(m)",
        "CALL db.labels() YIELD label AS n MATCH (m)-[r]->()",
    ]);
    let distinct = prop::sample::select(vec!["", "DISTINCT "]);
    let tail = prop::sample::select(vec![
        "",
        " ORDER BY y",
        " ORDER BY y DESC SKIP 1",
        " ORDER BY x LIMIT 2",
        " SKIP 1 LIMIT 1",
    ]);
    (matching, predicate(), expr(), distinct, expr(), tail).prop_map(|(m, w, e, d, e2, t)| {
        format!("{m} WHERE {w} WITH {d}n, m, r, {e} AS x RETURN {d}x, {e2} AS y{t}")
    })
}

/// Fails unless every row has one value per column and the sort keys, when
/// there are any, come one per row.
fn check_shape(engine: &str, result: &QueryResult) -> Result<(), TestCaseError> {
    for row in &result.rows {
        prop_assert_eq!(row.len(), result.columns.len(), "{} row shape", engine);
    }
    if let Some(keys) = &result.sort_keys {
        prop_assert_eq!(keys.len(), result.rows.len(), "{} sort keys", engine);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: model::budget::fuzz_cases(1500),
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_queries_never_panic(text in query()) {
        if let Ok(Statement::Read(q)) = parse_statement(&text) {
            let mut reference = ReferenceEngine::default();
            let mut optimized = OptimizedEngine::new();
            let mut engines: [&mut dyn Engine; 2] = [&mut reference, &mut optimized];
            let mut oracle = Oracle::new(&mut engines);
            oracle.load(&Arc::new(world()));
            let verdict = oracle.query(&admin(), &q);
            for answer in &verdict.answers {
                if let Ok(result) = &answer.outcome {
                    check_shape(&answer.engine, result)?;
                }
            }
            prop_assert!(verdict.disagreement.is_none(), "{text}: {:?}", verdict.disagreement);
        }
    }
}
