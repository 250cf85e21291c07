//! `cargo xtask report`: Polygraph's main job. Runs the benchmark workloads
//! (the `reports` crate) at every graph size on both engines and the peers,
//! adds the fuzzer's throughput, and writes `results.csv`, the charts (PNG
//! and SVG) and `index.html` to the output folder; prints the headline
//! figures as `figure <name> <value> <unit>` lines (or JSON objects with
//! `--json`); with `--compare`, each figure's change against a baseline
//! CSV, exiting 1 when one worsened beyond its noise margin.
//!
//! Timings need a release build: a debug `cargo xtask report` re-runs
//! itself as `cargo run --release -p xtask -- report …` unless
//! `POLYGRAPH_REPORT_DEBUG=1` is set (the gate's smoke run).
//!
//! Exit status: 0, 1 (a figure regressed against `--compare`), 2 (bad
//! arguments, an unreadable baseline, an unwritable output folder, or a
//! failed measurement).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use reports::compare::{self, Comparison, Verdict};
use reports::derive;
use reports::measure::{self, Figure, Options};
use reports::progress::Progress;
use reports::results::{self, Machine, Measurement, Row};
use reports::sample::Sampling;

use crate::release::rerun_in_release;
use crate::style::say;

/// Set to run the report in whatever build is running.
const STAY_ENV: &str = "POLYGRAPH_REPORT_DEBUG";

/// The report's command-line options.
#[derive(Debug, Clone, Default)]
pub struct Args {
    /// `--quick`.
    pub quick: bool,
    /// `--sizes`, parsed.
    pub sizes: Option<Sizes>,
    /// `--out`.
    pub out: Option<PathBuf>,
    /// `--compare`.
    pub compare: Option<PathBuf>,
    /// `--noise-floor`, a fraction.
    pub noise_floor: Option<f64>,
    /// `--json`.
    pub json: bool,
}

/// `--sizes` as one value (clap would read a `Vec` as repeated values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sizes(pub Vec<usize>);

/// [`parse_sizes`] for clap.
pub fn sizes_arg(text: &str) -> Result<Sizes, String> {
    parse_sizes(text).map(Sizes)
}

/// The largest graph `--sizes` accepts: 10M nodes take minutes to generate
/// and several GB; anything larger is a typo.
const MAX_SIZE: usize = 10_000_000;

/// Parses `--sizes`: comma-separated node counts with an optional `k`
/// (thousand) or `M` (million) suffix, e.g. `1k,10k,100k,1M`. An error
/// names the entry and its 1-based column in the argument.
pub fn parse_sizes(text: &str) -> Result<Vec<usize>, String> {
    let mut sizes = Vec::new();
    let mut column = 1;
    for entry in text.split(',') {
        let trimmed = entry.trim();
        let (digits, scale) = if let Some(d) = trimmed.strip_suffix(['k', 'K']) {
            (d, 1_000)
        } else if let Some(d) = trimmed.strip_suffix('M') {
            (d, 1_000_000)
        } else {
            (trimmed, 1)
        };
        let n = digits
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_mul(scale))
            .filter(|n| (1..=MAX_SIZE).contains(n))
            .ok_or_else(|| {
                format!(
                    "--sizes: `{trimmed}` at column {column} is not a node count from 1 to 10M \
                     (write e.g. 1k,10k,100k,1M)"
                )
            })?;
        sizes.push(n);
        column += entry.len() + 1;
    }
    sizes.sort_unstable();
    sizes.dedup();
    Ok(sizes)
}

/// The measurement options `args` ask for.
fn options(args: &Args, debug: bool) -> Options {
    let mut options = if args.quick {
        Options::quick()
    } else {
        Options::full()
    };
    if let Some(Sizes(sizes)) = &args.sizes {
        options.sizes = sizes.clone();
    }
    if debug {
        // A smoke run in a debug build: the path, not the figures.
        options.sampling = Sampling::once();
        options.abac_rules.truncate(2);
    }
    options
}

