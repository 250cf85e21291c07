//! Security decisions of docs/spec/semantics.md sections 2, 3, 4 and 7 and the I2
//! filter, one function per rule, each citing its rule id. Builds the
//! [`UserView`] that the interpreter runs over.
//!
//! Every rule function returns the privileges that decided it (a
//! [`decision::Decision`]), and [`crate::explain`] prints those same
//! decisions: there is no second copy of the logic.
//!
//! Modules: [`principal`] (U1, U3, U5), [`scope`] (D4, P6), [`decision`]
//! (P1, P3, P4), [`predicate`] (Q1, Q3), [`nodes`] (N1-N4),
//! [`relationships`] (R1-R3), [`blacklist`] (B1, B2), [`procedures`]
//! (V4-V6), [`fulltext`] (I2), [`admin`] (U6), [`abac`] (U4, O1-O3,
//! A2-A6).

pub mod abac;
pub mod admin;
pub mod blacklist;
pub mod decision;
pub mod fulltext;
pub mod nodes;
pub mod predicate;
pub mod principal;
pub mod procedures;
pub mod relationships;
pub mod scope;

use model::engine::{EngineError, Transaction};
use std::collections::BTreeMap;

use model::graph::{Node, Relationship};
use model::value::{NodeValue, RelValue, Value};
use model::world::World;

use crate::view::UserView;
use principal::Subject;

/// The view of `tx`'s user (V1), or U5's access error (and an error for an
/// unknown user or a refused token).
pub fn user_view(world: &World, tx: &Transaction) -> Result<UserView, EngineError> {
    match principal::of_transaction(world, tx)? {
        None => Ok(admin::admin_view(world)),
        Some(subject) => user_view_of(world, &subject),
    }
}

/// U5: without access every query fails; otherwise V1's smaller graph:
/// traversable nodes (N2) with all labels (N4) and readable properties (N3,
/// B2), visible relationships (R2) with readable properties (R3, B2), the
/// procedures' rows (V4-V6) and the full-text filter (I2).
fn user_view_of(world: &World, subject: &Subject<'_>) -> Result<UserView, EngineError> {
    principal::require_access(world, subject)?;
    let graph = &world.graph;
    Ok(UserView {
        nodes: graph
            .nodes
            .iter()
            .filter(|n| nodes::traversable(world, subject, n))
            .map(|n| {
                (
                    n.id,
                    node_value(world, n, |k| nodes::readable(world, subject, n, k)),
                )
            })
            .collect(),
        relationships: graph
            .relationships
            .iter()
            .filter(|r| relationships::visible(world, subject, r))
            .map(|r| {
                (
                    r.id,
                    rel_value(r, |k| relationships::readable(world, subject, r, k)),
                )
            })
            .collect(),
        labels: procedures::labels(world, subject),
        relationship_types: procedures::rel_types(world, subject),
        property_keys: procedures::property_keys(world, subject),
        fulltext_allowed: fulltext::allowed(world, subject),
    })
}

/// V1: a node as the view holds it: all its labels (N4) and the stored
/// properties that `readable` keeps.
pub(crate) fn node_value(world: &World, node: &Node, readable: impl Fn(&str) -> bool) -> NodeValue {
    NodeValue {
        id: node.id,
        labels: nodes::labels(world, node),
        properties: readable_properties(&node.properties, readable),
    }
}

/// V1: a relationship as the view holds it, with the stored properties that
/// `readable` keeps.
pub(crate) fn rel_value(rel: &Relationship, readable: impl Fn(&str) -> bool) -> RelValue {
    RelValue {
        id: rel.id,
        rel_type: rel.rel_type.clone(),
        start: rel.start,
        end: rel.end,
        properties: readable_properties(&rel.properties, readable),
    }
}

fn readable_properties(
    stored: &BTreeMap<String, Value>,
    readable: impl Fn(&str) -> bool,
) -> BTreeMap<String, Value> {
    stored
        .iter()
        .filter(|(k, _)| readable(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}
