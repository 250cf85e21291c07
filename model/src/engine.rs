//! The contract every engine implements: answer a read query for a user, and
//! report that user's whole visibility.
//!
//! Engines receive the world as data and make every security decision
//! themselves; nothing here decides who sees what.

use std::collections::BTreeMap;
use std::sync::Arc;

use roaring::RoaringTreemap;

use crate::ast::Query;
use crate::catalog::AuthRule;
use crate::graph::{NodeId, RelId};
use crate::rows::QueryResult;
use crate::world::World;

/// Who runs a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// An administrator: sees everything (U6).
    Admin,
    /// A native user by name (U3).
    Native(String),
    /// A user of an OIDC session (U4, sections 5 and 6 of
    /// docs/spec/semantics.md): the engine validates the session's token and
    /// works out its roles itself.
    Oidc(Arc<OidcSession>),
}

/// An OIDC session as a client opened it: the raw token it authenticated
/// with, and what the catalog held then. Which claims the session keeps
/// (A5), whether the token is valid at a transaction's time (O2) and which
/// roles it yields (O3, A3) are each engine's decisions; this is only the
/// data they decide on.
#[derive(Debug, Clone)]
pub struct OidcSession {
    /// Names the session: queries of one session share it.
    pub id: String,
    /// The signed JWT, exactly as the client sent it.
    pub token: String,
    /// When the session opened (the opening transaction's time).
    pub opened_at: chrono::DateTime<chrono::FixedOffset>,
    /// The auth rules that existed when the session opened (A5: the claims
    /// they reference are the ones the session keeps).
    pub rules_at_open: Arc<BTreeMap<String, AuthRule>>,
}

impl OidcSession {
    /// Opens session `id` as a client would at `at`: a token minted by the
    /// harness for `claims` (changed as `overrides` asks) under `settings`,
    /// and the auth rules `catalog` holds at that moment (A5). Fails when
    /// the token cannot be minted as asked (an unknown provider ...).
    pub fn open(
        id: String,
        settings: &crate::oidc::OidcSettings,
        catalog: &crate::catalog::Catalog,
        claims: &serde_json::Map<String, serde_json::Value>,
        overrides: &crate::scenario::TokenOverrides,
        at: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<Self, String> {
        Ok(OidcSession {
            id,
            token: crate::oidc::token::mint(settings, claims, overrides, at)?,
            opened_at: at,
            rules_at_open: Arc::new(catalog.auth_rules.clone()),
        })
    }
}

/// Sessions are the same session when they have the same id and token:
/// the rules captured at opening follow from when it opened.
impl PartialEq for OidcSession {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.token == other.token && self.opened_at == other.opened_at
    }
}

impl Eq for OidcSession {}

/// The transaction a query runs in.
#[derive(Debug, Clone)]
pub struct Transaction {
    /// Who runs it.
    pub principal: Principal,
    /// The transaction time (RFC 3339), `datetime.transaction()`.
    pub at: chrono::DateTime<chrono::FixedOffset>,
    /// The budgets the query runs under.
    pub limits: crate::limits::Limits,
}

pub use crate::error::EngineError;

/// A set of stored element ids (node or relationship ids), compressed:
/// a session's visibility holds every element of the graph, and both
/// engines build and compare these sets wholesale.
pub type IdSet = RoaringTreemap;

/// Everything a user can see of the graph: traversable nodes (N2), visible
/// relationships (R2) and the readable keys of each (N3, R3, B2).
///
/// Readable keys are kept per key rather than per element: "which elements
/// may show `k`" is what both engines compute, and it stays one set per key
/// however large the graph. A key maps to the elements that store it and
/// on which it is readable; a key with no such element is absent, so that
/// equal visibilities compare equal.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Visibility {
    /// Traversable node ids.
    pub nodes: IdSet,
    /// Visible relationship ids.
    pub relationships: IdSet,
    /// Per stored key, the traversable nodes storing it that may read it.
    pub node_keys: BTreeMap<String, IdSet>,
    /// Per stored key, the visible relationships storing it that may read it.
    pub relationship_keys: BTreeMap<String, IdSet>,
}

impl Visibility {
    /// The readable stored keys of node `id`, sorted.
    pub fn keys_of_node(&self, id: NodeId) -> Vec<&str> {
        keys_of(&self.node_keys, id)
    }

