//! The measurements of a report run, at every graph size: the workload's
//! queries timed on every engine through the `Engine` trait, the optimized
//! engine's compilation and visibility throughput beside a plain streaming
//! pass, the columnar graph's size, the floor of `MATCH (n) RETURN n`, and
//! the peers; then ABAC role resolution against the number of auth rules.
//! Each becomes a [`Measurement`]; ratios are [`crate::derive`]'s.
//!
//! Engines are made fresh for every (graph, policy) pair: an engine may
//! cache its compiled policy per catalog version, and two policies'
//! catalogs can share a version number.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use model::engine::{Engine, EngineError, Principal, Transaction};
use model::oidc::token::verify;
use model::value::{NodeValue, Value};
use model::world::World;
use optimized::Compiled;
use optimized::abac::sessions::roles_of_new_session;
use optimized::abac::{RuleSet, Sessions};
use optimized::columns::Columns;
use optimized::principal::Subject;
use optimized::properties::{ColumnData, PropertyTable};

use crate::policies::{self, Policy};
use crate::progress::Progress;
use crate::queries::{self, Workload};
use crate::results::{Better, Key, Measurement, metric};
use crate::sample::{Sample, Sampling, sample, sample_times};
use crate::workload;

/// The engine that is capped to [`Options::reference_max`] because it is slow.
pub const REFERENCE: &str = "reference";

/// The engine whose compile and columns are measured.
pub const OPTIMIZED: &str = "optimized";

/// What to measure.
#[derive(Debug, Clone)]
pub struct Options {
    /// Graph sizes in nodes, ascending.
    pub sizes: Vec<usize>,
    /// The reference runs only on sizes up to this.
    pub reference_max: usize,
    /// Peers run only on sizes up to this.
    pub peer_max: usize,
    /// Repetitions per measurement.
    pub sampling: Sampling,
    /// Auth-rule counts of the ABAC sweep.
    pub abac_rules: Vec<usize>,
    /// The generator's seed.
    pub seed: u64,
}

/// The default seed of every benchmark graph.
pub const SEED: u64 = 0x5eed_0f9a;

impl Options {
    /// `--quick`: 1k, 10k and 100k nodes; the reference up to 10k.
    pub fn quick() -> Self {
        Options {
            sizes: vec![1_000, 10_000, 100_000],
            reference_max: 10_000,
            peer_max: 100_000,
            sampling: Sampling::quick(),
            abac_rules: vec![10, 30, 100, 300, 1000],
            seed: SEED,
        }
    }

    /// A full run: 1k to 1M nodes; the reference and the peers up to 100k.
    pub fn full() -> Self {
        Options {
            sizes: vec![1_000, 10_000, 100_000, 1_000_000],
            reference_max: 100_000,
            peer_max: 100_000,
            sampling: Sampling::full(),
            abac_rules: vec![10, 30, 100, 300, 1000, 3000],
            seed: SEED,
        }
    }

    /// The progress bar's length: one step per timed item.
    pub fn steps(&self, engines: &[String]) -> u64 {
        let policies = policies::NAMES.len() as u64;
        let items = queries::QUERIES.len() as u64 + 1;
        let per_size = |n: usize| {
            let engines = engines
                .iter()
                .filter(|e| *e != REFERENCE || n <= self.reference_max)
                .count() as u64;
            u64::from(ROUNDS) * policies * items * engines
                + policies
                + 3
                + if n <= self.peer_max { 2 } else { 0 }
        };
        self.sizes.iter().map(|&n| per_size(n)).sum::<u64>()
            + u64::from(SPREAD_ROUNDS) * (self.abac_rules.len() as u64 + 1)
    }
}

/// One figure of the `figure <name> <value> <unit>` lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Dotted name, e.g. `overhead.labels`.
    pub name: String,
    /// The value.
    pub value: f64,
    /// Its unit (`ms`, `x`, `elements/s`, `bytes`).
    pub unit: String,
}

impl Figure {
    /// A figure.
    pub fn new(name: impl Into<String>, value: f64, unit: impl Into<String>) -> Self {
        Figure {
            name: name.into(),
            value,
            unit: unit.into(),
        }
    }

