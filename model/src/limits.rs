//! The budgets a query runs under (docs/spec/semantics.md, "Budgets"): how
//! many intermediate rows one step of a query may hold, and how large a
//! string, list or map an expression may build. Each engine counts its own
//! work and decides when it is over; this module only holds the numbers,
//! measures values the one way both engines use, and words the error.
//!
//! Budgets are not security: they keep a hostile scenario (a cartesian
//! product, a string doubled forty times) from exhausting the machine and
//! taking every other file's result down with it.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::engine::EngineError;
use crate::error::{ErrorKind, Resource};
use crate::value::Value;

/// Rows one step of a query may hold by default: far above any scenario
/// of the corpora (their graphs have tens of elements), low enough that the
/// reference engine, whose rows are maps of cloned values, stays within a
/// few GiB when a query reaches it.
pub const DEFAULT_MAX_ROWS: u64 = 200_000;

/// Bytes a built value may measure by default (16 MiB): a `range()` of the
/// largest allowed length (1,000,000 integers, 16,000,000 bytes) fits.
pub const DEFAULT_MAX_VALUE_BYTES: u64 = 16 * 1024 * 1024;

/// What one element of a list or one entry of a map counts besides its
/// contents: a slot, whatever it holds.
pub const SLOT_BYTES: u64 = 16;

/// The budgets of one query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Rows (or partial matches) any one step of the query may hold.
    pub max_rows: u64,
    /// Bytes a string, list or map built by an expression may measure
    /// ([`built_bytes`]).
    pub max_value_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_rows: DEFAULT_MAX_ROWS,
            max_value_bytes: DEFAULT_MAX_VALUE_BYTES,
        }
    }
}

impl Limits {
    /// No budget at all: for measuring fixed workloads whose size is the
    /// point (`cargo xtask report`), never for input someone else wrote.
    pub const UNLIMITED: Limits = Limits {
        max_rows: u64::MAX,
        max_value_bytes: u64::MAX,
    };

    /// Fails when a step holds `rows` rows, more than the row budget.
    pub fn rows(&self, rows: usize) -> Result<(), EngineError> {
        if u64::try_from(rows).unwrap_or(u64::MAX) > self.max_rows {
            return Err(EngineError::of(ErrorKind::ResourceLimit(Resource::Rows {
                limit: self.max_rows,
            })));
        }
        Ok(())
    }

    /// The error of a value over the value budget.
    pub fn value_error(&self) -> EngineError {
        EngineError::of(ErrorKind::ResourceLimit(Resource::ValueBytes {
            limit: self.max_value_bytes,
        }))
    }
}

/// How many times the value budget a query may build in all, counting
/// every value it builds (`64 x 16 MiB = 1 GiB` by default): a loop that
/// builds a large value at each step (`[x IN range(1, 1000000) |
/// size(range(1, 1000000))]`) stays within the value budget at every step
/// and would otherwise run for hours.
pub const BUILT_FACTOR: u64 = 64;

/// One query's budgets as it runs: the limits, and the bytes of the values
/// it has built so far. Shared by the threads of one query.
#[derive(Debug)]
pub struct Meter {
    limits: Limits,
    built: AtomicU64,
}

impl Meter {
    /// A query about to run under `limits`.
    pub fn new(limits: Limits) -> Self {
        Meter {
            limits,
            built: AtomicU64::new(0),
        }
    }

    /// The budgets.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Fails when a step holds `rows` rows ([`Limits::rows`]).
    pub fn rows(&self, rows: usize) -> Result<(), EngineError> {
        self.limits.rows(rows)
    }

    /// Passes `value`, just built by an expression, on when it is within
    /// the value budget and the query's values in all stay within
    /// [`BUILT_FACTOR`] times it; the budget's error otherwise.
    pub fn value(&self, value: Value) -> Result<Value, EngineError> {
        let cap = self.limits.max_value_bytes;
        let bytes = built_bytes(&value, cap);
        if bytes > cap {
            return Err(self.limits.value_error());
        }
        self.charge(bytes)?;
        Ok(value)
    }

    /// Counts one more element of a list being built whose size so far is
    /// `size`: the error once the list or the query's values in all are
    /// over their budgets.
    pub fn element(&self, size: &mut u64, element: &Value) -> Result<(), EngineError> {
        let cap = self.limits.max_value_bytes;
        let bytes = SLOT_BYTES.saturating_add(built_bytes(element, cap));
        *size = size.saturating_add(bytes);
        if *size > cap {
            return Err(self.limits.value_error());
        }
        self.charge(bytes)
    }

