//! Components of temporal values read as properties (`d.year`,
//! `dt.epochMillis`, `dur.minutesOfHour`), as the Cypher Manual's tables
//! "Components of temporal instant values" and "Components of durations"
//! list them (values-and-types/temporal). Names match case-insensitively
//! (docs/spec/semantics.md section 11); a name the value's type does not
//! have is the caller's type error. Also the durations between two
//! instants (`duration.between` and the `in` forms, Cypher Manual,
//! functions/temporal/duration).

use chrono::{
    DateTime, Datelike, FixedOffset, Months, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeDelta, Timelike,
};
use model::engine::EngineError;
use model::error::{ErrorKind, Operation};
use model::functions::Function;
use model::value::{Duration, Value};

use super::scope::type_error;

/// An instant as its local date-time and, for a zoned datetime, its
/// offset in seconds.
type Instant = (NaiveDateTime, Option<i32>);

fn instant_of(v: &Value) -> Option<Instant> {
    match v {
        Value::Date(d) => Some((d.and_time(NaiveTime::MIN), None)),
        Value::LocalDateTime(dt) => Some((*dt, None)),
        Value::DateTime(dt) => Some((dt.naive_local(), Some(dt.offset().fix().local_minus_utc()))),
        _ => None,
    }
}

/// Java's `LocalDateTime.until` for a date-based unit: the end date moves
/// one day toward the start when its time of day has not yet reached the
/// start's, so only whole units count.
fn end_date_for_dates(from: &NaiveDateTime, to: &NaiveDateTime) -> NaiveDate {
    let (d, t) = (to.date(), to.time());
    if d > from.date() && t < from.time() {
        d.pred_opt().unwrap_or(d)
    } else if d < from.date() && t > from.time() {
        d.succ_opt().unwrap_or(d)
    } else {
        d
    }
}

/// Whole months from `from` to `to` (Java's `LocalDate.until(MONTHS)`:
/// truncated toward zero, a day of the month counting as a fraction).
fn months_until(from: &NaiveDateTime, to: &NaiveDateTime) -> i64 {
    let end = end_date_for_dates(from, to);
    let packed =
        |d: NaiveDate| (i64::from(d.year()) * 12 + i64::from(d.month0())) * 32 + i64::from(d.day());
    (packed(end) - packed(from.date())) / 32
}

fn days_until(from: &NaiveDateTime, to: &NaiveDateTime) -> i64 {
    (end_date_for_dates(from, to) - from.date()).num_days()
}

fn plus_months(at: NaiveDateTime, months: i64) -> Option<NaiveDateTime> {
    let m = Months::new(u32::try_from(months.unsigned_abs()).ok()?);
    if months >= 0 {
        at.checked_add_months(m)
    } else {
        at.checked_sub_months(m)
    }
}

/// `duration.between(from, to)` and `duration.inMonths`, `inDays`,
/// `inSeconds`: months first, then days, then the rest in seconds, each
/// counted as Java's `until` counts it. A missing offset is the other
/// side's; with two offsets `to` is first moved to `from`'s. Null in
/// either argument is null.
pub(crate) fn between(f: Function, args: &[Value]) -> Result<Value, EngineError> {
    if args.iter().any(|a| matches!(a, Value::Null)) {
        return Ok(Value::Null);
    }
    let mut instants = Vec::with_capacity(2);
    for arg in args {
        match instant_of(arg) {
            Some(i) => instants.push(i),
            None => return Err(type_error(Operation::Function(f), &[arg])),
        }
    }
    let [(from, from_offset), (to, to_offset)] = instants.as_slice() else {
        return Err(EngineError::of(ErrorKind::Internal(format!(
            "{}() without two arguments",
            f.name()
        ))));
    };
    let overflow = || EngineError::of(ErrorKind::IntegerOverflow(Operation::Function(f)));
    let to = match (from_offset, to_offset) {
        (Some(a), Some(b)) => to
            .checked_add_signed(TimeDelta::seconds(i64::from(a - b)))
            .ok_or_else(overflow)?,
        _ => *to,
    };
    let from = *from;
    let (mut months, mut days) = (0, 0);
    let mut start = from;
    if f == Function::DurationBetween || f == Function::DurationInMonths {
        months = months_until(&start, &to);
        start = plus_months(start, months).ok_or_else(overflow)?;
    }
    if f == Function::DurationBetween || f == Function::DurationInDays {
        days = days_until(&start, &to);
        start = start
            .checked_add_signed(TimeDelta::days(days))
            .ok_or_else(overflow)?;
    }
    let nanos: i128 = match f {
        Function::DurationBetween | Function::DurationInSeconds => {
            let delta = to - start;
            i128::from(delta.num_seconds()) * 1_000_000_000 + i128::from(delta.subsec_nanos())
        }
        _ => 0,
    };
    let seconds = i64::try_from(nanos.div_euclid(1_000_000_000)).map_err(|_| overflow())?;
    let nanos = i32::try_from(nanos.rem_euclid(1_000_000_000)).map_err(|_| overflow())?;
    Ok(Value::Duration(Duration {
        months,
        days,
        seconds,
        nanos,
    }))
}

