//! The fuzzer's bug-finding power (issue 5, point 5): with each deliberate
//! bug of `optimized::plant` switched on, `cargo xtask fuzz` finds a
//! disagreement within a fixed budget; the same cases without a plant are
//! clean, so what was found is the plant. Runs only with the `plant`
//! feature (`cargo test -p xtask --features plant planted`, a gate step).
//!
//! Each run is a child process: the plant switch is process-wide, and the
//! other tests of this crate must never see it.

#![cfg(feature = "plant")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use optimized::plant::Plant;

/// The fixed seed and case budget every plant must be found within.
const SEED: &str = "1";
const BUDGET: u64 = 3000;

fn xtask(args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
    {
        Ok(out) => out,
        Err(e) => panic!("could not run xtask {args:?}: {e}"),
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `found after N cases` in a run's output.
fn cases_to_find(output: &str) -> Option<u64> {
    let line = output.lines().find(|l| l.starts_with("found after "))?;
    line.strip_prefix("found after ")?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// `(nodes, relationships)` from the `shrunk world: N nodes, R relationships, …` line.
fn shrunk_size(output: &str) -> Option<(u64, u64)> {
    let line = output
        .lines()
        .find_map(|l| l.strip_prefix("shrunk world: "))?;
    let mut numbers = line
        .split(", ")
        .filter_map(|part| part.split_whitespace().next()?.parse().ok());
    Some((numbers.next()?, numbers.next()?))
}

#[test]
fn planted_bugs_are_each_found_within_the_budget() {
    let budget = BUDGET.to_string();
    let mut missed = Vec::new();
    let mut most = 0;
    for plant in Plant::ALL {
        let out = xtask(&[
            "fuzz",
            "--plant",
            plant.name(),
            "--seed",
            SEED,
            "--cases",
            &budget,
            "--no-shrink",
        ]);
        let output = text(&out);
        match cases_to_find(&output) {
            Some(n) if out.status.code() == Some(1) && n <= BUDGET => most = most.max(n),
            _ => missed.push(format!("{plant} ({:?}):\n{output}", out.status.code())),
        }
    }
    assert!(
        missed.is_empty(),
        "plants not found:\n{}",
        missed.join("\n")
    );
    // Control: without a plant the same cases agree, so each find was the
    // plant and not a real disagreement.
    let out = xtask(&[
        "fuzz",
        "--seed",
        SEED,
        "--cases",
        &most.to_string(),
        "--no-shrink",
    ]);
    assert!(
        out.status.success(),
        "unplanted run failed:\n{}",
        text(&out)
    );
}

/// A fresh folder for one test's output.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("polygraph-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn written(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}

#[test]
fn planted_bug_shrinks_to_a_scenario_only_the_plant_fails() {
    let dir = scratch("planted-shrink");
    let Some(out_dir) = dir.to_str() else {
        panic!("temporary folder is not UTF-8: {}", dir.display());
    };
    let plant = Plant::RelStartOnly.name();
    let out = xtask(&[
        "fuzz", "--plant", plant, "--seed", SEED, "--cases", "3000", "--out", out_dir,
    ]);
    let output = text(&out);
    assert_eq!(out.status.code(), Some(1), "{output}");
    let files = written(&dir);
    let [file] = files.as_slice() else {
        panic!(
            "expected one regression in {}, got {files:?}",
            dir.display()
        );
    };
    let scenario = std::fs::read_to_string(file).unwrap_or_default();
    assert!(scenario.contains(&format!("--plant {plant}")), "{scenario}");
    // The replay in the header ran the planted engine: it fails there.
    assert!(scenario.contains("# `cargo xtask check --engine all` on this file:"));
    assert!(scenario.contains("#   FAIL #1"), "{scenario}");
    // R2 needs a relationship with a hidden end: two nodes and one
    // relationship are the least that can show it; shrinking gets close.
    let size = shrunk_size(&output);
    assert!(
        matches!(size, Some((2..=3, 1..=2))),
        "shrunk to {size:?}:\n{output}"
    );
    // Without the plant (a fresh process) both engines pass the file.
    let Some(path) = file.to_str() else {
        panic!("regression path is not UTF-8");
    };
    let check = xtask(&["check", "--engine", "all", path]);
    assert!(check.status.success(), "{}", text(&check));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn planted_names_are_listed_and_unknown_ones_refused() {
    let list = xtask(&["fuzz", "--plant", "list"]);
    assert!(list.status.success());
    let listed = String::from_utf8_lossy(&list.stdout).to_string();
    for plant in Plant::ALL {
        assert!(
            listed.lines().any(|l| l.starts_with(plant.name())),
            "{listed}"
        );
    }
    let unknown = xtask(&["fuzz", "--plant", "no-such-bug"]);
    assert_eq!(unknown.status.code(), Some(2));
    let message = String::from_utf8_lossy(&unknown.stderr).to_string();
    assert!(
        message.contains("no-such-bug") && message.contains(Plant::LabelsFiltered.name()),
        "{message}"
    );
}
