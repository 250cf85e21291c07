//! Expressions and functions, each evaluated as `RETURN e AS x` (or over
//! the example graph), with values computed by hand from the spec.

mod interpret_common;

use interpret_common::*;
use model::ast::{BinaryOp, Expr, Quantifier, UnaryOp};
use model::value::Value;

const NULL: Value = Value::Null;

fn l(v: Value) -> Expr {
    lit(v)
}
fn b(op: BinaryOp, x: Value, y: Value) -> Value {
    eval_ok(bin(op, l(x), l(y)))
}
fn b_err(op: BinaryOp, x: Value, y: Value) -> String {
    eval_err(bin(op, l(x), l(y)))
}
fn t(x: bool) -> Value {
    Value::Boolean(x)
}
fn fun(name: &str, args: Vec<Value>) -> Value {
    eval_ok(f(name, args.into_iter().map(l).collect()))
}
fn fun_err(name: &str, args: Vec<Value>) -> String {
    eval_err(f(name, args.into_iter().map(l).collect()))
}

#[test]
fn integer_arithmetic() {
    assert_eq!(b(BinaryOp::Add, int(2), int(3)), int(5));
    assert_eq!(b(BinaryOp::Subtract, int(2), int(3)), int(-1));
    assert_eq!(b(BinaryOp::Multiply, int(4), int(3)), int(12));
    assert_eq!(b(BinaryOp::Divide, int(7), int(2)), int(3));
    assert_eq!(b(BinaryOp::Divide, int(-7), int(2)), int(-3));
    assert_eq!(b(BinaryOp::Modulo, int(7), int(3)), int(1));
    assert_eq!(b(BinaryOp::Modulo, int(-7), int(3)), int(-1));
    assert_eq!(b(BinaryOp::Power, int(2), int(3)), float(8.0));
}

#[test]
fn integer_errors() {
    assert!(b_err(BinaryOp::Divide, int(1), int(0)).contains("/ by zero"));
    assert!(b_err(BinaryOp::Modulo, int(1), int(0)).contains("/ by zero"));
    assert!(b_err(BinaryOp::Add, int(i64::MAX), int(1)).contains("overflow"));
    assert!(b_err(BinaryOp::Multiply, int(i64::MAX), int(2)).contains("overflow"));
    assert!(b_err(BinaryOp::Subtract, int(i64::MIN), int(1)).contains("overflow"));
    assert!(b_err(BinaryOp::Divide, int(i64::MIN), int(-1)).contains("overflow"));
    assert!(
        eval_err(Expr::Unary(UnaryOp::Negate, Box::new(l(int(i64::MIN))))).contains("overflow")
    );
}

#[test]
fn float_arithmetic_is_ieee() {
    assert_eq!(b(BinaryOp::Add, int(1), float(0.5)), float(1.5));
    assert_eq!(b(BinaryOp::Divide, float(1.0), int(2)), float(0.5));
    assert_eq!(
        b(BinaryOp::Divide, float(1.0), int(0)),
        float(f64::INFINITY)
    );
    assert_eq!(
        b(BinaryOp::Divide, int(1), float(0.0)),
        float(f64::INFINITY)
    );
    assert_eq!(b(BinaryOp::Modulo, float(7.5), int(2)), float(1.5));
    assert_eq!(
        eval_ok(Expr::Unary(UnaryOp::Negate, Box::new(l(float(2.5))))),
        float(-2.5)
    );
}

#[test]
fn arithmetic_with_null_is_null_and_wrong_types_are_errors() {
    assert_eq!(b(BinaryOp::Add, int(1), NULL), NULL);
    assert_eq!(b(BinaryOp::Multiply, NULL, float(1.0)), NULL);
    assert_eq!(b(BinaryOp::Power, NULL, int(2)), NULL);
    let msg = b_err(BinaryOp::Subtract, s("a"), int(1));
    assert!(msg.contains("Type mismatch") && msg.contains('-'), "{msg}");
    assert!(b_err(BinaryOp::Add, t(true), int(1)).contains("Type mismatch"));
}

