//! P2 expansion checked from the specification, not from the code: each row
//! of the tables below is a command text and the privileges it must store,
//! written out by hand from docs/spec/semantics.md P2, P4 and P5, docs/decisions.md
//! and the Neo4j Operations Manual's "Read privileges" page
//! (privileges-reads.adoc) and its neighbours ("Role-based access control",
//! "Property-based access control", "Built-in roles"). A row that follows a
//! manual example says which.
//!
//! Both engines read the stored privileges, so a mistake in splitting a
//! command (per graph, per label or type, per key, per role; ELEMENTS = NODES
//! and RELATIONSHIPS; no segment = ELEMENTS *) would be invisible to
//! differential testing. The expectations are given in the columns the
//! manual prints for `SHOW PRIVILEGES` (access, action, resource, graph,
//! segment, role) and, for property rules, whose `segment` column the manual
//! never prints, as the `SHOW PRIVILEGES AS COMMANDS` lines the manual does
//! print, together with the number of stored privileges (the command lines
//! are deduplicated, the stored privileges are not).

use model::admin::exec::execute;
use model::admin::{AdminCommand, ShowTail};
use model::catalog::{BUILTIN_ROLES, Catalog};
use model::cypher::parse_admin_script;
use model::graph::Tokens;
use model::value::Value;

/// One `SHOW PRIVILEGES` row: access, action, resource, graph, segment, role.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// What a case expects of the non-built-in roles after its command.
enum Expect {
    /// The `SHOW PRIVILEGES` rows, as a multiset.
    Rows(&'static [Row]),
    /// The `SHOW PRIVILEGES AS COMMANDS` lines (sorted, as SHOW sorts them)
    /// and the number of stored privileges.
    Commands(&'static [&'static str], usize),
}

/// A row of the table.
struct Case {
    /// The manual example it follows, if any.
    follows: Option<&'static str>,
    /// Commands run first (roles `r`, `r1`, `r2` and `regularUsers` exist).
    before: &'static str,
    /// The command under test.
    command: &'static str,
    /// The stored privileges afterwards.
    expect: Expect,
}

const READS: &str = "privileges-reads.adoc";
const PBAC: &str = "property-based-access-control.adoc";
const MANAGE: &str = "manage-privileges.adoc";
const BUILTIN: &str = "built-in-roles.adoc";
const LOAD: &str = "load-privileges.adoc";
const DBMS_ADMIN: &str = "dbms-admin-role.adoc";

const G: &str = "GRANTED";
const D: &str = "DENIED";

/// The roles every case starts with, besides the built-in ones.
const ROLES: &str = "CREATE ROLE r; CREATE ROLE r1; CREATE ROLE r2; CREATE ROLE regularUsers";

/// Runs `script` on `catalog`, failing the test on any parse or run error.
fn run(catalog: &mut Catalog, script: &str, what: &str) {
    let commands = match parse_admin_script(script) {
        Ok(c) => c,
        Err(e) => panic!(
            "{what}: `{script}` does not parse at {}: {}",
            e.offset,
            e.message()
        ),
    };
    for command in commands {
        if let Err(e) = execute(&command.item, catalog, &mut Tokens::default()) {
            panic!("{what}: `{script}` failed: {e}");
        }
    }
}

/// The rows of `SHOW PRIVILEGES [AS COMMANDS]` for the roles that are not
/// built in, each row as strings.
fn show(catalog: &mut Catalog, as_commands: bool) -> Vec<Vec<String>> {
    let command = AdminCommand::ShowPrivileges {
        roles: Vec::new(),
        as_commands,
        tail: ShowTail::default(),
    };
    let result = match execute(&command, catalog, &mut Tokens::default()) {
        Ok(r) => r,
        Err(e) => panic!("SHOW PRIVILEGES failed: {e}"),
    };
    let role_column = result.columns.iter().position(|c| c == "role");
    result
        .rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|v| match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                })
                .collect::<Vec<String>>()
        })
        .filter(|row| match role_column {
            Some(i) => !BUILTIN_ROLES.contains(&row[i].as_str()),
            None => !BUILTIN_ROLES
                .iter()
                .any(|b| row[0].ends_with(&format!("TO `{b}`"))),
        })
        .collect()
}

/// The six columns of the rows (the `immutable` column is always false).
fn six_columns(rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    rows.into_iter()
        .map(|row| {
            assert_eq!(row.get(6).map(String::as_str), Some("false"), "{row:?}");
            row.into_iter().take(6).collect()
        })
        .collect()
}

/// Stored privileges of the roles that are not built in.
fn stored_count(catalog: &Catalog) -> usize {
    catalog
        .roles
        .values()
        .filter(|r| !BUILTIN_ROLES.contains(&r.name.as_str()))
        .map(|r| r.privileges.len())
        .sum()
}

fn sorted(mut rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    rows.sort();
    rows
}

