//! Cypher's operators over values: arithmetic with overflow and division
//! errors, concatenation (decision: `string + number` concatenates the
//! number's `toString()`), comparisons and predicates in three-valued logic
//! (Q3) using the shared value semantics of `model::value`. Every error is
//! a typed kind naming the operator and the operands' types in operand
//! order.

use std::cmp::Ordering;

use model::ast::{BinaryOp, UnaryOp};
use model::engine::EngineError;
use model::error::{ErrorKind, Operation};
use model::value::{Truth, Value, and3, not3, or3, xor3};

/// The type-mismatch error of `operation` applied to `values`, their type
/// names in operand order.
pub fn type_error(operation: Operation, values: &[&Value]) -> EngineError {
    EngineError::of(ErrorKind::TypeMismatch {
        operation,
        types: values.iter().map(|v| v.type_name()).collect(),
    })
}

/// A truth value as a Cypher value.
pub fn truth(t: Truth) -> Value {
    t.map_or(Value::Null, Value::Boolean)
}

/// A value as a truth value for `operation` (a connective, `NOT`, a
/// condition); anything but a boolean or null is a type error.
pub fn as_truth(v: &Value, operation: Operation) -> Result<Truth, EngineError> {
    match v {
        Value::Null => Ok(None),
        Value::Boolean(b) => Ok(Some(*b)),
        other => Err(type_error(operation, &[other])),
    }
}

fn overflow(op: BinaryOp) -> EngineError {
    EngineError::of(ErrorKind::IntegerOverflow(Operation::Binary(op)))
}

/// Applies a binary operator to two evaluated operands (AND/OR/XOR too:
/// expressions have no side effects, so both sides are always evaluated).
pub fn binary(op: BinaryOp, a: &Value, b: &Value) -> Result<Value, EngineError> {
    use BinaryOp as B;
    match op {
        B::And | B::Or | B::Xor => {
            let connective = match op {
                B::And => and3,
                B::Or => or3,
                _ => xor3,
            };
            let operation = Operation::Binary(op);
            Ok(truth(connective(
                as_truth(a, operation.clone())?,
                as_truth(b, operation)?,
            )))
        }
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
        B::Subtract => arithmetic(op, a, b, i64::checked_sub, |x, y| x - y),
        B::Multiply => arithmetic(op, a, b, i64::checked_mul, |x, y| x * y),
        B::Divide => divide(op, a, b, i64::checked_div, |x, y| x / y),
        B::Modulo => divide(op, a, b, i64::checked_rem, |x, y| x % y),
        B::Power => power(a, b),
    }
}

/// `<`, `<=`, `>`, `>=`: null when either side is null or the types are
/// not comparable (Q3); FALSE when a NaN decides, also the first deciding
/// element pair of two lists (openCypher TCK Comparison2, docs/spec/
/// semantics.md section 11), which `cypher_comparison` tells apart as
/// `Unordered`.
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
        other => return Err(type_error(Operation::Binary(BinaryOp::In), &[a, other])),
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
        _ => arithmetic(BinaryOp::Add, a, b, i64::checked_add, |x, y| x + y),
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
    op: BinaryOp,
    a: &Value,
    b: &Value,
    int: fn(i64, i64) -> Option<i64>,
    float: fn(f64, f64) -> f64,
) -> Result<Value, EngineError> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::Integer(x), Value::Integer(y)) => {
            int(*x, *y).map(Value::Integer).ok_or_else(|| overflow(op))
        }
        (Value::Integer(x), Value::Float(y)) => Ok(Value::Float(float(*x as f64, *y))),
        (Value::Float(x), Value::Integer(y)) => Ok(Value::Float(float(*x, *y as f64))),
        (Value::Float(x), Value::Float(y)) => Ok(Value::Float(float(*x, *y))),
        _ => Err(type_error(Operation::Binary(op), &[a, b])),
    }
}

