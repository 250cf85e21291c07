//! Where each choice of a world sits in the fuzzer's bytes, and the
//! generator that reads them in that order ([`build`]).

use arbitrary::Unstructured;
use model::graph::IndexKind;

use crate::choice::{pick, present, slot, weighted};
use crate::graph::{MAX_NODES, MAX_RELATIONSHIPS};
use crate::pools::{ROLES, USERS};
use crate::query::MAX_QUERIES;
use crate::security::MAX_COMMANDS;
use crate::{GenWorld, abac, blacklist, graph, query, security};
use model::admin::PrivilegeVerb;

/// Weights of 0..=[`MAX_COMMANDS`] privilege and token commands.
const COMMAND_COUNT_WEIGHTS: [u32; MAX_COMMANDS + 1] = [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3];

// Bytes per slot: the most each entity was measured to read over 5,000
// random inputs (were one to read more, it would read zeros past its
// slot's end: its simplest remaining choices).
/// One node.
const NODE: usize = 24;
/// One relationship.
const RELATIONSHIP: usize = 21;
/// The indexes.
const INDEXES: usize = 18;
/// Roles, users, role grants, broad grants.
const PROLOGUE: usize = 18;
/// One privilege or token command.
const COMMAND: usize = 21;
/// The blacklist.
const BLACKLIST: usize = 18;
/// One query (expressions made it the longest entity: 93 bytes at most
/// over 20,000 random inputs, 37 for nine in ten).
const QUERY: usize = 96;
/// The lengths read before the slots.
const HEADER: usize = 6;
/// Rounds of per-entity slots: the most of any entity.
const ROUNDS: usize = MAX_RELATIONSHIPS;
const _: () = assert!(ROUNDS >= MAX_NODES && ROUNDS >= MAX_COMMANDS && ROUNDS >= MAX_QUERIES);

/// Bytes of a whole world: the header and every slot.
pub const WORLD_BYTES: usize = HEADER
    + MAX_NODES * NODE
    + MAX_RELATIONSHIPS * RELATIONSHIP
    + INDEXES
    + PROLOGUE
    + MAX_COMMANDS * COMMAND
    + BLACKLIST
    + MAX_QUERIES * QUERY;

/// [`crate::generate`] without the `Result` it never needs.
///
/// Layout: the six lengths; one fixed-size slot each for the indexes, the
/// roles-and-users prologue and the blacklist; then twelve rounds, round
/// `i` holding the slots of node `i`, relationship `i`, command `i` and
/// query `i` (as far as each exists). Every slot is read whether or not
/// the lengths use it, so every choice has a fixed place in the byte
/// string: shrinking a length leaves every other choice as it was, and a
/// short byte string still gives a bit of everything. Relationships,
/// commands and queries after the first start with a presence byte
/// ([`crate::choice::present`]): zeroing it removes just that one, which is how
/// proptest's byte shrinking drops what a failure does not need.
pub fn build(u: &mut Unstructured<'_>) -> GenWorld {
    let node_count = pick(u, MAX_NODES + 1);
    let rel_count = pick(u, MAX_RELATIONSHIPS + 1);
    let role_count = 1 + pick(u, ROLES.len());
    let user_count = 1 + pick(u, USERS.len());
    // Longer set-ups more often than short ones: a handful of commands
    // rarely hides some nodes and shows others.
    let command_count = weighted(u, &COMMAND_COUNT_WEIGHTS);
    let query_count = 1 + pick(u, MAX_QUERIES);
    let rel_count = if node_count == 0 { 0 } else { rel_count };

    let mut indexes = Vec::new();
    slot(u, INDEXES, true, |c| indexes = graph::indexes(c));
    let mut security = Vec::new();
    slot(u, PROLOGUE, true, |c| {
        security = security::prologue(c, role_count, user_count);
    });
    let mut blacklist = None;
    slot(u, BLACKLIST, true, |c| blacklist = blacklist::blacklist(c));
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
    for i in 0..ROUNDS {
        if i < MAX_NODES {
            slot(u, NODE, i < node_count, |c| nodes.push(graph::node(c)));
        }
        if i < MAX_RELATIONSHIPS {
            slot(u, RELATIONSHIP, i < rel_count, |c| {
                if present(c) {
                    relationships.push(graph::relationship(c, node_count));
                }
            });
        }
        if i < MAX_COMMANDS {
            slot(u, COMMAND, i < command_count, |c| {
                if present(c) {
                    let earlier = security.get(first_command..).unwrap_or(&[]);
                    let command = security::command(c, role_count, earlier);
                    security.push(command);
                }
            });
        }
        if i < MAX_QUERIES {
            slot(u, QUERY, i < query_count, |c| {
                // The first query is always there.
                if present(c) || queries.is_empty() {
                    queries.push(query::query(c, &users, fulltext.as_deref()));
                }
            });
        }
    }
    graph::untie(&mut nodes, &mut relationships);
    // The ABAC part: whatever bytes follow the world's slots.
    let roles: Vec<String> = security
        .iter()
        .filter_map(|c| match c {
            security::SecurityCommand::CreateRole(r) => Some(r.clone()),
            _ => None,
        })
        .collect();
    let denying: Vec<String> = security
        .iter()
        .filter_map(|c| match c {
            security::SecurityCommand::Privilege {
                verb: PrivilegeVerb::Deny,
                role,
                ..
            } => Some(role.clone()),
            _ => None,
        })
        .collect();
    let abac = abac::abac(
        u,
        &abac::Context {
            roles: &roles,
            denying: &denying,
            queries: &queries,
        },
    );
    GenWorld {
        abac,
        nodes,
        relationships,
        indexes,
        security,
        blacklist,
        queries,
    }
}
