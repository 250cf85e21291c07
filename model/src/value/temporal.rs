//! Temporal values: parsing the string argument of `date(...)`,
//! `localdatetime(...)`, `datetime(...)` and `duration(...)`, and their ISO
//! 8601 text as Cypher's `toString()` prints it.
//!
//! Accepted forms (the ones the Neo4j manual lists for these functions):
//! - date: `YYYY-MM-DD`, `YYYYMMDD`, `YYYY-MM`, `YYYYMM`, `YYYY-Www-D`,
//!   `YYYYWwwD`, `YYYY-Www`, `YYYYWww`, `YYYY-DDD`, `YYYYDDD`, `YYYY`; a
//!   year outside 0000-9999 has a sign and four digits or more (ISO 8601's
//!   expanded years, as Neo4j and `toString()` write them: `+10000-01-01`,
//!   `-0001-12-31`), in the forms with `-` or alone, within [`YEARS`];
//! - time: `HH`, `HH:MM`, `HHMM`, `HH:MM:SS`, `HHMMSS`, seconds with a `.` or
//!   `,` fraction of up to nine digits;
//! - localdatetime: date, optionally `T` and a time (date alone is midnight);
//! - datetime: like localdatetime plus an optional `Z`, `±HH`, `±HHMM` or
//!   `±HH:MM` offset; without one the offset is UTC (Neo4j's default
//!   time zone). Named zones (`[Europe/London]`) are refused;
//! - duration: `[-]P[nY][nM][nW][nD][T[nH][nM][nS]]`, each number possibly
//!   negative and fractional. Years become 12 months, weeks 7 days, hours
//!   and minutes seconds. A fractional month is an average month of
//!   2 629 746 s, of which whole days go to days; a fractional day is 86 400 s.
//!   Also ISO 8601's alternative form `[-]PYYYY-MM-DD[THH:MM:SS[.f]]` (or
//!   without separators, `PYYYYMMDD[THHMMSS[.f]]`), whose fields are the
//!   amounts of each unit (2012 years, 2 months, 2 days, 14:37:21.545 is
//!   `P2012Y2M2DT14H37M21.545S`, openCypher TCK Temporal2 [7], and the Neo4j
//!   Cypher Manual's duration examples).

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, Timelike,
};

use super::{Duration, Value};

/// The years a date can have: chrono's `NaiveDate` range, -262143 to
/// +262142. Neo4j's dates reach -999,999,999 to +999,999,999, but every
/// temporal value here is a chrono value (comparison, arithmetic, ISO text
/// and components all come from chrono), and a year beyond chrono's range
/// has no representation; such a year is refused by name, never wrapped.
pub const YEARS: std::ops::RangeInclusive<i32> = -262_143..=262_142;

/// The reason a year outside [`YEARS`] is refused, naming it as written.
fn year_out_of_range(written: &str) -> String {
    format!(
        "year {written} is out of range: Polygraph's dates have years {} to +{} \
         (chrono's range; Neo4j's reach ±999999999)",
        YEARS.start(),
        YEARS.end()
    )
}

/// The temporal constructors accepted in literals: `date('...')` and friends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
/// Cypher accepts them, listed in this module's documentation); the error
/// names the text and what was wrong with it.
pub fn parse_temporal(kind: TemporalKind, text: &str) -> Result<Value, String> {
    let parsed = match kind {
        TemporalKind::Date => parse_date(text).map(Value::Date),
        TemporalKind::LocalDateTime => parse_local_datetime(text).map(Value::LocalDateTime),
        TemporalKind::DateTime => parse_datetime(text).map(Value::DateTime),
        TemporalKind::Duration => parse_duration(text).map(Value::Duration),
    };
    let name = match kind {
        TemporalKind::Date => "date",
        TemporalKind::LocalDateTime => "localdatetime",
        TemporalKind::DateTime => "datetime",
        TemporalKind::Duration => "duration",
    };
    parsed.map_err(|why| format!("invalid {name} '{text}': {why}"))
}

