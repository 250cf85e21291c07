//! One value against another, as result comparison needs it (not Cypher's
//! `=`): an integer never equals a float, floats match within a relative
//! 1e-9, and in `expect` nodes, relationships and paths are written as maps
//! (docs/spec/scenario-format.md, "Values in `expect`").
//!
//! Why a float tolerance: `sum` and `avg` add in whatever order an engine
//! visits the rows, and float addition is not associative, so two correct
//! engines (or an engine and a hand-written expectation) can differ in the
//! last bits. 1e-9 relative is far above that rounding noise and far below
//! any difference a scenario means to test.

use std::collections::BTreeMap;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

use crate::value::{MAX_NESTING, NodeValue, PathValue, RelValue, Value};

/// Converts a TOML value from `expect` into a [`Value`]: strings, integers,
/// floats, booleans, arrays, tables (maps), local dates (`date`), local
/// date-times (`localdatetime`) and offset date-times (`datetime`). A TOML
/// local time has no Cypher counterpart here and is an error, and so is a
/// value nested deeper than [`MAX_NESTING`]: the comparisons that match it
/// recurse along the nesting. (The toml crate stops at 80 levels today;
/// the bound holds whatever a future version allows.)
pub fn value_from_toml(v: &toml::Value) -> Result<Value, String> {
    converted(v, 1)
}

/// `v`, which stands `depth` levels deep (the outermost value is at 1).
fn converted(v: &toml::Value, depth: usize) -> Result<Value, String> {
    let inner = |v| converted(v, depth + 1);
    Ok(match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::Integer(*i),
        toml::Value::Float(f) => Value::Float(*f),
        toml::Value::Boolean(b) => Value::Boolean(*b),
        toml::Value::Array(_) | toml::Value::Table(_) if depth > MAX_NESTING => {
            return Err(format!(
                "lists and maps nested deeper than {MAX_NESTING} levels"
            ));
        }
        toml::Value::Array(items) => {
            Value::List(items.iter().map(inner).collect::<Result<_, _>>()?)
        }
        toml::Value::Table(table) => Value::Map(
            table
                .iter()
                .map(|(k, v)| Ok((k.clone(), inner(v)?)))
                .collect::<Result<_, String>>()?,
        ),
        toml::Value::Datetime(dt) => datetime_from_toml(dt)?,
    })
}

fn datetime_from_toml(dt: &toml::value::Datetime) -> Result<Value, String> {
    let bad = || format!("invalid date or time {dt}");
    let date = match dt.date {
        Some(d) => NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            .ok_or_else(bad)?,
        None => {
            return Err(format!(
                "{dt}: a local time has no Cypher value here (use a date, local date-time or offset date-time)"
            ));
        }
    };
    let Some(t) = dt.time else {
        return Ok(Value::Date(date));
    };
    let time = NaiveTime::from_hms_nano_opt(
        u32::from(t.hour),
        u32::from(t.minute),
        u32::from(t.second),
        t.nanosecond,
    )
    .ok_or_else(bad)?;
    let local = NaiveDateTime::new(date, time);
    let offset_seconds = match dt.offset {
        None => return Ok(Value::LocalDateTime(local)),
        Some(toml::value::Offset::Z) => 0,
        Some(toml::value::Offset::Custom { minutes }) => i32::from(minutes) * 60,
    };
    let offset = FixedOffset::east_opt(offset_seconds).ok_or_else(bad)?;
    offset
        .from_local_datetime(&local)
        .single()
        .map(Value::DateTime)
        .ok_or_else(bad)
}

/// Whether a returned value matches a value from `expect`: structural
/// equality where an integer never equals a float; floats match when equal
/// (`-0.0` = `0.0`, NaN = NaN) or within a relative 1e-9; a node matches a
/// map with exactly `labels` (strings, compared sorted) and optionally
/// `properties` (omitted = empty); a relationship a map with `type` and
/// optionally `properties`; a path a map with `nodes` and `relationships`;
/// maps match key by key, a key missing on one side matching null on the
/// other; lists element by element; a duration matches its ISO 8601 text
/// (`"P1DT2H"`), since TOML has no duration.
pub fn matches_expected(actual: &Value, expected: &Value) -> bool {
    same(actual, expected, Fidelity::Expected)
}

/// Engine-against-engine equality of two returned values: like
/// [`matches_expected`] but both sides are real values, so entities compare
/// by id, labels (as a set), type, ends and properties, and maps must have
/// the same keys (`{a: null}` differs from `{}`).
pub fn same_value(a: &Value, b: &Value) -> bool {
    same(a, b, Fidelity::Exact)
}

/// Which comparison: against `expect` (maps stand for entities, null by
/// omission) or between two engines' values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fidelity {
    Expected,
    Exact,
}

