//! JSON in the `expect` encoding.

use serde_json::json;

use super::*;
use crate::value::test_support::*;

#[test]
fn values_encode_like_expect() {
    assert_eq!(value_to_json(&int(1)).to_string(), "1");
    assert_eq!(value_to_json(&float(1.0)).to_string(), "1.0");
    assert_eq!(value_to_json(&float(f64::NAN)), json!({"float": "NaN"}));
    assert_eq!(value_to_json(&Value::Null), json!(null));
    assert_eq!(value_to_json(&date(2020, 1, 1)), json!("2020-01-01"));
    assert_eq!(
        value_to_json(&datetime(2020, 1, 1, 10, 0, 0)),
        json!("2020-01-01T10:00Z")
    );
    assert_eq!(value_to_json(&duration(0, 1, 0, 0)), json!("P1D"));
    assert_eq!(
        value_to_json(&node(7, &["B", "A"], &[("name", s("x"))])),
        json!({"labels": ["A", "B"], "properties": {"name": "x"}})
    );
    assert_eq!(
        value_to_json(&rel(3, "KNOWS", 1, 2, &[("since", int(2020))])),
        json!({"type": "KNOWS", "properties": {"since": 2020}})
    );
    let p = path(
        vec![node_value(1, &["A"], &[]), node_value(2, &[], &[])],
        vec![rel_value(3, "T", 1, 2, &[])],
    );
    assert_eq!(
        value_to_json(&p),
        json!({
            "nodes": [{"labels": ["A"], "properties": {}}, {"labels": [], "properties": {}}],
            "relationships": [{"type": "T", "properties": {}}]
        })
    );
    assert_eq!(
        value_to_json(&list(vec![int(1), map(&[("a", Value::Boolean(true))])])),
        json!([1, {"a": true}])
    );
}

#[test]
fn results_are_lists_of_row_objects() {
    let r = QueryResult {
        columns: vec!["n.name".into(), "c".into()],
        rows: vec![vec![s("Sandy"), int(1)], vec![Value::Null, int(2)]],
        sort_keys: None,
    };
    assert_eq!(
        result_to_json(&r),
        json!([{"n.name": "Sandy", "c": 1}, {"n.name": null, "c": 2}])
    );
}

#[test]
fn non_finite_floats_are_tagged_apart_from_strings_and_finite_floats() {
    let encoded: Vec<Json> = [
        float(f64::NAN),
        float(-f64::NAN),
        float(f64::INFINITY),
        float(f64::NEG_INFINITY),
        s("NaN"),
        s("Infinity"),
        float(1.5),
        float(-0.0),
    ]
    .iter()
    .map(value_to_json)
    .collect();
    assert_eq!(encoded[0], json!({"float": "NaN"}));
    assert_eq!(
        encoded[1],
        json!({"float": "NaN"}),
        "NaN's sign is not shown"
    );
    assert_eq!(encoded[2], json!({"float": "Infinity"}));
    assert_eq!(encoded[3], json!({"float": "-Infinity"}));
    assert_eq!(encoded[4], json!("NaN"));
    assert_eq!(encoded[5], json!("Infinity"));
    assert_eq!(encoded[6].to_string(), "1.5");
    assert_eq!(encoded[7].to_string(), "-0.0");
    // Every line of `check --json` must parse: the text round-trips.
    for e in &encoded {
        let text = e.to_string();
        let back: Json = serde_json::from_str(&text).unwrap_or_else(|err| panic!("{err}: {text}"));
        assert_eq!(&back, e);
    }
}
