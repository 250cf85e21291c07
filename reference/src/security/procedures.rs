//! The security-aware procedures `db.labels()`, `db.relationshipTypes()`
//! and `db.propertyKeys()` (docs/spec/semantics.md V4-V6). They read the privileges,
//! not the data graph; property-rule privileges are ignored here (V4's
//! Decision).

use model::catalog::{Access, Segment};
use model::graph::{Graph, TokenKind};
use model::world::World;

use super::blacklist;
use super::decision::{Applicability, Decision, KeyDecision, decide};
use super::principal::Subject;
use super::scope;

/// V4 "in use": some node carries the label, or some index (native or
/// full-text) uses it.
pub fn label_in_use(graph: &Graph, label: &str) -> bool {
    graph.label_in_use(label)
        || graph
            .indexes
            .iter()
            .any(|i| i.labels.iter().any(|l| l == label))
}

/// V5 "in use". **Decision:** a type is in use when some relationship
/// carries it (indexes here cover nodes only).
pub fn rel_type_in_use(graph: &Graph, rel_type: &str) -> bool {
    graph.relationships.iter().any(|r| r.rel_type == rel_type)
}

/// V4: the unconditional TRAVERSE/MATCH grants and denies (`NODES *` or
/// `NODES label`) for `label`.
pub fn label_decision<'w>(world: &World, subject: &Subject<'w>, label: &str) -> Decision<'w> {
    decide(scope::traverse_privileges(world, subject), |p| {
        match &p.segment {
            Segment::Nodes(None) => Applicability::Applies,
            Segment::Nodes(Some(l)) if l == label => Applicability::Applies,
            _ => Applicability::Elsewhere,
        }
    })
}

/// V4: a registered label is listed when in use and allowed
/// unconditionally (P3).
pub fn label_listed(world: &World, subject: &Subject<'_>, label: &str) -> bool {
    label_in_use(&world.graph, label) && label_decision(world, subject, label).allowed()
}

/// V4: `db.labels()`, in token order.
pub fn labels(world: &World, subject: &Subject<'_>) -> Vec<String> {
    world
        .graph
        .tokens
        .names(TokenKind::Label)
        .iter()
        .filter(|l| label_listed(world, subject, l))
        .cloned()
        .collect()
}

/// V5: the unconditional TRAVERSE/MATCH grants and denies
/// (`RELATIONSHIPS *` or `RELATIONSHIPS T`) for `rel_type`; node privileges
/// play no part.
pub fn rel_type_decision<'w>(world: &World, subject: &Subject<'w>, rel_type: &str) -> Decision<'w> {
    decide(scope::traverse_privileges(world, subject), |p| {
        match &p.segment {
            Segment::Relationships(None) => Applicability::Applies,
            Segment::Relationships(Some(t)) if t == rel_type => Applicability::Applies,
            _ => Applicability::Elsewhere,
        }
    })
}

/// V5: a registered type is listed when in use and allowed unconditionally.
pub fn rel_type_listed(world: &World, subject: &Subject<'_>, rel_type: &str) -> bool {
    rel_type_in_use(&world.graph, rel_type) && rel_type_decision(world, subject, rel_type).allowed()
}

/// V5: `db.relationshipTypes()`, in token order.
pub fn rel_types(world: &World, subject: &Subject<'_>) -> Vec<String> {
    world
        .graph
        .tokens
        .names(TokenKind::RelType)
        .iter()
        .filter(|t| rel_type_listed(world, subject, t))
        .cloned()
        .collect()
}

/// V6 for nodes: READ/MATCH grants covering `key` on `NODES *` or any
/// `NODES L`, and denies covering it on `NODES *` only (a label-specific
/// deny does not hide a key).
pub fn node_key_decision<'w>(world: &World, subject: &Subject<'w>, key: &str) -> Decision<'w> {
    decide(scope::read_privileges(world, subject, key), |p| {
        match (p.access, &p.segment) {
            (_, Segment::Nodes(None)) | (Access::Granted, Segment::Nodes(Some(_))) => {
                Applicability::Applies
            }
            _ => Applicability::Elsewhere,
        }
    })
}

/// V6 for relationships: as [`node_key_decision`] with `RELATIONSHIPS`.
pub fn rel_key_decision<'w>(world: &World, subject: &Subject<'w>, key: &str) -> Decision<'w> {
    decide(scope::read_privileges(world, subject, key), |p| {
        match (p.access, &p.segment) {
            (_, Segment::Relationships(None))
            | (Access::Granted, Segment::Relationships(Some(_))) => Applicability::Applies,
            _ => Applicability::Elsewhere,
        }
    })
}

/// V6: a key is listed when visible for nodes or for relationships and not
/// blacklisted for the user (B2).
pub fn key_listed(world: &World, subject: &Subject<'_>, key: &str) -> bool {
    let for_nodes = KeyDecision {
        privileges: node_key_decision(world, subject, key),
        blacklisted_by: blacklist::blacklisted_by(world, subject, key),
    };
    let for_rels = KeyDecision {
        privileges: rel_key_decision(world, subject, key),
        blacklisted_by: blacklist::blacklisted_by(world, subject, key),
    };
    for_nodes.allowed() || for_rels.allowed()
}

/// V6: `db.propertyKeys()`: every registered key (no "in use" condition)
/// that [`key_listed`] admits, in token order.
pub fn property_keys(world: &World, subject: &Subject<'_>) -> Vec<String> {
    world
        .graph
        .tokens
        .names(TokenKind::PropertyKey)
        .iter()
        .filter(|k| key_listed(world, subject, k))
        .cloned()
        .collect()
}
