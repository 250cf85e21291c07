//! Read queries: MATCH / OPTIONAL MATCH, WITH, UNWIND, CALL and RETURN, with
//! write clauses refused by name, and the projection grammar that SHOW
//! commands reuse for YIELD and RETURN.

use crate::ast::{Clause, Expr, ProcedureCall, Projection, Query, ReturnItem, SortItem};
use crate::cypher::lexer::Sym;
use crate::cypher::parser::{PResult, Parser};
use crate::error::SyntaxError;

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

impl Parser<'_> {
    /// A whole read query (up to `;` or the end).
    pub(crate) fn read_query(&mut self) -> PResult<Query> {
        let mut clauses = Vec::new();
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
            let clause = self.clause(!clauses.is_empty())?;
            returned = matches!(clause, Clause::Return(_));
            clauses.push(clause);
        }
        match clauses.last() {
            None => Err(self.expected("a clause")),
            Some(Clause::Return(_)) => Ok(Query { clauses }),
            Some(Clause::Call(_)) if clauses.len() == 1 => Ok(Query { clauses }),
            Some(_) => Err(self.error("a query must end with RETURN")),
        }
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

    fn clause(&mut self, after_others: bool) -> PResult<Clause> {
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
            let var = self.name("a variable after AS")?;
            return Ok(Clause::Unwind { expr, var });
        }
        if self.eat_kw("CALL") {
            return Ok(Clause::Call(self.procedure_call()?));
        }
        Err(self.expected("a clause (MATCH, OPTIONAL MATCH, WITH, UNWIND, CALL or RETURN)"))
    }

    fn match_clause(&mut self, optional: bool) -> PResult<Clause> {
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

    /// After `CALL`: `proc[(args)] [YIELD * | col [AS alias], ... [WHERE pred]]`.
    pub(crate) fn procedure_call(&mut self) -> PResult<ProcedureCall> {
        let mut procedure = self.name("a procedure name")?;
        while self.eat_sym(Sym::Dot) {
            procedure.push('.');
            procedure.push_str(&self.name("a procedure name after '.'")?);
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
        let mut yields = None;
        let mut predicate = None;
        if self.eat_kw("YIELD") {
            if !self.eat_sym(Sym::Star) {
                let mut items = Vec::new();
                loop {
                    let column = self.name("a column name after YIELD")?;
                    let alias = if self.eat_kw("AS") {
                        Some(self.name("an alias after AS")?)
                    } else {
                        None
                    };
                    items.push((column, alias));
                    if !self.eat_sym(Sym::Comma) {
                        break;
                    }
                }
                yields = Some(items);
            }
            predicate = self.where_clause()?;
        }
        Ok(ProcedureCall {
            procedure,
            args,
            yields,
            predicate,
        })
    }

    /// The body of WITH / RETURN / YIELD.
    pub(crate) fn projection(&mut self, kind: ProjectionKind) -> PResult<Projection> {
        let distinct = self.eat_kw("DISTINCT");
        let star = self.eat_sym(Sym::Star);
        let mut items = Vec::new();
        if !star || self.eat_sym(Sym::Comma) {
            loop {
                items.push(self.return_item(kind)?);
                if !self.eat_sym(Sym::Comma) {
                    break;
                }
            }
        }
        let mut order_by = Vec::new();
        if self.eat_kws(&["ORDER", "BY"]) {
            loop {
                let expr = self.expression()?;
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
        let skip = if self.eat_kw("SKIP") {
            Some(self.expression()?)
        } else {
            None
        };
        let limit = if self.eat_kw("LIMIT") {
            Some(self.expression()?)
        } else {
            None
        };
        let predicate = if kind == ProjectionKind::Return {
            None
        } else {
            self.where_clause()?
        };
        Ok(Projection {
            distinct,
            star,
            items,
            order_by,
            skip,
            limit,
            predicate,
        })
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
            return Err(SyntaxError::new(
                start,
                "expression in WITH must be aliased (use AS)",
            ));
        }
        Ok(ReturnItem { expr, alias, text })
    }
}
