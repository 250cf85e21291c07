//! The reference engine: SEMANTICS.md transcribed rule by rule, for a reader
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

use model::ast::Query;
use model::engine::{Engine, EngineError, Transaction, Visibility};
use model::rows::QueryResult;
use model::world::World;

/// The reference engine. It holds no state: every query recomputes the view.
#[derive(Debug, Default, Clone, Copy)]
pub struct ReferenceEngine;

impl Engine for ReferenceEngine {
    fn name(&self) -> &'static str {
        "reference"
    }

    fn query(
        &mut self,
        world: &World,
        tx: &Transaction,
        query: &Query,
    ) -> Result<QueryResult, EngineError> {
        let view = security::user_view(world, &tx.principal)?;
        interpret::run_at(world, &view, query, Some(tx.at))
    }

    fn visibility(&mut self, world: &World, tx: &Transaction) -> Result<Visibility, EngineError> {
        let view = security::user_view(world, &tx.principal)?;
        Ok(view.visibility())
    }
}
