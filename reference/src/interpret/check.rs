//! Static checks before any row is read, so that a bad query fails the same
//! way on every graph: undefined or redeclared variables, unknown or
//! misused functions (A2's `abac.*` included), aggregates outside WITH and
//! RETURN items, unknown procedures and outputs, clause order. It also
//! computes the variables in scope before each clause, which execution needs
//! for `*` and for OPTIONAL MATCH's nulls.

use model::admin::ShowTail;
use model::ast::{Clause, Expr, PathPattern, ProcedureCall, Projection, Query};
use model::engine::EngineError;
use model::value::Value;

use super::aggregate::{contains_aggregate, is_aggregate};
use super::functions::{self, Function};
use super::procedures;
use super::projection::{self, Item, Kind};
use super::scope::{Scope, error};
use super::walk;

/// Checks `query`; returns the scope before each clause.
pub(crate) fn check_query(query: &Query) -> Result<Vec<Scope>, EngineError> {
    let count = query.clauses.len();
    if count == 0 {
        return Err(error("empty query"));
    }
    let mut scope = Scope::new();
    let mut scopes = Vec::with_capacity(count);
    for (i, clause) in query.clauses.iter().enumerate() {
        scopes.push(scope.clone());
        let last = i + 1 == count;
        scope = match clause {
            Clause::Match {
                patterns,
                predicate,
                ..
            } => {
                let after = check_patterns(&scope, patterns)?;
                check_optional(&after, predicate.as_ref())?;
                after
            }
            Clause::Unwind { expr, var } => {
                check_expr(&scope, expr, false)?;
                declare(scope, var)?
            }
            Clause::With(p) => check_projection(&scope, p, Kind::With)?,
            Clause::Return(p) => {
                if !last {
                    return Err(error("RETURN can only be used at the end of the query"));
                }
                check_projection(&scope, p, Kind::Return)?
            }
            Clause::Call(call) => check_call(&scope, call, count == 1)?,
        };
        if last && !matches!(clause, Clause::Return(_) | Clause::Call(_)) {
            return Err(error(
                "Query cannot conclude with this clause: RETURN is missing",
            ));
        }
        if last && matches!(clause, Clause::Call(_)) && count != 1 {
            return Err(error(
                "Query cannot conclude with CALL (must be a RETURN clause or a standalone CALL)",
            ));
        }
    }
    Ok(scopes)
}

/// Checks a SHOW command's tail over a result with `columns`.
pub(crate) fn check_tail(columns: &[String], tail: &ShowTail) -> Result<(), EngineError> {
    let mut scope: Scope = columns.iter().cloned().collect();
    if let Some(y) = &tail.yields {
        scope = check_projection(&scope, y, Kind::With)?;
    }
    check_optional(&scope, tail.predicate.as_ref())?;
    if let Some(r) = &tail.returns {
        check_projection(&scope, r, Kind::Return)?;
    }
    Ok(())
}

fn check_optional(scope: &Scope, e: Option<&Expr>) -> Result<(), EngineError> {
    e.map_or(Ok(()), |e| check_expr(scope, e, false))
}

/// `scope` plus `var`, which must be new.
fn declare(mut scope: Scope, var: &str) -> Result<Scope, EngineError> {
    if !scope.insert(var.to_string()) {
        return Err(error(format!("Variable `{var}` already declared")));
    }
    Ok(scope)
}

/// The patterns of one MATCH, in binding order: a property map sees the
/// variables bound before it. Node and relationship variables may repeat
/// (they then constrain); a path variable must be new.
fn check_patterns(scope: &Scope, patterns: &[PathPattern]) -> Result<Scope, EngineError> {
    let mut s = scope.clone();
    for pattern in patterns {
        let elements = std::iter::once((&pattern.start.var, &pattern.start.properties)).chain(
            pattern.hops.iter().flat_map(|(rel, node)| {
                [(&rel.var, &rel.properties), (&node.var, &node.properties)]
            }),
        );
        for (var, properties) in elements {
            for (_, e) in properties {
                check_expr(&s, e, false)?;
            }
            if let Some(v) = var {
                s.insert(v.clone());
            }
        }
        if let Some(p) = &pattern.var {
            s = declare(s, p)?;
        }
    }
    Ok(s)
}

/// Checks a WITH/RETURN body; returns the scope after it.
pub(crate) fn check_projection(
    scope: &Scope,
    p: &Projection,
    kind: Kind,
) -> Result<Scope, EngineError> {
    let items = projection::items(p, scope, kind)?;
    for item in &items {
        check_expr(scope, &item.expr, true)?;
    }
    let after: Scope = items.iter().map(|i| i.name.clone()).collect();
    let aggregating = items.iter().any(|i| contains_aggregate(&i.expr));
    if aggregating {
        check_implicit_grouping(scope, &items)?;
    }
    let mut sort_scope = after.clone();
    if !aggregating && !p.distinct {
        sort_scope.extend(scope.iter().cloned());
    }
    for key in &p.order_by {
        let e = projection::alias_rewrite(&key.expr, &items);
        check_expr(&sort_scope, &e, false)?;
    }
    for e in p.skip.iter().chain(p.limit.iter()) {
        check_expr(&Scope::new(), e, false)?;
    }
    check_optional(&sort_scope, p.predicate.as_ref())?;
    Ok(after)
}

