//! Small hand-worked cases. The graph of every case is
//!
//! ```text
//! n0 :A {k: 1}   n1 :B   n2 :A:B   n3 (no label)   n4 :C
//! ```
//!
//! and each expected set is worked out from N2 (one applying grant, no
//! applying deny), P4, D4, U5 and A3-A6 of docs/spec/semantics.md, then
//! also checked against the optimized engine.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use model::admin::exec::execute;
use model::catalog::Catalog;
use model::config::Config;
use model::cypher::{build_graph, parse_admin_script, parse_data_script};
use model::engine::{Engine, OidcSession, Principal, Transaction};
use model::scenario::TokenOverrides;
use model::world::World;
use optimized::OptimizedEngine;
use peers::{Peer, PeerError};
use roaring::RoaringTreemap;

const GRAPH: &str = "CREATE (:A {k: 1}), (:B), (:A:B), (), (:C)";

const USER: &str = "
CREATE USER alice SET PASSWORD 'secret' CHANGE NOT REQUIRED;
CREATE ROLE r;
GRANT ROLE r TO alice;
";

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).expect("a valid instant")
}

fn world(security: &str) -> World {
    let mut graph = build_graph(&parse_data_script(GRAPH).expect("graph parses")).expect("graph");
    let mut catalog = Catalog::with_builtins();
    for command in parse_admin_script(security).expect("security parses") {
        execute(&command.item, &mut catalog, &mut graph.tokens).expect("command applies");
    }
    World {
        database: "neo4j".to_string(),
        graph,
        catalog,
        config: Config::default(),
    }
}

fn set(ids: &[u64]) -> RoaringTreemap {
    ids.iter().copied().collect()
}

/// Both peers and the optimized engine find exactly `expected`.
fn expect(world: &World, principal: &Principal, when: DateTime<FixedOffset>, expected: &[u64]) {
    let expected = set(expected);
    for build in [peers::cedar, peers::casbin] {
        let peer: Box<dyn Peer> = build(world, principal, when).expect("the peer builds");
        assert_eq!(peer.decisions(), 5);
        assert_eq!(
            peer.visible_nodes().expect("decides"),
            expected,
            "{}",
            peer.name()
        );
    }
    let mut engine = OptimizedEngine::new();
    engine.load(Arc::new(world.clone())).expect("loads");
    let tx = Transaction {
        principal: principal.clone(),
        at: when,
        limits: model::limits::Limits::default(),
    };
    assert_eq!(
        engine.visibility(&tx).expect("access").nodes,
        expected,
        "optimized"
    );
}

fn alice() -> Principal {
    Principal::Native("alice".to_string())
}

fn noon() -> DateTime<FixedOffset> {
    at("2024-05-01T12:00:00Z")
}

#[test]
fn a_granted_and_a_denied_label_hide_the_node() {
    // n0 has A (granted) only; n2 has A and B (denied): hidden (N2).
    let w = world(&format!(
        "{USER} GRANT TRAVERSE ON GRAPH * NODES A TO r; DENY TRAVERSE ON GRAPH * NODES B TO r;"
    ));
    expect(&w, &alice(), noon(), &[0]);
}

#[test]
fn nodes_star_grants_every_node_and_a_key_deny_hides_none() {
    // NODES * applies to every node, the unlabelled n3 included (N1); DENY
    // MATCH {k} denies only READ k (P4); the C deny hides n4.
    let w = world(&format!(
        "{USER} GRANT MATCH {{*}} ON GRAPH * NODES * TO r;
         DENY MATCH {{k}} ON GRAPH * NODES A TO r;
         DENY TRAVERSE ON HOME GRAPH NODES C TO r;"
    ));
    expect(&w, &alice(), noon(), &[0, 1, 2, 3]);
}

#[test]
fn a_privilege_on_another_graph_does_nothing() {
    // D4: `other` is not this database; MATCH {k} grants TRAVERSE (P4).
    let w = world(&format!(
        "{USER} GRANT TRAVERSE ON GRAPH other NODES * TO r;
         GRANT MATCH {{k}} ON GRAPH neo4j NODES B TO r;
         DENY TRAVERSE ON GRAPH other NODES B TO r;"
    ));
    expect(&w, &alice(), noon(), &[1, 2]);
}

#[test]
fn the_administrator_sees_every_node() {
    let w = world("DENY TRAVERSE ON GRAPH * NODES * TO PUBLIC;");
    expect(&w, &Principal::Admin, noon(), &[0, 1, 2, 3, 4]);
}

#[test]
fn no_access_is_an_error() {
    // U5 with its decision: a DENY ACCESS wins over PUBLIC's grant.
    let w = world(&format!(
        "{USER} GRANT TRAVERSE ON GRAPH * NODES * TO r; DENY ACCESS ON DATABASE * TO r;"
    ));
    for build in [peers::cedar, peers::casbin] {
        match build(&w, &alice(), noon()) {
            Err(PeerError::NoAccess { user, .. }) => assert_eq!(user, "alice"),
            Err(other) => panic!("wrong error {other}"),
            Ok(peer) => panic!("{} built without access", peer.name()),
        }
    }
}

