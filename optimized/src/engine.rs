//! [`OptimizedEngine`]: the `model::engine::Engine` of this crate. Caches
//! the columns per graph and the compiled visibility per (catalog version,
//! principal, graph, configuration), so that a session's queries compile
//! once; a catalog change bumps the version and so misses the cache.

use std::sync::Arc;

use model::ast::Query;
use model::engine::{Engine, EngineError, Principal, Transaction, Visibility};
use model::rows::QueryResult;
use model::world::World;

use crate::columns::Columns;
use crate::exec::context::Ctx;
use crate::exec::execute;
use crate::visibility::Compiled;

/// A cheap fingerprint of a graph: sizes and token counts. The graph is
/// immutable between data statements, which change one of these.
#[derive(Debug, Clone, PartialEq, Eq)]
struct GraphKey {
    nodes: usize,
    rels: usize,
    labels: usize,
    rel_types: usize,
    keys: usize,
    indexes: usize,
    address: usize,
    /// A hash of the token names and of a few elements at both ends, so
    /// that another graph of the same sizes is told apart.
    sample: u64,
}

impl GraphKey {
    fn of(world: &World) -> Self {
        let g = &world.graph;
        GraphKey {
            nodes: g.nodes.len(),
            rels: g.relationships.len(),
            labels: g.tokens.labels.len(),
            rel_types: g.tokens.rel_types.len(),
            keys: g.tokens.property_keys.len(),
            indexes: g.indexes.len(),
            address: g.nodes.as_ptr() as usize,
            sample: sample_hash(g),
        }
    }
}

/// Hashes the tokens, indexes and up to four elements at each end.
fn sample_hash(g: &model::graph::Graph) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    format!("{:?}{:?}", g.tokens, g.indexes).hash(&mut h);
    let ends = |n: usize| (0..n.min(4)).chain(n.saturating_sub(4)..n);
    for i in ends(g.nodes.len()) {
        format!("{:?}", g.nodes.get(i)).hash(&mut h);
    }
    for i in ends(g.relationships.len()) {
        format!("{:?}", g.relationships.get(i)).hash(&mut h);
    }
    h.finish()
}

/// The key of a compiled visibility.
#[derive(Debug, Clone, PartialEq)]
struct CompiledKey {
    graph: GraphKey,
    catalog_version: u64,
    /// The catalog itself, since versions of different worlds may coincide.
    catalog: model::catalog::Catalog,
    principal: Principal,
    database: String,
    config: model::config::Config,
}

/// The optimized engine.
#[derive(Default)]
pub struct OptimizedEngine {
    columns: Option<(GraphKey, Arc<Columns>)>,
    compiled: Vec<(CompiledKey, Arc<Compiled>)>,
}

/// How many compiled visibilities are kept (one per user of a scenario).
const COMPILED_CACHE: usize = 16;

impl OptimizedEngine {
    /// An engine with empty caches.
    pub fn new() -> Self {
        OptimizedEngine::default()
    }

    /// The columns of `world.graph`, built once per graph.
    fn columns(&mut self, world: &World) -> Result<Arc<Columns>, EngineError> {
        let key = GraphKey::of(world);
        if let Some((k, c)) = &self.columns
            && *k == key
        {
            return Ok(c.clone());
        }
        let columns = Arc::new(Columns::build(&world.graph)?);
        self.columns = Some((key, columns.clone()));
        self.compiled.clear();
        Ok(columns)
    }

    /// The compiled visibility of `principal`, cached.
    fn compiled(
        &mut self,
        world: &World,
        principal: &Principal,
    ) -> Result<Arc<Compiled>, EngineError> {
        let columns = self.columns(world)?;
        let key = CompiledKey {
            graph: GraphKey::of(world),
            catalog_version: world.catalog.version,
            catalog: world.catalog.clone(),
            principal: principal.clone(),
            database: world.database.clone(),
            config: world.config.clone(),
        };
        if let Some((_, c)) = self.compiled.iter().find(|(k, _)| *k == key) {
            return Ok(c.clone());
        }
        let compiled = Arc::new(Compiled::with_columns(columns, world, principal)?);
        if self.compiled.len() >= COMPILED_CACHE {
            self.compiled.remove(0);
        }
        self.compiled.push((key, compiled.clone()));
        Ok(compiled)
    }
}

impl Engine for OptimizedEngine {
    fn name(&self) -> &'static str {
        "optimized"
    }

    fn query(
        &mut self,
        world: &World,
        tx: &Transaction,
        query: &Query,
    ) -> Result<QueryResult, EngineError> {
        let compiled = self.compiled(world, &tx.principal)?;
        let ctx = Ctx::new(&compiled, world, tx);
        execute(&ctx, query)
    }

    fn visibility(&mut self, world: &World, tx: &Transaction) -> Result<Visibility, EngineError> {
        Ok(self.compiled(world, &tx.principal)?.visibility())
    }
}
