//! Property rules (P2, N1, R1, Q1, Q3): evaluated on stored values with
//! three-valued logic; a rule applies only when TRUE, so GRANTs and DENYs
//! whose predicate is null do nothing (DENYs fail open).

mod common;

use common::*;
use model::catalog::{RuleOp, RulePredicate};
use model::graph::TokenKind;
use model::value::{TemporalKind, Value, parse_temporal};

#[test]
fn grant_rule_true_false_and_null() {
    // n.level IS NOT NULL: TRUE with the key, FALSE without.
    let mut w = W::new();
    let with = w.node(&["A"], &[("level", int(1))]);
    let without = w.node(&["A"], &[]);
    w.custom(vec![grant_traverse(node_rule(
        Some("A"),
        "level",
        RulePredicate::IsNotNull,
        false,
    ))]);
    assert_eq!(node_ids(&w.view("u")), ids(&[with]));
    let _ = without;
}

#[test]
fn rule_without_label_applies_to_every_node() {
    let mut w = W::new();
    let a = w.node(&["A"], &[]);
    let none = w.node(&[], &[]);
    let k = w.node(&["B"], &[("k", int(1))]);
    w.custom(vec![grant_traverse(node_rule(
        None,
        "k",
        RulePredicate::IsNull,
        false,
    ))]);
    assert_eq!(node_ids(&w.view("u")), ids(&[a, none]));
    let _ = k;
}

#[test]
fn rule_with_labels_needs_one_of_them() {
    // FOR (n:A|B) is stored as one privilege per label (P5).
    let mut w = W::new();
    let a = w.node(&["A"], &[]);
    let b = w.node(&["B"], &[]);
    let c = w.node(&["C"], &[]);
    let none = w.node(&[], &[]);
    // The rule's key must be a token (P6), though no node carries it.
    w.token(TokenKind::PropertyKey, "k");
    w.custom(vec![
        grant_traverse(node_rule(Some("A"), "k", RulePredicate::IsNull, false)),
        grant_traverse(node_rule(Some("B"), "k", RulePredicate::IsNull, false)),
    ]);
    assert_eq!(node_ids(&w.view("u")), ids(&[a, b]));
    let _ = (c, none);
}

#[test]
fn negated_is_null() {
    let mut w = W::new();
    let with = w.node(&[], &[("k", int(1))]);
    w.node(&[], &[]);
    w.custom(vec![grant_traverse(node_rule(
        None,
        "k",
        RulePredicate::IsNull,
        true,
    ))]);
    assert_eq!(node_ids(&w.view("u")), ids(&[with]));
}

#[test]
fn deny_rule_fails_open_on_null() {
    // Q3: DENY ... WHERE n.secret = true denies nothing where secret is missing.
    let mut w = W::new();
    let yes = w.node(&["A"], &[("secret", Value::Boolean(true))]);
    let no = w.node(&["A"], &[("secret", Value::Boolean(false))]);
    let missing = w.node(&["A"], &[]);
    w.custom(vec![
        grant_traverse(nodes("*")),
        deny_traverse(node_rule(None, "secret", eq(Value::Boolean(true)), false)),
    ]);
    assert_eq!(node_ids(&w.view("u")), ids(&[no, missing]));
    let _ = yes;
}

#[test]
fn negated_comparison_with_null_is_null() {
    // NOT (n.x = 1): x=1 FALSE, x=2 TRUE, missing NOT null = null.
    let mut w = W::new();
    let one = w.node(&[], &[("x", int(1))]);
    let two = w.node(&[], &[("x", int(2))]);
    let missing = w.node(&[], &[]);
    w.custom(vec![
        grant_traverse(nodes("*")),
        deny_traverse(node_rule(None, "x", eq(int(1)), true)),
    ]);
    assert_eq!(node_ids(&w.view("u")), ids(&[one, missing]));
    let _ = two;
}

