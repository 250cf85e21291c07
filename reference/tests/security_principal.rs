//! U1, U3, U5 (roles, access and its error text), D4 for ACCESS, U6.

mod common;

use common::*;
use model::catalog::{Access, GraphScope};
use model::graph::{IndexKind, TokenKind};

#[test]
fn unknown_user_is_an_error() {
    let w = W::new();
    assert!(w.try_view("nobody").is_err());
}

#[test]
fn public_alone_gives_access_and_no_graph_data() {
    // U1: PUBLIC holds ACCESS ON HOME DATABASE and nothing on graph data.
    let mut w = W::new();
    w.node(&["A"], &[("name", s("x"))]);
    w.user("u", &[]);
    let v = w.view("u");
    assert!(v.nodes.is_empty());
    assert!(v.labels.is_empty());
    assert!(v.property_keys.is_empty());
}

#[test]
fn no_access_fails_with_the_exact_message_roles_sorted_public_first() {
    // U5.
    let mut w = W::new();
    w.public(vec![])
        .role("zeta", vec![grant_match("*", nodes("*"))])
        .role("custom", vec![])
        .user("alice", &["zeta", "custom"]);
    let err = w.try_view("alice").unwrap_err();
    assert_eq!(
        err.message,
        "Database access is not allowed for user 'alice' with roles [PUBLIC, custom, zeta]."
    );
}

#[test]
fn no_access_message_with_public_only() {
    let mut w = W::new();
    w.public(vec![]).user("bob", &[]);
    assert_eq!(
        w.try_view("bob").unwrap_err().message,
        "Database access is not allowed for user 'bob' with roles [PUBLIC]."
    );
}

#[test]
fn granted_roles_that_do_not_exist_are_not_held() {
    // U3: roles granted that exist; a missing role is not listed.
    let mut w = W::new();
    w.public(vec![])
        .role("custom", vec![])
        .user("alice", &["custom", "ghost"]);
    assert_eq!(
        w.try_view("alice").unwrap_err().message,
        "Database access is not allowed for user 'alice' with roles [PUBLIC, custom]."
    );
}

#[test]
fn deny_access_wins_over_public_grant() {
    // U5 + P3.
    let mut w = W::new();
    w.custom(vec![access(
        Access::Denied,
        GraphScope::Named("neo4j".into()),
    )]);
    assert!(w.try_view("u").is_err());
}

#[test]
fn access_on_other_database_has_no_effect() {
    // D4: a deny on another name denies nothing; a grant on another name grants nothing.
    let mut w = W::new();
    w.custom(vec![access(
        Access::Denied,
        GraphScope::Named("other".into()),
    )]);
    assert!(w.try_view("u").is_ok());

    let mut w = W::new();
    w.public(vec![]).custom(vec![access(
        Access::Granted,
        GraphScope::Named("other".into()),
    )]);
    assert!(w.try_view("u").is_err());
}

#[test]
fn access_scopes_that_name_the_database() {
    // D4: *, HOME, DEFAULT and the database's name.
    for scope in [
        GraphScope::All,
        GraphScope::Home,
        GraphScope::Default,
        GraphScope::Named("movies".into()),
    ] {
        let mut w = W::new();
        w.world.database = "movies".into();
        w.public(vec![])
            .custom(vec![access(Access::Granted, scope.clone())]);
        assert!(w.try_view("u").is_ok(), "{scope:?}");
    }
}

#[test]
fn privileges_are_the_union_over_roles() {
    // U5: one role grants traverse, another grants read.
    let mut w = W::new();
    let a = w.node(&["A"], &[("name", s("x"))]);
    w.role("r1", vec![grant_traverse(nodes("A"))])
        .role("r2", vec![grant_read("name", nodes("A"))])
        .user("u", &["r1", "r2"]);
    let v = w.view("u");
    assert_eq!(node_keys(&v, a), strings(&["name"]));
}

#[test]
fn admin_sees_everything() {
    // U6 and the documented decision for its procedures.
    let mut w = W::new();
    let a = w.node(&["A", "B"], &[("name", s("x")), ("secret", int(1))]);
    let b = w.node(&[], &[]);
    let r = w.rel("KNOWS", a, b, &[("since", int(2020))]);
    w.token(TokenKind::Label, "Unused")
        .token(TokenKind::RelType, "UNUSED")
        .token(TokenKind::PropertyKey, "unusedKey");
    w.index("ix", IndexKind::Native, &["Indexed"], &["name"]);
    w.index("ft", IndexKind::Fulltext, &["A"], &["name"]);
    let v = w.admin_view();
    assert_eq!(node_ids(&v), ids(&[a, b]));
    assert_eq!(rel_ids(&v), ids(&[r]));
    assert_eq!(node_keys(&v, a), strings(&["name", "secret"]));
    assert_eq!(rel_keys(&v, r), strings(&["since"]));
    // Labels in use: carried by a node, or used by an index.
    assert_eq!(v.labels, strings(&["A", "B", "Indexed"]));
    assert_eq!(v.relationship_types, strings(&["KNOWS"]));
    assert_eq!(
        v.property_keys,
        strings(&["name", "secret", "since", "unusedKey"])
    );
    assert_eq!(v.fulltext_allowed.get("ft"), Some(&ids(&[a, b])));
}
