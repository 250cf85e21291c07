//! Query results and their comparison rules (SCENARIO_FORMAT.md): rows
//! compare as a multiset, or in order by ORDER BY tie groups; an integer never
//! equals a float; nodes compare by labels and readable properties.

use crate::value::Value;

/// What a query returned.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryResult {
    /// Column names in order.
    pub columns: Vec<String>,
    /// Rows; each has one value per column.
    pub rows: Vec<Vec<Value>>,
    /// When the final RETURN had ORDER BY: each row's sort-key values, in
    /// row order, so that comparisons can treat equal keys as tie groups.
    pub sort_keys: Option<Vec<Vec<Value>>>,
}

/// Converts an `expect` value from TOML (placeholder until the values work lands).
pub fn value_from_toml(v: &toml::Value) -> Result<Value, String> {
    let _ = v;
    todo!("values agent")
}

/// Compares rows with `expect` (placeholder until the values work lands).
pub fn compare_with_expected(
    actual: &QueryResult,
    expected: &[std::collections::BTreeMap<String, Value>],
) -> Result<(), String> {
    let _ = (actual, expected);
    todo!("values agent")
}

/// Compares two engines' rows (placeholder until the values work lands).
pub fn compare_results(a: &QueryResult, b: &QueryResult) -> Result<(), String> {
    let _ = (a, b);
    todo!("values agent")
}

/// A result as JSON rows (placeholder until the values work lands).
pub fn result_to_json(r: &QueryResult) -> serde_json::Value {
    let _ = r;
    todo!("values agent")
}
