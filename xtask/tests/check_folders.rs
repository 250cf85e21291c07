//! `check` on generated folder trees (issue 12, point 6): regular scenario
//! files that pass, fail or do not load, text files, FIFOs named `*.toml`,
//! links to files, to folders (back up the tree, to itself: loops) and to
//! nothing, empty folders and a folder named `*.toml`. Whatever the tree,
//! `check` must end (killed after a minute, the test fails), exit as
//! docs/design.md's contract says (2 when no scenario file exists under the
//! path and then nothing runs, 1 when any file fails, 0 otherwise), and
//! report every scenario file exactly once with its outcome, however many
//! ways the walk could reach it, and nothing else.
//!
//! The expected report is computed from the tree's description, not from
//! the file system, so the test does not share the walk's logic.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use model::budget::fuzz_cases;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// How long one `check` may take before it counts as hanging.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// A scenario that passes on the reference engine.
const PASSES: &str =
    "name = \"passes\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\nexpect = [{x = 1}]\n";

/// A scenario that loads and fails its query.
const FAILS: &str = "name = \"fails\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\nexpect = [{x = 2}]\n";

/// A scenario that does not load (query `#0`).
const UNLOADABLE: &str = "name = \"broken\"\n[[query]\ncypher = \n";

/// One entry of a generated tree.
#[derive(Debug, Clone)]
enum Node {
    /// A folder; `toml_name` names it `*.toml`, which makes it no file.
    Folder {
        toml_name: bool,
        children: Vec<Node>,
    },
    /// A regular `*.toml` file holding one of the scenarios.
    Scenario(Outcome),
    /// A regular file not named `*.toml`, holding a passing scenario: only
    /// a link named `*.toml` makes it a scenario file.
    Text,
    /// A FIFO named `*.toml`: reading it would block forever.
    Fifo,
    /// A link to the folder `levels` above the link's own (0: its own
    /// folder, `.`); named `*.toml` or not.
    LinkUp { levels: usize, toml_name: bool },
    /// A link named `*.toml` to the `n`-th entry made before it (modulo
    /// their number; a dangling link when there is none).
    LinkTo(usize),
    /// A link named `*.toml` to nothing.
    Dangling,
}

/// What `check` reports of one scenario file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// `PASS <file>#1`.
    Passes,
    /// `FAIL <file>#1`.
    Fails,
    /// `FAIL <file>#0`: the file does not load, or cannot be read.
    Unloadable,
}

impl Outcome {
    fn text(self) -> &'static str {
        match self {
            Outcome::Passes => PASSES,
            Outcome::Fails => FAILS,
            Outcome::Unloadable => UNLOADABLE,
        }
    }

    /// The line `check` prints for `file`.
    fn line(self, file: &Path) -> String {
        let (verdict, query) = match self {
            Outcome::Passes => ("PASS", 1),
            Outcome::Fails => ("FAIL", 1),
            Outcome::Unloadable => ("FAIL", 0),
        };
        format!("{verdict} {}#{query} reference", file.display())
    }
}

/// What an entry made so far is, for links pointing at it.
#[derive(Debug, Clone, Copy)]
enum Made {
    /// A regular file; reading it as a scenario gives this outcome.
    File(Outcome),
    /// A FIFO or a folder: a link to it is skipped.
    NotAFile,
}

/// The tree as made on disk and what `check` must say of it.
#[derive(Default)]
struct Expected {
    /// Every entry a link may point at, in the order made.
    made: Vec<(PathBuf, Made)>,
    /// The scenario files and their outcomes, by path as `check` prints it.
    reports: BTreeMap<PathBuf, Outcome>,
    /// Whether a file was found (a dangling link is reported, but is no
    /// scenario file: a folder of only those is still empty).
    any_file: bool,
}

fn node() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        3 => prop_oneof![
            Just(Outcome::Passes),
            Just(Outcome::Fails),
            Just(Outcome::Unloadable)
        ]
        .prop_map(Node::Scenario),
        1 => Just(Node::Text),
        1 => Just(Node::Fifo),
        2 => (0usize..4, any::<bool>())
            .prop_map(|(levels, toml_name)| Node::LinkUp { levels, toml_name }),
        2 => any::<usize>().prop_map(Node::LinkTo),
        1 => Just(Node::Dangling),
    ];
    leaf.prop_recursive(3, 32, 5, |inner| {
        (any::<bool>(), prop::collection::vec(inner, 0..5)).prop_map(|(toml_name, children)| {
            Node::Folder {
                toml_name,
                children,
            }
        })
    })
}

