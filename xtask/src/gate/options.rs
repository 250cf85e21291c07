//! A fuzz target's libFuzzer flags from `fuzz/options/<target>.options`,
//! the `[libfuzzer]` section OSS-Fuzz and ClusterFuzzLite read, so that the
//! gate and those services fuzz a target alike from one file.
//!
//! Every target must have one setting `timeout` and `rss_limit_mb`, so that
//! a slow or huge input is a crash artifact rather than a stalled run
//! (issue 12); the tests here hold the repository's files to that.

use std::path::Path;

/// `-key=value` for every entry of the `[libfuzzer]` section of the file at
/// `path`; none when there is no such file.
pub fn libfuzzer_flags(path: &Path) -> Result<Vec<String>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    flags_from(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The flags of one options file's text. The format is INI; the subset
/// used here (a section, `key = number` or `key = "text"`) is also TOML.
fn flags_from(text: &str) -> Result<Vec<String>, String> {
    let table: toml::Table = text.parse().map_err(|e| format!("{e}"))?;
    let Some(section) = table.get("libfuzzer") else {
        return Ok(Vec::new());
    };
    let section = section.as_table().ok_or("`libfuzzer` must be a section")?;
    section
        .iter()
        .map(|(key, value)| match value {
            toml::Value::Integer(n) => Ok(format!("-{key}={n}")),
            toml::Value::String(s) => Ok(format!("-{key}={s}")),
            other => Err(format!(
                "`{key}`: a number or a quoted text, not {}",
                other.type_str()
            )),
        })
        .collect()
}

/// The targets `fuzz/Cargo.toml` under `root` declares (its `[[bin]]`
/// names), read without cargo-fuzz: what `cargo fuzz list` prints. For
/// tests, which must not need cargo-fuzz; the gate asks cargo-fuzz itself.
#[cfg(test)]
pub(crate) fn declared_targets(root: &Path) -> Result<Vec<String>, String> {
    let path = root.join("fuzz/Cargo.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let manifest: toml::Table = text
        .parse()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let bins = manifest
        .get("bin")
        .and_then(toml::Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    Ok(bins
        .iter()
        .filter_map(|b| b.get("name").and_then(toml::Value::as_str))
        .map(str::to_string)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The flags sorted: libFuzzer does not care about their order.
    fn sorted(flags: Result<Vec<String>, String>) -> Result<Vec<String>, String> {
        flags.map(|mut f| {
            f.sort();
            f
        })
    }

    #[test]
    fn each_entry_becomes_a_flag() {
        let flags = flags_from("# why\n[libfuzzer]\nmax_len = 512\ndict = \"cypher.dict\"\n");
        assert_eq!(
            sorted(flags),
            Ok(vec![
                "-dict=cypher.dict".to_string(),
                "-max_len=512".to_string()
            ])
        );
    }

    #[test]
    fn other_sections_are_not_libfuzzers() {
        assert_eq!(flags_from("[afl]\ntimeout = 5\n"), Ok(Vec::new()));
    }

    #[test]
    fn a_value_that_is_no_flag_is_refused() {
        let error = flags_from("[libfuzzer]\nmax_len = [1]\n")
            .err()
            .unwrap_or_default();
        assert!(error.contains("max_len"), "{error}");
    }

    #[test]
    fn a_missing_file_means_no_flags() {
        let flags = libfuzzer_flags(Path::new("/nonexistent/polygraph/x.options"));
        assert_eq!(flags, Ok(Vec::new()));
    }

    #[test]
    fn the_differential_targets_file_reads() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/options/differential.options");
        assert_eq!(
            sorted(libfuzzer_flags(&path)),
            Ok(vec![
                "-len_control=0".to_string(),
                "-max_len=1829".to_string(),
                "-rss_limit_mb=2048".to_string(),
                "-timeout=10".to_string(),
            ])
        );
        // Long enough for a whole generated world, ABAC part included.
        assert_eq!(generators::MAX_BYTES, 1829);
    }

    /// The repository's root (xtask's parent).
    fn repository() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    #[test]
    fn every_target_file_is_declared_and_has_an_options_file_with_both_limits() {
        let root = repository();
        let declared = declared_targets(&root).unwrap_or_else(|e| panic!("{e}"));
        let sources = std::fs::read_dir(root.join("fuzz/fuzz_targets"))
            .unwrap_or_else(|e| panic!("{e}"))
            .filter_map(|entry| entry.ok())
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".rs").map(str::to_string)
            });
        let mut sources: Vec<String> = sources.collect();
        sources.sort();
        let mut sorted_declared = declared.clone();
        sorted_declared.sort();
        // A target file not declared would never be built, fuzzed or replayed.
        assert_eq!(sources, sorted_declared);
        for target in &declared {
            let path = root.join(format!("fuzz/options/{target}.options"));
            let flags = libfuzzer_flags(&path).unwrap_or_else(|e| panic!("{e}"));
            for limit in ["-timeout=", "-rss_limit_mb="] {
                assert!(
                    flags.iter().any(|f| f.starts_with(limit)),
                    "{}: no {limit}",
                    path.display()
                );
            }
        }
    }
}
