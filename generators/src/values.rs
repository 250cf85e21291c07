//! Property values and rule constants at type and comparison boundaries
//! (docs/spec/semantics.md D2): integers around zero and at both ends, floats equal
//! and unequal to integers (no NaN, no infinities), strings that need
//! escaping, booleans, temporal values and short homogeneous lists.

use arbitrary::Unstructured;
use chrono::{FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use model::value::{Duration, Value};

use crate::choice::{pick, weighted};

/// Integers at comparison boundaries.
const INTEGERS: [i64; 6] = [0, 1, -1, 2, i64::MIN, i64::MAX];
/// Floats: ones that equal an integer (`1.0`, `0.0`, `-0.0`) and ones that do not.
const FLOATS: [f64; 5] = [1.0, 1.5, -0.5, 0.0, -0.0];
/// Strings: empty, case pairs, and ones that need escaping in Cypher and TOML.
const STRINGS: [&str; 9] = [
    "",
    "a",
    "A",
    "it's",
    "back\\slash",
    "\"q\"",
    "é",
    "日本",
    "two\nlines",
];

/// The scalar kinds a value or a list element is drawn from (a list keeps
/// one kind: D2's homogeneous lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Integer,
    Float,
    String,
    Boolean,
    Date,
    LocalDateTime,
    DateTime,
    Duration,
}

/// Weights of [`KINDS`], integers first (the simplest) and most often.
const KIND_WEIGHTS: [u32; 8] = [12, 6, 6, 4, 1, 1, 1, 1];
const KINDS: [Kind; 8] = [
    Kind::Integer,
    Kind::Float,
    Kind::String,
    Kind::Boolean,
    Kind::Date,
    Kind::LocalDateTime,
    Kind::DateTime,
    Kind::Duration,
];

fn kind(u: &mut Unstructured<'_>) -> Kind {
    KINDS
        .get(weighted(u, &KIND_WEIGHTS))
        .copied()
        .unwrap_or(Kind::Integer)
}

/// A stored property value: a scalar, sometimes a short homogeneous list.
pub fn property_value(u: &mut Unstructured<'_>) -> Value {
    if weighted(u, &[8, 1]) == 1 {
        list(u)
    } else {
        let k = kind(u);
        scalar_of(u, k)
    }
}

/// A scalar constant (never null, never NaN), for rule and WHERE comparisons.
pub fn scalar(u: &mut Unstructured<'_>) -> Value {
    let k = kind(u);
    scalar_of(u, k)
}

/// A homogeneous list of 0 to 3 scalars of one kind.
pub fn list(u: &mut Unstructured<'_>) -> Value {
    let k = kind(u);
    let len = pick(u, 4);
    Value::List((0..len).map(|_| scalar_of(u, k)).collect())
}

/// A non-empty homogeneous list, for `IN [...]` predicates.
pub fn non_empty_list(u: &mut Unstructured<'_>) -> Vec<Value> {
    let k = kind(u);
    let len = 1 + pick(u, 3);
    (0..len).map(|_| scalar_of(u, k)).collect()
}

pub(crate) fn scalar_of(u: &mut Unstructured<'_>, kind: Kind) -> Value {
    let leap_day = NaiveDate::from_ymd_opt(2024, 2, 29);
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1);
    let noon = leap_day.and_then(|d| d.and_hms_opt(12, 0, 0));
    let temporal = match kind {
        Kind::Integer => {
            return Value::Integer(INTEGERS.get(pick(u, INTEGERS.len())).copied().unwrap_or(0));
        }
        Kind::Float => {
            return Value::Float(FLOATS.get(pick(u, FLOATS.len())).copied().unwrap_or(1.0));
        }
        Kind::String => {
            let s = STRINGS.get(pick(u, STRINGS.len())).copied().unwrap_or("");
            return Value::String(s.to_string());
        }
        Kind::Boolean => return Value::Boolean(pick(u, 2) == 1),
        Kind::Date => (if pick(u, 2) == 0 { leap_day } else { epoch }).map(Value::Date),
        Kind::LocalDateTime => noon.map(Value::LocalDateTime),
        Kind::DateTime => zoned(noon, if pick(u, 2) == 0 { 2 * 3600 } else { 0 }),
        Kind::Duration => Some(Value::Duration(Duration {
            months: 0,
            days: 1,
            seconds: 0,
            nanos: 0,
        })),
    };
    temporal.unwrap_or(Value::Integer(0))
}

/// `local` as a datetime at `offset_s` seconds east of UTC.
fn zoned(local: Option<NaiveDateTime>, offset_s: i32) -> Option<Value> {
    let offset = FixedOffset::east_opt(offset_s)?;
    let at = offset.from_local_datetime(&local?).single()?;
    Some(Value::DateTime(at))
}

/// Whether two values are the same to the bit: floats by their bits (so
/// `-0.0` differs from `0.0`), datetimes with their offsets, lists element
/// by element. Generated values are at most one list deep, so one level of
/// lists is compared; anything deeper compares with `==`.
pub fn identical(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::List(xs), Value::List(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| identical_scalar(x, y))
        }
        _ => identical_scalar(a, b),
    }
}

fn identical_scalar(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::DateTime(x), Value::DateTime(y)) => x == y && x.offset() == y.offset(),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_bytes_give_integer_zero() {
        assert_eq!(
            property_value(&mut Unstructured::new(&[])),
            Value::Integer(0)
        );
        assert_eq!(scalar(&mut Unstructured::new(&[0; 8])), Value::Integer(0));
    }

    #[test]
    fn lists_are_homogeneous_and_short() {
        for seed in 0..200u64 {
            let bytes = crate::rng::SplitMix64::new(seed).bytes(64);
            let mut u = Unstructured::new(&bytes);
            let Value::List(items) = list(&mut u) else {
                panic!("list() gave a non-list");
            };
            assert!(items.len() <= 3);
            assert!(model::value::mixed_types(&items).is_none(), "{items:?}");
            let items = non_empty_list(&mut u);
            assert!(!items.is_empty() && items.len() <= 3);
        }
    }

    #[test]
    fn identical_tells_signed_zeros_and_offsets_apart() {
        assert!(!identical(&Value::Float(0.0), &Value::Float(-0.0)));
        assert!(identical(&Value::Float(1.5), &Value::Float(1.5)));
        assert!(!identical(&Value::Integer(1), &Value::Float(1.0)));
        let utc = zoned(
            NaiveDate::from_ymd_opt(2024, 2, 29).and_then(|d| d.and_hms_opt(10, 0, 0)),
            0,
        );
        let plus2 = zoned(
            NaiveDate::from_ymd_opt(2024, 2, 29).and_then(|d| d.and_hms_opt(12, 0, 0)),
            7200,
        );
        let (Some(utc), Some(plus2)) = (utc, plus2) else {
            panic!("fixed datetimes must build");
        };
        // The same instant, different offsets.
        assert_eq!(utc, plus2);
        assert!(!identical(&utc, &plus2));
        assert!(!identical(
            &Value::List(vec![Value::Float(0.0)]),
            &Value::List(vec![Value::Float(-0.0)])
        ));
    }
}
