//! Unit tests of the executor through [`crate::OptimizedEngine`] on small
//! graphs written in the scenario data language; expected rows follow
//! SCENARIO_FORMAT.md and docs/decisions.md.

use model::catalog::Catalog;
use model::config::Config;
use model::cypher::data::build_graph;
use model::cypher::{Statement, parse_data_script, parse_statement};
use model::engine::{Engine, EngineError, Principal, Transaction};
use model::rows::QueryResult;
use model::value::Value;
use model::world::World;

use crate::OptimizedEngine;

fn world(data: &str) -> World {
    let statements = parse_data_script(data).expect("test data parses");
    World {
        database: "neo4j".into(),
        graph: build_graph(&statements).expect("test graph builds"),
        catalog: Catalog::with_builtins(),
        config: Config::default(),
    }
}

fn run(world: &World, text: &str) -> Result<QueryResult, EngineError> {
    let Ok(Statement::Read(query)) = parse_statement(text) else {
        panic!("not a read query: {text}");
    };
    let tx = Transaction {
        principal: Principal::Admin,
        at: chrono::DateTime::parse_from_rfc3339("2026-01-01T12:00:00Z").expect("time"),
    };
    OptimizedEngine::new().query(world, &tx, &query)
}

fn single(world: &World, text: &str) -> Value {
    let result = run(world, text).expect("query runs");
    assert_eq!(result.rows.len(), 1, "{text}: {:?}", result.rows);
    result.rows[0][0].clone()
}

#[test]
fn undirected_hops_match_a_self_loop_once_and_other_relationships_twice() {
    let w = world("CREATE (a:A)-[:T]->(a), (b:B)-[:T]->(c:B)");
    let count = |q| single(&w, q);
    assert_eq!(
        count("MATCH (x:A)-[r]-(y) RETURN count(*) AS c"),
        Value::Integer(1)
    );
    assert_eq!(
        count("MATCH (x:B)-[r]-(y) RETURN count(*) AS c"),
        Value::Integer(2)
    );
    assert_eq!(
        count("MATCH (x:B)-[r]->(y) RETURN count(*) AS c"),
        Value::Integer(1)
    );
    assert_eq!(
        count("MATCH (x:B)<-[r]-(y) RETURN count(*) AS c"),
        Value::Integer(1)
    );
}

#[test]
fn relationships_are_unique_within_one_match_clause() {
    let w = world("CREATE (:A)-[:T]->(:B)");
    let rows = |q| run(&w, q).expect("runs").rows.len();
    assert_eq!(rows("MATCH (a)-[r]->(b), (c)-[s]->(d) RETURN a"), 0);
    assert_eq!(rows("MATCH (a)-[r]->(b) MATCH (c)-[s]->(d) RETURN a"), 1);
}

#[test]
fn label_counts_use_the_bitmaps_and_agree_with_general_execution() {
    let w = world("CREATE (:A:B), (:A), (:B)");
    assert_eq!(
        single(&w, "MATCH (n:A) RETURN count(n) AS c"),
        Value::Integer(2)
    );
    assert_eq!(
        single(&w, "MATCH (n:A:B) RETURN count(*) AS c"),
        Value::Integer(1)
    );
    assert_eq!(
        single(&w, "MATCH (n:Z) RETURN count(*) AS c"),
        Value::Integer(0)
    );
    // Not the fast path (a WHERE), same count.
    assert_eq!(
        single(&w, "MATCH (n:A) WHERE true RETURN count(n) AS c"),
        Value::Integer(2)
    );
}

#[test]
fn optional_match_without_a_match_binds_null() {
    let w = world("CREATE (:A {k: 1})");
    let result = run(
        &w,
        "MATCH (n:A) OPTIONAL MATCH (n)-[r]->(m) RETURN n.k AS k, m",
    )
    .expect("runs");
    assert_eq!(result.rows, vec![vec![Value::Integer(1), Value::Null]]);
}

#[test]
fn order_by_reports_sort_keys_and_orders_nulls_last() {
    let w = world("CREATE (:A {k: 2}), (:A), (:A {k: 1})");
    let result = run(&w, "MATCH (n:A) RETURN n.k AS k ORDER BY k").expect("runs");
    let ks: Vec<Value> = result.rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(ks, vec![Value::Integer(1), Value::Integer(2), Value::Null]);
    assert_eq!(result.sort_keys.map(|k| k.len()), Some(3));
    let unordered = run(&w, "MATCH (n:A) RETURN n.k AS k").expect("runs");
    assert_eq!(unordered.sort_keys, None);
}

#[test]
fn aggregates_group_by_the_other_items() {
    let w = world("CREATE (:A {g: 1, v: 2}), (:A {g: 1, v: 3}), (:A {g: 2})");
    let result = run(
        &w,
        "MATCH (n:A) RETURN n.g AS g, sum(n.v) AS s, count(n.v) AS c ORDER BY g",
    )
    .expect("runs");
    assert_eq!(
        result.rows,
        vec![
            vec![Value::Integer(1), Value::Integer(5), Value::Integer(2)],
            vec![Value::Integer(2), Value::Integer(0), Value::Integer(0)],
        ]
    );
    assert_eq!(
        single(&w, "MATCH (n:Z) RETURN count(*) AS c"),
        Value::Integer(0)
    );
}

