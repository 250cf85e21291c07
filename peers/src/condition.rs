//! Auth rule conditions (A2) as library-neutral boolean formulas that never
//! fail, so that Cedar and Casbin (rhai), which have no null, reach the
//! answer of Cypher's three-valued logic (A3).
//!
//! Why three formulas per expression: a rule is fulfilled only when its
//! condition is TRUE; FALSE, null and an evaluation error all mean "not
//! fulfilled" (A3), but they differ under `NOT`, `OR` and `XOR` (`NOT
//! null` is null, `null OR true` is TRUE, while an error anywhere fails the
//! whole condition: the engines evaluate both sides of `AND`/`OR`, no
//! short-circuit). So each sub-expression becomes [`Tri`]: a formula for
//! "evaluates to TRUE", one for "evaluates to FALSE" and one for "raises an
//! error"; null is what none of them holds. Every [`Atom`] is total (it
//! tests the claim's presence and type itself), so the rendered text never
//! errors in the libraries either, and a library error at decision time is
//! reported as a bug rather than read as "not granted".
//!
//! The subset translated (what the `abac` benchmark policy uses, and a
//! little more): `abac.oidc.user_attribute('c')` compared with a string,
//! integer, boolean or null literal (`=`, `<>`; `<`, `<=`, `>`, `>=` with
//! an integer); `claim IN [literals]`; `literal IN claim`;
//! `any/all/none(x IN claim WHERE x = literal)`; a claim as a boolean;
//! `IS [NOT] NULL`; `AND`, `OR`, `XOR`, `NOT`; the literals `true`,
//! `false`, `null`; and `year`, `month`, `day`, `hour`, `minute`, `second`
//! of `datetime.transaction()`, `localdatetime.transaction()` (UTC, A2) and
//! the first three of `date.transaction()`, compared with an integer.
//! Anything else is [`Unsupported`].

use model::ast::{BinaryOp, Expr, Quantifier, UnaryOp};
use model::functions::Function;
use model::value::Value;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `=`.
    Eq,
    /// `<>`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

impl Cmp {
    /// The operator that holds exactly when this one does not (on two
    /// comparable integers).
    fn negated(self) -> Cmp {
        match self {
            Cmp::Eq => Cmp::Ne,
            Cmp::Ne => Cmp::Eq,
            Cmp::Lt => Cmp::Ge,
            Cmp::Le => Cmp::Gt,
            Cmp::Gt => Cmp::Le,
            Cmp::Ge => Cmp::Lt,
        }
    }

    /// The operator with its operands swapped (`3 < x` is `x > 3`).
    fn flipped(self) -> Cmp {
        match self {
            Cmp::Lt => Cmp::Gt,
            Cmp::Le => Cmp::Ge,
            Cmp::Gt => Cmp::Lt,
            Cmp::Ge => Cmp::Le,
            same => same,
        }
    }

    /// The operator's text, the same in Cedar and rhai.
    pub fn text(self) -> &'static str {
        match self {
            Cmp::Eq => "==",
            Cmp::Ne => "!=",
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
        }
    }

    fn of(op: BinaryOp) -> Option<Cmp> {
        Some(match op {
            BinaryOp::Equal => Cmp::Eq,
            BinaryOp::NotEqual => Cmp::Ne,
            BinaryOp::Less => Cmp::Lt,
            BinaryOp::LessEqual => Cmp::Le,
            BinaryOp::Greater => Cmp::Gt,
            BinaryOp::GreaterEqual => Cmp::Ge,
            _ => return None,
        })
    }

    fn is_equality(self) -> bool {
        matches!(self, Cmp::Eq | Cmp::Ne)
    }
}

/// The type of a claim's value as the libraries are given it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A string.
    String,
    /// A 64-bit integer.
    Long,
    /// A boolean.
    Bool,
    /// A list (an array claim).
    List,
}

/// A literal a condition compares with.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scalar {
    /// A string.
    String(String),
    /// An integer.
    Long(i64),
    /// A boolean.
    Bool(bool),
}

impl Scalar {
    /// The claim type that can equal this literal.
    pub fn kind(&self) -> Kind {
        match self {
            Scalar::String(_) => Kind::String,
            Scalar::Long(_) => Kind::Long,
            Scalar::Bool(_) => Kind::Bool,
        }
    }
}