/// `/` and `%`: an integer zero divisor is an error (floats follow IEEE);
/// `i64::MIN / -1` overflows.
fn divide(
    op: BinaryOp,
    a: &Value,
    b: &Value,
    int: fn(i64, i64) -> Option<i64>,
    float: fn(f64, f64) -> f64,
) -> Result<Value, EngineError> {
    if let (Value::Integer(_), Value::Integer(0)) = (a, b) {
        return Err(EngineError::of(ErrorKind::DivisionByZero(
            Operation::Binary(op),
        )));
    }
    arithmetic(op, a, b, int, float)
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
            _ => Err(type_error(Operation::Binary(BinaryOp::Power), &[a, b])),
        },
    }
}

/// A prefix operator: `NOT` in three-valued logic, `-` with overflow,
/// `+` on numbers; null stays null.
pub fn unary(op: UnaryOp, v: &Value) -> Result<Value, EngineError> {
    let operation = Operation::Unary(op);
    match (op, v) {
        (UnaryOp::Not, v) => Ok(truth(not3(as_truth(v, operation)?))),
        (_, Value::Null) => Ok(Value::Null),
        (UnaryOp::Negate, Value::Integer(i)) => i
            .checked_neg()
            .map(Value::Integer)
            .ok_or_else(|| EngineError::of(ErrorKind::IntegerOverflow(operation))),
        (UnaryOp::Negate, Value::Float(f)) => Ok(Value::Float(-f)),
        (UnaryOp::Plus, Value::Integer(_) | Value::Float(_)) => Ok(v.clone()),
        (UnaryOp::Negate | UnaryOp::Plus, other) => Err(type_error(operation, &[other])),
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
        assert_eq!(
            binary(BinaryOp::Modulo, &i(1), &i(0)),
            Err(EngineError::of(ErrorKind::DivisionByZero(
                Operation::Binary(BinaryOp::Modulo)
            )))
        );
        assert_eq!(
            binary(BinaryOp::Divide, &i(i64::MIN), &i(-1)),
            Err(overflow(BinaryOp::Divide))
        );
        assert_eq!(
            binary(BinaryOp::Add, &i(i64::MAX), &i(1)),
            Err(overflow(BinaryOp::Add))
        );
        // Operand types in operand order.
        assert_eq!(
            binary(BinaryOp::Subtract, &s("a"), &i(1)),
            Err(EngineError::of(ErrorKind::TypeMismatch {
                operation: Operation::Binary(BinaryOp::Subtract),
                types: vec!["STRING", "INTEGER"],
            }))
        );
        assert_eq!(
            unary(UnaryOp::Negate, &i(i64::MIN)),
            Err(EngineError::of(ErrorKind::IntegerOverflow(
                Operation::Unary(UnaryOp::Negate)
            )))
        );
        assert_eq!(binary(BinaryOp::Add, &s("a"), &i(1)), Ok(s("a1")));
        assert_eq!(binary(BinaryOp::Power, &i(2), &i(3)), Ok(Value::Float(8.0)));
        assert_eq!(binary(BinaryOp::Add, &i(1), &Value::Null), Ok(Value::Null));
    }

    #[test]
    fn ordering_comparisons_with_nan_are_false() {
        // openCypher TCK Comparison2: NaN against a number is FALSE for
        // every ordering operator, also where it decides between lists;
        // against a non-number it is null like any incomparable pair.
        let nan = Value::Float(f64::NAN);
        let one = Value::Integer(1);
        for op in [
            BinaryOp::Less,
            BinaryOp::LessEqual,
            BinaryOp::Greater,
            BinaryOp::GreaterEqual,
        ] {
            assert_eq!(binary(op, &nan, &one), Ok(Value::Boolean(false)));
            assert_eq!(binary(op, &one, &nan), Ok(Value::Boolean(false)));
            assert_eq!(binary(op, &nan, &nan), Ok(Value::Boolean(false)));
            let left = Value::List(vec![one.clone(), nan.clone()]);
            let right = Value::List(vec![one.clone(), one.clone()]);
            assert_eq!(binary(op, &left, &right), Ok(Value::Boolean(false)));
            assert_eq!(binary(op, &nan, &s("a")), Ok(Value::Null));
        }
        assert_eq!(
            binary(BinaryOp::NotEqual, &nan, &nan),
            Ok(Value::Boolean(true))
        );
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
