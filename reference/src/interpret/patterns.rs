//! MATCH and OPTIONAL MATCH: every way to bind the clause's patterns to
//! nodes and relationships of the view, by plain enumeration in id order.
//!
//! Semantics (openCypher): comma-separated patterns join on shared
//! variables; no relationship is bound twice within one MATCH clause;
//! variables already bound constrain; all node labels are required, any
//! relationship type suffices; inline properties compare with `=` (so null
//! never matches). An undirected hop matches a relationship in either
//! direction, so a relationship between two distinct nodes matches twice
//! (once per direction) while a self-loop matches once, as the openCypher
//! TCK and Neo4j do. V2 and V3 hold by construction: only the view's
//! (visible) nodes and relationships are candidates, so counts and
//! aggregates see the smaller graph, and paths hold only visible elements
//! with their readable properties.

use std::collections::BTreeSet;

use model::ast::{Direction, Expr, NodePattern, PathPattern, RelPattern};
use model::engine::EngineError;
use model::error::Operation;
use model::graph::{NodeId, RelId};
use model::value::{NodeValue, PathValue, RelValue, Value};

use super::expr::{eval, holds};
use super::scope::{Ctx, Row, Scope, internal, type_error};

/// A partial match: bindings so far and the relationships this clause used.
#[derive(Clone)]
struct State {
    row: Row,
    used: BTreeSet<RelId>,
}

/// A partial path while walking one pattern's hops.
struct Walk {
    state: State,
    nodes: Vec<NodeId>,
    rels: Vec<RelId>,
}

/// One MATCH clause as the interpreter runs it.
pub(crate) struct Match<'q> {
    /// OPTIONAL MATCH.
    pub optional: bool,
    /// The comma-separated patterns.
    pub patterns: &'q [PathPattern],
    /// The WHERE.
    pub predicate: Option<&'q Expr>,
    /// Stop once the clause holds this many rows (LIMIT, see
    /// `super::stop_after`).
    pub stop_after: Option<usize>,
}

/// Runs one MATCH clause over `input`, whose variables are `scope`: per
/// input row, every match in order, then the WHERE over them in order. With
/// `stop_after` (where matching cannot fail) each match is judged by the
/// WHERE as it is found instead, and nothing past the last row needed is
/// looked at.
pub(crate) fn match_clause(
    ctx: &Ctx<'_>,
    input: Vec<Row>,
    scope: &Scope,
    clause: Match<'_>,
) -> Result<Vec<Row>, EngineError> {
    let mut out = Vec::new();
    let enough = |count: usize| clause.stop_after.is_some_and(|n| count >= n);
    for row in input {
        if enough(out.len()) {
            break;
        }
        let before = out.len();
        if clause.stop_after.is_some() {
            let mut keep = |candidate: Row| -> Result<bool, EngineError> {
                if let Some(p) = clause.predicate
                    && !holds(ctx, &candidate, p)?
                {
                    return Ok(false);
                }
                out.push(candidate);
                ctx.meter.rows(out.len())?;
                Ok(enough(out.len()))
            };
            match_patterns(ctx, &row, clause.patterns, &mut keep)?;
        } else {
            let mut matches = Vec::new();
            match_patterns(ctx, &row, clause.patterns, &mut |candidate| {
                matches.push(candidate);
                ctx.meter.rows(out.len() + matches.len())?;
                Ok(false)
            })?;
            for candidate in matches {
                if let Some(p) = clause.predicate
                    && !holds(ctx, &candidate, p)?
                {
                    continue;
                }
                out.push(candidate);
            }
        }
        if out.len() == before && clause.optional {
            let mut padded = row;
            for var in new_variables(clause.patterns, scope) {
                padded.insert(var, Value::Null);
            }
            out.push(padded);
        }
    }
    Ok(out)
}

/// What receives each match as it is found; answers whether matching may
/// stop.
type Sink<'s> = dyn FnMut(Row) -> Result<bool, EngineError> + 's;

