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
        (Ok(r), Ok(o)) => format!(
            "principal {principal:?}\n{}",
            r.difference("reference", o, "optimized")
                .unwrap_or_default()
        ),
        _ => format!("principal {principal:?}: reference {reference:?}, optimized {optimized:?}"),
    })
}
