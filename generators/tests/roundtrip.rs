//! Round trip: every generated world's scenario text loads, and the loaded
//! world equals the world built directly from the generator's data (graph
//! element by element with values compared to the bit, catalog from the
//! command trees executed without text, config, queries and their users).

use proptest::prelude::*;

use generators::{GenWorld, identical, strategy};
use model::budget::fuzz_cases;
use model::cypher::Statement;
use model::graph::Graph;
use model::scenario::QueryUser;

/// `Err` naming the first difference between two graphs, with property
/// values compared by [`identical`] (so `-0.0` is not `0.0`).
fn same_graph(loaded: &Graph, direct: &Graph) -> Result<(), String> {
    if loaded.tokens != direct.tokens {
        return Err(format!(
            "tokens: loaded {:?}, direct {:?}",
            loaded.tokens, direct.tokens
        ));
    }
    if loaded.indexes != direct.indexes {
        return Err(format!(
            "indexes: loaded {:?}, direct {:?}",
            loaded.indexes, direct.indexes
        ));
    }
    if loaded.nodes.len() != direct.nodes.len()
        || loaded.relationships.len() != direct.relationships.len()
    {
        return Err("element counts differ".to_string());
    }
    for (a, b) in loaded.nodes.iter().zip(&direct.nodes) {
        let same_values = a.properties.len() == b.properties.len()
            && a.properties
                .iter()
                .zip(&b.properties)
                .all(|((ka, va), (kb, vb))| ka == kb && identical(va, vb));
        if a.id != b.id || a.labels != b.labels || !same_values {
            return Err(format!("node: loaded {a:?}, direct {b:?}"));
        }
    }
    for (a, b) in loaded.relationships.iter().zip(&direct.relationships) {
        let same_values = a.properties.len() == b.properties.len()
            && a.properties
                .iter()
                .zip(&b.properties)
                .all(|((ka, va), (kb, vb))| ka == kb && identical(va, vb));
        if a.id != b.id
            || a.rel_type != b.rel_type
            || a.start != b.start
            || a.end != b.end
            || !same_values
        {
            return Err(format!("relationship: loaded {a:?}, direct {b:?}"));
        }
    }
    Ok(())
}

fn round_trip(world: &GenWorld) -> Result<(), String> {
    let text = world.scenario_text();
    let scenario = world.scenario().map_err(|e| format!("{e}\n{text}"))?;
    let loaded = scenario.world().map_err(|e| format!("{e}\n{text}"))?;
    let direct = world
        .direct_world()
        .map_err(|e| format!("direct: {e}\n{text}"))?;
    same_graph(&loaded.graph, &direct.graph).map_err(|e| format!("{e}\n{text}"))?;
    if loaded.catalog != direct.catalog {
        return Err(format!(
            "catalog: loaded {:#?}\ndirect {:#?}\n{text}",
            loaded.catalog, direct.catalog
        ));
    }
    if loaded.config != direct.config {
        return Err(format!(
            "config: loaded {:?}, direct {:?}\n{text}",
            loaded.config, direct.config
        ));
    }
    if loaded.database != direct.database {
        return Err(format!(
            "database: {} vs {}",
            loaded.database, direct.database
        ));
    }
    // Each session: its opening query, its rule change's commands and its
    // continued query when it continues.
    let sessions = world.abac.iter().flat_map(|a| &a.sessions);
    let session_queries: usize = sessions
        .clone()
        .map(|s| 1 + s.later.map_or(0, |_| 1 + s.change.len()))
        .sum();
    if scenario.queries.len() != world.queries.len() + session_queries {
        return Err(format!(
            "{} queries loaded, {} generated and {session_queries} of sessions",
            scenario.queries.len(),
            world.queries.len()
        ));
    }
    let mut rest = scenario.queries.iter().skip(world.queries.len());
    for (index, session) in sessions.enumerate() {
        let opening = rest.next().ok_or("a session's opening query is missing")?;
        let QueryUser::Oidc { claims, token } = &opening.user else {
            return Err(format!(
                "session {index} opens as {:?}\n{text}",
                opening.user
            ));
        };
        let claims_text = toml::Value::Table(claims.clone()).to_string();
        let generated = toml::Value::Table(session.claims_table()).to_string();
        if claims_text != generated || *token != session.token || opening.at != session.at {
            return Err(format!(
                "session {index}: claims, token or at differ\n{text}"
            ));
        }
        if let Some(later) = session.later {
            let commands = rest.by_ref().take(session.change.len());
            for (loaded, command) in commands.zip(&session.change) {
                if loaded.cypher != *command || loaded.user != QueryUser::Admin {
                    return Err(format!(
                        "session {index}: change {:?}\n{text}",
                        loaded.cypher
                    ));
                }
            }
            let continued = rest.next().ok_or("a continued session query is missing")?;
            // Debug text, not `==`: a null claim is a NaN float in TOML.
            let same_user = format!("{:?}", continued.user) == format!("{:?}", opening.user);
            if continued.at != later || !same_user {
                return Err(format!("session {index}: continued query differs\n{text}"));
            }
        }
    }
    for (loaded, generated) in scenario.queries.iter().zip(&world.queries) {
        let user = match &generated.user {
            Some(u) => QueryUser::Native(u.clone()),
            None => QueryUser::Admin,
        };
        if loaded.user != user || loaded.cypher != generated.text() {
            return Err(format!(
                "query {}: {:?} as {:?}",
                loaded.number, loaded.cypher, loaded.user
            ));
        }
        if !matches!(loaded.statement, Ok(Statement::Read(_))) {
            return Err(format!(
                "query {} is not a read query: {:?}",
                loaded.number, loaded.statement
            ));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(fuzz_cases(500)))]

    #[test]
    fn generated_scenarios_load_to_the_generated_world(world in strategy()) {
        if let Err(why) = round_trip(&world) {
            prop_assert!(false, "{why}");
        }
    }
}

/// Seeded worlds (full-length byte streams, the largest worlds) round-trip too.
#[test]
fn seeded_worlds_round_trip() {
    for case in 0..u64::from(fuzz_cases(300)) {
        let world = GenWorld::from_seed(5, case);
        if let Err(why) = round_trip(&world) {
            panic!("seed 5 case {case}: {why}");
        }
    }
}
