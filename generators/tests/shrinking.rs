//! Shrinking bytes shrinks worlds: when a property fails, proptest's
//! minimal byte string must describe a small world (what `cargo xtask fuzz`
//! writes to corpora/regressions/ must be readable).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestError, TestRunner};

use generators::{GenWorld, SecurityCommand, strategy};
use model::admin::PrivilegeVerb;

fn denies(world: &GenWorld) -> usize {
    world
        .security
        .iter()
        .filter(|c| {
            matches!(
                c,
                SecurityCommand::Privilege {
                    verb: PrivilegeVerb::Deny,
                    ..
                }
            )
        })
        .count()
}

#[test]
fn a_failure_shrinks_to_a_small_world() {
    let mut runner = TestRunner::new(Config {
        cases: 2000,
        // proptest's automatic limit (4 x cases) stops before it has visited
        // every byte of a ~1 KB world; shrinking must be given room.
        max_shrink_iters: 100_000,
        failure_persistence: None,
        ..Config::default()
    });
    // A stand-in for an engine bug: any DENY "fails".
    let result = runner.run(&strategy(), |world| {
        prop_assert_eq!(denies(&world), 0);
        Ok(())
    });
    let Err(TestError::Fail(_, minimal)) = result else {
        panic!("2000 worlds without a single DENY: {result:?}");
    };
    assert_eq!(denies(&minimal), 1, "{minimal:#?}");
    assert!(minimal.nodes.is_empty(), "{minimal:#?}");
    assert!(minimal.relationships.is_empty(), "{minimal:#?}");
    assert_eq!(minimal.queries.len(), 1, "{minimal:#?}");
    assert_eq!(minimal.users().len(), 1, "{minimal:#?}");
    assert_eq!(minimal.blacklist, None);
    // The role, the user and the DENY: nothing else survives.
    assert_eq!(minimal.security.len(), 3, "{minimal:#?}");
}
