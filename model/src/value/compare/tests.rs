//! Equality, comparability, orderability and equivalence, with expected
//! answers from the openCypher CIP and the Neo4j Cypher manual ("Equality,
//! ordering, and comparison of value types").

use std::cmp::Ordering::{self, Equal, Greater, Less};
use std::collections::BTreeSet;

use super::super::test_support::*;
use super::*;

/// One non-null sample of every type, in the manual's ascending orderability
/// hierarchy (MAP < NODE < RELATIONSHIP < LIST < PATH < ZONED DATETIME <
/// LOCAL DATETIME < DATE < DURATION < STRING < BOOLEAN < numbers).
fn samples() -> Vec<Value> {
    vec![
        map(&[("a", int(1))]),
        node(1, &["A"], &[]),
        rel(2, "T", 1, 1, &[]),
        list(vec![int(1)]),
        path(vec![node_value(1, &["A"], &[])], vec![]),
        datetime(2020, 1, 1, 10, 0, 0),
        local_datetime(2020, 1, 1, 10, 0, 0),
        date(2020, 1, 1),
        duration(0, 1, 0, 0),
        s("a"),
        Value::Boolean(true),
        int(7),
        float(2.5),
    ]
}

#[test]
fn null_equals_anything_is_null() {
    for v in samples().into_iter().chain([Value::Null]) {
        assert_eq!(Value::Null.cypher_equals(&v), None, "null = {v}");
        assert_eq!(v.cypher_equals(&Value::Null), None, "{v} = null");
    }
}

#[test]
fn every_value_equals_itself_and_no_other_type() {
    let all = samples();
    for (i, a) in all.iter().enumerate() {
        for (j, b) in all.iter().enumerate() {
            let want = Some(i == j);
            assert_eq!(a.cypher_equals(b), want, "{a} = {b}");
        }
    }
}

#[test]
fn numbers_are_equal_across_integer_and_float() {
    assert_eq!(int(1).cypher_equals(&float(1.0)), Some(true));
    assert_eq!(float(1.0).cypher_equals(&int(1)), Some(true));
    assert_eq!(int(1).cypher_equals(&float(1.5)), Some(false));
    assert_eq!(float(-0.0).cypher_equals(&float(0.0)), Some(true));
    assert_eq!(int(0).cypher_equals(&float(-0.0)), Some(true));
    // 2^53 + 1 has no float; rounding the integer would call these equal.
    let big = 9_007_199_254_740_993;
    assert_eq!(
        int(big).cypher_equals(&float(9_007_199_254_740_992.0)),
        Some(false)
    );
    assert_eq!(
        int(big).cypher_compare(&float(9_007_199_254_740_992.0)),
        Some(Greater)
    );
    assert_eq!(int(i64::MAX).cypher_compare(&float(9.3e18)), Some(Less));
    assert_eq!(int(i64::MIN).cypher_compare(&float(-9.3e18)), Some(Greater));
    assert_eq!(int(3).cypher_compare(&float(f64::INFINITY)), Some(Less));
}

#[test]
fn nan_is_not_equal_to_itself() {
    let nan = float(f64::NAN);
    assert_eq!(nan.cypher_equals(&nan), Some(false));
    assert_eq!(nan.cypher_equals(&int(1)), Some(false));
}

#[test]
fn list_equality_propagates_null() {
    // [1, null] = [1, 2]: the answer depends on the null.
    let l = |v: Vec<Value>| list(v);
    assert_eq!(
        l(vec![int(1), Value::Null]).cypher_equals(&l(vec![int(1), int(2)])),
        None
    );
    // [1, null] = [2, null]: the first pair already differs.
    assert_eq!(
        l(vec![int(1), Value::Null]).cypher_equals(&l(vec![int(2), Value::Null])),
        Some(false)
    );
    // Different lengths are never equal.
    assert_eq!(
        l(vec![Value::Null]).cypher_equals(&l(vec![int(1), int(2)])),
        Some(false)
    );
    // [3, 4] = [1 + 2, 8 / 2] from the manual, with a float in it.
    assert_eq!(
        l(vec![int(3), int(4)]).cypher_equals(&l(vec![int(3), float(4.0)])),
        Some(true)
    );
    assert_eq!(l(vec![]).cypher_equals(&l(vec![])), Some(true));
    // Nested lists.
    assert_eq!(
        l(vec![l(vec![Value::Null])]).cypher_equals(&l(vec![l(vec![int(1)])])),
        None
    );
}

