//! Running a loaded scenario on one or more engines: the world is prepared
//! once (graph, built-in roles, `security`, `config`) and loaded into every
//! engine; administration commands among the queries change it for every
//! engine alike ([`apply_admin`], which `explain` uses too) and it is
//! loaded again; every read query is answered by each engine through the
//! differential oracle and judged against `expect` and against the other
//! engines.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use differential::{Oracle, Verdict};
use model::admin::AdminCommand;
use model::admin::exec::execute;
use model::ast::Query;
use model::catalog::ADMIN;
use model::cypher::Statement;
use model::engine::{Engine, EngineError, OidcSession, Principal, Transaction};
use model::error::ErrorKind;
use model::limits::Limits;
use model::oidc::token::claims_from_toml;
use model::rows::{QueryResult, compare_with_expected};
use model::scenario::{Expectation, QueryUser, Scenario, ScenarioQuery};
use model::value::Value;
use model::world::World;
use reference::ReferenceEngine;
use reference::explain::{ExplainTarget, explain};

/// One engine's answer to one query, and the verdict on it.
pub struct QueryReport {
    /// The query's 1-based number.
    pub number: usize,
    /// The engine's name.
    pub engine: String,
    /// The rows, or the error.
    pub outcome: Result<QueryResult, EngineError>,
    /// `None` when it passed; otherwise why it failed.
    pub failure: Option<String>,
}

/// Runs every query of `scenario` on every engine, in file order, each
/// under the budgets `limits`.
pub fn run_scenario(
    scenario: &Scenario,
    engines: &mut [&mut dyn Engine],
    limits: Limits,
) -> Result<Vec<QueryReport>, String> {
    let mut world = Arc::new(scenario.world()?);
    let mut oracle = Oracle::new(engines);
    let mut load_failure = oracle.load(&world).disagreement;
    let mut sessions = Sessions::with_limits(limits);
    let mut reports = Vec::new();
    for query in &scenario.queries {
        let answers = match &query.statement {
            Err(syntax) => {
                let error = match &syntax.kind {
                    Some(kind) => EngineError::of((**kind).clone()),
                    None => EngineError::of(ErrorKind::Syntax(syntax.message.clone())),
                };
                shared_outcome(&oracle, query, Err(error))
            }
            Ok(Statement::Admin(command)) => {
                let outcome = run_admin(&mut world, &mut oracle, &mut sessions, query, command);
                if outcome.changed {
                    load_failure = oracle.load(&world).disagreement;
                }
                let mut answers = shared_outcome(&oracle, query, outcome.result);
                if let Some(why) = outcome.disagreement {
                    answers.iter_mut().for_each(|a| add_failure(a, &why));
                }
                answers
            }
            Ok(Statement::Read(read)) => {
                answer_read(&world, &mut oracle, &mut sessions, query, read)
            }
        };
        let mut answers = answers;
        if let Some(why) = &load_failure {
            let line = format!("engines disagree on loading the world:\n{why}");
            answers.iter_mut().for_each(|a| add_failure(a, &line));
        }
        reports.extend(answers);
    }
    Ok(reports)
}

/// Syntax errors and administration commands have one outcome, reported
/// alike for every engine.
fn shared_outcome(
    oracle: &Oracle<'_>,
    query: &ScenarioQuery,
    outcome: Result<QueryResult, EngineError>,
) -> Vec<QueryReport> {
    let failure = judge(&query.expectation, &outcome);
    oracle
        .names()
        .into_iter()
        .map(|engine| QueryReport {
            number: query.number,
            engine,
            outcome: outcome.clone(),
            failure: failure.clone(),
        })
        .collect()
}

