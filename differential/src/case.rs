//! One differential case: a generated world run through every engine of an
//! [`Oracle`]. The engines must agree on loading it, on every principal's
//! whole visibility (the `Engine` trait's report) and on every query's
//! answer; anything else is a mismatch.

use std::sync::Arc;

use generators::{Coverage, GenWorld};
use model::cypher::{Statement, parse_statement};
use model::engine::{Principal, Transaction};
use model::world::World;

use crate::oracle::Oracle;

/// What one case showed.
#[derive(Debug, Default, Clone)]
pub struct Outcome {
    /// The world could be built (its security commands all ran).
    pub loaded: bool,
    /// Queries attempted.
    pub queries: u64,
    /// Queries the first engine answered without an error.
    pub queries_ok: u64,
    /// Principals whose visibility was compared.
    pub principals: u64,
    /// Principals the first engine refused (U5, no access).
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

/// Runs `world` through the oracle's engines, built directly from its data
/// (no text to parse: the fuzzer's fast path).
pub fn run(oracle: &mut Oracle<'_>, world: &GenWorld) -> Outcome {
    match world.direct_world() {
        Ok(built) => run_built(oracle, world, Arc::new(built)),
        Err(_) => Outcome {
            coverage: world.stats(),
            ..Outcome::default()
        },
    }
}

/// Runs `world`'s users and queries through the oracle's engines over
/// `built`, the world as some path made it (directly, or through its
/// scenario file).
pub fn run_built(oracle: &mut Oracle<'_>, world: &GenWorld, built: Arc<World>) -> Outcome {
    let mut outcome = Outcome {
        coverage: world.stats(),
        loaded: true,
        ..Outcome::default()
    };
    count_null_rules(&built, &mut outcome);
    if let Some(d) = oracle.load(&built).disagreement {
        outcome.mismatch = Some(format!("loading the world: {d}"));
        return outcome;
    }
    let principals =
        std::iter::once(Principal::Admin).chain(world.users().into_iter().map(Principal::Native));
    for principal in principals {
        outcome.principals += 1;
        let tx = transaction(principal.clone());
        let verdict = oracle.visibility(&tx);
        outcome.refused += u64::from(verdict.first().is_some_and(Result::is_err));
        if let Some(d) = verdict.disagreement {
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
        let verdict = oracle.query(&transaction(principal), &read);
        outcome.queries_ok += u64::from(verdict.first().is_some_and(Result::is_ok));
        if let Some(d) = verdict.disagreement {
            outcome.mismatch = Some(format!("query {number} `{text}`: {d}"));
            return outcome;
        }
    }
    outcome
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
