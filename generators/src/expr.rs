//! Generated expressions inside read queries: values of every type, the
//! values no literal spells (NaN, the infinities, `-0.0`, the integer
//! limits), integer overflow and division by zero, and every operator
//! between them (docs/spec/scenario-format.md "Supported Cypher",
//! docs/spec/semantics.md section 11).
//!
//! [`Expr::text`] is their one renderer. [`Expr::constant`] folds the parts
//! that read nothing from the graph, so that the coverage counters can say
//! which queries produce NaN or overflow, the generator can keep run-time
//! failures a minority ([`Expr::may_fail`]), and the queries can avoid
//! asking for a choice the specification leaves open ([`Expr::tie_safe`]).
//! Folding only classifies: the engines are never checked against it.
//!
//! Function calls ([`Expr::Call`]) and temporal components
//! ([`Expr::Component`]) draw the functions of the auth-rule allow-list
//! with arguments of the types they take, so that most calls succeed and
//! the engines' answers, not their type errors, are compared.

use std::collections::BTreeMap;

use arbitrary::Unstructured;
use model::admin::render::{literal, symbolic};
use model::ast::BinaryOp;
use model::functions::Function;
use model::value::Value;

use crate::choice::{flag, one, pick, weighted};
use crate::query::Var;
use crate::values::{Kind, list, scalar, scalar_of};

/// The comparison operators.
pub const COMPARISONS: [BinaryOp; 6] = [
    BinaryOp::Equal,
    BinaryOp::NotEqual,
    BinaryOp::Less,
    BinaryOp::LessEqual,
    BinaryOp::Greater,
    BinaryOp::GreaterEqual,
];
/// The string predicates.
pub const TEXT: [BinaryOp; 3] = [BinaryOp::StartsWith, BinaryOp::EndsWith, BinaryOp::Contains];
/// The arithmetic operators.
pub const ARITHMETIC: [BinaryOp; 6] = [
    BinaryOp::Add,
    BinaryOp::Subtract,
    BinaryOp::Multiply,
    BinaryOp::Divide,
    BinaryOp::Modulo,
    BinaryOp::Power,
];
/// The boolean connectives.
pub const CONNECTIVES: [BinaryOp; 3] = [BinaryOp::And, BinaryOp::Or, BinaryOp::Xor];

/// The type of a value, as far as an expression's form tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExprType {
    /// `null`.
    Null,
    /// A boolean (or a predicate, which may also be null).
    Boolean,
    /// An integer.
    Integer,
    /// A float.
    Float,
    /// A string.
    String,
    /// A list.
    List,
    /// A map.
    Map,
    /// A date.
    Date,
    /// A datetime with an offset.
    DateTime,
    /// A local datetime.
    LocalDateTime,
    /// A duration.
    Duration,
    /// A node.
    Node,
    /// A relationship.
    Relationship,
    /// A path.
    Path,
}

impl ExprType {
    /// Every type.
    pub const ALL: [ExprType; 14] = [
        ExprType::Null,
        ExprType::Boolean,
        ExprType::Integer,
        ExprType::Float,
        ExprType::String,
        ExprType::List,
        ExprType::Map,
        ExprType::Date,
        ExprType::DateTime,
        ExprType::LocalDateTime,
        ExprType::Duration,
        ExprType::Node,
        ExprType::Relationship,
        ExprType::Path,
    ];

    /// The type of `v`.
    pub fn of(v: &Value) -> ExprType {
        match v {
            Value::Null => ExprType::Null,
            Value::Boolean(_) => ExprType::Boolean,
            Value::Integer(_) => ExprType::Integer,
            Value::Float(_) => ExprType::Float,
            Value::String(_) => ExprType::String,
            Value::Date(_) => ExprType::Date,
            Value::LocalDateTime(_) => ExprType::LocalDateTime,
            Value::DateTime(_) => ExprType::DateTime,
            Value::Duration(_) => ExprType::Duration,
            Value::List(_) => ExprType::List,
            Value::Map(_) => ExprType::Map,
            Value::Node(_) => ExprType::Node,
            Value::Relationship(_) => ExprType::Relationship,
            Value::Path(_) => ExprType::Path,
        }
    }

    fn is_number(self) -> bool {
        matches!(self, ExprType::Integer | ExprType::Float)
    }
}

/// A generated expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal, written by model's `literal` (null, booleans, numbers,
    /// strings, temporal values, lists nested, mixed and empty, maps).
    Value(Value),
    /// `x.k`: a stored value (never NaN: a graph script has no NaN literal).
    Property(Var, String),
    /// A node or relationship variable.
    Element(Var),
    /// `p`, the MATCH's path.
    Path,
    /// `x`, the unwound value of a [`crate::ValuesQuery`].
    Unwound,
    /// `y`, the value its WITH derives.
    Derived,
    /// `a op b`.
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `NOT a`.
    Not(Box<Expr>),
    /// `-a`.
    Negate(Box<Expr>),
    /// `a IS NULL`, or `a IS NOT NULL` when the flag is set.
    IsNull(Box<Expr>, bool),
    /// `[a, b, ...]` with computed elements.
    List(Vec<Expr>),
    /// `{k: a, ...}` with computed values (distinct keys).
    Map(Vec<(String, Expr)>),
    /// `f(a, ...)`: a scalar function of the allow-list.
    Call(Function, Vec<Expr>),
    /// `a.name`: a component of a temporal value (`date(...).year`).
    Component(Box<Expr>, String),
}

/// A run-time error that folding an expression can foresee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Integer overflow (22003).
    Overflow,
    /// Integer division or modulo by zero (22012).
    DivisionByZero,
}

/// What an expression is when it reads nothing from the graph.
#[derive(Debug, Clone, PartialEq)]
pub enum Constant {
    /// It evaluates to this value.
    Value(Value),
    /// It fails with this error.
    Fails(Fault),
    /// It reads the graph or a variable, or uses an operator folding does
    /// not evaluate (comparisons, string predicates, type mismatches).
    Unknown,
}

impl Expr {
    fn binary(op: BinaryOp, a: Expr, b: Expr) -> Expr {
        Expr::Binary(op, Box::new(a), Box::new(b))
    }

    fn int(i: i64) -> Expr {
        Expr::Value(Value::Integer(i))
    }

    fn float(f: f64) -> Expr {
        Expr::Value(Value::Float(f))
    }

    /// The expression as Cypher.
    pub fn text(&self) -> String {
        match self {
            Expr::Value(v) => literal(v),
            Expr::Property(v, k) => format!("{}.{}", v.name(), symbolic(k)),
            Expr::Element(v) => v.name(),
            Expr::Path => "p".to_string(),
            Expr::Unwound => "x".to_string(),
            Expr::Derived => "y".to_string(),
            Expr::Binary(op, a, b) => {
                format!("{} {} {}", a.left_text(), op.symbol(), b.operand_text())
            }
            Expr::Not(a) => format!("NOT {}", a.operand_text()),
            // Always parenthesised: `-(0.0)` negates at run time, where
            // `-0.0` would be read as one literal.
            Expr::Negate(a) => format!("-({})", a.text()),
            Expr::IsNull(a, negated) => {
                let not = if *negated { "NOT " } else { "" };
                format!("{} IS {not}NULL", a.operand_text())
            }
            Expr::List(items) => list_text(items),
            Expr::Map(entries) => {
                let parts: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{}: {}", symbolic(k), v.text()))
                    .collect();
                format!("{{{}}}", parts.join(", "))
            }
            Expr::Call(f, args) => {
                let parts: Vec<String> = args.iter().map(Expr::text).collect();
                format!("{}({})", f.name(), parts.join(", "))
            }
            Expr::Component(a, name) => format!("{}.{name}", a.operand_text()),
        }
    }

    /// The text as a list element: `[a IN b, ...]` would read as a list
    /// comprehension, so an `IN` is parenthesised.
    fn element_text(&self) -> String {
        match self {
            Expr::Binary(BinaryOp::In, ..) => format!("({})", self.text()),
            _ => self.text(),
        }
    }

