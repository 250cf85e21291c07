//! The function table: resolving a name as written (case-insensitively) to a
//! scalar function or an aggregate, their arities, and the scalar functions
//! themselves. Aggregates are computed in [`super::aggregate`].

use chrono::{Offset, Utc};
use model::engine::EngineError;
use model::value::{TemporalKind, Value, parse_temporal};

use super::scope::{Ctx, error, type_error};

/// The aggregate functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Aggregate {
    /// `count(x)` (`count(*)` is its own expression).
    Count,
    /// `collect(x)`.
    Collect,
    /// `sum(x)`.
    Sum,
    /// `avg(x)`.
    Avg,
    /// `min(x)`.
    Min,
    /// `max(x)`.
    Max,
}

/// The scalar functions of the subset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scalar {
    /// `labels(x)`.
    Labels,
    /// `type(x)`.
    Type,
    /// `keys(x)`.
    Keys,
    /// `properties(x)`.
    Properties,
    /// `size(x)`.
    Size,
    /// `head(x)`.
    Head,
    /// `last(x)`.
    Last,
    /// `coalesce(x)`.
    Coalesce,
    /// `toLower(x)`.
    ToLower,
    /// `toUpper(x)`.
    ToUpper,
    /// `toString(x)`.
    ToString,
    /// `toInteger(x)`.
    ToInteger,
    /// `toFloat(x)`.
    ToFloat,
    /// `toBoolean(x)`.
    ToBoolean,
    /// `date(s)`, `datetime(s)`, `localdatetime(s)`, `duration(s)`.
    Temporal(TemporalKind),
    /// `startNode(x)`.
    StartNode,
    /// `endNode(x)`.
    EndNode,
    /// `nodes(x)`.
    Nodes,
    /// `relationships(x)`.
    Relationships,
    /// `exists(x)`.
    Exists,
    /// `datetime.transaction()`: the transaction time, in UTC (the default
    /// time zone, as for `datetime('...')` without an offset).
    TransactionTime,
}

/// A resolved function name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Function {
    /// A scalar function.
    Scalar(Scalar),
    /// An aggregate.
    Aggregate(Aggregate),
}

/// Resolves `name` as Cypher does: case-insensitively. `abac.*` is refused
/// (A2) and anything else unknown is an error.
pub(crate) fn resolve(name: &str) -> Result<Function, EngineError> {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("abac.") {
        return Err(error("abac functions are not allowed in queries"));
    }
    let scalar = match lower.as_str() {
        "count" => return Ok(Function::Aggregate(Aggregate::Count)),
        "collect" => return Ok(Function::Aggregate(Aggregate::Collect)),
        "sum" => return Ok(Function::Aggregate(Aggregate::Sum)),
        "avg" => return Ok(Function::Aggregate(Aggregate::Avg)),
        "min" => return Ok(Function::Aggregate(Aggregate::Min)),
        "max" => return Ok(Function::Aggregate(Aggregate::Max)),
        "labels" => Scalar::Labels,
        "type" => Scalar::Type,
        "keys" => Scalar::Keys,
        "properties" => Scalar::Properties,
        "size" => Scalar::Size,
        "head" => Scalar::Head,
        "last" => Scalar::Last,
        "coalesce" => Scalar::Coalesce,
        "tolower" => Scalar::ToLower,
        "toupper" => Scalar::ToUpper,
        "tostring" => Scalar::ToString,
        "tointeger" => Scalar::ToInteger,
        "tofloat" => Scalar::ToFloat,
        "toboolean" => Scalar::ToBoolean,
        "date" => Scalar::Temporal(TemporalKind::Date),
        "datetime" => Scalar::Temporal(TemporalKind::DateTime),
        "localdatetime" => Scalar::Temporal(TemporalKind::LocalDateTime),
        "duration" => Scalar::Temporal(TemporalKind::Duration),
        "startnode" => Scalar::StartNode,
        "endnode" => Scalar::EndNode,
        "nodes" => Scalar::Nodes,
        "relationships" => Scalar::Relationships,
        "exists" => Scalar::Exists,
        "datetime.transaction" => Scalar::TransactionTime,
        _ => return Err(error(format!("unknown function: {name}"))),
    };
    Ok(Function::Scalar(scalar))
}

