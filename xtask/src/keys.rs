//! `cargo xtask keys --jwks DIR [--config FILE]`: publishes the harness's
//! public signing keys (docs/spec/semantics.md O2) as one JWKS document per
//! OIDC provider, so that a real Neo4j (or any JWT library) can be pointed
//! at the keys Polygraph's scenario tokens are signed with.
//!
//! The providers are those of a `neo4j.conf`-style file or of a scenario's
//! `config` (a `.toml` file), in config order, which is what decides each
//! provider's key set; without `--config`, the O1 default provider.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use model::config::parse_config;
use model::error::line_column;
use model::oidc::{OidcSettings, keys};
use model::scenario::load_file;

use crate::style::say;

/// Runs `keys`; returns the process exit code.
pub fn run(jwks: &Path, config: Option<&Path>) -> ExitCode {
    match write_jwks(jwks, config) {
        Ok(written) => {
            for (path, count) in written {
                say!("wrote {} ({count} keys)", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The OIDC settings of `config` (a scenario when it ends in `.toml`).
fn settings(config: Option<&Path>) -> Result<OidcSettings, String> {
    let Some(path) = config else {
        return Ok(OidcSettings::default());
    };
    if path.extension().is_some_and(|e| e == "toml") {
        return load_file(path)
            .map(|s| s.config.oidc)
            .map_err(|e| e.to_string());
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read the config file: {e}", path.display()))?;
    parse_config(&text).map(|c| c.oidc).map_err(|e| {
        let (line, column) = line_column(&text, e.offset);
        format!("{}:{line}:{column}: {}", path.display(), e.message())
    })
}

/// Writes `DIR/<provider>.json` for every provider; returns what it wrote.
fn write_jwks(dir: &Path, config: Option<&Path>) -> Result<Vec<(PathBuf, usize)>, String> {
    let settings = settings(config)?;
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: cannot create the directory: {e}", dir.display()))?;
    let mut written = Vec::new();
    for (index, provider) in settings.providers.iter().enumerate() {
        let set = keys::jwks(index)?;
        let text = serde_json::to_string_pretty(&set)
            .map_err(|e| format!("provider '{}': {e}", provider.name))?;
        let path = dir.join(format!("{}.json", provider.name));
        std::fs::write(&path, text + "\n")
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
        written.push((path, set.keys.len()));
    }
    Ok(written)
}
