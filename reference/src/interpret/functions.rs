//! The scalar functions of the read subset, applied to evaluated
//! arguments. Names, arities and where a call may stand are settled by the
//! parser (`model::functions`); aggregates are computed in
//! [`super::aggregate`].

use chrono::{Offset, Utc};
use model::engine::EngineError;
use model::error::{ErrorKind, Operation};
use model::functions::Function;
use model::value::{TemporalKind, Value, parse_temporal};

use super::scope::{Ctx, internal, type_error};

/// Applies scalar function `f` to its evaluated arguments (as many as its
/// arity allows: the parser checked).
pub(crate) fn call(ctx: &Ctx<'_>, f: Function, args: Vec<Value>) -> Result<Value, EngineError> {
    if f == Function::TransactionTime {
        return ctx
            .at
            .map(|at| Value::DateTime(at.with_timezone(&Utc.fix())))
            .ok_or_else(|| internal("datetime.transaction() without a transaction"));
    }
    if f == Function::UserAttribute {
        // A2: the claim's value, null when the session did not keep it.
        let claims = ctx
            .claims
            .ok_or_else(|| internal("abac.oidc.user_attribute() outside a condition"))?;
        return match args.first() {
            Some(Value::String(claim)) => Ok(claims.get(claim).cloned().unwrap_or(Value::Null)),
            _ => Err(internal("abac.oidc.user_attribute() without a claim name")),
        };
    }
    if f == Function::Coalesce {
        return Ok(args
            .into_iter()
            .find(|v| !matches!(v, Value::Null))
            .unwrap_or(Value::Null));
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
        Function::Head => match arg {
            Value::List(l) => Ok(l.into_iter().next().unwrap_or(Value::Null)),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::Last => match arg {
            Value::List(l) => Ok(l.into_iter().next_back().unwrap_or(Value::Null)),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::ToLower => match arg {
            Value::String(s) => Ok(Value::String(s.to_lowercase())),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::ToUpper => match arg {
            Value::String(s) => Ok(Value::String(s.to_uppercase())),
            other => Err(type_error(Operation::Function(f), &[&other])),
        },
        Function::ToString => to_string(arg),
        Function::ToInteger => to_integer(arg),
        Function::ToFloat => to_float(arg),
        Function::ToBoolean => to_boolean(arg),
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
        | Function::UserAttribute => Err(internal(format!("{}() is handled above", f.name()))),
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
