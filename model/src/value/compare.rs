//! openCypher's four notions of sameness and order (CIP2016-06-14, and the
//! Neo4j Cypher manual "Equality, ordering, and comparison of value types"):
//!
//! - *equality* (`=`, `<>`, `IN`): three-valued, null-propagating;
//! - *comparability* (`<`, `<=`, `>`, `>=`): defined only within numbers,
//!   strings, booleans, one temporal instant type, and lists of those; NaN
//!   compares false with everything, null and mixed types give null;
//! - *orderability* (ORDER BY): a total order over all values;
//! - *equivalence* (DISTINCT, grouping): exactly "orders equal", so that
//!   grouping and sorting can never disagree.
//!
//! Recursion here follows the nesting of the values themselves; values are
//! built by the Cypher and TOML parsers, which bound their nesting depth.

use std::cmp::Ordering;

use chrono::{DateTime, FixedOffset};

use super::{Duration, PathValue, Truth, Value};

/// The outcome of comparing two values with `<`, `<=`, `>`, `>=`.
///
/// Two "no order" cases must be told apart: NaN makes every comparison
/// *false* (Neo4j manual: "all comparability tests with NaN evaluate as
/// false"), whereas null or incomparable types make it *null* (Q3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// The values are comparable and ordered this way.
    Ordered(Ordering),
    /// Comparable types but no order (NaN is involved): every operator is false.
    Unordered,
    /// Null involved or the types are not comparable: every operator is null.
    Null,
}

impl Comparison {
    /// The truth of an operator given the ordering it accepts, e.g.
    /// `a.cypher_comparison(&b).holds(Ordering::is_le)` for `a <= b`.
    pub fn holds(self, accept: impl Fn(Ordering) -> bool) -> Truth {
        match self {
            Comparison::Ordered(o) => Some(accept(o)),
            Comparison::Unordered => Some(false),
            Comparison::Null => None,
        }
    }
}

/// A value wrapped so that `Eq`/`Ord` are openCypher equivalence and
/// orderability: usable as a `BTreeMap` key for DISTINCT and grouping.
#[derive(Debug, Clone)]
pub struct Orderable(pub Value);

impl PartialEq for Orderable {
    fn eq(&self, other: &Self) -> bool {
        self.0.equivalent(&other.0)
    }
}

impl Eq for Orderable {}

impl PartialOrd for Orderable {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Orderable {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.order_cmp(&other.0)
    }
}

/// A number, so that integer/float mixes are handled in one place.
#[derive(Clone, Copy)]
enum Num {
    Int(i64),
    Float(f64),
}

impl Value {
    fn as_num(&self) -> Option<Num> {
        match self {
            Value::Integer(i) => Some(Num::Int(*i)),
            Value::Float(f) => Some(Num::Float(*f)),
            _ => None,
        }
    }

    /// `a = b` with three-valued logic: `None` when either side is null or
    /// (inside lists/maps) the answer depends on a null. Integer and float
    /// compare numerically here (`1 = 1.0` is true), unlike result comparison.
    ///
    /// Values of different types are unequal (false, not null); `NaN = NaN`
    /// is false; nodes and relationships are equal by id; a datetime equals
    /// only a datetime at the same instant *and* offset (Neo4j manual:
    /// "instants at the same point in time but with different time zones are
    /// not considered equal"); durations are equal component by component; a
    /// path equals the list of its alternating nodes and relationships.
    pub fn cypher_equals(&self, other: &Value) -> Truth {
        use Value as V;
        match (self, other) {
            (V::Null, _) | (_, V::Null) => None,
            (V::List(a), V::List(b)) => seq_equals(a, b),
            (V::Path(p), V::List(l)) | (V::List(l), V::Path(p)) => seq_equals(&path_elements(p), l),
            (V::Map(a), V::Map(b)) => {
                if a.len() != b.len() || a.keys().ne(b.keys()) {
                    return Some(false);
                }
                all_equal(a.values().zip(b.values()))
            }
            _ => match (self.as_num(), other.as_num()) {
                (Some(a), Some(b)) => Some(num_cmp(a, b) == Some(Ordering::Equal)),
                _ => Some(scalar_equals(self, other)),
            },
        }
    }

