//! A world: one database's graph, the security catalog and the configuration,
//! as an engine receives them for each query.

use crate::catalog::Catalog;
use crate::config::Config;
use crate::graph::Graph;

/// Everything a query runs against.
#[derive(Debug, Clone)]
pub struct World {
    /// The database's name (D4); `neo4j` by default. Lowercase, like the
    /// names privileges store ([`crate::catalog::GraphScope::named`]):
    /// engines compare the two as they are.
    pub database: String,
    /// The stored graph.
    pub graph: Graph,
    /// Roles, users, privileges.
    pub catalog: Catalog,
    /// `neo4j.conf` settings (blacklist, providers).
    pub config: Config,
}
