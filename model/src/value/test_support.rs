//! Short constructors for values in tests.

use std::collections::BTreeMap;

use chrono::{FixedOffset, NaiveDate, TimeZone};

use super::{NodeValue, PathValue, RelValue, Value};

pub(crate) fn int(i: i64) -> Value {
    Value::Integer(i)
}

pub(crate) fn float(f: f64) -> Value {
    Value::Float(f)
}

pub(crate) fn s(text: &str) -> Value {
    Value::String(text.to_string())
}

pub(crate) fn list(items: Vec<Value>) -> Value {
    Value::List(items)
}

pub(crate) fn props(entries: &[(&str, Value)]) -> BTreeMap<String, Value> {
    entries
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

pub(crate) fn map(entries: &[(&str, Value)]) -> Value {
    Value::Map(props(entries))
}

pub(crate) fn node_value(id: u64, labels: &[&str], entries: &[(&str, Value)]) -> NodeValue {
    NodeValue {
        id,
        labels: labels.iter().map(|l| l.to_string()).collect(),
        properties: props(entries),
    }
}

pub(crate) fn node(id: u64, labels: &[&str], entries: &[(&str, Value)]) -> Value {
    Value::Node(Box::new(node_value(id, labels, entries)))
}

pub(crate) fn rel_value(
    id: u64,
    t: &str,
    start: u64,
    end: u64,
    entries: &[(&str, Value)],
) -> RelValue {
    RelValue {
        id,
        rel_type: t.to_string(),
        start,
        end,
        properties: props(entries),
    }
}

pub(crate) fn rel(id: u64, t: &str, start: u64, end: u64, entries: &[(&str, Value)]) -> Value {
    Value::Relationship(Box::new(rel_value(id, t, start, end, entries)))
}

pub(crate) fn path(nodes: Vec<NodeValue>, relationships: Vec<RelValue>) -> Value {
    Value::Path(Box::new(PathValue {
        nodes,
        relationships,
    }))
}

pub(crate) fn date(y: i32, m: u32, d: u32) -> Value {
    Value::Date(NaiveDate::from_ymd_opt(y, m, d).expect("valid test date"))
}

pub(crate) fn local_datetime(y: i32, mo: u32, d: u32, h: u32, mi: u32, sec: u32) -> Value {
    let dt = NaiveDate::from_ymd_opt(y, mo, d)
        .and_then(|day| day.and_hms_opt(h, mi, sec))
        .expect("valid test date-time");
    Value::LocalDateTime(dt)
}

/// A datetime given by its local wall-clock time and offset in seconds east.
pub(crate) fn datetime(y: i32, mo: u32, d: u32, h: u32, mi: u32, offset: i32) -> Value {
    let tz = FixedOffset::east_opt(offset).expect("valid test offset");
    let dt = tz
        .with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .expect("valid test datetime");
    Value::DateTime(dt)
}

pub(crate) fn duration(months: i64, days: i64, seconds: i64, nanos: i32) -> Value {
    Value::Duration(super::Duration {
        months,
        days,
        seconds,
        nanos,
    })
}
