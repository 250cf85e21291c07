//! Auth rules compiled for evaluation (A2, A3, A6): each enabled rule's
//! condition becomes a small tree of [`Cond`] nodes over claim slots.
//!
//! Compiling is a rewrite that keeps the engine's expression semantics:
//! every node is evaluated with this engine's own operators and
//! evaluator, all operands of a connective are evaluated (as in queries,
//! so an error anywhere is the condition's error), and anything the tree
//! has no special node for is evaluated as an expression over the claim
//! slots.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use model::ast::{BinaryOp, Expr, Quantifier, UnaryOp};
use model::catalog::{AuthRule, Catalog};
use model::engine::{EngineError, Principal, Transaction};
use model::error::Operation;
use model::functions::Function;
use model::value::Value;
use model::world::World;

use crate::columns::Columns;
use crate::exec::context::Ctx;
use crate::exec::eval::{Bound, Evaluator, Row, quantified};
use crate::exec::operators::{as_truth, binary, truth, type_error, unary};
use crate::visibility::Compiled;

/// A comparison of one claim with a constant, shared by every rule that
/// makes it: its result depends only on the session's claims.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// `claim <op> constant`, or `constant <op> claim` when `claim_first`
    /// is false.
    Compare {
        /// The claim's slot.
        slot: usize,
        /// The comparison.
        op: BinaryOp,
        /// The other operand, folded.
        constant: Value,
        /// Which side the claim is on.
        claim_first: bool,
    },
    /// `claim IS [NOT] NULL`.
    IsNull {
        /// The claim's slot.
        slot: usize,
        /// `IS NOT NULL`.
        negated: bool,
    },
}

impl Test {
    /// The test's value for the session's claims `kept` (by slot).
    fn eval(&self, kept: &[Value]) -> Result<Value, EngineError> {
        match self {
            Test::Compare {
                slot,
                op,
                constant,
                claim_first,
            } => {
                let claim = claim(kept, *slot);
                if *claim_first {
                    binary(*op, claim, constant)
                } else {
                    binary(*op, constant, claim)
                }
            }
            Test::IsNull { slot, negated } => {
                Ok(Value::Boolean(claim(kept, *slot).is_null() != *negated))
            }
        }
    }
}

/// The value in `slot` (null for a slot the session did not fill).
fn claim(kept: &[Value], slot: usize) -> &Value {
    kept.get(slot).unwrap_or(&Value::Null)
}

/// A compiled condition.
#[derive(Debug, Clone)]
pub enum Cond {
    /// A part without claims or clock, evaluated when compiling.
    Const(Result<Value, EngineError>),
    /// A claim's value.
    Claim(usize),
    /// A shared [`Test`], by index.
    Test(usize),
    /// The element a quantifier is at (its variable).
    Item,
    /// `NOT`.
    Not(Box<Cond>),
    /// Any other binary operator over two compiled operands.
    Binary(BinaryOp, Box<Cond>, Box<Cond>),
    /// `any/all/none/single(x IN list WHERE predicate)`, the predicate
    /// reading `x` as [`Cond::Item`].
    Quantifier {
        /// Which quantifier.
        kind: Quantifier,
        /// The list.
        list: Box<Cond>,
        /// The predicate.
        predicate: Box<Cond>,
    },
    /// `AND`, `OR` (flattened: every operand, left to right) or `XOR`.
    Connective(BinaryOp, Vec<Cond>),
    /// Anything else: the expression with each claim call replaced by a
    /// variable bound to its slot.
    General {
        /// The rewritten expression.
        expr: Expr,
        /// Variable name → slot.
        bindings: Vec<(String, usize)>,
        /// The enclosing quantifier's variable, bound to its element.
        item: Option<String>,
    },
}

/// One auth rule, compiled.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The rule's name.
    pub name: String,
    /// The roles it grants when fulfilled.
    pub roles: Vec<String>,
    /// Its condition; `None` when the rule is disabled (A3: never
    /// fulfilled).
    pub cond: Option<Cond>,
    /// Whether the condition reads the transaction's clock (then its
    /// result cannot be kept for the session).
    pub timed: bool,
}

/// Every auth rule of a catalog, compiled.
pub struct RuleSet {
    /// Claim names by slot.
    pub claims: Vec<String>,
    /// The distinct claim tests.
    pub tests: Vec<Test>,
    /// The rules in name order.
    pub rules: Vec<Rule>,
    /// Each rule's name, condition and the slots it reads, in name order
    /// (A5 asks this of the rules a session opened with, which are mostly
    /// these).
    slots_read: Vec<(String, Arc<Expr>, Vec<usize>)>,
    /// The union of `slots_read`.
    all_slots_read: Vec<bool>,
    /// An empty graph to evaluate general nodes against: conditions read
    /// no graph (the parser allows no variable or pattern in them).
    empty: Arc<(World, Compiled)>,
}

