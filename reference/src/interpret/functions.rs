//! The scalar functions of the read subset, applied to evaluated
//! arguments. Names, arities and where a call may stand are settled by the
//! parser (`model::functions`); aggregates are computed in
//! [`super::aggregate`]. Each function follows its Cypher Manual entry
//! (functions/list, numeric, predicate, scalar, string); where the manual
//! is silent the decision is in docs/spec/semantics.md section 11.

use chrono::{Offset, Utc};
use model::engine::EngineError;
use model::error::{ErrorKind, Operation, Resource};
use model::functions::{Function, RANGE_LIMIT};
use model::value::{TemporalKind, Value, parse_temporal};

use super::scope::{Ctx, internal, type_error};

/// Applies scalar function `f` to its evaluated arguments (as many as its
/// arity allows: the parser checked).
pub(crate) fn call(ctx: &Ctx<'_>, f: Function, args: Vec<Value>) -> Result<Value, EngineError> {
    match f {
        Function::TransactionTime
        | Function::DateTransaction
        | Function::LocalDateTimeTransaction => {
            let at = ctx
                .at
                .ok_or_else(|| internal(format!("{}() without a transaction", f.name())))?;
            // A2: the transaction clock reads in UTC.
            let utc = at.with_timezone(&Utc);
            return Ok(match f {
                Function::DateTransaction => Value::Date(utc.date_naive()),
                Function::LocalDateTimeTransaction => Value::LocalDateTime(utc.naive_utc()),
                _ => Value::DateTime(utc.with_timezone(&Utc.fix())),
            });
        }
        Function::UserAttribute => {
            // A2: the claim's value, null when the session did not keep it.
            let claims = ctx
                .claims
                .ok_or_else(|| internal("abac.oidc.user_attribute() outside a condition"))?;
            return match args.first() {
                Some(Value::String(claim)) => Ok(claims.get(claim).cloned().unwrap_or(Value::Null)),
                _ => Err(internal("abac.oidc.user_attribute() without a claim name")),
            };
        }
        Function::Coalesce => {
            return Ok(args
                .into_iter()
                .find(|v| !matches!(v, Value::Null))
                .unwrap_or(Value::Null));
        }
        Function::Range => return range(&args),
        Function::NullIf => return null_if(args),
        Function::Left | Function::Right => return left_right(f, &args),
        Function::Substring => return substring(&args),
        Function::Replace => return replace(&args),
        Function::Split => return split(&args),
        Function::Btrim | Function::Ltrim | Function::Rtrim => return trim_with(f, &args),
        Function::DurationBetween
        | Function::DurationInMonths
        | Function::DurationInDays
        | Function::DurationInSeconds => return super::temporal_fields::between(f, &args),
        _ => {}
    }
    let Some(arg) = args.into_iter().next() else {
        return Err(internal(format!("{}() without its argument", f.name())));
    };
    if f == Function::Exists {
        return Ok(Value::Boolean(!matches!(arg, Value::Null)));
    }
    // Every other scalar function maps null to null.
    if matches!(arg, Value::Null) {
        return Ok(Value::Null);
    }
    match f {
        Function::Labels => match arg {
            Value::Node(n) => Ok(strings(n.labels)),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::Type => match arg {
            Value::Relationship(r) => Ok(Value::String(r.rel_type)),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        // Keys in sorted order (the maps are sorted); Neo4j uses storage order.
        Function::Keys => match arg {
            Value::Node(n) => Ok(strings(n.properties.into_keys().collect())),
            Value::Relationship(r) => Ok(strings(r.properties.into_keys().collect())),
            Value::Map(m) => Ok(strings(m.into_keys().collect())),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::Properties => match arg {
            Value::Node(n) => Ok(Value::Map(n.properties)),
            Value::Relationship(r) => Ok(Value::Map(r.properties)),
            Value::Map(m) => Ok(Value::Map(m)),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::Size => match arg {
            Value::String(s) => count(s.chars().count()),
            Value::List(l) => count(l.len()),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        // The GQL names of size() for strings only.
        Function::CharLength | Function::CharacterLength => match arg {
            Value::String(s) => count(s.chars().count()),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::Head => match arg {
            Value::List(l) => Ok(l.into_iter().next().unwrap_or(Value::Null)),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::Last => match arg {
            Value::List(l) => Ok(l.into_iter().next_back().unwrap_or(Value::Null)),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::Tail => match arg {
            Value::List(l) => Ok(Value::List(l.into_iter().skip(1).collect())),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::Reverse => match arg {
            Value::List(l) => Ok(Value::List(l.into_iter().rev().collect())),
            Value::String(s) => Ok(Value::String(s.chars().rev().collect())),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::IsEmpty => match arg {
            Value::List(l) => Ok(Value::Boolean(l.is_empty())),
            Value::Map(m) => Ok(Value::Boolean(m.is_empty())),
            Value::String(s) => Ok(Value::Boolean(s.is_empty())),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::ToLower | Function::Lower => match arg {
            Value::String(s) => Ok(Value::String(s.to_lowercase())),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::ToUpper | Function::Upper => match arg {
            Value::String(s) => Ok(Value::String(s.to_uppercase())),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::Trim => match arg {
            Value::String(s) => Ok(Value::String(
                s.trim_matches(is_java_whitespace).to_string(),
            )),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::ToString => to_string(arg),
        Function::ToInteger => to_integer(arg),
        Function::ToFloat => to_float(arg),
        Function::ToBoolean => to_boolean(arg),
        Function::ToStringOrNull => Ok(or_null_string(&arg)),
        Function::ToIntegerOrNull => Ok(or_null_integer(&arg)),
        Function::ToFloatOrNull => Ok(or_null_float(&arg)),
        Function::ToBooleanOrNull => Ok(or_null_boolean(&arg)),
        Function::ToStringList
        | Function::ToIntegerList
        | Function::ToFloatList
        | Function::ToBooleanList => {
            let convert: fn(&Value) -> Value = match f {
                Function::ToStringList => or_null_string,
                Function::ToIntegerList => or_null_integer,
                Function::ToFloatList => or_null_float,
                _ => or_null_boolean,
            };
            match arg {
                Value::List(l) => Ok(Value::List(l.iter().map(convert).collect())),
                other => Err(type_error(Operation::Function(f), &[&other])),
            }
        }
        Function::Abs => match arg {
            Value::Integer(i) => i
                .checked_abs()
                .map(Value::Integer)
                .ok_or_else(|| EngineError::of(ErrorKind::IntegerOverflow(Operation::Function(f)))),
            Value::Float(x) => Ok(Value::Float(x.abs())),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::Ceil | Function::Floor | Function::Round => {
            let x = match arg {
                Value::Integer(i) => i as f64,
                Value::Float(x) => x,
                other => return Err(type_error(Operation::Function(f), &[&other])),
            };
            Ok(Value::Float(match f {
                Function::Ceil => x.ceil(),
                Function::Floor => x.floor(),
                _ => round_half_up(x),
            }))
        }
        Function::IsNaN => match arg {
            Value::Integer(_) => Ok(Value::Boolean(false)),
            Value::Float(x) => Ok(Value::Boolean(x.is_nan())),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::Sign => match arg {
            Value::Integer(i) => Ok(Value::Integer(i.signum())),
            // Decision: NaN, 0.0 and -0.0 have sign 0.
            Value::Float(x) => Ok(Value::Integer(if x > 0.0 {
                1
            } else if x < 0.0 {
                -1
            } else {
                0
            })),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::Temporal(kind) => temporal(f, kind, arg),
        Function::StartNode | Function::EndNode => match arg {
            Value::Relationship(r) => {
                let id = if f == Function::StartNode {
                    r.start
                } else {
                    r.end
                };
                // The view guarantees both endpoints of a visible relationship.
                match ctx.view.nodes.get(&id) {
                    Some(n) => Ok(Value::Node(Box::new(n.clone()))),
                    None => Err(internal(format!(
                        "node {id} of a visible relationship is not in the view"
                    ))),
                }
            }
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::Nodes => match arg {
            Value::Path(p) => Ok(Value::List(
                p.nodes
                    .into_iter()
                    .map(|n| Value::Node(Box::new(n)))
                    .collect(),
            )),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::Relationships => match arg {
            Value::Path(p) => Ok(Value::List(
                p.relationships
                    .into_iter()
                    .map(|r| Value::Relationship(Box::new(r)))
                    .collect(),
            )),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::Coalesce
        | Function::Exists
        | Function::TransactionTime
        | Function::DateTransaction
        | Function::LocalDateTimeTransaction
        | Function::Range
        | Function::NullIf
        | Function::Left
        | Function::Right
        | Function::Substring
        | Function::Replace
        | Function::Split
        | Function::Btrim
        | Function::Ltrim
        | Function::Rtrim
        | Function::DurationBetween
        | Function::DurationInMonths
        | Function::DurationInDays
        | Function::DurationInSeconds
        | Function::UserAttribute => Err(internal(format!("{}() is handled above", f.name()))),
    }
}

/// The error of an argument of the right type whose value `f` refuses.
fn invalid(f: Function, reason: impl Into<String>) -> EngineError {
    EngineError::of(ErrorKind::InvalidArgument {
        function: f,
        reason: reason.into(),
    })
}

/// Java's `Character.isWhitespace`, which Neo4j's trim functions use: the
/// Unicode space, line and paragraph separators except the no-break spaces
/// (U+00A0, U+2007, U+202F), and the controls U+0009 to U+000D and U+001C
/// to U+001F.
fn is_java_whitespace(c: char) -> bool {
    matches!(c,
        '\u{9}'..='\u{d}'
        | '\u{1c}'..='\u{20}'
        | '\u{1680}'
        | '\u{2000}'..='\u{2006}'
        | '\u{2008}'..='\u{200a}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{205f}'
        | '\u{3000}')
}

/// `round(x)`: the nearest integral float, ties toward positive infinity
/// (`round(-1.5)` is `-1.0`, Cypher Manual, numeric functions); NaN and the
/// infinities are unchanged, and a zero result is `0.0`.
fn round_half_up(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let down = x.floor();
    // Exact: x and its floor are close enough for the difference to be a float.
    let rounded = if x - down >= 0.5 { down + 1.0 } else { down };
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// `range(start, end[, step])`: the integers from start towards end by
/// step, end included when reached; null in any argument gives null.
fn range(args: &[Value]) -> Result<Value, EngineError> {
    let f = Function::Range;
    // Null in any argument gives null, before any type is checked.
    if args.iter().any(|a| matches!(a, Value::Null)) {
        return Ok(Value::Null);
    }
    let mut bounds = Vec::with_capacity(3);
    for arg in args {
        match arg {
            Value::Null => return Ok(Value::Null),
            Value::Integer(i) => bounds.push(*i),
            other => return Err(type_error(Operation::Function(f), &[other])),
        }
    }
    let (start, end) = match bounds.as_slice() {
        [start, end, ..] => (*start, *end),
        _ => return Err(internal("range() without its bounds")),
    };
    let step = bounds.get(2).copied().unwrap_or(1);
    if step == 0 {
        return Err(invalid(f, "the step is 0"));
    }
    let (start, end, step) = (i128::from(start), i128::from(end), i128::from(step));
    let span = end - start;
    let elements = if span != 0 && (span > 0) != (step > 0) {
        0
    } else {
        span / step + 1
    };
    if elements > i128::from(RANGE_LIMIT) {
        return Err(EngineError::of(ErrorKind::ResourceLimit(
            Resource::RangeElements { elements },
        )));
    }
    let mut out = Vec::new();
    let mut next = start;
    for _ in 0..elements {
        let value = i64::try_from(next).map_err(|_| internal("range() element out of range"))?;
        out.push(Value::Integer(value));
        next += step;
    }
    Ok(Value::List(out))
}

/// `nullIf(a, b)`: null when `a = b` is true, else `a` (GQL's NULLIF is
/// `CASE WHEN a = b THEN NULL ELSE a END`).
fn null_if(args: Vec<Value>) -> Result<Value, EngineError> {
    let mut args = args.into_iter();
    let (Some(a), Some(b)) = (args.next(), args.next()) else {
        return Err(internal("nullIf() without two arguments"));
    };
    Ok(if a.cypher_equals(&b) == Some(true) {
        Value::Null
    } else {
        a
    })
}

/// A count argument of `left`, `right` or `substring`: a non-negative
/// integer; null or a negative number is an invalid argument (manual).
fn count_argument(f: Function, what: &str, v: &Value) -> Result<usize, EngineError> {
    match v {
        Value::Integer(i) if *i >= 0 => Ok(usize::try_from(*i).unwrap_or(usize::MAX)),
        Value::Integer(i) => Err(invalid(f, format!("the {what} {i} is negative"))),
        Value::Null => Err(invalid(f, format!("the {what} is null"))),
        other => Err(type_error(Operation::Function(f), &[other])),
    }
}

/// `left(s, n)` and `right(s, n)`: the first or last n characters.
fn left_right(f: Function, args: &[Value]) -> Result<Value, EngineError> {
    let (Some(s), Some(n)) = (args.first(), args.get(1)) else {
        return Err(internal(format!("{}() without two arguments", f.name())));
    };
    let s = match s {
        Value::Null => return Ok(Value::Null),
        Value::String(s) => s,
        other => return Err(type_error(Operation::Function(f), &[other])),
    };
    let n = count_argument(f, "length", n)?;
    let chars: Vec<char> = s.chars().collect();
    let n = n.min(chars.len());
    let picked = if f == Function::Left {
        chars.get(..n)
    } else {
        chars.get(chars.len() - n..)
    };
    Ok(Value::String(picked.unwrap_or(&[]).iter().collect()))
}

/// `substring(s, start[, length])`: characters from the 0-based start.
fn substring(args: &[Value]) -> Result<Value, EngineError> {
    let f = Function::Substring;
    let (Some(s), Some(start)) = (args.first(), args.get(1)) else {
        return Err(internal("substring() without its arguments"));
    };
    let s = match s {
        Value::Null => return Ok(Value::Null),
        Value::String(s) => s,
        other => return Err(type_error(Operation::Function(f), &[other])),
    };
    let start = count_argument(f, "start", start)?;
    let length = match args.get(2) {
        Some(l) => Some(count_argument(f, "length", l)?),
        None => None,
    };
    let rest = s.chars().skip(start);
    Ok(Value::String(match length {
        Some(l) => rest.take(l).collect(),
        None => rest.collect(),
    }))
}

/// `replace(s, search, replacement)`: every occurrence replaced; null in
/// any argument gives null.
fn replace(args: &[Value]) -> Result<Value, EngineError> {
    let f = Function::Replace;
    // Null in any argument gives null, before any type is checked.
    if args.iter().any(|a| matches!(a, Value::Null)) {
        return Ok(Value::Null);
    }
    let mut texts = Vec::with_capacity(3);
    for arg in args {
        match arg {
            Value::Null => return Ok(Value::Null),
            Value::String(s) => texts.push(s.as_str()),
            other => return Err(type_error(Operation::Function(f), &[other])),
        }
    }
    match texts.as_slice() {
        [s, search, replacement] => Ok(Value::String(s.replace(search, replacement))),
        _ => Err(internal("replace() without three arguments")),
    }
}

/// `split(s, delimiter)`: the pieces between the delimiters (a string or
/// a list of strings), empty pieces kept; an empty delimiter splits into
/// characters. Null in either argument gives null.
fn split(args: &[Value]) -> Result<Value, EngineError> {
    let f = Function::Split;
    let (Some(s), Some(d)) = (args.first(), args.get(1)) else {
        return Err(internal("split() without two arguments"));
    };
    let s = match s {
        Value::Null => return Ok(Value::Null),
        Value::String(s) => s,
        other => return Err(type_error(Operation::Function(f), &[other])),
    };
    let delimiters: Vec<&str> = match d {
        Value::Null => return Ok(Value::Null),
        Value::String(d) => vec![d.as_str()],
        Value::List(items) => {
            let mut out = Vec::new();
            for item in items {
                match item {
                    Value::String(d) => out.push(d.as_str()),
                    other => return Err(type_error(Operation::Function(f), &[other])),
                }
            }
            out
        }
        other => return Err(type_error(Operation::Function(f), &[other])),
    };
    let delimiters: Vec<&str> = delimiters.into_iter().filter(|d| !d.is_empty()).collect();
    if s.is_empty() {
        return Ok(strings(vec![String::new()]));
    }
    if delimiters.is_empty() {
        return Ok(strings(s.chars().map(String::from).collect()));
    }
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut rest = s.as_str();
    'scan: while let Some(c) = rest.chars().next() {
        for d in &delimiters {
            if let Some(after) = rest.strip_prefix(d) {
                pieces.push(std::mem::take(&mut piece));
                rest = after;
                continue 'scan;
            }
        }
        piece.push(c);
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    pieces.push(piece);
    Ok(strings(pieces))
}

/// `btrim`, `ltrim`, `rtrim`: whitespace (Java's) removed from both ends,
/// the start or the end; with a second argument, every character of it
/// (the Cypher Manual's `btrim('xxyyhelloxyxy', 'xy')` is `'hello'`).
fn trim_with(f: Function, args: &[Value]) -> Result<Value, EngineError> {
    // Null in any argument gives null, before any type is checked.
    if args.iter().any(|a| matches!(a, Value::Null)) {
        return Ok(Value::Null);
    }
    let mut texts = Vec::with_capacity(2);
    for arg in args {
        match arg {
            Value::Null => return Ok(Value::Null),
            Value::String(s) => texts.push(s.as_str()),
            other => return Err(type_error(Operation::Function(f), &[other])),
        }
    }
    let Some(s) = texts.first() else {
        return Err(internal(format!("{}() without its argument", f.name())));
    };
    let trimmed = match texts.get(1) {
        Some(set) => {
            let in_set = |c: char| set.contains(c);
            match f {
                Function::Ltrim => s.trim_start_matches(in_set),
                Function::Rtrim => s.trim_end_matches(in_set),
                _ => s.trim_matches(in_set),
            }
        }
        None => match f {
            Function::Ltrim => s.trim_start_matches(is_java_whitespace),
            Function::Rtrim => s.trim_end_matches(is_java_whitespace),
            _ => s.trim_matches(is_java_whitespace),
        },
    };
    Ok(Value::String(trimmed.to_string()))
}

/// `toStringOrNull`: `toString` where it is defined, else null.
fn or_null_string(v: &Value) -> Value {
    v.to_cypher_string().map_or(Value::Null, Value::String)
}

/// `toIntegerOrNull`: `toInteger` where it gives a value, else null
/// (also for a float outside the integer range).
fn or_null_integer(v: &Value) -> Value {
    match v {
        Value::Integer(_) | Value::Float(_) | Value::Boolean(_) | Value::String(_) => {
            to_integer(v.clone()).unwrap_or(Value::Null)
        }
        _ => Value::Null,
    }
}

/// `toFloatOrNull`: `toFloat` where it gives a value, else null.
fn or_null_float(v: &Value) -> Value {
    match v {
        Value::Integer(_) | Value::Float(_) | Value::String(_) => {
            to_float(v.clone()).unwrap_or(Value::Null)
        }
        _ => Value::Null,
    }
}

/// `toBooleanOrNull`: `toBoolean` where it gives a value, else null.
fn or_null_boolean(v: &Value) -> Value {
    match v {
        Value::Boolean(_) | Value::Integer(_) | Value::String(_) => {
            to_boolean(v.clone()).unwrap_or(Value::Null)
        }
        _ => Value::Null,
    }
}

fn strings(items: Vec<String>) -> Value {
    Value::List(items.into_iter().map(Value::String).collect())
}

fn count(n: usize) -> Result<Value, EngineError> {
    i64::try_from(n).map(Value::Integer).map_err(|_| {
        EngineError::of(ErrorKind::IntegerOverflow(Operation::Function(
            Function::Size,
        )))
    })
}

/// `toString`: numbers, booleans, strings and temporals as Neo4j prints
/// them; lists, maps and graph elements are refused as Neo4j does.
fn to_string(arg: Value) -> Result<Value, EngineError> {
    match arg.to_cypher_string() {
        Some(text) => Ok(Value::String(text)),
        None => Err(type_error(Operation::Function(Function::ToString), &[&arg])),
    }
}

/// Parses a string as Neo4j's number conversions do: surrounding whitespace
/// is not accepted, and `inf`/`nan` spellings are not numbers.
fn parse_float(s: &str) -> Option<f64> {
    let f: f64 = s.parse().ok()?;
    f.is_finite().then_some(f)
}

/// `toInteger`: floats truncate; strings parse as an integer, or else as a
/// float that truncates (`'1.9'` → 1); unparsable strings give null.
fn to_integer(arg: Value) -> Result<Value, EngineError> {
    match arg {
        Value::Integer(i) => Ok(Value::Integer(i)),
        Value::Float(f) => float_to_integer(f),
        Value::Boolean(b) => Ok(Value::Integer(i64::from(b))),
        Value::String(s) => match s.parse::<i64>() {
            Ok(i) => Ok(Value::Integer(i)),
            Err(_) => match parse_float(&s) {
                Some(f) => float_to_integer(f),
                None => Ok(Value::Null),
            },
        },
        other => Err(type_error(
            Operation::Function(Function::ToInteger),
            &[&other],
        )),
    }
}

fn float_to_integer(f: f64) -> Result<Value, EngineError> {
    let t = f.trunc();
    // i64::MAX is not representable; 2^63 is the first float out of range.
    if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&t) {
        Ok(Value::Integer(t as i64))
    } else {
        Err(EngineError::of(ErrorKind::IntegerOverflow(
            Operation::Function(Function::ToInteger),
        )))
    }
}

/// `toFloat`: integers widen; strings parse, unparsable ones give null.
fn to_float(arg: Value) -> Result<Value, EngineError> {
    match arg {
        Value::Float(f) => Ok(Value::Float(f)),
        Value::Integer(i) => Ok(Value::Float(i as f64)),
        Value::String(s) => Ok(parse_float(&s).map_or(Value::Null, Value::Float)),
        other => Err(type_error(
            Operation::Function(Function::ToFloat),
            &[&other],
        )),
    }
}

/// `toBoolean`: `'true'`/`'false'` in any case; integers are true unless 0;
/// other strings give null.
fn to_boolean(arg: Value) -> Result<Value, EngineError> {
    match arg {
        Value::Boolean(b) => Ok(Value::Boolean(b)),
        Value::Integer(i) => Ok(Value::Boolean(i != 0)),
        Value::String(s) => Ok(match s.to_ascii_lowercase().as_str() {
            "true" => Value::Boolean(true),
            "false" => Value::Boolean(false),
            _ => Value::Null,
        }),
        other => Err(type_error(
            Operation::Function(Function::ToBoolean),
            &[&other],
        )),
    }
}

/// `date('...')` and friends from a string; a value of the same type passes
/// through.
fn temporal(f: Function, kind: TemporalKind, arg: Value) -> Result<Value, EngineError> {
    let same = matches!(
        (kind, &arg),
        (TemporalKind::Date, Value::Date(_))
            | (TemporalKind::DateTime, Value::DateTime(_))
            | (TemporalKind::LocalDateTime, Value::LocalDateTime(_))
            | (TemporalKind::Duration, Value::Duration(_))
    );
    if same {
        return Ok(arg);
    }
    match arg {
        Value::String(s) => parse_temporal(kind, &s).map_err(|reason| {
            EngineError::of(ErrorKind::InvalidTemporal {
                function: f,
                input: s,
                reason,
            })
        }),
        other => Err(type_error(Operation::Function(f), &[&other])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_breaks_ties_toward_positive_infinity() {
        assert_eq!(round_half_up(-1.5), -1.0);
        assert_eq!(round_half_up(2.5), 3.0);
        assert_eq!(round_half_up(0.499_999_999_999_999_94), 0.0);
        assert!(round_half_up(-0.4).is_sign_positive());
        assert!(round_half_up(f64::NAN).is_nan());
    }

    #[test]
    fn range_counts_in_wide_integers() {
        let ints = |xs: &[i64]| Value::List(xs.iter().map(|i| Value::Integer(*i)).collect());
        let r = |xs: &[i64]| range(&xs.iter().map(|i| Value::Integer(*i)).collect::<Vec<_>>());
        assert_eq!(r(&[5, 0, -2]), Ok(ints(&[5, 3, 1])));
        assert_eq!(
            r(&[i64::MIN, i64::MAX, i64::MAX]),
            Ok(ints(&[i64::MIN, -1, i64::MAX - 1]))
        );
        assert_eq!(r(&[0, 1, 0]).map_err(|e| e.code()), Err("22N11"));
        assert_eq!(r(&[0, i64::MAX]).map_err(|e| e.code()), Err("51N66"));
    }

    #[test]
    fn split_and_trim_edges() {
        let s = |x: &str| Value::String(x.into());
        let list = |xs: &[&str]| Value::List(xs.iter().map(|x| s(x)).collect());
        assert_eq!(split(&[s("a,,b,"), s(",")]), Ok(list(&["a", "", "b", ""])));
        assert_eq!(split(&[s("ab"), s("")]), Ok(list(&["a", "b"])));
        assert!(!is_java_whitespace('\u{a0}'));
        assert!(is_java_whitespace('\u{3000}'));
        assert_eq!(
            trim_with(Function::Rtrim, &[s("xxyyhelloxyxy"), s("xy")]),
            Ok(s("xxyyhello"))
        );
    }
}
