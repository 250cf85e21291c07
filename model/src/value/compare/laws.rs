//! Property tests: orderability is a total order, and equality, equivalence
//! and comparability agree with it wherever the rules say they must.

use std::cmp::Ordering;

use proptest::prelude::*;

use super::super::test_support::*;
use super::*;

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Boolean),
        (-2i64..3).prop_map(int),
        prop::sample::select(vec![
            -0.0,
            0.0,
            1.0,
            1.5,
            -2.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY
        ])
        .prop_map(float),
        prop::sample::select(vec!["", "a", "b", "ab", "B"]).prop_map(s),
        (1u32..3).prop_map(|d| date(2020, 1, d)),
        // 10:00+01:00 and 09:00Z are the same instant with different offsets.
        prop::sample::select(vec![(10, 3600), (9, 0), (10, 0)])
            .prop_map(|(h, off)| datetime(2020, 1, 1, h, 0, off)),
        (0i64..2, 0i64..31, 0i64..2).prop_map(|(m, d, sec)| duration(m, d, sec * 86_400, 0)),
        (1u64..3).prop_map(|id| node(id, &["A"], &[])),
        (1u64..3).prop_map(|id| rel(id, "T", 1, 2, &[])),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(list),
            prop::collection::btree_map(prop::sample::select(vec!["a", "b"]), inner, 0..3)
                .prop_map(|m| Value::Map(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

proptest! {
    #[test]
    fn order_is_antisymmetric(a in value(), b in value()) {
        prop_assert_eq!(a.order_cmp(&b), b.order_cmp(&a).reverse());
        prop_assert_eq!(a.order_cmp(&a), Ordering::Equal);
    }

    #[test]
    fn order_is_transitive(a in value(), b in value(), c in value()) {
        let mut v = [a, b, c];
        v.sort_by(Value::order_cmp);
        let [x, y, z] = &v;
        prop_assert_ne!(x.order_cmp(y), Ordering::Greater);
        prop_assert_ne!(y.order_cmp(z), Ordering::Greater);
        prop_assert_ne!(x.order_cmp(z), Ordering::Greater);
        if x.order_cmp(y) == Ordering::Equal && y.order_cmp(z) == Ordering::Equal {
            prop_assert!(x.equivalent(z));
        }
    }

    #[test]
    fn equality_is_symmetric_and_implies_equivalence(a in value(), b in value()) {
        prop_assert_eq!(a.cypher_equals(&b), b.cypher_equals(&a));
        if a.cypher_equals(&b) == Some(true) {
            prop_assert!(a.equivalent(&b));
        }
    }

    #[test]
    fn comparability_agrees_with_orderability(a in value(), b in value()) {
        match a.cypher_comparison(&b) {
            Comparison::Ordered(o) => {
                prop_assert_eq!(a.order_cmp(&b), o);
                prop_assert_eq!(b.cypher_comparison(&a), Comparison::Ordered(o.reverse()));
            }
            other => prop_assert_eq!(b.cypher_comparison(&a), other),
        }
    }
}
