//! Fuzz target `expect_values`: arbitrary `expect` values, nested to any
//! depth, through the scenario loader (issue 12: nothing a scenario file
//! can do hangs Polygraph or takes the run down).
//!
//! The input's bytes choose a tree of TOML values (arrays, inline tables,
//! strings with escapes, integers, floats with `nan` and `inf`, booleans,
//! dates and times, some of them invalid) and runs of plain nesting far
//! past the toml crate's recursion limit; it is written as the `expect`
//! rows of a scenario file, and the same tree as a Cypher expression in
//! the query, and loaded. Mutating bytes rather than text keeps nearly
//! every input well-formed enough to reach the conversion of `expect`
//! values and the expression parser, which random text rarely does.
//!
//! Nothing may panic, and within libFuzzer's `timeout` (see
//! `fuzz/options/expect_values.options`): an error must say where in the
//! file; a file that loads must hold values that match themselves as
//! `expect` matches a result (the comparison that once cost 2^depth) and
//! print.

#![no_main]

use std::fmt::Write as _;
use std::path::Path;

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use model::rows::matches_expected;
use model::scenario::{Expectation, LoadError, load_str};

/// A run of plain nesting may go this deep: far past the toml crate's 80
/// levels and the Cypher parser's 100, so that both limits are crossed.
const MAX_RUN: u16 = 400;

/// Children per array or table: a few, so that bytes go into depth.
const MAX_CHILDREN: usize = 4;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(text) = scenario(&mut u) else {
        return;
    };
    match load_str(Path::new("fuzz.toml"), &text) {
        Ok(scenario) => {
            for query in &scenario.queries {
                if let Expectation::Rows(rows) = &query.expectation {
                    for value in rows.iter().flat_map(|row| row.values()) {
                        assert!(
                            matches_expected(value, value),
                            "an expect value does not match itself: {value}"
                        );
                        let _ = value.to_string();
                    }
                }
            }
        }
        Err(e) => position_is_inside(&e, &text),
    }
});

/// A scenario file: one to three queries, each returning the Cypher form of
/// its tree and expecting rows of TOML values.
fn scenario(u: &mut Unstructured) -> Result<String> {
    let mut text = String::from("name = \"expect values\"\n");
    for _ in 0..u.int_in_range(1..=3)? {
        let mut cypher = String::new();
        let mut expect = String::new();
        value(u, 0, &mut expect, &mut cypher)?;
        text.push_str("[[query]]\n");
        let _ = writeln!(text, "cypher = \"RETURN {} AS c\"", escaped(&cypher));
        match u.int_in_range(0..=3)? {
            // The usual form: rows of one column.
            0 | 1 => {
                let _ = writeln!(text, "expect = [{{c = {expect}}}]");
            }
            // Several rows, the same value in each.
            2 => {
                let rows = vec![format!("{{c = {expect}}}"); u.int_in_range(2..=4)?];
                let _ = writeln!(text, "expect = [{}]", rows.join(", "));
            }
            // The value itself as `expect`: refused unless it is an array
            // of tables.
            _ => {
                let _ = writeln!(text, "expect = {expect}");
            }
        }
    }
    Ok(text)
}

/// Appends one value to `toml` and its Cypher counterpart to `cypher`.
fn value(u: &mut Unstructured, depth: usize, toml: &mut String, cypher: &mut String) -> Result<()> {
    // Deep trees come from runs; branching stops early so that an input's
    // size stays linear in its bytes.
    let kind = if depth > 6 || u.is_empty() {
        0
    } else {
        u.int_in_range(0..=9)?
    };
    match kind {
        0..=3 => scalar(u, toml, cypher),
        4 | 5 => {
            toml.push('[');
            cypher.push('[');
            for i in 0..u.int_in_range(0..=MAX_CHILDREN)? {
                if i > 0 {
                    toml.push_str(", ");
                    cypher.push_str(", ");
                }
                value(u, depth + 1, toml, cypher)?;
            }
            toml.push(']');
            cypher.push(']');
            Ok(())
        }
        6 | 7 => {
            toml.push('{');
            cypher.push('{');
            for i in 0..u.int_in_range(0..=MAX_CHILDREN)? {
                if i > 0 {
                    toml.push_str(", ");
                    cypher.push_str(", ");
                }
                let key = key(u)?;
                let _ = write!(toml, "{} = ", toml_string(&key));
                let _ = write!(cypher, "`{}`: ", key.replace('`', "``"));
                value(u, depth + 1, toml, cypher)?;
            }
            toml.push('}');
            cypher.push('}');
            Ok(())
        }
        // A run: the same container `levels` deep around one value.
        _ => {
            let levels = usize::from(u.int_in_range(0..=MAX_RUN)?);
            let (open, close, cypher_open, cypher_close) = match u.int_in_range(0..=2)? {
                0 => ("[", "]", "[", "]"),
                1 => ("{a = ", "}", "{a: ", "}"),
                _ => ("[", "]", "(", ")"),
            };
            toml.push_str(&open.repeat(levels));
            cypher.push_str(&cypher_open.repeat(levels));
            value(u, depth + 1, toml, cypher)?;
            toml.push_str(&close.repeat(levels));
            cypher.push_str(&cypher_close.repeat(levels));
            Ok(())
        }
    }
}

