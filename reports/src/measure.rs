//! The measurements behind `cargo xtask bench`: the workload's queries timed
//! on every engine through the `Engine` trait, the optimized engine's
//! compilation and visibility throughput beside a plain streaming pass, and
//! the columnar graph's size, reported as [`Figure`]s.
//!
//! Times are medians of several repetitions after one warm-up run. Engines
//! are made fresh for every (graph, policy) pair: an engine may cache its
//! compiled policy per catalog version, and two policies' catalogs can share
//! a version number.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

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
use crate::queries::{self, Workload};
use crate::workload;

/// The engine that is capped to [`Options::reference_nodes`] because it is slow.
pub const REFERENCE: &str = "reference";

/// What to measure.
#[derive(Debug, Clone)]
pub struct Options {
    /// Nodes of the main graph.
    pub nodes: usize,
    /// Nodes of the graph the reference runs on (and speed-ups compare on).
    pub reference_nodes: usize,
    /// Timed repetitions per measurement (after one warm-up).
    pub repetitions: usize,
    /// The generator's seed.
    pub seed: u64,
}

/// The default seed of every benchmark graph.
pub const SEED: u64 = 0x5eed_0f9a;

impl Options {
    /// `--quick`: 10k nodes for everything, 3 repetitions.
    pub fn quick() -> Self {
        Options {
            nodes: 10_000,
            reference_nodes: 10_000,
            repetitions: 3,
            seed: SEED,
        }
    }

    /// A full run over `nodes` nodes, the reference capped at 100k.
    pub fn full(nodes: usize) -> Self {
        Options {
            nodes,
            reference_nodes: nodes.min(100_000),
            repetitions: 5,
            seed: SEED,
        }
    }
}

/// One measured figure: `figure <name> <value> <unit>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Dotted name, e.g. `speedup.label_count.pbac`.
    pub name: String,
    /// The value.
    pub value: f64,
    /// Its unit (`ms`, `x`, `elements/s`, `bytes`).
    pub unit: &'static str,
}