#[test]
fn string_and_list_concatenation() {
    assert_eq!(b(BinaryOp::Add, s("ab"), s("cd")), s("abcd"));
    assert_eq!(
        b(
            BinaryOp::Add,
            list(vec![int(1)]),
            list(vec![int(2), int(3)])
        ),
        list(vec![int(1), int(2), int(3)])
    );
    assert_eq!(
        b(BinaryOp::Add, list(vec![int(1)]), int(2)),
        list(vec![int(1), int(2)])
    );
    assert_eq!(
        b(BinaryOp::Add, int(0), list(vec![int(1)])),
        list(vec![int(0), int(1)])
    );
}

#[test]
fn comparisons_are_three_valued() {
    assert_eq!(b(BinaryOp::Less, int(1), int(2)), t(true));
    assert_eq!(b(BinaryOp::GreaterEqual, int(1), float(1.0)), t(true));
    assert_eq!(b(BinaryOp::Equal, int(1), float(1.0)), t(true));
    assert_eq!(b(BinaryOp::NotEqual, s("a"), s("b")), t(true));
    assert_eq!(b(BinaryOp::Equal, int(1), NULL), NULL);
    assert_eq!(b(BinaryOp::NotEqual, NULL, NULL), NULL);
    assert_eq!(b(BinaryOp::Less, int(1), NULL), NULL);
    // Incomparable types: null.
    assert_eq!(b(BinaryOp::Less, int(1), s("a")), NULL);
    // Different types are unequal.
    assert_eq!(b(BinaryOp::Equal, int(1), s("1")), t(false));
}

#[test]
fn boolean_connectives_are_three_valued() {
    assert_eq!(b(BinaryOp::And, t(true), NULL), NULL);
    assert_eq!(b(BinaryOp::And, t(false), NULL), t(false));
    assert_eq!(b(BinaryOp::Or, t(true), NULL), t(true));
    assert_eq!(b(BinaryOp::Or, t(false), NULL), NULL);
    assert_eq!(b(BinaryOp::Xor, t(true), t(false)), t(true));
    assert_eq!(b(BinaryOp::Xor, t(true), NULL), NULL);
    assert_eq!(eval_ok(Expr::Unary(UnaryOp::Not, Box::new(l(NULL)))), NULL);
    assert_eq!(
        eval_ok(Expr::Unary(UnaryOp::Not, Box::new(l(t(false))))),
        t(true)
    );
    assert!(b_err(BinaryOp::And, int(1), t(true)).contains("BOOLEAN"));
}

#[test]
fn in_is_three_valued() {
    let xs = || list(vec![int(1), NULL, int(3)]);
    assert_eq!(b(BinaryOp::In, int(1), xs()), t(true));
    assert_eq!(b(BinaryOp::In, int(2), xs()), NULL);
    assert_eq!(
        b(BinaryOp::In, int(2), list(vec![int(1), int(3)])),
        t(false)
    );
    assert_eq!(b(BinaryOp::In, NULL, list(vec![])), t(false));
    assert_eq!(b(BinaryOp::In, NULL, list(vec![int(1)])), NULL);
    assert_eq!(b(BinaryOp::In, int(1), NULL), NULL);
    assert!(b_err(BinaryOp::In, int(1), int(1)).contains("Type mismatch"));
}

#[test]
fn string_predicates() {
    assert_eq!(b(BinaryOp::StartsWith, s("Sandy"), s("San")), t(true));
    assert_eq!(b(BinaryOp::EndsWith, s("Sandy"), s("dy")), t(true));
    assert_eq!(b(BinaryOp::Contains, s("Sandy"), s("nd")), t(true));
    assert_eq!(b(BinaryOp::Contains, s("Sandy"), s("ND")), t(false));
    assert_eq!(b(BinaryOp::Contains, s("Sandy"), NULL), NULL);
    assert_eq!(b(BinaryOp::StartsWith, int(1), s("1")), NULL);
}

#[test]
fn is_null() {
    let is = |x: Value, negated: bool| {
        eval_ok(Expr::IsNull {
            expr: Box::new(l(x)),
            negated,
        })
    };
    assert_eq!(is(NULL, false), t(true));
    assert_eq!(is(int(0), false), t(false));
    assert_eq!(is(NULL, true), t(false));
    assert_eq!(is(s(""), true), t(true));
}