/// Each engine answers a read query; each answer is judged against the
/// expectation and the first engine's answer, and failures carry the
/// reference's explanation.
fn answer_read(
    world: &Arc<World>,
    oracle: &mut Oracle<'_>,
    sessions: &mut Sessions,
    query: &ScenarioQuery,
    read: &Query,
) -> Vec<QueryReport> {
    let tx = match sessions.transaction(world, query) {
        Ok(tx) => tx,
        Err(why) => {
            let error = EngineError::of(ErrorKind::Syntax(why));
            return shared_outcome(oracle, query, Err(error));
        }
    };
    let Verdict {
        answers,
        disagreement,
    } = oracle.query(&tx, read);
    let mut reports: Vec<QueryReport> = answers
        .into_iter()
        .map(|answer| QueryReport {
            number: query.number,
            failure: judge(&query.expectation, &answer.outcome),
            engine: answer.engine,
            outcome: answer.outcome,
        })
        .collect();
    if let Some(line) = disagreement {
        reports.iter_mut().for_each(|r| add_failure(r, &line));
    }
    // With several engines, a read query also fails when the engines
    // disagree on its user's whole visibility, even if its rows happen to
    // agree: the rows show only what the query touches.
    if oracle.len() > 1
        && let Some(why) = oracle.visibility(&tx).disagreement
    {
        let line = format!("engines disagree on the user's visibility:\n{why}");
        reports.iter_mut().for_each(|r| add_failure(r, &line));
    }
    if reports.iter().any(|r| r.failure.is_some()) {
        let why = explanation(world, &tx, read, &reports);
        for failure in reports.iter_mut().filter_map(|r| r.failure.as_mut()) {
            failure.push_str(&why);
        }
    }
    reports
}

/// The OIDC sessions a scenario has opened so far, by name: a session
/// keeps the token minted when it opened and the auth rules that existed
/// then (A5); its later queries reuse both.
#[derive(Default)]
pub struct Sessions {
    open: BTreeMap<String, Arc<OidcSession>>,
    /// The budgets every transaction gets.
    limits: Limits,
}

impl Sessions {
    /// No session open yet; transactions run under `limits`.
    pub fn with_limits(limits: Limits) -> Self {
        Sessions {
            open: BTreeMap::new(),
            limits,
        }
    }

    /// The transaction `query` runs in against `world`: its user (for
    /// `claims`, the session it opens or continues, with a token minted
    /// when the session opens), and its time. Fails when the token cannot
    /// be minted as the query's `token` table asks.
    pub fn transaction(
        &mut self,
        world: &World,
        query: &ScenarioQuery,
    ) -> Result<Transaction, String> {
        let principal = match &query.user {
            QueryUser::Admin => Principal::Admin,
            QueryUser::Native(name) => Principal::Native(name.clone()),
            QueryUser::Oidc { claims, token } => {
                let named = query.session.as_ref().and_then(|n| self.open.get(n));
                match named {
                    Some(session) => Principal::Oidc(session.clone()),
                    None => {
                        let id = query
                            .session
                            .clone()
                            .unwrap_or_else(|| format!("query {}", query.number));
                        let session = Arc::new(OidcSession::open(
                            id,
                            &world.config.oidc,
                            &world.catalog,
                            &claims_from_toml(claims),
                            token,
                            query.at,
                        )?);
                        if let Some(name) = &query.session {
                            self.open.insert(name.clone(), session.clone());
                        }
                        Principal::Oidc(session)
                    }
                }
            }
        };
        Ok(Transaction {
            principal,
            at: query.at,
            limits: self.limits,
        })
    }
}

/// What an administration command among the queries did.
struct AdminOutcome {
    /// Its rows or its error.
    result: Result<QueryResult, EngineError>,
    /// Whether the world changed (so engines must load it again).
    changed: bool,
    /// How the engines disagreed on whether the user may run it.
    disagreement: Option<String>,
}

/// Runs an administration command among the queries: the one path by which
/// a scenario changes its world after `security` (`check` and `explain`
/// alike).
fn run_admin(
    world: &mut Arc<World>,
    oracle: &mut Oracle<'_>,
    sessions: &mut Sessions,
    query: &ScenarioQuery,
    command: &AdminCommand,
) -> AdminOutcome {
    let tx = match sessions.transaction(world, query) {
        Ok(tx) => tx,
        Err(why) => {
            return AdminOutcome {
                result: Err(EngineError::of(ErrorKind::Syntax(why))),
                changed: false,
                disagreement: None,
            };
        }
    };
    let mut disagreement = None;
    let mut access = |tx: &Transaction| {
        let verdict = oracle.access(tx);
        disagreement = verdict.disagreement;
        // Every engine must allow it: a command runs once, for all of them.
        verdict
            .answers
            .into_iter()
            .map(|a| a.outcome)
            .find(Result::is_err)
            .unwrap_or(Ok(()))
    };
    let before = world.clone();
    let result = apply_admin(Arc::make_mut(world), &tx, command, &mut access);
    let changed = !same_world(&before, world);
    AdminOutcome {
        result,
        changed,
        disagreement,
    }
}

/// Whether an administration command left the world as it was: it changed
/// the catalog (its version moves) or registered a token.
fn same_world(before: &World, after: &World) -> bool {
    before.catalog.version == after.catalog.version && before.graph.tokens == after.graph.tokens
}

