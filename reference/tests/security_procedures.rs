//! V4-V6: db.labels(), db.relationshipTypes(), db.propertyKeys(), and B2's
//! effect on the last.

mod common;

use common::*;
use model::catalog::{GraphScope, RulePredicate};
use model::graph::{IndexKind, TokenKind};

/// Nodes :A, :B, :A:B with `name`; (:A)-[:KNOWS {since}]->(:B); a registered
/// but unused label `Unused`, type `UNUSED` and key `spare`.
fn world() -> W {
    let mut w = W::new();
    let a = w.node(&["A"], &[("name", s("a"))]);
    let b = w.node(&["B"], &[("name", s("b"))]);
    w.node(&["A", "B"], &[("name", s("ab"))]);
    w.rel("KNOWS", a, b, &[("since", int(1))]);
    w.token(TokenKind::Label, "Unused")
        .token(TokenKind::RelType, "UNUSED")
        .token(TokenKind::PropertyKey, "spare");
    w
}

#[test]
fn labels_granted_explicitly() {
    // V4 and the seeds' example: only A.
    let mut w = world();
    w.custom(vec![grant_traverse(nodes("A"))]);
    assert_eq!(w.view("u").labels, strings(&["A"]));
}

#[test]
fn labels_listed_although_no_node_is_visible() {
    // V4: A is listed though its only nodes also carry denied B... here
    // every A node is hidden by denying B.
    let mut w = W::new();
    w.node(&["A", "B"], &[]);
    w.custom(vec![grant_traverse(nodes("A")), deny_traverse(nodes("B"))]);
    let v = w.view("u");
    assert!(v.nodes.is_empty());
    assert_eq!(v.labels, strings(&["A"]));
}

#[test]
fn labels_star_lists_labels_in_use_only() {
    // V4 "in use": carried by a node or used by an index.
    let mut w = world();
    w.index("ix", IndexKind::Native, &["Indexed"], &["name"]);
    w.custom(vec![
        grant_match("*", nodes("*")),
        deny_traverse(nodes("B")),
    ]);
    assert_eq!(w.view("u").labels, strings(&["A", "Indexed"]));
}

#[test]
fn labels_deny_star_lists_nothing_and_rules_are_ignored() {
    let mut w = world();
    w.custom(vec![
        grant_traverse(nodes("A")),
        deny_match("*", nodes("*")),
    ]);
    assert!(w.view("u").labels.is_empty());

    // Decision of V4: property-rule privileges are ignored.
    let mut w = world();
    w.custom(vec![grant_traverse(node_rule(
        Some("A"),
        "name",
        RulePredicate::IsNotNull,
        false,
    ))]);
    let v = w.view("u");
    assert!(!v.nodes.is_empty());
    assert!(v.labels.is_empty());
    let mut w = world();
    w.custom(vec![
        grant_traverse(nodes("*")),
        deny_traverse(node_rule(
            Some("A"),
            "name",
            RulePredicate::IsNotNull,
            false,
        )),
    ]);
    assert_eq!(w.view("u").labels, strings(&["A", "B"]));
}

#[test]
fn labels_need_traverse_not_read_and_this_graph() {
    let mut w = world();
    w.custom(vec![grant_read("*", nodes("*"))]);
    assert!(w.view("u").labels.is_empty());
    let mut w = world();
    w.custom(vec![on(
        grant_traverse(nodes("*")),
        GraphScope::Named("other".into()),
    )]);
    assert!(w.view("u").labels.is_empty());
    // GRANT MATCH {k} grants TRAVERSE (P4), even for a missing k (P6).
    let mut w = world();
    w.custom(vec![grant_match("ghost", nodes("B"))]);
    assert_eq!(w.view("u").labels, strings(&["B"]));
}

#[test]
fn relationship_types_independent_of_node_privileges() {
    // V5.
    let mut w = world();
    w.custom(vec![grant_traverse(rels("*"))]);
    let v = w.view("u");
    assert!(v.relationships.is_empty());
    assert_eq!(v.relationship_types, strings(&["KNOWS"]));

    let mut w = world();
    w.custom(vec![
        grant_traverse(rels("*")),
        deny_traverse(rels("KNOWS")),
    ]);
    assert!(w.view("u").relationship_types.is_empty());

    let mut w = world();
    w.custom(vec![grant_traverse(nodes("*"))]);
    assert!(w.view("u").relationship_types.is_empty());
}

#[test]
fn property_keys_from_read_grants() {
    // V6: no "in use" condition; TRAVERSE alone lists nothing.
    let mut w = world();
    w.custom(vec![grant_traverse(nodes("*")), grant_traverse(rels("*"))]);
    assert!(w.view("u").property_keys.is_empty());

    let mut w = world();
    w.custom(vec![grant_read("*", nodes("*"))]);
    assert_eq!(
        w.view("u").property_keys,
        strings(&["name", "since", "spare"])
    );

    let mut w = world();
    w.custom(vec![grant_read("name", nodes("A"))]);
    assert_eq!(w.view("u").property_keys, strings(&["name"]));
}

#[test]
fn label_specific_deny_does_not_hide_a_key() {
    // V6.
    let mut w = world();
    w.custom(vec![
        grant_read("*", nodes("*")),
        deny_read("name", nodes("A")),
    ]);
    assert_eq!(
        w.view("u").property_keys,
        strings(&["name", "since", "spare"])
    );

    let mut w = world();
    w.custom(vec![
        grant_read("*", nodes("*")),
        deny_read("name", nodes("*")),
    ]);
    assert_eq!(w.view("u").property_keys, strings(&["since", "spare"]));

    // Visible for relationships is enough.
    let mut w = world();
    w.custom(vec![
        grant_read("*", nodes("*")),
        deny_read("name", nodes("*")),
        grant_read("name", rels("KNOWS")),
    ]);
    assert_eq!(
        w.view("u").property_keys,
        strings(&["name", "since", "spare"])
    );
}

#[test]
fn property_keys_ignore_rules() {
    let mut w = world();
    w.custom(vec![grant_read(
        "name",
        node_rule(None, "name", RulePredicate::IsNotNull, false),
    )]);
    assert!(w.view("u").property_keys.is_empty());
}

#[test]
fn blacklisted_keys_are_never_listed() {
    // B2 in V6.
    let mut w = world();
    w.custom(vec![
        grant_match("*", nodes("*")),
        grant_match("*", rels("*")),
    ])
    .blacklist(true, &[("custom", &["name"])]);
    assert_eq!(w.view("u").property_keys, strings(&["since", "spare"]));
}
