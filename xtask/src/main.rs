//! `cargo xtask`: Polygraph's command line.
//!
//! - `check` runs scenario files on the engines and compares the rows;
//! - `explain` shows the reference's decision for every element a user meets;
//! - `test` is the whole gate CI runs (the corpus on both engines);
//! - `report` measures the engines and the peers on the benchmark workloads
//!   and writes the CSV, charts and page;
//! - `fuzz` runs generated worlds through both engines and keeps what they
//!   disagree on;
//! - `keys` publishes the harness's OIDC signing keys as JWKS documents.
//!
//! The commands are thin: loading lives in `model::scenario`, running in
//! [`runner`], the engines in their crates.

mod check;
mod explain;
mod fuzz;
mod gate;
mod keys;
mod release;
mod report;
mod runner;
mod style;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

/// Polygraph: the oracle and the stopwatch for graph-database access control.
#[derive(Parser)]
#[command(name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The budgets every query runs under (docs/spec/semantics.md, "Budgets"):
/// a query over one fails with a resource-limit error (51N66) and the run
/// goes on.
#[derive(clap::Args)]
struct Budgets {
    /// Rows (or partial matches) one step of a query may hold.
    #[arg(long, value_name = "N", default_value_t = model::limits::DEFAULT_MAX_ROWS)]
    max_rows: u64,
    /// Bytes a string, list or map built by an expression may measure
    /// (a string's UTF-8 bytes; 16 per list element or map entry, plus its contents).
    #[arg(long, value_name = "N", default_value_t = model::limits::DEFAULT_MAX_VALUE_BYTES)]
    max_value_bytes: u64,
}

impl Budgets {
    fn limits(&self) -> model::limits::Limits {
        model::limits::Limits {
            max_rows: self.max_rows,
            max_value_bytes: self.max_value_bytes,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Run every query of the given scenario files (or folders, recursively `*.toml`)
    /// and compare each engine's rows with `expect`.
    Check {
        /// Which engine(s) to run.
        #[arg(long, value_enum, default_value_t = EngineChoice::Reference)]
        engine: EngineChoice,
        /// Print only JSON objects on stdout, one per line: one per query, then
        /// `{"summary": {"passed": N, "failed": N}}` in place of the closing line.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        budgets: Budgets,
        /// Scenario files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Explain, for the user of query N of FILE, every element's decision and the
    /// privileges behind it (the reference engine's view).
    Explain {
        /// `FILE#N`: the scenario file and the 1-based query number.
        target: String,
        /// Only this node id.
        #[arg(long, conflicts_with = "rel")]
        node: Option<u64>,
        /// Only this relationship id.
        #[arg(long)]
        rel: Option<u64>,
    },
    /// The gate CI runs: cargo fmt --check, clippy -D warnings, the workspace tests,
    /// the planted-bug tests, and `check --engine all corpora`.
    Test,
    /// Run generated worlds (graph, security, users, queries) through both engines;
    /// on the first disagreement, shrink the world, write it under --out as a scenario
    /// file and exit 1. Prints `cases: N, mismatches: M, cases/s: X` last.
    Fuzz {
        /// The run's seed: the same seed gives the same cases on any machine.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// How many cases (over all shards together; default 1000).
        #[arg(long, conflicts_with = "time")]
        cases: Option<u64>,
        /// Run for this many seconds instead of a number of cases.
        #[arg(long)]
        time: Option<f64>,
        /// Run only shard I of N (1-based): cases whose index is I-1 modulo N.
        #[arg(long, value_parser = fuzz::parse_shard)]
        shard: Option<(u64, u64)>,
        /// Where minimised disagreements are written (default corpora/regressions;
        /// with --plant, a folder under the system's temporary directory).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Report the first disagreement without shrinking or writing it.
        #[arg(long)]
        no_shrink: bool,
        /// Plant a deliberate bug in the optimized engine (`list` names them);
        /// builds xtask in release with the `plant` feature when needed.
        #[arg(long, value_name = "NAME")]
        plant: Option<String>,
    },
    /// Run the benchmark workloads (graph sizes × policies × queries) on both engines and
    /// the peers (Cedar, Casbin), write results.csv, the charts (PNG and SVG) and
    /// index.html, and print the headline figures as `figure <name> <value> <unit>` lines.
    /// Builds xtask in release first. Exit status 1 when --compare finds a regression.
    Report {
        /// Sizes up to 100k, the reference up to 10k, fewer repetitions: about two
        /// minutes on 2 cores.
        #[arg(long)]
        quick: bool,
        /// Graph sizes in nodes, e.g. `1k,10k,100k,1M` (default 1k,10k,100k,1M;
        /// with --quick 1k,10k,100k). The reference runs up to 100k (10k with --quick).
        #[arg(long, value_parser = report::sizes_arg, value_name = "LIST")]
        sizes: Option<report::Sizes>,
        /// Where to write results.csv, the charts and index.html (default reports/out).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Compare every figure with this earlier results.csv; exit 1 when one worsens
        /// beyond its noise margin (the larger relative min-max spread of the two runs,
        /// at least --noise-floor).
        #[arg(long, value_name = "BASELINE.csv")]
        compare: Option<PathBuf>,
        /// The least noise margin of --compare, as a fraction (default 0.25).
        #[arg(long, value_name = "FRACTION", requires = "compare")]
        noise_floor: Option<f64>,
        /// One JSON object per line on stdout (figures, notes, comparisons); no progress.
        #[arg(long)]
        json: bool,
    },
    /// Write the harness's public OIDC signing keys (docs/spec/semantics.md O2) as one
    /// JWKS document per provider, DIR/<provider>.json: the live RS256 and ES256 keys
    /// (RSA n/e, EC crv/x/y), each with kid, alg and use "sig". Retired keys are not
    /// published, and HS256 secrets never are (they are shared secrets, not public keys).
    Keys {
        /// The directory to write into (created if missing).
        #[arg(long, value_name = "DIR")]
        jwks: PathBuf,
        /// The providers of this neo4j.conf-style file, or of this scenario's `config`
        /// when it ends in .toml (default: the default provider of O1).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
}

/// The engines `check` can run.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineChoice {
    /// The reference engine.
    Reference,
    /// The optimized engine.
    Optimized,
    /// Both; a query also fails when they disagree.
    All,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Deep (but bounded) expressions recurse in the interpreter; give it room.
    let worker = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || match cli.command {
            Command::Check {
                engine,
                json,
                budgets,
                paths,
            } => check::run(engine, json, budgets.limits(), &paths),
            Command::Explain { target, node, rel } => explain::run(&target, node, rel),
            Command::Test => gate::run(),
            Command::Report {
                quick,
                sizes,
                out,
                compare,
                noise_floor,
                json,
            } => report::run(&report::Args {
                quick,
                sizes,
                out,
                compare,
                noise_floor,
                json,
            }),
            Command::Keys { jwks, config } => keys::run(&jwks, config.as_deref()),
            Command::Fuzz {
                seed,
                cases,
                time,
                shard,
                out,
                no_shrink,
                plant,
            } => match time.map(Duration::try_from_secs_f64).transpose() {
                Ok(time) => fuzz::command(
                    &fuzz::Options {
                        seed,
                        cases,
                        time,
                        shard: shard.unwrap_or((0, 1)),
                        out,
                        shrink: !no_shrink,
                    },
                    plant.as_deref(),
                ),
                Err(_) => {
                    eprintln!("error: --time must be a non-negative number of seconds");
                    ExitCode::from(2)
                }
            },
        });
    match worker.map(|handle| handle.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("error: the command's worker thread failed");
            ExitCode::FAILURE
        }
    }
}
