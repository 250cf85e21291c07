//! Fuzz target `differential`: a world drawn by `arbitrary` from the
//! generators crate (`generators::GenWorld`), written as a scenario file
//! and loaded (so the loader is on the path, unlike `cargo xtask fuzz`,
//! which builds worlds directly), then judged by the same oracle as
//! `cargo xtask fuzz` (`differential::run_builtin_on`): every user's and the
//! administrator's whole visibility, and every query's rows, must agree.
//!
//! A world that does not load is the generator's miss (counted by
//! `cargo xtask fuzz` as its success rate), not a disagreement: skipped.
//! A disagreement panics with the mismatch and the scenario file, which
//! libFuzzer saves as the crashing input's message.

#![no_main]

use generators::GenWorld;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|generated: GenWorld| {
    let Ok(scenario) = generated.scenario() else {
        return;
    };
    let Ok(world) = scenario.world() else {
        return;
    };
    let world = std::sync::Arc::new(world);
    if let Some(why) = differential::run_builtin_on(&generated, world).mismatch {
        panic!(
            "the engines disagree: {why}\n--- scenario ---\n{}",
            generated.scenario_text()
        );
    }
});
