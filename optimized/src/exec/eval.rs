//! Expression evaluation over one row: variables, properties (a node's or
//! relationship's value holds only readable properties, so an unreadable
//! one reads as null: V1), indexing, operators, CASE, comprehensions,
//! quantifiers, reduce and function calls. Aggregates are looked up, by
//! their [`model::ast::AggregateId`], in the values computed for the
//! current group.

use std::collections::BTreeMap;

use model::ast::{Expr, Quantifier};
use model::engine::EngineError;
use model::error::{ErrorKind, Operation, Resource};
use model::limits::Meter;
use model::value::{MAX_NESTING, Value};

use super::aggregate::Aggregates;
use super::context::Ctx;
use super::functions;
use super::operators::{as_truth, binary, truth, type_error, unary};

/// A variable's binding: a node or relationship of a MATCH by position,
/// turned into a value (with its readable properties) only when needed, so
/// that `n.k` reads one column; or any other value.
#[derive(Debug, Clone)]
pub enum Bound {
    /// The node at this position.
    Node(u32),
    /// The relationship at this position.
    Rel(u32),
    /// A value.
    Value(Value),
}

impl From<Value> for Bound {
    fn from(v: Value) -> Self {
        Bound::Value(v)
    }
}

/// A row: variable name → binding.
pub type Row = BTreeMap<String, Bound>;

/// Evaluates expressions in one query.
pub struct Evaluator<'c, 'a> {
    /// The query's environment.
    pub ctx: &'c Ctx<'a>,
    /// Aggregate values of the current group, when projecting one.
    pub aggregates: Option<&'c Aggregates>,
}

impl Evaluator<'_, '_> {
    /// The value of `expr` in `row`.
    pub fn eval(&self, expr: &Expr, row: &Row) -> Result<Value, EngineError> {
        self.eval_inner(expr, row)
    }

    /// `expr` as a condition (WHERE, a comprehension's filter): only true
    /// passes (null does not); a value that is not a boolean is an error.
    pub fn passes(&self, expr: &Expr, row: &Row) -> Result<bool, EngineError> {
        Ok(as_truth(&self.eval(expr, row)?, Operation::Condition)? == Some(true))
    }

    fn eval_inner(&self, expr: &Expr, row: &Row) -> Result<Value, EngineError> {
        match expr {
            Expr::Literal(v) => Ok(v.clone()),
            Expr::Variable(name) => row
                .get(name)
                .map(|b| self.ctx.materialize(b))
                // The parser checked every variable is in scope.
                .ok_or_else(|| internal(format!("variable `{name}` without a value"))),
            Expr::Property(target, key) => {
                if let Expr::Variable(name) = target.as_ref() {
                    match row.get(name) {
                        Some(Bound::Node(p)) => return Ok(self.ctx.node_property(*p, key)),
                        Some(Bound::Rel(r)) => return Ok(self.ctx.rel_property(*r, key)),
                        _ => {}
                    }
                }
                property(&self.eval(target, row)?, key)
            }
            Expr::Index(target, index) => {
                index_value(&self.eval(target, row)?, &self.eval(index, row)?)
            }
            Expr::Slice(target, from, to) => {
                let list = self.eval(target, row)?;
                let from = from.as_ref().map(|e| self.eval(e, row)).transpose()?;
                let to = to.as_ref().map(|e| self.eval(e, row)).transpose()?;
                slice(&list, from.as_ref(), to.as_ref())
            }
            // What an expression builds (a list or map written out, an
            // operator's or function's result, a comprehension) must fit
            // the value budget.
            Expr::List(items) => self.meter().value(Value::List(
                items
                    .iter()
                    .map(|e| self.eval(e, row))
                    .collect::<Result<_, _>>()?,
            )),
            Expr::Map(entries) => {
                let mut map = BTreeMap::new();
                for (k, e) in entries {
                    map.insert(k.clone(), self.eval(e, row)?);
                }
                self.meter().value(Value::Map(map))
            }
            Expr::Unary(op, e) => unary(*op, &self.eval(e, row)?),
            Expr::Binary(op, a, b) => {
                self.meter()
                    .value(binary(*op, &self.eval(a, row)?, &self.eval(b, row)?)?)
            }
            Expr::IsNull { expr, negated } => {
                let null = self.eval(expr, row)?.is_null();
                Ok(Value::Boolean(null != *negated))
            }
            Expr::HasLabels(e, labels) => has_labels(&self.eval(e, row)?, labels),
            Expr::Call { function, args } => {
                let args = args
                    .iter()
                    .map(|a| self.eval(a, row))
                    .collect::<Result<Vec<_>, _>>()?;
                self.meter()
                    .value(functions::call(self.ctx, *function, args)?)
            }
            Expr::Aggregate { id, aggregate, .. } => self
                .aggregates
                .and_then(|a| a.get(id))
                .cloned()
                // The parser allows aggregates only in projection items,
                // whose groups compute every call before evaluating.
                .ok_or_else(|| internal(format!("{}() outside its group", aggregate.name()))),
            Expr::Case {
                operand,
                whens,
                otherwise,
            } => self.case(operand.as_deref(), whens, otherwise.as_deref(), row),
            Expr::ListComprehension {
                var,
                list,
                filter,
                map,
            } => {
                let mut out = Vec::new();
                let mut inner = row.clone();
                let Some(items) = self.list(list, row)? else {
                    return Ok(Value::Null);
                };
                // The list's size so far: a long one stops as it grows.
                let mut size = 0;
                for item in items {
                    inner.insert(var.clone(), item.clone().into());
                    if let Some(f) = filter
                        && !self.passes(f, &inner)?
                    {
                        continue;
                    }
                    let element = match map {
                        Some(m) => self.eval(m, &inner)?,
                        None => item,
                    };
                    self.meter().element(&mut size, &element)?;
                    out.push(element);
                }
                Ok(Value::List(out))
            }
            Expr::Quantifier {
                kind,
                var,
                list,
                predicate,
            } => self.quantifier(*kind, var, list, predicate, row),
            Expr::Reduce {
                acc,
                init,
                var,
                list,
                expr,
            } => {
                let mut inner = row.clone();
                let mut value = self.eval(init, row)?;
                let Some(items) = self.list(list, row)? else {
                    return Ok(Value::Null);
                };
                for item in items {
                    inner.insert(acc.clone(), value.into());
                    inner.insert(var.clone(), item.into());
                    value = self.eval(expr, &inner)?;
                    // Only a loop can nest values beyond the query's own
                    // (bounded) depth: `reduce(a = [], x IN l | [a])`.
                    if value.nesting_depth() > MAX_NESTING {
                        return Err(EngineError::of(ErrorKind::ResourceLimit(Resource::Nesting)));
                    }
                }
                Ok(value)
            }
        }
    }