#[test]
fn map_equality_needs_same_keys_and_propagates_null() {
    assert_eq!(
        map(&[("a", int(1))]).cypher_equals(&map(&[("a", float(1.0))])),
        Some(true)
    );
    assert_eq!(
        map(&[("a", int(1))]).cypher_equals(&map(&[("b", int(1))])),
        Some(false)
    );
    assert_eq!(
        map(&[("a", Value::Null)]).cypher_equals(&map(&[("a", Value::Null)])),
        None
    );
    assert_eq!(
        map(&[("a", int(1)), ("b", Value::Null)])
            .cypher_equals(&map(&[("a", int(2)), ("b", Value::Null)])),
        Some(false)
    );
    assert_eq!(
        map(&[("a", int(1))]).cypher_equals(&map(&[("a", int(1)), ("b", int(2))])),
        Some(false)
    );
}

#[test]
fn entities_are_equal_by_id() {
    assert_eq!(
        node(1, &["A"], &[("x", int(1))]).cypher_equals(&node(1, &[], &[])),
        Some(true)
    );
    assert_eq!(
        node(1, &["A"], &[]).cypher_equals(&node(2, &["A"], &[])),
        Some(false)
    );
    assert_eq!(
        rel(5, "T", 1, 2, &[]).cypher_equals(&rel(5, "U", 1, 2, &[])),
        Some(true)
    );
    assert_eq!(
        rel(5, "T", 1, 2, &[]).cypher_equals(&rel(6, "T", 1, 2, &[])),
        Some(false)
    );
    // A node is not a map, even with the same properties.
    assert_eq!(
        node(1, &[], &[("a", int(1))]).cypher_equals(&map(&[("a", int(1))])),
        Some(false)
    );
}

#[test]
fn path_equals_its_alternating_list() {
    let p = path(
        vec![node_value(1, &[], &[]), node_value(2, &[], &[])],
        vec![rel_value(9, "T", 1, 2, &[])],
    );
    let as_list = list(vec![
        node(1, &[], &[]),
        rel(9, "T", 1, 2, &[]),
        node(2, &[], &[]),
    ]);
    assert_eq!(p.cypher_equals(&as_list), Some(true));
    assert_eq!(as_list.cypher_equals(&p), Some(true));
    assert_eq!(p.cypher_equals(&list(vec![node(1, &[], &[])])), Some(false));
    assert_eq!(p.cypher_equals(&p), Some(true));
}

#[test]
fn datetimes_equal_only_with_same_instant_and_offset() {
    let a = datetime(2020, 1, 1, 10, 0, 3600); // 09:00Z
    let b = datetime(2020, 1, 1, 9, 0, 0); // 09:00Z
    assert_eq!(a.cypher_equals(&b), Some(false));
    assert_eq!(a.cypher_equals(&a.clone()), Some(true));
    // Ordered by instant first, then west before east.
    assert_eq!(b.cypher_compare(&a), Some(Less));
    assert_eq!(
        datetime(2020, 1, 1, 10, 0, 3600).cypher_compare(&datetime(2020, 1, 1, 9, 30, 0)),
        Some(Less)
    );
}

#[test]
fn durations_equal_by_components() {
    // P1D and PT24H are different durations.
    assert_eq!(
        duration(0, 1, 0, 0).cypher_equals(&duration(0, 0, 86_400, 0)),
        Some(false)
    );
    assert_eq!(
        duration(1, 2, 3, 4).cypher_equals(&duration(1, 2, 3, 4)),
        Some(true)
    );
}

