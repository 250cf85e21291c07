//! The administrator's view (docs/spec/semantics.md U6): everything is visible.

use std::collections::BTreeMap;

use model::graph::{IndexKind, TokenKind};

use model::world::World;

use super::{node_value, procedures, rel_value};
use crate::view::UserView;

/// U6: every node with all its labels (N4) and properties, every
/// relationship with all its properties, every full-text index admitting
/// every node.
///
/// **Decision** for the procedures: `db.labels()` lists the registered
/// labels in use (carried by some node or used by an index, as in V4),
/// `db.relationshipTypes()` the registered types carried by some
/// relationship (as in V5), `db.propertyKeys()` every registered key (as in
/// V6, which has no "in use" condition). The blacklist (B2) does not apply:
/// the administrator of a scenario holds no roles.
pub fn admin_view(world: &World) -> UserView {
    let graph = &world.graph;
    UserView {
        nodes: graph
            .nodes
            .iter()
            .map(|n| (n.id, node_value(world, n, |_| true)))
            .collect(),
        relationships: graph
            .relationships
            .iter()
            .map(|r| (r.id, rel_value(r, |_| true)))
            .collect(),
        labels: graph
            .tokens
            .names(TokenKind::Label)
            .iter()
            .filter(|l| procedures::label_in_use(graph, l))
            .cloned()
            .collect(),
        relationship_types: graph
            .tokens
            .names(TokenKind::RelType)
            .iter()
            .filter(|t| procedures::rel_type_in_use(graph, t))
            .cloned()
            .collect(),
        property_keys: graph.tokens.names(TokenKind::PropertyKey).to_vec(),
        fulltext_allowed: graph
            .indexes
            .iter()
            .filter(|i| i.kind == IndexKind::Fulltext)
            .map(|i| (i.name.clone(), graph.nodes.iter().map(|n| n.id).collect()))
            .collect::<BTreeMap<_, _>>(),
    }
}
