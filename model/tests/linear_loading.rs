//! Loading is linear (issue 12, point 1): a scenario file nested as deeply
//! as the loader allows, in `expect` values (TOML arrays and inline tables)
//! and in query text (parentheses, lists and maps), loads in time of the
//! same order as a flat file of the same byte size; one level more is an
//! error with a line and column, never a crash. So do a file of many small
//! queries or `security` commands (placing each one once scanned the file
//! from its start), a query of many variables, sort keys or relationships and a
//! `graph` of many labels, keys or indexes (each once looked up in a list
//! of all the others).
//!
//! Times are compared with each other, never with a wall-clock number: each
//! is the best of a few repetitions (the least disturbed by other work on
//! the machine), and the bound is an order of magnitude above the ratios
//! measured (nested/flat about 2-3 in `expect` and queries alike), while
//! the faults it guards against cost 2^depth or the square of the size.

use std::path::Path;
use std::time::{Duration, Instant};

use model::budget::fuzz_cases;
use model::cypher::DEPTH_LIMIT;
use model::scenario::{LoadError, load_str};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// How deep an `expect` value may nest in `expect = [{c = VALUE}]`: arrays
/// and inline tables around its innermost scalar. The toml crate stops at
/// 80 levels (its parser's recursion limit) and the row's array and table
/// take two of them.
const EXPECT_DEPTH: usize = 78;

/// How deep a query's expression may nest: parentheses, lists and maps
/// around its innermost literal, which is itself one level of the
/// expression parser's [`DEPTH_LIMIT`].
const QUERY_DEPTH: usize = DEPTH_LIMIT - 1;

/// Nested time may be at most this many times the flat time.
const MAX_RATIO: f64 = 20.0;

/// Repetitions of each load; the fastest counts.
const REPETITIONS: usize = 5;

/// The least bytes a timed file has: large enough that loading takes
/// milliseconds, so that the clock's resolution and one-off costs do not
/// decide the ratio.
const TIMED_BYTES: usize = 24 * 1024;

/// A scalar at the bottom of a nested value or beside its spine.
#[derive(Debug, Clone)]
enum Leaf {
    Int(i64),
    /// Finite in queries; in TOML also `nan`, `inf` and `-inf` (see
    /// [`Leaf::toml`]).
    Float(f64),
    Text(String),
    Bool(bool),
}

impl Leaf {
    fn toml(&self) -> String {
        match self {
            Leaf::Int(i) => i.to_string(),
            Leaf::Float(f) if f.is_nan() => "nan".into(),
            Leaf::Float(f) if f.is_infinite() => if *f > 0.0 { "inf" } else { "-inf" }.into(),
            Leaf::Float(f) => format!("{f:?}"),
            // A basic string with an escape: the decoded text differs from
            // the file's.
            Leaf::Text(s) => format!("\"{s}\\u00e9\""),
            Leaf::Bool(b) => b.to_string(),
        }
    }

    /// The leaf as Cypher inside a TOML basic string: no double quotes,
    /// and no float Cypher cannot write as a literal.
    fn cypher(&self) -> String {
        match self {
            Leaf::Int(i) => i.unsigned_abs().min(i64::MAX as u64).to_string(),
            Leaf::Float(f) if f.is_finite() => format!("{:?}", f.abs()),
            Leaf::Float(_) => "0.5".into(),
            Leaf::Text(s) => format!("'{s}'"),
            Leaf::Bool(b) => b.to_string(),
        }
    }
}

/// What one level of the spine is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Container {
    List,
    Map,
    /// Parentheses: in queries only (TOML has none; there it is a list).
    Paren,
}

/// One level of the spine: its container and the scalars beside the next
/// level, before and after it.
#[derive(Debug, Clone)]
struct Level {
    container: Container,
    before: Vec<Leaf>,
    after: Vec<Leaf>,
}