fn lt(a: &Value, b: &Value) -> Truth {
    a.cypher_comparison(b).holds(Ordering::is_lt)
}

#[test]
fn comparability_across_every_pair_of_types() {
    let all = samples();
    // Within a type, only these compare (same index means same type):
    // datetime, localdatetime, date, string, boolean, list, numbers.
    let comparable_alone = |v: &Value| {
        matches!(
            v,
            Value::DateTime(_)
                | Value::LocalDateTime(_)
                | Value::Date(_)
                | Value::String(_)
                | Value::Boolean(_)
                | Value::List(_)
                | Value::Integer(_)
                | Value::Float(_)
        )
    };
    let is_num = |v: &Value| matches!(v, Value::Integer(_) | Value::Float(_));
    for (i, a) in all.iter().enumerate() {
        for (j, b) in all.iter().enumerate() {
            let comparable = (i == j && comparable_alone(a)) || (is_num(a) && is_num(b));
            let got = a.cypher_comparison(b);
            if comparable {
                assert!(
                    matches!(got, Comparison::Ordered(_)),
                    "{a} < {b} gave {got:?}"
                );
            } else {
                assert_eq!(got, Comparison::Null, "{a} < {b}");
                assert_eq!(a.cypher_compare(b), None);
            }
        }
        assert_eq!(a.cypher_comparison(&Value::Null), Comparison::Null);
        assert_eq!(Value::Null.cypher_comparison(a), Comparison::Null);
    }
}

#[test]
fn comparison_results() {
    assert_eq!(lt(&int(3), &int(4)), Some(true));
    assert_eq!(lt(&int(1), &float(1.5)), Some(true));
    assert_eq!(lt(&float(2.5), &int(2)), Some(false));
    // Strings by code point: "x" < "xy", "Z" < "a".
    assert_eq!(lt(&s("x"), &s("xy")), Some(true));
    assert_eq!(lt(&s("Z"), &s("a")), Some(true));
    assert_eq!(lt(&s("é"), &s("z")), Some(false));
    assert_eq!(
        lt(&Value::Boolean(false), &Value::Boolean(true)),
        Some(true)
    );
    assert_eq!(lt(&date(2023, 1, 1), &date(2024, 1, 1)), Some(true));
    assert_eq!(
        lt(
            &local_datetime(2023, 2, 10, 12, 0, 0),
            &local_datetime(2023, 2, 10, 15, 0, 0)
        ),
        Some(true)
    );
    // Different temporal types do not compare.
    assert_eq!(
        lt(&date(2020, 1, 1), &local_datetime(2021, 1, 1, 0, 0, 0)),
        None
    );
    // Durations never compare.
    assert_eq!(lt(&duration(0, 1, 0, 0), &duration(0, 2, 0, 0)), None);
    assert_eq!(lt(&int(1), &s("1")), None);
    assert_eq!(lt(&Value::Null, &Value::Null), None);
}

#[test]
fn nan_comparisons_are_false_not_null() {
    let nan = float(f64::NAN);
    for op in [
        Ordering::is_lt,
        Ordering::is_le,
        Ordering::is_gt,
        Ordering::is_ge,
    ] {
        assert_eq!(int(1).cypher_comparison(&nan).holds(op), Some(false));
        assert_eq!(nan.cypher_comparison(&float(1.0)).holds(op), Some(false));
        assert_eq!(nan.cypher_comparison(&nan).holds(op), Some(false));
    }
    assert_eq!(int(1).cypher_compare(&nan), None);
    // NaN against a non-number is still incomparable: null.
    assert_eq!(nan.cypher_comparison(&s("a")).holds(Ordering::is_lt), None);
}

