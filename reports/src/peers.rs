//! The peers in a report run: "which nodes may this user see", for the
//! `labels` and `abac` policies, answered by Cedar and Casbin (the `peers`
//! crate, one decision per node) beside the optimized engine's own answer.
//!
//! Each peer's visible node set must equal the optimized engine's before
//! it is timed: a peer that answers differently is reported in the notes
//! and not timed, since a faster wrong answer compares nothing. The
//! optimized engine's time is its whole visibility compile (nodes,
//! relationships and readable keys, columns prebuilt), more work than the
//! peers do, so the ratio is, if anything, in the peers' favour.

use std::sync::Arc;

use model::engine::Engine;
use model::world::World;
use optimized::Compiled;
use optimized::columns::Columns;

use crate::measure::{Measured, OPTIMIZED, Options, key, subject, timed, transaction};
use crate::policies::{self, Policy};
use crate::progress::Progress;
use crate::results::{Better, Measurement, metric};
use crate::sample::{Sampling, sample};

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
        let ours = sample(options.sampling, || {
            Compiled::for_subject(Arc::clone(columns), world, subject.as_ref())
        })
        .map_err(|e| format!("compile {}: {e}", policy.name))?;
        let ours = timed(
            key(
                metric::PEER_TIME,
                OPTIMIZED,
                "visible_nodes",
                policy.name,
                nodes,
            ),
            &ours,
            "ms",
        );
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
            // The first run is the check and the warm-up; a peer that
            // answers differently is not timed. Runs of several seconds
            // (Casbin's ABAC at 100k nodes) are timed once.
            let mut differs = None;
            let sampling = Sampling {
                min_reps: 1,
                ..options.sampling
            };
            let theirs = match sample(sampling, || {
                let seen = peer.visible_nodes()?;
                if seen != expected && differs.is_none() {
                    differs = Some(seen.len());
                }
                Ok::<_, peers::PeerError>(())
            }) {
                Ok(s) => s,
                Err(e) => {
                    out.notes
                        .push(format!("{name} failed under {}: {e}", policy.name));
                    continue;
                }
            };
            if let Some(seen) = differs {
                out.notes.push(format!(
                    "{name} sees {seen} nodes under {} at {nodes} nodes where Polygraph sees {}: \
                     not timed",
                    policy.name,
                    expected.len()
                ));
                continue;
            }
            let theirs = timed(
                key(metric::PEER_TIME, name, "visible_nodes", policy.name, nodes),
                &theirs,
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
