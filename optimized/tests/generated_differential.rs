//! Differential property test on generated worlds: small random graphs
//! (labels A/B/C, types T/U, keys k/m/n with integer values, sometimes
//! missing or of another type), random privileges of every segment kind
//! including property rules of every predicate form, names that are not
//! registered (P6), privileges on another graph (D4), ACCESS denies and a
//! random blacklist. The optimized visibility must equal the reference's.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use model::budget::fuzz_cases;
use model::catalog::{
    Access, Action, Catalog, GraphScope, Privilege, PropertyRule, PropertySet, Role, RuleOp,
    RulePredicate, Segment, User,
};
use model::config::Config;
use model::engine::Principal;
use model::graph::{Graph, Node, Relationship, TokenKind};
use model::value::Value;
use model::world::World;

const LABELS: [&str; 3] = ["A", "B", "C"];
const TYPES: [&str; 2] = ["T", "U"];
const KEYS: [&str; 3] = ["k", "m", "n"];
/// Names that are never registered (P6).
const UNKNOWN_LABEL: &str = "Z";
const UNKNOWN_TYPE: &str = "V";
const UNKNOWN_KEY: &str = "z";
const ROLES: [&str; 3] = ["r0", "r1", "r2"];

/// A stored value: mostly small integers, sometimes another type.
fn stored_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (0i64..4).prop_map(Value::Integer),
        1 => Just(Value::Float(1.5)),
        1 => Just(Value::String("x".into())),
        1 => any::<bool>().prop_map(Value::Boolean),
        1 => prop::collection::vec((0i64..4).prop_map(Value::Integer), 0..3).prop_map(Value::List),
    ]
}

/// Each key present or missing.
fn properties() -> impl Strategy<Value = BTreeMap<String, Value>> {
    prop::collection::vec(prop::option::weighted(0.6, stored_value()), KEYS.len()).prop_map(
        |values| {
            KEYS.iter()
                .zip(values)
                .filter_map(|(k, v)| Some((k.to_string(), v?)))
                .collect()
        },
    )
}

fn graph() -> impl Strategy<Value = Graph> {
    let nodes = prop::collection::vec((prop::bits::u8::masked(0b111), properties()), 1..10);
    (nodes, any::<bool>()).prop_flat_map(|(nodes, extra_tokens)| {
        let count = nodes.len();
        let rels = prop::collection::vec((0..TYPES.len(), 0..count, 0..count, properties()), 0..12);
        (Just(nodes), rels, Just(extra_tokens)).prop_map(|(nodes, rels, extra_tokens)| {
            let mut g = Graph::default();
            for l in LABELS {
                g.tokens.register(TokenKind::Label, l);
            }
            for t in TYPES {
                g.tokens.register(TokenKind::RelType, t);
            }
            for k in KEYS {
                g.tokens.register(TokenKind::PropertyKey, k);
            }
            if extra_tokens {
                // Registered but carried by nothing (D3).
                g.tokens.register(TokenKind::Label, "D");
                g.tokens.register(TokenKind::PropertyKey, "unused");
            }
            g.nodes = (0u64..)
                .zip(nodes)
                .map(|(id, (bits, properties))| Node {
                    id,
                    labels: (0..LABELS.len())
                        .filter(|i| bits & (1 << i) != 0)
                        .filter_map(|i| LABELS.get(i).map(|l| l.to_string()))
                        .collect(),
                    properties,
                })
                .collect();
            g.relationships = (0u64..)
                .zip(rels)
                .map(|(id, (t, s, e, properties))| Relationship {
                    id,
                    rel_type: TYPES.get(t).copied().unwrap_or("T").to_string(),
                    start: s as u64,
                    end: e as u64,
                    properties,
                })
                .collect();
            g
        })
    })
}

