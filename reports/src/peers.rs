//! The peers in a report run: "which nodes may this user see", for the
//! `labels` and `abac` policies, answered by Cedar and Casbin (the `peers`
//! crate, one decision per node) beside the optimized engine's own answer.
//!
//! Each peer's visible node set must equal the optimized engine's before
//! it is timed: a peer that answers differently is reported in the notes
//! and not timed, since a faster wrong answer compares nothing. The
//! optimized engine's time is its whole visibility compile (nodes,
//! relationships and readable keys, columns prebuilt), more work than the
//! peers do, so the ratio is, if anything, in the peers' favour; it runs
//! on one thread, as the peers do.
//!
//! A peer's pass over 100k nodes takes seconds (Casbin's ABAC: about
//! twenty), so it is timed in [`PARTS`] parts, each a repetition: the
//! median part says what a decision costs even when something else on the
//! machine slowed one stretch of the pass, and the pass's time is that
//! median scaled to every node. The first pass is also the check.
//! The optimized engine's compile is timed before, between and after the
//! peers, its repetitions pooled: timed in one window, its median moved
//! by half from one run to the next on a shared machine. (Timing it
//! between two parts of a peer's pass was tried and is worse: right after
//! a stretch of Casbin's work a compile took twice as long, and the
//! slowdown varied from run to run.)

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use model::engine::Engine;
use model::world::World;
use optimized::Compiled;
use optimized::columns::Columns;

use crate::measure::{Measured, OPTIMIZED, Options, key, subject, timed, transaction};
use crate::policies::{self, Policy};
use crate::progress::Progress;
use crate::results::{Better, Measurement, metric};
use crate::sample::{Sample, Sampling, sample_times};

/// The policies the peers express.
pub const POLICIES: [&str; 2] = ["labels", "abac"];

/// The peers, by name.
type Build = fn(
    &World,
    &model::engine::Principal,
    chrono::DateTime<chrono::FixedOffset>,
) -> Result<Box<dyn peers::Peer>, peers::PeerError>;

/// Cedar and Casbin.
const PEERS: [(&str, Build); 2] = [("cedar", peers::cedar), ("casbin", peers::casbin)];