    /// The figure as a `figure <name> <value> <unit>` line.
    pub fn line(&self) -> String {
        let value = if self.value.abs() >= 1e6 {
            format!("{:.4e}", self.value)
        } else {
            format!("{:.3}", self.value)
        };
        format!("figure {} {} {}", self.name, value, self.unit)
    }
}

/// What a run measured and the notes that qualify it (caps, failures).
#[derive(Debug, Clone, Default)]
pub struct Measured {
    /// Every measurement, in the order taken.
    pub measurements: Vec<Measurement>,
    /// Remarks for the reader.
    pub notes: Vec<String>,
}

/// The engines timed through the `Engine` trait, made fresh.
pub fn engines() -> Vec<Box<dyn Engine>> {
    vec![
        Box::new(reference::ReferenceEngine::default()),
        Box::new(optimized::OptimizedEngine::new()),
    ]
}

/// A key with every part given.
pub fn key(metric: &str, engine: &str, query: &str, policy: &str, nodes: usize) -> Key {
    Key {
        metric: metric.to_string(),
        engine: engine.to_string(),
        query: query.to_string(),
        policy: policy.to_string(),
        nodes: nodes as u64,
        rules: 0,
    }
}

/// A timed measurement in `unit` (`ms` or `us`), lower is better.
pub fn timed(key: Key, s: &Sample, unit: &str) -> Measurement {
    // From whole nanoseconds, so the CSV shows 17.594442, not 17.594441999999997.
    let per_unit = if unit == "us" { 1e3 } else { 1e6 };
    let scaled = |d: Duration| d.as_nanos() as f64 / per_unit;
    Measurement {
        key,
        median: scaled(s.median),
        min: scaled(s.min),
        max: scaled(s.max),
        unit: unit.to_string(),
        better: Better::Lower,
        repetitions: s.repetitions,
    }
}

/// A rate (`count` per second of each repetition), higher is better.
pub fn rate(key: Key, s: &Sample, count: f64, unit: &str) -> Measurement {
    let per_s = |d: Duration| count / d.as_secs_f64().max(1e-12);
    Measurement {
        key,
        median: per_s(s.median),
        // The slowest repetition is the smallest rate.
        min: per_s(s.max),
        max: per_s(s.min),
        unit: unit.to_string(),
        better: Better::Higher,
        repetitions: s.repetitions,
    }
}

/// An exact figure (a size): median, min and max are the value.
fn exact(key: Key, value: f64, unit: &str) -> Measurement {
    Measurement {
        key,
        median: value,
        min: value,
        max: value,
        unit: unit.to_string(),
        better: Better::Lower,
        repetitions: 1,
    }
}

/// A transaction for `policy`'s principal at the benchmark's fixed time.
pub fn transaction(policy: &Policy) -> Transaction {
    Transaction {
        principal: policy.principal.clone(),
        at: policies::bench_time(),
        // The workloads' size is what is measured.
        limits: model::limits::Limits::UNLIMITED,
    }
}

/// Runs one workload item on `engine`, which has the world loaded.
fn run_one(
    engine: &mut dyn Engine,
    tx: &Transaction,
    item: &Workload,
) -> Result<usize, EngineError> {
    match &item.query {
        Some(query) => engine.query(tx, query).map(|r| r.rows.len()),
        None => engine
            .visibility(tx)
            .map(|v| (v.nodes.len() + v.relationships.len()) as usize),
    }
}

/// A world without a policy yet (each policy installs its own).
pub fn base_world(graph: model::graph::Graph) -> World {
    World {
        database: "neo4j".to_string(),
        graph,
        catalog: model::catalog::Catalog::with_builtins(),
        config: model::config::Config::default(),
    }
}

/// Everything measured on one graph, handed to [`measure_size`].
pub struct SizeRun<'a> {
    /// What to measure.
    pub options: &'a Options,
    /// The workload graph under no policy yet.
    pub world: World,
    /// The benchmark policies.
    pub policies: &'a [Policy],
    /// The workload items.
    pub items: &'a [Workload],
    /// Fresh engines.
    pub make_engines: &'a dyn Fn() -> Vec<Box<dyn Engine>>,
    /// The run's progress.
    pub bar: &'a Progress,
}

