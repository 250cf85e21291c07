//! Which stored privileges are in force on this database for this query:
//! D4 (the graph a privilege names) and P6 (names resolved against the token
//! registry when the query starts).

use std::fmt;

use model::catalog::{GraphScope, Privilege, PropertySet, Segment};
use model::graph::TokenKind;
use model::world::World;

use super::decision::{Held, is_read_of, is_traverse};
use super::principal::Subject;

/// Why a stored privilege has no effect on this query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ignored {
    /// D4: it names another graph or database.
    OtherGraph(String),
    /// P6: it names a label, type or property key that is not in the token
    /// registry.
    MissingToken(TokenKind, String),
}

impl fmt::Display for Ignored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ignored::OtherGraph(name) => write!(f, "names graph '{name}', not this database (D4)"),
            Ignored::MissingToken(kind, name) => {
                let what = match kind {
                    TokenKind::Label => "label",
                    TokenKind::RelType => "relationship type",
                    TokenKind::PropertyKey => "property key",
                };
                write!(f, "{what} '{name}' is not in the token registry (P6)")
            }
        }
    }
}

/// D4: `*`, HOME, DEFAULT and the database's own name name it; any other
/// name has no effect on it. Names compare exactly as stored (the parser
/// keeps them as written).
pub fn names_database(world: &World, scope: &GraphScope) -> bool {
    match scope {
        GraphScope::All | GraphScope::Home | GraphScope::Default => true,
        GraphScope::Named(name) => *name == world.database,
    }
}

/// D4 and P6 for everything a privilege names except the key of its
/// `{props}` set: its graph, the label or type of its segment, and the key
/// its property rule constrains. `None` when the privilege is in force.
///
/// **Decision** (the spec is silent): a property rule whose key is not a
/// token contributes nothing, like any other unresolved name of P6, even
/// when its predicate (`IS NULL`) would be TRUE on every element.
pub fn ignored(world: &World, p: &Privilege) -> Option<Ignored> {
    if let GraphScope::Named(name) = &p.graph
        && !names_database(world, &p.graph)
    {
        return Some(Ignored::OtherGraph(name.clone()));
    }
    segment_names(&p.segment)
        .into_iter()
        .find(|(kind, name)| !world.graph.tokens.contains(*kind, name))
        .map(|(kind, name)| Ignored::MissingToken(kind, name.to_string()))
}

/// P6 for the key of a READ/MATCH `{k}` set: `None` when `{*}` or when k is
/// a token. Only READ decisions consult this: the TRAVERSE part of `MATCH
/// {k}` does not depend on k existing.
pub fn read_key_ignored(world: &World, p: &Privilege) -> Option<Ignored> {
    match &p.properties {
        PropertySet::Key(k) if !world.graph.tokens.contains(TokenKind::PropertyKey, k) => {
            Some(Ignored::MissingToken(TokenKind::PropertyKey, k.clone()))
        }
        _ => None,
    }
}

/// The token names a segment refers to (P6).
fn segment_names(segment: &Segment) -> Vec<(TokenKind, &str)> {
    match segment {
        Segment::Nodes(Some(label)) => vec![(TokenKind::Label, label.as_str())],
        Segment::Relationships(Some(t)) => vec![(TokenKind::RelType, t.as_str())],
        Segment::NodeRule { label, rule } => label
            .iter()
            .map(|l| (TokenKind::Label, l.as_str()))
            .chain([(TokenKind::PropertyKey, rule.key.as_str())])
            .collect(),
        Segment::RelRule { rel_type, rule } => rel_type
            .iter()
            .map(|t| (TokenKind::RelType, t.as_str()))
            .chain([(TokenKind::PropertyKey, rule.key.as_str())])
            .collect(),
        Segment::Nodes(None)
        | Segment::Relationships(None)
        | Segment::Database
        | Segment::Other(_) => Vec::new(),
    }
}

/// The user's privileges that take part in TRAVERSE decisions (P1, P4) and
/// are in force (D4, P6, without the `{k}` key: P6's last sentence).
pub fn traverse_privileges<'w>(world: &World, subject: &Subject<'w>) -> Vec<Held<'w>> {
    subject
        .privileges
        .iter()
        .copied()
        .filter(|h| is_traverse(h.privilege))
        .filter(|h| ignored(world, h.privilege).is_none())
        .collect()
}

/// The user's READ/MATCH privileges covering `key` (P1) that are in force
/// (D4, P6 including the `{k}` key).
pub fn read_privileges<'w>(world: &World, subject: &Subject<'w>, key: &str) -> Vec<Held<'w>> {
    subject
        .privileges
        .iter()
        .copied()
        .filter(|h| is_read_of(h.privilege, key))
        .filter(|h| ignored(world, h.privilege).is_none())
        .filter(|h| read_key_ignored(world, h.privilege).is_none())
        .collect()
}
