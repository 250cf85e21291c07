//! R1-R3: relationship segments, visibility with its endpoints, properties.

mod common;

use common::*;
use model::catalog::RulePredicate;

/// (:A)-[:KNOWS]->(:B), (:A)-[:LIKES]->(:A), (:A)-[:KNOWS]->(:A); every
/// relationship has `since` and `note`.
fn graph(w: &mut W) -> ([u64; 2], [u64; 3]) {
    let a = w.node(&["A"], &[]);
    let b = w.node(&["B"], &[]);
    let props = [("since", int(2020)), ("note", s("x"))];
    let ab = w.rel("KNOWS", a, b, &props);
    let aa = w.rel("LIKES", a, a, &props);
    let aa2 = w.rel("KNOWS", a, a, &props);
    ([a, b], [ab, aa, aa2])
}

#[test]
fn type_grant_and_deny() {
    let mut w = W::new();
    let (_, [ab, aa, aa2]) = graph(&mut w);
    w.custom(vec![
        grant_traverse(nodes("*")),
        grant_traverse(rels("KNOWS")),
    ]);
    assert_eq!(rel_ids(&w.view("u")), ids(&[ab, aa2]));

    let mut w = W::new();
    graph(&mut w);
    w.custom(vec![
        grant_traverse(nodes("*")),
        grant_traverse(rels("*")),
        deny_traverse(rels("KNOWS")),
    ]);
    assert_eq!(rel_ids(&w.view("u")), ids(&[aa]));
}

#[test]
fn both_endpoints_must_be_traversable() {
    // R2: the :B end node is not traversable.
    let mut w = W::new();
    let (_, [_ab, aa, aa2]) = graph(&mut w);
    w.custom(vec![
        grant_traverse(nodes("A")),
        grant_match("*", rels("*")),
    ]);
    assert_eq!(rel_ids(&w.view("u")), ids(&[aa, aa2]));
}

#[test]
fn node_privileges_alone_show_no_relationship() {
    let mut w = W::new();
    graph(&mut w);
    w.custom(vec![grant_match("*", nodes("*"))]);
    assert!(w.view("u").relationships.is_empty());
}

#[test]
fn deny_match_star_hides_deny_match_key_does_not() {
    // P4 for relationships.
    let mut w = W::new();
    let (_, [ab, aa, aa2]) = graph(&mut w);
    w.custom(vec![
        grant_traverse(nodes("*")),
        grant_match("*", rels("*")),
        deny_match("*", rels("LIKES")),
        deny_match("note", rels("KNOWS")),
    ]);
    let v = w.view("u");
    assert_eq!(rel_ids(&v), ids(&[ab, aa2]));
    assert_eq!(rel_keys(&v, ab), strings(&["since"]));
    let _ = aa;
}

#[test]
fn relationship_properties_follow_n3_with_r1_segments() {
    // R3.
    let mut w = W::new();
    let (_, [ab, aa, _]) = graph(&mut w);
    w.custom(vec![
        grant_traverse(nodes("*")),
        grant_traverse(rels("*")),
        grant_read("since", rels("KNOWS")),
        grant_read("note", nodes("*")),
    ]);
    let v = w.view("u");
    assert_eq!(rel_keys(&v, ab), strings(&["since"]));
    assert!(rel_keys(&v, aa).is_empty());
}

#[test]
fn relationship_property_rule() {
    // R1: a rule with a type, and one without.
    let mut w = W::new();
    let a = w.node(&[], &[]);
    let with = w.rel("T", a, a, &[("k", int(1))]);
    let without = w.rel("T", a, a, &[]);
    let other = w.rel("U", a, a, &[("k", int(1))]);
    w.custom(vec![
        grant_traverse(nodes("*")),
        grant_traverse(rel_rule(Some("T"), "k", RulePredicate::IsNotNull, false)),
    ]);
    assert_eq!(rel_ids(&w.view("u")), ids(&[with]));

    w.custom(vec![
        grant_traverse(nodes("*")),
        grant_traverse(rels("*")),
        deny_traverse(rel_rule(None, "k", RulePredicate::IsNotNull, false)),
    ]);
    assert_eq!(rel_ids(&w.view("u")), ids(&[without]));
    let _ = other;
}

#[test]
fn node_rules_do_not_apply_to_relationships() {
    let mut w = W::new();
    let a = w.node(&[], &[]);
    w.rel("T", a, a, &[]);
    w.custom(vec![
        grant_traverse(nodes("*")),
        grant_traverse(node_rule(None, "k", RulePredicate::IsNull, false)),
    ]);
    w.token(model::graph::TokenKind::PropertyKey, "k");
    assert!(w.view("u").relationships.is_empty());
}