/// The variables a MATCH introduces (those not already in scope).
fn new_variables(patterns: &[PathPattern], scope: &Scope) -> BTreeSet<String> {
    let mut vars = BTreeSet::new();
    for p in patterns {
        vars.extend(p.var.iter().cloned());
        vars.extend(p.start.var.iter().cloned());
        for (rel, node) in &p.hops {
            vars.extend(rel.var.iter().cloned());
            vars.extend(node.var.iter().cloned());
        }
    }
    vars.retain(|v| !scope.contains(v));
    vars
}

/// Every binding of `patterns` extending `row`, patterns taken in order,
/// handed to `sink` in order until it says stop. The patterns before the
/// last are matched in full (each a step of the row budget); the last one
/// start node by start node.
fn match_patterns(
    ctx: &Ctx<'_>,
    row: &Row,
    patterns: &[PathPattern],
    sink: &mut Sink<'_>,
) -> Result<(), EngineError> {
    let Some((last, before)) = patterns.split_last() else {
        sink(row.clone())?;
        return Ok(());
    };
    let mut states = vec![State {
        row: row.clone(),
        used: BTreeSet::new(),
    }];
    for pattern in before {
        let mut next = Vec::new();
        for state in states {
            match_path(ctx, state, pattern, &mut |found| {
                next.push(found);
                ctx.meter.rows(next.len())?;
                Ok(false)
            })?;
        }
        states = next;
    }
    for state in states {
        let mut stop = false;
        match_path(ctx, state, last, &mut |found| {
            stop = sink(found.row)?;
            Ok(stop)
        })?;
        if stop {
            break;
        }
    }
    Ok(())
}

