//! The generated graph: nodes, relationships and indexes as data, the
//! `graph` script that creates them, and the same graph built directly
//! (without Cypher) for the round-trip test.

use arbitrary::Unstructured;
use model::admin::render::{literal, symbolic};
use model::graph::{Graph, Index, IndexKind, Node, Relationship, TokenKind};
use model::value::Value;

use crate::choice::{flag, one, pick, subset, weighted};
use crate::pools::{KEYS, LABELS, TYPES, UNKNOWN_LABEL};
use crate::values::{identical, property_value};

/// Most nodes in a world.
pub const MAX_NODES: usize = 8;
/// Most relationships in a world.
pub const MAX_RELATIONSHIPS: usize = 12;

/// A node to create: labels and properties in written order (the order
/// their tokens enter the registry, D3).
#[derive(Debug, Clone, PartialEq)]
pub struct GenNode {
    /// Labels, distinct, from [`LABELS`].
    pub labels: Vec<String>,
    /// Properties, distinct keys from [`KEYS`], never null.
    pub properties: Vec<(String, Value)>,
}

/// A relationship to create between two generated nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct GenRel {
    /// Its type, from [`TYPES`].
    pub rel_type: String,
    /// Index of the start node in the world's nodes.
    pub start: usize,
    /// Index of the end node.
    pub end: usize,
    /// Properties, as for nodes.
    pub properties: Vec<(String, Value)>,
}

/// A node with 0-3 labels and each key often missing.
pub fn node(u: &mut Unstructured<'_>) -> GenNode {
    GenNode {
        labels: names(subset(u, &LABELS, 45)),
        properties: properties(u, 55),
    }
}

/// A relationship between two of `node_count` nodes (node 0 when there
/// are none; the caller creates none then).
pub fn relationship(u: &mut Unstructured<'_>, node_count: usize) -> GenRel {
    GenRel {
        rel_type: one(u, &TYPES).copied().unwrap_or("T").to_string(),
        start: pick(u, node_count),
        end: pick(u, node_count),
        properties: properties(u, 35),
    }
}

/// Replaces every stored value that is equivalent to an earlier value
/// under the same key without being identical to it (`0` and `0.0`, `0.0`
/// and `-0.0`, `[1]` and `[1.0]`) by a copy of the earlier one.
///
/// Why: which of two equivalent values `max()`, `DISTINCT`, a grouping key
/// or an ORDER BY cut by LIMIT keeps depends on the order rows arrive in,
/// which the specification leaves open, so engines may differ without
/// either being wrong (corpora/regressions/max-of-equal-int-and-float.toml
/// records one such case). Floats equal to integers still meet integers in
/// comparisons, rules and WHERE constants, where the answer is defined.
/// Remove this once docs/decisions.md fixes a tie rule.
pub fn untie(nodes: &mut [GenNode], rels: &mut [GenRel]) {
    let mut seen: Vec<(String, Value)> = Vec::new();
    let maps = nodes
        .iter_mut()
        .map(|n| &mut n.properties)
        .chain(rels.iter_mut().map(|r| &mut r.properties));
    for properties in maps {
        for (key, value) in properties.iter_mut() {
            let earlier = seen
                .iter()
                .find(|(k, v)| k == key && v.equivalent(value) && !identical(v, value));
            match earlier {
                Some((_, v)) => *value = v.clone(),
                None => seen.push((key.clone(), value.clone())),
            }
        }
    }
}

/// Sometimes a native index, sometimes a full-text one (I1, I2), sometimes both.
pub fn indexes(u: &mut Unstructured<'_>) -> Vec<Index> {
    let mut out = Vec::new();
    if flag(u, 15) {
        let label = index_label(u);
        let mut keys = names(subset(u, &KEYS, 40));
        if keys.is_empty() {
            keys.push("k".to_string());
        }
        out.push(Index {
            name: "idx0".to_string(),
            kind: IndexKind::Native,
            labels: vec![label],
            keys,
        });
    }
    if flag(u, 35) {
        let mut labels = names(subset(u, &LABELS, 50));
        if labels.is_empty() {
            labels.push(index_label(u));
        }
        let mut keys = names(subset(u, &KEYS, 50));
        if keys.is_empty() {
            keys.push("k".to_string());
        }
        out.push(Index {
            name: "ft0".to_string(),
            kind: IndexKind::Fulltext,
            labels,
            keys,
        });
    }
    out
}

