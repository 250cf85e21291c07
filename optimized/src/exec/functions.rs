//! Scalar functions of docs/spec/scenario-format.md's subset, applied to
//! evaluated arguments. The parser resolved each name to a
//! [`Function`], checked its argument count and refused `abac.*` and the
//! current-time constructors in queries, so only data can fail here: an
//! argument of the wrong type (the error names that argument's type), an
//! integer that does not fit, a temporal text that does not parse.
//! Aggregates are computed by [`super::aggregate`].

use chrono::Utc;

use model::engine::EngineError;
use model::error::{ErrorKind, Operation};
use model::functions::Function;
use model::value::{TemporalKind, Value, parse_temporal};

use super::context::Ctx;
use super::operators::type_error;

/// The error of `function` given `arg`, a value of a type it does not take.
fn refused(function: Function, arg: &Value) -> EngineError {
    type_error(Operation::Function(function), &[arg])
}

/// Calls scalar function `function` on `args` (as many as its arity allows).
pub fn call(ctx: &Ctx<'_>, function: Function, args: Vec<Value>) -> Result<Value, EngineError> {
    match function {
        // A2: the transaction clock, in UTC.
        Function::TransactionTime => {
            return Ok(Value::DateTime(
                ctx.tx.at.with_timezone(&Utc).fixed_offset(),
            ));
        }
        Function::DateTransaction => {
            return Ok(Value::Date(ctx.tx.at.with_timezone(&Utc).date_naive()));
        }
        Function::LocalDateTimeTransaction => {
            return Ok(Value::LocalDateTime(
                ctx.tx.at.with_timezone(&Utc).naive_utc(),
            ));
        }
        Function::Coalesce => {
            return Ok(args
                .into_iter()
                .find(|v| !v.is_null())
                .unwrap_or(Value::Null));
        }
        Function::Range
        | Function::NullIf
        | Function::Left
        | Function::Right
        | Function::Substring
        | Function::Replace
        | Function::Split
        | Function::Btrim
        | Function::Ltrim
        | Function::Rtrim => return super::text::call(function, args),
        Function::DurationBetween
        | Function::DurationInMonths
        | Function::DurationInDays
        | Function::DurationInSeconds => return super::temporal::between(function, &args),
        _ => {}
    }
    let Some(arg) = args.into_iter().next() else {
        return Err(internal(format!(
            "{}() without its argument",
            function.name()
        )));
    };
    if function == Function::Exists {
        // A predicate: false, not null, for a missing value.
        return Ok(Value::Boolean(!arg.is_null()));
    }
    if arg.is_null() {
        return Ok(Value::Null);
    }
    match function {
        Function::Labels => match arg {
            Value::Node(n) => Ok(strings(n.labels)),
            other => Err(refused(function, &other)),
        },
        Function::Type => match arg {
            Value::Relationship(r) => Ok(Value::String(r.rel_type)),
            other => Err(refused(function, &other)),
        },
        // Decision (docs/spec/semantics.md section 11): keys sorted, which
        // the property maps already are.
        Function::Keys => match arg {
            Value::Node(n) => Ok(strings(n.properties.into_keys().collect())),
            Value::Relationship(r) => Ok(strings(r.properties.into_keys().collect())),
            Value::Map(m) => Ok(strings(m.into_keys().collect())),
            other => Err(refused(function, &other)),
        },
        Function::Properties => match arg {
            Value::Node(n) => Ok(Value::Map(n.properties)),
            Value::Relationship(r) => Ok(Value::Map(r.properties)),
            Value::Map(m) => Ok(Value::Map(m)),
            other => Err(refused(function, &other)),
        },
        Function::Size => match arg {
            Value::List(l) => count(l.len()),
            Value::String(s) => count(s.chars().count()),
            other => Err(refused(function, &other)),
        },
        Function::CharLength | Function::CharacterLength => match arg {
            Value::String(s) => count(s.chars().count()),
            other => Err(refused(function, &other)),
        },
        Function::Tail => match arg {
            Value::List(mut l) => {
                if !l.is_empty() {
                    l.remove(0);
                }
                Ok(Value::List(l))
            }
            other => Err(refused(function, &other)),
        },
        Function::Reverse => match arg {
            Value::List(mut l) => {
                l.reverse();
                Ok(Value::List(l))
            }
            Value::String(s) => Ok(Value::String(s.chars().rev().collect())),
            other => Err(refused(function, &other)),
        },
        Function::IsEmpty => match arg {
            Value::String(s) => Ok(Value::Boolean(s.is_empty())),
            Value::List(l) => Ok(Value::Boolean(l.is_empty())),
            Value::Map(m) => Ok(Value::Boolean(m.is_empty())),
            other => Err(refused(function, &other)),
        },
        Function::Trim => match arg {
            Value::String(s) => Ok(Value::String(super::text::trim_whitespace(&s))),
            other => Err(refused(function, &other)),
        },
        Function::Abs => match arg {
            Value::Integer(i) => match i.checked_abs() {
                Some(a) => Ok(Value::Integer(a)),
                None => Err(EngineError::of(ErrorKind::IntegerOverflow(
                    Operation::Function(function),
                ))),
            },
            Value::Float(f) => Ok(Value::Float(f.abs())),
            other => Err(refused(function, &other)),
        },
        Function::Ceil | Function::Floor | Function::Round => {
            let x = match arg {
                Value::Float(f) => f,
                Value::Integer(i) => i as f64,
                other => return Err(refused(function, &other)),
            };
            Ok(Value::Float(match function {
                Function::Ceil => x.ceil(),
                Function::Floor => x.floor(),
                _ => round(x),
            }))
        }
        Function::IsNaN => match arg {
            Value::Float(f) => Ok(Value::Boolean(f.is_nan())),
            Value::Integer(_) => Ok(Value::Boolean(false)),
            other => Err(refused(function, &other)),
        },
        Function::Sign => match arg {
            Value::Integer(i) => Ok(Value::Integer(i.signum())),
            // Decision (semantics.md section 11): NaN and both zeros give 0.
            Value::Float(f) if f.is_nan() || f == 0.0 => Ok(Value::Integer(0)),
            Value::Float(f) => Ok(Value::Integer(if f.is_sign_negative() { -1 } else { 1 })),
            other => Err(refused(function, &other)),
        },
        Function::ToStringOrNull => Ok(string_or_null(arg)),
        Function::ToIntegerOrNull => Ok(integer_or_null(arg)),
        Function::ToFloatOrNull => Ok(float_or_null(arg)),
        Function::ToBooleanOrNull => Ok(boolean_or_null(arg)),
        Function::ToStringList
        | Function::ToIntegerList
        | Function::ToFloatList
        | Function::ToBooleanList => match arg {
            Value::List(items) => {
                let each = match function {
                    Function::ToStringList => string_or_null,
                    Function::ToIntegerList => integer_or_null,
                    Function::ToFloatList => float_or_null,
                    _ => boolean_or_null,
                };
                Ok(Value::List(items.into_iter().map(each).collect()))
            }
            other => Err(refused(function, &other)),
        },
        Function::Head => match arg {
            Value::List(l) => Ok(l.into_iter().next().unwrap_or(Value::Null)),
            other => Err(refused(function, &other)),
        },
        Function::Last => match arg {
            Value::List(mut l) => Ok(l.pop().unwrap_or(Value::Null)),
            other => Err(refused(function, &other)),
        },
        Function::ToLower | Function::Lower => match arg {
            Value::String(s) => Ok(Value::String(s.to_lowercase())),
            other => Err(refused(function, &other)),
        },
        Function::ToUpper | Function::Upper => match arg {
            Value::String(s) => Ok(Value::String(s.to_uppercase())),
            other => Err(refused(function, &other)),
        },
        Function::ToString => arg
            .to_cypher_string()
            .map(Value::String)
            .ok_or_else(|| refused(function, &arg)),
        Function::ToInteger => to_integer(arg),
        Function::ToFloat => to_float(arg),
        Function::ToBoolean => to_boolean(arg),
        Function::Temporal(kind) => temporal(function, kind, arg),
        Function::StartNode | Function::EndNode => match arg {
            Value::Relationship(r) => {
                let id = if function == Function::StartNode {
                    r.start
                } else {
                    r.end
                };
                // R2: a visible relationship's endpoints are traversable,
                // so the node is one the user sees.
                let position = ctx.columns().node_ids.position(id).ok_or_else(|| {
                    internal(format!("node {id} of a relationship is not in the graph"))
                })?;
                Ok(Value::Node(Box::new(ctx.node_value(position))))
            }
            other => Err(refused(function, &other)),
        },
        Function::Nodes => match arg {
            Value::Path(p) => Ok(Value::List(
                p.nodes
                    .into_iter()
                    .map(|n| Value::Node(Box::new(n)))
                    .collect(),
            )),
            other => Err(refused(function, &other)),
        },
        Function::Relationships => match arg {
            Value::Path(p) => Ok(Value::List(
                p.relationships
                    .into_iter()
                    .map(|r| Value::Relationship(Box::new(r)))
                    .collect(),
            )),
            other => Err(refused(function, &other)),
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
        | Function::DurationInSeconds => {
            Err(internal(format!("{}() is answered above", function.name())))
        }
        // The parser accepts it only in an auth rule's condition, which is
        // evaluated column-wise (crate::rules), never here.
        Function::UserAttribute => Err(internal("abac.oidc.user_attribute() in a query")),
    }
}

/// `round(x)`: Java's `Math.round` rule, ties toward positive infinity
/// (`round(-1.5)` is `-1.0`, Cypher Manual, numeric functions), kept a
/// float; NaN and the infinities pass through, and zero is `0.0`.
fn round(x: f64) -> f64 {
    if x.is_nan() || x.is_infinite() {
        return x;
    }
    let below = x.floor();
    let up = x - below >= 0.5;
    let r = below + if up { 1.0 } else { 0.0 };
    if r == 0.0 { 0.0 } else { r }
}

/// `toStringOrNull`: the `toString()` text, null where it has none.
fn string_or_null(v: Value) -> Value {
    match v.to_cypher_string() {
        Some(text) => Value::String(text),
        None => Value::Null,
    }
}

/// `toIntegerOrNull`: booleans, numbers and strings as `toInteger`, null
/// for other types and where `toInteger` would overflow.
fn integer_or_null(v: Value) -> Value {
    match v {
        Value::Boolean(_) | Value::Integer(_) | Value::Float(_) | Value::String(_) => {
            to_integer(v).unwrap_or(Value::Null)
        }
        _ => Value::Null,
    }
}

/// `toFloatOrNull`: numbers and strings as `toFloat`, null otherwise.
fn float_or_null(v: Value) -> Value {
    match v {
        Value::Integer(_) | Value::Float(_) | Value::String(_) => {
            to_float(v).unwrap_or(Value::Null)
        }
        _ => Value::Null,
    }
}

/// `toBooleanOrNull`: booleans, integers and strings as `toBoolean`, null
/// otherwise.
fn boolean_or_null(v: Value) -> Value {
    match v {
        Value::Boolean(_) | Value::Integer(_) | Value::String(_) => {
            to_boolean(v).unwrap_or(Value::Null)
        }
        _ => Value::Null,
    }
}

/// The error of a state the parser's checks rule out.
fn internal(what: impl Into<String>) -> EngineError {
    EngineError::of(ErrorKind::Internal(what.into()))
}

/// `size()` of a list or string as an integer.
fn count(n: usize) -> Result<Value, EngineError> {
    i64::try_from(n).map(Value::Integer).map_err(|_| {
        EngineError::of(ErrorKind::IntegerOverflow(Operation::Function(
            Function::Size,
        )))
    })
}

fn strings(items: Vec<String>) -> Value {
    Value::List(items.into_iter().map(Value::String).collect())
}

/// `date('...')` and friends: a string parses (its reason worded by
/// `model::value::temporal` when it does not), a value of the constructed
/// type passes through unchanged.
fn temporal(function: Function, kind: TemporalKind, arg: Value) -> Result<Value, EngineError> {
    match (kind, arg) {
        (TemporalKind::Date, v @ Value::Date(_))
        | (TemporalKind::DateTime, v @ Value::DateTime(_))
        | (TemporalKind::LocalDateTime, v @ Value::LocalDateTime(_))
        | (TemporalKind::Duration, v @ Value::Duration(_)) => Ok(v),
        (_, Value::String(text)) => parse_temporal(kind, &text).map_err(|reason| {
            EngineError::of(ErrorKind::InvalidTemporal {
                function,
                input: text,
                reason,
            })
        }),
        (_, other) => Err(refused(function, &other)),
    }
}

fn to_integer(v: Value) -> Result<Value, EngineError> {
    match v {
        Value::Integer(i) => Ok(Value::Integer(i)),
        Value::Float(f) => float_to_int(f),
        Value::Boolean(b) => Ok(Value::Integer(i64::from(b))),
        Value::String(s) => {
            // Decision: no trimming, `toInteger(' 12 ')` is null.
            let t = s.as_str();
            if let Ok(i) = t.parse::<i64>() {
                return Ok(Value::Integer(i));
            }
            parse_float(t).map_or(Ok(Value::Null), float_to_int)
        }
        other => Err(refused(Function::ToInteger, &other)),
    }
}

/// A float truncated to an integer; out of range (or NaN) is an integer
/// overflow (decision, docs/spec/semantics.md section 11).
fn float_to_int(f: f64) -> Result<Value, EngineError> {
    // i64::MAX is not a float: 2^63 is the first one out of range.
    if f.is_finite() && f >= i64::MIN as f64 && f < i64::MAX as f64 {
        Ok(Value::Integer(f.trunc() as i64))
    } else {
        Err(EngineError::of(ErrorKind::IntegerOverflow(
            Operation::Function(Function::ToInteger),
        )))
    }
}

/// A string read as a float: finite decimal numbers only (decision:
/// `'NaN'` and `'inf'` are not numbers here).
fn parse_float(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

fn to_float(v: Value) -> Result<Value, EngineError> {
    match v {
        Value::Integer(i) => Ok(Value::Float(i as f64)),
        Value::Float(f) => Ok(Value::Float(f)),
        Value::String(s) => Ok(parse_float(&s).map_or(Value::Null, Value::Float)),
        other => Err(refused(Function::ToFloat, &other)),
    }
}

fn to_boolean(v: Value) -> Result<Value, EngineError> {
    match v {
        Value::Boolean(b) => Ok(Value::Boolean(b)),
        Value::String(s) => Ok(match s.to_ascii_lowercase().as_str() {
            "true" => Value::Boolean(true),
            "false" => Value::Boolean(false),
            _ => Value::Null,
        }),
        Value::Integer(i) => Ok(Value::Boolean(i != 0)),
        other => Err(refused(Function::ToBoolean, &other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_follow_cypher() {
        let s = |x: &str| Value::String(x.into());
        assert_eq!(to_integer(s("42")), Ok(Value::Integer(42)));
        assert_eq!(to_integer(s("4.7")), Ok(Value::Integer(4)));
        assert_eq!(to_integer(s("x")), Ok(Value::Null));
        assert_eq!(to_integer(s(" 12 ")), Ok(Value::Null));
        assert_eq!(to_float(Value::Integer(2)), Ok(Value::Float(2.0)));
        assert_eq!(to_float(s("NaN")), Ok(Value::Null));
        assert_eq!(to_boolean(s("TRUE")), Ok(Value::Boolean(true)));
        assert_eq!(
            to_integer(Value::List(vec![])),
            Err(EngineError::of(ErrorKind::TypeMismatch {
                operation: Operation::Function(Function::ToInteger),
                types: vec!["LIST"],
            }))
        );
    }

    #[test]
    fn floats_outside_the_integer_range_overflow() {
        let overflow = Err(EngineError::of(ErrorKind::IntegerOverflow(
            Operation::Function(Function::ToInteger),
        )));
        assert_eq!(to_integer(Value::Float(f64::NAN)), overflow);
        // 2^63 is one past i64::MAX; -2^63 is i64::MIN itself.
        assert_eq!(
            to_integer(Value::Float(9_223_372_036_854_775_808.0)),
            overflow
        );
        assert_eq!(
            to_integer(Value::Float(-9_223_372_036_854_775_808.0)),
            Ok(Value::Integer(i64::MIN))
        );
        assert_eq!(to_integer(Value::Float(-2.9)), Ok(Value::Integer(-2)));
    }

    #[test]
    fn temporal_text_errors_carry_the_parsers_reason() {
        let date = Function::Temporal(TemporalKind::Date);
        let text = "2024-13-01".to_string();
        let Err(reason) = parse_temporal(TemporalKind::Date, &text) else {
            panic!("month 13 parses");
        };
        assert_eq!(
            temporal(date, TemporalKind::Date, Value::String(text.clone())),
            Err(EngineError::of(ErrorKind::InvalidTemporal {
                function: date,
                input: text,
                reason,
            }))
        );
        // A value of the constructed type passes through.
        let day = parse_temporal(TemporalKind::Date, "2024-02-29");
        assert!(matches!(day, Ok(Value::Date(_))), "{day:?}");
        if let Ok(day) = day {
            assert_eq!(
                temporal(date, TemporalKind::Date, day.clone()),
                Ok(day.clone())
            );
            let datetime = Function::Temporal(TemporalKind::DateTime);
            assert_eq!(
                temporal(datetime, TemporalKind::DateTime, day),
                Err(EngineError::of(ErrorKind::TypeMismatch {
                    operation: Operation::Function(datetime),
                    types: vec!["DATE"],
                }))
            );
        }
        assert_eq!(
            temporal(date, TemporalKind::Date, Value::Integer(1)),
            Err(refused(date, &Value::Integer(1)))
        );
    }
}
