//! Temporal components read as properties: `d.year`, `dt.offset`,
//! `dur.minutesOfHour` (Cypher Manual, values-and-types/temporal, the
//! tables of components of instants and of durations). Names match
//! without regard to case (docs/spec/semantics.md section 11); a name the
//! value's type lacks is left to the caller, which reports a type error.
//! Also `duration.between` and `duration.inMonths/inDays/inSeconds`
//! (Cypher Manual, functions/temporal/duration).

use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDateTime, NaiveTime, Timelike};

use model::engine::EngineError;
use model::error::{ErrorKind, Operation};
use model::functions::Function;
use model::value::{Duration, Value};

use super::operators::type_error;

/// `duration.between(from, to)` and its `in` forms. An instant without an
/// offset takes the other's; two offsets put `to` in `from`'s. Months
/// count first, then days, then nanoseconds, each whole unit only when the
/// time of day allows it (Java's `until`, which Neo4j uses).
pub fn between(function: Function, args: &[Value]) -> Result<Value, EngineError> {
    let overflow = || EngineError::of(ErrorKind::IntegerOverflow(Operation::Function(function)));
    if args.iter().any(Value::is_null) {
        return Ok(Value::Null);
    }
    let mut sides: Vec<(NaiveDateTime, Option<i32>)> = Vec::new();
    for arg in args {
        sides.push(match arg {
            Value::Date(d) => (d.and_time(NaiveTime::MIN), None),
            Value::LocalDateTime(l) => (*l, None),
            Value::DateTime(z) => (z.naive_local(), Some(z.offset().local_minus_utc())),
            other => return Err(type_error(Operation::Function(function), &[other])),
        });
    }
    let (Some(&(from, from_zone)), Some(&(to_local, to_zone))) = (sides.first(), sides.get(1))
    else {
        return Err(EngineError::of(ErrorKind::Internal(format!(
            "{}() without two arguments",
            function.name()
        ))));
    };
    let shift = match (from_zone, to_zone) {
        (Some(f), Some(t)) => i64::from(f) - i64::from(t),
        _ => 0,
    };
    let to = to_local
        .checked_add_signed(chrono::TimeDelta::seconds(shift))
        .ok_or_else(overflow)?;
    // The date `until` counts to: one day nearer `start` when `to`'s time
    // of day has not reached `start`'s.
    let end_date = |start: &NaiveDateTime| {
        let d = to.date();
        if d > start.date() && to.time() < start.time() {
            d.pred_opt().unwrap_or(d)
        } else if d < start.date() && to.time() > start.time() {
            d.succ_opt().unwrap_or(d)
        } else {
            d
        }
    };
    let mut at = from;
    let mut months = 0i64;
    if matches!(
        function,
        Function::DurationBetween | Function::DurationInMonths
    ) {
        let end = end_date(&at);
        let month_index = |y: i32, m: u32| i64::from(y) * 12 + i64::from(m) - 1;
        let mut whole = month_index(end.year(), end.month()) - month_index(at.year(), at.month());
        // A month is whole only when the day of the month is reached.
        if whole > 0 && end.day() < at.day() {
            whole -= 1;
        } else if whole < 0 && end.day() > at.day() {
            whole += 1;
        }
        months = whole;
        let step = Months::new(u32::try_from(whole.unsigned_abs()).map_err(|_| overflow())?);
        at = if whole >= 0 {
            at.checked_add_months(step)
        } else {
            at.checked_sub_months(step)
        }
        .ok_or_else(overflow)?;
    }
    let mut days = 0i64;
    if matches!(
        function,
        Function::DurationBetween | Function::DurationInDays
    ) {
        days = end_date(&at).signed_duration_since(at.date()).num_days();
        at = at
            .checked_add_signed(chrono::TimeDelta::days(days))
            .ok_or_else(overflow)?;
    }
    let mut nanos = 0i128;
    if matches!(
        function,
        Function::DurationBetween | Function::DurationInSeconds
    ) {
        let gap = to.signed_duration_since(at);
        nanos = i128::from(gap.num_seconds()) * 1_000_000_000 + i128::from(gap.subsec_nanos());
    }
    Ok(Value::Duration(Duration {
        months,
        days,
        seconds: i64::try_from(nanos.div_euclid(1_000_000_000)).map_err(|_| overflow())?,
        nanos: i32::try_from(nanos.rem_euclid(1_000_000_000)).map_err(|_| overflow())?,
    }))
}

/// Which kind of instant a component is read from.
#[derive(Clone, Copy, PartialEq)]
enum Instant {
    Date,
    Local,
    Zoned,
}

