//! What an auth rule's condition may hold (docs/spec/semantics.md A2),
//! checked while `SET CONDITION expr` parses so that every refusal names
//! the offending construct's offset (E1). The expression parser calls in
//! here at each call, label predicate and boolean operator while
//! [`Parser::in_condition`](crate::cypher::parser::Parser) is set; variables
//! are checked by the ordinary scope rules with an empty outer scope (only
//! quantifier, comprehension and `reduce` variables are bound).
//!
//! Functions are checked by their canonical name against Neo4j's allow-list
//! (Operations Manual, "Attribute-based access control"), so a function the
//! registry (`crate::functions`) learns later is allowed or refused without
//! a change here; a name the registry does not know is an unknown function.

use crate::admin::render::string_literal;
use crate::ast::{BinaryOp, Expr, UnaryOp};
use crate::error::{ErrorKind, SyntaxError};
use crate::functions::{Callable, Function};
use crate::value::Value;

/// The functions a condition may call, by canonical name (Neo4j's list for
/// auth rule conditions). The temporal constructors are allowed only with an
/// argument that does not read the current time ([`current_time_form`]).
pub const ALLOWED_FUNCTIONS: &[&str] = &[
    // list
    "range",
    "reduce",
    "reverse",
    "tail",
    "toBooleanList",
    "toFloatList",
    "toIntegerList",
    "toStringList",
    // numeric
    "abs",
    "ceil",
    "floor",
    "isNaN",
    "round",
    "sign",
    // predicates
    "all",
    "any",
    "isEmpty",
    "none",
    "single",
    // scalar
    "char_length",
    "character_length",
    "coalesce",
    "head",
    "last",
    "nullIf",
    "size",
    "toBoolean",
    "toBooleanOrNull",
    "toFloat",
    "toFloatOrNull",
    "toInteger",
    "toIntegerOrNull",
    // string
    "btrim",
    "left",
    "lower",
    "ltrim",
    "replace",
    "right",
    "rtrim",
    "split",
    "substring",
    "toLower",
    "toString",
    "toStringOrNull",
    "toUpper",
    "trim",
    "upper",
    // duration
    "duration",
    "duration.between",
    "duration.inDays",
    "duration.inMonths",
    "duration.inSeconds",
    // temporal instants
    "date",
    "date.transaction",
    "date.truncate",
    "datetime",
    "datetime.transaction",
    "datetime.truncate",
    "localdatetime",
    "localdatetime.transaction",
    "localdatetime.truncate",
    "localtime",
    "localtime.transaction",
    "localtime.truncate",
    "time",
    "time.transaction",
    "time.truncate",
    // the claims (A2)
    "abac.oidc.user_attribute",
];

/// Allow-listed functions that never return a boolean (their result is a
/// string, number, list, duration or temporal instant): a call of one is
/// statically not boolean. `head`, `last`, `coalesce`, `nullIf`, `reduce`
/// and the claims may be anything.
const NON_BOOLEAN_FUNCTIONS: &[&str] = &[
    "range",
    "reverse",
    "tail",
    "toBooleanList",
    "toFloatList",
    "toIntegerList",
    "toStringList",
    "abs",
    "ceil",
    "floor",
    "round",
    "sign",
    "char_length",
    "character_length",
    "size",
    "toFloat",
    "toFloatOrNull",
    "toInteger",
    "toIntegerOrNull",
    "btrim",
    "left",
    "lower",
    "ltrim",
    "replace",
    "right",
    "rtrim",
    "split",
    "substring",
    "toLower",
    "toString",
    "toStringOrNull",
    "toUpper",
    "trim",
    "upper",
    "duration",
    "duration.between",
    "duration.inDays",
    "duration.inMonths",
    "duration.inSeconds",
];

/// The temporal types whose constructors can read the current time.
const TEMPORAL_TYPES: &[&str] = &["date", "datetime", "localdatetime", "localtime", "time"];

/// Map keys that give a temporal constructor a point in time (Cypher's
/// temporal map arguments); a map with none of them (`{timezone: 'UTC'}`)
/// asks for the current time.
const TEMPORAL_COMPONENTS: &[&str] = &[
    "year",
    "month",
    "day",
    "week",
    "weekyear",
    "dayofweek",
    "quarter",
    "dayofquarter",
    "ordinalday",
    "hour",
    "minute",
    "second",
    "millisecond",
    "microsecond",
    "nanosecond",
    "epochseconds",
    "epochmillis",
    "date",
    "time",
    "datetime",
    "localtime",
    "localdatetime",
];

/// Whether `name` (any case) is on the allow-list.
pub fn is_allowed(name: &str) -> bool {
    ALLOWED_FUNCTIONS
        .iter()
        .any(|allowed| allowed.eq_ignore_ascii_case(name))
}

