//! Explanations: their facts agree with the view, and they name the
//! deciding privileges, the rules that did not apply, blacklist entries and
//! ignored privileges.

mod common;

use common::*;
use model::catalog::{GraphScope, Privilege, RulePredicate};
use model::engine::Principal;
use model::graph::IndexKind;
use reference::explain::{ExplainTarget, explain_with};

/// A stand-in for the command renderer: enough to tell privileges apart.
fn render(role: &str, p: &Privilege) -> String {
    format!(
        "{role}: {:?} {:?} {:?} ON {:?} {:?}",
        p.access, p.action, p.properties, p.graph, p.segment
    )
}

fn text(w: &W, principal: Principal, target: ExplainTarget) -> String {
    match explain_with(&w.world, &tx(principal), target, &render) {
        Ok(t) => t,
        Err(e) => panic!("explain failed: {e}"),
    }
}

fn user(name: &str) -> Principal {
    Principal::Native(name.to_string())
}

/// The lines of `text` from the one starting with `head` up to the next
/// unindented line.
fn section<'t>(text: &'t str, head: &str) -> Vec<&'t str> {
    let mut lines = text.lines().skip_while(|l| !l.starts_with(head));
    let first = lines.next().into_iter();
    first
        .chain(lines.take_while(|l| l.starts_with(' ')))
        .collect()
}

#[test]
fn roles_and_access() {
    let mut w = W::new();
    w.role("zeta", vec![])
        .custom(vec![])
        .user("u", &["zeta", "custom"]);
    let t = text(&w, user("u"), ExplainTarget::Everything);
    assert!(t.contains("user 'u'"), "{t}");
    assert!(t.contains("roles: [PUBLIC, custom, zeta]"), "{t}");
    assert!(
        t.contains("access to database 'neo4j': allowed (U5)"),
        "{t}"
    );
    assert!(t.contains("granted by PUBLIC: Granted Access"), "{t}");

    let mut w = W::new();
    w.public(vec![]).user("u", &[]);
    let t = text(&w, user("u"), ExplainTarget::Everything);
    assert!(t.contains("denied (U5)"), "{t}");
    assert!(
        t.contains("Database access is not allowed for user 'u' with roles [PUBLIC]."),
        "{t}"
    );
}

#[test]
fn node_decisions_name_their_privileges() {
    let mut w = W::new();
    let a = w.node(&["A"], &[("name", s("x"))]);
    let ab = w.node(&["A", "B"], &[("name", s("y"))]);
    w.custom(vec![
        grant_match("*", nodes("A")),
        deny_traverse(nodes("B")),
    ]);
    let t = text(&w, user("u"), ExplainTarget::Everything);
    let na = section(&t, &format!("node {a} (:A):"));
    assert!(na[0].ends_with("traversable (N2)"), "{t}");
    assert!(
        na.iter()
            .any(|l| l.contains("granted by custom: Granted Match All")),
        "{t}"
    );
    assert!(
        na.iter()
            .any(|l| l.contains("property name: readable (N3)")),
        "{t}"
    );
    let nab = section(&t, &format!("node {ab} (:A:B):"));
    assert!(nab[0].ends_with("hidden (N2: denied)"), "{t}");
    assert!(
        nab.iter()
            .any(|l| l.contains("denied by custom: Denied Traverse")),
        "{t}"
    );
    assert!(
        nab.iter()
            .any(|l| l.contains("property name: not readable (node hidden)")),
        "{t}"
    );
}

#[test]
fn rules_that_do_not_apply_are_listed_with_their_value() {
    let mut w = W::new();
    let n = w.node(&[], &[("k", int(1))]);
    let m = w.node(&[], &[]);
    w.custom(vec![
        grant_traverse(nodes("*")),
        deny_traverse(node_rule(None, "k", RulePredicate::IsNull, false)),
    ]);
    let t = text(&w, user("u"), ExplainTarget::Node(n));
    assert!(
        t.contains(&format!("node {n} (no labels): traversable (N2)")),
        "{t}"
    );
    assert!(
        t.contains("does not apply (predicate FALSE, Q3): custom: Denied Traverse"),
        "{t}"
    );
    let t = text(&w, user("u"), ExplainTarget::Node(m));
    assert!(
        t.contains(&format!("node {m} (no labels): hidden (N2: denied)")),
        "{t}"
    );
    assert!(
        t.contains("denied (predicate TRUE) by custom: Denied Traverse"),
        "{t}"
    );
}

#[test]
fn hidden_relationship_names_its_endpoint() {
    let mut w = W::new();
    let a = w.node(&["A"], &[]);
    let b = w.node(&["B"], &[]);
    let r = w.rel("T", a, b, &[("since", int(1))]);
    w.custom(vec![
        grant_traverse(nodes("A")),
        grant_match("*", rels("*")),
    ]);
    let t = text(&w, user("u"), ExplainTarget::Relationship(r));
    assert!(
        t.contains(&format!(
            "relationship {r} :T ({a})->({b}): hidden (R2: end node {b} not traversable)"
        )),
        "{t}"
    );
    assert!(
        t.contains("property since: not readable (relationship hidden) (R3)"),
        "{t}"
    );
    assert!(
        !t.contains("node 0"),
        "only the relationship is explained: {t}"
    );
}

