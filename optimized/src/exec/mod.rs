//! The query executor: runs a read query's clauses in order over the
//! user's compiled visibility, row at a time, with bitmap shortcuts where
//! the query shape allows.
//!
//! - [`context`]: the query's environment; elements as the user sees them;
//! - [`fastpath`]: counts as popcounts;
//! - [`pattern`]: MATCH over bitmaps and CSR adjacency;
//! - [`prefilter`]: WHERE property tests read from the columns first;
//! - [`eval`], [`operators`], [`functions`]: expressions;
//! - [`aggregate`], [`project`]: WITH / RETURN;
//! - [`procedures`]: the CALL procedures.
//!
//! A query arrives validated by the parser (model): variables, functions,
//! procedures, aggregates, projections and YIELD columns are checked there,
//! so what fails here depends on data, and fails with a typed kind.

pub mod aggregate;
pub mod context;
pub mod eval;
pub mod fastpath;
pub mod functions;
pub mod operators;
pub mod pattern;
pub mod prefilter;
pub mod procedures;
pub mod project;
pub mod temporal;
pub mod text;

use crate::parallel::map_when_large;
use model::ast::{Clause, ProcedureCall, Query};
use model::engine::EngineError;
use model::rows::QueryResult;
use model::value::Value;

use context::Ctx;
use eval::{Evaluator, Row, internal};

/// Rows flowing between clauses and the variables in scope.
struct State {
    rows: Vec<Row>,
    scope: Vec<String>,
}

impl State {
    fn add_scope(&mut self, names: impl IntoIterator<Item = String>) {
        for n in names {
            if !self.scope.contains(&n) {
                self.scope.push(n);
            }
        }
    }
}

/// Runs `query` in `ctx`.
pub fn execute(ctx: &Ctx<'_>, query: &Query) -> Result<QueryResult, EngineError> {
    if let Some(result) = fastpath::try_count(ctx, query) {
        return Ok(result);
    }
    let ev = Evaluator {
        ctx,
        aggregates: None,
    };
    if let Some(result) = fastpath::try_scan(&ev, query) {
        return result;
    }
    let mut state = State {
        rows: vec![Row::new()],
        scope: Vec::new(),
    };
    let last = query.clauses().len().saturating_sub(1);
    for (i, clause) in query.clauses().iter().enumerate() {
        match clause {
            Clause::Match {
                optional,
                patterns,
                predicate,
            } => {
                let vars = pattern::pattern_vars(patterns);
                let mut out = Vec::new();
                let stop = (i == 0).then(|| stop_after(&ev, query)).flatten();
                for row in &state.rows {
                    let before = out.len();
                    match stop {
                        Some(wanted) => {
                            let mut keep = |m: Row| -> Result<bool, EngineError> {
                                if let Some(p) = predicate
                                    && !ev.passes(p, &m)?
                                {
                                    return Ok(false);
                                }
                                out.push(m);
                                ctx.meter.rows(out.len())?;
                                Ok(out.len() >= wanted)
                            };
                            if wanted > 0 {
                                pattern::match_patterns(
                                    &ev,
                                    patterns,
                                    predicate.as_ref(),
                                    row,
                                    Some(&mut keep),
                                )?;
                            }
                        }
                        None => {
                            let matches = pattern::match_patterns(
                                &ev,
                                patterns,
                                predicate.as_ref(),
                                row,
                                None,
                            )?;
                            for m in matches {
                                if let Some(p) = predicate
                                    && !ev.passes(p, &m)?
                                {
                                    continue;
                                }
                                out.push(m);
                                ctx.meter.rows(out.len())?;
                            }
                        }
                    }
                    let found = out.len() > before;
                    if *optional && !found {
                        let mut r = row.clone();
                        for v in &vars {
                            r.entry(v.clone()).or_insert(Value::Null.into());
                        }
                        out.push(r);
                    }
                }
                state.rows = out;
                state.add_scope(vars);
            }
            Clause::Unwind { expr, var } => {
                // Null gives no row and any other value that is not a list
                // one row (Cypher's UNWIND).
                let mut out = Vec::new();
                for row in &state.rows {
                    let items = match ev.eval(expr, row)? {
                        Value::Null => Vec::new(),
                        Value::List(items) => items,
                        other => vec![other],
                    };
                    for item in items {
                        let mut r = row.clone();
                        r.insert(var.clone(), item.into());
                        out.push(r);
                        ctx.meter.rows(out.len())?;
                    }
                }
                state.rows = out;
                state.add_scope([var.clone()]);
            }
            Clause::With(p) => {
                let projected =
                    project::project(&ev, p, std::mem::take(&mut state.rows), &state.scope)?;
                state.rows = projected
                    .rows
                    .into_iter()
                    .map(|values| projected.names.iter().cloned().zip(values).collect())
                    .collect();
                state.scope = projected.names;
            }
            Clause::Return(p) => {
                let projected =
                    project::project(&ev, p, std::mem::take(&mut state.rows), &state.scope)?;
                // Building the user's values is most of a large answer's
                // cost, and each row is independent.
                let rows = map_when_large(projected.rows.len(), &projected.rows, |r| {
                    r.iter().map(|b| ctx.materialize(b)).collect()
                });
                return Ok(QueryResult {
                    columns: projected.columns,
                    rows,
                    sort_keys: projected.sort_keys,
                });
            }
            Clause::Call(call) => {
                let (columns, rows) = call_procedure(&ev, call, &state.rows)?;
                if i == last {
                    let rows = rows
                        .into_iter()
                        .map(|r| {
                            columns
                                .iter()
                                .map(|c| r.get(c).map_or(Value::Null, |b| ctx.materialize(b)))
                                .collect()
                        })
                        .collect();
                    return Ok(QueryResult {
                        columns,
                        rows,
                        sort_keys: None,
                    });
                }
                state.rows = rows;
                state.add_scope(columns);
            }
        }
    }
    // The parser guarantees a final RETURN or a standalone CALL.
    Err(internal("a query without a final RETURN"))
}

