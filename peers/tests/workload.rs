//! The peers on the benchmark workload: for the `labels`, `abac`,
//! `grant-all` and `admin` policies (reports/src/policies.rs) on a 2,000-node
//! graph, each peer's traversable nodes equal the optimized engine's
//! `visibility` nodes; `pbac`'s property rules are refused by name.

use std::sync::Arc;

use model::engine::{Engine, Transaction};
use optimized::OptimizedEngine;
use peers::{Peer, PeerError};
use reports::policies::{self, bench_time};
use reports::workload::generate;

const NODES: usize = 2000;
const SEED: u64 = 11;

fn engine_nodes(policy: &policies::Policy, world: &model::world::World) -> roaring::RoaringTreemap {
    let mut engine = OptimizedEngine::new();
    engine
        .load(Arc::new(world.clone()))
        .expect("the optimized engine loads the workload");
    let tx = Transaction {
        principal: policy.principal.clone(),
        at: bench_time(),
        limits: model::limits::Limits::UNLIMITED,
    };
    engine
        .visibility(&tx)
        .expect("the bench principal has access")
        .nodes
}

fn check(name: &str) {
    let policy = policies::by_name(name).expect("policy builds");
    let world = policy.world(generate(NODES, SEED));
    let expected = engine_nodes(&policy, &world);
    for build in [peers::cedar, peers::casbin] {
        let peer: Box<dyn Peer> =
            build(&world, &policy.principal, bench_time()).expect("the peer builds");
        assert_eq!(peer.decisions(), NODES as u64, "{} {name}", peer.name());
        let visible = peer.visible_nodes().expect("every decision is made");
        assert_eq!(
            visible,
            expected,
            "{} {name}: only the peer {:?}, only the engine {:?}",
            peer.name(),
            (&visible - &expected).iter().take(10).collect::<Vec<_>>(),
            (&expected - &visible).iter().take(10).collect::<Vec<_>>()
        );
        // The same pass in uneven parts, the last one running past the end.
        let mut parts = roaring::RoaringTreemap::new();
        for start in (0..NODES as u64).step_by(777) {
            let part = peer.visible_among(start..start + 777).expect("decides");
            assert!(part.iter().all(|id| !parts.contains(id)), "parts overlap");
            parts |= part;
        }
        assert_eq!(parts, expected, "{} {name} in parts", peer.name());
        assert!(
            peer.visible_among(NODES as u64..u64::MAX)
                .expect("decides")
                .is_empty()
        );
    }
}

#[test]
fn labels_agrees_with_the_optimized_engine() {
    check("labels");
}

#[test]
fn abac_agrees_with_the_optimized_engine() {
    check("abac");
}

#[test]
fn grant_all_and_admin_agree_with_the_optimized_engine() {
    check("grant-all");
    check("admin");
}

#[test]
fn labels_hides_exactly_the_l7_nodes() {
    // Worked from the policy, not from an engine: labels grants TRAVERSE
    // on NODES * and denies it on L7 (N2), so the hidden nodes are the L7
    // ones.
    let policy = policies::by_name("labels").expect("policy builds");
    let graph = generate(NODES, SEED);
    let l7: roaring::RoaringTreemap = graph
        .nodes
        .iter()
        .filter(|n| n.labels.iter().any(|l| l == "L7"))
        .map(|n| n.id)
        .collect();
    assert!(!l7.is_empty());
    let all: roaring::RoaringTreemap = graph.nodes.iter().map(|n| n.id).collect();
    let world = policy.world(graph);
    let peer = peers::cedar(&world, &policy.principal, bench_time()).expect("builds");
    assert_eq!(peer.visible_nodes().expect("decides"), &all - &l7);
}

#[test]
fn pbac_property_rules_are_refused_by_name() {
    let policy = policies::by_name("pbac").expect("policy builds");
    let world = policy.world(generate(50, SEED));
    for build in [peers::cedar, peers::casbin] {
        match build(&world, &policy.principal, bench_time()) {
            Err(PeerError::UntranslatablePrivilege {
                role, privilege, ..
            }) => {
                assert_eq!(role, policies::ROLE);
                assert!(privilege.contains("FOR (n:L3)"), "{privilege}");
            }
            Err(other) => panic!("pbac: wrong error {other}"),
            Ok(peer) => panic!("pbac: {} built a peer", peer.name()),
        }
    }
}
