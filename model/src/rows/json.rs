//! Results as JSON, in the same encoding as `expect` (docs/spec/scenario-format.md),
//! for `--json` output and for the rows written into minimised scenarios:
//!
//! - null, booleans, integers and strings as themselves; finite floats as
//!   JSON numbers (serde_json prints `1.0`, so they stay apart from
//!   integers); NaN and ±infinity, which JSON numbers cannot hold, as the
//!   one-key objects `{"float": "NaN"}`, `{"float": "Infinity"}` and
//!   `{"float": "-Infinity"}` (see [`non_finite_float`] for why an object);
//! - dates, local date-times, datetimes and durations as their ISO 8601
//!   text (`toString()`): `"2020-01-01"`, `"2020-01-01T10:00Z"`, `"P1D"`;
//! - lists as arrays, maps as objects;
//! - a node as `{"labels": [...sorted], "properties": {...}}`, a
//!   relationship as `{"type": "T", "properties": {...}}`, a path as
//!   `{"nodes": [...], "relationships": [...]}`. Ids are left out, as in
//!   `expect`.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json, json};

use super::QueryResult;
use crate::value::{NodeValue, RelValue, Value};

/// A value in the `expect` encoding (see the module documentation).
pub fn value_to_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Boolean(b) => Json::Bool(*b),
        Value::Integer(i) => json!(i),
        Value::Float(f) => {
            serde_json::Number::from_f64(*f).map_or_else(|| non_finite_float(*f), Json::Number)
        }
        Value::String(s) => Json::String(s.clone()),
        Value::Date(_) | Value::LocalDateTime(_) | Value::DateTime(_) | Value::Duration(_) => {
            Json::String(v.to_cypher_string().unwrap_or_default())
        }
        Value::List(items) => Json::Array(items.iter().map(value_to_json).collect()),
        Value::Map(m) => map_to_json(m),
        Value::Node(n) => node_json(n),
        Value::Relationship(r) => rel_json(r),
        Value::Path(p) => {
            let nodes: Vec<Json> = p.nodes.iter().map(node_json).collect();
            let rels: Vec<Json> = p.relationships.iter().map(rel_json).collect();
            json!({ "nodes": nodes, "relationships": rels })
        }
    }
}

/// NaN, `Infinity` or `-Infinity` as `{"float": "<toString() text>"}`.
///
/// Why a tagged object: a string (`"NaN"`, what this encoding gave before)
/// cannot be told from the Cypher string `'NaN'`, and `null` from a
/// missing value; JSON has no other token for these numbers (serde_json
/// and most readers refuse a bare `NaN`). The encoding already writes the
/// values JSON lacks as objects whose keys say what they are (a node's
/// `labels` and `properties`, a path's `nodes` and `relationships`), so a
/// float without a JSON number is the object whose one key is its type.
/// The text is Cypher's `toString()` of the value, so a NaN of either sign
/// is `"NaN"`. Like the entity encodings, it is shared with a Cypher map of
/// the same shape (`{float: 'NaN'}`); a reader who needs to tell those apart
/// knows from the query which columns hold maps.
fn non_finite_float(f: f64) -> Json {
    let text = if f.is_nan() {
        "NaN"
    } else if f > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    };
    json!({ "float": text })
}

fn node_json(n: &NodeValue) -> Json {
    let mut labels = n.labels.clone();
    labels.sort();
    json!({ "labels": labels, "properties": map_to_json(&n.properties) })
}

fn rel_json(r: &RelValue) -> Json {
    json!({ "type": r.rel_type, "properties": map_to_json(&r.properties) })
}

fn map_to_json(m: &BTreeMap<String, Value>) -> Json {
    Json::Object(
        m.iter()
            .map(|(k, v)| (k.clone(), value_to_json(v)))
            .collect::<Map<String, Json>>(),
    )
}

/// A result as a list of row objects keyed by column, values encoded by
/// [`value_to_json`].
pub fn result_to_json(r: &QueryResult) -> Json {
    Json::Array(
        r.rows
            .iter()
            .map(|row| {
                Json::Object(
                    r.columns
                        .iter()
                        .zip(row)
                        .map(|(c, v)| (c.clone(), value_to_json(v)))
                        .collect(),
                )
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests;