/// When the call `name(args)` reads the current time, the `.transaction`
/// form to use instead: a temporal constructor without argument or with a
/// map that names no date or time component (`date({timezone: 'UTC'})`),
/// the `.realtime` and `.statement` forms, and `.truncate` without the
/// temporal value to truncate (it then truncates the current time).
pub fn current_time_form(name: &str, args: &[Expr]) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let (base, form) = match lower.split_once('.') {
        Some((base, form)) => (base, Some(form)),
        None => (lower.as_str(), None),
    };
    let base = TEMPORAL_TYPES.iter().find(|t| **t == base)?;
    // The time zone written, if any, carries over to the replacement.
    let zone_of = |args: &[Expr]| {
        let zone = match args {
            [Expr::Literal(Value::String(zone))] => Some(zone),
            [Expr::Map(entries)] => entries
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("timezone"))
                .and_then(|(_, v)| match v {
                    Expr::Literal(Value::String(zone)) => Some(zone),
                    _ => None,
                }),
            _ => None,
        };
        zone.map(|z| string_literal(z)).unwrap_or_default()
    };
    match form {
        None => {
            let reads_now = match args {
                [] => true,
                [Expr::Map(entries)] => !entries.iter().any(|(k, _)| {
                    TEMPORAL_COMPONENTS
                        .iter()
                        .any(|c| c.eq_ignore_ascii_case(k))
                }),
                _ => false,
            };
            reads_now.then(|| format!("{base}.transaction({})", zone_of(args)))
        }
        Some("realtime" | "statement") => Some(format!("{base}.transaction({})", zone_of(args))),
        Some("truncate") if args.len() < 2 => {
            Some(format!("{base}.truncate(unit, {base}.transaction())"))
        }
        Some(_) => None,
    }
}

/// The checks of one call in a condition, before its arity is checked:
/// current-time forms (by name, so that `datetime.realtime()` is named even
/// though the registry does not know it), the claim function's argument,
/// and the allow-list. `text` is the call as written, `start` its offset.
pub(crate) fn check_call(
    start: usize,
    text: &str,
    name: &str,
    callable: Option<Callable>,
    args: &[Expr],
) -> Result<(), SyntaxError> {
    let fail = |kind| Err(SyntaxError::of(start, kind));
    if let Some(replacement) = current_time_form(name, args) {
        return fail(ErrorKind::CurrentTimeInCondition {
            input: text.to_string(),
            replacement,
        });
    }
    let Some(Callable::Function(function)) = callable else {
        // Unknown names and aggregates have their own errors.
        return Ok(());
    };
    if function == Function::UserAttribute {
        return match args {
            [Expr::Literal(Value::String(_))] => Ok(()),
            [_] => fail(ErrorKind::InvalidClaimKey(format!(
                "'{}'",
                text.split_once('(')
                    .map_or(text, |(_, rest)| rest.strip_suffix(')').unwrap_or(rest))
                    .trim()
            ))),
            _ => fail(ErrorKind::InvalidClaimKey(format!(
                "{} arguments",
                args.len()
            ))),
        };
    }
    if !is_allowed(function.name()) {
        return fail(ErrorKind::FunctionNotAllowedInCondition(
            function.name().to_string(),
        ));
    }
    Ok(())
}

/// Whether `expr` is statically not a boolean: a literal other than a
/// boolean or null, a list or map literal, a list comprehension, an
/// arithmetic operator or sign, or a call of a function that never returns
/// a boolean. Everything else is a boolean (comparisons, IN, IS [NOT] NULL,
/// STARTS WITH / ENDS WITH / CONTAINS, quantifiers, NOT/AND/OR/XOR) or may
/// be one (claims, variables, properties, indexing, CASE, `reduce`,
/// `head`/`last`/`coalesce`, ...).
pub fn statically_not_boolean(expr: &Expr) -> bool {
    match expr {
        Expr::Literal(Value::Boolean(_) | Value::Null) => false,
        Expr::Literal(_) | Expr::List(_) | Expr::Map(_) | Expr::ListComprehension { .. } => true,
        Expr::Unary(UnaryOp::Negate | UnaryOp::Plus, _) => true,
        Expr::Binary(op, _, _) => matches!(
            op,
            BinaryOp::Add
                | BinaryOp::Subtract
                | BinaryOp::Multiply
                | BinaryOp::Divide
                | BinaryOp::Modulo
                | BinaryOp::Power
        ),
        Expr::Call { function, .. } => NON_BOOLEAN_FUNCTIONS
            .iter()
            .any(|n| n.eq_ignore_ascii_case(function.name())),
        _ => false,
    }
}

/// Fails when `expr`, written as `text` at `offset`, is statically not a
/// boolean: the whole condition, or an operand of NOT/AND/OR/XOR in it.
pub(crate) fn check_boolean(offset: usize, expr: &Expr, text: &str) -> Result<(), SyntaxError> {
    if statically_not_boolean(expr) {
        return Err(SyntaxError::of(
            offset,
            ErrorKind::ConditionNotBoolean(text.trim().to_string()),
        ));
    }
    Ok(())
}

#[cfg(test)]
#[path = "condition_tests.rs"]
mod tests;
