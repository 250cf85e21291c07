//! MATCH: pattern matching over the bitmaps and CSR adjacency. Start nodes
//! come from label bitmaps intersected with the traversable nodes (N2);
//! each hop expands over CSR adjacency keeping only visible relationships
//! (R2) of the wanted types. Relationships are unique within one MATCH
//! clause; an undirected hop over a self-loop matches once (decision).
//!
//! V2 and V3 hold by construction here: only traversable nodes and visible
//! relationships are ever candidates, so the rows that counts and
//! aggregates see are matches in the user's smaller graph (V2), and a path
//! value is built from those same elements, each with its readable
//! properties only (V3, `Ctx::path_value`).
//!
//! Matches are enumerated in the order of stored ids (start nodes
//! ascending, then each hop's relationships ascending), so that when
//! several matches would fail differently, the one reported is the same
//! whatever the engine.

use roaring::RoaringBitmap;

use model::ast::{Direction, Expr, NodePattern, PathPattern, RelPattern};
use model::engine::EngineError;
use model::error::Operation;
use model::value::Value;

use crate::parallel::flat_map_chunks;

use super::context::{Ctx, path};
use super::eval::{Bound, Evaluator, Row};
use super::operators::type_error;
use super::prefilter::{element_vars, filter_start};

/// One partial match: the row so far, the relationships used in this
/// clause, and the current path's positions.
#[derive(Clone)]
struct Partial {
    row: Row,
    used: Vec<u32>,
    nodes: Vec<u32>,
    rels: Vec<u32>,
}

/// Every extension of `row` by the clause's `patterns`, in order. With
/// `wanted`, each match of the last pattern goes through `keep` as it is
/// found (the caller's WHERE and count), and matching stops once `keep`
/// says enough; without, every match is returned (`keep` unused).
pub fn match_patterns(
    ev: &Evaluator<'_, '_>,
    patterns: &[PathPattern],
    predicate: Option<&Expr>,
    row: &Row,
    keep: Option<&mut Keep<'_>>,
) -> Result<Vec<Row>, EngineError> {
    let meter = &ev.ctx.meter;
    let mut partials = vec![Partial {
        row: row.clone(),
        used: Vec::new(),
        nodes: Vec::new(),
        rels: Vec::new(),
    }];
    // The WHERE may drop start candidates early only where matching from
    // them could not have failed.
    let predicate = predicate.filter(|_| cannot_fail(patterns, row));
    let elements = element_vars(patterns);
    let Some((last, before)) = patterns.split_last() else {
        return Ok(vec![row.clone()]);
    };
    for pattern in before {
        let mut next = Vec::new();
        for p in partials {
            match_path(ev, pattern, predicate, &elements, p, &mut next)?;
            meter.rows(next.len())?;
        }
        partials = next;
    }
    let Some(keep) = keep else {
        let mut next = Vec::new();
        for p in partials {
            match_path(ev, last, predicate, &elements, p, &mut next)?;
            meter.rows(next.len())?;
        }
        return Ok(next.into_iter().map(|p| p.row).collect());
    };
    // Start node by start node, so that nothing past the last row needed
    // is built.
    for p in partials {
        let mut candidates = start_candidates(ev, &last.start, &p.row)?;
        filter_start(
            ev.ctx,
            predicate,
            last.start.var.as_ref(),
            &elements,
            &mut candidates,
        );
        for position in candidates {
            for found in from_start(ev, last, &p, position)? {
                if keep(found.row)? {
                    return Ok(Vec::new());
                }
            }
        }
    }
    Ok(Vec::new())
}

/// What receives each match when matching may stop early; answers whether
/// it has enough.
pub type Keep<'k> = dyn FnMut(Row) -> Result<bool, EngineError> + 'k;

/// Whether matching `patterns` from `row` can raise no error, whichever
/// nodes it starts from: every inline property value is a constant (so
/// comparing it never fails) and every pattern variable already bound holds
/// an element of its kind or null. Only then may a prefilter skip start
/// candidates without hiding an error the full match would report;
/// `prefilter` checks the WHERE side.
fn cannot_fail(patterns: &[PathPattern], row: &Row) -> bool {
    let constant =
        |e: &Expr| !e.any(&|x| !matches!(x, Expr::Literal(_) | Expr::List(_) | Expr::Map(_)));
    let constants = |properties: &[(String, Expr)]| properties.iter().all(|(_, e)| constant(e));
    let node_ok = |var: &Option<String>| match var.as_ref().and_then(|v| row.get(v)) {
        None | Some(Bound::Node(_) | Bound::Value(Value::Null | Value::Node(_))) => true,
        Some(_) => false,
    };
    let rel_ok = |var: &Option<String>| match var.as_ref().and_then(|v| row.get(v)) {
        None | Some(Bound::Rel(_) | Bound::Value(Value::Null | Value::Relationship(_))) => true,
        Some(_) => false,
    };
    patterns.iter().all(|p| {
        constants(&p.start.properties)
            && node_ok(&p.start.var)
            && p.hops.iter().all(|(r, n)| {
                constants(&r.properties)
                    && constants(&n.properties)
                    && rel_ok(&r.var)
                    && node_ok(&n.var)
            })
    })
}

