//! A naive interpreter for the read subset of docs/spec/scenario-format.md, over a
//! [`UserView`]: it knows nothing of privileges, and treats the view as the
//! whole database (V1).
//!
//! A query arrives validated by the parser (model); it runs as a pipeline
//! of rows (variable bindings), one clause at a time, starting from a single
//! empty row. Everything is enumerated in id order, so results are
//! deterministic.
//!
//! Decisions where the specification is silent are documented where they
//! are taken: undirected self-loops ([`patterns`]), sorted `keys()`
//! ([`functions`]), WITH's WHERE filtering after ORDER BY/SKIP/LIMIT and
//! also after DISTINCT ([`projection`]), no short-circuit in `AND`/`OR`
//! ([`operators`]).

mod aggregate;
mod expr;
mod functions;
mod operators;
mod patterns;
mod procedures;
mod projection;
mod scope;
mod scopes;
mod temporal_fields;

use chrono::{DateTime, FixedOffset};
use model::admin::ShowTail;
use model::ast::{Clause, Expr, Query};
use model::engine::EngineError;
use model::limits::{Limits, Meter};
use model::rows::QueryResult;
use model::value::Value;
use model::world::World;

use crate::view::UserView;
use projection::Kind;
use scope::{Ctx, Row, Scope, internal};

/// Runs `query` over `view` in a transaction started `at`: the value of
/// `datetime.transaction()` (docs/spec/scenario-format.md, the query's
/// `at`). `world` gives the index definitions (I2).
pub fn run(
    world: &World,
    view: &UserView,
    query: &Query,
    at: DateTime<FixedOffset>,
    limits: Limits,
) -> Result<QueryResult, EngineError> {
    let scopes = scopes::scopes(query);
    let incident = scope::incidence(view);
    let meter = Meter::new(limits);
    let ctx = Ctx {
        view,
        world: Some(world),
        incident: &incident,
        at: Some(at),
        claims: None,
        meter: &meter,
    };
    if let [clause @ Clause::Call(_)] = query.clauses() {
        return procedures::standalone(&ctx, clause);
    }
    let stop_after = stop_after(&ctx, query);
    let mut rows: Vec<Row> = vec![Row::new()];
    for (clause, scope) in query.clauses().iter().zip(&scopes) {
        rows = match clause {
            Clause::Match {
                optional,
                patterns,
                predicate,
            } => patterns::match_clause(
                &ctx,
                rows,
                scope,
                patterns::Match {
                    optional: *optional,
                    patterns,
                    predicate: predicate.as_ref(),
                    stop_after,
                },
            )?,
            Clause::Unwind { expr, var } => unwind(&ctx, rows, expr, var)?,
            Clause::With(p) => projection::project(&ctx, rows, scope, p, Kind::With)?.into_rows(),
            Clause::Return(p) => {
                let out = projection::project(&ctx, rows, scope, p, Kind::Return)?;
                return Ok(QueryResult {
                    columns: out.columns,
                    rows: out.rows,
                    sort_keys: out.sort_keys,
                });
            }
            Clause::Call(call) => procedures::call_in_query(&ctx, rows, call)?,
        };
    }
    // The parser guarantees a final RETURN or a standalone CALL.
    Err(internal("a query without a final RETURN"))
}

/// How many rows the query's MATCH may stop after (semantics.md, "Budgets"):
/// SKIP + LIMIT when the query is `MATCH ... RETURN ... LIMIT n` with no
/// ORDER BY, DISTINCT or aggregate in the RETURN and only literals in the
/// patterns' property maps (so matching itself cannot fail, and the rows
/// and errors of the first SKIP + LIMIT matches are all the answer depends
/// on). `None` for any other query, or a SKIP or LIMIT that is not a
/// non-negative integer (the projection reports that).
fn stop_after(ctx: &Ctx<'_>, query: &Query) -> Option<usize> {
    let [Clause::Match { patterns, .. }, Clause::Return(p)] = query.clauses() else {
        return None;
    };
    let literal =
        |e: &Expr| !e.any(&|x| !matches!(x, Expr::Literal(_) | Expr::List(_) | Expr::Map(_)));
    let literals = |properties: &[(String, Expr)]| properties.iter().all(|(_, e)| literal(e));
    let constant_patterns = patterns.iter().all(|path| {
        literals(&path.start.properties)
            && path
                .hops
                .iter()
                .all(|(r, n)| literals(&r.properties) && literals(&n.properties))
    });
    let plain = p.order_by.is_empty()
        && !p.distinct
        && !p.items.iter().any(|i| i.expr.contains_aggregate());
    if !(plain && constant_patterns) {
        return None;
    }
    let count = |e: Option<&Expr>| match e.map(|e| expr::eval(ctx, &Row::new(), e)) {
        None => Some(0),
        Some(Ok(Value::Integer(n))) => usize::try_from(n).ok(),
        Some(_) => None,
    };
    let limit = count(p.limit.as_ref()).filter(|_| p.limit.is_some())?;
    count(p.skip.as_ref())?.checked_add(limit)
}

