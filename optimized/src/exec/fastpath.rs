//! Query shapes answered from bitmaps alone: `MATCH (n:L...) RETURN
//! count(n)` / `count(*)` is the popcount of the traversable nodes carrying
//! every label (V2).

use model::ast::{Clause, Expr, Query};
use model::rows::QueryResult;
use model::value::Value;

use super::context::Ctx;

/// The answer when `query` has a shape this module knows, else `None`.
pub fn try_count(ctx: &Ctx<'_>, query: &Query) -> Option<QueryResult> {
    let [
        Clause::Match {
            optional: false,
            patterns,
            predicate: None,
        },
        Clause::Return(p),
    ] = query.clauses.as_slice()
    else {
        return None;
    };
    let [pattern] = patterns.as_slice() else {
        return None;
    };
    if pattern.var.is_some() || !pattern.hops.is_empty() || !pattern.start.properties.is_empty() {
        return None;
    }
    let [item] = p.items.as_slice() else {
        return None;
    };
    if p.star
        || p.distinct
        || !p.order_by.is_empty()
        || p.skip.is_some()
        || p.limit.is_some()
        || p.predicate.is_some()
    {
        return None;
    }
    let counts_rows = match &item.expr {
        Expr::CountStar => true,
        Expr::Function {
            name,
            distinct: false,
            args,
        } if name.eq_ignore_ascii_case("count") => {
            matches!(args.as_slice(), [Expr::Variable(v)] if Some(v) == pattern.start.var.as_ref())
        }
        _ => false,
    };
    if !counts_rows {
        return None;
    }
    let c = ctx.columns();
    let mut set = ctx.compiled.traversable_nodes().clone();
    for label in &pattern.start.labels {
        match c.labels.get(label).and_then(|l| c.label_nodes(l)) {
            Some(m) => set &= m,
            None => set.clear(),
        }
    }
    let count = i64::try_from(set.len()).ok()?;
    Some(QueryResult {
        columns: vec![item.column().to_string()],
        rows: vec![vec![Value::Integer(count)]],
        sort_keys: None,
    })
}
