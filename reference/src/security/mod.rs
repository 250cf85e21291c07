//! Security decisions of SEMANTICS.md sections 2, 3, 4 and 7 and the I2
//! filter, one function per rule, each citing its rule id. Builds the
//! [`UserView`] that the interpreter runs over.
//!
//! Every rule function returns the privileges that decided it (a
//! [`decision::Decision`]), and [`crate::explain`] prints those same
//! decisions: there is no second copy of the logic.
//!
//! Modules: [`principal`] (U1, U3, U5), [`scope`] (D4, P6), [`decision`]
//! (P1, P3, P4), [`predicate`] (Q1, Q3), [`nodes`] (N1-N4),
//! [`relationships`] (R1-R3), [`blacklist`] (B1, B2), [`procedures`]
//! (V4-V6), [`fulltext`] (I2), [`admin`] (U6).

pub mod admin;
pub mod blacklist;
pub mod decision;
pub mod fulltext;
pub mod nodes;
pub mod predicate;
pub mod principal;
pub mod procedures;
pub mod relationships;
pub mod scope;

use model::engine::{EngineError, Principal};
use model::value::{NodeValue, RelValue};
use model::world::World;

use crate::view::UserView;
use principal::Subject;

/// The view of `principal` (V1), or U5's access error (and an error for an
/// unknown user).
pub fn user_view(world: &World, principal: &Principal) -> Result<UserView, EngineError> {
    match principal {
        Principal::Admin => Ok(admin::admin_view(world)),
        Principal::Native(name) => {
            let subject = principal::subject(world, name)?;
            native_view(world, &subject)
        }
    }
}

/// U5: without access every query fails; otherwise V1's smaller graph:
/// traversable nodes (N2) with all labels (N4) and readable properties (N3,
/// B2), visible relationships (R2) with readable properties (R3, B2), the
/// procedures' rows (V4-V6) and the full-text filter (I2).
fn native_view(world: &World, subject: &Subject<'_>) -> Result<UserView, EngineError> {
    if !principal::access_decision(world, subject).allowed() {
        return Err(principal::access_error(subject));
    }
    let graph = &world.graph;
    Ok(UserView {
        nodes: graph
            .nodes
            .iter()
            .filter(|n| nodes::traversable(world, subject, n))
            .map(|n| {
                let value = NodeValue {
                    id: n.id,
                    labels: nodes::labels(world, n),
                    properties: n
                        .properties
                        .iter()
                        .filter(|(k, _)| nodes::readable(world, subject, n, k))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                };
                (n.id, value)
            })
            .collect(),
        relationships: graph
            .relationships
            .iter()
            .filter(|r| relationships::visible(world, subject, r))
            .map(|r| {
                let value = RelValue {
                    id: r.id,
                    rel_type: r.rel_type.clone(),
                    start: r.start,
                    end: r.end,
                    properties: r
                        .properties
                        .iter()
                        .filter(|(k, _)| relationships::readable(world, subject, r, k))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                };
                (r.id, value)
            })
            .collect(),
        labels: procedures::labels(world, subject),
        relationship_types: procedures::rel_types(world, subject),
        property_keys: procedures::property_keys(world, subject),
        fulltext_allowed: fulltext::allowed(world, subject),
    })
}