/// In an aggregating projection, the parts of an aggregate item outside its
/// aggregate calls may use variables only through the grouping keys
/// (`n.x + count(*)` needs `n.x` or `n` as a key), so that every row of a
/// group gives them the same value.
fn check_implicit_grouping(scope: &Scope, items: &[Item]) -> Result<(), EngineError> {
    let keys: Vec<&Expr> = items
        .iter()
        .filter(|i| !contains_aggregate(&i.expr))
        .map(|i| &i.expr)
        .collect();
    for item in items.iter().filter(|i| contains_aggregate(&i.expr)) {
        let outside = walk::rewrite(&item.expr, &|x: &Expr| {
            (is_aggregate(x) || keys.contains(&x)).then_some(Expr::Literal(Value::Null))
        });
        if walk::any(
            &outside,
            &|x| matches!(x, Expr::Variable(v) if scope.contains(v)),
        ) {
            return Err(error(format!(
                "Aggregation column contains implicit grouping expressions: {}",
                item.column
            )));
        }
    }
    Ok(())
}

/// A CALL: known procedure, argument count, yielded outputs; returns the
/// scope after it (standalone without YIELD: every output column).
fn check_call(scope: &Scope, call: &ProcedureCall, standalone: bool) -> Result<Scope, EngineError> {
    let procedure = procedures::resolve(&call.procedure)?;
    let signature = procedures::signature(procedure);
    if call.args.len() != signature.args {
        return Err(error(format!(
            "Procedure call {} expects {} arguments, got {}",
            call.procedure,
            signature.args,
            call.args.len()
        )));
    }
    for a in &call.args {
        check_expr(scope, a, false)?;
    }
    let mut after = scope.clone();
    match &call.yields {
        None if !standalone => {
            return Err(error(
                "Procedure call inside a query does not support naming results implicitly (use YIELD)",
            ));
        }
        None => after.extend(signature.columns.iter().map(|c| c.to_string())),
        Some(yields) => {
            for (column, alias) in yields {
                if !signature.columns.contains(&column.as_str()) {
                    return Err(error(format!(
                        "Unknown procedure output: `{column}` of {}",
                        call.procedure
                    )));
                }
                after = declare(after, alias.as_deref().unwrap_or(column))?;
            }
        }
    }
    check_optional(&after, call.predicate.as_ref())?;
    Ok(after)
}

/// Checks an expression: variables in `scope`, functions known with the
/// right arity, aggregates only where `aggregates` allows (never nested,
/// never inside a comprehension's per-element part).
pub(crate) fn check_expr(scope: &Scope, e: &Expr, aggregates: bool) -> Result<(), EngineError> {
    match e {
        Expr::Variable(v) => {
            if scope.contains(v) {
                Ok(())
            } else {
                Err(error(format!("Variable `{v}` not defined")))
            }
        }
        Expr::CountStar => aggregate_allowed("count", aggregates),
        Expr::Function {
            name,
            distinct,
            args,
        } => {
            let f = functions::resolve(name)?;
            functions::check_arity(name, f, args.len())?;
            let inner = match f {
                Function::Aggregate(_) => {
                    aggregate_allowed(name, aggregates)?;
                    false
                }
                Function::Scalar(_) if *distinct => {
                    return Err(error(format!(
                        "DISTINCT is only allowed in aggregate functions, not in {name}"
                    )));
                }
                Function::Scalar(_) => aggregates,
            };
            args.iter().try_for_each(|a| check_expr(scope, a, inner))
        }
        Expr::ListComprehension {
            var,
            list,
            filter,
            map,
        } => {
            check_expr(scope, list, aggregates)?;
            let inner = with_local(scope, &[var]);
            filter
                .iter()
                .chain(map.iter())
                .try_for_each(|x| check_expr(&inner, x, false))
        }
        Expr::Quantifier {
            var,
            list,
            predicate,
            ..
        } => {
            check_expr(scope, list, aggregates)?;
            check_expr(&with_local(scope, &[var]), predicate, false)
        }
        Expr::Reduce {
            acc,
            init,
            var,
            list,
            expr,
        } => {
            check_expr(scope, init, aggregates)?;
            check_expr(scope, list, aggregates)?;
            check_expr(&with_local(scope, &[acc, var]), expr, false)
        }
        _ => walk::children(e)
            .into_iter()
            .try_for_each(|c| check_expr(scope, c, aggregates)),
    }
}

fn aggregate_allowed(name: &str, allowed: bool) -> Result<(), EngineError> {
    if allowed {
        Ok(())
    } else {
        Err(error(format!(
            "aggregate function {name} is only allowed in WITH and RETURN items, not nested in another aggregate or a per-element expression"
        )))
    }
}

/// `scope` with comprehension-local variables added (they may shadow).
fn with_local(scope: &Scope, vars: &[&String]) -> Scope {
    let mut s = scope.clone();
    s.extend(vars.iter().map(|v| (*v).clone()));
    s
}
