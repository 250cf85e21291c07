//! Parsers for Polygraph's Cypher subset (docs/spec/scenario-format.md): read queries,
//! `graph` data statements and Neo4j administration commands, all sharing one
//! lexer and one expression grammar.
//!
//! Every error is a [`SyntaxError`] with a byte offset into the parsed text
//! and a message naming the construct. Nesting is bounded so that no input,
//! however deep, can overflow the stack: expressions deeper than
//! [`DEPTH_LIMIT`] are refused with "expression nested too deeply (limit
//! 100)". A flat chain (`1+1+...`, `x.k.k...`) is parsed by a loop, but its
//! tree is one level deeper per operator and the engines recurse along it,
//! so a chain of 100 operators is refused too, as "operator chain too long".
//!
//! Layout: `lexer` (tokens), `parser` (the token cursor), `expr`
//! (expressions), `pattern` (path patterns), `query` (read queries),
//! `scope` (undefined variables), `data` (data statements and
//! [`build_graph`]), `constant` (storable constants), `admin` (commands),
//! `condition` (what an auth rule's condition may hold) and `rule`
//! (property rules of privileges).

pub mod admin;
#[cfg(test)]
mod admin_tests;
pub mod condition;
mod constant;
pub mod data;
mod expr;
mod lexer;
mod parser;
mod pattern;
mod query;
mod rule;
mod scope;

use crate::admin::AdminCommand;
use crate::ast::{DataStatement, Expr, Query};
use crate::error::SyntaxError;
use lexer::Sym;
use parser::Parser;

pub use data::build_graph;
pub use expr::DEPTH_LIMIT;

/// One statement of a scenario's `cypher` field.
// One statement is parsed at a time, so the size difference costs nothing;
// boxing would change a type other crates match on.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// A read query.
    Read(Query),
    /// An administration command (including `db.create*` procedures).
    Admin(AdminCommand),
}

/// A statement with the byte offset where it starts in the parsed text.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The statement.
    pub item: T,
    /// Byte offset of its first token.
    pub offset: usize,
}

/// Parses one query or administration command (an optional trailing `;` is allowed).
pub fn parse_statement(text: &str) -> Result<Statement, SyntaxError> {
    let mut p = Parser::new(text)?;
    p.cypher_prefix()?;
    let statement = if p.at_admin_command() {
        Statement::Admin(p.admin_command()?)
    } else {
        Statement::Read(p.read_query()?)
    };
    p.finish()?;
    Ok(statement)
}

/// Parses a `security` script: administration commands separated by `;`.
pub fn parse_admin_script(text: &str) -> Result<Vec<Located<AdminCommand>>, SyntaxError> {
    script(text, |p| {
        p.cypher_prefix()?;
        p.admin_command()
    })
}

/// Parses a `graph` script: data statements separated by `;`.
pub fn parse_data_script(text: &str) -> Result<Vec<Located<DataStatement>>, SyntaxError> {
    script(text, |p| {
        p.cypher_prefix()?;
        p.data_statement()
    })
}

/// Parses a lone expression.
pub fn parse_expression(text: &str) -> Result<Expr, SyntaxError> {
    let mut p = Parser::new(text)?;
    let expr = p.expression()?;
    if !p.at_eof() {
        return Err(p.error(format!("unexpected {} after the expression", p.describe())));
    }
    Ok(expr)
}

/// `;`-separated statements, each parsed by `one`; empty statements are skipped.
fn script<T>(
    text: &str,
    mut one: impl FnMut(&mut Parser<'_>) -> Result<T, SyntaxError>,
) -> Result<Vec<Located<T>>, SyntaxError> {
    let mut p = Parser::new(text)?;
    let mut items = Vec::new();
    loop {
        while p.eat_sym(Sym::Semicolon) {}
        if p.at_eof() {
            return Ok(items);
        }
        let offset = p.offset();
        let item = one(&mut p)?;
        items.push(Located { item, offset });
        if !p.at_eof() && !p.at_sym(Sym::Semicolon) {
            return Err(p.error(format!(
                "expected ';' between statements, found {}",
                p.describe()
            )));
        }
    }
}
