//! Relationships (docs/spec/semantics.md R1-R3): which segments apply to a
//! relationship, whether it is visible, which of its properties are readable.

use model::catalog::Segment;
use model::graph::{Node, NodeId, Relationship};
use model::world::World;

use super::blacklist;
use super::decision::{Applicability, Decision, KeyDecision, decide};
use super::nodes;
use super::predicate::rule_value;
use super::principal::Subject;
use super::scope;

/// R1: `RELATIONSHIPS *` applies always; `RELATIONSHIPS T` when T is r's
/// type; a relationship property rule when r's type is its type (or it
/// names none) and its predicate is TRUE on r's stored values (Q3).
pub fn segment_applies(segment: &Segment, rel: &Relationship) -> Applicability {
    match segment {
        Segment::Relationships(None) => Applicability::Applies,
        Segment::Relationships(Some(t)) => {
            if *t == rel.rel_type {
                Applicability::Applies
            } else {
                Applicability::Elsewhere
            }
        }
        Segment::RelRule { rel_type, rule } => {
            if rel_type.as_ref().is_none_or(|t| *t == rel.rel_type) {
                match rule_value(rule, &rel.properties) {
                    Some(true) => Applicability::Applies,
                    other => Applicability::PredicateNotTrue(other),
                }
            } else {
                Applicability::Elsewhere
            }
        }
        Segment::Nodes(_) | Segment::NodeRule { .. } | Segment::Database | Segment::Other(_) => {
            Applicability::Elsewhere
        }
    }
}

/// R2's parts for one relationship.
#[derive(Debug, Clone, PartialEq)]
pub struct RelDecision<'w> {
    /// The TRAVERSE/MATCH grants and TRAVERSE/`MATCH {*}` denies that apply to r.
    pub own: Decision<'w>,
    /// Whether the start node is traversable (N2).
    pub start_traversable: bool,
    /// Whether the end node is traversable (N2).
    pub end_traversable: bool,
}

impl RelDecision<'_> {
    /// R2: some grant applies, no deny applies, and both endpoints are traversable.
    pub fn visible(&self) -> bool {
        self.own.allowed() && self.start_traversable && self.end_traversable
    }
}

/// R2 for `rel`.
pub fn visibility_decision<'w>(
    world: &World,
    subject: &Subject<'w>,
    rel: &Relationship,
) -> RelDecision<'w> {
    RelDecision {
        own: decide(scope::traverse_privileges(world, subject), |p| {
            segment_applies(&p.segment, rel)
        }),
        start_traversable: endpoint_traversable(world, subject, rel.start),
        end_traversable: endpoint_traversable(world, subject, rel.end),
    }
}

/// R2: r is visible.
pub fn visible(world: &World, subject: &Subject<'_>, rel: &Relationship) -> bool {
    visibility_decision(world, subject, rel).visible()
}

/// N2 for the node with id `id`; a node missing from the graph is not
/// traversable.
fn endpoint_traversable(world: &World, subject: &Subject<'_>, id: NodeId) -> bool {
    node_by_id(world, id).is_some_and(|n| nodes::traversable(world, subject, n))
}

/// The stored node with id `id`. Nodes are stored at the position of their
/// id (graph.rs); the scan is only for a graph that breaks that layout, and
/// keeps a large graph from costing nodes × relationships.
fn node_by_id(world: &World, id: NodeId) -> Option<&Node> {
    let nodes = &world.graph.nodes;
    usize::try_from(id)
        .ok()
        .and_then(|i| nodes.get(i))
        .filter(|n| n.id == id)
        .or_else(|| nodes.iter().find(|n| n.id == id))
}

/// R3 (N3's rule with R1's segments) and B2 for `key` on `rel`, apart from
/// the condition that r be visible.
pub fn read_decision<'w>(
    world: &'w World,
    subject: &Subject<'w>,
    rel: &Relationship,
    key: &str,
) -> KeyDecision<'w> {
    KeyDecision {
        privileges: decide(scope::read_privileges(world, subject, key), |p| {
            segment_applies(&p.segment, rel)
        }),
        blacklisted_by: blacklist::blacklisted_by(world, subject, key),
    }
}

/// R3, B2: property `key` of `rel` is readable iff r is visible, the
/// privileges allow it and no role of the user blacklists it.
pub fn readable(world: &World, subject: &Subject<'_>, rel: &Relationship, key: &str) -> bool {
    visible(world, subject, rel) && read_decision(world, subject, rel, key).allowed()
}
