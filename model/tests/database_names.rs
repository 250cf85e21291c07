//! Database and graph names are case-insensitive and normalised to lowercase
//! (docs/spec/semantics.md D4): written out by hand, command text → the graph scope
//! stored, the `graph` column of `SHOW PRIVILEGES` and the
//! `SHOW PRIVILEGES AS COMMANDS` line; and a scenario's `database` field →
//! the name engines compare with.
//!
//! Both engines compare stored names with the scenario's database name as
//! they are, so the normalisation has to happen here, once, where commands
//! are parsed and stored and where scenarios are loaded.

use std::path::Path;

use model::admin::exec::execute;
use model::admin::{AdminCommand, ShowTail};
use model::catalog::{Catalog, GraphScope};
use model::cypher::parse_admin_script;
use model::graph::Tokens;
use model::scenario::load_str;
use model::value::Value;

fn named(name: &str) -> GraphScope {
    GraphScope::Named(name.to_string())
}

/// Runs `script` on a catalog with the built-in roles and a role `r`.
fn catalog_after(script: &str) -> Catalog {
    let mut catalog = Catalog::with_builtins();
    let commands = match parse_admin_script(&format!("CREATE ROLE r; {script}")) {
        Ok(c) => c,
        Err(e) => panic!("`{script}` does not parse at {}: {}", e.offset, e.message()),
    };
    for command in commands {
        if let Err(e) = execute(&command.item, &mut catalog, &mut Tokens::default()) {
            panic!("`{script}` failed: {e}");
        }
    }
    catalog
}

/// Column `column` of `SHOW ROLE r PRIVILEGES [AS COMMANDS]`, sorted.
fn shown(catalog: &mut Catalog, as_commands: bool, column: &str) -> Vec<String> {
    let show = AdminCommand::ShowPrivileges {
        roles: vec!["r".to_string()],
        as_commands,
        tail: ShowTail::default(),
    };
    let result = match execute(&show, catalog, &mut Tokens::default()) {
        Ok(r) => r,
        Err(e) => panic!("SHOW failed: {e}"),
    };
    let Some(i) = result.columns.iter().position(|c| c == column) else {
        panic!("no column {column} in {:?}", result.columns);
    };
    let mut values: Vec<String> = result
        .rows
        .iter()
        .map(|row| match &row[i] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    values.sort();
    values
}

/// One row: command text, the graphs stored (in order), the `graph`
/// column (sorted), the command lines (sorted).
struct Case {
    command: &'static str,
    stored: Vec<GraphScope>,
    graph_column: &'static [&'static str],
    commands: &'static [&'static str],
}

