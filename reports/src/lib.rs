//! Polygraph's benchmark workloads (docs/design.md, "Benchmark workloads") and
//! the measurements `cargo xtask bench` prints:
//!
//! - [`workload`]: seeded, deterministic graphs;
//! - [`policies`]: the policies as administration scripts;
//! - [`queries`]: the timed queries;
//! - [`measure`]: timing, sizes and the `figure` lines;
//! - [`results`]: the rows of `results.csv` and the machine facts;
//! - [`charts`]: the report's charts (SVG and PNG, captions from the rows);
//! - [`page`]: the report's self-contained `index.html`.
//!
//! The criterion benches in `benches/` use the same pieces on a 10k graph.
//!
//! Running:
//!
//! - `cargo xtask bench --quick`: 10k nodes, 3 repetitions, well under two
//!   minutes once built. A debug xtask re-runs itself in release (`cargo run
//!   --release -p xtask -- bench …`, also `cargo xtask-release bench …`);
//!   `POLYGRAPH_BENCH_DEBUG=1` keeps the debug build for a smoke run.
//! - `cargo xtask bench [--nodes N] [--json]`: N nodes (default 100k), 5
//!   repetitions; the reference engine is capped at 100k nodes (10k with
//!   `--quick`) and `speedup.*` compare on that capped graph.
//! - `cargo bench -p reports`: the criterion benches.
//! - `cargo run -p reports --example report_page -- DIR`: the page and
//!   charts from invented numbers, to look at the layout.
//!
//! Figures (`figure <name> <value> <unit>`): `time.<engine>.<query>.<policy>`,
//! `speedup.<query>.<policy>` (reference ÷ optimized),
//! `overhead.<query>.<policy>` (policy ÷ admin on the optimized engine;
//! `reference.overhead.*` on the reference), `columns.build.ms`,
//! `compile.ms.<policy>`, `visibility.elements_per_s[.<policy>]`,
//! `stream.elements_per_s`, `visibility.fraction_of_stream`,
//! `bytes.per_node`, `bytes.per_rel`, `bytes.per_node_with_props`,
//! `bytes.per_rel_with_props`.

#![warn(missing_docs)]

pub mod charts;
pub mod measure;
pub mod page;
pub mod policies;
pub mod queries;
pub mod results;
pub mod workload;
