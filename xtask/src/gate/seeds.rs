//! Seed corpora for the cargo-fuzz targets, written from corpora/ so that
//! no scenario is kept twice in the repository: `scenario_loader` gets every
//! scenario file as it is, `cypher_parser` every `graph` script, `security`
//! script and query `cypher` string in them.
//!
//! Seeds are named `seed-…` after the file they came from; a run replaces
//! them all (removing those whose source is gone) and leaves every other
//! file of the corpus directory alone, since those are the fuzzer's own
//! finds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use model::scenario::scenario_files;

/// The prefix of every file this module writes.
const PREFIX: &str = "seed-";

/// How many seeds were written for each target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedCounts {
    /// Scenario files, for `scenario_loader`.
    pub scenarios: usize,
    /// Cypher texts, for `cypher_parser`.
    pub cypher: usize,
}

/// Writes the seeds of every scenario file under `corpora` into
/// `corpus/scenario_loader/` and `corpus/cypher_parser/`.
pub fn write_seeds(corpora: &Path, corpus: &Path) -> Result<SeedCounts, String> {
    let files = scenario_files(&[corpora.to_path_buf()])?.strict()?;
    let mut scenarios = BTreeMap::new();
    let mut cypher = BTreeMap::new();
    for file in &files {
        let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let name = seed_name(corpora, file);
        for (suffix, text) in cypher_texts(&bytes) {
            cypher.insert(format!("{name}.{suffix}"), text.into_bytes());
        }
        scenarios.insert(name, bytes);
    }
    replace_seeds(&corpus.join("scenario_loader"), &scenarios)?;
    replace_seeds(&corpus.join("cypher_parser"), &cypher)?;
    Ok(SeedCounts {
        scenarios: scenarios.len(),
        cypher: cypher.len(),
    })
}

/// `seed-` and the file's path under `corpora` with `/` as `-`, so that
/// files of the same name in different folders stay apart.
fn seed_name(corpora: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(corpora).unwrap_or(file);
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    format!("{PREFIX}{}", parts.join("-"))
}

/// The Cypher a scenario file holds, each with the suffix naming it:
/// `graph`, `security`, `qN` for the N-th query. A file that is not TOML
/// (corpora keep some on purpose, for the loader's errors) holds none.
fn cypher_texts(bytes: &[u8]) -> Vec<(String, String)> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Vec::new();
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for field in ["graph", "security"] {
        if let Some(script) = table.get(field).and_then(toml::Value::as_str) {
            out.push((field.to_string(), script.to_string()));
        }
    }
    let queries = table
        .get("query")
        .and_then(toml::Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for (index, query) in queries.iter().enumerate() {
        if let Some(cypher) = query.get("cypher").and_then(toml::Value::as_str) {
            out.push((format!("q{}", index + 1), cypher.to_string()));
        }
    }
    out
}

/// Makes the `seed-` files of `dir` exactly `seeds`, rewriting only those
/// that changed; other files are the fuzzer's and stay.
fn replace_seeds(dir: &Path, seeds: &BTreeMap<String, Vec<u8>>) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for stale in existing_seeds(dir)? {
        let keep = stale
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| seeds.contains_key(n));
        if !keep {
            std::fs::remove_file(&stale).map_err(|e| format!("{}: {e}", stale.display()))?;
        }
    }
    for (name, bytes) in seeds {
        let path = dir.join(name);
        if std::fs::read(&path).ok().as_ref() != Some(bytes) {
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// The `seed-` files in `dir`.
fn existing_seeds(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        let is_seed = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(PREFIX));
        if is_seed {
            out.push(entry.path());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory under the system's temp dir, removed on drop.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir =
                std::env::temp_dir().join(format!("polygraph-seeds-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
            Scratch(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn write(path: &Path, text: &str) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    const SCENARIO: &str = "name = \"s\"\ngraph = \"CREATE (:A);\"\n\
        security = '''\nCREATE ROLE r;'''\n\
        [[query]]\ncypher = \"MATCH (n) RETURN n\"\n\
        [[query]]\ncypher = \"SHOW ROLES\"\n";

    #[test]
    fn every_scenario_and_every_cypher_text_becomes_a_seed() {
        let scratch = Scratch::new("all");
        let corpora = scratch.0.join("corpora");
        let corpus = scratch.0.join("corpus");
        write(&corpora.join("docs/a.toml"), SCENARIO);
        write(&corpora.join("manual/a.toml"), "not = [toml");

        let counts = write_seeds(&corpora, &corpus).unwrap_or_else(|e| panic!("{e}"));
        // Two files; four texts from the first, none from the broken one.
        assert_eq!(
            counts,
            SeedCounts {
                scenarios: 2,
                cypher: 4
            }
        );
        let loader = corpus.join("scenario_loader");
        assert_eq!(read(&loader.join("seed-docs-a.toml")), SCENARIO);
        assert_eq!(read(&loader.join("seed-manual-a.toml")), "not = [toml");
        let parser = corpus.join("cypher_parser");
        assert_eq!(read(&parser.join("seed-docs-a.toml.graph")), "CREATE (:A);");
        // TOML drops the newline right after an opening `'''`.
        assert_eq!(
            read(&parser.join("seed-docs-a.toml.security")),
            "CREATE ROLE r;"
        );
        assert_eq!(
            read(&parser.join("seed-docs-a.toml.q1")),
            "MATCH (n) RETURN n"
        );
        assert_eq!(read(&parser.join("seed-docs-a.toml.q2")), "SHOW ROLES");
    }

    #[test]
    fn stale_seeds_go_and_the_fuzzers_finds_stay() {
        let scratch = Scratch::new("stale");
        let corpora = scratch.0.join("corpora");
        let corpus = scratch.0.join("corpus");
        write(&corpora.join("a.toml"), SCENARIO);
        write(&corpus.join("scenario_loader/seed-gone.toml"), "old");
        write(&corpus.join("scenario_loader/3f2a9c"), "found by libFuzzer");
        write(&corpus.join("cypher_parser/seed-a.toml.q9"), "old query");

        write_seeds(&corpora, &corpus).unwrap_or_else(|e| panic!("{e}"));
        assert!(!corpus.join("scenario_loader/seed-gone.toml").exists());
        assert!(!corpus.join("cypher_parser/seed-a.toml.q9").exists());
        assert_eq!(
            read(&corpus.join("scenario_loader/3f2a9c")),
            "found by libFuzzer"
        );
        assert!(corpus.join("scenario_loader/seed-a.toml").exists());
    }

    #[test]
    fn a_missing_corpora_folder_is_an_error() {
        let scratch = Scratch::new("missing");
        let result = write_seeds(&scratch.0.join("nowhere"), &scratch.0.join("corpus"));
        assert!(result.is_err(), "{result:?}");
    }
}
