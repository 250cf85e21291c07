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
