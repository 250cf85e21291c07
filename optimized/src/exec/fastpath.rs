//! Query shapes answered from bitmaps alone: `MATCH (n:L...) RETURN
//! count(n)` / `count(*)` is the popcount of the traversable nodes carrying
//! every label (V2: counts see only the user's smaller graph, here because
//! only traversable nodes are counted); a one-hop `MATCH (a:L)-[:T]->(b:M)
//! RETURN count(*)` counts visible relationships (V2 again: R2's visible
//! set, whose endpoints are traversable) over the CSR without building
//! rows; and `MATCH (n:L...) [WHERE ...] RETURN <expressions>` runs on one
//! reused row instead of a row map per match.

use roaring::RoaringBitmap;

use model::ast::{Clause, Direction, Expr, PathPattern, Projection, Query, RelPattern};
use model::engine::EngineError;
use model::functions::Aggregate;
use model::rows::QueryResult;
use model::value::Value;

use super::context::Ctx;
use super::eval::{Bound, Evaluator, Row};
use super::prefilter::{element_vars, filter_start};

/// The query's parts when it is one non-optional MATCH of one path, with
/// no path variable and no property map on its start, followed by a plain
/// RETURN (no `*`, DISTINCT, ORDER BY, SKIP, LIMIT): the shapes both fast
/// paths start from.
fn single_path_return(query: &Query) -> Option<(&PathPattern, Option<&Expr>, &Projection)> {
    let [
        Clause::Match {
            optional: false,
            patterns,
            predicate,
        },
        Clause::Return(p),
    ] = query.clauses()
    else {
        return None;
    };
    let [pattern] = patterns.as_slice() else {
        return None;
    };
    let plain = !(p.star
        || p.distinct
        || !p.order_by.is_empty()
        || p.skip.is_some()
        || p.limit.is_some()
        || p.predicate.is_some());
    (plain && pattern.var.is_none() && pattern.start.properties.is_empty()).then_some((
        pattern,
        predicate.as_ref(),
        p,
    ))
}

/// The answer when `query` has a shape this module knows, else `None`.
pub fn try_count(ctx: &Ctx<'_>, query: &Query) -> Option<QueryResult> {
    let (pattern, None, p) = single_path_return(query)? else {
        return None;
    };
    let [item] = p.items.as_slice() else {
        return None;
    };
    // Every variable is bound in every match, so count(v) counts matches.
    let vars: Vec<&String> = std::iter::once(&pattern.start.var)
        .chain(pattern.hops.iter().flat_map(|(r, n)| [&r.var, &n.var]))
        .flatten()
        .collect();
    let counts_rows = match &item.expr {
        Expr::Aggregate {
            aggregate: Aggregate::Count,
            distinct: false,
            arg,
            ..
        } => match arg.as_deref() {
            None => true,
            Some(Expr::Variable(v)) => vars.contains(&v),
            Some(_) => false,
        },
        _ => false,
    };
    // Distinct variables only: a repeated one constrains the match.
    let distinct_vars = vars
        .iter()
        .enumerate()
        .all(|(i, v)| !vars.iter().take(i).any(|w| w == v));
    if !counts_rows || !distinct_vars {
        return None;
    }
    let count = match pattern.hops.as_slice() {
        [] => node_count(ctx, &pattern.start.labels),
        [(rel, node)] if rel.properties.is_empty() && node.properties.is_empty() => {
            let start = labelled(ctx, &pattern.start.labels);
            one_hop(ctx, &start, rel, &node.labels)
        }
        _ => return None,
    };
    let count = i64::try_from(count).ok()?;
    Some(QueryResult {
        columns: vec![item.column().to_string()],
        rows: vec![vec![Value::Integer(count)]],
        sort_keys: None,
    })
}

/// How many traversable nodes carry every label of `labels`: no label and
/// one label are counts the compiled visibility already holds.
fn node_count(ctx: &Ctx<'_>, labels: &[String]) -> u64 {
    let c = ctx.columns();
    match labels {
        [] => ctx.compiled.traversable_nodes().len(),
        // Planted: the store's count, hidden nodes included.
        #[cfg(feature = "plant")]
        [label] if crate::plant::active(crate::plant::Plant::CountsUnfiltered) => c
            .labels
            .get(label)
            .and_then(|l| c.label_nodes(l))
            .map_or(0, RoaringBitmap::len),
        [label] => c
            .labels
            .get(label)
            .map_or(0, |l| ctx.compiled.traversable_with_label(l)),
        _ => labelled(ctx, labels).len(),
    }
}

/// The traversable nodes carrying every label of `labels`.
fn labelled(ctx: &Ctx<'_>, labels: &[String]) -> RoaringBitmap {
    let c = ctx.columns();
    let mut set = ctx.compiled.traversable_nodes().clone();
    for label in labels {
        match c.labels.get(label).and_then(|l| c.label_nodes(l)) {
            Some(m) => set &= m,
            None => set.clear(),
        }
    }
    set
}

