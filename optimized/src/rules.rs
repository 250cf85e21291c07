//! Property rules evaluated column-wise (docs/spec/semantics.md section 4): for each
//! rule, the bitmap of elements where its predicate is TRUE. Cypher's
//! three-valued logic decides (Q3): a missing key is null, null and
//! incomparable types give null, and a rule applies only where the predicate
//! is TRUE, so null never grants and never denies. Value comparison is
//! model's, shared by both engines.

use std::cmp::Ordering;

use roaring::RoaringBitmap;

use model::catalog::{RuleOp, RulePredicate};
use model::value::{Truth, Value, not3, or3};

use crate::columns::Columns;
use crate::dense::Dense;
use crate::policy::{ElementKind, Rule};

/// The elements where `rule` applies: those of its kind carrying its token
/// (if any) whose stored value makes the predicate TRUE.
pub fn rule_elements(columns: &Columns, rule: &Rule) -> RoaringBitmap {
    let (table, count, tokens) = match rule.kind {
        ElementKind::Node => (
            &columns.node_properties,
            columns.node_count(),
            rule.token.and_then(|t| columns.label_nodes(t)),
        ),
        ElementKind::Relationship => (
            &columns.rel_properties,
            columns.rel_count(),
            rule.token.and_then(|t| columns.type_rels(t)),
        ),
    };
    let truth = |value: &Value| {
        let t = predicate_truth(&rule.predicate, value);
        if rule.negated { not3(t) } else { t }
    };
    // A missing key is null (Q3): `IS NULL` and `NOT ... IS NOT NULL` hold
    // on every element without it.
    let on_missing = applies(truth(&Value::Null));
    let column = table.column(rule.key);
    let mut holds = if on_missing {
        Dense::full(count)
    } else {
        Dense::empty(count)
    };
    if let Some(column) = column {
        if on_missing {
            holds.remove_bitmap(&column.presence);
        }
        // Only stored values are judged, and only on elements carrying the
        // rule's token when it has one; the dense set collects them faster
        // than inserting into a compressed bitmap one by one.
        let with_token;
        let candidates = match (rule.token, tokens) {
            (Some(_), Some(carrying)) => {
                with_token = &column.presence & carrying;
                &with_token
            }
            _ => &column.presence,
        };
        holds.insert_where(candidates, |p| {
            column.stored(p).is_some_and(|v| applies(truth(v.as_ref())))
        });
    }
    let mut out = holds.to_bitmap();
    if rule.token.is_some() {
        match tokens {
            Some(with_token) => out &= with_token,
            None => out.clear(),
        }
    }
    out
}

/// Whether a predicate's truth makes its rule apply: only TRUE does (Q3).
fn applies(truth: Truth) -> bool {
    #[cfg(feature = "plant")]
    if crate::plant::active(crate::plant::Plant::NullRuleApplies) {
        return truth != Some(false);
    }
    truth == Some(true)
}

/// The predicate's truth on one stored value (`Value::Null` when missing).
pub fn predicate_truth(predicate: &RulePredicate, value: &Value) -> Truth {
    match predicate {
        RulePredicate::Compare(op, constant) => compare(*op, value, constant),
        RulePredicate::IsNull => Some(value.is_null()),
        RulePredicate::IsNotNull => Some(!value.is_null()),
        RulePredicate::InList(items) => membership(value, items),
        // Decision: `v IN n.k` on a stored value that is not a list is null.
        RulePredicate::Contains(constant) => match value {
            Value::List(items) => membership(constant, items),
            _ => None,
        },
    }
}

/// `value <op> constant`. Decision (Q3): `=` and `<>` are Cypher's equality,
/// so different types are unequal; only the ordering operators give null on
/// incomparable types.
fn compare(op: RuleOp, value: &Value, constant: &Value) -> Truth {
    let ordered = |accept: fn(Ordering) -> bool| value.cypher_comparison(constant).holds(accept);
    match op {
        RuleOp::Equal => value.cypher_equals(constant),
        RuleOp::NotEqual => not3(value.cypher_equals(constant)),
        RuleOp::Less => ordered(Ordering::is_lt),
        RuleOp::LessEqual => ordered(Ordering::is_le),
        RuleOp::Greater => ordered(Ordering::is_gt),
        RuleOp::GreaterEqual => ordered(Ordering::is_ge),
    }
}

/// Cypher's `x IN list`: false for an empty list, otherwise true when some
/// item equals x, else null when some comparison was null, else false.
fn membership(x: &Value, items: &[Value]) -> Truth {
    // A loop, not `try_fold`: a null does not end the search, a later match
    // still makes it true.
    let mut found = Some(false);
    for item in items {
        found = or3(found, x.cypher_equals(item));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Truth = Some(true);
    const F: Truth = Some(false);
    const N: Truth = None;

    fn int(i: i64) -> Value {
        Value::Integer(i)
    }

    #[test]
    fn comparisons_follow_q3_and_the_decision_on_types() {
        let eq = RulePredicate::Compare(RuleOp::Equal, int(1));
        assert_eq!(predicate_truth(&eq, &int(1)), T);
        assert_eq!(predicate_truth(&eq, &Value::Float(1.0)), T);
        assert_eq!(predicate_truth(&eq, &int(2)), F);
        assert_eq!(predicate_truth(&eq, &Value::String("1".into())), F);
        assert_eq!(predicate_truth(&eq, &Value::Null), N);
        let ne = RulePredicate::Compare(RuleOp::NotEqual, int(1));
        assert_eq!(predicate_truth(&ne, &Value::String("1".into())), T);
        assert_eq!(predicate_truth(&ne, &Value::Null), N);
        let gt = RulePredicate::Compare(RuleOp::Greater, int(1));
        assert_eq!(predicate_truth(&gt, &int(2)), T);
        assert_eq!(predicate_truth(&gt, &int(1)), F);
        assert_eq!(predicate_truth(&gt, &Value::String("x".into())), N);
        assert_eq!(predicate_truth(&gt, &Value::Float(f64::NAN)), F);
        let le = RulePredicate::Compare(RuleOp::LessEqual, int(1));
        assert_eq!(predicate_truth(&le, &int(1)), T);
    }

    #[test]
    fn null_tests_and_lists() {
        assert_eq!(predicate_truth(&RulePredicate::IsNull, &Value::Null), T);
        assert_eq!(predicate_truth(&RulePredicate::IsNull, &int(0)), F);
        assert_eq!(predicate_truth(&RulePredicate::IsNotNull, &int(0)), T);
        let in_list = RulePredicate::InList(vec![int(1), int(2)]);
        assert_eq!(predicate_truth(&in_list, &int(2)), T);
        assert_eq!(predicate_truth(&in_list, &int(3)), F);
        assert_eq!(predicate_truth(&in_list, &Value::Null), N);
        assert_eq!(
            predicate_truth(&RulePredicate::InList(vec![]), &Value::Null),
            F
        );
        let contains = RulePredicate::Contains(int(2));
        assert_eq!(
            predicate_truth(&contains, &Value::List(vec![int(1), int(2)])),
            T
        );
        assert_eq!(predicate_truth(&contains, &Value::List(vec![int(1)])), F);
        assert_eq!(predicate_truth(&contains, &int(2)), N, "not a list");
        assert_eq!(predicate_truth(&contains, &Value::Null), N);
    }
}
