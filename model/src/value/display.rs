//! How values read as text: `Display` gives a Cypher-literal-like rendering
//! for failure messages and explanations; [`Value::to_cypher_string`] is
//! Cypher's `toString()`.
//!
//! Display forms: strings single-quoted with backslash escapes; floats
//! always with a decimal point or exponent (`1.0`, `1.0E20`, `NaN`), so that
//! `1.0` and `1` differ visibly; lists `[1, 2]`; maps `{a: 1}` with odd keys
//! backquoted; nodes `(#3:A:B {name: 'x'})`; relationships
//! `[#7:KNOWS {since: 2020}]`; paths `<(#1)-[#7:KNOWS]->(#2)>`; temporal
//! values as their constructor calls, `date('2020-01-01')`.

use std::collections::BTreeMap;
use std::fmt::{self, Write};

use super::temporal::{iso_date, iso_datetime, iso_duration, iso_local_datetime};
use super::{NodeValue, RelValue, Value};

impl Value {
    /// Cypher's `toString()`: strings as they are, integers, floats as Neo4j
    /// prints them (Java's `Double.toString`: `1.0`, `0.1`, `1.0E20`),
    /// booleans, temporal values in ISO 8601 (`2020-01-01`,
    /// `2020-01-01T10:00`, `2020-01-01T10:00Z`, `P1Y2M3DT4H5M6S`).
    ///
    /// `None` when `toString()` is not defined for the value: for null (the
    /// caller returns null) and for lists, maps and graph entities (the
    /// caller raises a type error).
    pub fn to_cypher_string(&self) -> Option<String> {
        match self {
            Value::String(s) => Some(s.clone()),
            Value::Integer(i) => Some(i.to_string()),
            Value::Float(f) => Some(java_double(*f)),
            Value::Boolean(b) => Some(b.to_string()),
            Value::Date(d) => Some(iso_date(d)),
            Value::LocalDateTime(dt) => Some(iso_local_datetime(dt)),
            Value::DateTime(dt) => Some(iso_datetime(dt)),
            Value::Duration(d) => Some(iso_duration(d)),
            Value::Null
            | Value::List(_)
            | Value::Map(_)
            | Value::Node(_)
            | Value::Relationship(_)
            | Value::Path(_) => None,
        }
    }
}

/// Java's `Double.toString`, which Neo4j uses: the shortest digits that
/// round-trip, plain notation for magnitudes in [10^-3, 10^7), otherwise
/// `d.dddE±n`; always at least one digit after the point.
pub(crate) fn java_double(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let magnitude = f.abs();
    if magnitude == 0.0 || (1e-3..1e7).contains(&magnitude) {
        // Rust's `{}` prints the shortest round-trip digits in plain notation.
        let plain = format!("{f}");
        if plain.contains('.') {
            plain
        } else {
            format!("{plain}.0")
        }
    } else {
        let sci = format!("{f:e}");
        let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
        if mantissa.contains('.') {
            format!("{mantissa}E{exponent}")
        } else {
            format!("{mantissa}.0E{exponent}")
        }
    }
}

/// A string literal: single quotes, backslash escapes, control characters
/// as `\uXXXX`.
fn write_string(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_char('\'')?;
    for ch in s.chars() {
        match ch {
            '\'' => f.write_str("\\'")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c if c.is_control() => write!(f, "\\u{:04X}", u32::from(c))?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('\'')
}

/// A name as Cypher would need it written: backquoted unless it is a plain
/// identifier.
fn write_name(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    if plain {
        f.write_str(name)
    } else {
        write!(f, "`{}`", name.replace('`', "``"))
    }
}

fn write_map(f: &mut fmt::Formatter<'_>, map: &BTreeMap<String, Value>) -> fmt::Result {
    f.write_char('{')?;
    for (i, (k, v)) in map.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write_name(f, k)?;
        write!(f, ": {v}")?;
    }
    f.write_char('}')
}

fn write_props(f: &mut fmt::Formatter<'_>, props: &BTreeMap<String, Value>) -> fmt::Result {
    if props.is_empty() {
        Ok(())
    } else {
        f.write_char(' ')?;
        write_map(f, props)
    }
}

fn write_node(f: &mut fmt::Formatter<'_>, n: &NodeValue) -> fmt::Result {
    write!(f, "(#{}", n.id)?;
    for label in &n.labels {
        f.write_char(':')?;
        write_name(f, label)?;
    }
    write_props(f, &n.properties)?;
    f.write_char(')')
}

fn write_rel(f: &mut fmt::Formatter<'_>, r: &RelValue) -> fmt::Result {
    write!(f, "[#{}:", r.id)?;
    write_name(f, &r.rel_type)?;
    write_props(f, &r.properties)?;
    f.write_char(']')
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Boolean(b) => write!(f, "{b}"),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Float(x) => f.write_str(&java_double(*x)),
            Value::String(s) => write_string(f, s),
            Value::Date(d) => write!(f, "date('{}')", iso_date(d)),
            Value::LocalDateTime(dt) => write!(f, "localdatetime('{}')", iso_local_datetime(dt)),
            Value::DateTime(dt) => write!(f, "datetime('{}')", iso_datetime(dt)),
            Value::Duration(d) => write!(f, "duration('{}')", iso_duration(d)),
            Value::List(items) => {
                f.write_char('[')?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_char(']')
            }
            Value::Map(map) => write_map(f, map),
            Value::Node(n) => write_node(f, n),
            Value::Relationship(r) => write_rel(f, r),
            Value::Path(p) => {
                f.write_char('<')?;
                let mut previous: Option<u64> = None;
                let mut rels = p.relationships.iter();
                for n in &p.nodes {
                    if let Some(prev) = previous
                        && let Some(r) = rels.next()
                    {
                        // The arrow points the way the relationship points.
                        if r.start == prev {
                            f.write_char('-')?;
                            write_rel(f, r)?;
                            f.write_str("->")?;
                        } else {
                            f.write_str("<-")?;
                            write_rel(f, r)?;
                            f.write_char('-')?;
                        }
                    }
                    write_node(f, n)?;
                    previous = Some(n.id);
                }
                f.write_char('>')
            }
        }
    }
}

#[cfg(test)]
mod tests;
