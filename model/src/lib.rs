//! Polygraph's shared vocabulary.
//!
//! This crate owns everything both engines must agree on *as data*: values and
//! their Cypher comparison rules, the graph, the security catalog, the parsers
//! for Cypher and administration commands, `neo4j.conf` lines, scenario files,
//! the [`Engine`](engine::Engine) trait and result rows with their comparison
//! rules. It makes **no security decision**: who sees what is each engine's
//! own business (docs/design.md, "shared and independent"). It must not depend on
//! any engine crate.

#![warn(missing_docs)]

pub mod admin;
pub mod ast;
pub mod budget;
pub mod catalog;
pub mod config;
pub mod cypher;
pub mod engine;
pub mod error;
pub mod functions;
pub mod graph;
pub mod limits;
pub mod oidc;
pub mod rows;
pub mod scenario;
pub mod value;
pub mod world;
