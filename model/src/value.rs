//! Cypher values (SEMANTICS.md D2) and the parts of Cypher's semantics that
//! both engines share: equality and comparison with three-valued logic,
//! orderability and equivalence for ORDER BY / DISTINCT / grouping, and the
//! temporal types with their parsing.
//!
//! Graph entities appear as values only in results and inside query
//! execution; they carry the id of the stored element plus what the user may
//! see of it (labels, readable properties).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};

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

/// Three-valued logic: `Some(true)`, `Some(false)`, or `None` for null (Q3).
pub type Truth = Option<bool>;

impl Value {
    /// Cypher's name for the value's type (`INTEGER`, `STRING`, `NODE`, ...), for error messages.
    pub fn type_name(&self) -> &'static str {
        todo!("values agent")
    }

    /// `a = b` with three-valued logic: `None` when either side is null or
    /// (inside lists/maps) the answer depends on a null. Integer and float
    /// compare numerically here (`1 = 1.0` is true), unlike result comparison.
    pub fn cypher_equals(&self, other: &Value) -> Truth {
        let _ = other;
        todo!("values agent")
    }

    /// `a < b` and friends: `None` when either side is null or the types are
    /// not comparable (Q3).
    pub fn cypher_compare(&self, other: &Value) -> Option<std::cmp::Ordering> {
        let _ = other;
        todo!("values agent")
    }

    /// openCypher orderability: a total order for ORDER BY, null last ascending.
    pub fn order_cmp(&self, other: &Value) -> std::cmp::Ordering {
        let _ = other;
        todo!("values agent")
    }

    /// openCypher equivalence, used by DISTINCT and grouping: null is
    /// equivalent to null, otherwise like `=`.
    pub fn equivalent(&self, other: &Value) -> bool {
        let _ = other;
        todo!("values agent")
    }
}

/// `a AND b` in three-valued logic.
pub fn and3(a: Truth, b: Truth) -> Truth {
    let _ = (a, b);
    todo!("values agent")
}

/// `a OR b` in three-valued logic.
pub fn or3(a: Truth, b: Truth) -> Truth {
    let _ = (a, b);
    todo!("values agent")
}

/// `a XOR b` in three-valued logic.
pub fn xor3(a: Truth, b: Truth) -> Truth {
    let _ = (a, b);
    todo!("values agent")
}

/// `NOT a` in three-valued logic.
pub fn not3(a: Truth) -> Truth {
    a.map(|b| !b)
}

/// The temporal constructors accepted in literals: `date('...')` and friends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemporalKind {
    /// `date('2020-01-31')`.
    Date,
    /// `datetime('2020-01-31T10:00:00+01:00')`.
    DateTime,
    /// `localdatetime('2020-01-31T10:00:00')`.
    LocalDateTime,
    /// `duration('P1Y2M3DT4H5M6S')`.
    Duration,
}

/// Parses the string argument of a temporal constructor (ISO 8601 forms as
/// Cypher accepts them); the error names what was wrong.
pub fn parse_temporal(kind: TemporalKind, text: &str) -> Result<Value, String> {
    let _ = (kind, text);
    todo!("values agent")
}
