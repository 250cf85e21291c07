//! Temporal parsing and ISO text. Expected values are worked out by hand
//! from ISO 8601 and the Neo4j manual's examples (`date('2015-W30-2')` is
//! 2015-07-21, `duration({months: 0.75})` is `P22DT19H51M49.5S`, ...).

use super::super::test_support::*;
use super::*;

fn ok(kind: TemporalKind, text: &str) -> Value {
    match parse_temporal(kind, text) {
        Ok(v) => v,
        Err(e) => panic!("{text} should parse: {e}"),
    }
}

fn err(kind: TemporalKind, text: &str) -> String {
    match parse_temporal(kind, text) {
        Ok(v) => panic!("{text} should fail, got {v:?}"),
        Err(e) => e,
    }
}

#[test]
fn dates_in_every_accepted_form() {
    use TemporalKind::Date as D;
    let july21 = date(2015, 7, 21);
    for text in [
        "2015-07-21",
        "20150721",
        "2015-W30-2",
        "2015W302",
        "2015-202",
        "2015202",
    ] {
        assert_eq!(ok(D, text), july21, "{text}");
    }
    assert_eq!(ok(D, "2015-07"), date(2015, 7, 1));
    assert_eq!(ok(D, "201507"), date(2015, 7, 1));
    // A week without a day is its Monday.
    assert_eq!(ok(D, "2015-W30"), date(2015, 7, 20));
    assert_eq!(ok(D, "2015W30"), date(2015, 7, 20));
    assert_eq!(ok(D, "2015"), date(2015, 1, 1));
    assert_eq!(ok(D, "2020-02-29"), date(2020, 2, 29));
}

#[test]
fn invalid_dates_are_errors_naming_the_text() {
    use TemporalKind::Date as D;
    for text in [
        "2020-13-01",
        "2019-02-29",
        "2020-02-30",
        "2020-1-1",
        "20-01-01",
        "",
        "hello",
        "2020-01-01x",
        "2020-01-01T10:00",
        "2015-W54-1",
        "2015-W30-8",
        "2015-366",
        "2020-01-01 ",
        "２０２０-01-01",
    ] {
        let e = err(D, text);
        assert!(e.contains(&format!("'{text}'")), "{e}");
        assert!(e.starts_with("invalid date"), "{e}");
    }
}

#[test]
fn years_are_chronos_range_and_outside_it_are_named() {
    use TemporalKind::Date as D;
    assert_eq!(*YEARS.start(), NaiveDate::MIN.year());
    assert_eq!(*YEARS.end(), NaiveDate::MAX.year());
    // Signed (ISO 8601 expanded) years within the range parse, as
    // `toString()` writes them.
    assert_eq!(ok(D, "+10000-01-01"), Value::Date(ymd(10000, 1, 1)));
    assert_eq!(ok(D, "-0001-12-31"), Value::Date(ymd(-1, 12, 31)));
    assert_eq!(ok(D, "+262142-12-31"), Value::Date(ymd(262_142, 12, 31)));
    assert_eq!(ok(D, "-262143-01-01"), Value::Date(ymd(-262_143, 1, 1)));
    assert_eq!(ok(D, "+2015-W30-2"), date(2015, 7, 21));
    assert_eq!(ok(D, "+012015"), date(12015, 1, 1));
    for day in [ymd(10000, 1, 1), ymd(-1, 12, 31), ymd(262_142, 12, 31)] {
        let text = Value::Date(day).to_cypher_string().unwrap_or_default();
        assert_eq!(ok(D, &text), Value::Date(day), "{text} round-trips");
    }
    let range = "Polygraph's dates have years -262143 to +262142";
    for (text, year) in [
        ("999999-01-01", "999999"),
        ("+999999-01-01", "+999999"),
        ("-999999999-01-01", "-999999999"),
        ("+262143-01-01", "+262143"),
        ("+99999999999999999999-01-01", "+99999999999999999999"),
    ] {
        let e = err(D, text);
        assert!(
            e.starts_with(&format!(
                "invalid date '{text}': year {year} is out of range"
            )),
            "{e}"
        );
        assert!(e.contains(range), "{e}");
        assert!(!e.contains("no such date"), "{e}");
    }
    // In range but unsigned: the sign is what is missing.
    let e = err(D, "12345-01-01");
    assert!(
        e.contains("year 12345 has more than four digits: write it with a sign (+12345)"),
        "{e}"
    );
    assert!(err(D, "+123-01-01").contains("at least four digits after the year's sign"));
    // Datetimes share the date part.
    let e = err(TemporalKind::DateTime, "999999-01-01T00:00Z");
    assert!(e.contains("year 999999 is out of range"), "{e}");
    assert!(ok(TemporalKind::LocalDateTime, "+10000-01-01T10:00") != Value::Null);
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or_else(|| panic!("{year}-{month}-{day}"))
}