/// How many times the work that needs no graph (the ABAC sweep and the
/// caller's `spread`) is timed: at the start of a run and at its end.
pub const SPREAD_ROUNDS: u32 = 2;

/// Runs every measurement of the report: each size in turn, with the ABAC
/// sweep and `spread` (timed work of the caller's, such as the fuzzer's
/// throughput) run before the first size and again after the last, each
/// with half the repetitions. Those figures are absolute times, and a
/// shared machine's speed drifts within a run: timed at both ends, a
/// figure is the machine's average rather than one moment's. `make_engines`
/// gives fresh engines.
pub fn run(
    options: &Options,
    make_engines: &dyn Fn() -> Vec<Box<dyn Engine>>,
    spread: &mut dyn FnMut(Sampling) -> Result<(), String>,
    bar: &Progress,
) -> Result<Measured, String> {
    let mut out = Measured::default();
    let policies = policies::all()?;
    let items = queries::all()?;
    let half = options.sampling.split(SPREAD_ROUNDS);
    let mut abac = BTreeMap::new();
    abac_sweep(options, half, bar, &mut abac)?;
    spread(half)?;
    bar.inc();
    for &nodes in &options.sizes {
        bar.phase(&format!("{nodes} nodes: generating the graph"));
        let world = base_world(workload::generate(nodes, options.seed));
        out.notes.push(format!(
            "{nodes} nodes: {} relationships (seed {:#x})",
            world.graph.relationships.len(),
            options.seed
        ));
        let run = SizeRun {
            options,
            world,
            policies: &policies,
            items: &items,
            make_engines,
            bar,
        };
        measure_size(run, &mut out)?;
    }
    abac_sweep(options, half, bar, &mut abac)?;
    spread(half)?;
    bar.inc();
    for ((count, engine, step), times) in abac {
        let mut k = key(metric::ABAC_ROLES, engine, step, "abac", 0);
        k.rules = count as u64;
        out.measurements.push(timed(k, &Sample::of(times), "us"));
    }
    Ok(out)
}

/// The ABAC sweep's repetition times by rule count, engine and step.
type AbacTimes = BTreeMap<(usize, &'static str, &'static str), Vec<Duration>>;

/// Every measurement on one graph.
fn measure_size(run: SizeRun<'_>, out: &mut Measured) -> Result<(), String> {
    let SizeRun {
        options,
        world,
        policies,
        items,
        make_engines,
        bar,
    } = run;
    let nodes = world.graph.nodes.len();
    let mut world = Arc::new(world);
    time_queries(options, &mut world, policies, items, make_engines, bar, out);
    bar.step(&format!("{nodes} nodes: floor"));
    let floor = sample(options.sampling, || {
        Ok::<_, ()>(match_all_floor(&world.graph))
    })
    .map_err(|()| "floor".to_string())?;
    out.measurements.push(timed(
        key(metric::FLOOR, "", "match_all", "", nodes),
        &floor,
        "ms",
    ));
    bar.inc();
    let world = Arc::make_mut(&mut world);
    let columns = compiled_measurements(options, world, policies, bar, out)?;
    if nodes <= options.peer_max {
        crate::peers::measure(options, world, &columns, policies, bar, out)?;
    }
    Ok(())
}

