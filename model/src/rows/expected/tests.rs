//! Reading `expect` values and matching single values (docs/spec/scenario-format.md,
//! "Values in `expect`").

use super::*;
use crate::value::test_support::*;

fn toml_value(text: &str) -> Result<Value, String> {
    let table: toml::Table = text.parse().map_err(|e| format!("{e}"))?;
    let v = table.get("v").ok_or("no v")?;
    value_from_toml(v)
}

/// A TOML value of `depth` lists around an integer, built in code: the
/// toml crate's reader would stop at 80 levels.
fn deep_toml(depth: usize) -> toml::Value {
    (0..depth).fold(toml::Value::Integer(1), |v, _| toml::Value::Array(vec![v]))
}

#[test]
fn values_deeper_than_max_nesting_are_refused() {
    let deepest = value_from_toml(&deep_toml(MAX_NESTING));
    assert_eq!(deepest.map(|v| v.nesting_depth()), Ok(MAX_NESTING));
    let deeper = value_from_toml(&deep_toml(MAX_NESTING + 1));
    assert!(
        deeper
            .as_ref()
            .is_err_and(|e| e.contains(&MAX_NESTING.to_string())),
        "{deeper:?}"
    );
    let mut table = toml::Table::new();
    table.insert("a".into(), deep_toml(MAX_NESTING));
    assert!(value_from_toml(&toml::Value::Table(table)).is_err());
}

#[test]
fn toml_values_become_cypher_values() {
    assert_eq!(toml_value("v = 'x'"), Ok(s("x")));
    assert_eq!(toml_value("v = 1"), Ok(int(1)));
    assert_eq!(toml_value("v = 1.0"), Ok(float(1.0)));
    assert_eq!(toml_value("v = true"), Ok(Value::Boolean(true)));
    assert_eq!(toml_value("v = [1, 'a']"), Ok(list(vec![int(1), s("a")])));
    assert_eq!(
        toml_value("v = { a = 1, b = { c = [] } }"),
        Ok(map(&[("a", int(1)), ("b", map(&[("c", list(vec![]))]))]))
    );
    assert_eq!(toml_value("v = 2020-01-31"), Ok(date(2020, 1, 31)));
    assert_eq!(
        toml_value("v = 2020-01-31T10:00:05"),
        Ok(local_datetime(2020, 1, 31, 10, 0, 5))
    );
    assert_eq!(
        toml_value("v = 2020-01-31T10:00:00+01:00"),
        Ok(datetime(2020, 1, 31, 10, 0, 3600))
    );
    assert_eq!(
        toml_value("v = 2020-01-31T10:00:00Z"),
        Ok(datetime(2020, 1, 31, 10, 0, 0))
    );
    let local_time = toml_value("v = 10:00:00");
    assert!(
        local_time.as_ref().is_err_and(|e| e.contains("10:00:00")),
        "{local_time:?}"
    );
    assert!(toml_value("v = [1, 10:00:00]").is_err());
}

#[test]
fn integers_never_match_floats() {
    assert!(matches_expected(&int(1), &int(1)));
    assert!(!matches_expected(&int(1), &float(1.0)));
    assert!(!matches_expected(&float(1.0), &int(1)));
    assert!(!matches_expected(
        &list(vec![int(1)]),
        &list(vec![float(1.0)])
    ));
    assert!(!same_value(&int(1), &float(1.0)));
}

#[test]
fn floats_match_within_a_relative_tolerance() {
    assert!(matches_expected(&float(0.1 + 0.2), &float(0.3)));
    assert!(matches_expected(&float(-0.0), &float(0.0)));
    assert!(matches_expected(&float(f64::NAN), &float(f64::NAN)));
    assert!(matches_expected(
        &float(f64::INFINITY),
        &float(f64::INFINITY)
    ));
    assert!(matches_expected(
        &float(1e300),
        &float(1e300 * (1.0 + 1e-12))
    ));
    assert!(!matches_expected(&float(1.0), &float(1.000_001)));
    assert!(!matches_expected(&float(1.0), &float(1.0 + 1e-8)));
    assert!(!matches_expected(&float(f64::NAN), &float(1.0)));
    assert!(!matches_expected(
        &float(f64::INFINITY),
        &float(f64::NEG_INFINITY)
    ));
    assert!(!matches_expected(&float(1e-20), &float(0.0)));
    assert!(!matches_expected(&float(f64::INFINITY), &float(f64::MAX)));
}

