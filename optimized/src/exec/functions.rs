//! Scalar functions of docs/spec/scenario-format.md's subset, applied to evaluated
//! arguments; `abac.*` functions are refused in queries. Aggregates are
//! recognised here and computed by [`super::aggregate`].

use chrono::Utc;

use model::engine::EngineError;
use model::value::{TemporalKind, Value, parse_temporal};

use super::context::Ctx;

/// The aggregate functions (lower-case names).
const AGGREGATES: [&str; 6] = ["count", "collect", "sum", "min", "max", "avg"];

/// The scalar functions (lower-case names).
const SCALARS: [&str; 24] = [
    "labels",
    "type",
    "keys",
    "properties",
    "size",
    "head",
    "last",
    "coalesce",
    "tolower",
    "toupper",
    "tostring",
    "tointeger",
    "tofloat",
    "toboolean",
    "date",
    "datetime",
    "localdatetime",
    "duration",
    "startnode",
    "endnode",
    "nodes",
    "relationships",
    "exists",
    "datetime.transaction",
];

/// Whether `name` (any case) is an aggregate function.
pub fn is_aggregate(name: &str) -> bool {
    AGGREGATES.contains(&name.to_ascii_lowercase().as_str())
}

/// Checks that `name` is a function a query may call.
pub fn check_known(name: &str) -> Result<(), EngineError> {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("abac.") {
        return Err(EngineError::new(
            "abac functions are not allowed in queries",
        ));
    }
    if SCALARS.contains(&lower.as_str()) || AGGREGATES.contains(&lower.as_str()) {
        return Ok(());
    }
    Err(EngineError::new(format!("Unknown function '{name}'")))
}

fn type_error(function: &str, v: &Value) -> EngineError {
    EngineError::new(format!(
        "Type mismatch: {function}() cannot take {}",
        v.type_name()
    ))
}

fn arity(function: &str, args: &[Value], n: usize) -> Result<(), EngineError> {
    if args.len() == n {
        Ok(())
    } else {
        Err(EngineError::new(format!(
            "{function}() takes {n} argument(s), got {}",
            args.len()
        )))
    }
}

/// Calls scalar function `name` on `args`.
pub fn call(ctx: &Ctx<'_>, name: &str, args: Vec<Value>) -> Result<Value, EngineError> {
    let lower = name.to_ascii_lowercase();
    check_known(name)?;
    if lower == "coalesce" {
        return Ok(args
            .into_iter()
            .find(|v| !v.is_null())
            .unwrap_or(Value::Null));
    }
    if lower == "datetime.transaction" {
        arity(name, &args, 0)?;
        return Ok(Value::DateTime(
            ctx.tx.at.with_timezone(&Utc).fixed_offset(),
        ));
    }
    if let Some(kind) = temporal_kind(&lower) {
        return temporal(name, kind, &args);
    }
    arity(name, &args, 1)?;
    let Some(arg) = args.into_iter().next() else {
        return Ok(Value::Null);
    };
    if arg.is_null() {
        // `exists` is a predicate: false, not null, for a missing value.
        return Ok(if lower == "exists" {
            Value::Boolean(false)
        } else {
            Value::Null
        });
    }
    match lower.as_str() {
        "labels" => match arg {
            Value::Node(n) => Ok(strings(n.labels)),
            other => Err(type_error(name, &other)),
        },
        "type" => match arg {
            Value::Relationship(r) => Ok(Value::String(r.rel_type)),
            other => Err(type_error(name, &other)),
        },
        "keys" => match arg {
            Value::Node(n) => Ok(strings(n.properties.into_keys().collect())),
            Value::Relationship(r) => Ok(strings(r.properties.into_keys().collect())),
            Value::Map(m) => Ok(strings(m.into_keys().collect())),
            other => Err(type_error(name, &other)),
        },
        "properties" => match arg {
            Value::Node(n) => Ok(Value::Map(n.properties)),
            Value::Relationship(r) => Ok(Value::Map(r.properties)),
            Value::Map(m) => Ok(Value::Map(m)),
            other => Err(type_error(name, &other)),
        },
        "size" => match arg {
            Value::List(l) => count(l.len()),
            Value::String(s) => count(s.chars().count()),
            other => Err(type_error(name, &other)),
        },
        "head" | "last" => match arg {
            Value::List(mut l) => Ok(if lower == "head" {
                l.drain(..).next()
            } else {
                l.pop()
            }
            .unwrap_or(Value::Null)),
            other => Err(type_error(name, &other)),
        },
        "tolower" | "toupper" => match arg {
            Value::String(s) => Ok(Value::String(if lower == "tolower" {
                s.to_lowercase()
            } else {
                s.to_uppercase()
            })),
            other => Err(type_error(name, &other)),
        },
        "tostring" => arg
            .to_cypher_string()
            .map(Value::String)
            .ok_or_else(|| type_error(name, &arg)),
        "tointeger" => to_integer(name, arg),
        "tofloat" => to_float(name, arg),
        "toboolean" => to_boolean(name, arg),
        "startnode" | "endnode" => match arg {
            Value::Relationship(r) => {
                let id = if lower == "startnode" { r.start } else { r.end };
                let position = ctx
                    .columns()
                    .node_ids
                    .position(id)
                    .ok_or_else(|| EngineError::new(format!("missing node {id}")))?;
                Ok(Value::Node(Box::new(ctx.node_value(position))))
            }
            other => Err(type_error(name, &other)),
        },
        "nodes" => match arg {
            Value::Path(p) => Ok(Value::List(
                p.nodes
                    .into_iter()
                    .map(|n| Value::Node(Box::new(n)))
                    .collect(),
            )),
            other => Err(type_error(name, &other)),
        },
        "relationships" => match arg {
            Value::Path(p) => Ok(Value::List(
                p.relationships
                    .into_iter()
                    .map(|r| Value::Relationship(Box::new(r)))
                    .collect(),
            )),
            other => Err(type_error(name, &other)),
        },
        // `exists(null)` returned above.
        "exists" => Ok(Value::Boolean(true)),
        _ => Err(EngineError::new(format!(
            "{name}() is an aggregate function and cannot be used here"
        ))),
    }
}

