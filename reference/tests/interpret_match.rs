//! MATCH and OPTIONAL MATCH over hand-built views: directions, hops,
//! shared variables, relationship uniqueness, properties, paths, nulls.

mod interpret_common;

use interpret_common::*;
use model::ast::{BinaryOp, Direction, Expr, UnaryOp};
use model::value::{PathValue, Value};

const OUT: Direction = Direction::Outgoing;
const IN: Direction = Direction::Incoming;
const BOTH: Direction = Direction::Either;

fn names(rows: &[&str]) -> Vec<Vec<Value>> {
    rows.iter().map(|n| vec![s(n)]).collect()
}

fn pairs(rows: &[(&str, &str)]) -> Vec<Vec<Value>> {
    rows.iter().map(|(a, b)| vec![s(a), s(b)]).collect()
}

/// `MATCH (a)-[:types dir]->(b) RETURN a.name, b.name`.
fn one_hop(types: &[&str], dir: Direction, start_labels: &[&str]) -> Vec<Vec<Value>> {
    rows(
        &people(),
        vec![
            matching(
                vec![path(
                    n(Some("a"), start_labels),
                    vec![(r(None, types, dir), n(Some("b"), &[]))],
                )],
                None,
            ),
            ret(vec![
                item(p("a", "name"), "a.name"),
                item(p("b", "name"), "b.name"),
            ]),
        ],
    )
}

#[test]
fn label_scan_in_id_order_with_all_labels_required() {
    let view = people();
    let all = run(
        &view,
        vec![
            match_node("n", &["Person"]),
            ret(vec![item(p("n", "name"), "n.name")]),
        ],
    )
    .unwrap();
    assert_eq!(all.columns, vec!["n.name"]);
    assert_eq!(all.rows, names(&["Ann", "Bo", "Cy"]));
    assert_eq!(all.sort_keys, None);
    let both = rows(
        &view,
        vec![
            match_node("n", &["Person", "Admin"]),
            ret(vec![item(p("n", "name"), "n.name")]),
        ],
    );
    assert_eq!(both, names(&["Bo"]));
    let any = rows(
        &view,
        vec![
            match_node("n", &[]),
            ret(vec![item(p("n", "name"), "n.name")]),
        ],
    );
    assert_eq!(any, names(&["Ann", "Bo", "Cy", "Oslo"]));
}

#[test]
fn directed_hops_follow_the_arrow() {
    assert_eq!(
        one_hop(&["KNOWS"], OUT, &[]),
        pairs(&[("Ann", "Bo"), ("Bo", "Cy")])
    );
    assert_eq!(
        one_hop(&["KNOWS"], IN, &[]),
        pairs(&[("Bo", "Ann"), ("Cy", "Bo")])
    );
}

#[test]
fn undirected_hops_match_both_directions() {
    assert_eq!(
        one_hop(&["KNOWS"], BOTH, &["Person"]),
        pairs(&[("Ann", "Bo"), ("Bo", "Ann"), ("Bo", "Cy"), ("Cy", "Bo")])
    );
}

#[test]
fn a_type_list_means_any_of_them_and_no_type_means_all() {
    assert_eq!(
        one_hop(&["KNOWS", "LIVES_IN"], OUT, &[]),
        pairs(&[("Ann", "Bo"), ("Ann", "Oslo"), ("Bo", "Cy")])
    );
    assert_eq!(
        one_hop(&[], OUT, &[]),
        pairs(&[("Ann", "Bo"), ("Ann", "Oslo"), ("Bo", "Cy")])
    );
    assert_eq!(one_hop(&["NOPE"], OUT, &[]), Vec::<Vec<Value>>::new());
}

#[test]
fn two_hops_chain() {
    let got = rows(
        &people(),
        vec![
            matching(
                vec![path(
                    n(Some("a"), &[]),
                    vec![
                        (r(None, &["KNOWS"], OUT), n(Some("b"), &[])),
                        (r(None, &["KNOWS"], OUT), n(Some("c"), &[])),
                    ],
                )],
                None,
            ),
            ret(vec![
                item(p("a", "name"), "a.name"),
                item(p("b", "name"), "b.name"),
                item(p("c", "name"), "c.name"),
            ]),
        ],
    );
    assert_eq!(got, vec![vec![s("Ann"), s("Bo"), s("Cy")]]);
}

