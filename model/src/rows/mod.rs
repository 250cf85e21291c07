//! Query results and their comparison rules (docs/spec/scenario-format.md): rows
//! compare as a multiset, or in order by ORDER BY tie groups; an integer never
//! equals a float; nodes compare by labels and readable properties.
//!
//! - `expected`: reading `expect` values from TOML and matching one
//!   returned value against one expected value;
//! - `matching`: rows as multisets and ORDER BY tie groups, with readable
//!   failure messages;
//! - `json`: results as JSON in the `expect` encoding.

mod expected;
mod json;
mod matching;

use crate::value::Value;

pub use expected::{matches_expected, same_value, value_from_toml};
pub use json::{result_to_json, value_to_json};
pub use matching::{compare_results, compare_results_named, compare_with_expected};

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
