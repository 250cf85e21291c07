//! The reference engine: docs/spec/semantics.md transcribed rule by rule, for a reader
//! who checks it against the specification.
//!
//! It is deliberately naive: set comprehensions over privileges, one function
//! per rule, rule ids in comments, no caches, no indexes, no bitsets. A query
//! runs in two steps that never mix:
//!
//! 1. [`security`] decides, from the catalog and the configuration, what the
//!    user sees and builds a [`view::UserView`]: the smaller graph of V1.
//! 2. [`interpret`] runs the query over that view as if it were the whole
//!    database; it knows nothing of privileges.
//!
//! [`explain`] says, for any element, which privileges decided it.
//! This crate must not depend on the optimized engine.

#![warn(missing_docs)]

pub mod explain;
pub mod interpret;
pub mod security;
pub mod view;

use std::sync::Arc;

use model::ast::Query;
use model::engine::{Engine, EngineError, Transaction, Visibility, not_loaded};
use model::rows::QueryResult;
use model::world::World;

/// The reference engine. It keeps the loaded world and nothing derived
/// from it: every request recomputes the view.
#[derive(Debug, Default, Clone)]
pub struct ReferenceEngine {
    world: Option<Arc<World>>,
}

impl ReferenceEngine {
    /// An engine with `world` loaded.
    pub fn with_world(world: Arc<World>) -> Self {
        ReferenceEngine { world: Some(world) }
    }

    fn world(&self) -> Result<&World, EngineError> {
        self.world.as_deref().ok_or_else(|| not_loaded("reference"))
    }
}

impl Engine for ReferenceEngine {
    fn name(&self) -> &str {
        "reference"
    }

    fn load(&mut self, world: Arc<World>) -> Result<(), EngineError> {
        self.world = Some(world);
        Ok(())
    }

    fn access(&mut self, tx: &Transaction) -> Result<(), EngineError> {
        security::principal::access(self.world()?, tx)
    }

    fn query(&mut self, tx: &Transaction, query: &Query) -> Result<QueryResult, EngineError> {
        let world = self.world()?;
        let view = security::user_view(world, tx)?;
        interpret::run(world, &view, query, tx.at, tx.limits)
    }

    fn visibility(&mut self, tx: &Transaction) -> Result<Visibility, EngineError> {
        let world = self.world()?;
        let view = security::user_view(world, tx)?;
        Ok(view.visibility())
    }
}
