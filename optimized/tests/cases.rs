//! Hand-written cases, one or more per rule of SEMANTICS.md sections 2-4
//! and 7, with expected values worked out from the specification (node ids
//! are creation order from 0; relationship ids likewise). They run the
//! optimized engine alone.

use std::collections::BTreeMap;

use model::admin::exec::execute;
use model::catalog::Catalog;
use model::config::parse_config;
use model::cypher::data::build_graph;
use model::cypher::{parse_admin_script, parse_data_script};
use model::engine::{EngineError, IdSet, Principal, Visibility};
use model::graph::{Graph, Node, TokenKind};
use model::world::World;

/// A world from a `graph` script, a `security` script run after creating
/// role `r` and user `u` holding it, and `config` lines.
fn world(graph: &str, security: &str, config: &str) -> World {
    let setup =
        "CREATE ROLE r; CREATE USER u SET PASSWORD 'p' CHANGE NOT REQUIRED; GRANT ROLE r TO u;";
    let mut world = World {
        database: "neo4j".to_string(),
        graph: graph_of(graph),
        catalog: Catalog::with_builtins(),
        config: parse_config(config).unwrap_or_else(|e| panic!("config: {e:?}")),
    };
    run(&mut world, setup);
    run(&mut world, security);
    world
}

/// The graph a `graph` script builds.
fn graph_of(script: &str) -> Graph {
    parse_data_script(script)
        .and_then(|statements| build_graph(&statements))
        .unwrap_or_else(|e| panic!("{script}: {e:?}"))
}

/// Runs administration commands as an administrator.
fn run(world: &mut World, script: &str) {
    let commands = parse_admin_script(script).unwrap_or_else(|e| panic!("{script}: {e:?}"));
    for c in commands {
        execute(&c.item, &mut world.catalog, &mut world.graph.tokens)
            .unwrap_or_else(|e| panic!("{:?}: {e}", c.item));
    }
}

fn see(world: &World, user: &str) -> Visibility {
    optimized::compile(world, &Principal::Native(user.to_string()))
        .map(|c| c.visibility())
        .unwrap_or_else(|e| panic!("{user}: {e}"))
}

fn error(world: &World, user: &str) -> EngineError {
    match optimized::compile(world, &Principal::Native(user.to_string())) {
        Ok(_) => panic!("{user} should fail"),
        Err(e) => e,
    }
}

fn nodes(v: &Visibility) -> Vec<u64> {
    v.nodes.iter().collect()
}

fn rels(v: &Visibility) -> Vec<u64> {
    v.relationships.iter().collect()
}

fn node_keys(v: &Visibility, id: u64) -> Vec<&str> {
    v.keys_of_node(id)
}

fn rel_keys(v: &Visibility, id: u64) -> Vec<&str> {
    v.keys_of_relationship(id)
}

const FOUR: &str = "CREATE (:A {k: 1}), (:B {k: 2}), (:A:B {k: 3}), ({k: 4})";

// ---- N1, N2: label segments ----

#[test]
fn n2_one_granted_label_is_enough() {
    let w = world(FOUR, "GRANT TRAVERSE ON GRAPH * NODES A TO r;", "");
    assert_eq!(nodes(&see(&w, "u")), vec![0, 2]);
}

#[test]
fn n2_one_denied_label_hides_the_node_but_not_unlabelled_ones() {
    let w = world(
        FOUR,
        "GRANT TRAVERSE ON GRAPH * NODES * TO r; DENY TRAVERSE ON GRAPH * NODES B TO r;",
        "",
    );
    assert_eq!(nodes(&see(&w, "u")), vec![0, 3]);
}

#[test]
fn n2_unlabelled_nodes_need_nodes_star_or_a_label_less_rule() {
    let w = world(FOUR, "GRANT TRAVERSE ON GRAPH * NODES A, B TO r;", "");
    assert_eq!(nodes(&see(&w, "u")), vec![0, 1, 2]);
    let w = world(
        FOUR,
        "GRANT TRAVERSE ON GRAPH * FOR (n) WHERE n.k = 4 TO r;",
        "",
    );
    assert_eq!(nodes(&see(&w, "u")), vec![3]);
}

