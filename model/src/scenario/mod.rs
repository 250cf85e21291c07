//! Scenario files (docs/spec/scenario-format.md): the loaded form, and the loader that
//! turns a TOML file into it with every error located in the file (E1).
//!
//! Loading parses everything a scenario holds (graph, security commands,
//! config, every query) before anything runs, so that a scenario with a
//! syntax error anywhere is rejected as a whole with the file, line and
//! column of the problem.

mod files;
mod load;
pub mod positions;
mod toml_errors;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use crate::admin::AdminCommand;
use crate::admin::exec::execute;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::cypher::Statement;
use crate::error::ErrorKind;
use crate::graph::Graph;
use crate::value::Value;
use crate::world::World;

pub use files::{Found, scenario_files};
pub use load::{load_file, load_str};
pub use toml_errors::TOML_NESTING_LIMIT;

/// The transaction time of a query without `at` (docs/spec/scenario-format.md).
pub const DEFAULT_AT: &str = "2026-01-01T12:00:00Z";

/// A 1-based line and column in a scenario file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Why a scenario file could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file.
    pub path: PathBuf,
    /// Where in the file, when known.
    pub position: Option<Position>,
    /// What is wrong, naming the construct.
    pub message: String,
    /// The error's kind when a parser or validator found it (a query's
    /// syntax error is then that query's outcome, with this kind's code).
    pub kind: Option<Box<ErrorKind>>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(f, "{}:{}: {}", self.path.display(), p, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for LoadError {}

/// A loaded scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The file it came from.
    pub path: PathBuf,
    /// `name`.
    pub name: String,
    /// `source`.
    pub source: Option<String>,
    /// `database` (default `neo4j`, D4), in lowercase: names are
    /// case-insensitive and privileges store them in lowercase.
    pub database: String,
    /// The graph built from `graph`.
    pub graph: Graph,
    /// The `security` commands in order, with where each starts.
    pub security: Vec<(AdminCommand, Position)>,
    /// `config`.
    pub config: Config,
    /// The queries in file order.
    pub queries: Vec<ScenarioQuery>,
}

/// Who runs a query, after sessions are resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryUser {
    /// Neither `as` nor `claims`: an administrator (U6).
    Admin,
    /// `as`: a native user.
    Native(String),
    /// `claims`: an OIDC user (docs/spec/semantics.md sections 5-6).
    Oidc {
        /// The token's claims.
        claims: toml::Table,
        /// Changes to the minted token.
        token: TokenOverrides,
    },
}

/// The `token` table of a query: changes to the minted JWT for negative cases.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenOverrides {
    /// Provider name (default: the first configured).
    pub provider: Option<String>,
    /// `RS256` (default), `HS256` or `ES256`.
    pub alg: Option<String>,
    /// Seconds from `at` to `exp` (default 3600).
    pub exp_offset_s: Option<i64>,
    /// Seconds from `at` to `nbf`.
    pub nbf_offset_s: Option<i64>,
    /// Overrides `iss`.
    pub iss: Option<String>,
    /// Overrides `aud`.
    pub aud: Option<String>,
    /// Overrides the key id.
    pub kid: Option<String>,
    /// `signature`, `payload`, `alg-none` or `alg-confusion` (`model::oidc::mint`).
    pub tamper: Option<String>,
}

/// What a query must produce.
#[derive(Debug, Clone, PartialEq)]
pub enum Expectation {
    /// `expect`: these rows, keyed by column.
    Rows(Vec<BTreeMap<String, Value>>),
    /// `expect_error`: an error whose message contains this text.
    Error(String),
    /// Neither: the query must succeed.
    Success,
}

/// One `[[query]]`.
#[derive(Debug, Clone)]
pub struct ScenarioQuery {
    /// 1-based index in the file (the `N` of `file#N`).
    pub number: usize,
    /// Where its `cypher` string starts.
    pub position: Position,
    /// The `cypher` text as written.
    pub cypher: String,
    /// The parsed statement, or, for a query that expects an error
    /// (`expect_error`), the syntax error that is then its outcome.
    pub statement: Result<Statement, LoadError>,
    /// Who runs it (sessions resolved to their opening query's user).
    pub user: QueryUser,
    /// The transaction time.
    pub at: chrono::DateTime<chrono::FixedOffset>,
    /// `session`.
    pub session: Option<String>,
    /// What it must produce.
    pub expectation: Expectation,
}

impl Scenario {
    /// The world every engine starts from: the scenario's graph, the
    /// built-in catalog (U1-U2), its config, and its `security` commands run
    /// in order by an administrator. The error names the failing command's
    /// position.
    pub fn world(&self) -> Result<World, String> {
        let mut world = World {
            database: self.database.clone(),
            graph: self.graph.clone(),
            catalog: Catalog::with_builtins(),
            config: self.config.clone(),
        };
        for (command, position) in &self.security {
            execute(command, &mut world.catalog, &mut world.graph.tokens)
                .map_err(|e| format!("{}:{position}: in `security`: {e}", self.path.display()))?;
        }
        Ok(world)
    }
}