    /// The text as an operand: parenthesised unless it is one token, a
    /// variable with a key, or bracketed. Operands are never written bare,
    /// so `a < b < c` (a chained comparison) or `NOT a AND b` cannot arise.
    fn operand_text(&self) -> String {
        if self.is_atomic() && !self.is_negative_number() {
            self.text()
        } else {
            format!("({})", self.text())
        }
    }

    /// A left operand may be a negative number as written
    /// (`-9223372036854775807 - 1`): the sign binds tighter than any infix
    /// operator.
    fn left_text(&self) -> String {
        if self.is_negative_number() {
            self.text()
        } else {
            self.operand_text()
        }
    }

    fn is_atomic(&self) -> bool {
        match self {
            // `literal` writes NaN and the infinities as divisions.
            Expr::Value(Value::Float(f)) => f.is_finite(),
            Expr::Value(_)
            | Expr::Property(..)
            | Expr::Element(_)
            | Expr::Path
            | Expr::Unwound
            | Expr::Derived
            | Expr::List(_)
            | Expr::Map(_)
            | Expr::Call(..)
            | Expr::Component(..) => true,
            Expr::Binary(..) | Expr::Not(_) | Expr::Negate(_) | Expr::IsNull(..) => false,
        }
    }

    fn is_negative_number(&self) -> bool {
        match self {
            Expr::Value(Value::Integer(i)) => *i < 0,
            Expr::Value(Value::Float(f)) => f.is_finite() && f.is_sign_negative(),
            _ => false,
        }
    }

    /// The expression's direct parts.
    pub fn children(&self) -> Vec<&Expr> {
        match self {
            Expr::Binary(_, a, b) => vec![a, b],
            Expr::Not(a) | Expr::Negate(a) | Expr::IsNull(a, _) | Expr::Component(a, _) => vec![a],
            Expr::List(items) | Expr::Call(_, items) => items.iter().collect(),
            Expr::Map(entries) => entries.iter().map(|(_, v)| v).collect(),
            _ => Vec::new(),
        }
    }

    /// Calls `f` on this expression and every part of it, parents first.
    pub fn walk(&self, f: &mut dyn FnMut(&Expr)) {
        f(self);
        for c in self.children() {
            c.walk(f);
        }
    }

    /// Whether some part satisfies `test`.
    pub fn any(&self, test: &dyn Fn(&Expr) -> bool) -> bool {
        test(self) || self.children().into_iter().any(|c| c.any(test))
    }

    /// Whether it names `p` (the MATCH must then bind it).
    pub fn uses_path(&self) -> bool {
        self.any(&|e| matches!(e, Expr::Path))
    }

    /// The value when nothing is read from the graph (see [`Constant`]).
    /// Arithmetic follows docs/spec/semantics.md and scenario-format.md:
    /// integers overflow with an error, an integer divisor of zero is an
    /// error for `/` and `%`, floats follow IEEE 754, `^` is always a float.
    pub fn constant(&self) -> Constant {
        match self {
            Expr::Value(v) => Constant::Value(v.clone()),
            Expr::List(items) => match fold_all(items.iter()) {
                Ok(values) => Constant::Value(Value::List(values)),
                Err(c) => c,
            },
            Expr::Map(entries) => match fold_all(entries.iter().map(|(_, v)| v)) {
                Ok(values) => Constant::Value(Value::Map(
                    entries.iter().map(|(k, _)| k.clone()).zip(values).collect(),
                )),
                Err(c) => c,
            },
            Expr::Negate(a) => match a.constant() {
                Constant::Value(Value::Integer(i)) => i
                    .checked_neg()
                    .map_or(Constant::Fails(Fault::Overflow), |n| {
                        Constant::Value(Value::Integer(n))
                    }),
                Constant::Value(Value::Float(f)) => Constant::Value(Value::Float(-f)),
                Constant::Value(Value::Null) => Constant::Value(Value::Null),
                Constant::Fails(f) => Constant::Fails(f),
                _ => Constant::Unknown,
            },
            Expr::Binary(op, a, b) if ARITHMETIC.contains(op) => match (a.constant(), b.constant())
            {
                (Constant::Fails(f), _) | (_, Constant::Fails(f)) => Constant::Fails(f),
                (Constant::Value(x), Constant::Value(y)) => arithmetic(*op, &x, &y),
                _ => Constant::Unknown,
            },
            _ => Constant::Unknown,
        }
    }

    /// The value's type when the form tells it: literals, elements, folded
    /// arithmetic, predicates (boolean, possibly null). Properties and the
    /// unwound values have none.
    pub fn ty(&self) -> Option<ExprType> {
        match self {
            Expr::Value(v) => Some(ExprType::of(v)),
            Expr::Property(..) | Expr::Unwound | Expr::Derived => None,
            Expr::Element(Var::Node(_) | Var::OptionalNode) => Some(ExprType::Node),
            Expr::Element(Var::Rel(_) | Var::OptionalRel) => Some(ExprType::Relationship),
            Expr::Path => Some(ExprType::Path),
            Expr::Binary(op, a, b) if ARITHMETIC.contains(op) => match self.constant() {
                Constant::Value(v) => Some(ExprType::of(&v)),
                _ => match (a.ty(), b.ty()) {
                    (Some(x), Some(y)) if x.is_number() && y.is_number() => Some(
                        if x == ExprType::Integer
                            && y == ExprType::Integer
                            && *op != BinaryOp::Power
                        {
                            ExprType::Integer
                        } else {
                            ExprType::Float
                        },
                    ),
                    _ => None,
                },
            },
            Expr::Negate(a) => a.ty().filter(|t| t.is_number()),
            Expr::Binary(..) | Expr::Not(_) | Expr::IsNull(..) => Some(ExprType::Boolean),
            Expr::List(_) => Some(ExprType::List),
            Expr::Map(_) => Some(ExprType::Map),
            Expr::Call(f, args) => call_type(*f, args),
            Expr::Component(_, name) => Some(if matches!(name.as_str(), "timezone" | "offset") {
                ExprType::String
            } else {
                ExprType::Integer
            }),
        }
    }

    /// Whether evaluating it can fail at run time: foreseen overflow or
    /// division by zero, arithmetic on values of unknown or non-numeric
    /// type, a connective or `NOT` on something that may not be a truth
    /// value, `IN` on something that may not be a list.
    pub fn may_fail(&self) -> bool {
        let truthy = |e: &Expr| matches!(e.ty(), Some(ExprType::Boolean | ExprType::Null));
        let own = match self {
            Expr::Binary(op, ..) if ARITHMETIC.contains(op) => {
                !matches!(self.constant(), Constant::Value(_))
            }
            Expr::Negate(_) => !matches!(self.constant(), Constant::Value(_)),
            Expr::Binary(op, a, b) if CONNECTIVES.contains(op) => !truthy(a) || !truthy(b),
            Expr::Not(a) => !truthy(a),
            Expr::Binary(BinaryOp::In, _, b) => {
                !matches!(b.ty(), Some(ExprType::List | ExprType::Null))
            }
            Expr::Call(f, args) => call_may_fail(*f, args),
            // Durations' nanoseconds may not fit an integer.
            Expr::Component(a, _) => a.ty() == Some(ExprType::Duration),
            _ => false,
        };
        own || self.children().into_iter().any(Expr::may_fail)
    }

    /// Whether its value may be or contain a node, relationship or path
    /// (ORDER BY keeps those keys without SKIP or LIMIT).
    pub fn holds_entity(&self) -> bool {
        match self {
            Expr::Element(_) | Expr::Path => true,
            Expr::Binary(op, a, b) if ARITHMETIC.contains(op) => {
                a.holds_entity() || b.holds_entity()
            }
            Expr::Negate(a) => a.holds_entity(),
            Expr::List(items) => items.iter().any(Expr::holds_entity),
            Expr::Map(entries) => entries.iter().any(|(_, v)| v.holds_entity()),
            _ => false,
        }
    }

    /// Whether it reads a property or an element of the graph.
    pub fn reads_graph(&self) -> bool {
        self.any(&|e| matches!(e, Expr::Property(..) | Expr::Element(_) | Expr::Path))
    }

