//! Variable scoping of read queries, checked while parsing: a variable must
//! be bound by an earlier pattern, `UNWIND`, `WITH`, `YIELD`, or by the list
//! comprehension, quantifier or `reduce` it appears in. Other parsers
//! (administration commands, data statements, lone expressions) do not
//! check, because their free names are columns or nothing at all.
//!
//! Each variable also carries what it is known to hold ([`VarKind`]), so
//! that a pattern cannot reuse a node as a relationship, a path or a
//! literal as a node, and so on (openCypher TCK Match1 [7]-[11], Match2
//! [9]-[13], Match6 [23]-[24]): the query is refused whatever the data,
//! instead of failing only when a row reaches the pattern.
//!
//! While a projection's ORDER BY and WHERE parse, both the incoming
//! variables and the projected names are in scope; the projection then
//! applies the stricter rule of what each may see (`cypher::query`).
//!
//! The variables in scope are a [`Scope`]: bindings in order, indexed by
//! name, so that each use of a variable costs the same however many are
//! bound (a scan of every binding made a query of n variables cost n²:
//! 8,000 took 0.7 s, issue 12).

use std::collections::HashMap;

use crate::cypher::parser::{PResult, Parser};
use crate::error::{ErrorKind, SyntaxError};

/// What a variable is known to hold, as far as the parser can tell without
/// data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VarKind {
    /// Bound by a node pattern.
    Node,
    /// Bound by a relationship pattern.
    Relationship,
    /// Bound by `p = ...`.
    Path,
    /// A value that is no graph element: a non-null literal, a list or map
    /// literal, a list comprehension, `count`/`collect`/`sum`/`avg`.
    Value,
    /// Anything: UNWIND, YIELD and comprehension variables, null, and every
    /// other expression. Patterns check these when a row reaches them.
    Unknown,
}

impl VarKind {
    /// How an error names the kind.
    fn noun(self) -> &'static str {
        match self {
            VarKind::Node => "a node",
            VarKind::Relationship => "a relationship",
            VarKind::Path => "a path",
            VarKind::Value => "a value that is not a graph element",
            VarKind::Unknown => "a value",
        }
    }
}

/// The variables in scope: every binding in the order made (a mark is a
/// length), and per name where its bindings stand, the latest last.
#[derive(Debug, Default, Clone)]
pub(crate) struct Scope {
    bindings: Vec<(String, VarKind)>,
    by_name: HashMap<String, Vec<usize>>,
}

impl Scope {
    /// A scope holding `bindings`, in order.
    pub(crate) fn of(bindings: impl IntoIterator<Item = (String, VarKind)>) -> Scope {
        let mut scope = Scope::default();
        for (name, kind) in bindings {
            scope.push(name, kind);
        }
        scope
    }

    /// Binds `name`, hiding an earlier binding of it.
    fn push(&mut self, name: String, kind: VarKind) {
        self.by_name
            .entry(name.clone())
            .or_default()
            .push(self.bindings.len());
        self.bindings.push((name, kind));
    }

    /// The kind of the latest binding of `name`.
    fn latest(&self, name: &str) -> Option<VarKind> {
        let at = *self.by_name.get(name)?.last()?;
        self.bindings.get(at).map(|(_, kind)| *kind)
    }

    /// Unbinds everything bound after the first `mark` bindings.
    fn truncate(&mut self, mark: usize) {
        while self.bindings.len() > mark {
            let Some((name, _)) = self.bindings.pop() else {
                break;
            };
            if let Some(positions) = self.by_name.get_mut(&name) {
                positions.pop();
                if positions.is_empty() {
                    self.by_name.remove(&name);
                }
            }
        }
    }
}

