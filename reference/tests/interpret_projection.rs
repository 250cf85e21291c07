//! WITH / RETURN: aggregation and grouping, DISTINCT, ORDER BY, SKIP,
//! LIMIT, WITH ... WHERE, `*`, UNWIND, column names and sort keys.

mod interpret_common;

use interpret_common::*;
use model::ast::{BinaryOp, Clause, Direction, Expr};
use model::value::Value;

fn ints(xs: &[i64]) -> Expr {
    list_expr(xs.iter().map(|x| lit(int(*x))).collect())
}

fn column(values: &[Value]) -> Vec<Vec<Value>> {
    values.iter().map(|v| vec![v.clone()]).collect()
}

/// `UNWIND list AS x RETURN agg AS a`.
fn aggregate_over(list: Expr, agg: Expr) -> Result<Value, model::engine::EngineError> {
    let result = run(
        &people(),
        vec![unwind(list, "x"), ret(vec![aliased(agg, "agg", "a")])],
    )?;
    assert_eq!(
        result.rows.len(),
        1,
        "an aggregate without keys gives one row"
    );
    Ok(result.rows[0][0].clone())
}

#[test]
fn aggregates_over_no_rows() {
    let empty = || list_expr(vec![]);
    assert_eq!(aggregate_over(empty(), Expr::CountStar).unwrap(), int(0));
    assert_eq!(
        aggregate_over(empty(), f("count", vec![v("x")])).unwrap(),
        int(0)
    );
    assert_eq!(
        aggregate_over(empty(), f("collect", vec![v("x")])).unwrap(),
        list(vec![])
    );
    assert_eq!(
        aggregate_over(empty(), f("sum", vec![v("x")])).unwrap(),
        int(0)
    );
    assert_eq!(
        aggregate_over(empty(), f("avg", vec![v("x")])).unwrap(),
        Value::Null
    );
    assert_eq!(
        aggregate_over(empty(), f("min", vec![v("x")])).unwrap(),
        Value::Null
    );
    assert_eq!(
        aggregate_over(empty(), f("max", vec![v("x")])).unwrap(),
        Value::Null
    );
}

#[test]
fn aggregates_with_grouping_keys_over_no_rows_give_no_rows() {
    let got = rows(
        &people(),
        vec![
            match_node("n", &["Nope"]),
            ret(vec![
                item(p("n", "name"), "n.name"),
                item(Expr::CountStar, "count(*)"),
            ]),
        ],
    );
    assert!(got.is_empty());
}

#[test]
fn aggregates_skip_nulls() {
    let xs = || {
        list_expr(vec![
            lit(int(3)),
            lit(Value::Null),
            lit(int(1)),
            lit(int(2)),
        ])
    };
    assert_eq!(aggregate_over(xs(), Expr::CountStar).unwrap(), int(4));
    assert_eq!(
        aggregate_over(xs(), f("count", vec![v("x")])).unwrap(),
        int(3)
    );
    assert_eq!(
        aggregate_over(xs(), f("collect", vec![v("x")])).unwrap(),
        list(vec![int(3), int(1), int(2)])
    );
    assert_eq!(
        aggregate_over(xs(), f("sum", vec![v("x")])).unwrap(),
        int(6)
    );
    assert_eq!(
        aggregate_over(xs(), f("avg", vec![v("x")])).unwrap(),
        float(2.0)
    );
    assert_eq!(
        aggregate_over(xs(), f("min", vec![v("x")])).unwrap(),
        int(1)
    );
    assert_eq!(
        aggregate_over(xs(), f("MAX", vec![v("x")])).unwrap(),
        int(3)
    );
}

#[test]
fn distinct_aggregates() {
    let xs = || ints(&[1, 2, 1, 2, 3]);
    assert_eq!(
        aggregate_over(xs(), f_distinct("count", v("x"))).unwrap(),
        int(3)
    );
    assert_eq!(
        aggregate_over(xs(), f_distinct("collect", v("x"))).unwrap(),
        list(vec![int(1), int(2), int(3)])
    );
    assert_eq!(
        aggregate_over(xs(), f_distinct("sum", v("x"))).unwrap(),
        int(6)
    );
}