#[test]
fn scalars_and_temporals_match_exactly() {
    assert!(matches_expected(&s("a"), &s("a")));
    assert!(!matches_expected(&s("a"), &s("A")));
    assert!(!matches_expected(&s("1"), &int(1)));
    assert!(!matches_expected(&Value::Boolean(true), &int(1)));
    assert!(matches_expected(&date(2020, 1, 1), &date(2020, 1, 1)));
    assert!(!matches_expected(
        &date(2020, 1, 1),
        &local_datetime(2020, 1, 1, 0, 0, 0)
    ));
    assert!(!matches_expected(&date(2020, 1, 1), &s("2020-01-01")));
    // Same instant, different offset: a different datetime.
    assert!(!matches_expected(
        &datetime(2020, 1, 1, 10, 0, 3600),
        &datetime(2020, 1, 1, 9, 0, 0)
    ));
    // TOML has no duration: its ISO text stands for it.
    assert!(matches_expected(
        &duration(14, 1, 3600, 0),
        &s("P1Y2M1DT1H")
    ));
    assert!(!matches_expected(
        &duration(14, 1, 3600, 0),
        &s("P14M1DT1H")
    ));
    assert!(!same_value(&duration(0, 1, 0, 0), &s("P1D")));
    assert!(matches_expected(&Value::Null, &Value::Null));
    assert!(!matches_expected(&Value::Null, &int(0)));
}

#[test]
fn maps_treat_a_missing_key_as_null() {
    let with_null = map(&[("a", int(1)), ("b", Value::Null)]);
    assert!(matches_expected(&with_null, &map(&[("a", int(1))])));
    assert!(matches_expected(&map(&[("a", int(1))]), &with_null));
    assert!(!matches_expected(
        &map(&[("a", int(1))]),
        &map(&[("a", int(1)), ("b", int(2))])
    ));
    assert!(!matches_expected(
        &map(&[("a", int(1)), ("b", int(2))]),
        &map(&[("a", int(1))])
    ));
    // Between engines a null entry is not an absent one.
    assert!(!same_value(&with_null, &map(&[("a", int(1))])));
    assert!(!matches_expected(
        &list(vec![int(1)]),
        &list(vec![int(1), Value::Null])
    ));
}

/// `{a: {a: ... {a: leaf, b: 1} ...}}`, `depth` maps deep, each level with a second key.
fn nested_map(depth: usize, leaf: Value) -> Value {
    (0..depth).fold(leaf, |inner, _| map(&[("a", inner), ("b", int(1))]))
}

#[test]
fn nested_maps_compare_each_key_once() {
    // Comparing a shared key from both maps' sides doubled the work per
    // level: the openCypher TCK's 40-deep map (Literals8 [16]) never
    // finished. 100 levels must be immediate, and the leaf still decides.
    let deep = nested_map(100, int(7));
    assert!(matches_expected(&deep, &nested_map(100, int(7))));
    assert!(!matches_expected(&deep, &nested_map(100, int(8))));
    // A key only in the expected map, at the bottom, is still seen.
    let extra = nested_map(100, map(&[("x", int(1))]));
    assert!(!matches_expected(&nested_map(100, map(&[])), &extra));
    assert!(matches_expected(
        &nested_map(100, map(&[("x", Value::Null)])),
        &nested_map(100, map(&[]))
    ));
}

fn node_expect(labels: &[&str], properties: Option<Value>) -> Value {
    let mut entries = vec![("labels", list(labels.iter().map(|l| s(l)).collect()))];
    if let Some(p) = properties {
        entries.push(("properties", p));
    }
    map(&entries)
}

