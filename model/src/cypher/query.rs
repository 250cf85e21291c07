//! Read queries: MATCH / OPTIONAL MATCH, WITH, UNWIND, CALL and RETURN, with
//! write clauses refused by name, and the projection grammar that SHOW
//! commands reuse for YIELD and RETURN.
//!
//! Parsing a query also validates it (E1): everything that does not depend
//! on data or privileges is checked here, once, with the position of the
//! construct: variables in scope and declared once, projections (aliases,
//! unique columns, `*`, implicit grouping, what ORDER BY and WHERE may
//! see), procedures and their YIELD columns, where a query may end. The
//! expression parser checks functions and aggregates (`cypher::expr`).
//! Finally every aggregate call is numbered, so engines can key state on it.

use std::collections::{HashMap, HashSet};

use crate::ast::{
    AggregateId, Clause, Expr, ProcedureCall, Projection, Query, ReturnItem, SortItem,
};
use crate::cypher::lexer::Sym;
use crate::cypher::parser::{PResult, Parser};
use crate::cypher::scope::VarKind;
use crate::error::{ErrorKind, SyntaxError};
use crate::functions::{self, Aggregate, Arity};

/// Write and other clauses outside the subset, by their first keyword.
const UNSUPPORTED: &[&str] = &[
    "CREATE", "MERGE", "SET", "DELETE", "REMOVE", "FOREACH", "UNION", "USE", "FINISH", "INSERT",
    "LET", "FILTER",
];

/// Where a projection appears, which decides what it allows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProjectionKind {
    /// `WITH`: non-variable items need an alias; `WHERE` allowed.
    With,
    /// `RETURN`.
    Return,
    /// `YIELD` of a SHOW command: `WHERE` allowed.
    Yield,
}

/// A projected item as later clauses see it.
struct Binding {
    /// The variable it binds for ORDER BY, WHERE and later clauses.
    name: String,
    /// Its result column.
    column: String,
    /// Its expression (`*` items are variables).
    expr: Expr,
    /// Where it is written.
    offset: usize,
}

/// A CALL that yields implicitly (no YIELD, or `YIELD *`), which only a
/// query made of that CALL alone may do.
struct ImplicitYield {
    offset: usize,
    procedure: functions::Procedure,
    star: bool,
}

