//! Shared by the corpus tests: the scenario files under a folder, their
//! worlds and principals, exactly as `cargo xtask check` gets them (all three
//! come from `model::scenario`).

use std::path::{Path, PathBuf};

use model::engine::Principal;
use model::scenario::{QueryUser, Scenario, load_file};
use model::world::World;

/// Every scenario of the repository's corpora/ with the world it starts
/// from, in file order. Files that do not load or whose `security` fails
/// are `check`'s concern (FILE#0) and are left out here; the corpus must
/// still be substantial, or the differential tests would prove nothing.
pub fn corpus() -> Vec<(Scenario, World)> {
    let root: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora");
    let files = model::scenario::scenario_files(&[root]).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        files.len() > 50,
        "found only {} scenario files",
        files.len()
    );
    files
        .iter()
        .filter_map(|file| load_file(file).ok())
        .filter_map(|scenario| scenario.world().ok().map(|world| (scenario, world)))
        .collect()
}

/// The principal a scenario query runs as; `None` for OIDC users (not run yet).
pub fn principal(user: &QueryUser) -> Option<Principal> {
    user.principal().ok()
}
