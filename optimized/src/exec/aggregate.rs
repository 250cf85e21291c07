//! Aggregate functions over a group's rows: `count`, `collect`, `sum`,
//! `min`, `max`, `avg`, each optionally `DISTINCT`; nulls are skipped. V2:
//! a group's rows come from matches over the user's smaller graph only
//! (traversable nodes, visible relationships), so every count and
//! aggregate sees that graph and nothing hidden. Each call is known by the
//! [`AggregateId`] the parser gave it, never by where its `Expr` lives.

use std::collections::{BTreeSet, HashMap};

use model::ast::{AggregateId, Expr};
use model::engine::EngineError;
use model::error::{ErrorKind, Operation};
use model::functions::Aggregate;
use model::value::{Orderable, Value};

use super::eval::{Bound, Evaluator, Row};
use super::operators::type_error;

/// The values of a group's aggregate calls, by call.
pub type Aggregates = HashMap<AggregateId, Value>;

/// Computes every aggregate call of `expr` over `rows` into `into`.
pub fn compute_all(
    ev: &Evaluator<'_, '_>,
    expr: &Expr,
    rows: &[&Row],
    into: &mut Aggregates,
) -> Result<(), EngineError> {
    for call in expr.aggregate_calls() {
        if let Expr::Aggregate { id, .. } = call {
            let value = compute(ev, call, rows)?;
            into.insert(*id, value);
        }
    }
    Ok(())
}

/// Computes aggregate call `expr` over `rows`.
pub fn compute(ev: &Evaluator<'_, '_>, expr: &Expr, rows: &[&Row]) -> Result<Value, EngineError> {
    let Expr::Aggregate {
        aggregate,
        distinct,
        arg,
        ..
    } = expr
    else {
        return Err(EngineError::of(ErrorKind::Internal(
            "an aggregate that is not a call".into(),
        )));
    };
    let Some(arg) = arg else {
        // count(*): V2, the matches in the user's smaller graph.
        return count(rows.len());
    };
    if *aggregate == Aggregate::Count
        && !distinct
        && let Expr::Variable(var) = arg.as_ref()
    {
        // A bound node or relationship is never null: no value is built.
        let mut n = 0usize;
        for row in rows {
            n += match row.get(var) {
                Some(Bound::Node(_) | Bound::Rel(_)) => 1,
                _ => usize::from(!ev.eval(arg, row)?.is_null()),
            };
        }
        return count(n);
    }
    let mut values = Vec::new();
    let mut seen = BTreeSet::new();
    for row in rows {
        let v = ev.eval(arg, row)?;
        if v.is_null() || (*distinct && !seen.insert(Orderable(v.clone()))) {
            continue;
        }
        values.push(v);
    }
    match aggregate {
        Aggregate::Count => count(values.len()),
        Aggregate::Collect => ev.ctx.meter.value(Value::List(values)),
        Aggregate::Sum => sum(&values),
        Aggregate::Avg => avg(&values),
        // Decision (docs/spec/semantics.md section 11): among values that
        // tie in orderability, the one printed first; the orders break
        // every tie between different values, so the pick is the same
        // whichever of min_by / max_by's tie rules applies.
        Aggregate::Min => Ok(values
            .into_iter()
            .min_by(|a, b| a.min_order(b))
            .unwrap_or(Value::Null)),
        Aggregate::Max => Ok(values
            .into_iter()
            .max_by(|a, b| a.max_order(b))
            .unwrap_or(Value::Null)),
    }
}

fn count(n: usize) -> Result<Value, EngineError> {
    i64::try_from(n).map(Value::Integer).map_err(|_| {
        EngineError::of(ErrorKind::IntegerOverflow(Operation::Aggregate(
            Aggregate::Count,
        )))
    })
}

/// Integers sum exactly (overflow is an error); any float makes a float.
fn sum(values: &[Value]) -> Result<Value, EngineError> {
    let mut int: i64 = 0;
    let mut float: Option<f64> = None;
    for v in values {
        match v {
            Value::Integer(i) => match float.as_mut() {
                Some(f) => *f += *i as f64,
                None => {
                    int = int.checked_add(*i).ok_or_else(|| {
                        EngineError::of(ErrorKind::IntegerOverflow(Operation::Aggregate(
                            Aggregate::Sum,
                        )))
                    })?;
                }
            },
            Value::Float(x) => {
                *float.get_or_insert(int as f64) += x;
            }
            other => return Err(type_error(Operation::Aggregate(Aggregate::Sum), &[other])),
        }
    }
    Ok(float.map_or(Value::Integer(int), Value::Float))
}

fn avg(values: &[Value]) -> Result<Value, EngineError> {
    if values.is_empty() {
        return Ok(Value::Null);
    }
    let mut total = 0.0;
    for v in values {
        match v {
            Value::Integer(i) => total += *i as f64,
            Value::Float(x) => total += x,
            other => return Err(type_error(Operation::Aggregate(Aggregate::Avg), &[other])),
        }
    }
    Ok(Value::Float(total / values.len() as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_and_averages() {
        let ints = [Value::Integer(1), Value::Integer(2)];
        assert_eq!(sum(&ints), Ok(Value::Integer(3)));
        assert_eq!(sum(&[]), Ok(Value::Integer(0)));
        let mixed = [Value::Integer(1), Value::Float(0.5)];
        assert_eq!(sum(&mixed), Ok(Value::Float(1.5)));
        assert_eq!(avg(&ints), Ok(Value::Float(1.5)));
        assert_eq!(avg(&[]), Ok(Value::Null));
        assert_eq!(
            sum(&[Value::Integer(i64::MAX), Value::Integer(1)]),
            Err(EngineError::of(ErrorKind::IntegerOverflow(
                Operation::Aggregate(Aggregate::Sum)
            )))
        );
        assert_eq!(
            avg(&[Value::Integer(1), Value::String("x".into())]),
            Err(EngineError::of(ErrorKind::TypeMismatch {
                operation: Operation::Aggregate(Aggregate::Avg),
                types: vec!["STRING"],
            }))
        );
    }
}