    /// `a < b` and friends, with NaN and null told apart (see [`Comparison`]).
    ///
    /// Comparable: numbers (integer and float mixed, compared exactly),
    /// strings (by code point), booleans (`false < true`), two values of the
    /// same temporal instant type (datetime by instant, then by offset west to
    /// east, matching equality), and lists (lexicographically: the first
    /// element pair that is not equal decides, and decides null or false if
    /// that pair is null or NaN; a proper prefix is smaller). Durations, maps,
    /// nodes, relationships and paths are not comparable.
    pub fn cypher_comparison(&self, other: &Value) -> Comparison {
        use Value as V;
        match (self, other) {
            (V::Null, _) | (_, V::Null) => Comparison::Null,
            (V::String(a), V::String(b)) => Comparison::Ordered(a.cmp(b)),
            (V::Boolean(a), V::Boolean(b)) => Comparison::Ordered(a.cmp(b)),
            (V::Date(a), V::Date(b)) => Comparison::Ordered(a.cmp(b)),
            (V::LocalDateTime(a), V::LocalDateTime(b)) => Comparison::Ordered(a.cmp(b)),
            (V::DateTime(a), V::DateTime(b)) => Comparison::Ordered(datetime_cmp(a, b)),
            (V::List(a), V::List(b)) => {
                for (x, y) in a.iter().zip(b) {
                    match x.cypher_comparison(y) {
                        Comparison::Ordered(Ordering::Equal) => {}
                        decided => return decided,
                    }
                }
                Comparison::Ordered(a.len().cmp(&b.len()))
            }
            _ => match (self.as_num(), other.as_num()) {
                (Some(a), Some(b)) => {
                    num_cmp(a, b).map_or(Comparison::Unordered, Comparison::Ordered)
                }
                _ => Comparison::Null,
            },
        }
    }

    /// `a < b` and friends: `Some` only when the values are comparable and
    /// ordered. `None` covers both null (incomparable types, null operands)
    /// and NaN; an evaluator must not map `None` straight to null, because
    /// `1 < NaN` is false: use [`Value::cypher_comparison`] for operators.
    pub fn cypher_compare(&self, other: &Value) -> Option<Ordering> {
        match self.cypher_comparison(other) {
            Comparison::Ordered(o) => Some(o),
            Comparison::Unordered | Comparison::Null => None,
        }
    }

    /// openCypher orderability: a total order for ORDER BY, null last ascending.
    ///
    /// Types order MAP < NODE < RELATIONSHIP < LIST < PATH < ZONED DATETIME <
    /// LOCAL DATETIME < DATE < DURATION < STRING < BOOLEAN < numbers < null
    /// (Neo4j manual, "Hierarchy of values"). Within a type: numbers
    /// numerically across integer and float with NaN above every number;
    /// maps by size, then sorted key lists, then values in key order; nodes
    /// and relationships by id; lists and paths element by element with a
    /// proper prefix first; datetimes by instant then offset (west first);
    /// durations by their approximate length (a month is 30.436875 days, as
    /// the manual specifies) and then component-wise so that only identical
    /// durations tie.
    pub fn order_cmp(&self, other: &Value) -> Ordering {
        use Value as V;
        let by_rank = type_rank(self).cmp(&type_rank(other));
        if by_rank != Ordering::Equal {
            return by_rank;
        }
        match (self, other) {
            (V::Map(a), V::Map(b)) => a
                .len()
                .cmp(&b.len())
                .then_with(|| a.keys().cmp(b.keys()))
                .then_with(|| seq_order(a.values(), b.values())),
            (V::Node(a), V::Node(b)) => a.id.cmp(&b.id),
            (V::Relationship(a), V::Relationship(b)) => a.id.cmp(&b.id),
            (V::List(a), V::List(b)) => seq_order(a.iter(), b.iter()),
            (V::Path(a), V::Path(b)) => path_ids(a).cmp(path_ids(b)),
            (V::DateTime(a), V::DateTime(b)) => datetime_cmp(a, b),
            (V::LocalDateTime(a), V::LocalDateTime(b)) => a.cmp(b),
            (V::Date(a), V::Date(b)) => a.cmp(b),
            (V::Duration(a), V::Duration(b)) => duration_order(a, b),
            (V::String(a), V::String(b)) => a.cmp(b),
            (V::Boolean(a), V::Boolean(b)) => a.cmp(b),
            _ => match (self.as_num(), other.as_num()) {
                (Some(a), Some(b)) => num_order(a, b),
                // Same rank and not numbers: both null.
                _ => Ordering::Equal,
            },
        }
    }