/// Times every workload item under every policy on every engine (the
/// reference only up to [`Options::reference_max`]), in [`ROUNDS`] rounds
/// over all policies with fresh engines, whose repetitions are pooled: a
/// state that one engine instance happens to start in (where the
/// allocator put its columns, what the previous policy left in the caches)
/// then weighs on a figure only as one round among several, and no policy
/// is always measured first.
fn time_queries(
    options: &Options,
    world: &mut Arc<World>,
    policies: &[Policy],
    items: &[Workload],
    make_engines: &dyn Fn() -> Vec<Box<dyn Engine>>,
    bar: &Progress,
    out: &mut Measured,
) {
    let nodes = world.graph.nodes.len();
    let per_round = options.sampling.split(ROUNDS);
    let mut pooled: BTreeMap<(String, &str, &str), Vec<Duration>> = BTreeMap::new();
    let mut failed = BTreeSet::new();
    for round in 0..ROUNDS {
        // Alternate the order of policies between rounds.
        let order: Vec<&Policy> = if round % 2 == 0 {
            policies.iter().collect()
        } else {
            policies.iter().rev().collect()
        };
        for policy in order {
            // The engines of the last policy are gone, so this changes the
            // world in place rather than copying it.
            policy.install(Arc::make_mut(world));
            let tx = transaction(policy);
            for mut engine in make_engines() {
                let name = engine.name().to_string();
                if name == REFERENCE && nodes > options.reference_max {
                    continue;
                }
                if let Err(e) = engine.load(Arc::clone(world)) {
                    if failed.insert((name.clone(), "load", policy.name)) {
                        out.notes.push(format!(
                            "{name} could not load the {} world at {nodes} nodes: {e}",
                            policy.name
                        ));
                    }
                    continue;
                }
                bar.phase(&format!(
                    "{nodes} nodes: {name} under {} (round {} of {ROUNDS})",
                    policy.name,
                    round + 1
                ));
                for item in items {
                    bar.step(&format!(
                        "{nodes} nodes: {name} {} {}",
                        item.name, policy.name
                    ));
                    match sample_times(per_round, || run_one(engine.as_mut(), &tx, item)) {
                        Ok(times) => pooled
                            .entry((name.clone(), item.name, policy.name))
                            .or_default()
                            .extend(times),
                        Err(e) => {
                            if failed.insert((name.clone(), item.name, policy.name)) {
                                out.notes.push(format!(
                                    "{name} {} under {} at {nodes} nodes failed: {e}",
                                    item.name, policy.name
                                ));
                            }
                        }
                    }
                    bar.inc();
                }
            }
        }
    }
    // In the order measured in the first round.
    for policy in policies {
        for engine in make_engines() {
            for item in items {
                let k = (engine.name().to_string(), item.name, policy.name);
                if failed.contains(&k) {
                    continue;
                }
                if let Some(times) = pooled.remove(&k) {
                    out.measurements.push(timed(
                        key(metric::TIME, &k.0, item.name, policy.name, nodes),
                        &Sample::of(times),
                        "ms",
                    ));
                }
            }
        }
    }
}

/// Rounds over all policies in [`time_queries`].
pub const ROUNDS: u32 = 2;

/// Who `policy` runs as in `world` (which has the policy installed), as
/// the optimized engine resolves it.
pub fn subject(world: &World, policy: &Policy) -> Result<Option<Subject>, String> {
    match &policy.principal {
        Principal::Oidc(session) => {
            let rules = RuleSet::compile(&world.catalog).map_err(|e| e.to_string())?;
            Sessions::default()
                .subject(world, &rules, session, policies::bench_time())
                .map(Some)
                .map_err(|e| e.to_string())
        }
        principal => optimized::principal::subject(world, principal).map_err(|e| e.to_string()),
    }
}

/// Every node as a one-column result row, copied straight from the graph:
/// the least any engine can spend answering `MATCH (n) RETURN n`.
pub fn match_all_floor(graph: &model::graph::Graph) -> Vec<Vec<Value>> {
    graph
        .nodes
        .iter()
        .map(|n| {
            vec![Value::Node(Box::new(NodeValue {
                id: n.id,
                labels: n.labels.clone(),
                properties: n.properties.clone(),
            }))]
        })
        .collect()
}

