//! Aggregate functions over a group's rows (V2: they only ever see the
//! user's smaller graph): `count`, `collect`, `sum`, `min`, `max`, `avg`,
//! each optionally `DISTINCT`; nulls are skipped.

use std::collections::BTreeSet;

use model::ast::Expr;
use model::engine::EngineError;
use model::value::{Orderable, Value};

use super::eval::{Bound, Evaluator, Row};
use super::functions::is_aggregate;

/// The aggregate sub-expressions of `expr`, outermost first (aggregates
/// are not nested: validation refuses that).
pub fn collect_aggregates<'e>(expr: &'e Expr, out: &mut Vec<&'e Expr>) {
    let mut stack = vec![expr];
    while let Some(e) = stack.pop() {
        if is_aggregate_call(e) {
            out.push(e);
            continue;
        }
        children(e, &mut stack);
    }
}

/// Whether `e` itself is an aggregate call.
pub fn is_aggregate_call(e: &Expr) -> bool {
    match e {
        Expr::CountStar => true,
        Expr::Function { name, .. } => is_aggregate(name),
        _ => false,
    }
}

/// Whether `expr` contains an aggregate.
pub fn contains_aggregate(expr: &Expr) -> bool {
    let mut found = Vec::new();
    collect_aggregates(expr, &mut found);
    !found.is_empty()
}

/// Pushes the direct sub-expressions of `e`.
pub fn children<'e>(e: &'e Expr, stack: &mut Vec<&'e Expr>) {
    match e {
        Expr::Literal(_) | Expr::Variable(_) | Expr::CountStar => {}
        Expr::Property(t, _) => stack.push(t),
        Expr::Index(a, b) => stack.extend([a.as_ref(), b.as_ref()]),
        Expr::Slice(a, b, c) => {
            stack.push(a);
            stack.extend(b.as_deref());
            stack.extend(c.as_deref());
        }
        Expr::List(items) => stack.extend(items),
        Expr::Map(entries) => stack.extend(entries.iter().map(|(_, e)| e)),
        Expr::Unary(_, e) => stack.push(e),
        Expr::Binary(_, a, b) => stack.extend([a.as_ref(), b.as_ref()]),
        Expr::IsNull { expr, .. } => stack.push(expr),
        Expr::HasLabels(e, _) => stack.push(e),
        Expr::Function { args, .. } => stack.extend(args),
        Expr::Case {
            operand,
            whens,
            otherwise,
        } => {
            stack.extend(operand.as_deref());
            for (w, t) in whens {
                stack.extend([w, t]);
            }
            stack.extend(otherwise.as_deref());
        }
        Expr::ListComprehension {
            list, filter, map, ..
        } => {
            stack.push(list);
            stack.extend(filter.as_deref());
            stack.extend(map.as_deref());
        }
        Expr::Quantifier {
            list, predicate, ..
        } => stack.extend([list.as_ref(), predicate.as_ref()]),
        Expr::Reduce {
            init, list, expr, ..
        } => stack.extend([init.as_ref(), list.as_ref(), expr.as_ref()]),
    }
}

/// Computes aggregate `expr` over `rows`.
pub fn compute(ev: &Evaluator<'_, '_>, expr: &Expr, rows: &[&Row]) -> Result<Value, EngineError> {
    let (name, distinct, args) = match expr {
        Expr::CountStar => return count(rows.len()),
        Expr::Function {
            name,
            distinct,
            args,
        } => (name.to_ascii_lowercase(), *distinct, args),
        _ => return Err(EngineError::new("not an aggregate")),
    };
    let [arg] = args.as_slice() else {
        return Err(EngineError::new(format!(
            "{name}() takes one argument, got {}",
            args.len()
        )));
    };
    if name == "count"
        && !distinct
        && let Expr::Variable(var) = arg
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
        if v.is_null() || (distinct && !seen.insert(Orderable(v.clone()))) {
            continue;
        }
        values.push(v);
    }
    match name.as_str() {
        "count" => count(values.len()),
        "collect" => Ok(Value::List(values)),
        "sum" => sum(&values),
        "avg" => avg(&values),
        "min" => Ok(values
            .into_iter()
            .min_by(|a, b| a.min_order(b))
            .unwrap_or(Value::Null)),
        "max" => Ok(values
            .into_iter()
            .max_by(|a, b| a.max_order(b))
            .unwrap_or(Value::Null)),
        other => Err(EngineError::new(format!("Unknown aggregate '{other}'"))),
    }
}

fn count(n: usize) -> Result<Value, EngineError> {
    i64::try_from(n)
        .map(Value::Integer)
        .map_err(|_| EngineError::new("integer overflow"))
}

fn not_numeric(v: &Value, f: &str) -> EngineError {
    EngineError::new(format!(
        "Type mismatch: {f}() expects numbers, got {}",
        v.type_name()
    ))
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
                    int = int
                        .checked_add(*i)
                        .ok_or_else(|| EngineError::new("integer overflow"))?;
                }
            },
            Value::Float(x) => {
                *float.get_or_insert(int as f64) += x;
            }
            other => return Err(not_numeric(other, "sum")),
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
            other => return Err(not_numeric(other, "avg")),
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
        assert!(sum(&[Value::Integer(i64::MAX), Value::Integer(1)]).is_err());
        assert!(sum(&[Value::String("x".into())]).is_err());
    }
}
