//! Random worlds for differential fuzzing (issue 5, point 1): a graph, a
//! security set-up, an optional blacklist, users and read queries, all
//! small, from one byte-driven generator ([`generate`]).
//!
//! One source of truth: cargo-fuzz reaches [`generate`] through the
//! [`arbitrary::Arbitrary`] impl, proptest through [`strategy`] (bytes
//! mapped to worlds, so proptest's byte shrinking shrinks worlds), seeded
//! runs through [`GenWorld::from_seed`] (a SplitMix64 byte stream). Lengths
//! are drawn first and a zero byte is always the simplest choice.
//!
//! A world is data; [`GenWorld::scenario_text`] writes it as a scenario file
//! (SCENARIO_FORMAT.md) with model's own renderers, and
//! [`GenWorld::direct_world`] builds the same world without any text, which
//! the round-trip test compares with the loaded file.
//!
//! Depends on model only: never on an engine.

mod blacklist;
mod choice;
mod coverage;
mod graph;
mod pools;
mod query;
mod rng;
mod scenario;
mod security;
mod values;

use arbitrary::Unstructured;
use model::graph::{Graph, Index, IndexKind};

pub use blacklist::GenBlacklist;
pub use coverage::Coverage;
pub use graph::{GenNode, GenRel, MAX_NODES, MAX_RELATIONSHIPS};
pub use pools::{
    DATABASE, KEYS, LABELS, OTHER_GRAPH, ROLES, TYPES, UNKNOWN_KEY, UNKNOWN_LABEL, UNKNOWN_TYPE,
    USERS,
};
pub use query::{
    Condition, Connective, Direction, GenQuery, Hop, Item, MAX_QUERIES, MatchQuery, Order,
    Predicate, Procedure, ProcedureQuery, ProcedureShape, QueryForm, Test, Var,
};
pub use rng::SplitMix64;
pub use security::{MAX_COMMANDS, SecurityCommand};
pub use values::identical;

/// [`strategy`] draws byte strings up to this long and
/// [`GenWorld::from_seed`] fills this many: a whole world ([`WORLD_BYTES`]).
pub const MAX_BYTES: usize = WORLD_BYTES;

/// Weights of 0..=[`MAX_COMMANDS`] privilege and token commands.
const COMMAND_COUNT_WEIGHTS: [u32; MAX_COMMANDS + 1] = [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3];

/// A generated world: everything a scenario file holds, as data.
#[derive(Debug, Clone, PartialEq)]
pub struct GenWorld {
    /// Nodes, created in this order (ids 0, 1, ...).
    pub nodes: Vec<GenNode>,
    /// Relationships between them.
    pub relationships: Vec<GenRel>,
    /// Indexes, created after the elements.
    pub indexes: Vec<Index>,
    /// Administration commands in order: roles, users, role grants, then
    /// privileges and `db.create*` calls.
    pub security: Vec<SecurityCommand>,
    /// The property blacklist, if configured.
    pub blacklist: Option<GenBlacklist>,
    /// Queries in order (at least one).
    pub queries: Vec<GenQuery>,
}

/// The one generator: any bytes give a world, running out of bytes gives
/// the simplest remaining choices (never an error).
pub fn generate(u: &mut Unstructured<'_>) -> arbitrary::Result<GenWorld> {
    Ok(build(u))
}

