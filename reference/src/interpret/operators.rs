//! The infix and prefix operators on evaluated values: arithmetic with
//! overflow checks, comparisons and boolean connectives in three-valued
//! logic (via `model::value`), `IN` and the string predicates.

use std::cmp::Ordering;

use model::ast::{BinaryOp, UnaryOp};
use model::engine::EngineError;
use model::error::{ErrorKind, Operation};
use model::value::{Truth, Value, and3, not3, or3, xor3};

use super::scope::type_error;

/// A value used as a predicate: booleans and null; anything else is an error.
pub(crate) fn truth(v: &Value, operation: Operation) -> Result<Truth, EngineError> {
    match v {
        Value::Boolean(b) => Ok(Some(*b)),
        Value::Null => Ok(None),
        other => Err(type_error(operation, &[other])),
    }
}

/// A truth value as a Cypher value.
pub(crate) fn from_truth(t: Truth) -> Value {
    t.map_or(Value::Null, Value::Boolean)
}

/// Applies a prefix operator.
pub(crate) fn unary(op: UnaryOp, v: Value) -> Result<Value, EngineError> {
    match (op, v) {
        (UnaryOp::Not, v) => Ok(from_truth(not3(truth(&v, Operation::Unary(op))?))),
        (_, Value::Null) => Ok(Value::Null),
        (UnaryOp::Negate, Value::Integer(i)) => i
            .checked_neg()
            .map(Value::Integer)
            .ok_or_else(|| EngineError::of(ErrorKind::IntegerOverflow(Operation::Unary(op)))),
        (UnaryOp::Negate, Value::Float(f)) => Ok(Value::Float(-f)),
        (UnaryOp::Plus, v @ (Value::Integer(_) | Value::Float(_))) => Ok(v),
        (UnaryOp::Negate | UnaryOp::Plus, v) => Err(type_error(Operation::Unary(op), &[&v])),
    }
}

/// Applies an infix operator to evaluated operands. The caller evaluates
/// both sides first, also for `AND`/`OR`/`XOR` (no short-circuit), so an
/// error on either side is reported whatever the other side's value.
pub(crate) fn binary(op: BinaryOp, a: Value, b: Value) -> Result<Value, EngineError> {
    match op {
        BinaryOp::Add => add(a, b),
        BinaryOp::Subtract => arithmetic(op, a, b, i64::checked_sub, |x, y| x - y),
        BinaryOp::Multiply => arithmetic(op, a, b, i64::checked_mul, |x, y| x * y),
        BinaryOp::Divide => divide(op, a, b, i64::checked_div, |x, y| x / y),
        BinaryOp::Modulo => divide(op, a, b, i64::checked_rem, |x, y| x % y),
        BinaryOp::Power => power(a, b),
        BinaryOp::Equal => Ok(from_truth(a.cypher_equals(&b))),
        BinaryOp::NotEqual => Ok(from_truth(not3(a.cypher_equals(&b)))),
        BinaryOp::Less => Ok(compare(&a, &b, Ordering::is_lt)),
        BinaryOp::LessEqual => Ok(compare(&a, &b, Ordering::is_le)),
        BinaryOp::Greater => Ok(compare(&a, &b, Ordering::is_gt)),
        BinaryOp::GreaterEqual => Ok(compare(&a, &b, Ordering::is_ge)),
        BinaryOp::And | BinaryOp::Or | BinaryOp::Xor => {
            let connective = match op {
                BinaryOp::And => and3,
                BinaryOp::Or => or3,
                _ => xor3,
            };
            let operation = Operation::Binary(op);
            Ok(from_truth(connective(
                truth(&a, operation.clone())?,
                truth(&b, operation)?,
            )))
        }
        BinaryOp::In => is_in(a, b),
        BinaryOp::StartsWith => Ok(string_predicate(&a, &b, |s, t| s.starts_with(t))),
        BinaryOp::EndsWith => Ok(string_predicate(&a, &b, |s, t| s.ends_with(t))),
        BinaryOp::Contains => Ok(string_predicate(&a, &b, |s, t| s.contains(t))),
    }
}

