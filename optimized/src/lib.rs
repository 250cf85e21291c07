//! Polygraph's optimized engine (docs/design.md): the same security semantics as
//! the reference engine (docs/spec/semantics.md, docs/decisions.md), computed
//! over a columnar graph with the user's policy compiled into token masks
//! and the user's visibility held as roaring bitmaps.
//!
//! This crate owns its own security decisions: it depends on `model` for
//! data and value semantics only and never calls the reference engine
//! (docs/design.md, "shared and independent"); the two are compared only
//! by the differential oracle (the `differential` crate).
//!
//! The pipeline, one module per step:
//!
//! 1. [`columns`]: the graph as columns, built once per graph.
//! 2. [`principal`]: the roles a user holds; [`abac`]: those of an OIDC
//!    session (groups and auth rules).
//! 3. [`policy`]: those roles' privileges folded into per-token masks.
//! 4. [`rules`]: property rules evaluated column-wise into bitmaps.
//! 5. [`visibility`]: traversable nodes, visible relationships and readable
//!    keys as bitmaps; [`compile`] runs the whole pipeline.
//!
//! Supporting modules: [`bits`] (token bitsets), [`dictionary`] (token
//! names ↔ indexes, and P6's "registered" test), [`properties`] (typed
//! property columns with presence bitmaps).
//!
//! [`plant`] lists deliberate bugs; with the `plant` feature one can be
//! switched on to measure the differential fuzzer (off by default).
//!
//! Query execution: [`exec`] runs read queries over these bitmaps and
//! columns (written from docs/spec/scenario-format.md and docs/decisions.md, not from
//! the reference's interpreter); [`engine`] is the `model::engine::Engine`
//! ([`OptimizedEngine`]) with its caches; [`parallel`] decides when scans
//! use rayon.

#![warn(missing_docs)]

pub mod abac;
pub mod bits;
pub mod columns;
pub mod dense;
pub mod dictionary;
pub mod engine;
pub mod exec;
pub mod ids;
pub mod parallel;
pub mod plant;
pub mod policy;
pub mod principal;
pub mod properties;
pub mod rules;
pub mod visibility;

pub use engine::OptimizedEngine;
pub use visibility::{Compiled, compile};
