//! The security filter of `db.index.fulltext.queryNodes` (docs/spec/semantics.md I2).
//! Matching labels and text is the interpreter's job; this decides only
//! which nodes may be returned at all.

use std::collections::{BTreeMap, BTreeSet};

use model::graph::{Index, IndexKind, Node, NodeId};
use model::world::World;

use super::nodes;
use super::principal::Subject;

/// I2: `node` may be returned from `index` iff it is traversable and every
/// indexed key is readable on it by N3, judged by privileges whether or not
/// the node carries that key. **Decision:** a key blacklisted for the user
/// (B2) counts as unreadable, since B2 acts like a DENY READ on every
/// element.
pub fn passes(world: &World, subject: &Subject<'_>, index: &Index, node: &Node) -> bool {
    nodes::traversable(world, subject, node)
        && index
            .keys
            .iter()
            .all(|k| nodes::read_decision(world, subject, node, k).allowed())
}

/// I2 for every full-text index of the graph: the nodes that pass its filter.
pub fn allowed(world: &World, subject: &Subject<'_>) -> BTreeMap<String, BTreeSet<NodeId>> {
    world
        .graph
        .indexes
        .iter()
        .filter(|i| i.kind == IndexKind::Fulltext)
        .map(|index| {
            let passing = world
                .graph
                .nodes
                .iter()
                .filter(|n| passes(world, subject, index, n))
                .map(|n| n.id)
                .collect();
            (index.name.clone(), passing)
        })
        .collect()
}
