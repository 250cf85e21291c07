//! Round trip of the catalog through its own rendering (DESIGN.md: "round
//! trips such as `SHOW PRIVILEGES AS COMMANDS` re-parsed"): a catalog built
//! by a varied script, shown as commands, re-parsed and re-run on a fresh
//! catalog, must hold the same privileges, and showing it again must give
//! the same text.

use model::admin::exec::execute;
use model::admin::render::privilege_command;
use model::admin::{AdminCommand, ShowTail};
use model::catalog::{Catalog, Privilege};
use model::cypher::{Statement, parse_admin_script, parse_statement};
use model::graph::Tokens;
use model::value::Value;

/// Custom roles of the script; the built-in ones are equal in both catalogs
/// by construction.
const ROLES: [&str; 3] = ["custom", "my role", "writer"];

/// Every segment kind, every predicate form (map form, comparisons, IS
/// [NOT] NULL, IN list, value IN property, NOT), temporal constants, several
/// graphs, labels and keys, write and database privileges.
const SCRIPT: &str = r"
CREATE ROLE custom;
CREATE ROLE `my role`;
CREATE ROLE writer;
GRANT TRAVERSE ON GRAPH * NODES A, B TO custom;
DENY TRAVERSE ON GRAPH * RELATIONSHIPS T TO custom;
GRANT READ {name, surname} ON GRAPH neo4j, other ELEMENTS Person TO custom, `my role`;
GRANT MATCH {*} ON HOME GRAPH NODES * TO custom;
DENY MATCH {secret} ON DEFAULT GRAPH TO custom;
GRANT TRAVERSE ON GRAPH * TO `my role`;
GRANT ACCESS ON DATABASE * TO custom;
DENY ACCESS ON DATABASE other TO `my role`;
GRANT ACCESS ON HOME DATABASE TO `my role`;
GRANT READ {salary} ON GRAPH * FOR (e:Employee) WHERE e.position <> 'CEO' TO `my role`;
DENY READ {salary} ON GRAPH * FOR (e:Employee) WHERE e.position IS NULL TO `my role`;
GRANT TRAVERSE ON GRAPH * FOR (n:Email|Website) {domain: 'example.com'} TO custom;
GRANT TRAVERSE ON GRAPH * FOR (n) WHERE n.level >= 3 TO custom;
GRANT TRAVERSE ON GRAPH * FOR (n) WHERE n.level < -2.5 TO custom;
GRANT TRAVERSE ON GRAPH * FOR (n:A) WHERE n.flag = true TO custom;
GRANT TRAVERSE ON GRAPH * FOR (n:A) WHERE n.s IS NOT NULL TO custom;
GRANT TRAVERSE ON GRAPH * FOR (n:A) WHERE n.s = 'it\'s a \\ test' TO custom;
GRANT READ {*} ON GRAPH * FOR (n) WHERE NOT n.classification IN ['UNCLASSIFIED', 'PUBLIC'] TO custom;
GRANT READ {*} ON GRAPH * FOR (n) WHERE 'EU' IN n.regions TO custom;
GRANT READ {*} ON GRAPH * FOR (n) WHERE n.createdAt > date('2024-10-25') TO custom;
GRANT READ {*} ON GRAPH * FOR ()-[r:OWNS]-() WHERE r.since <= datetime('2020-01-31T10:00:00+01:00') TO custom;
GRANT READ {*} ON GRAPH * FOR ()-[r]-() WHERE r.at = localdatetime('2020-01-31T10:00:00') TO custom;
DENY MATCH {*} ON GRAPH * FOR ()-[r:KNOWS|LIKES]-() WHERE r.d > duration('P1Y2M3DT4H') TO custom;
GRANT MATCH {a} ON GRAPH * FOR ()-[r:KNOWS]-() {weight: 0.5} TO custom;
GRANT WRITE ON GRAPH * TO writer;
GRANT CREATE ON GRAPH * NODES A TO writer;
DENY DELETE ON GRAPH * RELATIONSHIPS T TO writer;
GRANT SET LABEL A ON GRAPH * TO writer;
GRANT SET PROPERTY {p} ON GRAPH * NODES A TO writer;
GRANT MERGE {*} ON GRAPH * NODES A TO writer;
GRANT ALL GRAPH PRIVILEGES ON GRAPH * TO writer;
GRANT NAME MANAGEMENT ON DATABASE * TO writer;
GRANT CREATE NEW NODE LABEL ON DATABASE * TO writer;
GRANT SET LABEL A, `my label` ON GRAPH * TO writer;
DENY REMOVE LABEL * ON GRAPH other TO writer;
GRANT TRANSACTION MANAGEMENT (alice, bob) ON DATABASE * TO writer;
GRANT EXECUTE PROCEDURE db.* ON DBMS TO writer;
GRANT ALL DBMS PRIVILEGES ON DBMS TO writer;
DENY READ {`odd key`} ON GRAPH * NODES `odd label`, `WHERE` TO custom
";