/// Every binding of one path pattern extending `state`, start node by
/// start node, hop by hop, handed to `found` until it says stop.
fn match_path(
    ctx: &Ctx<'_>,
    state: State,
    pattern: &PathPattern,
    found: &mut dyn FnMut(State) -> Result<bool, EngineError>,
) -> Result<(), EngineError> {
    for id in node_candidates(ctx, &state.row, &pattern.start)? {
        let Some(row) = bind_node(ctx, &state.row, &pattern.start, id)? else {
            continue;
        };
        let mut walks = vec![Walk {
            state: State {
                row,
                used: state.used.clone(),
            },
            nodes: vec![id],
            rels: Vec::new(),
        }];
        for (rel, node) in &pattern.hops {
            let mut next = Vec::new();
            for walk in walks {
                extend(ctx, walk, rel, node, &mut next)?;
                ctx.meter.rows(next.len())?;
            }
            walks = next;
        }
        for walk in walks {
            let mut state = walk.state;
            if let Some(var) = &pattern.var {
                let path = path_value(ctx, &walk.nodes, &walk.rels)?;
                state.row.insert(var.clone(), path);
            }
            if found(state)? {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Every way to take one more hop from the end of `walk`.
fn extend(
    ctx: &Ctx<'_>,
    walk: Walk,
    rel: &RelPattern,
    node: &NodePattern,
    out: &mut Vec<Walk>,
) -> Result<(), EngineError> {
    let Some(&current) = walk.nodes.last() else {
        return Err(internal("an empty path"));
    };
    let bound_rel = bound_id(&walk.state.row, rel.var.as_deref(), Element::Relationship)?;
    let incident = ctx.incident.get(&current).map_or(&[][..], Vec::as_slice);
    for id in incident {
        let Some(r) = ctx.view.relationships.get(id) else {
            continue;
        };
        // An undirected hop over a self-loop yields it once.
        let other = match rel.direction {
            Direction::Outgoing => (r.start == current).then_some(r.end),
            Direction::Incoming => (r.end == current).then_some(r.start),
            Direction::Either if r.start == current => Some(r.end),
            Direction::Either => (r.end == current).then_some(r.start),
        };
        let Some(other) = other else {
            continue;
        };
        if walk.state.used.contains(id)
            || bound_rel.is_some_and(|b| b != Some(*id))
            || !(rel.types.is_empty() || rel.types.contains(&r.rel_type))
            || !properties_match(ctx, &walk.state.row, &rel.properties, &r.properties)?
        {
            continue;
        }
        let mut row = walk.state.row.clone();
        if let Some(var) = &rel.var {
            row.insert(var.clone(), Value::Relationship(Box::new(r.clone())));
        }
        let Some(row) = bind_node(ctx, &row, node, other)? else {
            continue;
        };
        let mut used = walk.state.used.clone();
        used.insert(*id);
        let mut nodes = walk.nodes.clone();
        nodes.push(other);
        let mut rels = walk.rels.clone();
        rels.push(*id);
        out.push(Walk {
            state: State { row, used },
            nodes,
            rels,
        });
    }
    Ok(())
}

/// The element id a pattern variable is already bound to: `None` when the
/// variable is new (or absent), `Some(None)` when bound to null (nothing
/// matches), an error when bound to something of another type.
fn bound_id(
    row: &Row,
    var: Option<&str>,
    want: Element,
) -> Result<Option<Option<u64>>, EngineError> {
    let Some(value) = var.and_then(|v| row.get(v)) else {
        return Ok(None);
    };
    match (value, want) {
        (Value::Null, _) => Ok(Some(None)),
        (Value::Node(n), Element::Node) => Ok(Some(Some(n.id))),
        (Value::Relationship(r), Element::Relationship) => Ok(Some(Some(r.id))),
        (other, _) => Err(type_error(
            Operation::PatternVariable(var.unwrap_or_default().to_string()),
            &[other],
        )),
    }
}

/// What a pattern variable stands for.
#[derive(Clone, Copy)]
enum Element {
    Node,
    Relationship,
}

/// The candidates for a path's first node: the bound node, or every node.
fn node_candidates(
    ctx: &Ctx<'_>,
    row: &Row,
    node: &NodePattern,
) -> Result<Vec<NodeId>, EngineError> {
    Ok(match bound_id(row, node.var.as_deref(), Element::Node)? {
        Some(bound) => bound.into_iter().collect(),
        None => ctx.view.nodes.keys().copied().collect(),
    })
}

/// `row` with `node`'s variable bound to node `id`, if the node satisfies
/// the pattern (bound variable, labels, properties); `None` otherwise.
fn bind_node(
    ctx: &Ctx<'_>,
    row: &Row,
    node: &NodePattern,
    id: NodeId,
) -> Result<Option<Row>, EngineError> {
    let Some(n) = ctx.view.nodes.get(&id) else {
        return Ok(None);
    };
    if bound_id(row, node.var.as_deref(), Element::Node)?.is_some_and(|b| b != Some(id))
        || !node.labels.iter().all(|l| n.labels.contains(l))
        || !properties_match(ctx, row, &node.properties, &n.properties)?
    {
        return Ok(None);
    }
    let mut row = row.clone();
    if let Some(var) = &node.var {
        row.insert(var.clone(), Value::Node(Box::new(n.clone())));
    }
    Ok(Some(row))
}

/// Inline property maps: each written value must be `=` to the element's.
fn properties_match(
    ctx: &Ctx<'_>,
    row: &Row,
    wanted: &[(String, Expr)],
    actual: &std::collections::BTreeMap<String, Value>,
) -> Result<bool, EngineError> {
    for (key, e) in wanted {
        let want = eval(ctx, row, e)?;
        let have = actual.get(key).unwrap_or(&Value::Null);
        if have.cypher_equals(&want) != Some(true) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A path value from the view's elements.
fn path_value(ctx: &Ctx<'_>, nodes: &[NodeId], rels: &[RelId]) -> Result<Value, EngineError> {
    let nodes = nodes
        .iter()
        .map(|id| {
            ctx.view
                .nodes
                .get(id)
                .cloned()
                .ok_or_else(|| internal(format!("node {id} of a path is not in the view")))
        })
        .collect::<Result<Vec<NodeValue>, _>>()?;
    let relationships =
        rels.iter()
            .map(|id| {
                ctx.view.relationships.get(id).cloned().ok_or_else(|| {
                    internal(format!("relationship {id} of a path is not in the view"))
                })
            })
            .collect::<Result<Vec<RelValue>, _>>()?;
    Ok(Value::Path(Box::new(PathValue {
        nodes,
        relationships,
    })))
}