#[test]
fn property_access() {
    let m = || l(map(&[("a", int(1))]));
    assert_eq!(eval_ok(prop(m(), "a")), int(1));
    assert_eq!(eval_ok(prop(m(), "b")), NULL);
    assert_eq!(eval_ok(prop(l(NULL), "a")), NULL);
    assert!(eval_err(prop(l(int(1)), "a")).contains("Type mismatch"));
    // On nodes and relationships of the view; missing keys are null.
    let got = rows(
        &people(),
        vec![
            matching(
                vec![path(
                    n(Some("a"), &[]),
                    vec![(
                        r(Some("r"), &["KNOWS"], model::ast::Direction::Outgoing),
                        n(Some("b"), &[]),
                    )],
                )],
                None,
            ),
            ret(vec![
                item(p("r", "since"), "r.since"),
                item(p("b", "age"), "b.age"),
            ]),
        ],
    );
    assert_eq!(got, vec![vec![int(2020), int(25)], vec![NULL, NULL]]);
}

#[test]
fn label_predicates() {
    let got = rows(
        &people(),
        vec![
            match_node("n", &["Person"]),
            ret(vec![
                item(
                    Expr::HasLabels(Box::new(v("n")), vec!["Admin".into()]),
                    "n:Admin",
                ),
                item(
                    Expr::HasLabels(Box::new(v("n")), vec!["Person".into(), "Admin".into()]),
                    "n:Person:Admin",
                ),
            ]),
        ],
    );
    assert_eq!(
        got,
        vec![
            vec![t(false), t(false)],
            vec![t(true), t(true)],
            vec![t(false), t(false)],
        ]
    );
    assert_eq!(
        eval_ok(Expr::HasLabels(Box::new(l(NULL)), vec!["A".into()])),
        NULL
    );
    assert!(
        eval_err(Expr::HasLabels(Box::new(l(int(1))), vec!["A".into()])).contains("Type mismatch")
    );
}

#[test]
fn list_indexing_and_slicing() {
    let xs = || l(list(vec![int(10), int(20), int(30)]));
    let idx = |i: Value| eval_ok(Expr::Index(Box::new(xs()), Box::new(l(i))));
    assert_eq!(idx(int(0)), int(10));
    assert_eq!(idx(int(-1)), int(30));
    assert_eq!(idx(int(3)), NULL);
    assert_eq!(idx(int(-4)), NULL);
    assert_eq!(idx(NULL), NULL);
    assert!(eval_err(Expr::Index(Box::new(xs()), Box::new(l(s("a"))))).contains("Type mismatch"));
    let m = l(map(&[("k", int(1))]));
    assert_eq!(
        eval_ok(Expr::Index(Box::new(m), Box::new(l(s("k"))))),
        int(1)
    );

    let slice = |from: Option<Value>, to: Option<Value>| {
        eval_ok(Expr::Slice(
            Box::new(xs()),
            from.map(|x| Box::new(l(x))),
            to.map(|x| Box::new(l(x))),
        ))
    };
    assert_eq!(slice(Some(int(1)), None), list(vec![int(20), int(30)]));
    assert_eq!(slice(None, Some(int(2))), list(vec![int(10), int(20)]));
    assert_eq!(slice(Some(int(-2)), None), list(vec![int(20), int(30)]));
    assert_eq!(
        slice(Some(int(0)), Some(int(-1))),
        list(vec![int(10), int(20)])
    );
    assert_eq!(slice(Some(int(2)), Some(int(1))), list(vec![]));
    assert_eq!(
        slice(Some(int(-10)), Some(int(10))),
        list(vec![int(10), int(20), int(30)])
    );
    assert_eq!(slice(Some(NULL), None), NULL);
}

#[test]
fn map_and_list_literals() {
    assert_eq!(
        eval_ok(Expr::Map(vec![
            ("b".into(), l(int(2))),
            ("a".into(), bin(BinaryOp::Add, l(int(1)), l(int(1)))),
        ])),
        map(&[("a", int(2)), ("b", int(2))])
    );
    assert_eq!(
        eval_ok(list_expr(vec![l(int(1)), l(NULL)])),
        list(vec![int(1), NULL])
    );
}