/// Measures the peers on `world`'s graph (`columns` built from it).
pub fn measure(
    options: &Options,
    world: &mut World,
    columns: &Arc<Columns>,
    all: &[Policy],
    bar: &Progress,
    out: &mut Measured,
) -> Result<(), String> {
    let nodes = world.graph.nodes.len();
    // The peers decide on one core, so ours compiles on one too: on two
    // cores its parallel scans made its median jump between 1.0 and 1.8 ms
    // from run to run, with whatever else the machine ran.
    let one_core = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .map_err(|e| format!("a one-thread pool: {e}"))?;
    for policy in all.iter().filter(|p| POLICIES.contains(&p.name)) {
        bar.phase(&format!("{nodes} nodes: peers under {}", policy.name));
        policy.install(world);
        let expected = {
            let mut engine = optimized::OptimizedEngine::new();
            engine
                .load(Arc::new(world.clone()))
                .map_err(|e| e.to_string())?;
            engine
                .visibility(&transaction(policy))
                .map_err(|e| e.to_string())?
                .nodes
        };
        let subject = subject(world, policy)?;
        // Ours is timed before, between and after the peers, a third of
        // its repetitions each time: a shared machine's slow seconds then
        // weigh on it as they weigh on the peers' long passes.
        let windows = PEERS.len() as u32 + 1;
        let window = options.sampling.split(windows);
        let mut ours_times = Vec::new();
        let mut time_ours = || -> Result<(), String> {
            let times = one_core
                .install(|| {
                    sample_times(window, || {
                        Compiled::for_subject(Arc::clone(columns), world, subject.as_ref())
                    })
                })
                .map_err(|e| format!("compile {}: {e}", policy.name))?;
            ours_times.extend(times);
            Ok(())
        };
        time_ours()?;
        let mut timed_peers = Vec::new();
        for (name, build) in PEERS {
            let peer = match build(world, &policy.principal, policies::bench_time()) {
                Ok(peer) => peer,
                Err(e) => {
                    out.notes.push(format!(
                        "{name} cannot express the {} policy: {e}",
                        policy.name
                    ));
                    continue;
                }
            };
            let timing = time_passes(peer.as_ref(), options.sampling);
            time_ours()?;
            let (seen, per_decision) = match timing {
                Ok(timed) => timed,
                Err(e) => {
                    out.notes.push(format!(
                        "{name} failed under {} at {nodes} nodes: {e}",
                        policy.name
                    ));
                    continue;
                }
            };
            if seen != expected {
                out.notes.push(format!(
                    "{name} sees {} nodes under {} at {nodes} nodes where Polygraph sees {}: \
                     not timed",
                    seen.len(),
                    policy.name,
                    expected.len()
                ));
                continue;
            }
            let pass = |d: Duration| d.mul_f64(peer.decisions() as f64);
            let theirs = timed(
                key(metric::PEER_TIME, name, "visible_nodes", policy.name, nodes),
                &Sample {
                    median: pass(per_decision.median),
                    min: pass(per_decision.min),
                    max: pass(per_decision.max),
                    repetitions: per_decision.repetitions,
                },
                "ms",
            );
            let per = peer.decisions().max(1) as f64;
            let decision = Measurement {
                key: key(
                    metric::PEER_DECISION,
                    name,
                    "visible_nodes",
                    policy.name,
                    nodes,
                ),
                // ms per call to µs per decision.
                median: theirs.median * 1e3 / per,
                min: theirs.min * 1e3 / per,
                max: theirs.max * 1e3 / per,
                unit: "us".to_string(),
                better: Better::Lower,
                repetitions: theirs.repetitions,
            };
            timed_peers.push((name, theirs, decision));
        }
        let ours = timed(
            key(
                metric::PEER_TIME,
                OPTIMIZED,
                "visible_nodes",
                policy.name,
                nodes,
            ),
            &Sample::of(ours_times),
            "ms",
        );
        for (name, theirs, decision) in timed_peers {
            let ratio = crate::derive::ratio(
                key(
                    metric::PEER_RATIO,
                    name,
                    "visible_nodes",
                    policy.name,
                    nodes,
                ),
                &theirs,
                &ours,
                Better::Higher,
            );
            out.measurements.extend([theirs, decision, ratio]);
        }
        out.measurements.push(ours);
        bar.inc();
    }
    Ok(())
}

/// How many parts a peer's pass is timed in.
pub const PARTS: u64 = 25;

/// Times passes of `peer` over every node in [`PARTS`] parts, after the
/// first part as a warm-up, until the parts add up to `sampling.target`
/// (at least one pass): the first pass's visible set and the time per
/// decision of every part.
fn time_passes(
    peer: &dyn peers::Peer,
    sampling: Sampling,
) -> Result<(roaring::RoaringTreemap, Sample), peers::PeerError> {
    let n = peer.decisions();
    let size = n.div_ceil(PARTS).max(1);
    black_box(peer.visible_among(0..size)?);
    let mut seen = roaring::RoaringTreemap::new();
    let mut per_decision = Vec::new();
    let mut spent = Duration::ZERO;
    let mut passes = 0;
    while n > 0 && (passes == 0 || spent < sampling.target) {
        for start in (0..n).step_by(usize::try_from(size).unwrap_or(usize::MAX)) {
            let clock = Instant::now();
            let part = peer.visible_among(start..start + size)?;
            let elapsed = clock.elapsed();
            spent += elapsed;
            per_decision.push(elapsed.div_f64(size.min(n - start) as f64));
            if passes == 0 {
                seen |= part;
            }
        }
        passes += 1;
    }
    Ok((seen, Sample::of(per_decision)))
}
