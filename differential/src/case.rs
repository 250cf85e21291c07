//! One differential case: a generated world run through every engine of an
//! [`Oracle`]. The engines must agree on loading it, on every principal's
//! whole visibility (the `Engine` trait's report) and on every query's
//! answer; anything else is a mismatch.
//!
//! OIDC sessions (issue 10) come after the queries, in the order a
//! scenario file written from the world runs them (`xtask`'s runner): each
//! is opened with a token minted as the runner mints it, its visibility
//! and query compared at its opening instant, then, when it continues,
//! the rule change applied to the world with `model::admin::exec` (as the
//! runner does), the engines loaded again and the same session compared
//! at its later instant.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use generators::{Coverage, GenSession, GenWorld};
use model::cypher::{Statement, parse_statement};
use model::engine::{EngineError, OidcSession, Principal, Transaction};
use model::error::ErrorKind;
use model::limits::Limits;
use model::oidc::token::claims_from_toml;
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
    /// Queries on which some engine ran over a budget (rows, value size):
    /// not compared, and never a disagreement.
    pub over_budget: u64,
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
    /// What its OIDC sessions showed.
    pub sessions: SessionStats,
}

/// What OIDC sessions showed, from the first engine's answers.
#[derive(Debug, Default, Clone)]
pub struct SessionStats {
    /// Session transactions compared (each session's instants).
    pub transactions: u64,
    /// Transactions whose token the first engine accepted.
    pub accepted: u64,
    /// Refused transactions by reason (O2): `expired`, `signature` ...
    pub refused: BTreeMap<&'static str, u64>,
    /// (rule, accepted transaction) pairs where the rule was fulfilled (A3).
    pub rules_fulfilled: u64,
    /// Pairs where it was not (disabled, FALSE, null, an error, A6).
    pub rules_unfulfilled: u64,
    /// Rule changes applied between a session's instants.
    pub changes_applied: u64,
    /// Rule changes refused (a missing rule, A4's DENY check ...).
    pub changes_refused: u64,
    /// Sessions whose token could not be minted as asked (none compared).
    pub unminted: u64,
}

impl SessionStats {
    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: &SessionStats) {
        self.transactions += other.transactions;
        self.accepted += other.accepted;
        for (reason, n) in &other.refused {
            *self.refused.entry(reason).or_default() += n;
        }
        self.rules_fulfilled += other.rules_fulfilled;
        self.rules_unfulfilled += other.rules_unfulfilled;
        self.changes_applied += other.changes_applied;
        self.changes_refused += other.changes_refused;
        self.unminted += other.unminted;
    }

    /// Counts a refusal of a token by its reason's kind.
    fn refuse(&mut self, error: &EngineError) {
        let reason = match &error.kind {
            ErrorKind::TokenExpired => "expired",
            ErrorKind::AuthenticationFailed { reason } => refusal(reason),
            // U5 (a role from a group or rule with DENY ACCESS) and the like.
            _ => "not a token error",
        };
        *self.refused.entry(reason).or_default() += 1;
    }
}

/// The kind of an O2 refusal, from its reason's wording.
fn refusal(reason: &str) -> &'static str {
    const KINDS: [(&str, &str); 12] = [
        ("signature", "signature"),
        ("retired", "retired key"),
        ("unknown key", "unknown key"),
        ("algorithm", "algorithm"),
        ("alg none", "alg none"),
        ("issuer", "issuer"),
        ("`aud`", "audience"),
        ("not valid yet", "nbf"),
        ("username", "username"),
        ("groups", "groups"),
        ("`sub`", "sub"),
        ("authentication_providers", "provider list"),
    ];
    KINDS
        .iter()
        .find(|(text, _)| reason.contains(text))
        .map_or("other", |(_, kind)| kind)
}