#[test]
fn case_expressions() {
    let simple = |x: Value| {
        eval_ok(Expr::Case {
            operand: Some(Box::new(l(x))),
            whens: vec![(l(int(1)), l(s("one"))), (l(int(2)), l(s("two")))],
            otherwise: Some(Box::new(l(s("many")))),
        })
    };
    assert_eq!(simple(int(2)), s("two"));
    assert_eq!(simple(int(5)), s("many"));
    assert_eq!(simple(NULL), s("many"));
    let generic = |x: Value| {
        eval_ok(Expr::Case {
            operand: None,
            whens: vec![(bin(BinaryOp::Greater, l(x), l(int(0))), l(s("positive")))],
            otherwise: None,
        })
    };
    assert_eq!(generic(int(3)), s("positive"));
    assert_eq!(generic(int(-3)), NULL);
    assert_eq!(generic(NULL), NULL);
}

#[test]
fn list_comprehensions() {
    let xs = l(list(vec![int(1), int(2), int(3)]));
    let got = eval_ok(Expr::ListComprehension {
        var: "x".into(),
        list: Box::new(xs.clone()),
        filter: Some(Box::new(bin(BinaryOp::Greater, v("x"), l(int(1))))),
        map: Some(Box::new(bin(BinaryOp::Multiply, v("x"), l(int(10))))),
    });
    assert_eq!(got, list(vec![int(20), int(30)]));
    let plain = eval_ok(Expr::ListComprehension {
        var: "x".into(),
        list: Box::new(xs),
        filter: None,
        map: None,
    });
    assert_eq!(plain, list(vec![int(1), int(2), int(3)]));
    let of_null = eval_ok(Expr::ListComprehension {
        var: "x".into(),
        list: Box::new(l(NULL)),
        filter: None,
        map: None,
    });
    assert_eq!(of_null, NULL);
}

#[test]
fn comprehension_variables_are_local() {
    let msg = eval_err(bin(
        BinaryOp::Add,
        Expr::ListComprehension {
            var: "x".into(),
            list: Box::new(l(list(vec![int(1)]))),
            filter: None,
            map: None,
        },
        v("x"),
    ));
    assert!(msg.contains("`x` not defined"), "{msg}");
}

fn quantify(kind: Quantifier, items: Vec<Value>) -> Value {
    // kind(x IN items WHERE x > 1)
    eval_ok(Expr::Quantifier {
        kind,
        var: "x".into(),
        list: Box::new(l(list(items))),
        predicate: Box::new(bin(BinaryOp::Greater, v("x"), l(int(1)))),
    })
}

#[test]
fn quantifiers_are_three_valued() {
    use Quantifier::*;
    // Truths of x > 1 per element: 2 → T, 0 → F, null → null.
    assert_eq!(quantify(Any, vec![int(0), int(2)]), t(true));
    assert_eq!(quantify(Any, vec![int(0), NULL]), NULL);
    assert_eq!(quantify(Any, vec![int(0)]), t(false));
    assert_eq!(quantify(Any, vec![]), t(false));
    assert_eq!(quantify(All, vec![int(2), int(0), NULL]), t(false));
    assert_eq!(quantify(All, vec![int(2), NULL]), NULL);
    assert_eq!(quantify(All, vec![]), t(true));
    assert_eq!(quantify(None, vec![int(2), NULL]), t(false));
    assert_eq!(quantify(None, vec![int(0), NULL]), NULL);
    assert_eq!(quantify(None, vec![int(0)]), t(true));
    assert_eq!(quantify(Single, vec![int(2), int(0)]), t(true));
    assert_eq!(quantify(Single, vec![int(2), int(3)]), t(false));
    assert_eq!(quantify(Single, vec![int(2), int(3), NULL]), t(false));
    assert_eq!(quantify(Single, vec![int(2), NULL]), NULL);
    assert_eq!(quantify(Single, vec![int(0), NULL]), NULL);
    assert_eq!(quantify(Single, vec![int(0)]), t(false));
    let over_null = eval_ok(Expr::Quantifier {
        kind: Any,
        var: "x".into(),
        list: Box::new(l(NULL)),
        predicate: Box::new(l(t(true))),
    });
    assert_eq!(over_null, NULL);
}

#[test]
fn reduce_folds() {
    let sum = eval_ok(Expr::Reduce {
        acc: "acc".into(),
        init: Box::new(l(int(0))),
        var: "x".into(),
        list: Box::new(l(list(vec![int(1), int(2), int(3)]))),
        expr: Box::new(bin(BinaryOp::Add, v("acc"), v("x"))),
    });
    assert_eq!(sum, int(6));
    let empty = eval_ok(Expr::Reduce {
        acc: "acc".into(),
        init: Box::new(l(s("start"))),
        var: "x".into(),
        list: Box::new(l(list(vec![]))),
        expr: Box::new(v("x")),
    });
    assert_eq!(empty, s("start"));
}

