//! Path patterns shared by MATCH and the data statements' CREATE:
//! `[p =] (a:A {k: v})-[r:T|U {k: v}]->(b)<-[s]-(c)` with the short forms
//! `-->`, `<--`, `--`.

use crate::ast::{Direction, Expr, NodePattern, PathPattern, RelPattern};
use crate::cypher::lexer::Sym;
use crate::cypher::parser::{PResult, Parser};
use crate::cypher::scope::VarKind;
use crate::error::SyntaxError;

/// A node pattern with the offset of its `(`.
pub(crate) struct LocatedNode {
    pub node: NodePattern,
    pub offset: usize,
}

impl Parser<'_> {
    /// A path pattern with the offsets of its elements in order (node,
    /// relationship, node, ...).
    pub(crate) fn path_pattern_located(&mut self) -> PResult<(PathPattern, Vec<usize>)> {
        let var = if self.at_name() && self.sym_at(1, Sym::Eq) {
            let offset = self.offset();
            let v = self.name("a path variable")?;
            self.advance();
            self.declare_new_kind(&v, VarKind::Path, offset)?;
            Some(v)
        } else {
            None
        };
        let start = self.node_pattern()?;
        let mut offsets = vec![start.offset];
        let mut hops = Vec::new();
        while self.at_sym(Sym::Minus) || (self.at_sym(Sym::Lt) && self.sym_at(1, Sym::Minus)) {
            offsets.push(self.offset());
            let rel = self.rel_pattern()?;
            let node = self.node_pattern()?;
            offsets.push(node.offset);
            hops.push((rel, node.node));
        }
        Ok((
            PathPattern {
                var,
                start: start.node,
                hops,
            },
            offsets,
        ))
    }

    /// A path pattern.
    pub(crate) fn path_pattern(&mut self) -> PResult<PathPattern> {
        Ok(self.path_pattern_located()?.0)
    }

    /// Comma-separated path patterns.
    pub(crate) fn path_patterns(&mut self) -> PResult<Vec<PathPattern>> {
        let mut patterns = vec![self.path_pattern()?];
        while self.eat_sym(Sym::Comma) {
            patterns.push(self.path_pattern()?);
        }
        Ok(patterns)
    }

    /// `(v:A:B {k: v})`.
    pub(crate) fn node_pattern(&mut self) -> PResult<LocatedNode> {
        let offset = self.offset();
        self.expect_sym(Sym::LParen, "'(' to open a node pattern")?;
        let var = if self.at_name() {
            let var_offset = self.offset();
            let v = self.name("a variable")?;
            self.bind_pattern_variable(&v, VarKind::Node, var_offset)?;
            Some(v)
        } else {
            None
        };
        let labels = self.labels()?;
        let properties = self.pattern_properties()?;
        self.expect_sym(Sym::RParen, "')' to close node pattern")?;
        Ok(LocatedNode {
            node: NodePattern {
                var,
                labels,
                properties,
            },
            offset,
        })
    }

    /// `:A:B` (possibly none).
    pub(crate) fn labels(&mut self) -> PResult<Vec<String>> {
        let mut labels = Vec::new();
        while self.eat_sym(Sym::Colon) {
            labels.push(self.name("a label after ':'")?);
        }
        Ok(labels)
    }

    /// `:T|U` or `:T|:U` (possibly none).
    pub(crate) fn alternatives(&mut self, what: &str) -> PResult<Vec<String>> {
        let mut names = Vec::new();
        if self.eat_sym(Sym::Colon) {
            names.push(self.name(what)?);
            while self.eat_sym(Sym::Pipe) {
                self.eat_sym(Sym::Colon);
                names.push(self.name(what)?);
            }
        }
        Ok(names)
    }

    /// An optional `{k: v, ...}` of a pattern; the offsets of its values
    /// are appended to `pattern_value_offsets`.
    pub(crate) fn pattern_properties(&mut self) -> PResult<Vec<(String, Expr)>> {
        if self.at_sym(Sym::LBrace) {
            let mut offsets = std::mem::take(&mut self.pattern_value_offsets);
            let entries = self.map_entries(&mut offsets);
            self.pattern_value_offsets = offsets;
            Ok(entries?.0)
        } else {
            Ok(Vec::new())
        }
    }

    /// `-[...]->`, `<-[...]-`, `-[...]-` and the bracket-less short forms.
    fn rel_pattern(&mut self) -> PResult<RelPattern> {
        let left = self.eat_sym(Sym::Lt);
        self.expect_sym(Sym::Minus, "'-' in a relationship pattern")?;
        let mut var = None;
        let mut types = Vec::new();
        let mut properties = Vec::new();
        if self.eat_sym(Sym::LBracket) {
            if self.at_name() {
                let var_offset = self.offset();
                let v = self.name("a variable")?;
                self.bind_pattern_variable(&v, VarKind::Relationship, var_offset)?;
                if self.checking_scope() && !self.clause_relationships.insert(v.clone()) {
                    return Err(SyntaxError::new(
                        var_offset,
                        format!(
                            "cannot use the same relationship variable `{v}` for more than one relationship of a pattern"
                        ),
                    ));
                }
                var = Some(v);
            }
            types = self.alternatives("a relationship type")?;
            if self.at_sym(Sym::Star) {
                return Err(self.error("variable-length relationships are not supported"));
            }
            properties = self.pattern_properties()?;
            self.expect_sym(Sym::RBracket, "']' to close relationship pattern")?;
        }
        self.expect_sym(Sym::Minus, "'-' to close relationship pattern")?;
        let right = self.eat_sym(Sym::Gt);
        let direction = match (left, right) {
            // `<-->` means either direction, as in openCypher.
            (true, true) | (false, false) => Direction::Either,
            (true, false) => Direction::Incoming,
            (false, true) => Direction::Outgoing,
        };
        Ok(RelPattern {
            var,
            types,
            properties,
            direction,
        })
    }
}