#[test]
fn a_relationship_is_not_bound_twice_within_one_pattern() {
    // Ann-Bo-Ann would reuse relationship 0.
    let got = rows(
        &people(),
        vec![
            matching(
                vec![path(
                    n(Some("a"), &[]),
                    vec![
                        (r(None, &["KNOWS"], BOTH), n(Some("b"), &[])),
                        (r(None, &["KNOWS"], BOTH), n(Some("c"), &[])),
                    ],
                )],
                None,
            ),
            ret(vec![
                item(p("a", "name"), "a.name"),
                item(p("c", "name"), "c.name"),
            ]),
        ],
    );
    assert_eq!(got, pairs(&[("Ann", "Cy"), ("Cy", "Ann")]));
}

#[test]
fn relationship_uniqueness_spans_comma_patterns_but_not_clauses() {
    let pattern = |x: &str, y: &str| {
        path(
            n(Some(x), &[]),
            vec![(r(None, &["KNOWS"], OUT), n(Some(y), &[]))],
        )
    };
    let count = || ret(vec![item(Expr::CountStar, "count(*)")]);
    let one_clause = rows(
        &people(),
        vec![
            matching(vec![pattern("a", "b"), pattern("c", "d")], None),
            count(),
        ],
    );
    // 2 × 2 combinations minus the 2 that bind the same relationship twice.
    assert_eq!(one_clause, vec![vec![int(2)]]);
    let two_clauses = rows(
        &people(),
        vec![
            matching(vec![pattern("a", "b")], None),
            matching(vec![pattern("c", "d")], None),
            count(),
        ],
    );
    assert_eq!(two_clauses, vec![vec![int(4)]]);
}

#[test]
fn shared_variables_join_patterns() {
    let got = rows(
        &people(),
        vec![
            matching(
                vec![
                    path(
                        n(Some("a"), &[]),
                        vec![(r(None, &["KNOWS"], OUT), n(Some("b"), &[]))],
                    ),
                    path(
                        n(Some("b"), &[]),
                        vec![(r(None, &["KNOWS"], OUT), n(Some("c"), &[]))],
                    ),
                ],
                None,
            ),
            ret(vec![
                item(p("a", "name"), "a.name"),
                item(p("c", "name"), "c.name"),
            ]),
        ],
    );
    assert_eq!(got, pairs(&[("Ann", "Cy")]));
}

#[test]
fn variables_bound_by_an_earlier_clause_constrain() {
    let got = rows(
        &people(),
        vec![
            matching(
                vec![path(
                    n_props(Some("a"), &[], vec![("name", lit(s("Bo")))]),
                    vec![],
                )],
                None,
            ),
            matching(
                vec![path(
                    n(Some("a"), &[]),
                    vec![(r(None, &[], OUT), n(Some("b"), &[]))],
                )],
                None,
            ),
            ret(vec![item(p("b", "name"), "b.name")]),
        ],
    );
    assert_eq!(got, names(&["Cy"]));
}

#[test]
fn inline_properties_are_equality_and_null_never_matches() {
    let view = people();
    let by = |key: &str, value: Value| {
        rows(
            &view,
            vec![
                matching(
                    vec![path(
                        n_props(Some("n"), &[], vec![(key, lit(value))]),
                        vec![],
                    )],
                    None,
                ),
                ret(vec![item(p("n", "name"), "n.name")]),
            ],
        )
    };
    assert_eq!(by("age", int(30)), names(&["Ann"]));
    // 30.0 = 30 numerically.
    assert_eq!(by("age", float(30.0)), names(&["Ann"]));
    assert_eq!(by("age", Value::Null), Vec::<Vec<Value>>::new());
    let rel = rows(
        &view,
        vec![
            matching(
                vec![path(
                    n(Some("a"), &[]),
                    vec![(
                        model::ast::RelPattern {
                            properties: vec![("since".to_string(), lit(int(2020)))],
                            ..r(Some("r"), &[], OUT)
                        },
                        n(Some("b"), &[]),
                    )],
                )],
                None,
            ),
            ret(vec![item(p("b", "name"), "b.name")]),
        ],
    );
    assert_eq!(rel, names(&["Bo"]));
}

