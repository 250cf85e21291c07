//! WITH and RETURN: projection, grouping with aggregates, DISTINCT,
//! ORDER BY (orderability: `model::value::Value::order_cmp`), SKIP, LIMIT,
//! and WITH's WHERE.
//!
//! Decision (docs/spec/semantics.md section 11): WITH's WHERE filters after
//! ORDER BY / SKIP / LIMIT and sees the variables from before the
//! projection as well as the projected names, also with DISTINCT (openCypher
//! TCK WithWhere1 \[2\]): a distinct row is kept when the predicate is TRUE
//! for at least one of the incoming rows it stands for. After an
//! aggregating projection it sees the projected names only.
//!
//! The parser has checked names, grouping and scopes, and has replaced
//! every ORDER BY key equal to a projected item by that item's name
//! (`Variable("n.x")`, `Variable("count(*)")`), so a key is either a
//! projected column or an expression over the row's bindings.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use model::ast::{Expr, Projection};
use model::engine::EngineError;
use model::error::{ErrorKind, Operation};
use model::value::{Orderable, Value};

use super::aggregate::{Aggregates, compute_all};
use super::eval::{Bound, Evaluator, Row};
use super::operators::type_error;

/// A projection's output.
pub struct Projected {
    /// The name each column binds for the clauses after a WITH: the alias,
    /// the variable, or the expression's text.
    pub names: Vec<String>,
    /// Result column names in order (RETURN: the alias or the text as
    /// written).
    pub columns: Vec<String>,
    /// Each row's bindings, in column order (a variable passed through
    /// keeps its lazy node or relationship binding).
    pub rows: Vec<Vec<Bound>>,
    /// Each row's ORDER BY key values when there is an ORDER BY.
    pub sort_keys: Option<Vec<Vec<Value>>>,
}

/// One projected item after `*` expansion.
struct Item<'p> {
    /// The name later clauses, ORDER BY and WHERE see it by.
    name: String,
    /// The result column.
    column: String,
    expr: std::borrow::Cow<'p, Expr>,
}

/// The items of `projection`: `*` first (the variables of `scope` in name
/// order), then the written items.
fn items<'p>(projection: &'p Projection, scope: &[String]) -> Vec<Item<'p>> {
    let mut out = Vec::new();
    if projection.star {
        let names: BTreeSet<&String> = scope.iter().collect();
        out.extend(names.into_iter().map(|n| Item {
            name: n.clone(),
            column: n.clone(),
            expr: std::borrow::Cow::Owned(Expr::Variable(n.clone())),
        }));
    }
    for item in &projection.items {
        let name = match (&item.alias, &item.expr) {
            (Some(alias), _) => alias.clone(),
            (None, Expr::Variable(v)) => v.clone(),
            (None, _) => item.text.clone(),
        };
        out.push(Item {
            name,
            column: item.column().to_string(),
            expr: std::borrow::Cow::Borrowed(&item.expr),
        });
    }
    out
}

/// One output row before ORDER BY: its values and the bindings that
/// ORDER BY and WHERE see, one per incoming row it stands for (several
/// after DISTINCT, when a WHERE needs them).
struct Out {
    values: Vec<Bound>,
    scopes: Vec<Row>,
}

/// How an ORDER BY key is read.
enum SortKey<'e> {
    /// A projected column (the parser's rewrite of a key equal to an item).
    Column(usize),
    /// An expression over the row's bindings.
    Expr(&'e Expr),
}