impl Parser<'_> {
    /// Starts checking variables, with nothing in scope.
    pub(crate) fn start_scope(&mut self) {
        self.scope = Some(Scope::default());
    }

    /// Binds `name` of unknown kind in the current scope (when checking).
    pub(crate) fn declare(&mut self, name: &str) {
        self.declare_kind(name, VarKind::Unknown);
    }

    /// Binds `name` holding `kind` in the current scope (when checking); a
    /// later binding of the same name hides an earlier one.
    pub(crate) fn declare_kind(&mut self, name: &str, kind: VarKind) {
        if let Some(scope) = &mut self.scope {
            scope.push(name.to_string(), kind);
        }
    }

    /// Binds `name`, which must not be bound yet (UNWIND, a path variable,
    /// a YIELD column), when checking; `offset` is where it is written.
    pub(crate) fn declare_new(&mut self, name: &str, offset: usize) -> PResult<()> {
        self.declare_new_kind(name, VarKind::Unknown, offset)
    }

    /// [`Parser::declare_new`] for a variable of a known kind.
    pub(crate) fn declare_new_kind(
        &mut self,
        name: &str,
        kind: VarKind,
        offset: usize,
    ) -> PResult<()> {
        if let Some(scope) = &mut self.scope {
            if scope.latest(name).is_some() {
                return Err(SyntaxError::of(
                    offset,
                    ErrorKind::VariableAlreadyDeclared(name.to_string()),
                ));
            }
            scope.push(name.to_string(), kind);
        }
        Ok(())
    }

    /// The kind of `name` if it is in scope (the latest binding).
    pub(crate) fn kind_of(&self, name: &str) -> Option<VarKind> {
        self.scope.as_ref()?.latest(name)
    }

    /// A pattern element binding `name` as `wanted` (a node or a
    /// relationship): declares it when it is new; when it is bound, its
    /// kind must be `wanted` or unknown. `offset` is where it is written.
    pub(crate) fn bind_pattern_variable(
        &mut self,
        name: &str,
        wanted: VarKind,
        offset: usize,
    ) -> PResult<()> {
        match self.kind_of(name) {
            None => {
                self.declare_kind(name, wanted);
                Ok(())
            }
            Some(kind) if kind == wanted || kind == VarKind::Unknown => Ok(()),
            Some(kind) => Err(SyntaxError::new(
                offset,
                format!(
                    "variable `{name}` is already declared as {}; it cannot be used as {} here",
                    kind.noun(),
                    wanted.noun()
                ),
            )),
        }
    }

    /// Whether variables are being checked (a read query, not a command).
    pub(crate) fn checking_scope(&self) -> bool {
        self.scope.is_some()
    }

    /// A mark to return to with [`Parser::scope_reset`].
    pub(crate) fn scope_mark(&self) -> usize {
        self.scope.as_ref().map_or(0, |s| s.bindings.len())
    }

    /// Unbinds everything declared since `mark`.
    pub(crate) fn scope_reset(&mut self, mark: usize) {
        if let Some(scope) = &mut self.scope {
            scope.truncate(mark);
        }
    }

    /// The variables in scope (empty when not checking).
    pub(crate) fn scope_names(&self) -> Vec<String> {
        self.scope
            .as_ref()
            .map(|s| s.bindings.iter().map(|(v, _)| v.clone()).collect())
            .unwrap_or_default()
    }

    /// Replaces the scope (after WITH), when checking.
    pub(crate) fn replace_scope(&mut self, bound: Vec<(String, VarKind)>) {
        if self.scope.is_some() {
            self.scope = Some(Scope::of(bound));
        }
    }

    /// Fails when checking and `name` (used at `offset`) is not bound.
    pub(crate) fn check_defined(&self, name: &str, offset: usize) -> PResult<()> {
        match &self.scope {
            Some(scope) if scope.latest(name).is_none() => Err(SyntaxError::of(
                offset,
                ErrorKind::VariableNotDefined(name.to_string()),
            )),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::cypher::parse_statement;

    fn undefined(text: &str) -> Option<(String, usize)> {
        parse_statement(text).err().map(|e| (e.message(), e.offset))
    }

    #[test]
    fn bound_variables_are_accepted() {
        for text in [
            "MATCH (a)-[r]->(b), p = (c) WHERE a.x = b.x AND r.w > 0 RETURN a, r, b, c, p",
            "MATCH (a {k: 1}), (b {k: a.k}) RETURN b",
            "UNWIND [1, 2] AS x WITH x AS y, x * 2 AS z ORDER BY x WHERE y > 0 RETURN y, z",
            "MATCH (n) WITH * , n.k AS k RETURN n, k",
            "MATCH (n) RETURN n.k AS k ORDER BY k, n.j",
            "RETURN [x IN [1] WHERE x > 0 | x + 1] AS l, any(y IN [1] WHERE y = 1) AS a, reduce(acc = 0, z IN [1] | acc + z) AS s",
            "CALL db.labels() YIELD label AS l WHERE l <> 'x' RETURN l",
            "CALL db.index.fulltext.queryNodes('i', 'x') YIELD node, score RETURN node, score",
            "MATCH (n) WHERE n:A RETURN count(*) AS c",
            "MATCH (`a b`) RETURN `a b`",
        ] {
            assert_eq!(undefined(text), None, "{text}");
        }
    }

    #[test]
    fn undefined_variables_are_reported_at_their_use() {
        assert_eq!(
            undefined("MATCH (n) RETURN m"),
            Some(("Variable `m` not defined".into(), 17))
        );
        assert_eq!(
            undefined("MATCH (n) WITH n.k AS k RETURN n"),
            Some(("Variable `n` not defined".into(), 31))
        );
        assert_eq!(
            undefined("RETURN [x IN [1] | x] AS l, x"),
            Some(("Variable `x` not defined".into(), 28))
        );
        assert_eq!(
            undefined("RETURN [x IN x | 1] AS l"),
            Some(("Variable `x` not defined".into(), 13))
        );
        assert_eq!(
            undefined("RETURN reduce(acc = acc, y IN [1] | acc) AS r"),
            Some(("Variable `acc` not defined".into(), 20))
        );
        assert_eq!(
            undefined("CALL db.labels() YIELD label RETURN labels"),
            Some(("Variable `labels` not defined".into(), 36))
        );
        assert_eq!(
            undefined("MATCH (n) WHERE m.x = 1 RETURN n"),
            Some(("Variable `m` not defined".into(), 16))
        );
    }
}