    /// Whether two rows can never give values that are equivalent but not
    /// the same (`0` and `0.0`, `[1]` and `[1.0]`): DISTINCT, grouping and
    /// an ORDER BY cut by SKIP or LIMIT would then keep one of them, which
    /// the specification leaves open. Constants, stored values (untied per
    /// key, [`crate::graph::untie`]), elements and truth values are safe;
    /// arithmetic on stored values is not. `x` is safe when
    /// `unwound_safe` (its list holds no two such values).
    pub fn tie_safe(&self, unwound_safe: bool) -> bool {
        if matches!(self.constant(), Constant::Value(_)) {
            return true;
        }
        match self {
            Expr::Value(_) | Expr::Property(..) | Expr::Element(_) | Expr::Path => true,
            Expr::Unwound => unwound_safe,
            Expr::Derived => false,
            Expr::Binary(op, ..) if !ARITHMETIC.contains(op) => true,
            Expr::Not(_) | Expr::IsNull(..) => true,
            Expr::Binary(..) | Expr::Negate(_) => {
                unwound_safe && !self.reads_graph() && !self.any(&|e| *e == Expr::Derived)
            }
            Expr::List(items) => items.iter().all(|e| e.tie_safe(unwound_safe)),
            Expr::Map(entries) => entries.iter().all(|(_, v)| v.tie_safe(unwound_safe)),
            // Integers, strings and truth values are equivalent only when
            // equal; components are integers or strings.
            Expr::Component(..) => true,
            Expr::Call(f, args) => match f {
                Function::Abs
                | Function::Ceil
                | Function::Floor
                | Function::Round
                | Function::ToFloatOrNull
                | Function::ToFloatList => false,
                Function::Reverse | Function::Tail | Function::NullIf => {
                    args.first().is_none_or(|a| a.tie_safe(unwound_safe))
                }
                _ => true,
            },
        }
    }
}

/// The type of a call's value when its form tells it (it may also be null
/// for a null argument, as a predicate's may).
fn call_type(f: Function, args: &[Expr]) -> Option<ExprType> {
    use Function as F;
    Some(match f {
        F::Btrim
        | F::Ltrim
        | F::Rtrim
        | F::Trim
        | F::Left
        | F::Right
        | F::Lower
        | F::Upper
        | F::Replace
        | F::Substring => ExprType::String,
        F::Reverse => return args.first().and_then(Expr::ty),
        F::CharLength | F::CharacterLength | F::Sign => ExprType::Integer,
        F::Ceil | F::Floor | F::Round => ExprType::Float,
        F::Abs => return args.first().and_then(Expr::ty).filter(|t| t.is_number()),
        F::IsNaN | F::IsEmpty => ExprType::Boolean,
        F::Range
        | F::Split
        | F::Tail
        | F::ToBooleanList
        | F::ToFloatList
        | F::ToIntegerList
        | F::ToStringList => ExprType::List,
        F::DurationBetween | F::DurationInMonths | F::DurationInDays | F::DurationInSeconds => {
            ExprType::Duration
        }
        F::DateTransaction => ExprType::Date,
        F::LocalDateTimeTransaction => ExprType::LocalDateTime,
        F::TransactionTime => ExprType::DateTime,
        _ => return None,
    })
}

/// Whether a call may fail on its own: an argument whose form does not
/// tell it has the type the function takes, a count that may be negative,
/// a range step that may be 0 or a range that may be too long.
fn call_may_fail(f: Function, args: &[Expr]) -> bool {
    use Function as F;
    let is = |i: usize, types: &[ExprType]| {
        args.get(i)
            .and_then(Expr::ty)
            .is_some_and(|t| t == ExprType::Null || types.contains(&t))
    };
    let text = [ExprType::String];
    let number = [ExprType::Integer, ExprType::Float];
    let count = |i: usize| {
        args.get(i).is_none_or(|a| {
            matches!(a.constant(), Constant::Value(Value::Integer(n)) if (0..=1000).contains(&n))
        })
    };
    let all = |types: &[ExprType]| (0..args.len()).all(|i| is(i, types));
    !match f {
        F::Btrim | F::Ltrim | F::Rtrim | F::Trim | F::Lower | F::Upper | F::Replace => all(&text),
        F::CharLength | F::CharacterLength => all(&text),
        F::Left | F::Right => is(0, &text) && count(1),
        F::Substring => is(0, &text) && count(1) && count(2),
        F::Split => is(0, &text) && is(1, &[ExprType::String, ExprType::List]),
        F::Reverse => is(0, &[ExprType::String, ExprType::List]),
        F::Tail => is(0, &[ExprType::List]),
        F::IsEmpty => is(0, &[ExprType::String, ExprType::List, ExprType::Map]),
        F::Ceil | F::Floor | F::Round | F::Sign | F::IsNaN => all(&number),
        // abs() of the smallest integer overflows.
        F::Abs => {
            is(0, &[ExprType::Float])
                || matches!(args.first().map(Expr::constant),
                    Some(Constant::Value(Value::Integer(n))) if n != i64::MIN)
        }
        F::ToBooleanList | F::ToFloatList | F::ToIntegerList | F::ToStringList => {
            is(0, &[ExprType::List])
        }
        F::DurationBetween | F::DurationInMonths | F::DurationInDays | F::DurationInSeconds => {
            let instants = [ExprType::Date, ExprType::LocalDateTime, ExprType::DateTime];
            is(0, &instants) && is(1, &instants)
        }
        F::Range => {
            let small = |i: usize| {
                args.get(i).is_none_or(|a| {
                    matches!(a.constant(), Constant::Value(Value::Integer(n)) if n.unsigned_abs() <= 1000)
                })
            };
            let step_not_zero = args.get(2).is_none_or(
                |a| matches!(a.constant(), Constant::Value(Value::Integer(n)) if n != 0),
            );
            small(0) && small(1) && step_not_zero
        }
        F::NullIf
        | F::ToBooleanOrNull
        | F::ToFloatOrNull
        | F::ToIntegerOrNull
        | F::ToStringOrNull
        | F::DateTransaction
        | F::LocalDateTimeTransaction
        | F::TransactionTime => true,
        _ => false,
    }
}

/// `[a, b, ...]`.
pub fn list_text(items: &[Expr]) -> String {
    let parts: Vec<String> = items.iter().map(Expr::element_text).collect();
    format!("[{}]", parts.join(", "))
}

/// The folded values of `items`, or the first failure, or `Unknown`.
fn fold_all<'a>(items: impl Iterator<Item = &'a Expr>) -> Result<Vec<Value>, Constant> {
    let mut values = Vec::new();
    let mut unknown = false;
    for item in items {
        match item.constant() {
            Constant::Value(v) => values.push(v),
            Constant::Fails(f) if !unknown => return Err(Constant::Fails(f)),
            _ => unknown = true,
        }
    }
    if unknown {
        Err(Constant::Unknown)
    } else {
        Ok(values)
    }
}