fn run(catalog: &mut Catalog, command: &AdminCommand) {
    if let Err(e) = execute(command, catalog, &mut Tokens::default()) {
        panic!("{command:?} failed: {e}");
    }
}

fn shown_commands(catalog: &mut Catalog, roles: &[&str]) -> Vec<String> {
    let show = AdminCommand::ShowPrivileges {
        roles: roles.iter().map(|r| r.to_string()).collect(),
        as_commands: true,
        tail: ShowTail::default(),
    };
    let result = match execute(&show, catalog, &mut Tokens::default()) {
        Ok(r) => r,
        Err(e) => panic!("SHOW failed: {e}"),
    };
    result
        .rows
        .into_iter()
        .map(|row| match row.as_slice() {
            [Value::String(s)] => s.clone(),
            other => panic!("not a command row: {other:?}"),
        })
        .collect()
}

/// Each stored privilege of `a` is stored in `b` and vice versa (P5 identity).
fn same_privileges(a: &[Privilege], b: &[Privilege]) -> bool {
    a.len() == b.len()
        && a.iter().all(|p| b.iter().any(|q| p.same_privilege(q)))
        && b.iter().all(|q| a.iter().any(|p| p.same_privilege(q)))
}

#[test]
fn show_privileges_as_commands_round_trips() {
    let mut original = Catalog::with_builtins();
    let script = match parse_admin_script(SCRIPT) {
        Ok(s) => s,
        Err(e) => panic!("script does not parse at {}: {}", e.offset, e.message),
    };
    for command in &script {
        run(&mut original, &command.item);
    }
    let commands = shown_commands(&mut original, &ROLES);
    assert!(commands.len() > 30, "{commands:#?}");

    let copy = replay(Catalog::with_builtins(), &ROLES, &commands);
    for role in ROLES {
        let a = original
            .roles
            .get(role)
            .map(|r| r.privileges.clone())
            .unwrap_or_default();
        let b = copy
            .roles
            .get(role)
            .map(|r| r.privileges.clone())
            .unwrap_or_default();
        assert!(same_privileges(&a, &b), "role {role}:\n{a:#?}\nvs\n{b:#?}");
    }
    let mut copy = copy;
    assert_eq!(shown_commands(&mut copy, &ROLES), commands);
}

/// Creates `roles` in `catalog`, then parses and runs `commands`.
fn replay(mut catalog: Catalog, roles: &[&str], commands: &[String]) -> Catalog {
    for role in roles {
        run(
            &mut catalog,
            &AdminCommand::CreateRole {
                name: role.to_string(),
                or_replace: false,
                if_not_exists: false,
                copy_of: None,
            },
        );
    }
    for text in commands {
        match parse_statement(text) {
            Ok(Statement::Admin(command)) => run(&mut catalog, &command),
            Ok(other) => panic!("{text} parsed as {other:?}"),
            Err(e) => panic!("{text} does not parse at {}: {}", e.offset, e.message),
        }
    }
    catalog
}

/// The built-in roles, rendered and replayed on a catalog without them;
/// privileges whose command `skip` matches are left out on both sides.
fn builtin_round_trip(skip: fn(&str) -> bool) {
    let mut original = Catalog::with_builtins();
    let commands: Vec<String> = shown_commands(&mut original, &[])
        .into_iter()
        .filter(|c| !skip(c))
        .collect();
    let roles = model::catalog::BUILTIN_ROLES;
    let copy = replay(Catalog::empty(), &roles, &commands);
    for role in roles {
        let a: Vec<Privilege> = original
            .roles
            .get(role)
            .map(|r| r.privileges.clone())
            .unwrap_or_default()
            .into_iter()
            .filter(|p| !skip(&privilege_command(role, p)))
            .collect();
        let b = copy
            .roles
            .get(role)
            .map(|r| r.privileges.clone())
            .unwrap_or_default();
        assert!(same_privileges(&a, &b), "role {role}:\n{a:#?}\nvs\n{b:#?}");
    }
}

#[test]
fn builtin_roles_round_trip() {
    // The parser does not read `GRANT SHOW INDEX|CONSTRAINT ...` yet; the
    // strict version below is ignored until it does.
    builtin_round_trip(|c| c.contains(" SHOW "));
}

#[test]
#[ignore = "the parser does not read GRANT SHOW INDEX / SHOW CONSTRAINT yet"]
fn builtin_roles_round_trip_strict() {
    builtin_round_trip(|_| false);
}