#[test]
fn list_comparison_is_lexicographic() {
    let l = |v: Vec<Value>| list(v);
    assert_eq!(
        lt(&l(vec![int(1), int(2)]), &l(vec![int(1), int(3)])),
        Some(true)
    );
    assert_eq!(lt(&l(vec![int(1)]), &l(vec![int(1), int(2)])), Some(true));
    assert_eq!(lt(&l(vec![int(1), int(2)]), &l(vec![int(1)])), Some(false));
    assert_eq!(lt(&l(vec![]), &l(vec![int(0)])), Some(true));
    // The first differing pair decides even when later pairs are incomparable.
    assert_eq!(
        lt(&l(vec![int(1), s("a")]), &l(vec![int(2), int(0)])),
        Some(true)
    );
    // An undecided pair involving null makes the answer null.
    assert_eq!(
        lt(&l(vec![int(1), Value::Null]), &l(vec![int(1), int(2)])),
        None
    );
    assert_eq!(lt(&l(vec![int(1), s("a")]), &l(vec![int(1), int(2)])), None);
    assert_eq!(lt(&l(vec![float(f64::NAN)]), &l(vec![int(1)])), Some(false));
    assert_eq!(
        l(vec![int(1)]).cypher_compare(&l(vec![float(1.0)])),
        Some(Equal)
    );
}

#[test]
fn orderability_follows_the_type_hierarchy_with_null_last() {
    let mut all = samples();
    // NaN sorts above every number; null after everything.
    all.push(float(f64::NAN));
    all.push(Value::Null);
    for (i, a) in all.iter().enumerate() {
        for (j, b) in all.iter().enumerate() {
            let want = if i < 11 || j < 11 {
                i.cmp(&j)
            } else {
                // 7 and 2.5 are both numbers: 2.5 < 7.
                match (i, j) {
                    (11, 12) => Greater,
                    (12, 11) => Less,
                    _ => i.cmp(&j),
                }
            };
            assert_eq!(a.order_cmp(b), want, "order of {a} and {b}");
        }
    }
}

#[test]
fn orderability_within_types() {
    // Numbers mixed: 1 < 1.5 < 2; -0.0 and 0 tie.
    assert_eq!(int(1).order_cmp(&float(1.5)), Less);
    assert_eq!(float(1.5).order_cmp(&int(2)), Less);
    assert_eq!(float(-0.0).order_cmp(&int(0)), Equal);
    assert_eq!(float(f64::INFINITY).order_cmp(&float(f64::NAN)), Less);
    // Manual: [1, 'foo', 3] < [1, 2, 'bar'] because 'foo' < 2 in orderability.
    assert_eq!(
        list(vec![int(1), s("foo"), int(3)]).order_cmp(&list(vec![int(1), int(2), s("bar")])),
        Less
    );
    // Manual: [1, 'foo'] < [1, 'foo', 3] and [1] < [1, null].
    assert_eq!(
        list(vec![int(1), s("foo")]).order_cmp(&list(vec![int(1), s("foo"), int(3)])),
        Less
    );
    assert_eq!(
        list(vec![int(1)]).order_cmp(&list(vec![int(1), Value::Null])),
        Less
    );
    // Manual: maps by size, then keys, then values.
    assert_eq!(
        map(&[("a", int(1))]).order_cmp(&map(&[("a", int(0)), ("b", s("foo"))])),
        Less
    );
    assert_eq!(
        map(&[("b", int(100)), ("a", s("foo"))])
            .order_cmp(&map(&[("a", s("")), ("c", Value::Null)])),
        Less
    );
    assert_eq!(
        map(&[("b", int(100)), ("a", s("foo"))])
            .order_cmp(&map(&[("a", s("foo")), ("b", Value::Null)])),
        Less
    );
    // Paths element by element, prefix first.
    let short = path(
        vec![node_value(1, &[], &[]), node_value(2, &[], &[])],
        vec![rel_value(5, "A", 1, 2, &[])],
    );
    let long = path(
        vec![
            node_value(1, &[], &[]),
            node_value(2, &[], &[]),
            node_value(3, &[], &[]),
        ],
        vec![rel_value(5, "A", 1, 2, &[]), rel_value(6, "A", 2, 3, &[])],
    );
    let other_rel = path(
        vec![node_value(1, &[], &[]), node_value(2, &[], &[])],
        vec![rel_value(4, "B", 1, 2, &[])],
    );
    assert_eq!(short.order_cmp(&long), Less);
    assert_eq!(other_rel.order_cmp(&short), Less);
    // Durations: P1M (30.436875 days) is longer than P30D; P1D ties PT24H
    // in length but they are different values, so they must not order equal.
    assert_eq!(
        duration(1, 0, 0, 0).order_cmp(&duration(0, 30, 0, 0)),
        Greater
    );
    assert_eq!(duration(1, 0, 0, 0).order_cmp(&duration(0, 31, 0, 0)), Less);
    assert_ne!(
        duration(0, 1, 0, 0).order_cmp(&duration(0, 0, 86_400, 0)),
        Equal
    );
    assert_eq!(node(3, &[], &[]).order_cmp(&node(4, &[], &[])), Less);
    assert_eq!(Value::Boolean(false).order_cmp(&Value::Boolean(true)), Less);
}

