use model::catalog::Catalog;
use model::config::Config;
use model::cypher::data::build_graph;
use model::cypher::{Statement, parse_data_script, parse_statement};
use model::engine::{Engine, Principal, Transaction};
use model::rows::compare_results_named;
use model::world::World;

#[test]
fn probe() {
    let data = "CREATE (a:A {k: 1, s: 'Hello', d: date('2024-01-15'), l: [1,2]})-[:T {w: 2}]->(b:B {k: 2}), (b)-[:U]->(a), (a)-[:T]->(a)";
    let statements = parse_data_script(data).unwrap();
    let world = World { database: "neo4j".into(), graph: build_graph(&statements).unwrap(), catalog: Catalog::with_builtins(), config: Config::default() };
    let tx = Transaction { principal: Principal::Admin, at: chrono::DateTime::parse_from_rfc3339("2026-01-01T12:00:00+02:00").unwrap() };
    let text = std::fs::read_to_string("/tmp/probe.txt").unwrap();
    let mut opt = optimized::OptimizedEngine::new();
    for q in text.lines().filter(|l| !l.trim().is_empty()) {
        let st = match parse_statement(q) { Ok(Statement::Read(r)) => r, other => { println!("SKIP {q}: {:?}", other.err()); continue; } };
        let a = reference::ReferenceEngine.query(&world, &tx, &st);
        let b = opt.query(&world, &tx, &st);
        let v = match (&a, &b) {
            (Ok(x), Ok(y)) => compare_results_named(x, "ref", y, "opt"),
            (Err(_), Err(_)) => Ok(()),
            _ => Err(format!("ref {:?}\n   opt {:?}", a.as_ref().map(|r| &r.rows), b.as_ref().map(|r| &r.rows))),
        };
        if let Err(e) = v { println!("DIFF {q}\n   {e}\n   ref {:?}\n   opt {:?}", a.map(|r| r.rows), b.map(|r| r.rows)); }
    }
}