    /// Adds `bytes` to what the query has built.
    fn charge(&self, bytes: u64) -> Result<(), EngineError> {
        let limit = self.limits.max_value_bytes.saturating_mul(BUILT_FACTOR);
        let before = self.built.fetch_add(bytes, Ordering::Relaxed);
        if before.saturating_add(bytes) > limit {
            return Err(EngineError::of(ErrorKind::ResourceLimit(
                Resource::BuiltBytes { limit },
            )));
        }
        Ok(())
    }
}

/// The size of `value` as the value budget counts it, or some number above
/// `cap` as soon as it is known to exceed it (so measuring a huge value
/// costs at most `cap / SLOT_BYTES` steps): a string counts its UTF-8
/// bytes; a list [`SLOT_BYTES`] per element plus each element's size; a map
/// [`SLOT_BYTES`] plus the key's bytes per entry, plus each value's size;
/// anything else nothing (a number's or a node's size does not grow with
/// what a query does).
pub fn built_bytes(value: &Value, cap: u64) -> u64 {
    let mut total: u64 = 0;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        total = total.saturating_add(slot_bytes(v));
        if total > cap {
            return total;
        }
        match v {
            Value::List(items) => stack.extend(items.iter()),
            Value::Map(entries) => stack.extend(entries.values()),
            _ => {}
        }
    }
    total
}

/// What `value` itself adds to its container's size, its elements aside:
/// a string's bytes, a list's slots, a map's slots and keys.
pub fn slot_bytes(value: &Value) -> u64 {
    let bytes = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    match value {
        Value::String(s) => bytes(s.len()),
        Value::List(items) => bytes(items.len()).saturating_mul(SLOT_BYTES),
        Value::Map(entries) => entries.keys().fold(
            bytes(entries.len()).saturating_mul(SLOT_BYTES),
            |sum, key| sum.saturating_add(bytes(key.len())),
        ),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value {
        Value::String(text.into())
    }

    #[test]
    fn sizes_follow_the_documented_measure() {
        assert_eq!(built_bytes(&Value::Integer(7), u64::MAX), 0);
        assert_eq!(built_bytes(&s("héllo"), u64::MAX), 6);
        // Two slots, one string of 3 bytes.
        let list = Value::List(vec![Value::Integer(1), s("abc")]);
        assert_eq!(built_bytes(&list, u64::MAX), 2 * SLOT_BYTES + 3);
        // One entry: a slot, the key's 2 bytes, the list inside.
        let map = Value::Map([("ab".to_string(), list)].into_iter().collect());
        assert_eq!(
            built_bytes(&map, u64::MAX),
            SLOT_BYTES + 2 + 2 * SLOT_BYTES + 3
        );
    }

    #[test]
    fn measuring_stops_once_over_the_cap() {
        // 1,000 slots and 1,000 one-byte strings: 17,000 bytes in all;
        // measuring stops at the first string past the cap.
        let big = Value::List(vec![s("x"); 1000]);
        assert_eq!(built_bytes(&big, u64::MAX), 17_000);
        assert_eq!(built_bytes(&big, 16_500), 16_501);
    }

    #[test]
    fn budgets_refuse_one_past_the_limit_only() {
        let limits = Limits {
            max_rows: 3,
            max_value_bytes: 5,
        };
        assert!(limits.rows(3).is_ok());
        let error = limits.rows(4).err().map(|e| e.code());
        assert_eq!(error, Some("51N66"));
        let meter = Meter::new(limits);
        assert!(meter.value(s("12345")).is_ok());
        let error = meter.value(s("123456")).err().map(|e| e.message());
        assert_eq!(
            error.as_deref(),
            Some("resource limit: a value larger than 5 bytes (--max-value-bytes)")
        );
        assert!(Limits::UNLIMITED.rows(usize::MAX).is_ok());
    }

    #[test]
    fn a_query_builds_at_most_the_factor_times_the_value_budget_in_all() {
        let meter = Meter::new(Limits {
            max_rows: 10,
            max_value_bytes: 10,
        });
        // 64 values of 10 bytes: 640 bytes, the most in all.
        for _ in 0..BUILT_FACTOR {
            assert!(meter.value(s("0123456789")).is_ok());
        }
        let error = meter.value(s("x")).err().map(|e| e.message());
        assert_eq!(
            error.as_deref(),
            Some(
                "resource limit: the query built more than 640 bytes of values in all (64 times --max-value-bytes)"
            )
        );
        // A list counted element by element: two 3-byte strings are 38
        // bytes, over 10 at the first.
        let meter = Meter::new(Limits {
            max_rows: 10,
            max_value_bytes: 20,
        });
        let mut size = 0;
        assert!(meter.element(&mut size, &s("abc")).is_ok());
        assert_eq!(size, 19);
        assert!(meter.element(&mut size, &s("abc")).is_err());
    }
}
