//! The differential oracle: every engine runs on the same world and must
//! agree. [`oracle::Oracle`] asks any number of engines the same question
//! (load a world, a query, a visibility, ACCESS) and judges the answers;
//! [`compare`] says how two answers differ (the one comparer in the
//! project); [`case`] runs a generated world (every principal's visibility,
//! then every query) and reports the first disagreement with the
//! generator's success counters. `cargo xtask check --engine all`, `cargo
//! xtask fuzz`, the cargo-fuzz `differential` target and the differential
//! tests all judge with it, so a disagreement reads the same wherever it is
//! found.

pub mod case;
pub mod compare;
pub mod oracle;

pub use case::{Outcome, run, run_built};
pub use oracle::{Answer, Oracle, Verdict};

use generators::GenWorld;
use model::engine::Engine;

/// Runs a generated world on fresh built-in engines, the reference first
/// and the optimized engine second (the fuzzers' pair).
pub fn run_builtin(world: &GenWorld) -> Outcome {
    let mut reference = reference::ReferenceEngine::default();
    let mut optimized = optimized::OptimizedEngine::new();
    let mut engines: [&mut dyn Engine; 2] = [&mut reference, &mut optimized];
    run(&mut Oracle::new(&mut engines), world)
}

/// [`run_built`] on fresh built-in engines, over a world built elsewhere
/// (the cargo-fuzz target's path through the scenario text).
pub fn run_builtin_on(world: &GenWorld, built: std::sync::Arc<model::world::World>) -> Outcome {
    let mut reference = reference::ReferenceEngine::default();
    let mut optimized = optimized::OptimizedEngine::new();
    let mut engines: [&mut dyn Engine; 2] = [&mut reference, &mut optimized];
    run_built(&mut Oracle::new(&mut engines), world, built)
}