impl Parser<'_> {
    /// A whole read query (up to `;` or the end), validated.
    pub(crate) fn read_query(&mut self) -> PResult<Query> {
        self.start_scope();
        let mut clauses = Vec::new();
        let mut implicit = Vec::new();
        let mut returned = false;
        while !self.at_eof() && !self.at_sym(Sym::Semicolon) {
            if returned {
                return Err(match self.unsupported_clause(true) {
                    Some(e) => e,
                    None => self.error(format!(
                        "unexpected {} after RETURN (RETURN must be the last clause)",
                        self.describe()
                    )),
                });
            }
            let clause = self.clause(!clauses.is_empty(), &mut implicit)?;
            returned = matches!(clause, Clause::Return(_));
            clauses.push(clause);
        }
        match clauses.last() {
            None => return Err(self.expected("a clause")),
            Some(Clause::Return(_)) => {}
            Some(Clause::Call(_)) if clauses.len() == 1 => {}
            Some(_) => return Err(SyntaxError::of(self.offset(), ErrorKind::IncompleteQuery)),
        }
        if clauses.len() > 1
            && let Some(call) = implicit.first()
        {
            return Err(if call.star {
                SyntaxError::new(
                    call.offset,
                    "YIELD * can only be used with a standalone procedure call",
                )
            } else {
                SyntaxError::of(call.offset, ErrorKind::YieldRequired(call.procedure))
            });
        }
        let aggregates = number_aggregates(&mut clauses);
        Ok(Query::validated(clauses, aggregates))
    }

    /// The error for an unsupported clause at the current token, if it is one.
    fn unsupported_clause(&self, after_others: bool) -> Option<SyntaxError> {
        let word = if self.at_kws(&["DETACH", "DELETE"]) {
            "DETACH DELETE".to_string()
        } else if self.at_kws(&["LOAD", "CSV"]) {
            "LOAD CSV".to_string()
        } else if self.at_kw("CALL") && self.sym_at(1, Sym::LBrace) {
            "CALL { subquery }".to_string()
        } else {
            let kw = UNSUPPORTED.iter().find(|kw| self.at_kw(kw))?;
            kw.to_string()
        };
        let suffix = if after_others && word != "UNION" {
            " in a read query"
        } else {
            ""
        };
        Some(self.error(format!("unsupported clause {word}{suffix}")))
    }

    fn clause(&mut self, after_others: bool, implicit: &mut Vec<ImplicitYield>) -> PResult<Clause> {
        if let Some(e) = self.unsupported_clause(after_others) {
            return Err(e);
        }
        if self.eat_kws(&["OPTIONAL", "MATCH"]) {
            return self.match_clause(true);
        }
        if self.eat_kw("MATCH") {
            return self.match_clause(false);
        }
        if self.eat_kw("WITH") {
            return Ok(Clause::With(self.projection(ProjectionKind::With)?));
        }
        if self.eat_kw("RETURN") {
            return Ok(Clause::Return(self.projection(ProjectionKind::Return)?));
        }
        if self.eat_kw("UNWIND") {
            let expr = self.expression()?;
            self.expect_kw("AS", "after the UNWIND expression")?;
            let offset = self.offset();
            let var = self.name("a variable after AS")?;
            self.declare_new(&var, offset)?;
            return Ok(Clause::Unwind { expr, var });
        }
        if self.eat_kw("CALL") {
            return Ok(Clause::Call(self.procedure_call(implicit)?));
        }
        Err(self.expected("a clause (MATCH, OPTIONAL MATCH, WITH, UNWIND, CALL or RETURN)"))
    }

    fn match_clause(&mut self, optional: bool) -> PResult<Clause> {
        self.clause_relationships.clear();
        let patterns = self.path_patterns()?;
        let predicate = self.where_clause()?;
        Ok(Clause::Match {
            optional,
            patterns,
            predicate,
        })
    }

    /// An optional `WHERE pred`.
    pub(crate) fn where_clause(&mut self) -> PResult<Option<Expr>> {
        if self.eat_kw("WHERE") {
            Ok(Some(self.expression()?))
        } else {
            Ok(None)
        }
    }

    /// After `CALL`: `proc[(args)] [YIELD * | col [AS alias], ... [WHERE pred]]`,
    /// with the procedure, its argument count and its YIELD columns checked.
    fn procedure_call(&mut self, implicit: &mut Vec<ImplicitYield>) -> PResult<ProcedureCall> {
        let (offset, name, args) = self.call_head()?;
        let procedure = functions::resolve_procedure(&name)
            .ok_or_else(|| SyntaxError::of(offset, ErrorKind::UnknownProcedure(name)))?;
        if args.len() != procedure.arguments() {
            return Err(SyntaxError::of(
                offset,
                ErrorKind::ArgumentCount {
                    callee: procedure.name().to_string(),
                    expected: Arity::Exactly(procedure.arguments()),
                    got: args.len(),
                },
            ));
        }
        let mut yields = None;
        let mut predicate = None;
        let yield_offset = self.offset();
        if self.eat_kw("YIELD") {
            if self.eat_sym(Sym::Star) {
                implicit.push(ImplicitYield {
                    offset: yield_offset,
                    procedure,
                    star: true,
                });
                for column in procedure.columns() {
                    self.declare_new(column, yield_offset)?;
                }
            } else {
                let mut items = Vec::new();
                loop {
                    let column_offset = self.offset();
                    let column = self.name("a column name after YIELD")?;
                    if !procedure.columns().contains(&column.as_str()) {
                        return Err(SyntaxError::of(
                            column_offset,
                            ErrorKind::UnknownProcedureOutput { procedure, column },
                        ));
                    }
                    let alias = if self.eat_kw("AS") {
                        Some(self.name("an alias after AS")?)
                    } else {
                        None
                    };
                    self.declare_new(alias.as_ref().unwrap_or(&column), column_offset)?;
                    items.push((column, alias));
                    if !self.eat_sym(Sym::Comma) {
                        break;
                    }
                }
                yields = Some(items);
            }
            predicate = self.where_clause()?;
        } else {
            implicit.push(ImplicitYield {
                offset,
                procedure,
                star: false,
            });
        }
        Ok(ProcedureCall {
            procedure,
            args,
            yields,
            predicate,
        })
    }

    /// After `CALL`: the dotted procedure name, where it starts, and the
    /// arguments (none when the parentheses are left out).
    pub(crate) fn call_head(&mut self) -> PResult<(usize, String, Vec<Expr>)> {
        let offset = self.offset();
        let mut name = self.name("a procedure name")?;
        while self.eat_sym(Sym::Dot) {
            name.push('.');
            name.push_str(&self.name("a procedure name after '.'")?);
        }
        let mut args = Vec::new();
        if self.eat_sym(Sym::LParen) {
            if !self.at_sym(Sym::RParen) {
                loop {
                    args.push(self.expression()?);
                    if !self.eat_sym(Sym::Comma) {
                        break;
                    }
                }
            }
            self.expect_sym(Sym::RParen, "')' to close the procedure arguments")?;
        }
        Ok((offset, name, args))
    }

    /// The body of WITH / RETURN / YIELD, checked: items, `*`, unique
    /// columns, implicit grouping; ORDER BY keys with projected expressions
    /// replaced by their names (so `RETURN n.x, count(*) ORDER BY count(*)`
    /// sorts by the column) and seeing only the projected names after
    /// DISTINCT or aggregation; SKIP and LIMIT seeing no variable; WITH's
    /// WHERE seeing the incoming variables too unless it aggregates.
    pub(crate) fn projection(&mut self, kind: ProjectionKind) -> PResult<Projection> {
        let distinct = self.eat_kw("DISTINCT");
        let star_offset = self.offset();
        let star = self.eat_sym(Sym::Star);
        let outer = std::mem::replace(&mut self.aggregates_allowed, true);
        let mut items: Vec<(ReturnItem, usize)> = Vec::new();
        if !star || self.eat_sym(Sym::Comma) {
            loop {
                let offset = self.offset();
                items.push((self.return_item(kind)?, offset));
                if !self.eat_sym(Sym::Comma) {
                    break;
                }
            }
        }
        let checking = self.checking_scope();
        let mut incoming = self.scope_names();
        incoming.sort();
        incoming.dedup();
        let bindings = bindings(
            kind,
            star.then_some(star_offset),
            &incoming,
            &items,
            checking,
        )?;
        let aggregating = items.iter().any(|(i, _)| i.expr.contains_aggregate());
        if aggregating && checking {
            implicit_grouping(&bindings, &incoming)?;
        }
        let projected: Vec<String> = bindings.iter().map(|b| b.name.clone()).collect();
        let projected_kinds: Vec<(String, VarKind)> = bindings
            .iter()
            .map(|b| (b.name.clone(), self.expr_kind(&b.expr)))
            .collect();
        let mut visible: Vec<(String, VarKind)> = incoming
            .iter()
            .map(|v| (v.clone(), self.kind_of(v).unwrap_or(VarKind::Unknown)))
            .collect();
        visible.extend(projected_kinds.iter().cloned());
        self.replace_scope(visible);
        let sort_scope: HashSet<String> = if aggregating || distinct {
            projected.iter().cloned().collect()
        } else {
            incoming.iter().chain(&projected).cloned().collect()
        };
        // The projected expressions by their text, so that each part of a
        // sort key is compared with the few that print alike rather than
        // with every one (n keys over n items cost n², issue 12). Equal
        // expressions print alike but for a zero's sign, which the key
        // drops; `==` still decides.
        let mut by_text: HashMap<String, Vec<&Binding>> = HashMap::new();
        for b in &bindings {
            by_text.entry(expr_text_key(&b.expr)).or_default().push(b);
        }
        let mut order_by = Vec::new();
        if self.eat_kws(&["ORDER", "BY"]) {
            loop {
                let offset = self.offset();
                let (written, text) = self.expression_text()?;
                let expr = written.rewrite(&|x: &Expr| {
                    by_text
                        .get(&expr_text_key(x))?
                        .iter()
                        .find(|b| &b.expr == x)
                        .map(|b| Expr::Variable(b.name.clone()))
                });
                check_sort_key(&expr, offset, checking.then_some(&sort_scope))?;
                if checking && aggregating && written.contains_aggregate() {
                    sort_key_grouping(&written, offset, &text, &bindings, &incoming)?;
                }
                let descending = if self.eat_kw("DESC") || self.eat_kw("DESCENDING") {
                    true
                } else {
                    if !self.eat_kw("ASC") {
                        self.eat_kw("ASCENDING");
                    }
                    false
                };
                order_by.push(SortItem { expr, descending });
                if !self.eat_sym(Sym::Comma) {
                    break;
                }
            }
        }
        self.aggregates_allowed = false;
        let skip = self.row_count("SKIP")?;
        let limit = self.row_count("LIMIT")?;
        let predicate = if kind == ProjectionKind::Return {
            None
        } else {
            if self.eat_kw("WHERE") {
                let offset = self.offset();
                let p = self.expression()?;
                if checking && aggregating {
                    only_these(&p, offset, &projected.iter().cloned().collect())?;
                }
                Some(p)
            } else {
                None
            }
        };
        self.aggregates_allowed = outer;
        if kind != ProjectionKind::Return {
            self.replace_scope(projected_kinds);
        }
        Ok(Projection {
            distinct,
            star,
            items: items.into_iter().map(|(item, _)| item).collect(),
            order_by,
            skip,
            limit,
            predicate,
        })
    }

    /// `SKIP n` / `LIMIT n`: an expression that may use no variable.
    fn row_count(&mut self, keyword: &str) -> PResult<Option<Expr>> {
        if !self.eat_kw(keyword) {
            return Ok(None);
        }
        let outer = self.scope.as_mut().map(std::mem::take);
        let expr = self.expression();
        if let Some(scope) = outer {
            self.scope = Some(scope);
        }
        Ok(Some(expr?))
    }

    /// What a projected expression is known to hold: a variable keeps its
    /// kind; literals (but null), list and map literals, comprehensions and
    /// the aggregates that never return an element are values; anything
    /// else is unknown.
    fn expr_kind(&self, e: &Expr) -> VarKind {
        match e {
            Expr::Variable(v) => self.kind_of(v).unwrap_or(VarKind::Unknown),
            Expr::Literal(crate::value::Value::Null) => VarKind::Unknown,
            Expr::Literal(_) | Expr::List(_) | Expr::Map(_) | Expr::ListComprehension { .. } => {
                VarKind::Value
            }
            Expr::Aggregate {
                aggregate: Aggregate::Count | Aggregate::Collect | Aggregate::Sum | Aggregate::Avg,
                ..
            } => VarKind::Value,
            _ => VarKind::Unknown,
        }
    }

    fn return_item(&mut self, kind: ProjectionKind) -> PResult<ReturnItem> {
        let start = self.offset();
        let (expr, text) = self.expression_text()?;
        let alias = if self.eat_kw("AS") {
            Some(self.name("an alias after AS")?)
        } else {
            None
        };
        if kind == ProjectionKind::With && alias.is_none() && !matches!(expr, Expr::Variable(_)) {
            return Err(SyntaxError::of(start, ErrorKind::UnaliasedExpression(text)));
        }
        Ok(ReturnItem { expr, alias, text })
    }
}

