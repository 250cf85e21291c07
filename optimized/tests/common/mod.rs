//! Shared by the integration tests: comparing the optimized engine's
//! visibility with the reference engine's for one principal.

use model::engine::{Engine, EngineError, Principal, Transaction, Visibility};
use model::world::World;
use reference::ReferenceEngine;

/// The reference engine's visibility of `world` for `principal`.
pub fn reference_visibility(
    world: &World,
    principal: &Principal,
) -> Result<Visibility, EngineError> {
    let at = chrono::DateTime::parse_from_rfc3339(model::scenario::DEFAULT_AT)
        .map_err(|e| EngineError::new(e.to_string()))?;
    let tx = Transaction {
        principal: principal.clone(),
        at,
    };
    ReferenceEngine.visibility(world, &tx)
}

/// The optimized engine's visibility of `world` for `principal`.
pub fn optimized_visibility(
    world: &World,
    principal: &Principal,
) -> Result<Visibility, EngineError> {
    optimized::compile(world, principal).map(|c| c.visibility())
}

/// `None` when both engines agree; otherwise a description of the difference.
pub fn disagreement(world: &World, principal: &Principal) -> Option<String> {
    let reference = reference_visibility(world, principal);
    let optimized = optimized_visibility(world, principal);
    if reference == optimized {
        return None;
    }
    Some(match (&reference, &optimized) {
        (Ok(r), Ok(o)) => {
            let mut lines = vec![format!("principal {principal:?}")];
            if r.nodes != o.nodes {
                lines.push(format!(
                    "nodes: reference {:?}, optimized {:?}",
                    r.nodes, o.nodes
                ));
            }
            if r.relationships != o.relationships {
                lines.push(format!(
                    "relationships: reference {:?}, optimized {:?}",
                    r.relationships, o.relationships
                ));
            }
            if r.node_keys != o.node_keys {
                lines.push(format!(
                    "node keys: reference {:?}, optimized {:?}",
                    r.node_keys, o.node_keys
                ));
            }
            if r.relationship_keys != o.relationship_keys {
                lines.push(format!(
                    "relationship keys: reference {:?}, optimized {:?}",
                    r.relationship_keys, o.relationship_keys
                ));
            }
            lines.join("\n")
        }
        _ => format!("principal {principal:?}: reference {reference:?}, optimized {optimized:?}"),
    })
}