/// A field of the transaction clock, in UTC (A2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `.year`.
    Year,
    /// `.month`.
    Month,
    /// `.day`.
    Day,
    /// `.hour`.
    Hour,
    /// `.minute`.
    Minute,
    /// `.second`.
    Second,
}

impl Field {
    /// The field's name in the libraries' request context.
    pub fn name(self) -> &'static str {
        match self {
            Field::Year => "year",
            Field::Month => "month",
            Field::Day => "day",
            Field::Hour => "hour",
            Field::Minute => "minute",
            Field::Second => "second",
        }
    }
}

/// A test each library can write without failing: every claim test checks
/// presence and type first.
#[derive(Debug, Clone, PartialEq)]
pub enum Atom {
    /// The claim is present and not null.
    Present(String),
    /// The claim holds a value of this type.
    Is(String, Kind),
    /// The claim holds a value of the literal's type equal to it.
    Equals(String, Scalar),
    /// The claim holds an integer `op` the constant.
    Compare(String, Cmp, i64),
    /// The claim holds a scalar equal to one of these (all scalars, none
    /// null).
    OneOf(String, Vec<Scalar>),
    /// The claim holds a list with an element equal to the literal.
    Contains(String, Scalar),
    /// The claim holds a list whose every element equals the literal.
    AllEqual(String, Scalar),
    /// The claim holds the boolean `true`.
    IsTrue(String),
    /// The transaction clock's field `op` the constant.
    Clock(Field, Cmp, i64),
}

/// A boolean formula over [`Atom`]s. Operands of `And`/`Or` are in
/// evaluation order; the constructors fold constants.
#[derive(Debug, Clone, PartialEq)]
pub enum Formula {
    /// A constant.
    Const(bool),
    /// A test.
    Atom(Atom),
    /// All of these.
    And(Vec<Formula>),
    /// One of these.
    Or(Vec<Formula>),
    /// Not this.
    Not(Box<Formula>),
}

impl Formula {
    fn atom(a: Atom) -> Formula {
        Formula::Atom(a)
    }

    /// All of `parts`, constants folded, nested conjunctions flattened.
    pub fn and(parts: Vec<Formula>) -> Formula {
        let mut out = Vec::new();
        for p in parts {
            match p {
                Formula::Const(true) => {}
                Formula::Const(false) => return Formula::Const(false),
                Formula::And(inner) => out.extend(inner),
                other => out.push(other),
            }
        }
        match out.len() {
            0 => Formula::Const(true),
            1 => out.pop().unwrap_or(Formula::Const(true)),
            _ => Formula::And(out),
        }
    }

    /// One of `parts`, constants folded, nested disjunctions flattened.
    pub fn or(parts: Vec<Formula>) -> Formula {
        let mut out = Vec::new();
        for p in parts {
            match p {
                Formula::Const(false) => {}
                Formula::Const(true) => return Formula::Const(true),
                Formula::Or(inner) => out.extend(inner),
                other => out.push(other),
            }
        }
        match out.len() {
            0 => Formula::Const(false),
            1 => out.pop().unwrap_or(Formula::Const(false)),
            _ => Formula::Or(out),
        }
    }

    /// The negation, constants folded.
    #[allow(clippy::should_implement_trait)]
    pub fn not(f: Formula) -> Formula {
        match f {
            Formula::Const(b) => Formula::Const(!b),
            Formula::Not(inner) => *inner,
            other => Formula::Not(Box::new(other)),
        }
    }

    /// Every claim an atom of this formula reads, each once, sorted.
    pub fn claims(&self) -> Vec<String> {
        let mut out = std::collections::BTreeSet::new();
        self.collect_claims(&mut out);
        out.into_iter().collect()
    }