#[test]
fn p3_a_deny_in_any_role_wins_over_grants_in_others() {
    let w = world(
        FOUR,
        "CREATE ROLE d; GRANT ROLE d TO u; GRANT MATCH {*} ON GRAPH * TO r; \
         DENY TRAVERSE ON GRAPH * NODES A TO d;",
        "",
    );
    assert_eq!(nodes(&see(&w, "u")), vec![1, 3]);
}

// ---- R2 ----

const PATH: &str =
    "CREATE (a:A {k: 1})-[:T {w: 1}]->(b:B {k: 2}), (a)-[:U {w: 2}]->(a), (b)-[:T {w: 3}]->(c:C)";

#[test]
fn r2_relationships_need_both_endpoints_traversable() {
    let w = world(
        PATH,
        "GRANT TRAVERSE ON GRAPH * NODES A TO r; GRANT TRAVERSE ON GRAPH * RELATIONSHIPS * TO r;",
        "",
    );
    let v = see(&w, "u");
    assert_eq!(nodes(&v), vec![0]);
    // Only the self-loop on a.
    assert_eq!(rels(&v), vec![1]);
    let w = world(
        PATH,
        "GRANT TRAVERSE ON GRAPH * NODES A, B TO r; GRANT TRAVERSE ON GRAPH * RELATIONSHIPS * TO r; \
         DENY TRAVERSE ON GRAPH * RELATIONSHIPS U TO r;",
        "",
    );
    assert_eq!(rels(&see(&w, "u")), vec![0]);
}

#[test]
fn r2_traversable_endpoints_are_not_enough_without_a_relationship_grant() {
    let w = world(PATH, "GRANT TRAVERSE ON GRAPH * NODES * TO r;", "");
    let v = see(&w, "u");
    assert_eq!(nodes(&v), vec![0, 1, 2]);
    assert!(rels(&v).is_empty());
}

#[test]
fn r3_relationship_keys_follow_relationship_segments() {
    let w = world(
        PATH,
        "GRANT TRAVERSE ON GRAPH * NODES * TO r; GRANT MATCH {*} ON GRAPH * RELATIONSHIPS T TO r; \
         GRANT TRAVERSE ON GRAPH * RELATIONSHIPS U TO r;",
        "",
    );
    let v = see(&w, "u");
    assert_eq!(rels(&v), vec![0, 1, 2]);
    assert_eq!(rel_keys(&v, 0), vec!["w"]);
    assert!(rel_keys(&v, 1).is_empty(), "U is traversable, not readable");
    assert!(node_keys(&v, 0).is_empty(), "TRAVERSE reads nothing");
}

// ---- P1, P4, N3: MATCH vs READ ----

#[test]
fn p1_read_alone_finds_nothing_and_match_is_traverse_plus_read() {
    let g = "CREATE (:A {k: 1, m: 2})";
    let w = world(g, "GRANT READ {k} ON GRAPH * NODES A TO r;", "");
    assert!(nodes(&see(&w, "u")).is_empty());
    let w = world(g, "GRANT MATCH {k} ON GRAPH * NODES A TO r;", "");
    let v = see(&w, "u");
    assert_eq!(nodes(&v), vec![0]);
    assert_eq!(node_keys(&v, 0), vec!["k"]);
    let w = world(
        g,
        "GRANT TRAVERSE ON GRAPH * NODES A TO r; GRANT READ {*} ON GRAPH * NODES A TO r;",
        "",
    );
    assert_eq!(node_keys(&see(&w, "u"), 0), vec!["k", "m"]);
}

#[test]
fn n3_reading_is_judged_by_all_labels() {
    let w = world(
        "CREATE (:A:B {k: 1, m: 2}), (:A {k: 3})",
        "GRANT MATCH {*} ON GRAPH * NODES A TO r; DENY READ {k} ON GRAPH * NODES B TO r;",
        "",
    );
    let v = see(&w, "u");
    assert_eq!(nodes(&v), vec![0, 1]);
    assert_eq!(node_keys(&v, 0), vec!["m"]);
    assert_eq!(node_keys(&v, 1), vec!["k"]);
}