#[test]
fn errors_are_errors_even_without_rows() {
    let w = world("CREATE (:A)");
    assert!(run(&w, "MATCH (n:Z) RETURN noSuchFunction(n) AS x").is_err());
    assert!(run(&w, "MATCH (n:Z) RETURN abac.oidc.user_attribute('x') AS x").is_err());
    assert!(run(&w, "MATCH (n:A) WHERE count(n) > 0 RETURN n").is_err());
    assert!(run(&w, "RETURN 1 / 0 AS x").is_err());
    assert!(run(&w, "CALL db.index.fulltext.queryNodes('nope', 'x')").is_err());
}

#[test]
fn large_graphs_scan_in_parallel_with_the_same_answers() {
    use model::graph::{Graph, Node, Relationship, TokenKind};
    use std::collections::BTreeMap;

    let n = crate::parallel::PARALLEL_ELEMENTS as u64 + 1_000;
    let mut graph = Graph::default();
    graph.tokens.register(TokenKind::Label, "A");
    graph.tokens.register(TokenKind::RelType, "T");
    graph.tokens.register(TokenKind::PropertyKey, "k");
    graph.nodes = (0..n)
        .map(|id| Node {
            id,
            labels: vec!["A".into()],
            properties: BTreeMap::from([("k".to_string(), Value::Integer((id % 10) as i64))]),
        })
        .collect();
    // A chain: node i → node i + 1.
    graph.relationships = (0..n - 1)
        .map(|id| Relationship {
            id,
            rel_type: "T".into(),
            start: id,
            end: id + 1,
            properties: BTreeMap::new(),
        })
        .collect();
    let w = World {
        database: "neo4j".into(),
        graph,
        catalog: Catalog::with_builtins(),
        config: Config::default(),
    };
    // k = id % 10, so k < 3 holds for 3 ids in every 10 (n is a multiple of 10).
    let expected = (n / 10 * 3) as i64;
    assert_eq!(
        single(&w, "MATCH (x:A) WHERE x.k < 3 RETURN count(*) AS c"),
        Value::Integer(expected)
    );
    assert_eq!(
        single(&w, "MATCH (x:A)-[:T]->(y) RETURN count(*) AS c"),
        Value::Integer(n as i64 - 1)
    );
    // Order is kept: the first matches come from the first chunk.
    let first = run(&w, "MATCH (x:A)-[:T]->(y) RETURN y.k AS k LIMIT 3").expect("runs");
    let ks: Vec<Value> = first.rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(
        ks,
        vec![Value::Integer(1), Value::Integer(2), Value::Integer(3)]
    );
}

#[test]
fn one_hop_counts_from_bitmaps_equal_general_execution() {
    let w = world(
        "CREATE (a:A)-[:T]->(a), (a)-[:T]->(b:B), (b)-[:U]->(a), (c:A:B)-[:T]->(b), (c)<-[:U]-(c)",
    );
    for pattern in [
        "(x)-[r]->(y)",
        "(x)-[r]-(y)",
        "(x)<-[r]-(y)",
        "(x:A)-[r:T]->(y:B)",
        "(x:A)-[r:T|U]-(y)",
        "(x:B)<-[:U]-(y:A)",
        "(x)-[:Z]-(y)",
        "(x:A)-[r]-(x)",
    ] {
        let fast = single(&w, &format!("MATCH {pattern} RETURN count(*) AS c"));
        let general = single(
            &w,
            &format!("MATCH {pattern} WHERE true RETURN count(*) AS c"),
        );
        assert_eq!(fast, general, "{pattern}");
    }
    // Checked by hand: T-loop on a, a→b, c→b (T); b→a, c-loop (U).
    assert_eq!(
        single(&w, "MATCH (x)-[r]-(y) RETURN count(*) AS c"),
        Value::Integer(8)
    );
}

#[test]
fn where_prefilters_agree_with_full_evaluation() {
    let w = world("CREATE (:A {k: 1, s: 'ab'}), (:A {k: 2}), (:A {k: 'x'}), (:A), (:B {k: 3})");
    for predicate in [
        "n.k > 1",
        "1 < n.k",
        "n.k = 2 AND n.s IS NULL",
        "n.k <> 1",
        "n.s STARTS WITH 'a' AND n.k >= 1",
        "n.k = 'x'",
        "n.zz = 1",
    ] {
        let query = |p: &str| format!("MATCH (n:A) WHERE {p} RETURN count(*) AS c");
        // `AND true` has a conjunct that is not a property test: no prefilter.
        let fast = single(&w, &query(predicate));
        let general = single(&w, &query(&format!("({predicate}) AND true")));
        assert_eq!(fast, general, "{predicate}");
    }
    assert_eq!(
        single(&w, "MATCH (n:A) WHERE n.k > 1 RETURN count(*) AS c"),
        Value::Integer(1)
    );
}