fn name_or_star(
    names: &'static [&'static str],
    unknown: &'static str,
) -> BoxedStrategy<Option<String>> {
    prop_oneof![
        2 => Just(None),
        4 => prop::sample::select(names).prop_map(|n| Some(n.to_string())),
        1 => Just(Some(unknown.to_string())),
    ]
    .boxed()
}

fn rule() -> impl Strategy<Value = PropertyRule> {
    let constant = prop_oneof![
        6 => (0i64..4).prop_map(Value::Integer),
        1 => Just(Value::Float(1.5)),
        1 => Just(Value::String("x".into())),
        1 => any::<bool>().prop_map(Value::Boolean),
    ];
    let op = prop::sample::select(vec![
        RuleOp::Equal,
        RuleOp::NotEqual,
        RuleOp::Less,
        RuleOp::LessEqual,
        RuleOp::Greater,
        RuleOp::GreaterEqual,
    ]);
    let predicate = prop_oneof![
        4 => (op, constant).prop_map(|(op, c)| RulePredicate::Compare(op, c)),
        1 => Just(RulePredicate::IsNull),
        1 => Just(RulePredicate::IsNotNull),
        2 => prop::collection::vec((0i64..4).prop_map(Value::Integer), 0..3)
            .prop_map(RulePredicate::InList),
        1 => (0i64..4).prop_map(|i| RulePredicate::Contains(Value::Integer(i))),
    ];
    let key = prop_oneof![
        6 => prop::sample::select(&KEYS[..]).prop_map(str::to_string),
        1 => Just(UNKNOWN_KEY.to_string()),
    ];
    (key, predicate, any::<bool>(), any::<bool>()).prop_map(
        |(key, predicate, negated, map_form)| PropertyRule {
            var: "n".into(),
            key,
            predicate,
            negated,
            map_form,
        },
    )
}

fn segment() -> impl Strategy<Value = Segment> {
    prop_oneof![
        3 => name_or_star(&LABELS, UNKNOWN_LABEL).prop_map(Segment::Nodes),
        2 => name_or_star(&TYPES, UNKNOWN_TYPE).prop_map(Segment::Relationships),
        2 => (name_or_star(&LABELS, UNKNOWN_LABEL), rule())
            .prop_map(|(label, rule)| Segment::NodeRule { label, rule }),
        1 => (name_or_star(&TYPES, UNKNOWN_TYPE), rule())
            .prop_map(|(rel_type, rule)| Segment::RelRule { rel_type, rule }),
    ]
}

fn graph_scope() -> impl Strategy<Value = GraphScope> {
    prop_oneof![
        6 => Just(GraphScope::All),
        1 => Just(GraphScope::Home),
        1 => Just(GraphScope::Default),
        1 => Just(GraphScope::Named("neo4j".into())),
        1 => Just(GraphScope::Named("other".into())),
    ]
}

fn privilege() -> impl Strategy<Value = Privilege> {
    let access = prop_oneof![3 => Just(Access::Granted), 1 => Just(Access::Denied)];
    let action = prop_oneof![
        Just(Action::Traverse),
        Just(Action::Read),
        Just(Action::Match),
    ];
    let keys = prop_oneof![
        2 => Just(PropertySet::All),
        4 => prop::sample::select(&KEYS[..]).prop_map(|k| PropertySet::Key(k.to_string())),
        1 => Just(PropertySet::Key(UNKNOWN_KEY.to_string())),
    ];
    let read = (access.clone(), action, keys, graph_scope(), segment()).prop_map(
        |(access, action, keys, graph, segment)| Privilege {
            access,
            properties: if action == Action::Traverse {
                PropertySet::None
            } else {
                keys
            },
            action,
            graph,
            segment,
        },
    );
    let database_access = (access, graph_scope()).prop_map(|(access, graph)| Privilege {
        access,
        action: Action::Access,
        properties: PropertySet::None,
        graph,
        segment: Segment::Database,
    });
    prop_oneof![12 => read, 1 => database_access]
}

