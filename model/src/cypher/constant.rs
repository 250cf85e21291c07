//! Constant expressions: the values that data statements store and that
//! property rules compare with (D2, Q1): literals, negative numbers,
//! homogeneous lists of them, and the temporal constructors evaluated once.

use crate::ast::{Expr, UnaryOp};
use crate::functions::Function;
use crate::value::{Value, mixed_types, parse_temporal};

/// Evaluates a constant expression to a storable value (null included: the
/// caller decides what null means). The error names what is not allowed.
pub(crate) fn constant(expr: &Expr) -> Result<Value, String> {
    match expr {
        Expr::Literal(v) => Ok(v.clone()),
        Expr::Unary(op @ (UnaryOp::Negate | UnaryOp::Plus), inner) => {
            let negate = *op == UnaryOp::Negate;
            match constant(inner)? {
                Value::Integer(i) if negate => i
                    .checked_neg()
                    .map(Value::Integer)
                    .ok_or_else(|| "integer literal out of range".to_string()),
                Value::Float(f) if negate => Ok(Value::Float(-f)),
                v @ (Value::Integer(_) | Value::Float(_)) => Ok(v),
                other => Err(format!("cannot negate a {} literal", other.type_name())),
            }
        }
        Expr::List(items) => list(items),
        Expr::Map(_) => Err("a map is not a storable value".to_string()),
        Expr::Call { function, args } => {
            let Function::Temporal(kind) = function else {
                return Err(format!(
                    "function {} is not allowed here (only date, datetime, localdatetime and duration)",
                    function.name()
                ));
            };
            match args.as_slice() {
                [Expr::Literal(Value::String(s))] => parse_temporal(*kind, s),
                _ => Err(format!(
                    "{}() takes one string literal here",
                    function.name()
                )),
            }
        }
        Expr::Aggregate { aggregate, .. } => Err(format!(
            "function {} is not allowed here (only date, datetime, localdatetime and duration)",
            aggregate.name()
        )),
        _ => Err(
            "expected a literal or a date/datetime/localdatetime/duration constructor".to_string(),
        ),
    }
}

/// A homogeneous list of non-null scalar constants.
fn list(items: &[Expr]) -> Result<Value, String> {
    let mut values = Vec::with_capacity(items.len());
    for item in items {
        let v = constant(item)?;
        match &v {
            Value::Null => return Err("a list containing null is not a storable value".into()),
            Value::List(_) => return Err("a nested list is not a storable value".into()),
            _ => {}
        }
        values.push(v);
        if let Some((a, b)) = mixed_types(&values) {
            return Err(format!(
                "a list of mixed types ({a} and {b}) is not a storable value"
            ));
        }
    }
    Ok(Value::List(values))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cypher::parse_expression;

    fn eval(text: &str) -> Result<Value, String> {
        constant(&parse_expression(text).unwrap())
    }

    #[test]
    fn literals_lists_and_negatives() {
        assert_eq!(eval("-3"), Ok(Value::Integer(-3)));
        assert_eq!(eval("-(2.5)"), Ok(Value::Float(-2.5)));
        assert_eq!(eval("'x'"), Ok(Value::String("x".into())));
        assert_eq!(eval("null"), Ok(Value::Null));
        assert_eq!(
            eval("[1, -2]"),
            Ok(Value::List(vec![Value::Integer(1), Value::Integer(-2)]))
        );
        assert_eq!(eval("[]"), Ok(Value::List(vec![])));
    }

    #[test]
    fn rejections_name_the_problem() {
        assert!(eval("{a: 1}").unwrap_err().contains("map"));
        assert!(
            eval("[1, 'a']")
                .unwrap_err()
                .contains("mixed types (INTEGER and STRING)")
        );
        assert!(eval("[1, null]").unwrap_err().contains("null"));
        assert!(eval("[[1]]").unwrap_err().contains("nested list"));
        assert!(
            eval("toUpper('a')")
                .unwrap_err()
                .contains("function toUpper")
        );
        assert!(eval("1 + 1").unwrap_err().contains("expected a literal"));
        assert!(eval("x").unwrap_err().contains("expected a literal"));
        assert!(eval("-'a'").unwrap_err().contains("negate"));
        assert!(eval("date(1)").unwrap_err().contains("one string literal"));
    }
}
