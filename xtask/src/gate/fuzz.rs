//! The gate's cargo-fuzz step: a short run of every target in `fuzz/`
//! (`cargo fuzz run --sanitizer none`, stable Rust), each for
//! `POLYGRAPH_FUZZ_SECONDS` seconds, starting from seeds written from
//! corpora/ and replaying `fuzz/regressions/<target>/`, with the flags of
//! `fuzz/options/<target>.options`.
//!
//! The fuzz crate's formatting is checked first, whatever the budget: it is
//! its own workspace, out of reach of the gate's `cargo fmt --all`.
//! A budget of 0 skips the rest of the step and says so. Otherwise a missing cargo-fuzz
//! fails the gate: skipping silently would let CI pass without fuzzing.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use super::options::libfuzzer_flags;
use super::seeds::write_seeds;

/// The environment variable holding the seconds each target runs.
pub const SECONDS_VAR: &str = "POLYGRAPH_FUZZ_SECONDS";

/// Seconds per target when the variable is unset: enough for libFuzzer to
/// replay the seeds and mutate for a while, small beside the build.
pub const DEFAULT_SECONDS: u64 = 10;

/// Seconds one input may take before libFuzzer calls it a hang, for a
/// target whose options file sets no `timeout` (each of ours sets one);
/// far above anything a small input needs, far below libFuzzer's default
/// of 20 minutes.
const INPUT_TIMEOUT_SECONDS: u64 = 30;

/// The seconds per target `value` (the variable's value, if set) asks for.
pub fn parse_budget(value: Option<&str>) -> Result<u64, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(DEFAULT_SECONDS),
        Some(text) => text.parse().map_err(|_| {
            format!("{SECONDS_VAR}={text:?} is not a whole number of seconds (0 skips fuzzing)")
        }),
    }
}

/// Runs the step from the workspace root with `cargo`.
pub fn run(cargo: &str) -> Result<(), String> {
    run_cargo(
        cargo,
        &["fmt", "--manifest-path", "fuzz/Cargo.toml", "--", "--check"],
    )?;
    let value = std::env::var(SECONDS_VAR).ok();
    let seconds = parse_budget(value.as_deref())?;
    if seconds == 0 {
        eprintln!("note: {SECONDS_VAR}=0, so the cargo-fuzz targets are not run");
        return Ok(());
    }
    require_cargo_fuzz(cargo)?;

    let seeds = write_seeds(Path::new("corpora"), Path::new("fuzz/corpus"))?;
    eprintln!(
        "seeds from corpora/: {} scenario files, {} Cypher texts",
        seeds.scenarios, seeds.cypher
    );

    let started = Instant::now();
    cargo_fuzz(cargo, &["build", "--sanitizer", "none"])?;
    eprintln!("fuzz build: {}", seconds_text(started.elapsed()));

    for target in targets(cargo)? {
        let target = target.as_str();
        let corpus = format!("fuzz/corpus/{target}");
        std::fs::create_dir_all(&corpus).map_err(|e| format!("{corpus}: {e}"))?;
        let args = run_args(Path::new("."), target, seconds)?;
        let started = Instant::now();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cargo_fuzz(cargo, &args).map_err(|e| {
            format!(
                "{e}\nthe crashing input is under fuzz/artifacts/{target}/; replay it with \
                 `cargo fuzz run --sanitizer none {target} fuzz/artifacts/{target}/<file>`"
            )
        })?;
        eprintln!("fuzz {target}: {}", seconds_text(started.elapsed()));
    }
    Ok(())
}