#[test]
fn sum_and_avg_types() {
    let mixed = list_expr(vec![lit(int(1)), lit(float(2.5))]);
    assert_eq!(
        aggregate_over(mixed, f("sum", vec![v("x")])).unwrap(),
        float(3.5)
    );
    assert_eq!(
        aggregate_over(ints(&[1, 2]), f("avg", vec![v("x")])).unwrap(),
        float(1.5)
    );
    let big = ints(&[i64::MAX, 1]);
    let err = aggregate_over(big, f("sum", vec![v("x")])).unwrap_err();
    assert!(err.message.contains("overflow"), "{err}");
    let strings = list_expr(vec![lit(s("a"))]);
    assert!(aggregate_over(strings, f("sum", vec![v("x")])).is_err());
}

#[test]
fn min_and_max_of_strings() {
    let xs = || list_expr(vec![lit(s("b")), lit(s("a")), lit(s("c"))]);
    assert_eq!(
        aggregate_over(xs(), f("min", vec![v("x")])).unwrap(),
        s("a")
    );
    assert_eq!(
        aggregate_over(xs(), f("max", vec![v("x")])).unwrap(),
        s("c")
    );
}

#[test]
fn aggregates_inside_larger_expressions() {
    let got = run(
        &people(),
        vec![
            unwind(ints(&[1, 2, 3]), "x"),
            ret(vec![
                item(
                    f("size", vec![f("collect", vec![v("x")])]),
                    "size(collect(x))",
                ),
                item(
                    Expr::Map(vec![("n".to_string(), Expr::CountStar)]),
                    "{n: count(*)}",
                ),
                item(
                    bin(BinaryOp::Add, Expr::CountStar, lit(int(1))),
                    "count(*) + 1",
                ),
            ]),
        ],
    )
    .unwrap();
    assert_eq!(
        got.columns,
        vec!["size(collect(x))", "{n: count(*)}", "count(*) + 1"]
    );
    assert_eq!(got.rows, vec![vec![int(3), map(&[("n", int(3))]), int(4)]]);
}

#[test]
fn grouping_by_the_other_items() {
    // Undirected KNOWS: Ann has 1 neighbour, Bo 2, Cy 1.
    let got = rows(
        &people(),
        vec![
            matching(
                vec![path(
                    n(Some("n"), &[]),
                    vec![(r(None, &["KNOWS"], Direction::Either), n(Some("m"), &[]))],
                )],
                None,
            ),
            ret(vec![
                item(p("n", "name"), "n.name"),
                aliased(Expr::CountStar, "count(*)", "c"),
                aliased(
                    f("collect", vec![p("m", "name")]),
                    "collect(m.name)",
                    "friends",
                ),
            ]),
        ],
    );
    assert_eq!(
        got,
        vec![
            vec![s("Ann"), int(1), list(vec![s("Bo")])],
            vec![s("Bo"), int(2), list(vec![s("Ann"), s("Cy")])],
            vec![s("Cy"), int(1), list(vec![s("Bo")])],
        ]
    );
}

#[test]
fn null_is_a_group_of_its_own() {
    let got = rows(
        &people(),
        vec![
            match_node("n", &[]),
            ret(vec![
                item(p("n", "age"), "n.age"),
                item(Expr::CountStar, "count(*)"),
            ]),
        ],
    );
    // Ages 30, 25, null (Cy), null (Oslo).
    assert_eq!(
        got,
        vec![
            vec![int(30), int(1)],
            vec![int(25), int(1)],
            vec![Value::Null, int(2)],
        ]
    );
}

#[test]
fn distinct_removes_equivalent_rows() {
    let mut body = body(vec![var_item("x")]);
    body.distinct = true;
    let got = rows(
        &people(),
        vec![
            unwind(
                list_expr(vec![
                    lit(int(1)),
                    lit(int(2)),
                    lit(int(1)),
                    lit(Value::Null),
                    lit(Value::Null),
                    lit(s("a")),
                ]),
                "x",
            ),
            Clause::Return(body),
        ],
    );
    assert_eq!(got, column(&[int(1), int(2), Value::Null, s("a")]));
}

#[test]
fn order_by_puts_nulls_last_ascending_and_first_descending() {
    let view = people();
    let ordered = |descending: bool| {
        let mut b = body(vec![item(p("n", "name"), "n.name")]);
        b.order_by = vec![if descending {
            desc(p("n", "age"))
        } else {
            asc(p("n", "age"))
        }];
        run(&view, vec![match_node("n", &["Person"]), Clause::Return(b)]).unwrap()
    };
    let up = ordered(false);
    assert_eq!(up.rows, column(&[s("Bo"), s("Ann"), s("Cy")]));
    assert_eq!(
        up.sort_keys,
        Some(vec![vec![int(25)], vec![int(30)], vec![Value::Null]])
    );
    let down = ordered(true);
    assert_eq!(down.rows, column(&[s("Cy"), s("Ann"), s("Bo")]));
    assert_eq!(
        down.sort_keys,
        Some(vec![vec![Value::Null], vec![int(30)], vec![int(25)]])
    );
}

