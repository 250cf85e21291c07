//! Aggregates: finding aggregate calls inside projection items, computing
//! each over a group's rows, and substituting the results so that the rest
//! of the item evaluates as an ordinary expression.

use std::cmp::Ordering;

use model::ast::Expr;
use model::engine::EngineError;
use model::value::Value;

use super::expr::eval;
use super::functions::{self, Aggregate, Function};
use super::scope::{Ctx, Row, error};
use super::walk;

/// Whether `e` is itself an aggregate call (`count(*)`, `sum(x)`, ...).
/// Unknown names are not aggregates; the checker reports them.
pub(crate) fn is_aggregate(e: &Expr) -> bool {
    match e {
        Expr::CountStar => true,
        Expr::Function { name, .. } => {
            matches!(functions::resolve(name), Ok(Function::Aggregate(_)))
        }
        _ => false,
    }
}

/// Whether `e` contains an aggregate call anywhere.
pub(crate) fn contains_aggregate(e: &Expr) -> bool {
    walk::any(e, &is_aggregate)
}

/// `e` with every aggregate call replaced by its value over `group`.
pub(crate) fn substitute(ctx: &Ctx<'_>, e: &Expr, group: &[Row]) -> Result<Expr, EngineError> {
    let mut calls: Vec<&Expr> = Vec::new();
    collect_calls(e, &mut calls);
    let mut computed: Vec<(Expr, Value)> = Vec::with_capacity(calls.len());
    for call in calls {
        computed.push((call.clone(), compute(ctx, call, group)?));
    }
    Ok(walk::rewrite(e, &|x: &Expr| {
        computed
            .iter()
            .find(|(call, _)| call == x)
            .map(|(_, v)| Expr::Literal(v.clone()))
    }))
}

/// The outermost aggregate calls of `e` (the checker forbids nesting).
fn collect_calls<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    if is_aggregate(e) {
        out.push(e);
    } else {
        for c in walk::children(e) {
            collect_calls(c, out);
        }
    }
}

/// The value of one aggregate call over `group`.
fn compute(ctx: &Ctx<'_>, call: &Expr, group: &[Row]) -> Result<Value, EngineError> {
    let (name, distinct, args) = match call {
        Expr::CountStar => return count(group.len()),
        Expr::Function {
            name,
            distinct,
            args,
        } => (name, *distinct, args),
        _ => return Err(error("internal: not an aggregate call")),
    };
    let Function::Aggregate(kind) = functions::resolve(name)? else {
        return Err(error("internal: not an aggregate call"));
    };
    functions::check_arity(name, Function::Aggregate(kind), args.len())?;
    let Some(arg) = args.first() else {
        return Err(error(format!("wrong number of arguments for {name}: 0")));
    };
    // Every aggregate skips nulls.
    let mut values = Vec::with_capacity(group.len());
    for row in group {
        let v = eval(ctx, row, arg)?;
        if !matches!(v, Value::Null) {
            values.push(v);
        }
    }
    if distinct {
        let mut unique: Vec<Value> = Vec::with_capacity(values.len());
        for v in values {
            if !unique.iter().any(|u| u.equivalent(&v)) {
                unique.push(v);
            }
        }
        values = unique;
    }
    match kind {
        Aggregate::Count => count(values.len()),
        Aggregate::Collect => Ok(Value::List(values)),
        Aggregate::Sum => sum(&values),
        Aggregate::Avg => avg(&values),
        Aggregate::Min => Ok(extreme(values, Value::min_order, Ordering::Less)),
        Aggregate::Max => Ok(extreme(values, Value::max_order, Ordering::Greater)),
    }
}

fn count(n: usize) -> Result<Value, EngineError> {
    i64::try_from(n)
        .map(Value::Integer)
        .map_err(|_| error("count does not fit an integer"))
}

/// `sum`: integers stay integers (overflow is an error) until a float
/// appears; the empty sum is the integer 0.
fn sum(values: &[Value]) -> Result<Value, EngineError> {
    let mut acc = Value::Integer(0);
    for v in values {
        acc = match (acc, v) {
            (Value::Integer(a), Value::Integer(b)) => a
                .checked_add(*b)
                .map(Value::Integer)
                .ok_or_else(|| error("integer overflow in sum"))?,
            (Value::Integer(a), Value::Float(b)) => Value::Float(a as f64 + b),
            (Value::Float(a), Value::Integer(b)) => Value::Float(a + *b as f64),
            (Value::Float(a), Value::Float(b)) => Value::Float(a + b),
            (_, other) => {
                return Err(error(format!(
                    "Type mismatch: sum expected numbers but got {}",
                    other.type_name()
                )));
            }
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
            other => {
                return Err(error(format!(
                    "Type mismatch: avg expected numbers but got {}",
                    other.type_name()
                )));
            }
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