/// The arguments of `cargo fuzz` for one target's run from the repository
/// at `root` (paths in them are relative to it, where `cargo fuzz` runs):
/// fuzzing into `fuzz/corpus/<target>`, replaying
/// `fuzz/regressions/<target>/` (when the target has that folder) with the
/// corpus, the flags of `fuzz/options/<target>.options`, and the gate's
/// own: the time budget, the final statistics, and a per-input timeout
/// only when the options file sets none (libFuzzer takes the last of a
/// repeated flag, so adding ours after the file's would override it).
fn run_args(root: &Path, target: &str, seconds: u64) -> Result<Vec<String>, String> {
    let mut args = vec![
        "run".to_string(),
        "--sanitizer".into(),
        "none".into(),
        target.into(),
        // The first folder receives the fuzzer's finds; the others are read.
        format!("fuzz/corpus/{target}"),
    ];
    let regressions = format!("fuzz/regressions/{target}");
    if root.join(&regressions).is_dir() {
        args.push(regressions);
    }
    args.push("--".into());
    let options = libfuzzer_flags(&root.join(format!("fuzz/options/{target}.options")))?;
    let has_timeout = options.iter().any(|f| f.starts_with("-timeout="));
    args.extend(options);
    if !has_timeout {
        args.push(format!("-timeout={INPUT_TIMEOUT_SECONDS}"));
    }
    args.extend([
        format!("-max_total_time={seconds}"),
        "-print_final_stats=1".into(),
    ]);
    Ok(args)
}