/// A value nested `levels.len()` deep around `innermost`.
#[derive(Debug, Clone)]
struct Nested {
    levels: Vec<Level>,
    innermost: Leaf,
}

/// The two notations a nested value is written in.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Notation {
    Toml,
    Cypher,
}

impl Nested {
    /// The value as text; map keys `k0`, `k1`, ... beside the spine's `a`.
    fn render(&self, notation: Notation) -> String {
        let leaf = |l: &Leaf| match notation {
            Notation::Toml => l.toml(),
            Notation::Cypher => l.cypher(),
        };
        let bind = if notation == Notation::Toml {
            " = "
        } else {
            ": "
        };
        let mut open = String::new();
        let mut close = Vec::new();
        for level in &self.levels {
            let container = match (level.container, notation) {
                (Container::Paren, Notation::Toml) => Container::List,
                (c, _) => c,
            };
            let mut keys = 0..;
            let mut item = |l: &Leaf| match container {
                Container::Map => format!("k{}{bind}{}", keys.next().unwrap_or(0), leaf(l)),
                _ => leaf(l),
            };
            let before: Vec<String> = level.before.iter().map(&mut item).collect();
            let after: Vec<String> = level.after.iter().map(&mut item).collect();
            let (opening, closing) = match container {
                Container::List => ("[", "]"),
                Container::Map => ("{", "}"),
                // A parenthesised expression holds one expression: the
                // scalars stand beside it as list elements would not, so
                // they are left out.
                Container::Paren => ("(", ")"),
            };
            open.push_str(opening);
            if container != Container::Paren {
                for b in &before {
                    open.push_str(b);
                    open.push_str(", ");
                }
                if container == Container::Map {
                    open.push('a');
                    open.push_str(bind);
                }
            }
            let mut tail = String::new();
            if container != Container::Paren {
                for a in &after {
                    tail.push_str(", ");
                    tail.push_str(a);
                }
            }
            tail.push_str(closing);
            close.push(tail);
        }
        open.push_str(&leaf(&self.innermost));
        for tail in close.iter().rev() {
            open.push_str(tail);
        }
        open
    }

    /// The same value one level deeper: a list around it.
    fn one_deeper(&self) -> Nested {
        let mut deeper = self.clone();
        deeper.levels.insert(
            0,
            Level {
                container: Container::List,
                before: Vec::new(),
                after: Vec::new(),
            },
        );
        deeper
    }
}

fn leaf() -> impl Strategy<Value = Leaf> {
    prop_oneof![
        any::<i64>().prop_map(Leaf::Int),
        prop_oneof![
            any::<f64>(),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
        ]
        .prop_map(Leaf::Float),
        "[a-z ]{0,8}".prop_map(Leaf::Text),
        any::<bool>().prop_map(Leaf::Bool),
    ]
}

fn level(containers: &'static [Container]) -> impl Strategy<Value = Level> {
    (
        prop::sample::select(containers),
        prop::collection::vec(leaf(), 0..3),
        prop::collection::vec(leaf(), 0..2),
    )
        .prop_map(|(container, before, after)| Level {
            container,
            before,
            after,
        })
}

/// Values exactly `depth` deep.
fn nested(depth: usize, containers: &'static [Container]) -> impl Strategy<Value = Nested> {
    (prop::collection::vec(level(containers), depth), leaf())
        .prop_map(|(levels, innermost)| Nested { levels, innermost })
}

/// A scenario whose only query returns `columns` ones and expects `values`
/// in one row.
fn expect_file(values: &[String]) -> String {
    let columns: Vec<String> = (0..values.len()).map(|i| format!("1 AS c{i}")).collect();
    let row: Vec<String> = (values.iter().enumerate())
        .map(|(i, v)| format!("c{i} = {v}"))
        .collect();
    format!(
        "name = \"nested\"\n[[query]]\ncypher = \"RETURN {}\"\nexpect = [{{{}}}]\n",
        columns.join(", "),
        row.join(", ")
    )
}