fn count(n: usize) -> Result<Value, EngineError> {
    i64::try_from(n)
        .map(Value::Integer)
        .map_err(|_| EngineError::new("integer overflow"))
}

fn strings(items: Vec<String>) -> Value {
    Value::List(items.into_iter().map(Value::String).collect())
}

fn temporal_kind(lower: &str) -> Option<TemporalKind> {
    match lower {
        "date" => Some(TemporalKind::Date),
        "datetime" => Some(TemporalKind::DateTime),
        "localdatetime" => Some(TemporalKind::LocalDateTime),
        "duration" => Some(TemporalKind::Duration),
        _ => None,
    }
}

/// `date('...')` and friends.
fn temporal(name: &str, kind: TemporalKind, args: &[Value]) -> Result<Value, EngineError> {
    match args {
        // The current time is outside the subset (a scenario has no clock;
        // `datetime.transaction()` is the supported form).
        [] => Err(EngineError::new(format!(
            "{name}() without arguments reads the current time, which is not supported"
        ))),
        [Value::Null] => Ok(Value::Null),
        [Value::String(text)] => parse_temporal(kind, text).map_err(EngineError::new),
        [other] => Err(type_error(name, other)),
        _ => Err(EngineError::new(format!("{name}() takes one argument"))),
    }
}

fn to_integer(name: &str, v: Value) -> Result<Value, EngineError> {
    match v {
        Value::Integer(i) => Ok(Value::Integer(i)),
        Value::Float(f) => float_to_int(f),
        Value::Boolean(b) => Ok(Value::Integer(i64::from(b))),
        Value::String(s) => {
            // No trimming: `toInteger(' 12 ')` is null, as Java's parsers give.
            let t = s.as_str();
            if let Ok(i) = t.parse::<i64>() {
                return Ok(Value::Integer(i));
            }
            parse_float(t).map_or(Ok(Value::Null), float_to_int)
        }
        other => Err(type_error(name, &other)),
    }
}

/// A float truncated to an integer; out of range (or NaN) is an overflow.
fn float_to_int(f: f64) -> Result<Value, EngineError> {
    if f.is_finite() && f >= i64::MIN as f64 && f < i64::MAX as f64 {
        Ok(Value::Integer(f.trunc() as i64))
    } else {
        Err(EngineError::new(format!(
            "integer overflow: {f} does not fit an integer"
        )))
    }
}

/// A string read as a float: finite decimal numbers only (`'NaN'` and
/// `'inf'` are not numbers here).
fn parse_float(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

fn to_float(name: &str, v: Value) -> Result<Value, EngineError> {
    match v {
        Value::Integer(i) => Ok(Value::Float(i as f64)),
        Value::Float(f) => Ok(Value::Float(f)),
        Value::String(s) => Ok(parse_float(&s).map_or(Value::Null, Value::Float)),
        other => Err(type_error(name, &other)),
    }
}

fn to_boolean(name: &str, v: Value) -> Result<Value, EngineError> {
    match v {
        Value::Boolean(b) => Ok(Value::Boolean(b)),
        Value::String(s) => Ok(match s.to_ascii_lowercase().as_str() {
            "true" => Value::Boolean(true),
            "false" => Value::Boolean(false),
            _ => Value::Null,
        }),
        Value::Integer(i) => Ok(Value::Boolean(i != 0)),
        other => Err(type_error(name, &other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_follow_cypher() {
        let s = |x: &str| Value::String(x.into());
        assert_eq!(to_integer("toInteger", s("42")), Ok(Value::Integer(42)));
        assert_eq!(to_integer("toInteger", s("4.7")), Ok(Value::Integer(4)));
        assert_eq!(to_integer("toInteger", s("x")), Ok(Value::Null));
        assert_eq!(
            to_float("toFloat", Value::Integer(2)),
            Ok(Value::Float(2.0))
        );
        assert_eq!(to_boolean("toBoolean", s("TRUE")), Ok(Value::Boolean(true)));
        assert!(to_integer("toInteger", Value::List(vec![])).is_err());
    }

    #[test]
    fn abac_and_unknown_functions_are_refused() {
        assert!(check_known("abac.oidc.user_attribute").is_err());
        assert!(check_known("noSuchFunction").is_err());
        assert!(check_known("toUpper").is_ok());
        assert!(is_aggregate("COUNT"));
    }
}