    fn collect_claims(&self, out: &mut std::collections::BTreeSet<String>) {
        match self {
            Formula::Const(_) => {}
            Formula::Atom(a) => {
                let claim = match a {
                    Atom::Present(c)
                    | Atom::Is(c, _)
                    | Atom::Equals(c, _)
                    | Atom::Compare(c, _, _)
                    | Atom::OneOf(c, _)
                    | Atom::Contains(c, _)
                    | Atom::AllEqual(c, _)
                    | Atom::IsTrue(c) => Some(c),
                    Atom::Clock(..) => None,
                };
                out.extend(claim.cloned());
            }
            Formula::And(parts) | Formula::Or(parts) => {
                parts.iter().for_each(|p| p.collect_claims(out))
            }
            Formula::Not(inner) => inner.collect_claims(out),
        }
    }
}

/// What a sub-expression evaluates to, as three disjoint formulas; null is
/// what none of them holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Tri {
    /// TRUE, without error.
    pub t: Formula,
    /// FALSE, without error.
    pub f: Formula,
    /// An evaluation error.
    pub e: Formula,
}

impl Tri {
    fn new(t: Formula, f: Formula, e: Formula) -> Tri {
        Tri { t, f, e }
    }

    /// A constant truth value (null as `None`).
    fn constant(truth: Option<bool>) -> Tri {
        Tri::new(
            Formula::Const(truth == Some(true)),
            Formula::Const(truth == Some(false)),
            Formula::Const(false),
        )
    }

    /// `t` for TRUE, `f` for FALSE, never an error.
    fn total(t: Formula, f: Formula) -> Tri {
        Tri::new(t, f, Formula::Const(false))
    }

    fn not(self) -> Tri {
        Tri::new(self.f, self.t, self.e)
    }

    /// Kleene AND over operands that are both always evaluated.
    fn and(a: Tri, b: Tri) -> Tri {
        let t = Formula::and(vec![a.t, b.t]);
        let f = Formula::or(vec![
            Formula::and(vec![a.f.clone(), Formula::not(b.e.clone())]),
            Formula::and(vec![b.f, Formula::not(a.e.clone())]),
        ]);
        Tri::new(t, f, Formula::or(vec![a.e, b.e]))
    }

    /// Kleene OR over operands that are both always evaluated.
    fn or(a: Tri, b: Tri) -> Tri {
        let t = Formula::or(vec![
            Formula::and(vec![a.t.clone(), Formula::not(b.e.clone())]),
            Formula::and(vec![b.t, Formula::not(a.e.clone())]),
        ]);
        let f = Formula::and(vec![a.f, b.f]);
        Tri::new(t, f, Formula::or(vec![a.e, b.e]))
    }

    /// XOR: null when either side is null.
    fn xor(a: Tri, b: Tri) -> Tri {
        let t = Formula::or(vec![
            Formula::and(vec![a.t.clone(), b.f.clone()]),
            Formula::and(vec![a.f.clone(), b.t.clone()]),
        ]);
        let f = Formula::or(vec![
            Formula::and(vec![a.t, b.t]),
            Formula::and(vec![a.f, b.f]),
        ]);
        Tri::new(t, f, Formula::or(vec![a.e, b.e]))
    }
}

/// Why a condition is outside the translated subset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub String);

fn unsupported<T>(what: impl Into<String>) -> Result<T, Unsupported> {
    Err(Unsupported(what.into()))
}

/// An operand of a comparison.
#[derive(Debug, Clone, PartialEq)]
enum Operand {
    Claim(String),
    Clock(Field),
    Scalar(Scalar),
    Null,
}

/// A3: the formula that holds exactly when `condition` evaluates to TRUE.
pub fn fulfilled(condition: &Expr) -> Result<Formula, Unsupported> {
    Ok(tri(condition)?.t)
}

/// The claim `abac.oidc.user_attribute('c')` names, if `e` is that call.
fn claim(e: &Expr) -> Option<&str> {
    match e {
        Expr::Call {
            function: Function::UserAttribute,
            args,
        } => match args.as_slice() {
            [Expr::Literal(Value::String(c))] => Some(c),
            _ => None,
        },
        _ => None,
    }
}

