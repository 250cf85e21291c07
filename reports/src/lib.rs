//! Polygraph's benchmark workloads (DESIGN.md, "Benchmark workloads") and
//! the measurements `cargo xtask bench` prints:
//!
//! - [`workload`]: seeded, deterministic graphs;
//! - [`policies`]: the policies as administration scripts;
//! - [`queries`]: the timed queries;
//! - [`measure`]: timing, sizes and the `figure` lines.
//!
//! The criterion benches in `benches/` use the same pieces on a 10k graph.

#![warn(missing_docs)]

pub mod measure;
pub mod policies;
pub mod queries;
pub mod workload;