#[test]
fn graph_and_database_names_are_stored_and_shown_in_lowercase() {
    let cases = [
        Case {
            command: "GRANT ACCESS ON DATABASE NEO4J TO r",
            stored: vec![named("neo4j")],
            graph_column: &["neo4j"],
            commands: &["GRANT ACCESS ON DATABASE `neo4j` TO `r`"],
        },
        Case {
            command: "DENY READ {k} ON GRAPH `NEO4J` NODES * TO r",
            stored: vec![named("neo4j")],
            graph_column: &["neo4j"],
            commands: &["DENY READ {k} ON GRAPH `neo4j` NODE * TO `r`"],
        },
        // No segment: ELEMENTS *, two stored privileges, both on neo4j.
        Case {
            command: "DENY READ {k} ON GRAPH `NEO4J` TO r",
            stored: vec![named("neo4j"), named("neo4j")],
            graph_column: &["neo4j", "neo4j"],
            commands: &[
                "DENY READ {k} ON GRAPH `neo4j` NODE * TO `r`",
                "DENY READ {k} ON GRAPH `neo4j` RELATIONSHIP * TO `r`",
            ],
        },
        Case {
            command: "GRANT TRAVERSE ON GRAPH `Neo4j` NODES A TO r",
            stored: vec![named("neo4j")],
            graph_column: &["neo4j"],
            commands: &["GRANT TRAVERSE ON GRAPH `neo4j` NODE A TO `r`"],
        },
        Case {
            command: "GRANT TRAVERSE ON GRAPH neo4j NODES A TO r",
            stored: vec![named("neo4j")],
            graph_column: &["neo4j"],
            commands: &["GRANT TRAVERSE ON GRAPH `neo4j` NODE A TO `r`"],
        },
        Case {
            command: "GRANT ACCESS ON DATABASE `My.Db` TO r",
            stored: vec![named("my.db")],
            graph_column: &["my.db"],
            commands: &["GRANT ACCESS ON DATABASE `my.db` TO `r`"],
        },
        Case {
            command: "GRANT MATCH {*} ON GRAPH `My.Db` NODES A TO r",
            stored: vec![named("my.db")],
            graph_column: &["my.db"],
            commands: &["GRANT MATCH {*} ON GRAPH `my.db` NODE A TO `r`"],
        },
        Case {
            command: "GRANT TRAVERSE ON HOME GRAPH NODES A TO r",
            stored: vec![GraphScope::Home],
            graph_column: &["HOME"],
            commands: &["GRANT TRAVERSE ON HOME GRAPH NODE A TO `r`"],
        },
        Case {
            command: "GRANT ACCESS ON HOME DATABASE TO r",
            stored: vec![GraphScope::Home],
            graph_column: &["HOME"],
            commands: &["GRANT ACCESS ON HOME DATABASE TO `r`"],
        },
        Case {
            command: "GRANT ACCESS ON DEFAULT DATABASE TO r",
            stored: vec![GraphScope::Default],
            graph_column: &["DEFAULT"],
            commands: &["GRANT ACCESS ON DEFAULT DATABASE TO `r`"],
        },
        Case {
            command: "GRANT TRAVERSE ON DEFAULT GRAPH NODES A TO r",
            stored: vec![GraphScope::Default],
            graph_column: &["DEFAULT"],
            commands: &["GRANT TRAVERSE ON DEFAULT GRAPH NODE A TO `r`"],
        },
        Case {
            command: "GRANT ACCESS ON DATABASE * TO r",
            stored: vec![GraphScope::All],
            graph_column: &["*"],
            commands: &["GRANT ACCESS ON DATABASE * TO `r`"],
        },
        Case {
            command: "GRANT TRAVERSE ON GRAPH * NODES A TO r",
            stored: vec![GraphScope::All],
            graph_column: &["*"],
            commands: &["GRANT TRAVERSE ON GRAPH * NODE A TO `r`"],
        },
        Case {
            command: "GRANT TRAVERSE ON GRAPHS A, b NODES X TO r",
            stored: vec![named("a"), named("b")],
            graph_column: &["a", "b"],
            commands: &[
                "GRANT TRAVERSE ON GRAPH `a` NODE X TO `r`",
                "GRANT TRAVERSE ON GRAPH `b` NODE X TO `r`",
            ],
        },
        Case {
            command: "GRANT ACCESS ON DATABASES Movies, MOVIES, movies TO r",
            stored: vec![named("movies")],
            graph_column: &["movies"],
            commands: &["GRANT ACCESS ON DATABASE `movies` TO `r`"],
        },
        // Two spellings of one privilege: the second stores nothing (P5).
        Case {
            command: "GRANT TRAVERSE ON GRAPH neo4j NODES A TO r; GRANT TRAVERSE ON GRAPH NEO4J NODES A TO r",
            stored: vec![named("neo4j")],
            graph_column: &["neo4j"],
            commands: &["GRANT TRAVERSE ON GRAPH `neo4j` NODE A TO `r`"],
        },
        // REVOKE matches whatever the spelling (P5 identity after D4).
        Case {
            command: "GRANT ACCESS ON DATABASE neo4j TO r; REVOKE ACCESS ON DATABASE `NEO4J` FROM r",
            stored: vec![],
            graph_column: &[],
            commands: &[],
        },
        Case {
            command: "DENY READ {k} ON GRAPH `NEO4J` NODES * TO r; REVOKE DENY READ {k} ON GRAPH Neo4j NODES * FROM r",
            stored: vec![],
            graph_column: &[],
            commands: &[],
        },
    ];
    let mut failures = Vec::new();
    for case in cases {
        let mut catalog = catalog_after(case.command);
        let stored: Vec<GraphScope> = catalog
            .roles
            .get("r")
            .map(|r| r.privileges.iter().map(|p| p.graph.clone()).collect())
            .unwrap_or_default();
        let graph_column = shown(&mut catalog, false, "graph");
        let commands = shown(&mut catalog, true, "command");
        if stored != case.stored || graph_column != case.graph_column || commands != case.commands {
            failures.push(format!(
                "{}:\n  stored {stored:?}, want {:?}\n  graph {graph_column:?}, want {:?}\n  commands {commands:?}, want {:?}",
                case.command, case.stored, case.graph_column, case.commands
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A scenario's `database` field is a name like the others: `Movies` is
/// database `movies`, which `GRANT ... ON GRAPH MOVIES` names.
#[test]
fn the_scenario_database_field_is_lowercased() {
    let cases = [
        ("database = \"Movies\"\n", "movies"),
        ("database = \"MOVIES\"\n", "movies"),
        ("database = \"movies\"\n", "movies"),
        ("database = \"My.Db\"\n", "my.db"),
        ("", "neo4j"),
        ("database = \"NEO4J\"\n", "neo4j"),
    ];
    for (field, want) in cases {
        let text = format!(
            "name = \"d\"\n{field}security = \"CREATE ROLE r; GRANT MATCH {{*}} ON GRAPH MOVIES TO r\"\n\
             [[query]]\ncypher = \"MATCH (n) RETURN n\"\n"
        );
        let scenario = match load_str(Path::new("d.toml"), &text) {
            Ok(s) => s,
            Err(e) => panic!("{field}: {e}"),
        };
        assert_eq!(scenario.database, want, "{field}");
        let world = match scenario.world() {
            Ok(w) => w,
            Err(e) => panic!("{field}: {e}"),
        };
        assert_eq!(world.database, want, "{field}");
        let graphs: Vec<GraphScope> = world
            .catalog
            .roles
            .get("r")
            .map(|r| r.privileges.iter().map(|p| p.graph.clone()).collect())
            .unwrap_or_default();
        assert_eq!(graphs, vec![named("movies"), named("movies")], "{field}");
    }
}