/// Applies an administration command run in `tx` to `world`, as every
/// scenario command after `security` is applied; answers SHOW commands
/// with their rows (YIELD/WHERE/RETURN applied).
///
/// Only administrators may (decision: a native user needs the `admin` role;
/// Neo4j's finer-grained DBMS privileges are outside Polygraph's read
/// semantics). A procedure that runs in the database (`db.createLabel` and
/// the like) also needs ACCESS (U5), which `access` asks the engines about:
/// that is a security decision, so it is theirs.
pub fn apply_admin(
    world: &mut World,
    tx: &Transaction,
    command: &AdminCommand,
    access: &mut dyn FnMut(&Transaction) -> Result<(), EngineError>,
) -> Result<QueryResult, EngineError> {
    match &tx.principal {
        Principal::Admin => {}
        Principal::Native(user) => {
            let is_admin = world
                .catalog
                .users
                .get(user)
                .is_some_and(|u| u.roles.contains(ADMIN));
            if !is_admin {
                return Err(EngineError::of(ErrorKind::AdministrationDenied(
                    user.clone(),
                )));
            }
        }
        // Decision: an OIDC session runs no administration command.
        Principal::Oidc(session) => {
            return Err(EngineError::of(ErrorKind::AdministrationDenied(
                session.id.clone(),
            )));
        }
    }
    if matches!(command, AdminCommand::CreateToken { .. }) {
        access(tx)?;
    }
    let rows = execute(command, &mut world.catalog, &mut world.graph.tokens)?;
    match show_tail(command) {
        Some(tail) => reference::interpret::apply_tail(rows, tail),
        None => Ok(rows),
    }
}

fn show_tail(command: &AdminCommand) -> Option<&model::admin::ShowTail> {
    match command {
        AdminCommand::ShowRoles { tail, .. }
        | AdminCommand::ShowUsers { tail }
        | AdminCommand::ShowPrivileges { tail, .. }
        | AdminCommand::ShowAuthRules { tail, .. } => Some(tail),
        _ => None,
    }
}

/// The verdict on one outcome against the query's expectation.
fn judge(expectation: &Expectation, outcome: &Result<QueryResult, EngineError>) -> Option<String> {
    match (expectation, outcome) {
        (Expectation::Rows(expected), Ok(result)) => compare_with_expected(result, expected).err(),
        (Expectation::Rows(_), Err(e)) | (Expectation::Success, Err(e)) => Some(format!(
            "expected rows, got the error: {}",
            differential::compare::described(e)
        )),
        (Expectation::Success, Ok(_)) => None,
        (Expectation::Error(text), Err(e)) => (!e.matches(text)).then(|| {
            format!(
                "expected an error matching {text:?} (a code or a part of the message), got: {}",
                differential::compare::described(e)
            )
        }),
        (Expectation::Error(text), Ok(result)) => Some(format!(
            "expected an error matching {text:?}, got {} row(s)",
            result.rows.len()
        )),
    }
}

/// Appends `line` to `report`'s failure.
fn add_failure(report: &mut QueryReport, line: &str) {
    report.failure = Some(match report.failure.take() {
        Some(f) => format!("{f}\n{line}"),
        None => line.to_string(),
    });
}

/// The reference's explanation of the elements a failing query involves:
/// those in the engines' rows and those an administrator's run of the same
/// query returns (the rows a user may be missing); every element when
/// neither holds any (aggregates, for instance).
fn explanation(
    world: &Arc<World>,
    tx: &Transaction,
    read: &Query,
    reports: &[QueryReport],
) -> String {
    let mut nodes = BTreeSet::new();
    let mut rels = BTreeSet::new();
    let admin = Transaction {
        principal: Principal::Admin,
        at: tx.at,
        limits: tx.limits,
    };
    let unrestricted = ReferenceEngine::with_world(world.clone())
        .query(&admin, read)
        .ok();
    let results = reports
        .iter()
        .filter_map(|r| r.outcome.as_ref().ok())
        .chain(unrestricted.as_ref());
    for result in results {
        result
            .rows
            .iter()
            .flatten()
            .for_each(|v| collect_elements(v, &mut nodes, &mut rels));
    }
    let target = if nodes.is_empty() && rels.is_empty() {
        ExplainTarget::Everything
    } else {
        ExplainTarget::Elements {
            nodes: nodes.into_iter().collect(),
            relationships: rels.into_iter().collect(),
        }
    };
    let text = match explain(world, tx, target) {
        Ok(text) => text,
        Err(e) => e.message(),
    };
    let mut out = String::from("\nreference explanation:");
    for line in text.lines() {
        out.push_str("\n  ");
        out.push_str(line);
    }
    out
}