    /// The readable stored keys of relationship `id`, sorted.
    pub fn keys_of_relationship(&self, id: RelId) -> Vec<&str> {
        keys_of(&self.relationship_keys, id)
    }

    /// `None` when `self` (named `mine`) equals `other` (named `theirs`);
    /// otherwise one line per differing part, each naming the ids only one
    /// side holds.
    pub fn difference(&self, mine: &str, other: &Visibility, theirs: &str) -> Option<String> {
        let mut lines = Vec::new();
        let mut compare = |what: &str, a: &IdSet, b: &IdSet| {
            if a != b {
                lines.push(format!(
                    "{what}: only {mine} {}, only {theirs} {}",
                    listed(&(a - b)),
                    listed(&(b - a))
                ));
            }
        };
        compare("nodes", &self.nodes, &other.nodes);
        compare("relationships", &self.relationships, &other.relationships);
        let empty = IdSet::new();
        for (kind, a, b) in [
            ("node key", &self.node_keys, &other.node_keys),
            (
                "relationship key",
                &self.relationship_keys,
                &other.relationship_keys,
            ),
        ] {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                let left = a.get(key).unwrap_or(&empty);
                let right = b.get(key).unwrap_or(&empty);
                compare(&format!("{kind} {key}"), left, right);
            }
        }
        (!lines.is_empty()).then(|| lines.join("\n"))
    }
}

/// Up to 20 ids of `set`, then how many more.
fn listed(set: &IdSet) -> String {
    const SHOWN: usize = 20;
    let ids: Vec<String> = set.iter().take(SHOWN).map(|id| id.to_string()).collect();
    let more = set.len().saturating_sub(SHOWN as u64);
    let tail = if more > 0 {
        format!(" (+{more} more)")
    } else {
        String::new()
    };
    format!("[{}]{tail}", ids.join(", "))
}

/// The keys whose sets contain `id`.
fn keys_of(by_key: &BTreeMap<String, IdSet>, id: u64) -> Vec<&str> {
    by_key
        .iter()
        .filter(|(_, ids)| ids.contains(id))
        .map(|(k, _)| k.as_str())
        .collect()
}

/// An engine: the reference, the optimized one, or any other that answers
/// the same requests. The harness gives it a world with [`Engine::load`]
/// and then asks questions about that world; every security decision is
/// the engine's own.
pub trait Engine {
    /// Short name used in reports (`reference`, `optimized`).
    fn name(&self) -> &str;

    /// Receives the world that later requests run against, replacing any
    /// earlier one. The harness calls it again, with a new `World`, whenever
    /// the graph, the catalog or the configuration changes (an
    /// administration command among the queries), so an engine may keep
    /// whatever it derives from a world until the next `load`. An error
    /// (a world this engine cannot represent) is then every later answer.
    fn load(&mut self, world: Arc<World>) -> Result<(), EngineError>;

    /// Whether `tx`'s user may run anything in the database (U5): `Ok` for
    /// an administrator and for a user holding ACCESS, otherwise U5's error.
    /// The harness asks before a procedure that changes the database, such
    /// as `db.createLabel`, runs.
    fn access(&mut self, tx: &Transaction) -> Result<(), EngineError>;

    /// Runs a validated read query in `tx` against the loaded world.
    fn query(&mut self, tx: &Transaction, query: &Query) -> Result<QueryResult, EngineError>;

    /// The whole visibility of `tx`'s principal; fails like a query when the
    /// user has no access (U5).
    fn visibility(&mut self, tx: &Transaction) -> Result<Visibility, EngineError>;
}

/// The error of a request made before any world was loaded: a harness bug.
pub fn not_loaded(engine: &str) -> EngineError {
    EngineError::of(crate::error::ErrorKind::Internal(format!(
        "{engine}: a request before any world was loaded"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn difference_names_what_only_one_side_holds() {
        let mut a = Visibility::default();
        let mut b = Visibility::default();
        assert_eq!(a.difference("a", &b, "b"), None);
        a.nodes.insert(1);
        a.nodes.insert(2);
        b.nodes.insert(2);
        b.nodes.insert(3);
        b.node_keys.insert("k".into(), [2u64].into_iter().collect());
        let d = a.difference("ref", &b, "opt").unwrap_or_default();
        assert_eq!(
            d,
            "nodes: only ref [1], only opt [3]\nnode key k: only ref [], only opt [2]"
        );
    }
}