#[test]
fn grant_rule_with_null_grants_nothing() {
    // The seeds' example: GRANT READ {salary} FOR (e:Employee) WHERE e.position <> 'CEO'.
    let mut w = W::new();
    let ceo = w.node(&["Employee"], &[("position", s("CEO")), ("salary", int(9))]);
    let dev = w.node(&["Employee"], &[("position", s("Dev")), ("salary", int(5))]);
    let unknown = w.node(&["Employee"], &[("salary", int(3))]);
    w.custom(vec![
        grant_traverse(nodes("*")),
        grant_read(
            "salary",
            node_rule(
                Some("Employee"),
                "position",
                RulePredicate::Compare(RuleOp::NotEqual, s("CEO")),
                false,
            ),
        ),
    ]);
    let v = w.view("u");
    assert!(node_keys(&v, ceo).is_empty());
    assert_eq!(node_keys(&v, dev), strings(&["salary"]));
    assert!(node_keys(&v, unknown).is_empty());
}

#[test]
fn deny_read_rule_fails_open_and_is_null_mitigation() {
    // The seeds' example: DENY READ {salary} FOR (e:Employee) WHERE e.position = 'CEO'.
    let mut w = W::new();
    let ceo = w.node(&["Employee"], &[("position", s("CEO")), ("salary", int(9))]);
    let unknown = w.node(&["Employee"], &[("salary", int(3))]);
    let deny_ceo = deny_read(
        "salary",
        node_rule(Some("Employee"), "position", eq(s("CEO")), false),
    );
    w.custom(vec![
        grant_traverse(nodes("*")),
        grant_read("salary", nodes("Employee")),
        deny_ceo.clone(),
    ]);
    let v = w.view("u");
    assert!(node_keys(&v, ceo).is_empty());
    assert_eq!(node_keys(&v, unknown), strings(&["salary"]));

    let mut w = W::new();
    let ceo = w.node(&["Employee"], &[("position", s("CEO")), ("salary", int(9))]);
    let unknown = w.node(&["Employee"], &[("salary", int(3))]);
    w.custom(vec![
        grant_traverse(nodes("*")),
        grant_read("salary", nodes("Employee")),
        deny_ceo,
        deny_read(
            "salary",
            node_rule(Some("Employee"), "position", RulePredicate::IsNull, false),
        ),
    ]);
    let v = w.view("u");
    assert!(node_keys(&v, ceo).is_empty());
    assert!(node_keys(&v, unknown).is_empty());
}

#[test]
fn rule_reads_stored_values_the_user_cannot_read() {
    // Q3: evaluated whether or not the user may read the key.
    let mut w = W::new();
    let n = w.node(&[], &[("secret", int(1)), ("name", s("x"))]);
    w.custom(vec![
        grant_traverse(node_rule(None, "secret", eq(int(1)), false)),
        grant_read("name", nodes("*")),
    ]);
    let v = w.view("u");
    assert_eq!(node_ids(&v), ids(&[n]));
    assert_eq!(node_keys(&v, n), strings(&["name"]));
}

#[test]
fn ordering_comparisons_with_incomparable_types_are_null() {
    // Q3: 'a' < 5 is null: a DENY with it denies nothing, a GRANT grants nothing.
    let mut w = W::new();
    let small = w.node(&[], &[("x", int(1))]);
    let big = w.node(&[], &[("x", int(10))]);
    let text = w.node(&[], &[("x", s("a"))]);
    w.custom(vec![grant_traverse(node_rule(
        None,
        "x",
        RulePredicate::Compare(RuleOp::Less, int(5)),
        false,
    ))]);
    assert_eq!(node_ids(&w.view("u")), ids(&[small]));

    let mut w2 = W::new();
    let small2 = w2.node(&[], &[("x", int(1))]);
    let big2 = w2.node(&[], &[("x", int(10))]);
    let text2 = w2.node(&[], &[("x", s("a"))]);
    w2.custom(vec![
        grant_traverse(nodes("*")),
        deny_traverse(node_rule(
            None,
            "x",
            RulePredicate::Compare(RuleOp::GreaterEqual, int(5)),
            false,
        )),
    ]);
    assert_eq!(node_ids(&w2.view("u")), ids(&[small2, text2]));
    let _ = (big, text, big2);
}