/// The component `key` of temporal value `v`; `None` when `v` is not
/// temporal or has no such component.
pub fn component(v: &Value, key: &str) -> Option<Result<Value, EngineError>> {
    let name = key.to_ascii_lowercase();
    let value = match v {
        Value::Date(d) => instant(
            &d.and_time(chrono::NaiveTime::MIN),
            None,
            Instant::Date,
            &name,
        ),
        Value::LocalDateTime(dt) => instant(dt, None, Instant::Local, &name),
        Value::DateTime(dt) => instant(&dt.naive_local(), Some(dt), Instant::Zoned, &name),
        Value::Duration(d) => {
            let wide = of_duration(d, &name)?;
            return Some(i64::try_from(wide).map(Value::Integer).map_err(|_| {
                EngineError::of(ErrorKind::IntegerOverflow(Operation::Property(
                    key.to_string(),
                )))
            }));
        }
        _ => None,
    };
    value.map(Ok)
}

/// A component of an instant whose local date and time are `local`.
fn instant(
    local: &NaiveDateTime,
    zoned: Option<&DateTime<FixedOffset>>,
    kind: Instant,
    name: &str,
) -> Option<Value> {
    let date = local.date();
    let month0 = date.month0();
    let calendar = match name {
        "year" => Some(i64::from(date.year())),
        "quarter" => Some(i64::from(month0 / 3 + 1)),
        "month" => Some(i64::from(date.month())),
        "week" => Some(i64::from(date.iso_week().week())),
        "weekyear" => Some(i64::from(date.iso_week().year())),
        "day" => Some(i64::from(date.day())),
        "ordinalday" => Some(i64::from(date.ordinal())),
        "dayofweek" | "weekday" => Some(i64::from(date.weekday().number_from_monday())),
        "dayofquarter" | "quarterday" => {
            // Days since the quarter's first month began, counting from 1.
            let start = date
                .with_day(1)
                .and_then(|d| d.with_month0(month0 - month0 % 3))?;
            Some((date - start).num_days() + 1)
        }
        _ => None,
    };
    if let Some(i) = calendar {
        return Some(Value::Integer(i));
    }
    if kind == Instant::Date {
        return None;
    }
    let nano = i64::from(local.nanosecond());
    let clock = match name {
        "hour" => Some(i64::from(local.hour())),
        "minute" => Some(i64::from(local.minute())),
        "second" => Some(i64::from(local.second())),
        "millisecond" => Some(nano / 1_000_000),
        "microsecond" => Some(nano / 1_000),
        "nanosecond" => Some(nano),
        _ => None,
    };
    if let Some(i) = clock {
        return Some(Value::Integer(i));
    }
    let zoned = zoned?;
    let offset = zoned.offset().local_minus_utc();
    match name {
        "timezone" | "offset" => Some(Value::String(zone_id(offset))),
        "offsetminutes" => Some(Value::Integer(i64::from(offset / 60))),
        "offsetseconds" => Some(Value::Integer(i64::from(offset))),
        "epochseconds" => Some(Value::Integer(zoned.timestamp())),
        "epochmillis" => Some(Value::Integer(zoned.timestamp_millis())),
        _ => None,
    }
}

/// An offset as Java's `ZoneOffset.getId()` spells it: `Z` for zero,
/// else `±HH:MM`, with `:SS` when there are seconds.
fn zone_id(offset: i32) -> String {
    if offset == 0 {
        return "Z".into();
    }
    let sign = if offset > 0 { "+" } else { "-" };
    let a = offset.abs();
    let (h, m, s) = (a / 3600, a % 3600 / 60, a % 60);
    if s == 0 {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}:{m:02}:{s:02}")
    }
}

/// A duration component: each of the month, day and second groups on its
/// own, truncated toward zero (so `PT-1.5S` has `seconds` -1 and
/// `nanosecondsOfSecond` -500000000).
fn of_duration(d: &Duration, name: &str) -> Option<i128> {
    let nanos = i128::from(d.seconds) * 1_000_000_000 + i128::from(d.nanos);
    let seconds = nanos / 1_000_000_000;
    let months = i128::from(d.months);
    let days = i128::from(d.days);
    let v = match name {
        "years" => months / 12,
        "quarters" => months / 3,
        "months" => months,
        "quartersofyear" => (months / 3) % 4,
        "monthsofyear" => months % 12,
        "monthsofquarter" => months % 3,
        "weeks" => days / 7,
        "days" => days,
        "daysofweek" => days % 7,
        "hours" => seconds / 3600,
        "minutes" => seconds / 60,
        "seconds" => seconds,
        "milliseconds" => nanos / 1_000_000,
        "microseconds" => nanos / 1_000,
        "nanoseconds" => nanos,
        "minutesofhour" => (seconds / 60) % 60,
        "secondsofminute" => seconds % 60,
        "millisecondsofsecond" => (nanos / 1_000_000) % 1_000,
        "microsecondsofsecond" => (nanos / 1_000) % 1_000_000,
        "nanosecondsofsecond" => nanos % 1_000_000_000,
        _ => return None,
    };
    Some(v)
}