    /// The query's budgets and what it has built.
    fn meter(&self) -> &Meter {
        &self.ctx.meter
    }

    /// The list a comprehension, quantifier or `reduce` iterates; `None`
    /// for null.
    fn list(&self, list: &Expr, row: &Row) -> Result<Option<Vec<Value>>, EngineError> {
        match self.eval(list, row)? {
            Value::Null => Ok(None),
            Value::List(items) => Ok(Some(items)),
            other => Err(type_error(Operation::ListIteration, &[&other])),
        }
    }

    fn case(
        &self,
        operand: Option<&Expr>,
        whens: &[(Expr, Expr)],
        otherwise: Option<&Expr>,
        row: &Row,
    ) -> Result<Value, EngineError> {
        let subject = operand.map(|o| self.eval(o, row)).transpose()?;
        for (when, then) in whens {
            let hit = match &subject {
                Some(s) => s.cypher_equals(&self.eval(when, row)?) == Some(true),
                None => self.passes(when, row)?,
            };
            if hit {
                return self.eval(then, row);
            }
        }
        otherwise.map_or(Ok(Value::Null), |e| self.eval(e, row))
    }

    fn quantifier(
        &self,
        kind: Quantifier,
        var: &str,
        list: &Expr,
        predicate: &Expr,
        row: &Row,
    ) -> Result<Value, EngineError> {
        let Some(items) = self.list(list, row)? else {
            return Ok(Value::Null);
        };
        let mut inner = row.clone();
        let (mut trues, mut nulls) = (0usize, 0usize);
        for item in items.iter() {
            inner.insert(var.to_string(), item.clone().into());
            match as_truth(&self.eval(predicate, &inner)?, Operation::Condition)? {
                Some(true) => trues += 1,
                None => nulls += 1,
                Some(false) => {}
            }
        }
        Ok(truth(quantified(kind, items.len(), trues, nulls)))
    }
}

/// A quantifier's verdict over `items` elements of which the predicate
/// was TRUE for `trues` and null for `nulls` (the rest FALSE).
pub fn quantified(kind: Quantifier, items: usize, trues: usize, nulls: usize) -> Option<bool> {
    let falses = items - trues - nulls;
    match kind {
        Quantifier::All => {
            if falses > 0 {
                Some(false)
            } else if nulls > 0 {
                None
            } else {
                Some(true)
            }
        }
        Quantifier::Any => {
            if trues > 0 {
                Some(true)
            } else if nulls > 0 {
                None
            } else {
                Some(false)
            }
        }
        Quantifier::None => {
            if trues > 0 {
                Some(false)
            } else if nulls > 0 {
                None
            } else {
                Some(true)
            }
        }
        Quantifier::Single => {
            if trues > 1 {
                Some(false)
            } else if nulls > 0 {
                None
            } else {
                Some(trues == 1)
            }
        }
    }
}

