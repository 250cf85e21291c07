//! I2: the full-text security filter. The world is the seeds' example:
//! :User and :User:Person nodes, index userNames on (User|Person) name, surname.

mod common;

use common::*;
use model::graph::IndexKind;

fn world() -> (W, [u64; 5]) {
    let mut w = W::new();
    let ids = [
        w.node(&["User"], &[("name", s("Sandy"))]),
        w.node(&["User"], &[("name", s("Mark")), ("surname", s("Andy"))]),
        w.node(
            &["User"],
            &[("name", s("Andy")), ("surname", s("Anderson"))],
        ),
        w.node(
            &["User", "Person"],
            &[("name", s("Mandy")), ("surname", s("Smith"))],
        ),
        w.node(
            &["User", "Person"],
            &[("name", s("Joe")), ("surname", s("Andy"))],
        ),
    ];
    w.index(
        "userNames",
        IndexKind::Fulltext,
        &["User", "Person"],
        &["name", "surname"],
    );
    (w, ids)
}

fn allowed(w: &W) -> std::collections::BTreeSet<u64> {
    w.view("u")
        .fulltext_allowed
        .get("userNames")
        .cloned()
        .unwrap_or_default()
}

#[test]
fn everything_readable_passes_everything() {
    let (mut w, all) = world();
    w.custom(vec![grant_match("*", nodes("*"))]);
    assert_eq!(allowed(&w), ids(&all));
}

#[test]
fn denied_label_drops_its_nodes() {
    let (mut w, [sandy, mark, andy, _, _]) = world();
    w.custom(vec![
        grant_match("*", nodes("*")),
        deny_traverse(nodes("Person")),
    ]);
    assert_eq!(allowed(&w), ids(&[sandy, mark, andy]));
}

#[test]
fn denied_indexed_property_for_all_returns_nothing() {
    let (mut w, _) = world();
    w.custom(vec![
        grant_match("*", nodes("*")),
        deny_read("surname", nodes("*")),
    ]);
    assert!(allowed(&w).is_empty());
}

#[test]
fn denied_indexed_property_on_one_label_drops_that_labels_nodes() {
    // Sandy has no surname: judged by privileges, it is readable on her.
    let (mut w, [sandy, mark, andy, _, _]) = world();
    w.custom(vec![
        grant_match("*", nodes("*")),
        deny_read("surname", nodes("Person")),
    ]);
    assert_eq!(allowed(&w), ids(&[sandy, mark, andy]));
}

#[test]
fn every_indexed_key_must_be_granted_even_where_absent() {
    let (mut w, _) = world();
    w.custom(vec![
        grant_traverse(nodes("*")),
        grant_read("name", nodes("*")),
    ]);
    assert!(allowed(&w).is_empty());
}

#[test]
fn blacklisted_indexed_key_counts_as_unreadable() {
    // Documented decision (B2 with I2).
    let (mut w, _) = world();
    w.custom(vec![grant_match("*", nodes("*"))])
        .blacklist(true, &[("custom", &["surname"])]);
    assert!(allowed(&w).is_empty());
}

#[test]
fn untraversable_nodes_never_pass() {
    let (mut w, [sandy, ..]) = world();
    w.custom(vec![
        grant_traverse(nodes("*")),
        deny_traverse(nodes("Person")),
        grant_read("*", nodes("User")),
    ]);
    let got = allowed(&w);
    assert!(got.contains(&sandy));
    assert_eq!(got.len(), 3);
}
