//! A2: a JSON value (a token claim) as Cypher sees it, for
//! `abac.oidc.user_attribute('claim')`.
//!
//! Strings, booleans and null map to themselves; a number is an INTEGER
//! when it is an integer that fits 64 bits signed, otherwise a FLOAT (so
//! `1.0` and `18446744073709551615` are floats); arrays are lists and
//! objects are maps, nested to any depth.

use super::Value;

/// The Cypher value of a JSON value (A2).
pub fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Boolean(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(items) => Value::List(items.iter().map(from_json).collect()),
        serde_json::Value::Object(map) => {
            Value::Map(map.iter().map(|(k, v)| (k.clone(), from_json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn scalars() {
        assert_eq!(from_json(&json!(null)), Value::Null);
        assert_eq!(from_json(&json!(true)), Value::Boolean(true));
        assert_eq!(from_json(&json!("x")), Value::String("x".into()));
        assert_eq!(from_json(&json!(-7)), Value::Integer(-7));
        assert_eq!(from_json(&json!(i64::MAX)), Value::Integer(i64::MAX));
        assert_eq!(from_json(&json!(1.0)), Value::Float(1.0));
        assert_eq!(from_json(&json!(2.5)), Value::Float(2.5));
        assert_eq!(
            from_json(&json!(u64::MAX)),
            Value::Float(18_446_744_073_709_551_615.0)
        );
    }

    #[test]
    fn nested_lists_and_maps() {
        let v = from_json(&json!({"a": [1, "b", {"c": false}], "d": {}}));
        let inner: std::collections::BTreeMap<String, Value> =
            [("c".to_string(), Value::Boolean(false))].into();
        let expected: std::collections::BTreeMap<String, Value> = [
            (
                "a".to_string(),
                Value::List(vec![
                    Value::Integer(1),
                    Value::String("b".into()),
                    Value::Map(inner),
                ]),
            ),
            ("d".to_string(), Value::Map(Default::default())),
        ]
        .into();
        assert_eq!(v, Value::Map(expected));
    }
}