/// The variables a clause's patterns bind.
pub fn pattern_vars(patterns: &[PathPattern]) -> Vec<String> {
    let mut out = Vec::new();
    for p in patterns {
        out.extend(p.var.clone());
        out.extend(p.start.var.clone());
        for (r, n) in &p.hops {
            out.extend(r.var.clone());
            out.extend(n.var.clone());
        }
    }
    out
}

/// Every match of `pattern` extending `start`, appended to `out` in order:
/// start node by start node, each followed through its hops before the
/// next (so errors come in the order the reference meets them).
fn match_path(
    ev: &Evaluator<'_, '_>,
    pattern: &PathPattern,
    predicate: Option<&Expr>,
    elements: &[&str],
    start: Partial,
    out: &mut Vec<Partial>,
) -> Result<(), EngineError> {
    let ctx = ev.ctx;
    let meter = &ctx.meter;
    let mut candidates = start_candidates(ev, &pattern.start, &start.row)?;
    filter_start(
        ctx,
        predicate,
        pattern.start.var.as_ref(),
        elements,
        &mut candidates,
    );
    let candidates: Vec<u32> = candidates.iter().collect();
    // Each start node's matches are independent: large scans run in chunks,
    // each held to the row budget on its own and all together below.
    let matched = flat_map_chunks(&candidates, |chunk| {
        let mut partials = Vec::new();
        for &position in chunk {
            partials.extend(from_start(ev, pattern, &start, position)?);
            meter.rows(partials.len())?;
        }
        Ok::<_, EngineError>(partials)
    })?;
    out.extend(matched);
    meter.rows(out.len())
}

/// The matches of `pattern` extending `start` from the node at `position`.
fn from_start(
    ev: &Evaluator<'_, '_>,
    pattern: &PathPattern,
    start: &Partial,
    position: u32,
) -> Result<Vec<Partial>, EngineError> {
    let ctx = ev.ctx;
    if !node_matches(ev, &pattern.start, position, &start.row)? {
        return Ok(Vec::new());
    }
    let tracks_path = !pattern.hops.is_empty() || pattern.var.is_some();
    let mut p = start.clone();
    // The path's positions feed expands and path values only.
    p.nodes = if tracks_path {
        vec![position]
    } else {
        Vec::new()
    };
    p.rels = Vec::new();
    bind_node(&pattern.start, position, &mut p.row);
    let mut partials = vec![p];
    for (rel, node) in &pattern.hops {
        let mut next = Vec::new();
        for p in partials {
            expand(ev, rel, node, p, &mut next)?;
            ctx.meter.rows(next.len())?;
        }
        partials = next;
    }
    if let Some(var) = &pattern.var {
        for p in &mut partials {
            let value = path(ctx.path_value(&p.nodes, &p.rels));
            p.row.insert(var.clone(), value.into());
        }
    }
    Ok(partials)
}

/// Node positions the start of a path may take: the bound node, or the
/// traversable nodes carrying every label.
fn start_candidates(
    ev: &Evaluator<'_, '_>,
    node: &NodePattern,
    row: &Row,
) -> Result<RoaringBitmap, EngineError> {
    let ctx = ev.ctx;
    if let Some((var, bound)) = node.var.as_ref().and_then(|v| Some((v, row.get(v)?))) {
        return Ok(bound_node(ctx, var, bound)?.into_iter().collect());
    }
    let mut set = ctx.compiled.traversable_nodes().clone();
    for label in &node.labels {
        match ctx
            .columns()
            .labels
            .get(label)
            .and_then(|l| ctx.columns().label_nodes(l))
        {
            Some(carrying) => set &= carrying,
            None => return Ok(RoaringBitmap::new()),
        }
    }
    Ok(set)
}

/// The position of a node already bound to `var`; none for null; an
/// error when `var` holds something else.
fn bound_node(ctx: &Ctx<'_>, var: &str, bound: &Bound) -> Result<Option<u32>, EngineError> {
    match bound {
        Bound::Node(p) => Ok(Some(*p)),
        Bound::Value(Value::Null) => Ok(None),
        Bound::Value(Value::Node(n)) => Ok(ctx.node_position(n)),
        other => Err(pattern_variable(ctx, var, other)),
    }
}

/// The error of pattern variable `var` bound to a value of the wrong kind.
fn pattern_variable(ctx: &Ctx<'_>, var: &str, bound: &Bound) -> EngineError {
    type_error(
        Operation::PatternVariable(var.to_string()),
        &[&ctx.materialize(bound)],
    )
}

