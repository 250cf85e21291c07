//! WITH and RETURN bodies (also a SHOW command's YIELD and RETURN): items
//! and `*`, aggregation with grouping, DISTINCT, ORDER BY, SKIP, LIMIT and
//! WITH's WHERE, in that order.

use model::ast::{Expr, Projection};
use model::engine::EngineError;
use model::error::{ErrorKind, Operation};
use model::value::Value;

use super::aggregate::substitute;
use super::expr::{eval, holds};
use super::scope::{Ctx, Row, Scope, type_error};

/// Which clause a projection body belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `WITH` (and a SHOW command's `YIELD`): expressions need aliases.
    With,
    /// `RETURN`: an unaliased item's column is its text.
    Return,
}

/// One projected item after `*` expansion.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// The expression.
    pub expr: Expr,
    /// The variable it binds for ORDER BY, WHERE and later clauses.
    pub name: String,
    /// The result column name.
    pub column: String,
}

/// A projection's output: column names and rows in order.
pub(crate) struct Output {
    /// The variable each column binds.
    pub names: Vec<String>,
    /// Result column names.
    pub columns: Vec<String>,
    /// Values per row, one per column.
    pub rows: Vec<Vec<Value>>,
    /// Each row's ORDER BY key values, when there is an ORDER BY.
    pub sort_keys: Option<Vec<Vec<Value>>>,
}

impl Output {
    /// The rows as bindings for the clauses after a WITH.
    pub(crate) fn into_rows(self) -> Vec<Row> {
        let names = self.names;
        self.rows
            .into_iter()
            .map(|values| names.iter().cloned().zip(values).collect())
            .collect()
    }
}

/// The items of `p`: `*` first (the variables of `scope` in name order),
/// then the written items, each with the name later clauses see it by and
/// its column (the parser has checked names are unique and aliases given).
pub(crate) fn items(p: &Projection, scope: &Scope, kind: Kind) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    if p.star {
        out.extend(scope.iter().map(|v| Item {
            expr: Expr::Variable(v.clone()),
            name: v.clone(),
            column: v.clone(),
        }));
    }
    for item in &p.items {
        let name = match (&item.alias, &item.expr) {
            (Some(alias), _) => alias.clone(),
            (None, Expr::Variable(v)) => v.clone(),
            (None, _) => item.text.clone(),
        };
        let column = match kind {
            Kind::With => name.clone(),
            Kind::Return => item.column().to_string(),
        };
        out.push(Item {
            expr: item.expr.clone(),
            name,
            column,
        });
    }
    out
}

/// A row after projection: its values, the bindings that ORDER BY and
/// WHERE see (one per incoming row it stands for: several after DISTINCT),
/// and its sort keys.
struct Entry {
    values: Vec<Value>,
    scopes: Vec<Row>,
    keys: Vec<Value>,
}