/// Checks the number of arguments of `f` (called as `name`).
pub(crate) fn check_arity(name: &str, f: Function, count: usize) -> Result<(), EngineError> {
    let ok = match f {
        Function::Aggregate(_) => count == 1,
        Function::Scalar(Scalar::Coalesce) => count >= 1,
        Function::Scalar(Scalar::TransactionTime) => count == 0,
        Function::Scalar(Scalar::Temporal(_)) if count == 0 => {
            // Without an argument these read the clock: not deterministic.
            return Err(error(format!(
                "{name}() without arguments reads the current time, which is not supported"
            )));
        }
        Function::Scalar(_) => count == 1,
    };
    if ok {
        Ok(())
    } else {
        Err(error(format!(
            "wrong number of arguments for {name}: {count}"
        )))
    }
}

/// Applies scalar `f` (called as `name`) to evaluated arguments.
pub(crate) fn call(
    ctx: &Ctx<'_>,
    name: &str,
    f: Scalar,
    args: Vec<Value>,
) -> Result<Value, EngineError> {
    check_arity(name, Function::Scalar(f), args.len())?;
    if f == Scalar::TransactionTime {
        return ctx
            .at
            .map(|at| Value::DateTime(at.with_timezone(&Utc.fix())))
            .ok_or_else(|| error(format!("{name}(): no transaction time here")));
    }
    if f == Scalar::Coalesce {
        return Ok(args
            .into_iter()
            .find(|v| !matches!(v, Value::Null))
            .unwrap_or(Value::Null));
    }
    let Some(arg) = args.into_iter().next() else {
        return Err(error(format!("wrong number of arguments for {name}: 0")));
    };
    if f == Scalar::Exists {
        return Ok(Value::Boolean(!matches!(arg, Value::Null)));
    }
    // Every other scalar function maps null to null.
    if matches!(arg, Value::Null) {
        return Ok(Value::Null);
    }
    match f {
        Scalar::Labels => match arg {
            Value::Node(n) => Ok(strings(n.labels)),
            other => Err(type_error(name, &[&other])),
        },
        Scalar::Type => match arg {
            Value::Relationship(r) => Ok(Value::String(r.rel_type)),
            other => Err(type_error(name, &[&other])),
        },
        // Keys in sorted order (the maps are sorted); Neo4j uses storage order.
        Scalar::Keys => match arg {
            Value::Node(n) => Ok(strings(n.properties.into_keys().collect())),
            Value::Relationship(r) => Ok(strings(r.properties.into_keys().collect())),
            Value::Map(m) => Ok(strings(m.into_keys().collect())),
            other => Err(type_error(name, &[&other])),
        },
        Scalar::Properties => match arg {
            Value::Node(n) => Ok(Value::Map(n.properties)),
            Value::Relationship(r) => Ok(Value::Map(r.properties)),
            Value::Map(m) => Ok(Value::Map(m)),
            other => Err(type_error(name, &[&other])),
        },
        Scalar::Size => match arg {
            Value::String(s) => count(s.chars().count()),
            Value::List(l) => count(l.len()),
            other => Err(type_error(name, &[&other])),
        },
        Scalar::Head => match arg {
            Value::List(l) => Ok(l.into_iter().next().unwrap_or(Value::Null)),
            other => Err(type_error(name, &[&other])),
        },
        Scalar::Last => match arg {
            Value::List(l) => Ok(l.into_iter().next_back().unwrap_or(Value::Null)),
            other => Err(type_error(name, &[&other])),
        },
        Scalar::ToLower => match arg {
            Value::String(s) => Ok(Value::String(s.to_lowercase())),
            other => Err(type_error(name, &[&other])),
        },
        Scalar::ToUpper => match arg {
            Value::String(s) => Ok(Value::String(s.to_uppercase())),
            other => Err(type_error(name, &[&other])),
        },
        Scalar::ToString => to_string(name, arg),
        Scalar::ToInteger => to_integer(name, arg),
        Scalar::ToFloat => to_float(name, arg),
        Scalar::ToBoolean => to_boolean(name, arg),
        Scalar::Temporal(kind) => temporal(name, kind, arg),
        Scalar::StartNode | Scalar::EndNode => match arg {
            Value::Relationship(r) => {
                let id = if f == Scalar::StartNode {
                    r.start
                } else {
                    r.end
                };
                // The view guarantees both endpoints of a visible relationship.
                match ctx.view.nodes.get(&id) {
                    Some(n) => Ok(Value::Node(Box::new(n.clone()))),
                    None => Err(error(format!("{name}: node {id} is not in the view"))),
                }
            }
            other => Err(type_error(name, &[&other])),
        },
        Scalar::Nodes => match arg {
            Value::Path(p) => Ok(Value::List(
                p.nodes
                    .into_iter()
                    .map(|n| Value::Node(Box::new(n)))
                    .collect(),
            )),
            other => Err(type_error(name, &[&other])),
        },
        Scalar::Relationships => match arg {
            Value::Path(p) => Ok(Value::List(
                p.relationships
                    .into_iter()
                    .map(|r| Value::Relationship(Box::new(r)))
                    .collect(),
            )),
            other => Err(type_error(name, &[&other])),
        },
        Scalar::Coalesce | Scalar::Exists | Scalar::TransactionTime => {
            Err(error(format!("internal: {name} handled above")))
        }
    }
}