#[test]
fn a_later_property_map_may_use_an_earlier_variable() {
    // (a)-[:KNOWS]->(b {age: a.age - 5}): only Ann (30) → Bo (25).
    let got = rows(
        &people(),
        vec![
            matching(
                vec![path(
                    n(Some("a"), &[]),
                    vec![(
                        r(None, &["KNOWS"], OUT),
                        n_props(
                            Some("b"),
                            &[],
                            vec![("age", bin(BinaryOp::Subtract, p("a", "age"), lit(int(5))))],
                        ),
                    )],
                )],
                None,
            ),
            ret(vec![item(p("b", "name"), "b.name")]),
        ],
    );
    assert_eq!(got, names(&["Bo"]));
}

#[test]
fn where_keeps_only_true_rows() {
    let view = people();
    let filter = |pred: Expr| {
        rows(
            &view,
            vec![
                matching(vec![path(n(Some("n"), &["Person"]), vec![])], Some(pred)),
                ret(vec![item(p("n", "name"), "n.name")]),
            ],
        )
    };
    let older = bin(BinaryOp::Greater, p("n", "age"), lit(int(26)));
    assert_eq!(filter(older.clone()), names(&["Ann"]));
    // Cy's age is null: NOT null is null, still dropped.
    assert_eq!(
        filter(Expr::Unary(UnaryOp::Not, Box::new(older.clone()))),
        names(&["Bo"])
    );
    // null OR true is true.
    let or = bin(
        BinaryOp::Or,
        older,
        bin(BinaryOp::Equal, p("n", "name"), lit(s("Cy"))),
    );
    assert_eq!(filter(or), names(&["Ann", "Cy"]));
}

#[test]
fn optional_match_pads_with_nulls() {
    let got = rows(
        &people(),
        vec![
            match_node("n", &["Person"]),
            optional(
                vec![path(
                    n(Some("n"), &[]),
                    vec![(r(Some("k"), &["KNOWS"], OUT), n(Some("m"), &[]))],
                )],
                None,
            ),
            ret(vec![
                item(p("n", "name"), "n.name"),
                item(p("m", "name"), "m.name"),
                item(v("k"), "k"),
            ]),
        ],
    );
    let view = people();
    assert_eq!(
        got,
        vec![
            vec![s("Ann"), s("Bo"), rel_value(&view, 0)],
            vec![s("Bo"), s("Cy"), rel_value(&view, 1)],
            vec![s("Cy"), Value::Null, Value::Null],
        ]
    );
}

#[test]
fn optional_match_where_is_part_of_the_match() {
    let got = rows(
        &people(),
        vec![
            match_node("n", &["Person"]),
            optional(
                vec![path(
                    n(Some("n"), &[]),
                    vec![(r(None, &["KNOWS"], OUT), n(Some("m"), &[]))],
                )],
                Some(bin(BinaryOp::Greater, p("m", "age"), lit(int(26)))),
            ),
            ret(vec![item(p("n", "name"), "n.name"), item(v("m"), "m")]),
        ],
    );
    assert_eq!(
        got,
        vec![
            vec![s("Ann"), Value::Null],
            vec![s("Bo"), Value::Null],
            vec![s("Cy"), Value::Null],
        ]
    );
}

#[test]
fn optional_match_on_nothing_gives_one_null_row_and_null_does_not_match() {
    let view = people();
    let got = rows(
        &view,
        vec![
            optional(vec![path(n(Some("x"), &["Nope"]), vec![])], None),
            ret(vec![var_item("x")]),
        ],
    );
    assert_eq!(got, vec![vec![Value::Null]]);
    // A variable bound to null matches nothing in a later MATCH.
    let got = rows(
        &view,
        vec![
            optional(vec![path(n(Some("x"), &["Nope"]), vec![])], None),
            matching(
                vec![path(
                    n(Some("x"), &[]),
                    vec![(r(None, &[], BOTH), n(None, &[]))],
                )],
                None,
            ),
            ret(vec![var_item("x")]),
        ],
    );
    assert!(got.is_empty());
}