#[test]
fn order_by_an_alias_and_several_keys() {
    // Sort by x[0] descending, then by the alias s ascending.
    let rows_in = list_expr(vec![
        ints(&[1, 5]),
        ints(&[2, 7]),
        ints(&[1, 3]),
        ints(&[2, 6]),
    ]);
    let index = |i: i64| Expr::Index(Box::new(v("x")), Box::new(lit(int(i))));
    let mut b = body(vec![aliased(index(1), "x[1]", "s")]);
    b.order_by = vec![desc(index(0)), asc(v("s"))];
    let got = run(&people(), vec![unwind(rows_in, "x"), Clause::Return(b)]).unwrap();
    assert_eq!(got.rows, column(&[int(6), int(7), int(3), int(5)]));
    assert_eq!(
        got.sort_keys,
        Some(vec![
            vec![int(2), int(6)],
            vec![int(2), int(7)],
            vec![int(1), int(3)],
            vec![int(1), int(5)],
        ])
    );
}

#[test]
fn order_by_is_stable_for_ties() {
    let rows_in = list_expr(vec![
        list_expr(vec![lit(int(1)), lit(s("b"))]),
        list_expr(vec![lit(int(0)), lit(s("z"))]),
        list_expr(vec![lit(int(1)), lit(s("a"))]),
    ]);
    let index = |i: i64| Expr::Index(Box::new(v("x")), Box::new(lit(int(i))));
    let mut b = body(vec![aliased(index(1), "x[1]", "s")]);
    b.order_by = vec![asc(index(0))];
    let got = rows(&people(), vec![unwind(rows_in, "x"), Clause::Return(b)]);
    assert_eq!(got, column(&[s("z"), s("b"), s("a")]));
}

#[test]
fn order_by_a_projected_expression_after_aggregation() {
    let mut b = body(vec![
        item(p("n", "name"), "n.name"),
        item(Expr::CountStar, "count(*)"),
    ]);
    b.order_by = vec![desc(p("n", "name"))];
    let got = rows(
        &people(),
        vec![match_node("n", &["Person"]), Clause::Return(b)],
    );
    assert_eq!(
        got,
        vec![
            vec![s("Cy"), int(1)],
            vec![s("Bo"), int(1)],
            vec![s("Ann"), int(1)]
        ]
    );
    // ORDER BY count(*) when count(*) is projected.
    let mut b = body(vec![
        item(p("n", "age"), "n.age"),
        item(Expr::CountStar, "count(*)"),
    ]);
    b.order_by = vec![desc(Expr::CountStar), asc(p("n", "age"))];
    let got = rows(&people(), vec![match_node("n", &[]), Clause::Return(b)]);
    assert_eq!(
        got,
        vec![
            vec![Value::Null, int(2)],
            vec![int(25), int(1)],
            vec![int(30), int(1)],
        ]
    );
}

#[test]
fn order_by_a_variable_dropped_by_aggregation_or_distinct_is_an_error() {
    for distinct in [false, true] {
        let mut b = if distinct {
            body(vec![item(p("n", "name"), "n.name")])
        } else {
            body(vec![item(Expr::CountStar, "count(*)")])
        };
        b.distinct = distinct;
        b.order_by = vec![asc(p("n", "age"))];
        let msg = error_of(&people(), vec![match_node("n", &[]), Clause::Return(b)]);
        assert!(msg.contains("not defined"), "{msg}");
    }
}

