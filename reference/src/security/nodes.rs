//! Nodes (docs/spec/semantics.md N1-N4): which segments apply to a node, whether it is
//! traversable, which of its properties are readable, its labels.

use model::catalog::Segment;
use model::graph::{Node, TokenKind};
use model::world::World;

use super::blacklist;
use super::decision::{Applicability, Decision, KeyDecision, decide};
use super::predicate::rule_value;
use super::principal::Subject;
use super::scope;

/// N1: `NODES *` applies always; `NODES L` when L is one of n's labels; a
/// node property rule when n has its label (or it names none) and its
/// predicate is TRUE on n's stored values (Q3). A rule naming several labels
/// is stored one privilege per label (P5), so "has any of these labels"
/// holds when one of those privileges applies.
pub fn segment_applies(segment: &Segment, node: &Node) -> Applicability {
    match segment {
        Segment::Nodes(None) => Applicability::Applies,
        Segment::Nodes(Some(label)) => {
            if node.labels.contains(label) {
                Applicability::Applies
            } else {
                Applicability::Elsewhere
            }
        }
        Segment::NodeRule { label, rule } => {
            if label.as_ref().is_none_or(|l| node.labels.contains(l)) {
                match rule_value(rule, &node.properties) {
                    Some(true) => Applicability::Applies,
                    other => Applicability::PredicateNotTrue(other),
                }
            } else {
                Applicability::Elsewhere
            }
        }
        Segment::Relationships(_)
        | Segment::RelRule { .. }
        | Segment::Database
        | Segment::Other(_) => Applicability::Elsewhere,
    }
}

/// N2: the TRAVERSE/MATCH grants and TRAVERSE/`MATCH {*}` denies that apply
/// to `node`.
pub fn traverse_decision<'w>(world: &World, subject: &Subject<'w>, node: &Node) -> Decision<'w> {
    decide(scope::traverse_privileges(world, subject), |p| {
        segment_applies(&p.segment, node)
    })
}

/// N2: n is traversable iff some grant applies and no deny (P3).
pub fn traversable(world: &World, subject: &Subject<'_>, node: &Node) -> bool {
    traverse_decision(world, subject, node).allowed()
}

/// N3 (judged by all of n's labels) and B2 for `key` on `node`, apart from
/// N3's condition that the node be traversable.
pub fn read_decision<'w>(
    world: &'w World,
    subject: &Subject<'w>,
    node: &Node,
    key: &str,
) -> KeyDecision<'w> {
    KeyDecision {
        privileges: decide(scope::read_privileges(world, subject, key), |p| {
            segment_applies(&p.segment, node)
        }),
        blacklisted_by: blacklist::blacklisted_by(world, subject, key),
    }
}

/// N3, B2: property `key` of `node` is readable iff the node is traversable,
/// the privileges allow it and no role of the user blacklists it.
pub fn readable(world: &World, subject: &Subject<'_>, node: &Node, key: &str) -> bool {
    traversable(world, subject, node) && read_decision(world, subject, node, key).allowed()
}

/// N4: all of a traversable node's labels, privileges or not, in the order
/// their tokens entered the registry (D3).
pub fn labels(world: &World, node: &Node) -> Vec<String> {
    let mut labels = node.labels.clone();
    labels.sort_by_key(|l| {
        world
            .graph
            .tokens
            .position(TokenKind::Label, l)
            .unwrap_or(usize::MAX)
    });
    labels
}