#[test]
fn equivalence() {
    assert!(Value::Null.equivalent(&Value::Null));
    assert!(float(f64::NAN).equivalent(&float(f64::NAN)));
    assert!(int(1).equivalent(&float(1.0)));
    assert!(float(-0.0).equivalent(&float(0.0)));
    assert!(list(vec![int(1), Value::Null]).equivalent(&list(vec![float(1.0), Value::Null])));
    assert!(map(&[("a", Value::Null)]).equivalent(&map(&[("a", Value::Null)])));
    assert!(!int(1).equivalent(&s("1")));
    assert!(!int(1).equivalent(&Value::Null));
    assert!(!map(&[("a", Value::Null)]).equivalent(&map(&[])));
    assert!(node(1, &["A"], &[]).equivalent(&node(1, &["A"], &[])));
    assert!(!node(1, &["A"], &[]).equivalent(&node(2, &["A"], &[])));
    assert!(!datetime(2020, 1, 1, 10, 0, 3600).equivalent(&datetime(2020, 1, 1, 9, 0, 0)));
}

#[test]
fn orderable_groups_by_equivalence() {
    let keys: BTreeSet<Orderable> = [
        int(1),
        float(1.0),
        Value::Null,
        Value::Null,
        float(f64::NAN),
        float(f64::NAN),
        s("1"),
    ]
    .into_iter()
    .map(Orderable)
    .collect();
    assert_eq!(keys.len(), 4);
}

#[test]
fn min_and_max_pick_the_same_one_of_tied_values_in_any_order() {
    use Value::{Float, Integer, List};
    let pick = |values: &[Value]| {
        let min = values.iter().min_by(|a, b| a.min_order(b)).cloned();
        let max = values.iter().max_by(|a, b| a.max_order(b)).cloned();
        (min, max)
    };
    for (a, b, winner) in [
        (Integer(0), Float(0.0), Integer(0)),
        (Float(0.0), Float(-0.0), Float(-0.0)),
        // "[1.0]" sorts before "[1]": the point is one answer, not a pretty one.
        (
            List(vec![Integer(1)]),
            List(vec![Float(1.0)]),
            List(vec![Float(1.0)]),
        ),
    ] {
        for order in [[a.clone(), b.clone()], [b.clone(), a.clone()]] {
            let (min, max) = pick(&order);
            assert!(
                min.as_ref().is_some_and(|m| same(m, &winner)),
                "{order:?}: {min:?}"
            );
            assert!(
                max.as_ref().is_some_and(|m| same(m, &winner)),
                "{order:?}: {max:?}"
            );
        }
    }
    // Values that do not tie keep orderability's answer.
    assert_eq!(
        pick(&[Integer(2), Float(1.5)]),
        (Some(Float(1.5)), Some(Integer(2)))
    );
}

/// Equal and of the same type (`Float(-0.0) == Float(0.0)` in Rust).
fn same(a: &Value, b: &Value) -> bool {
    format!("{a:?}") == format!("{b:?}")
}
