//! A naive interpreter for the read subset, over a [`UserView`].

use model::ast::Query;
use model::engine::EngineError;
use model::rows::QueryResult;
use model::world::World;

use crate::view::UserView;

/// Runs `query` over `view`. `world` gives the index definitions (I2).
pub fn run(world: &World, view: &UserView, query: &Query) -> Result<QueryResult, EngineError> {
    let _ = (world, view, query);
    todo!("interpreter agent")
}

/// Applies a SHOW command's YIELD/WHERE/RETURN tail to its rows, as a query
/// over those rows would.
pub fn apply_tail(
    input: QueryResult,
    tail: &model::admin::ShowTail,
) -> Result<QueryResult, EngineError> {
    let _ = (input, tail);
    todo!("interpreter agent")
}