/// A byte cursor over ASCII text; every accessor is bounds-checked.
#[derive(Clone)]
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor {
            bytes: text.as_bytes(),
            pos: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Consumes a maximal run of ASCII digits (possibly empty).
    fn digits(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.bytes.get(start..self.pos).unwrap_or(&[])
    }

    fn rest(&self) -> String {
        String::from_utf8_lossy(self.bytes.get(self.pos..).unwrap_or(&[])).into_owned()
    }
}

/// The value of an all-digit slice; callers bound its length so it fits.
fn number(digits: &[u8]) -> u32 {
    digits
        .iter()
        .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'))
}

/// Splits an ASCII digit run into a fixed-width prefix and the remainder.
fn take(digits: &[u8], width: usize) -> Option<(u32, &[u8])> {
    let head = digits.get(..width)?;
    let tail = digits.get(width..)?;
    Some((number(head), tail))
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let mut c = Cursor::new(text);
    let date = date_part(&mut c)?;
    if !c.at_end() {
        return Err(format!("unexpected '{}' after the date", c.rest()));
    }
    Ok(date)
}

fn date_part(c: &mut Cursor) -> Result<NaiveDate, String> {
    let (year, compact) = year_part(c)?;
    let invalid = || "no such date".to_string();
    if compact.is_empty() {
        let extended = c.eat(b'-');
        if c.eat(b'W') {
            let digits = c.digits();
            let (week, day) = match (extended, digits.len()) {
                (_, 2) if extended && c.eat(b'-') => {
                    let d = c.digits();
                    if d.len() != 1 {
                        return Err("expected a one-digit day of the week".into());
                    }
                    (number(digits), number(d))
                }
                (_, 2) => (number(digits), 1),
                (false, 3) => take(digits, 2)
                    .map(|(w, d)| (w, number(d)))
                    .ok_or_else(invalid)?,
                _ => return Err("expected a two-digit week".into()),
            };
            return NaiveDate::from_isoywd_opt(year, week, weekday(day)?).ok_or_else(invalid);
        }
        if !extended {
            return NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(invalid);
        }
        let first = c.digits();
        return match first.len() {
            3 => NaiveDate::from_yo_opt(year, number(first)).ok_or_else(invalid),
            2 if c.eat(b'-') => {
                let day = c.digits();
                if day.len() != 2 {
                    return Err("expected a two-digit day".into());
                }
                NaiveDate::from_ymd_opt(year, number(first), number(day)).ok_or_else(invalid)
            }
            2 => NaiveDate::from_ymd_opt(year, number(first), 1).ok_or_else(invalid),
            _ => Err("expected a month, week or day of the year after the year".into()),
        };
    }
    // Compact forms: the digits after the year tell the form by their count.
    match compact.len() {
        4 => {
            let (month, day) = take(compact, 2).ok_or_else(invalid)?;
            NaiveDate::from_ymd_opt(year, month, number(day)).ok_or_else(invalid)
        }
        3 => NaiveDate::from_yo_opt(year, number(compact)).ok_or_else(invalid),
        2 => NaiveDate::from_ymd_opt(year, number(compact), 1).ok_or_else(invalid),
        _ => Err("expected YYYYMMDD, YYYYMM or YYYYDDD".into()),
    }
}

/// The year and, for an unsigned four-digit year, the digits after it (the
/// compact forms). A signed year takes every digit of its run, so it has no
/// compact form (ISO 8601 leaves the year's width to agreement there).
fn year_part<'a>(c: &mut Cursor<'a>) -> Result<(i32, &'a [u8]), String> {
    let negative = match c.peek() {
        Some(b'+') => false,
        Some(b'-') => true,
        _ => {
            let digits = c.digits();
            // `999999-01-01`: more than four digits before a `-` can only be
            // a year (YYYYMM is never followed by `-`), written without the
            // sign ISO 8601 requires beyond 9999.
            if digits.len() > 4 && c.peek() == Some(b'-') {
                let written = String::from_utf8_lossy(digits);
                return Err(match written.parse::<i32>() {
                    Ok(y) if YEARS.contains(&y) => format!(
                        "year {written} has more than four digits: write it with a sign \
                         (+{written}), as ISO 8601 requires"
                    ),
                    _ => year_out_of_range(&written),
                });
            }
            let (year, compact) = take(digits, 4).ok_or("expected a four-digit year")?;
            let year = i32::try_from(year).map_err(|_| year_out_of_range(&year.to_string()))?;
            return Ok((year, compact));
        }
    };
    c.pos += 1;
    let digits = c.digits();
    if digits.len() < 4 {
        return Err("expected at least four digits after the year's sign".into());
    }
    let written = format!(
        "{}{}",
        if negative { '-' } else { '+' },
        String::from_utf8_lossy(digits)
    );
    // More than nine digits cannot be in range; parsing them could overflow.
    let year = (digits.len() <= 9)
        .then(|| written.parse::<i32>().ok())
        .flatten()
        .filter(|y| YEARS.contains(y))
        .ok_or_else(|| year_out_of_range(&written))?;
    Ok((year, &[]))
}

