//! Property-rule predicates (docs/spec/semantics.md section 4): evaluated with
//! Cypher's three-valued logic on the element's stored values (Q3).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use model::catalog::{PropertyRule, RuleOp, RulePredicate};
use model::value::{Truth, Value, not3};

/// Q3: the rule's value on an element with `stored` properties, whether or
/// not the user may read the key. A missing key is null.
pub fn rule_value(rule: &PropertyRule, stored: &BTreeMap<String, Value>) -> Truth {
    let value = stored.get(&rule.key).unwrap_or(&Value::Null);
    let plain = predicate_value(&rule.predicate, value);
    // Q1: `NOT` in front of the predicate.
    if rule.negated { not3(plain) } else { plain }
}

/// Q1's forms on the stored `value` (null when missing).
fn predicate_value(predicate: &RulePredicate, value: &Value) -> Truth {
    match predicate {
        RulePredicate::Compare(op, constant) => compare(*op, value, constant),
        RulePredicate::IsNull => Some(*value == Value::Null),
        RulePredicate::IsNotNull => Some(*value != Value::Null),
        RulePredicate::InList(list) => member(value, list),
        // `v IN n.k`. **Decision** (the spec is silent): a stored value that
        // is not a list, where Cypher would raise a type error, gives null,
        // so the rule does not apply.
        RulePredicate::Contains(constant) => match value {
            Value::List(items) => member(constant, items),
            _ => None,
        },
    }
}

/// `value <op> constant`. Equality follows Cypher's `=` (values of
/// different types are unequal); ordering comparisons are null when either
/// side is null or the types are not comparable (Q3), and false with a
/// stored NaN, as Cypher's comparison operators are.
fn compare(op: RuleOp, value: &Value, constant: &Value) -> Truth {
    let ordered = |test: fn(Ordering) -> bool| value.cypher_comparison(constant).holds(test);
    match op {
        RuleOp::Equal => value.cypher_equals(constant),
        RuleOp::NotEqual => not3(value.cypher_equals(constant)),
        RuleOp::Less => ordered(Ordering::is_lt),
        RuleOp::LessEqual => ordered(Ordering::is_le),
        RuleOp::Greater => ordered(Ordering::is_gt),
        RuleOp::GreaterEqual => ordered(Ordering::is_ge),
    }
}

/// Cypher's `x IN list`: TRUE if some element equals x; otherwise null if
/// some comparison was null (x null and the list not empty, for instance);
/// otherwise FALSE.
fn member(x: &Value, list: &[Value]) -> Truth {
    let comparisons: Vec<Truth> = list.iter().map(|item| x.cypher_equals(item)).collect();
    if comparisons.contains(&Some(true)) {
        Some(true)
    } else if comparisons.contains(&None) {
        None
    } else {
        Some(false)
    }
}
