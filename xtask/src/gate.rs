//! `cargo xtask test`: the whole gate CI runs, step by step, stopping at the
//! first failure: formatting, lints, the workspace tests, the planted-bug
//! tests (`--features plant`), the corpus (corpora/hostile in a process
//! whose address space is capped at 4 GiB), `cargo xtask fuzz --seed 11`
//! (`POLYGRAPH_FUZZ_CASES` cases, default 3,000), then a short run of every
//! cargo-fuzz target ([`fuzz`]).

mod fuzz;
mod options;
mod seeds;

use crate::style::say;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

use crate::EngineChoice;
use crate::check::check_files;
use model::limits::Limits;
use model::scenario::scenario_files;

/// The corpus of inputs meant to exhaust a run (issue: hostile input).
const HOSTILE: &str = "corpora/hostile";

/// The address space the hostile corpus runs in: a scenario that got
/// past the budgets would abort this process, not the machine.
const MEMORY_CAP_KIB: u64 = 4 * 1024 * 1024;

/// `check --engine all corpora/hostile` in a child process whose address
/// space is capped (`ulimit -v`), so that every case must end within the
/// budgets rather than by the machine running out.
fn check_hostile() -> Result<(), String> {
    // This very binary, even when the gate's `cargo test` step has rebuilt
    // (and so unlinked) the file it was started from: Linux keeps it
    // reachable as /proc/<pid>/exe.
    let proc_exe = PathBuf::from(format!("/proc/{}/exe", std::process::id()));
    let me = if proc_exe.exists() {
        proc_exe
    } else {
        std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?
    };
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_CAP_KIB} && exec \"$0\" check --engine all {HOSTILE}"
        ))
        .arg(&me)
        .status()
        .map_err(|e| format!("cannot start sh: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{status}"))
    }
}

/// Runs the gate; returns the process exit code.
pub fn run() -> ExitCode {
    // Run from the workspace root so that every step, and the corpus paths
    // printed, are the same wherever `cargo xtask test` was started.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    if let Err(e) = std::env::set_current_dir(&root) {
        eprintln!(
            "gate could not enter the workspace root {}: {e}",
            root.display()
        );
        return ExitCode::FAILURE;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let steps: [(&str, &[&str]); 4] = [
        ("cargo fmt --check", &["fmt", "--all", "--", "--check"]),
        (
            "cargo clippy",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
        ("cargo test", &["test", "--workspace"]),
        // The fuzzer finds every planted bug (needs the `plant` feature,
        // which the workspace tests above do not enable).
        (
            "cargo test planted",
            &["test", "-p", "xtask", "--features", "plant", "planted"],
        ),
    ];
    for (name, args) in steps {
        eprintln!("==> {name}");
        match Command::new(&cargo).args(args).status() {
            Ok(status) if status.success() => {}
            Ok(status) => {
                eprintln!("gate failed at `{name}` ({status})");
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("gate could not start `{name}`: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    eprintln!("==> cargo xtask check --engine all corpora");
    let files = match scenario_files(&[PathBuf::from("corpora")]).and_then(|f| f.strict()) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("gate failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The hostile corpus runs next, in its own capped process.
    let files: Vec<PathBuf> = files
        .into_iter()
        .filter(|f| !f.starts_with(HOSTILE))
        .collect();
    let (passed, failed) = check_files(EngineChoice::All, false, Limits::default(), &files);
    say!("{passed} passed, {failed} failed");
    if failed > 0 {
        return ExitCode::FAILURE;
    }
    eprintln!(
        "==> cargo xtask check --engine all {HOSTILE} (address space capped at {MEMORY_CAP_KIB} KiB)"
    );
    if let Err(e) = check_hostile() {
        eprintln!("gate failed at the hostile corpus: {e}");
        return ExitCode::FAILURE;
    }
    // The differential fuzzer on the seed the issue names; its budget is
    // POLYGRAPH_FUZZ_CASES, like every property test's.
    let cases = u64::from(model::budget::fuzz_cases(3_000));
    eprintln!("==> cargo xtask fuzz --seed 11 --cases {cases}");
    let fuzzed = crate::fuzz::command(
        &crate::fuzz::Options {
            seed: 11,
            cases: Some(cases),
            time: None,
            shard: (0, 1),
            out: None,
            shrink: true,
        },
        None,
    );
    if fuzzed != ExitCode::SUCCESS {
        eprintln!("gate failed at `cargo xtask fuzz`");
        return ExitCode::FAILURE;
    }
    eprintln!("==> cargo-fuzz targets");
    match fuzz::run(&cargo) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gate failed at the fuzz step: {e}");
            ExitCode::FAILURE
        }
    }
}
