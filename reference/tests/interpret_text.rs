//! Queries written as text (through the shared parser) over graphs written
//! as `graph` scripts, seen whole (every node, relationship and property):
//! the interpreter end to end, with hand-computed expected rows.

use model::cypher::{Statement, build_graph, parse_data_script, parse_statement};
use model::engine::EngineError;
use model::graph::Graph;
use model::rows::QueryResult;
use model::value::{NodeValue, RelValue, Value};
use model::world::World;
use reference::view::UserView;

const GRAPH: &str = "
CREATE (:User {name: 'Sandy'});
CREATE (:User:Person {name: 'Mandy', surname: 'Smith'});
CREATE (a:Person {name: 'Ann', age: 30})-[:KNOWS {since: 2020}]->(b:Person {name: 'Bo', age: 25}),
       (b)-[:KNOWS {since: 2021}]->(c:Person {name: 'Cy'}),
       (a)-[:LIVES_IN]->(:City {name: 'Oslo'});
CREATE FULLTEXT INDEX userNames FOR (n:User|Person) ON EACH [n.name, n.surname];
";

fn graph() -> Graph {
    let statements = parse_data_script(GRAPH).unwrap_or_else(|e| panic!("graph: {e}"));
    build_graph(&statements).unwrap_or_else(|e| panic!("graph: {e}"))
}

/// The whole graph as a view: what an administrator sees.
fn whole_view(graph: &Graph) -> UserView {
    let mut view = UserView {
        nodes: graph
            .nodes
            .iter()
            .map(|n| {
                let value = NodeValue {
                    id: n.id,
                    labels: n.labels.clone(),
                    properties: n.properties.clone(),
                };
                (n.id, value)
            })
            .collect(),
        relationships: graph
            .relationships
            .iter()
            .map(|r| {
                let value = RelValue {
                    id: r.id,
                    rel_type: r.rel_type.clone(),
                    start: r.start,
                    end: r.end,
                    properties: r.properties.clone(),
                };
                (r.id, value)
            })
            .collect(),
        labels: graph.tokens.labels.clone(),
        relationship_types: graph.tokens.rel_types.clone(),
        property_keys: graph.tokens.property_keys.clone(),
        ..UserView::default()
    };
    for index in &graph.indexes {
        view.fulltext_allowed.insert(
            index.name.clone(),
            graph.nodes.iter().map(|n| n.id).collect(),
        );
    }
    view
}

fn world(graph: Graph) -> World {
    World {
        database: "neo4j".to_string(),
        graph,
        catalog: model::catalog::Catalog {
            roles: Default::default(),
            users: Default::default(),
            auth_rules: Default::default(),
            version: 0,
        },
        config: Default::default(),
    }
}

fn read_query(query: &str) -> model::ast::Query {
    let Statement::Read(q) = parse_statement(query).unwrap_or_else(|e| panic!("{query}: {e}"))
    else {
        panic!("{query}: not a read query");
    };
    q
}

fn run(query: &str) -> Result<QueryResult, EngineError> {
    let graph = graph();
    let view = whole_view(&graph);
    reference::interpret::run(&world(graph), &view, &read_query(query))
}

fn ok(query: &str) -> QueryResult {
    run(query).unwrap_or_else(|e| panic!("{query}: {e}"))
}

fn err(query: &str) -> String {
    match run(query) {
        Ok(r) => panic!("{query}: succeeded with {:?}", r.rows),
        Err(e) => e.message,
    }
}

fn s(x: &str) -> Value {
    Value::String(x.to_string())
}
fn int(i: i64) -> Value {
    Value::Integer(i)
}

/// The rows of a one-column result.
fn column(query: &str) -> Vec<Value> {
    let r = ok(query);
    assert_eq!(r.columns.len(), 1, "{query}");
    r.rows.into_iter().map(|mut row| row.remove(0)).collect()
}

#[test]
fn scenario_format_example_query() {
    let r = ok("MATCH (n:User) WHERE n.name CONTAINS 'ndy' RETURN n.name");
    assert_eq!(r.columns, vec!["n.name"]);
    assert_eq!(r.rows, vec![vec![s("Sandy")], vec![s("Mandy")]]);
}

#[test]
fn count_as_alias() {
    let r = ok("MATCH (n) RETURN count(n) AS c");
    assert_eq!(r.columns, vec!["c"]);
    assert_eq!(r.rows, vec![vec![int(6)]]);
}