/// [`generate`] without the `Result` it never needs.
///
/// Layout: the six lengths; one fixed-size slot each for the indexes, the
/// roles-and-users prologue and the blacklist; then twelve rounds, round
/// `i` holding the slots of node `i`, relationship `i`, command `i` and
/// query `i` (as far as each exists). Every slot is read whether or not
/// the lengths use it, so every choice has a fixed place in the byte
/// string: shrinking a length leaves every other choice as it was, and a
/// short byte string still gives a bit of everything. Relationships,
/// commands and queries after the first start with a presence byte
/// ([`choice::present`]): zeroing it removes just that one, which is how
/// proptest's byte shrinking drops what a failure does not need.
fn build(u: &mut Unstructured<'_>) -> GenWorld {
    use choice::{pick, present, slot};
    let node_count = pick(u, MAX_NODES + 1);
    let rel_count = pick(u, MAX_RELATIONSHIPS + 1);
    let role_count = 1 + pick(u, ROLES.len());
    let user_count = 1 + pick(u, USERS.len());
    // Longer set-ups more often than short ones: a handful of commands
    // rarely hides some nodes and shows others.
    let command_count = choice::weighted(u, &COMMAND_COUNT_WEIGHTS);
    let query_count = 1 + pick(u, MAX_QUERIES);
    let rel_count = if node_count == 0 { 0 } else { rel_count };

    let mut indexes = Vec::new();
    slot(u, layout::INDEXES, true, |c| indexes = graph::indexes(c));
    let mut security = Vec::new();
    slot(u, layout::PROLOGUE, true, |c| {
        security = security::prologue(c, role_count, user_count);
    });
    let mut blacklist = None;
    slot(u, layout::BLACKLIST, true, |c| {
        blacklist = blacklist::blacklist(c)
    });
    let users: Vec<String> = USERS
        .iter()
        .take(user_count)
        .map(|u| u.to_string())
        .collect();
    let fulltext = indexes
        .iter()
        .find(|i| i.kind == IndexKind::Fulltext)
        .map(|i| i.name.clone());

    let first_command = security.len();
    let mut nodes = Vec::new();
    let mut relationships = Vec::new();
    let mut queries = Vec::new();
    for i in 0..layout::ROUNDS {
        if i < MAX_NODES {
            slot(u, layout::NODE, i < node_count, |c| {
                nodes.push(graph::node(c))
            });
        }
        if i < MAX_RELATIONSHIPS {
            slot(u, layout::RELATIONSHIP, i < rel_count, |c| {
                if present(c) {
                    relationships.push(graph::relationship(c, node_count));
                }
            });
        }
        if i < MAX_COMMANDS {
            slot(u, layout::COMMAND, i < command_count, |c| {
                if present(c) {
                    let earlier = security.get(first_command..).unwrap_or(&[]);
                    let command = security::command(c, role_count, earlier);
                    security.push(command);
                }
            });
        }
        if i < MAX_QUERIES {
            slot(u, layout::QUERY, i < query_count, |c| {
                // The first query is always there.
                if present(c) || queries.is_empty() {
                    queries.push(query::query(c, &users, fulltext.as_deref()));
                }
            });
        }
    }
    graph::untie(&mut nodes, &mut relationships);
    GenWorld {
        nodes,
        relationships,
        indexes,
        security,
        blacklist,
        queries,
    }
}

/// Bytes per slot: the most each entity was measured to read over 5,000
/// random inputs (were one to read more, it would read zeros past its
/// slot's end: its simplest remaining choices).
mod layout {
    /// One node.
    pub const NODE: usize = 24;
    /// One relationship.
    pub const RELATIONSHIP: usize = 21;
    /// The indexes.
    pub const INDEXES: usize = 18;
    /// Roles, users, role grants, broad grants.
    pub const PROLOGUE: usize = 18;
    /// One privilege or token command.
    pub const COMMAND: usize = 21;
    /// The blacklist.
    pub const BLACKLIST: usize = 18;
    /// One query.
    pub const QUERY: usize = 49;
    /// The lengths read before the slots.
    pub const HEADER: usize = 6;
    /// Rounds of per-entity slots: the most of any entity.
    pub const ROUNDS: usize = 12;
}

/// Bytes of a whole world: the header and every slot.
pub const WORLD_BYTES: usize = layout::HEADER
    + MAX_NODES * layout::NODE
    + MAX_RELATIONSHIPS * layout::RELATIONSHIP
    + layout::INDEXES
    + layout::PROLOGUE
    + MAX_COMMANDS * layout::COMMAND
    + layout::BLACKLIST
    + MAX_QUERIES * layout::QUERY;

impl<'a> arbitrary::Arbitrary<'a> for GenWorld {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        generate(u)
    }
}

/// Worlds for proptest: byte strings up to [`MAX_BYTES`] mapped through
/// [`GenWorld::from_bytes`], so shrinking the bytes shrinks the world.
pub fn strategy() -> impl proptest::strategy::Strategy<Value = GenWorld> {
    use proptest::prelude::*;
    proptest::collection::vec(any::<u8>(), 0..=MAX_BYTES).prop_map(|b| GenWorld::from_bytes(&b))
}

