//! Where cases come from and how a failing one shrinks. Case `i` of seed
//! `s` is proptest's tree for the generators' strategy, drawn with a ChaCha
//! generator seeded from `(s, i)` alone: the same on every machine, and
//! independent of the cases before it, so shards can start anywhere.

use std::time::{Duration, Instant};

use generators::{GenWorld, SplitMix64};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// A case's world and the tree that shrinks it.
pub type Tree = Box<dyn ValueTree<Value = GenWorld>>;

/// The tree of case `index` of the run seeded with `seed`.
pub fn tree(seed: u64, index: u64) -> Option<Tree> {
    let case_seed = SplitMix64::new(index).next_u64();
    let bytes = SplitMix64::new(seed ^ case_seed).bytes(32);
    let mut key = [0u8; 32];
    for (k, b) in key.iter_mut().zip(bytes) {
        *k = b;
    }
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &key);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let tree = generators::strategy().new_tree(&mut runner).ok()?;
    Some(Box::new(tree))
}

/// How long shrinking may take, and how many candidates it may try.
pub struct Budget {
    /// Wall-clock limit.
    pub time: Duration,
    /// Candidate limit (the generators' byte layout needs many steps).
    pub steps: u64,
}

/// Shrinks `tree`'s failing world with proptest's simplify/complicate walk,
/// keeping the simplest world for which `fails` still holds. Returns it and
/// the number of candidates tried.
pub fn shrink(
    tree: &mut Tree,
    fails: impl Fn(&GenWorld) -> bool,
    budget: &Budget,
) -> (GenWorld, u64) {
    let started = Instant::now();
    let mut simplest = tree.current();
    let mut steps = 0;
    if !tree.simplify() {
        return (simplest, steps);
    }
    while steps < budget.steps && started.elapsed() < budget.time {
        steps += 1;
        let candidate = tree.current();
        if fails(&candidate) {
            simplest = candidate;
            if !tree.simplify() {
                break;
            }
        } else if !tree.complicate() {
            break;
        }
    }
    (simplest, steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_and_index_give_the_same_world_every_time() {
        let world = |s, i| tree(s, i).map(|t| t.current());
        assert_eq!(world(11, 5), world(11, 5));
        assert_ne!(world(11, 5), world(11, 6));
        assert_ne!(world(11, 5), world(12, 5));
    }

    #[test]
    fn shrinking_keeps_the_property_and_makes_the_world_smaller() {
        // "Fails" while the world has at least two nodes: the simplest such
        // world has exactly two.
        let fails = |w: &GenWorld| w.nodes.len() >= 2;
        let mut found = (0..200).find_map(|i| tree(3, i).filter(|t| fails(&t.current())));
        let Some(t) = found.as_mut() else {
            panic!("no generated world with two nodes in 200 cases");
        };
        let budget = Budget {
            time: Duration::from_secs(60),
            steps: 50_000,
        };
        let (small, _) = shrink(t, fails, &budget);
        assert_eq!(small.nodes.len(), 2);
    }
}
