//! Cypher's operators over values: arithmetic with overflow and division
//! errors, concatenation (decision: `string + number` concatenates the
//! number's `toString()`), comparisons and predicates in three-valued logic
//! (Q3) using the shared value semantics of `model::value`.

use std::cmp::Ordering;

use model::ast::BinaryOp;
use model::engine::EngineError;
use model::value::{Truth, Value, and3, not3, or3, xor3};

/// A type error naming the operator and operand types.
fn type_error(op: &str, a: &Value, b: &Value) -> EngineError {
    EngineError::new(format!(
        "Type mismatch: cannot apply {op} to {} and {}",
        a.type_name(),
        b.type_name()
    ))
}

/// A truth value as a Cypher value.
pub fn truth(t: Truth) -> Value {
    t.map_or(Value::Null, Value::Boolean)
}

/// A value as a truth value; non-booleans are a type error.
pub fn as_truth(v: &Value) -> Result<Truth, EngineError> {
    match v {
        Value::Null => Ok(None),
        Value::Boolean(b) => Ok(Some(*b)),
        other => Err(EngineError::new(format!(
            "Type mismatch: expected BOOLEAN but was {}",
            other.type_name()
        ))),
    }
}

fn overflow() -> EngineError {
    EngineError::new("integer overflow")
}

/// Applies a binary operator to two evaluated operands (AND/OR/XOR too:
/// expressions have no side effects, so both sides are always evaluated).
pub fn binary(op: BinaryOp, a: &Value, b: &Value) -> Result<Value, EngineError> {
    use BinaryOp as B;
    match op {
        B::And => Ok(truth(and3(as_truth(a)?, as_truth(b)?))),
        B::Or => Ok(truth(or3(as_truth(a)?, as_truth(b)?))),
        B::Xor => Ok(truth(xor3(as_truth(a)?, as_truth(b)?))),
        B::Equal => Ok(truth(a.cypher_equals(b))),
        B::NotEqual => Ok(truth(not3(a.cypher_equals(b)))),
        B::Less => Ok(compare(a, b, |o| o == Ordering::Less)),
        B::LessEqual => Ok(compare(a, b, |o| o != Ordering::Greater)),
        B::Greater => Ok(compare(a, b, |o| o == Ordering::Greater)),
        B::GreaterEqual => Ok(compare(a, b, |o| o != Ordering::Less)),
        B::In => in_list(a, b),
        B::StartsWith => Ok(string_test(a, b, |x, y| x.starts_with(y))),
        B::EndsWith => Ok(string_test(a, b, |x, y| x.ends_with(y))),
        B::Contains => Ok(string_test(a, b, |x, y| x.contains(y))),
        B::Add => add(a, b),
        B::Subtract => arithmetic("-", a, b, i64::checked_sub, |x, y| x - y),
        B::Multiply => arithmetic("*", a, b, i64::checked_mul, |x, y| x * y),
        B::Divide => divide(a, b),
        B::Modulo => modulo(a, b),
        B::Power => power(a, b),
    }
}

fn compare(a: &Value, b: &Value, accept: impl Fn(Ordering) -> bool) -> Value {
    truth(a.cypher_comparison(b).holds(accept))
}

fn string_test(a: &Value, b: &Value, test: impl Fn(&str, &str) -> bool) -> Value {
    match (a, b) {
        (Value::String(x), Value::String(y)) => Value::Boolean(test(x, y)),
        _ => Value::Null,
    }
}

/// `x IN list`: true if some element equals x, else null if some
/// comparison was null, else false.
fn in_list(a: &Value, b: &Value) -> Result<Value, EngineError> {
    let items = match b {
        Value::Null => return Ok(Value::Null),
        Value::List(items) => items,
        other => {
            return Err(EngineError::new(format!(
                "Type mismatch: expected LIST for IN but was {}",
                other.type_name()
            )));
        }
    };
    let mut result = Some(false);
    for item in items {
        result = or3(result, a.cypher_equals(item));
        if result == Some(true) {
            break;
        }
    }
    Ok(truth(result))
}

fn add(a: &Value, b: &Value) -> Result<Value, EngineError> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::List(x), Value::List(y)) => Ok(Value::List(x.iter().chain(y).cloned().collect())),
        (Value::List(x), y) => {
            let mut out = x.clone();
            out.push(y.clone());
            Ok(Value::List(out))
        }
        (x, Value::List(y)) => {
            let mut out = vec![x.clone()];
            out.extend(y.iter().cloned());
            Ok(Value::List(out))
        }
        (Value::String(x), y) if concatenable(y) => Ok(Value::String(format!(
            "{x}{}",
            y.to_cypher_string().unwrap_or_default()
        ))),
        (x, Value::String(y)) if concatenable(x) => Ok(Value::String(format!(
            "{}{y}",
            x.to_cypher_string().unwrap_or_default()
        ))),
        _ => arithmetic("+", a, b, i64::checked_add, |x, y| x + y),
    }
}