/// A scenario whose only query returns `values`.
fn query_file(values: &[String]) -> String {
    let columns: Vec<String> = (values.iter().enumerate())
        .map(|(i, v)| format!("{v} AS c{i}"))
        .collect();
    format!(
        "name = \"nested\"\n[[query]]\ncypher = \"RETURN {}\"\n",
        columns.join(", ")
    )
}

/// The line (1-based) of the file on which `field = ` starts.
fn line_of(text: &str, field: &str) -> usize {
    let at = text
        .find(&format!("\n{field} = "))
        .unwrap_or_else(|| panic!("no `{field}` in the file"));
    text[..at].matches('\n').count() + 2
}

/// `text` padded with a comment line to exactly `bytes` bytes (it must be
/// shorter by at least three: the `#` and the newline).
fn padded(mut text: String, bytes: usize) -> String {
    let room = bytes.saturating_sub(text.len() + 2);
    text.push('#');
    text.push_str(&" ".repeat(room));
    text.push('\n');
    assert_eq!(text.len(), bytes, "padding");
    text
}

/// A file as `file` writes it with one list of `n` ones, the largest `n`
/// that leaves room for padding, padded to exactly `bytes`.
fn flat(bytes: usize, file: impl Fn(usize) -> String) -> String {
    let fits = |n: usize| file(n).len() + 3 <= bytes;
    let (mut low, mut high) = (0, 1);
    while fits(high) {
        low = high;
        high *= 2;
    }
    while low + 1 < high {
        let middle = (low + high) / 2;
        if fits(middle) {
            low = middle;
        } else {
            high = middle;
        }
    }
    padded(file(low), bytes)
}

/// `[1, 1, ...]`, `n` ones.
fn ones(n: usize) -> String {
    format!("[{}]", vec!["1"; n].join(", "))
}

/// The fastest of [`REPETITIONS`] loads of `text`, which must load.
fn load_time(text: &str) -> Duration {
    (0..REPETITIONS)
        .map(|_| {
            let started = Instant::now();
            let loaded = load_str(Path::new("timed.toml"), text);
            let took = started.elapsed();
            if let Err(e) = loaded {
                panic!(
                    "{e}\n(the file's first 300 bytes: {:?})",
                    &text[..text.len().min(300)]
                );
            }
            took
        })
        .min()
        .unwrap_or_default()
}

/// Nested loads within [`MAX_RATIO`] of flat, which has the same size.
fn within_ratio(what: &str, nested: &str, flat: &str) -> Result<f64, TestCaseError> {
    prop_assert_eq!(nested.len(), flat.len(), "{} sizes", what);
    let (n, f) = (load_time(nested), load_time(flat));
    let ratio = n.as_secs_f64() / f.as_secs_f64().max(1e-9);
    eprintln!(
        "{what}: {} bytes, nested {:.2} ms, flat {:.2} ms, ratio {ratio:.2}",
        nested.len(),
        n.as_secs_f64() * 1e3,
        f.as_secs_f64() * 1e3
    );
    prop_assert!(
        ratio <= MAX_RATIO,
        "{}: nested took {:?}, flat {:?} for {} bytes: {:.1}x",
        what,
        n,
        f,
        nested.len(),
        ratio
    );
    Ok(ratio)
}

/// `value` as many times as it takes to reach [`TIMED_BYTES`].
fn copies(value: &str) -> Vec<String> {
    vec![value.to_string(); TIMED_BYTES / value.len().max(1) + 1]
}

/// The loader's error for `text`, which must not load.
fn load_error(text: &str) -> LoadError {
    match load_str(Path::new("deep.toml"), text) {
        Ok(_) => panic!("one level past the limit loaded:\n{text}"),
        Err(e) => e,
    }
}