#[test]
fn column_names_are_the_text_as_written() {
    let r = ok("MATCH (n:Person) RETURN count(*), n.name ORDER BY n.name LIMIT 1");
    assert_eq!(r.columns, vec!["count(*)", "n.name"]);
    assert_eq!(r.rows, vec![vec![int(1), s("Ann")]]);
    assert_eq!(r.sort_keys, Some(vec![vec![s("Ann")]]));
}

#[test]
fn two_hops_and_directions() {
    assert_eq!(
        column("MATCH (a)-[:KNOWS]->()-[:KNOWS]->(c) RETURN a.name + '->' + c.name AS p"),
        vec![s("Ann->Cy")]
    );
    assert_eq!(
        column("MATCH (c {name: 'Cy'})<-[:KNOWS]-(b)<-[r]-(a) RETURN r.since"),
        vec![int(2020)]
    );
    assert_eq!(
        column("MATCH (:Person {name: 'Bo'})-[r:KNOWS]-(x) RETURN x.name ORDER BY x.name DESC"),
        vec![s("Cy"), s("Ann")]
    );
}

#[test]
fn optional_match_and_coalesce() {
    assert_eq!(
        column(
            "MATCH (p:Person) OPTIONAL MATCH (p)-[:LIVES_IN]->(c:City) \
             RETURN p.name + ':' + coalesce(c.name, '-') AS x ORDER BY x"
        ),
        vec![s("Ann:Oslo"), s("Bo:-"), s("Cy:-"), s("Mandy:-")]
    );
}

#[test]
fn aggregation_grouping_and_ordering() {
    let r = ok("MATCH (p:Person)-[:KNOWS]-(f) \
         RETURN p.name AS name, count(f) AS friends, collect(f.name) AS names \
         ORDER BY friends DESC, name");
    assert_eq!(
        r.rows,
        vec![
            vec![s("Bo"), int(2), Value::List(vec![s("Ann"), s("Cy")])],
            vec![s("Ann"), int(1), Value::List(vec![s("Bo")])],
            vec![s("Cy"), int(1), Value::List(vec![s("Bo")])],
        ]
    );
    assert_eq!(
        r.sort_keys,
        Some(vec![
            vec![int(2), s("Bo")],
            vec![int(1), s("Ann")],
            vec![int(1), s("Cy")],
        ])
    );
}

#[test]
fn with_pipeline() {
    assert_eq!(
        column(
            "MATCH (p:Person) WITH p.age AS age WHERE age IS NOT NULL \
             WITH sum(age) AS total, avg(age) AS mean RETURN total"
        ),
        vec![int(55)]
    );
    assert_eq!(
        column("UNWIND [3, 1, 2] AS x WITH x ORDER BY x DESC LIMIT 2 RETURN collect(x) AS xs"),
        vec![Value::List(vec![int(3), int(2)])]
    );
}

#[test]
fn expressions_from_text() {
    assert_eq!(column("RETURN 0x1F + 0o17 AS x"), vec![int(46)]);
    assert_eq!(
        column("RETURN toInteger('1.9') + size('héllo') AS x"),
        vec![int(6)]
    );
    assert_eq!(column("RETURN 'a' + 'b' AS x"), vec![s("ab")]);
    assert_eq!(column("RETURN toString(2.0) AS x"), vec![s("2.0")]);
    assert_eq!(column("RETURN -7 / 2 AS x"), vec![int(-3)]);
    assert_eq!(
        column("RETURN toString(date('2020-01-31')) AS x"),
        vec![s("2020-01-31")]
    );
    assert_eq!(column("RETURN toString(1.0E20) AS x"), vec![s("1.0E20")]);
    assert_eq!(
        column("RETURN date('2020-01-31') < date('2020-02-01') AS x"),
        vec![Value::Boolean(true)]
    );
}

#[test]
fn list_functions_and_quantifiers() {
    assert_eq!(
        column("RETURN [x IN [1, 2, 3, 4] WHERE x % 2 = 0 | x * x] AS xs"),
        vec![Value::List(vec![int(4), int(16)])]
    );
    assert_eq!(
        column("RETURN reduce(s = '', x IN ['a', 'b'] | s + x) AS s"),
        vec![s("ab")]
    );
    assert_eq!(
        column("RETURN any(x IN [1, null] WHERE x = 2) AS a"),
        vec![Value::Null]
    );
    assert_eq!(column("RETURN size([1, 2, 3][1..]) AS n"), vec![int(2)]);
    assert_eq!(
        column("RETURN CASE WHEN 2 IN [1, null] THEN 'yes' ELSE 'unknown' END AS c"),
        vec![s("unknown")]
    );
}

