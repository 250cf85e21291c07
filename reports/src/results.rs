//! What a report run measured, as rows: one [`Measurement`] per timing or
//! derived figure, written to and read back from `results.csv`, plus the
//! [`Machine`] the run measured on.
//!
//! The CSV's columns are the fields of [`Row`], in order; they are the
//! stable contract README.md documents and `--compare` reads. A figure is
//! identified by its [`Key`] (metric, engine, query, policy, nodes, rules),
//! never by its position in the file.

use std::fmt;
use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

/// Which way a figure improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// Times, overheads, bytes: smaller is better.
    Lower,
    /// Rates, speed-ups, peer ratios: larger is better.
    Higher,
}

/// What identifies a figure across runs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    /// The metric (`time`, `overhead`, `speedup`, ...; see [`metric`]).
    pub metric: String,
    /// The engine (`reference`, `optimized`, a peer's name), or empty.
    pub engine: String,
    /// The workload item (`label_count`, ..., `visibility`), or empty.
    pub query: String,
    /// The policy (`admin`, `labels`, ...), or empty.
    pub policy: String,
    /// Nodes of the graph measured on (0 when no graph is involved).
    pub nodes: u64,
    /// Auth rules of the catalog (the ABAC sweep), else 0.
    pub rules: u64,
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.metric)?;
        for part in [&self.engine, &self.query, &self.policy] {
            if !part.is_empty() {
                write!(f, ".{part}")?;
            }
        }
        if self.nodes > 0 {
            write!(f, "@{}n", self.nodes)?;
        }
        if self.rules > 0 {
            write!(f, "@{}r", self.rules)?;
        }
        Ok(())
    }
}

/// The metric names a report writes (the `metric` column).
pub mod metric {
    /// A workload item's time on an engine under a policy (ms).
    pub const TIME: &str = "time";
    /// A policy's time over `admin`'s, same engine, query and graph (x).
    pub const OVERHEAD: &str = "overhead";
    /// The reference's time over the optimized engine's (x).
    pub const SPEEDUP: &str = "speedup";
    /// The log-log slope of time against nodes over the run's sizes
    /// (1.0 is linear); `nodes` is the largest size.
    pub const SLOPE: &str = "slope";
    /// Compiling a policy's visibility, columns prebuilt (ms).
    pub const COMPILE: &str = "compile";
    /// Building the columnar graph (ms).
    pub const COLUMNS_BUILD: &str = "columns_build";
    /// Elements (nodes + relationships) per second of a visibility compile.
    pub const VISIBILITY_RATE: &str = "visibility_rate";
    /// Elements per second of a plain pass over the same columns.
    pub const STREAM_RATE: &str = "stream_rate";
    /// The slowest restricted policy's visibility rate over the stream rate.
    pub const VISIBILITY_FRACTION: &str = "visibility_fraction";
    /// Heap bytes per node of the columnar graph, without properties.
    pub const BYTES_PER_NODE: &str = "bytes_per_node";
    /// Heap bytes per relationship, without properties.
    pub const BYTES_PER_REL: &str = "bytes_per_rel";
    /// Heap bytes per node with its property columns.
    pub const BYTES_PER_NODE_WITH_PROPS: &str = "bytes_per_node_with_props";
    /// Heap bytes per relationship with its property columns.
    pub const BYTES_PER_REL_WITH_PROPS: &str = "bytes_per_rel_with_props";
    /// Differential fuzzing: generated cases judged per second.
    pub const FUZZ_RATE: &str = "fuzz_rate";
    /// An OIDC session's role resolution (µs); `query` says which step
    /// (`open`, `transaction`, `roles`) and `rules` how many auth rules.
    pub const ABAC_ROLES: &str = "abac_roles";
    /// Computing the visible node set (ms): a peer's one decision per node,
    /// or the optimized engine's compile.
    pub const PEER_TIME: &str = "peer_time";
    /// A peer's time per decision (µs).
    pub const PEER_DECISION: &str = "peer_decision";
    /// A peer's visible-node-set time over the optimized engine's (x).
    pub const PEER_RATIO: &str = "peer_ratio";
    /// Copying every node into result values with no check (ms): the floor
    /// of `MATCH (n) RETURN n`.
    pub const FLOOR: &str = "floor";
}

/// One measured or derived figure: its key, median, min and max.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// What it is.
    pub key: Key,
    /// The median of the repetitions (or the derived value).
    pub median: f64,
    /// The smallest repetition (for a ratio: its least favourable bound).
    pub min: f64,
    /// The largest repetition.
    pub max: f64,
    /// `ms`, `us`, `x`, `elements/s`, `cases/s`, `bytes`, `slope`.
    pub unit: String,
    /// Which way it improves.
    pub better: Better,
    /// Timed repetitions behind it (0 for a derived figure).
    pub repetitions: u32,
}

/// The machine and build a run measured on, recorded on every row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Machine {
    /// Logical cores.
    pub cores: u32,
    /// The CPU model (`/proc/cpuinfo`), or `unknown`.
    pub cpu: String,
    /// Total memory in GiB (`/proc/meminfo`), 0 when unknown.
    pub memory_gib: f64,
    /// `rustc --version`, or `unknown`.
    pub rustc: String,
    /// The git commit (short hash, `+dirty` with local changes), or `unknown`.
    pub commit: String,
    /// When the run started, RFC 3339 UTC.
    pub date: String,
}

