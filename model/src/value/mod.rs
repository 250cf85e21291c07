//! Cypher values (docs/spec/semantics.md D2) and the parts of Cypher's semantics that
//! both engines share: equality and comparison with three-valued logic,
//! orderability and equivalence for ORDER BY / DISTINCT / grouping, and the
//! temporal types with their parsing.
//!
//! Graph entities appear as values only in results and inside query
//! execution; they carry the id of the stored element plus what the user may
//! see of it (labels, readable properties).

mod compare;
mod display;
mod json;
mod logic;
mod temporal;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};

pub use compare::{Comparison, Orderable};
pub use json::from_json;
pub use logic::{and3, not3, or3, xor3};
pub use temporal::{TemporalKind, parse_temporal};

/// A node as a query result shows it: id, all labels (N4), readable properties.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeValue {
    /// Id of the stored node.
    pub id: u64,
    /// Labels in token-registry order (N4).
    pub labels: Vec<String>,
    /// Properties the user may read.
    pub properties: BTreeMap<String, Value>,
}

/// A relationship as a query result shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RelValue {
    /// Id of the stored relationship.
    pub id: u64,
    /// Its type.
    pub rel_type: String,
    /// Id of the start node.
    pub start: u64,
    /// Id of the end node.
    pub end: u64,
    /// Properties the user may read.
    pub properties: BTreeMap<String, Value>,
}

/// A path: nodes and the relationships between them (`nodes.len() == relationships.len() + 1`).
#[derive(Debug, Clone, PartialEq)]
pub struct PathValue {
    /// The nodes in path order.
    pub nodes: Vec<NodeValue>,
    /// The relationships in path order.
    pub relationships: Vec<RelValue>,
}

/// A Cypher duration: months, days and seconds are kept apart as Cypher does.
///
/// The derived `Ord` is component-wise and has no Cypher meaning (durations
/// are not comparable with `<`); ORDER BY uses [`Value::order_cmp`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Duration {
    /// Whole months (years are 12 months).
    pub months: i64,
    /// Whole days (weeks are 7 days).
    pub days: i64,
    /// Whole seconds (hours and minutes folded in).
    pub seconds: i64,
    /// Nanoseconds, 0..1_000_000_000.
    pub nanos: i32,
}

/// A Cypher value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` / `false`.
    Boolean(bool),
    /// 64-bit signed integer.
    Integer(i64),
    /// 64-bit float.
    Float(f64),
    /// A string.
    String(String),
    /// `date`.
    Date(NaiveDate),
    /// `localdatetime`.
    LocalDateTime(NaiveDateTime),
    /// `datetime` with an offset.
    DateTime(DateTime<FixedOffset>),
    /// `duration`.
    Duration(Duration),
    /// A list.
    List(Vec<Value>),
    /// A map (keys sorted).
    Map(BTreeMap<String, Value>),
    /// A node.
    Node(Box<NodeValue>),
    /// A relationship.
    Relationship(Box<RelValue>),
    /// A path.
    Path(Box<PathValue>),
}

/// The types of the first two elements of `items` that differ, if any.
/// Stored lists must be homogeneous (D2) and so must the lists of property
/// rules (Q2); integer and float count as different types, as Neo4j's
/// type names do.
pub fn mixed_types(items: &[Value]) -> Option<(&'static str, &'static str)> {
    let first = items.first()?;
    items
        .iter()
        .find(|v| std::mem::discriminant(*v) != std::mem::discriminant(first))
        .map(|other| (first.type_name(), other.type_name()))
}

/// Three-valued logic: `Some(true)`, `Some(false)`, or `None` for null (Q3).
pub type Truth = Option<bool>;

impl Value {
    /// Cypher's name for the value's type (`INTEGER`, `STRING`, `NODE`, ...),
    /// for error messages. Temporal names follow Neo4j 5 (`ZONED DATETIME`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Boolean(_) => "BOOLEAN",
            Value::Integer(_) => "INTEGER",
            Value::Float(_) => "FLOAT",
            Value::String(_) => "STRING",
            Value::Date(_) => "DATE",
            Value::LocalDateTime(_) => "LOCAL DATETIME",
            Value::DateTime(_) => "ZONED DATETIME",
            Value::Duration(_) => "DURATION",
            Value::List(_) => "LIST",
            Value::Map(_) => "MAP",
            Value::Node(_) => "NODE",
            Value::Relationship(_) => "RELATIONSHIP",
            Value::Path(_) => "PATH",
        }
    }

    /// True for `Value::Null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// How deeply lists and maps nest (a scalar is 0, `[[1]]` is 2),
    /// computed without recursion.
    ///
    /// Comparison, ordering, Display and result matching recurse along the
    /// nesting, so values must stay shallow: `expect` refuses values deeper
    /// than [`MAX_NESTING`] and the Cypher parser has its own limit, but a query can build
    /// deeper lists at run time (`reduce(a = [], x IN ... | [a])`); an
    /// evaluator should refuse to build a value deeper than [`MAX_NESTING`].
    pub fn nesting_depth(&self) -> usize {
        let mut deepest = 0;
        let mut stack = vec![(self, 0usize)];
        while let Some((v, above)) = stack.pop() {
            let inner = above + 1;
            match v {
                Value::List(items) => {
                    deepest = deepest.max(inner);
                    stack.extend(items.iter().map(|i| (i, inner)));
                }
                Value::Map(m) => {
                    deepest = deepest.max(inner);
                    stack.extend(m.values().map(|i| (i, inner)));
                }
                // Entity properties sit at the entity's own level.
                Value::Node(n) => stack.extend(n.properties.values().map(|i| (i, above))),
                Value::Relationship(r) => stack.extend(r.properties.values().map(|i| (i, above))),
                _ => {}
            }
        }
        deepest
    }
}

/// The deepest nesting of lists and maps that values may reach (see
/// [`Value::nesting_depth`]); far beyond any real query, far below what
/// overflows the stack in the recursive comparisons.
pub const MAX_NESTING: usize = 256;

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_types_names_the_first_differing_pair() {
        let ints = [Value::Integer(1), Value::Integer(2)];
        assert_eq!(mixed_types(&ints), None);
        assert_eq!(mixed_types(&[]), None);
        let mixed = [
            Value::Integer(1),
            Value::Integer(2),
            Value::Float(2.0),
            Value::String("x".into()),
        ];
        assert_eq!(mixed_types(&mixed), Some(("INTEGER", "FLOAT")));
    }
}