/// Operands that concatenate with a string (decision: numbers, booleans
/// and strings, with their `toString()`).
fn concatenable(v: &Value) -> bool {
    matches!(
        v,
        Value::String(_) | Value::Integer(_) | Value::Float(_) | Value::Boolean(_)
    )
}

fn arithmetic(
    op: &str,
    a: &Value,
    b: &Value,
    int: fn(i64, i64) -> Option<i64>,
    float: fn(f64, f64) -> f64,
) -> Result<Value, EngineError> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::Integer(x), Value::Integer(y)) => {
            int(*x, *y).map(Value::Integer).ok_or_else(overflow)
        }
        (Value::Integer(x), Value::Float(y)) => Ok(Value::Float(float(*x as f64, *y))),
        (Value::Float(x), Value::Integer(y)) => Ok(Value::Float(float(*x, *y as f64))),
        (Value::Float(x), Value::Float(y)) => Ok(Value::Float(float(*x, *y))),
        _ => Err(type_error(op, a, b)),
    }
}

fn divide(a: &Value, b: &Value) -> Result<Value, EngineError> {
    match (a, b) {
        (Value::Integer(_), Value::Integer(0)) => Err(EngineError::new("/ by zero")),
        (Value::Integer(x), Value::Integer(y)) => {
            x.checked_div(*y).map(Value::Integer).ok_or_else(overflow)
        }
        _ => arithmetic("/", a, b, i64::checked_div, |x, y| x / y),
    }
}

fn modulo(a: &Value, b: &Value) -> Result<Value, EngineError> {
    match (a, b) {
        (Value::Integer(_), Value::Integer(0)) => Err(EngineError::new("/ by zero")),
        (Value::Integer(x), Value::Integer(y)) => {
            x.checked_rem(*y).map(Value::Integer).ok_or_else(overflow)
        }
        _ => arithmetic("%", a, b, i64::checked_rem, |x, y| x % y),
    }
}

fn power(a: &Value, b: &Value) -> Result<Value, EngineError> {
    let num = |v: &Value| match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    };
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        _ => match (num(a), num(b)) {
            (Some(x), Some(y)) => Ok(Value::Float(x.powf(y))),
            _ => Err(type_error("^", a, b)),
        },
    }
}

/// Unary minus.
pub fn negate(v: &Value) -> Result<Value, EngineError> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Integer(i) => i.checked_neg().map(Value::Integer).ok_or_else(overflow),
        Value::Float(f) => Ok(Value::Float(-f)),
        other => Err(EngineError::new(format!(
            "Type mismatch: cannot negate {}",
            other.type_name()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::String(x.into())
    }

    #[test]
    fn arithmetic_follows_cypher() {
        let i = Value::Integer;
        assert_eq!(binary(BinaryOp::Add, &i(1), &i(2)), Ok(i(3)));
        assert_eq!(binary(BinaryOp::Divide, &i(7), &i(2)), Ok(i(3)));
        assert!(binary(BinaryOp::Divide, &i(1), &i(0)).is_err());
        assert!(binary(BinaryOp::Add, &i(i64::MAX), &i(1)).is_err());
        assert_eq!(binary(BinaryOp::Add, &s("a"), &i(1)), Ok(s("a1")));
        assert_eq!(binary(BinaryOp::Power, &i(2), &i(3)), Ok(Value::Float(8.0)));
        assert_eq!(binary(BinaryOp::Add, &i(1), &Value::Null), Ok(Value::Null));
    }

    #[test]
    fn in_uses_three_valued_logic() {
        let list = Value::List(vec![Value::Integer(1), Value::Null]);
        assert_eq!(
            binary(BinaryOp::In, &Value::Integer(1), &list),
            Ok(Value::Boolean(true))
        );
        assert_eq!(
            binary(BinaryOp::In, &Value::Integer(2), &list),
            Ok(Value::Null)
        );
        let empty = Value::List(vec![]);
        assert_eq!(
            binary(BinaryOp::In, &Value::Null, &empty),
            Ok(Value::Boolean(false))
        );
    }
}