fn strings(items: Vec<String>) -> Value {
    Value::List(items.into_iter().map(Value::String).collect())
}

fn count(n: usize) -> Result<Value, EngineError> {
    i64::try_from(n)
        .map(Value::Integer)
        .map_err(|_| error("size does not fit an integer"))
}

/// `toString`: numbers, booleans, strings and temporals as Neo4j prints
/// them; lists, maps and graph elements are refused as Neo4j does.
fn to_string(name: &str, arg: Value) -> Result<Value, EngineError> {
    match arg.to_cypher_string() {
        Some(text) => Ok(Value::String(text)),
        None => Err(type_error(name, &[&arg])),
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
fn to_integer(name: &str, arg: Value) -> Result<Value, EngineError> {
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
        other => Err(type_error(name, &[&other])),
    }
}

fn float_to_integer(f: f64) -> Result<Value, EngineError> {
    let t = f.trunc();
    // i64::MAX is not representable; 2^63 is the first float out of range.
    if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&t) {
        Ok(Value::Integer(t as i64))
    } else {
        Err(error(format!(
            "integer overflow: {f} does not fit an integer"
        )))
    }
}

/// `toFloat`: integers widen; strings parse, unparsable ones give null.
fn to_float(name: &str, arg: Value) -> Result<Value, EngineError> {
    match arg {
        Value::Float(f) => Ok(Value::Float(f)),
        Value::Integer(i) => Ok(Value::Float(i as f64)),
        Value::String(s) => Ok(parse_float(&s).map_or(Value::Null, Value::Float)),
        other => Err(type_error(name, &[&other])),
    }
}

/// `toBoolean`: `'true'`/`'false'` in any case; integers are true unless 0;
/// other strings give null.
fn to_boolean(name: &str, arg: Value) -> Result<Value, EngineError> {
    match arg {
        Value::Boolean(b) => Ok(Value::Boolean(b)),
        Value::Integer(i) => Ok(Value::Boolean(i != 0)),
        Value::String(s) => Ok(match s.to_ascii_lowercase().as_str() {
            "true" => Value::Boolean(true),
            "false" => Value::Boolean(false),
            _ => Value::Null,
        }),
        other => Err(type_error(name, &[&other])),
    }
}

/// `date('...')` and friends from a string; a value of the same type passes
/// through.
fn temporal(name: &str, kind: TemporalKind, arg: Value) -> Result<Value, EngineError> {
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
        Value::String(s) => parse_temporal(kind, &s).map_err(|m| error(format!("{name}: {m}"))),
        other => Err(type_error(name, &[&other])),
    }
}
