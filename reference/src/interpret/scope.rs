//! What every part of the interpreter shares: the evaluation context (the
//! view, and the world for index definitions), a row of variable bindings,
//! the set of variable names in scope, and error construction.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset};

use model::engine::EngineError;
use model::error::{ErrorKind, Operation};
use model::graph::{NodeId, RelId};
use model::value::Value;
use model::world::World;

use crate::view::UserView;

/// One row of the pipeline: each variable in scope and its value. A
/// `BTreeMap` so that `*` sees the names in order.
pub(crate) type Row = BTreeMap<String, Value>;

/// The names of the variables in scope, known before any row exists (so
/// that `*` and OPTIONAL MATCH's nulls do not depend on the data).
pub(crate) type Scope = BTreeSet<String>;

/// What evaluation reads besides the row.
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'a> {
    /// The user's graph (V1).
    pub view: &'a UserView,
    /// Index definitions; `None` when running a SHOW tail, where no
    /// procedure can be called.
    pub world: Option<&'a World>,
    /// For each node of the view, the ids of its relationships in the view,
    /// ascending (see [`incidence`]).
    pub incident: &'a BTreeMap<NodeId, Vec<RelId>>,
    /// The transaction time, `datetime.transaction()`; `None` where there
    /// is no transaction (a SHOW tail, a caller that gives none).
    pub at: Option<DateTime<FixedOffset>>,
    /// The session's claims, in an auth rule's condition (A2); `None` in
    /// queries, where the parser refuses `abac.*`.
    pub claims: Option<&'a BTreeMap<String, Value>>,
    /// The query's budgets and what it has built (semantics.md, "Budgets").
    pub meter: &'a model::limits::Meter,
}

/// Each node's relationships (outgoing and incoming, a self-loop once), in
/// id order: the same relationships, in the same order, as scanning all of
/// the view's relationships for those touching the node, without the
/// quadratic cost.
pub(crate) fn incidence(view: &UserView) -> BTreeMap<NodeId, Vec<RelId>> {
    let mut incident: BTreeMap<NodeId, Vec<RelId>> = BTreeMap::new();
    for (id, r) in &view.relationships {
        incident.entry(r.start).or_default().push(*id);
        if r.end != r.start {
            incident.entry(r.end).or_default().push(*id);
        }
    }
    incident
}

/// The error of a state the parser's checks rule out: a bug, never an
/// answer a scenario can expect.
pub(crate) fn internal(what: impl Into<String>) -> EngineError {
    EngineError::of(ErrorKind::Internal(what.into()))
}

/// The type-mismatch error of `operation` applied to values of these types.
pub(crate) fn type_error(operation: Operation, values: &[&Value]) -> EngineError {
    EngineError::of(ErrorKind::TypeMismatch {
        operation,
        types: values.iter().map(|v| v.type_name()).collect(),
    })
}