/// Whether the node at `position` satisfies `node`'s labels, properties
/// and binding.
fn node_matches(
    ev: &Evaluator<'_, '_>,
    node: &NodePattern,
    position: u32,
    row: &Row,
) -> Result<bool, EngineError> {
    let ctx = ev.ctx;
    if !ctx.compiled.is_traversable(position) {
        return Ok(false);
    }
    if let Some((var, bound)) = node.var.as_ref().and_then(|v| Some((v, row.get(v)?)))
        && bound_node(ctx, var, bound)? != Some(position)
    {
        return Ok(false);
    }
    for label in &node.labels {
        match ctx.columns().labels.get(label) {
            Some(l) if ctx.has_label(position, l) => {}
            _ => return Ok(false),
        }
    }
    if node.properties.is_empty() {
        return Ok(true);
    }
    let value = Value::Node(Box::new(ctx.node_value(position)));
    properties_match(ev, &node.properties, &value, row)
}

/// `{k: v}` in a pattern: every property equals (V1: unreadable is null,
/// so never equal).
fn properties_match(
    ev: &Evaluator<'_, '_>,
    properties: &[(String, Expr)],
    element: &Value,
    row: &Row,
) -> Result<bool, EngineError> {
    for (key, expr) in properties {
        let wanted = ev.eval(expr, row)?;
        let actual = super::eval::property(element, key)?;
        if actual.cypher_equals(&wanted) != Some(true) {
            return Ok(false);
        }
    }
    Ok(true)
}

fn bind_node(node: &NodePattern, position: u32, row: &mut Row) {
    if let Some(var) = &node.var
        && !row.contains_key(var)
    {
        row.insert(var.clone(), Bound::Node(position));
    }
}

/// The relationships a hop may take from node `from` with the node each
/// leads to, in ascending position (stored-id) order: an undirected hop
/// merges the outgoing and incoming lists, and takes a self-loop once
/// (decision, docs/spec/semantics.md section 11).
fn steps(ctx: &Ctx<'_>, from: u32, direction: Direction) -> Vec<(u32, u32)> {
    let c = ctx.columns();
    let out = |r: u32| c.endpoints(r).map(|(_, e)| (r, e));
    let inc = |r: u32| c.endpoints(r).map(|(s, _)| (r, s));
    match direction {
        Direction::Outgoing => c
            .outgoing
            .rels(from)
            .iter()
            .filter_map(|&r| out(r))
            .collect(),
        Direction::Incoming => c
            .incoming
            .rels(from)
            .iter()
            .filter_map(|&r| inc(r))
            .collect(),
        Direction::Either => {
            let (outgoing, incoming) = (c.outgoing.rels(from), c.incoming.rels(from));
            let mut merged = Vec::with_capacity(outgoing.len() + incoming.len());
            let (mut i, mut j) = (0, 0);
            loop {
                let step = match (outgoing.get(i), incoming.get(j)) {
                    (Some(&o), Some(&n)) if o <= n => {
                        i += 1;
                        // A self-loop is in both lists: taken once, outgoing.
                        if o == n {
                            j += 1;
                        }
                        out(o)
                    }
                    (_, Some(&n)) => {
                        j += 1;
                        inc(n)
                    }
                    (Some(&o), None) => {
                        i += 1;
                        out(o)
                    }
                    (None, None) => break,
                };
                merged.extend(step);
            }
            merged
        }
    }
}

/// Extends `p` by one hop.
fn expand(
    ev: &Evaluator<'_, '_>,
    rel: &RelPattern,
    node: &NodePattern,
    p: Partial,
    out: &mut Vec<Partial>,
) -> Result<(), EngineError> {
    let ctx = ev.ctx;
    let c = ctx.columns();
    let Some(&from) = p.nodes.last() else {
        return Ok(());
    };
    let types: Option<Vec<usize>> = if rel.types.is_empty() {
        None
    } else {
        Some(
            rel.types
                .iter()
                .filter_map(|t| c.rel_types.get(t))
                .collect(),
        )
    };
    let bound_rel = match rel.var.as_ref().and_then(|v| Some((v, p.row.get(v)?))) {
        None => None,
        Some((_, Bound::Rel(r))) => Some(Some(*r)),
        Some((_, Bound::Value(Value::Relationship(r)))) => Some(ctx.rel_position(r.id)),
        Some((_, Bound::Value(Value::Null))) => return Ok(()),
        Some((var, other)) => return Err(pattern_variable(ctx, var, other)),
    };
    for (r, to) in steps(ctx, from, rel.direction) {
        if !ctx.compiled.is_visible(r) || p.used.contains(&r) {
            continue;
        }
        if let Some(types) = &types
            && !c.rel_type(r).is_some_and(|t| types.contains(&t))
        {
            continue;
        }
        if let Some(bound) = bound_rel
            && bound != Some(r)
        {
            continue;
        }
        if !rel.properties.is_empty() {
            let v = Value::Relationship(Box::new(ctx.rel_value(r)));
            if !properties_match(ev, &rel.properties, &v, &p.row)? {
                continue;
            }
        }
        if !node_matches(ev, node, to, &p.row)? {
            continue;
        }
        let mut q = p.clone();
        q.used.push(r);
        q.rels.push(r);
        q.nodes.push(to);
        if let Some(var) = &rel.var {
            q.row.entry(var.clone()).or_insert(Bound::Rel(r));
        }
        bind_node(node, to, &mut q.row);
        out.push(q);
    }
    Ok(())
}