#[test]
fn p4_deny_match_on_a_key_denies_only_reading_it() {
    let w = world(
        "CREATE (:A {k: 1, m: 2}), (:B {k: 3, m: 4})",
        "GRANT MATCH {*} ON GRAPH * TO r; DENY MATCH {k} ON GRAPH * NODES A TO r; \
         DENY MATCH {*} ON GRAPH * NODES B TO r;",
        "",
    );
    let v = see(&w, "u");
    assert_eq!(nodes(&v), vec![0], "DENY MATCH {{*}} hides B");
    assert_eq!(node_keys(&v, 0), vec!["m"]);
}

#[test]
fn p4_deny_read_star_does_not_hide() {
    let w = world(
        "CREATE (:A {k: 1})",
        "GRANT MATCH {*} ON GRAPH * TO r; DENY READ {*} ON GRAPH * NODES A TO r;",
        "",
    );
    let v = see(&w, "u");
    assert_eq!(nodes(&v), vec![0]);
    assert!(node_keys(&v, 0).is_empty());
}

// ---- Q1, Q3: property rules ----

/// Levels: 1, 5, missing, 'x'.
const LEVELS: &str = "CREATE (:P {level: 1}), (:P {level: 5}), (:P), (:P {level: 'x'})";

#[test]
fn q3_a_grant_rule_applies_only_where_true() {
    let w = world(
        LEVELS,
        "GRANT TRAVERSE ON GRAPH * FOR (n:P) WHERE n.level > 3 TO r;",
        "",
    );
    // 1 > 3 false; missing and 'x' > 3 are null.
    assert_eq!(nodes(&see(&w, "u")), vec![1]);
    let w = world(
        LEVELS,
        "GRANT TRAVERSE ON GRAPH * FOR (n:P) WHERE NOT n.level > 3 TO r;",
        "",
    );
    assert_eq!(nodes(&see(&w, "u")), vec![0], "NOT null is null");
}

#[test]
fn q3_a_deny_rule_fails_open_on_null() {
    let w = world(
        LEVELS,
        "GRANT TRAVERSE ON GRAPH * NODES * TO r; \
         DENY TRAVERSE ON GRAPH * FOR (n:P) WHERE n.level > 3 TO r;",
        "",
    );
    assert_eq!(nodes(&see(&w, "u")), vec![0, 2, 3]);
}

#[test]
fn q3_equality_across_types_is_false_not_null() {
    // Decision: `'x' <> 1` is TRUE; a missing level is null.
    let w = world(
        LEVELS,
        "GRANT TRAVERSE ON GRAPH * FOR (n:P) WHERE n.level <> 1 TO r;",
        "",
    );
    assert_eq!(nodes(&see(&w, "u")), vec![1, 3]);
}

#[test]
fn q1_null_tests_lists_and_map_form() {
    let is_null = world(
        LEVELS,
        "GRANT TRAVERSE ON GRAPH * FOR (n:P) WHERE n.level IS NULL TO r;",
        "",
    );
    assert_eq!(nodes(&see(&is_null, "u")), vec![2]);
    let in_list = world(
        LEVELS,
        "GRANT TRAVERSE ON GRAPH * FOR (n:P) WHERE n.level IN [5, 7] TO r;",
        "",
    );
    assert_eq!(nodes(&see(&in_list, "u")), vec![1]);
    let map = world(
        LEVELS,
        "GRANT TRAVERSE ON GRAPH * FOR (n:P {level: 1}) TO r;",
        "",
    );
    assert_eq!(nodes(&see(&map, "u")), vec![0]);
    let contains = world(
        "CREATE (:P {tags: [1, 2]}), (:P {tags: [3]}), (:P {tags: 2})",
        "GRANT TRAVERSE ON GRAPH * FOR (n:P) WHERE 2 IN n.tags TO r;",
        "",
    );
    // Decision: `2 IN n.tags` on a non-list is null.
    assert_eq!(nodes(&see(&contains, "u")), vec![0]);
}

#[test]
fn q3_read_rules_decide_per_key_and_do_not_find() {
    let w = world(
        "CREATE (:E {pos: 'CEO', salary: 10}), (:E {pos: 'dev', salary: 5}), (:E {salary: 1})",
        "GRANT MATCH {*} ON GRAPH * TO r; \
         DENY READ {salary} ON GRAPH * FOR (e:E) WHERE e.pos = 'CEO' TO r;",
        "",
    );
    let v = see(&w, "u");
    assert_eq!(nodes(&v), vec![0, 1, 2]);
    assert_eq!(node_keys(&v, 0), vec!["pos"]);
    assert_eq!(node_keys(&v, 1), vec!["pos", "salary"]);
    assert_eq!(node_keys(&v, 2), vec!["salary"], "null fails open");
}