/// A field of one of the `.transaction()` clocks (names match
/// case-insensitively, as the engines read temporal components).
fn clock(e: &Expr) -> Result<Option<Field>, Unsupported> {
    let Expr::Property(inner, name) = e else {
        return Ok(None);
    };
    let Expr::Call { function, args } = inner.as_ref() else {
        return Ok(None);
    };
    if !args.is_empty() {
        return Ok(None);
    }
    let date_only = match function {
        Function::TransactionTime | Function::LocalDateTimeTransaction => false,
        Function::DateTransaction => true,
        _ => return Ok(None),
    };
    let field = match name.to_ascii_lowercase().as_str() {
        "year" => Field::Year,
        "month" => Field::Month,
        "day" => Field::Day,
        "hour" if !date_only => Field::Hour,
        "minute" if !date_only => Field::Minute,
        "second" if !date_only => Field::Second,
        _ => return unsupported(format!("the clock field `.{name}`")),
    };
    Ok(Some(field))
}

fn scalar(v: &Value) -> Result<Option<Scalar>, Unsupported> {
    Ok(Some(match v {
        Value::String(s) => Scalar::String(s.clone()),
        Value::Integer(i) => Scalar::Long(*i),
        Value::Boolean(b) => Scalar::Bool(*b),
        Value::Null => return Ok(None),
        other => return unsupported(format!("a {} literal", other.type_name())),
    }))
}

fn operand(e: &Expr) -> Result<Operand, Unsupported> {
    if let Some(c) = claim(e) {
        return Ok(Operand::Claim(c.to_string()));
    }
    if let Some(f) = clock(e)? {
        return Ok(Operand::Clock(f));
    }
    match e {
        Expr::Literal(v) => Ok(match scalar(v)? {
            Some(s) => Operand::Scalar(s),
            None => Operand::Null,
        }),
        other => unsupported(describe(other)),
    }
}

/// The three formulas of a boolean sub-expression.
fn tri(e: &Expr) -> Result<Tri, Unsupported> {
    if let Some(c) = claim(e) {
        // A claim used as a boolean: a non-boolean value is an error as an
        // operand (A2 lets it stand; A3: not TRUE at the top).
        let c = c.to_string();
        let is_bool = Formula::atom(Atom::Is(c.clone(), Kind::Bool));
        let t = Formula::atom(Atom::IsTrue(c.clone()));
        let f = Formula::and(vec![is_bool.clone(), Formula::not(t.clone())]);
        let e = Formula::and(vec![Formula::atom(Atom::Present(c)), Formula::not(is_bool)]);
        return Ok(Tri::new(t, f, e));
    }
    match e {
        Expr::Literal(Value::Boolean(b)) => Ok(Tri::constant(Some(*b))),
        Expr::Literal(Value::Null) => Ok(Tri::constant(None)),
        Expr::Unary(UnaryOp::Not, inner) => Ok(tri(inner)?.not()),
        Expr::Binary(BinaryOp::And, a, b) => Ok(Tri::and(tri(a)?, tri(b)?)),
        Expr::Binary(BinaryOp::Or, a, b) => Ok(Tri::or(tri(a)?, tri(b)?)),
        Expr::Binary(BinaryOp::Xor, a, b) => Ok(Tri::xor(tri(a)?, tri(b)?)),
        Expr::Binary(BinaryOp::In, a, b) => membership(a, b),
        Expr::Binary(op, a, b) => match Cmp::of(*op) {
            Some(cmp) => comparison(cmp, operand(a)?, operand(b)?),
            None => unsupported(describe(e)),
        },
        Expr::IsNull { expr, negated } => {
            let null = is_null(expr)?;
            Ok(if *negated { null.not() } else { null })
        }
        Expr::Quantifier {
            kind,
            var,
            list,
            predicate,
        } => quantifier(*kind, var, list, predicate),
        other => unsupported(describe(other)),
    }
}

/// `e IS NULL`.
fn is_null(e: &Expr) -> Result<Tri, Unsupported> {
    if let Some(c) = claim(e) {
        let present = Formula::atom(Atom::Present(c.to_string()));
        return Ok(Tri::total(Formula::not(present.clone()), present));
    }
    if clock(e)?.is_some() {
        return Ok(Tri::constant(Some(false)));
    }
    if let Expr::Literal(v) = e
        && !matches!(v, Value::Boolean(_))
    {
        return Ok(Tri::constant(Some(matches!(v, Value::Null))));
    }
    // A boolean sub-expression: null when neither TRUE, FALSE nor an error.
    let inner = tri(e)?;
    let null = Formula::and(vec![
        Formula::not(inner.e.clone()),
        Formula::not(inner.t.clone()),
        Formula::not(inner.f.clone()),
    ]);
    Ok(Tri::new(null, Formula::or(vec![inner.t, inner.f]), inner.e))
}