fn arithmetic(op: BinaryOp, x: &Value, y: &Value) -> Constant {
    let integer = |r: Option<i64>| {
        r.map_or(Constant::Fails(Fault::Overflow), |i| {
            Constant::Value(Value::Integer(i))
        })
    };
    let text = |v: &Value| match v {
        Value::Integer(_) | Value::Float(_) | Value::Boolean(_) | Value::String(_) => {
            v.to_cypher_string()
        }
        _ => None,
    };
    match (x, y) {
        (Value::Null, _) | (_, Value::Null) => Constant::Value(Value::Null),
        // Concatenation with a string uses the other operand's toString()
        // (docs/spec/semantics.md section 11).
        (Value::String(_), _) | (_, Value::String(_)) if op == BinaryOp::Add => {
            match (text(x), text(y)) {
                (Some(a), Some(b)) => Constant::Value(Value::String(a + &b)),
                _ => Constant::Unknown,
            }
        }
        (Value::Integer(a), Value::Integer(b)) => match op {
            BinaryOp::Add => integer(a.checked_add(*b)),
            BinaryOp::Subtract => integer(a.checked_sub(*b)),
            BinaryOp::Multiply => integer(a.checked_mul(*b)),
            BinaryOp::Divide | BinaryOp::Modulo if *b == 0 => {
                Constant::Fails(Fault::DivisionByZero)
            }
            BinaryOp::Divide => integer(a.checked_div(*b)),
            BinaryOp::Modulo => integer(a.checked_rem(*b)),
            _ => Constant::Value(Value::Float((*a as f64).powf(*b as f64))),
        },
        _ => match (number(x), number(y)) {
            (Some(a), Some(b)) => Constant::Value(Value::Float(match op {
                BinaryOp::Add => a + b,
                BinaryOp::Subtract => a - b,
                BinaryOp::Multiply => a * b,
                BinaryOp::Divide => a / b,
                BinaryOp::Modulo => a % b,
                _ => a.powf(b),
            })),
            _ => Constant::Unknown,
        },
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// The values no literal spells.

/// `0.0 / 0.0`: NaN.
fn nan() -> Expr {
    Expr::binary(BinaryOp::Divide, Expr::float(0.0), Expr::float(0.0))
}

/// `9223372036854775807`.
fn max() -> Expr {
    Expr::int(i64::MAX)
}

/// `-9223372036854775807 - 1`: the least integer, by arithmetic.
fn min() -> Expr {
    Expr::binary(BinaryOp::Subtract, Expr::int(-i64::MAX), Expr::int(1))
}

/// The floats no literal spells, and `-0.0`, as queries write them, NaN
/// (the simplest choice) first: `0.0 / 0.0`, `1.0 / 0.0`, `-1.0 / 0.0`,
/// `-0.0`, and `1.0 % 0.0` (NaN: float modulo by zero is no error).
pub fn float_specials() -> Vec<Expr> {
    vec![
        nan(),
        Expr::binary(BinaryOp::Divide, Expr::float(1.0), Expr::float(0.0)),
        Expr::binary(BinaryOp::Divide, Expr::float(-1.0), Expr::float(0.0)),
        Expr::float(-0.0),
        Expr::binary(BinaryOp::Modulo, Expr::float(1.0), Expr::float(0.0)),
    ]
}
const FLOAT_SPECIAL_WEIGHTS: [u32; 5] = [3, 2, 2, 2, 1];

/// The integers at and next to the limits: `9223372036854775807`,
/// `-9223372036854775807 - 1`, `-9223372036854775808`,
/// `9223372036854775806`, `-9223372036854775807`.
pub fn integer_specials() -> Vec<Expr> {
    vec![
        max(),
        min(),
        Expr::int(i64::MIN),
        Expr::int(i64::MAX - 1),
        Expr::int(-i64::MAX),
    ]
}
const INTEGER_SPECIAL_WEIGHTS: [u32; 5] = [2, 2, 1, 1, 1];

/// Integer expressions that fail: `9223372036854775807 + 1`,
/// `-9223372036854775807 - 2`, `9223372036854775807 * 2`,
/// `-(-9223372036854775807 - 1)`, `(-9223372036854775807 - 1) / -1`
/// (overflow, 22003), `1 / 0` and `1 % 0` (division by zero, 22012).
pub fn failing_specials() -> Vec<Expr> {
    vec![
        Expr::binary(BinaryOp::Add, max(), Expr::int(1)),
        Expr::binary(BinaryOp::Subtract, Expr::int(-i64::MAX), Expr::int(2)),
        Expr::binary(BinaryOp::Multiply, max(), Expr::int(2)),
        Expr::Negate(Box::new(min())),
        Expr::binary(BinaryOp::Divide, min(), Expr::int(-1)),
        Expr::binary(BinaryOp::Divide, Expr::int(1), Expr::int(0)),
        Expr::binary(BinaryOp::Modulo, Expr::int(1), Expr::int(0)),
    ]
}

fn float_special(u: &mut Unstructured<'_>) -> Expr {
    let i = weighted(u, &FLOAT_SPECIAL_WEIGHTS);
    float_specials().into_iter().nth(i).unwrap_or_else(nan)
}

fn integer_special(u: &mut Unstructured<'_>) -> Expr {
    let i = weighted(u, &INTEGER_SPECIAL_WEIGHTS);
    integer_specials().into_iter().nth(i).unwrap_or_else(max)
}

/// A float or integer at a boundary, floats (NaN) first.
fn special(u: &mut Unstructured<'_>) -> Expr {
    if weighted(u, &[3, 2]) == 0 {
        float_special(u)
    } else {
        integer_special(u)
    }
}

/// An integer expression that overflows or divides by zero.
fn failing_special(u: &mut Unstructured<'_>) -> Expr {
    let all = failing_specials();
    let i = pick(u, all.len());
    all.into_iter().nth(i).unwrap_or_else(max)
}

// ---------------------------------------------------------------------------
// Drawing expressions.

/// What an expression may name, and whether the one expression a query may
/// hold that can fail at run time is still to be placed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cx {
    /// Node variables in scope.
    pub nodes: Vec<Var>,
    /// Relationship variables in scope.
    pub rels: Vec<Var>,
    /// `p` may be named (the MATCH binds it when it is).
    pub path: bool,
    /// `x` is in scope.
    pub unwound: bool,
    /// `y` is in scope.
    pub derived: bool,
    /// A failing expression may still be placed (one per query).
    pub risky: bool,
}

/// Map keys of generated maps.
const MAP_KEYS: [&str; 2] = ["a", "b"];

/// Literal types, integers (the simplest) first, and their weights.
const LITERAL_TYPES: [ExprType; 11] = [
    ExprType::Integer,
    ExprType::Null,
    ExprType::Boolean,
    ExprType::Float,
    ExprType::String,
    ExprType::List,
    ExprType::Map,
    ExprType::Date,
    ExprType::DateTime,
    ExprType::LocalDateTime,
    ExprType::Duration,
];
const LITERAL_WEIGHTS: [u32; 11] = [3, 2, 2, 3, 3, 3, 2, 2, 2, 2, 2];

impl Cx {
    fn any_var(&self) -> Vec<Var> {
        let mut vars = self.nodes.clone();
        vars.extend(self.rels.iter().copied());
        vars
    }

    /// Takes the failing-expression budget: true at most once per query,
    /// and only on a drawn chance, so the failing part lands anywhere.
    fn take_risk(&mut self, u: &mut Unstructured<'_>) -> bool {
        if self.risky && flag(u, 70) {
            self.risky = false;
            return true;
        }
        false
    }
}

fn key(u: &mut Unstructured<'_>) -> String {
    crate::query::key(u)
}

/// A literal of type `ty` (elements fall back to null).
fn literal_of(u: &mut Unstructured<'_>, ty: ExprType) -> Value {
    match ty {
        ExprType::Null | ExprType::Node | ExprType::Relationship | ExprType::Path => Value::Null,
        ExprType::Boolean => scalar_of(u, Kind::Boolean),
        ExprType::Integer => scalar_of(u, Kind::Integer),
        ExprType::Float => scalar_of(u, Kind::Float),
        ExprType::String => scalar_of(u, Kind::String),
        ExprType::Date => scalar_of(u, Kind::Date),
        ExprType::DateTime => scalar_of(u, Kind::DateTime),
        ExprType::LocalDateTime => scalar_of(u, Kind::LocalDateTime),
        ExprType::Duration => scalar_of(u, Kind::Duration),
        ExprType::List => match weighted(u, &[3, 1, 1, 1, 1]) {
            // Homogeneous (maybe empty), empty, nested, mixed, with a null.
            0 => list(u),
            1 => Value::List(Vec::new()),
            2 => Value::List(vec![list(u), list(u)]),
            3 => Value::List(vec![scalar(u), scalar(u)]),
            _ => Value::List(vec![Value::Null, scalar(u)]),
        },
        ExprType::Map => {
            let mut map = BTreeMap::new();
            for k in MAP_KEYS.iter().take(pick(u, 3)) {
                let v = if flag(u, 20) { list(u) } else { scalar(u) };
                map.insert(k.to_string(), v);
            }
            Value::Map(map)
        }
    }
}

/// A node, relationship or path of the scope, or null when there is none.
fn element_of(u: &mut Unstructured<'_>, cx: &Cx, ty: ExprType) -> Expr {
    let vars = match ty {
        ExprType::Node => cx.nodes.clone(),
        ExprType::Relationship => cx.rels.clone(),
        ExprType::Path if cx.path => return Expr::Path,
        _ => Vec::new(),
    };
    one(u, &vars)
        .map(|v| Expr::Element(*v))
        .unwrap_or(Expr::Value(Value::Null))
}

/// A value of type `ty`: a literal, a boundary number, or an element.
fn typed(u: &mut Unstructured<'_>, cx: &Cx, ty: ExprType) -> Expr {
    match ty {
        ExprType::Node | ExprType::Relationship | ExprType::Path => element_of(u, cx, ty),
        ExprType::Float if flag(u, 50) => float_special(u),
        ExprType::Integer if flag(u, 30) => integer_special(u),
        _ => Expr::Value(literal_of(u, ty)),
    }
}

/// A value of any of the fourteen types, each equally likely, or a
/// stored value.
fn any_typed(u: &mut Unstructured<'_>, cx: &Cx) -> Expr {
    let vars = cx.any_var();
    match ExprType::ALL.get(pick(u, ExprType::ALL.len() + 1)) {
        Some(ty) => typed(u, cx, *ty),
        None if !vars.is_empty() => {
            let v = one(u, &vars).copied().unwrap_or(Var::Node(0));
            Expr::Property(v, key(u))
        }
        None => Expr::Value(Value::Null),
    }
}

/// A value of the same type as `e` when its form tells it (numbers of
/// either kind for a number, so NaN meets integers); for a stored value,
/// a constant of a stored kind or a boundary number.
fn like(u: &mut Unstructured<'_>, cx: &Cx, e: &Expr) -> Expr {
    match e.ty() {
        Some(ExprType::Integer | ExprType::Float) => match pick(u, 3) {
            0 => special(u),
            1 => typed(u, cx, ExprType::Integer),
            _ => typed(u, cx, ExprType::Float),
        },
        Some(ty) => typed(u, cx, ty),
        None => match weighted(u, &[3, 2, 1]) {
            0 => Expr::Value(scalar(u)),
            1 => special(u),
            _ => Expr::Value(list(u)),
        },
    }
}

/// A number for arithmetic that cannot fail: a boundary number, a
/// literal, or a float literal negated at run time (`-(0.0)` is `-0.0`).
fn number_operand(u: &mut Unstructured<'_>) -> Expr {
    match weighted(u, &[2, 2, 2, 1]) {
        0 => special(u),
        1 => Expr::Value(scalar_of(u, Kind::Integer)),
        2 => Expr::Value(scalar_of(u, Kind::Float)),
        _ => Expr::Negate(Box::new(Expr::Value(scalar_of(u, Kind::Float)))),
    }
}

/// `e` as a float, for an integer operand that would make arithmetic fail.
fn as_float(e: Expr) -> Expr {
    match e.constant() {
        Constant::Value(Value::Integer(i)) => Expr::float(i as f64),
        _ => e,
    }
}

/// Arithmetic on numbers that does not fail: where integers would overflow
/// or divide by zero, the right operand becomes a float (`1 / 0.0` is
/// infinity, `9223372036854775807 + 1.0` a float). Sometimes a number is
/// concatenated to `''`, which shows what answers cannot (`-0.0` and `0.0`
/// compare equal, their strings do not).
fn safe_arithmetic(u: &mut Unstructured<'_>) -> Expr {
    if flag(u, 15) {
        let shown = if flag(u, 50) {
            safe_arithmetic(u)
        } else {
            number_operand(u)
        };
        return Expr::binary(
            BinaryOp::Add,
            Expr::Value(Value::String(String::new())),
            shown,
        );
    }
    if flag(u, 10) {
        let a = number_operand(u);
        let negated = Expr::Negate(Box::new(a.clone()));
        return if matches!(negated.constant(), Constant::Fails(_)) {
            Expr::Negate(Box::new(as_float(a)))
        } else {
            negated
        };
    }
    let op = one(u, &ARITHMETIC).copied().unwrap_or(BinaryOp::Add);
    let a = number_operand(u);
    let b = number_operand(u);
    let e = Expr::binary(op, a.clone(), b.clone());
    if matches!(e.constant(), Constant::Fails(_)) {
        Expr::binary(op, a, as_float(b))
    } else {
        e
    }
}

/// An expression that may fail at run time (one per query at most): an
/// overflow or division by zero, arithmetic on a stored value, arithmetic
/// or a connective on values of any type, `IN` on a non-list.
fn risky(u: &mut Unstructured<'_>, cx: &mut Cx) -> Expr {
    let vars = cx.any_var();
    match weighted(u, &[3, 2, 3, 3, 1]) {
        0 => failing_special(u),
        1 if !vars.is_empty() => {
            let v = one(u, &vars).copied().unwrap_or(Var::Node(0));
            let p = Expr::Property(v, key(u));
            match pick(u, 3) {
                0 => Expr::Negate(Box::new(p)),
                1 => {
                    let op = one(u, &ARITHMETIC).copied().unwrap_or(BinaryOp::Add);
                    Expr::binary(op, p, number_operand(u))
                }
                _ => {
                    let op = one(u, &ARITHMETIC).copied().unwrap_or(BinaryOp::Add);
                    Expr::binary(op, number_operand(u), p)
                }
            }
        }
        1 => failing_special(u),
        2 => {
            let op = one(u, &ARITHMETIC).copied().unwrap_or(BinaryOp::Add);
            let a = any_typed(u, cx);
            Expr::binary(op, a, any_typed(u, cx))
        }
        3 => {
            if flag(u, 25) {
                Expr::Not(Box::new(any_typed(u, cx)))
            } else {
                let op = one(u, &CONNECTIVES).copied().unwrap_or(BinaryOp::And);
                let a = any_typed(u, cx);
                Expr::binary(op, a, any_typed(u, cx))
            }
        }
        _ => {
            let a = any_typed(u, cx);
            Expr::binary(BinaryOp::In, a, any_typed(u, cx))
        }
    }
}

/// Short strings for the second argument of the trim functions, `split`'s
/// delimiters and `replace`'s search and replacement.
const PIECES: [&str; 7] = ["", " ", "a", "A", ",", "é", "ab"];

/// The components of dates, the clock components local and zoned
/// datetimes add, the zone components, and durations' components (Cypher
/// Manual, values-and-types/temporal), some in another case: names match
/// case-insensitively.
const DATE_FIELDS: [&str; 12] = [
    "year",
    "quarter",
    "month",
    "week",
    "weekYear",
    "day",
    "ordinalDay",
    "dayOfWeek",
    "dayOfQuarter",
    "weekDay",
    "quarterDay",
    "YEAR",
];
const CLOCK_FIELDS: [&str; 6] = [
    "hour",
    "minute",
    "second",
    "millisecond",
    "microsecond",
    "nanosecond",
];
const ZONE_FIELDS: [&str; 6] = [
    "timezone",
    "offset",
    "offsetMinutes",
    "offsetSeconds",
    "epochSeconds",
    "epochMillis",
];
const DURATION_FIELDS: [&str; 20] = [
    "years",
    "quarters",
    "months",
    "quartersOfYear",
    "monthsOfYear",
    "monthsOfQuarter",
    "weeks",
    "days",
    "daysOfWeek",
    "hours",
    "minutes",
    "seconds",
    "milliseconds",
    "microseconds",
    "nanoseconds",
    "minutesOfHour",
    "secondsOfMinute",
    "millisecondsOfSecond",
    "microsecondsOfSecond",
    "nanosecondsOfSecond",
];

fn piece(u: &mut Unstructured<'_>) -> Expr {
    Expr::Value(Value::String(
        one(u, &PIECES).copied().unwrap_or("").to_string(),
    ))
}

/// A small integer from `low` to `high`.
fn small(u: &mut Unstructured<'_>, low: i64, high: i64) -> Expr {
    Expr::int(u.int_in_range(low..=high).unwrap_or(low))
}

/// A string argument: a literal, sometimes a call giving a string.
fn text_arg(u: &mut Unstructured<'_>, cx: &mut Cx, depth: u8) -> Expr {
    if depth > 0 && flag(u, 25) {
        string_call(u, cx, depth - 1)
    } else {
        typed(u, cx, ExprType::String)
    }
}

/// A call of a function that takes and gives strings.
fn string_call(u: &mut Unstructured<'_>, cx: &mut Cx, depth: u8) -> Expr {
    let s = text_arg(u, cx, depth);
    let f = match pick(u, 9) {
        0 => Function::Btrim,
        1 => Function::Ltrim,
        2 => Function::Rtrim,
        3 => Function::Trim,
        4 => Function::Lower,
        5 => Function::Upper,
        6 => Function::Reverse,
        7 => Function::Left,
        _ => Function::Right,
    };
    let args = match f {
        Function::Btrim | Function::Ltrim | Function::Rtrim if flag(u, 50) => vec![s, piece(u)],
        Function::Left | Function::Right => vec![s, small(u, 0, 4)],
        _ => vec![s],
    };
    Expr::Call(f, args)
}

/// A temporal value and one of its components.
fn component(u: &mut Unstructured<'_>) -> Expr {
    let (value, fields): (Expr, Vec<&str>) = match pick(u, 5) {
        0 => (Expr::Value(scalar_of(u, Kind::Date)), DATE_FIELDS.to_vec()),
        1 => (
            Expr::Value(scalar_of(u, Kind::LocalDateTime)),
            [&DATE_FIELDS[..], &CLOCK_FIELDS[..]].concat(),
        ),
        2 => (
            Expr::Value(scalar_of(u, Kind::DateTime)),
            [&DATE_FIELDS[..], &CLOCK_FIELDS[..], &ZONE_FIELDS[..]].concat(),
        ),
        3 => (
            Expr::Value(scalar_of(u, Kind::Duration)),
            DURATION_FIELDS.to_vec(),
        ),
        _ => match pick(u, 3) {
            0 => (
                Expr::Call(Function::DateTransaction, Vec::new()),
                DATE_FIELDS.to_vec(),
            ),
            1 => (
                Expr::Call(Function::LocalDateTimeTransaction, Vec::new()),
                [&DATE_FIELDS[..], &CLOCK_FIELDS[..]].concat(),
            ),
            _ => (
                Expr::Call(Function::TransactionTime, Vec::new()),
                [&DATE_FIELDS[..], &CLOCK_FIELDS[..], &ZONE_FIELDS[..]].concat(),
            ),
        },
    };
    let field = one(u, &fields).copied().unwrap_or("year").to_string();
    Expr::Component(Box::new(value), field)
}

/// A call that fails (one per query at most): a zero range step, a
/// negative count, a range over the limit, a component the value lacks,
/// or a function given a value of any type.
fn failing_call(u: &mut Unstructured<'_>, cx: &mut Cx) -> Expr {
    match pick(u, 6) {
        0 => Expr::Call(
            Function::Range,
            vec![small(u, -3, 3), small(u, -3, 3), Expr::int(0)],
        ),
        1 => Expr::Call(
            Function::Left,
            vec![typed(u, cx, ExprType::String), small(u, -3, -1)],
        ),
        2 => Expr::Call(
            Function::Range,
            vec![Expr::int(i64::MIN), Expr::int(i64::MAX)],
        ),
        3 => Expr::Component(
            Box::new(Expr::Value(scalar_of(u, Kind::Date))),
            one(u, &CLOCK_FIELDS).copied().unwrap_or("hour").to_string(),
        ),
        4 => {
            let f = one(
                u,
                &[
                    Function::Abs,
                    Function::Round,
                    Function::Sign,
                    Function::IsNaN,
                    Function::Upper,
                    Function::Btrim,
                    Function::Tail,
                    Function::IsEmpty,
                    Function::CharLength,
                    Function::ToStringList,
                ],
            )
            .copied()
            .unwrap_or(Function::Abs);
            Expr::Call(f, vec![any_typed(u, cx)])
        }
        _ => Expr::Call(
            Function::Substring,
            vec![
                typed(u, cx, ExprType::String),
                small(u, -2, 2),
                small(u, -2, 2),
            ],
        ),
    }
}

/// A call of an allow-list function with arguments of the types it takes
/// (so that it succeeds), or a temporal component.
pub(crate) fn call(u: &mut Unstructured<'_>, cx: &mut Cx, depth: u8) -> Expr {
    if cx.take_risk(u) {
        return failing_call(u, cx);
    }
    let sub = depth.saturating_sub(1);
    match weighted(u, &[4, 2, 2, 2, 1, 4, 2, 2, 2, 3, 2, 2, 5, 2]) {
        0 => string_call(u, cx, depth),
        1 => {
            let s = text_arg(u, cx, sub);
            let start = small(u, 0, 4);
            let mut args = vec![s, start];
            if flag(u, 50) {
                args.push(small(u, 0, 4));
            }
            Expr::Call(Function::Substring, args)
        }
        2 => {
            let s = text_arg(u, cx, sub);
            Expr::Call(Function::Replace, vec![s, piece(u), piece(u)])
        }
        3 => {
            let s = text_arg(u, cx, sub);
            let d = if flag(u, 30) {
                Expr::List(vec![piece(u), piece(u)])
            } else {
                piece(u)
            };
            Expr::Call(Function::Split, vec![s, d])
        }
        4 => {
            let f = if flag(u, 50) {
                Function::CharLength
            } else {
                Function::CharacterLength
            };
            Expr::Call(f, vec![text_arg(u, cx, sub)])
        }
        5 => {
            let f = one(
                u,
                &[
                    Function::Abs,
                    Function::Ceil,
                    Function::Floor,
                    Function::Round,
                    Function::Sign,
                    Function::IsNaN,
                ],
            )
            .copied()
            .unwrap_or(Function::Abs);
            let mut n = number_operand(u);
            // abs() of the smallest integer overflows.
            if f == Function::Abs && n.constant() == Constant::Value(Value::Integer(i64::MIN)) {
                n = as_float(n);
            }
            Expr::Call(f, vec![n])
        }
        6 => {
            let mut args = vec![small(u, -5, 5), small(u, -5, 8)];
            if flag(u, 50) {
                let step = if flag(u, 50) {
                    small(u, 1, 3)
                } else {
                    small(u, -3, -1)
                };
                args.push(step);
            }
            Expr::Call(Function::Range, args)
        }
        7 => {
            let f = if flag(u, 50) {
                Function::Reverse
            } else {
                Function::Tail
            };
            Expr::Call(f, vec![Expr::Value(literal_of(u, ExprType::List))])
        }
        8 => {
            let f = one(
                u,
                &[
                    Function::ToBooleanList,
                    Function::ToFloatList,
                    Function::ToIntegerList,
                    Function::ToStringList,
                ],
            )
            .copied()
            .unwrap_or(Function::ToStringList);
            let items = (0..pick(u, 4)).map(|_| operand(u, cx, 0)).collect();
            Expr::Call(f, vec![Expr::List(items)])
        }
        9 => {
            let f = one(
                u,
                &[
                    Function::ToBooleanOrNull,
                    Function::ToFloatOrNull,
                    Function::ToIntegerOrNull,
                    Function::ToStringOrNull,
                ],
            )
            .copied()
            .unwrap_or(Function::ToStringOrNull);
            Expr::Call(f, vec![operand(u, cx, sub)])
        }
        10 => {
            let a = operand(u, cx, sub);
            let b = if flag(u, 50) {
                a.clone()
            } else {
                like(u, cx, &a)
            };
            Expr::Call(Function::NullIf, vec![a, b])
        }
        11 => {
            let ty = one(u, &[ExprType::String, ExprType::List, ExprType::Map])
                .copied()
                .unwrap_or(ExprType::String);
            Expr::Call(Function::IsEmpty, vec![Expr::Value(literal_of(u, ty))])
        }
        12 => component(u),
        _ => {
            let f = one(
                u,
                &[
                    Function::DurationBetween,
                    Function::DurationInMonths,
                    Function::DurationInDays,
                    Function::DurationInSeconds,
                ],
            )
            .copied()
            .unwrap_or(Function::DurationBetween);
            let instant = |u: &mut Unstructured<'_>| {
                let kind = one(u, &[Kind::Date, Kind::LocalDateTime, Kind::DateTime])
                    .copied()
                    .unwrap_or(Kind::Date);
                Expr::Value(scalar_of(u, kind))
            };
            let from = instant(u);
            let to = instant(u);
            Expr::Call(f, vec![from, to])
        }
    }
}

