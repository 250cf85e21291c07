//! WITH and RETURN: projection, grouping with aggregates, DISTINCT,
//! ORDER BY (orderability: `model::value::Value::order_cmp`), SKIP, LIMIT,
//! and WITH's WHERE (decision: applied after ORDER BY / SKIP / LIMIT, seeing
//! the variables from before the projection unless it aggregates or is
//! DISTINCT).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use model::ast::{Expr, Projection, ReturnItem};
use model::engine::EngineError;
use model::value::{Orderable, Value};

use super::aggregate::{
    children, collect_aggregates, compute, contains_aggregate, is_aggregate_call,
};
use super::eval::{Aggregates, Bound, Evaluator, Row, aggregate_key};

/// A projection's output.
pub struct Projected {
    /// Column names in order.
    pub columns: Vec<String>,
    /// Each row's bindings, in column order (a variable passed through
    /// keeps its lazy node or relationship binding).
    pub rows: Vec<Vec<Bound>>,
    /// Each row's ORDER BY key values when there is an ORDER BY.
    pub sort_keys: Option<Vec<Vec<Value>>>,
}

/// One output row before ORDER BY: its values, the row that ORDER BY and
/// WHERE see, and its group's aggregates.
struct Out {
    values: Vec<Bound>,
    scope: Row,
    aggregates: Option<Aggregates>,
}