    /// The order `min()` and `max()` use: orderability, and among values
    /// that tie there (`0` and `0.0`, `0.0` and `-0.0`, `[1]` and `[1.0]`)
    /// the one whose printed form sorts first counts as the lesser for `min`
    /// and the greater for `max`, so both return that one whatever order the
    /// rows arrive in (docs/decisions.md); [`Value::max_order`] is the
    /// same with the tie-break reversed.
    pub fn min_order(&self, other: &Value) -> Ordering {
        self.order_cmp(other)
            .then_with(|| self.to_string().cmp(&other.to_string()))
    }

    /// `max()`'s order: orderability, ties broken so that the value whose
    /// printed form sorts first is the greatest (see [`Value::min_order`]).
    pub fn max_order(&self, other: &Value) -> Ordering {
        self.order_cmp(other)
            .then_with(|| other.to_string().cmp(&self.to_string()))
    }

    /// openCypher equivalence, used by DISTINCT and grouping: null is
    /// equivalent to null, NaN to NaN, `1` to `1.0`; otherwise like `=`.
    ///
    /// Defined as "orders equal" so that grouping, DISTINCT and ORDER BY tie
    /// groups always agree.
    pub fn equivalent(&self, other: &Value) -> bool {
        self.order_cmp(other) == Ordering::Equal
    }
}

/// Equality of two non-null values that are not lists, maps or a mix of
/// numbers (those are handled by the caller).
fn scalar_equals(a: &Value, b: &Value) -> bool {
    use Value as V;
    match (a, b) {
        (V::Boolean(x), V::Boolean(y)) => x == y,
        (V::String(x), V::String(y)) => x == y,
        (V::Date(x), V::Date(y)) => x == y,
        (V::LocalDateTime(x), V::LocalDateTime(y)) => x == y,
        (V::DateTime(x), V::DateTime(y)) => datetime_cmp(x, y) == Ordering::Equal,
        (V::Duration(x), V::Duration(y)) => x == y,
        (V::Node(x), V::Node(y)) => x.id == y.id,
        (V::Relationship(x), V::Relationship(y)) => x.id == y.id,
        (V::Path(x), V::Path(y)) => path_ids(x).eq(path_ids(y)),
        _ => false,
    }
}

/// List equality: different lengths are unequal; otherwise any unequal pair
/// makes the lists unequal, else any unknown pair makes the answer unknown.
fn seq_equals(a: &[Value], b: &[Value]) -> Truth {
    if a.len() != b.len() {
        return Some(false);
    }
    all_equal(a.iter().zip(b))
}

fn all_equal<'a>(pairs: impl Iterator<Item = (&'a Value, &'a Value)>) -> Truth {
    let mut unknown = false;
    for (x, y) in pairs {
        match x.cypher_equals(y) {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    if unknown { None } else { Some(true) }
}

fn seq_order<'a>(
    a: impl Iterator<Item = &'a Value>,
    b: impl Iterator<Item = &'a Value>,
) -> Ordering {
    let mut a = a;
    let mut b = b;
    loop {
        match (a.next(), b.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => match x.order_cmp(y) {
                Ordering::Equal => {}
                decided => return decided,
            },
        }
    }
}

/// A path as the list of its alternating nodes and relationships.
fn path_elements(p: &PathValue) -> Vec<Value> {
    let mut out = Vec::with_capacity(p.nodes.len() + p.relationships.len());
    let mut rels = p.relationships.iter();
    for n in &p.nodes {
        out.push(Value::Node(Box::new(n.clone())));
        if let Some(r) = rels.next() {
            out.push(Value::Relationship(Box::new(r.clone())));
        }
    }
    out
}