/// The variable a claim slot is bound to in a general node (a name no
/// query can write: it holds a space).
fn slot_variable(slot: usize) -> String {
    format!("claim {slot}")
}

/// Whether `expr` reads the transaction's clock (`datetime.transaction()`
/// and the other `.transaction()` forms).
fn reads_clock(expr: &Expr) -> bool {
    expr.any(&|e| {
        matches!(e, Expr::Call { function, .. }
            if function.name().ends_with(".transaction"))
    })
}

/// The claim a call `abac.oidc.user_attribute('claim')` reads.
fn claim_call(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Call {
            function: Function::UserAttribute,
            args,
        } => match args.as_slice() {
            [Expr::Literal(Value::String(claim))] => Some(claim),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `expr` reads neither claims nor the clock nor any variable.
fn constant(expr: &Expr) -> bool {
    !reads_clock(expr)
        && !expr.any(&|e| {
            matches!(
                e,
                Expr::Call {
                    function: Function::UserAttribute,
                    ..
                }
            )
        })
        && expr.free_variables().is_empty()
}

impl RuleSet {
    /// Compiles every rule of `catalog`.
    pub fn compile(catalog: &Catalog) -> Result<Self, EngineError> {
        let graph = model::graph::Graph::default();
        let columns = Arc::new(Columns::build(&graph)?);
        let world = World {
            database: String::new(),
            graph,
            catalog: Catalog::with_builtins(),
            config: model::config::Config::default(),
        };
        let compiled = Compiled::for_subject(columns, &world, None)?;
        let mut set = RuleSet {
            claims: Vec::new(),
            tests: Vec::new(),
            rules: Vec::new(),
            slots_read: Vec::new(),
            all_slots_read: Vec::new(),
            empty: Arc::new((world, compiled)),
        };
        for rule in catalog.auth_rules.values() {
            #[cfg(feature = "plant")]
            let enabled =
                rule.enabled || crate::plant::active(crate::plant::Plant::DisabledRulesEvaluated);
            #[cfg(not(feature = "plant"))]
            let enabled = rule.enabled;
            let cond = if enabled {
                Some(set.cond(&rule.expression, None))
            } else {
                None
            };
            set.rules.push(Rule {
                name: rule.name.clone(),
                roles: rule.roles.iter().cloned().collect(),
                cond,
                timed: reads_clock(&rule.expression),
            });
        }
        for rule in catalog.auth_rules.values() {
            let slots = rule
                .expression
                .referenced_claims()
                .iter()
                .map(|claim| set.slot(claim))
                .collect();
            set.slots_read
                .push((rule.name.clone(), rule.expression.clone(), slots));
        }
        set.all_slots_read = vec![false; set.claims.len()];
        for slot in set.slots_read.iter().flat_map(|(_, _, slots)| slots) {
            if let Some(read) = set.all_slots_read.get_mut(*slot) {
                *read = true;
            }
        }
        Ok(set)
    }

    /// A5: per slot, whether some rule of `rules_at_open` reads that claim.
    /// When those are this set's rules, unchanged, the answer is known;
    /// otherwise each rule's claims are worked out.
    pub fn slots_kept(&self, rules_at_open: &BTreeMap<String, AuthRule>) -> Vec<bool> {
        let unchanged = rules_at_open.len() == self.slots_read.len()
            && rules_at_open
                .values()
                .zip(&self.slots_read)
                .all(|(rule, (name, expression, _))| {
                    Arc::ptr_eq(&rule.expression, expression) && rule.name == *name
                });
        if unchanged {
            return self.all_slots_read.clone();
        }
        let mut kept = vec![false; self.claims.len()];
        for claim in rules_at_open
            .values()
            .flat_map(|rule| rule.expression.referenced_claims())
        {
            if let Some(slot) = self.claims.iter().position(|c| *c == claim)
                && let Some(keep) = kept.get_mut(slot)
            {
                *keep = true;
            }
        }
        kept
    }

    /// The slot of `claim`, interned.
    fn slot(&mut self, claim: &str) -> usize {
        match self.claims.iter().position(|c| c == claim) {
            Some(slot) => slot,
            None => {
                self.claims.push(claim.to_string());
                self.claims.len() - 1
            }
        }
    }

    /// The index of `test`, shared with an equal one compiled before.
    fn test(&mut self, test: Test) -> usize {
        match self.tests.iter().position(|t| *t == test) {
            Some(index) => index,
            None => {
                self.tests.push(test);
                self.tests.len() - 1
            }
        }
    }

    /// Compiles one (sub)condition inside the quantifier over `item` (its
    /// variable), if any.
    fn cond(&mut self, expr: &Expr, item: Option<&str>) -> Cond {
        if constant(expr) {
            return Cond::Const(self.fold(expr));
        }
        if let Some(claim) = claim_call(expr) {
            return Cond::Claim(self.slot(claim));
        }
        match expr {
            Expr::Variable(name) if Some(name.as_str()) == item => Cond::Item,
            Expr::Unary(UnaryOp::Not, inner) => Cond::Not(Box::new(self.cond(inner, item))),
            Expr::Binary(op @ (BinaryOp::And | BinaryOp::Or), _, _) => {
                let mut operands = Vec::new();
                flatten(expr, *op, &mut operands);
                Cond::Connective(
                    *op,
                    operands.into_iter().map(|e| self.cond(e, item)).collect(),
                )
            }
            Expr::Binary(BinaryOp::Xor, a, b) => {
                Cond::Connective(BinaryOp::Xor, vec![self.cond(a, item), self.cond(b, item)])
            }
            Expr::Binary(op, a, b) if comparison(*op) => {
                let shared = match (claim_call(a), claim_call(b)) {
                    (Some(c), _) if constant(b) => Some((c, b, true)),
                    (_, Some(c)) if constant(a) => Some((c, a, false)),
                    _ => None,
                };
                let Some((claim, other, claim_first)) = shared else {
                    return Cond::Binary(
                        *op,
                        Box::new(self.cond(a, item)),
                        Box::new(self.cond(b, item)),
                    );
                };
                match self.fold(other) {
                    Ok(value) => {
                        let slot = self.slot(claim);
                        Cond::Test(self.test(Test::Compare {
                            slot,
                            op: *op,
                            constant: value,
                            claim_first,
                        }))
                    }
                    // The constant side fails: so does the comparison.
                    Err(error) => Cond::Const(Err(error)),
                }
            }
            Expr::IsNull {
                expr: inner,
                negated,
            } => match claim_call(inner) {
                Some(claim) => {
                    let slot = self.slot(claim);
                    Cond::Test(self.test(Test::IsNull {
                        slot,
                        negated: *negated,
                    }))
                }
                None => self.general(expr, item),
            },
            Expr::Quantifier {
                kind,
                var,
                list,
                predicate,
            } if predicate.free_variables().iter().all(|v| v == var) => Cond::Quantifier {
                kind: *kind,
                list: Box::new(self.cond(list, item)),
                predicate: Box::new(self.cond(predicate, Some(var))),
            },
            _ => self.general(expr, item),
        }
    }

    /// A general node: claim calls become slot variables.
    fn general(&mut self, expr: &Expr, item: Option<&str>) -> Cond {
        let mut bindings = Vec::new();
        for claim in expr.referenced_claims() {
            let slot = self.slot(&claim);
            bindings.push((slot_variable(slot), slot));
        }
        let slots: BTreeMap<String, usize> = self
            .claims
            .iter()
            .enumerate()
            .map(|(slot, c)| (c.clone(), slot))
            .collect();
        let expr = expr.rewrite(&|e| {
            claim_call(e)
                .and_then(|c| slots.get(c))
                .map(|slot| Expr::Variable(slot_variable(*slot)))
        });
        Cond::General {
            expr,
            bindings,
            item: item.map(str::to_string),
        }
    }

    /// Evaluates a constant expression now (it reads no clock: any instant
    /// serves).
    fn fold(&self, expr: &Expr) -> Result<Value, EngineError> {
        self.evaluate(expr, &Row::new(), DateTime::UNIX_EPOCH.fixed_offset())
    }

    /// Evaluates `expr` over `row` with this engine's evaluator.
    fn evaluate(
        &self,
        expr: &Expr,
        row: &Row,
        at: DateTime<FixedOffset>,
    ) -> Result<Value, EngineError> {
        let (world, compiled) = &*self.empty;
        let tx = Transaction {
            principal: Principal::Admin,
            at,
            limits: model::limits::Limits::default(),
        };
        let ctx = Ctx::new(compiled, world, &tx);
        Evaluator {
            ctx: &ctx,
            aggregates: None,
        }
        .eval(expr, row)
    }

    /// The value of `cond` for claims `kept` at `at`, with each shared test
    /// evaluated at most once per session (`memo`, by test index).
    pub fn eval(
        &self,
        cond: &Cond,
        kept: &[Value],
        memo: &mut [Option<Result<Value, EngineError>>],
        at: DateTime<FixedOffset>,
    ) -> Result<Value, EngineError> {
        Walk {
            rules: self,
            kept,
            at,
        }
        .eval(cond, memo, None)
        .map(Cow::into_owned)
    }
}

/// One evaluation of a rule's condition.
struct Walk<'r> {
    rules: &'r RuleSet,
    kept: &'r [Value],
    at: DateTime<FixedOffset>,
}

impl<'r> Walk<'r> {
    /// The value of `cond`, `item` being the innermost quantifier's element;
    /// borrowed where it is a constant, a claim or an element, so that a
    /// session's evaluation copies no strings or lists.
    fn eval<'v>(
        &self,
        cond: &'v Cond,
        memo: &mut [Option<Result<Value, EngineError>>],
        item: Option<&'v Value>,
    ) -> Result<Cow<'v, Value>, EngineError>
    where
        'r: 'v,
    {
        match cond {
            Cond::Const(Ok(value)) => Ok(Cow::Borrowed(value)),
            Cond::Const(Err(error)) => Err(error.clone()),
            Cond::Claim(slot) => Ok(Cow::Borrowed(claim(self.kept, *slot))),
            Cond::Item => Ok(Cow::Borrowed(item.unwrap_or(&Value::Null))),
            Cond::Test(index) => {
                if let Some(Some(known)) = memo.get(*index) {
                    return known.clone().map(Cow::Owned);
                }
                let result = match self.rules.tests.get(*index) {
                    Some(test) => test.eval(self.kept),
                    None => Ok(Value::Null),
                };
                if let Some(slot) = memo.get_mut(*index) {
                    *slot = Some(result.clone());
                }
                result.map(Cow::Owned)
            }
            Cond::Not(inner) => {
                let value = self.eval(inner, memo, item)?;
                #[cfg(feature = "plant")]
                if value.is_null() && crate::plant::active(crate::plant::Plant::NotNullIsTrue) {
                    return Ok(Cow::Owned(Value::Boolean(true)));
                }
                unary(UnaryOp::Not, &value).map(Cow::Owned)
            }
            Cond::Binary(op, a, b) => {
                let a = self.eval(a, memo, item)?;
                let b = self.eval(b, memo, item)?;
                binary(*op, &a, &b).map(Cow::Owned)
            }
            Cond::Connective(op, operands) => {
                // Left to right, as `a AND b AND c` groups; an error in any
                // operand is the condition's error (not fulfilled, A3).
                let mut acc: Option<Cow<'v, Value>> = None;
                for operand in operands {
                    let value = self.eval(operand, memo, item)?;
                    acc = Some(match acc {
                        None => value,
                        Some(left) => Cow::Owned(binary(*op, &left, &value)?),
                    });
                }
                Ok(acc.unwrap_or(Cow::Owned(Value::Null)))
            }
            Cond::Quantifier {
                kind,
                list,
                predicate,
            } => {
                let items = match self.eval(list, memo, item)? {
                    Cow::Borrowed(Value::List(items)) => Cow::Borrowed(items.as_slice()),
                    Cow::Owned(Value::List(items)) => Cow::Owned(items),
                    value if value.is_null() => return Ok(Cow::Owned(Value::Null)),
                    other => return Err(type_error(Operation::ListIteration, &[&other])),
                };
                let (mut trues, mut nulls) = (0usize, 0usize);
                for element in items.iter() {
                    let value = self.eval(predicate, memo, Some(element))?;
                    let verdict = as_truth(&value, Operation::Condition)?;
                    match verdict {
                        Some(true) => trues += 1,
                        None => nulls += 1,
                        Some(false) => {}
                    }
                }
                Ok(Cow::Owned(truth(quantified(
                    *kind,
                    items.len(),
                    trues,
                    nulls,
                ))))
            }
            Cond::General {
                expr,
                bindings,
                item: variable,
            } => {
                let mut row: Row = bindings
                    .iter()
                    .map(|(name, slot)| {
                        (name.clone(), Bound::Value(claim(self.kept, *slot).clone()))
                    })
                    .collect();
                if let (Some(name), Some(value)) = (variable, item) {
                    row.insert(name.clone(), Bound::Value(value.clone()));
                }
                self.rules.evaluate(expr, &row, self.at).map(Cow::Owned)
            }
        }
    }
}

/// The comparisons a shared test can hold.
fn comparison(op: BinaryOp) -> bool {
    op.is_comparison() || op == BinaryOp::In
}

/// The operands of a chain of `op` (`a AND b AND c`), left to right.
fn flatten<'e>(expr: &'e Expr, op: BinaryOp, out: &mut Vec<&'e Expr>) {
    match expr {
        Expr::Binary(o, a, b) if *o == op => {
            flatten(a, op, out);
            flatten(b, op, out);
        }
        other => out.push(other),
    }
}