/// The rows a leading MATCH may stop after: SKIP + LIMIT, when the query
/// is `MATCH ... RETURN ... LIMIT n` whose RETURN neither sorts, nor
/// de-duplicates, nor aggregates, and whose patterns' property maps hold
/// literals only, so that matching cannot fail and the answer depends on
/// the first SKIP + LIMIT matches alone (docs/spec/semantics.md,
/// "Budgets"). `None` otherwise, and for a SKIP or LIMIT that is not a
/// non-negative integer, which the projection then reports.
fn stop_after(ev: &Evaluator<'_, '_>, query: &Query) -> Option<usize> {
    let [Clause::Match { patterns, .. }, Clause::Return(p)] = query.clauses() else {
        return None;
    };
    if !p.order_by.is_empty() || p.distinct || p.items.iter().any(|i| i.expr.contains_aggregate()) {
        return None;
    }
    let literal = |e: &model::ast::Expr| {
        !e.any(&|x| {
            !matches!(
                x,
                model::ast::Expr::Literal(_) | model::ast::Expr::List(_) | model::ast::Expr::Map(_)
            )
        })
    };
    let maps_literal = patterns.iter().all(|path| {
        std::iter::once(&path.start.properties)
            .chain(
                path.hops
                    .iter()
                    .flat_map(|(r, n)| [&r.properties, &n.properties]),
            )
            .flatten()
            .all(|(_, e)| literal(e))
    });
    if !maps_literal {
        return None;
    }
    let count = |e: &model::ast::Expr| match ev.eval(e, &Row::new()) {
        Ok(Value::Integer(n)) => usize::try_from(n).ok(),
        _ => None,
    };
    let limit = count(p.limit.as_ref()?)?;
    let skip = match &p.skip {
        Some(e) => count(e)?,
        None => 0,
    };
    skip.checked_add(limit)
}

/// Runs `call` once per input row; returns the yielded names (all the
/// procedure's columns without YIELD) and the joined rows that pass
/// YIELD's WHERE.
fn call_procedure(
    ev: &Evaluator<'_, '_>,
    call: &ProcedureCall,
    rows: &[Row],
) -> Result<(Vec<String>, Vec<Row>), EngineError> {
    let columns = call.procedure.columns();
    // (position among the procedure's columns, name bound); the parser
    // checked every yielded column exists.
    let yields: Vec<(usize, String)> = match &call.yields {
        None => columns
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.to_string()))
            .collect(),
        Some(items) => items
            .iter()
            .filter_map(|(column, alias)| {
                let at = columns.iter().position(|c| c == column)?;
                Some((at, alias.clone().unwrap_or_else(|| column.clone())))
            })
            .collect(),
    };
    let mut out = Vec::new();
    for row in rows {
        let args = call
            .args
            .iter()
            .map(|a| ev.eval(a, row))
            .collect::<Result<Vec<_>, _>>()?;
        for values in procedures::call(ev.ctx, call.procedure, &args)? {
            let mut r = row.clone();
            for (at, name) in &yields {
                let v = values.get(*at).cloned().unwrap_or(Value::Null);
                r.insert(name.clone(), v.into());
            }
            if let Some(p) = &call.predicate
                && !ev.passes(p, &r)?
            {
                continue;
            }
            out.push(r);
            ev.ctx.meter.rows(out.len())?;
        }
    }
    Ok((yields.into_iter().map(|(_, name)| name).collect(), out))
}
