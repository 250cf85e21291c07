//! The user's view of the database (V1): only traversable nodes, visible
//! relationships and readable properties exist in it, plus the answers of the
//! security-aware procedures. The security half builds it; the interpreter
//! reads it and nothing else about security.

use std::collections::{BTreeMap, BTreeSet};

use model::engine::{IdSet, Visibility};
use model::graph::{NodeId, RelId};
use model::value::{NodeValue, RelValue};

/// The smaller graph a user sees, and what the db.* procedures answer for them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserView {
    /// Traversable nodes (N2) with all their labels (N4) and only readable properties (N3, B2).
    pub nodes: BTreeMap<NodeId, NodeValue>,
    /// Visible relationships (R2) with only readable properties (R3, B2).
    pub relationships: BTreeMap<RelId, RelValue>,
    /// Rows of `db.labels()` (V4).
    pub labels: Vec<String>,
    /// Rows of `db.relationshipTypes()` (V5).
    pub relationship_types: Vec<String>,
    /// Rows of `db.propertyKeys()` (V6).
    pub property_keys: Vec<String>,
    /// For each full-text index by name, the nodes that pass its security
    /// filter (I2): traversable and every indexed key readable by N3.
    pub fulltext_allowed: BTreeMap<String, BTreeSet<NodeId>>,
}

impl UserView {
    /// The view as the engine-neutral [`Visibility`] report.
    pub fn visibility(&self) -> Visibility {
        let mut node_keys: BTreeMap<String, IdSet> = BTreeMap::new();
        for (id, node) in &self.nodes {
            for key in node.properties.keys() {
                node_keys.entry(key.clone()).or_default().insert(*id);
            }
        }
        let mut relationship_keys: BTreeMap<String, IdSet> = BTreeMap::new();
        for (id, rel) in &self.relationships {
            for key in rel.properties.keys() {
                relationship_keys
                    .entry(key.clone())
                    .or_default()
                    .insert(*id);
            }
        }
        Visibility {
            nodes: self.nodes.keys().copied().collect(),
            relationships: self.relationships.keys().copied().collect(),
            node_keys,
            relationship_keys,
        }
    }
}
