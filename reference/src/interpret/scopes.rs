//! The variables in scope before each clause, which execution needs for
//! `*` and for OPTIONAL MATCH's nulls. Every static check of a query or of
//! a SHOW command's tail is the parser's (model validates them before any
//! engine sees them).

use model::ast::{Clause, PathPattern, Projection, Query};

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
