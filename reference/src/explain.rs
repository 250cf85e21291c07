//! Explanations: for a user, every element's decision and the privileges
//! (role, command text) that granted or denied it.

use model::engine::{EngineError, Principal};
use model::graph::{NodeId, RelId};
use model::world::World;

/// What to explain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExplainTarget {
    /// Every node and relationship.
    Everything,
    /// One node.
    Node(NodeId),
    /// One relationship.
    Relationship(RelId),
}

/// The explanation of `target` for `principal`, as text (placeholder until the security work lands).
pub fn explain(
    world: &World,
    principal: &Principal,
    target: ExplainTarget,
) -> Result<String, EngineError> {
    let _ = (world, principal, target);
    todo!("security agent")
}
