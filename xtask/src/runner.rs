//! Running a loaded scenario on one or more engines: the world is prepared
//! once (graph, built-in roles, `security`, `config`), administration
//! commands among the queries change it for every engine alike, and every
//! read query is answered by each engine and judged against `expect` and
//! against the other engines.

use std::collections::BTreeSet;

use differential::{disagreement, visibility_disagreement};
use model::admin::AdminCommand;
use model::admin::exec::execute;
use model::ast::Query;
use model::catalog::ADMIN;
use model::cypher::Statement;
use model::engine::{Engine, Principal, Transaction};
use model::rows::{QueryResult, compare_with_expected};
use model::scenario::{Expectation, Scenario, ScenarioQuery};
use model::value::Value;
use model::world::World;
use reference::ReferenceEngine;
use reference::explain::{ExplainTarget, explain};

/// One engine's answer to one query, and the verdict on it.
pub struct QueryReport {
    /// The query's 1-based number.
    pub number: usize,
    /// The engine's name.
    pub engine: &'static str,
    /// The rows, or the error message.
    pub outcome: Result<QueryResult, String>,
    /// `None` when it passed; otherwise why it failed.
    pub failure: Option<String>,
}

/// Runs every query of `scenario` on every engine, in file order.
pub fn run_scenario(
    scenario: &Scenario,
    engines: &mut [Box<dyn Engine>],
) -> Result<Vec<QueryReport>, String> {
    let mut world = scenario.world()?;
    let mut reports = Vec::new();
    for query in &scenario.queries {
        let answers = match &query.statement {
            Err(syntax) => shared_outcome(engines, query, Err(syntax.to_string())),
            Ok(Statement::Admin(command)) => {
                let outcome = run_admin(&mut world, query, command);
                shared_outcome(engines, query, outcome)
            }
            Ok(Statement::Read(read)) => answer_read(&world, engines, query, read),
        };
        reports.extend(answers);
    }
    Ok(reports)
}

/// Syntax errors and administration commands have one outcome, reported
/// alike for every engine.
fn shared_outcome(
    engines: &[Box<dyn Engine>],
    query: &ScenarioQuery,
    outcome: Result<QueryResult, String>,
) -> Vec<QueryReport> {
    let failure = judge(&query.expectation, &outcome);
    engines
        .iter()
        .map(|engine| QueryReport {
            number: query.number,
            engine: engine.name(),
            outcome: outcome.clone(),
            failure: failure.clone(),
        })
        .collect()
}

/// Each engine answers a read query; each answer is judged against the
/// expectation and the first engine's answer, and failures carry the
/// reference's explanation.
fn answer_read(
    world: &World,
    engines: &mut [Box<dyn Engine>],
    query: &ScenarioQuery,
    read: &Query,
) -> Vec<QueryReport> {
    let mut answers: Vec<QueryReport> = engines
        .iter_mut()
        .map(|engine| {
            let outcome = query.user.principal().and_then(|principal| {
                let tx = Transaction {
                    principal,
                    at: query.at,
                };
                engine.query(world, &tx, read).map_err(|e| e.message)
            });
            let failure = judge(&query.expectation, &outcome);
            QueryReport {
                number: query.number,
                engine: engine.name(),
                outcome,
                failure,
            }
        })
        .collect();
    cross_check(&mut answers);
    visibility_check(world, engines, query, &mut answers);
    if answers.iter().any(|a| a.failure.is_some()) {
        let why = explanation(world, query, read, &answers);
        for failure in answers.iter_mut().filter_map(|a| a.failure.as_mut()) {
            failure.push_str(&why);
        }
    }
    answers
}