/// `a <op> b` with Cypher's comparison rules: null against anything is
/// null; `=` of different types is FALSE; an ordering of incomparable
/// types is null.
fn comparison(cmp: Cmp, a: Operand, b: Operand) -> Result<Tri, Unsupported> {
    use Operand as O;
    match (a, b) {
        (O::Null, _) | (_, O::Null) => Ok(Tri::constant(None)),
        (O::Scalar(x), O::Scalar(y)) => Ok(Tri::constant(constant_comparison(cmp, &x, &y))),
        (O::Scalar(s), O::Claim(c)) => claim_comparison(cmp.flipped(), c, s),
        (O::Claim(c), O::Scalar(s)) => claim_comparison(cmp, c, s),
        (O::Scalar(s), O::Clock(f)) => Ok(clock_comparison(cmp.flipped(), f, s)),
        (O::Clock(f), O::Scalar(s)) => Ok(clock_comparison(cmp, f, s)),
        (O::Claim(_), O::Claim(_)) => unsupported("a comparison of two claims"),
        _ => unsupported("a comparison of a claim or the clock with the clock"),
    }
}

fn constant_comparison(cmp: Cmp, x: &Scalar, y: &Scalar) -> Option<bool> {
    let value = |s: &Scalar| match s {
        Scalar::String(s) => Value::String(s.clone()),
        Scalar::Long(i) => Value::Integer(*i),
        Scalar::Bool(b) => Value::Boolean(*b),
    };
    let (x, y) = (value(x), value(y));
    match cmp {
        Cmp::Eq => x.cypher_equals(&y),
        Cmp::Ne => x.cypher_equals(&y).map(|b| !b),
        Cmp::Lt => x.cypher_comparison(&y).holds(|o| o.is_lt()),
        Cmp::Le => x.cypher_comparison(&y).holds(|o| o.is_le()),
        Cmp::Gt => x.cypher_comparison(&y).holds(|o| o.is_gt()),
        Cmp::Ge => x.cypher_comparison(&y).holds(|o| o.is_ge()),
    }
}

fn claim_comparison(cmp: Cmp, c: String, s: Scalar) -> Result<Tri, Unsupported> {
    if cmp.is_equality() {
        // Present but of another type, or another value: FALSE.
        let equal = Formula::atom(Atom::Equals(c.clone(), s));
        let differ = Formula::and(vec![
            Formula::atom(Atom::Present(c)),
            Formula::not(equal.clone()),
        ]);
        return Ok(if cmp == Cmp::Eq {
            Tri::total(equal, differ)
        } else {
            Tri::total(differ, equal)
        });
    }
    match s {
        // Only an integer claim is comparable with an integer; anything
        // else is null (neither formula holds).
        Scalar::Long(i) => Ok(Tri::total(
            Formula::atom(Atom::Compare(c.clone(), cmp, i)),
            Formula::atom(Atom::Compare(c, cmp.negated(), i)),
        )),
        // Cedar orders only integers.
        Scalar::String(_) => unsupported("an ordering comparison of a claim with a string"),
        Scalar::Bool(_) => unsupported("an ordering comparison of a claim with a boolean"),
    }
}

fn clock_comparison(cmp: Cmp, f: Field, s: Scalar) -> Tri {
    match s {
        Scalar::Long(i) => Tri::total(
            Formula::atom(Atom::Clock(f, cmp, i)),
            Formula::atom(Atom::Clock(f, cmp.negated(), i)),
        ),
        // An integer field against another type: `=` FALSE, `<>` TRUE,
        // orderings null.
        _ => Tri::constant(match cmp {
            Cmp::Eq => Some(false),
            Cmp::Ne => Some(true),
            _ => None,
        }),
    }
}