/// How many (start, relationship, end) matches one hop has: visible
/// relationships of the wanted types from `start` to `end` nodes; an
/// undirected self-loop counts once (decision), another relationship once
/// per direction that fits. Walks the CSR from the start nodes, so the work
/// is their degree, with O(1) tests: a visible relationship's endpoints are
/// traversable (R2), so the far node needs only its labels checked.
fn one_hop(ctx: &Ctx<'_>, start: &RoaringBitmap, rel: &RelPattern, end_labels: &[String]) -> u64 {
    let c = ctx.columns();
    let Some(end_labels) = end_labels
        .iter()
        .map(|l| c.labels.get(l))
        .collect::<Option<Vec<usize>>>()
    else {
        return 0;
    };
    let end_fits = |n: u32| end_labels.iter().all(|&l| ctx.has_label(n, l));
    let wanted_types: Option<Vec<bool>> = (!rel.types.is_empty()).then(|| {
        let mut wanted = vec![false; c.rel_types.len()];
        for index in rel.types.iter().filter_map(|t| c.rel_types.get(t)) {
            if let Some(w) = wanted.get_mut(index) {
                *w = true;
            }
        }
        wanted
    });
    let counted = |r: u32| {
        ctx.compiled.is_visible(r)
            && wanted_types.as_ref().is_none_or(|w| {
                c.rel_type(r)
                    .is_some_and(|t| w.get(t).copied().unwrap_or(false))
            })
    };
    let mut count = 0u64;
    for a in start {
        if matches!(rel.direction, Direction::Outgoing | Direction::Either) {
            for &r in c.outgoing.rels(a) {
                if let Some((_, e)) = c.endpoints(r) {
                    count += u64::from(counted(r) && end_fits(e));
                }
            }
        }
        if matches!(rel.direction, Direction::Incoming | Direction::Either) {
            for &r in c.incoming.rels(a) {
                if let Some((s, e)) = c.endpoints(r) {
                    // A self-loop was counted outgoing (decision).
                    let counted_already = rel.direction == Direction::Either && s == e;
                    count += u64::from(!counted_already && counted(r) && end_fits(s));
                }
            }
        }
    }
    count
}

/// The answer of a plain one-node scan with a projection, or `None` for
/// any other shape. The same evaluator judges WHERE and the items as in
/// the general executor, in the same order (every match's WHERE first, then
/// the items of those kept), so answers and errors are the same; only the
/// rows' bookkeeping is saved.
pub fn try_scan(ev: &Evaluator<'_, '_>, query: &Query) -> Option<Result<QueryResult, EngineError>> {
    let (pattern, predicate, p) = single_path_return(query)?;
    let var = pattern.start.var.as_ref()?;
    if !pattern.hops.is_empty() || p.items.iter().any(|i| i.expr.contains_aggregate()) {
        return None;
    }
    let columns: Vec<String> = p.items.iter().map(|i| i.column().to_string()).collect();
    let mut candidates = labelled(ev.ctx, &pattern.start.labels);
    // The first clause: nothing is bound yet and the start has no property
    // map, so matching cannot fail and the WHERE may prefilter.
    filter_start(
        ev.ctx,
        predicate,
        Some(var),
        &element_vars(std::slice::from_ref(pattern)),
        &mut candidates,
    );
    let rows = scan_rows(ev, var, predicate, &candidates, p);
    Some(rows.map(|rows| QueryResult {
        columns,
        rows,
        sort_keys: None,
    }))
}

/// The kept matches' values: WHERE over every candidate first, then the
/// items over those kept.
fn scan_rows(
    ev: &Evaluator<'_, '_>,
    var: &str,
    predicate: Option<&Expr>,
    candidates: &RoaringBitmap,
    projection: &Projection,
) -> Result<Vec<Vec<Value>>, EngineError> {
    // One row, its binding overwritten per candidate: no map per match.
    let mut row = Row::new();
    row.insert(var.to_string(), Bound::Node(0));
    let bind = |row: &mut Row, position: u32| {
        if let Some(slot) = row.get_mut(var) {
            *slot = Bound::Node(position);
        }
    };
    let mut kept = Vec::new();
    for position in candidates {
        bind(&mut row, position);
        if let Some(predicate) = predicate
            && !ev.passes(predicate, &row)?
        {
            continue;
        }
        kept.push(position);
        ev.ctx.meter.rows(kept.len())?;
    }
    let mut rows = Vec::with_capacity(kept.len());
    for position in kept {
        bind(&mut row, position);
        let values = projection
            .items
            .iter()
            .map(|item| ev.eval(&item.expr, &row))
            .collect::<Result<Vec<Value>, EngineError>>()?;
        rows.push(values);
    }
    Ok(rows)
}