fn collect_elements(value: &Value, nodes: &mut BTreeSet<u64>, rels: &mut BTreeSet<u64>) {
    match value {
        Value::Node(n) => {
            nodes.insert(n.id);
        }
        Value::Relationship(r) => {
            rels.insert(r.id);
        }
        Value::Path(p) => {
            nodes.extend(p.nodes.iter().map(|n| n.id));
            rels.extend(p.relationships.iter().map(|r| r.id));
        }
        Value::List(items) => items.iter().for_each(|v| collect_elements(v, nodes, rels)),
        Value::Map(entries) => entries
            .values()
            .for_each(|v| collect_elements(v, nodes, rels)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use model::engine::Visibility;
    use model::scenario::load_str;
    use model::value::Value;

    use super::*;

    /// An engine that answers every query with one row `x = 2`.
    struct Stubborn;

    impl Engine for Stubborn {
        fn name(&self) -> &str {
            "stubborn"
        }
        fn load(&mut self, _: Arc<World>) -> Result<(), EngineError> {
            Ok(())
        }
        fn access(&mut self, _: &Transaction) -> Result<(), EngineError> {
            Ok(())
        }
        fn query(&mut self, _: &Transaction, _: &Query) -> Result<QueryResult, EngineError> {
            Ok(QueryResult {
                columns: vec!["x".into()],
                rows: vec![vec![Value::Integer(2)]],
                sort_keys: None,
            })
        }
        fn visibility(&mut self, _: &Transaction) -> Result<Visibility, EngineError> {
            Ok(Visibility::default())
        }
    }

    fn run(text: &str) -> Vec<QueryReport> {
        let scenario = load_str(Path::new("t.toml"), text).unwrap_or_else(|e| panic!("{e}"));
        let mut reference = ReferenceEngine::default();
        let mut stubborn = Stubborn;
        let mut engines: Vec<&mut dyn Engine> = vec![&mut reference, &mut stubborn];
        run_scenario(&scenario, &mut engines, Limits::default()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_disagreement_fails_both_engines_and_shows_both_answers() {
        let reports = run("name = \"t\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\n");
        assert_eq!(reports.len(), 2);
        for report in &reports {
            let failure = report
                .failure
                .as_deref()
                .unwrap_or_else(|| panic!("{} passed", report.engine));
            assert!(
                failure.contains("engines disagree (reference vs stubborn)"),
                "{failure}"
            );
            assert!(
                failure.contains("reference answered: 1 row(s) [{x: 1}]"),
                "{failure}"
            );
            assert!(
                failure.contains("stubborn answered: 1 row(s) [{x: 2}]"),
                "{failure}"
            );
        }
    }

    #[test]
    fn agreeing_engines_are_judged_against_expect_each() {
        let reports =
            run("name = \"t\"\n[[query]]\ncypher = \"RETURN 2 AS x\"\nexpect = [{ x = 2 }]\n");
        assert!(reports.iter().all(|r| r.failure.is_none()));
    }

    #[test]
    fn administration_commands_are_shared_by_every_engine() {
        let reports = run(
            "name = \"t\"\n[[query]]\ncypher = \"CREATE ROLE r\"\n[[query]]\ncypher = \"CREATE ROLE r\"\nexpect_error = \"42N13\"\n",
        );
        assert_eq!(reports.len(), 4);
        assert!(
            reports.iter().all(|r| r.failure.is_none()),
            "the second CREATE ROLE fails for both"
        );
    }

    #[test]
    fn expect_error_matches_a_code_or_a_part_of_the_message() {
        for expected in ["22012", "division by zero", ""] {
            let text = format!(
                "name = \"t\"\n[[query]]\ncypher = \"RETURN 1 / 0 AS x\"\nexpect_error = {expected:?}\n"
            );
            let scenario = load_str(Path::new("t.toml"), &text).unwrap_or_else(|e| panic!("{e}"));
            let mut reference = ReferenceEngine::default();
            let mut engines: Vec<&mut dyn Engine> = vec![&mut reference];
            let reports = run_scenario(&scenario, &mut engines, Limits::default())
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(
                reports[0].failure.is_none(),
                "{expected}: {:?}",
                reports[0].failure
            );
        }
    }
}