#[test]
fn an_undirected_self_loop_matches_once() {
    let view = ViewBuilder::new()
        .node(0, &["A"], &[])
        .rel(0, "T", 0, 0, &[])
        .build();
    let count = |dir: Direction, same: bool| {
        let end = if same { "a" } else { "b" };
        rows(
            &view,
            vec![
                matching(
                    vec![path(
                        n(Some("a"), &[]),
                        vec![(r(Some("r"), &[], dir), n(Some(end), &[]))],
                    )],
                    None,
                ),
                ret(vec![item(Expr::CountStar, "count(*)")]),
            ],
        )
    };
    assert_eq!(count(BOTH, false), vec![vec![int(1)]]);
    assert_eq!(count(OUT, false), vec![vec![int(1)]]);
    assert_eq!(count(IN, false), vec![vec![int(1)]]);
    // (a)-->(a): the repeated variable constrains the end node.
    assert_eq!(count(OUT, true), vec![vec![int(1)]]);
}

#[test]
fn a_repeated_node_variable_requires_the_same_node() {
    // (a)-[:KNOWS]-(b)-[:KNOWS]-(a) would need two relationships between a and b.
    let got = rows(
        &people(),
        vec![
            matching(
                vec![path(
                    n(Some("a"), &[]),
                    vec![
                        (r(None, &["KNOWS"], BOTH), n(Some("b"), &[])),
                        (r(None, &["KNOWS"], BOTH), n(Some("a"), &[])),
                    ],
                )],
                None,
            ),
            ret(vec![item(Expr::CountStar, "count(*)")]),
        ],
    );
    assert_eq!(got, vec![vec![int(0)]]);
}

#[test]
fn path_variables_bind_paths() {
    let view = people();
    let mut pattern = path(
        n_props(Some("a"), &[], vec![("name", lit(s("Ann")))]),
        vec![(r(None, &["KNOWS"], OUT), n(None, &[]))],
    );
    pattern.var = Some("p".to_string());
    let got = rows(
        &view,
        vec![
            matching(vec![pattern], None),
            ret(vec![
                var_item("p"),
                item(f("nodes", vec![v("p")]), "nodes(p)"),
                item(f("relationships", vec![v("p")]), "relationships(p)"),
            ]),
        ],
    );
    let expected_path = Value::Path(Box::new(PathValue {
        nodes: vec![view.nodes[&0].clone(), view.nodes[&1].clone()],
        relationships: vec![view.relationships[&0].clone()],
    }));
    assert_eq!(
        got,
        vec![vec![
            expected_path,
            list(vec![node_value(&view, 0), node_value(&view, 1)]),
            list(vec![rel_value(&view, 0)]),
        ]]
    );
    // An incoming hop keeps path order: the path starts at the pattern's first node.
    let mut back = path(
        n_props(Some("b"), &[], vec![("name", lit(s("Bo")))]),
        vec![(r(None, &["KNOWS"], IN), n(None, &[]))],
    );
    back.var = Some("p".to_string());
    let got = rows(
        &view,
        vec![matching(vec![back], None), ret(vec![var_item("p")])],
    );
    let expected = Value::Path(Box::new(PathValue {
        nodes: vec![view.nodes[&1].clone(), view.nodes[&0].clone()],
        relationships: vec![view.relationships[&0].clone()],
    }));
    assert_eq!(got, vec![vec![expected]]);
    // A single-node path.
    let mut single = path(n(None, &["City"]), vec![]);
    single.var = Some("p".to_string());
    let got = rows(
        &view,
        vec![matching(vec![single], None), ret(vec![var_item("p")])],
    );
    let expected = Value::Path(Box::new(PathValue {
        nodes: vec![view.nodes[&3].clone()],
        relationships: vec![],
    }));
    assert_eq!(got, vec![vec![expected]]);
}

#[test]
fn returned_elements_are_the_views_elements() {
    let view = people();
    let got = rows(
        &view,
        vec![
            matching(
                vec![path(
                    n(Some("a"), &["City"]),
                    vec![(r(Some("r"), &[], IN), n(None, &[]))],
                )],
                None,
            ),
            ret(vec![var_item("a"), var_item("r")]),
        ],
    );
    assert_eq!(got, vec![vec![node_value(&view, 3), rel_value(&view, 2)]]);
}

#[test]
fn a_variable_of_the_wrong_type_in_a_pattern_is_an_error() {
    let msg = error_of(
        &people(),
        vec![
            unwind(list_expr(vec![lit(int(1))]), "x"),
            matching(vec![path(n(Some("x"), &[]), vec![])], None),
            ret(vec![var_item("x")]),
        ],
    );
    assert!(msg.contains("Type mismatch"), "{msg}");
}
