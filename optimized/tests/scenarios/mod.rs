//! Shared by the corpus tests: the scenario files under a folder, their
//! worlds and principals, exactly as `cargo xtask check` gets them (all three
//! come from `model::scenario`).

use std::path::{Path, PathBuf};

use model::engine::Principal;
use model::scenario::{QueryUser, Scenario};
use model::world::World;

/// Every `*.toml` under `dir`, sorted; a missing folder fails the test.
pub fn scenario_files(dir: &Path) -> Vec<PathBuf> {
    model::scenario::scenario_files(&[dir.to_path_buf()]).unwrap_or_else(|e| panic!("{e}"))
}

/// The world every engine starts from.
pub fn prepare_world(scenario: &Scenario) -> Result<World, String> {
    scenario.world()
}

/// The principal a scenario query runs as; `None` for OIDC users (not run yet).
pub fn principal(user: &QueryUser) -> Option<Principal> {
    user.principal().ok()
}