fn weekday(day: u32) -> Result<chrono::Weekday, String> {
    use chrono::Weekday as W;
    Ok(match day {
        1 => W::Mon,
        2 => W::Tue,
        3 => W::Wed,
        4 => W::Thu,
        5 => W::Fri,
        6 => W::Sat,
        7 => W::Sun,
        _ => return Err("day of the week must be 1 to 7".into()),
    })
}

/// A time of day: `HH[:MM[:SS[.f]]]` or `HH[MM[SS[.f]]]`.
fn time_part(c: &mut Cursor) -> Result<NaiveTime, String> {
    let first = c.digits();
    let (hour, mut compact) = take(first, 2).ok_or("expected a two-digit hour")?;
    let mut minute = 0;
    let mut second = 0;
    let mut nanos = 0;
    let mut has_seconds = false;
    if compact.is_empty() && c.eat(b':') {
        let m = c.digits();
        if m.len() != 2 {
            return Err("expected two-digit minutes".into());
        }
        minute = number(m);
        if c.eat(b':') {
            let s = c.digits();
            if s.len() != 2 {
                return Err("expected two-digit seconds".into());
            }
            second = number(s);
            has_seconds = true;
        }
    } else if !compact.is_empty() {
        let (m, rest) = take(compact, 2).ok_or("expected two-digit minutes")?;
        minute = m;
        compact = rest;
        if !compact.is_empty() {
            let (s, rest) = take(compact, 2).ok_or("expected two-digit seconds")?;
            if !rest.is_empty() {
                return Err("too many digits in the time".into());
            }
            second = s;
            has_seconds = true;
        }
    }
    if has_seconds && (c.eat(b'.') || c.eat(b',')) {
        let frac = c.digits();
        if frac.is_empty() || frac.len() > 9 {
            return Err("the fraction of a second needs one to nine digits".into());
        }
        let scale = 10u32.pow(9 - u32::try_from(frac.len()).unwrap_or(9));
        nanos = number(frac) * scale;
    }
    // Leap seconds (60) are refused: chrono would accept them only with nanos.
    if second > 59 {
        return Err("seconds must be below 60".into());
    }
    NaiveTime::from_hms_nano_opt(hour, minute, second, nanos).ok_or_else(|| "no such time".into())
}

fn parse_local_datetime(text: &str) -> Result<NaiveDateTime, String> {
    let mut c = Cursor::new(text);
    let local = local_datetime_part(&mut c)?;
    if !c.at_end() {
        return Err(format!("unexpected '{}'", c.rest()));
    }
    Ok(local)
}

fn local_datetime_part(c: &mut Cursor) -> Result<NaiveDateTime, String> {
    let date = date_part(c)?;
    let time = if c.eat(b'T') || c.eat(b't') {
        time_part(c)?
    } else {
        NaiveTime::MIN
    };
    Ok(NaiveDateTime::new(date, time))
}

fn parse_datetime(text: &str) -> Result<DateTime<FixedOffset>, String> {
    let mut c = Cursor::new(text);
    let local = local_datetime_part(&mut c)?;
    let offset = offset_part(&mut c)?;
    if c.peek() == Some(b'[') {
        return Err("named time zones are not supported".into());
    }
    if !c.at_end() {
        return Err(format!("unexpected '{}'", c.rest()));
    }
    local
        .and_local_timezone(offset)
        .single()
        .ok_or_else(|| "out of range".into())
}

