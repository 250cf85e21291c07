//! The read procedures: `db.labels()` (V4), `db.relationshipTypes()` (V5),
//! `db.propertyKeys()` (V6), decided from the user's compiled policy (an
//! administrator: decision U6 row), and `db.index.fulltext.queryNodes` (I2,
//! with the blacklist decision).

use model::engine::EngineError;
use model::error::{ErrorKind, Operation};
use model::functions::Procedure;
use model::value::Value;

use crate::policy::{ElementPolicy, Policy, Scope};

use super::context::Ctx;
use super::eval::internal;
use super::operators::type_error;

/// Calls `procedure` with evaluated `args` (as many as it takes: the
/// parser checked); its rows hold one value per column of
/// `procedure.columns()`.
pub fn call(
    ctx: &Ctx<'_>,
    procedure: Procedure,
    args: &[Value],
) -> Result<Vec<Vec<Value>>, EngineError> {
    let strings = |names: Vec<String>| names.into_iter().map(|n| vec![Value::String(n)]).collect();
    match procedure {
        Procedure::Labels => Ok(strings(labels(ctx)?)),
        Procedure::RelationshipTypes => Ok(strings(rel_types(ctx)?)),
        Procedure::PropertyKeys => Ok(strings(property_keys(ctx)?)),
        Procedure::FulltextQueryNodes => match args {
            [Value::String(index), Value::String(text)] => fulltext(ctx, index, text),
            [a, b] => Err(type_error(Operation::Procedure(procedure), &[a, b])),
            _ => Err(internal(
                "db.index.fulltext.queryNodes without its 2 arguments",
            )),
        },
    }
}

/// The user's folded policy, or `None` for an administrator.
fn policy(ctx: &Ctx<'_>) -> Result<Option<Policy>, EngineError> {
    let Some(subject) = ctx.compiled.subject() else {
        return Ok(None);
    };
    Ok(Some(Policy::compile(ctx.world, ctx.columns(), subject)))
}

/// An unconditional scope covering token `token`: `*` or the token itself.
fn unconditional(scope: &Scope, token: usize) -> bool {
    scope.everything || scope.tokens.contains(token)
}

/// V4/V5's test for one token.
fn listed(element: &ElementPolicy, token: usize) -> bool {
    unconditional(&element.traverse_grant, token) && !unconditional(&element.traverse_deny, token)
}

/// V4: labels in use (on a node or in an index) that an unconditional
/// TRAVERSE grant covers and no unconditional deny does.
fn labels(ctx: &Ctx<'_>) -> Result<Vec<String>, EngineError> {
    let policy = policy(ctx)?;
    let c = ctx.columns();
    let mut out = Vec::new();
    for name in &ctx.world.graph.tokens.labels {
        let Some(l) = c.labels.get(name) else {
            continue;
        };
        let on_node = c.label_nodes(l).is_some_and(|m| !m.is_empty());
        let in_index = ctx
            .world
            .graph
            .indexes
            .iter()
            .any(|i| i.labels.iter().any(|x| x == name));
        if !(on_node || in_index) {
            continue;
        }
        if policy.as_ref().is_none_or(|p| listed(&p.nodes, l)) {
            out.push(name.clone());
        }
    }
    Ok(out)
}

/// V5: relationship types carried by some relationship, by the same rule.
fn rel_types(ctx: &Ctx<'_>) -> Result<Vec<String>, EngineError> {
    let policy = policy(ctx)?;
    let c = ctx.columns();
    let mut out = Vec::new();
    for name in &ctx.world.graph.tokens.rel_types {
        let Some(t) = c.rel_types.get(name) else {
            continue;
        };
        if c.type_rels(t).is_none_or(|m| m.is_empty()) {
            continue;
        }
        if policy.as_ref().is_none_or(|p| listed(&p.relationships, t)) {
            out.push(name.clone());
        }
    }
    Ok(out)
}

/// V6: keys some unconditional READ grant covers (on `*` or a token) and no
/// READ deny on `*` covers, for nodes or for relationships; never a
/// blacklisted key. An administrator sees every key token.
fn property_keys(ctx: &Ctx<'_>) -> Result<Vec<String>, EngineError> {
    let policy = policy(ctx)?;
    let c = ctx.columns();
    let mut out = Vec::new();
    for name in &ctx.world.graph.tokens.property_keys {
        let Some(policy) = &policy else {
            out.push(name.clone());
            continue;
        };
        let Some(k) = c.keys.get(name) else {
            continue;
        };
        if policy.blacklist.contains(k) {
            continue;
        }
        let visible = |e: &ElementPolicy| {
            let grant = e.read_grant.for_key(k);
            (grant.everything || !grant.tokens.is_empty()) && !e.read_deny.for_key(k).everything
        };
        if visible(&policy.nodes) || visible(&policy.relationships) {
            out.push(name.clone());
        }
    }
    Ok(out)
}

/// I2: nodes with one of the index's labels where some indexed key's
/// stored string contains `text` case-insensitively, that are traversable
/// and on which every indexed key is readable by privilege.
fn fulltext(ctx: &Ctx<'_>, index: &str, text: &str) -> Result<Vec<Vec<Value>>, EngineError> {
    let Some(definition) = ctx.world.graph.fulltext_index(index) else {
        return Err(EngineError::of(ErrorKind::NoSuchIndex(index.to_string())));
    };
    let c = ctx.columns();
    let needle = text.to_lowercase();
    let mut candidates = roaring::RoaringBitmap::new();
    for label in &definition.labels {
        if let Some(m) = c.labels.get(label).and_then(|l| c.label_nodes(l)) {
            candidates |= m;
        }
    }
    candidates &= ctx.compiled.traversable_nodes();
    let readable = ctx.compiled.readable_node_keys();
    let keys: Vec<Option<usize>> = definition.keys.iter().map(|k| c.keys.get(k)).collect();
    for key in &keys {
        // An unknown key is covered only by `{*}` grants: the shared set.
        candidates &= readable.key(key.unwrap_or(usize::MAX));
    }
    let mut rows = Vec::new();
    for position in candidates {
        let hit = keys.iter().flatten().any(|&k| {
            c.node_properties
                .column(k)
                .and_then(|col| col.value(position))
                .is_some_and(|v| match v.as_ref() {
                    Value::String(s) => s.to_lowercase().contains(&needle),
                    _ => false,
                })
        });
        if hit {
            rows.push(vec![
                Value::Node(Box::new(ctx.node_value(position))),
                Value::Float(1.0),
            ]);
        }
    }
    Ok(rows)
}
