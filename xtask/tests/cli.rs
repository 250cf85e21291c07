//! The command-line contracts of docs/design.md, through the real binary.

use std::path::PathBuf;
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .output()
        .unwrap_or_else(|e| panic!("cannot run xtask: {e}"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn check_prints_one_line_per_query_and_the_totals_and_fails() {
    let out = xtask(&["check", "tests/fixtures/pass_and_fail.toml"]);
    let text = stdout(&out);
    assert!(
        text.contains("PASS tests/fixtures/pass_and_fail.toml#1 reference"),
        "{text}"
    );
    assert!(
        text.contains("FAIL tests/fixtures/pass_and_fail.toml#2 reference"),
        "{text}"
    );
    assert!(text.lines().any(|l| l == "1 passed, 1 failed"), "{text}");
    assert_eq!(out.status.code(), Some(1));
    // The failure carries the reference's explanation of the elements involved.
    assert!(text.contains("reference explanation"), "{text}");
    assert!(text.contains("DENY TRAVERSE"), "{text}");
}

#[test]
fn check_json_prints_one_object_per_query() {
    let out = xtask(&["check", "--json", "tests/fixtures/pass_and_fail.toml"]);
    let text = stdout(&out);
    let objects: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(objects.len(), 3, "two queries and the summary: {text}");
    assert_eq!(objects[2]["summary"]["failed"], 1);
    assert_eq!(objects[0]["status"], "PASS");
    assert_eq!(objects[0]["query"], 1);
    assert_eq!(objects[0]["rows"], serde_json::json!([{ "name": "a" }]));
    assert_eq!(objects[1]["status"], "FAIL");
    assert_eq!(out.status.code(), Some(1));
}

/// Every line of `out`'s stdout, each parsed as a JSON object (the test fails
/// on the first line that is not one).
fn json_lines(out: &Output) -> Vec<serde_json::Map<String, serde_json::Value>> {
    stdout(out)
        .lines()
        .map(|l| match serde_json::from_str(l) {
            Ok(serde_json::Value::Object(o)) => o,
            Ok(other) => panic!("not a JSON object: {other}"),
            Err(e) => panic!("not JSON ({e}): {l}"),
        })
        .collect()
}

#[test]
fn check_json_puts_only_objects_on_stdout_and_the_summary_last() {
    let out = xtask(&[
        "check",
        "--json",
        "--engine",
        "all",
        "tests/fixtures/json_folder",
    ]);
    let objects = json_lines(&out);
    // fails.toml: one query; passes.toml: two; each on two engines.
    assert_eq!(objects.len(), 7, "{}", stdout(&out));
    let (last, queries) = objects.split_last().unwrap_or_else(|| panic!("no output"));
    assert_eq!(
        serde_json::Value::Object(last.clone()),
        serde_json::json!({ "summary": { "passed": 4, "failed": 2 } })
    );
    let failed: Vec<_> = queries
        .iter()
        .filter(|o| o["status"] == "FAIL")
        .map(|o| (o["file"].as_str().unwrap_or(""), o["engine"].clone()))
        .collect();
    assert_eq!(failed.len(), 2, "{queries:?}");
    assert!(
        failed.iter().all(|(f, _)| f.ends_with("fails.toml")),
        "{failed:?}"
    );
    assert!(queries.iter().all(|o| !o.contains_key("summary")));
    assert_eq!(out.status.code(), Some(1));
    // Without --json the same run closes with the text line.
    let text = stdout(&xtask(&[
        "check",
        "--engine",
        "all",
        "tests/fixtures/json_folder",
    ]));
    assert_eq!(text.lines().last(), Some("4 passed, 2 failed"), "{text}");
}

#[test]
fn check_json_keeps_stdout_pure_when_a_file_cannot_load() {
    let out = xtask(&["check", "--json", "tests/fixtures/unloadable.toml"]);
    let objects = json_lines(&out);
    assert_eq!(objects.len(), 2, "{}", stdout(&out));
    assert_eq!(objects[0]["query"], 0);
    assert_eq!(objects[0]["status"], "FAIL");
    assert_eq!(
        serde_json::Value::Object(objects[1].clone()),
        serde_json::json!({ "summary": { "passed": 0, "failed": 1 } })
    );
}

#[test]
fn check_json_tells_non_finite_floats_from_strings() {
    let out = xtask(&[
        "check",
        "--json",
        "--engine",
        "all",
        "../corpora/cypher/cypher-065-non-finite-floats.toml",
    ]);
    let objects = json_lines(&out);
    let first: Vec<_> = objects
        .iter()
        .filter(|o| o.get("query") == Some(&1.into()))
        .collect();
    assert_eq!(first.len(), 2, "both engines answer query 1");
    for o in first {
        assert_eq!(o["status"], "PASS", "{o:?}");
        assert_eq!(
            o["rows"],
            serde_json::json!([{
                "nan": { "float": "NaN" },
                "inf": { "float": "Infinity" },
                "neg": { "float": "-Infinity" },
                "text": "NaN",
                "word": "Infinity",
            }])
        );
    }
    let summary = objects.last().map(|o| o["summary"].clone());
    assert_eq!(
        summary,
        Some(serde_json::json!({ "passed": 10, "failed": 0 }))
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn an_unloadable_file_is_one_failure_with_its_position() {
    let out = xtask(&["check", "tests/fixtures/unloadable.toml"]);
    let text = stdout(&out);
    assert!(
        text.contains("FAIL tests/fixtures/unloadable.toml#0 reference"),
        "{text}"
    );
    assert!(text.contains("unloadable.toml:3:21"), "{text}");
    assert!(text.contains("unsupported clause SET"), "{text}");
    assert!(text.lines().any(|l| l == "0 passed, 1 failed"), "{text}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_missing_path_is_an_error() {
    let out = xtask(&["check", "tests/fixtures/no-such-file.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-file.toml: no such file"));
}

#[test]
fn explain_shows_each_decision_with_its_privileges() {
    let out = xtask(&[
        "explain",
        "tests/fixtures/pass_and_fail.toml#1",
        "--node",
        "1",
    ]);
    let text = stdout(&out);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("DENY TRAVERSE ON GRAPH * NODE B"), "{text}");
    let out = xtask(&["explain", "tests/fixtures/pass_and_fail.toml#9"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no query 9"));
    let out = xtask(&["explain", "tests/fixtures/pass_and_fail.toml"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["explain", "--help"],
        &["test", "--help"],
        &["keys", "--help"],
    ] {
        let out = xtask(args);
        assert!(out.status.success(), "{args:?}");
        assert!(stdout(&out).contains("Usage"), "{args:?}");
    }
}

#[test]
fn a_reader_hanging_up_ends_the_command_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["check", "../corpora"])
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run xtask: {e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        first.starts_with("PASS") || first.starts_with("FAIL"),
        "{first}"
    );
    // The reader is dropped here: the rest of the output meets a closed pipe.
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(141));
}

#[cfg(unix)]
#[test]
fn a_write_error_on_output_is_reported() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["check", "tests/fixtures/pass_and_fail.toml"])
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .stdout(full)
        .output()
        .unwrap_or_else(|e| panic!("cannot run xtask: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: cannot write to standard output"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn check_all_runs_both_engines_on_every_query() {
    let out = xtask(&[
        "check",
        "--engine",
        "all",
        "tests/fixtures/pass_and_fail.toml",
    ]);
    let text = stdout(&out);
    for line in [
        "PASS tests/fixtures/pass_and_fail.toml#1 reference",
        "PASS tests/fixtures/pass_and_fail.toml#1 optimized",
        "FAIL tests/fixtures/pass_and_fail.toml#2 reference",
        "FAIL tests/fixtures/pass_and_fail.toml#2 optimized",
    ] {
        assert!(text.contains(line), "{line} missing from:\n{text}");
    }
    assert!(text.lines().any(|l| l == "2 passed, 2 failed"), "{text}");
    // Both engines agree, so the failures are against `expect` only.
    assert!(!text.contains("engines disagree"), "{text}");
    let out = xtask(&[
        "check",
        "--engine",
        "optimized",
        "tests/fixtures/pass_and_fail.toml",
    ]);
    assert!(stdout(&out).lines().any(|l| l == "1 passed, 1 failed"));
}

/// Runs xtask with `args`, killed after a minute: a walk that does not end
/// fails the test rather than hanging it.
#[cfg(unix)]
fn xtask_within_a_minute(args: &[&std::ffi::OsStr]) -> Output {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run xtask: {e}"));
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("xtask {args:?} did not end within a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

#[cfg(unix)]
#[test]
fn a_folder_walk_reads_each_regular_file_once_and_names_what_it_skips() {
    use std::ffi::OsStr;
    use std::os::unix::fs::symlink;
    let root = std::env::temp_dir().join(format!("polygraph-walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let dir = root.join("scenarios");
    std::fs::create_dir_all(dir.join("loop")).expect("folders");
    let fixture =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pass_and_fail.toml");
    std::fs::copy(&fixture, dir.join("a.toml")).expect("a scenario");
    // A link back to its parent, and two links to the folder itself: each
    // once made the walk repeat a file or never end.
    symlink("../loop", dir.join("loop/self")).expect("link");
    symlink(".", dir.join("dot1")).expect("link");
    symlink(".", dir.join("dot2")).expect("link");
    symlink("nowhere", dir.join("dangling.toml")).expect("link");
    let fifo = dir.join("pipe.toml");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let empty = root.join("empty");
    std::fs::create_dir_all(empty.join("nested")).expect("folders");

    let out = xtask_within_a_minute(&[OsStr::new("check"), dir.as_os_str()]);
    let (text, errors) = (
        stdout(&out),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert_eq!(text.matches("a.toml#").count(), 2, "{text}");
    assert!(
        errors.contains("pipe.toml: a FIFO, not a regular file"),
        "{errors}"
    );
    assert!(
        errors.contains("self: a link to a folder, not followed"),
        "{errors}"
    );
    assert!(
        errors.contains("dot1: a link to a folder, not followed"),
        "{errors}"
    );
    // The dangling link is a failure named by its path; the rest still ran.
    assert!(text.contains("dangling.toml#0 reference"), "{text}");
    assert!(text.lines().any(|l| l == "1 passed, 2 failed"), "{text}");
    assert_eq!(out.status.code(), Some(1));

    // A folder given again is not read again, nor called empty.
    let out = xtask_within_a_minute(&[OsStr::new("check"), dir.as_os_str(), dir.as_os_str()]);
    assert_eq!(
        stdout(&out).matches("a.toml#").count(),
        2,
        "{}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(1));

    // Nothing to check is an error naming the path, not "0 failed".
    for (path, says) in [
        (
            empty.as_os_str(),
            "no scenario file (*.toml) in this folder",
        ),
        (fifo.as_os_str(), "a FIFO, not a scenario file or folder"),
        (
            OsStr::new("/dev/null"),
            "a character device, not a scenario file or folder",
        ),
    ] {
        let out = xtask_within_a_minute(&[OsStr::new("check"), path]);
        let errors = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{path:?}: {errors}");
        assert!(errors.contains(says), "{path:?}: {errors}");
        assert!(!stdout(&out).contains("passed"), "{path:?}");
    }
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn budgets_are_flags_and_a_query_over_one_fails_while_the_run_goes_on() {
    // Under 1,000 rows the 300-node product's first query still fails as it
    // expects (51N66), and the others, which need 90,000 pairs, fail each
    // on its own with the budget named: every query is reported.
    let file = "../corpora/hostile/cartesian-300.toml";
    let out = xtask(&["check", "--engine", "all", "--max-rows", "1000", file]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    for engine in ["reference", "optimized"] {
        let line = format!("PASS {file}#1 {engine}");
        assert!(text.contains(&line), "{line} missing:\n{text}");
        for failing in [2, 3, 4] {
            let line = format!("FAIL {file}#{failing} {engine}");
            assert!(text.contains(&line), "{line} missing:\n{text}");
        }
    }
    assert!(
        text.contains(
            "51N66 resource limit: a step of the query held more than 1000 rows (--max-rows)"
        ),
        "{text}"
    );
    assert!(text.lines().any(|l| l == "2 passed, 6 failed"), "{text}");
    // A value budget of 10 bytes refuses an 11-byte string built by `+`.
    let out = xtask(&[
        "check",
        "--max-value-bytes",
        "10",
        "tests/fixtures/value_budget.toml",
    ]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    // A budget that is not a number is refused by name, and nothing runs.
    let out = xtask(&["check", "--max-rows", "many", file]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--max-rows"), "{err}");
    assert!(stdout(&out).is_empty());
}