/// A path's identity: the ids of its alternating nodes and relationships.
/// Nodes and relationships alternate at the same positions in every path, so
/// comparing the id sequences compares element by element.
fn path_ids(p: &PathValue) -> impl Iterator<Item = u64> + '_ {
    let mut rels = p.relationships.iter();
    p.nodes
        .iter()
        .flat_map(move |n| std::iter::once(n.id).chain(rels.next().map(|r| r.id)))
}

/// Instant first, then offset (west to east), so that two datetimes are
/// "equal" exactly when they are the same instant with the same offset.
fn datetime_cmp(a: &DateTime<FixedOffset>, b: &DateTime<FixedOffset>) -> Ordering {
    a.cmp(b).then_with(|| {
        a.offset()
            .local_minus_utc()
            .cmp(&b.offset().local_minus_utc())
    })
}

/// Neo4j's average month, 365.2425 / 12 days, in seconds.
const SECONDS_PER_MONTH: i128 = 2_629_746;
const SECONDS_PER_DAY: i128 = 86_400;
const NANOS_PER_SECOND: i128 = 1_000_000_000;

fn approximate_nanos(d: &Duration) -> i128 {
    (i128::from(d.months) * SECONDS_PER_MONTH
        + i128::from(d.days) * SECONDS_PER_DAY
        + i128::from(d.seconds))
        * NANOS_PER_SECOND
        + i128::from(d.nanos)
}

fn duration_order(a: &Duration, b: &Duration) -> Ordering {
    approximate_nanos(a)
        .cmp(&approximate_nanos(b))
        .then_with(|| a.cmp(b))
}

/// Exact numeric comparison; `None` when a NaN is involved.
fn num_cmp(a: Num, b: Num) -> Option<Ordering> {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => Some(x.cmp(&y)),
        (Num::Float(x), Num::Float(y)) => x.partial_cmp(&y),
        (Num::Int(x), Num::Float(y)) => int_float_cmp(x, y),
        (Num::Float(x), Num::Int(y)) => int_float_cmp(y, x).map(Ordering::reverse),
    }
}

/// Orderability of numbers: numeric, NaN above every number and equal to itself.
fn num_order(a: Num, b: Num) -> Ordering {
    let is_nan = |n: Num| matches!(n, Num::Float(f) if f.is_nan());
    match (is_nan(a), is_nan(b)) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => num_cmp(a, b).unwrap_or(Ordering::Equal),
    }
}

/// Compares an integer with a float without rounding the integer (casting
/// `i64` to `f64` would make 2^53 + 1 equal 2^53 + 2.0).
fn int_float_cmp(i: i64, f: f64) -> Option<Ordering> {
    // 2^63 is exactly representable; every float at or above it exceeds i64::MAX.
    const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
    if f.is_nan() {
        return None;
    }
    if f >= TWO_POW_63 {
        return Some(Ordering::Less);
    }
    if f < -TWO_POW_63 {
        return Some(Ordering::Greater);
    }
    let whole = f.trunc();
    // In range, so the cast is exact.
    let whole_int = whole as i64;
    Some(i.cmp(&whole_int).then_with(|| {
        let frac = f - whole;
        if frac > 0.0 {
            Ordering::Less
        } else if frac < 0.0 {
            Ordering::Greater
        } else {
            Ordering::Equal
        }
    }))
}

/// Position of a value's type in the orderability hierarchy.
fn type_rank(v: &Value) -> u8 {
    match v {
        Value::Map(_) => 0,
        Value::Node(_) => 1,
        Value::Relationship(_) => 2,
        Value::List(_) => 3,
        Value::Path(_) => 4,
        Value::DateTime(_) => 5,
        Value::LocalDateTime(_) => 6,
        Value::Date(_) => 7,
        Value::Duration(_) => 8,
        Value::String(_) => 9,
        Value::Boolean(_) => 10,
        Value::Integer(_) | Value::Float(_) => 11,
        Value::Null => 12,
    }
}

#[cfg(test)]
mod laws;
#[cfg(test)]
mod tests;
