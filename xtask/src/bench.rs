//! `cargo xtask bench`: runs the benchmark workloads of docs/design.md on the
//! engines in one process (the `reports` crate) and prints `figure <name>
//! <value> <unit>` lines, or one JSON object per figure with `--json`;
//! plus `differential.cases_per_s`, the fuzzer's rate (a case is one
//! generated world and its queries on both engines).
//!
//! Timings need a release build. A debug `cargo xtask bench` therefore
//! re-runs itself as `cargo run --release -p xtask -- bench …` unless
//! `POLYGRAPH_BENCH_DEBUG=1` is set (for a quick smoke run).

use std::process::ExitCode;

use reports::measure::{self, Options};

use crate::release::rerun_in_release;

/// Set to run the benchmark in whatever build is running.
const STAY_ENV: &str = "POLYGRAPH_BENCH_DEBUG";

/// Runs the benchmark with `--quick`, `--nodes` and `--json` as given.
pub fn run(quick: bool, nodes: Option<usize>, json: bool) -> ExitCode {
    if cfg!(debug_assertions) && std::env::var_os(STAY_ENV).is_none() {
        return rerun_in_release(
            &[],
            &format!("building xtask in release for the benchmark ({STAY_ENV}=1 skips this)"),
        );
    }
    let mut options = if quick {
        Options::quick()
    } else {
        Options::full(nodes.unwrap_or(100_000))
    };
    if let Some(n) = nodes {
        options.nodes = n;
        options.reference_nodes = options.reference_nodes.min(n);
    }
    if cfg!(debug_assertions) {
        eprintln!("warning: debug build: timings are not representative");
    }
    match measure::run(&options, &measure::engines) {
        Ok(mut report) => {
            report
                .figures
                .push(crate::fuzz::throughput(if quick { 2_000 } else { 10_000 }));
            for note in &report.notes {
                if json {
                    println!("{}", serde_json::json!({ "note": note }));
                } else {
                    println!("note: {note}");
                }
            }
            for f in &report.figures {
                if json {
                    let line =
                        serde_json::json!({ "name": f.name, "value": f.value, "unit": f.unit });
                    println!("{line}");
                } else {
                    println!("{}", f.line());
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
