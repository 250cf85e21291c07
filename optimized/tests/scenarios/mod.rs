//! Shared by the corpus tests: finding scenario files and preparing their
//! worlds as `cargo xtask check` does (xtask/src/runner.rs).

use std::path::{Path, PathBuf};

use model::admin::exec::execute;
use model::catalog::Catalog;
use model::engine::Principal;
use model::scenario::{QueryUser, Scenario};
use model::world::World;

/// Every `*.toml` under `dir`, sorted, walking without recursion.
pub fn scenario_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The world as `cargo xtask check` prepares it (xtask/src/runner.rs).
pub fn prepare_world(scenario: &Scenario) -> Result<World, String> {
    let mut world = World {
        database: scenario.database.clone(),
        graph: scenario.graph.clone(),
        catalog: Catalog::with_builtins(),
        config: scenario.config.clone(),
    };
    for (command, position) in &scenario.security {
        execute(command, &mut world.catalog, &mut world.graph.tokens)
            .map_err(|e| format!("{position}: {e}"))?;
    }
    Ok(world)
}

/// The principal a scenario query runs as; `None` for OIDC users (not run yet).
pub fn principal(user: &QueryUser) -> Option<Principal> {
    match user {
        QueryUser::Admin => Some(Principal::Admin),
        QueryUser::Native(name) => Some(Principal::Native(name.clone())),
        QueryUser::Oidc { .. } => None,
    }
}
