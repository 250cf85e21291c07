//! Procedures (db.labels & co., full-text search over the view's allowed
//! nodes), CALL inside queries, and SHOW tails (`apply_tail`).

mod interpret_common;

use interpret_common::*;
use model::admin::ShowTail;
use model::ast::{BinaryOp, Clause, Expr};
use model::rows::QueryResult;
use model::value::Value;

fn catalogued() -> reference::view::UserView {
    let mut view = people();
    view.labels = vec!["Person".into(), "City".into()];
    view.relationship_types = vec!["KNOWS".into()];
    view.property_keys = vec!["name".into(), "age".into()];
    view
}

#[test]
fn token_procedures_answer_from_the_view() {
    let view = catalogued();
    let labels = run(&view, vec![call("db.labels", vec![], None)]).unwrap();
    assert_eq!(labels.columns, vec!["label"]);
    assert_eq!(labels.rows, vec![vec![s("Person")], vec![s("City")]]);
    let types = run(&view, vec![call("db.relationshipTypes", vec![], None)]).unwrap();
    assert_eq!(types.columns, vec!["relationshipType"]);
    assert_eq!(types.rows, vec![vec![s("KNOWS")]]);
    let keys = run(&view, vec![call("db.propertyKeys", vec![], None)]).unwrap();
    assert_eq!(keys.columns, vec!["propertyKey"]);
    assert_eq!(keys.rows, vec![vec![s("name")], vec![s("age")]]);
}

#[test]
fn yield_renames_and_filters() {
    let view = catalogued();
    let mut clause = call("db.labels", vec![], Some(vec![("label", Some("l"))]));
    if let Clause::Call(c) = &mut clause {
        c.predicate = Some(bin(BinaryOp::StartsWith, v("l"), lit(s("C"))));
    }
    let got = run(&view, vec![clause]).unwrap();
    assert_eq!(got.columns, vec!["l"]);
    assert_eq!(got.rows, vec![vec![s("City")]]);
}

#[test]
fn call_then_return_and_call_in_the_middle() {
    let view = catalogued();
    let got = run(
        &view,
        vec![
            call("db.labels", vec![], Some(vec![("label", None)])),
            ret(vec![item(Expr::CountStar, "count(*)")]),
        ],
    )
    .unwrap();
    assert_eq!(got.rows, vec![vec![int(2)]]);
    // Each input row joins with every procedure row.
    let got = rows(
        &view,
        vec![
            unwind(list_expr(vec![lit(int(1)), lit(int(2))]), "x"),
            call(
                "db.relationshipTypes",
                vec![],
                Some(vec![("relationshipType", Some("t"))]),
            ),
            ret(vec![var_item("x"), var_item("t")]),
        ],
    );
    assert_eq!(
        got,
        vec![vec![int(1), s("KNOWS")], vec![int(2), s("KNOWS")]]
    );
}

#[test]
fn procedure_errors() {
    let view = catalogued();
    let msg = error_of(&view, vec![call("db.nope", vec![], None)]);
    assert!(msg.contains("db.nope"), "{msg}");
    let msg = error_of(
        &view,
        vec![call("db.labels", vec![], Some(vec![("nope", None)]))],
    );
    assert!(msg.contains("nope"), "{msg}");
    let msg = error_of(&view, vec![call("db.labels", vec![lit(int(1))], None)]);
    assert!(msg.contains("arguments"), "{msg}");
    // Without YIELD inside a larger query.
    let msg = error_of(
        &view,
        vec![
            call("db.labels", vec![], None),
            ret(vec![item(Expr::CountStar, "count(*)")]),
        ],
    );
    assert!(msg.contains("YIELD"), "{msg}");
    // A yielded name may not shadow a variable.
    let msg = error_of(
        &view,
        vec![
            unwind(list_expr(vec![lit(int(1))]), "label"),
            call("db.labels", vec![], Some(vec![("label", None)])),
            ret(vec![var_item("label")]),
        ],
    );
    assert!(msg.contains("already declared"), "{msg}");
}

/// A view where nodes 0..=3 are candidates of index `names` on
/// (:Person|City).name, and security allowed only `allowed`.
fn fulltext_query(allowed: &[u64], text: &str) -> Result<QueryResult, model::engine::EngineError> {
    let mut view = ViewBuilder::new()
        .node(0, &["Person"], &[("name", s("Sandy"))])
        .node(
            1,
            &["Person", "User"],
            &[("name", s("MANDY")), ("nick", s("x"))],
        )
        .node(2, &["Person"], &[("name", int(5))])
        .node(3, &["City"], &[("name", s("Andy town"))])
        .node(4, &["Other"], &[("name", s("Andy"))])
        .build();
    allow(&mut view, "names", allowed);
    let world = world_with(vec![fulltext(
        "names",
        &["Person", "City"],
        &["name", "nick"],
    )]);
    run_in(
        &world,
        &view,
        vec![call(
            "db.index.fulltext.queryNodes",
            vec![lit(s("names")), lit(s(text))],
            None,
        )],
    )
}

