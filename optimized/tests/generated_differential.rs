//! Differential property test on generated worlds (`generators::strategy`):
//! small random graphs, security set-ups of every segment kind and rule
//! form (with unregistered names, other graphs, REVOKEs, ACCESS denies),
//! blacklists, and read queries. For every user and the administrator the
//! optimized engine's visibility must equal the reference's, and every
//! query must give the same rows (or both fail).

mod common;

use proptest::prelude::*;

use generators::{GenWorld, strategy};
use model::budget::fuzz_cases;
use model::cypher::Statement;
use model::engine::{Engine, Principal, Transaction};
use model::rows::compare_results_named;
use model::world::World;

/// The world a generated scenario starts from, and its text for messages.
fn load(generated: &GenWorld) -> Result<(model::scenario::Scenario, World), String> {
    let text = generated.scenario_text();
    let scenario = generated.scenario().map_err(|e| format!("{e}\n{text}"))?;
    let world = scenario.world().map_err(|e| format!("{e}\n{text}"))?;
    Ok((scenario, world))
}

/// `Err` describing the first disagreement between the engines.
fn disagreement(generated: &GenWorld) -> Result<(), String> {
    let (scenario, world) = load(generated)?;
    let text = generated.scenario_text();
    let mut principals: Vec<Principal> = generated
        .users()
        .into_iter()
        .map(Principal::Native)
        .collect();
    principals.push(Principal::Admin);
    for who in &principals {
        if let Some(d) = common::disagreement(&world, who) {
            return Err(format!("visibility: {d}\n{text}"));
        }
    }
    let mut optimized = optimized::OptimizedEngine::new();
    for q in &scenario.queries {
        let Ok(Statement::Read(query)) = &q.statement else {
            return Err(format!("query {} is not a read query\n{text}", q.number));
        };
        let principal = q.user.principal()?;
        let tx = Transaction {
            principal,
            at: q.at,
        };
        let a = reference::ReferenceEngine.query(&world, &tx, query);
        let b = optimized.query(&world, &tx, query);
        let verdict = match (&a, &b) {
            (Ok(a), Ok(b)) => compare_results_named(a, "reference", b, "optimized"),
            (Err(_), Err(_)) => Ok(()),
            _ => Err(format!("reference {a:?}, optimized {b:?}")),
        };
        if let Err(why) = verdict {
            return Err(format!(
                "query {} `{}` as {:?}: {why}\n{text}",
                q.number, q.cypher, tx.principal
            ));
        }
    }
    Ok(())
}

proptest! {
    // A failing world is ~1 KB of bytes: proptest's automatic shrink limit
    // (4 x cases) would stop long before the world is small.
    #![proptest_config(ProptestConfig {
        max_shrink_iters: 50_000,
        ..ProptestConfig::with_cases(fuzz_cases(300))
    })]

    #[test]
    fn optimized_equals_the_reference_on_generated_worlds(generated in strategy()) {
        if let Err(why) = disagreement(&generated) {
            prop_assert!(false, "{why}");
        }
    }
}

/// Seeded worlds (full byte streams, so every world is complete), as
/// `cargo xtask fuzz` will draw them: reproducible by seed and case.
#[test]
fn optimized_equals_the_reference_on_seeded_worlds() {
    for case in 0..u64::from(fuzz_cases(300)) {
        if let Err(why) = disagreement(&GenWorld::from_seed(11, case)) {
            panic!("seed 11, case {case}: {why}");
        }
    }
}

/// The generator must make worlds where the answer is neither trivial nor
/// an error often enough, or the differential test above proves little.
#[test]
fn generated_worlds_are_mostly_interesting() {
    let total = 300;
    let (mut accessible, mut partial_nodes, mut partial_rels, mut partial_keys) = (0, 0, 0, 0);
    for case in 0..total {
        let generated = GenWorld::from_seed(7, case);
        let Ok((_, world)) = load(&generated) else {
            continue;
        };
        let Ok(v) = common::reference_visibility(&world, &Principal::Native("u0".into())) else {
            continue;
        };
        accessible += 1;
        if !v.nodes.is_empty() && v.nodes.len() < world.graph.nodes.len() as u64 {
            partial_nodes += 1;
        }
        if !v.relationships.is_empty()
            && v.relationships.len() < world.graph.relationships.len() as u64
        {
            partial_rels += 1;
        }
        let some_key_hidden = world.graph.nodes.iter().any(|n| {
            let shown = v.keys_of_node(n.id).len();
            v.nodes.contains(n.id) && shown < n.properties.len() && shown > 0
        });
        if some_key_hidden {
            partial_keys += 1;
        }
    }
    let at_least = |count: u64, share: u64, what: &str| {
        assert!(
            count * 100 >= total * share,
            "{what}: {count} of {total} generated worlds"
        );
    };
    println!(
        "accessible {accessible}, partial nodes {partial_nodes}, partial relationships {partial_rels}, partial keys {partial_keys} of {total}"
    );
    at_least(accessible, 60, "worlds the user may access");
    at_least(
        partial_nodes,
        15,
        "worlds with some nodes hidden and some shown",
    );
    at_least(
        partial_rels,
        5,
        "worlds with some relationships hidden and some shown",
    );
    at_least(
        partial_keys,
        10,
        "worlds with a shown node missing some readable keys",
    );
}