/// Makes `nodes` in the folder `dir`, `depth` folders below the root, and
/// records what `check` must report.
fn make(dir: &Path, depth: usize, nodes: &[Node], expected: &mut Expected) {
    for (i, node) in nodes.iter().enumerate() {
        match node {
            Node::Folder {
                toml_name,
                children,
            } => {
                let path = dir.join(if *toml_name {
                    format!("d{i}.toml")
                } else {
                    format!("d{i}")
                });
                std::fs::create_dir(&path).unwrap_or_else(|e| panic!("{e}"));
                expected.made.push((path.clone(), Made::NotAFile));
                make(&path, depth + 1, children, expected);
            }
            Node::Scenario(outcome) => {
                let path = dir.join(format!("s{i}.toml"));
                std::fs::write(&path, outcome.text()).unwrap_or_else(|e| panic!("{e}"));
                expected.made.push((path.clone(), Made::File(*outcome)));
                expected.reports.insert(path, *outcome);
                expected.any_file = true;
            }
            Node::Text => {
                let path = dir.join(format!("t{i}.txt"));
                std::fs::write(&path, PASSES).unwrap_or_else(|e| panic!("{e}"));
                expected.made.push((path, Made::File(Outcome::Passes)));
            }
            Node::Fifo => {
                let path = dir.join(format!("p{i}.toml"));
                let made = Command::new("mkfifo")
                    .arg(&path)
                    .status()
                    .unwrap_or_else(|e| panic!("mkfifo: {e}"));
                assert!(made.success(), "mkfifo {}", path.display());
                expected.made.push((path, Made::NotAFile));
            }
            Node::LinkUp { levels, toml_name } => {
                // Never above the root: what lies there is not the test's.
                let levels = (*levels).min(depth);
                let target = if levels == 0 {
                    ".".to_string()
                } else {
                    vec![".."; levels].join("/")
                };
                let name = if *toml_name {
                    format!("up{i}.toml")
                } else {
                    format!("up{i}")
                };
                symlink(&target, dir.join(name)).unwrap_or_else(|e| panic!("{e}"));
            }
            Node::LinkTo(n) => {
                let path = dir.join(format!("l{i}.toml"));
                match expected
                    .made
                    .get(n.checked_rem(expected.made.len()).unwrap_or(0))
                {
                    Some((target, made)) => {
                        symlink(target, &path).unwrap_or_else(|e| panic!("{e}"));
                        if let Made::File(outcome) = *made {
                            expected.reports.insert(path, outcome);
                            expected.any_file = true;
                        }
                    }
                    None => {
                        symlink("nowhere", &path).unwrap_or_else(|e| panic!("{e}"));
                        expected.reports.insert(path, Outcome::Unloadable);
                    }
                }
            }
            Node::Dangling => {
                let path = dir.join(format!("x{i}.toml"));
                symlink("nowhere", &path).unwrap_or_else(|e| panic!("{e}"));
                expected.reports.insert(path, Outcome::Unloadable);
            }
        }
    }
}

/// What a finished `check` printed and how it exited.
struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `xtask check ARGS` with its output in files under `scratch` (a
/// pipe could fill and stall it), killed after [`TIME_LIMIT`].
fn check(scratch: &Path, args: &[OsString]) -> Result<Ran, TestCaseError> {
    let out = scratch.join("stdout");
    let err = scratch.join("stderr");
    let file = |p: &Path| std::fs::File::create(p).unwrap_or_else(|e| panic!("{e}"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("check")
        .args(args)
        .stdin(Stdio::null())
        .stdout(file(&out))
        .stderr(file(&err))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run xtask: {e}"));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap_or_else(|e| panic!("{e}")) {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(TestCaseError::fail(format!(
                "check {args:?} did not end within {TIME_LIMIT:?}"
            )));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{e}"));
    Ok(Ran {
        code: status.code(),
        stdout: read(&out),
        stderr: read(&err),
    })
}

/// One generated tree: made, checked, compared.
fn one_tree(nodes: &[Node], twice: bool, case: usize) -> Result<(), TestCaseError> {
    let scratch = std::env::temp_dir().join(format!(
        "polygraph-check-folders-{}-{case}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&scratch);
    let root = scratch.join("root");
    std::fs::create_dir_all(&root).unwrap_or_else(|e| panic!("{e}"));
    let mut expected = Expected::default();
    make(&root, 0, nodes, &mut expected);

    let mut args = vec![root.clone().into_os_string()];
    if twice {
        args.push(root.clone().into_os_string());
    }
    let ran = check(&scratch, &args)?;
    let context = format!(
        "tree {nodes:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        ran.stdout, ran.stderr
    );

    if !expected.any_file {
        prop_assert_eq!(ran.code, Some(2), "{}", context);
        prop_assert!(ran.stderr.contains("no scenario file"), "{}", context);
        prop_assert!(!ran.stdout.contains("passed"), "nothing runs: {}", context);
    } else {
        let verdicts: Vec<&str> = (ran.stdout.lines())
            .filter(|l| l.starts_with("PASS ") || l.starts_with("FAIL "))
            .collect();
        for (path, outcome) in &expected.reports {
            let line = outcome.line(path);
            let times = verdicts.iter().filter(|l| **l == line).count();
            prop_assert_eq!(times, 1, "`{}` printed {} times: {}", line, times, context);
        }
        // Nothing else: no file twice under another outcome, no FIFO, no
        // file reached through a link to a folder.
        prop_assert_eq!(verdicts.len(), expected.reports.len(), "{}", context);
        let passed = (expected.reports.values())
            .filter(|&&o| o == Outcome::Passes)
            .count();
        let failed = expected.reports.len() - passed;
        let totals = format!("{passed} passed, {failed} failed");
        prop_assert!(
            ran.stdout.lines().any(|l| l == totals),
            "no `{}`: {}",
            totals,
            context
        );
        let code = if failed > 0 { 1 } else { 0 };
        prop_assert_eq!(ran.code, Some(code), "{}", context);
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}

#[test]
fn check_ends_on_any_folder_tree_and_reports_each_scenario_file_once() {
    let mut runner = TestRunner::new(Config {
        // Each case spawns a process and writes a tree.
        cases: fuzz_cases(8),
        max_shrink_iters: 200,
        failure_persistence: None,
        ..Config::default()
    });
    let case = std::cell::Cell::new(0);
    let strategy = (prop::collection::vec(node(), 0..8), any::<bool>());
    runner
        .run(&strategy, |(nodes, twice)| {
            case.set(case.get() + 1);
            one_tree(&nodes, twice, case.get())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}