#[test]
fn nodes_match_their_map_encoding() {
    let n = node(9, &["B", "A"], &[("name", s("x"))]);
    let props = map(&[("name", s("x"))]);
    assert!(matches_expected(
        &n,
        &node_expect(&["A", "B"], Some(props.clone()))
    ));
    assert!(matches_expected(
        &n,
        &node_expect(&["B", "A"], Some(props.clone()))
    ));
    assert!(!matches_expected(
        &n,
        &node_expect(&["A"], Some(props.clone()))
    ));
    assert!(!matches_expected(
        &n,
        &node_expect(&["A", "B", "C"], Some(props.clone()))
    ));
    // Properties omitted means none.
    assert!(!matches_expected(&n, &node_expect(&["A", "B"], None)));
    assert!(matches_expected(
        &node(9, &[], &[]),
        &node_expect(&[], None)
    ));
    assert!(!matches_expected(
        &n,
        &node_expect(&["A", "B"], Some(map(&[("name", s("y"))])))
    ));
    assert!(!matches_expected(
        &n,
        &node_expect(&["A", "B"], Some(map(&[])))
    ));
    // Labels are required and must be strings; no other key is allowed.
    assert!(!matches_expected(&node(9, &[], &[]), &map(&[])));
    assert!(!matches_expected(
        &node(9, &[], &[]),
        &map(&[("labels", list(vec![int(1)]))])
    ));
    let mut with_id = node_expect(&["A", "B"], Some(props));
    if let Value::Map(m) = &mut with_id {
        m.insert("id".into(), int(9));
    }
    assert!(!matches_expected(&n, &with_id));
    // A returned map of the same shape matches too: it is that map.
    assert!(matches_expected(
        &node_expect(&["A"], None),
        &node_expect(&["A"], None)
    ));
}

#[test]
fn relationships_and_paths_match_their_map_encoding() {
    let r = rel(4, "KNOWS", 1, 2, &[("since", int(2020))]);
    let r_expect = map(&[
        ("type", s("KNOWS")),
        ("properties", map(&[("since", int(2020))])),
    ]);
    assert!(matches_expected(&r, &r_expect));
    assert!(!matches_expected(
        &r,
        &map(&[
            ("type", s("LIKES")),
            ("properties", map(&[("since", int(2020))]))
        ])
    ));
    assert!(!matches_expected(&r, &map(&[("type", s("KNOWS"))])));
    assert!(matches_expected(
        &rel(4, "T", 1, 2, &[]),
        &map(&[("type", s("T"))])
    ));
    assert!(!matches_expected(&r, &node_expect(&["KNOWS"], None)));

    let p = path(
        vec![node_value(1, &["A"], &[]), node_value(2, &["B"], &[])],
        vec![rel_value(4, "KNOWS", 1, 2, &[("since", int(2020))])],
    );
    let p_expect = map(&[
        (
            "nodes",
            list(vec![node_expect(&["A"], None), node_expect(&["B"], None)]),
        ),
        ("relationships", list(vec![r_expect.clone()])),
    ]);
    assert!(matches_expected(&p, &p_expect));
    let reversed = map(&[
        (
            "nodes",
            list(vec![node_expect(&["B"], None), node_expect(&["A"], None)]),
        ),
        ("relationships", list(vec![r_expect])),
    ]);
    assert!(!matches_expected(&p, &reversed));
    assert!(!matches_expected(&p, &map(&[("nodes", list(vec![]))])));
}

#[test]
fn engine_values_compare_with_full_fidelity() {
    let a = node(1, &["A", "B"], &[("k", int(1))]);
    assert!(same_value(&a, &node(1, &["B", "A"], &[("k", int(1))])));
    assert!(!same_value(&a, &node(2, &["A", "B"], &[("k", int(1))])));
    assert!(!same_value(&a, &node(1, &["A"], &[("k", int(1))])));
    assert!(!same_value(&a, &node(1, &["A", "B"], &[("k", float(1.0))])));
    assert!(!same_value(
        &a,
        &node_expect(&["A", "B"], Some(map(&[("k", int(1))])))
    ));
    let r = rel(3, "T", 1, 2, &[]);
    assert!(same_value(&r, &r.clone()));
    assert!(!same_value(&r, &rel(3, "T", 2, 1, &[])));
    assert!(!same_value(&r, &rel(4, "T", 1, 2, &[])));
    let p = |rid| {
        path(
            vec![node_value(1, &[], &[]), node_value(2, &[], &[])],
            vec![rel_value(rid, "T", 1, 2, &[])],
        )
    };
    assert!(same_value(&p(3), &p(3)));
    assert!(!same_value(&p(3), &p(4)));
    assert!(same_value(&float(0.1 + 0.2), &float(0.3)));
}