/// `v.key`.
pub fn property(v: &Value, key: &str) -> Result<Value, EngineError> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Node(n) => Ok(n.properties.get(key).cloned().unwrap_or(Value::Null)),
        Value::Relationship(r) => Ok(r.properties.get(key).cloned().unwrap_or(Value::Null)),
        Value::Map(m) => Ok(m.get(key).cloned().unwrap_or(Value::Null)),
        other => super::temporal::component(other, key)
            .unwrap_or_else(|| Err(type_error(Operation::Property(key.to_string()), &[other]))),
    }
}

/// `v[i]`: list position (negative from the end) or map/element key.
fn index_value(v: &Value, index: &Value) -> Result<Value, EngineError> {
    match (v, index) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::List(items), Value::Integer(i)) => {
            let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
            let at = if *i < 0 { len + i } else { *i };
            Ok(usize::try_from(at)
                .ok()
                .and_then(|a| items.get(a))
                .cloned()
                .unwrap_or(Value::Null))
        }
        (Value::Map(_) | Value::Node(_) | Value::Relationship(_), Value::String(k)) => {
            property(v, k)
        }
        _ => Err(type_error(Operation::Index, &[v, index])),
    }
}

/// `v[from..to]`.
fn slice(v: &Value, from: Option<&Value>, to: Option<&Value>) -> Result<Value, EngineError> {
    let items = match v {
        Value::Null => return Ok(Value::Null),
        Value::List(items) => items,
        other => return Err(type_error(Operation::Slice, &[other])),
    };
    let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let bound = |b: Option<&Value>, default: i64| -> Result<Option<i64>, EngineError> {
        match b {
            None => Ok(Some(default)),
            Some(Value::Null) => Ok(None),
            Some(Value::Integer(i)) => Ok(Some(if *i < 0 {
                (len + i).max(0)
            } else {
                (*i).min(len)
            })),
            Some(other) => Err(type_error(Operation::Slice, &[other])),
        }
    };
    let (Some(a), Some(b)) = (bound(from, 0)?, bound(to, len)?) else {
        return Ok(Value::Null);
    };
    if a >= b {
        return Ok(Value::List(Vec::new()));
    }
    let (a, b) = (
        usize::try_from(a).unwrap_or(0),
        usize::try_from(b).unwrap_or(0),
    );
    Ok(Value::List(items.get(a..b).unwrap_or(&[]).to_vec()))
}

/// `v:A:B`: on a node, every label carried (N4: all labels show); on a
/// relationship, a type test (decision: every name is the type).
fn has_labels(v: &Value, labels: &[String]) -> Result<Value, EngineError> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Node(n) => Ok(Value::Boolean(labels.iter().all(|l| n.labels.contains(l)))),
        Value::Relationship(r) => Ok(Value::Boolean(labels.iter().all(|l| *l == r.rel_type))),
        other => Err(type_error(Operation::LabelPredicate, &[other])),
    }
}

/// The error of a state the parser's checks rule out: a bug, never an
/// answer a scenario can expect.
pub fn internal(what: impl Into<String>) -> EngineError {
    EngineError::of(ErrorKind::Internal(what.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexing_and_slicing() {
        let list = Value::List((1..=4).map(Value::Integer).collect());
        assert_eq!(
            index_value(&list, &Value::Integer(-1)),
            Ok(Value::Integer(4))
        );
        assert_eq!(index_value(&list, &Value::Integer(9)), Ok(Value::Null));
        let s = slice(&list, Some(&Value::Integer(1)), Some(&Value::Integer(-1)));
        assert_eq!(
            s,
            Ok(Value::List(vec![Value::Integer(2), Value::Integer(3)]))
        );
        assert_eq!(slice(&list, Some(&Value::Null), None), Ok(Value::Null));
        // Operand types in operand order; a slice names the offending one.
        let key = Value::String("k".into());
        assert_eq!(
            index_value(&list, &key),
            Err(type_error(Operation::Index, &[&list, &key]))
        );
        assert_eq!(
            slice(&list, Some(&key), None),
            Err(EngineError::of(ErrorKind::TypeMismatch {
                operation: Operation::Slice,
                types: vec!["STRING"],
            }))
        );
        assert_eq!(
            property(&Value::Integer(1), "k"),
            Err(EngineError::of(ErrorKind::TypeMismatch {
                operation: Operation::Property("k".into()),
                types: vec!["INTEGER"],
            }))
        );
    }
}
