//! B1, B2: the 3.x property blacklist.

mod common;

use common::*;

fn world() -> (W, u64, u64) {
    let mut w = W::new();
    let a = w.node(&["A"], &[("name", s("a")), ("ssn", int(1))]);
    let r = w.rel("T", a, a, &[("ssn", int(2)), ("since", int(3))]);
    w.role("other", vec![]);
    w.custom(vec![
        grant_match("*", nodes("*")),
        grant_match("*", rels("*")),
    ]);
    (w, a, r)
}

#[test]
fn blacklisted_key_is_unreadable_on_every_element() {
    let (mut w, a, r) = world();
    w.blacklist(true, &[("custom", &["ssn"])]);
    let v = w.view("u");
    assert_eq!(node_keys(&v, a), strings(&["name"]));
    assert_eq!(rel_keys(&v, r), strings(&["since"]));
}

#[test]
fn blacklist_without_enabling_does_nothing() {
    // B1.
    let (mut w, a, r) = world();
    w.blacklist(false, &[("custom", &["ssn"])]);
    let v = w.view("u");
    assert_eq!(node_keys(&v, a), strings(&["name", "ssn"]));
    assert_eq!(rel_keys(&v, r), strings(&["since", "ssn"]));
    assert_eq!(v.property_keys, strings(&["name", "ssn", "since"]));
}

#[test]
fn only_the_users_roles_count_and_public_is_one() {
    let (mut w, a, _) = world();
    w.blacklist(true, &[("other", &["ssn"])]);
    assert_eq!(node_keys(&w.view("u"), a), strings(&["name", "ssn"]));

    let (mut w, a, _) = world();
    w.blacklist(true, &[("PUBLIC", &["name"]), ("custom", &["ssn"])]);
    assert!(node_keys(&w.view("u"), a).is_empty());
}

#[test]
fn blacklist_does_not_hide_elements() {
    let (mut w, a, r) = world();
    w.blacklist(true, &[("custom", &["name", "ssn", "since"])]);
    let v = w.view("u");
    assert_eq!(node_ids(&v), ids(&[a]));
    assert_eq!(rel_ids(&v), ids(&[r]));
}
