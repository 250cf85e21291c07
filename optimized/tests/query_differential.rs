//! Differential test of query answers over every scenario in corpora/: each
//! read query runs on the reference engine and on the optimized engine, at
//! its point in the scenario, and the results must agree (both failing
//! counts as agreement: only the reference's message text is specified).

mod scenarios;

use model::admin::exec::execute;
use model::catalog::ADMIN;
use model::cypher::Statement;
use model::engine::{Engine, Principal, Transaction};
use model::rows::compare_results_named;
use optimized::OptimizedEngine;
use reference::ReferenceEngine;
use scenarios::{corpus, principal};

#[test]
fn optimized_answers_equal_the_reference_on_every_corpus_query() {
    let mut failures = Vec::new();
    let (mut compared, mut agreed) = (0usize, 0usize);
    for (scenario, mut world) in corpus() {
        let file = &scenario.path;
        // One engine per scenario, as one `check` run of a file uses.
        let mut optimized = OptimizedEngine::new();
        let mut reference = ReferenceEngine;
        for query in &scenario.queries {
            let Some(who) = principal(&query.user) else {
                continue;
            };
            match &query.statement {
                Err(_) => {}
                Ok(Statement::Admin(command)) => {
                    let allowed = match &who {
                        Principal::Admin => true,
                        Principal::Native(u) => world
                            .catalog
                            .users
                            .get(u)
                            .is_some_and(|u| u.roles.contains(ADMIN)),
                    };
                    if allowed {
                        let _ = execute(command, &mut world.catalog, &mut world.graph.tokens);
                    }
                }
                Ok(Statement::Read(read)) => {
                    let tx = Transaction {
                        principal: who,
                        at: query.at,
                    };
                    compared += 1;
                    let a = reference.query(&world, &tx, read);
                    let b = optimized.query(&world, &tx, read);
                    let verdict = match (&a, &b) {
                        (Ok(a), Ok(b)) => compare_results_named(a, "reference", b, "optimized"),
                        (Err(_), Err(_)) => Ok(()),
                        (Ok(_), Err(e)) => Err(format!("only optimized failed: {}", e.message)),
                        (Err(e), Ok(_)) => Err(format!("only reference failed: {}", e.message)),
                    };
                    match verdict {
                        Ok(()) => agreed += 1,
                        Err(why) => failures.push(format!(
                            "{}#{} `{}`: {why}",
                            file.display(),
                            query.number,
                            query.cypher
                        )),
                    }
                }
            }
        }
    }
    println!("{compared} queries compared, {agreed} agree");
    assert!(compared > 300, "only {compared} queries compared");
    assert!(
        failures.is_empty(),
        "{} of {compared} queries disagree:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
