//! Filters a MATCH's start candidates by the WHERE conjuncts that compare
//! one of the start node's properties with a literal, read straight from
//! the property columns masked by the readable-key bitmap (V1: unreadable
//! is null) before any node value is built.
//!
//! Only applied when *every* conjunct has such a shape and reads a node or
//! relationship variable of the clause's patterns (a property of one is
//! never an error), so that the WHERE can never raise an error that
//! skipping rows would hide; the caller also makes sure the match itself
//! cannot fail (`pattern::match_patterns`). The full WHERE still runs
//! afterwards, so this only has to be sound: it drops a candidate only
//! when one conjunct is certainly not true for it.

use std::borrow::Cow;

use roaring::RoaringBitmap;

use model::ast::{BinaryOp, Expr, PathPattern};
use model::value::Value;

use super::context::Ctx;
use super::operators::binary;

/// One conjunct: `var.key OP literal` (the literal on either side).
struct Test<'q> {
    var: &'q str,
    key: &'q str,
    op: BinaryOp,
    literal: &'q Value,
    /// The literal is on the left.
    flipped: bool,
}

/// The conjuncts of `predicate` when all are simple property tests of the
/// variables `elements`.
fn tests<'q>(predicate: &'q Expr, elements: &[&str]) -> Option<Vec<Test<'q>>> {
    let mut out = Vec::new();
    let mut stack = vec![predicate];
    while let Some(e) = stack.pop() {
        match e {
            Expr::Binary(BinaryOp::And, a, b) => stack.extend([a.as_ref(), b.as_ref()]),
            Expr::Binary(op, a, b) if op.is_comparison() => match (a.as_ref(), b.as_ref()) {
                (Expr::Property(v, key), Expr::Literal(literal)) => out.push(Test {
                    var: variable(v)?,
                    key,
                    op: *op,
                    literal,
                    flipped: false,
                }),
                (Expr::Literal(literal), Expr::Property(v, key)) => out.push(Test {
                    var: variable(v)?,
                    key,
                    op: *op,
                    literal,
                    flipped: true,
                }),
                _ => return None,
            },
            _ => return None,
        }
    }
    out.iter().all(|t| elements.contains(&t.var)).then_some(out)
}

/// The node and relationship variables of `patterns` (not path variables:
/// a property of a path is an error).
pub fn element_vars(patterns: &[PathPattern]) -> Vec<&str> {
    let mut out = Vec::new();
    for p in patterns {
        out.extend(p.start.var.as_deref());
        for (r, n) in &p.hops {
            out.extend(r.var.as_deref());
            out.extend(n.var.as_deref());
        }
    }
    out
}

fn variable(e: &Expr) -> Option<&str> {
    match e {
        Expr::Variable(v) => Some(v),
        _ => None,
    }
}

/// Removes from `candidates` (positions of the node bound to `var`) those
/// that some conjunct of `predicate` certainly rejects; `elements` are the
/// clause's node and relationship variables ([`element_vars`]).
pub fn filter_start(
    ctx: &Ctx<'_>,
    predicate: Option<&Expr>,
    var: Option<&String>,
    elements: &[&str],
    candidates: &mut RoaringBitmap,
) {
    let (Some(predicate), Some(var)) = (predicate, var) else {
        return;
    };
    let Some(tests) = tests(predicate, elements) else {
        return;
    };
    let c = ctx.columns();
    let readable = ctx.compiled.readable_node_keys();
    for test in tests.iter().filter(|t| t.var == var) {
        let key = c.keys.get(test.key);
        let column = key.and_then(|k| c.node_properties.column(k));
        candidates.retain(|p| {
            let stored = match (key, column) {
                (Some(k), Some(col)) if readable.key(k).contains(p) => col.value(p),
                _ => None,
            };
            let value = stored.unwrap_or(Cow::Owned(Value::Null));
            let result = if test.flipped {
                binary(test.op, test.literal, &value)
            } else {
                binary(test.op, &value, test.literal)
            };
            matches!(result, Ok(Value::Boolean(true)))
        });
    }
}