#[test]
fn r1_relationship_rules() {
    let w = world(
        PATH,
        "GRANT TRAVERSE ON GRAPH * NODES * TO r; \
         GRANT MATCH {*} ON GRAPH * FOR ()-[x:T]-() WHERE x.w >= 2 TO r;",
        "",
    );
    let v = see(&w, "u");
    assert_eq!(rels(&v), vec![2]);
    assert_eq!(rel_keys(&v, 2), vec!["w"]);
}

// ---- P6 ----

#[test]
fn p6_unknown_names_contribute_nothing_and_the_others_stay() {
    let w = world(
        FOUR,
        "GRANT TRAVERSE ON GRAPH * NODES A, Nope TO r; DENY TRAVERSE ON GRAPH * NODES Nope TO r;",
        "",
    );
    assert_eq!(nodes(&see(&w, "u")), vec![0, 2]);
}

#[test]
fn p6_match_on_an_unknown_key_still_traverses() {
    let w = world(FOUR, "GRANT MATCH {nokey} ON GRAPH * NODES A TO r;", "");
    let v = see(&w, "u");
    assert_eq!(nodes(&v), vec![0, 2]);
    assert!(v.node_keys.is_empty());
}

#[test]
fn p6_a_rule_on_an_unknown_key_applies_nowhere_until_registered() {
    let security = "GRANT TRAVERSE ON GRAPH * NODES * TO r; \
                    DENY TRAVERSE ON GRAPH * FOR (n) WHERE n.nokey IS NULL TO r;";
    let mut w = world(FOUR, security, "");
    assert_eq!(nodes(&see(&w, "u")), vec![0, 1, 2, 3]);
    w.graph.tokens.register(TokenKind::PropertyKey, "nokey");
    assert!(
        nodes(&see(&w, "u")).is_empty(),
        "now every node lacks nokey"
    );
}

// ---- D4 ----

#[test]
fn d4_privileges_on_another_graph_have_no_effect() {
    let w = world(
        FOUR,
        "GRANT MATCH {*} ON GRAPH other NODES * TO r; GRANT TRAVERSE ON GRAPH neo4j NODES A TO r; \
         DENY TRAVERSE ON GRAPH other NODES A TO r;",
        "",
    );
    assert_eq!(nodes(&see(&w, "u")), vec![0, 2]);
    let mut movies = w.clone();
    movies.database = "movies".to_string();
    assert!(
        nodes(&see(&movies, "u")).is_empty(),
        "neo4j is now another graph"
    );
}

// ---- B2 ----

#[test]
fn b2_blacklisted_keys_are_unreadable_everywhere() {
    let security = "GRANT MATCH {*} ON GRAPH * TO r;";
    let blacklist = "dbms.security.property_level.enabled=true\n\
                     dbms.security.property_level.blacklist=r=w;PUBLIC=k\n";
    let w = world(PATH, security, blacklist);
    let v = see(&w, "u");
    assert_eq!(nodes(&v), vec![0, 1, 2]);
    assert_eq!(rels(&v), vec![0, 1, 2]);
    assert!(v.node_keys.is_empty(), "k is blacklisted for PUBLIC");
    assert!(v.relationship_keys.is_empty(), "w is blacklisted for r");
    let disabled = world(
        PATH,
        security,
        "dbms.security.property_level.blacklist=r=w\n",
    );
    assert_eq!(rel_keys(&see(&disabled, "u"), 0), vec!["w"]);
    // U6: an administrator is not subject to it.
    let admin = optimized::compile(&w, &Principal::Admin).map(|c| c.visibility());
    let w_shown = admin.map(|v| v.relationship_keys.get("w").map(|ids| ids.iter().collect()));
    assert_eq!(w_shown, Ok(Some(vec![0, 1, 2])));
}