#[test]
fn graph_functions() {
    let view = people();
    let got = rows(
        &view,
        vec![
            matching(
                vec![path(
                    n_props(Some("a"), &[], vec![("name", lit(s("Bo")))]),
                    vec![(
                        r(Some("r"), &[], model::ast::Direction::Incoming),
                        n(Some("b"), &[]),
                    )],
                )],
                None,
            ),
            ret(vec![
                item(f("labels", vec![v("a")]), "labels(a)"),
                item(f("TYPE", vec![v("r")]), "TYPE(r)"),
                item(f("keys", vec![v("a")]), "keys(a)"),
                item(f("keys", vec![v("r")]), "keys(r)"),
                item(f("properties", vec![v("r")]), "properties(r)"),
                item(f("properties", vec![v("a")]), "properties(a)"),
                item(f("startNode", vec![v("r")]), "startNode(r)"),
                item(f("endnode", vec![v("r")]), "endnode(r)"),
            ]),
        ],
    );
    assert_eq!(
        got,
        vec![vec![
            list(vec![s("Person"), s("Admin")]),
            s("KNOWS"),
            list(vec![s("age"), s("name")]),
            list(vec![s("since")]),
            map(&[("since", int(2020))]),
            map(&[("age", int(25)), ("name", s("Bo"))]),
            node_value(&view, 0),
            node_value(&view, 1),
        ]]
    );
    assert_eq!(fun("labels", vec![NULL]), NULL);
    assert_eq!(fun("type", vec![NULL]), NULL);
    assert!(fun_err("labels", vec![int(1)]).contains("Type mismatch"));
    assert!(fun_err("type", vec![s("x")]).contains("Type mismatch"));
}

#[test]
fn keys_and_properties_of_maps() {
    let m = map(&[("b", int(1)), ("a", NULL)]);
    assert_eq!(fun("keys", vec![m.clone()]), list(vec![s("a"), s("b")]));
    assert_eq!(fun("properties", vec![m.clone()]), m);
    assert_eq!(fun("keys", vec![NULL]), NULL);
}

#[test]
fn list_and_string_functions() {
    assert_eq!(fun("size", vec![s("héllo")]), int(5));
    assert_eq!(fun("size", vec![list(vec![int(1), NULL])]), int(2));
    assert_eq!(fun("size", vec![NULL]), NULL);
    assert!(fun_err("size", vec![int(1)]).contains("Type mismatch"));
    assert_eq!(fun("head", vec![list(vec![int(1), int(2)])]), int(1));
    assert_eq!(fun("last", vec![list(vec![int(1), int(2)])]), int(2));
    assert_eq!(fun("head", vec![list(vec![])]), NULL);
    assert_eq!(fun("last", vec![NULL]), NULL);
    assert_eq!(fun("coalesce", vec![NULL, int(2), int(3)]), int(2));
    assert_eq!(fun("coalesce", vec![NULL]), NULL);
    assert_eq!(fun("toLower", vec![s("AbC")]), s("abc"));
    assert_eq!(fun("TOUPPER", vec![s("AbC")]), s("ABC"));
    assert_eq!(fun("toUpper", vec![NULL]), NULL);
    assert!(fun_err("toLower", vec![int(1)]).contains("Type mismatch"));
    assert_eq!(fun("exists", vec![NULL]), t(false));
    assert_eq!(fun("exists", vec![int(0)]), t(true));
}