/// A label for an index: usually a data label, sometimes the one no node
/// carries (it is then "in use" only through the index, V4).
fn index_label(u: &mut Unstructured<'_>) -> String {
    if weighted(u, &[5, 1]) == 1 {
        UNKNOWN_LABEL.to_string()
    } else {
        one(u, &LABELS).copied().unwrap_or("A").to_string()
    }
}

fn names(items: Vec<&str>) -> Vec<String> {
    items.into_iter().map(str::to_string).collect()
}

fn properties(u: &mut Unstructured<'_>, percent: u32) -> Vec<(String, Value)> {
    subset(u, &KEYS, percent)
        .into_iter()
        .map(|k| (k.to_string(), property_value(u)))
        .collect()
}

/// `{k: 1, m: 'a'}` in written order, or nothing.
fn map_text(properties: &[(String, Value)]) -> String {
    if properties.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = properties
        .iter()
        .map(|(k, v)| format!("{}: {}", symbolic(k), literal(v)))
        .collect();
    format!(" {{{}}}", parts.join(", "))
}

/// The `graph` script: one statement creating every node (`n0`, `n1`, ...)
/// and relationship, one line each, then one statement per index.
pub fn data_text(nodes: &[GenNode], rels: &[GenRel], indexes: &[Index]) -> String {
    let mut lines = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        let labels: String = node
            .labels
            .iter()
            .map(|l| format!(":{}", symbolic(l)))
            .collect();
        lines.push(format!(
            "CREATE (n{i}{labels}{})",
            map_text(&node.properties)
        ));
    }
    for rel in rels {
        lines.push(format!(
            "CREATE (n{})-[:{}{}]->(n{})",
            rel.start,
            symbolic(&rel.rel_type),
            map_text(&rel.properties),
            rel.end
        ));
    }
    if let Some(last) = lines.last_mut() {
        last.push(';');
    }
    for index in indexes {
        let keys: Vec<String> = index
            .keys
            .iter()
            .map(|k| format!("n.{}", symbolic(k)))
            .collect();
        let labels: Vec<String> = index.labels.iter().map(|l| symbolic(l)).collect();
        lines.push(match index.kind {
            IndexKind::Native => format!(
                "CREATE INDEX {} FOR (n:{}) ON ({});",
                symbolic(&index.name),
                labels.join(":"),
                keys.join(", ")
            ),
            IndexKind::Fulltext => format!(
                "CREATE FULLTEXT INDEX {} FOR (n:{}) ON EACH [{}];",
                symbolic(&index.name),
                labels.join("|"),
                keys.join(", ")
            ),
        });
    }
    lines.join("\n")
}

/// The graph the script creates, built directly: tokens registered in the
/// order D3 gives (each node's labels then its keys, each relationship's
/// type then its keys, each index's labels then keys), node labels in
/// registry order (N4), ids in creation order.
pub fn direct_graph(nodes: &[GenNode], rels: &[GenRel], indexes: &[Index]) -> Graph {
    let mut graph = Graph::default();
    for (id, node) in (0u64..).zip(nodes) {
        for label in &node.labels {
            graph.tokens.register(TokenKind::Label, label);
        }
        register_keys(&mut graph, &node.properties);
        let mut labels = node.labels.clone();
        labels.sort_by_key(|l| graph.tokens.position(TokenKind::Label, l));
        graph.nodes.push(Node {
            id,
            labels,
            properties: node.properties.iter().cloned().collect(),
        });
    }
    for (id, rel) in (0u64..).zip(rels) {
        graph.tokens.register(TokenKind::RelType, &rel.rel_type);
        register_keys(&mut graph, &rel.properties);
        graph.relationships.push(Relationship {
            id,
            rel_type: rel.rel_type.clone(),
            start: rel.start as u64,
            end: rel.end as u64,
            properties: rel.properties.iter().cloned().collect(),
        });
    }
    for index in indexes {
        for label in &index.labels {
            graph.tokens.register(TokenKind::Label, label);
        }
        for key in &index.keys {
            graph.tokens.register(TokenKind::PropertyKey, key);
        }
        graph.indexes.push(index.clone());
    }
    graph
}

