//! The graph as columns, built once per graph: node label sets as bitsets
//! (label index → bit), a roaring bitmap per label and per relationship
//! type, relationship start/end arrays, CSR adjacency in both directions
//! and the property columns of nodes and relationships.
//!
//! Elements are addressed by *position*: the node's or relationship's index
//! in the graph's vectors, a `u32` so that roaring bitmaps can hold it. The
//! stored ids are kept beside to translate back.

use std::collections::BTreeMap;

use roaring::RoaringBitmap;

use model::engine::EngineError;
use model::error::{ErrorKind, Resource};
use model::graph::{Graph, NodeId, RelId};
use model::value::Value;

use crate::dictionary::Dictionary;
use crate::ids::Ids;
use crate::properties::PropertyTable;

/// Compressed sparse rows: for each node, the relationships at it.
#[derive(Debug, Clone, Default)]
pub struct Csr {
    /// `offsets[n]..offsets[n + 1]` is node n's slice of `rels`.
    offsets: Vec<u32>,
    /// Relationship positions grouped by node.
    rels: Vec<u32>,
}

impl Csr {
    /// Groups relationship positions by `node_of(rel)` over `nodes` nodes.
    fn build(nodes: usize, node_of: &[u32]) -> Self {
        let mut counts = vec![0u32; nodes + 1];
        for &n in node_of {
            if let Some(c) = counts.get_mut(n as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..counts.len() {
            let before = counts.get(i - 1).copied().unwrap_or(0);
            if let Some(c) = counts.get_mut(i) {
                *c += before;
            }
        }
        let offsets = counts.clone();
        let mut next = counts;
        let mut rels = vec![0u32; node_of.len()];
        for (rel, &n) in (0u32..).zip(node_of) {
            if let Some(at) = next.get_mut(n as usize) {
                if let Some(slot) = rels.get_mut(*at as usize) {
                    *slot = rel;
                }
                *at += 1;
            }
        }
        Csr { offsets, rels }
    }

    /// The relationship positions at node `node`.
    pub fn rels(&self, node: u32) -> &[u32] {
        let n = node as usize;
        match (self.offsets.get(n), self.offsets.get(n + 1)) {
            (Some(&from), Some(&to)) => self.rels.get(from as usize..to as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// The columnar graph.
#[derive(Debug, Clone)]
pub struct Columns {
    /// Label tokens.
    pub labels: Dictionary,
    /// Relationship-type tokens.
    pub rel_types: Dictionary,
    /// Property-key tokens (shared by nodes and relationships).
    pub keys: Dictionary,
    /// Stored node ids by position.
    pub node_ids: Ids,
    /// Stored relationship ids by position.
    pub rel_ids: Ids,
    /// Words per node in `node_labels`.
    label_words: usize,
    /// Each node's label set, `label_words` words per node.
    node_labels: Vec<u64>,
    label_nodes: Vec<RoaringBitmap>,
    rel_type: Vec<u32>,
    type_rels: Vec<RoaringBitmap>,
    rel_start: Vec<u32>,
    rel_end: Vec<u32>,
    /// Outgoing relationships per node.
    pub outgoing: Csr,
    /// Incoming relationships per node.
    pub incoming: Csr,
    /// Node property columns.
    pub node_properties: PropertyTable,
    /// Relationship property columns.
    pub rel_properties: PropertyTable,
}

/// A count as a `u32` position bound, or the error saying the graph is too large.
fn position_count(count: usize, what: &'static str) -> Result<u32, EngineError> {
    u32::try_from(count).map_err(|_| {
        EngineError::of(ErrorKind::ResourceLimit(Resource::GraphSize {
            most: u64::from(u32::MAX),
            what,
            count,
        }))
    })
}

/// Appends `(position, value)` of every property of one element.
fn collect_properties<'g>(
    keys: &mut Dictionary,
    entries: &mut BTreeMap<usize, Vec<(u32, &'g Value)>>,
    position: u32,
    properties: &'g BTreeMap<String, Value>,
) {
    for (key, value) in properties {
        let k = keys.intern(key);
        entries.entry(k).or_default().push((position, value));
    }
}

impl Columns {
    /// Builds the columns of `graph`. Fails only when the graph has more
    /// elements than `u32` positions or a relationship names a missing node.
    pub fn build(graph: &Graph) -> Result<Self, EngineError> {
        let node_count = position_count(graph.nodes.len(), "nodes")?;
        position_count(graph.relationships.len(), "relationships")?;
        let mut labels = Dictionary::from_registry(&graph.tokens.labels);
        let mut rel_types = Dictionary::from_registry(&graph.tokens.rel_types);
        let mut keys = Dictionary::from_registry(&graph.tokens.property_keys);

        let mut node_label_indexes = Vec::with_capacity(graph.nodes.len());
        let mut node_entries = BTreeMap::new();
        for (position, node) in (0u32..).zip(&graph.nodes) {
            let indexes: Vec<usize> = node.labels.iter().map(|l| labels.intern(l)).collect();
            node_label_indexes.push(indexes);
            collect_properties(&mut keys, &mut node_entries, position, &node.properties);
        }
        let label_words = labels.len().div_ceil(64);
        let mut node_labels = vec![0u64; label_words * graph.nodes.len()];
        let mut label_nodes = vec![RoaringBitmap::new(); labels.len()];
        for (position, indexes) in (0u32..).zip(&node_label_indexes) {
            for &l in indexes {
                let word = position as usize * label_words + l / 64;
                if let Some(w) = node_labels.get_mut(word) {
                    *w |= 1 << (l % 64);
                }
                if let Some(b) = label_nodes.get_mut(l) {
                    b.insert(position);
                }
            }
        }

        let node_ids = Ids::new(graph.nodes.iter().map(|n| n.id).collect());
        let mut rel_type = Vec::with_capacity(graph.relationships.len());
        let mut rel_start = Vec::with_capacity(graph.relationships.len());
        let mut rel_end = Vec::with_capacity(graph.relationships.len());
        let mut rel_entries = BTreeMap::new();
        for (position, rel) in (0u32..).zip(&graph.relationships) {
            let endpoint = |id: NodeId| {
                node_ids.position(id).ok_or_else(|| {
                    // The graph builder and the loader never make one.
                    EngineError::of(ErrorKind::Internal(format!(
                        "relationship {} refers to the missing node {id}",
                        rel.id
                    )))
                })
            };
            rel_start.push(endpoint(rel.start)?);
            rel_end.push(endpoint(rel.end)?);
            let t = rel_types.intern(&rel.rel_type);
            rel_type.push(u32::try_from(t).unwrap_or(u32::MAX));
            collect_properties(&mut keys, &mut rel_entries, position, &rel.properties);
        }
        let mut type_rels = vec![RoaringBitmap::new(); rel_types.len()];
        for (position, &t) in (0u32..).zip(&rel_type) {
            if let Some(b) = type_rels.get_mut(t as usize) {
                b.insert(position);
            }
        }
        let nodes = node_count as usize;
        Ok(Columns {
            outgoing: Csr::build(nodes, &rel_start),
            incoming: Csr::build(nodes, &rel_end),
            node_properties: PropertyTable::build(nodes, &node_entries, keys.len()),
            rel_properties: PropertyTable::build(rel_type.len(), &rel_entries, keys.len()),
            labels,
            rel_types,
            keys,
            node_ids,
            rel_ids: Ids::new(graph.relationships.iter().map(|r| r.id).collect()),
            label_words,
            node_labels,
            label_nodes,
            rel_type,
            type_rels,
            rel_start,
            rel_end,
        })
    }

    /// How many nodes.
    pub fn node_count(&self) -> u32 {
        self.node_ids.len()
    }

    /// How many relationships.
    pub fn rel_count(&self) -> u32 {
        self.rel_ids.len()
    }

    /// Every node position.
    pub fn all_nodes(&self) -> RoaringBitmap {
        let mut all = RoaringBitmap::new();
        all.insert_range(0..self.node_count());
        all
    }

    /// Every relationship position.
    pub fn all_rels(&self) -> RoaringBitmap {
        let mut all = RoaringBitmap::new();
        all.insert_range(0..self.rel_count());
        all
    }

    /// The stored id of the node at `position`.
    pub fn node_id(&self, position: u32) -> Option<NodeId> {
        self.node_ids.id(position)
    }

    /// The stored id of the relationship at `position`.
    pub fn rel_id(&self, position: u32) -> Option<RelId> {
        self.rel_ids.id(position)
    }

    /// Words of label bits per node in [`Columns::scan_columns`]' label words.
    pub fn label_words_per_node(&self) -> usize {
        self.label_words
    }

    /// The label set of the node at `position`, as words of label bits.
    pub fn node_label_words(&self, position: u32) -> &[u64] {
        let from = position as usize * self.label_words;
        self.node_labels
            .get(from..from + self.label_words)
            .unwrap_or(&[])
    }

    /// The nodes carrying label `label` (an index of [`Columns::labels`]).
    pub fn label_nodes(&self, label: usize) -> Option<&RoaringBitmap> {
        self.label_nodes.get(label)
    }

    /// The relationships of type `rel_type` (an index of [`Columns::rel_types`]).
    pub fn type_rels(&self, rel_type: usize) -> Option<&RoaringBitmap> {
        self.type_rels.get(rel_type)
    }

    /// The type index of the relationship at `position`.
    pub fn rel_type(&self, position: u32) -> Option<usize> {
        self.rel_type.get(position as usize).map(|&t| t as usize)
    }

    /// Start and end node positions of the relationship at `position`.
    pub fn endpoints(&self, position: u32) -> Option<(u32, u32)> {
        let i = position as usize;
        Some((*self.rel_start.get(i)?, *self.rel_end.get(i)?))
    }
}

/// Size accounting and raw column access for the benchmarks (reports/).
impl Columns {
    /// Heap bytes held by the columnar graph *without* properties and token
    /// dictionaries, as `(node side, relationship side)`. The node side is
    /// ids (when they are not positions), label words, label bitmaps and both CSRs' offsets; the
    /// relationship side is ids (likewise), types, type bitmaps, endpoints and both
    /// CSRs' relationship lists. Vectors count their capacity, bitmaps their
    /// serialized size (which tracks their heap size) plus their handles.
    pub fn heap_bytes(&self) -> (usize, usize) {
        use std::mem::size_of;
        let bitmaps = |b: &[RoaringBitmap]| -> usize {
            b.iter().map(RoaringBitmap::serialized_size).sum::<usize>() + std::mem::size_of_val(b)
        };
        let node_side = self.node_ids.heap_bytes()
            + self.node_labels.capacity() * size_of::<u64>()
            + bitmaps(&self.label_nodes)
            + (self.outgoing.offsets.capacity() + self.incoming.offsets.capacity())
                * size_of::<u32>();
        let rel_side = self.rel_ids.heap_bytes()
            + bitmaps(&self.type_rels)
            + (self.rel_type.capacity()
                + self.rel_start.capacity()
                + self.rel_end.capacity()
                + self.outgoing.rels.capacity()
                + self.incoming.rels.capacity())
                * size_of::<u32>();
        (node_side, rel_side)
    }

    /// The raw columns a visibility build reads, for a plain streaming pass
    /// (the memory-bandwidth bound): every node's label words, and each
    /// relationship's type, start and end.
    pub fn scan_columns(&self) -> (&[u64], &[u32], &[u32], &[u32]) {
        (
            &self.node_labels,
            &self.rel_type,
            &self.rel_start,
            &self.rel_end,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::graph::{Node, Relationship, TokenKind};

    fn graph() -> Graph {
        let mut g = Graph::default();
        for l in ["A", "B"] {
            g.tokens.register(TokenKind::Label, l);
        }
        g.tokens.register(TokenKind::RelType, "T");
        g.tokens.register(TokenKind::PropertyKey, "k");
        let node = |id, labels: &[&str]| Node {
            id,
            labels: labels.iter().map(|s| s.to_string()).collect(),
            properties: BTreeMap::new(),
        };
        g.nodes = vec![node(0, &["A"]), node(1, &["A", "B"]), node(2, &[])];
        let rel = |id, start, end| Relationship {
            id,
            rel_type: "T".into(),
            start,
            end,
            properties: BTreeMap::from([("k".to_string(), Value::Integer(id as i64))]),
        };
        g.relationships = vec![rel(0, 0, 1), rel(1, 1, 2), rel(2, 0, 2)];
        g
    }

    #[test]
    fn labels_types_and_adjacency() {
        let c = Columns::build(&graph()).expect("builds");
        let a = c.labels.get("A").expect("A");
        let b = c.labels.get("B").expect("B");
        let nodes_a: Vec<u32> = c
            .label_nodes(a)
            .map(|m| m.iter().collect())
            .unwrap_or_default();
        assert_eq!(nodes_a, vec![0, 1]);
        assert_eq!(c.node_label_words(1), &[(1 << a) | (1 << b)]);
        assert_eq!(c.node_label_words(2), &[0]);
        assert_eq!(c.outgoing.rels(0), &[0, 2]);
        assert_eq!(c.outgoing.rels(2), &[] as &[u32]);
        assert_eq!(c.incoming.rels(2), &[1, 2]);
        assert_eq!(c.endpoints(1), Some((1, 2)));
        assert_eq!(c.type_rels(0).map(RoaringBitmap::len), Some(3));
        let k = c.keys.get("k").expect("k");
        let col = c.rel_properties.column(k).expect("column");
        assert_eq!(col.value(2).as_deref(), Some(&Value::Integer(2)));
        assert_eq!(
            c.node_properties.column(k).map(|c| c.presence.len()),
            Some(0)
        );
    }

    #[test]
    fn a_dangling_endpoint_is_an_error() {
        let mut g = graph();
        if let Some(r) = g.relationships.get_mut(0) {
            r.end = 9;
        }
        let err = Columns::build(&g).expect_err("missing node");
        assert!(matches!(err.kind, ErrorKind::Internal(_)), "{err}");
        assert!(err.message().contains("missing node 9"), "{err}");
    }
}