/// The targets `fuzz/Cargo.toml` declares (`cargo fuzz list`), so that a
/// new target is fuzzed without the gate being told.
fn targets(cargo: &str) -> Result<Vec<String>, String> {
    let output = Command::new(cargo)
        .args(["fuzz", "list"])
        .output()
        .map_err(|e| format!("could not start `cargo fuzz list`: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`cargo fuzz list` failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let targets = target_names(&String::from_utf8_lossy(&output.stdout));
    if targets.is_empty() {
        return Err("`cargo fuzz list` names no target".into());
    }
    Ok(targets)
}

/// The names in `cargo fuzz list`'s output, one a line.
fn target_names(listing: &str) -> Vec<String> {
    listing
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Fails, saying how to install it, when `cargo fuzz` does not run.
fn require_cargo_fuzz(cargo: &str) -> Result<(), String> {
    let installed = Command::new(cargo)
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if installed {
        Ok(())
    } else {
        Err(format!(
            "cargo-fuzz is missing: install it with `cargo install cargo-fuzz --locked` \
             (.ci/run does), or set {SECONDS_VAR}=0 to skip the fuzz step"
        ))
    }
}

/// Runs `cargo fuzz ARGS`, failing on a non-zero exit.
fn cargo_fuzz(cargo: &str, args: &[&str]) -> Result<(), String> {
    let mut all = vec!["fuzz"];
    all.extend_from_slice(args);
    run_cargo(cargo, &all)
}

/// Runs `cargo ARGS`, failing on a non-zero exit.
fn run_cargo(cargo: &str, args: &[&str]) -> Result<(), String> {
    let shown = format!("cargo {}", args.join(" "));
    eprintln!("==> {shown}");
    let status = Command::new(cargo)
        .args(args)
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

fn seconds_text(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cargo_without_fuzz_fails_the_step_saying_how_to_install_it() {
        // `false` exits 1 whatever it is asked, as `cargo fuzz` does when
        // cargo-fuzz is not installed; a cargo that cannot start is the same.
        for cargo in ["false", "/nonexistent/polygraph/cargo"] {
            let error = require_cargo_fuzz(cargo).err().unwrap_or_default();
            assert!(
                error.contains("cargo install cargo-fuzz --locked"),
                "{cargo}: {error}"
            );
        }
    }

    /// The repository's root (xtask's parent).
    fn repository() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    /// A fresh folder under the system's temp dir, removed on drop.
    struct Scratch(std::path::PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir =
                std::env::temp_dir().join(format!("polygraph-gate-{name}-{}", std::process::id()));
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

    /// The arguments after `--`: libFuzzer's flags.
    fn libfuzzer_part(args: &[String]) -> &[String] {
        let at = args.iter().position(|a| a == "--").unwrap_or(args.len());
        args.get(at + 1..).unwrap_or(&[])
    }

    #[test]
    fn every_target_replays_its_regressions_with_the_flags_of_its_options_file() {
        let scratch = Scratch::new("args");
        let root = &scratch.0;
        for dir in ["fuzz/options", "fuzz/regressions/found"] {
            std::fs::create_dir_all(root.join(dir)).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(
            root.join("fuzz/options/found.options"),
            "[libfuzzer]\ntimeout = 7\nrss_limit_mb = 1024\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));

        let args = run_args(root, "found", 45).unwrap_or_else(|e| panic!("{e}"));
        let dashes = args.iter().position(|a| a == "--");
        assert_eq!(
            args.get(3..dashes.unwrap_or(0)),
            Some(
                &[
                    "found".to_string(),
                    "fuzz/corpus/found".into(),
                    "fuzz/regressions/found".into()
                ][..]
            ),
            "{args:?}"
        );
        let flags = libfuzzer_part(&args);
        // The file's timeout, not the gate's default after it.
        assert!(flags.contains(&"-timeout=7".to_string()), "{flags:?}");
        assert!(
            !flags
                .iter()
                .any(|f| f == &format!("-timeout={INPUT_TIMEOUT_SECONDS}"))
        );
        assert!(
            flags.contains(&"-rss_limit_mb=1024".to_string()),
            "{flags:?}"
        );
        assert!(
            flags.contains(&"-max_total_time=45".to_string()),
            "{flags:?}"
        );

        // No folder and no options file: no folder to replay, and the
        // gate's timeout.
        let args = run_args(root, "bare", 5).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !args.iter().any(|a| a.starts_with("fuzz/regressions")),
            "{args:?}"
        );
        assert_eq!(
            libfuzzer_part(&args).first(),
            Some(&format!("-timeout={INPUT_TIMEOUT_SECONDS}"))
        );
    }

    #[test]
    fn the_repositorys_targets_run_with_their_own_timeout_and_memory_limit() {
        let names = super::super::options::declared_targets(&repository())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(names.contains(&"expect_values".to_string()), "{names:?}");
        for target in &names {
            let args = run_args(&repository(), target, 10).unwrap_or_else(|e| panic!("{e}"));
            let flags = libfuzzer_part(&args);
            assert!(
                flags.contains(&"-timeout=10".to_string()),
                "{target}: {flags:?}"
            );
            assert!(
                flags.contains(&"-rss_limit_mb=2048".to_string()),
                "{target}: {flags:?}"
            );
            assert_eq!(
                flags.iter().filter(|f| f.starts_with("-timeout=")).count(),
                1,
                "{target}: {flags:?}"
            );
        }
    }

    #[test]
    fn every_listed_line_is_a_target() {
        assert_eq!(
            target_names("scenario_loader\ncypher_parser\n\n"),
            ["scenario_loader", "cypher_parser"]
        );
        assert!(target_names("").is_empty());
    }

    #[test]
    fn unset_or_empty_means_the_default() {
        assert_eq!(parse_budget(None), Ok(DEFAULT_SECONDS));
        assert_eq!(parse_budget(Some("")), Ok(DEFAULT_SECONDS));
        assert_eq!(parse_budget(Some("  ")), Ok(DEFAULT_SECONDS));
    }

    #[test]
    fn a_number_is_the_budget_and_zero_is_allowed() {
        assert_eq!(parse_budget(Some("0")), Ok(0));
        assert_eq!(parse_budget(Some(" 45 ")), Ok(45));
    }

    #[test]
    fn anything_else_is_refused_naming_the_variable() {
        for bad in ["ten", "-1", "1.5", "10s"] {
            let error = parse_budget(Some(bad)).err().unwrap_or_default();
            assert!(error.contains(SECONDS_VAR), "{bad}: {error}");
        }
    }
}