/// Runs `cargo xtask report`.
pub fn run(args: &Args) -> ExitCode {
    if cfg!(debug_assertions) && std::env::var_os(STAY_ENV).is_none() {
        return rerun_in_release(
            &[],
            &format!("building xtask in release for the report ({STAY_ENV}=1 skips this)"),
        );
    }
    let debug = cfg!(debug_assertions);
    if debug {
        eprintln!("warning: debug build: timings are not representative");
    }
    // Everything that can be refused is checked before minutes of work.
    let baseline = match &args.compare {
        Some(path) => match read_baseline(path) {
            Ok(rows) => Some(rows),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let out = args.out.clone().unwrap_or_else(default_out);
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!(
            "error: cannot create the output folder {}: {e}",
            out.display()
        );
        return ExitCode::from(2);
    }
    let options = options(args, debug);
    let machine = reports::machine::facts();
    let engines: Vec<String> = measure::engines()
        .iter()
        .map(|e| e.name().to_string())
        .collect();
    let progress = Progress::new(options.steps(&engines), args.json);
    let fuzz_cases = if debug { 50 } else { 2_000 };
    let mut fuzz_times = Vec::new();
    let mut fuzz = |sampling| {
        progress.phase("differential fuzzing throughput");
        fuzz_times.extend(crate::fuzz::throughput(fuzz_cases, sampling));
        Ok(())
    };
    let measured = measure::run(&options, &measure::engines, &mut fuzz, &progress);
    let mut measured = match measured {
        Ok(m) => m,
        Err(e) => {
            progress.finish();
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    measured
        .measurements
        .push(crate::fuzz::throughput_measurement(fuzz_cases, fuzz_times));
    progress.finish();
    let mut all = measured.measurements.clone();
    all.extend(derive::derive(&measured.measurements));
    let headlines = derive::headlines(&all);
    if let Err(e) = write_outputs(&out, &all, &machine, &headlines, &measured.notes) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    print_figures(&headlines, &measured.notes, args.json);
    let status = match baseline {
        Some(rows) => {
            let floor = args
                .noise_floor
                .unwrap_or(compare::Options::default().floor);
            let comparison = compare::compare(&rows, &all, compare::Options { floor });
            print_comparison(&comparison, args.json);
            if comparison.regressions().next().is_some() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        None => ExitCode::SUCCESS,
    };
    if !args.json {
        say!(
            "wrote {} (results.csv, charts, index.html)",
            out.join("index.html").display()
        );
    }
    status
}

/// `reports/out` under the workspace root.
fn default_out() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("reports")
        .join("out")
}

/// The baseline's rows; an error names the file and the line.
fn read_baseline(path: &Path) -> Result<Vec<Row>, String> {
    let file = std::fs::File::open(path)
        .map_err(|e| format!("--compare: cannot read {}: {e}", path.display()))?;
    results::read_csv(file).map_err(|e| format!("{}: {e}", path.display()))
}

/// `results.csv`, the charts and `index.html` in `out`.
fn write_outputs(
    out: &Path,
    all: &[Measurement],
    machine: &Machine,
    headlines: &[Figure],
    notes: &[String],
) -> Result<(), String> {
    let write = |name: &str, bytes: &[u8]| {
        let path = out.join(name);
        std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    let mut csv = Vec::new();
    results::write_csv(&mut csv, all, machine)?;
    write("results.csv", &csv)?;
    let charts = reports::charts::draw_all(all)?;
    for chart in &charts {
        write(&format!("{}.svg", chart.id), chart.svg.as_bytes())?;
        write(&format!("{}.png", chart.id), &chart.png)?;
    }
    let command: Vec<String> = std::env::args().skip(1).collect();
    let html = reports::page::index_html(&reports::page::Page {
        title: "Polygraph: what security costs".to_string(),
        command: format!("cargo xtask {}", command.join(" ")),
        machine,
        headlines,
        measurements: all,
        charts: &charts,
        notes,
    });
    write("index.html", html.as_bytes())
}

/// The headline figures, then the notes.
fn print_figures(headlines: &[Figure], notes: &[String], json: bool) {
    for f in headlines {
        if json {
            let line =
                serde_json::json!({ "figure": f.name, "value": finite(f.value), "unit": f.unit });
            say!("{line}");
        } else {
            say!("{}", f.line());
        }
    }
    for note in notes {
        if json {
            say!("{}", serde_json::json!({ "note": note }));
        } else {
            eprintln!("note: {note}");
        }
    }
}

/// A JSON number, or null for a non-finite value (JSON has none).
fn finite(v: f64) -> serde_json::Value {
    serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number)
}

/// Each figure's change against the baseline, regressions first, then a
/// summary line.
fn print_comparison(c: &Comparison, json: bool) {
    let mut changes: Vec<_> = c.changes.iter().collect();
    changes.sort_by_key(|c| match c.verdict {
        Verdict::Worse => 0,
        Verdict::Improved => 1,
        Verdict::Same => 2,
    });
    for change in &changes {
        let verdict = match change.verdict {
            Verdict::Worse => "worse",
            Verdict::Improved => "better",
            Verdict::Same => "same",
        };
        if json {
            say!(
                "{}",
                serde_json::json!({
                    "compare": change.key.to_string(),
                    "before": finite(change.before),
                    "after": finite(change.after),
                    "unit": change.unit,
                    "change": finite(change.change),
                    "margin": finite(change.margin),
                    "verdict": verdict,
                })
            );
        } else {
            say!(
                "compare {} {:+.1}% (margin {:.1}%): {} {} -> {} {}",
                change.key,
                change.change * 100.0,
                change.margin * 100.0,
                verdict,
                short(change.before),
                short(change.after),
                change.unit
            );
        }
    }
    let worse = c.regressions().count();
    let better = c
        .changes
        .iter()
        .filter(|c| c.verdict == Verdict::Improved)
        .count();
    if json {
        say!(
            "{}",
            serde_json::json!({
                "compared": c.changes.len(), "worse": worse, "better": better,
                "missing": c.missing.len(), "new": c.new.len(),
            })
        );
    } else {
        say!(
            "compared {} figures: {worse} worse, {better} better, {} only in the baseline, {} new",
            c.changes.len(),
            c.missing.len(),
            c.new.len()
        );
    }
}

/// A number in four significant figures.
fn short(v: f64) -> String {
    if v != 0.0 && (v.abs() >= 1e5 || v.abs() < 1e-3) {
        format!("{v:.3e}")
    } else {
        format!("{v:.4}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_suffixes_and_name_a_bad_entry() {
        assert_eq!(
            parse_sizes("1k,10k,100k,1M").unwrap(),
            vec![1_000, 10_000, 100_000, 1_000_000]
        );
        assert_eq!(parse_sizes("500, 1k,500").unwrap(), vec![500, 1_000]);
        let e = parse_sizes("1k,ten,1M").unwrap_err();
        assert!(e.contains("`ten` at column 4"), "{e}");
        assert!(parse_sizes("0").is_err());
        assert!(parse_sizes("20M").is_err());
        assert!(parse_sizes("").is_err());
        assert!(parse_sizes("99999999999999999999k").is_err());
    }
}
