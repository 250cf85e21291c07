//! Evaluating an expression against one row. Aggregates never reach here:
//! projections replace them by their computed values first
//! ([`super::aggregate`]), and the parser allows them nowhere else.

use model::ast::{Expr, Quantifier};
use model::engine::EngineError;
use model::error::{ErrorKind, Operation, Resource};
use model::value::{MAX_NESTING, Truth, Value};

use super::functions;
use super::operators::{self, from_truth, truth};
use super::scope::{Ctx, Row, internal, type_error};

/// Evaluates `e` in `row`.
pub(crate) fn eval(ctx: &Ctx<'_>, row: &Row, e: &Expr) -> Result<Value, EngineError> {
    match e {
        Expr::Literal(v) => Ok(v.clone()),
        Expr::Variable(name) => row
            .get(name)
            .cloned()
            .ok_or_else(|| internal(format!("variable `{name}` without a value"))),
        Expr::Property(inner, key) => property(eval(ctx, row, inner)?, key),
        Expr::Index(list, index) => index_value(eval(ctx, row, list)?, eval(ctx, row, index)?),
        Expr::Slice(list, from, to) => {
            let list = eval(ctx, row, list)?;
            let from = from.as_deref().map(|x| eval(ctx, row, x)).transpose()?;
            let to = to.as_deref().map(|x| eval(ctx, row, x)).transpose()?;
            slice(list, from, to)
        }
        // Budgets: every value an expression builds (a list or map written
        // out, an operator's or a function's result, a comprehension) is
        // measured against the value budget.
        Expr::List(items) => ctx.meter.value(Value::List(
            items
                .iter()
                .map(|x| eval(ctx, row, x))
                .collect::<Result<_, _>>()?,
        )),
        Expr::Map(entries) => ctx.meter.value(Value::Map(
            entries
                .iter()
                .map(|(k, v)| Ok((k.clone(), eval(ctx, row, v)?)))
                .collect::<Result<_, EngineError>>()?,
        )),
        Expr::Unary(op, inner) => operators::unary(*op, eval(ctx, row, inner)?),
        Expr::Binary(op, a, b) => {
            let a = eval(ctx, row, a)?;
            let b = eval(ctx, row, b)?;
            ctx.meter.value(operators::binary(*op, a, b)?)
        }
        Expr::IsNull { expr, negated } => {
            let is_null = matches!(eval(ctx, row, expr)?, Value::Null);
            Ok(Value::Boolean(is_null != *negated))
        }
        Expr::HasLabels(inner, labels) => match eval(ctx, row, inner)? {
            Value::Null => Ok(Value::Null),
            Value::Node(n) => Ok(Value::Boolean(labels.iter().all(|l| n.labels.contains(l)))),
            // Neo4j reads `r:T` on a relationship as a type test; `r:T:U`
            // (both types) holds only when every name is r's one type.
            Value::Relationship(r) => Ok(Value::Boolean(labels.iter().all(|l| *l == r.rel_type))),
            other => Err(type_error(Operation::LabelPredicate, &[&other])),
        },
        Expr::Call { function, args } => {
            let args = args
                .iter()
                .map(|x| eval(ctx, row, x))
                .collect::<Result<Vec<_>, _>>()?;
            ctx.meter.value(functions::call(ctx, *function, args)?)
        }
        Expr::Aggregate { aggregate, .. } => Err(internal(format!(
            "{}() outside a projection",
            aggregate.name()
        ))),
        Expr::Case {
            operand,
            whens,
            otherwise,
        } => case(ctx, row, operand.as_deref(), whens, otherwise.as_deref()),
        Expr::ListComprehension {
            var,
            list,
            filter,
            map,
        } => {
            let Some(items) = list_operand(ctx, row, list)? else {
                return Ok(Value::Null);
            };
            let mut out = Vec::new();
            let mut bytes: u64 = 0;
            let mut inner = row.clone();
            for item in items {
                inner.insert(var.clone(), item.clone());
                if let Some(f) = filter
                    && truth(&eval(ctx, &inner, f)?, Operation::Condition)? != Some(true)
                {
                    continue;
                }
                let element = match map {
                    Some(m) => eval(ctx, &inner, m)?,
                    None => item,
                };
                // Counted as the list grows, so a long one stops early.
                ctx.meter.element(&mut bytes, &element)?;
                out.push(element);
            }
            Ok(Value::List(out))
        }
        Expr::Quantifier {
            kind,
            var,
            list,
            predicate,
        } => {
            let Some(items) = list_operand(ctx, row, list)? else {
                return Ok(Value::Null);
            };
            let mut inner = row.clone();
            let mut truths = Vec::with_capacity(items.len());
            for item in items {
                inner.insert(var.clone(), item);
                truths.push(truth(&eval(ctx, &inner, predicate)?, Operation::Condition)?);
            }
            Ok(from_truth(quantify(*kind, &truths)))
        }
        Expr::Reduce {
            acc,
            init,
            var,
            list,
            expr,
        } => {
            let mut value = eval(ctx, row, init)?;
            let Some(items) = list_operand(ctx, row, list)? else {
                return Ok(Value::Null);
            };
            let mut inner = row.clone();
            for item in items {
                inner.insert(acc.clone(), value);
                inner.insert(var.clone(), item);
                value = eval(ctx, &inner, expr)?;
                // Decision (semantics.md, query semantics): no value nests
                // deeper than MAX_NESTING; only a loop can build one.
                if value.nesting_depth() > MAX_NESTING {
                    return Err(EngineError::of(ErrorKind::ResourceLimit(Resource::Nesting)));
                }
            }
            Ok(value)
        }
    }
}

