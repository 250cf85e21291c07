//! Seeded, deterministic benchmark graphs (docs/design.md, "Benchmark workloads"):
//! N nodes carrying 1 to 3 of 16 labels (skewed), 8 relationship types,
//! an average out-degree of 4 and 10 property keys (integers and strings,
//! some missing).
//!
//! The graph is built directly as a [`Graph`] (no Cypher parsing) from a
//! SplitMix64 stream (`generators::SplitMix64`, shared with the fuzzer's
//! worlds), so the same seed gives the same world on any machine.

use std::collections::BTreeMap;

use generators::SplitMix64;
use model::graph::{Graph, Node, Relationship, TokenKind, Tokens};
use model::value::Value;

/// Number of label names (`L0` … `L15`).
pub const LABELS: usize = 16;
/// Number of relationship types (`T0` … `T7`).
pub const REL_TYPES: usize = 8;
/// Number of property keys (`k0` … `k9`).
pub const KEYS: usize = 10;
/// Largest out-degree drawn; degrees are uniform in `0..=MAX_DEGREE`, mean 4.
const MAX_DEGREE: u64 = 8;
/// Integer property values are drawn from `0..INTEGER_RANGE`.
pub const INTEGER_RANGE: u64 = 1000;
/// String property values are `v0` … `v99`.
const STRING_VALUES: u64 = 100;

/// Label name `i` (`L<i>`).
pub fn label_name(i: usize) -> String {
    format!("L{i}")
}

/// Relationship-type name `i` (`T<i>`).
pub fn type_name(i: usize) -> String {
    format!("T{i}")
}

/// Property-key name `i` (`k<i>`).
pub fn key_name(i: usize) -> String {
    format!("k{i}")
}

/// Percentage of nodes that store key `k<i>`: 95% for `k0` down to 32% for
/// `k9`, so every key is missing somewhere and rules meet nulls.
pub fn key_presence_percent(i: usize) -> u64 {
    95 - 7 * i as u64
}

/// Zipf-like sampling (weight of item i ∝ 1 / (i + 1)) by a cumulative table.
struct Zipf {
    /// Cumulative weights scaled to `0..total`.
    cumulative: Vec<u64>,
    total: u64,
}

impl Zipf {
    fn new(items: usize) -> Self {
        const SCALE: u64 = 1 << 20;
        let mut cumulative = Vec::with_capacity(items);
        let mut total = 0;
        for i in 0..items {
            total += SCALE / (i as u64 + 1);
            cumulative.push(total);
        }
        Zipf { cumulative, total }
    }

    fn sample(&self, rng: &mut SplitMix64) -> usize {
        let x = rng.below(self.total);
        self.cumulative.partition_point(|&c| c <= x)
    }
}

/// Generates the benchmark graph with `nodes` nodes from `seed`.
///
/// Nodes and relationships are in id order, every token is registered
/// (labels `L0..L15`, types `T0..T7`, keys `k0..k9`, in that order) and each
/// node's labels are in token order (N4). Relationships carry `k0` (an
/// integer) on half of them.
pub fn generate(nodes: usize, seed: u64) -> Graph {
    let mut rng = SplitMix64::new(seed);
    let names = Names::new();
    let mut tokens = Tokens::default();
    for l in &names.labels {
        tokens.register(TokenKind::Label, l);
    }
    for t in &names.types {
        tokens.register(TokenKind::RelType, t);
    }
    for k in &names.keys {
        tokens.register(TokenKind::PropertyKey, k);
    }
    let labels = Zipf::new(LABELS);
    let types = Zipf::new(REL_TYPES);
    let node_list = (0..nodes as u64)
        .map(|id| Node {
            id,
            labels: node_labels(&mut rng, &labels, &names),
            properties: node_properties(&mut rng, &names),
        })
        .collect();
    let mut relationships = Vec::with_capacity(nodes * MAX_DEGREE as usize / 2);
    if nodes > 0 {
        for start in 0..nodes as u64 {
            for _ in 0..rng.below(MAX_DEGREE + 1) {
                let end = rng.below(nodes as u64);
                let rel_type = names.types.get(types.sample(&mut rng)).cloned();
                let mut properties = BTreeMap::new();
                if rng.percent(50) {
                    let v = rng.below(INTEGER_RANGE) as i64;
                    properties.insert(names.key(0), Value::Integer(v));
                }
                relationships.push(Relationship {
                    id: relationships.len() as u64,
                    rel_type: rel_type.unwrap_or_default(),
                    start,
                    end,
                    properties,
                });
            }
        }
    }
    Graph {
        nodes: node_list,
        relationships,
        tokens,
        indexes: Vec::new(),
    }
}