/// The projected items as later clauses see them: `*` first (the incoming
/// variables in name order), then the written items; names and columns
/// must be unique.
fn bindings(
    kind: ProjectionKind,
    star: Option<usize>,
    incoming: &[String],
    items: &[(ReturnItem, usize)],
    checking: bool,
) -> PResult<Vec<Binding>> {
    let mut out: Vec<Binding> = Vec::new();
    // The names and columns taken so far: looking each item up in `out`
    // made n items cost n² (issue 12).
    let mut names: HashSet<String> = HashSet::new();
    let mut columns: HashSet<String> = HashSet::new();
    if let Some(offset) = star {
        if checking && incoming.is_empty() {
            return Err(SyntaxError::of(
                offset,
                ErrorKind::ReturnStarWithoutVariables,
            ));
        }
        out.extend(incoming.iter().map(|v| Binding {
            name: v.clone(),
            column: v.clone(),
            expr: Expr::Variable(v.clone()),
            offset,
        }));
        names.extend(incoming.iter().cloned());
        columns.extend(incoming.iter().cloned());
    }
    for (item, offset) in items {
        let name = match (&item.alias, &item.expr) {
            (Some(alias), _) => alias.clone(),
            (None, Expr::Variable(v)) => v.clone(),
            (None, _) => item.text.clone(),
        };
        let column = match kind {
            ProjectionKind::Return => item.column().to_string(),
            ProjectionKind::With | ProjectionKind::Yield => name.clone(),
        };
        if columns.contains(&column) || names.contains(&name) {
            return Err(SyntaxError::of(*offset, ErrorKind::DuplicateColumn(column)));
        }
        names.insert(name.clone());
        columns.insert(column.clone());
        out.push(Binding {
            name,
            column,
            expr: item.expr.clone(),
            offset: *offset,
        });
    }
    Ok(out)
}

