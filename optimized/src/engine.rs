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

use crate::abac::{RuleSet, Sessions};
use crate::columns::Columns;
use crate::exec::context::Ctx;
use crate::exec::execute;
use crate::principal::{Subject, subject};
use crate::visibility::Compiled;

/// How many compiled visibilities are kept (one per user of a scenario).
const COMPILED_CACHE: usize = 16;

/// What the engine derived from the loaded world.
struct Loaded {
    world: Arc<World>,
    /// Built on the first request that needs them.
    columns: Option<Arc<Columns>>,
    /// The catalog's auth rules, compiled on the first OIDC request.
    rules: Option<Arc<RuleSet>>,
    /// OIDC sessions' state.
    sessions: Sessions,
    /// One per subject asked about (`None`: the administrator), oldest
    /// first: users with the same roles share one.
    compiled: Vec<(Option<Subject>, Arc<Compiled>)>,
}

impl Loaded {
    /// Who runs `tx`: `None` for an administrator (U6).
    fn subject(&mut self, tx: &Transaction) -> Result<Option<Subject>, EngineError> {
        let Principal::Oidc(session) = &tx.principal else {
            return subject(&self.world, &tx.principal);
        };
        let rules = match &self.rules {
            Some(rules) => rules.clone(),
            None => {
                let compiled = Arc::new(RuleSet::compile(&self.world.catalog)?);
                self.rules = Some(compiled.clone());
                compiled
            }
        };
        self.sessions
            .subject(&self.world, &rules, session, tx.at)
            .map(Some)
    }
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

    /// The loaded world and the compiled visibility of `tx`'s user, compiled
    /// once per load and subject.
    fn compiled(&mut self, tx: &Transaction) -> Result<(Arc<World>, Arc<Compiled>), EngineError> {
        let loaded = self
            .loaded
            .as_mut()
            .ok_or_else(|| not_loaded("optimized"))?;
        let subject = loaded.subject(tx)?;
        if let Some((_, c)) = loaded.compiled.iter().find(|(s, _)| *s == subject) {
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
        let compiled = Arc::new(Compiled::for_subject(
            columns,
            &loaded.world,
            subject.as_ref(),
        )?);
        if loaded.compiled.len() >= COMPILED_CACHE {
            loaded.compiled.remove(0);
        }
        loaded.compiled.push((subject, compiled.clone()));
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
            rules: None,
            sessions: Sessions::default(),
            compiled: Vec::new(),
        });
        Ok(())
    }

    fn access(&mut self, tx: &Transaction) -> Result<(), EngineError> {
        // Compiling fails with U5's error without ACCESS; the result is
        // kept for the user's next query.
        self.compiled(tx).map(|_| ())
    }

    fn query(&mut self, tx: &Transaction, query: &Query) -> Result<QueryResult, EngineError> {
        let (world, compiled) = self.compiled(tx)?;
        let ctx = Ctx::new(&compiled, &world, tx);
        execute(&ctx, query)
    }

    fn visibility(&mut self, tx: &Transaction) -> Result<Visibility, EngineError> {
        Ok(self.compiled(tx)?.1.visibility())
    }
}
