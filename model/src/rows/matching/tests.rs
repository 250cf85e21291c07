//! Multiset and tie-group comparison of rows, including cases that must fail.

use std::collections::BTreeMap;

use super::*;
use crate::value::test_support::*;

fn result(columns: &[&str], rows: Vec<Vec<Value>>) -> QueryResult {
    QueryResult {
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows,
        sort_keys: None,
    }
}

fn sorted_by(mut r: QueryResult, keys: Vec<Value>) -> QueryResult {
    r.sort_keys = Some(keys.into_iter().map(|k| vec![k]).collect());
    r
}

fn expect(rows: &[&[(&str, Value)]]) -> Vec<BTreeMap<String, Value>> {
    rows.iter()
        .map(|r| r.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
        .collect()
}

fn one_col(values: &[i64]) -> QueryResult {
    result(&["n"], values.iter().map(|&v| vec![int(v)]).collect())
}

fn one_col_expect(values: &[i64]) -> Vec<BTreeMap<String, Value>> {
    values
        .iter()
        .map(|&v| BTreeMap::from([("n".to_string(), int(v))]))
        .collect()
}

#[test]
fn rows_compare_as_a_multiset() {
    assert_eq!(
        compare_with_expected(&one_col(&[1, 1, 2]), &one_col_expect(&[2, 1, 1])),
        Ok(())
    );
    assert_eq!(
        compare_with_expected(&one_col(&[]), &one_col_expect(&[])),
        Ok(())
    );
}

#[test]
fn duplicates_must_match_in_number() {
    let e = compare_with_expected(&one_col(&[1, 1, 2]), &one_col_expect(&[1, 2, 2]));
    let e = e.expect_err("1,1,2 is not 1,2,2");
    assert!(e.contains("missing: {n: 2}"), "{e}");
    assert!(e.contains("unexpected: {n: 1}"), "{e}");
    assert!(compare_with_expected(&one_col(&[1, 1]), &one_col_expect(&[1])).is_err());
    assert!(compare_with_expected(&one_col(&[1]), &one_col_expect(&[1, 1])).is_err());
    assert!(compare_with_expected(&one_col(&[]), &one_col_expect(&[1])).is_err());
}

#[test]
fn missing_columns_are_null_and_unknown_keys_fail() {
    let r = result(&["a", "b"], vec![vec![int(1), Value::Null]]);
    assert_eq!(
        compare_with_expected(&r, &expect(&[&[("a", int(1))]])),
        Ok(())
    );
    assert!(compare_with_expected(&r, &expect(&[&[]])).is_err());
    let e = compare_with_expected(&r, &expect(&[&[("a", int(1)), ("c", int(2))]]))
        .expect_err("c is not a column");
    assert!(e.contains("`c`"), "{e}");
}

#[test]
fn an_integer_row_does_not_match_a_float_row() {
    let r = result(&["x"], vec![vec![float(1.0)]]);
    assert!(compare_with_expected(&r, &expect(&[&[("x", int(1))]])).is_err());
    assert_eq!(
        compare_with_expected(&r, &expect(&[&[("x", float(1.0))]])),
        Ok(())
    );
}

#[test]
fn matching_is_perfect_not_greedy() {
    // x matches both expected rows, y only the first: pairing x with the
    // first expected row (greedy) would wrongly fail.
    let e1 = 1.0;
    let e2 = 1.0 + 1.5e-9;
    let x = 1.0 + 0.75e-9;
    let y = 1.0 - 0.75e-9;
    let r = result(&["f"], vec![vec![float(x)], vec![float(y)]]);
    let want = expect(&[&[("f", float(e1))], &[("f", float(e2))]]);
    assert_eq!(compare_with_expected(&r, &want), Ok(()));
    // And when no perfect matching exists it fails: y matches only e1, and so does z.
    let z = 1.0 - 0.5e-9;
    let r = result(&["f"], vec![vec![float(z)], vec![float(y)]]);
    assert!(compare_with_expected(&r, &want).is_err());
}

#[test]
fn ordered_results_compare_in_order_with_ties_as_multisets() {
    let r = sorted_by(
        result(
            &["name", "k"],
            vec![
                vec![s("a"), int(1)],
                vec![s("b"), int(1)],
                vec![s("c"), int(2)],
            ],
        ),
        vec![int(1), int(1), int(2)],
    );
    let row = |n: &str, k: i64| vec![("name", s(n)), ("k", int(k))];
    let ok_order = [row("b", 1), row("a", 1), row("c", 2)];
    let refs: Vec<&[(&str, Value)]> = ok_order.iter().map(Vec::as_slice).collect();
    assert_eq!(compare_with_expected(&r, &expect(&refs)), Ok(()));
    let bad_order = [row("c", 2), row("a", 1), row("b", 1)];
    let refs: Vec<&[(&str, Value)]> = bad_order.iter().map(Vec::as_slice).collect();
    let e = compare_with_expected(&r, &expect(&refs)).expect_err("c must come last");
    assert!(e.contains("at rows 1-2"), "{e}");
    assert!(e.contains("at row 3"), "{e}");
}

#[test]
fn distinct_sort_keys_leave_no_freedom() {
    let r = sorted_by(one_col(&[1, 2, 3]), vec![int(1), int(2), int(3)]);
    assert_eq!(
        compare_with_expected(&r, &one_col_expect(&[1, 2, 3])),
        Ok(())
    );
    assert!(compare_with_expected(&r, &one_col_expect(&[2, 1, 3])).is_err());
    // Without ORDER BY the same rows in any order pass.
    assert_eq!(
        compare_with_expected(&one_col(&[1, 2, 3]), &one_col_expect(&[2, 1, 3])),
        Ok(())
    );
    // Wrong count under ORDER BY still fails, and says so.
    let e = compare_with_expected(&r, &one_col_expect(&[1, 2])).expect_err("3 rows against 2");
    assert!(e.contains("3 rows against 2"), "{e}");
}

#[test]
fn ties_use_equivalence_of_sort_keys() {
    // 1 and 1.0 are equivalent keys; null and null tie too.
    let r = sorted_by(
        one_col(&[10, 20, 30, 40]),
        vec![int(1), float(1.0), Value::Null, Value::Null],
    );
    assert_eq!(
        compare_with_expected(&r, &one_col_expect(&[20, 10, 40, 30])),
        Ok(())
    );
    assert!(compare_with_expected(&r, &one_col_expect(&[30, 10, 20, 40])).is_err());
}

#[test]
fn engine_results_compare_with_full_fidelity() {
    let a = result(
        &["n"],
        vec![vec![node(1, &["A"], &[])], vec![node(2, &["A"], &[])]],
    );
    let b = result(
        &["n"],
        vec![vec![node(2, &["A"], &[])], vec![node(1, &["A"], &[])]],
    );
    assert_eq!(compare_results(&a, &b), Ok(()));
    // Same labels and properties, different node: a difference between engines.
    let c = result(
        &["n"],
        vec![vec![node(1, &["A"], &[])], vec![node(3, &["A"], &[])]],
    );
    let e = compare_results(&a, &c).expect_err("node ids differ");
    assert!(e.contains("only in first: {n: (#2:A)}"), "{e}");
    assert!(e.contains("only in second: {n: (#3:A)}"), "{e}");
    assert!(compare_results(&one_col(&[1]), &result(&["n"], vec![vec![float(1.0)]])).is_err());
    let e = compare_results_named(&a, "reference", &c, "fast").expect_err("node ids differ");
    assert!(e.contains("only in reference: {n: (#2:A)}"), "{e}");
    assert!(e.contains("only in fast: {n: (#3:A)}"), "{e}");
    assert!(compare_results(&one_col(&[1]), &result(&["m"], vec![vec![int(1)]])).is_err());
    assert!(compare_results(&one_col(&[1, 1]), &one_col(&[1])).is_err());
}

#[test]
fn engine_ties_seen_by_either_side_are_respected() {
    let a = sorted_by(one_col(&[1, 2]), vec![int(5), int(5)]);
    let b = sorted_by(one_col(&[2, 1]), vec![int(5), int(6)]);
    assert_eq!(compare_results(&a, &b), Ok(()));
    let strict_a = sorted_by(one_col(&[1, 2]), vec![int(5), int(6)]);
    assert!(compare_results(&strict_a, &b).is_err());
}

#[test]
fn malformed_results_are_reported() {
    let mut r = one_col(&[1]);
    r.rows.push(vec![int(1), int(2)]);
    assert!(compare_with_expected(&r, &one_col_expect(&[1, 1])).is_err());
    let mut r = one_col(&[1, 2]);
    r.sort_keys = Some(vec![vec![int(1)]]);
    assert!(compare_with_expected(&r, &one_col_expect(&[1, 2])).is_err());
}

#[test]
fn long_differences_are_capped() {
    let actual: Vec<i64> = (0..30).collect();
    let e =
        compare_with_expected(&one_col(&actual), &one_col_expect(&[])).expect_err("30 extra rows");
    assert!(e.contains("... and 20 more"), "{e}");
    assert_eq!(e.lines().count(), 1 + 10 + 1, "{e}");
}