#[test]
fn b2_only_the_roles_held_count() {
    let blacklist = "dbms.security.property_level.enabled=true\n\
                     dbms.security.property_level.blacklist=other=k\n";
    let w = world(FOUR, "GRANT MATCH {*} ON GRAPH * TO r;", blacklist);
    assert_eq!(node_keys(&see(&w, "u"), 0), vec!["k"]);
}

// ---- U5, U6 and the user decisions ----

#[test]
fn u5_without_access_every_query_fails_with_the_roles_listed() {
    let w = world(
        FOUR,
        "CREATE ROLE a; GRANT ROLE a TO u; REVOKE ACCESS ON HOME DATABASE FROM PUBLIC; \
         GRANT MATCH {*} ON GRAPH * TO r;",
        "",
    );
    assert_eq!(
        error(&w, "u").message,
        "Database access is not allowed for user 'u' with roles [PUBLIC, a, r]."
    );
}

#[test]
fn u5_a_deny_access_wins_over_grants() {
    let w = world(
        FOUR,
        "GRANT ACCESS ON DATABASE * TO r; DENY ACCESS ON DATABASE neo4j TO r; \
         GRANT MATCH {*} ON GRAPH * TO r;",
        "",
    );
    assert_eq!(
        error(&w, "u").message,
        "Database access is not allowed for user 'u' with roles [PUBLIC, r]."
    );
    let elsewhere = world(FOUR, "DENY ACCESS ON DATABASE other TO r;", "");
    assert!(optimized::compile(&elsewhere, &Principal::Native("u".into())).is_ok());
}

#[test]
fn dropped_roles_are_neither_held_nor_listed() {
    let w = world(
        FOUR,
        "GRANT MATCH {*} ON GRAPH * TO r; DROP ROLE r; REVOKE ACCESS ON HOME DATABASE FROM PUBLIC;",
        "",
    );
    assert_eq!(
        error(&w, "u").message,
        "Database access is not allowed for user 'u' with roles [PUBLIC]."
    );
}

#[test]
fn an_unknown_user_is_an_error() {
    let w = world(FOUR, "", "");
    assert_eq!(error(&w, "ghost").message, "User 'ghost' does not exist.");
}

#[test]
fn u6_an_administrator_sees_everything() {
    let w = world(
        PATH,
        "DENY MATCH {*} ON GRAPH * TO PUBLIC; REVOKE ACCESS ON HOME DATABASE FROM PUBLIC;",
        "",
    );
    let v = optimized::compile(&w, &Principal::Admin)
        .map(|c| c.visibility())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(nodes(&v), vec![0, 1, 2]);
    assert_eq!(rels(&v), vec![0, 1, 2]);
    assert_eq!(node_keys(&v, 1), vec!["k"]);
    assert!(node_keys(&v, 2).is_empty(), "c stores no key");
    assert_eq!(rel_keys(&v, 2), vec!["w"]);
}

// ---- bitmaps at a size where roaring switches container kinds ----

#[test]
fn large_label_sets_use_both_container_kinds() {
    // 10 000 nodes: A on every even node (5 000: a bitmap container), B on
    // every 100th (100: an array container).
    let mut graph = Graph::default();
    graph.tokens.register(TokenKind::Label, "A");
    graph.tokens.register(TokenKind::Label, "B");
    graph.nodes = (0..10_000u64)
        .map(|id| Node {
            id,
            labels: [("A", id % 2 == 0), ("B", id % 100 == 0)]
                .iter()
                .filter(|(_, has)| *has)
                .map(|(l, _)| l.to_string())
                .collect(),
            properties: BTreeMap::new(),
        })
        .collect();
    let mut w = world(
        "",
        "GRANT TRAVERSE ON GRAPH * NODES A TO r; DENY TRAVERSE ON GRAPH * NODES B TO r;",
        "",
    );
    w.graph.tokens = graph.tokens.clone();
    w.graph.nodes = graph.nodes;
    let compiled =
        optimized::compile(&w, &Principal::Native("u".into())).unwrap_or_else(|e| panic!("{e}"));
    let expected: IdSet = (0..10_000).filter(|i| i % 2 == 0 && i % 100 != 0).collect();
    assert_eq!(compiled.traversable_nodes().len(), 4_900);
    assert_eq!(compiled.visibility().nodes, expected);
}
