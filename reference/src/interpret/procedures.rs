//! The read procedures: `db.labels()`, `db.relationshipTypes()`,
//! `db.propertyKeys()` (answered by the view, V4–V6) and
//! `db.index.fulltext.queryNodes` (I2, over the view's security-filtered
//! candidates), called standalone or in the middle of a query.

use model::ast::{Clause, ProcedureCall};
use model::engine::EngineError;
use model::error::{ErrorKind, Operation};
use model::functions::Procedure;
use model::rows::QueryResult;
use model::value::Value;

use super::expr::{eval, holds};
use super::scope::{Ctx, Row, internal, type_error};

/// The rows of `p` over evaluated arguments, values in column order.
fn invoke(ctx: &Ctx<'_>, p: Procedure, args: &[Value]) -> Result<Vec<Vec<Value>>, EngineError> {
    let strings = |names: &[String]| {
        names
            .iter()
            .map(|n| vec![Value::String(n.clone())])
            .collect()
    };
    match p {
        Procedure::Labels => Ok(strings(&ctx.view.labels)),
        Procedure::RelationshipTypes => Ok(strings(&ctx.view.relationship_types)),
        Procedure::PropertyKeys => Ok(strings(&ctx.view.property_keys)),
        Procedure::FulltextQueryNodes => match args {
            [Value::String(name), Value::String(text)] => fulltext(ctx, name, text),
            [a, b] => Err(type_error(Operation::Procedure(p), &[a, b])),
            _ => Err(internal(
                "db.index.fulltext.queryNodes without its 2 arguments",
            )),
        },
    }
}

/// I2: the view's allowed nodes for index `name` that carry one of its
/// labels and hold, under some indexed key, a string containing `text`
/// case-insensitively. Score 1.0; node id order.
fn fulltext(ctx: &Ctx<'_>, name: &str, text: &str) -> Result<Vec<Vec<Value>>, EngineError> {
    let index = ctx
        .world
        .and_then(|w| w.graph.fulltext_index(name))
        .ok_or_else(|| EngineError::of(ErrorKind::NoSuchIndex(name.to_string())))?;
    let needle = text.to_lowercase();
    let Some(allowed) = ctx.view.fulltext_allowed.get(name) else {
        return Ok(Vec::new());
    };
    let mut rows = Vec::new();
    for id in allowed {
        let Some(node) = ctx.view.nodes.get(id) else {
            continue;
        };
        let labelled = node.labels.iter().any(|l| index.labels.contains(l));
        let hit = index.keys.iter().any(|k| {
            matches!(node.properties.get(k), Some(Value::String(s)) if s.to_lowercase().contains(&needle))
        });
        if labelled && hit {
            rows.push(vec![Value::Node(Box::new(node.clone())), Value::Float(1.0)]);
        }
    }
    Ok(rows)
}

/// Joins each input row with the rows of `call`: the yielded columns bound
/// under their aliases (all columns without YIELD), then YIELD's WHERE.
pub(crate) fn call_in_query(
    ctx: &Ctx<'_>,
    input: Vec<Row>,
    call: &ProcedureCall,
) -> Result<Vec<Row>, EngineError> {
    let procedure = call.procedure;
    let bindings = output_bindings(call, procedure.columns());
    let mut out = Vec::new();
    for row in input {
        let args = call
            .args
            .iter()
            .map(|a| eval(ctx, &row, a))
            .collect::<Result<Vec<_>, _>>()?;
        for values in invoke(ctx, procedure, &args)? {
            let mut joined = row.clone();
            for (position, name) in &bindings {
                let v = values.get(*position).cloned().unwrap_or(Value::Null);
                joined.insert(name.clone(), v);
            }
            if let Some(p) = &call.predicate
                && !holds(ctx, &joined, p)?
            {
                continue;
            }
            out.push(joined);
            ctx.meter.rows(out.len())?;
        }
    }
    Ok(out)
}

/// A query that is a single CALL: its columns are the yielded names, or all
/// of the procedure's columns without YIELD.
pub(crate) fn standalone(ctx: &Ctx<'_>, clause: &Clause) -> Result<QueryResult, EngineError> {
    let Clause::Call(call) = clause else {
        return Err(internal("a standalone query that is not a CALL"));
    };
    let bindings = output_bindings(call, call.procedure.columns());
    let rows = call_in_query(ctx, vec![Row::new()], call)?;
    Ok(QueryResult {
        columns: bindings.iter().map(|(_, n)| n.clone()).collect(),
        rows: rows
            .into_iter()
            .map(|r| {
                bindings
                    .iter()
                    .map(|(_, n)| r.get(n).cloned().unwrap_or(Value::Null))
                    .collect()
            })
            .collect(),
        sort_keys: None,
    })
}

/// For each yielded output: its position among `columns` and the name it
/// binds (the parser has checked every yielded column exists).
fn output_bindings(call: &ProcedureCall, columns: &[&str]) -> Vec<(usize, String)> {
    match &call.yields {
        None => columns
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.to_string()))
            .collect(),
        Some(yields) => yields
            .iter()
            .filter_map(|(column, alias)| {
                let position = columns.iter().position(|c| c == column)?;
                Some((position, alias.clone().unwrap_or_else(|| column.clone())))
            })
            .collect(),
    }
}