/// The transaction time of every generated query (SCENARIO_FORMAT's default).
fn transaction(principal: Principal) -> Transaction {
    let at = chrono::DateTime::parse_from_rfc3339(model::scenario::DEFAULT_AT)
        .unwrap_or_else(|_| chrono::DateTime::UNIX_EPOCH.fixed_offset());
    Transaction {
        principal,
        at,
        limits: Limits::default(),
    }
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
        outcome.over_budget += u64::from(
            verdict
                .answers
                .iter()
                .any(|a| crate::compare::over_budget(&a.outcome)),
        );
        if let Some(d) = verdict.disagreement {
            outcome.mismatch = Some(format!("query {number} `{text}`: {d}"));
            return outcome;
        }
    }
    let mut current = built;
    for (index, session) in world
        .abac
        .iter()
        .flat_map(|a| a.sessions.iter().enumerate())
    {
        let mismatch = run_session(oracle, &mut current, index, session, &mut outcome.sessions);
        if mismatch.is_some() {
            outcome.mismatch = mismatch;
            return outcome;
        }
    }
    outcome
}

/// Session `index` as the scenario file runs it: opened at its instant
/// (token minted then, the rules of that moment kept: A5), compared; the
/// rule change applied and the engines loaded again; compared again at
/// its later instant. The first disagreement, named `session sN ...`.
fn run_session(
    oracle: &mut Oracle<'_>,
    world: &mut Arc<World>,
    index: usize,
    session: &GenSession,
    stats: &mut SessionStats,
) -> Option<String> {
    let name = GenSession::name(index);
    let claims = claims_from_toml(&session.claims_table());
    let opened = OidcSession::open(
        name.clone(),
        &world.config.oidc,
        &world.catalog,
        &claims,
        &session.token,
        session.at,
    )
    .ok()
    .map(Arc::new);
    if opened.is_none() {
        stats.unminted += 1;
    }
    let text = session.query.text();
    let read = match parse_statement(&text) {
        Ok(Statement::Read(read)) => Some(read),
        _ => None,
    };
    let compare = |world: &World,
                   oracle: &mut Oracle<'_>,
                   stats: &mut SessionStats,
                   at: DateTime<FixedOffset>| {
        let oidc = opened.as_ref()?;
        stats.transactions += 1;
        let tx = Transaction {
            principal: Principal::Oidc(oidc.clone()),
            at,
            limits: Limits::default(),
        };
        if let Some((query, read)) = read.as_ref().map(|r| (&text, r)) {
            let verdict = oracle.query(&tx, read);
            if let Some(d) = verdict.disagreement {
                return Some(format!("session {name} at {at}: query `{query}`: {d}"));
            }
        }
        let verdict = oracle.visibility(&tx);
        match verdict.first() {
            Some(Err(e)) => stats.refuse(e),
            _ => {
                stats.accepted += 1;
                count_rules(world, oidc, at, stats);
            }
        }
        verdict
            .disagreement
            .map(|d| format!("session {name} at {at}: visibility: {d}"))
    };
    if let Some(m) = compare(world, oracle, stats, session.at) {
        return Some(m);
    }
    let later = session.later?;
    // One copy for all the changes: a refused command changes nothing (E2).
    let mut edited = (**world).clone();
    let mut changed = false;
    for text in &session.change {
        let applied = generators::admin_command(text).and_then(|command| {
            model::admin::exec::execute(&command, &mut edited.catalog, &mut edited.graph.tokens)
                .map_err(|e| e.to_string())
        });
        match applied {
            Ok(_) => {
                stats.changes_applied += 1;
                changed = true;
            }
            Err(_) => stats.changes_refused += 1,
        }
    }
    if changed {
        *world = Arc::new(edited);
        if let Some(d) = oracle.load(world).disagreement {
            return Some(format!("session {name}: loading the changed world: {d}"));
        }
    }
    compare(world, oracle, stats, later)
}

/// A3's outcomes of every rule for an accepted session transaction, as
/// the reference decides them.
fn count_rules(
    world: &World,
    session: &OidcSession,
    at: DateTime<FixedOffset>,
    stats: &mut SessionStats,
) {
    if let Ok(roles) = reference::security::abac::session_roles(world, session, at) {
        for (_, outcome) in &roles.rules {
            if outcome.fulfilled() {
                stats.rules_fulfilled += 1;
            } else {
                stats.rules_unfulfilled += 1;
            }
        }
    }
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
