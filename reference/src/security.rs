//! Security decisions of SEMANTICS.md sections 2, 3, 4 and 7, one function
//! per rule. Builds the [`UserView`].

use model::engine::{EngineError, Principal};
use model::world::World;

use crate::view::UserView;

/// The view of `principal` (V1), or U5's access error.
pub fn user_view(world: &World, principal: &Principal) -> Result<UserView, EngineError> {
    let _ = (world, principal);
    todo!("security agent")
}