/// Runs an administration command among the queries. Only administrators may
/// (decision: a native user needs the `admin` role; Neo4j's finer-grained
/// DBMS privileges are outside Polygraph's read semantics).
fn run_admin(
    world: &mut World,
    query: &ScenarioQuery,
    command: &AdminCommand,
) -> Result<QueryResult, String> {
    let principal = query.user.principal()?;
    if let Principal::Native(user) = &principal {
        let is_admin = world
            .catalog
            .users
            .get(user)
            .is_some_and(|u| u.roles.contains(ADMIN));
        if !is_admin {
            return Err(format!(
                "Permission denied: user '{user}' may not run administration commands"
            ));
        }
    }
    let rows = execute(command, &mut world.catalog, &mut world.graph.tokens)?;
    match show_tail(command) {
        Some(tail) => reference::interpret::apply_tail(rows, tail).map_err(|e| e.message),
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
fn judge(expectation: &Expectation, outcome: &Result<QueryResult, String>) -> Option<String> {
    match (expectation, outcome) {
        (Expectation::Rows(expected), Ok(result)) => compare_with_expected(result, expected).err(),
        (Expectation::Rows(_), Err(e)) | (Expectation::Success, Err(e)) => {
            Some(format!("expected rows, got the error: {e}"))
        }
        (Expectation::Success, Ok(_)) => None,
        (Expectation::Error(text), Err(e)) => (!e.contains(text.as_str()))
            .then(|| format!("expected an error containing {text:?}, got: {e}")),
        (Expectation::Error(text), Ok(result)) => Some(format!(
            "expected an error containing {text:?}, got {} row(s)",
            result.rows.len()
        )),
    }
}

/// With several engines, a query also fails when an engine disagrees with the first.
fn cross_check(answers: &mut [QueryReport]) {
    let Some((first, others)) = answers.split_first_mut() else {
        return;
    };
    for other in others {
        if let Some(line) = disagreement(first.engine, &first.outcome, other.engine, &other.outcome)
        {
            add_failure(first, &line);
            add_failure(other, &line);
        }
    }
}

/// With several engines, a read query also fails when the engines disagree
/// on its user's whole visibility (`Engine::visibility`), even if its rows
/// happen to agree: the rows show only what the query touches.
fn visibility_check(
    world: &World,
    engines: &mut [Box<dyn Engine>],
    query: &ScenarioQuery,
    answers: &mut [QueryReport],
) {
    let Ok(principal) = query.user.principal() else {
        return;
    };
    let tx = Transaction {
        principal,
        at: query.at,
    };
    let mut seen = engines
        .iter_mut()
        .map(|e| (e.name(), e.visibility(world, &tx)));
    let Some((first, first_seen)) = seen.next() else {
        return;
    };
    let lines: Vec<String> = seen
        .filter_map(|(name, other)| {
            let why = visibility_disagreement(first, &first_seen, name, &other)?;
            Some(format!(
                "engines disagree on the user's visibility ({first} vs {name}):\n{why}"
            ))
        })
        .collect();
    if lines.is_empty() {
        return;
    }
    let line = lines.join("\n");
    for report in answers.iter_mut() {
        add_failure(report, &line);
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
    world: &World,
    query: &ScenarioQuery,
    read: &Query,
    answers: &[QueryReport],
) -> String {
    let Ok(principal) = query.user.principal() else {
        return String::new();
    };
    let mut nodes = BTreeSet::new();
    let mut rels = BTreeSet::new();
    let admin = Transaction {
        principal: Principal::Admin,
        at: query.at,
    };
    let unrestricted = ReferenceEngine.query(world, &admin, read).ok();
    let results = answers
        .iter()
        .filter_map(|a| a.outcome.as_ref().ok())
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
    let text = match explain(world, &principal, target) {
        Ok(text) => text,
        Err(e) => e.message,
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

    use model::engine::{EngineError, Visibility};
    use model::scenario::load_str;
    use model::value::Value;

    use super::*;

    /// An engine that answers every query with one row `x = 2`.
    struct Stubborn;

    impl Engine for Stubborn {
        fn name(&self) -> &'static str {
            "stubborn"
        }
        fn query(
            &mut self,
            _: &World,
            _: &Transaction,
            _: &Query,
        ) -> Result<QueryResult, EngineError> {
            Ok(QueryResult {
                columns: vec!["x".into()],
                rows: vec![vec![Value::Integer(2)]],
                sort_keys: None,
            })
        }
        fn visibility(&mut self, _: &World, _: &Transaction) -> Result<Visibility, EngineError> {
            Ok(Visibility::default())
        }
    }

    fn run(text: &str) -> Vec<QueryReport> {
        let scenario = load_str(Path::new("t.toml"), text).unwrap_or_else(|e| panic!("{e}"));
        let mut engines: Vec<Box<dyn Engine>> = vec![Box::new(ReferenceEngine), Box::new(Stubborn)];
        run_scenario(&scenario, &mut engines).unwrap_or_else(|e| panic!("{e}"))
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
            "name = \"t\"\n[[query]]\ncypher = \"CREATE ROLE r\"\n[[query]]\ncypher = \"CREATE ROLE r\"\nexpect_error = \"\"\n",
        );
        assert_eq!(reports.len(), 4);
        assert!(
            reports.iter().all(|r| r.failure.is_none()),
            "the second CREATE ROLE fails for both"
        );
    }
}