/// The token names, made once so that generation only clones them.
struct Names {
    labels: Vec<String>,
    types: Vec<String>,
    keys: Vec<String>,
}

impl Names {
    fn new() -> Self {
        Names {
            labels: (0..LABELS).map(label_name).collect(),
            types: (0..REL_TYPES).map(type_name).collect(),
            keys: (0..KEYS).map(key_name).collect(),
        }
    }

    fn key(&self, i: usize) -> String {
        self.keys.get(i).cloned().unwrap_or_default()
    }
}

/// 1 label (60%), 2 (30%) or 3 (10%), drawn Zipf-like without repeats and
/// returned in token order.
fn node_labels(rng: &mut SplitMix64, zipf: &Zipf, names: &Names) -> Vec<String> {
    let roll = rng.below(10);
    let count = if roll < 6 {
        1
    } else if roll < 9 {
        2
    } else {
        3
    };
    let mut chosen = [false; LABELS];
    let mut picked = 0;
    while picked < count {
        if let Some(slot) = chosen.get_mut(zipf.sample(rng))
            && !*slot
        {
            *slot = true;
            picked += 1;
        }
    }
    chosen
        .iter()
        .zip(&names.labels)
        .filter(|(c, _)| **c)
        .map(|(_, name)| name.clone())
        .collect()
}

/// Even keys hold integers in `0..1000`, odd keys strings `v0..v99`; key i
/// is present with [`key_presence_percent`].
fn node_properties(rng: &mut SplitMix64, names: &Names) -> BTreeMap<String, Value> {
    let mut properties = BTreeMap::new();
    for (i, key) in names.keys.iter().enumerate() {
        if !rng.percent(key_presence_percent(i)) {
            continue;
        }
        let value = if i % 2 == 0 {
            Value::Integer(rng.below(INTEGER_RANGE) as i64)
        } else {
            Value::String(format!("v{}", rng.below(STRING_VALUES)))
        };
        properties.insert(key.clone(), value);
    }
    properties
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_graph_and_different_seed_different_graph() {
        let a = generate(2_000, 7);
        assert_eq!(a, generate(2_000, 7));
        assert_ne!(a, generate(2_000, 8));
    }

    #[test]
    fn distribution_keeps_its_promises() {
        let n = 20_000;
        let g = generate(n, 42);
        assert_eq!(g.nodes.len(), n);
        assert_eq!(g.tokens.labels.len(), LABELS);
        assert_eq!(g.tokens.rel_types.len(), REL_TYPES);
        assert_eq!(g.tokens.property_keys.len(), KEYS);
        // Ids in order, labels 1 to 3, in token order, all 16 used, skewed.
        let mut per_label = [0usize; LABELS];
        for (i, node) in g.nodes.iter().enumerate() {
            assert_eq!(node.id, i as u64);
            assert!((1..=3).contains(&node.labels.len()), "{:?}", node.labels);
            let positions: Vec<usize> = node
                .labels
                .iter()
                .filter_map(|l| g.tokens.position(TokenKind::Label, l))
                .collect();
            assert_eq!(positions.len(), node.labels.len());
            assert!(positions.windows(2).all(|w| w[0] < w[1]));
            for p in positions {
                per_label[p] += 1;
            }
        }
        assert!(per_label.iter().all(|&c| c > 0));
        assert!(per_label[0] > 4 * per_label[15], "{per_label:?}");
        // Average out-degree ≈ 4, every type used, endpoints exist.
        let degree = g.relationships.len() as f64 / n as f64;
        assert!((3.8..4.2).contains(&degree), "{degree}");
        for (i, r) in g.relationships.iter().enumerate() {
            assert_eq!(r.id, i as u64);
            assert!(r.end < n as u64 && r.start < n as u64);
        }
        for t in &g.tokens.rel_types {
            assert!(g.relationships.iter().any(|r| &r.rel_type == t));
        }
        // Every key used and missing somewhere; even keys integers, odd strings.
        for (i, key) in g.tokens.property_keys.iter().enumerate() {
            let present = g
                .nodes
                .iter()
                .filter(|nd| nd.properties.contains_key(key))
                .count();
            assert!(present > 0 && present < n, "{key}: {present}");
            let typed = g
                .nodes
                .iter()
                .filter_map(|nd| nd.properties.get(key))
                .all(|v| match v {
                    Value::Integer(_) => i % 2 == 0,
                    Value::String(_) => i % 2 == 1,
                    _ => false,
                });
            assert!(typed, "{key}");
        }
    }
}