impl GenWorld {
    /// The world these bytes describe.
    pub fn from_bytes(bytes: &[u8]) -> GenWorld {
        build(&mut Unstructured::new(bytes))
    }

    /// Case `case` of the run seeded with `seed`: [`MAX_BYTES`] bytes of a
    /// SplitMix64 stream, the same on every machine.
    pub fn from_seed(seed: u64, case: u64) -> GenWorld {
        // Each case gets its own stream, so case N does not depend on how
        // many bytes the cases before it consumed (shards can start anywhere).
        let case_seed = SplitMix64::new(case).next_u64();
        let bytes = SplitMix64::new(seed ^ case_seed).bytes(MAX_BYTES);
        GenWorld::from_bytes(&bytes)
    }

    /// The users the security set-up creates.
    pub fn users(&self) -> Vec<String> {
        self.security
            .iter()
            .filter_map(|c| match c {
                SecurityCommand::CreateUser(name) => Some(name.clone()),
                _ => None,
            })
            .collect()
    }

    /// The stored graph, built directly from the data (no Cypher).
    pub fn graph(&self) -> Graph {
        graph::direct_graph(&self.nodes, &self.relationships, &self.indexes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_bytes_give_the_simplest_world() {
        let w = GenWorld::from_bytes(&[]);
        assert!(w.nodes.is_empty() && w.relationships.is_empty() && w.indexes.is_empty());
        assert_eq!(
            w.security,
            vec![
                SecurityCommand::CreateRole("r0".into()),
                SecurityCommand::CreateUser("u0".into())
            ]
        );
        assert_eq!(w.blacklist, None);
        assert_eq!(w.queries.len(), 1);
        assert_eq!(w.users(), ["u0"]);
    }

    #[test]
    fn arbitrary_and_from_bytes_are_the_same_generator() {
        use arbitrary::Arbitrary;
        for case in 0..50 {
            let bytes = SplitMix64::new(case).bytes(MAX_BYTES);
            let via_arbitrary = GenWorld::arbitrary(&mut Unstructured::new(&bytes)).ok();
            assert_eq!(via_arbitrary, Some(GenWorld::from_bytes(&bytes)));
        }
    }

    #[test]
    fn zero_length_bytes_give_the_smallest_counts() {
        // The six lengths come first: zeroing them leaves no nodes,
        // relationships or commands, one role, one user and one query,
        // whatever the other bytes say.
        for case in 0..50 {
            let mut bytes = SplitMix64::new(case).bytes(MAX_BYTES);
            for b in bytes.iter_mut().take(6) {
                *b = 0;
            }
            let w = GenWorld::from_bytes(&bytes);
            assert!(w.nodes.is_empty() && w.relationships.is_empty());
            assert_eq!(w.users(), ["u0"]);
            assert_eq!(w.queries.len(), 1);
            let privileges = w
                .security
                .iter()
                .filter(|c| matches!(c, SecurityCommand::Privilege { .. }))
                .count();
            // At most r0's two broad grants.
            assert!(privileges <= 2, "{:?}", w.security);
        }
    }

    #[test]
    fn seeds_are_deterministic_and_cases_differ() {
        assert_eq!(GenWorld::from_seed(11, 3), GenWorld::from_seed(11, 3));
        assert_ne!(GenWorld::from_seed(11, 3), GenWorld::from_seed(11, 4));
        assert_ne!(GenWorld::from_seed(11, 3), GenWorld::from_seed(12, 3));
    }

    #[test]
    fn worlds_stay_small() {
        for case in 0..300 {
            let w = GenWorld::from_seed(1, case);
            assert!(w.nodes.len() <= MAX_NODES);
            assert!(w.relationships.len() <= MAX_RELATIONSHIPS);
            assert!((1..=MAX_QUERIES).contains(&w.queries.len()));
            assert!((1..=3).contains(&w.users().len()));
            let setup = w
                .security
                .iter()
                .filter(|c| {
                    matches!(
                        c,
                        SecurityCommand::Privilege { .. } | SecurityCommand::CreateToken { .. }
                    )
                })
                .count();
            // Plus at most two broad grants per role.
            assert!(setup <= MAX_COMMANDS + 2 * ROLES.len());
        }
    }
}