impl Figure {
    fn new(name: impl Into<String>, value: f64, unit: &'static str) -> Self {
        Figure {
            name: name.into(),
            value,
            unit,
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

/// A run's figures and the notes that qualify them (caps, failures, gaps).
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Figures in the order measured.
    pub figures: Vec<Figure>,
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

/// Median of `repetitions` timed runs of `f` after one warm-up run.
pub fn median<R, E>(
    repetitions: usize,
    mut f: impl FnMut() -> Result<R, E>,
) -> Result<Duration, E> {
    black_box(f()?);
    let mut times = Vec::with_capacity(repetitions.max(1));
    for _ in 0..repetitions.max(1) {
        let start = Instant::now();
        black_box(f()?);
        times.push(start.elapsed());
    }
    times.sort();
    Ok(times.get(times.len() / 2).copied().unwrap_or_default())
}

/// A transaction for `policy`'s principal at a fixed time.
fn transaction(policy: &Policy) -> Transaction {
    Transaction {
        principal: policy.principal.clone(),
        at: policies::bench_time(),
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

/// Timings by (engine, query, policy), in milliseconds.
type Times = BTreeMap<(String, String, String), f64>;

/// A progress bar on stderr when it is a terminal, hidden otherwise; with
/// no known total, a counter with its rate. Shared with xtask's long
/// commands.
pub fn progress(total: Option<u64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match total {
        Some(total) => (
            ProgressBar::new(total),
            "{elapsed:>4} [{bar:30}] {pos}/{len} {msg}",
        ),
        None => (
            ProgressBar::no_length(),
            "{elapsed:>4} {pos} {per_sec} {msg}",
        ),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// Milliseconds of `d`.
fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Runs the whole benchmark. `make_engines` gives fresh engines.
pub fn run(
    options: &Options,
    make_engines: &dyn Fn() -> Vec<Box<dyn Engine>>,
) -> Result<Report, String> {
    let mut report = Report::default();
    let policies = policies::all()?;
    let items = queries::all()?;
    let names: Vec<String> = make_engines()
        .iter()
        .map(|e| e.name().to_string())
        .collect();
    let reference_nodes = options.reference_nodes.min(options.nodes);
    let capped = reference_nodes < options.nodes;
    let per_graph = (policies.len() * items.len()) as u64;
    let bar = progress(Some(
        per_graph * names.len() as u64 + policies.len() as u64 + 2,
    ));

    let mut times = Times::new();
    // The comparison graph: every engine.
    bar.set_message(format!("generating {reference_nodes} nodes"));
    let started = Instant::now();
    let mut world = Arc::new(base_world(workload::generate(
        reference_nodes,
        options.seed,
    )));
    let mut generated = started.elapsed();
    time_queries(
        options,
        &mut world,
        &policies,
        &items,
        make_engines,
        &|_| true,
        &bar,
        &mut times,
        &mut report,
    );
    let comparison = times.clone();
    floor_figures(options, &world, &comparison, &mut report);
    // The reference is slow: its work is capped, and the output says so.
    report.notes.push(format!(
        "the reference runs on {reference_nodes} nodes (its cap; speedup.* compare there); \
         the other engines and the compile/visibility/bytes figures use {} nodes",
        options.nodes
    ));
    if capped {
        bar.set_message(format!("generating {} nodes", options.nodes));
        let started = Instant::now();
        world = Arc::new(base_world(workload::generate(options.nodes, options.seed)));
        generated = started.elapsed();
        let mut big = Times::new();
        time_queries(
            options,
            &mut world,
            &policies,
            &items,
            make_engines,
            &|n| n != REFERENCE,
            &bar,
            &mut big,
            &mut report,
        );
        times.retain(|(engine, _, _), _| engine == REFERENCE);
        times.extend(big);
    }
    report.notes.push(format!(
        "graph: {} nodes, {} relationships, seed {:#x}; medians of {} runs after a warm-up",
        world.graph.nodes.len(),
        world.graph.relationships.len(),
        options.seed,
        options.repetitions
    ));
    if !names.iter().any(|n| *n != REFERENCE) {
        report.notes.push(
            "the optimized engine does not implement `Engine` yet: no speedup.* and no optimized \
             query times; overheads are the reference's"
                .to_string(),
        );
    }
    report
        .figures
        .push(Figure::new("generate.ms", ms(generated), "ms"));
    query_figures(&times, &comparison, &mut report);
    abac_figures(options, &policies, &mut report)?;
    compiled_figures(
        options,
        Arc::make_mut(&mut world),
        &policies,
        &bar,
        &mut report,
    )?;
    bar.finish_and_clear();
    Ok(report)
}

/// A world without a policy yet (each policy installs its own).
fn base_world(graph: model::graph::Graph) -> World {
    World {
        database: "neo4j".to_string(),
        graph,
        catalog: model::catalog::Catalog::with_builtins(),
        config: model::config::Config::default(),
    }
}

/// Times every workload item under every policy on the engines `keep` accepts.
#[allow(clippy::too_many_arguments)]
fn time_queries(
    options: &Options,
    world: &mut Arc<World>,
    policies: &[Policy],
    items: &[Workload],
    make_engines: &dyn Fn() -> Vec<Box<dyn Engine>>,
    keep: &dyn Fn(&str) -> bool,
    bar: &ProgressBar,
    times: &mut Times,
    report: &mut Report,
) {
    for policy in policies {
        // The engines of the last policy are gone, so this changes the
        // world in place rather than copying it.
        policy.install(Arc::make_mut(world));
        let tx = transaction(policy);
        for mut engine in make_engines() {
            let name = engine.name().to_string();
            if !keep(&name) {
                continue;
            }
            if let Err(e) = engine.load(Arc::clone(world)) {
                report.notes.push(format!(
                    "{name} could not load the {} world: {e}",
                    policy.name
                ));
                continue;
            }
            for item in items {
                bar.set_message(format!("{name} {} {}", item.name, policy.name));
                match median(options.repetitions, || run_one(engine.as_mut(), &tx, item)) {
                    Ok(d) => {
                        times.insert(
                            (
                                name.to_string(),
                                item.name.to_string(),
                                policy.name.to_string(),
                            ),
                            ms(d),
                        );
                    }
                    Err(e) => report.notes.push(format!(
                        "{name} {} under {} failed: {e}",
                        item.name, policy.name
                    )),
                }
                bar.inc(1);
            }
        }
    }
}

/// `time.*`, `speedup.*` (from the comparison graph) and `overhead.*`.
fn query_figures(times: &Times, comparison: &Times, report: &mut Report) {
    for ((engine, query, policy), t) in times {
        report.figures.push(Figure::new(
            format!("time.{engine}.{query}.{policy}"),
            *t,
            "ms",
        ));
    }
    for ((engine, query, policy), t) in comparison {
        if engine == REFERENCE {
            continue;
        }
        let key = (REFERENCE.to_string(), query.clone(), policy.clone());
        if let Some(r) = comparison.get(&key) {
            let name = format!("speedup.{query}.{policy}");
            report.figures.push(Figure::new(name, r / t, "x"));
        }
    }
    for ((engine, query, policy), t) in times {
        let admin = (engine.clone(), query.clone(), "admin".to_string());
        if policy == "admin" {
            continue;
        }
        if let Some(a) = times.get(&admin) {
            let prefix = if engine == REFERENCE {
                "reference."
            } else {
                ""
            };
            let name = format!("{prefix}overhead.{query}.{policy}");
            report.figures.push(Figure::new(name, t / a, "x"));
        }
    }
}

/// `floor.match_all.ms`: the least any engine can spend answering `MATCH
/// (n) RETURN n` on the comparison graph, copying every node into the
/// result's values with no check at all; and `floor.match_all.speedup`,
/// the reference's admin time over it, the largest speed-up any engine
/// could show on that query.
fn floor_figures(options: &Options, world: &World, comparison: &Times, report: &mut Report) {
    let Ok(floor) = median(options.repetitions, || {
        Ok::<_, ()>(match_all_floor(&world.graph))
    }) else {
        return;
    };
    report
        .figures
        .push(Figure::new("floor.match_all.ms", ms(floor), "ms"));
    let key = (
        REFERENCE.to_string(),
        "match_all".to_string(),
        "admin".to_string(),
    );
    if let Some(reference) = comparison.get(&key) {
        report.figures.push(Figure::new(
            "floor.match_all.speedup",
            reference / ms(floor).max(1e-9),
            "x",
        ));
    }
}

/// Who `policy` runs as in `world` (which has the policy installed), as
/// the optimized engine resolves it.
fn subject(world: &World, policy: &Policy) -> Result<Option<Subject>, String> {
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

/// How long resolving an OIDC session's roles against the `abac` policy's
/// auth rules takes in the optimized engine: `abac.roles_us`, a new
/// session's roles from its verified token (claims kept, every rule
/// evaluated); `abac.open_us`, a session's whole first transaction (the
/// token's signature and claims checked too); `abac.transaction_us`, a
/// later transaction of the same session (clock check, time-dependent rules
/// only); `abac.reference_roles_us`, the reference's (which keeps nothing
/// between transactions and checks the token every time); and
/// `speedup.abac`, the reference's time over `abac.open_us`, the same work.
fn abac_figures(options: &Options, policies: &[Policy], report: &mut Report) -> Result<(), String> {
    let Some(policy) = policies.iter().find(|p| p.name == "abac") else {
        return Ok(());
    };
    let Principal::Oidc(session) = &policy.principal else {
        return Ok(());
    };
    let world = policy.world(model::graph::Graph::default());
    let at = policies::bench_time();
    // Microsecond work: many more repetitions than a query gets.
    let reps = options.repetitions.max(1) * 100;
    let compile = median(reps, || RuleSet::compile(&world.catalog)).map_err(|e| e.to_string())?;
    let rules = RuleSet::compile(&world.catalog).map_err(|e| e.to_string())?;
    let verified = verify(&session.token, &world.config.oidc).map_err(|e| e.to_string())?;
    let resolve = median(reps, || {
        Ok::<_, String>(roles_of_new_session(
            &world,
            &rules,
            session,
            verified.clone(),
            at,
        ))
    })?;
    let open = median(reps, || {
        Sessions::default().subject(&world, &rules, session, at)
    })
    .map_err(|e| e.to_string())?;
    let mut warm = Sessions::default();
    let granted = warm
        .subject(&world, &rules, session, at)
        .map_err(|e| e.to_string())?;
    let later =
        median(reps, || warm.subject(&world, &rules, session, at)).map_err(|e| e.to_string())?;
    let reference = median(reps, || {
        reference::security::abac::subject(&world, session, at).map(|s| s.roles.len())
    })
    .map_err(|e| e.to_string())?;
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    for (name, value) in [
        ("abac.roles_us", us(resolve)),
        ("abac.open_us", us(open)),
        ("abac.transaction_us", us(later)),
        ("abac.reference_roles_us", us(reference)),
        ("abac.compile_us", us(compile)),
    ] {
        report.figures.push(Figure::new(name, value, "us"));
    }
    report.figures.push(Figure::new(
        "speedup.abac",
        us(reference) / us(open).max(1e-9),
        "x",
    ));
    report.notes.push(format!(
        "abac: {} auth rules, the session holds {} roles besides PUBLIC; abac.roles_us: a new \
         session's roles from its verified token in the optimized engine (claims kept, every rule \
         evaluated); abac.open_us: its whole first transaction (HS256 signature and claims \
         checked too); abac.transaction_us: a later transaction; speedup.abac: the reference's \
         per-transaction resolution over abac.open_us",
        world.catalog.auth_rules.len(),
        granted.roles().count().saturating_sub(1),
    ));
    Ok(())
}

/// Every node as a one-column result row, copied straight from the graph.
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

/// The optimized engine's compilation: `columns.build.ms`, `compile.ms.*`,
/// `visibility.elements_per_s[.*]`, `stream.elements_per_s` and `bytes.*`.
fn compiled_figures(
    options: &Options,
    world: &mut World,
    policies: &[Policy],
    bar: &ProgressBar,
    report: &mut Report,
) -> Result<(), String> {
    let reps = options.repetitions;
    bar.set_message("building columns");
    let build = median(reps, || Columns::build(&world.graph)).map_err(|e| e.to_string())?;
    let columns = Arc::new(Columns::build(&world.graph).map_err(|e| e.to_string())?);
    bar.inc(1);
    report
        .figures
        .push(Figure::new("columns.build.ms", ms(build), "ms"));
    let elements = f64::from(columns.node_count()) + f64::from(columns.rel_count());
    let mut slowest: Option<f64> = None;
    for policy in policies {
        bar.set_message(format!("compiling {}", policy.name));
        policy.install(world);
        let subject = subject(world, policy)?;
        let t = median(reps, || {
            Compiled::for_subject(Arc::clone(&columns), world, subject.as_ref())
        })
        .map_err(|e| format!("compile {}: {e}", policy.name))?;
        bar.inc(1);
        report.figures.push(Figure::new(
            format!("compile.ms.{}", policy.name),
            ms(t),
            "ms",
        ));
        // The administrator's visibility is "everything", not a build.
        if policy.name != "admin" {
            let rate = elements / t.as_secs_f64().max(1e-9);
            let name = format!("visibility.elements_per_s.{}", policy.name);
            report.figures.push(Figure::new(name, rate, "elements/s"));
            slowest = Some(slowest.map_or(rate, |s: f64| s.min(rate)));
        }
    }
    bar.set_message("streaming pass");
    let stream = median(reps, || Ok::<u64, String>(stream_pass(&columns)))?;
    bar.inc(1);
    let stream_rate = elements / stream.as_secs_f64().max(1e-9);
    if let Some(v) = slowest {
        report
            .figures
            .push(Figure::new("visibility.elements_per_s", v, "elements/s"));
        report.figures.push(Figure::new(
            "visibility.fraction_of_stream",
            v / stream_rate,
            "x",
        ));
    }
    report.figures.push(Figure::new(
        "stream.elements_per_s",
        stream_rate,
        "elements/s",
    ));
    let (node_side, rel_side) = columns.heap_bytes();
    let nodes = f64::from(columns.node_count()).max(1.0);
    let rels = f64::from(columns.rel_count()).max(1.0);
    let node_props = property_bytes(&columns.node_properties);
    let rel_props = property_bytes(&columns.rel_properties);
    report.figures.push(Figure::new(
        "bytes.per_node",
        node_side as f64 / nodes,
        "bytes",
    ));
    report.figures.push(Figure::new(
        "bytes.per_rel",
        rel_side as f64 / rels,
        "bytes",
    ));
    report.figures.push(Figure::new(
        "bytes.per_node_with_props",
        (node_side + node_props) as f64 / nodes,
        "bytes",
    ));
    report.figures.push(Figure::new(
        "bytes.per_rel_with_props",
        (rel_side + rel_props) as f64 / rels,
        "bytes",
    ));
    report.notes.push(
        "visibility.elements_per_s is the slowest restricted policy's Compiled::with_columns \
         (columns prebuilt) over nodes + relationships; stream.elements_per_s sums the label words, \
         types and endpoints of the same columns"
            .to_string(),
    );
    Ok(())
}

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
    fn a_tiny_run_reports_every_figure_family() {
        let options = Options {
            nodes: 400,
            reference_nodes: 200,
            repetitions: 1,
            seed: 1,
        };
        let report = run(&options, &engines).unwrap();
        let has = |prefix: &str| report.figures.iter().any(|f| f.name.starts_with(prefix));
        for prefix in [
            "time.reference.label_count.admin",
            "time.optimized.expand_count.labels",
            "speedup.filtered_projection.pbac",
            "overhead.label_count.blacklist",
            "time.reference.visibility.pbac",
            "reference.overhead.match_all.labels",
            "columns.build.ms",
            "compile.ms.blacklist",
            "visibility.elements_per_s",
            "stream.elements_per_s",
            "bytes.per_node",
            "bytes.per_rel",
            "bytes.per_node_with_props",
            "floor.match_all.ms",
            "floor.match_all.speedup",
            "overhead.expand_count.abac",
            "compile.ms.abac",
            "abac.roles_us",
            "abac.open_us",
            "abac.transaction_us",
            "abac.reference_roles_us",
            "speedup.abac",
        ] {
            assert!(has(prefix), "{prefix} missing");
        }
        // Sizes come from a real graph: positive and finite.
        for f in report
            .figures
            .iter()
            .filter(|f| f.name.starts_with("bytes."))
        {
            assert!(f.value.is_finite() && f.value > 0.0, "{f:?}");
        }
        // Nothing failed.
        assert!(
            !report.notes.iter().any(|n| n.contains("failed")),
            "{:?}",
            report.notes
        );
    }
}