/// Projects `rows` (whose variables in scope are `scope`).
pub fn project(
    ev: &Evaluator<'_, '_>,
    projection: &Projection,
    rows: Vec<Row>,
    scope: &[String],
) -> Result<Projected, EngineError> {
    let mut items: Vec<(String, Expr)> = Vec::new();
    if projection.star {
        let mut names = scope.to_vec();
        names.sort();
        names.dedup();
        items.extend(names.into_iter().map(|n| (n.clone(), Expr::Variable(n))));
    }
    items.extend(
        projection
            .items
            .iter()
            .map(|i: &ReturnItem| (i.column().to_string(), i.expr.clone())),
    );
    if projection.star && items.is_empty() {
        return Err(EngineError::new(
            "RETURN * / WITH * is not allowed when there are no variables in scope",
        ));
    }
    let columns: Vec<String> = items.iter().map(|(c, _)| c.clone()).collect();
    if let Some(c) = repeated_column(&columns) {
        return Err(EngineError::new(format!(
            "Multiple result columns with the same name are not supported: {c}"
        )));
    }
    let aggregating = items.iter().any(|(_, e)| contains_aggregate(e));
    if aggregating {
        check_grouping(&items)?;
    }
    let needs_scope = !projection.order_by.is_empty() || projection.predicate.is_some();
    let mut outs = if aggregating {
        group(ev, projection, &items, rows)?
    } else {
        let mut outs = Vec::with_capacity(rows.len());
        for row in rows {
            let mut values = Vec::with_capacity(items.len());
            for (_, e) in &items {
                values.push(match e {
                    Expr::Variable(v) if row.contains_key(v) => {
                        row.get(v).cloned().unwrap_or(Bound::Value(Value::Null))
                    }
                    _ => Bound::Value(ev.eval(e, &row)?),
                });
            }
            // Only ORDER BY expressions and WITH … WHERE read the scope;
            // without them, building it per row would be wasted work.
            let mut scope = Row::new();
            if needs_scope {
                if !projection.distinct {
                    scope = row;
                }
                for (c, v) in columns.iter().zip(&values) {
                    scope.insert(c.clone(), v.clone());
                }
            }
            outs.push(Out {
                values,
                scope,
                aggregates: None,
            });
        }
        outs
    };
    if projection.distinct {
        let mut seen = std::collections::BTreeSet::new();
        outs.retain(|o| {
            let key: Vec<Orderable> = o
                .values
                .iter()
                .map(|b| Orderable(ev.ctx.materialize(b)))
                .collect();
            seen.insert(key)
        });
    }
    let mut keyed: Vec<(Vec<Value>, Out)> = Vec::with_capacity(outs.len());
    for o in outs {
        let mut keys = Vec::with_capacity(projection.order_by.len());
        for sort in &projection.order_by {
            let key = match items.iter().position(|(_, e)| *e == sort.expr) {
                Some(i) => o
                    .values
                    .get(i)
                    .map_or(Value::Null, |b| ev.ctx.materialize(b)),
                None => {
                    let local = Evaluator {
                        ctx: ev.ctx,
                        aggregates: o.aggregates.as_ref(),
                    };
                    local.eval(&sort.expr, &o.scope)?
                }
            };
            keys.push(key);
        }
        keyed.push((keys, o));
    }
    if !projection.order_by.is_empty() {
        keyed.sort_by(|(a, _), (b, _)| {
            for ((x, y), sort) in a.iter().zip(b).zip(&projection.order_by) {
                let o = x.order_cmp(y);
                let o = if sort.descending { o.reverse() } else { o };
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        });
    }
    let skip = count_bound(ev, projection.skip.as_ref(), "SKIP")?.unwrap_or(0);
    let limit = count_bound(ev, projection.limit.as_ref(), "LIMIT")?;
    let kept = keyed
        .into_iter()
        .skip(skip)
        .take(limit.unwrap_or(usize::MAX));
    let mut rows = Vec::new();
    let mut sort_keys = Vec::new();
    for (keys, o) in kept {
        if let Some(predicate) = &projection.predicate {
            let local = Evaluator {
                ctx: ev.ctx,
                aggregates: o.aggregates.as_ref(),
            };
            if !local.passes(predicate, &o.scope)? {
                continue;
            }
        }
        rows.push(o.values);
        sort_keys.push(keys);
    }
    Ok(Projected {
        columns,
        rows,
        sort_keys: (!projection.order_by.is_empty()).then_some(sort_keys),
    })
}

/// The first column name that appears again later, if any.
pub fn repeated_column(columns: &[String]) -> Option<&String> {
    columns
        .iter()
        .enumerate()
        .find(|(i, c)| columns.iter().skip(i + 1).any(|d| d == *c))
        .map(|(_, c)| c)
}

/// Groups `rows` by the non-aggregate items and computes the aggregates.
fn group(
    ev: &Evaluator<'_, '_>,
    projection: &Projection,
    items: &[(String, Expr)],
    rows: Vec<Row>,
) -> Result<Vec<Out>, EngineError> {
    let keys: Vec<usize> = (0..items.len())
        .filter(|&i| items.get(i).is_some_and(|(_, e)| !contains_aggregate(e)))
        .collect();
    let mut aggregate_exprs = Vec::new();
    for (_, e) in items {
        collect_aggregates(e, &mut aggregate_exprs);
    }
    for s in &projection.order_by {
        collect_aggregates(&s.expr, &mut aggregate_exprs);
    }
    let mut index: BTreeMap<Vec<Orderable>, usize> = BTreeMap::new();
    let mut groups: Vec<(Vec<Value>, Vec<Row>)> = Vec::new();
    for row in rows {
        let mut key_values = Vec::with_capacity(keys.len());
        for &i in &keys {
            if let Some((_, e)) = items.get(i) {
                key_values.push(ev.eval(e, &row)?);
            }
        }
        let key: Vec<Orderable> = key_values.iter().cloned().map(Orderable).collect();
        let at = *index.entry(key).or_insert_with(|| {
            groups.push((key_values, Vec::new()));
            groups.len() - 1
        });
        if let Some((_, members)) = groups.get_mut(at) {
            members.push(row);
        }
    }
    if groups.is_empty() && keys.is_empty() {
        groups.push((Vec::new(), Vec::new()));
    }
    let mut outs = Vec::with_capacity(groups.len());
    for (key_values, members) in groups {
        let refs: Vec<&Row> = members.iter().collect();
        let mut aggregates = Aggregates::new();
        for e in &aggregate_exprs {
            aggregates.insert(aggregate_key(e), compute(ev, e, &refs)?);
        }
        let first = members.first().cloned().unwrap_or_default();
        let local = Evaluator {
            ctx: ev.ctx,
            aggregates: Some(&aggregates),
        };
        let mut values = Vec::with_capacity(items.len());
        let mut key_iter = key_values.into_iter();
        for (i, (_, e)) in items.iter().enumerate() {
            if keys.contains(&i) {
                values.push(Bound::Value(key_iter.next().unwrap_or(Value::Null)));
            } else {
                values.push(Bound::Value(local.eval(e, &first)?));
            }
        }
        let mut scope = Row::new();
        for ((c, _), v) in items.iter().zip(&values) {
            scope.insert(c.clone(), v.clone());
        }
        outs.push(Out {
            values,
            scope,
            aggregates: Some(aggregates),
        });
    }
    Ok(outs)
}

/// In an item that aggregates, every variable outside the aggregates must
/// sit inside a sub-expression that is itself a grouping item (openCypher:
/// no implicit grouping expressions).
fn check_grouping(items: &[(String, Expr)]) -> Result<(), EngineError> {
    let keys: Vec<&Expr> = items
        .iter()
        .map(|(_, e)| e)
        .filter(|e| !contains_aggregate(e))
        .collect();
    for (column, expr) in items.iter().filter(|(_, e)| contains_aggregate(e)) {
        let mut stack: Vec<(&Expr, Vec<&str>)> = vec![(expr, Vec::new())];
        while let Some((e, locals)) = stack.pop() {
            if is_aggregate_call(e) || keys.contains(&e) {
                continue;
            }
            if let Expr::Variable(v) = e
                && !locals.contains(&v.as_str())
            {
                return Err(EngineError::new(format!(
                    "Aggregation column contains implicit grouping expressions: {column}"
                )));
            }
            let mut inner = locals.clone();
            match e {
                Expr::ListComprehension { var, .. } | Expr::Quantifier { var, .. } => {
                    inner.push(var)
                }
                Expr::Reduce { acc, var, .. } => inner.extend([acc.as_str(), var.as_str()]),
                _ => {}
            }
            let mut kids = Vec::new();
            children(e, &mut kids);
            stack.extend(kids.into_iter().map(|k| (k, inner.clone())));
        }
    }
    Ok(())
}

/// SKIP / LIMIT: a non-negative integer.
fn count_bound(
    ev: &Evaluator<'_, '_>,
    expr: Option<&Expr>,
    what: &str,
) -> Result<Option<usize>, EngineError> {
    let Some(expr) = expr else {
        return Ok(None);
    };
    match ev.eval(expr, &Row::new())? {
        Value::Integer(i) if i >= 0 => Ok(Some(usize::try_from(i).unwrap_or(usize::MAX))),
        other => Err(EngineError::new(format!(
            "{what} must be a non-negative integer, got {other}"
        ))),
    }
}
