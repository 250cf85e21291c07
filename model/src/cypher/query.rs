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
        self.start_scope();
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
            self.declare(&var);
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
            if self.eat_sym(Sym::Star) {
                // The procedure's columns are not known here: stop checking.
                self.scope = None;
            } else {
                let mut items = Vec::new();
                loop {
                    let column = self.name("a column name after YIELD")?;
                    let alias = if self.eat_kw("AS") {
                        Some(self.name("an alias after AS")?)
                    } else {
                        None
                    };
                    self.declare(alias.as_ref().unwrap_or(&column));
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
        let mut items: Vec<ReturnItem> = Vec::new();
        if !star || self.eat_sym(Sym::Comma) {
            loop {
                items.push(self.return_item(kind)?);
                if !self.eat_sym(Sym::Comma) {
                    break;
                }
            }
        }
        let incoming = self.scope_names();
        let mut projected = if star { incoming.clone() } else { Vec::new() };
        for item in &items {
            match (&item.alias, &item.expr) {
                (Some(alias), _) => projected.push(alias.clone()),
                (None, Expr::Variable(v)) => projected.push(v.clone()),
                _ => {}
            }
        }
        let mut visible = incoming;
        visible.extend(projected.iter().cloned());
        self.replace_scope(visible);
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
        if kind == ProjectionKind::With {
            self.replace_scope(projected);
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{BinaryOp, Direction, NodePattern, PathPattern, RelPattern};
    use crate::cypher::{Statement, parse_statement};
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
        let expected = Query {
            clauses: vec![
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
        };
        assert_eq!(q, expected);
    }

    #[test]
    fn short_arrows_and_old_type_alternatives() {
        let q = query("MATCH (a)-->(b)<--(c)-[:X|:Y]-(d) RETURN a");
        let Clause::Match { patterns, .. } = &q.clauses[0] else {
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
        let Some(Clause::Return(p)) = q.clauses.last() else {
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
             WHERE x > 0 UNWIND [1] AS i RETURN *, i ORDER BY i DESCENDING LIMIT 3",
        );
        let Clause::With(w) = &q.clauses[1] else {
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
            q.clauses[2],
            Clause::Unwind {
                expr: Expr::List(vec![Expr::Literal(Value::Integer(1))]),
                var: "i".into()
            }
        );
        let Clause::Return(r) = &q.clauses[3] else {
            panic!("no return")
        };
        assert!(r.star);
        assert_eq!(r.items.len(), 1);
        assert!(r.order_by[0].descending);
    }

    #[test]
    fn optional_match_and_calls() {
        let q = query("OPTIONAL MATCH (n) RETURN n");
        assert!(matches!(q.clauses[0], Clause::Match { optional: true, .. }));
        let q = query("CALL db.labels()");
        assert_eq!(
            q.clauses,
            vec![Clause::Call(ProcedureCall {
                procedure: "db.labels".into(),
                args: vec![],
                yields: None,
                predicate: None
            })]
        );
        let q = query(
            "CALL db.index.fulltext.queryNodes('idx', 'x') YIELD node AS n, score \
             WHERE score > 0 RETURN n",
        );
        let Clause::Call(call) = &q.clauses[0] else {
            panic!("no call")
        };
        assert_eq!(call.procedure, "db.index.fulltext.queryNodes");
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
            (e.message.as_str(), e.offset),
            ("unsupported clause CREATE", 0)
        );
        let e = err("MATCH (n) SET n.x = 1 RETURN n");
        assert_eq!(
            (e.message.as_str(), e.offset),
            ("unsupported clause SET in a read query", 10)
        );
        assert!(
            err("MATCH (n) DETACH DELETE n")
                .message
                .contains("DETACH DELETE")
        );
        assert!(
            err("LOAD CSV FROM 'x' AS l RETURN l")
                .message
                .contains("LOAD CSV")
        );
        assert!(
            err("CALL { RETURN 1 } RETURN 1")
                .message
                .contains("CALL { subquery }")
        );
        let e = err("RETURN 1 UNION RETURN 2");
        assert_eq!(
            (e.message.as_str(), e.offset),
            ("unsupported clause UNION", 9)
        );
        assert!(
            err("MATCH (n) MERGE (m) RETURN n")
                .message
                .contains("MERGE")
        );
        assert!(
            err("MATCH (n) REMOVE n.x RETURN n")
                .message
                .contains("REMOVE")
        );
        assert!(
            err("FOREACH (x IN [1] | CREATE ())")
                .message
                .contains("FOREACH")
        );
        assert!(
            err("MATCH (n) CREATE (m) RETURN n")
                .message
                .contains("CREATE in a read query")
        );
    }

    #[test]
    fn structure_errors() {
        let e = err("MATCH (n RETURN n");
        assert_eq!(
            (e.message.as_str(), e.offset),
            ("expected ')' to close node pattern, found 'RETURN'", 9)
        );
        let e = err("MATCH (n)-[*]->(m) RETURN n");
        assert_eq!(
            (e.message.as_str(), e.offset),
            ("variable-length relationships are not supported", 11)
        );
        assert_eq!(err("MATCH (n)").message, "a query must end with RETURN");
        let e = err("MATCH (n) WITH n.x RETURN 1");
        assert_eq!(
            (e.message.as_str(), e.offset),
            ("expression in WITH must be aliased (use AS)", 15)
        );
        assert!(err("RETURN 1 MATCH (n)").message.contains("after RETURN"));
        assert!(
            err("MATCH (n) RETURN")
                .message
                .contains("unexpected end of input")
        );
        assert!(
            err("CYPHER 4 RETURN 1")
                .message
                .contains("unsupported Cypher version 4")
        );
        assert!(parse_statement("CYPHER 5 RETURN 1").is_ok());
        assert!(err("").message.contains("unexpected end of input"));
        assert!(err("RETURN 1; RETURN 2").message.contains("after the end"));
        let q = query("MATCH (a)<-->(b) RETURN a");
        let Clause::Match { patterns, .. } = &q.clauses[0] else {
            panic!("not a match")
        };
        assert_eq!(patterns[0].hops[0].0.direction, Direction::Either);
    }
}
