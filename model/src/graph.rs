//! The stored graph (docs/spec/semantics.md D1) with its token registry (D3) and indexes (I1, I2).
//!
//! This is the data as the database holds it, before any security decision.
//! Building it from `graph` statements lives in [`crate::cypher::data`].

use std::collections::BTreeMap;

use crate::value::Value;

/// Id of a stored node (its creation order, from 0).
pub type NodeId = u64;
/// Id of a stored relationship (its creation order, from 0).
pub type RelId = u64;

/// A stored node.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The node's id.
    pub id: NodeId,
    /// Its labels, without duplicates, in token-registry order (N4).
    pub labels: Vec<String>,
    /// Its properties; never holds null (D2).
    pub properties: BTreeMap<String, Value>,
}

/// A stored relationship.
#[derive(Debug, Clone, PartialEq)]
pub struct Relationship {
    /// The relationship's id.
    pub id: RelId,
    /// Its one type.
    pub rel_type: String,
    /// Start node.
    pub start: NodeId,
    /// End node.
    pub end: NodeId,
    /// Its properties; never holds null (D2).
    pub properties: BTreeMap<String, Value>,
}

/// The three token registries of D3, each in the order names entered it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    /// Label names.
    pub labels: Vec<String>,
    /// Relationship-type names.
    pub rel_types: Vec<String>,
    /// Property-key names.
    pub property_keys: Vec<String>,
}

/// Which registry a token belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A node label.
    Label,
    /// A relationship type.
    RelType,
    /// A property key.
    PropertyKey,
}

impl Tokens {
    /// The registry of `kind`.
    pub fn names(&self, kind: TokenKind) -> &[String] {
        match kind {
            TokenKind::Label => &self.labels,
            TokenKind::RelType => &self.rel_types,
            TokenKind::PropertyKey => &self.property_keys,
        }
    }

    /// Whether `name` is registered as a `kind` token.
    pub fn contains(&self, kind: TokenKind, name: &str) -> bool {
        self.names(kind).iter().any(|n| n == name)
    }

    /// Registers `name` unless present (D3: tokens never leave).
    pub fn register(&mut self, kind: TokenKind, name: &str) {
        if !self.contains(kind, name) {
            let list = match kind {
                TokenKind::Label => &mut self.labels,
                TokenKind::RelType => &mut self.rel_types,
                TokenKind::PropertyKey => &mut self.property_keys,
            };
            list.push(name.to_string());
        }
    }

    /// Position of `name` in its registry, for ordering labels (N4).
    pub fn position(&self, kind: TokenKind, name: &str) -> Option<usize> {
        self.names(kind).iter().position(|n| n == name)
    }
}

/// Kind of index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// A search-performance index (I1): never changes results.
    Native,
    /// A full-text index (I2), queried by `db.index.fulltext.queryNodes`.
    Fulltext,
}

/// An index definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    /// The index name (generated for unnamed native indexes).
    pub name: String,
    /// Native or full-text.
    pub kind: IndexKind,
    /// Labels covered (one for native indexes).
    pub labels: Vec<String>,
    /// Property keys covered.
    pub keys: Vec<String>,
}

/// The database's graph: elements, tokens, indexes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Graph {
    /// Nodes, indexed by id.
    pub nodes: Vec<Node>,
    /// Relationships, indexed by id.
    pub relationships: Vec<Relationship>,
    /// The token registry.
    pub tokens: Tokens,
    /// Index definitions in creation order.
    pub indexes: Vec<Index>,
}

impl Graph {
    /// The full-text index called `name`, if any.
    pub fn fulltext_index(&self, name: &str) -> Option<&Index> {
        self.indexes
            .iter()
            .find(|i| i.kind == IndexKind::Fulltext && i.name == name)
    }

    /// Whether some node carries `label` (V4 "in use").
    pub fn label_in_use(&self, label: &str) -> bool {
        self.nodes
            .iter()
            .any(|n| n.labels.iter().any(|l| l == label))
    }
}
