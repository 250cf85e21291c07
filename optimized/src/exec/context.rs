//! What a query runs against: the compiled visibility, the world and the
//! transaction; and how stored elements become the values a user sees
//! (N4 labels in registry order, only readable properties: V1, V3).

use std::collections::BTreeMap;

use model::engine::Transaction;
use model::limits::Meter;
use model::value::{NodeValue, PathValue, RelValue, Value};
use model::world::World;

use crate::columns::Columns;
use crate::properties::PropertyTable;
use crate::visibility::{Compiled, Readable};

use super::eval::Bound;

/// One query's environment.
pub struct Ctx<'a> {
    /// The user's compiled visibility.
    pub compiled: &'a Compiled,
    /// The world (graph indexes, catalog, configuration).
    pub world: &'a World,
    /// The transaction (principal, `datetime.transaction()`).
    pub tx: &'a Transaction,
    /// The query's budgets and what it has built.
    pub meter: Meter,
    /// Per node key: readable on every traversable node (no check needed).
    node_keys_everywhere: Vec<bool>,
    /// Per relationship key: readable on every visible relationship.
    rel_keys_everywhere: Vec<bool>,
}

/// Per key of `table`, whether `readable` covers all of `universe`
/// (readable sets are subsets of it, so equal sizes mean equal sets).
fn everywhere(table: &PropertyTable, readable: &Readable, universe: u64) -> Vec<bool> {
    let mut out = Vec::new();
    for (key, _) in table.iter() {
        if out.len() <= key {
            out.resize(key + 1, false);
        }
        if let Some(slot) = out.get_mut(key) {
            *slot = readable.key(key).len() == universe;
        }
    }
    out
}

impl<'a> Ctx<'a> {
    /// The environment of one query.
    pub fn new(compiled: &'a Compiled, world: &'a World, tx: &'a Transaction) -> Self {
        let c = compiled.columns();
        Ctx {
            node_keys_everywhere: everywhere(
                &c.node_properties,
                compiled.readable_node_keys(),
                compiled.traversable_nodes().len(),
            ),
            rel_keys_everywhere: everywhere(
                &c.rel_properties,
                compiled.readable_rel_keys(),
                compiled.visible_relationships().len(),
            ),
            compiled,
            world,
            tx,
            meter: Meter::new(tx.limits),
        }
    }
}

impl Ctx<'_> {
    /// The columns.
    pub fn columns(&self) -> &Columns {
        self.compiled.columns()
    }

    /// The node at `position` as the user sees it.
    pub fn node_value(&self, position: u32) -> NodeValue {
        let c = self.columns();
        let words = c.node_label_words(position);
        let mut labels = Vec::new();
        for (w, word) in words.iter().enumerate() {
            let mut bits = *word;
            while bits != 0 {
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let label = w * 64 + b;
                #[cfg(feature = "plant")]
                if !self.compiled.shows_label(label) {
                    continue;
                }
                if let Some(name) = c.labels.name(label) {
                    labels.push(name.to_string());
                }
            }
        }
        NodeValue {
            id: c.node_id(position).unwrap_or(u64::from(position)),
            labels,
            properties: readable_properties(
                c,
                &c.node_properties,
                (
                    self.compiled.readable_node_keys(),
                    &self.node_keys_everywhere,
                ),
                position,
            ),
        }
    }

    /// The relationship at `position` as the user sees it.
    pub fn rel_value(&self, position: u32) -> RelValue {
        let c = self.columns();
        let (s, e) = c.endpoints(position).unwrap_or((0, 0));
        RelValue {
            id: c.rel_id(position).unwrap_or(u64::from(position)),
            rel_type: c
                .rel_type(position)
                .and_then(|t| c.rel_types.name(t))
                .unwrap_or_default()
                .to_string(),
            start: c.node_id(s).unwrap_or(u64::from(s)),
            end: c.node_id(e).unwrap_or(u64::from(e)),
            properties: readable_properties(
                c,
                &c.rel_properties,
                (self.compiled.readable_rel_keys(), &self.rel_keys_everywhere),
                position,
            ),
        }
    }

    /// The value of a binding.
    pub fn materialize(&self, bound: &Bound) -> Value {
        match bound {
            Bound::Node(p) => Value::Node(Box::new(self.node_value(*p))),
            Bound::Rel(r) => Value::Relationship(Box::new(self.rel_value(*r))),
            Bound::Value(v) => v.clone(),
        }
    }

    /// `n.key` of the (traversable) node at `position`: null when absent
    /// or unreadable (V1).
    pub fn node_property(&self, position: u32, key: &str) -> Value {
        let c = self.columns();
        element_property(
            c.keys.get(key),
            &c.node_properties,
            (
                self.compiled.readable_node_keys(),
                &self.node_keys_everywhere,
            ),
            position,
        )
    }

    /// `r.key` of the (visible) relationship at `position`.
    pub fn rel_property(&self, position: u32, key: &str) -> Value {
        let c = self.columns();
        element_property(
            c.keys.get(key),
            &c.rel_properties,
            (self.compiled.readable_rel_keys(), &self.rel_keys_everywhere),
            position,
        )
    }

    /// A path value from node and relationship positions. V3: the
    /// positions come from a match, so every element is one the user sees
    /// (a traversable node, a visible relationship), each as
    /// [`Ctx::node_value`] / [`Ctx::rel_value`] shows it, with its
    /// readable properties only.
    pub fn path_value(&self, nodes: &[u32], rels: &[u32]) -> PathValue {
        PathValue {
            nodes: nodes.iter().map(|&n| self.node_value(n)).collect(),
            relationships: rels.iter().map(|&r| self.rel_value(r)).collect(),
        }
    }

    /// The position of a node value's stored node.
    pub fn node_position(&self, node: &NodeValue) -> Option<u32> {
        self.columns().node_ids.position(node.id)
    }

    /// The position of the relationship with stored id `id`.
    pub fn rel_position(&self, id: u64) -> Option<u32> {
        self.columns().rel_ids.position(id)
    }

    /// Whether the node at `position` carries label index `label`.
    pub fn has_label(&self, position: u32, label: usize) -> bool {
        self.columns()
            .node_label_words(position)
            .get(label / 64)
            .is_some_and(|w| w & (1u64 << (label % 64)) != 0)
    }
}

/// The properties of one element (a visible one) that the user may read;
/// `readable` pairs the readable sets with the keys readable everywhere.
fn readable_properties(
    columns: &Columns,
    table: &PropertyTable,
    (readable, everywhere): (&Readable, &[bool]),
    position: u32,
) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for (key, column) in table.iter() {
        let known = everywhere.get(key).copied().unwrap_or(false);
        if !known && !readable.key(key).contains(position) {
            continue;
        }
        if let (Some(name), Some(value)) = (columns.keys.name(key), column.value(position)) {
            out.insert(name.to_string(), value.into_owned());
        }
    }
    out
}

/// One property of one visible element, null when absent or unreadable.
fn element_property(
    key: Option<usize>,
    table: &PropertyTable,
    (readable, everywhere): (&Readable, &[bool]),
    position: u32,
) -> Value {
    let Some(key) = key else {
        return Value::Null;
    };
    let known = everywhere.get(key).copied().unwrap_or(false);
    if !known && !readable.key(key).contains(position) {
        return Value::Null;
    }
    table
        .column(key)
        .and_then(|c| c.value(position))
        .map_or(Value::Null, std::borrow::Cow::into_owned)
}

/// A value for a path from its parts.
pub fn path(value: PathValue) -> Value {
    Value::Path(Box::new(value))
}
