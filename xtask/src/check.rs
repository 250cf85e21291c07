//! `cargo xtask check`: the contract of docs/design.md and docs/spec/scenario-format.md.
//!
//! One line per query per engine, `PASS|FAIL <file>#<query> <engine>`, then
//! `N passed, N failed`; exit status 1 on any failure. With `--json`, stdout
//! holds only JSON objects, one per line: one per query per engine, then
//! `{"summary": {"passed": N, "failed": N}}` last, so that a script can
//! parse every line and find the totals without reading prose (notes and
//! errors go to stderr in both modes). A scenario that cannot be loaded or
//! prepared counts as one failure per engine, reported as query `#0`.

use crate::style::say;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use model::engine::Engine;
use model::limits::Limits;
use model::scenario::load_file;
use optimized::OptimizedEngine;
use reference::ReferenceEngine;
use serde_json::json;

use crate::EngineChoice;
use crate::runner::{QueryReport, run_scenario};
use crate::style::verdict;
use model::scenario::scenario_files;

/// Runs `check`; returns the process exit code: 2 when a path names no
/// scenario (nothing runs then), 1 on any failure, an unreadable entry of
/// a folder included.
pub fn run(choice: EngineChoice, json: bool, limits: Limits, paths: &[PathBuf]) -> ExitCode {
    let found = match scenario_files(paths) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for (path, why) in &found.skipped {
        eprintln!("note: skipped {}: {why}", path.display());
    }
    let (passed, mut failed) = check_files(choice, json, limits, &found.files);
    for (path, why) in &found.unreadable {
        for engine in engines(choice) {
            print_unloadable(path, engine.name(), &format!("cannot be read: {why}"), json);
            failed += 1;
        }
    }
    if json {
        say!("{}", summary_json(passed, failed));
    } else {
        say!("{passed} passed, {failed} failed");
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Checks each file, its queries under `limits`, and prints its lines;
/// returns (passed, failed).
pub fn check_files(
    choice: EngineChoice,
    json: bool,
    limits: Limits,
    files: &[PathBuf],
) -> (usize, usize) {
    let (mut passed, mut failed) = (0, 0);
    for file in files {
        let mut owned = engines(choice);
        let mut engines: Vec<&mut dyn Engine> = owned.iter_mut().map(|e| e.as_mut() as _).collect();
        let reports = load_file(file)
            .map_err(|e| e.to_string())
            .and_then(|s| run_scenario(&s, &mut engines, limits));
        match reports {
            Ok(reports) => {
                for report in &reports {
                    print_report(file, report, json);
                    if report.failure.is_none() {
                        passed += 1;
                    } else {
                        failed += 1;
                    }
                }
            }
            Err(error) => {
                for engine in &engines {
                    print_unloadable(file, engine.name(), &error, json);
                    failed += 1;
                }
            }
        }
    }
    (passed, failed)
}

fn engines(choice: EngineChoice) -> Vec<Box<dyn Engine>> {
    match choice {
        EngineChoice::Reference => vec![Box::new(ReferenceEngine::default())],
        EngineChoice::Optimized => vec![Box::new(OptimizedEngine::new())],
        EngineChoice::All => vec![
            Box::new(ReferenceEngine::default()),
            Box::new(OptimizedEngine::new()),
        ],
    }
}

fn print_report(file: &Path, report: &QueryReport, json: bool) {
    if json {
        let (rows, error, code) = match &report.outcome {
            Ok(result) => (Some(model::rows::result_to_json(result)), None, None),
            Err(e) => (None, Some(e.message()), Some(e.code())),
        };
        let object = json!({
            "file": file.display().to_string(),
            "query": report.number,
            "engine": report.engine,
            "status": if report.failure.is_none() { "PASS" } else { "FAIL" },
            "rows": rows,
            "error": error,
            "code": code,
            "failure": report.failure,
        });
        say!("{object}");
        return;
    }
    let line = format!(
        "{} {}#{} {}",
        verdict(report.failure.is_none()),
        file.display(),
        report.number,
        report.engine
    );
    match &report.failure {
        None => say!("{line}"),
        Some(why) => say!("{line}\n{}", indent(why)),
    }
}

fn print_unloadable(file: &Path, engine: &str, error: &str, json: bool) {
    if json {
        let object = json!({
            "file": file.display().to_string(),
            "query": 0,
            "engine": engine,
            "status": "FAIL",
            "rows": null,
            "error": error,
            "code": null,
            "failure": format!("cannot load: {error}"),
        });
        say!("{object}");
    } else {
        say!(
            "{} {}#0 {engine}\n{}",
            verdict(false),
            file.display(),
            indent(&format!("cannot load: {error}"))
        );
    }
}

/// The closing object of `--json`: the totals `N passed, N failed` gives
/// in text.
fn summary_json(passed: usize, failed: usize) -> serde_json::Value {
    json!({ "summary": { "passed": passed, "failed": failed } })
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
