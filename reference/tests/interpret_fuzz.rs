//! The interpreter never panics: generated queries (clauses and
//! expressions from a grammar of the subset, many of them ill-typed) go
//! through the shared parser and, when they parse, run over a small view
//! with a self-loop, nulls and mixed types. Errors are fine; a panic, or a
//! result whose shape is inconsistent, is not.

mod interpret_common;

use interpret_common::*;
use model::cypher::{Statement, parse_statement};
use proptest::prelude::*;

fn view() -> reference::view::UserView {
    let mut view = ViewBuilder::new()
        .node(
            0,
            &["A"],
            &[
                ("name", s("Ann")),
                ("age", int(30)),
                ("l", list(vec![int(1), s("x")])),
            ],
        )
        .node(1, &["A", "B"], &[("name", s("Bo")), ("age", float(2.5))])
        .node(2, &["B"], &[("age", int(i64::MAX))])
        .rel(0, "T", 0, 1, &[("w", int(1))])
        .rel(1, "T", 1, 1, &[])
        .rel(2, "U", 2, 0, &[("w", s("x"))])
        .build();
    view.labels = vec!["A".into(), "B".into()];
    allow(&mut view, "ft", &[0, 1, 2]);
    view
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

proptest! {
    #![proptest_config(ProptestConfig { cases: model::budget::fuzz_cases(1500), ..ProptestConfig::default() })]

    #[test]
    fn generated_queries_never_panic(text in query()) {
        if let Ok(Statement::Read(q)) = parse_statement(&text) {
            let world = world_with(vec![fulltext("ft", &["A", "B"], &["name"])]);
            if let Ok(result) = reference::interpret::run(&world, &view(), &q) {
                for row in &result.rows {
                    prop_assert_eq!(row.len(), result.columns.len());
                }
                if let Some(keys) = &result.sort_keys {
                    prop_assert_eq!(keys.len(), result.rows.len());
                }
            }
        }
    }
}