#[test]
fn fulltext_matches_substrings_case_insensitively_among_allowed_nodes() {
    let got = fulltext_query(&[0, 1, 2, 3, 4], "andy").unwrap();
    assert_eq!(got.columns, vec!["node", "score"]);
    let ids: Vec<u64> = got
        .rows
        .iter()
        .map(|r| match &r[0] {
            Value::Node(n) => n.id,
            other => panic!("not a node: {other:?}"),
        })
        .collect();
    // 2 holds no string; 4 carries none of the index's labels.
    assert_eq!(ids, vec![0, 1, 3]);
    assert!(got.rows.iter().all(|r| r[1] == float(1.0)));
    // Security: only the allowed ones.
    let got = fulltext_query(&[1, 4], "ANDY").unwrap();
    assert_eq!(got.rows.len(), 1);
    // Another indexed key.
    let got = fulltext_query(&[0, 1, 2, 3], "X").unwrap();
    assert_eq!(got.rows.len(), 1);
    let got = fulltext_query(&[0, 1, 2, 3], "zzz").unwrap();
    assert!(got.rows.is_empty());
}

#[test]
fn fulltext_with_an_unknown_index_is_an_error() {
    let view = people();
    let msg = error_of(
        &view,
        vec![call(
            "db.index.fulltext.queryNodes",
            vec![lit(s("nope")), lit(s("a"))],
            Some(vec![("node", None), ("score", None)]),
        )],
    );
    assert_eq!(msg, "There is no such fulltext schema index: nope");
}

#[test]
fn fulltext_yield_then_return() {
    let mut view = people();
    allow(&mut view, "n", &[0, 1, 2]);
    let world = world_with(vec![fulltext("n", &["Person"], &["name"])]);
    let got = run_in(
        &world,
        &view,
        vec![
            call(
                "db.index.fulltext.queryNodes",
                vec![lit(s("n")), lit(s("o"))],
                Some(vec![("node", Some("m"))]),
            ),
            ret(vec![item(p("m", "name"), "m.name")]),
        ],
    )
    .unwrap();
    assert_eq!(got.rows, vec![vec![s("Bo")]]);
}

fn show_roles() -> QueryResult {
    QueryResult {
        columns: vec!["role".into(), "member".into()],
        rows: vec![
            vec![s("reader"), s("alice")],
            vec![s("admin"), Value::Null],
            vec![s("editor"), s("bob")],
        ],
        sort_keys: None,
    }
}

#[test]
fn tail_yield_with_order_by_skip_limit() {
    let mut y = body(vec![var_item("role")]);
    y.order_by = vec![asc(v("role"))];
    y.skip = Some(lit(int(1)));
    let tail = ShowTail {
        yields: Some(y),
        predicate: None,
        returns: None,
    };
    let got = reference::interpret::apply_tail(show_roles(), &tail).unwrap();
    assert_eq!(got.columns, vec!["role"]);
    assert_eq!(got.rows, vec![vec![s("editor")], vec![s("reader")]]);
    assert_eq!(
        got.sort_keys,
        Some(vec![vec![s("editor")], vec![s("reader")]])
    );
}

#[test]
fn tail_yield_where_sees_unyielded_columns() {
    // YIELD role WHERE member IS NOT NULL: WHERE sees the input's columns too
    // (the projection neither aggregates nor is DISTINCT).
    let mut y = body(vec![var_item("role")]);
    y.predicate = Some(Expr::IsNull {
        expr: Box::new(v("member")),
        negated: true,
    });
    let tail = ShowTail {
        yields: Some(y),
        predicate: None,
        returns: None,
    };
    let got = reference::interpret::apply_tail(show_roles(), &tail).unwrap();
    assert_eq!(got.rows, vec![vec![s("reader")], vec![s("editor")]]);
}

#[test]
fn tail_bare_where_and_return() {
    let tail = ShowTail {
        yields: None,
        predicate: Some(bin(BinaryOp::Equal, v("member"), lit(s("bob")))),
        returns: None,
    };
    let got = reference::interpret::apply_tail(show_roles(), &tail).unwrap();
    assert_eq!(got.columns, vec!["role", "member"]);
    assert_eq!(got.rows, vec![vec![s("editor"), s("bob")]]);

    let mut y = body(vec![]);
    y.star = true;
    let mut r = body(vec![aliased(
        f("collect", vec![v("role")]),
        "collect(role)",
        "roles",
    )]);
    r.order_by = vec![asc(v("roles"))];
    let tail = ShowTail {
        yields: Some(y),
        predicate: None,
        returns: Some(r),
    };
    let got = reference::interpret::apply_tail(show_roles(), &tail).unwrap();
    assert_eq!(got.columns, vec!["roles"]);
    assert_eq!(
        got.rows,
        vec![vec![list(vec![s("reader"), s("admin"), s("editor")])]]
    );
}

#[test]
fn tail_return_without_order_drops_yield_ordering_keys() {
    let mut y = body(vec![var_item("role")]);
    y.order_by = vec![desc(v("role"))];
    let tail = ShowTail {
        yields: Some(y),
        predicate: None,
        returns: Some(body(vec![var_item("role")])),
    };
    let got = reference::interpret::apply_tail(show_roles(), &tail).unwrap();
    assert_eq!(
        got.rows,
        vec![vec![s("reader")], vec![s("editor")], vec![s("admin")]]
    );
    assert_eq!(got.sort_keys, None);
}

#[test]
fn tail_errors() {
    let tail = ShowTail {
        yields: Some(body(vec![var_item("nope")])),
        predicate: None,
        returns: None,
    };
    let err = reference::interpret::apply_tail(show_roles(), &tail).unwrap_err();
    assert!(err.message.contains("`nope` not defined"), "{err}");
    let tail = ShowTail {
        yields: None,
        predicate: Some(lit(int(1))),
        returns: None,
    };
    let err = reference::interpret::apply_tail(show_roles(), &tail).unwrap_err();
    assert!(err.message.contains("BOOLEAN"), "{err}");
}