/// `e` has a position on line `line` of `text`, inside that line.
fn positioned_on(e: &LoadError, text: &str, line: usize) -> Result<(), TestCaseError> {
    let Some(p) = e.position else {
        return Err(TestCaseError::fail(format!("no line and column: {e}")));
    };
    prop_assert_eq!(p.line, line, "{}", e);
    let length = text.lines().nth(line - 1).map_or(0, |l| l.chars().count());
    prop_assert!(p.column >= 1 && p.column <= length + 1, "{}", e);
    Ok(())
}

fn runner(default_cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases: fuzz_cases(default_cases),
        // A failure is a timing or an error, both clear without shrinking;
        // each case loads files of tens of kilobytes twenty times.
        max_shrink_iters: 16,
        // Nothing to persist to: a test binary knows no source file.
        failure_persistence: None,
        ..Config::default()
    })
}

#[test]
fn expect_values_at_the_depth_limit_load_in_linear_time_and_one_deeper_is_a_positioned_error() {
    let ratios = std::cell::RefCell::new(Vec::new());
    let strategy = nested(EXPECT_DEPTH, &[Container::List, Container::Map]);
    runner(12)
        .run(&strategy, |value| {
            let text = value.render(Notation::Toml);
            let nested = expect_file(&copies(&text));
            let flat = flat(nested.len(), |n| expect_file(&[ones(n)]));
            ratios
                .borrow_mut()
                .push(within_ratio("expect", &nested, &flat)?);

            let deeper = expect_file(&[value.one_deeper().render(Notation::Toml)]);
            let e = load_error(&deeper);
            positioned_on(&e, &deeper, line_of(&deeper, "expect"))
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!ratios.borrow().is_empty());
}

#[test]
fn queries_at_the_depth_limit_load_in_linear_time_and_one_deeper_is_a_positioned_error() {
    let strategy = nested(
        QUERY_DEPTH,
        &[Container::List, Container::Map, Container::Paren],
    );
    runner(12)
        .run(&strategy, |value| {
            let text = value.render(Notation::Cypher);
            let nested = query_file(&copies(&text));
            let flat = flat(nested.len(), |n| query_file(&[ones(n)]));
            within_ratio("query", &nested, &flat)?;

            let deeper = query_file(&[value.one_deeper().render(Notation::Cypher)]);
            let e = load_error(&deeper);
            positioned_on(&e, &deeper, line_of(&deeper, "cypher"))
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

/// The limits themselves, exactly: the deepest value loads, one more level
/// does not, for each container alone.
#[test]
fn the_limits_are_where_the_constants_say() {
    for (open, close) in [("[", "]"), ("{a = ", "}")] {
        let at = |depth: usize| {
            expect_file(&[format!("{}1{}", open.repeat(depth), close.repeat(depth))])
        };
        let deepest = at(EXPECT_DEPTH);
        if let Err(e) = load_str(Path::new("deep.toml"), &deepest) {
            panic!("{open}: {e}");
        }
        let deeper = at(EXPECT_DEPTH + 1);
        let e = load_error(&deeper);
        assert!(e.position.is_some(), "{e}");
    }
    for (open, close) in [("(", ")"), ("[", "]"), ("{a: ", "}")] {
        let at =
            |depth: usize| query_file(&[format!("{}1{}", open.repeat(depth), close.repeat(depth))]);
        if let Err(e) = load_str(Path::new("deep.toml"), &at(QUERY_DEPTH)) {
            panic!("{open}: {e}");
        }
        let e = load_error(&at(QUERY_DEPTH + 1));
        assert_eq!(e.position.map(|p| p.line), Some(3), "{e}");
    }
}

/// Many small items: each query and each `security` command is placed in
/// the file, once at the cost of a scan from the file's start each (8,000
/// commands were 340 times slower than a flat file of their size).
#[test]
fn many_queries_and_commands_load_in_linear_time() {
    let queries = (0..8000).fold(String::from("name = \"many\"\n"), |mut s, i| {
        s.push_str(&format!(
            "[[query]]\ncypher = \"RETURN {i} AS x\"\nexpect = [{{x = {i}}}]\n"
        ));
        s
    });
    let flat_queries = flat(queries.len(), |n| query_file(&[ones(n)]));
    within_ratio("8,000 queries", &queries, &flat_queries).unwrap_or_else(|e| panic!("{e}"));

    let mut commands = String::from("name = \"many\"\nsecurity = '''\n");
    for i in 0..8000 {
        commands.push_str(&format!("CREATE ROLE r{i};\n"));
    }
    commands.push_str("'''\n[[query]]\ncypher = \"RETURN 1 AS x\"\n");
    let flat_commands = flat(commands.len(), |n| query_file(&[ones(n)]));
    within_ratio("8,000 commands", &commands, &flat_commands).unwrap_or_else(|e| panic!("{e}"));
}

/// One long query: many variables, each bound once and used, many sort
/// keys, or many relationships in one pattern (a query of 8,000 variables was 80 times
/// slower than a flat file of its size, and grew with the square; 16,000
/// relationships about 30 times).
#[test]
fn many_variables_and_relationships_load_in_linear_time() {
    let names: Vec<String> = (0..8000).map(|i| format!("1 AS v{i}")).collect();
    let variables = format!(
        "name = \"many\"\n[[query]]\ncypher = \"WITH {} RETURN *\"\n",
        names.join(", ")
    );
    let flat_variables = flat(variables.len(), |n| query_file(&[ones(n)]));
    within_ratio("8,000 variables", &variables, &flat_variables).unwrap_or_else(|e| panic!("{e}"));

    // Each sort key is compared with the projected expressions (4,000 keys
    // over 4,000 items were 16 times slower than a flat file, growing).
    let items: Vec<String> = (0..8000).map(|i| format!("{i} AS v{i}")).collect();
    let keys: Vec<String> = (0..8000).map(|i| format!("v{i}")).collect();
    let sorted = format!(
        "name = \"many\"\n[[query]]\ncypher = \"WITH {} RETURN * ORDER BY {}\"\n",
        items.join(", "),
        keys.join(", ")
    );
    let flat_sorted = flat(sorted.len(), |n| query_file(&[ones(n)]));
    within_ratio("8,000 sort keys", &sorted, &flat_sorted).unwrap_or_else(|e| panic!("{e}"));

    let pattern: String = (1..16_000).map(|i| format!("-[r{i}]->(n{i})")).collect();
    let relationships =
        format!("name = \"many\"\n[[query]]\ncypher = \"MATCH (n0){pattern} RETURN n0\"\n");
    let flat_relationships = flat(relationships.len(), |n| query_file(&[ones(n)]));
    within_ratio("16,000 relationships", &relationships, &flat_relationships)
        .unwrap_or_else(|e| panic!("{e}"));
}

/// A `graph` of many tokens and indexes: one node with 8,000 labels (56
/// times slower than a flat file of its size at 4,000, growing with the
/// square), one with 8,000 keys, 4,000 unnamed indexes.
#[test]
fn many_labels_keys_and_indexes_load_in_linear_time() {
    let graph = |script: String| {
        format!("name = \"many\"\ngraph = \"{script}\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\n")
    };
    let labels: String = (0..8000).map(|i| format!(":L{i}")).collect();
    let keys: Vec<String> = (0..8000).map(|i| format!("k{i}: 1")).collect();
    let indexes: String = (0..4000)
        .map(|i| format!("CREATE INDEX FOR (n:L{i}) ON (n.k); "))
        .collect();
    for (what, text) in [
        ("8,000 labels", graph(format!("CREATE (n{labels})"))),
        (
            "8,000 keys",
            graph(format!("CREATE ({{{}}})", keys.join(", "))),
        ),
        ("4,000 indexes", graph(indexes)),
    ] {
        let flat_text = flat(text.len(), |n| query_file(&[ones(n)]));
        within_ratio(what, &text, &flat_text).unwrap_or_else(|e| panic!("{e}"));
    }
}
