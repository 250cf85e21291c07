//! Checks made before a query runs, so that they fail whether or not any
//! row reaches the offending expression: unknown and `abac.*` functions,
//! aggregates outside WITH / RETURN / ORDER BY, nested aggregates.

use model::ast::{Clause, Expr, PathPattern, Query};
use model::engine::EngineError;

use super::aggregate::{children, is_aggregate_call};
use super::functions::check_known;

/// Validates every expression of `query`.
pub fn validate(query: &Query) -> Result<(), EngineError> {
    for clause in &query.clauses {
        match clause {
            Clause::Match {
                patterns,
                predicate,
                ..
            } => {
                for e in pattern_exprs(patterns) {
                    check(e, false)?;
                }
                if let Some(p) = predicate {
                    check(p, false)?;
                }
            }
            Clause::Unwind { expr, .. } => check(expr, false)?,
            Clause::With(p) | Clause::Return(p) => {
                for item in &p.items {
                    check(&item.expr, true)?;
                }
                for s in &p.order_by {
                    check(&s.expr, true)?;
                }
                for e in p.skip.iter().chain(&p.limit) {
                    check(e, false)?;
                }
                if let Some(w) = &p.predicate {
                    check(w, false)?;
                }
            }
            Clause::Call(call) => {
                for a in &call.args {
                    check(a, false)?;
                }
                if let Some(w) = &call.predicate {
                    check(w, false)?;
                }
            }
        }
    }
    Ok(())
}

fn pattern_exprs(patterns: &[PathPattern]) -> Vec<&Expr> {
    let mut out = Vec::new();
    for p in patterns {
        out.extend(p.start.properties.iter().map(|(_, e)| e));
        for (r, n) in &p.hops {
            out.extend(r.properties.iter().map(|(_, e)| e));
            out.extend(n.properties.iter().map(|(_, e)| e));
        }
    }
    out
}

/// Checks `expr`; aggregates are allowed only where `aggregates_allowed`,
/// and never inside another aggregate.
fn check(expr: &Expr, aggregates_allowed: bool) -> Result<(), EngineError> {
    let mut stack = vec![(expr, false)];
    while let Some((e, inside_aggregate)) = stack.pop() {
        if let Expr::Function { name, .. } = e {
            check_known(name)?;
        }
        let aggregate = is_aggregate_call(e);
        if aggregate && (!aggregates_allowed || inside_aggregate) {
            return Err(EngineError::new(
                "Invalid use of aggregating function in this context",
            ));
        }
        let mut kids = Vec::new();
        children(e, &mut kids);
        stack.extend(kids.into_iter().map(|k| (k, inside_aggregate || aggregate)));
    }
    Ok(())
}