fn compare(a: &Value, b: &Value, test: fn(Ordering) -> bool) -> Value {
    // Null or incomparable types: null (Q3); NaN against a number: false
    // (openCypher TCK Comparison2), which `cypher_comparison` tells apart.
    from_truth(a.cypher_comparison(b).holds(test))
}

fn string_predicate(a: &Value, b: &Value, test: fn(&str, &str) -> bool) -> Value {
    match (a, b) {
        (Value::String(s), Value::String(t)) => Value::Boolean(test(s, t)),
        _ => Value::Null,
    }
}

/// `x IN list`: true if some element equals x; otherwise null if some
/// comparison was null; otherwise false.
fn is_in(x: Value, list: Value) -> Result<Value, EngineError> {
    let items = match list {
        Value::Null => return Ok(Value::Null),
        Value::List(items) => items,
        other => return Err(type_error(Operation::Binary(BinaryOp::In), &[&x, &other])),
    };
    let mut result = Some(false);
    for item in &items {
        result = or3(result, x.cypher_equals(item));
    }
    Ok(from_truth(result))
}

fn add(a: Value, b: Value) -> Result<Value, EngineError> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::String(s), Value::String(t)) => Ok(Value::String(s + &t)),
        // Neo4j concatenates a string with a number or boolean in either
        // order, using the other operand's toString().
        (Value::String(s), x @ (Value::Integer(_) | Value::Float(_) | Value::Boolean(_))) => {
            Ok(Value::String(s + &x.to_cypher_string().unwrap_or_default()))
        }
        (x @ (Value::Integer(_) | Value::Float(_) | Value::Boolean(_)), Value::String(t)) => {
            Ok(Value::String(x.to_cypher_string().unwrap_or_default() + &t))
        }
        (Value::List(mut l), Value::List(m)) => {
            l.extend(m);
            Ok(Value::List(l))
        }
        (Value::List(mut l), x) => {
            l.push(x);
            Ok(Value::List(l))
        }
        (x, Value::List(l)) => {
            let mut out = Vec::with_capacity(l.len() + 1);
            out.push(x);
            out.extend(l);
            Ok(Value::List(out))
        }
        (a, b) => arithmetic(BinaryOp::Add, a, b, i64::checked_add, |x, y| x + y),
    }
}

/// Numeric operators: integer with overflow check, float otherwise
/// (an integer operand widens).
fn arithmetic(
    op: BinaryOp,
    a: Value,
    b: Value,
    int: fn(i64, i64) -> Option<i64>,
    float: fn(f64, f64) -> f64,
) -> Result<Value, EngineError> {
    match (&a, &b) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::Integer(x), Value::Integer(y)) => int(*x, *y)
            .map(Value::Integer)
            .ok_or_else(|| EngineError::of(ErrorKind::IntegerOverflow(Operation::Binary(op)))),
        _ => match (as_float(&a), as_float(&b)) {
            (Some(x), Some(y)) => Ok(Value::Float(float(x, y))),
            _ => Err(type_error(Operation::Binary(op), &[&a, &b])),
        },
    }
}

/// `/` and `%`: an integer zero divisor is an error; floats follow IEEE.
fn divide(
    op: BinaryOp,
    a: Value,
    b: Value,
    int: fn(i64, i64) -> Option<i64>,
    float: fn(f64, f64) -> f64,
) -> Result<Value, EngineError> {
    if let (Value::Integer(_), Value::Integer(0)) = (&a, &b) {
        return Err(EngineError::of(ErrorKind::DivisionByZero(
            Operation::Binary(op),
        )));
    }
    arithmetic(op, a, b, int, float)
}

/// `^` always yields a float, as in Cypher.
fn power(a: Value, b: Value) -> Result<Value, EngineError> {
    match (&a, &b) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        _ => match (as_float(&a), as_float(&b)) {
            (Some(x), Some(y)) => Ok(Value::Float(x.powf(y))),
            _ => Err(type_error(Operation::Binary(BinaryOp::Power), &[&a, &b])),
        },
    }
}

fn as_float(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}