#[test]
fn local_datetimes() {
    use TemporalKind::LocalDateTime as L;
    let expected = NaiveDate::from_ymd_opt(2015, 7, 21)
        .and_then(|d| d.and_hms_milli_opt(21, 40, 32, 142))
        .map(Value::LocalDateTime);
    for text in [
        "2015-07-21T21:40:32.142",
        "2015-W30-2T214032.142",
        "2015202T21:40:32,142",
    ] {
        assert_eq!(Some(ok(L, text)), expected, "{text}");
    }
    assert_eq!(ok(L, "2015-202T21"), local_datetime(2015, 7, 21, 21, 0, 0));
    assert_eq!(
        ok(L, "2020-01-01T10:00"),
        local_datetime(2020, 1, 1, 10, 0, 0)
    );
    assert_eq!(ok(L, "2020-01-01"), local_datetime(2020, 1, 1, 0, 0, 0));
    let nanos = ok(L, "2020-01-01T10:00:00.000000001");
    assert_eq!(
        nanos.to_cypher_string().as_deref(),
        Some("2020-01-01T10:00:00.000000001")
    );
    for text in [
        "2020-01-01T24:00",
        "2020-01-01T10:60",
        "2020-01-01T10:00:60",
        "2020-01-01T10:00:00.",
        "2020-01-01T10:00:00.1234567891",
        "2020-01-01T10:00.5",
        "2020-01-01T1",
        "2020-01-01T10:00Z",
        "2020-01-01T",
    ] {
        assert!(err(L, text).contains(text), "{text}");
    }
}

#[test]
fn datetimes_with_and_without_offsets() {
    use TemporalKind::DateTime as Z;
    let plus_one = ok(Z, "2015-07-21T21:40:32+01:00");
    assert_eq!(plus_one, ok(Z, "2015-07-21T21:40:32+0100"));
    let Value::DateTime(dt) = &plus_one else {
        panic!("not a datetime: {plus_one:?}");
    };
    assert_eq!(dt.offset().local_minus_utc(), 3600);
    assert_eq!(dt.timestamp(), ok_timestamp("2015-07-21T20:40:32Z"));
    assert_eq!(ok(Z, "2020-01-01T10:00Z"), datetime(2020, 1, 1, 10, 0, 0));
    // No offset: UTC.
    assert_eq!(ok(Z, "2020-01-01T10:00"), datetime(2020, 1, 1, 10, 0, 0));
    assert_eq!(ok(Z, "2015T2140-0100"), datetime(2015, 1, 1, 21, 40, -3600));
    assert_eq!(
        ok(Z, "2015-W30T2140-02"),
        datetime(2015, 7, 20, 21, 40, -7200)
    );
    assert_eq!(
        ok(Z, "2015202T21+18:00"),
        datetime(2015, 7, 21, 21, 0, 18 * 3600)
    );
    for text in [
        "2015-07-21T21:40:32.142[Europe/London]",
        "2015-07-21T21:40+19:00",
        "2015-07-21T21:40+01:60",
        "2015-07-21T21:40+1",
        "2015-07-21T21:40 +01:00",
        "2015-07-21T21:40Zz",
    ] {
        assert!(err(Z, text).contains(text), "{text}");
    }
    assert!(err(Z, "2015-07-21T21:40[Europe/London]").contains("named time zones"));
}

fn ok_timestamp(text: &str) -> i64 {
    match ok(TemporalKind::DateTime, text) {
        Value::DateTime(dt) => dt.timestamp(),
        other => panic!("not a datetime: {other:?}"),
    }
}