/// A value: a stored one, a literal of any type, a boundary number, an
/// element, `x` or `y`, and with `depth` left, arithmetic, lists and maps
/// of values, and function calls.
pub(crate) fn operand(u: &mut Unstructured<'_>, cx: &mut Cx, depth: u8) -> Expr {
    if cx.take_risk(u) {
        return risky(u, cx);
    }
    let vars = cx.any_var();
    let has_vars = u32::from(!vars.is_empty());
    let elements = u32::from(!vars.is_empty() || cx.path);
    let nested = u32::from(depth > 0);
    let weights = [
        4 * has_vars,
        4,
        3,
        2 * elements,
        6 * u32::from(cx.unwound),
        2 * u32::from(cx.derived),
        2 * nested,
        nested,
        nested,
        3,
    ];
    match weighted(u, &weights) {
        0 => {
            let v = one(u, &vars).copied().unwrap_or(Var::Node(0));
            Expr::Property(v, key(u))
        }
        1 => {
            let ty = LITERAL_TYPES
                .get(weighted(u, &LITERAL_WEIGHTS))
                .copied()
                .unwrap_or(ExprType::Integer);
            Expr::Value(literal_of(u, ty))
        }
        2 => special(u),
        3 => {
            let ty = one(u, &[ExprType::Node, ExprType::Relationship, ExprType::Path])
                .copied()
                .unwrap_or(ExprType::Node);
            element_of(u, cx, ty)
        }
        4 => Expr::Unwound,
        5 => Expr::Derived,
        6 => safe_arithmetic(u),
        7 => {
            let len = pick(u, 4);
            Expr::List(
                (0..len)
                    .map(|_| operand(u, cx, depth.saturating_sub(1)))
                    .collect(),
            )
        }
        9 => call(u, cx, depth.saturating_sub(1)),
        _ => {
            let len = 1 + pick(u, MAP_KEYS.len());
            Expr::Map(
                MAP_KEYS
                    .iter()
                    .take(len)
                    .map(|k| (k.to_string(), operand(u, cx, depth.saturating_sub(1))))
                    .collect(),
            )
        }
    }
}

