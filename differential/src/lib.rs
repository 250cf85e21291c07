//! The differential oracle: the reference and the optimized engine run on
//! the same world and must agree. [`compare`] says how two answers differ;
//! [`case`] runs a generated world (every principal's visibility, then
//! every query) and reports the first disagreement with the generator's
//! success counters. Used by `cargo xtask check --engine all`, `cargo xtask
//! fuzz` and the cargo-fuzz `differential` target, so all three judge alike.

pub mod case;
pub mod compare;

pub use case::{Outcome, run, run_built};
pub use compare::{disagreement, visibility_disagreement};
