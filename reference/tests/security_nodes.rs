//! N1-N4 with P1, P3, P4, P6 and D4 for nodes.

mod common;

use common::*;
use model::catalog::GraphScope;
use model::graph::TokenKind;

/// Nodes :A, :B, :A:B and an unlabeled one, each with `name` and `secret`.
fn abc(w: &mut W) -> [u64; 4] {
    let props = [("name", s("x")), ("secret", int(1))];
    [
        w.node(&["A"], &props),
        w.node(&["B"], &props),
        w.node(&["A", "B"], &props),
        w.node(&[], &props),
    ]
}

#[test]
fn label_grant_finds_every_node_carrying_the_label() {
    // N2: one granted label is enough; unlabeled nodes need NODES *.
    let mut w = W::new();
    let [a, _b, ab, _none] = abc(&mut w);
    w.custom(vec![grant_traverse(nodes("A"))]);
    let v = w.view("u");
    assert_eq!(node_ids(&v), ids(&[a, ab]));
    // TRAVERSE alone reads nothing (P1).
    assert!(node_keys(&v, a).is_empty());
}

#[test]
fn one_denied_label_hides_the_node_but_not_unlabeled_ones() {
    // N2: a label-specific DENY does not hide an unlabeled node.
    let mut w = W::new();
    let [a, _b, _ab, none] = abc(&mut w);
    w.custom(vec![grant_traverse(nodes("*")), deny_traverse(nodes("B"))]);
    assert_eq!(node_ids(&w.view("u")), ids(&[a, none]));
}

#[test]
fn nodes_star_finds_unlabeled_nodes_and_deny_star_hides_all() {
    let mut w = W::new();
    let all = abc(&mut w);
    w.custom(vec![grant_traverse(nodes("*"))]);
    assert_eq!(node_ids(&w.view("u")), ids(&all));

    let mut w = W::new();
    abc(&mut w);
    w.custom(vec![grant_traverse(nodes("*")), deny_traverse(nodes("*"))]);
    assert!(w.view("u").nodes.is_empty());
}

#[test]
fn deny_in_one_role_wins_over_grant_in_another() {
    // P3.
    let mut w = W::new();
    let [a, ..] = abc(&mut w);
    w.role("g", vec![grant_match("*", nodes("A"))])
        .role("d", vec![deny_traverse(nodes("A"))])
        .user("u", &["g", "d"]);
    let v = w.view("u");
    assert!(!v.nodes.contains_key(&a));
    assert!(v.nodes.is_empty());
}

#[test]
fn read_without_traverse_shows_nothing() {
    // N3 applies to traversable nodes only.
    let mut w = W::new();
    abc(&mut w);
    w.custom(vec![grant_read("*", nodes("*"))]);
    assert!(w.view("u").nodes.is_empty());
}

#[test]
fn match_is_traverse_plus_read_of_its_keys() {
    // P1.
    let mut w = W::new();
    let [a, _b, ab, _] = abc(&mut w);
    w.custom(vec![grant_match("name", nodes("A"))]);
    let v = w.view("u");
    assert_eq!(node_ids(&v), ids(&[a, ab]));
    assert_eq!(node_keys(&v, a), strings(&["name"]));
    assert_eq!(node_keys(&v, ab), strings(&["name"]));
}

#[test]
fn deny_match_of_a_key_denies_only_reading_it() {
    // P4: DENY MATCH {k} denies only READ k.
    let mut w = W::new();
    let all = abc(&mut w);
    w.custom(vec![
        grant_match("*", nodes("*")),
        deny_match("secret", nodes("*")),
    ]);
    let v = w.view("u");
    assert_eq!(node_ids(&v), ids(&all));
    for id in all {
        assert_eq!(node_keys(&v, id), strings(&["name"]));
    }
}

#[test]
fn deny_match_star_denies_traverse() {
    // P4: DENY MATCH {*} denies TRAVERSE and READ {*}.
    let mut w = W::new();
    let [a, _b, _ab, none] = abc(&mut w);
    w.custom(vec![
        grant_match("*", nodes("*")),
        deny_match("*", nodes("B")),
    ]);
    let v = w.view("u");
    assert_eq!(node_ids(&v), ids(&[a, none]));
    assert_eq!(node_keys(&v, a), strings(&["name", "secret"]));
}