/// The right side of `IN`: a list of values like `a` (maybe empty), a
/// literal list, or null.
fn in_list(u: &mut Unstructured<'_>, cx: &mut Cx, a: &Expr) -> Expr {
    match weighted(u, &[4, 2, 1]) {
        0 => {
            let len = pick(u, 4);
            Expr::List(
                (0..len)
                    .map(|_| {
                        if flag(u, 70) {
                            like(u, cx, a)
                        } else {
                            operand(u, cx, 0)
                        }
                    })
                    .collect(),
            )
        }
        1 => Expr::Value(literal_of(u, ExprType::List)),
        _ => Expr::Value(Value::Null),
    }
}

/// A truth value (or null): comparisons of values of any types, `IN`, the
/// string predicates, `IS [NOT] NULL`, and with `depth` left, connectives
/// and `NOT` of predicates.
pub(crate) fn predicate(u: &mut Unstructured<'_>, cx: &mut Cx, depth: u8) -> Expr {
    let nested = u32::from(depth > 0);
    match weighted(u, &[6, 2, 2, 1, 2 * nested, nested, 1]) {
        0 => {
            let op = one(u, &COMPARISONS).copied().unwrap_or(BinaryOp::Equal);
            let a = operand(u, cx, depth);
            let b = if flag(u, 50) {
                like(u, cx, &a)
            } else {
                operand(u, cx, depth)
            };
            // Either side first, so every type meets every other on both.
            if flag(u, 30) {
                Expr::binary(op, b, a)
            } else {
                Expr::binary(op, a, b)
            }
        }
        1 => {
            let a = operand(u, cx, depth);
            let b = in_list(u, cx, &a);
            Expr::binary(BinaryOp::In, a, b)
        }
        2 => {
            let op = one(u, &TEXT).copied().unwrap_or(BinaryOp::StartsWith);
            let a = operand(u, cx, depth);
            let b = match weighted(u, &[2, 2, 1]) {
                0 => typed(u, cx, ExprType::String),
                1 => operand(u, cx, depth),
                _ => any_typed(u, cx),
            };
            if flag(u, 30) {
                Expr::binary(op, b, a)
            } else {
                Expr::binary(op, a, b)
            }
        }
        3 => Expr::IsNull(Box::new(operand(u, cx, depth)), flag(u, 50)),
        4 => {
            let op = one(u, &CONNECTIVES).copied().unwrap_or(BinaryOp::And);
            let a = predicate(u, cx, depth.saturating_sub(1));
            Expr::binary(op, a, predicate(u, cx, depth.saturating_sub(1)))
        }
        5 => Expr::Not(Box::new(predicate(u, cx, depth.saturating_sub(1)))),
        _ => {
            // The allow-list's predicates: isEmpty and isNaN.
            if flag(u, 50) {
                let ty = one(u, &[ExprType::String, ExprType::List, ExprType::Map])
                    .copied()
                    .unwrap_or(ExprType::String);
                Expr::Call(Function::IsEmpty, vec![Expr::Value(literal_of(u, ty))])
            } else {
                Expr::Call(Function::IsNaN, vec![number_operand(u)])
            }
        }
    }
}