fn check(cases: &[Case]) {
    let mut failures = Vec::new();
    for case in cases {
        let mut catalog = Catalog::with_builtins();
        run(&mut catalog, ROLES, "roles");
        run(&mut catalog, case.before, "before");
        run(&mut catalog, case.command, "command");
        let source = case.follows.map(|f| format!(" ({f})")).unwrap_or_default();
        match &case.expect {
            Expect::Rows(rows) => {
                let want: Vec<Vec<String>> = rows
                    .iter()
                    .map(|(a, b, c, d, e, f)| {
                        [a, b, c, d, e, f].iter().map(|s| s.to_string()).collect()
                    })
                    .collect();
                let got = sorted(six_columns(show(&mut catalog, false)));
                let want = sorted(want);
                if got != want {
                    failures.push(format!(
                        "{}{source}:\n  want {want:?}\n  got  {got:?}",
                        case.command
                    ));
                }
            }
            Expect::Commands(lines, count) => {
                let got: Vec<String> = show(&mut catalog, true)
                    .into_iter()
                    .map(|row| row.concat())
                    .collect();
                let want: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
                let stored = stored_count(&catalog);
                if got != want || stored != *count {
                    failures.push(format!(
                        "{}{source}:\n  want {want:#?} ({count} stored)\n  got  {got:#?} ({stored} stored)",
                        case.command
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `NODE`/`NODES`, `RELATIONSHIP`/`RELATIONSHIPS`, `ELEMENT`/`ELEMENTS`, with
/// `*` and names, and no segment (P2).
#[test]
fn segments_singular_and_plural() {
    check(&[
        Case {
            follows: None,
            before: "",
            command: "GRANT TRAVERSE ON GRAPH * NODES A TO r",
            expect: Expect::Rows(&[(G, "traverse", "graph", "*", "NODE(A)", "r")]),
        },
        Case {
            follows: None,
            before: "",
            command: "GRANT TRAVERSE ON GRAPH * NODE A TO r",
            expect: Expect::Rows(&[(G, "traverse", "graph", "*", "NODE(A)", "r")]),
        },
        Case {
            follows: None,
            before: "",
            command: "GRANT TRAVERSE ON GRAPH * NODES * TO r",
            expect: Expect::Rows(&[(G, "traverse", "graph", "*", "NODE(*)", "r")]),
        },
        Case {
            follows: None,
            before: "",
            command: "GRANT TRAVERSE ON GRAPH * NODE * TO r",
            expect: Expect::Rows(&[(G, "traverse", "graph", "*", "NODE(*)", "r")]),
        },
        Case {
            follows: None,
            before: "",
            command: "GRANT TRAVERSE ON GRAPH * NODES A, B TO r",
            expect: Expect::Rows(&[
                (G, "traverse", "graph", "*", "NODE(A)", "r"),
                (G, "traverse", "graph", "*", "NODE(B)", "r"),
            ]),
        },
        Case {
            follows: None,
            before: "",
            command: "DENY TRAVERSE ON GRAPH * RELATIONSHIPS T TO r",
            expect: Expect::Rows(&[(D, "traverse", "graph", "*", "RELATIONSHIP(T)", "r")]),
        },
        Case {
            follows: None,
            before: "",
            command: "DENY TRAVERSE ON GRAPH * RELATIONSHIP T TO r",
            expect: Expect::Rows(&[(D, "traverse", "graph", "*", "RELATIONSHIP(T)", "r")]),
        },
        Case {
            follows: None,
            before: "",
            command: "GRANT TRAVERSE ON GRAPH * RELATIONSHIPS * TO r",
            expect: Expect::Rows(&[(G, "traverse", "graph", "*", "RELATIONSHIP(*)", "r")]),
        },
        Case {
            follows: None,
            before: "",
            command: "GRANT TRAVERSE ON GRAPH * RELATIONSHIP * TO r",
            expect: Expect::Rows(&[(G, "traverse", "graph", "*", "RELATIONSHIP(*)", "r")]),
        },
        Case {
            follows: None,
            before: "",
            command: "GRANT TRAVERSE ON GRAPH * RELATIONSHIPS T, U TO r",
            expect: Expect::Rows(&[
                (G, "traverse", "graph", "*", "RELATIONSHIP(T)", "r"),
                (G, "traverse", "graph", "*", "RELATIONSHIP(U)", "r"),
            ]),
        },
        // ELEMENTS X = NODES X and RELATIONSHIPS X (P2).
        Case {
            follows: None,
            before: "",
            command: "GRANT READ {k} ON GRAPH * ELEMENTS X TO r",
            expect: Expect::Rows(&[
                (G, "read", "property(k)", "*", "NODE(X)", "r"),
                (G, "read", "property(k)", "*", "RELATIONSHIP(X)", "r"),
            ]),
        },
        Case {
            follows: None,
            before: "",
            command: "GRANT READ {k} ON GRAPH * ELEMENT X TO r",
            expect: Expect::Rows(&[
                (G, "read", "property(k)", "*", "NODE(X)", "r"),
                (G, "read", "property(k)", "*", "RELATIONSHIP(X)", "r"),
            ]),
        },
        Case {
            follows: None,
            before: "",
            command: "DENY TRAVERSE ON GRAPH * ELEMENTS * TO r",
            expect: Expect::Rows(&[
                (D, "traverse", "graph", "*", "NODE(*)", "r"),
                (D, "traverse", "graph", "*", "RELATIONSHIP(*)", "r"),
            ]),
        },
        Case {
            follows: None,
            before: "",
            command: "DENY TRAVERSE ON GRAPH * ELEMENT * TO r",
            expect: Expect::Rows(&[
                (D, "traverse", "graph", "*", "NODE(*)", "r"),
                (D, "traverse", "graph", "*", "RELATIONSHIP(*)", "r"),
            ]),
        },
        // `ELEMENTS X, Y` = both `NODES X, Y` and `RELATIONSHIPS X, Y`.
        Case {
            follows: None,
            before: "",
            command: "GRANT MATCH {*} ON GRAPH * ELEMENTS X, Y TO r",
            expect: Expect::Rows(&[
                (G, "match", "all_properties", "*", "NODE(X)", "r"),
                (G, "match", "all_properties", "*", "NODE(Y)", "r"),
                (G, "match", "all_properties", "*", "RELATIONSHIP(X)", "r"),
                (G, "match", "all_properties", "*", "RELATIONSHIP(Y)", "r"),
            ]),
        },
        // No segment = ELEMENTS *: the manual recreates reader's
        // `MATCH {*} ON GRAPH * NODE *` and `... RELATIONSHIP *` with this.
        Case {
            follows: Some(BUILTIN),
            before: "",
            command: "GRANT MATCH {*} ON GRAPH * TO r",
            expect: Expect::Rows(&[
                (G, "match", "all_properties", "*", "NODE(*)", "r"),
                (G, "match", "all_properties", "*", "RELATIONSHIP(*)", "r"),
            ]),
        },
        Case {
            follows: None,
            before: "",
            command: "DENY READ {k} ON GRAPH * TO r",
            expect: Expect::Rows(&[
                (D, "read", "property(k)", "*", "NODE(*)", "r"),
                (D, "read", "property(k)", "*", "RELATIONSHIP(*)", "r"),
            ]),
        },
    ]);
}

/// TRAVERSE, READ and MATCH, GRANT and DENY: the examples of the manual's
/// "Read privileges" page. MATCH is stored as its own action, whatever its
/// keys (P5; P4 is about what it means, not how it is stored).
#[test]
fn traverse_read_match_as_in_the_manual() {
    check(&[
        Case {
            follows: Some(READS),
            before: "",
            command: "GRANT TRAVERSE ON GRAPH neo4j NODES Post TO regularUsers",
            expect: Expect::Rows(&[(
                G,
                "traverse",
                "graph",
                "neo4j",
                "NODE(Post)",
                "regularUsers",
            )]),
        },
        Case {
            follows: Some(READS),
            before: "",
            command: "DENY TRAVERSE ON HOME GRAPH NODES Payments TO regularUsers",
            expect: Expect::Rows(&[(
                D,
                "traverse",
                "graph",
                "HOME",
                "NODE(Payments)",
                "regularUsers",
            )]),
        },
        Case {
            follows: Some(READS),
            before: "",
            command: "GRANT READ { * } ON GRAPH neo4j NODES Post TO regularUsers",
            expect: Expect::Rows(&[(
                G,
                "read",
                "all_properties",
                "neo4j",
                "NODE(Post)",
                "regularUsers",
            )]),
        },
        Case {
            follows: Some(READS),
            before: "",
            command: "DENY READ { secret } ON GRAPH neo4j NODES Post TO regularUsers",
            expect: Expect::Rows(&[(
                D,
                "read",
                "property(secret)",
                "neo4j",
                "NODE(Post)",
                "regularUsers",
            )]),
        },
        // Two keys: one stored privilege per key (P5).
        Case {
            follows: Some(READS),
            before: "",
            command: "GRANT MATCH { language, length } ON GRAPH neo4j NODES Message TO regularUsers",
            expect: Expect::Rows(&[
                (
                    G,
                    "match",
                    "property(language)",
                    "neo4j",
                    "NODE(Message)",
                    "regularUsers",
                ),
                (
                    G,
                    "match",
                    "property(length)",
                    "neo4j",
                    "NODE(Message)",
                    "regularUsers",
                ),
            ]),
        },
        Case {
            follows: Some(READS),
            before: "",
            command: "DENY MATCH { content } ON GRAPH neo4j NODES Message TO regularUsers",
            expect: Expect::Rows(&[(
                D,
                "match",
                "property(content)",
                "neo4j",
                "NODE(Message)",
                "regularUsers",
            )]),
        },
        Case {
            follows: Some(READS),
            before: "",
            command: "DENY MATCH { * } ON GRAPH neo4j NODES Account TO regularUsers",
            expect: Expect::Rows(&[(
                D,
                "match",
                "all_properties",
                "neo4j",
                "NODE(Account)",
                "regularUsers",
            )]),
        },
        Case {
            follows: None,
            before: "",
            command: "DENY TRAVERSE ON DEFAULT GRAPH RELATIONSHIPS T TO r",
            expect: Expect::Rows(&[(D, "traverse", "graph", "DEFAULT", "RELATIONSHIP(T)", "r")]),
        },
        Case {
            follows: None,
            before: "",
            command: "GRANT TRAVERSE ON GRAPHS * NODES A TO r",
            expect: Expect::Rows(&[(G, "traverse", "graph", "*", "NODE(A)", "r")]),
        },
    ]);
}

/// Commands naming several labels, keys, graphs or roles store one
/// privilege per name (P5), and the product of them all.
#[test]
fn multi_name_commands_store_one_privilege_per_name() {
    check(&[
        Case {
            follows: None,
            before: "",
            command: "GRANT READ {a, b} ON GRAPH * NODES A TO r",
            expect: Expect::Rows(&[
                (G, "read", "property(a)", "*", "NODE(A)", "r"),
                (G, "read", "property(b)", "*", "NODE(A)", "r"),
            ]),
        },
        Case {
            follows: None,
            before: "",
            command: "GRANT TRAVERSE ON GRAPHS g1, g2 NODES A TO r",
            expect: Expect::Rows(&[
                (G, "traverse", "graph", "g1", "NODE(A)", "r"),
                (G, "traverse", "graph", "g2", "NODE(A)", "r"),
            ]),
        },
        Case {
            follows: None,
            before: "",
            command: "GRANT TRAVERSE ON GRAPH * NODES A TO r1, r2",
            expect: Expect::Rows(&[
                (G, "traverse", "graph", "*", "NODE(A)", "r1"),
                (G, "traverse", "graph", "*", "NODE(A)", "r2"),
            ]),
        },
        // 2 keys x 2 graphs x 1 label x 2 roles.
        Case {
            follows: None,
            before: "",
            command: "DENY READ {a, b} ON GRAPHS g1, g2 NODES X TO r1, r2",
            expect: Expect::Rows(&[
                (D, "read", "property(a)", "g1", "NODE(X)", "r1"),
                (D, "read", "property(b)", "g1", "NODE(X)", "r1"),
                (D, "read", "property(a)", "g2", "NODE(X)", "r1"),
                (D, "read", "property(b)", "g2", "NODE(X)", "r1"),
                (D, "read", "property(a)", "g1", "NODE(X)", "r2"),
                (D, "read", "property(b)", "g1", "NODE(X)", "r2"),
                (D, "read", "property(a)", "g2", "NODE(X)", "r2"),
                (D, "read", "property(b)", "g2", "NODE(X)", "r2"),
            ]),
        },
        // 2 keys x ELEMENTS (nodes and relationships) x 2 names.
        Case {
            follows: None,
            before: "",
            command: "GRANT MATCH {a, b} ON GRAPH neo4j ELEMENTS X, Y TO r",
            expect: Expect::Rows(&[
                (G, "match", "property(a)", "neo4j", "NODE(X)", "r"),
                (G, "match", "property(b)", "neo4j", "NODE(X)", "r"),
                (G, "match", "property(a)", "neo4j", "NODE(Y)", "r"),
                (G, "match", "property(b)", "neo4j", "NODE(Y)", "r"),
                (G, "match", "property(a)", "neo4j", "RELATIONSHIP(X)", "r"),
                (G, "match", "property(b)", "neo4j", "RELATIONSHIP(X)", "r"),
                (G, "match", "property(a)", "neo4j", "RELATIONSHIP(Y)", "r"),
                (G, "match", "property(b)", "neo4j", "RELATIONSHIP(Y)", "r"),
            ]),
        },
        // A name written twice is one name; granting what is held stores
        // nothing new (P5 identity).
        Case {
            follows: None,
            before: "",
            command: "GRANT TRAVERSE ON GRAPH * NODES A, A TO r",
            expect: Expect::Rows(&[(G, "traverse", "graph", "*", "NODE(A)", "r")]),
        },
        Case {
            follows: None,
            before: "GRANT TRAVERSE ON GRAPH * NODES A TO r",
            command: "GRANT TRAVERSE ON GRAPH * NODES A, B TO r",
            expect: Expect::Rows(&[
                (G, "traverse", "graph", "*", "NODE(A)", "r"),
                (G, "traverse", "graph", "*", "NODE(B)", "r"),
            ]),
        },
        // A GRANT and a DENY of the same privilege both stay (manual: "DENY
        // does NOT erase a granted privilege; they both exist").
        Case {
            follows: Some(MANAGE),
            before: "GRANT TRAVERSE ON GRAPH * NODES A TO r",
            command: "DENY TRAVERSE ON GRAPH * NODES A TO r",
            expect: Expect::Rows(&[
                (G, "traverse", "graph", "*", "NODE(A)", "r"),
                (D, "traverse", "graph", "*", "NODE(A)", "r"),
            ]),
        },
    ]);
}

/// Property-rule segments (P2, Q1): one privilege per label or type
/// (docs/decisions.md), the map forms `FOR (n:A) {k: v}` and
/// `FOR (n:A {k: v})`, relationship rules, rules with several keys.
#[test]
fn property_rule_segments() {
    check(&[
        Case {
            follows: Some(READS),
            before: "",
            command: "GRANT READ { * } ON GRAPH neo4j FOR (n:Post) WHERE n.secret <> true TO regularUsers",
            expect: Expect::Commands(
                &[
                    "GRANT READ {*} ON GRAPH `neo4j` FOR (n:Post) WHERE n.secret <> true TO `regularUsers`",
                ],
                1,
            ),
        },
        // `FOR (n:A|B)`: "has any of these labels", stored per label.
        Case {
            follows: Some(READS),
            before: "",
            command: "GRANT MATCH { * } ON GRAPH neo4j FOR (n:Post|Likes) WHERE n.secret = false TO regularUsers",
            expect: Expect::Commands(
                &[
                    "GRANT MATCH {*} ON GRAPH `neo4j` FOR (n:Likes) WHERE n.secret = false TO `regularUsers`",
                    "GRANT MATCH {*} ON GRAPH `neo4j` FOR (n:Post) WHERE n.secret = false TO `regularUsers`",
                ],
                2,
            ),
        },
        // The manual's map form without a variable; shown in P2's form with
        // the display variable `n`.
        Case {
            follows: Some(READS),
            before: "",
            command: "DENY TRAVERSE ON HOME GRAPH FOR (:Post {secret: true}) TO regularUsers",
            expect: Expect::Commands(
                &["DENY TRAVERSE ON HOME GRAPH FOR (n:Post) {secret: true} TO `regularUsers`"],
                1,
            ),
        },
        Case {
            follows: Some(PBAC),
            before: "",
            command: "GRANT READ { address } ON GRAPH * FOR (n:Email|Website) WHERE n.domain = 'exampledomain.com' TO regularUsers",
            expect: Expect::Commands(
                &[
                    "GRANT READ {address} ON GRAPH * FOR (n:Email) WHERE n.domain = 'exampledomain.com' TO `regularUsers`",
                    "GRANT READ {address} ON GRAPH * FOR (n:Website) WHERE n.domain = 'exampledomain.com' TO `regularUsers`",
                ],
                2,
            ),
        },
        Case {
            follows: Some(PBAC),
            before: "",
            command: "GRANT READ { address } ON GRAPH * FOR (:Email|Website {domain: 'exampledomain.com'}) TO regularUsers",
            expect: Expect::Commands(
                &[
                    "GRANT READ {address} ON GRAPH * FOR (n:Email) {domain: 'exampledomain.com'} TO `regularUsers`",
                    "GRANT READ {address} ON GRAPH * FOR (n:Website) {domain: 'exampledomain.com'} TO `regularUsers`",
                ],
                2,
            ),
        },
        // The manual calls the two forms above alternatives for one
        // privilege: the WHERE form after the map form stores nothing new
        // (decisions.md: variable and map form do not count).
        Case {
            follows: Some(PBAC),
            before: "GRANT READ { address } ON GRAPH * FOR (:Email|Website {domain: 'exampledomain.com'}) TO regularUsers",
            command: "GRANT READ { address } ON GRAPH * FOR (n:Email|Website) WHERE n.domain = 'exampledomain.com' TO regularUsers",
            expect: Expect::Commands(
                &[
                    "GRANT READ {address} ON GRAPH * FOR (n:Email) {domain: 'exampledomain.com'} TO `regularUsers`",
                    "GRANT READ {address} ON GRAPH * FOR (n:Website) {domain: 'exampledomain.com'} TO `regularUsers`",
                ],
                2,
            ),
        },
        // P2's map form `FOR (n:A) {k: v}` and the manual's `FOR (n:A {k: v})`.
        Case {
            follows: None,
            before: "",
            command: "GRANT TRAVERSE ON GRAPH * FOR (n:A) {k: 1} TO r",
            expect: Expect::Commands(&["GRANT TRAVERSE ON GRAPH * FOR (n:A) {k: 1} TO `r`"], 1),
        },
        Case {
            follows: None,
            before: "",
            command: "GRANT TRAVERSE ON GRAPH * FOR (n:A {k: 1}) TO r",
            expect: Expect::Commands(&["GRANT TRAVERSE ON GRAPH * FOR (n:A) {k: 1} TO `r`"], 1),
        },
        Case {
            follows: None,
            before: "GRANT TRAVERSE ON GRAPH * FOR (n:A) {k: 1} TO r",
            command: "GRANT TRAVERSE ON GRAPH * FOR (m:A) WHERE m.k = 1 TO r",
            expect: Expect::Commands(&["GRANT TRAVERSE ON GRAPH * FOR (n:A) {k: 1} TO `r`"], 1),
        },
        // NOT counts in a rule's identity (decisions.md).
        Case {
            follows: None,
            before: "GRANT TRAVERSE ON GRAPH * FOR (n:A) WHERE n.k = 1 TO r",
            command: "GRANT TRAVERSE ON GRAPH * FOR (n:A) WHERE NOT n.k = 1 TO r",
            expect: Expect::Commands(
                &[
                    "GRANT TRAVERSE ON GRAPH * FOR (n:A) WHERE NOT n.k = 1 TO `r`",
                    "GRANT TRAVERSE ON GRAPH * FOR (n:A) WHERE n.k = 1 TO `r`",
                ],
                2,
            ),
        },
        // The manual's syntax also puts WHERE inside the pattern.
        Case {
            follows: Some(PBAC),
            before: "",
            command: "GRANT TRAVERSE ON GRAPH * FOR (n:A|B WHERE n.k IS NULL) TO r",
            expect: Expect::Commands(
                &[
                    "GRANT TRAVERSE ON GRAPH * FOR (n:A) WHERE n.k IS NULL TO `r`",
                    "GRANT TRAVERSE ON GRAPH * FOR (n:B) WHERE n.k IS NULL TO `r`",
                ],
                2,
            ),
        },
        // No label: every node, one privilege.
        Case {
            follows: Some(PBAC),
            before: "",
            command: "DENY MATCH {*} ON GRAPH * FOR (n) WHERE n.classification <> 'UNCLASSIFIED' TO regularUsers",
            expect: Expect::Commands(
                &[
                    "DENY MATCH {*} ON GRAPH * FOR (n) WHERE n.classification <> 'UNCLASSIFIED' TO `regularUsers`",
                ],
                1,
            ),
        },
        Case {
            follows: Some(PBAC),
            before: "",
            command: "GRANT READ { since } ON GRAPH * FOR ()-[o:OWNS]-() WHERE o.classification = 'UNCLASSIFIED' TO regularUsers",
            expect: Expect::Commands(
                &[
                    "GRANT READ {since} ON GRAPH * FOR ()-[o:OWNS]-() WHERE o.classification = 'UNCLASSIFIED' TO `regularUsers`",
                ],
                1,
            ),
        },
        Case {
            follows: Some(PBAC),
            before: "",
            command: "GRANT READ {*} ON GRAPH * FOR ()-[r]-() WHERE r.securityLevel > 3 TO regularUsers",
            expect: Expect::Commands(
                &[
                    "GRANT READ {*} ON GRAPH * FOR ()-[r]-() WHERE r.securityLevel > 3 TO `regularUsers`",
                ],
                1,
            ),
        },
        // `FOR ()-[r:T1|T2]-()`: one privilege per type.
        Case {
            follows: None,
            before: "",
            command: "DENY MATCH {*} ON GRAPH * FOR ()-[r:T|U]-() WHERE r.k IN [1, 2] TO r",
            expect: Expect::Commands(
                &[
                    "DENY MATCH {*} ON GRAPH * FOR ()-[r:T]-() WHERE r.k IN [1, 2] TO `r`",
                    "DENY MATCH {*} ON GRAPH * FOR ()-[r:U]-() WHERE r.k IN [1, 2] TO `r`",
                ],
                2,
            ),
        },
        // The relationship map form.
        Case {
            follows: Some(PBAC),
            before: "",
            command: "GRANT TRAVERSE ON GRAPH * FOR ()-[:T {k: 'x'}]-() TO r",
            expect: Expect::Commands(
                &["GRANT TRAVERSE ON GRAPH * FOR ()-[r:T]-() {k: 'x'} TO `r`"],
                1,
            ),
        },
        // Keys x labels x graphs x roles.
        Case {
            follows: None,
            before: "",
            command: "GRANT READ {a, b} ON GRAPHS g1, g2 FOR (n:A|B) WHERE n.k >= 1 TO r1, r2",
            expect: Expect::Commands(
                &[
                    "GRANT READ {a} ON GRAPH `g1` FOR (n:A) WHERE n.k >= 1 TO `r1`",
                    "GRANT READ {a} ON GRAPH `g1` FOR (n:A) WHERE n.k >= 1 TO `r2`",
                    "GRANT READ {a} ON GRAPH `g1` FOR (n:B) WHERE n.k >= 1 TO `r1`",
                    "GRANT READ {a} ON GRAPH `g1` FOR (n:B) WHERE n.k >= 1 TO `r2`",
                    "GRANT READ {a} ON GRAPH `g2` FOR (n:A) WHERE n.k >= 1 TO `r1`",
                    "GRANT READ {a} ON GRAPH `g2` FOR (n:A) WHERE n.k >= 1 TO `r2`",
                    "GRANT READ {a} ON GRAPH `g2` FOR (n:B) WHERE n.k >= 1 TO `r1`",
                    "GRANT READ {a} ON GRAPH `g2` FOR (n:B) WHERE n.k >= 1 TO `r2`",
                    "GRANT READ {b} ON GRAPH `g1` FOR (n:A) WHERE n.k >= 1 TO `r1`",
                    "GRANT READ {b} ON GRAPH `g1` FOR (n:A) WHERE n.k >= 1 TO `r2`",
                    "GRANT READ {b} ON GRAPH `g1` FOR (n:B) WHERE n.k >= 1 TO `r1`",
                    "GRANT READ {b} ON GRAPH `g1` FOR (n:B) WHERE n.k >= 1 TO `r2`",
                    "GRANT READ {b} ON GRAPH `g2` FOR (n:A) WHERE n.k >= 1 TO `r1`",
                    "GRANT READ {b} ON GRAPH `g2` FOR (n:A) WHERE n.k >= 1 TO `r2`",
                    "GRANT READ {b} ON GRAPH `g2` FOR (n:B) WHERE n.k >= 1 TO `r1`",
                    "GRANT READ {b} ON GRAPH `g2` FOR (n:B) WHERE n.k >= 1 TO `r2`",
                ],
                16,
            ),
        },
    ]);
}

/// REVOKE removes exactly the identical stored privileges, name by name
/// (P5); one that matches nothing succeeds and changes nothing.
#[test]
fn revoke_per_name() {
    check(&[
        // The manual's REVOKE examples.
        Case {
            follows: Some(MANAGE),
            before: "GRANT TRAVERSE ON HOME GRAPH NODES Post, Payments TO regularUsers",
            command: "REVOKE GRANT TRAVERSE ON HOME GRAPH NODES Post FROM regularUsers",
            expect: Expect::Rows(&[(
                G,
                "traverse",
                "graph",
                "HOME",
                "NODE(Payments)",
                "regularUsers",
            )]),
        },
        // Plain REVOKE removes the GRANT and the DENY alike.
        Case {
            follows: Some(MANAGE),
            before: "GRANT TRAVERSE ON HOME GRAPH NODES Payments TO regularUsers; \
                     DENY TRAVERSE ON HOME GRAPH NODES Payments TO regularUsers; \
                     GRANT TRAVERSE ON HOME GRAPH NODES Post TO regularUsers",
            command: "REVOKE TRAVERSE ON HOME GRAPH NODES Payments FROM regularUsers",
            expect: Expect::Rows(&[(G, "traverse", "graph", "HOME", "NODE(Post)", "regularUsers")]),
        },
        Case {
            follows: None,
            before: "GRANT TRAVERSE ON GRAPH * NODES A TO r; DENY TRAVERSE ON GRAPH * NODES A TO r",
            command: "REVOKE DENY TRAVERSE ON GRAPH * NODES A FROM r",
            expect: Expect::Rows(&[(G, "traverse", "graph", "*", "NODE(A)", "r")]),
        },
        // One label of a multi-label grant.
        Case {
            follows: None,
            before: "GRANT TRAVERSE ON GRAPH * NODES A, B TO r",
            command: "REVOKE TRAVERSE ON GRAPH * NODES A FROM r",
            expect: Expect::Rows(&[(G, "traverse", "graph", "*", "NODE(B)", "r")]),
        },
        // One key of a multi-key grant.
        Case {
            follows: None,
            before: "GRANT READ {a, b} ON GRAPH * NODES A TO r",
            command: "REVOKE READ {a} ON GRAPH * NODES A FROM r",
            expect: Expect::Rows(&[(G, "read", "property(b)", "*", "NODE(A)", "r")]),
        },
        // The node half of a segment-less grant (= ELEMENTS *).
        Case {
            follows: None,
            before: "GRANT MATCH {*} ON GRAPH * TO r",
            command: "REVOKE MATCH {*} ON GRAPH * NODES * FROM r",
            expect: Expect::Rows(&[(G, "match", "all_properties", "*", "RELATIONSHIP(*)", "r")]),
        },
        // A REVOKE naming several keys removes each one it finds.
        Case {
            follows: None,
            before: "GRANT READ {a} ON GRAPH * NODES A TO r",
            command: "REVOKE READ {a, b} ON GRAPH * NODES A, B FROM r",
            expect: Expect::Rows(&[]),
        },
        // From several roles.
        Case {
            follows: None,
            before: "GRANT TRAVERSE ON GRAPH * NODES A TO r1, r2, r",
            command: "REVOKE TRAVERSE ON GRAPH * NODES A FROM r1, r2",
            expect: Expect::Rows(&[(G, "traverse", "graph", "*", "NODE(A)", "r")]),
        },
        // One graph of a multi-graph grant.
        Case {
            follows: None,
            before: "GRANT TRAVERSE ON GRAPHS g1, g2 NODES A TO r",
            command: "REVOKE TRAVERSE ON GRAPH g1 NODES A FROM r",
            expect: Expect::Rows(&[(G, "traverse", "graph", "g2", "NODE(A)", "r")]),
        },
        // One label of a multi-label property rule.
        Case {
            follows: None,
            before: "GRANT MATCH {*} ON GRAPH * FOR (n:A|B) WHERE n.k = 1 TO r",
            command: "REVOKE MATCH {*} ON GRAPH * FOR (x:A) {k: 1} FROM r",
            expect: Expect::Commands(
                &["GRANT MATCH {*} ON GRAPH * FOR (n:B) WHERE n.k = 1 TO `r`"],
                1,
            ),
        },
        // REVOKEs that match nothing: MATCH is its own action (P5's
        // example), another graph, another label, another key, `{*}` is not
        // a key, `NODES *` is not `NODES A`, REVOKE DENY of a grant, another
        // rule. All succeed; nothing changes.
        Case {
            follows: None,
            before: "GRANT MATCH {x} ON GRAPH * NODES A TO r",
            command: "REVOKE READ {x} ON GRAPH * NODES A FROM r; \
                      REVOKE TRAVERSE ON GRAPH * NODES A FROM r; \
                      REVOKE MATCH {x} ON GRAPH other NODES A FROM r; \
                      REVOKE MATCH {x} ON GRAPH * NODES B FROM r; \
                      REVOKE MATCH {y} ON GRAPH * NODES A FROM r; \
                      REVOKE MATCH {*} ON GRAPH * NODES A FROM r; \
                      REVOKE MATCH {x} ON GRAPH * NODES * FROM r; \
                      REVOKE MATCH {x} ON GRAPH * RELATIONSHIPS A FROM r; \
                      REVOKE DENY MATCH {x} ON GRAPH * NODES A FROM r; \
                      REVOKE MATCH {x} ON GRAPH * FOR (n:A) WHERE n.k = 1 FROM r; \
                      REVOKE MATCH {x} ON GRAPH * NODES A FROM r1",
            expect: Expect::Rows(&[(G, "match", "property(x)", "*", "NODE(A)", "r")]),
        },
        Case {
            follows: None,
            before: "GRANT TRAVERSE ON GRAPH * FOR (n:A) WHERE n.k = 1 TO r",
            command: "REVOKE TRAVERSE ON GRAPH * FOR (n:A) WHERE n.k = 2 FROM r; \
                      REVOKE TRAVERSE ON GRAPH * FOR (n:A) WHERE NOT n.k = 1 FROM r; \
                      REVOKE TRAVERSE ON GRAPH * FOR (n:B) WHERE n.k = 1 FROM r; \
                      REVOKE TRAVERSE ON GRAPH * FOR (n) WHERE n.k = 1 FROM r; \
                      REVOKE TRAVERSE ON GRAPH * NODES A FROM r",
            expect: Expect::Commands(
                &["GRANT TRAVERSE ON GRAPH * FOR (n:A) WHERE n.k = 1 TO `r`"],
                1,
            ),
        },
    ]);
}

/// LOAD (Load privileges): one stored privilege per role and source, on
/// graph `*`; REVOKE matches the source (P5). The plain listing of `ALL
/// DATA` is Neo4j's (action `load`, resource `file`, segment `ALL DATA`);
/// the `CIDR(<range>)` segment is semantics.md section 10's decision.
#[test]
fn load_privileges_store_one_per_role_and_source() {
    check(&[
        Case {
            follows: Some(LOAD),
            before: "",
            command: "GRANT LOAD ON ALL DATA TO r",
            expect: Expect::Rows(&[(G, "load", "file", "*", "ALL DATA", "r")]),
        },
        Case {
            follows: Some(LOAD),
            before: "",
            command: "DENY LOAD ON CIDR \"127.0.0.1/32\" TO r",
            expect: Expect::Commands(&["DENY LOAD ON CIDR \"127.0.0.1/32\" TO `r`"], 1),
        },
        Case {
            follows: None,
            before: "",
            command: "DENY LOAD ON CIDR '127.0.0.1/32' TO r",
            expect: Expect::Rows(&[(D, "load", "file", "*", "CIDR(127.0.0.1/32)", "r")]),
        },
        // Several roles; IMMUTABLE stores the same privilege; a repeated
        // grant is stored once.
        Case {
            follows: None,
            before: "GRANT LOAD ON CIDR '10.0.0.0/8' TO r1",
            command: "GRANT IMMUTABLE LOAD ON CIDR \"10.0.0.0/8\" TO r1, r2",
            expect: Expect::Rows(&[
                (G, "load", "file", "*", "CIDR(10.0.0.0/8)", "r1"),
                (G, "load", "file", "*", "CIDR(10.0.0.0/8)", "r2"),
            ]),
        },
        // A GRANT and a DENY of one source are two stored privileges.
        Case {
            follows: None,
            before: "GRANT LOAD ON ALL DATA TO r",
            command: "DENY LOAD ON ALL DATA TO r",
            expect: Expect::Rows(&[
                (G, "load", "file", "*", "ALL DATA", "r"),
                (D, "load", "file", "*", "ALL DATA", "r"),
            ]),
        },
        // REVOKE of one source leaves the others; plain REVOKE removes the
        // GRANT and the DENY.
        Case {
            follows: None,
            before: "GRANT LOAD ON ALL DATA TO r; \
                     GRANT LOAD ON CIDR '10.0.0.0/8' TO r; \
                     GRANT LOAD ON CIDR '127.0.0.1/32' TO r; \
                     DENY LOAD ON CIDR '127.0.0.1/32' TO r",
            command: "REVOKE LOAD ON CIDR '127.0.0.1/32' FROM r",
            expect: Expect::Rows(&[
                (G, "load", "file", "*", "ALL DATA", "r"),
                (G, "load", "file", "*", "CIDR(10.0.0.0/8)", "r"),
            ]),
        },
        // REVOKEs that match nothing: the other access, another range, a
        // range written differently, ALL DATA is not a range, another role.
        Case {
            follows: None,
            before: "GRANT LOAD ON CIDR '10.0.0.0/8' TO r",
            command: "REVOKE DENY LOAD ON CIDR '10.0.0.0/8' FROM r; \
                      REVOKE LOAD ON CIDR '10.0.0.0/16' FROM r; \
                      REVOKE LOAD ON CIDR '10.0.0.1/8' FROM r; \
                      REVOKE LOAD ON ALL DATA FROM r; \
                      REVOKE LOAD ON CIDR '10.0.0.0/8' FROM r1",
            expect: Expect::Rows(&[(G, "load", "file", "*", "CIDR(10.0.0.0/8)", "r")]),
        },
        // The manual's custom administrator: a copy of admin holds admin's
        // LOAD, and REVOKE GRANT LOAD ON ALL DATA removes it.
        Case {
            follows: Some(DBMS_ADMIN),
            before: "CREATE ROLE newAdministrator AS COPY OF admin",
            command: "REVOKE GRANT LOAD ON ALL DATA FROM newAdministrator",
            expect: Expect::Commands(
                &[
                    "GRANT ACCESS ON DATABASE * TO `newAdministrator`",
                    "GRANT ALL DBMS PRIVILEGES ON DBMS TO `newAdministrator`",
                    "GRANT CONSTRAINT MANAGEMENT ON DATABASE * TO `newAdministrator`",
                    "GRANT INDEX MANAGEMENT ON DATABASE * TO `newAdministrator`",
                    "GRANT MATCH {*} ON GRAPH * NODE * TO `newAdministrator`",
                    "GRANT MATCH {*} ON GRAPH * RELATIONSHIP * TO `newAdministrator`",
                    "GRANT NAME MANAGEMENT ON DATABASE * TO `newAdministrator`",
                    "GRANT SHOW CONSTRAINT ON DATABASE * TO `newAdministrator`",
                    "GRANT SHOW INDEX ON DATABASE * TO `newAdministrator`",
                    "GRANT START ON DATABASE * TO `newAdministrator`",
                    "GRANT STOP ON DATABASE * TO `newAdministrator`",
                    "GRANT TRANSACTION MANAGEMENT (*) ON DATABASE * TO `newAdministrator`",
                    "GRANT WRITE ON GRAPH * TO `newAdministrator`",
                ],
                14,
            ),
        },
    ]);
}

/// A REVOKE that matches nothing changes nothing at all: not even the
/// catalog's version, which engines use to cache (P5).
#[test]
fn a_revoke_matching_nothing_leaves_the_catalog_as_it_was() {
    let mut catalog = Catalog::with_builtins();
    run(&mut catalog, ROLES, "roles");
    run(
        &mut catalog,
        "GRANT MATCH {x} ON GRAPH * NODES A TO r",
        "before",
    );
    let before = catalog.clone();
    run(
        &mut catalog,
        "REVOKE READ {x} ON GRAPH * NODES A FROM r",
        "revoke",
    );
    assert_eq!(catalog, before);
}
