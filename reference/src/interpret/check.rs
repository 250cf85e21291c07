//! The variables in scope before each clause, which execution needs for
//! `*` and for OPTIONAL MATCH's nulls, and the checks of a SHOW command's
//! YIELD/WHERE/RETURN tail. A query's own static checks are the parser's
//! (model validates a query before any engine sees it).

use model::admin::ShowTail;
use model::ast::{Clause, Expr, PathPattern, Projection, Query};
use model::engine::EngineError;
use model::error::ErrorKind;

use super::projection::{self, Kind};
use super::scope::Scope;

/// The scope before each clause of `query`.
pub(crate) fn scopes(query: &Query) -> Vec<Scope> {
    let mut scope = Scope::new();
    let mut out = Vec::with_capacity(query.clauses().len());
    for clause in query.clauses() {
        out.push(scope.clone());
        match clause {
            Clause::Match { patterns, .. } => bind_patterns(&mut scope, patterns),
            Clause::Unwind { var, .. } => {
                scope.insert(var.clone());
            }
            Clause::With(p) => scope = projected(&scope, p, Kind::With),
            Clause::Return(p) => scope = projected(&scope, p, Kind::Return),
            Clause::Call(call) => match &call.yields {
                None => scope.extend(call.procedure.columns().iter().map(|c| c.to_string())),
                Some(yields) => scope.extend(
                    yields
                        .iter()
                        .map(|(column, alias)| alias.as_ref().unwrap_or(column).clone()),
                ),
            },
        }
    }
    out
}

/// Every variable a MATCH binds: nodes, relationships and paths.
fn bind_patterns(scope: &mut Scope, patterns: &[PathPattern]) {
    for pattern in patterns {
        scope.extend(pattern.var.iter().cloned());
        scope.extend(pattern.start.var.iter().cloned());
        for (rel, node) in &pattern.hops {
            scope.extend(rel.var.iter().cloned());
            scope.extend(node.var.iter().cloned());
        }
    }
}

/// The names a projection binds.
fn projected(scope: &Scope, p: &Projection, kind: Kind) -> Scope {
    projection::items(p, scope, kind)
        .into_iter()
        .map(|i| i.name)
        .collect()
}

/// Checks a SHOW command's tail over a result with `columns`: every
/// variable it uses names a column, or a name its YIELD binds. (The parser
/// does not know a SHOW command's columns, so this is checked here, once,
/// for every engine alike: SHOW runs in the shared administration path.)
pub(crate) fn check_tail(columns: &[String], tail: &ShowTail) -> Result<(), EngineError> {
    let mut scope: Scope = columns.iter().cloned().collect();
    if let Some(y) = &tail.yields {
        scope = check_projection(&scope, y, Kind::With)?;
    }
    uses_only(&scope, tail.predicate.iter())?;
    if let Some(r) = &tail.returns {
        check_projection(&scope, r, Kind::Return)?;
    }
    Ok(())
}

/// Checks one projection of a tail: its items see `scope`, its WHERE also
/// the names it projects; returns those names.
fn check_projection(scope: &Scope, p: &Projection, kind: Kind) -> Result<Scope, EngineError> {
    uses_only(scope, p.items.iter().map(|i| &i.expr))?;
    let after = projected(scope, p, kind);
    let both: Scope = scope.union(&after).cloned().collect();
    uses_only(&both, p.predicate.iter())?;
    Ok(after)
}

/// Fails naming the first variable of `exprs` outside `scope`. ORDER BY
/// keys may also name the projected values, which the projection binds
/// before it sorts; they are left to evaluation.
fn uses_only<'e>(scope: &Scope, exprs: impl Iterator<Item = &'e Expr>) -> Result<(), EngineError> {
    for e in exprs {
        if let Some(v) = e.free_variables().into_iter().find(|v| !scope.contains(v)) {
            return Err(EngineError::of(ErrorKind::VariableNotDefined(v)));
        }
    }
    Ok(())
}