fn offset_part(c: &mut Cursor) -> Result<FixedOffset, String> {
    if c.at_end() || c.peek() == Some(b'[') || c.eat(b'Z') || c.eat(b'z') {
        return Ok(chrono::Utc.fix());
    }
    let sign = if c.eat(b'+') {
        1
    } else if c.eat(b'-') {
        -1
    } else {
        return Err(format!("expected an offset, found '{}'", c.rest()));
    };
    let first = c.digits();
    let (hours, rest) = take(first, 2).ok_or("expected a two-digit offset hour")?;
    let minutes = match rest.len() {
        0 if c.eat(b':') => {
            let m = c.digits();
            if m.len() != 2 {
                return Err("expected two-digit offset minutes".into());
            }
            number(m)
        }
        0 => 0,
        2 => number(rest),
        _ => return Err("expected ±HH, ±HHMM or ±HH:MM".into()),
    };
    if hours > 18 || minutes > 59 {
        return Err("offset out of range".into());
    }
    let seconds = i32::try_from(hours * 3600 + minutes * 60).map_err(|_| "offset out of range")?;
    FixedOffset::east_opt(sign * seconds).ok_or_else(|| "offset out of range".into())
}

const NANOS: i128 = 1_000_000_000;

fn parse_duration(text: &str) -> Result<Duration, String> {
    let mut c = Cursor::new(text);
    let negate = c.eat(b'-');
    if !(c.eat(b'P') || c.eat(b'p')) {
        return Err("a duration starts with 'P'".into());
    }
    if let Some(fields) = alternative_duration(&mut c.clone())? {
        return duration_from_fields(fields, negate);
    }
    // Components in nano-units (value × 10^9), so fractions stay exact.
    let mut found = [None::<i128>; 7];
    const UNITS: [u8; 7] = [b'Y', b'M', b'W', b'D', b'H', b'M', b'S'];
    let mut next_unit = 0;
    let mut in_time = false;
    let mut any = false;
    while !c.at_end() {
        if c.eat(b'T') || c.eat(b't') {
            if in_time {
                return Err("'T' appears twice".into());
            }
            in_time = true;
            next_unit = next_unit.max(4);
            if c.at_end() {
                return Err("'T' without a time component".into());
            }
            continue;
        }
        let amount = duration_number(&mut c)?;
        let unit = c
            .peek()
            .map(|b| b.to_ascii_uppercase())
            .ok_or("a number without a unit at the end")?;
        c.pos += 1;
        let range = if in_time { 4..7 } else { 0..4 };
        let slot = range
            .clone()
            .filter(|&i| i >= next_unit)
            .find(|&i| UNITS.get(i) == Some(&unit))
            .ok_or_else(|| format!("unit '{}' is unexpected here", char::from(unit)))?;
        if let Some(s) = found.get_mut(slot) {
            *s = Some(amount);
        }
        next_unit = slot + 1;
        any = true;
    }
    if !any {
        return Err("no components".into());
    }
    duration_from_fields(found.map(|v| v.unwrap_or(0)), negate)
}

