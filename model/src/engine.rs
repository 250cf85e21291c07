//! The contract every engine implements: answer a read query for a user, and
//! report that user's whole visibility.
//!
//! Engines receive the world as data and make every security decision
//! themselves; nothing here decides who sees what.

use std::collections::{BTreeMap, BTreeSet};

use thiserror::Error;

use crate::ast::Query;
use crate::graph::{NodeId, RelId};
use crate::rows::QueryResult;
use crate::world::World;

/// Who runs a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// An administrator: sees everything (U6).
    Admin,
    /// A native user by name (U3).
    Native(String),
}

/// The transaction a query runs in.
#[derive(Debug, Clone)]
pub struct Transaction {
    /// Who runs it.
    pub principal: Principal,
    /// The transaction time (RFC 3339), `datetime.transaction()`.
    pub at: chrono::DateTime<chrono::FixedOffset>,
}

/// A query that failed at run time (as opposed to failing to parse).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct EngineError {
    /// The message shown to the user, e.g. U5's access error.
    pub message: String,
}

impl EngineError {
    /// An error with `message`.
    pub fn new(message: impl Into<String>) -> Self {
        EngineError {
            message: message.into(),
        }
    }
}

/// Everything a user can see of the graph: traversable nodes (N2), visible
/// relationships (R2) and the readable keys of each (N3, R3, B2).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visibility {
    /// Traversable node ids.
    pub nodes: BTreeSet<NodeId>,
    /// Visible relationship ids.
    pub relationships: BTreeSet<RelId>,
    /// Readable stored keys of each traversable node (nodes without any are absent).
    pub node_keys: BTreeMap<NodeId, BTreeSet<String>>,
    /// Readable stored keys of each visible relationship.
    pub relationship_keys: BTreeMap<RelId, BTreeSet<String>>,
}

/// An engine: the reference or the optimized one.
pub trait Engine {
    /// Short name used in `check` output (`reference`, `optimized`).
    fn name(&self) -> &'static str;

    /// Runs a read query in `tx` against `world`.
    fn query(
        &mut self,
        world: &World,
        tx: &Transaction,
        query: &Query,
    ) -> Result<QueryResult, EngineError>;

    /// The whole visibility of `tx`'s principal; fails like a query when the
    /// user has no access (U5).
    fn visibility(&mut self, world: &World, tx: &Transaction) -> Result<Visibility, EngineError>;
}