fn catalog() -> impl Strategy<Value = Catalog> {
    let roles = prop::collection::vec(prop::collection::vec(privilege(), 1..9), ROLES.len());
    let public = prop::collection::vec(privilege(), 0..3);
    let held = prop::bits::u8::masked(0b1111);
    (roles, public, held).prop_map(|(privileges, public, held)| {
        let mut catalog = Catalog::with_builtins();
        // PUBLIC's privileges count for every user (U1).
        if let Some(role) = catalog.roles.get_mut(model::catalog::PUBLIC) {
            role.privileges.extend(public);
        }
        for (name, privileges) in ROLES.iter().zip(privileges) {
            catalog.roles.insert(
                name.to_string(),
                Role {
                    name: name.to_string(),
                    privileges,
                },
            );
        }
        // Bit 3: a granted role that does not exist (dropped later).
        let mut roles: BTreeSet<String> = (0..ROLES.len())
            .filter(|i| held & (1 << i) != 0)
            .filter_map(|i| ROLES.get(i).map(|r| r.to_string()))
            .collect();
        if held & 0b1000 != 0 {
            roles.insert("ghost".to_string());
        }
        catalog.users.insert(
            "u".to_string(),
            User {
                name: "u".to_string(),
                roles,
                password_change_required: false,
            },
        );
        catalog
    })
}

fn config() -> impl Strategy<Value = Config> {
    let holders = prop::sample::select(vec!["PUBLIC", "r0", "r1", "r2", "ghost", "other"]);
    let keys = prop::sample::subsequence(vec!["k", "m", "n", UNKNOWN_KEY], 1..3);
    (any::<bool>(), prop::collection::vec((holders, keys), 0..3)).prop_map(|(enabled, entries)| {
        let mut config = Config {
            property_level_enabled: enabled,
            ..Config::default()
        };
        for (role, keys) in entries {
            config
                .blacklist
                .entry(role.to_string())
                .or_default()
                .extend(keys.into_iter().map(str::to_string));
        }
        config
    })
}

fn world() -> impl Strategy<Value = World> {
    (graph(), catalog(), config()).prop_map(|(graph, catalog, config)| World {
        database: "neo4j".to_string(),
        graph,
        catalog,
        config,
    })
}