fn register_keys(graph: &mut Graph, properties: &[(String, Value)]) {
    for (key, _) in properties {
        graph.tokens.register(TokenKind::PropertyKey, key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(labels: &[&str], properties: &[(&str, Value)]) -> GenNode {
        GenNode {
            labels: labels.iter().map(|l| l.to_string()).collect(),
            properties: properties
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        }
    }

    #[test]
    fn the_script_reads_as_cypher() {
        let nodes = vec![
            node(
                &["B", "A"],
                &[
                    ("m", Value::Integer(-1)),
                    ("k", Value::String("it's".into())),
                ],
            ),
            node(&[], &[]),
        ];
        let rels = vec![GenRel {
            rel_type: "T".into(),
            start: 1,
            end: 0,
            properties: vec![("k".into(), Value::Float(1.0))],
        }];
        let indexes = vec![Index {
            name: "ft0".into(),
            kind: IndexKind::Fulltext,
            labels: vec!["A".into(), "Z".into()],
            keys: vec!["k".into()],
        }];
        assert_eq!(
            data_text(&nodes, &rels, &indexes),
            "CREATE (n0:B:A {m: -1, k: 'it\\'s'})\n\
             CREATE (n1)\n\
             CREATE (n1)-[:T {k: 1.0}]->(n0);\n\
             CREATE FULLTEXT INDEX ft0 FOR (n:A|Z) ON EACH [n.k];"
        );
    }

    #[test]
    fn untie_keeps_one_spelling_of_equivalent_values_per_key() {
        let mut nodes = vec![
            node(&[], &[("k", Value::Float(0.0)), ("m", Value::Integer(1))]),
            node(&[], &[("k", Value::Integer(0)), ("m", Value::Float(1.0))]),
            node(&[], &[("k", Value::Float(-0.0)), ("n", Value::Float(1.0))]),
        ];
        let mut rels = vec![GenRel {
            rel_type: "T".into(),
            start: 0,
            end: 0,
            properties: vec![("m".into(), Value::List(vec![Value::Float(1.0)]))],
        }];
        untie(&mut nodes, &mut rels);
        let values = |n: &GenNode| {
            n.properties
                .iter()
                .map(|(_, v)| v.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(values(&nodes[0]), [Value::Float(0.0), Value::Integer(1)]);
        assert_eq!(values(&nodes[1]), [Value::Float(0.0), Value::Integer(1)]);
        // -0.0 == 0.0 as f64, so compare bits.
        assert!(identical(&nodes[2].properties[0].1, &Value::Float(0.0)));
        // Another key: `n` never held an integer 1, so 1.0 stays.
        assert!(identical(&nodes[2].properties[1].1, &Value::Float(1.0)));
        // A list is not equivalent to a scalar: kept.
        assert_eq!(
            rels[0].properties[0].1,
            Value::List(vec![Value::Float(1.0)])
        );
    }

    #[test]
    fn direct_tokens_follow_written_order() {
        let nodes = vec![
            node(&["B", "A"], &[("m", Value::Integer(1))]),
            node(&["A", "C"], &[]),
        ];
        let graph = direct_graph(&nodes, &[], &[]);
        assert_eq!(graph.tokens.labels, ["B", "A", "C"]);
        assert_eq!(graph.tokens.property_keys, ["m"]);
        // N4: labels in registry order, whatever order they were written in.
        assert_eq!(
            graph.nodes.get(1).map(|n| n.labels.clone()),
            Some(vec!["A".to_string(), "C".to_string()])
        );
        assert_eq!(
            graph.nodes.first().map(|n| n.labels.clone()),
            Some(vec!["B".to_string(), "A".to_string()])
        );
    }
}
