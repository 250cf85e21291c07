//! Aggregates: finding aggregate calls inside projection items, computing
//! each over a group's rows, and substituting the results so that the rest
//! of the item evaluates as an ordinary expression.

use std::cmp::Ordering;

use model::ast::Expr;
use model::engine::EngineError;
use model::error::{ErrorKind, Operation};
use model::functions::Aggregate;
use model::value::Value;

use super::expr::eval;
use super::scope::{Ctx, Row, internal};

/// `e` with every aggregate call replaced by its value over `group`. Each
/// call is known by the id the parser gave it, so two calls written alike
/// are still computed apart.
pub(crate) fn substitute(ctx: &Ctx<'_>, e: &Expr, group: &[Row]) -> Result<Expr, EngineError> {
    let mut computed = Vec::new();
    for call in e.aggregate_calls() {
        if let Expr::Aggregate { id, .. } = call {
            computed.push((*id, compute(ctx, call, group)?));
        }
    }
    Ok(e.rewrite(&|x: &Expr| match x {
        Expr::Aggregate { id, .. } => computed
            .iter()
            .find(|(computed_id, _)| computed_id == id)
            .map(|(_, v)| Expr::Literal(v.clone())),
        _ => None,
    }))
}

/// The value of one aggregate call over `group`.
fn compute(ctx: &Ctx<'_>, call: &Expr, group: &[Row]) -> Result<Value, EngineError> {
    let Expr::Aggregate {
        aggregate,
        distinct,
        arg,
        ..
    } = call
    else {
        return Err(internal("not an aggregate call"));
    };
    let Some(arg) = arg else {
        // count(*): V2, the rows of the user's smaller graph.
        return count(group.len());
    };
    // Every aggregate skips nulls.
    let mut values = Vec::with_capacity(group.len());
    for row in group {
        let v = eval(ctx, row, arg)?;
        if !matches!(v, Value::Null) {
            values.push(v);
        }
    }
    if *distinct {
        let mut unique: Vec<Value> = Vec::with_capacity(values.len());
        for v in values {
            if !unique.iter().any(|u| u.equivalent(&v)) {
                unique.push(v);
            }
        }
        values = unique;
    }
    match aggregate {
        Aggregate::Count => count(values.len()),
        Aggregate::Collect => ctx.meter.value(Value::List(values)),
        Aggregate::Sum => sum(&values),
        Aggregate::Avg => avg(&values),
        Aggregate::Min => Ok(extreme(values, Value::min_order, Ordering::Less)),
        Aggregate::Max => Ok(extreme(values, Value::max_order, Ordering::Greater)),
    }
}

fn count(n: usize) -> Result<Value, EngineError> {
    i64::try_from(n).map(Value::Integer).map_err(|_| {
        EngineError::of(ErrorKind::IntegerOverflow(Operation::Aggregate(
            Aggregate::Count,
        )))
    })
}

/// The error of `aggregate` over a value that is not a number.
fn not_a_number(aggregate: Aggregate, v: &Value) -> EngineError {
    EngineError::of(ErrorKind::TypeMismatch {
        operation: Operation::Aggregate(aggregate),
        types: vec![v.type_name()],
    })
}

/// `sum`: integers stay integers (overflow is an error) until a float
/// appears; the empty sum is the integer 0.
fn sum(values: &[Value]) -> Result<Value, EngineError> {
    let mut acc = Value::Integer(0);
    for v in values {
        acc = match (acc, v) {
            (Value::Integer(a), Value::Integer(b)) => {
                a.checked_add(*b).map(Value::Integer).ok_or_else(|| {
                    EngineError::of(ErrorKind::IntegerOverflow(Operation::Aggregate(
                        Aggregate::Sum,
                    )))
                })?
            }
            (Value::Integer(a), Value::Float(b)) => Value::Float(a as f64 + b),
            (Value::Float(a), Value::Integer(b)) => Value::Float(a + *b as f64),
            (Value::Float(a), Value::Float(b)) => Value::Float(a + b),
            (_, other) => return Err(not_a_number(Aggregate::Sum, other)),
        };
    }
    Ok(acc)
}

/// `avg`: a float, null over no values.
fn avg(values: &[Value]) -> Result<Value, EngineError> {
    if values.is_empty() {
        return Ok(Value::Null);
    }
    let mut total = 0.0;
    for v in values {
        total += match v {
            Value::Integer(i) => *i as f64,
            Value::Float(f) => *f,
            other => return Err(not_a_number(Aggregate::Avg, other)),
        };
    }
    Ok(Value::Float(total / values.len() as f64))
}

/// `min` (`want == Less`) or `max` (`Greater`) under `order`, which
/// breaks orderability's ties (decision); a value replaces the best so far
/// only when it is strictly better.
fn extreme(values: Vec<Value>, order: fn(&Value, &Value) -> Ordering, want: Ordering) -> Value {
    let mut best: Option<Value> = None;
    for v in values {
        best = match best {
            Some(b) if order(&v, &b) != want => Some(b),
            _ => Some(v),
        };
    }
    best.unwrap_or(Value::Null)
}
