//! Turning a shrunk failing world into a scenario file a person can read:
//! the generated scenario (only the query that disagrees, or queries that
//! show the disagreeing visibility), headed by comments with how it was
//! found and both engines' answers with the reference's explanation, as
//! `cargo xtask check --engine all` reports them on the written file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use generators::GenWorld;
use model::engine::{Engine, Principal};
use optimized::OptimizedEngine;
use reference::ReferenceEngine;

use crate::runner::run_scenario;

/// Where the failing world came from.
pub struct Origin {
    /// `--seed`.
    pub seed: u64,
    /// `--plant`, if the run planted a bug.
    pub plant: Option<&'static str>,
    /// The case's index.
    pub case: u64,
    /// Candidates tried while shrinking.
    pub shrink_steps: u64,
    /// The mismatch on the shrunk world.
    pub mismatch: String,
}

/// FNV-1a over `text`: a file name stable across Rust versions (the
/// standard hasher is not).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The scenario text: the queries that show `origin.mismatch`.
fn scenario_text(world: &GenWorld, origin: &Origin) -> String {
    let mut world = world.clone();
    let mut extra = String::new();
    if let Some(index) = failing_session(&origin.mismatch) {
        // A session's disagreement: the sessions up to it (earlier ones'
        // rule changes shape its world), none of the world's own queries.
        world.queries.clear();
        if let Some(abac) = world.abac.as_mut() {
            abac.sessions.truncate(index + 1);
            // An earlier session that changes no rule leaves the world as
            // it was: it is not needed to show this one.
            let last = abac.sessions.len().saturating_sub(1);
            let mut position = 0;
            abac.sessions.retain(|s| {
                position += 1;
                position - 1 == last || (s.later.is_some() && !s.change.is_empty())
            });
        }
        let name = format!("fuzz regression: seed {} case {}", origin.seed, origin.case);
        return world.scenario_text_named(&name);
    }
    match failing_query(&origin.mismatch) {
        // Queries are reads: one does not depend on the others.
        Some(n) => world.queries = world.queries.get(n - 1).cloned().into_iter().collect(),
        None => {
            // A visibility mismatch: what the user sees, as queries `check` runs.
            world.queries.clear();
            let who = visibility_principal(&origin.mismatch, &world);
            for cypher in ["MATCH (n) RETURN n", "MATCH ()-[r]->() RETURN r"] {
                extra.push_str("\n[[query]]\n");
                if let Some(user) = &who {
                    let _ = writeln!(extra, "as = {}", quoted(user));
                }
                let _ = writeln!(extra, "cypher = {}", quoted(cypher));
            }
        }
    }
    let name = format!("fuzz regression: seed {} case {}", origin.seed, origin.case);
    let mut text = world.scenario_text_named(&name);
    text.push_str(&extra);
    text
}

/// A TOML basic string (JSON's escapes are TOML's).
fn quoted(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// `session sN ...` mismatches name the session.
fn failing_session(mismatch: &str) -> Option<usize> {
    let rest = mismatch.strip_prefix("session s")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// `query N ...` mismatches name the query.
fn failing_query(mismatch: &str) -> Option<usize> {
    let rest = mismatch.strip_prefix("query ")?;
    rest.split_whitespace().next()?.parse().ok()
}

/// The user of a `visibility of Native("u0")` mismatch (`None`: the admin).
fn visibility_principal(mismatch: &str, world: &GenWorld) -> Option<String> {
    world.users().into_iter().find(|u| {
        mismatch.starts_with(&format!("visibility of {:?}", Principal::Native(u.clone())))
    })
}

/// A written regression.
pub struct Written {
    /// The file.
    pub path: PathBuf,
    /// How big the scenario is.
    pub size: Size,
}

/// The size of a written scenario: the shrunk world's parts and the
/// scenario's lines (without the comment header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Nodes.
    pub nodes: usize,
    /// Relationships.
    pub relationships: usize,
    /// Security commands (roles, users, grants, privileges, `db.create*`).
    pub security: usize,
    /// Queries in the file.
    pub queries: usize,
    /// Non-empty lines of the scenario body.
    pub lines: usize,
}

impl std::fmt::Display for Size {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} nodes, {} relationships, {} security commands, {} queries, {} lines",
            self.nodes, self.relationships, self.security, self.queries, self.lines
        )
    }
}

/// Writes the regression under `dir` and returns where, and its size.
pub fn write(dir: &Path, world: &GenWorld, origin: &Origin) -> Result<Written, String> {
    let body = scenario_text(world, origin);
    let path = dir.join(format!("{:016x}.toml", fnv1a(&body)));
    let planted = origin
        .plant
        .map(|p| format!(" --plant {p}"))
        .unwrap_or_default();
    let mut header = format!(
        "# Found by `cargo xtask fuzz --seed {}{planted}` (case {}), shrunk in {} steps.\n# Mismatch on the shrunk world:\n",
        origin.seed, origin.case, origin.shrink_steps
    );
    comment(&mut header, &origin.mismatch);
    header.push_str(&replay(&path, &body));
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::write(&path, format!("{header}\n{body}"))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let size = Size {
        nodes: world.nodes.len(),
        relationships: world.relationships.len(),
        security: world.security.len() + world.abac.as_ref().map_or(0, |a| a.rules.len()),
        queries: body.matches("[[query]]").count(),
        lines: body.lines().filter(|l| !l.trim().is_empty()).count(),
    };
    Ok(Written { path, size })
}

/// What `check --engine all` says of the file, as comments: the failing
/// queries with both answers and the reference's explanation.
fn replay(path: &Path, body: &str) -> String {
    let mut out = String::from("#\n# `cargo xtask check --engine all` on this file:\n");
    let scenario = match model::scenario::load_str(path, body) {
        Ok(s) => s,
        Err(e) => {
            comment(&mut out, &format!("does not load: {e}"));
            return out;
        }
    };
    let mut reference = ReferenceEngine::default();
    let mut optimized = OptimizedEngine::new();
    let mut engines: Vec<&mut dyn Engine> = vec![&mut reference, &mut optimized];
    match run_scenario(&scenario, &mut engines, model::limits::Limits::default()) {
        Err(e) => comment(&mut out, &format!("does not run: {e}")),
        Ok(reports) => {
            let failures: Vec<_> = reports
                .iter()
                .filter_map(|r| r.failure.as_ref().map(|f| (r, f)))
                .collect();
            if failures.is_empty() {
                comment(
                    &mut out,
                    "every query passes: the mismatch does not reproduce through the file",
                );
            }
            // Engines that fail for the same reason are listed once.
            let mut previous: Option<&String> = None;
            for (report, failure) in failures {
                if previous != Some(failure) {
                    comment(
                        &mut out,
                        &format!("FAIL #{} {}: {failure}", report.number, report.engine),
                    );
                }
                previous = Some(failure);
            }
        }
    }
    out
}

/// Appends `text` as `# ` comment lines.
fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        let _ = writeln!(out, "#   {line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_mismatches_name_their_query() {
        assert_eq!(failing_query("query 3 `MATCH (n) RETURN n`: ..."), Some(3));
        assert_eq!(failing_query("visibility of Admin: nodes ..."), None);
    }

    #[test]
    fn file_names_are_fnv1a() {
        // Reference values of FNV-1a 64 (the published test vectors).
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