fn same(a: &Value, b: &Value, mode: Fidelity) -> bool {
    use Value as V;
    match (a, b) {
        (V::Null, V::Null) => true,
        (V::Integer(x), V::Integer(y)) => x == y,
        (V::Float(x), V::Float(y)) => floats_match(*x, *y),
        (V::Boolean(x), V::Boolean(y)) => x == y,
        (V::String(x), V::String(y)) => x == y,
        (V::Date(x), V::Date(y)) => x == y,
        (V::LocalDateTime(x), V::LocalDateTime(y)) => x == y,
        // Same instant is not enough: the offset is part of the value.
        (V::DateTime(x), V::DateTime(y)) => x == y && x.offset() == y.offset(),
        (V::Duration(x), V::Duration(y)) => x == y,
        (V::Duration(_), V::String(s)) if mode == Fidelity::Expected => {
            a.to_cypher_string().as_deref() == Some(s.as_str())
        }
        (V::List(x), V::List(y)) => lists_match(x, y, mode),
        (V::Map(x), V::Map(y)) => maps_match(x, y, mode),
        (V::Node(x), V::Node(y)) if mode == Fidelity::Exact => nodes_identical(x, y),
        (V::Relationship(x), V::Relationship(y)) if mode == Fidelity::Exact => rels_identical(x, y),
        (V::Path(x), V::Path(y)) if mode == Fidelity::Exact => {
            x.nodes.len() == y.nodes.len()
                && x.relationships.len() == y.relationships.len()
                && x.nodes
                    .iter()
                    .zip(&y.nodes)
                    .all(|(m, n)| nodes_identical(m, n))
                && (x.relationships.iter())
                    .zip(&y.relationships)
                    .all(|(r, s)| rels_identical(r, s))
        }
        (V::Node(n), V::Map(m)) if mode == Fidelity::Expected => node_matches_map(n, m),
        (V::Relationship(r), V::Map(m)) if mode == Fidelity::Expected => rel_matches_map(r, m),
        (V::Path(p), V::Map(m)) if mode == Fidelity::Expected => path_matches_map(p, m),
        _ => false,
    }
}

/// Equal, both NaN, or within a relative 1e-9 (see the module comment).
pub(crate) fn floats_match(a: f64, b: f64) -> bool {
    const RELATIVE: f64 = 1e-9;
    // The tolerance is for rounding noise between finite values; an infinity
    // would make any difference look relatively small.
    a == b
        || (a.is_nan() && b.is_nan())
        || (a.is_finite() && b.is_finite() && (a - b).abs() <= RELATIVE * a.abs().max(b.abs()))
}

fn lists_match(a: &[Value], b: &[Value], mode: Fidelity) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y, mode))
}

fn maps_match(a: &BTreeMap<String, Value>, b: &BTreeMap<String, Value>, mode: Fidelity) -> bool {
    match mode {
        Fidelity::Exact => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((ka, va), (kb, vb))| ka == kb && same(va, vb, mode))
        }
        // Each key of the union is compared once: visiting a shared key from
        // both sides would compare its value twice, and nested maps would
        // then cost 2^depth (a 40-deep map from the openCypher TCK, Literals8
        // [16], never finished).
        Fidelity::Expected => {
            let null = Value::Null;
            a.iter()
                .all(|(k, va)| same(va, b.get(k).unwrap_or(&null), mode))
                && b.iter()
                    .filter(|(k, _)| !a.contains_key(*k))
                    .all(|(_, vb)| same(&null, vb, mode))
        }
    }
}

fn sorted(labels: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = labels.collect();
    v.sort();
    v
}

fn nodes_match(
    n: &NodeValue,
    labels: &[String],
    properties: &BTreeMap<String, Value>,
    mode: Fidelity,
) -> bool {
    sorted(n.labels.iter().cloned()) == sorted(labels.iter().cloned())
        && maps_match(&n.properties, properties, mode)
}

/// The entries of an entity-encoding map, or `None` when it has a key
/// outside `allowed`.
fn only_keys<'a>(
    m: &'a BTreeMap<String, Value>,
    allowed: &[&str],
) -> Option<&'a BTreeMap<String, Value>> {
    m.keys().all(|k| allowed.contains(&k.as_str())).then_some(m)
}

/// The `properties` entry of an entity encoding: absent means no properties.
fn properties_of(m: &BTreeMap<String, Value>) -> Option<BTreeMap<String, Value>> {
    match m.get("properties") {
        None => Some(BTreeMap::new()),
        Some(Value::Map(p)) => Some(p.clone()),
        Some(_) => None,
    }
}

fn node_matches_map(n: &NodeValue, m: &BTreeMap<String, Value>) -> bool {
    let Some(m) = only_keys(m, &["labels", "properties"]) else {
        return false;
    };
    let Some(Value::List(items)) = m.get("labels") else {
        return false;
    };
    let labels: Option<Vec<String>> = items
        .iter()
        .map(|v| match v {
            Value::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    match (labels, properties_of(m)) {
        (Some(labels), Some(props)) => nodes_match(n, &labels, &props, Fidelity::Expected),
        _ => false,
    }
}

fn rel_matches_map(r: &RelValue, m: &BTreeMap<String, Value>) -> bool {
    let Some(m) = only_keys(m, &["type", "properties"]) else {
        return false;
    };
    let Some(Value::String(t)) = m.get("type") else {
        return false;
    };
    *t == r.rel_type
        && properties_of(m).is_some_and(|p| maps_match(&r.properties, &p, Fidelity::Expected))
}

fn path_matches_map(p: &PathValue, m: &BTreeMap<String, Value>) -> bool {
    let Some(m) = only_keys(m, &["nodes", "relationships"]) else {
        return false;
    };
    let (Some(Value::List(nodes)), Some(Value::List(rels))) =
        (m.get("nodes"), m.get("relationships"))
    else {
        return false;
    };
    nodes.len() == p.nodes.len()
        && rels.len() == p.relationships.len()
        && p.nodes.iter().zip(nodes).all(|(n, e)| match e {
            Value::Map(e) => node_matches_map(n, e),
            _ => false,
        })
        && p.relationships.iter().zip(rels).all(|(r, e)| match e {
            Value::Map(e) => rel_matches_map(r, e),
            _ => false,
        })
}

fn nodes_identical(x: &NodeValue, y: &NodeValue) -> bool {
    x.id == y.id && nodes_match(x, &y.labels, &y.properties, Fidelity::Exact)
}

fn rels_identical(x: &RelValue, y: &RelValue) -> bool {
    x.id == y.id
        && x.start == y.start
        && x.end == y.end
        && x.rel_type == y.rel_type
        && maps_match(&x.properties, &y.properties, Fidelity::Exact)
}

#[cfg(test)]
mod tests;