/// An element of an UNWIND list: mostly boundary numbers and literals of
/// every type, sometimes any value.
pub(crate) fn unwind_element(u: &mut Unstructured<'_>, cx: &mut Cx) -> Expr {
    match weighted(u, &[4, 4, 2]) {
        0 => special(u),
        1 => {
            let ty = LITERAL_TYPES
                .get(weighted(u, &LITERAL_WEIGHTS))
                .copied()
                .unwrap_or(ExprType::Integer);
            Expr::Value(literal_of(u, ty))
        }
        _ => operand(u, cx, 1),
    }
}

/// Whether two values are written alike (integers never like floats, NaN
/// like NaN; `-0.0` like `0.0`, which engines' answers cannot tell apart).
fn same_spelling(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Value::List(xs), Value::List(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same_spelling(x, y))
        }
        (Value::Map(xs), Value::Map(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .zip(ys)
                    .all(|((k, x), (l, y))| k == l && same_spelling(x, y))
        }
        _ => a == b,
    }
}

/// Replaces each constant of `items` that is equivalent to an earlier one
/// but written differently (`0` after `0.0`) by a copy of the earlier one,
/// as [`crate::graph::untie`] does for stored values. Returns whether the
/// list is tie-free: false when an element is not constant and may tie
/// with another ([`Expr::tie_safe`]).
pub(crate) fn untie(items: &mut [Expr]) -> bool {
    let mut seen: Vec<(Value, Expr)> = Vec::new();
    let mut tie_free = true;
    for item in items.iter_mut() {
        match item.constant() {
            Constant::Value(v) => {
                let earlier = seen
                    .iter()
                    .find(|(w, _)| w.equivalent(&v) && !same_spelling(w, &v));
                match earlier {
                    Some((_, e)) => *item = e.clone(),
                    None => seen.push((v, item.clone())),
                }
            }
            _ => tie_free &= item.tie_safe(false) && !item.reads_graph_numbers(),
        }
    }
    tie_free
}

