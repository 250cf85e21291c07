//! Criterion benches on a 10k-node workload graph: policy compilation of
//! the optimized engine, and every workload item (the four queries and the
//! visibility build) through the `Engine` trait for every engine and policy.
//!
//! Run with `cargo bench -p reports`; criterion draws with plotters (no gnuplot).

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

use model::engine::Transaction;
use model::world::World;
use optimized::Compiled;
use optimized::columns::Columns;
use reports::measure::{SEED, engines};
use reports::{policies, queries, workload};

/// Nodes of the benched graph.
const NODES: usize = 10_000;

fn world() -> World {
    World {
        database: "neo4j".to_string(),
        graph: workload::generate(NODES, SEED),
        catalog: model::catalog::Catalog::with_builtins(),
        config: model::config::Config::default(),
    }
}

fn compile(c: &mut Criterion) {
    let mut world = world();
    let Ok(columns) = Columns::build(&world.graph) else {
        return;
    };
    let columns = Arc::new(columns);
    let mut group = c.benchmark_group("compile");
    for policy in policies::all().unwrap_or_default() {
        policy.install(&mut world);
        group.bench_function(BenchmarkId::from_parameter(policy.name), |b| {
            b.iter(|| {
                black_box(
                    Compiled::with_columns(Arc::clone(&columns), &world, &policy.principal).ok(),
                )
            })
        });
    }
    group.finish();
}

fn workload_items(c: &mut Criterion) {
    let mut world = world();
    let mut group = c.benchmark_group("workload");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(2));
    for policy in policies::all().unwrap_or_default() {
        policy.install(&mut world);
        let tx = Transaction {
            principal: policy.principal.clone(),
            at: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
            limits: model::limits::Limits::UNLIMITED,
        };
        let shared = Arc::new(world.clone());
        for mut engine in engines() {
            if engine.load(Arc::clone(&shared)).is_err() {
                continue;
            }
            for item in queries::all().unwrap_or_default() {
                let id = format!("{}/{}/{}", engine.name(), item.name, policy.name);
                group.bench_function(id, |b| {
                    b.iter(|| match &item.query {
                        Some(q) => black_box(engine.query(&tx, q).ok().map(|r| r.rows.len())),
                        None => {
                            black_box(engine.visibility(&tx).ok().map(|v| v.nodes.len() as usize))
                        }
                    })
                });
            }
        }
    }
    group.finish();
}

criterion_group!(benches, compile, workload_items);
criterion_main!(benches);