#[test]
fn skip_and_limit() {
    let sl = |skip: Option<Expr>, limit: Option<Expr>| {
        let mut b = body(vec![var_item("x")]);
        b.skip = skip;
        b.limit = limit;
        run(
            &people(),
            vec![unwind(ints(&[1, 2, 3, 4, 5]), "x"), Clause::Return(b)],
        )
    };
    assert_eq!(
        sl(Some(lit(int(1))), Some(lit(int(2)))).unwrap().rows,
        column(&[int(2), int(3)])
    );
    assert_eq!(sl(Some(lit(int(4))), None).unwrap().rows, column(&[int(5)]));
    assert_eq!(sl(Some(lit(int(9))), None).unwrap().rows, column(&[]));
    assert_eq!(sl(None, Some(lit(int(0)))).unwrap().rows, column(&[]));
    assert!(sl(None, Some(lit(int(-1)))).is_err());
    assert!(sl(Some(lit(float(1.5))), None).is_err());
    assert!(sl(None, Some(lit(s("1")))).is_err());
    // SKIP/LIMIT cannot see variables.
    assert!(sl(None, Some(v("x"))).is_err());
}

#[test]
fn with_where_filters_the_projected_rows() {
    let mut w = body(vec![var_item("x")]);
    w.predicate = Some(bin(BinaryOp::Greater, v("x"), lit(int(1))));
    let got = rows(
        &people(),
        vec![
            unwind(ints(&[1, 2, 3]), "x"),
            Clause::With(w),
            ret(vec![var_item("x")]),
        ],
    );
    assert_eq!(got, column(&[int(2), int(3)]));
}

#[test]
fn with_where_after_aggregation() {
    let mut w = body(vec![
        var_item("n"),
        aliased(Expr::CountStar, "count(*)", "c"),
    ]);
    w.predicate = Some(bin(BinaryOp::Greater, v("c"), lit(int(1))));
    let got = rows(
        &people(),
        vec![
            matching(
                vec![path(
                    n(Some("n"), &[]),
                    vec![(r(None, &["KNOWS"], Direction::Either), n(None, &[]))],
                )],
                None,
            ),
            Clause::With(w),
            ret(vec![item(p("n", "name"), "n.name"), var_item("c")]),
        ],
    );
    assert_eq!(got, vec![vec![s("Bo"), int(2)]]);
}

#[test]
fn with_where_applies_after_limit() {
    // ORDER BY x DESC LIMIT 2 keeps 3 and 2; WHERE x < 3 then keeps 2.
    let mut w = body(vec![var_item("x")]);
    w.order_by = vec![desc(v("x"))];
    w.limit = Some(lit(int(2)));
    w.predicate = Some(bin(BinaryOp::Less, v("x"), lit(int(3))));
    let got = rows(
        &people(),
        vec![
            unwind(ints(&[1, 2, 3]), "x"),
            Clause::With(w),
            ret(vec![var_item("x")]),
        ],
    );
    assert_eq!(got, column(&[int(2)]));
}

#[test]
fn order_by_in_with_orders_rows_but_gives_no_sort_keys() {
    let mut w = body(vec![var_item("x")]);
    w.order_by = vec![asc(v("x"))];
    let got = run(
        &people(),
        vec![
            unwind(ints(&[3, 1, 2]), "x"),
            Clause::With(w),
            ret(vec![var_item("x")]),
        ],
    )
    .unwrap();
    assert_eq!(got.rows, column(&[int(1), int(2), int(3)]));
    assert_eq!(got.sort_keys, None);
}

#[test]
fn with_hides_variables_not_projected() {
    let msg = error_of(
        &people(),
        vec![
            match_node("n", &[]),
            with(vec![aliased(p("n", "name"), "n.name", "name")]),
            ret(vec![var_item("n")]),
        ],
    );
    assert!(msg.contains("`n` not defined"), "{msg}");
}

#[test]
fn with_needs_aliases_for_expressions() {
    let msg = error_of(
        &people(),
        vec![
            match_node("n", &[]),
            with(vec![item(p("n", "name"), "n.name")]),
            ret(vec![var_item("n")]),
        ],
    );
    assert!(msg.contains("aliased"), "{msg}");
}

#[test]
fn star_returns_all_variables_in_name_order() {
    let mut b = body(vec![aliased(lit(int(1)), "1", "one")]);
    b.star = true;
    let view = people();
    let got = run(
        &view,
        vec![
            match_node("b", &["City"]),
            unwind(ints(&[7]), "a"),
            Clause::Return(b),
        ],
    )
    .unwrap();
    assert_eq!(got.columns, vec!["a", "b", "one"]);
    assert_eq!(got.rows, vec![vec![int(7), node_value(&view, 3), int(1)]]);
}

#[test]
fn star_with_nothing_in_scope_is_an_error() {
    let mut b = body(vec![]);
    b.star = true;
    assert!(run(&people(), vec![Clause::Return(b)]).is_err());
}