#[test]
fn an_unknown_user_is_an_error() {
    let w = world(USER);
    let bob = Principal::Native("bob".to_string());
    assert!(matches!(
        peers::cedar(&w, &bob, noon()),
        Err(PeerError::UnknownUser(_))
    ));
    assert!(matches!(
        peers::casbin(&w, &bob, noon()),
        Err(PeerError::UnknownUser(_))
    ));
}

#[test]
fn a_property_rule_the_user_holds_is_refused_and_one_they_do_not_is_not() {
    let rule = "DENY TRAVERSE ON GRAPH * FOR (n:A) WHERE n.k = 1 TO";
    let held = world(&format!(
        "{USER} GRANT TRAVERSE ON GRAPH * NODES * TO r; {rule} r;"
    ));
    for build in [peers::cedar, peers::casbin] {
        match build(&held, &alice(), noon()) {
            Err(PeerError::UntranslatablePrivilege {
                role, privilege, ..
            }) => {
                assert_eq!(role, "r");
                assert!(privilege.starts_with("DENY TRAVERSE"), "{privilege}");
            }
            Err(other) => panic!("wrong error {other}"),
            Ok(peer) => panic!("{} accepted a property rule", peer.name()),
        }
    }
    // A READ rule cannot change traversal; a rule of a role alice does not
    // hold cannot change her answer.
    let other = world(&format!(
        "{USER} CREATE ROLE s; GRANT TRAVERSE ON GRAPH * NODES A TO r;
         GRANT READ {{k}} ON GRAPH * FOR (n:A) WHERE n.k = 1 TO r; {rule} s;"
    ));
    expect(&other, &alice(), noon(), &[0, 2]);
}

/// An OIDC session of the default provider for `claims`, opened at `when`
/// with `w`'s rules.
fn session(w: &World, claims: serde_json::Value, when: DateTime<FixedOffset>) -> Principal {
    let serde_json::Value::Object(claims) = claims else {
        panic!("claims are an object");
    };
    let session = OidcSession::open(
        "s".to_string(),
        &w.config.oidc,
        &w.catalog,
        &claims,
        &TokenOverrides::default(),
        when,
    )
    .expect("token minted");
    Principal::Oidc(Arc::new(session))
}

const RULES: &str = "
CREATE ROLE seesA; GRANT TRAVERSE ON GRAPH * NODES A TO seesA;
CREATE ROLE seesC; GRANT TRAVERSE ON GRAPH * NODES C TO seesC;
CREATE ROLE seesB; GRANT TRAVERSE ON GRAPH * NODES B TO seesB;
CREATE AUTH RULE dept SET CONDITION abac.oidc.user_attribute('dept') = 'x';
GRANT ROLE seesA TO AUTH RULE dept;
CREATE AUTH RULE office SET CONDITION abac.oidc.user_attribute('level') >= 3 AND datetime.transaction().hour < 18;
GRANT ROLE seesC TO AUTH RULE office;
CREATE AUTH RULE missing SET CONDITION NOT abac.oidc.user_attribute('nosuch') = 'y';
GRANT ROLE seesB TO AUTH RULE missing;
";

#[test]
fn an_auth_rule_grants_only_when_its_condition_is_true() {
    let w = world(RULES);
    // dept = 'x' is TRUE: A (n0, n2). level 3 >= 3 and hour 12 < 18: C (n4).
    // `nosuch` is absent, so `= 'y'` is null and NOT null is null: no B.
    let both = session(
        &w,
        serde_json::json!({"sub": "u", "dept": "x", "level": 3}),
        noon(),
    );
    expect(&w, &both, noon(), &[0, 2, 4]);
    // dept = 'z' is FALSE: nothing from it; level 2 >= 3 is FALSE.
    let neither = session(
        &w,
        serde_json::json!({"sub": "u", "dept": "z", "level": 2}),
        noon(),
    );
    expect(&w, &neither, noon(), &[]);
    // level is a string: `>=` is null, not an error; hour 18 fails anyway.
    let evening = at("2024-05-01T19:30:00+01:00");
    let late = session(
        &w,
        serde_json::json!({"sub": "u", "dept": "x", "level": "3"}),
        evening,
    );
    expect(&w, &late, evening, &[0, 2]);
}

#[test]
fn a_group_grants_its_role_without_a_rule() {
    // O1's default provider reads `groups`; with no mapping a group named
    // like a role grants it (O3). No rule is fulfilled here.
    let w = world(RULES);
    let grouped = session(
        &w,
        serde_json::json!({"sub": "u", "groups": ["seesB"]}),
        noon(),
    );
    expect(&w, &grouped, noon(), &[1, 2]);
}