/// `UNWIND expr AS var`: one row per element; null gives no rows and any
/// other non-list value one row.
fn unwind(
    ctx: &Ctx<'_>,
    input: Vec<Row>,
    e: &model::ast::Expr,
    var: &str,
) -> Result<Vec<Row>, EngineError> {
    let mut out = Vec::new();
    for row in input {
        let items = match expr::eval(ctx, &row, e)? {
            Value::Null => Vec::new(),
            Value::List(items) => items,
            other => vec![other],
        };
        for item in items {
            let mut r = row.clone();
            r.insert(var.to_string(), item);
            out.push(r);
            ctx.meter.rows(out.len())?;
        }
    }
    Ok(out)
}

/// A2: the value of an auth rule's condition for a session that kept
/// `claims` (A5), in a transaction started `at`. The condition is evaluated
/// like any expression, over an empty graph: the parser allowed no
/// variable, property or pattern in it.
pub fn condition(
    expr: &Expr,
    claims: &std::collections::BTreeMap<String, Value>,
    at: DateTime<FixedOffset>,
) -> Result<Value, EngineError> {
    without_graph(Some(at), Some(claims), |ctx| {
        expr::eval(ctx, &Row::new(), expr)
    })
}

/// Runs `f` in the context of an evaluation that reads no graph: a SHOW
/// tail, or an auth rule's condition.
fn without_graph<R>(
    at: Option<DateTime<FixedOffset>>,
    claims: Option<&std::collections::BTreeMap<String, Value>>,
    f: impl FnOnce(&Ctx<'_>) -> R,
) -> R {
    let view = UserView::default();
    let incident = scope::incidence(&view);
    let meter = Meter::new(Limits::default());
    let ctx = Ctx {
        view: &view,
        world: None,
        incident: &incident,
        at,
        claims,
        meter: &meter,
    };
    f(&ctx)
}

/// Applies a SHOW command's YIELD/WHERE/RETURN tail to its rows, as a query
/// over those rows would: each row binds its columns as variables; YIELD
/// is a WITH (with its ORDER BY/SKIP/LIMIT/WHERE), RETURN a RETURN. The
/// result is ordered (has sort keys) when the last projection applied has
/// an ORDER BY.
pub fn apply_tail(input: QueryResult, tail: &ShowTail) -> Result<QueryResult, EngineError> {
    without_graph(None, None, |ctx| tail_rows(ctx, input, tail))
}

/// [`apply_tail`] in its context.
fn tail_rows(
    ctx: &Ctx<'_>,
    input: QueryResult,
    tail: &ShowTail,
) -> Result<QueryResult, EngineError> {
    let mut scope: Scope = input.columns.iter().cloned().collect();
    let mut result = input;
    let mut rows: Vec<Row> = result
        .rows
        .iter()
        .map(|values| {
            result
                .columns
                .iter()
                .cloned()
                .zip(values.iter().cloned())
                .collect()
        })
        .collect();
    if let Some(y) = &tail.yields {
        let out = projection::project(ctx, rows, &scope, y, Kind::With)?;
        scope = out.names.iter().cloned().collect();
        result = QueryResult {
            columns: out.columns.clone(),
            rows: out.rows.clone(),
            sort_keys: out.sort_keys.clone(),
        };
        rows = out.into_rows();
    }
    if let Some(p) = &tail.predicate {
        let mut kept_rows = Vec::new();
        let mut kept_values = Vec::new();
        let mut kept_keys = Vec::new();
        let mut keys = result.sort_keys.take().map(Vec::into_iter);
        for (row, values) in rows.into_iter().zip(result.rows) {
            let key = keys.as_mut().and_then(Iterator::next);
            if expr::holds(ctx, &row, p)? {
                kept_rows.push(row);
                kept_values.push(values);
                kept_keys.extend(key);
            }
        }
        rows = kept_rows;
        result.rows = kept_values;
        result.sort_keys = keys.map(|_| kept_keys);
    }
    if let Some(r) = &tail.returns {
        let out = projection::project(ctx, rows, &scope, r, Kind::Return)?;
        result = QueryResult {
            columns: out.columns,
            rows: out.rows,
            sort_keys: out.sort_keys,
        };
    }
    Ok(result)
}