#[test]
fn durations_are_normalised_like_cypher() {
    use TemporalKind::Duration as P;
    // 1Y2M = 14 months; 4H5M6.5S = 14706.5 s.
    assert_eq!(
        ok(P, "P1Y2M3DT4H5M6.5S"),
        duration(14, 3, 14_706, 500_000_000)
    );
    assert_eq!(ok(P, "P2W"), duration(0, 14, 0, 0));
    assert_eq!(ok(P, "P1W2D"), duration(0, 9, 0, 0));
    assert_eq!(ok(P, "PT-1H"), duration(0, 0, -3600, 0));
    // -0.5 s is -1 s + 0.5 s, keeping nanos non-negative.
    assert_eq!(ok(P, "PT-0.5S"), duration(0, 0, -1, 500_000_000));
    assert_eq!(ok(P, "-P1DT1H"), duration(0, -1, -3600, 0));
    assert_eq!(ok(P, "P0.5D"), duration(0, 0, 43_200, 0));
    assert_eq!(ok(P, "PT1.5H"), duration(0, 0, 5400, 0));
    assert_eq!(ok(P, "P1.5Y"), duration(18, 0, 0, 0));
    // 0.75 of an average month (2 629 746 s) = 1 972 309.5 s = 22 days + 71 509.5 s.
    assert_eq!(ok(P, "P0.75M"), duration(0, 22, 71_509, 500_000_000));
    assert_eq!(ok(P, "PT90M"), duration(0, 0, 5400, 0));
    assert_eq!(ok(P, "PT0S"), duration(0, 0, 0, 0));
    assert_eq!(ok(P, "P1M2DT3M"), duration(1, 2, 180, 0));
    for text in [
        "P",
        "PT",
        "1D",
        "P1H",
        "PT1D",
        "P1D2Y",
        "P1Y1Y",
        "P1DT",
        "PT1S2M",
        "P1",
        "P-D",
        "P1.D",
        "P99999999999999999999Y",
        // The alternative form, gone wrong.
        "P2012-02",
        "P2012-02-02T14:37",
        "P2012-02-02T14:3721",
        "P2012-02-02T14:37:21.",
        "P2012-02-02T14:37:21.1234567891",
        "P2012-02-02X",
        "P20120202T1437",
        "",
    ] {
        let e = err(P, text);
        assert!(e.contains(&format!("'{text}'")), "{e}");
    }
}

#[test]
fn durations_in_the_alternative_form() {
    use TemporalKind::Duration as P;
    // openCypher TCK Temporal2 [7]: the alternative form of 2012-02-02T14:37:21.545 is
    // P2012Y2M2DT14H37M21.545S: 2012 * 12 + 2 = 24 146 months, 2 days,
    // 14 * 3600 + 37 * 60 + 21 = 52 641.545 s.
    let expected = duration(24_146, 2, 52_641, 545_000_000);
    assert_eq!(ok(P, "P2012-02-02T14:37:21.545"), expected);
    assert_eq!(ok(P, "P20120202T143721,545"), expected);
    assert_eq!(
        ok(P, "P2012-02-02T14:37:21.545")
            .to_cypher_string()
            .unwrap_or_default(),
        "P2012Y2M2DT14H37M21.545S"
    );
    // Without a time; negated as a whole; fields beyond the carry-over
    // points (13 months, 25 hours) are amounts, not a calendar position.
    assert_eq!(ok(P, "P0001-00-03"), duration(12, 3, 0, 0));
    assert_eq!(ok(P, "-P0000-01-00T00:00:01"), duration(-1, 0, -1, 0));
    assert_eq!(ok(P, "P0000-13-00T25:00:00"), duration(13, 0, 90_000, 0));
    // The designator form still reads four-digit amounts.
    assert_eq!(ok(P, "P2012Y"), duration(24_144, 0, 0, 0));
}

