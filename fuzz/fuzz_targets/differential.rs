//! Fuzz target `differential`: a world drawn by `arbitrary` from the
//! generators crate (`generators::GenWorld`), written as a scenario file
//! and loaded, then run through both engines. For every user and the
//! administrator the whole visibility must be equal
//! (`Visibility::difference`), and every query must give the same rows (compared as `cargo xtask check --engine all` does,
//! with `model::rows::compare_results_named`) or fail on both.
//!
//! A world that does not load is the generator's miss (counted by
//! `cargo xtask fuzz` as its success rate), not a disagreement: skipped.
//! A disagreement panics with both answers and the scenario file, which
//! libFuzzer saves as the crashing input's message.

#![no_main]

use generators::GenWorld;
use libfuzzer_sys::fuzz_target;
use model::cypher::Statement;
use model::engine::{Engine, EngineError, Principal, Transaction, Visibility};
use model::rows::{QueryResult, compare_results_named};
use model::scenario::Scenario;
use model::world::World;
use optimized::OptimizedEngine;
use reference::ReferenceEngine;

fuzz_target!(|generated: GenWorld| {
    if let Err(why) = disagreement(&generated) {
        panic!(
            "the engines disagree: {why}\n--- scenario ---\n{}",
            generated.scenario_text()
        );
    }
});

/// The first disagreement between the engines on `generated`, if any.
fn disagreement(generated: &GenWorld) -> Result<(), String> {
    let Ok(scenario) = generated.scenario() else {
        return Ok(());
    };
    let Ok(world) = scenario.world() else {
        return Ok(());
    };
    // One engine per world: its caches are keyed by graph and would only grow.
    let mut optimized = OptimizedEngine::new();
    same_visibility(&scenario, &world, generated.users(), &mut optimized)?;
    same_rows(&scenario, &world, &mut optimized)
}

/// Every user's and the administrator's visibility, at the first query's time.
fn same_visibility(
    scenario: &Scenario,
    world: &World,
    users: Vec<String>,
    optimized: &mut OptimizedEngine,
) -> Result<(), String> {
    let Some(at) = scenario.queries.first().map(|q| q.at) else {
        return Ok(());
    };
    let principals = users
        .into_iter()
        .map(Principal::Native)
        .chain([Principal::Admin]);
    for principal in principals {
        let tx = Transaction { principal, at };
        let a = ReferenceEngine.visibility(world, &tx);
        let b = optimized.visibility(world, &tx);
        let why = match (&a, &b) {
            (Ok(a), Ok(b)) => a.difference("reference", b, "optimized"),
            (Err(_), Err(_)) => None,
            _ => Some(format!(
                "reference {}, optimized {}",
                describe_visibility(&a),
                describe_visibility(&b)
            )),
        };
        if let Some(why) = why {
            return Err(format!("visibility of {:?}:\n{why}", tx.principal));
        }
    }
    Ok(())
}

/// Every read query, as its user, on both engines.
fn same_rows(
    scenario: &Scenario,
    world: &World,
    optimized: &mut OptimizedEngine,
) -> Result<(), String> {
    for query in &scenario.queries {
        let Ok(Statement::Read(read)) = &query.statement else {
            continue;
        };
        let Ok(principal) = query.user.principal() else {
            continue;
        };
        let tx = Transaction {
            principal,
            at: query.at,
        };
        let a = ReferenceEngine.query(world, &tx, read);
        let b = optimized.query(world, &tx, read);
        let verdict = match (&a, &b) {
            (Ok(a), Ok(b)) => compare_results_named(a, "reference", b, "optimized"),
            (Err(_), Err(_)) => Ok(()),
            _ => Err(format!(
                "reference {}, optimized {}",
                describe_rows(&a),
                describe_rows(&b)
            )),
        };
        verdict.map_err(|why| {
            format!(
                "query {} `{}` as {:?}: {why}",
                query.number, query.cypher, tx.principal
            )
        })?;
    }
    Ok(())
}

fn describe_visibility(v: &Result<Visibility, EngineError>) -> String {
    match v {
        Ok(_) => "answered".to_string(),
        Err(e) => format!("error: {e}"),
    }
}

fn describe_rows(r: &Result<QueryResult, EngineError>) -> String {
    match r {
        Ok(r) => format!("{} row(s) {:?}", r.rows.len(), r.rows),
        Err(e) => format!("error: {e}"),
    }
}