/// The optimized engine's compilation on `world`'s graph: columns build,
/// compile per policy, visibility and streaming rates, bytes per element.
/// Returns the columns (the peers compare against compiles on them).
fn compiled_measurements(
    options: &Options,
    world: &mut World,
    policies: &[Policy],
    bar: &Progress,
    out: &mut Measured,
) -> Result<Arc<Columns>, String> {
    let nodes = world.graph.nodes.len();
    let sampling = options.sampling;
    bar.step(&format!("{nodes} nodes: building columns"));
    let build = sample(sampling, || Columns::build(&world.graph)).map_err(|e| e.to_string())?;
    let columns = Arc::new(Columns::build(&world.graph).map_err(|e| e.to_string())?);
    bar.inc();
    let m = &mut out.measurements;
    m.push(timed(
        key(metric::COLUMNS_BUILD, OPTIMIZED, "", "", nodes),
        &build,
        "ms",
    ));
    let elements = f64::from(columns.node_count()) + f64::from(columns.rel_count());
    for policy in policies {
        bar.step(&format!("{nodes} nodes: compiling {}", policy.name));
        policy.install(world);
        let subject = subject(world, policy)?;
        let t = sample(sampling, || {
            Compiled::for_subject(Arc::clone(&columns), world, subject.as_ref())
        })
        .map_err(|e| format!("compile {}: {e}", policy.name))?;
        bar.inc();
        m.push(timed(
            key(metric::COMPILE, OPTIMIZED, "", policy.name, nodes),
            &t,
            "ms",
        ));
        // The administrator's visibility is "everything", not a build.
        if policy.name != "admin" {
            m.push(rate(
                key(metric::VISIBILITY_RATE, OPTIMIZED, "", policy.name, nodes),
                &t,
                elements,
                "elements/s",
            ));
        }
    }
    bar.step(&format!("{nodes} nodes: streaming pass"));
    // The pass's speed depends on where its columns landed in memory (by
    // a quarter between two runs on one set of columns), so it is timed on
    // several builds, all kept alive so that each lands elsewhere.
    let builds = (0..STREAM_BUILDS)
        .map(|_| Columns::build(&world.graph).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let per_build = sampling.split(STREAM_BUILDS + 1);
    let mut stream_times = Vec::new();
    for columns in std::iter::once(columns.as_ref()).chain(&builds) {
        stream_times.extend(sample_times(per_build, || {
            Ok::<u64, String>(stream_pass(columns))
        })?);
    }
    drop(builds);
    let stream = Sample::of(stream_times);
    bar.inc();
    m.push(rate(
        key(metric::STREAM_RATE, OPTIMIZED, "", "", nodes),
        &stream,
        elements,
        "elements/s",
    ));
    let (node_side, rel_side) = columns.heap_bytes();
    let node_count = f64::from(columns.node_count()).max(1.0);
    let rel_count = f64::from(columns.rel_count()).max(1.0);
    let node_props = property_bytes(&columns.node_properties);
    let rel_props = property_bytes(&columns.rel_properties);
    for (name, bytes, count) in [
        (metric::BYTES_PER_NODE, node_side, node_count),
        (metric::BYTES_PER_REL, rel_side, rel_count),
        (
            metric::BYTES_PER_NODE_WITH_PROPS,
            node_side + node_props,
            node_count,
        ),
        (
            metric::BYTES_PER_REL_WITH_PROPS,
            rel_side + rel_props,
            rel_count,
        ),
    ] {
        m.push(exact(
            key(name, OPTIMIZED, "", "", nodes),
            bytes as f64 / count,
            "bytes",
        ));
    }
    Ok(columns)
}

/// How many column builds the streaming pass is timed on, besides the
/// report's own.
const STREAM_BUILDS: u32 = 4;

/// A plain pass over the columns a visibility build reads: the
/// memory-bandwidth bound for touching every element once.
pub fn stream_pass(columns: &Columns) -> u64 {
    let (labels, types, starts, ends) = columns.scan_columns();
    let mut sum = labels.iter().fold(0u64, |s, w| s.wrapping_add(*w));
    for ((t, s), e) in types.iter().zip(starts).zip(ends) {
        sum = sum.wrapping_add(u64::from(*t) ^ u64::from(*s) ^ u64::from(*e));
    }
    sum
}

/// Heap bytes of a property table: presence bitmaps (serialized size) and
/// values (capacity, plus string contents for untyped columns).
pub fn property_bytes(table: &PropertyTable) -> usize {
    use std::mem::size_of;
    table
        .iter()
        .map(|(_, column)| {
            let data = match &column.data {
                ColumnData::Empty => 0,
                ColumnData::Integer(v) => v.capacity() * size_of::<i64>(),
                ColumnData::Float(v) => v.capacity() * size_of::<f64>(),
                ColumnData::Boolean(b) => b.serialized_size(),
                ColumnData::Values(v) => {
                    v.capacity() * size_of::<model::value::Value>()
                        + v.iter()
                            .map(|x| match x {
                                model::value::Value::String(s) => s.capacity(),
                                _ => 0,
                            })
                            .sum::<usize>()
                }
            };
            column.presence.serialized_size() + data
        })
        .sum()
}

/// How resolving an OIDC session's roles grows with the number of auth
/// rules (`abac_roles` rows, `rules` set): in the optimized engine, a new
/// session's roles from its verified token (`roles`: claims kept, every
/// rule evaluated), its whole first transaction (`open`: the token's
/// signature and claims checked too), a later transaction (`transaction`:
/// the clock and time-dependent rules only) and compiling the rules
/// (`compile`); in the reference, which keeps nothing between
/// transactions, a transaction's resolution (`roles`). The repetition
/// times join those of earlier rounds in `out`.
fn abac_sweep(
    options: &Options,
    sampling: Sampling,
    bar: &Progress,
    out: &mut AbacTimes,
) -> Result<(), String> {
    let at = policies::bench_time();
    // Microsecond work: many more repetitions than a query gets.
    let sampling = sampling.scaled(20);
    for &count in &options.abac_rules {
        bar.phase(&format!("abac: {count} auth rules"));
        let policy = policies::abac(count)?;
        let Principal::Oidc(session) = &policy.principal else {
            return Err("the abac policy runs as a native user".to_string());
        };
        let world = policy.world(model::graph::Graph::default());
        let rules = RuleSet::compile(&world.catalog).map_err(|e| e.to_string())?;
        let verified = verify(&session.token, &world.config.oidc).map_err(|e| e.to_string())?;
        let compile = sample_times(sampling, || RuleSet::compile(&world.catalog))
            .map_err(|e| e.to_string())?;
        let roles = sample_times(sampling, || {
            Ok::<_, String>(roles_of_new_session(
                &world,
                &rules,
                session,
                verified.clone(),
                at,
            ))
        })?;
        let open = sample_times(sampling, || {
            Sessions::default().subject(&world, &rules, session, at)
        })
        .map_err(|e| e.to_string())?;
        let mut warm = Sessions::default();
        warm.subject(&world, &rules, session, at)
            .map_err(|e| e.to_string())?;
        let later = sample_times(sampling, || warm.subject(&world, &rules, session, at))
            .map_err(|e| e.to_string())?;
        let reference = sample_times(sampling, || {
            reference::security::abac::subject(&world, session, at).map(|s| s.roles.len())
        })
        .map_err(|e| e.to_string())?;
        for (engine, step, times) in [
            (OPTIMIZED, "roles", roles),
            (OPTIMIZED, "open", open),
            (OPTIMIZED, "transaction", later),
            (OPTIMIZED, "compile", compile),
            (REFERENCE, "roles", reference),
        ] {
            out.entry((count, engine, step)).or_default().extend(times);
        }
        bar.inc();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_lines_have_name_value_unit() {
        assert_eq!(
            Figure::new("bytes.per_node", 27.5, "bytes").line(),
            "figure bytes.per_node 27.500 bytes"
        );
        assert_eq!(
            Figure::new("stream.elements_per_s", 3.0e9, "elements/s").line(),
            "figure stream.elements_per_s 3.0000e9 elements/s"
        );
    }

    #[test]
    fn rates_turn_the_slowest_repetition_into_the_minimum() {
        let ms = Duration::from_millis;
        let s = Sample::of(vec![ms(10), ms(20), ms(40)]);
        let r = rate(key("r", "", "", "", 1), &s, 100.0, "elements/s");
        assert_eq!((r.min, r.median, r.max), (2500.0, 5000.0, 10000.0));
        assert_eq!(r.better, Better::Higher);
        let t = timed(key("t", "", "", "", 1), &s, "us");
        assert_eq!((t.min, t.median, t.max), (10000.0, 20000.0, 40000.0));
    }
}