/// `a IN b`: a claim in a literal list, a literal in a list claim, a clock
/// field in a literal list.
fn membership(a: &Expr, b: &Expr) -> Result<Tri, Unsupported> {
    if let Expr::List(items) = b {
        let mut scalars = Vec::with_capacity(items.len());
        for item in items {
            match item {
                Expr::Literal(v) => match scalar(v)? {
                    Some(s) => scalars.push(s),
                    None => return unsupported("a null in an IN list"),
                },
                other => return unsupported(format!("{} in an IN list", describe(other))),
            }
        }
        if scalars.is_empty() {
            // `x IN []` is FALSE, even for a null x.
            return Ok(Tri::constant(Some(false)));
        }
        return match operand(a)? {
            Operand::Claim(c) => {
                let t = Formula::atom(Atom::OneOf(c.clone(), scalars));
                let f = Formula::and(vec![
                    Formula::atom(Atom::Present(c)),
                    Formula::not(t.clone()),
                ]);
                Ok(Tri::total(t, f))
            }
            Operand::Clock(field) => {
                let t = Formula::or(
                    scalars
                        .iter()
                        .map(|s| clock_comparison(Cmp::Eq, field, s.clone()).t)
                        .collect(),
                );
                Ok(Tri::total(t.clone(), Formula::not(t)))
            }
            Operand::Scalar(s) => {
                Ok(Tri::constant(Some(scalars.iter().any(|x| {
                    constant_comparison(Cmp::Eq, &s, x) == Some(true)
                }))))
            }
            Operand::Null => Ok(Tri::constant(None)),
        };
    }
    let Some(c) = claim(b) else {
        return unsupported(format!("IN over {}", describe(b)));
    };
    match operand(a)? {
        Operand::Scalar(s) => Ok(list_test(c, s, false)),
        _ => unsupported("IN of anything but a literal over a claim"),
    }
}

/// "the list claim `c` has an element equal to `s`" (negated: has none),
/// with a non-list claim an error and a missing one null, as iterating it
/// would be.
fn list_test(c: &str, s: Scalar, negated: bool) -> Tri {
    let is_list = Formula::atom(Atom::Is(c.to_string(), Kind::List));
    let contains = Formula::atom(Atom::Contains(c.to_string(), s));
    let lacks = Formula::and(vec![is_list.clone(), Formula::not(contains.clone())]);
    let error = Formula::and(vec![
        Formula::atom(Atom::Present(c.to_string())),
        Formula::not(is_list),
    ]);
    if negated {
        Tri::new(lacks, contains, error)
    } else {
        Tri::new(contains, lacks, error)
    }
}

/// `any/all/none(x IN claim WHERE x = literal)` (either side of `=`).
fn quantifier(
    kind: Quantifier,
    var: &str,
    list: &Expr,
    predicate: &Expr,
) -> Result<Tri, Unsupported> {
    let Some(c) = claim(list) else {
        return unsupported(format!("a quantifier over {}", describe(list)));
    };
    let literal = match predicate {
        Expr::Binary(BinaryOp::Equal, x, y) => match (x.as_ref(), y.as_ref()) {
            (Expr::Variable(v), Expr::Literal(l)) | (Expr::Literal(l), Expr::Variable(v))
                if v == var =>
            {
                l
            }
            _ => return unsupported("a quantifier predicate other than `x = literal`"),
        },
        _ => return unsupported("a quantifier predicate other than `x = literal`"),
    };
    let Some(s) = scalar(literal)? else {
        return unsupported("a quantifier predicate comparing with null");
    };
    match kind {
        Quantifier::Any => Ok(list_test(c, s, false)),
        Quantifier::None => Ok(list_test(c, s, true)),
        Quantifier::All => {
            let is_list = Formula::atom(Atom::Is(c.to_string(), Kind::List));
            let all = Formula::atom(Atom::AllEqual(c.to_string(), s));
            let not_all = Formula::and(vec![is_list.clone(), Formula::not(all.clone())]);
            let error = Formula::and(vec![
                Formula::atom(Atom::Present(c.to_string())),
                Formula::not(is_list),
            ]);
            Ok(Tri::new(all, not_all, error))
        }
        // Cedar's sets and the libraries' `contains` cannot count duplicates.
        Quantifier::Single => unsupported("single(...)"),
    }
}