/// Queries run on every generated world by both engines: patterns in
/// every direction, property maps, paths, aggregates, ordering, OPTIONAL
/// MATCH, the listing procedures.
const QUERIES: [&str; 23] = [
    "MATCH (n) RETURN n",
    "MATCH (n:A) RETURN count(n) AS c",
    "MATCH (n:A:B) RETURN count(*) AS c",
    "MATCH (a)-[r]->(b) RETURN a, r, b",
    "MATCH (a)-[r]-(b) RETURN a.k AS ak, type(r) AS t, b.m AS bm",
    "MATCH p = (a:A)-[:T]->(b)<-[:U]-(c) RETURN p",
    "MATCH (n) RETURN n.k AS k, count(*) AS c ORDER BY k",
    "MATCH (n) WHERE n.k > 1 RETURN keys(n) AS ks, properties(n) AS ps, labels(n) AS ls",
    "MATCH (n) OPTIONAL MATCH (n)-[r:T]->(m) RETURN n, collect(m.k) AS ks",
    "CALL db.labels()",
    "CALL db.relationshipTypes()",
    "CALL db.propertyKeys()",
    "MATCH (n:A {k: 1}) RETURN n",
    "MATCH (a)-[r {k: 1}]->(b) RETURN r",
    "MATCH (n) WITH n ORDER BY n.k, n.m SKIP 1 LIMIT 3 RETURN n.k AS k, n.m AS m",
    "MATCH (n) RETURN DISTINCT n.k IS NULL AS missing, n:A AS a",
    "MATCH (a)-[r]->(b) RETURN startNode(r) AS s, endNode(r) AS e, r:T AS t",
    "MATCH (a)-->(b)-->(c) WHERE a <> c RETURN a.k AS k, count(DISTINCT c) AS cs",
    "MATCH (a:A)-[r:T]-(b) RETURN count(*) AS c",
    "MATCH (a)-[r]->(b:B) RETURN count(r) AS c",
    "MATCH (a)<-[r:T|U]-(b:C) RETURN count(b) AS c",
    "MATCH (n) WHERE 1 <= n.k AND n.m <> 2 RETURN n.k AS k, n.m AS m",
    "MATCH (a:A)-[r]->(b) WHERE a.k = 1 AND b.m >= 0 RETURN a, b",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(fuzz_cases(100)))]

    #[test]
    fn optimized_answers_equal_the_reference_on_generated_worlds(world in world()) {
        use model::cypher::{Statement, parse_statement};
        use model::engine::{Engine, Transaction};
        use model::rows::compare_results_named;

        let at = chrono::DateTime::parse_from_rfc3339("2026-01-01T12:00:00Z")
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut optimized = optimized::OptimizedEngine::new();
        for text in QUERIES {
            let Ok(Statement::Read(query)) = parse_statement(text) else {
                prop_assert!(false, "does not parse as a read query: {text}");
                continue;
            };
            for who in [Principal::Native("u".to_string()), Principal::Admin] {
                let tx = Transaction { principal: who, at };
                let a = reference::ReferenceEngine.query(&world, &tx, &query);
                let b = optimized.query(&world, &tx, &query);
                let verdict = match (&a, &b) {
                    (Ok(a), Ok(b)) => compare_results_named(a, "reference", b, "optimized"),
                    (Err(_), Err(_)) => Ok(()),
                    _ => Err(format!("reference {a:?}, optimized {b:?}")),
                };
                if let Err(why) = verdict {
                    prop_assert!(false, "{text} as {:?}: {why}\nworld: {world:#?}", tx.principal);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(fuzz_cases(300)))]

    #[test]
    fn optimized_visibility_equals_the_reference_on_generated_worlds(world in world()) {
        for who in [Principal::Native("u".to_string()), Principal::Admin] {
            if let Some(d) = common::disagreement(&world, &who) {
                prop_assert!(false, "{d}\nworld: {world:#?}");
            }
        }
    }
}

/// The generator must make worlds where the answer is neither trivial nor
/// an error often enough, or the differential test above proves little.
#[test]
fn generated_worlds_are_mostly_interesting() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let strategy = world();
    let (mut accessible, mut partial_nodes, mut partial_rels, mut partial_keys) = (0, 0, 0, 0);
    let total = 300;
    for _ in 0..total {
        let Ok(tree) = strategy.new_tree(&mut runner) else {
            continue;
        };
        let world = tree.current();
        let Ok(v) = common::reference_visibility(&world, &Principal::Native("u".into())) else {
            continue;
        };
        accessible += 1;
        if !v.nodes.is_empty() && v.nodes.len() < world.graph.nodes.len() as u64 {
            partial_nodes += 1;
        }
        if !v.relationships.is_empty()
            && v.relationships.len() < world.graph.relationships.len() as u64
        {
            partial_rels += 1;
        }
        let some_key_hidden = world.graph.nodes.iter().any(|n| {
            let shown = v.keys_of_node(n.id).len();
            v.nodes.contains(n.id) && shown < n.properties.len() && shown > 0
        });
        if some_key_hidden {
            partial_keys += 1;
        }
    }
    let at_least = |count: usize, share: usize, what: &str| {
        assert!(
            count * 100 >= total * share,
            "{what}: {count} of {total} generated worlds"
        );
    };
    at_least(accessible, 60, "worlds the user may access");
    at_least(
        partial_nodes,
        15,
        "worlds with some nodes hidden and some shown",
    );
    at_least(
        partial_rels,
        5,
        "worlds with some relationships hidden and some shown",
    );
    at_least(
        partial_keys,
        10,
        "worlds with a shown node missing some readable keys",
    );
}
