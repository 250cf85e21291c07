//! Differential test over every scenario in corpora/: the optimized
//! engine's visibility must equal the reference engine's for each query's
//! user, at the point of the scenario where the query runs, and for every
//! user after each administration command.

mod common;
mod scenarios;

use model::admin::exec::execute;
use model::catalog::ADMIN;
use model::cypher::Statement;
use model::engine::Principal;
use model::world::World;
use scenarios::{corpus, principal};

/// Every native user of the catalog, the administrator, and a user that
/// does not exist.
fn everyone(world: &World) -> Vec<Principal> {
    let mut all: Vec<Principal> = world
        .catalog
        .users
        .keys()
        .map(|u| Principal::Native(u.clone()))
        .collect();
    all.push(Principal::Admin);
    all.push(Principal::Native("nobody-by-this-name".to_string()));
    all
}

#[test]
fn optimized_visibility_equals_the_reference_on_every_corpus_scenario() {
    let mut failures = Vec::new();
    let mut comparisons = 0usize;
    for (scenario, mut world) in corpus() {
        let file = &scenario.path;
        let mut check = |world: &World, who: &Principal, when: &str| {
            comparisons += 1;
            if let Some(d) = common::disagreement(world, who) {
                failures.push(format!("{} {when}:\n{d}", file.display()));
            }
        };
        for who in everyone(&world) {
            check(&world, &who, "after security");
        }
        for query in &scenario.queries {
            let Some(who) = principal(&query.user) else {
                continue;
            };
            let when = format!("query #{}", query.number);
            check(&world, &who, &when);
            if let Ok(Statement::Admin(command)) = &query.statement {
                // As `check` does: a native user runs commands only with admin.
                let allowed = match &who {
                    Principal::Admin => true,
                    Principal::Native(u) => world
                        .catalog
                        .users
                        .get(u)
                        .is_some_and(|u| u.roles.contains(ADMIN)),
                };
                let applied = allowed
                    && execute(command, &mut world.catalog, &mut world.graph.tokens).is_ok();
                if applied {
                    for who in everyone(&world) {
                        check(&world, &who, &format!("after {when}"));
                    }
                }
            }
        }
    }
    assert!(comparisons > 500, "only {comparisons} comparisons");
    assert!(
        failures.is_empty(),
        "{} disagreement(s) in {comparisons} comparisons:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