/// A scalar, sometimes one TOML or the loader refuses.
fn scalar(u: &mut Unstructured, toml: &mut String, cypher: &mut String) -> Result<()> {
    match u.int_in_range(0..=7)? {
        0 => {
            let i: i64 = u.arbitrary()?;
            let _ = write!(toml, "{i}");
            let _ = write!(cypher, "{i}");
        }
        1 => {
            let f = f64::from_bits(u.arbitrary()?);
            let (t, c) = if f.is_nan() {
                ("nan".to_string(), "0.0 / 0.0".to_string())
            } else if f.is_infinite() {
                let sign = if f > 0.0 { "" } else { "-" };
                (format!("{sign}inf"), format!("{sign}1.0 / 0.0"))
            } else {
                (format!("{f:?}"), format!("{f:?}"))
            };
            toml.push_str(&t);
            cypher.push_str(&c);
        }
        2 => {
            let words = [
                "nan", "+nan", "-nan", "inf", "+inf", "-inf", "1e400", "-0.0",
            ];
            let w = u.choose(&words)?;
            toml.push_str(w);
            cypher.push_str("1.5");
        }
        3 => {
            let s: String = u.arbitrary()?;
            toml.push_str(&toml_string(&s));
            let _ = write!(cypher, "'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"));
        }
        4 => {
            let b: bool = u.arbitrary()?;
            let _ = write!(toml, "{b}");
            let _ = write!(cypher, "{b}");
        }
        5 => {
            // Dates and times, valid or not (a day 31 in any month, hour
            // 24, a bare local time, which `expect` refuses).
            let forms = [
                "2020-01-31",
                "2021-02-31",
                "2020-01-31T10:00:05",
                "2020-01-31T10:00:00+01:00",
                "2020-01-31T24:00:00Z",
                "10:00:00",
                "1979-05-27T00:32:00.999999-07:00",
            ];
            toml.push_str(u.choose(&forms)?);
            cypher.push_str("date('2020-01-31')");
        }
        6 => {
            toml.push_str("\"\\u00e9\\n\\t\\\\\"");
            cypher.push_str("'\\u00e9'");
        }
        _ => {
            // Bytes as they come: whatever they break is the loader's to
            // report.
            let raw: String = u.arbitrary()?;
            toml.push_str(&raw);
            cypher.push_str(&raw);
        }
    }
    Ok(())
}

/// A table key: short, any characters.
fn key(u: &mut Unstructured) -> Result<String> {
    let s: String = u.arbitrary()?;
    Ok(s.chars().take(8).collect())
}

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    format!("\"{}\"", escaped(s))
}

/// `s` escaped for the inside of a TOML basic string.
fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// An error must say where, and its line and column must exist in `text` (one past the last
/// character of a line, or the line after a final newline, at most).
fn position_is_inside(e: &LoadError, text: &str) {
    // Only an empty file or one without queries has nothing to point at,
    // and every file written here has a name and a query.
    let Some(p) = e.position else {
        panic!("an error without a position: {e}");
    };
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(
        p.line >= 1 && p.line <= lines.len(),
        "{e}: line {} of {}",
        p.line,
        lines.len()
    );
    let length = lines.get(p.line - 1).map_or(0, |l| l.chars().count());
    assert!(
        p.column >= 1 && p.column <= length + 1,
        "{e}: column {} of a line of {length} characters",
        p.column
    );
}