#[test]
fn fulltext_from_text() {
    let r = ok(
        "CALL db.index.fulltext.queryNodes('userNames', 'SMI') YIELD node, score \
         RETURN node.name, score",
    );
    assert_eq!(r.rows, vec![vec![s("Mandy"), Value::Float(1.0)]]);
    let r = ok("CALL db.index.fulltext.queryNodes('userNames', 'andy')");
    assert_eq!(r.columns, vec!["node", "score"]);
    assert_eq!(r.rows.len(), 2);
}

#[test]
fn procedures_from_text() {
    assert_eq!(
        column("CALL db.labels() YIELD label WHERE label STARTS WITH 'P' RETURN label"),
        vec![s("Person")]
    );
    assert_eq!(
        column("CALL db.relationshipTypes()"),
        vec![s("KNOWS"), s("LIVES_IN")]
    );
}

#[test]
fn errors_from_text() {
    assert_eq!(err("RETURN foo(1) AS x"), "unknown function: foo");
    assert_eq!(
        err("RETURN abac.oidc.user_attribute('sub') AS x"),
        "abac functions are not allowed in queries"
    );
    assert!(err("RETURN 1 / 0 AS x").contains("/ by zero"));
    assert!(err("MATCH (n) WHERE count(*) > 1 RETURN n").contains("aggregate"));
    assert!(err("RETURN date() AS d").contains("current time"));
    assert!(err("CALL db.nothing()").contains("db.nothing"));
}

#[test]
fn optional_match_nulls_in_aggregates_and_paths() {
    let r = ok("MATCH (n:Person) OPTIONAL MATCH p = (n)-[:LIVES_IN]->(c) \
                RETURN count(n) AS people, count(c) AS placed, count(p) AS paths");
    assert_eq!(r.rows, vec![vec![int(4), int(1), int(1)]]);
    assert_eq!(
        column("OPTIONAL MATCH p = (:Nope)-->() RETURN p"),
        vec![Value::Null]
    );
}

#[test]
fn with_where_sees_variables_before_the_projection() {
    // openCypher TCK WithWhere7: WHERE belongs to the WITH and sees its input.
    assert_eq!(
        column(
            "MATCH (a:Person) WITH a.name AS name WHERE name = 'Bo' OR a.age = 30 RETURN name ORDER BY name"
        ),
        vec![s("Ann"), s("Bo")]
    );
}

#[test]
fn strings_concatenate_with_numbers_and_booleans_in_either_order() {
    let row = ok("RETURN 'n' + 1 AS a, 1.5 + 'x' AS b, 'is ' + true AS c, null + 'x' AS d");
    assert_eq!(
        row.rows,
        vec![vec![s("n1"), s("1.5x"), s("is true"), Value::Null]]
    );
    assert!(err("RETURN 'x' + {a: 1} AS e").contains('+'));
}

#[test]
fn datetime_transaction_is_the_transaction_time_in_utc() {
    use model::engine::{Engine, Principal, Transaction};
    // SCENARIO_FORMAT.md: a query's `at` is the value of datetime.transaction().
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-22T21:30:00+02:00")
        .unwrap_or_else(|e| panic!("{e}"));
    let tx = Transaction {
        principal: Principal::Admin,
        at,
    };
    let q = read_query("RETURN datetime.transaction() AS t, toString(datetime.transaction()) AS s");
    let r = reference::ReferenceEngine
        .query(&world(graph()), &tx, &q)
        .unwrap_or_else(|e| panic!("{e}"));
    let utc = chrono::DateTime::parse_from_rfc3339("2026-11-22T19:30:00Z")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        r.rows,
        vec![vec![Value::DateTime(utc), s("2026-11-22T19:30Z")]]
    );
    // Without a transaction (the interpreter alone) there is no such time.
    assert!(err("RETURN datetime.transaction() AS t").contains("datetime.transaction"));
}

#[test]
fn type_predicate_on_a_relationship() {
    // Neo4j: `r:T` tests a relationship's type; a relationship has one type,
    // so `r:T:U` with two different names never holds.
    assert_eq!(
        column("MATCH ()-[r]->() WHERE r:KNOWS RETURN r.since AS s ORDER BY s"),
        vec![int(2020), int(2021)]
    );
    let r =
        ok("MATCH ()-[r:LIVES_IN]->() RETURN r:LIVES_IN AS a, r:KNOWS AS b, r:LIVES_IN:KNOWS AS c");
    assert_eq!(
        r.rows,
        vec![vec![
            Value::Boolean(true),
            Value::Boolean(false),
            Value::Boolean(false)
        ]]
    );
}
