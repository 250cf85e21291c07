//! The boundary values generated queries contain are written so that they
//! parse and evaluate as intended: each special expression of
//! `generators::expr` is rendered, parsed by model's parser, and evaluated
//! on the reference engine (`RETURN <text> AS v`), against values worked
//! out by hand from IEEE 754 and docs/spec/semantics.md section 11 (NaN
//! comparisons) and the error codes of docs/spec/scenario-format.md
//! (22003 overflow, 22012 division by zero). A second test checks the
//! generator's constant folder, which only classifies expressions for the
//! coverage counters, against the reference on generated expressions.

use std::sync::Arc;

use generators::{
    Constant, Expr, Fault, GenWorld, failing_specials, float_specials, integer_specials,
};
use model::ast::{BinaryOp, Clause, Expr as Ast};
use model::catalog::Catalog;
use model::cypher::{Statement, parse_statement};
use model::engine::{Engine, EngineError, Principal, Transaction};
use model::graph::Graph;
use model::rows::same_value;
use model::value::Value;
use model::world::World;

fn engine() -> reference::ReferenceEngine {
    let world = World {
        database: generators::DATABASE.to_string(),
        graph: Graph::default(),
        catalog: Catalog::with_builtins(),
        config: Default::default(),
    };
    reference::ReferenceEngine::with_world(Arc::new(world))
}

fn transaction() -> Transaction {
    let at = chrono::DateTime::parse_from_rfc3339(model::scenario::DEFAULT_AT)
        .unwrap_or_else(|_| chrono::DateTime::UNIX_EPOCH.fixed_offset());
    Transaction {
        principal: Principal::Admin,
        at,
        limits: model::limits::Limits::default(),
    }
}

/// `RETURN <text> AS v` on the reference: the one value, or the error.
fn eval(engine: &mut reference::ReferenceEngine, text: &str) -> Result<Value, EngineError> {
    let cypher = format!("RETURN {text} AS v");
    let query = match parse_statement(&cypher) {
        Ok(Statement::Read(q)) => q,
        other => panic!("`{cypher}` does not parse as a read query: {other:?}"),
    };
    let result = engine.query(&transaction(), &query)?;
    match result.rows.as_slice() {
        [row] => Ok(row.first().cloned().unwrap_or(Value::Null)),
        rows => panic!("`{cypher}` gave {} rows", rows.len()),
    }
}

/// The parsed expression of `RETURN <text> AS v`.
fn parsed(text: &str) -> Ast {
    let cypher = format!("RETURN {text} AS v");
    let Ok(Statement::Read(q)) = parse_statement(&cypher) else {
        panic!("`{cypher}` does not parse as a read query");
    };
    q.clauses()
        .iter()
        .find_map(|c| match c {
            Clause::Return(p) => p.items.first().map(|i| i.expr.clone()),
            _ => None,
        })
        .unwrap_or(Ast::Literal(Value::Null))
}

fn float_bits(v: &Value) -> Option<u64> {
    match v {
        Value::Float(f) => Some(f.to_bits()),
        _ => None,
    }
}

