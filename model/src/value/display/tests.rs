//! Display and `toString()` forms.

use super::super::test_support::*;
use super::*;

#[test]
fn floats_always_look_like_floats() {
    // Java Double.toString, which Neo4j's toString() uses.
    let cases = [
        (1.0, "1.0"),
        (0.1, "0.1"),
        (-2.5, "-2.5"),
        (100.0, "100.0"),
        (1_234_567.0, "1234567.0"),
        (1e7, "1.0E7"),
        (1.5e-5, "1.5E-5"),
        (0.001, "0.001"),
        (1e20, "1.0E20"),
        (-1.25e-10, "-1.25E-10"),
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (f64::NAN, "NaN"),
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
    ];
    for (f, want) in cases {
        assert_eq!(java_double(f), want);
        assert_eq!(float(f).to_string(), want);
        assert_eq!(float(f).to_cypher_string().as_deref(), Some(want));
    }
    assert_eq!(int(1).to_string(), "1");
    assert_ne!(int(1).to_string(), float(1.0).to_string());
}

#[test]
fn strings_are_quoted_with_escapes() {
    assert_eq!(s("x").to_string(), "'x'");
    assert_eq!(s("it's").to_string(), r"'it\'s'");
    assert_eq!(s("a\\b\nc\td").to_string(), r"'a\\b\nc\td'");
    assert_eq!(s("\u{1}").to_string(), r"'\u0001'");
    assert_eq!(s("é").to_string(), "'é'");
    // toString() leaves the string alone.
    assert_eq!(s("it's").to_cypher_string().as_deref(), Some("it's"));
}

#[test]
fn composite_values() {
    assert_eq!(
        list(vec![int(1), float(2.0), s("a"), Value::Null]).to_string(),
        "[1, 2.0, 'a', null]"
    );
    assert_eq!(list(vec![]).to_string(), "[]");
    assert_eq!(
        map(&[("b c", int(2)), ("a", int(1))]).to_string(),
        "{a: 1, `b c`: 2}"
    );
    assert_eq!(map(&[]).to_string(), "{}");
    assert_eq!(
        node(3, &["A", "B"], &[("name", s("x"))]).to_string(),
        "(#3:A:B {name: 'x'})"
    );
    assert_eq!(node(4, &[], &[]).to_string(), "(#4)");
    assert_eq!(
        rel(7, "KNOWS", 1, 2, &[("since", int(2020))]).to_string(),
        "[#7:KNOWS {since: 2020}]"
    );
    let forward = path(
        vec![
            node_value(1, &["A"], &[]),
            node_value(2, &[], &[]),
            node_value(3, &[], &[]),
        ],
        vec![rel_value(7, "T", 1, 2, &[]), rel_value(8, "U", 3, 2, &[])],
    );
    assert_eq!(forward.to_string(), "<(#1:A)-[#7:T]->(#2)<-[#8:U]-(#3)>");
    assert_eq!(Value::Boolean(true).to_string(), "true");
    assert_eq!(Value::Null.to_string(), "null");
}

#[test]
fn temporal_values_show_their_constructor() {
    assert_eq!(date(2020, 1, 1).to_string(), "date('2020-01-01')");
    assert_eq!(
        local_datetime(2020, 1, 1, 10, 0, 0).to_string(),
        "localdatetime('2020-01-01T10:00')"
    );
    assert_eq!(
        datetime(2020, 1, 1, 10, 0, 3600).to_string(),
        "datetime('2020-01-01T10:00+01:00')"
    );
    assert_eq!(duration(0, 1, 0, 0).to_string(), "duration('P1D')");
}

#[test]
fn to_string_is_undefined_for_null_and_structures() {
    assert_eq!(Value::Null.to_cypher_string(), None);
    assert_eq!(list(vec![]).to_cypher_string(), None);
    assert_eq!(map(&[]).to_cypher_string(), None);
    assert_eq!(node(1, &[], &[]).to_cypher_string(), None);
    assert_eq!(int(-5).to_cypher_string().as_deref(), Some("-5"));
    assert_eq!(
        Value::Boolean(false).to_cypher_string().as_deref(),
        Some("false")
    );
}

#[test]
fn type_names() {
    assert_eq!(int(1).type_name(), "INTEGER");
    assert_eq!(float(1.0).type_name(), "FLOAT");
    assert_eq!(s("").type_name(), "STRING");
    assert_eq!(Value::Null.type_name(), "NULL");
    assert_eq!(node(1, &[], &[]).type_name(), "NODE");
    assert_eq!(datetime(2020, 1, 1, 0, 0, 0).type_name(), "ZONED DATETIME");
}

#[test]
fn nesting_depth_counts_lists_and_maps() {
    assert_eq!(int(1).nesting_depth(), 0);
    assert_eq!(list(vec![]).nesting_depth(), 1);
    assert_eq!(
        list(vec![int(1), list(vec![map(&[("a", list(vec![]))])])]).nesting_depth(),
        4
    );
    let mut deep = int(0);
    for _ in 0..10_000 {
        deep = list(vec![deep]);
    }
    assert_eq!(deep.nesting_depth(), 10_000);
    // Dropping is recursive too: unwrap the tower by hand.
    while let Value::List(mut items) = deep {
        deep = items.pop().unwrap_or(Value::Null);
    }
}