#[test]
fn an_untranslatable_condition_is_refused_by_name() {
    let w = world(
        "CREATE ROLE seesA; GRANT TRAVERSE ON GRAPH * NODES A TO seesA;
         CREATE AUTH RULE lower SET CONDITION toLower(abac.oidc.user_attribute('dept')) = 'x';
         GRANT ROLE seesA TO AUTH RULE lower;",
    );
    let s = session(&w, serde_json::json!({"sub": "u", "dept": "X"}), noon());
    for build in [peers::cedar, peers::casbin] {
        match build(&w, &s, noon()) {
            Err(PeerError::UntranslatableCondition { rule, .. }) => assert_eq!(rule, "lower"),
            Err(other) => panic!("wrong error {other}"),
            Ok(peer) => panic!("{} accepted toLower", peer.name()),
        }
    }
}

#[test]
fn odd_names_survive_both_renderings() {
    // Quotes, backslashes, dots and non-ASCII in labels, roles and claims.
    let graph = "CREATE (:`a\"b\\\\c.d` {k: 1}), (:`é r.x`), ()";
    let mut g = build_graph(&parse_data_script(graph).expect("parses")).expect("graph");
    let mut catalog = Catalog::with_builtins();
    let security =
        "CREATE ROLE `r\"o.le`; GRANT TRAVERSE ON GRAPH * NODES `a\"b\\\\c.d` TO `r\"o.le`;
        CREATE ROLE `p.x`; GRANT TRAVERSE ON GRAPH * NODES `é r.x` TO `p.x`;
        CREATE AUTH RULE odd SET CONDITION abac.oidc.user_attribute('r.c\"') = 'p2.v\\\\\"é';
        GRANT ROLE `p.x` TO AUTH RULE odd;
        GRANT ROLE `r\"o.le` TO AUTH RULE odd;";
    for command in parse_admin_script(security).expect("security parses") {
        execute(&command.item, &mut catalog, &mut g.tokens).expect("applies");
    }
    let w = World {
        database: "neo4j".to_string(),
        graph: g,
        catalog,
        config: Config::default(),
    };
    let s = session(
        &w,
        serde_json::json!({"sub": "u", "r.c\"": "p2.v\\\"é"}),
        noon(),
    );
    for build in [peers::cedar, peers::casbin] {
        let peer = build(&w, &s, noon()).expect("builds");
        assert_eq!(
            peer.visible_nodes().expect("decides"),
            set(&[0, 1]),
            "{}",
            peer.name()
        );
    }
}

const LIST_RULES: &str = "
CREATE ROLE seesA; GRANT TRAVERSE ON GRAPH * NODES A TO seesA;
CREATE ROLE seesB; GRANT TRAVERSE ON GRAPH * NODES B TO seesB;
CREATE ROLE seesC; GRANT TRAVERSE ON GRAPH * NODES C TO seesC;
CREATE AUTH RULE every SET CONDITION all(x IN abac.oidc.user_attribute('projects') WHERE x = 'p1');
GRANT ROLE seesA TO AUTH RULE every;
CREATE AUTH RULE nine SET CONDITION none(x IN abac.oidc.user_attribute('projects') WHERE 'p9' = x);
GRANT ROLE seesB TO AUTH RULE nine;
CREATE AUTH RULE above SET CONDITION -5 < abac.oidc.user_attribute('level');
GRANT ROLE seesC TO AUTH RULE above;
";

#[test]
fn list_quantifiers_and_a_literal_on_the_left() {
    let w = world(LIST_RULES);
    // all p1: TRUE (A: n0, n2); no p9: TRUE (B: n1, n2); -5 < 3 (C: n4).
    let s = session(
        &w,
        serde_json::json!({"sub": "u", "projects": ["p1", "p1"], "level": 3}),
        noon(),
    );
    expect(&w, &s, noon(), &[0, 1, 2, 4]);
    // p2 is not p1: no A; still no p9: B; -5 < -7 is FALSE.
    let s = session(
        &w,
        serde_json::json!({"sub": "u", "projects": ["p1", "p2"], "level": -7}),
        noon(),
    );
    expect(&w, &s, noon(), &[1, 2]);
    // An empty list: all and none are TRUE.
    let s = session(&w, serde_json::json!({"sub": "u", "projects": []}), noon());
    expect(&w, &s, noon(), &[0, 1, 2]);
    // A string is no list: iterating it is an error, so neither rule
    // holds; a missing level is null.
    let s = session(
        &w,
        serde_json::json!({"sub": "u", "projects": "p1"}),
        noon(),
    );
    expect(&w, &s, noon(), &[]);
}

#[test]
fn casbin_refuses_integers_beyond_32_bits() {
    // Casbin's rhai holds 32-bit integers; Cedar holds 64-bit ones.
    let w = world(LIST_RULES);
    let s = session(
        &w,
        serde_json::json!({"sub": "u", "level": 1_i64 << 40}),
        noon(),
    );
    let cedar = peers::cedar(&w, &s, noon()).expect("cedar builds");
    assert_eq!(cedar.visible_nodes().expect("decides"), set(&[4]));
    match peers::casbin(&w, &s, noon()) {
        Err(PeerError::UntranslatableClaim { claim, .. }) => assert_eq!(claim, "level"),
        Err(other) => panic!("wrong error {other}"),
        Ok(_) => panic!("casbin took a 40-bit integer"),
    }
}