/// The component `key` of `v`, or `None` when `v` is not a temporal value
/// or has no such component; an error when the component does not fit an
/// integer (the nanoseconds of a very long duration).
pub(crate) fn field(v: &Value, key: &str) -> Option<Result<Value, EngineError>> {
    let lower = key.to_ascii_lowercase();
    let found = match v {
        Value::Date(d) => date_field(d, &lower),
        // A local datetime's and a zoned datetime's calendar and clock
        // fields are those of its local time.
        Value::LocalDateTime(dt) => {
            date_field(&dt.date(), &lower).or_else(|| time_field(&dt.time(), &lower))
        }
        Value::DateTime(dt) => zoned_field(dt, &lower)
            .or_else(|| date_field(&dt.naive_local().date(), &lower))
            .or_else(|| time_field(&dt.naive_local().time(), &lower)),
        Value::Duration(d) => {
            return duration_field(d, &lower).map(|wide| {
                i64::try_from(wide).map(Value::Integer).map_err(|_| {
                    EngineError::of(ErrorKind::IntegerOverflow(Operation::Property(
                        key.to_string(),
                    )))
                })
            });
        }
        _ => None,
    };
    found.map(Ok)
}

fn int(i: impl Into<i64>) -> Option<Value> {
    Some(Value::Integer(i.into()))
}

fn date_field(d: &NaiveDate, key: &str) -> Option<Value> {
    let quarter = (d.month() - 1) / 3 + 1;
    match key {
        "year" => int(d.year()),
        "quarter" => int(quarter),
        "month" => int(d.month()),
        // ISO 8601 weeks: week 1 holds the year's first Thursday.
        "week" => int(d.iso_week().week()),
        "weekyear" => int(d.iso_week().year()),
        "day" => int(d.day()),
        "ordinalday" => int(d.ordinal()),
        "dayofweek" | "weekday" => int(d.weekday().number_from_monday()),
        "dayofquarter" | "quarterday" => {
            let first = NaiveDate::from_ymd_opt(d.year(), (quarter - 1) * 3 + 1, 1)?;
            int(d.signed_duration_since(first).num_days() + 1)
        }
        _ => None,
    }
}

fn time_field(t: &NaiveTime, key: &str) -> Option<Value> {
    let nanos = t.nanosecond();
    match key {
        "hour" => int(t.hour()),
        "minute" => int(t.minute()),
        "second" => int(t.second()),
        "millisecond" => int(nanos / 1_000_000),
        "microsecond" => int(nanos / 1_000),
        "nanosecond" => int(nanos),
        _ => None,
    }
}

/// The fields only a zoned datetime has: its zone and its instant.
fn zoned_field(dt: &DateTime<FixedOffset>, key: &str) -> Option<Value> {
    let offset = dt.offset().fix().local_minus_utc();
    match key {
        // The zone of a datetime with an offset is that offset, named as
        // Java's ZoneOffset names it: `Z`, `+01:00`.
        "timezone" | "offset" => Some(Value::String(offset_name(offset))),
        "offsetminutes" => int(offset / 60),
        "offsetseconds" => int(offset),
        "epochseconds" => int(dt.timestamp()),
        "epochmillis" => int(dt.timestamp_millis()),
        _ => None,
    }
}

