//! Benchmark peers for issue 11: Polygraph's question "which nodes may this
//! user traverse" (N1, N2 of docs/spec/semantics.md) asked of two general
//! authorization libraries, Cedar (`cedar-policy`) and Casbin (`casbin`),
//! one decision per node, so that the performance report can put their
//! per-decision cost beside the engines'.
//!
//! The policies are not written by hand per benchmark: `translate` reads
//! a [`World`]'s catalog, the principal's roles (U1, U3, U4 with O3) and,
//! for an OIDC session, its token's claims and the auth rules (A3-A6), and
//! produces a library-neutral list of statements ("role r may / may not
//! traverse label L", "when this condition holds, ... may traverse ...");
//! [`cedar()`] renders them as a Cedar policy set parsed from text, [`casbin()`]
//! as Casbin policy lines under an RBAC-with-deny model. A privilege or
//! condition that cannot be expressed, and that could change the node
//! answer, is a [`PeerError`], never silently dropped.
//!
//! A peer is not an engine: it answers only node traversal (no
//! relationships, properties or queries), and `differential` never compares
//! it; its tests compare it with the optimized engine's `visibility`.

#![warn(missing_docs)]

mod casbin_peer;
mod cedar_peer;
mod condition;
mod error;
mod translate;

use std::ops::Range;

use chrono::{DateTime, FixedOffset};
use model::engine::Principal;
use model::world::World;

pub use error::PeerError;

/// One peer, built for one (world, principal, at): everything a decision
/// needs is prepared here (entities, parsed policies, enforcer) so that
/// [`Peer::visible_nodes`] times only the decisions.
pub trait Peer {
    /// `"cedar"` or `"casbin"`.
    fn name(&self) -> &'static str;

    /// The ids of the nodes the principal may traverse (N2), one library
    /// decision per node of the graph.
    fn visible_nodes(&self) -> Result<roaring::RoaringTreemap, PeerError> {
        self.visible_among(0..self.decisions())
    }

    /// [`Peer::visible_nodes`] for the nodes at `positions` in the graph's
    /// order only (positions past the last node are ignored): a pass in
    /// parts, each timed on its own.
    fn visible_among(&self, positions: Range<u64>) -> Result<roaring::RoaringTreemap, PeerError>;

    /// How many decisions one [`Peer::visible_nodes`] call makes (the
    /// number of nodes; the one ACCESS decision made while building the
    /// peer is not counted).
    fn decisions(&self) -> u64;
}

/// One decision per node at `positions` in `nodes`: the ids that `allowed`
/// admits; a decision that fails stops the pass, naming the node.
fn each_node<T>(
    peer: &'static str,
    nodes: &[(u64, T)],
    positions: Range<u64>,
    allowed: impl Fn(&T) -> Result<bool, String>,
) -> Result<roaring::RoaringTreemap, PeerError> {
    let end = usize::try_from(positions.end).map_or(nodes.len(), |e| e.min(nodes.len()));
    let start = usize::try_from(positions.start).map_or(end, |s| s.min(end));
    let mut visible = roaring::RoaringTreemap::new();
    for (id, node) in &nodes[start..end] {
        let admitted = allowed(node).map_err(error::decision_error(
            peer,
            format!("traversal of node {id}"),
        ))?;
        if admitted {
            visible.insert(*id);
        }
    }
    Ok(visible)
}

/// The Cedar peer of `principal` in `world` at transaction time `at`
/// (see the `cedar_peer` module for how the policies are expressed).
/// Fails when the principal cannot run anything (unknown user, refused
/// token, no ACCESS on the database: U5, O2) or when something that
/// could change the answer cannot be translated.
pub fn cedar(
    world: &World,
    principal: &Principal,
    at: DateTime<FixedOffset>,
) -> Result<Box<dyn Peer>, PeerError> {
    let translation = translate::translate(world, principal, at)?;
    Ok(Box::new(cedar_peer::CedarPeer::build(world, &translation)?))
}

/// The Casbin peer of `principal` in `world` at transaction time `at`
/// (see the `casbin_peer` module for the model and the policy lines).
/// Fails like [`cedar()`].
pub fn casbin(
    world: &World,
    principal: &Principal,
    at: DateTime<FixedOffset>,
) -> Result<Box<dyn Peer>, PeerError> {
    let translation = translate::translate(world, principal, at)?;
    Ok(Box::new(casbin_peer::CasbinPeer::build(
        world,
        &translation,
    )?))
}