/// A short name of an expression's form, for error messages.
fn describe(e: &Expr) -> String {
    match e {
        Expr::Literal(v) => format!("a {} literal", v.type_name()),
        Expr::Variable(v) => format!("the variable `{v}`"),
        Expr::Property(_, k) => format!("the property `.{k}`"),
        Expr::Index(..) => "indexing".to_string(),
        Expr::Slice(..) => "a slice".to_string(),
        Expr::List(_) => "a list expression".to_string(),
        Expr::Map(_) => "a map".to_string(),
        Expr::Unary(op, _) => format!("the operator {op:?}"),
        Expr::Binary(op, _, _) => format!("the operator {op:?}"),
        Expr::IsNull { .. } => "IS NULL".to_string(),
        Expr::HasLabels(..) => "a label test".to_string(),
        Expr::Call { function, .. } => format!("the function {function:?}"),
        Expr::Aggregate { .. } => "an aggregate".to_string(),
        Expr::Case { .. } => "CASE".to_string(),
        Expr::ListComprehension { .. } => "a list comprehension".to_string(),
        Expr::Quantifier { kind, .. } => format!("{kind:?}(...)"),
        Expr::Reduce { .. } => "reduce(...)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Expr {
        let script = format!("CREATE AUTH RULE r SET CONDITION {text}");
        let commands = model::cypher::parse_admin_script(&script).expect("condition parses");
        let mut catalog = model::catalog::Catalog::with_builtins();
        let mut tokens = model::graph::Tokens::default();
        for c in &commands {
            model::admin::exec::execute(&c.item, &mut catalog, &mut tokens).expect("rule created");
        }
        catalog.auth_rules["r"].expression.as_ref().clone()
    }

    /// A formula's value for claims `claims` at hour `hour`, the way the
    /// libraries evaluate the rendered text.
    fn holds(f: &Formula, claims: &serde_json::Value, hour: i64) -> bool {
        let get = |c: &str| claims.get(c).filter(|v| !v.is_null());
        let is = |c: &str, k: Kind| match (get(c), k) {
            (Some(v), Kind::String) => v.is_string(),
            (Some(v), Kind::Long) => v.is_i64(),
            (Some(v), Kind::Bool) => v.is_boolean(),
            (Some(v), Kind::List) => v.is_array(),
            (None, _) => false,
        };
        let json = |s: &Scalar| match s {
            Scalar::String(s) => serde_json::json!(s),
            Scalar::Long(i) => serde_json::json!(i),
            Scalar::Bool(b) => serde_json::json!(b),
        };
        let ord = |x: i64, cmp: Cmp, i: i64| match cmp {
            Cmp::Eq => x == i,
            Cmp::Ne => x != i,
            Cmp::Lt => x < i,
            Cmp::Le => x <= i,
            Cmp::Gt => x > i,
            Cmp::Ge => x >= i,
        };
        match f {
            Formula::Const(b) => *b,
            Formula::And(p) => p.iter().all(|p| holds(p, claims, hour)),
            Formula::Or(p) => p.iter().any(|p| holds(p, claims, hour)),
            Formula::Not(p) => !holds(p, claims, hour),
            Formula::Atom(a) => match a {
                Atom::Present(c) => get(c).is_some(),
                Atom::Is(c, k) => is(c, *k),
                Atom::Equals(c, s) => get(c) == Some(&json(s)),
                Atom::Compare(c, cmp, i) => get(c)
                    .and_then(|v| v.as_i64())
                    .is_some_and(|x| ord(x, *cmp, *i)),
                Atom::OneOf(c, ss) => ss.iter().any(|s| get(c) == Some(&json(s))),
                Atom::Contains(c, s) => get(c)
                    .and_then(|v| v.as_array())
                    .is_some_and(|a| a.contains(&json(s))),
                Atom::AllEqual(c, s) => get(c)
                    .and_then(|v| v.as_array())
                    .is_some_and(|a| a.iter().all(|x| *x == json(s))),
                Atom::IsTrue(c) => get(c) == Some(&serde_json::json!(true)),
                Atom::Clock(_, cmp, i) => ord(hour, *cmp, *i),
            },
        }
    }

    fn fulfilled_for(text: &str, claims: serde_json::Value, hour: i64) -> bool {
        let f = fulfilled(&parse(text)).expect("translated");
        holds(&f, &claims, hour)
    }

    #[test]
    fn null_is_neither_true_nor_false_under_not() {
        // A missing claim: `x = 'a'` is null, so NOT of it is null too.
        let none = serde_json::json!({});
        assert!(!fulfilled_for(
            "abac.oidc.user_attribute('x') = 'a'",
            none.clone(),
            0
        ));
        assert!(!fulfilled_for(
            "NOT abac.oidc.user_attribute('x') = 'a'",
            none.clone(),
            0
        ));
        // A present claim of another type: `=` is FALSE, so NOT is TRUE.
        let int = serde_json::json!({"x": 1});
        assert!(fulfilled_for(
            "NOT abac.oidc.user_attribute('x') = 'a'",
            int.clone(),
            0
        ));
        // null OR TRUE is TRUE; null AND FALSE is FALSE, so NOT of it TRUE.
        assert!(fulfilled_for(
            "abac.oidc.user_attribute('x') = 'a' OR true",
            none.clone(),
            0
        ));
        assert!(fulfilled_for(
            "NOT (abac.oidc.user_attribute('x') = 'a' AND false)",
            none.clone(),
            0
        ));
        assert!(!fulfilled_for(
            "abac.oidc.user_attribute('x') IS NOT NULL",
            none,
            0
        ));
    }

    #[test]
    fn errors_fail_the_whole_condition() {
        // Iterating a string claim is an error: `OR true` does not save it.
        let s = serde_json::json!({"p": "p1"});
        assert!(!fulfilled_for(
            "any(x IN abac.oidc.user_attribute('p') WHERE x = 'p1') OR true",
            s.clone(),
            0
        ));
        assert!(!fulfilled_for(
            "NOT any(x IN abac.oidc.user_attribute('p') WHERE x = 'p1')",
            s,
            0
        ));
        let l = serde_json::json!({"p": ["p1", 2]});
        assert!(fulfilled_for(
            "any(x IN abac.oidc.user_attribute('p') WHERE x = 'p1')",
            l.clone(),
            0
        ));
        assert!(fulfilled_for(
            "none(x IN abac.oidc.user_attribute('p') WHERE x = 'p3')",
            l.clone(),
            0
        ));
        assert!(!fulfilled_for(
            "all(x IN abac.oidc.user_attribute('p') WHERE x = 'p1')",
            l.clone(),
            0
        ));
        assert!(fulfilled_for("'p1' IN abac.oidc.user_attribute('p')", l, 0));
    }

    #[test]
    fn the_abac_benchmark_shapes() {
        let claims = serde_json::json!({
            "department": "dept0", "level": 3, "region": "eu",
            "projects": ["p2", "p6"], "clearance": "c3"
        });
        let level = "abac.oidc.user_attribute('level') >= 3 AND abac.oidc.user_attribute('region') IN ['eu', 'us']";
        assert!(fulfilled_for(level, claims.clone(), 0));
        assert!(!fulfilled_for(
            "abac.oidc.user_attribute('level') >= 4 AND abac.oidc.user_attribute('region') IN ['eu', 'us']",
            claims.clone(),
            0
        ));
        let window =
            "abac.oidc.user_attribute('clearance') = 'c3' AND datetime.transaction().hour < 18";
        assert!(fulfilled_for(window, claims.clone(), 17));
        assert!(!fulfilled_for(window, claims.clone(), 18));
        assert!(fulfilled_for(
            "abac.oidc.user_attribute('department') = 'dept0'",
            claims.clone(),
            0
        ));
        assert!(!fulfilled_for(
            "abac.oidc.user_attribute('department') = 'dept1'",
            claims,
            0
        ));
    }

    #[test]
    fn outside_the_subset_is_unsupported() {
        for text in [
            "toLower(abac.oidc.user_attribute('x')) = 'a'",
            "abac.oidc.user_attribute('x') STARTS WITH 'a'",
            "abac.oidc.user_attribute('x') > 'a'",
            "single(x IN abac.oidc.user_attribute('p') WHERE x = 'a')",
            "abac.oidc.user_attribute('x') = 1.5",
            "date.transaction().hour = 3",
        ] {
            assert!(fulfilled(&parse(text)).is_err(), "{text}");
        }
    }
}