fn offset_name(seconds: i32) -> String {
    if seconds == 0 {
        return "Z".to_string();
    }
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.unsigned_abs();
    let mut name = format!("{sign}{:02}:{:02}", abs / 3600, abs / 60 % 60);
    if !abs.is_multiple_of(60) {
        name.push_str(&format!(":{:02}", abs % 60));
    }
    name
}

/// Duration components: each group (months, days, seconds) on its own,
/// truncated toward zero, so a negative duration has negative components.
fn duration_field(d: &Duration, key: &str) -> Option<i128> {
    const BILLION: i128 = 1_000_000_000;
    let total_nanos = i128::from(d.seconds) * BILLION + i128::from(d.nanos);
    let total_seconds = total_nanos / BILLION;
    let months = i128::from(d.months);
    let days = i128::from(d.days);
    Some(match key {
        "years" => months / 12,
        "quarters" => months / 3,
        "months" => months,
        "quartersofyear" => months / 3 % 4,
        "monthsofyear" => months % 12,
        "monthsofquarter" => months % 3,
        "weeks" => days / 7,
        "days" => days,
        "daysofweek" => days % 7,
        "hours" => total_seconds / 3600,
        "minutes" => total_seconds / 60,
        "seconds" => total_seconds,
        "milliseconds" => total_nanos / 1_000_000,
        "microseconds" => total_nanos / 1_000,
        "nanoseconds" => total_nanos,
        "minutesofhour" => total_seconds / 60 % 60,
        "secondsofminute" => total_seconds % 60,
        "millisecondsofsecond" => total_nanos / 1_000_000 % 1_000,
        "microsecondsofsecond" => total_nanos / 1_000 % 1_000_000,
        "nanosecondsofsecond" => total_nanos % BILLION,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::value::{TemporalKind, parse_temporal};

    fn get(kind: TemporalKind, text: &str, key: &str) -> Option<Value> {
        let v = parse_temporal(kind, text).ok()?;
        field(&v, key).and_then(Result::ok)
    }

    #[test]
    fn the_manuals_date_components() {
        let d = |k| get(TemporalKind::Date, "1984-10-11", k);
        assert_eq!(d("week"), Some(Value::Integer(41)));
        assert_eq!(d("ordinalDay"), Some(Value::Integer(285)));
        assert_eq!(d("DAYOFWEEK"), Some(Value::Integer(4)));
        assert_eq!(d("dayOfQuarter"), Some(Value::Integer(11)));
        assert_eq!(d("hour"), None);
    }

    #[test]
    fn zoned_components_read_the_local_time_and_the_instant() {
        let t = "1984-11-11T12:31:14.645876123+01:00";
        let d = |k| get(TemporalKind::DateTime, t, k);
        assert_eq!(d("hour"), Some(Value::Integer(12)));
        assert_eq!(d("offset"), Some(Value::String("+01:00".into())));
        assert_eq!(d("epochMillis"), Some(Value::Integer(469_020_674_645)));
        let z = get(TemporalKind::DateTime, "2020-01-01T00:00Z", "timezone");
        assert_eq!(z, Some(Value::String("Z".into())));
        assert_eq!(
            get(
                TemporalKind::LocalDateTime,
                "2020-01-01T00:00",
                "epochSeconds"
            ),
            None
        );
    }

    #[test]
    fn negative_durations_truncate_toward_zero() {
        let d = |k| get(TemporalKind::Duration, "PT-1.5S", k);
        assert_eq!(d("seconds"), Some(Value::Integer(-1)));
        assert_eq!(d("nanosecondsOfSecond"), Some(Value::Integer(-500_000_000)));
        let m = |k| get(TemporalKind::Duration, "P1Y5M111DT42M", k);
        assert_eq!(m("quarters"), Some(Value::Integer(5)));
        assert_eq!(m("quartersOfYear"), Some(Value::Integer(1)));
        assert_eq!(m("minutes"), Some(Value::Integer(42)));
    }
}