#[test]
fn boundary_floats_render_parse_and_evaluate_as_intended() {
    let mut engine = engine();
    let specials = float_specials();
    let texts: Vec<String> = specials.iter().map(Expr::text).collect();
    assert_eq!(
        texts,
        ["0.0 / 0.0", "1.0 / 0.0", "-1.0 / 0.0", "-0.0", "1.0 % 0.0"]
    );
    // NaN twice (0/0 and float modulo by zero), the infinities, and -0.0
    // with its sign bit (0.0 == -0.0 as numbers, so compare the bits).
    let values: Vec<Value> = texts
        .iter()
        .map(|t| eval(&mut engine, t).unwrap_or_else(|e| panic!("{t}: {e}")))
        .collect();
    assert!(matches!(values[0], Value::Float(f) if f.is_nan()));
    assert_eq!(values[1], Value::Float(f64::INFINITY));
    assert_eq!(values[2], Value::Float(f64::NEG_INFINITY));
    assert_eq!(float_bits(&values[3]), Some((-0.0f64).to_bits()));
    assert!(matches!(values[4], Value::Float(f) if f.is_nan()));

    // The parser reads `0.0 / 0.0` as a division, and `-0.0` as a literal.
    assert!(
        matches!(parsed(&texts[0]), Ast::Binary(BinaryOp::Divide, _, _)),
        "{:?}",
        parsed(&texts[0])
    );
    assert!(matches!(parsed(&texts[3]), Ast::Literal(Value::Float(f)) if f.is_sign_negative()));

    // As operands they keep their meaning (semantics.md section 11: an
    // ordering comparison with NaN is false, `=` false, `<>` true; NaN
    // against a string is null; 1.0 / -0.0 is -infinity; concatenation
    // uses toString).
    let nan = || specials[0].clone();
    let neg_zero = specials[3].clone();
    let cases: Vec<(Expr, Value)> = vec![
        (
            Expr::Binary(
                BinaryOp::Greater,
                Box::new(nan()),
                Box::new(Expr::Value(Value::Integer(1))),
            ),
            Value::Boolean(false),
        ),
        (
            Expr::Binary(BinaryOp::LessEqual, Box::new(nan()), Box::new(nan())),
            Value::Boolean(false),
        ),
        (
            Expr::Binary(BinaryOp::Equal, Box::new(nan()), Box::new(nan())),
            Value::Boolean(false),
        ),
        (
            Expr::Binary(BinaryOp::NotEqual, Box::new(nan()), Box::new(nan())),
            Value::Boolean(true),
        ),
        (
            Expr::Binary(
                BinaryOp::Less,
                Box::new(nan()),
                Box::new(Expr::Value(Value::String("a".into()))),
            ),
            Value::Null,
        ),
        (
            Expr::Binary(
                BinaryOp::Divide,
                Box::new(Expr::Value(Value::Float(1.0))),
                Box::new(neg_zero.clone()),
            ),
            Value::Float(f64::NEG_INFINITY),
        ),
        (
            Expr::Binary(
                BinaryOp::Add,
                Box::new(Expr::Value(Value::String(String::new()))),
                Box::new(neg_zero),
            ),
            Value::String("-0.0".into()),
        ),
        (
            Expr::Binary(
                BinaryOp::Add,
                Box::new(Expr::Value(Value::String(String::new()))),
                Box::new(nan()),
            ),
            Value::String("NaN".into()),
        ),
        (
            Expr::Binary(
                BinaryOp::Add,
                Box::new(Expr::Value(Value::String(String::new()))),
                Box::new(specials[1].clone()),
            ),
            Value::String("Infinity".into()),
        ),
    ];
    for (e, want) in cases {
        let text = e.text();
        let got = eval(&mut engine, &text).unwrap_or_else(|err| panic!("{text}: {err}"));
        assert!(
            same_value(&got, &want),
            "{text}: got {got:?}, want {want:?}"
        );
    }
}

#[test]
fn boundary_integers_render_parse_and_evaluate_as_intended() {
    let mut engine = engine();
    let texts: Vec<String> = integer_specials().iter().map(Expr::text).collect();
    assert_eq!(
        texts,
        [
            "9223372036854775807",
            "-9223372036854775807 - 1",
            "-9223372036854775808",
            "9223372036854775806",
            "-9223372036854775807"
        ]
    );
    let want = [i64::MAX, i64::MIN, i64::MIN, i64::MAX - 1, i64::MIN + 1];
    for (text, want) in texts.iter().zip(want) {
        let got = eval(&mut engine, text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(got, Value::Integer(want), "{text}");
    }
    // `-9223372036854775807 - 1` is arithmetic, not a literal.
    let item = parsed(&texts[1]);
    assert!(
        matches!(item, Ast::Binary(BinaryOp::Subtract, _, _)),
        "{item:?}"
    );
}

#[test]
fn failing_integers_fail_with_their_codes() {
    let mut engine = engine();
    let texts: Vec<String> = failing_specials().iter().map(Expr::text).collect();
    assert_eq!(
        texts,
        [
            "9223372036854775807 + 1",
            "-9223372036854775807 - 2",
            "9223372036854775807 * 2",
            "-(-9223372036854775807 - 1)",
            "(-9223372036854775807 - 1) / (-1)",
            "1 / 0",
            "1 % 0"
        ]
    );
    // Five overflows (22003), then integer / and % by zero (22012).
    let codes = [
        "22003", "22003", "22003", "22003", "22003", "22012", "22012",
    ];
    for (text, code) in texts.iter().zip(codes) {
        match eval(&mut engine, text) {
            Err(e) => assert_eq!(e.code(), code, "{text}: {e}"),
            Ok(v) => panic!("{text} gave {v:?}, not an error {code}"),
        }
    }
}

/// Whether the reference's answer is what the folder predicted.
fn agrees(folded: &Constant, answer: &Result<Value, EngineError>) -> bool {
    match (folded, answer) {
        (Constant::Value(v), Ok(w)) => same_value(v, w),
        (Constant::Fails(Fault::Overflow), Err(e)) => e.code() == "22003",
        (Constant::Fails(Fault::DivisionByZero), Err(e)) => e.code() == "22012",
        _ => false,
    }
}

#[test]
fn the_constant_folder_agrees_with_the_reference() {
    let mut engine = engine();
    let mut checked = 0;
    for case in 0..400 {
        let world = GenWorld::from_seed(17, case);
        for q in &world.queries {
            for e in q.expressions() {
                let mut parts = Vec::new();
                e.walk(&mut |x| parts.push(x.clone()));
                for part in parts {
                    let folded = part.constant();
                    if matches!(folded, Constant::Unknown) {
                        continue;
                    }
                    let text = part.text();
                    let answer = eval(&mut engine, &text);
                    assert!(
                        agrees(&folded, &answer),
                        "{text}: folded {folded:?}, the reference answered {answer:?}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} constant expressions");
}