#[test]
fn conversions() {
    assert_eq!(fun("toString", vec![int(42)]), s("42"));
    assert_eq!(fun("toString", vec![float(1.0)]), s("1.0"));
    assert_eq!(fun("toString", vec![float(0.5)]), s("0.5"));
    assert_eq!(fun("toString", vec![t(true)]), s("true"));
    assert_eq!(fun("toString", vec![s("x")]), s("x"));
    assert_eq!(fun("toString", vec![NULL]), NULL);
    assert!(fun_err("toString", vec![list(vec![])]).contains("Type mismatch"));

    assert_eq!(fun("toInteger", vec![s("42")]), int(42));
    assert_eq!(fun("toInteger", vec![s("1.9")]), int(1));
    assert_eq!(fun("toInteger", vec![s("-1.9")]), int(-1));
    assert_eq!(fun("toInteger", vec![s("abc")]), NULL);
    assert_eq!(fun("toInteger", vec![float(2.7)]), int(2));
    assert_eq!(fun("toInteger", vec![int(7)]), int(7));
    assert_eq!(fun("toInteger", vec![NULL]), NULL);
    assert!(fun_err("toInteger", vec![float(1e30)]).contains("overflow"));

    assert_eq!(fun("toFloat", vec![int(2)]), float(2.0));
    assert_eq!(fun("toFloat", vec![s("2.5")]), float(2.5));
    assert_eq!(fun("toFloat", vec![s("x")]), NULL);
    assert_eq!(fun("toFloat", vec![NULL]), NULL);

    assert_eq!(fun("toBoolean", vec![s("TRUE")]), t(true));
    assert_eq!(fun("toBoolean", vec![s("false")]), t(false));
    assert_eq!(fun("toBoolean", vec![s("yes")]), NULL);
    assert_eq!(fun("toBoolean", vec![t(false)]), t(false));
    assert_eq!(fun("toBoolean", vec![NULL]), NULL);
}

#[test]
fn temporal_constructors() {
    let date = fun("date", vec![s("2020-01-31")]);
    assert!(
        matches!(&date, Value::Date(d) if d.to_string() == "2020-01-31"),
        "{date:?}"
    );
    assert_eq!(fun("date", vec![date.clone()]), date);
    assert_eq!(fun("date", vec![NULL]), NULL);
    assert!(fun_err("date", vec![s("not a date")]).contains("date"));
    let ldt = fun("localdatetime", vec![s("2020-01-31T10:00:00")]);
    assert!(
        matches!(&ldt, Value::LocalDateTime(d) if d.to_string() == "2020-01-31 10:00:00"),
        "{ldt:?}"
    );
    let dt = fun("datetime", vec![s("2020-01-31T10:00:00+01:00")]);
    assert!(
        matches!(&dt, Value::DateTime(d) if d.to_rfc3339() == "2020-01-31T10:00:00+01:00"),
        "{dt:?}"
    );
    let d = fun("duration", vec![s("P1Y2M3D")]);
    assert!(
        matches!(&d, Value::Duration(d) if d.months == 14 && d.days == 3 && d.seconds == 0),
        "{d:?}"
    );
    assert!(fun_err("duration", vec![int(1)]).contains("Type mismatch"));
    let msg = eval_err(f("date", vec![]));
    assert!(msg.contains("current time"), "{msg}");
    let msg = eval_err(f("datetime", vec![]));
    assert!(msg.contains("current time"), "{msg}");
}

#[test]
fn unknown_and_abac_functions_are_refused() {
    let msg = eval_err(f("foo", vec![]));
    assert_eq!(msg, "unknown function: foo");
    let msg = eval_err(f("id", vec![l(int(1))]));
    assert_eq!(msg, "unknown function: id");
    let msg = eval_err(f("abac.oidc.user_attribute", vec![l(s("sub"))]));
    assert_eq!(msg, "abac functions are not allowed in queries");
    // Refused even where no row would evaluate it.
    let msg = error_of(
        &people(),
        vec![
            match_node("n", &["Nope"]),
            ret(vec![item(
                f("ABAC.oidc.user_attribute", vec![l(s("sub"))]),
                "x",
            )]),
        ],
    );
    assert_eq!(msg, "abac functions are not allowed in queries");
}

#[test]
fn wrong_arity_and_distinct_on_scalars_are_errors() {
    assert!(eval_err(f("size", vec![])).contains("arguments"));
    assert!(eval_err(f("toLower", vec![l(s("a")), l(s("b"))])).contains("arguments"));
    assert!(eval_err(f_distinct("size", l(s("a")))).contains("DISTINCT"));
}

#[test]
fn undefined_variables_are_errors_even_without_rows() {
    let msg = error_of(
        &people(),
        vec![match_node("n", &["Nope"]), ret(vec![var_item("m")])],
    );
    assert!(msg.contains("`m` not defined"), "{msg}");
}
