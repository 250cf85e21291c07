//! The expression grammar shared by queries, data statements and
//! administration commands: precedence climbing over Cypher's operator
//! levels, with every built node's depth tracked so that no input can build
//! a tree deeper than [`DEPTH_LIMIT`] (nor recurse deeper while parsing).

use crate::ast::{AggregateId, BinaryOp, Expr, Quantifier, UnaryOp};
use crate::cypher::condition;
use crate::cypher::lexer::{INT_RANGE, Sym, Tok};
use crate::cypher::parser::{PResult, Parser};
use crate::error::{ErrorKind, SyntaxError};
use crate::functions::{self, Aggregate, Arity, Callable, Function};
use crate::value::Value;

/// The error of a pattern written where an expression stands.
const PATTERN_EXPRESSION: &str =
    "unsupported construct: pattern expression (a path pattern used as a value or predicate)";

/// Maximum depth of an expression tree (and of parser recursion).
pub const DEPTH_LIMIT: usize = 100;

const OR: u8 = 1;
const XOR: u8 = 2;
const AND: u8 = 3;
const NOT: u8 = 4;
const COMPARISON: u8 = 5;
const PREDICATE: u8 = 6;
const ADDITIVE: u8 = 7;
const MULTIPLICATIVE: u8 = 8;
const POWER: u8 = 9;
const UNARY: u8 = 10;

/// Words that cannot be variables: seeing one where an expression should
/// start is a syntax error rather than a reference to a variable.
const RESERVED: &[&str] = &[
    "AND",
    "OR",
    "XOR",
    "NOT",
    "IN",
    "IS",
    "STARTS",
    "ENDS",
    "CONTAINS",
    "WHERE",
    "RETURN",
    "WITH",
    "MATCH",
    "OPTIONAL",
    "UNWIND",
    "ORDER",
    "BY",
    "SKIP",
    "LIMIT",
    "AS",
    "DISTINCT",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "CREATE",
    "MERGE",
    "SET",
    "DELETE",
    "DETACH",
    "REMOVE",
    "UNION",
    "CALL",
    "YIELD",
    "FOREACH",
    "ASC",
    "DESC",
    "ASCENDING",
    "DESCENDING",
];

/// An expression with the depth of its tree.
#[derive(Clone)]
pub(crate) struct Ex {
    pub expr: Expr,
    pub depth: usize,
}

/// An infix or postfix operator at the current position.
enum Infix {
    Binary(BinaryOp, usize),
    IsNull(bool, usize),
}

fn too_deep(offset: usize) -> SyntaxError {
    SyntaxError::new(
        offset,
        format!("expression nested too deeply (limit {DEPTH_LIMIT})"),
    )
}

/// The error of a flat chain (`1+1+...`, `x.k.k...`) whose tree would pass
/// [`DEPTH_LIMIT`]: the chain is not nested, but the tree it builds is one
/// level deeper per operator (`((1+1)+1)+...`), and evaluators and every
/// pass over the tree recurse along it, so the same bound applies. `what`
/// names the operator, `count` the operators of the chain so far.
fn chain_too_long(offset: usize, what: &str, count: usize) -> SyntaxError {
    SyntaxError::new(
        offset,
        format!(
            "operator chain too long: {what} applied {count} times in a row builds a syntax \
             tree one level deeper per operator, past the limit of {DEPTH_LIMIT} levels \
             (split the expression with WITH)"
        ),
    )
}

/// Whether an operator about to apply to `operand`, the result of `applied`
/// operators of one chain over a first operand `base` levels deep, would
/// pass the depth limit mostly because of the chain: the chain's levels
/// are at least the first operand's, and the operand is the deeper side.
fn chain_passes_limit(operand: usize, other: usize, applied: usize, base: usize) -> bool {
    operand >= DEPTH_LIMIT && operand >= other && applied >= base
}

fn is_comparison(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Equal
            | BinaryOp::NotEqual
            | BinaryOp::Less
            | BinaryOp::LessEqual
            | BinaryOp::Greater
            | BinaryOp::GreaterEqual
    )
}

/// Negates a numeric literal token's value; `None` when out of range.
fn negated_int(v: u64) -> Option<i64> {
    i64::try_from(-i128::from(v)).ok()
}