#[test]
fn iso_text_of_temporal_values() {
    let text = |v: Value| v.to_cypher_string().unwrap_or_default();
    assert_eq!(text(date(2020, 1, 1)), "2020-01-01");
    // Java LocalDateTime.toString: seconds only when non-zero.
    assert_eq!(
        text(local_datetime(2020, 1, 1, 10, 0, 0)),
        "2020-01-01T10:00"
    );
    assert_eq!(
        text(local_datetime(2020, 1, 1, 10, 0, 5)),
        "2020-01-01T10:00:05"
    );
    assert_eq!(
        text(ok(TemporalKind::LocalDateTime, "2020-01-01T10:00:05.1")),
        "2020-01-01T10:00:05.100"
    );
    assert_eq!(
        text(ok(TemporalKind::LocalDateTime, "2020-01-01T10:00:05.1234")),
        "2020-01-01T10:00:05.123400"
    );
    assert_eq!(text(datetime(2020, 1, 1, 10, 0, 0)), "2020-01-01T10:00Z");
    assert_eq!(
        text(datetime(2020, 1, 1, 10, 0, -5400)),
        "2020-01-01T10:00-01:30"
    );
    // openCypher TCK: toString(datetime('1984-10-11T12:31:14.645876123+01:00')).
    assert_eq!(
        text(ok(
            TemporalKind::DateTime,
            "1984-10-11T12:31:14.645876123+01:00"
        )),
        "1984-10-11T12:31:14.645876123+01:00"
    );
    // openCypher TCK: toString(duration('P1Y2M14DT12H31M14.645876123S')).
    assert_eq!(
        text(ok(TemporalKind::Duration, "P1Y2M14DT12H31M14.645876123S")),
        "P1Y2M14DT12H31M14.645876123S"
    );
    assert_eq!(text(duration(14, 0, 0, 0)), "P1Y2M");
    assert_eq!(text(duration(0, 0, 5400, 0)), "PT1H30M");
    assert_eq!(text(duration(0, 0, 0, 0)), "PT0S");
    assert_eq!(text(duration(0, 0, -3600, 0)), "PT-1H");
    assert_eq!(text(duration(0, 0, -1, 500_000_000)), "PT-0.5S");
    assert_eq!(text(duration(0, 3, 14_706, 500_000_000)), "P3DT4H5M6.5S");
    assert_eq!(text(duration(-13, -1, 0, 0)), "P-1Y-1M-1D");
}

mod roundtrip {
    //! Whatever `toString()` prints, the constructor reads back as the same value.

    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn durations_round_trip(
            months in -1000i64..1000,
            days in -1000i64..1000,
            seconds in -10_000_000i64..10_000_000,
            nanos in 0i32..1_000_000_000,
        ) {
            let d = duration(months, days, seconds, nanos);
            let text = d.to_cypher_string().unwrap_or_default();
            prop_assert_eq!(parse_temporal(TemporalKind::Duration, &text), Ok(d), "{}", text);
        }

        #[test]
        fn datetimes_round_trip_with_their_offset(
            secs in -2_000_000_000i64..4_000_000_000,
            nanos in 0u32..1_000_000_000,
            offset_minutes in -1080i32..=1080,
        ) {
            let tz = FixedOffset::east_opt(offset_minutes * 60);
            let dt = tz.and_then(|tz| DateTime::from_timestamp(secs, nanos).map(|u| u.with_timezone(&tz)));
            prop_assume!(dt.is_some());
            let Some(dt) = dt else { return Ok(()); };
            let text = Value::DateTime(dt).to_cypher_string().unwrap_or_default();
            let back = parse_temporal(TemporalKind::DateTime, &text);
            let Ok(Value::DateTime(back)) = back else {
                return Err(TestCaseError::fail(format!("{text} did not parse: {back:?}")));
            };
            prop_assert_eq!(back, dt);
            prop_assert_eq!(back.offset(), dt.offset());
            let local = Value::LocalDateTime(dt.naive_local());
            let text = local.to_cypher_string().unwrap_or_default();
            prop_assert_eq!(parse_temporal(TemporalKind::LocalDateTime, &text), Ok(local));
            let day = Value::Date(dt.date_naive());
            let text = day.to_cypher_string().unwrap_or_default();
            prop_assert_eq!(parse_temporal(TemporalKind::Date, &text), Ok(day));
        }
    }
}