#[test]
fn blacklist_and_ignored_privileges_are_shown() {
    let mut w = W::new();
    let n = w.node(&["A"], &[("ssn", int(1))]);
    w.custom(vec![
        grant_match("*", nodes("*")),
        on(deny_traverse(nodes("A")), GraphScope::Named("other".into())),
        deny_traverse(nodes("Ghost")),
        grant_match("ghostKey", nodes("A")),
    ])
    .blacklist(true, &[("custom", &["ssn"])]);
    let t = text(&w, user("u"), ExplainTarget::Node(n));
    assert!(t.contains("property ssn: not readable (N3)"), "{t}");
    assert!(t.contains("blacklisted for role custom (B2)"), "{t}");
    assert!(
        t.contains("ignored: names graph 'other', not this database (D4)"),
        "{t}"
    );
    assert!(
        t.contains("ignored: label 'Ghost' is not in the token registry (P6)"),
        "{t}"
    );
    assert!(
        t.contains("READ part ignored: property key 'ghostKey' is not in the token registry (P6); TRAVERSE part in force"),
        "{t}"
    );
}

#[test]
fn fulltext_and_procedures_in_everything() {
    let mut w = W::new();
    w.node(&["A"], &[("name", s("x"))]);
    w.index("ft", IndexKind::Fulltext, &["A"], &["name", "other"]);
    w.custom(vec![
        grant_match("*", nodes("*")),
        deny_read("other", nodes("*")),
    ]);
    let t = text(&w, user("u"), ExplainTarget::Everything);
    assert!(t.contains("full-text index ft: never returned (I2)"), "{t}");
    assert!(t.contains("indexed key other: not readable"), "{t}");
    assert!(t.contains("db.labels() (V4)"), "{t}");
    let keys = section(&t, "db.propertyKeys() (V6)");
    assert!(keys.iter().any(|l| l.trim() == "name: listed"), "{t}");
    assert!(keys.iter().any(|l| l.trim() == "other: not listed"), "{t}");
}

#[test]
fn explanation_agrees_with_the_view() {
    // Every node and relationship verdict in the text equals the view's.
    let mut w = W::new();
    let a = w.node(&["A"], &[("k", int(1))]);
    let b = w.node(&["B"], &[]);
    let c = w.node(&[], &[("k", int(2))]);
    w.rel("T", a, b, &[]);
    w.rel("T", a, c, &[]);
    w.rel("U", c, a, &[]);
    w.custom(vec![
        grant_traverse(nodes("*")),
        deny_traverse(nodes("B")),
        grant_traverse(rels("T")),
        grant_read("k", nodes("*")),
        deny_read("k", nodes("A")),
    ]);
    let v = w.view("u");
    assert_eq!(node_keys(&v, c), strings(&["k"]));
    assert!(node_keys(&v, a).is_empty());
    let t = text(&w, user("u"), ExplainTarget::Everything);
    for node in &w.world.graph.nodes {
        let line = section(&t, &format!("node {} ", node.id))[0];
        assert_eq!(
            line.ends_with("traversable (N2)"),
            v.nodes.contains_key(&node.id),
            "{line}"
        );
        let lines = section(&t, &format!("node {} ", node.id));
        for key in node.properties.keys() {
            let readable = lines
                .iter()
                .any(|l| l.trim() == format!("property {key}: readable (N3)"));
            assert_eq!(readable, node_keys(&v, node.id).contains(key), "{t}");
        }
    }
    for rel in &w.world.graph.relationships {
        let line = section(&t, &format!("relationship {} ", rel.id))[0];
        assert_eq!(
            line.ends_with("visible (R2)"),
            v.relationships.contains_key(&rel.id),
            "{line}"
        );
    }
}

#[test]
fn admin_and_errors() {
    let mut w = W::new();
    let n = w.node(&["A"], &[("k", int(1))]);
    let t = text(&w, Principal::Admin, ExplainTarget::Node(n));
    assert!(t.contains("(U6)"), "{t}");
    assert!(t.contains("property k: readable (U6)"), "{t}");
    assert!(
        explain_with(
            &w.world,
            &tx(user("nobody")),
            ExplainTarget::Everything,
            &render
        )
        .is_err()
    );
    assert!(
        explain_with(
            &w.world,
            &tx(Principal::Admin),
            ExplainTarget::Node(99),
            &render
        )
        .is_err()
    );
}

#[test]
fn explain_shows_privileges_as_commands() {
    // The public entry point renders with model::admin::render.
    let mut w = W::new();
    let n = w.node(&["A"], &[]);
    w.custom(vec![grant_traverse(nodes("A"))]);
    let t = match reference::explain::explain(&w.world, &tx(user("u")), ExplainTarget::Node(n)) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    let granted = section(&t, &format!("node {n} "));
    let line = granted
        .iter()
        .find(|l| l.trim_start().starts_with("granted by GRANT TRAVERSE"));
    assert!(line.is_some_and(|l| l.contains("custom")), "{t}");
}

/// A transaction of `principal` (explanations of native users do not
/// depend on its time).
fn tx(principal: Principal) -> model::engine::Transaction {
    model::engine::Transaction {
        principal,
        at: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
        limits: model::limits::Limits::default(),
    }
}