impl Parser<'_> {
    /// Builds a node over children of the given depths, enforcing the limit.
    fn node(&self, expr: Expr, children: &[usize]) -> PResult<Ex> {
        let depth = 1 + children.iter().copied().max().unwrap_or(0);
        if depth > DEPTH_LIMIT {
            return Err(too_deep(self.offset()));
        }
        Ok(Ex { expr, depth })
    }

    /// Parses an expression.
    pub fn expression(&mut self) -> PResult<Expr> {
        Ok(self.expr_prec(0)?.expr)
    }

    /// Parses an expression and returns its source text (first to last token).
    pub fn expression_text(&mut self) -> PResult<(Expr, String)> {
        let start = self.offset();
        let expr = self.expression()?;
        Ok((expr, self.slice(start, self.prev_end()).to_string()))
    }

    /// An expression whose operators all bind at least as tightly as `min`.
    pub(crate) fn expr_prec(&mut self, min: u8) -> PResult<Ex> {
        if self.nesting >= DEPTH_LIMIT {
            return Err(too_deep(self.offset()));
        }
        self.nesting += 1;
        let result = self.expr_prec_inner(min);
        self.nesting -= 1;
        result
    }

    fn expr_prec_inner(&mut self, min: u8) -> PResult<Ex> {
        let start = self.offset();
        let mut lhs = self.prefix(min)?;
        // The right operand of the comparison just parsed at this level, if
        // the last operator was one: `a < b < c` chains through it.
        let mut chain: Option<Ex> = None;
        // The operators applied at this level so far, over a first operand
        // `base` levels deep: a long flat chain is told apart from nesting.
        let (base, mut applied) = (lhs.depth, 0);
        while let Some(infix) = self.infix() {
            let (prec, tokens) = match infix {
                Infix::Binary(op, n) => (binary_prec(op), n),
                Infix::IsNull(_, n) => (PREDICATE, n),
            };
            if prec < min {
                break;
            }
            let lhs_end = self.prev_end();
            let operator_at = self.offset();
            for _ in 0..tokens {
                self.advance();
            }
            lhs = match infix {
                Infix::IsNull(negated, _) => {
                    chain = None;
                    if chain_passes_limit(lhs.depth, 0, applied, base) {
                        let what = if negated {
                            "`IS NOT NULL`"
                        } else {
                            "`IS NULL`"
                        };
                        return Err(chain_too_long(operator_at, what, applied + 1));
                    }
                    self.node(
                        Expr::IsNull {
                            expr: Box::new(lhs.expr),
                            negated,
                        },
                        &[lhs.depth],
                    )?
                }
                Infix::Binary(op, _) => {
                    let rhs_start = self.offset();
                    let rhs = self.expr_prec(prec + 1)?;
                    if matches!(op, BinaryOp::And | BinaryOp::Or | BinaryOp::Xor) {
                        self.check_condition_operand(start, lhs_end, &lhs.expr)?;
                        self.check_condition_operand(rhs_start, self.prev_end(), &rhs.expr)?;
                    }
                    if chain_passes_limit(lhs.depth, rhs.depth, applied, base) {
                        let what = format!("`{}`", op.symbol());
                        return Err(chain_too_long(operator_at, &what, applied + 1));
                    }
                    self.binary(op, lhs, rhs, &mut chain)?
                }
            };
            applied += 1;
        }
        Ok(lhs)
    }

    /// In an auth rule condition, fails when an operand of NOT/AND/OR/XOR,
    /// written from `start` to `end`, is statically not a boolean (A2).
    fn check_condition_operand(&self, start: usize, end: usize, operand: &Expr) -> PResult<()> {
        if !self.in_condition {
            return Ok(());
        }
        condition::check_boolean(start, operand, self.slice(start, end))
    }

    /// `lhs op rhs`. openCypher (TCK Comparison3) and Neo4j read a chain of
    /// comparisons `a < b <= c` as `a < b AND b <= c`: `chain` holds the
    /// right operand of the comparison just built at this level. Kept out of
    /// the recursive [`Self::expr_prec_inner`] so that its temporaries do not
    /// enlarge every level's stack frame.
    #[inline(never)]
    fn binary(&self, op: BinaryOp, lhs: Ex, rhs: Ex, chain: &mut Option<Ex>) -> PResult<Ex> {
        let comparison = is_comparison(op);
        let previous = chain.take();
        if comparison {
            *chain = Some(rhs.clone());
        }
        match previous {
            Some(middle) if comparison => {
                let link = self.node(
                    Expr::Binary(op, Box::new(middle.expr), Box::new(rhs.expr)),
                    &[middle.depth, rhs.depth],
                )?;
                self.node(
                    Expr::Binary(BinaryOp::And, Box::new(lhs.expr), Box::new(link.expr)),
                    &[lhs.depth, link.depth],
                )
            }
            _ => self.node(
                Expr::Binary(op, Box::new(lhs.expr), Box::new(rhs.expr)),
                &[lhs.depth, rhs.depth],
            ),
        }
    }

    /// `NOT e`, `-e`, `+e` (where allowed at this level) or a postfix expression.
    fn prefix(&mut self, min: u8) -> PResult<Ex> {
        if min <= NOT && self.at_kw("NOT") {
            self.advance();
            let operand_start = self.offset();
            let operand = self.expr_prec(NOT)?;
            self.check_condition_operand(operand_start, self.prev_end(), &operand.expr)?;
            return self.node(
                Expr::Unary(UnaryOp::Not, Box::new(operand.expr)),
                &[operand.depth],
            );
        }
        if min <= UNARY && (self.at_sym(Sym::Minus) || self.at_sym(Sym::Plus)) {
            let minus = self.at_sym(Sym::Minus);
            self.advance();
            if minus && let Some(literal) = self.negative_number()? {
                return self.postfix_from(literal);
            }
            let operand = self.expr_prec(UNARY)?;
            let op = if minus {
                UnaryOp::Negate
            } else {
                UnaryOp::Plus
            };
            return self.node(Expr::Unary(op, Box::new(operand.expr)), &[operand.depth]);
        }
        self.postfix()
    }

    /// After a `-`: a number literal folded into a negative literal, so that
    /// `-9223372036854775808` is representable.
    fn negative_number(&mut self) -> PResult<Option<Ex>> {
        let value = match self.peek().tok {
            Tok::Int(v) => match negated_int(v) {
                Some(i) => Value::Integer(i),
                None => return Err(self.error(INT_RANGE)),
            },
            Tok::Float(f) => Value::Float(-f),
            _ => return Ok(None),
        };
        self.advance();
        Ok(Some(Ex {
            expr: Expr::Literal(value),
            depth: 1,
        }))
    }

    /// The operator at the current position, with its token count.
    fn infix(&self) -> Option<Infix> {
        let t = &self.peek().tok;
        let op = match t {
            Tok::Sym(Sym::Plus) => BinaryOp::Add,
            Tok::Sym(Sym::Minus) => BinaryOp::Subtract,
            Tok::Sym(Sym::Star) => BinaryOp::Multiply,
            Tok::Sym(Sym::Slash) => BinaryOp::Divide,
            Tok::Sym(Sym::Percent) => BinaryOp::Modulo,
            Tok::Sym(Sym::Caret) => BinaryOp::Power,
            Tok::Sym(Sym::Eq) => BinaryOp::Equal,
            Tok::Sym(Sym::Neq) => BinaryOp::NotEqual,
            Tok::Sym(Sym::Lt) => BinaryOp::Less,
            Tok::Sym(Sym::Le) => BinaryOp::LessEqual,
            Tok::Sym(Sym::Gt) => BinaryOp::Greater,
            Tok::Sym(Sym::Ge) => BinaryOp::GreaterEqual,
            Tok::Ident(_) => {
                if self.at_kw("AND") {
                    BinaryOp::And
                } else if self.at_kw("OR") {
                    BinaryOp::Or
                } else if self.at_kw("XOR") {
                    BinaryOp::Xor
                } else if self.at_kw("IN") {
                    BinaryOp::In
                } else if self.at_kw("CONTAINS") {
                    BinaryOp::Contains
                } else if self.at_kws(&["STARTS", "WITH"]) {
                    return Some(Infix::Binary(BinaryOp::StartsWith, 2));
                } else if self.at_kws(&["ENDS", "WITH"]) {
                    return Some(Infix::Binary(BinaryOp::EndsWith, 2));
                } else if self.at_kws(&["IS", "NULL"]) {
                    return Some(Infix::IsNull(false, 2));
                } else if self.at_kws(&["IS", "NOT", "NULL"]) {
                    return Some(Infix::IsNull(true, 3));
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        Some(Infix::Binary(op, 1))
    }

    fn postfix(&mut self) -> PResult<Ex> {
        let atom = self.atom()?;
        self.postfix_from(atom)
    }

    /// Property access, indexing, slicing and label predicates after `e`.
    fn postfix_from(&mut self, mut e: Ex) -> PResult<Ex> {
        // As in `expr_prec_inner`: `x.k.k...` is a chain, not nesting.
        let (base, mut applied) = (e.depth, 0);
        loop {
            let operator_at = self.offset();
            let chain_ends = chain_passes_limit(e.depth, 0, applied, base);
            if self.at_sym(Sym::Dot) {
                if chain_ends {
                    return Err(chain_too_long(
                        operator_at,
                        "property access `.`",
                        applied + 1,
                    ));
                }
                self.advance();
                let key = self.name("a property key after '.'")?;
                e = self.node(Expr::Property(Box::new(e.expr), key), &[e.depth])?;
            } else if self.at_sym(Sym::LBracket) {
                if chain_ends {
                    return Err(chain_too_long(operator_at, "indexing `[]`", applied + 1));
                }
                e = self.index_or_slice(e)?;
            } else if self.at_sym(Sym::LBrace) && matches!(e.expr, Expr::Variable(_)) {
                // In an expression, `v {` can only open a map projection.
                return Err(self.error("unsupported construct: map projection (`n {.key}`)"));
            } else if self.at_sym(Sym::Colon) {
                if self.in_condition {
                    return Err(SyntaxError::of(
                        self.offset(),
                        ErrorKind::NotAllowedInCondition("a label predicate".to_string()),
                    ));
                }
                let mut labels = Vec::new();
                while self.eat_sym(Sym::Colon) {
                    labels.push(self.name("a label after ':'")?);
                }
                e = self.node(Expr::HasLabels(Box::new(e.expr), labels), &[e.depth])?;
            } else {
                return Ok(e);
            }
            applied += 1;
        }
    }

    fn index_or_slice(&mut self, e: Ex) -> PResult<Ex> {
        self.advance();
        let from = if self.at_sym(Sym::DotDot) {
            None
        } else {
            Some(self.expr_prec(0)?)
        };
        if self.eat_sym(Sym::DotDot) {
            let to = if self.at_sym(Sym::RBracket) {
                None
            } else {
                Some(self.expr_prec(0)?)
            };
            self.expect_sym(Sym::RBracket, "']' to close the slice")?;
            let depths = [
                e.depth,
                from.as_ref().map_or(0, |x| x.depth),
                to.as_ref().map_or(0, |x| x.depth),
            ];
            let expr = Expr::Slice(
                Box::new(e.expr),
                from.map(|x| Box::new(x.expr)),
                to.map(|x| Box::new(x.expr)),
            );
            return self.node(expr, &depths);
        }
        self.expect_sym(Sym::RBracket, "']' to close the index")?;
        match from {
            Some(index) => self.node(
                Expr::Index(Box::new(e.expr), Box::new(index.expr)),
                &[e.depth, index.depth],
            ),
            None => Err(self.expected("an index")),
        }
    }

    fn atom(&mut self) -> PResult<Ex> {
        let literal = match &self.peek().tok {
            Tok::Int(v) => match i64::try_from(*v) {
                Ok(i) => Value::Integer(i),
                Err(_) => return Err(self.error(INT_RANGE)),
            },
            Tok::Float(f) => Value::Float(*f),
            Tok::Str(s) => Value::String(s.clone()),
            Tok::Sym(Sym::LParen) => return self.parenthesized(),
            Tok::Sym(Sym::LBracket) => return self.list_atom(),
            Tok::Sym(Sym::LBrace) => return self.map_atom(),
            Tok::Sym(Sym::Dollar) if self.in_condition => {
                return Err(SyntaxError::of(
                    self.offset(),
                    ErrorKind::NotAllowedInCondition("a parameter".to_string()),
                ));
            }
            Tok::Sym(Sym::Dollar) => return Err(self.error("parameters are not supported")),
            Tok::Quoted(name) => {
                let name = name.clone();
                self.check_defined(&name, self.offset())?;
                self.advance();
                return Ok(Ex {
                    expr: Expr::Variable(name),
                    depth: 1,
                });
            }
            Tok::Ident(_) => return self.word_atom(),
            _ => return Err(self.expected("an expression")),
        };
        self.advance();
        Ok(Ex {
            expr: Expr::Literal(literal),
            depth: 1,
        })
    }

    fn parenthesized(&mut self) -> PResult<Ex> {
        let start = self.offset();
        self.advance();
        // `()-->(n)` and `(n)-[:T]->()` in an expression: a pattern
        // expression or comprehension, outside the subset; name it rather
        // than fail on the arrow's symbols.
        let in_condition = self.in_condition;
        let pattern = || {
            if in_condition {
                SyntaxError::of(
                    start,
                    ErrorKind::NotAllowedInCondition("a pattern expression".to_string()),
                )
            } else {
                SyntaxError::new(start, PATTERN_EXPRESSION)
            }
        };
        if self.at_sym(Sym::RParen) && self.pattern_follows(1) {
            return Err(pattern());
        }
        let inner = self.expr_prec(0)?;
        self.expect_sym(Sym::RParen, "')' to close the parenthesized expression")?;
        if matches!(inner.expr, Expr::Variable(_) | Expr::HasLabels(..)) && self.pattern_follows(0)
        {
            return Err(pattern());
        }
        Ok(inner)
    }

    /// Whether the tokens `n` places ahead continue a path pattern: `-[`,
    /// `--`, `->` or `<-`.
    fn pattern_follows(&self, n: usize) -> bool {
        (self.sym_at(n, Sym::Minus)
            && (self.sym_at(n + 1, Sym::LBracket)
                || self.sym_at(n + 1, Sym::Minus)
                || self.sym_at(n + 1, Sym::Gt)))
            || (self.sym_at(n, Sym::Lt) && self.sym_at(n + 1, Sym::Minus))
    }

    /// An atom starting with an identifier: keyword literal, CASE, function
    /// call (possibly dotted) or variable.
    fn word_atom(&mut self) -> PResult<Ex> {
        let literal = if self.at_kw("true") {
            Some(Value::Boolean(true))
        } else if self.at_kw("false") {
            Some(Value::Boolean(false))
        } else if self.at_kw("null") {
            Some(Value::Null)
        } else {
            None
        };
        if let Some(value) = literal {
            self.advance();
            return Ok(Ex {
                expr: Expr::Literal(value),
                depth: 1,
            });
        }
        if self.at_kw("CASE") {
            return self.case_expr();
        }
        for subquery in ["EXISTS", "COUNT", "COLLECT"] {
            if self.at_kw(subquery) && self.sym_at(1, Sym::LBrace) {
                return Err(self.error(format!(
                    "unsupported construct: {subquery} {{ ... }} subquery expression"
                )));
            }
        }
        // A dotted name followed by '(' is a function call.
        let mut n = 1;
        while self.sym_at(n, Sym::Dot)
            && matches!(self.peek_at(n + 1).tok, Tok::Ident(_) | Tok::Quoted(_))
        {
            n += 2;
        }
        if self.sym_at(n, Sym::LParen) {
            return self.function_call();
        }
        if RESERVED.iter().any(|kw| self.at_kw(kw)) {
            return Err(self.expected("an expression"));
        }
        self.check_defined_here()?;
        let name = self.name("an expression")?;
        Ok(Ex {
            expr: Expr::Variable(name),
            depth: 1,
        })
    }

    fn dotted_name(&mut self) -> PResult<String> {
        let mut name = self.name("a name")?;
        while self.eat_sym(Sym::Dot) {
            name.push('.');
            name.push_str(&self.name("a name after '.'")?);
        }
        Ok(name)
    }

    /// A call: `count(*)`, a list predicate, `reduce`, or a function or
    /// aggregate resolved by name. Resolution errors are reported after the
    /// arguments parse, so that a syntax error inside them comes first.
    fn function_call(&mut self) -> PResult<Ex> {
        let start = self.offset();
        let name = self.dotted_name()?;
        self.expect_sym(Sym::LParen, "'(' after the function name")?;
        let lower = name.to_ascii_lowercase();
        if lower == "count" && self.at_sym(Sym::Star) {
            self.advance();
            self.expect_sym(Sym::RParen, "')' to close count(*)")?;
            self.aggregate_here(start, Aggregate::Count)?;
            return Ok(Ex {
                expr: Expr::Aggregate {
                    id: AggregateId(0),
                    aggregate: Aggregate::Count,
                    distinct: false,
                    arg: None,
                },
                depth: 1,
            });
        }
        let quantifier = match lower.as_str() {
            "any" => Some(Quantifier::Any),
            "all" => Some(Quantifier::All),
            "none" => Some(Quantifier::None),
            "single" => Some(Quantifier::Single),
            _ => None,
        };
        if let Some(kind) = quantifier
            && self.at_name()
            && self.kw_at(1, "IN")
        {
            return self.quantifier(kind);
        }
        if lower == "reduce" {
            return self.reduce();
        }
        let callable = functions::resolve(&name);
        let distinct = self.eat_kw("DISTINCT");
        // An aggregate's argument may hold no other aggregate.
        let outer = self.aggregates_allowed;
        if matches!(callable, Some(Callable::Aggregate(_))) {
            self.aggregates_allowed = false;
        }
        let parsed = self.call_arguments();
        self.aggregates_allowed = outer;
        let (args, depths) = parsed?;
        if self.in_condition {
            let text = self.slice(start, self.prev_end());
            condition::check_call(start, text, &name, callable, &args)?;
        }
        let fail = |kind| Err(SyntaxError::of(start, kind));
        match callable {
            None if lower.starts_with("abac.") && !self.in_condition => {
                fail(ErrorKind::FunctionNotAllowed {
                    name,
                    why: "abac functions are only allowed in auth rule conditions",
                })
            }
            None => fail(ErrorKind::UnknownFunction(name)),
            Some(Callable::Aggregate(aggregate)) => {
                self.aggregate_here(start, aggregate)?;
                let [arg] = <[Expr; 1]>::try_from(args).map_err(|args| {
                    SyntaxError::of(
                        start,
                        ErrorKind::ArgumentCount {
                            callee: aggregate.name().to_string(),
                            expected: Arity::Exactly(1),
                            got: args.len(),
                        },
                    )
                })?;
                self.node(
                    Expr::Aggregate {
                        id: AggregateId(0),
                        aggregate,
                        distinct,
                        arg: Some(Box::new(arg)),
                    },
                    &depths,
                )
            }
            Some(Callable::Function(function)) => {
                if function == Function::UserAttribute && !self.in_condition {
                    return fail(ErrorKind::FunctionNotAllowed {
                        name,
                        why: "abac functions are only allowed in auth rule conditions",
                    });
                }
                if distinct {
                    return fail(ErrorKind::DistinctNotAllowed(function));
                }
                if matches!(function, Function::Temporal(_)) && args.is_empty() {
                    return fail(ErrorKind::FunctionNotAllowed {
                        name,
                        why: "without an argument it reads the current time, which is not \
                              deterministic (datetime.transaction() is the query's time)",
                    });
                }
                if !function.arity().accepts(args.len()) {
                    return fail(ErrorKind::ArgumentCount {
                        callee: function.name().to_string(),
                        expected: function.arity(),
                        got: args.len(),
                    });
                }
                self.node(Expr::Call { function, args }, &depths)
            }
        }
    }

    /// The comma-separated arguments up to and including `)`, with depths.
    fn call_arguments(&mut self) -> PResult<(Vec<Expr>, Vec<usize>)> {
        let mut args = Vec::new();
        let mut depths = Vec::new();
        if !self.at_sym(Sym::RParen) {
            loop {
                let arg = self.expr_prec(0)?;
                depths.push(arg.depth);
                args.push(arg.expr);
                if !self.eat_sym(Sym::Comma) {
                    break;
                }
            }
        }
        self.expect_sym(Sym::RParen, "')' to close the function call")?;
        Ok((args, depths))
    }

    /// Enters the per-element part of a comprehension, quantifier or
    /// `reduce`, where no aggregate may stand; returns the flag to restore.
    fn per_element(&mut self) -> bool {
        std::mem::replace(&mut self.aggregates_allowed, false)
    }

    /// Fails unless an aggregate may stand here.
    fn aggregate_here(&self, start: usize, aggregate: Aggregate) -> PResult<()> {
        if self.aggregates_allowed {
            Ok(())
        } else {
            Err(SyntaxError::of(
                start,
                ErrorKind::AggregateNotAllowed(aggregate),
            ))
        }
    }

    /// `var IN list` of comprehensions and quantifiers.
    /// Binds the variable for what follows; the mark restores the scope.
    fn in_clause(&mut self) -> PResult<(String, Ex, usize)> {
        let var = self.name("a variable")?;
        self.expect_kw("IN", "after the variable")?;
        let list = self.expr_prec(0)?;
        let mark = self.scope_mark();
        self.declare(&var);
        Ok((var, list, mark))
    }

    /// Checks the identifier at the cursor as a variable use.
    fn check_defined_here(&self) -> PResult<()> {
        match &self.peek().tok {
            Tok::Ident(name) => self.check_defined(name, self.offset()),
            _ => Ok(()),
        }
    }

    fn quantifier(&mut self, kind: Quantifier) -> PResult<Ex> {
        let (var, list, mark) = self.in_clause()?;
        self.expect_kw("WHERE", "in the list predicate")?;
        let outer = self.per_element();
        let predicate = self.expr_prec(0)?;
        self.aggregates_allowed = outer;
        self.scope_reset(mark);
        self.expect_sym(Sym::RParen, "')' to close the list predicate")?;
        self.node(
            Expr::Quantifier {
                kind,
                var,
                list: Box::new(list.expr),
                predicate: Box::new(predicate.expr),
            },
            &[list.depth, predicate.depth],
        )
    }

    fn reduce(&mut self) -> PResult<Ex> {
        let acc = self.name("the accumulator of reduce")?;
        self.expect_sym(Sym::Eq, "'=' after the accumulator of reduce")?;
        let init = self.expr_prec(0)?;
        self.expect_sym(Sym::Comma, "',' after the initial value of reduce")?;
        let (var, list, mark) = self.in_clause()?;
        self.declare(&acc);
        self.expect_sym(Sym::Pipe, "'|' in reduce")?;
        let outer = self.per_element();
        let step = self.expr_prec(0)?;
        self.aggregates_allowed = outer;
        self.scope_reset(mark);
        self.expect_sym(Sym::RParen, "')' to close reduce")?;
        self.node(
            Expr::Reduce {
                acc,
                init: Box::new(init.expr),
                var,
                list: Box::new(list.expr),
                expr: Box::new(step.expr),
            },
            &[init.depth, list.depth, step.depth],
        )
    }

    fn case_expr(&mut self) -> PResult<Ex> {
        self.advance();
        let mut depths = Vec::new();
        let operand = if self.at_kw("WHEN") {
            None
        } else {
            let e = self.expr_prec(0)?;
            depths.push(e.depth);
            Some(Box::new(e.expr))
        };
        let mut whens = Vec::new();
        while self.eat_kw("WHEN") {
            let when = self.expr_prec(0)?;
            self.expect_kw("THEN", "after WHEN")?;
            let then = self.expr_prec(0)?;
            depths.extend([when.depth, then.depth]);
            whens.push((when.expr, then.expr));
        }
        if whens.is_empty() {
            return Err(self.expected("WHEN in CASE"));
        }
        let otherwise = if self.eat_kw("ELSE") {
            let e = self.expr_prec(0)?;
            depths.push(e.depth);
            Some(Box::new(e.expr))
        } else {
            None
        };
        self.expect_kw("END", "to close CASE")?;
        self.node(
            Expr::Case {
                operand,
                whens,
                otherwise,
            },
            &depths,
        )
    }

    fn list_atom(&mut self) -> PResult<Ex> {
        self.advance();
        // `[null IN l, 1]` is a list whose first element is an IN test: a
        // literal word cannot be a comprehension's variable.
        let literal = ["null", "true", "false"].iter().any(|w| self.at_kw(w));
        if self.at_name() && !literal && self.kw_at(1, "IN") {
            return self.list_comprehension();
        }
        let mut items = Vec::new();
        let mut depths = Vec::new();
        if !self.at_sym(Sym::RBracket) {
            loop {
                let item = self.expr_prec(0)?;
                depths.push(item.depth);
                items.push(item.expr);
                if !self.eat_sym(Sym::Comma) {
                    break;
                }
            }
        }
        self.expect_sym(Sym::RBracket, "']' to close the list")?;
        self.node(Expr::List(items), &depths)
    }

    fn list_comprehension(&mut self) -> PResult<Ex> {
        let (var, list, mark) = self.in_clause()?;
        let mut depths = vec![list.depth];
        let outer = self.per_element();
        let filter = if self.eat_kw("WHERE") {
            let e = self.expr_prec(0)?;
            depths.push(e.depth);
            Some(Box::new(e.expr))
        } else {
            None
        };
        let map = if self.eat_sym(Sym::Pipe) {
            let e = self.expr_prec(0)?;
            depths.push(e.depth);
            Some(Box::new(e.expr))
        } else {
            None
        };
        self.aggregates_allowed = outer;
        self.scope_reset(mark);
        self.expect_sym(Sym::RBracket, "']' to close the list comprehension")?;
        self.node(
            Expr::ListComprehension {
                var,
                list: Box::new(list.expr),
                filter,
                map,
            },
            &depths,
        )
    }

    /// `{k: v, ...}` as (key, expression) pairs with the deepest value's
    /// depth; the offset of each value is pushed to `offsets`.
    pub(crate) fn map_entries(
        &mut self,
        offsets: &mut Vec<usize>,
    ) -> PResult<(Vec<(String, Expr)>, usize)> {
        self.expect_sym(Sym::LBrace, "'{'")?;
        let mut entries = Vec::new();
        let mut depth = 0;
        if !self.at_sym(Sym::RBrace) {
            loop {
                let key = self.name("a map key")?;
                self.expect_sym(Sym::Colon, "':' after the map key")?;
                offsets.push(self.offset());
                let value = self.expr_prec(0)?;
                depth = depth.max(value.depth);
                entries.push((key, value.expr));
                if !self.eat_sym(Sym::Comma) {
                    break;
                }
            }
        }
        self.expect_sym(Sym::RBrace, "'}' to close the map")?;
        Ok((entries, depth))
    }

    fn map_atom(&mut self) -> PResult<Ex> {
        let (entries, depth) = self.map_entries(&mut Vec::new())?;
        self.node(Expr::Map(entries), &[depth])
    }
}

fn binary_prec(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Or => OR,
        BinaryOp::Xor => XOR,
        BinaryOp::And => AND,
        BinaryOp::Equal
        | BinaryOp::NotEqual
        | BinaryOp::Less
        | BinaryOp::LessEqual
        | BinaryOp::Greater
        | BinaryOp::GreaterEqual => COMPARISON,
        BinaryOp::In | BinaryOp::StartsWith | BinaryOp::EndsWith | BinaryOp::Contains => PREDICATE,
        BinaryOp::Add | BinaryOp::Subtract => ADDITIVE,
        BinaryOp::Multiply | BinaryOp::Divide | BinaryOp::Modulo => MULTIPLICATIVE,
        BinaryOp::Power => POWER,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cypher::parse_expression;

    fn lit(i: i64) -> Expr {
        Expr::Literal(Value::Integer(i))
    }

    fn var(name: &str) -> Expr {
        Expr::Variable(name.to_string())
    }

    fn bin(op: BinaryOp, a: Expr, b: Expr) -> Expr {
        Expr::Binary(op, Box::new(a), Box::new(b))
    }

    fn not(e: Expr) -> Expr {
        Expr::Unary(UnaryOp::Not, Box::new(e))
    }

    fn prop(e: Expr, key: &str) -> Expr {
        Expr::Property(Box::new(e), key.to_string())
    }

    fn parse(text: &str) -> Expr {
        match parse_expression(text) {
            Ok(e) => e,
            Err(e) => panic!("{text}: {e:?}"),
        }
    }

    fn err(text: &str) -> SyntaxError {
        match parse_expression(text) {
            Ok(e) => panic!("{text} parsed as {e:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn boolean_precedence() {
        // OR < XOR < AND < NOT < comparison.
        assert_eq!(
            parse("a OR b XOR c AND NOT d = 1"),
            bin(
                BinaryOp::Or,
                var("a"),
                bin(
                    BinaryOp::Xor,
                    var("b"),
                    bin(
                        BinaryOp::And,
                        var("c"),
                        not(bin(BinaryOp::Equal, var("d"), lit(1)))
                    )
                )
            )
        );
        assert_eq!(
            parse("NOT a AND b"),
            bin(BinaryOp::And, not(var("a")), var("b"))
        );
    }

    #[test]
    fn chained_comparisons_are_conjunctions() {
        // openCypher TCK Comparison3: `1 < n.num <= 3` is `1 < n.num AND n.num <= 3`.
        assert_eq!(
            parse("1 < n.num <= 3"),
            bin(
                BinaryOp::And,
                bin(BinaryOp::Less, lit(1), prop(var("n"), "num")),
                bin(BinaryOp::LessEqual, prop(var("n"), "num"), lit(3))
            )
        );
        assert_eq!(
            parse("a = b <> c > d"),
            bin(
                BinaryOp::And,
                bin(
                    BinaryOp::And,
                    bin(BinaryOp::Equal, var("a"), var("b")),
                    bin(BinaryOp::NotEqual, var("b"), var("c"))
                ),
                bin(BinaryOp::Greater, var("c"), var("d"))
            )
        );
        // Parentheses end a chain; a lower-precedence operator does too.
        assert_eq!(
            parse("(a < b) < c"),
            bin(
                BinaryOp::Less,
                bin(BinaryOp::Less, var("a"), var("b")),
                var("c")
            )
        );
        assert_eq!(
            parse("a < b AND b < c"),
            bin(
                BinaryOp::And,
                bin(BinaryOp::Less, var("a"), var("b")),
                bin(BinaryOp::Less, var("b"), var("c"))
            )
        );
    }

    #[test]
    fn arithmetic_precedence_and_associativity() {
        assert_eq!(
            parse("1 + 2 * 3 ^ 2 - 4"),
            bin(
                BinaryOp::Subtract,
                bin(
                    BinaryOp::Add,
                    lit(1),
                    bin(
                        BinaryOp::Multiply,
                        lit(2),
                        bin(BinaryOp::Power, lit(3), lit(2))
                    )
                ),
                lit(4)
            )
        );
        assert_eq!(
            parse("8 / 4 % 3"),
            bin(
                BinaryOp::Modulo,
                bin(BinaryOp::Divide, lit(8), lit(4)),
                lit(3)
            )
        );
        // Unary minus binds tighter than ^; postfix tighter than unary minus.
        assert_eq!(parse("-2 ^ 2"), bin(BinaryOp::Power, lit(-2), lit(2)));
        assert_eq!(
            parse("-n.x"),
            Expr::Unary(UnaryOp::Negate, Box::new(prop(var("n"), "x")))
        );
        assert_eq!(parse("+1"), Expr::Unary(UnaryOp::Plus, Box::new(lit(1))));
    }

    #[test]
    fn predicates_bind_between_comparison_and_addition() {
        assert_eq!(
            parse("a + 1 IN l = true"),
            bin(
                BinaryOp::Equal,
                bin(BinaryOp::In, bin(BinaryOp::Add, var("a"), lit(1)), var("l")),
                Expr::Literal(Value::Boolean(true))
            )
        );
        assert_eq!(
            parse("n.name STARTS WITH 'A' AND n.name ENDS WITH 'z' OR s CONTAINS 'x'"),
            bin(
                BinaryOp::Or,
                bin(
                    BinaryOp::And,
                    bin(
                        BinaryOp::StartsWith,
                        prop(var("n"), "name"),
                        Expr::Literal(Value::String("A".into()))
                    ),
                    bin(
                        BinaryOp::EndsWith,
                        prop(var("n"), "name"),
                        Expr::Literal(Value::String("z".into()))
                    )
                ),
                bin(
                    BinaryOp::Contains,
                    var("s"),
                    Expr::Literal(Value::String("x".into()))
                )
            )
        );
        assert_eq!(
            parse("NOT n.k IS NOT NULL"),
            not(Expr::IsNull {
                expr: Box::new(prop(var("n"), "k")),
                negated: true
            })
        );
        assert_eq!(
            parse("x is null"),
            Expr::IsNull {
                expr: Box::new(var("x")),
                negated: false
            }
        );
    }

    #[test]
    fn postfix_operators() {
        assert_eq!(
            parse("l[0][1..][..2][1..3]"),
            Expr::Slice(
                Box::new(Expr::Slice(
                    Box::new(Expr::Slice(
                        Box::new(Expr::Index(Box::new(var("l")), Box::new(lit(0)))),
                        Some(Box::new(lit(1))),
                        None
                    )),
                    None,
                    Some(Box::new(lit(2)))
                )),
                Some(Box::new(lit(1))),
                Some(Box::new(lit(3)))
            )
        );
        assert_eq!(
            parse("n:A:B AND m.`a b`.c"),
            bin(
                BinaryOp::And,
                Expr::HasLabels(Box::new(var("n")), vec!["A".into(), "B".into()]),
                prop(prop(var("m"), "a b"), "c")
            )
        );
    }

    #[test]
    fn literals() {
        assert_eq!(
            parse("[1, 2.5, 'a', true, FALSE, Null, 0x10, 0o10, -9223372036854775808]"),
            Expr::List(vec![
                lit(1),
                Expr::Literal(Value::Float(2.5)),
                Expr::Literal(Value::String("a".into())),
                Expr::Literal(Value::Boolean(true)),
                Expr::Literal(Value::Boolean(false)),
                Expr::Literal(Value::Null),
                lit(16),
                lit(8),
                lit(i64::MIN),
            ])
        );
        assert_eq!(
            parse("{a: 1, `b c`: [], d: {}}"),
            Expr::Map(vec![
                ("a".into(), lit(1)),
                ("b c".into(), Expr::List(vec![])),
                ("d".into(), Expr::Map(vec![])),
            ])
        );
        let e = err("1 + 9223372036854775808");
        assert_eq!((e.message().as_str(), e.offset), (INT_RANGE, 4));
        assert_eq!(err("-9223372036854775809").offset, 1);
        assert_eq!(parse("9223372036854775807"), lit(i64::MAX));
    }

    #[test]
    fn functions_and_special_forms() {
        assert_eq!(
            parse("datetime.transaction().hour"),
            prop(
                Expr::Call {
                    function: Function::TransactionTime,
                    args: vec![]
                },
                "hour"
            )
        );
        assert_eq!(
            parse("EXISTS(n.k)"),
            Expr::Call {
                function: Function::Exists,
                args: vec![prop(var("n"), "k")]
            }
        );
        assert_eq!(
            parse("[x IN l WHERE x > 1 | x * 2]"),
            Expr::ListComprehension {
                var: "x".into(),
                list: Box::new(var("l")),
                filter: Some(Box::new(bin(BinaryOp::Greater, var("x"), lit(1)))),
                map: Some(Box::new(bin(BinaryOp::Multiply, var("x"), lit(2)))),
            }
        );
        assert_eq!(
            parse("none(x IN l WHERE x)"),
            Expr::Quantifier {
                kind: Quantifier::None,
                var: "x".into(),
                list: Box::new(var("l")),
                predicate: Box::new(var("x")),
            }
        );
        assert_eq!(
            parse("reduce(acc = 0, x IN [1] | acc + x)"),
            Expr::Reduce {
                acc: "acc".into(),
                init: Box::new(lit(0)),
                var: "x".into(),
                list: Box::new(Expr::List(vec![lit(1)])),
                expr: Box::new(bin(BinaryOp::Add, var("acc"), var("x"))),
            }
        );
        // `all` without `x IN` is an ordinary function call, of a
        // function that does not exist.
        assert_eq!(err("all(1)").kind, ErrorKind::UnknownFunction("all".into()));
    }

    #[test]
    fn pattern_expressions_are_named_where_they_start() {
        for (text, offset) in [
            ("(n)-->()", 0),
            ("x AND (n)-[:T]->(m)", 6),
            ("(n:A)<-[r]-(m)", 0),
            ("1 + ()--(n)", 4),
        ] {
            let e = err(text);
            assert_eq!(
                (e.message().as_str(), e.offset),
                (PATTERN_EXPRESSION, offset),
                "{text}"
            );
        }
        // Arithmetic on a parenthesized value is still arithmetic.
        assert_eq!(
            parse("(n.x) - 1"),
            bin(BinaryOp::Subtract, prop(var("n"), "x"), lit(1))
        );
    }

    #[test]
    fn a_literal_word_before_in_starts_a_list_not_a_comprehension() {
        assert_eq!(
            parse("[null IN [1], true IN [true]]"),
            Expr::List(vec![
                bin(
                    BinaryOp::In,
                    Expr::Literal(Value::Null),
                    Expr::List(vec![lit(1)])
                ),
                bin(
                    BinaryOp::In,
                    Expr::Literal(Value::Boolean(true)),
                    Expr::List(vec![Expr::Literal(Value::Boolean(true))])
                ),
            ])
        );
    }

    #[test]
    fn calls_are_resolved_and_checked_where_they_are_written() {
        let check = |text: &str, kind: ErrorKind, offset: usize| {
            let e = err(text);
            assert_eq!((e.kind, e.offset), (kind, offset), "{text}");
        };
        check("1 + rand()", ErrorKind::UnknownFunction("rand".into()), 4);
        check(
            "range(1)",
            ErrorKind::ArgumentCount {
                callee: "range".into(),
                expected: Arity::Between(2, 3),
                got: 1,
            },
            0,
        );
        check(
            "size(1, 2)",
            ErrorKind::ArgumentCount {
                callee: "size".into(),
                expected: Arity::Exactly(1),
                got: 2,
            },
            0,
        );
        check(
            "coalesce()",
            ErrorKind::ArgumentCount {
                callee: "coalesce".into(),
                expected: Arity::AtLeast(1),
                got: 0,
            },
            0,
        );
        check(
            "toLower(DISTINCT 'a')",
            ErrorKind::DistinctNotAllowed(Function::ToLower),
            0,
        );
        assert_eq!(err("date()").code(), "42N0D");
        assert_eq!(err("x + abac.oidc.user_attribute('d')").code(), "42N0D");
        assert_eq!(err("abac.other(1)").code(), "42N0D");
        // A lone expression is no WITH/RETURN item: no aggregate here.
        check(
            "count(*)",
            ErrorKind::AggregateNotAllowed(Aggregate::Count),
            0,
        );
        // A syntax error inside the arguments comes before resolution.
        assert_eq!(err("nosuch(1 +)").code(), "42001");
    }

    #[test]
    fn case_forms() {
        assert_eq!(
            parse("CASE x WHEN 1 THEN 'a' ELSE 'b' END"),
            Expr::Case {
                operand: Some(Box::new(var("x"))),
                whens: vec![(lit(1), Expr::Literal(Value::String("a".into())))],
                otherwise: Some(Box::new(Expr::Literal(Value::String("b".into())))),
            }
        );
        assert_eq!(
            parse("case when a then 1 when b then 2 end"),
            Expr::Case {
                operand: None,
                whens: vec![(var("a"), lit(1)), (var("b"), lit(2))],
                otherwise: None,
            }
        );
    }

    #[test]
    fn errors_have_positions() {
        let e = err("(1 + 2");
        assert_eq!(e.offset, 6);
        assert!(e.message().contains("unexpected end of input"), "{e:?}");
        assert_eq!(err("1 +").offset, 3);
        assert_eq!(err("$p").message(), "parameters are not supported");
        assert_eq!(err("a b").offset, 2);
        assert_eq!(err("RETURN").offset, 0);
        assert_eq!(err("CASE END").offset, 5);
    }

    fn assert_too_deep(text: &str) {
        let e = err(text);
        assert_eq!(
            e.message(),
            format!("expression nested too deeply (limit {DEPTH_LIMIT})"),
            "for {}...",
            &text[..20]
        );
    }

    /// A flat chain is refused as a chain, at the operator that passes the
    /// limit, never called nesting.
    fn assert_chain_too_long(text: &str, what: &str) {
        let e = err(text);
        assert!(
            e.message().starts_with(&format!(
                "operator chain too long: {what} applied 100 times in a row"
            )),
            "for {}...: {e:?}",
            &text[..20]
        );
        assert!(!e.message().contains("nested"), "{e:?}");
    }

    #[test]
    fn a_flat_chain_is_not_called_nesting() {
        // 101 `+`: refused at the 100th, which would make the tree 101 deep.
        let text = vec!["1"; 102].join("+");
        let e = err(&text);
        assert!(
            e.message().contains("`+` applied 100 times in a row"),
            "{e:?}"
        );
        assert_eq!(e.offset, 1 + 99 * 2, "the 100th `+`");
        // 99 operators build 100 levels: allowed.
        assert!(parse_expression(&vec!["1"; 100].join("+")).is_ok());
        // A mixed chain names the operator that passes the limit.
        let text = format!("{}-1", vec!["1"; 100].join("+"));
        assert!(
            err(&text).message().contains("`-` applied 100 times"),
            "{text}"
        );
        // Real nesting is still nesting: 101 parentheses around one `+`
        // nest the parser 101 deep, at the 101st `(`.
        let text = format!("{}1+1{}", "(".repeat(101), ")".repeat(101));
        let e = err(&text);
        assert_eq!(
            e.message(),
            format!("expression nested too deeply (limit {DEPTH_LIMIT})")
        );
        assert_eq!(e.offset, 100);
        // A deep operand under a short chain is nesting, not a chain.
        let deep = format!("{}1{}", "[".repeat(99), "]".repeat(99));
        let e = err(&format!("{deep}+1"));
        assert!(e.message().contains("nested too deeply"), "{e:?}");
    }

    #[test]
    fn unsupported_constructs_are_named_at_their_position() {
        for (text, message, offset) in [
            ("n.name =~ 'A.*'", "=~", 7),
            ("EXISTS { MATCH (n) }", "EXISTS { ... } subquery", 0),
            ("1 + COUNT { MATCH (n) }", "COUNT { ... } subquery", 4),
            ("n {.name}", "map projection", 2),
        ] {
            let e = match parse_expression(text) {
                Ok(e) => panic!("{text} parsed: {e:?}"),
                Err(e) => e,
            };
            assert!(e.message().contains(message), "{text}: {e:?}");
            assert_eq!(e.offset, offset, "{text}: {e:?}");
        }
    }

    #[test]
    fn depth_is_bounded_for_every_shape() {
        let n = 100_000;
        assert_too_deep(&format!("{}1{}", "(".repeat(n), ")".repeat(n)));
        assert_too_deep(&format!("{}1{}", "[".repeat(n), "]".repeat(n)));
        assert_too_deep(&format!("{}1{}", "{a:".repeat(n), "}".repeat(n)));
        assert_too_deep(&format!("{}true", "NOT ".repeat(n)));
        assert_too_deep(&format!("{}1", "- ".repeat(n)));
        assert_too_deep(&format!("{}x", "-".repeat(n)));
        assert_chain_too_long(&vec!["1"; n].join("+"), "`+`");
        assert_chain_too_long(&vec!["a"; n].join(" AND "), "`AND`");
        assert_chain_too_long(&format!("x{}", ".k".repeat(n)), "property access `.`");
        assert_chain_too_long(&format!("x{}", "[0]".repeat(n)), "indexing `[]`");
        assert_chain_too_long(&format!("x{}", " IS NULL".repeat(n)), "`IS NULL`");
        assert_too_deep(&format!("{}1{}", "f(".repeat(n), ")".repeat(n)));
        assert_too_deep(&format!(
            "{}1{}",
            "CASE WHEN ".repeat(n),
            " THEN 1 END".repeat(n)
        ));
        // Just inside the limit still parses.
        let chain = vec!["1"; DEPTH_LIMIT].join("+");
        assert!(parse_expression(&chain).is_ok());
        let nested = format!(
            "{}1{}",
            "[".repeat(DEPTH_LIMIT - 1),
            "]".repeat(DEPTH_LIMIT - 1)
        );
        assert!(parse_expression(&nested).is_ok());
    }
}
