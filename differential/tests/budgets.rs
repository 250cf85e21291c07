//! Budgets as the oracle judges them (docs/spec/semantics.md, "Budgets"):
//! an answer over a budget is compared with no other engine's, whether both
//! engines ran out or only one did, and the fuzzer's case outcome counts
//! such queries apart.

use std::sync::Arc;

use differential::Oracle;
use differential::compare::over_budget;
use model::catalog::Catalog;
use model::config::Config;
use model::cypher::{Statement, build_graph, parse_data_script, parse_statement};
use model::engine::{Engine, Principal, Transaction};
use model::limits::Limits;
use model::world::World;
use optimized::OptimizedEngine;
use reference::ReferenceEngine;

fn world() -> Arc<World> {
    let script = "CREATE (:N {i: 1}), (:N {i: 2}), (:N {i: 3});";
    let statements = parse_data_script(script).unwrap_or_else(|e| panic!("graph: {e}"));
    Arc::new(World {
        database: "neo4j".to_string(),
        graph: build_graph(&statements).unwrap_or_else(|e| panic!("graph: {e}")),
        catalog: Catalog::with_builtins(),
        config: Config::default(),
    })
}

fn admin(limits: Limits) -> Transaction {
    Transaction {
        principal: Principal::Admin,
        at: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
        limits,
    }
}

fn read(text: &str) -> model::ast::Query {
    match parse_statement(text) {
        Ok(Statement::Read(query)) => query,
        other => panic!("{text}: {other:?}"),
    }
}

/// Every engine's answer to `text` under `limits`: (over budget per
/// engine, the oracle's disagreement).
fn judged(text: &str, limits: Limits) -> (Vec<bool>, Option<String>) {
    let mut reference = ReferenceEngine::default();
    let mut optimized = OptimizedEngine::new();
    let mut engines: Vec<&mut dyn Engine> = vec![&mut reference, &mut optimized];
    let mut oracle = Oracle::new(&mut engines);
    assert!(oracle.load(&world()).disagreement.is_none());
    let verdict = oracle.query(&admin(limits), &read(text));
    let over = verdict
        .answers
        .iter()
        .map(|a| over_budget(&a.outcome))
        .collect();
    (over, verdict.disagreement)
}

#[test]
fn both_engines_over_the_value_budget_agree() {
    let limits = Limits {
        max_value_bytes: 1_000,
        ..Limits::default()
    };
    let (over, disagreement) = judged(
        "RETURN reduce(s = 'x', i IN range(1, 40) | s + s) AS s",
        limits,
    );
    assert_eq!(over, vec![true, true]);
    assert_eq!(disagreement, None);
    // The same query within the default budget is an answer both give.
    let (over, disagreement) = judged(
        "RETURN size(reduce(s = 'x', i IN range(1, 9) | s + s)) AS n",
        limits,
    );
    assert_eq!(over, vec![false, false]);
    assert_eq!(disagreement, None);
}

#[test]
fn one_engine_over_the_row_budget_is_not_a_disagreement() {
    // Counting the nodes builds three rows in the reference; the optimized
    // engine counts them from a bitmap and builds none.
    let limits = Limits {
        max_rows: 2,
        ..Limits::default()
    };
    let (over, disagreement) = judged("MATCH (n) RETURN count(n) AS c", limits);
    assert_eq!(over, vec![true, false]);
    assert_eq!(disagreement, None);
    // Without a budget in the way, the engines are compared as always.
    let (over, disagreement) = judged("MATCH (n) RETURN count(n) AS c", Limits::default());
    assert_eq!(over, vec![false, false]);
    assert_eq!(disagreement, None);
}

#[test]
fn limit_stops_matching_before_the_row_budget() {
    // 3 x 3 x 3 = 27 rows do not fit 10; the 9 pairs of the patterns
    // before the last do, and the last stops at the second row.
    let limits = Limits {
        max_rows: 10,
        ..Limits::default()
    };
    let (over, _) = judged("MATCH (a), (b), (c) RETURN a.i", limits);
    assert_eq!(over, vec![true, true]);
    let (over, disagreement) = judged(
        "MATCH (a), (b), (c) RETURN a.i, b.i, c.i SKIP 1 LIMIT 1",
        limits,
    );
    assert_eq!(over, vec![false, false]);
    assert_eq!(disagreement, None);
}