/// The alternative form after `P`: `YYYY-MM-DD` or `YYYYMMDD`, optionally
/// `T` and `HH:MM:SS` or `HHMMSS` with a `.`/`,` fraction of up to nine
/// digits, and nothing after. `None` when the text does not start like it
/// (four digits, then `-` or four more digits), so the designator form is
/// tried; an error when it starts like it but goes wrong.
fn alternative_duration(c: &mut Cursor) -> Result<Option<[i128; 7]>, String> {
    let digits = c.digits();
    let separated = digits.len() == 4 && c.peek() == Some(b'-');
    if !(separated || (digits.len() == 8 && c.peek().is_none_or(|b| b == b'T' || b == b't'))) {
        return Ok(None);
    }
    let wrong = || "expected PYYYY-MM-DDTHH:MM:SS (the alternative form)".to_string();
    let fixed = |c: &mut Cursor, width: usize| -> Result<i128, String> {
        let start = c.pos;
        for _ in 0..width {
            if !c.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(wrong());
            }
            c.pos += 1;
        }
        let run = c.bytes.get(start..c.pos).unwrap_or(&[]);
        Ok(i128::from(number(run)) * NANOS)
    };
    let mut fields = [0i128; 7];
    let mut date = Cursor {
        bytes: digits,
        pos: 0,
    };
    fields[0] = fixed(&mut date, 4)?;
    if separated {
        for slot in [1, 3] {
            if !c.eat(b'-') {
                return Err(wrong());
            }
            fields[slot] = fixed(c, 2)?;
        }
    } else {
        fields[1] = fixed(&mut date, 2)?;
        fields[3] = fixed(&mut date, 2)?;
    }
    if c.eat(b'T') || c.eat(b't') {
        fields[4] = fixed(c, 2)?;
        let colons = c.eat(b':');
        fields[5] = fixed(c, 2)?;
        if colons && !c.eat(b':') {
            return Err(wrong());
        }
        fields[6] = fixed(c, 2)?;
        if c.eat(b'.') || c.eat(b',') {
            let frac = c.digits();
            if frac.is_empty() || frac.len() > 9 {
                return Err(wrong());
            }
            let mut nanos = 0i128;
            for i in 0..9 {
                nanos = nanos * 10 + frac.get(i).map_or(0, |d| i128::from(d - b'0'));
            }
            fields[6] += nanos;
        }
    }
    if !c.at_end() {
        return Err(wrong());
    }
    Ok(Some(fields))
}

/// A duration from its components in nano-units (× 10^9): years, months,
/// weeks, days, hours, minutes, seconds, negated as a whole when `negate`.
fn duration_from_fields(fields: [i128; 7], negate: bool) -> Result<Duration, String> {
    let [y, mo, w, d, h, mi, s] = fields;
    let overflow = || "out of range".to_string();
    let sign = if negate { -1 } else { 1 };
    // Months: whole months stay months; a fraction becomes average-month
    // seconds, whose whole days go to days.
    let month_units = y
        .checked_mul(12)
        .and_then(|v| v.checked_add(mo))
        .ok_or_else(overflow)?;
    let months = month_units / NANOS;
    let month_frac_nanos = (month_units % NANOS) * 2_629_746;
    let day_units = w
        .checked_mul(7)
        .and_then(|v| v.checked_add(d))
        .ok_or_else(overflow)?;
    let days = day_units / NANOS + month_frac_nanos / (86_400 * NANOS);
    let mut nanos = month_frac_nanos % (86_400 * NANOS) + (day_units % NANOS) * 86_400;
    nanos = h
        .checked_mul(3600)
        .and_then(|v| v.checked_add(mi.checked_mul(60)?))
        .and_then(|v| v.checked_add(s))
        .and_then(|v| v.checked_add(nanos))
        .ok_or_else(overflow)?;
    let to_i64 = |v: i128| i64::try_from(v * sign).map_err(|_| overflow());
    let total = nanos * sign;
    Ok(Duration {
        months: to_i64(months)?,
        days: to_i64(days)?,
        seconds: i64::try_from(total.div_euclid(NANOS)).map_err(|_| overflow())?,
        nanos: i32::try_from(total.rem_euclid(NANOS)).map_err(|_| overflow())?,
    })
}

/// A signed decimal number in nano-units (× 10^9): `-1.5` → -1 500 000 000.
fn duration_number(c: &mut Cursor) -> Result<i128, String> {
    let negative = if c.eat(b'-') {
        true
    } else {
        c.eat(b'+');
        false
    };
    let whole = c.digits();
    if whole.is_empty() {
        return Err(format!("expected a number at '{}'", c.rest()));
    }
    if whole.len() > 19 {
        return Err("number too large".into());
    }
    let whole_value = whole
        .iter()
        .fold(0i128, |acc, d| acc * 10 + i128::from(d - b'0'));
    let mut frac_value = 0i128;
    if c.eat(b'.') || c.eat(b',') {
        let frac = c.digits();
        if frac.is_empty() {
            return Err("expected digits after the decimal point".into());
        }
        // Digits beyond nanoseconds are dropped (truncated), as Neo4j does.
        for i in 0..9 {
            frac_value = frac_value * 10 + frac.get(i).map_or(0, |d| i128::from(d - b'0'));
        }
    }
    let value = whole_value * NANOS + frac_value;
    Ok(if negative { -value } else { value })
}