/// In an aggregating projection, the parts of an aggregating item outside
/// its aggregate calls may use incoming variables only through the grouping
/// keys (`n.x + count(*)` needs `n.x` or `n` as a key), so that every row
/// of a group gives them the same value. Only keys that are a variable or a
/// variable's property count: `a.x + b.x + count(*)` is refused even when
/// `a.x + b.x` is a key (openCypher TCK Return6 [21], With6 [9]).
fn implicit_grouping(bindings: &[Binding], incoming: &[String]) -> PResult<()> {
    let keys = simple_keys(bindings);
    for binding in bindings.iter().filter(|b| b.expr.contains_aggregate()) {
        if uses_outside_keys(&binding.expr, &keys, incoming) {
            return Err(SyntaxError::of(
                binding.offset,
                ErrorKind::ImplicitGrouping(binding.column.clone()),
            ));
        }
    }
    Ok(())
}

/// The grouping keys an aggregating expression may use: the non-aggregating
/// items that are a variable or a property of a variable.
fn simple_keys(bindings: &[Binding]) -> Vec<&Expr> {
    bindings
        .iter()
        .map(|b| &b.expr)
        .filter(|e| match e {
            Expr::Variable(_) => true,
            Expr::Property(inner, _) => matches!(**inner, Expr::Variable(_)),
            _ => false,
        })
        .collect()
}

/// Whether `e`, outside its aggregate calls and the `keys`, uses one of
/// the `incoming` variables.
fn uses_outside_keys(e: &Expr, keys: &[&Expr], incoming: &[String]) -> bool {
    let outside = e.rewrite(&|x: &Expr| {
        (matches!(x, Expr::Aggregate { .. }) || keys.contains(&x))
            .then_some(Expr::Literal(crate::value::Value::Null))
    });
    outside
        .free_variables()
        .iter()
        .any(|v| incoming.contains(v))
}

/// An ORDER BY key of an aggregating projection that itself holds an
/// aggregate follows the rule of an aggregating item: outside its aggregate
/// calls it may use incoming variables only through the simple grouping
/// keys (openCypher TCK ReturnOrderBy6 [5]); the projected names are not
/// incoming variables and stay allowed. Checked after the key's variables
/// (a variable the key may not see at all is not defined, ReturnOrderBy6 [4]).
fn sort_key_grouping(
    key: &Expr,
    offset: usize,
    text: &str,
    bindings: &[Binding],
    incoming: &[String],
) -> PResult<()> {
    let projected: Vec<&str> = bindings.iter().map(|b| b.name.as_str()).collect();
    let incoming_only: Vec<String> = incoming
        .iter()
        .filter(|v| !projected.contains(&v.as_str()))
        .cloned()
        .collect();
    if uses_outside_keys(key, &simple_keys(bindings), &incoming_only) {
        return Err(SyntaxError::of(
            offset,
            ErrorKind::ImplicitGrouping(text.to_string()),
        ));
    }
    Ok(())
}

/// An ORDER BY key (after projected expressions became their names) may
/// hold no aggregate and, when checking, only the variables it may see.
fn check_sort_key(key: &Expr, offset: usize, scope: Option<&HashSet<String>>) -> PResult<()> {
    if let Some(Expr::Aggregate { aggregate, .. }) = key.aggregate_calls().first() {
        return Err(SyntaxError::of(
            offset,
            ErrorKind::AggregateNotAllowed(*aggregate),
        ));
    }
    match scope {
        Some(names) => only_these(key, offset, names),
        None => Ok(()),
    }
}

/// Fails naming the first variable of `e` outside `names`.
fn only_these(e: &Expr, offset: usize, names: &HashSet<String>) -> PResult<()> {
    match e.free_variables().into_iter().find(|v| !names.contains(v)) {
        Some(v) => Err(SyntaxError::of(offset, ErrorKind::VariableNotDefined(v))),
        None => Ok(()),
    }
}

/// `e` as text for finding equal expressions by hash: equal expressions
/// give the same key (their `Debug` text, which differs only in the sign
/// of a zero, dropped here); unequal ones may share it.
fn expr_text_key(e: &Expr) -> String {
    format!("{e:?}").replace("-0.0", "0.0")
}

/// Numbers every aggregate call of the query from 0, in clause order;
/// returns how many there are.
fn number_aggregates(clauses: &mut [Clause]) -> u32 {
    let mut next = 0u32;
    let mut number = |e: &mut Expr| {
        if let Expr::Aggregate { id, .. } = e {
            *id = AggregateId(next);
            next += 1;
        }
    };
    for clause in clauses {
        for expr in clause_exprs(clause) {
            expr.visit_mut(&mut number);
        }
    }
    next
}

