//! Property tests at sizes where roaring switches between array and bitmap
//! containers (4 096 elements per 2^16 block): the compiled bitmaps must
//! equal a straightforward per-element computation over the stored graph,
//! for label grants and denies (N2) and for property rules with
//! three-valued predicates (Q3).

use std::collections::BTreeMap;

use proptest::prelude::*;

use model::budget::fuzz_cases;
use model::catalog::{RuleOp, RulePredicate};
use model::graph::{Graph, Node, TokenKind};
use model::value::Value;

use optimized::columns::Columns;
use optimized::policy::{ElementKind, Rule};
use optimized::rules::{predicate_truth, rule_elements};

const LABELS: [&str; 4] = ["A", "B", "C", "D"];

/// `count` nodes; label i on a node with probability `density[i]` per mille,
/// key `k` present with probability `present`: an integer 0..8, or one time
/// in ten a string when `mixed` (so that both typed and untyped columns occur).
fn big_graph(count: u64, density: [u16; 4], present: u16, mixed: bool, seed: u64) -> Graph {
    let mut g = Graph::default();
    for l in LABELS {
        g.tokens.register(TokenKind::Label, l);
    }
    g.tokens.register(TokenKind::PropertyKey, "k");
    let mut state = seed | 1;
    let mut next = move || {
        // xorshift64: deterministic, no dependency.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    g.nodes = (0..count)
        .map(|id| {
            let labels = LABELS
                .iter()
                .zip(density)
                .filter(|(_, d)| next() % 1000 < u64::from(*d))
                .map(|(l, _)| l.to_string())
                .collect();
            let mut properties = BTreeMap::new();
            if next() % 1000 < u64::from(present) {
                let r = next();
                let v = if mixed && r % 10 == 0 {
                    Value::String("s".into())
                } else {
                    Value::Integer((r % 8) as i64)
                };
                properties.insert("k".to_string(), v);
            }
            Node {
                id,
                labels,
                properties,
            }
        })
        .collect();
    g
}

fn densities() -> impl Strategy<Value = [u16; 4]> {
    // Sparse (array containers) through dense (bitmap containers).
    let d = prop_oneof![Just(5u16), Just(100), Just(500), Just(950)];
    [d.clone(), d.clone(), d.clone(), d]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(fuzz_cases(12)))]

    #[test]
    fn label_grants_and_denies_match_a_per_node_computation(
        count in 3_000u64..12_000,
        density in densities(),
        grant in prop::bits::u8::masked(0b1111),
        deny in prop::bits::u8::masked(0b1111),
        seed in any::<u64>(),
    ) {
        let graph = big_graph(count, density, 0, false, seed);
        let names = |bits: u8| -> Vec<&str> {
            (0..4).filter(|i| bits & (1 << i) != 0).filter_map(|i| LABELS.get(i).copied()).collect()
        };
        let mut security = String::from(
            "CREATE ROLE r; CREATE USER u SET PASSWORD 'p' CHANGE NOT REQUIRED; GRANT ROLE r TO u;",
        );
        if !names(grant).is_empty() {
            security.push_str(&format!("GRANT TRAVERSE ON GRAPH * NODES {} TO r;", names(grant).join(", ")));
        }
        if !names(deny).is_empty() {
            security.push_str(&format!("DENY TRAVERSE ON GRAPH * NODES {} TO r;", names(deny).join(", ")));
        }
        let mut world = model::world::World {
            database: "neo4j".into(),
            graph,
            catalog: model::catalog::Catalog::with_builtins(),
            config: model::config::Config::default(),
        };
        let commands = model::cypher::parse_admin_script(&security)
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        for c in commands {
            model::admin::exec::execute(&c.item, &mut world.catalog, &mut world.graph.tokens)
                .map_err(|e| TestCaseError::fail(e.message()))?;
        }
        let compiled = optimized::compile(&world, &model::engine::Principal::Native("u".into()))
            .map_err(|e| TestCaseError::fail(e.message()))?;
        let has_any = |n: &Node, bits: u8| names(bits).iter().any(|l| n.labels.iter().any(|m| m == l));
        let expected: Vec<u32> = (0u32..)
            .zip(&world.graph.nodes)
            .filter(|(_, n)| has_any(n, grant) && !has_any(n, deny))
            .map(|(p, _)| p)
            .collect();
        let got: Vec<u32> = compiled.traversable_nodes().iter().collect();
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn rule_bitmaps_match_a_per_node_evaluation(
        count in 3_000u64..12_000,
        density in densities(),
        present in prop_oneof![Just(50u16), Just(600), Just(1000)],
        mixed in any::<bool>(),
        seed in any::<u64>(),
        label in prop::option::of(0usize..4),
        op in prop::sample::select(vec![RuleOp::Equal, RuleOp::NotEqual, RuleOp::Less, RuleOp::GreaterEqual]),
        constant in 0i64..8,
        form in 0u8..4,
        negated in any::<bool>(),
    ) {
        let graph = big_graph(count, density, present, mixed, seed);
        let columns = Columns::build(&graph).map_err(|e| TestCaseError::fail(e.message()))?;
        let predicate = match form {
            0 => RulePredicate::Compare(op, Value::Integer(constant)),
            1 => RulePredicate::IsNull,
            2 => RulePredicate::IsNotNull,
            _ => RulePredicate::InList(vec![Value::Integer(constant), Value::Integer(constant + 1)]),
        };
        let key = columns.keys.resolve("k").ok_or_else(|| TestCaseError::fail("k"))?;
        let token = label.and_then(|l| LABELS.get(l)).and_then(|l| columns.labels.resolve(l));
        let rule = Rule { kind: ElementKind::Node, token, key, predicate: predicate.clone(), negated };
        let got: Vec<u32> = rule_elements(&columns, &rule).iter().collect();
        let expected: Vec<u32> = (0u32..)
            .zip(&graph.nodes)
            .filter(|(_, n)| {
                let labelled = match label.and_then(|l| LABELS.get(l)) {
                    Some(l) => n.labels.iter().any(|m| m == l),
                    None => true,
                };
                let value = n.properties.get("k").cloned().unwrap_or(Value::Null);
                let t = predicate_truth(&predicate, &value);
                labelled && (if negated { t.map(|b| !b) } else { t }) == Some(true)
            })
            .map(|(p, _)| p)
            .collect();
        prop_assert_eq!(got, expected);
    }
}