/// `2020-01-31`: the date as `toString()` prints it.
pub(crate) fn iso_date(d: &NaiveDate) -> String {
    let year = d.year();
    if (0..=9999).contains(&year) {
        format!("{year:04}-{:02}-{:02}", d.month(), d.day())
    } else {
        format!("{year:+05}-{:02}-{:02}", d.month(), d.day())
    }
}

/// Time of day as Java's `LocalTime.toString()` prints it (and so Neo4j):
/// seconds only when non-zero, a fraction in groups of three digits.
fn iso_time(t: &NaiveTime) -> String {
    let mut out = format!("{:02}:{:02}", t.hour(), t.minute());
    let nanos = t.nanosecond();
    if t.second() != 0 || nanos != 0 {
        out.push_str(&format!(":{:02}", t.second()));
    }
    if nanos != 0 {
        if nanos.is_multiple_of(1_000_000) {
            out.push_str(&format!(".{:03}", nanos / 1_000_000));
        } else if nanos.is_multiple_of(1000) {
            out.push_str(&format!(".{:06}", nanos / 1000));
        } else {
            out.push_str(&format!(".{nanos:09}"));
        }
    }
    out
}

/// `2020-01-31T10:00`: a local date-time as `toString()` prints it.
pub(crate) fn iso_local_datetime(dt: &NaiveDateTime) -> String {
    format!("{}T{}", iso_date(&dt.date()), iso_time(&dt.time()))
}

/// `2020-01-31T10:00Z`, `2020-01-31T10:00+01:00`.
pub(crate) fn iso_datetime(dt: &DateTime<FixedOffset>) -> String {
    let offset = dt.offset().fix().local_minus_utc();
    let zone = if offset == 0 {
        "Z".to_string()
    } else {
        let sign = if offset < 0 { '-' } else { '+' };
        let abs = offset.unsigned_abs();
        let mut z = format!("{sign}{:02}:{:02}", abs / 3600, abs / 60 % 60);
        if !abs.is_multiple_of(60) {
            z.push_str(&format!(":{:02}", abs % 60));
        }
        z
    };
    format!("{}{zone}", iso_local_datetime(&dt.naive_local()))
}

/// `P1Y2M3DT4H5M6.5S` as Neo4j prints durations: months as years and
/// months, days as days, seconds as hours, minutes and seconds, each part
/// with its own sign, zero parts left out, `PT0S` for the empty duration.
pub(crate) fn iso_duration(d: &Duration) -> String {
    let mut out = String::from("P");
    let years = d.months / 12;
    let months = d.months % 12;
    if years != 0 {
        out.push_str(&format!("{years}Y"));
    }
    if months != 0 {
        out.push_str(&format!("{months}M"));
    }
    if d.days != 0 {
        out.push_str(&format!("{}D", d.days));
    }
    let total = i128::from(d.seconds) * NANOS + i128::from(d.nanos);
    if total != 0 {
        out.push('T');
        let sign = if total < 0 { "-" } else { "" };
        let abs = total.unsigned_abs();
        let whole = abs / 1_000_000_000;
        let frac = abs % 1_000_000_000;
        let (h, m, s) = (whole / 3600, whole / 60 % 60, whole % 60);
        if h != 0 {
            out.push_str(&format!("{sign}{h}H"));
        }
        if m != 0 {
            out.push_str(&format!("{sign}{m}M"));
        }
        if s != 0 || frac != 0 {
            out.push_str(&format!("{sign}{s}"));
            if frac != 0 {
                let digits = format!("{frac:09}");
                out.push('.');
                out.push_str(digits.trim_end_matches('0'));
            }
            out.push('S');
        }
    }
    if out == "P" {
        out.push_str("T0S");
    }
    out
}

#[cfg(test)]
mod tests;
