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
//! (docs/spec/scenario-format.md) with model's own renderers, and
//! [`GenWorld::direct_world`] builds the same world without any text, which
//! the round-trip test compares with the loaded file.
//!
//! Depends on model only: never on an engine.

mod abac;
mod blacklist;
mod choice;
mod coverage;
mod expr;
mod graph;
mod layout;
mod pools;
mod query;
mod rng;
mod scenario;
mod security;
mod values;

use arbitrary::Unstructured;
use model::graph::{Graph, Index};

pub use abac::{CLAIMS, Claim, GenAbac, GenSession, MAX_RULES, MAX_SESSIONS};
pub use blacklist::GenBlacklist;
pub use coverage::Coverage;
pub use expr::{
    ARITHMETIC, COMPARISONS, CONNECTIVES, Constant, Expr, ExprType, Fault, TEXT, failing_specials,
    float_specials, integer_specials,
};
pub use graph::{GenNode, GenRel, MAX_NODES, MAX_RELATIONSHIPS};
pub use pools::{
    DATABASE, KEYS, LABELS, OTHER_GRAPH, ROLES, TYPES, UNKNOWN_KEY, UNKNOWN_LABEL, UNKNOWN_TYPE,
    USERS,
};
pub use query::{
    Aggregation, Condition, Connective, Direction, GenQuery, GroupedQuery, Hop, Item, MAX_QUERIES,
    MatchQuery, Order, Predicate, Procedure, ProcedureQuery, ProcedureShape, QueryForm, Test,
    TextOp, UnwindQuery, ValuesOutput, ValuesQuery, Var, WithStep,
};
pub use rng::SplitMix64;
pub use scenario::{DEFAULT_NAME, admin_command};
pub use security::{
    MAX_COMMANDS, PRIVILEGE_COMMAND_BYTES, SecurityCommand, read_privilege_command,
};
pub use values::identical;

/// [`GenWorld::from_seed`] fills this many bytes: a whole world (every
/// slot of the layout, about 1 KB) followed by its ABAC part
/// ([`ABAC_BYTES`]).
pub const MAX_BYTES: usize = layout::WORLD_BYTES + ABAC_BYTES;

/// The bytes of the ABAC part (OIDC settings, auth rules, sessions), read
/// after the world's own [`MAX_BYTES`] - [`ABAC_BYTES`]: worlds without it
/// are the ones the generator made before it existed.
pub const ABAC_BYTES: usize = abac::BYTES;

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
    /// OIDC settings, auth rules and sessions (issue 10), for some worlds.
    pub abac: Option<GenAbac>,
}

/// The one generator: any bytes give a world, running out of bytes gives
/// the simplest remaining choices (never an error).
pub fn generate(u: &mut Unstructured<'_>) -> arbitrary::Result<GenWorld> {
    Ok(layout::build(u))
}

impl<'a> arbitrary::Arbitrary<'a> for GenWorld {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        generate(u)
    }
}

/// Worlds for proptest: byte strings mapped through
/// [`GenWorld::from_bytes`], so shrinking the bytes shrinks the world.
///
/// Two strings: the world's (up to its layout's size, drawn first, so
/// the worlds are those of the generator before ABAC existed) and the
/// ABAC part's, appended after the first padded with zeros (a zero byte
/// and a missing one are the same, simplest choice).
pub fn strategy() -> impl proptest::strategy::Strategy<Value = GenWorld> {
    use proptest::prelude::*;
    let world = proptest::collection::vec(any::<u8>(), 0..=layout::WORLD_BYTES);
    let abac = proptest::collection::vec(any::<u8>(), 0..=ABAC_BYTES);
    (world, abac).prop_map(|(mut bytes, abac)| {
        if !abac.is_empty() {
            bytes.resize(layout::WORLD_BYTES, 0);
            bytes.extend(abac);
        }
        GenWorld::from_bytes(&bytes)
    })
}

impl GenWorld {
    /// The world these bytes describe.
    pub fn from_bytes(bytes: &[u8]) -> GenWorld {
        layout::build(&mut Unstructured::new(bytes))
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