#[test]
fn in_list_and_value_in_stored_list() {
    let mut w = W::new();
    let red = w.node(&[], &[("c", s("red"))]);
    let blue = w.node(&[], &[("c", s("blue"))]);
    let none = w.node(&[], &[]);
    w.custom(vec![grant_traverse(node_rule(
        None,
        "c",
        RulePredicate::InList(vec![s("red"), s("green")]),
        false,
    ))]);
    assert_eq!(node_ids(&w.view("u")), ids(&[red]));
    let _ = (blue, none);

    // `'x' IN n.tags`; a stored scalar gives null (documented decision).
    let mut w = W::new();
    let tagged = w.node(&[], &[("tags", Value::List(vec![s("x"), s("y")]))]);
    let other = w.node(&[], &[("tags", Value::List(vec![s("y")]))]);
    let scalar = w.node(&[], &[("tags", s("x"))]);
    w.custom(vec![grant_traverse(node_rule(
        None,
        "tags",
        RulePredicate::Contains(s("x")),
        false,
    ))]);
    assert_eq!(node_ids(&w.view("u")), ids(&[tagged]));
    // NOT over those: other TRUE, scalar NOT null = null, missing NOT null = null.
    w.custom(vec![grant_traverse(node_rule(
        None,
        "tags",
        RulePredicate::Contains(s("x")),
        true,
    ))]);
    assert_eq!(node_ids(&w.view("u")), ids(&[other]));
    let _ = scalar;
}

#[test]
fn rule_with_nonexistent_key_contributes_nothing() {
    // P6 (documented decision): the rule's key is not a token, so the
    // privilege contributes nothing although `IS NULL` would be TRUE.
    let mut w = W::new();
    let all = [w.node(&["A"], &[]), w.node(&[], &[])];
    w.custom(vec![
        grant_traverse(nodes("*")),
        deny_traverse(node_rule(None, "ghost", RulePredicate::IsNull, false)),
    ]);
    assert_eq!(node_ids(&w.view("u")), ids(&all));
}

#[test]
fn negated_ordering_tells_nan_from_null() {
    // Q3 with Cypher comparisons: NaN < 5 is FALSE (so NOT gives TRUE),
    // 'a' < 5 is null (so NOT gives null).
    let mut w = W::new();
    let nan = w.node(&[], &[("x", Value::Float(f64::NAN))]);
    let text = w.node(&[], &[("x", s("a"))]);
    let small = w.node(&[], &[("x", int(1))]);
    let big = w.node(&[], &[("x", Value::Float(10.5))]);
    w.custom(vec![grant_traverse(node_rule(
        None,
        "x",
        RulePredicate::Compare(RuleOp::Less, int(5)),
        true,
    ))]);
    assert_eq!(node_ids(&w.view("u")), ids(&[nan, big]));
    let _ = (text, small);
}

#[test]
fn temporal_constants_compare_with_stored_temporals() {
    let date = |t: &str| match parse_temporal(TemporalKind::Date, t) {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    };
    let mut w = W::new();
    let old = w.node(&["P"], &[("born", date("1990-05-01"))]);
    let young = w.node(&["P"], &[("born", date("2010-05-01"))]);
    let text = w.node(&["P"], &[("born", s("1990-05-01"))]);
    w.custom(vec![
        grant_traverse(nodes("*")),
        deny_traverse(node_rule(
            Some("P"),
            "born",
            RulePredicate::Compare(RuleOp::GreaterEqual, date("2000-01-01")),
            false,
        )),
    ]);
    // The string is not comparable with a date: null, the DENY fails open.
    assert_eq!(node_ids(&w.view("u")), ids(&[old, text]));
    let _ = young;
}