/// The list a comprehension iterates: `None` for null, an error for non-lists.
fn list_operand(ctx: &Ctx<'_>, row: &Row, list: &Expr) -> Result<Option<Vec<Value>>, EngineError> {
    match eval(ctx, row, list)? {
        Value::Null => Ok(None),
        Value::List(items) => Ok(Some(items)),
        other => Err(type_error(Operation::ListIteration, &[&other])),
    }
}

/// openCypher's quantifiers over per-element truths: a definite answer when
/// the known elements decide it, null when an unknown one could change it.
fn quantify(kind: Quantifier, truths: &[Truth]) -> Truth {
    let trues = truths.iter().filter(|t| **t == Some(true)).count();
    let falses = truths.iter().filter(|t| **t == Some(false)).count();
    let nulls = truths.len() - trues - falses;
    let decided = |definite: Option<bool>, otherwise: bool| match definite {
        Some(d) => Some(d),
        None if nulls > 0 => None,
        None => Some(otherwise),
    };
    match kind {
        Quantifier::Any => decided((trues > 0).then_some(true), false),
        Quantifier::All => decided((falses > 0).then_some(false), true),
        Quantifier::None => decided((trues > 0).then_some(false), true),
        Quantifier::Single => decided((trues > 1).then_some(false), trues == 1),
    }
}

fn case(
    ctx: &Ctx<'_>,
    row: &Row,
    operand: Option<&Expr>,
    whens: &[(Expr, Expr)],
    otherwise: Option<&Expr>,
) -> Result<Value, EngineError> {
    let operand = operand.map(|o| eval(ctx, row, o)).transpose()?;
    for (when, then) in whens {
        let w = eval(ctx, row, when)?;
        let hit = match &operand {
            Some(o) => o.cypher_equals(&w) == Some(true),
            None => truth(&w, Operation::Condition)? == Some(true),
        };
        if hit {
            return eval(ctx, row, then);
        }
    }
    otherwise.map_or(Ok(Value::Null), |o| eval(ctx, row, o))
}

/// `v.key` on a node, relationship or map; null on null and on missing keys.
pub(crate) fn property(v: Value, key: &str) -> Result<Value, EngineError> {
    let found = match v {
        Value::Null => None,
        Value::Node(n) => n.properties.get(key).cloned(),
        Value::Relationship(r) => r.properties.get(key).cloned(),
        Value::Map(m) => m.get(key).cloned(),
        other => {
            return super::temporal_fields::field(&other, key).unwrap_or_else(|| {
                Err(type_error(Operation::Property(key.to_string()), &[&other]))
            });
        }
    };
    Ok(found.unwrap_or(Value::Null))
}

/// `v[i]`: list element (negative from the end, out of range null), or a
/// map/node/relationship key.
fn index_value(v: Value, i: Value) -> Result<Value, EngineError> {
    match (v, i) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::List(items), Value::Integer(i)) => Ok(list_position(items.len(), i)
            .and_then(|p| items.into_iter().nth(p))
            .unwrap_or(Value::Null)),
        (v @ (Value::Map(_) | Value::Node(_) | Value::Relationship(_)), Value::String(k)) => {
            property(v, &k)
        }
        (v, i) => Err(type_error(Operation::Index, &[&v, &i])),
    }
}

/// The position of index `i` (negative from the end) in a list of `len`.
fn list_position(len: usize, i: i64) -> Option<usize> {
    let len = i64::try_from(len).ok()?;
    let p = if i < 0 { len.checked_add(i)? } else { i };
    if (0..len).contains(&p) {
        usize::try_from(p).ok()
    } else {
        None
    }
}

/// `list[from..to]`: bounds negative from the end, clamped to the list; a
/// null bound gives null.
fn slice(list: Value, from: Option<Value>, to: Option<Value>) -> Result<Value, EngineError> {
    let items = match list {
        Value::Null => return Ok(Value::Null),
        Value::List(items) => items,
        other => return Err(type_error(Operation::Slice, &[&other])),
    };
    let len = i64::try_from(items.len())
        .map_err(|_| EngineError::of(ErrorKind::IntegerOverflow(Operation::Slice)))?;
    let bound = |b: Option<Value>, default: i64| -> Result<Option<i64>, EngineError> {
        match b {
            None => Ok(Some(default)),
            Some(Value::Null) => Ok(None),
            Some(Value::Integer(i)) => {
                let p = if i < 0 { len.saturating_add(i) } else { i };
                Ok(Some(p.clamp(0, len)))
            }
            Some(other) => Err(type_error(Operation::Slice, &[&other])),
        }
    };
    let (Some(start), Some(end)) = (bound(from, 0)?, bound(to, len)?) else {
        return Ok(Value::Null);
    };
    let take = usize::try_from(end.saturating_sub(start).max(0)).unwrap_or(0);
    let skip = usize::try_from(start).unwrap_or(0);
    Ok(Value::List(
        items.into_iter().skip(skip).take(take).collect(),
    ))
}

/// Evaluates a predicate: only TRUE keeps a row (null and false drop it).
pub(crate) fn holds(ctx: &Ctx<'_>, row: &Row, e: &Expr) -> Result<bool, EngineError> {
    Ok(truth(&eval(ctx, row, e)?, Operation::Condition)? == Some(true))
}