/// Runs a projection body over `input`, whose variables are `scope`.
pub(crate) fn project(
    ctx: &Ctx<'_>,
    input: Vec<Row>,
    scope: &Scope,
    p: &Projection,
    kind: Kind,
) -> Result<Output, EngineError> {
    let items = items(p, scope, kind);
    let aggregating = items.iter().any(|i| i.expr.contains_aggregate());
    // WITH's WHERE sees the incoming variables unless the projection
    // aggregates, also after DISTINCT (openCypher TCK WithWhere1 [2]); ORDER
    // BY after DISTINCT sees only projected names, which the parser checks.
    let see_input = !aggregating;
    let bind = |values: &[Value], input: Option<Row>| -> Row {
        let mut row = if see_input {
            input.unwrap_or_default()
        } else {
            Row::new()
        };
        for (item, v) in items.iter().zip(values) {
            row.insert(item.name.clone(), v.clone());
        }
        row
    };

    let mut entries: Vec<Entry> = Vec::new();
    if aggregating {
        for (representative, group) in groups(ctx, input, &items)? {
            let mut values = Vec::with_capacity(items.len());
            for item in &items {
                let e = substitute(ctx, &item.expr, &group)?;
                values.push(eval(ctx, &representative, &e)?);
            }
            let scope = bind(&values, None);
            entries.push(Entry {
                values,
                scopes: vec![scope],
                keys: Vec::new(),
            });
        }
    } else {
        for row in input {
            let values = items
                .iter()
                .map(|i| eval(ctx, &row, &i.expr))
                .collect::<Result<Vec<_>, _>>()?;
            let scope = bind(&values, Some(row));
            entries.push(Entry {
                values,
                scopes: vec![scope],
                keys: Vec::new(),
            });
        }
    }

    if p.distinct {
        // A distinct row stands for every incoming row equivalent to it.
        let mut unique: Vec<Entry> = Vec::with_capacity(entries.len());
        for e in entries {
            match unique
                .iter_mut()
                .find(|u| all_equivalent(&u.values, &e.values))
            {
                Some(u) => u.scopes.extend(e.scopes),
                None => unique.push(e),
            }
        }
        entries = unique;
    }

    if !p.order_by.is_empty() {
        // The parser has replaced keys equal to an item by that item's
        // name, so every key evaluates over the row's bindings; after
        // DISTINCT it names projected values only, the same in each scope.
        for entry in &mut entries {
            let scope = entry.scopes.first().cloned().unwrap_or_default();
            entry.keys = p
                .order_by
                .iter()
                .map(|k| eval(ctx, &scope, &k.expr))
                .collect::<Result<_, _>>()?;
        }
        // A stable sort: rows with equal keys keep their order.
        entries.sort_by(|a, b| {
            for (i, key) in p.order_by.iter().enumerate() {
                let (Some(x), Some(y)) = (a.keys.get(i), b.keys.get(i)) else {
                    break;
                };
                let o = x.order_cmp(y);
                let o = if key.descending { o.reverse() } else { o };
                if o.is_ne() {
                    return o;
                }
            }
            std::cmp::Ordering::Equal
        });
    }

    let skip = count_clause(ctx, p.skip.as_ref(), Operation::Skip)?.unwrap_or(0);
    let limit = count_clause(ctx, p.limit.as_ref(), Operation::Limit)?.unwrap_or(usize::MAX);
    let mut kept: Vec<Entry> = Vec::new();
    for entry in entries.into_iter().skip(skip).take(limit) {
        // WITH's WHERE filters after ORDER BY, SKIP and LIMIT; a distinct
        // row is kept when the predicate holds for one of its incoming rows.
        if let Some(pred) = &p.predicate
            && !any_holds(ctx, &entry.scopes, pred)?
        {
            continue;
        }
        kept.push(entry);
    }

    let sort_keys = (!p.order_by.is_empty()).then(|| kept.iter().map(|e| e.keys.clone()).collect());
    Ok(Output {
        names: items.iter().map(|i| i.name.clone()).collect(),
        columns: items.iter().map(|i| i.column.clone()).collect(),
        rows: kept.into_iter().map(|e| e.values).collect(),
        sort_keys,
    })
}

/// Whether `pred` is TRUE in one of `scopes`. Every scope is evaluated,
/// so an error in any of them is reported whatever the others give.
fn any_holds(ctx: &Ctx<'_>, scopes: &[Row], pred: &Expr) -> Result<bool, EngineError> {
    let mut found = false;
    for scope in scopes {
        found |= holds(ctx, scope, pred)?;
    }
    Ok(found)
}

fn all_equivalent(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.equivalent(y))
}

/// Groups `input` by the values of the non-aggregate items (equivalence),
/// in order of first appearance. Each group comes with a representative
/// row for evaluating the non-aggregate parts of aggregate items. With no
/// grouping keys there is exactly one group, even over no rows.
fn groups(
    ctx: &Ctx<'_>,
    input: Vec<Row>,
    items: &[Item],
) -> Result<Vec<(Row, Vec<Row>)>, EngineError> {
    let key_items: Vec<&Item> = items
        .iter()
        .filter(|i| !i.expr.contains_aggregate())
        .collect();
    if key_items.is_empty() {
        let representative = input.first().cloned().unwrap_or_default();
        return Ok(vec![(representative, input)]);
    }
    let mut groups: Vec<(Vec<Value>, Vec<Row>)> = Vec::new();
    for row in input {
        let key = key_items
            .iter()
            .map(|i| eval(ctx, &row, &i.expr))
            .collect::<Result<Vec<_>, _>>()?;
        match groups.iter_mut().find(|(k, _)| all_equivalent(k, &key)) {
            Some((_, rows)) => rows.push(row),
            None => groups.push((key, vec![row])),
        }
    }
    Ok(groups
        .into_iter()
        .filter_map(|(_, rows)| rows.first().cloned().map(|r| (r, rows)))
        .collect())
}

/// Evaluates SKIP or LIMIT (the parser allows no variables there): a
/// non-negative integer.
fn count_clause(
    ctx: &Ctx<'_>,
    e: Option<&Expr>,
    clause: Operation,
) -> Result<Option<usize>, EngineError> {
    let Some(e) = e else {
        return Ok(None);
    };
    match eval(ctx, &Row::new(), e)? {
        Value::Integer(i) if i >= 0 => Ok(Some(usize::try_from(i).unwrap_or(usize::MAX))),
        Value::Integer(value) => Err(EngineError::of(ErrorKind::NegativeCount { clause, value })),
        other => Err(type_error(clause, &[&other])),
    }
}
