//! `cargo xtask fuzz`: generated worlds through both engines (docs/design.md's
//! contract). Cases run in parallel batches and are judged in index order,
//! so a run stops at the same first mismatch on any machine; that world is
//! shrunk with proptest and written under `--out` as a scenario file, and
//! the command exits 1. The closing line is
//! `cases: N, mismatches: M, cases/s: X`. With `--plant NAME` the
//! optimized engine runs with a deliberate bug ([`plant`]).

use differential::case;
mod cases;
pub mod plant;
mod regression;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use generators::Coverage;
use rayon::prelude::*;

use crate::style::say;

/// How a run is bounded and where it writes.
pub struct Options {
    /// `--seed`.
    pub seed: u64,
    /// `--cases`: how many case indices the run covers (all shards together).
    pub cases: Option<u64>,
    /// `--time`: stop after this long instead.
    pub time: Option<Duration>,
    /// `--shard I/N` as (I - 1, N).
    pub shard: (u64, u64),
    /// `--out`: where regressions go (`None`: [`DEFAULT_OUT`], or a
    /// temporary folder when planting).
    pub out: Option<PathBuf>,
    /// Shrink and write the first mismatch (`--no-shrink` turns it off).
    pub shrink: bool,
}

/// Where regressions go without `--out`.
pub const DEFAULT_OUT: &str = "corpora/regressions";

/// Runs `cargo xtask fuzz`, with the plant `--plant` names if any.
pub fn command(options: &Options, plant: Option<&str>) -> ExitCode {
    match plant::plan(plant) {
        plant::Plan::Done(code) => code,
        plant::Plan::Normal => {
            let out = options.out.clone().unwrap_or_else(|| DEFAULT_OUT.into());
            run(options, &out, None)
        }
        plant::Plan::Run(p) => {
            plant::switch_on(p);
            say!("planted bug in the optimized engine: {p} ({})", p.summary());
            let out = options.out.clone().unwrap_or_else(|| plant::default_out(p));
            run(options, &out, Some(p.name()))
        }
    }
}

/// Cases a run without `--cases` or `--time` covers.
pub const DEFAULT_CASES: u64 = 1000;