#[test]
fn duplicate_column_names_are_an_error() {
    let msg = error_of(
        &people(),
        vec![ret(vec![
            aliased(lit(int(1)), "1", "a"),
            aliased(lit(int(2)), "2", "a"),
        ])],
    );
    assert!(msg.contains("same name"), "{msg}");
}

#[test]
fn column_names_are_aliases_or_text() {
    let got = run(
        &people(),
        vec![
            match_node("n", &["City"]),
            ret(vec![
                item(p("n", "name"), "n.name"),
                aliased(p("n", "name"), "n.name", "town"),
            ]),
        ],
    )
    .unwrap();
    assert_eq!(got.columns, vec!["n.name", "town"]);
    assert_eq!(got.rows, vec![vec![s("Oslo"), s("Oslo")]]);
}

#[test]
fn unwind_of_lists_null_and_scalars() {
    let view = people();
    let u = |e: Expr| rows(&view, vec![unwind(e, "x"), ret(vec![var_item("x")])]);
    assert_eq!(u(ints(&[1, 2])), column(&[int(1), int(2)]));
    assert_eq!(u(list_expr(vec![])), column(&[]));
    assert_eq!(u(lit(Value::Null)), column(&[]));
    assert_eq!(u(lit(int(5))), column(&[int(5)]));
    // UNWIND multiplies rows.
    let got = rows(
        &view,
        vec![
            unwind(ints(&[1, 2]), "x"),
            unwind(ints(&[10, 20]), "y"),
            ret(vec![var_item("x"), var_item("y")]),
        ],
    );
    assert_eq!(
        got,
        vec![
            vec![int(1), int(10)],
            vec![int(1), int(20)],
            vec![int(2), int(10)],
            vec![int(2), int(20)],
        ]
    );
}

#[test]
fn unwind_cannot_redeclare_a_variable() {
    let msg = error_of(
        &people(),
        vec![
            unwind(ints(&[1]), "x"),
            unwind(ints(&[1]), "x"),
            ret(vec![var_item("x")]),
        ],
    );
    assert!(msg.contains("already declared"), "{msg}");
}

#[test]
fn aggregates_are_refused_outside_projections() {
    let msg = error_of(
        &people(),
        vec![
            matching(
                vec![path(n(Some("n"), &[]), vec![])],
                Some(bin(BinaryOp::Greater, Expr::CountStar, lit(int(1)))),
            ),
            ret(vec![var_item("n")]),
        ],
    );
    assert!(msg.contains("only allowed in WITH and RETURN"), "{msg}");
    // Nested aggregates too.
    let msg = error_of(
        &people(),
        vec![
            unwind(ints(&[1]), "x"),
            ret(vec![item(f("count", vec![f("count", vec![v("x")])]), "c")]),
        ],
    );
    assert!(msg.contains("aggregate"), "{msg}");
}

#[test]
fn a_query_must_end_with_return() {
    assert!(run(&people(), vec![match_node("n", &[])]).is_err());
    assert!(
        run(
            &people(),
            vec![
                ret(vec![aliased(lit(int(1)), "1", "a")]),
                match_node("n", &[])
            ]
        )
        .is_err()
    );
}

#[test]
fn aggregate_items_use_variables_only_through_grouping_keys() {
    let plus = || bin(BinaryOp::Add, p("n", "age"), Expr::CountStar);
    let msg = error_of(
        &people(),
        vec![
            match_node("n", &["Person"]),
            ret(vec![item(plus(), "n.age + count(*)")]),
        ],
    );
    assert!(msg.contains("implicit grouping"), "{msg}");
    // With n.age as a key: ages 30, 25, null, one row each.
    let got = rows(
        &people(),
        vec![
            match_node("n", &["Person"]),
            ret(vec![
                item(p("n", "age"), "n.age"),
                item(plus(), "n.age + count(*)"),
            ]),
        ],
    );
    assert_eq!(
        got,
        vec![
            vec![int(30), int(31)],
            vec![int(25), int(26)],
            vec![Value::Null, Value::Null],
        ]
    );
    // With n as a key.
    let got = rows(
        &people(),
        vec![
            match_node("n", &["Person"]),
            ret(vec![var_item("n"), item(plus(), "n.age + count(*)")]),
        ],
    );
    let sums: Vec<Value> = got.into_iter().map(|r| r[1].clone()).collect();
    assert_eq!(sums, vec![int(31), int(26), Value::Null]);
}