impl Expr {
    /// Whether a stored value may appear in its value as it is (a stored
    /// number beside constants can tie with one of them).
    fn reads_graph_numbers(&self) -> bool {
        match self {
            Expr::Property(..) => true,
            Expr::List(items) => items.iter().any(Expr::reads_graph_numbers),
            Expr::Map(entries) => entries.iter().any(|(_, v)| v.reads_graph_numbers()),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(e: &Expr) -> Value {
        match e.constant() {
            Constant::Value(v) => v,
            other => panic!("{} folds to {other:?}", e.text()),
        }
    }

    #[test]
    fn boundary_values_are_written_as_expressions() {
        assert_eq!(nan().text(), "0.0 / 0.0");
        assert_eq!(min().text(), "-9223372036854775807 - 1");
        assert_eq!(max().text(), "9223372036854775807");
        assert_eq!(Expr::float(-0.0).text(), "-0.0");
        let inf = Expr::binary(BinaryOp::Divide, Expr::float(-1.0), Expr::float(0.0));
        assert_eq!(inf.text(), "-1.0 / 0.0");
        // As operands they are parenthesised; negative numbers only on the right.
        let cmp = Expr::binary(BinaryOp::Greater, nan(), Expr::int(1));
        assert_eq!(cmp.text(), "(0.0 / 0.0) > 1");
        let neg = Expr::binary(BinaryOp::Divide, Expr::float(1.0), Expr::float(-0.0));
        assert_eq!(neg.text(), "1.0 / (-0.0)");
        assert_eq!(
            Expr::Negate(Box::new(min())).text(),
            "-(-9223372036854775807 - 1)"
        );
        assert_eq!(Expr::Negate(Box::new(Expr::float(0.0))).text(), "-(0.0)");
        let chained = Expr::binary(
            BinaryOp::Less,
            Expr::binary(BinaryOp::Less, Expr::int(1), Expr::int(2)),
            Expr::int(3),
        );
        assert_eq!(chained.text(), "(1 < 2) < 3");
    }

    #[test]
    fn folding_follows_ieee_and_checked_integers() {
        assert!(matches!(folded(&nan()), Value::Float(f) if f.is_nan()));
        assert_eq!(folded(&min()), Value::Integer(i64::MIN));
        let neg_zero = folded(&Expr::float(-0.0));
        assert!(matches!(neg_zero, Value::Float(f) if f == 0.0 && f.is_sign_negative()));
        let by_neg_zero = Expr::binary(BinaryOp::Divide, Expr::float(1.0), Expr::float(-0.0));
        assert_eq!(folded(&by_neg_zero), Value::Float(f64::NEG_INFINITY));
        let overflow = Expr::binary(BinaryOp::Add, max(), Expr::int(1));
        assert_eq!(overflow.constant(), Constant::Fails(Fault::Overflow));
        let by_zero = Expr::binary(BinaryOp::Modulo, Expr::int(1), Expr::int(0));
        assert_eq!(by_zero.constant(), Constant::Fails(Fault::DivisionByZero));
        let min_by_minus_one = Expr::binary(BinaryOp::Divide, min(), Expr::int(-1));
        assert_eq!(
            min_by_minus_one.constant(),
            Constant::Fails(Fault::Overflow)
        );
        // Mixed integer and float is float arithmetic: no overflow.
        let widened = Expr::binary(BinaryOp::Add, max(), Expr::float(1.0));
        assert_eq!(folded(&widened), Value::Float(i64::MAX as f64 + 1.0));
        assert!(overflow.may_fail() && by_zero.may_fail() && !widened.may_fail());
    }

    #[test]
    fn safe_arithmetic_never_fails() {
        for seed in 0..2000u64 {
            let bytes = crate::rng::SplitMix64::new(seed).bytes(16);
            let e = safe_arithmetic(&mut Unstructured::new(&bytes));
            assert!(
                matches!(e.constant(), Constant::Value(_)),
                "{}: {:?}",
                e.text(),
                e.constant()
            );
            assert!(!e.may_fail(), "{}", e.text());
        }
    }

    #[test]
    fn untie_keeps_one_spelling_of_equivalent_constants() {
        let mut items = vec![
            Expr::float(0.0),
            Expr::int(0),
            Expr::float(-0.0),
            nan(),
            nan(),
            Expr::Value(Value::List(vec![Value::Integer(1)])),
            Expr::List(vec![Expr::float(1.0)]),
        ];
        assert!(untie(&mut items));
        assert_eq!(items[1], Expr::float(0.0));
        // -0.0 and 0.0 are alike to every comparison of answers: kept.
        assert_eq!(items[2], Expr::float(-0.0));
        assert_eq!(items[4], nan());
        assert_eq!(items[6], Expr::Value(Value::List(vec![Value::Integer(1)])));
        let mut stored = vec![Expr::int(0), Expr::Property(Var::Node(0), "k".into())];
        assert!(!untie(&mut stored));
    }

    /// What stands on a side of an operator: a type, or a stored value.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Side {
        Typed(ExprType),
        Stored,
    }

    fn side(e: &Expr) -> Option<Side> {
        match e {
            Expr::Property(..) => Some(Side::Stored),
            _ => e.ty().map(Side::Typed),
        }
    }

    #[test]
    fn every_type_meets_every_operator_on_both_sides() {
        use std::collections::BTreeSet;
        // (operator, left side?, what stood there); NOT and IS NULL are "left".
        let mut seen: BTreeSet<(String, bool, Side)> = BTreeSet::new();
        for case in 0..12000 {
            let world = crate::GenWorld::from_seed(3, case);
            for q in &world.queries {
                for e in q.expressions() {
                    e.walk(&mut |x| match x {
                        Expr::Binary(op, a, b) => {
                            let name = op.symbol().to_string();
                            if let Some(s) = side(a) {
                                seen.insert((name.clone(), true, s));
                            }
                            if let Some(s) = side(b) {
                                seen.insert((name, false, s));
                            }
                        }
                        Expr::Not(a) | Expr::IsNull(a, _) => {
                            let name = if matches!(x, Expr::Not(_)) {
                                "NOT"
                            } else {
                                "IS NULL"
                            };
                            if let Some(s) = side(a) {
                                seen.insert((name.to_string(), true, s));
                            }
                        }
                        _ => {}
                    });
                }
            }
        }
        let binary = COMPARISONS
            .iter()
            .chain(&[BinaryOp::In])
            .chain(&TEXT)
            .chain(&ARITHMETIC)
            .chain(&CONNECTIVES);
        let mut wanted: Vec<(String, bool)> = binary
            .flat_map(|op| {
                [
                    (op.symbol().to_string(), true),
                    (op.symbol().to_string(), false),
                ]
            })
            .collect();
        wanted.push(("NOT".into(), true));
        wanted.push(("IS NULL".into(), true));
        let sides = ExprType::ALL
            .iter()
            .map(|t| Side::Typed(*t))
            .chain([Side::Stored]);
        let sides: Vec<Side> = sides.collect();
        let missing: Vec<String> = wanted
            .iter()
            .flat_map(|(op, left)| {
                sides
                    .iter()
                    .filter(|s| !seen.contains(&(op.clone(), *left, **s)))
                    .map(move |s| format!("{op} {} {s:?}", if *left { "left" } else { "right" }))
            })
            .collect();
        assert!(missing.is_empty(), "never generated: {missing:#?}");
    }

    #[test]
    fn tie_safety_follows_the_form() {
        let k = || Expr::Property(Var::Node(0), "k".into());
        assert!(k().tie_safe(false));
        assert!(Expr::binary(BinaryOp::Less, k(), nan()).tie_safe(false));
        // `n0.k * 0` is 0 for an integer and 0.0 for a float.
        assert!(!Expr::binary(BinaryOp::Multiply, k(), Expr::int(0)).tie_safe(true));
        assert!(!Expr::binary(BinaryOp::Add, Expr::Unwound, Expr::int(1)).tie_safe(false));
        assert!(Expr::binary(BinaryOp::Add, Expr::Unwound, Expr::int(1)).tie_safe(true));
        assert!(Expr::List(vec![k(), Expr::Element(Var::Rel(0))]).tie_safe(false));
    }
}