#[test]
fn deny_read_star_keeps_nodes_but_hides_properties() {
    let mut w = W::new();
    let all = abc(&mut w);
    w.custom(vec![
        grant_match("*", nodes("*")),
        deny_read("*", nodes("A")),
    ]);
    let v = w.view("u");
    assert_eq!(node_ids(&v), ids(&all));
    assert!(node_keys(&v, all[0]).is_empty());
    assert!(node_keys(&v, all[2]).is_empty());
    assert_eq!(node_keys(&v, all[1]), strings(&["name", "secret"]));
}

#[test]
fn reading_is_judged_by_all_labels() {
    // N3: the :A:B node is found through A but B's deny applies to it.
    let mut w = W::new();
    let [a, _b, ab, _] = abc(&mut w);
    w.custom(vec![
        grant_traverse(nodes("A")),
        grant_read("secret", nodes("A")),
        deny_read("secret", nodes("B")),
    ]);
    let v = w.view("u");
    assert_eq!(node_keys(&v, a), strings(&["secret"]));
    assert!(node_keys(&v, ab).is_empty());
    // A read grant on B alone does not make an :A node's keys readable.
    let mut w = W::new();
    let [a, _b, ab, _] = abc(&mut w);
    w.custom(vec![
        grant_traverse(nodes("A")),
        grant_read("name", nodes("B")),
    ]);
    let v = w.view("u");
    assert!(node_keys(&v, a).is_empty());
    assert_eq!(node_keys(&v, ab), strings(&["name"]));
}

#[test]
fn labels_are_all_labels_in_token_order() {
    // N4: labels without privileges included, in registry order.
    let mut w = W::new();
    w.token(TokenKind::Label, "Z").token(TokenKind::Label, "A");
    let n = w.node(&["A", "Z"], &[]);
    w.custom(vec![grant_traverse(nodes("A"))]);
    let v = w.view("u");
    assert_eq!(v.nodes[&n].labels, strings(&["Z", "A"]));
}

#[test]
fn nonexistent_tokens_contribute_nothing() {
    // P6: a DENY on a missing label/key denies nothing; the other names stay.
    let mut w = W::new();
    let [a, b, ab, none] = abc(&mut w);
    w.custom(vec![
        grant_match("*", nodes("*")),
        deny_traverse(nodes("Ghost")),
        deny_read("ghostKey", nodes("*")),
    ]);
    let v = w.view("u");
    assert_eq!(node_ids(&v), ids(&[a, b, ab, none]));
    assert_eq!(node_keys(&v, a), strings(&["name", "secret"]));

    // A command naming A and Ghost stores two privileges; A stays in force.
    let mut w = W::new();
    let [a, _b, ab, _] = abc(&mut w);
    w.custom(vec![
        grant_traverse(nodes("A")),
        grant_traverse(nodes("Ghost")),
    ]);
    assert_eq!(node_ids(&w.view("u")), ids(&[a, ab]));
}

#[test]
fn traverse_part_of_match_does_not_depend_on_the_key() {
    // P6: GRANT MATCH {ghost} still grants TRAVERSE.
    let mut w = W::new();
    let [a, _b, ab, _] = abc(&mut w);
    w.custom(vec![grant_match("ghost", nodes("A"))]);
    let v = w.view("u");
    assert_eq!(node_ids(&v), ids(&[a, ab]));
    assert!(node_keys(&v, a).is_empty());
}

#[test]
fn privileges_on_other_graphs_have_no_effect() {
    // D4.
    let mut w = W::new();
    let all = abc(&mut w);
    w.custom(vec![
        grant_match("*", nodes("*")),
        on(deny_traverse(nodes("A")), GraphScope::Named("other".into())),
        on(
            deny_read("name", nodes("*")),
            GraphScope::Named("other".into()),
        ),
    ]);
    let v = w.view("u");
    assert_eq!(node_ids(&v), ids(&all));
    assert_eq!(node_keys(&v, all[0]), strings(&["name", "secret"]));

    let mut w = W::new();
    abc(&mut w);
    w.custom(vec![on(
        grant_match("*", nodes("*")),
        GraphScope::Named("other".into()),
    )]);
    assert!(w.view("u").nodes.is_empty());
}

#[test]
fn graph_scopes_that_name_the_database_are_in_force() {
    // D4: HOME, DEFAULT and the name itself.
    for scope in [
        GraphScope::Home,
        GraphScope::Default,
        GraphScope::Named("neo4j".into()),
    ] {
        let mut w = W::new();
        let all = abc(&mut w);
        w.custom(vec![on(grant_traverse(nodes("*")), scope.clone())]);
        assert_eq!(node_ids(&w.view("u")), ids(&all), "{scope:?}");
    }
}