#[test]
fn bindings_pass_through_with_and_count_skips_nulls() {
    let w = world("CREATE (:A {k: 1})-[:T]->(:B {k: 2}), (:A {k: 3})");
    let result = run(
        &w,
        "MATCH (n:A) OPTIONAL MATCH (n)-[r]->(m) WITH n, m, r \
         RETURN count(m) AS c, count(n) AS d, count(r) AS e, collect(m.k) AS ks",
    )
    .expect("runs");
    assert_eq!(
        result.rows,
        vec![vec![
            Value::Integer(1),
            Value::Integer(2),
            Value::Integer(1),
            Value::List(vec![Value::Integer(2)]),
        ]]
    );
    let sorted = run(&w, "MATCH (n:A) WITH n ORDER BY n.k DESC RETURN n.k AS k").expect("runs");
    assert_eq!(
        sorted.rows,
        vec![vec![Value::Integer(3)], vec![Value::Integer(1)]]
    );
}

mod count_fast_path {
    //! The bitmap-only count answers (`fastpath`) against the general
    //! executor on random graphs and policies: `count(*) + 0` has the same
    //! value but is not a shape the fast path takes.

    use super::*;
    use model::admin::exec::execute;
    use model::cypher::parse_admin_script;
    use proptest::prelude::*;

    const POLICIES: [&str; 4] = [
        "GRANT MATCH {*} ON GRAPH * TO r;",
        "GRANT MATCH {*} ON GRAPH * TO r; DENY TRAVERSE ON GRAPH * NODES B TO r;",
        "GRANT TRAVERSE ON GRAPH * NODES A, B TO r; GRANT TRAVERSE ON GRAPH * RELATIONSHIPS T TO r;",
        "GRANT MATCH {*} ON GRAPH * TO r; DENY TRAVERSE ON GRAPH * RELATIONSHIPS U TO r; \
         DENY TRAVERSE ON GRAPH * FOR (n) WHERE n.k = 1 TO r;",
    ];

    fn data(labels: &[u8], rels: &[(usize, usize, bool)]) -> String {
        let mut text = String::new();
        for (i, bits) in labels.iter().enumerate() {
            let mut names = String::new();
            for (b, name) in ["A", "B"].iter().enumerate() {
                if bits & (1 << b) != 0 {
                    names.push(':');
                    names.push_str(name);
                }
            }
            text.push_str(&format!("CREATE (n{i}{names} {{k: {}}})\n", i % 3));
        }
        for (s, e, t) in rels {
            let (s, e) = (s % labels.len(), e % labels.len());
            let t = if *t { "T" } else { "U" };
            text.push_str(&format!("CREATE (n{s})-[:{t}]->(n{e})\n"));
        }
        format!("{};", text.trim_end())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(model::budget::fuzz_cases(200)))]
        #[test]
        fn fast_counts_equal_the_general_executor(
            labels in prop::collection::vec(0u8..4, 1..8),
            rels in prop::collection::vec((0usize..8, 0usize..8, any::<bool>()), 0..14),
            policy in 0usize..POLICIES.len(),
            start in prop::sample::select(vec!["", ":A", ":B", ":A:B", ":Z"]),
            end in prop::sample::select(vec!["", ":A", ":B", ":Z"]),
            arrow in prop::sample::select(vec![("-", "->"), ("<-", "-"), ("-", "-")]),
            types in prop::sample::select(vec!["", ":T", ":U", ":T|U", ":V"]),
        ) {
            let mut w = world(&data(&labels, &rels));
            let script = format!(
                "CREATE ROLE r; CREATE USER u SET PASSWORD 'p' CHANGE NOT REQUIRED; \
                 GRANT ROLE r TO u; {}",
                POLICIES[policy]
            );
            for command in parse_admin_script(&script).expect("policy parses") {
                execute(&command.item, &mut w.catalog, &mut w.graph.tokens)
                    .expect("policy runs");
            }
            let tx = Transaction {
                principal: Principal::Native("u".into()),
                at: chrono::DateTime::parse_from_rfc3339("2026-01-01T12:00:00Z").expect("time"),
            };
            let answer = |text: &str| {
                let Ok(Statement::Read(query)) = parse_statement(text) else {
                    panic!("not a read query: {text}");
                };
                OptimizedEngine::new().query(&w, &tx, &query).expect("runs").rows
            };
            let (left, right) = arrow;
            for pattern in [
                format!("(a{start})"),
                format!("(a{start}){left}[r{types}]{right}(b{end})"),
            ] {
                let fast = answer(&format!("MATCH {pattern} RETURN count(*) AS c"));
                let general = answer(&format!("MATCH {pattern} RETURN count(*) + 0 AS c"));
                prop_assert_eq!(&fast, &general, "{}", pattern);
            }
        }
    }
}
