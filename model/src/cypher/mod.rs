//! Parsers for Polygraph's Cypher subset (SCENARIO_FORMAT.md): read queries,
//! `graph` data statements and Neo4j administration commands, all sharing one
//! lexer and one expression grammar.
//!
//! Every error is a [`SyntaxError`] with a byte offset into the parsed text
//! and a message naming the construct. Nesting is bounded so that no input,
//! however deep, can overflow the stack.

use crate::admin::AdminCommand;
use crate::ast::{DataStatement, Expr, Query};
use crate::error::SyntaxError;

/// One statement of a scenario's `cypher` field.
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
    let _ = text;
    todo!("parser agent")
}

/// Parses a `security` script: administration commands separated by `;`.
pub fn parse_admin_script(text: &str) -> Result<Vec<Located<AdminCommand>>, SyntaxError> {
    let _ = text;
    todo!("parser agent")
}

/// Parses a `graph` script: data statements separated by `;`.
pub fn parse_data_script(text: &str) -> Result<Vec<Located<DataStatement>>, SyntaxError> {
    let _ = text;
    todo!("parser agent")
}

/// Parses a lone expression.
pub fn parse_expression(text: &str) -> Result<Expr, SyntaxError> {
    let _ = text;
    todo!("parser agent")
}

/// Builds the stored graph from `graph` statements (placeholder until the parser work lands).
pub fn build_graph(
    statements: &[Located<DataStatement>],
) -> Result<crate::graph::Graph, SyntaxError> {
    let _ = statements;
    todo!("parser agent")
}