/// One line of `results.csv`: a measurement and the machine facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// [`Key::metric`].
    pub metric: String,
    /// [`Key::engine`].
    pub engine: String,
    /// [`Key::query`].
    pub query: String,
    /// [`Key::policy`].
    pub policy: String,
    /// [`Key::nodes`].
    pub nodes: u64,
    /// [`Key::rules`].
    pub rules: u64,
    /// [`Measurement::median`].
    pub median: f64,
    /// [`Measurement::min`].
    pub min: f64,
    /// [`Measurement::max`].
    pub max: f64,
    /// [`Measurement::unit`].
    pub unit: String,
    /// [`Measurement::better`].
    pub better: Better,
    /// [`Measurement::repetitions`].
    pub repetitions: u32,
    /// [`Machine::cores`].
    pub cores: u32,
    /// [`Machine::cpu`].
    pub cpu: String,
    /// [`Machine::memory_gib`].
    pub memory_gib: f64,
    /// [`Machine::rustc`].
    pub rustc: String,
    /// [`Machine::commit`].
    pub commit: String,
    /// [`Machine::date`].
    pub date: String,
}

impl Row {
    /// The row of `m` measured on `machine`.
    pub fn new(m: &Measurement, machine: &Machine) -> Self {
        Row {
            metric: m.key.metric.clone(),
            engine: m.key.engine.clone(),
            query: m.key.query.clone(),
            policy: m.key.policy.clone(),
            nodes: m.key.nodes,
            rules: m.key.rules,
            median: m.median,
            min: m.min,
            max: m.max,
            unit: m.unit.clone(),
            better: m.better,
            repetitions: m.repetitions,
            cores: machine.cores,
            cpu: machine.cpu.clone(),
            memory_gib: machine.memory_gib,
            rustc: machine.rustc.clone(),
            commit: machine.commit.clone(),
            date: machine.date.clone(),
        }
    }

    /// The measurement this row records.
    pub fn measurement(&self) -> Measurement {
        Measurement {
            key: Key {
                metric: self.metric.clone(),
                engine: self.engine.clone(),
                query: self.query.clone(),
                policy: self.policy.clone(),
                nodes: self.nodes,
                rules: self.rules,
            },
            median: self.median,
            min: self.min,
            max: self.max,
            unit: self.unit.clone(),
            better: self.better,
            repetitions: self.repetitions,
        }
    }
}

/// Writes `measurements` as CSV with a header line.
pub fn write_csv(
    out: impl Write,
    measurements: &[Measurement],
    machine: &Machine,
) -> Result<(), String> {
    let mut writer = csv::Writer::from_writer(out);
    for m in measurements {
        writer
            .serialize(Row::new(m, machine))
            .map_err(|e| e.to_string())?;
    }
    writer.flush().map_err(|e| e.to_string())
}

/// Reads a `results.csv`; an error names the line (and the column that
/// did not parse).
pub fn read_csv(input: impl Read) -> Result<Vec<Row>, String> {
    let mut reader = csv::Reader::from_reader(input);
    let mut rows = Vec::new();
    for record in reader.deserialize::<Row>() {
        rows.push(record.map_err(|e| describe_csv_error(&e))?);
    }
    Ok(rows)
}

/// A CSV error as `line L: ...`, naming the field when csv knows it.
fn describe_csv_error(e: &csv::Error) -> String {
    let line = e.position().map(|p| p.line());
    let what = match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => match err.field() {
            Some(field) => format!(
                "column {} ({}): {}",
                field + 1,
                COLUMNS.get(field as usize).copied().unwrap_or("?"),
                err.kind()
            ),
            None => err.kind().to_string(),
        },
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("{len} fields where the header has {expected_len}")
        }
        _ => e.to_string(),
    };
    match line {
        Some(line) => format!("line {line}: {what}"),
        None => what,
    }
}

/// The CSV's column names, in order (the fields of [`Row`]).
pub const COLUMNS: [&str; 18] = [
    "metric",
    "engine",
    "query",
    "policy",
    "nodes",
    "rules",
    "median",
    "min",
    "max",
    "unit",
    "better",
    "repetitions",
    "cores",
    "cpu",
    "memory_gib",
    "rustc",
    "commit",
    "date",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Measurement {
        Measurement {
            key: Key {
                metric: metric::TIME.to_string(),
                engine: "optimized".to_string(),
                query: "label_count".to_string(),
                policy: "labels".to_string(),
                nodes: 10_000,
                rules: 0,
            },
            median: 1.5,
            min: 1.25,
            max: 2.0,
            unit: "ms".to_string(),
            better: Better::Lower,
            repetitions: 7,
        }
    }

    #[test]
    fn csv_round_trips_with_the_documented_header() {
        let machine = Machine {
            cores: 2,
            cpu: "Some CPU, 2.0 GHz".to_string(),
            memory_gib: 23.5,
            rustc: "rustc 1.95.0".to_string(),
            commit: "abc1234".to_string(),
            date: "2026-12-03T16:00:00Z".to_string(),
        };
        let mut out = Vec::new();
        write_csv(&mut out, &[sample()], &machine).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().next().unwrap(), COLUMNS.join(","));
        let rows = read_csv(text.as_bytes()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].measurement(), sample());
        assert_eq!(rows[0].cpu, machine.cpu);
    }

    #[test]
    fn a_bad_value_is_named_by_line_and_column() {
        let text = format!(
            "{}\ntime,optimized,q,p,ten,0,1,1,1,ms,lower,3,2,c,1,r,c,d\n",
            COLUMNS.join(",")
        );
        let e = read_csv(text.as_bytes()).unwrap_err();
        assert!(e.contains("line 2") && e.contains("nodes"), "{e}");
        let short = format!("{}\ntime,optimized\n", COLUMNS.join(","));
        let e = read_csv(short.as_bytes()).unwrap_err();
        assert!(e.contains("line 2") && e.contains("2 fields"), "{e}");
    }

    #[test]
    fn keys_print_as_dotted_names_with_sizes() {
        assert_eq!(
            sample().key.to_string(),
            "time.optimized.label_count.labels@10000n"
        );
    }
}
