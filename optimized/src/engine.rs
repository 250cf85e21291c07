//! [`OptimizedEngine`]: the `model::engine::Engine` of this crate. It keeps
//! what it derives from the loaded world until the next `load`: the
//! columns, built on first use, and one compiled visibility per principal,
//! so that a session's queries compile once. Nothing is keyed on where the
//! world lives in memory: `load` is the only way in, and it starts afresh.

use std::sync::Arc;

use model::ast::Query;
use model::engine::{Engine, EngineError, Principal, Transaction, Visibility, not_loaded};
use model::rows::QueryResult;
use model::world::World;

use crate::columns::Columns;
use crate::exec::context::Ctx;
use crate::exec::execute;
use crate::visibility::Compiled;

/// How many compiled visibilities are kept (one per user of a scenario).
const COMPILED_CACHE: usize = 16;

/// What the engine derived from the loaded world.
struct Loaded {
    world: Arc<World>,
    /// Built on the first request that needs them.
    columns: Option<Arc<Columns>>,
    /// One per principal asked about, oldest first.
    compiled: Vec<(Principal, Arc<Compiled>)>,
}

/// The optimized engine.
#[derive(Default)]
pub struct OptimizedEngine {
    loaded: Option<Loaded>,
}

impl OptimizedEngine {
    /// An engine with nothing loaded.
    pub fn new() -> Self {
        OptimizedEngine::default()
    }

    /// The loaded world and the compiled visibility of `principal`, compiled
    /// once per load.
    fn compiled(
        &mut self,
        principal: &Principal,
    ) -> Result<(Arc<World>, Arc<Compiled>), EngineError> {
        let loaded = self
            .loaded
            .as_mut()
            .ok_or_else(|| not_loaded("optimized"))?;
        if let Some((_, c)) = loaded.compiled.iter().find(|(p, _)| p == principal) {
            return Ok((loaded.world.clone(), c.clone()));
        }
        let columns = match &loaded.columns {
            Some(c) => c.clone(),
            None => {
                let built = Arc::new(Columns::build(&loaded.world.graph)?);
                loaded.columns = Some(built.clone());
                built
            }
        };
        let compiled = Arc::new(Compiled::with_columns(columns, &loaded.world, principal)?);
        if loaded.compiled.len() >= COMPILED_CACHE {
            loaded.compiled.remove(0);
        }
        loaded.compiled.push((principal.clone(), compiled.clone()));
        Ok((loaded.world.clone(), compiled))
    }
}

impl Engine for OptimizedEngine {
    fn name(&self) -> &str {
        "optimized"
    }

    fn load(&mut self, world: Arc<World>) -> Result<(), EngineError> {
        self.loaded = Some(Loaded {
            world,
            columns: None,
            compiled: Vec::new(),
        });
        Ok(())
    }

    fn access(&mut self, tx: &Transaction) -> Result<(), EngineError> {
        // Compiling fails with U5's error without ACCESS; the result is
        // kept for the user's next query.
        self.compiled(&tx.principal).map(|_| ())
    }

    fn query(&mut self, tx: &Transaction, query: &Query) -> Result<QueryResult, EngineError> {
        let (world, compiled) = self.compiled(&tx.principal)?;
        let ctx = Ctx::new(&compiled, &world, tx);
        execute(&ctx, query)
    }

    fn visibility(&mut self, tx: &Transaction) -> Result<Visibility, EngineError> {
        Ok(self.compiled(&tx.principal)?.1.visibility())
    }
}