/// Projects `rows` (whose variables in scope are `scope`).
pub fn project(
    ev: &Evaluator<'_, '_>,
    projection: &Projection,
    rows: Vec<Row>,
    scope: &[String],
) -> Result<Projected, EngineError> {
    let items = items(projection, scope);
    let names: Vec<String> = items.iter().map(|i| i.name.clone()).collect();
    let sort_keys: Vec<SortKey<'_>> = projection
        .order_by
        .iter()
        .map(|s| match &s.expr {
            Expr::Variable(v) => names
                .iter()
                .position(|n| n == v)
                .map_or(SortKey::Expr(&s.expr), SortKey::Column),
            e => SortKey::Expr(e),
        })
        .collect();
    let aggregating = items.iter().any(|i| i.expr.contains_aggregate());
    // Only ORDER BY expressions and WITH … WHERE read the bindings; without
    // them, building them per row would be wasted work.
    let needs_scope =
        projection.predicate.is_some() || sort_keys.iter().any(|k| matches!(k, SortKey::Expr(_)));
    let mut outs = if aggregating {
        group(ev, &items, rows)?
    } else {
        let mut outs = Vec::with_capacity(rows.len());
        for row in rows {
            let mut values = Vec::with_capacity(items.len());
            for item in &items {
                values.push(match item.expr.as_ref() {
                    Expr::Variable(v) if row.contains_key(v) => {
                        row.get(v).cloned().unwrap_or(Bound::Value(Value::Null))
                    }
                    e => Bound::Value(ev.eval(e, &row)?),
                });
            }
            let scopes = if needs_scope {
                let mut scope = row;
                for (name, v) in names.iter().zip(&values) {
                    scope.insert(name.clone(), v.clone());
                }
                vec![scope]
            } else {
                Vec::new()
            };
            outs.push(Out { values, scopes });
        }
        outs
    };
    if projection.distinct {
        // A distinct row stands for every incoming row equivalent to it;
        // WHERE needs them all, ORDER BY (projected names only, the parser
        // checks) any one.
        let keep_all = projection.predicate.is_some();
        let mut index: BTreeMap<Vec<Orderable>, usize> = BTreeMap::new();
        let mut unique: Vec<Out> = Vec::with_capacity(outs.len());
        for o in outs {
            let key: Vec<Orderable> = o
                .values
                .iter()
                .map(|b| Orderable(ev.ctx.materialize(b)))
                .collect();
            match index.get(&key).and_then(|&i| unique.get_mut(i)) {
                Some(first) => {
                    if keep_all {
                        first.scopes.extend(o.scopes);
                    }
                }
                None => {
                    index.insert(key, unique.len());
                    unique.push(o);
                }
            }
        }
        outs = unique;
    }
    let mut keyed: Vec<(Vec<Value>, Out)> = Vec::with_capacity(outs.len());
    for o in outs {
        let mut keys = Vec::with_capacity(sort_keys.len());
        for key in &sort_keys {
            keys.push(match key {
                SortKey::Column(i) => o
                    .values
                    .get(*i)
                    .map_or(Value::Null, |b| ev.ctx.materialize(b)),
                SortKey::Expr(e) => {
                    let scope = o.scopes.first();
                    ev.eval(e, scope.unwrap_or(&Row::new()))?
                }
            });
        }
        keyed.push((keys, o));
    }
    if !projection.order_by.is_empty() {
        // A stable sort: rows with equal keys keep their order.
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
    let skip = count_bound(ev, projection.skip.as_ref(), Operation::Skip)?.unwrap_or(0);
    let limit = count_bound(ev, projection.limit.as_ref(), Operation::Limit)?;
    let kept = keyed
        .into_iter()
        .skip(skip)
        .take(limit.unwrap_or(usize::MAX));
    let mut rows = Vec::new();
    let mut sort_keys = Vec::new();
    for (keys, o) in kept {
        if let Some(predicate) = &projection.predicate {
            // Every incoming row is judged, so that an error in any of
            // them is reported whatever the others give.
            let mut holds = false;
            for scope in &o.scopes {
                holds |= ev.passes(predicate, scope)?;
            }
            if !holds {
                continue;
            }
        }
        rows.push(o.values);
        sort_keys.push(keys);
    }
    Ok(Projected {
        names,
        columns: items.into_iter().map(|i| i.column).collect(),
        rows,
        sort_keys: (!projection.order_by.is_empty()).then_some(sort_keys),
    })
}

/// Groups `rows` by the values of the non-aggregate items (equivalence),
/// in order of first appearance, and evaluates each group's items: an
/// item's aggregate calls over the group's rows, then the item itself over
/// the group's first row. With no grouping key there is exactly one group,
/// even over no rows. The bindings WHERE and ORDER BY see are the
/// projected names only.
fn group(
    ev: &Evaluator<'_, '_>,
    items: &[Item<'_>],
    rows: Vec<Row>,
) -> Result<Vec<Out>, EngineError> {
    let keys: Vec<usize> = (0..items.len())
        .filter(|&i| {
            items
                .get(i)
                .is_some_and(|item| !item.expr.contains_aggregate())
        })
        .collect();
    let mut index: BTreeMap<Vec<Orderable>, usize> = BTreeMap::new();
    let mut groups: Vec<(Vec<Value>, Vec<Row>)> = Vec::new();
    for row in rows {
        let mut key_values = Vec::with_capacity(keys.len());
        for &i in &keys {
            if let Some(item) = items.get(i) {
                key_values.push(ev.eval(&item.expr, &row)?);
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
        let first = members.first().cloned().unwrap_or_default();
        let mut aggregates = Aggregates::new();
        let mut values = Vec::with_capacity(items.len());
        let mut key_iter = key_values.into_iter();
        for (i, item) in items.iter().enumerate() {
            if keys.contains(&i) {
                values.push(Bound::Value(key_iter.next().unwrap_or(Value::Null)));
                continue;
            }
            // Item by item, as written: its calls, then the item.
            compute_all(ev, &item.expr, &refs, &mut aggregates)?;
            let local = Evaluator {
                ctx: ev.ctx,
                aggregates: Some(&aggregates),
            };
            values.push(Bound::Value(local.eval(&item.expr, &first)?));
        }
        let mut scope = Row::new();
        for (item, v) in items.iter().zip(&values) {
            scope.insert(item.name.clone(), v.clone());
        }
        outs.push(Out {
            values,
            scopes: vec![scope],
        });
    }
    Ok(outs)
}

/// SKIP / LIMIT (the parser allows no variable there): a non-negative
/// integer.
fn count_bound(
    ev: &Evaluator<'_, '_>,
    expr: Option<&Expr>,
    clause: Operation,
) -> Result<Option<usize>, EngineError> {
    let Some(expr) = expr else {
        return Ok(None);
    };
    match ev.eval(expr, &Row::new())? {
        Value::Integer(i) if i >= 0 => Ok(Some(usize::try_from(i).unwrap_or(usize::MAX))),
        Value::Integer(value) => Err(EngineError::of(ErrorKind::NegativeCount { clause, value })),
        other => Err(type_error(clause, &[&other])),
    }
}
