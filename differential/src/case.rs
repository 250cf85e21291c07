//! One differential case: a generated world run through both engines. The engines
//! must agree on every principal's whole visibility (the `Engine` trait's
//! report) and on every query's answer; anything else is a mismatch.

use generators::{Coverage, GenWorld};
use model::cypher::{Statement, parse_statement};
use model::engine::{Engine, Principal, Transaction};
use model::world::World;
use optimized::OptimizedEngine;
use reference::ReferenceEngine;

use crate::compare::{disagreement, visibility_disagreement};

/// What one case showed.
#[derive(Debug, Default, Clone)]
pub struct Outcome {
    /// The world could be built (its security commands all ran).
    pub loaded: bool,
    /// Queries attempted.
    pub queries: u64,
    /// Queries the reference answered without an error.
    pub queries_ok: u64,
    /// Principals whose visibility was compared.
    pub principals: u64,
    /// Principals the reference refused (U5, no access).
    pub refused: u64,
    /// (DENY rule, element it could apply to) pairs where the rule's
    /// predicate is null: DENYs that must fail open (Q3).
    pub denies_failing_open: u64,
    /// (GRANT rule, element) pairs where the predicate is null: grants that
    /// must not apply.
    pub grants_on_null: u64,
    /// The first disagreement, described.
    pub mismatch: Option<String>,
    /// What the world contained.
    pub coverage: Coverage,
}

/// The transaction time of every generated query (SCENARIO_FORMAT's default).
fn transaction(principal: Principal) -> Transaction {
    let at = chrono::DateTime::parse_from_rfc3339(model::scenario::DEFAULT_AT)
        .unwrap_or_else(|_| chrono::DateTime::UNIX_EPOCH.fixed_offset());
    Transaction { principal, at }
}

/// Runs `world` through both engines, built directly from its data (no
/// text to parse: the fuzzer's fast path).
pub fn run(world: &GenWorld) -> Outcome {
    match world.direct_world() {
        Ok(built) => run_built(world, &built),
        Err(_) => Outcome {
            coverage: world.stats(),
            ..Outcome::default()
        },
    }
}

/// Runs `world`'s users and queries through both engines over `built`, the
/// world as some path made it (directly, or through its scenario file).
pub fn run_built(world: &GenWorld, built: &World) -> Outcome {
    let mut outcome = Outcome {
        coverage: world.stats(),
        loaded: true,
        ..Outcome::default()
    };
    count_null_rules(built, &mut outcome);
    let mut reference = ReferenceEngine;
    let mut optimized = OptimizedEngine::new();
    let principals =
        std::iter::once(Principal::Admin).chain(world.users().into_iter().map(Principal::Native));
    for principal in principals {
        outcome.principals += 1;
        let tx = transaction(principal.clone());
        let r = reference.visibility(built, &tx);
        let o = optimized.visibility(built, &tx);
        outcome.refused += u64::from(r.is_err());
        if let Some(d) = visibility_disagreement("reference", &r, "optimized", &o) {
            outcome.mismatch = Some(format!("visibility of {principal:?}: {d}"));
            return outcome;
        }
    }
    for (number, query) in (1..).zip(&world.queries) {
        outcome.queries += 1;
        let text = query.text();
        let Ok(Statement::Read(read)) = parse_statement(&text) else {
            continue;
        };
        let principal = query
            .user
            .clone()
            .map_or(Principal::Admin, Principal::Native);
        let tx = transaction(principal);
        let r = answer(&mut reference, built, &tx, &read);
        let o = answer(&mut optimized, built, &tx, &read);
        outcome.queries_ok += u64::from(r.is_ok());
        if let Some(d) = disagreement("reference", &r, "optimized", &o) {
            outcome.mismatch = Some(format!("query {number} `{text}`: {d}"));
            return outcome;
        }
    }
    outcome
}

fn answer(
    engine: &mut dyn Engine,
    world: &World,
    tx: &Transaction,
    read: &model::ast::Query,
) -> Result<model::rows::QueryResult, String> {
    engine.query(world, tx, read).map_err(|e| e.message)
}

/// Counts the property rules whose predicate is null on an element they
/// could apply to (its label or type matches, or the rule has none), with
/// the reference's own predicate evaluation: the cases that test Q3's
/// "null never grants and never denies".
fn count_null_rules(world: &World, outcome: &mut Outcome) {
    use model::catalog::{Access, Segment};
    use reference::security::predicate::rule_value;
    let privileges = world.catalog.roles.values().flat_map(|r| &r.privileges);
    for privilege in privileges {
        let nulls = match &privilege.segment {
            Segment::NodeRule { label, rule } => world
                .graph
                .nodes
                .iter()
                .filter(|n| label.as_ref().is_none_or(|l| n.labels.contains(l)))
                .filter(|n| rule_value(rule, &n.properties).is_none())
                .count(),
            Segment::RelRule { rel_type, rule } => world
                .graph
                .relationships
                .iter()
                .filter(|r| rel_type.as_ref().is_none_or(|t| &r.rel_type == t))
                .filter(|r| rule_value(rule, &r.properties).is_none())
                .count(),
            _ => 0,
        } as u64;
        match privilege.access {
            Access::Denied => outcome.denies_failing_open += nulls,
            Access::Granted => outcome.grants_on_null += nulls,
        }
    }
}