/// Every top-level expression of a clause, mutably.
fn clause_exprs(clause: &mut Clause) -> Vec<&mut Expr> {
    match clause {
        Clause::Match {
            patterns,
            predicate,
            ..
        } => {
            let mut out = Vec::new();
            for pattern in patterns {
                out.extend(pattern.start.properties.iter_mut().map(|(_, e)| e));
                for (rel, node) in &mut pattern.hops {
                    out.extend(rel.properties.iter_mut().map(|(_, e)| e));
                    out.extend(node.properties.iter_mut().map(|(_, e)| e));
                }
            }
            out.extend(predicate.as_mut());
            out
        }
        Clause::Unwind { expr, .. } => vec![expr],
        Clause::With(p) | Clause::Return(p) => {
            let mut out: Vec<&mut Expr> = p.items.iter_mut().map(|i| &mut i.expr).collect();
            out.extend(p.order_by.iter_mut().map(|k| &mut k.expr));
            out.extend(p.skip.as_mut());
            out.extend(p.limit.as_mut());
            out.extend(p.predicate.as_mut());
            out
        }
        Clause::Call(call) => {
            let mut out: Vec<&mut Expr> = call.args.iter_mut().collect();
            out.extend(call.predicate.as_mut());
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{BinaryOp, Direction, NodePattern, PathPattern, RelPattern};
    use crate::cypher::{Statement, parse_statement};
    use crate::functions::Aggregate;
    use crate::value::Value;

    fn query(text: &str) -> Query {
        match parse_statement(text) {
            Ok(Statement::Read(q)) => q,
            other => panic!("{text}: {other:?}"),
        }
    }

    fn err(text: &str) -> SyntaxError {
        match parse_statement(text) {
            Ok(s) => panic!("{text} parsed as {s:?}"),
            Err(e) => e,
        }
    }

    fn var(name: &str) -> Expr {
        Expr::Variable(name.to_string())
    }

    fn node(var: Option<&str>, labels: &[&str]) -> NodePattern {
        NodePattern {
            var: var.map(str::to_string),
            labels: labels.iter().map(|l| l.to_string()).collect(),
            properties: vec![],
        }
    }

    fn rel(var: Option<&str>, types: &[&str], direction: Direction) -> RelPattern {
        RelPattern {
            var: var.map(str::to_string),
            types: types.iter().map(|l| l.to_string()).collect(),
            properties: vec![],
            direction,
        }
    }

    fn item(expr: Expr, alias: Option<&str>, text: &str) -> ReturnItem {
        ReturnItem {
            expr,
            alias: alias.map(str::to_string),
            text: text.to_string(),
        }
    }

    fn projection(items: Vec<ReturnItem>) -> Projection {
        Projection {
            distinct: false,
            star: false,
            items,
            order_by: vec![],
            skip: None,
            limit: None,
            predicate: None,
        }
    }

    #[test]
    fn match_where_return() {
        let q = query(
            "CYPHER 25 MATCH (a:A:B {k: 1})-[r:T|U]->(b)<-[:S]-(), p = (b)--(c) \
             WHERE a.x > 1 RETURN a.name, b AS bee;",
        );
        let mut start = node(Some("a"), &["A", "B"]);
        start.properties = vec![("k".into(), Expr::Literal(Value::Integer(1)))];
        let expected = Query::validated(
            vec![
                Clause::Match {
                    optional: false,
                    patterns: vec![
                        PathPattern {
                            var: None,
                            start,
                            hops: vec![
                                (
                                    rel(Some("r"), &["T", "U"], Direction::Outgoing),
                                    node(Some("b"), &[]),
                                ),
                                (rel(None, &["S"], Direction::Incoming), node(None, &[])),
                            ],
                        },
                        PathPattern {
                            var: Some("p".into()),
                            start: node(Some("b"), &[]),
                            hops: vec![(rel(None, &[], Direction::Either), node(Some("c"), &[]))],
                        },
                    ],
                    predicate: Some(Expr::Binary(
                        BinaryOp::Greater,
                        Box::new(Expr::Property(Box::new(var("a")), "x".into())),
                        Box::new(Expr::Literal(Value::Integer(1))),
                    )),
                },
                Clause::Return(projection(vec![
                    item(
                        Expr::Property(Box::new(var("a")), "name".into()),
                        None,
                        "a.name",
                    ),
                    item(var("b"), Some("bee"), "b"),
                ])),
            ],
            0,
        );
        assert_eq!(q, expected);
    }

    #[test]
    fn short_arrows_and_old_type_alternatives() {
        let q = query("MATCH (a)-->(b)<--(c)-[:X|:Y]-(d) RETURN a");
        let Clause::Match { patterns, .. } = &q.clauses()[0] else {
            panic!("not a match")
        };
        let dirs: Vec<_> = patterns[0].hops.iter().map(|(r, _)| r.direction).collect();
        assert_eq!(
            dirs,
            vec![Direction::Outgoing, Direction::Incoming, Direction::Either]
        );
        assert_eq!(patterns[0].hops[2].0.types, vec!["X", "Y"]);
    }

    #[test]
    fn column_texts_are_source_slices() {
        let q = query("MATCH (n) RETURN n.name, count(*), size( collect(n) ) , 1+2 AS x");
        let Some(Clause::Return(p)) = q.clauses().last() else {
            panic!("no return")
        };
        let columns: Vec<_> = p.items.iter().map(|i| i.column().to_string()).collect();
        assert_eq!(
            columns,
            vec!["n.name", "count(*)", "size( collect(n) )", "x"]
        );
        assert_eq!(p.items[3].text, "1+2");
    }

    #[test]
    fn with_unwind_order_skip_limit() {
        let q = query(
            "MATCH (n) WITH DISTINCT n, n.x AS x ORDER BY x DESC, n.y ASCENDING SKIP 1 LIMIT 2 \
             WHERE x > 0 UNWIND [1] AS i RETURN *, i + 1 AS j ORDER BY i DESCENDING LIMIT 3",
        );
        let Clause::With(w) = &q.clauses()[1] else {
            panic!("no with")
        };
        assert!(w.distinct);
        assert_eq!(w.items.len(), 2);
        assert_eq!(
            w.order_by.iter().map(|s| s.descending).collect::<Vec<_>>(),
            vec![true, false]
        );
        assert_eq!(w.skip, Some(Expr::Literal(Value::Integer(1))));
        assert_eq!(w.limit, Some(Expr::Literal(Value::Integer(2))));
        assert!(w.predicate.is_some());
        assert_eq!(
            q.clauses()[2],
            Clause::Unwind {
                expr: Expr::List(vec![Expr::Literal(Value::Integer(1))]),
                var: "i".into()
            }
        );
        let Clause::Return(r) = &q.clauses()[3] else {
            panic!("no return")
        };
        assert!(r.star);
        assert_eq!(r.items.len(), 1);
        assert!(r.order_by[0].descending);
    }

    #[test]
    fn optional_match_and_calls() {
        let q = query("OPTIONAL MATCH (n) RETURN n");
        assert!(matches!(
            q.clauses()[0],
            Clause::Match { optional: true, .. }
        ));
        let q = query("CALL db.labels()");
        assert_eq!(
            q.clauses(),
            vec![Clause::Call(ProcedureCall {
                procedure: crate::functions::Procedure::Labels,
                args: vec![],
                yields: None,
                predicate: None
            })]
        );
        let q = query(
            "CALL db.index.fulltext.queryNodes('idx', 'x') YIELD node AS n, score \
             WHERE score > 0 RETURN n",
        );
        let Clause::Call(call) = &q.clauses()[0] else {
            panic!("no call")
        };
        assert_eq!(
            call.procedure,
            crate::functions::Procedure::FulltextQueryNodes
        );
        assert_eq!(call.args.len(), 2);
        assert_eq!(
            call.yields,
            Some(vec![
                ("node".to_string(), Some("n".to_string())),
                ("score".to_string(), None)
            ])
        );
        assert!(call.predicate.is_some());
    }

    #[test]
    fn write_clauses_are_refused_by_name_and_position() {
        let e = err("CREATE (n)");
        assert_eq!(
            (e.message().as_str(), e.offset),
            ("unsupported clause CREATE", 0)
        );
        let e = err("MATCH (n) SET n.x = 1 RETURN n");
        assert_eq!(
            (e.message().as_str(), e.offset),
            ("unsupported clause SET in a read query", 10)
        );
        assert!(
            err("MATCH (n) DETACH DELETE n")
                .message()
                .contains("DETACH DELETE")
        );
        assert!(
            err("LOAD CSV FROM 'x' AS l RETURN l")
                .message()
                .contains("LOAD CSV")
        );
        assert!(
            err("CALL { RETURN 1 } RETURN 1")
                .message()
                .contains("CALL { subquery }")
        );
        let e = err("RETURN 1 UNION RETURN 2");
        assert_eq!(
            (e.message().as_str(), e.offset),
            ("unsupported clause UNION", 9)
        );
        assert!(
            err("MATCH (n) MERGE (m) RETURN n")
                .message()
                .contains("MERGE")
        );
        assert!(
            err("MATCH (n) REMOVE n.x RETURN n")
                .message()
                .contains("REMOVE")
        );
        assert!(
            err("FOREACH (x IN [1] | CREATE ())")
                .message()
                .contains("FOREACH")
        );
        assert!(
            err("MATCH (n) CREATE (m) RETURN n")
                .message()
                .contains("CREATE in a read query")
        );
    }

    #[test]
    fn structure_errors() {
        let e = err("MATCH (n RETURN n");
        assert_eq!(
            (e.message().as_str(), e.offset),
            ("expected ')' to close node pattern, found 'RETURN'", 9)
        );
        let e = err("MATCH (n)-[*]->(m) RETURN n");
        assert_eq!(
            (e.message().as_str(), e.offset),
            ("variable-length relationships are not supported", 11)
        );
        assert_eq!(err("MATCH (n)").kind, ErrorKind::IncompleteQuery);
        let e = err("MATCH (n) WITH n.x RETURN 1");
        assert_eq!(
            (e.message().as_str(), e.offset),
            ("Expression in WITH must be aliased (use AS): n.x", 15)
        );
        assert!(err("RETURN 1 MATCH (n)").message().contains("after RETURN"));
        assert!(
            err("MATCH (n) RETURN")
                .message()
                .contains("unexpected end of input")
        );
        assert!(
            err("CYPHER 4 RETURN 1")
                .message()
                .contains("unsupported Cypher version 4")
        );
        assert!(parse_statement("CYPHER 5 RETURN 1").is_ok());
        assert!(err("").message().contains("unexpected end of input"));
        assert!(
            err("RETURN 1; RETURN 2")
                .message()
                .contains("after the end")
        );
        let q = query("MATCH (a)<-->(b) RETURN a");
        let Clause::Match { patterns, .. } = &q.clauses()[0] else {
            panic!("not a match")
        };
        assert_eq!(patterns[0].hops[0].0.direction, Direction::Either);
    }

    /// The kind and byte offset of the error `text` fails with.
    fn failure(text: &str) -> (ErrorKind, usize) {
        let e = err(text);
        (e.kind, e.offset)
    }

    #[test]
    fn variables_are_declared_once_where_declaring_is_new() {
        assert_eq!(
            failure("UNWIND [1] AS x UNWIND [2] AS x RETURN x"),
            (ErrorKind::VariableAlreadyDeclared("x".into()), 30)
        );
        assert_eq!(
            failure("MATCH (p) MATCH p = (a) RETURN a"),
            (ErrorKind::VariableAlreadyDeclared("p".into()), 16)
        );
        // Node variables may repeat: they then constrain.
        assert!(parse_statement("MATCH (a)-->(b), (b)-->(a) RETURN a, b").is_ok());
        assert_eq!(
            failure("CALL db.labels() YIELD label AS x UNWIND [1] AS x RETURN x"),
            (ErrorKind::VariableAlreadyDeclared("x".into()), 48)
        );
    }

    #[test]
    fn projections_are_checked() {
        assert_eq!(
            failure("RETURN *"),
            (ErrorKind::ReturnStarWithoutVariables, 7)
        );
        assert_eq!(
            failure("RETURN 1 AS x, 2 AS x"),
            (ErrorKind::DuplicateColumn("x".into()), 15)
        );
        assert_eq!(
            failure("MATCH (n) RETURN n, n"),
            (ErrorKind::DuplicateColumn("n".into()), 20)
        );
        assert_eq!(
            failure("MATCH (n) WITH n.x RETURN 1"),
            (ErrorKind::UnaliasedExpression("n.x".into()), 15)
        );
        assert_eq!(
            failure("MATCH (n) RETURN n.x + count(*) AS c"),
            (ErrorKind::ImplicitGrouping("c".into()), 17)
        );
        // A grouping key may be used around the aggregate.
        assert!(parse_statement("MATCH (n) RETURN n.x, n.x + count(*) AS c").is_ok());
        assert!(parse_statement("MATCH (n) RETURN n, n.x + count(*) AS c").is_ok());
        assert!(parse_statement("MATCH (n) WITH n.x AS x, n RETURN x, x + count(n) AS c").is_ok());
    }

    #[test]
    fn only_simple_grouping_keys_stand_around_an_aggregate() {
        // openCypher TCK Return6 [21] and With6 [9]: a key that is a larger
        // expression does not cover its variables, even when projected.
        assert_eq!(
            failure("MATCH (a)--(b) RETURN a.x + b.x, a.x + b.x + count(*)"),
            (
                ErrorKind::ImplicitGrouping("a.x + b.x + count(*)".into()),
                33
            )
        );
        assert_eq!(
            failure("MATCH (a)--(b) WITH a.x + b.x AS g, a.x + b.x + count(*) AS c RETURN *"),
            (ErrorKind::ImplicitGrouping("c".into()), 36)
        );
        // ReturnOrderBy6 [5]: the same in a sort key holding an aggregate.
        assert_eq!(
            failure("MATCH (a)--(b) RETURN a.x + b.x, count(*) AS c ORDER BY a.x + b.x + count(*)"),
            (
                ErrorKind::ImplicitGrouping("a.x + b.x + count(*)".into()),
                56
            )
        );
        // ReturnOrderBy6 [2]-[4]: projected names and property keys are
        // fine; a variable the sort key cannot see is not defined.
        for ok in [
            "MATCH (a)--(b) RETURN a.x AS x, count(b.x) AS c ORDER BY x, x + count(b.x)",
            "MATCH (a)--(b) RETURN a.x AS x, count(b.x) AS c ORDER BY a.x + count(b.x)",
            "MATCH (a)--(b) RETURN a.x + b.x AS s, count(*) AS c ORDER BY a.x + b.x",
        ] {
            assert!(parse_statement(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            failure("MATCH (a)--(b) RETURN count(b.x) AS c ORDER BY a.x + count(b.x)"),
            (ErrorKind::VariableNotDefined("a".into()), 47)
        );
    }

    /// The message of a plain syntax error, or the kind's wording.
    fn message(text: &str) -> (String, usize) {
        let e = err(text);
        (e.message(), e.offset)
    }

    #[test]
    fn pattern_variables_keep_their_kind() {
        // openCypher TCK Match1 [7]-[10], Match2 [9]-[13], Match3 [30]:
        // refused whatever the graph holds.
        let conflict = |var: &str, was: &str, used: &str| {
            format!(
                "variable `{var}` is already declared as {was}; it cannot be used as {used} here"
            )
        };
        assert_eq!(
            message("MATCH ()-[r]-() MATCH (r) RETURN r"),
            (conflict("r", "a relationship", "a node"), 23)
        );
        assert_eq!(
            message("MATCH ()-[r]-(r) RETURN r"),
            (conflict("r", "a relationship", "a node"), 14)
        );
        assert_eq!(
            message("MATCH (r) MATCH ()-[r]-() RETURN r"),
            (conflict("r", "a node", "a relationship"), 20)
        );
        assert_eq!(
            message("MATCH r = ()-[]-() MATCH (r) RETURN r"),
            (conflict("r", "a path", "a node"), 26)
        );
        // Match6 [23]-[24]: a path variable inside its own pattern.
        assert_eq!(
            message("MATCH p = (p)-[]-() RETURN p"),
            (conflict("p", "a path", "a node"), 11)
        );
        assert_eq!(
            message("MATCH p = ()-[p]->() RETURN p"),
            (conflict("p", "a path", "a relationship"), 14)
        );
        let value = "a value that is not a graph element";
        assert_eq!(
            message("WITH true AS r MATCH ()-[r]-() RETURN r"),
            (conflict("r", value, "a relationship"), 25)
        );
        assert_eq!(
            message("MATCH (n) WITH [n] AS users MATCH (users)-->(m) RETURN m"),
            (conflict("users", value, "a node"), 35)
        );
        assert_eq!(
            message("MATCH (n) WITH count(n) AS c MATCH (c) RETURN c"),
            (conflict("c", value, "a node"), 36)
        );
        // Kinds follow variables through WITH; a new binding after WITH
        // drops the old one.
        assert_eq!(
            message("MATCH ()-[r]-() WITH r AS x MATCH (x) RETURN x"),
            (conflict("x", "a relationship", "a node"), 35)
        );
        for ok in [
            "MATCH (a)-[r]->(b) MATCH (a)-[r]->(b) RETURN r",
            "MATCH (a) WITH a AS b MATCH (b)-->(c) RETURN c",
            "MATCH ()-[r]-() WITH * MATCH ()-[r]-() RETURN r",
            "MATCH (r) WITH 1 AS x MATCH ()-[r]-() RETURN r",
            // Unknown kinds are checked when a row reaches the pattern.
            "UNWIND [1] AS r MATCH ()-[r]-() RETURN r",
            "WITH null AS n MATCH (n) RETURN n",
            "MATCH (n) WITH collect(n)[0] AS m MATCH (m) RETURN m",
            "MATCH (n) WITH n.k AS m MATCH (m) RETURN m",
            // A comprehension variable hides a node only inside it.
            "MATCH (n) WITH n, [n IN [1] | n] AS l MATCH (n)-->() RETURN l",
        ] {
            assert!(parse_statement(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn a_relationship_variable_stands_for_one_relationship_of_a_clause() {
        // openCypher TCK Match3 [29].
        let twice = |v: &str| {
            format!(
                "cannot use the same relationship variable `{v}` for more than one relationship of a pattern"
            )
        };
        assert_eq!(
            message("MATCH (a)-[r]->()-[r]->(a) RETURN r"),
            (twice("r"), 19)
        );
        assert_eq!(
            message("MATCH ()-[r]->(), ()-[r]->() RETURN r"),
            (twice("r"), 22)
        );
        assert_eq!(
            message("UNWIND [1] AS r OPTIONAL MATCH ()-[r]->()<-[r]-() RETURN r"),
            (twice("r"), 44)
        );
        // Across clauses the later pattern uses the bound relationship.
        assert!(parse_statement("MATCH ()-[r]->() MATCH ()-[r]->() RETURN r").is_ok());
    }

    #[test]
    fn aggregates_stand_only_in_items_and_matching_sort_keys() {
        assert_eq!(
            failure("MATCH (n) WHERE count(*) > 1 RETURN n"),
            (ErrorKind::AggregateNotAllowed(Aggregate::Count), 16)
        );
        assert_eq!(
            failure("RETURN count(count(*)) AS c"),
            (ErrorKind::AggregateNotAllowed(Aggregate::Count), 13)
        );
        assert_eq!(
            failure("RETURN [x IN [1] | sum(x)] AS c"),
            (ErrorKind::AggregateNotAllowed(Aggregate::Sum), 19)
        );
        assert_eq!(
            failure("UNWIND [1] AS x RETURN x ORDER BY max(x)"),
            (ErrorKind::AggregateNotAllowed(Aggregate::Max), 34)
        );
        assert_eq!(
            failure("UNWIND [1] AS x WITH x SKIP count(*) RETURN x"),
            (ErrorKind::AggregateNotAllowed(Aggregate::Count), 28)
        );
        // The list a comprehension iterates may aggregate.
        assert!(parse_statement("UNWIND [1] AS x RETURN [y IN collect(x) | y] AS l").is_ok());
        // An ORDER BY key equal to an item sorts by that item's column.
        let q = query("UNWIND [1] AS x RETURN x % 2, count(*) ORDER BY count(*) DESC, x % 2");
        let Some(Clause::Return(r)) = q.clauses().last() else {
            panic!("no return")
        };
        assert_eq!(r.order_by[0].expr, var("count(*)"));
        assert_eq!(r.order_by[1].expr, var("x % 2"));
    }

    #[test]
    fn aggregates_are_numbered_in_clause_order() {
        let q = query(
            "UNWIND [1] AS x WITH x, count(*) AS c RETURN sum(x) AS s, collect(DISTINCT c) AS l",
        );
        assert_eq!(q.aggregate_count(), 3);
        let mut ids = Vec::new();
        for clause in q.clauses() {
            let (Clause::With(p) | Clause::Return(p)) = clause else {
                continue;
            };
            for item in &p.items {
                if let Expr::Aggregate { id, .. } = &item.expr {
                    ids.push(id.0);
                }
            }
        }
        assert_eq!(ids, vec![0, 1, 2]);
    }

    #[test]
    fn sort_keys_and_where_see_what_the_projection_leaves() {
        // After DISTINCT or aggregation, ORDER BY sees only projected names.
        assert_eq!(
            failure("MATCH (n) RETURN DISTINCT n.x AS x ORDER BY n.y"),
            (ErrorKind::VariableNotDefined("n".into()), 44)
        );
        assert_eq!(
            failure("MATCH (n) RETURN n.x AS x, count(*) AS c ORDER BY n.y"),
            (ErrorKind::VariableNotDefined("n".into()), 50)
        );
        // ... unless the key is a projected expression.
        assert!(parse_statement("MATCH (n) RETURN DISTINCT n.x ORDER BY n.x").is_ok());
        assert!(parse_statement("MATCH (n) RETURN n.x AS x ORDER BY n.y").is_ok());
        // WITH ... WHERE sees the incoming variables, also after DISTINCT
        // (openCypher TCK WithWhere1 [2]), but not after aggregation.
        assert!(
            parse_statement("MATCH (a) WITH DISTINCT a.name2 AS name WHERE a.name2 = 'B' RETURN *")
                .is_ok()
        );
        assert_eq!(
            failure("MATCH (a) WITH a.x AS x, count(*) AS c WHERE a.y = 1 RETURN x"),
            (ErrorKind::VariableNotDefined("a".into()), 45)
        );
        // SKIP and LIMIT see no variable at all.
        assert_eq!(
            failure("UNWIND [1] AS x RETURN x LIMIT x"),
            (ErrorKind::VariableNotDefined("x".into()), 31)
        );
    }

    #[test]
    fn procedure_calls_are_checked() {
        assert_eq!(
            failure("CALL db.nothing()"),
            (ErrorKind::UnknownProcedure("db.nothing".into()), 5)
        );
        assert_eq!(
            failure("CALL db.labels(1)"),
            (
                ErrorKind::ArgumentCount {
                    callee: "db.labels".into(),
                    expected: Arity::Exactly(0),
                    got: 1
                },
                5
            )
        );
        assert_eq!(
            failure("CALL db.labels() YIELD name RETURN name"),
            (
                ErrorKind::UnknownProcedureOutput {
                    procedure: crate::functions::Procedure::Labels,
                    column: "name".into()
                },
                23
            )
        );
        assert_eq!(
            failure("CALL db.labels() RETURN 1"),
            (
                ErrorKind::YieldRequired(crate::functions::Procedure::Labels),
                5
            )
        );
        assert_eq!(err("CALL db.labels() YIELD * RETURN label").code(), "42001");
        assert!(parse_statement("CALL db.labels() YIELD *").is_ok());
        assert!(parse_statement("call DB.LABELS()").is_ok());
    }
}