/// Parses `I/N` (1 ≤ I ≤ N) into (I - 1, N).
pub fn parse_shard(text: &str) -> Result<(u64, u64), String> {
    let bad = || format!("--shard: expected I/N with 1 <= I <= N, got `{text}`");
    let (i, n) = text.split_once('/').ok_or_else(bad)?;
    let (i, n): (u64, u64) = (
        i.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if i == 0 || i > n {
        return Err(bad());
    }
    Ok((i - 1, n))
}

/// Totals over the cases run.
#[derive(Default)]
struct Totals {
    cases: u64,
    loaded: u64,
    queries: u64,
    queries_ok: u64,
    over_budget: u64,
    principals: u64,
    refused: u64,
    denies_failing_open: u64,
    grants_on_null: u64,
    coverage: Coverage,
    sessions: case::SessionStats,
}

impl Totals {
    fn add(&mut self, o: &case::Outcome) {
        self.cases += 1;
        self.loaded += u64::from(o.loaded);
        self.queries += o.queries;
        self.queries_ok += o.queries_ok;
        self.over_budget += o.over_budget;
        self.principals += o.principals;
        self.refused += o.refused;
        self.denies_failing_open += o.denies_failing_open;
        self.grants_on_null += o.grants_on_null;
        self.coverage.add(&o.coverage);
        self.sessions.add(&o.sessions);
    }
}

/// Cases judged per parallel batch.
const BATCH: u64 = 256;

/// Runs the fuzzer, writing a regression under `out`; `plant` names the
/// planted bug for the regression's header.
fn run(options: &Options, out: &Path, plant: Option<&'static str>) -> ExitCode {
    let (shard, shards) = options.shard;
    let limit = match (options.cases, options.time) {
        (Some(n), _) => Some(n),
        (None, None) => Some(DEFAULT_CASES),
        (None, Some(_)) => None,
    };
    let mine = limit.map(|n| n / shards + u64::from(shard < n % shards));
    let bar = reports::progress::progress(mine);
    bar.set_message("cases");
    let started = Instant::now();
    let mut totals = Totals::default();
    let mut next = 0u64; // this shard's next case, counted within the shard
    let mut failing: Option<(u64, String)> = None;
    let mut found_after = Duration::ZERO;
    loop {
        let remaining = mine.map_or(BATCH, |m| m.saturating_sub(next).min(BATCH));
        let out_of_time = options.time.is_some_and(|t| started.elapsed() >= t);
        if remaining == 0 || out_of_time {
            break;
        }
        let indices: Vec<u64> = (next..next + remaining)
            .map(|k| k * shards + shard)
            .collect();
        next += remaining;
        let outcomes: Vec<(u64, case::Outcome)> = indices
            .par_iter()
            .filter_map(|&i| {
                cases::tree(options.seed, i).map(|t| (i, differential::run_builtin(&t.current())))
            })
            .collect();
        for (index, outcome) in outcomes {
            totals.add(&outcome);
            bar.inc(1);
            if let Some(m) = outcome.mismatch {
                failing = Some((index, m));
                found_after = started.elapsed();
                break;
            }
        }
        if failing.is_some() {
            break;
        }
    }
    let elapsed = started.elapsed();
    bar.finish_and_clear();
    report(&totals);
    let mismatches = u64::from(failing.is_some());
    let mut status = ExitCode::SUCCESS;
    if let Some((index, mismatch)) = failing {
        say!("mismatch in case {index}: {}", first_line(&mismatch));
        say!(
            "found after {} cases in {:.2} s",
            totals.cases,
            found_after.as_secs_f64()
        );
        status = ExitCode::FAILURE;
        if options.shrink {
            match minimise(options.seed, index, out, plant) {
                Ok(written) => {
                    say!("shrunk and written to {}", written.path.display());
                    say!("shrunk world: {}", written.size);
                }
                Err(e) => say!("could not write the regression: {e}"),
            }
        }
    }
    let rate = totals.cases as f64 / elapsed.as_secs_f64().max(1e-9);
    say!(
        "cases: {}, mismatches: {mismatches}, cases/s: {rate:.1}",
        totals.cases
    );
    status
}

/// The fuzzer's throughput for the report: `cases` fuzz cases (seed 0)
/// judged as a fuzz run judges them, in parallel, repeated as `sampling`
/// says: the repetition times (none if a repetition could not run).
pub fn throughput(cases: u64, sampling: reports::sample::Sampling) -> Vec<Duration> {
    let judge = || {
        Ok::<usize, ()>(
            (0..cases)
                .into_par_iter()
                .filter_map(|i| cases::tree(0, i).map(|t| differential::run_builtin(&t.current())))
                .count(),
        )
    };
    reports::sample::sample_times(sampling, judge).unwrap_or_default()
}

/// The `fuzz_rate` measurement of [`throughput`]'s times for `cases` cases.
pub fn throughput_measurement(cases: u64, times: Vec<Duration>) -> reports::results::Measurement {
    let key = reports::measure::key(
        reports::results::metric::FUZZ_RATE,
        "reference+optimized",
        "",
        "",
        0,
    );
    let sample = reports::sample::Sample::of(times);
    reports::measure::rate(key, &sample, cases as f64, "cases/s")
}

/// The generator's success rates and the coverage counters.
fn report(t: &Totals) {
    let percent = |a: u64, b: u64| 100.0 * a as f64 / (b.max(1)) as f64;
    say!(
        "generator: {}/{} worlds built ({:.1}%), {}/{} queries ran without error ({:.1}%), \
         {} over a budget (not compared), {} of {} principals refused access",
        t.loaded,
        t.cases,
        percent(t.loaded, t.cases),
        t.queries_ok,
        t.queries,
        percent(t.queries_ok, t.queries),
        t.over_budget,
        t.refused,
        t.principals
    );
    say!(
        "rules on null (Q3): {} DENY rule/element pairs failed open, {} GRANT rule/element pairs \
         did not apply",
        t.denies_failing_open,
        t.grants_on_null
    );
    let s = &t.sessions;
    let refused: Vec<String> = s.refused.iter().map(|(r, n)| format!("{r} {n}")).collect();
    say!(
        "sessions: {} transactions, {} accepted, refused: {}; rules fulfilled {}, unfulfilled {}; \
         rule changes applied {}, refused {}; tokens not minted {}",
        s.transactions,
        s.accepted,
        if refused.is_empty() {
            "none".to_string()
        } else {
            refused.join(", ")
        },
        s.rules_fulfilled,
        s.rules_unfulfilled,
        s.changes_applied,
        s.changes_refused,
        s.unminted
    );
    let counters: Vec<String> = t
        .coverage
        .counters()
        .into_iter()
        .map(|(name, n)| format!("{name} {n}"))
        .collect();
    for chunk in counters.chunks(8) {
        say!("coverage: {}", chunk.join(", "));
    }
}

/// Shrinks case `index` of run `seed` and writes it under `out`.
fn minimise(
    seed: u64,
    index: u64,
    out: &Path,
    plant: Option<&'static str>,
) -> Result<regression::Written, String> {
    let mut tree =
        cases::tree(seed, index).ok_or_else(|| "the case cannot be regenerated".to_string())?;
    let budget = cases::Budget {
        time: Duration::from_secs(120),
        steps: 50_000,
    };
    let (world, steps) = cases::shrink(
        &mut tree,
        |w| differential::run_builtin(w).mismatch.is_some(),
        &budget,
    );
    let mismatch = differential::run_builtin(&world)
        .mismatch
        .ok_or_else(|| "the shrunk world no longer fails".to_string())?;
    let origin = regression::Origin {
        seed,
        plant,
        case: index,
        shrink_steps: steps,
        mismatch,
    };
    regression::write(out, &world, &origin)
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_one_based_and_bounded() {
        assert_eq!(parse_shard("1/4"), Ok((0, 4)));
        assert_eq!(parse_shard("4/4"), Ok((3, 4)));
        for bad in ["0/4", "5/4", "1", "a/b", "1/0", ""] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
    }
}
