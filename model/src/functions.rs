//! The names a query can call, resolved once by the parser: scalar
//! functions, aggregates and read procedures, with their arities and (for
//! procedures) their output columns.
//!
//! This is the *syntax* of calls, shared by both engines: which names exist,
//! how many arguments they take, which columns a procedure yields. What a
//! call computes is each engine's own business. Names resolve
//! case-insensitively, as in Cypher.

use crate::value::TemporalKind;

/// A scalar function of the subset (docs/spec/scenario-format.md, "Supported Cypher").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Function {
    /// `labels(x)`.
    Labels,
    /// `type(x)`.
    Type,
    /// `keys(x)`.
    Keys,
    /// `properties(x)`.
    Properties,
    /// `size(x)`.
    Size,
    /// `head(x)`.
    Head,
    /// `last(x)`.
    Last,
    /// `coalesce(x, ...)`.
    Coalesce,
    /// `toLower(x)`.
    ToLower,
    /// `toUpper(x)`.
    ToUpper,
    /// `toString(x)`.
    ToString,
    /// `toInteger(x)`.
    ToInteger,
    /// `toFloat(x)`.
    ToFloat,
    /// `toBoolean(x)`.
    ToBoolean,
    /// `date(s)`, `datetime(s)`, `localdatetime(s)`, `duration(s)`.
    Temporal(TemporalKind),
    /// `startNode(r)`.
    StartNode,
    /// `endNode(r)`.
    EndNode,
    /// `nodes(p)`.
    Nodes,
    /// `relationships(p)`.
    Relationships,
    /// `exists(x)`.
    Exists,
    /// `datetime.transaction()`: the transaction time (the query's `at`).
    TransactionTime,
    /// `abac.oidc.user_attribute('claim')`: a claim of the user's token
    /// (A2), callable only in an auth rule's condition.
    UserAttribute,
    /// `date.transaction()`: the transaction's date in UTC (A2).
    DateTransaction,
    /// `localdatetime.transaction()`: the transaction time in UTC without
    /// its offset (A2).
    LocalDateTimeTransaction,
    /// `range(start, end[, step])`: at most [`RANGE_LIMIT`] integers.
    Range,
    /// `reverse(x)` of a list or a string.
    Reverse,
    /// `tail(list)`.
    Tail,
    /// `toBooleanList(list)`.
    ToBooleanList,
    /// `toFloatList(list)`.
    ToFloatList,
    /// `toIntegerList(list)`.
    ToIntegerList,
    /// `toStringList(list)`.
    ToStringList,
    /// `abs(n)`.
    Abs,
    /// `ceil(n)`.
    Ceil,
    /// `floor(n)`.
    Floor,
    /// `isNaN(n)`.
    IsNaN,
    /// `round(n)`: ties toward positive infinity.
    Round,
    /// `sign(n)`.
    Sign,
    /// `isEmpty(x)` of a list, map or string.
    IsEmpty,
    /// `char_length(s)`.
    CharLength,
    /// `character_length(s)`.
    CharacterLength,
    /// `nullIf(a, b)`.
    NullIf,
    /// `toBooleanOrNull(x)`.
    ToBooleanOrNull,
    /// `toFloatOrNull(x)`.
    ToFloatOrNull,
    /// `toIntegerOrNull(x)`.
    ToIntegerOrNull,
    /// `toStringOrNull(x)`.
    ToStringOrNull,
    /// `btrim(s[, characters])`.
    Btrim,
    /// `ltrim(s[, characters])`.
    Ltrim,
    /// `rtrim(s[, characters])`.
    Rtrim,
    /// `trim(s)` (the `trim(BOTH 'x' FROM s)` form is not in the subset).
    Trim,
    /// `left(s, n)`.
    Left,
    /// `right(s, n)`.
    Right,
    /// `lower(s)`, `toLower`'s GQL name.
    Lower,
    /// `upper(s)`, `toUpper`'s GQL name.
    Upper,
    /// `replace(s, search, replacement)`.
    Replace,
    /// `split(s, delimiter or list of delimiters)`.
    Split,
    /// `substring(s, start[, length])`.
    Substring,
    /// `duration.between(from, to)`: months, then days, then seconds.
    DurationBetween,
    /// `duration.inMonths(from, to)`: whole months only.
    DurationInMonths,
    /// `duration.inDays(from, to)`: whole days only.
    DurationInDays,
    /// `duration.inSeconds(from, to)`: seconds only.
    DurationInSeconds,
}

/// The most elements `range()` builds (docs/spec/semantics.md section 11):
/// a larger range is a resource-limit error, never a list of 10^12
/// integers held in memory.
pub const RANGE_LIMIT: u64 = 1_000_000;

/// An aggregate function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Aggregate {
    /// `count(x)` and `count(*)`.
    Count,
    /// `collect(x)`.
    Collect,
    /// `sum(x)`.
    Sum,
    /// `avg(x)`.
    Avg,
    /// `min(x)`.
    Min,
    /// `max(x)`.
    Max,
}

/// A read procedure of the subset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Procedure {
    /// `db.labels()` (V4).
    Labels,
    /// `db.relationshipTypes()` (V5).
    RelationshipTypes,
    /// `db.propertyKeys()` (V6).
    PropertyKeys,
    /// `db.index.fulltext.queryNodes(name, text)` (I2).
    FulltextQueryNodes,
}

/// What a called name resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callable {
    /// A scalar function.
    Function(Function),
    /// An aggregate.
    Aggregate(Aggregate),
}

/// How many arguments a function takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    /// Exactly this many.
    Exactly(usize),
    /// This many or more.
    AtLeast(usize),
    /// From the first to the second count, both included.
    Between(usize, usize),
}

impl Arity {
    /// Whether `count` arguments fit.
    pub fn accepts(self, count: usize) -> bool {
        match self {
            Arity::Exactly(n) => count == n,
            Arity::AtLeast(n) => count >= n,
            Arity::Between(low, high) => (low..=high).contains(&count),
        }
    }
}

impl std::fmt::Display for Arity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Arity::Exactly(n) => write!(f, "{n}"),
            Arity::AtLeast(n) => write!(f, "at least {n}"),
            Arity::Between(low, high) => write!(f, "{low} to {high}"),
        }
    }
}

/// Every scalar function with its canonical name.
const FUNCTIONS: &[(&str, Function)] = &[
    ("labels", Function::Labels),
    ("type", Function::Type),
    ("keys", Function::Keys),
    ("properties", Function::Properties),
    ("size", Function::Size),
    ("head", Function::Head),
    ("last", Function::Last),
    ("coalesce", Function::Coalesce),
    ("toLower", Function::ToLower),
    ("toUpper", Function::ToUpper),
    ("toString", Function::ToString),
    ("toInteger", Function::ToInteger),
    ("toFloat", Function::ToFloat),
    ("toBoolean", Function::ToBoolean),
    ("date", Function::Temporal(TemporalKind::Date)),
    ("datetime", Function::Temporal(TemporalKind::DateTime)),
    (
        "localdatetime",
        Function::Temporal(TemporalKind::LocalDateTime),
    ),
    ("duration", Function::Temporal(TemporalKind::Duration)),
    ("startNode", Function::StartNode),
    ("endNode", Function::EndNode),
    ("nodes", Function::Nodes),
    ("relationships", Function::Relationships),
    ("exists", Function::Exists),
    ("datetime.transaction", Function::TransactionTime),
    ("abac.oidc.user_attribute", Function::UserAttribute),
    ("date.transaction", Function::DateTransaction),
    (
        "localdatetime.transaction",
        Function::LocalDateTimeTransaction,
    ),
    ("range", Function::Range),
    ("reverse", Function::Reverse),
    ("tail", Function::Tail),
    ("toBooleanList", Function::ToBooleanList),
    ("toFloatList", Function::ToFloatList),
    ("toIntegerList", Function::ToIntegerList),
    ("toStringList", Function::ToStringList),
    ("abs", Function::Abs),
    ("ceil", Function::Ceil),
    ("floor", Function::Floor),
    ("isNaN", Function::IsNaN),
    ("round", Function::Round),
    ("sign", Function::Sign),
    ("isEmpty", Function::IsEmpty),
    ("char_length", Function::CharLength),
    ("character_length", Function::CharacterLength),
    ("nullIf", Function::NullIf),
    ("toBooleanOrNull", Function::ToBooleanOrNull),
    ("toFloatOrNull", Function::ToFloatOrNull),
    ("toIntegerOrNull", Function::ToIntegerOrNull),
    ("toStringOrNull", Function::ToStringOrNull),
    ("btrim", Function::Btrim),
    ("ltrim", Function::Ltrim),
    ("rtrim", Function::Rtrim),
    ("trim", Function::Trim),
    ("left", Function::Left),
    ("right", Function::Right),
    ("lower", Function::Lower),
    ("upper", Function::Upper),
    ("replace", Function::Replace),
    ("split", Function::Split),
    ("substring", Function::Substring),
    ("duration.between", Function::DurationBetween),
    ("duration.inMonths", Function::DurationInMonths),
    ("duration.inDays", Function::DurationInDays),
    ("duration.inSeconds", Function::DurationInSeconds),
];

/// Every aggregate with its canonical name.
const AGGREGATES: &[(&str, Aggregate)] = &[
    ("count", Aggregate::Count),
    ("collect", Aggregate::Collect),
    ("sum", Aggregate::Sum),
    ("avg", Aggregate::Avg),
    ("min", Aggregate::Min),
    ("max", Aggregate::Max),
];

/// Every procedure with its canonical name.
const PROCEDURES: &[(&str, Procedure)] = &[
    ("db.labels", Procedure::Labels),
    ("db.relationshipTypes", Procedure::RelationshipTypes),
    ("db.propertyKeys", Procedure::PropertyKeys),
    (
        "db.index.fulltext.queryNodes",
        Procedure::FulltextQueryNodes,
    ),
];

/// Resolves a (possibly dotted) function name as written, case-insensitively.
pub fn resolve(name: &str) -> Option<Callable> {
    let found = |canonical: &&str| canonical.eq_ignore_ascii_case(name);
    if let Some((_, f)) = FUNCTIONS.iter().find(|(n, _)| found(n)) {
        return Some(Callable::Function(*f));
    }
    AGGREGATES
        .iter()
        .find(|(n, _)| found(n))
        .map(|(_, a)| Callable::Aggregate(*a))
}

/// Resolves a procedure name as written, case-insensitively.
pub fn resolve_procedure(name: &str) -> Option<Procedure> {
    PROCEDURES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, p)| *p)
}

impl Function {
    /// The canonical name (`toInteger`, `datetime.transaction`).
    pub fn name(self) -> &'static str {
        FUNCTIONS
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("?", |(n, _)| n)
    }

    /// How many arguments it takes. The temporal constructors take one here:
    /// without an argument they read the current time, which a query may not
    /// (it is not deterministic; `datetime.transaction()` is).
    pub fn arity(self) -> Arity {
        match self {
            Function::Coalesce => Arity::AtLeast(1),
            Function::TransactionTime
            | Function::DateTransaction
            | Function::LocalDateTimeTransaction => Arity::Exactly(0),
            Function::Range => Arity::Between(2, 3),
            Function::Btrim | Function::Ltrim | Function::Rtrim => Arity::Between(1, 2),
            Function::Substring => Arity::Between(2, 3),
            Function::NullIf
            | Function::Left
            | Function::Right
            | Function::Split
            | Function::DurationBetween
            | Function::DurationInMonths
            | Function::DurationInDays
            | Function::DurationInSeconds => Arity::Exactly(2),
            Function::Replace => Arity::Exactly(3),
            _ => Arity::Exactly(1),
        }
    }
}

impl Aggregate {
    /// The canonical name (`count`).
    pub fn name(self) -> &'static str {
        AGGREGATES
            .iter()
            .find(|(_, a)| *a == self)
            .map_or("?", |(n, _)| n)
    }
}

impl Procedure {
    /// The canonical name (`db.labels`).
    pub fn name(self) -> &'static str {
        PROCEDURES
            .iter()
            .find(|(_, p)| *p == self)
            .map_or("?", |(n, _)| n)
    }

    /// How many arguments it takes.
    pub fn arguments(self) -> usize {
        match self {
            Procedure::FulltextQueryNodes => 2,
            _ => 0,
        }
    }

    /// The columns it yields, in order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Procedure::Labels => &["label"],
            Procedure::RelationshipTypes => &["relationshipType"],
            Procedure::PropertyKeys => &["propertyKey"],
            Procedure::FulltextQueryNodes => &["node", "score"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_case_insensitively_to_their_canonical_form() {
        assert_eq!(
            resolve("TOINTEGER"),
            Some(Callable::Function(Function::ToInteger))
        );
        assert_eq!(Function::ToInteger.name(), "toInteger");
        assert_eq!(
            resolve("Count"),
            Some(Callable::Aggregate(Aggregate::Count))
        );
        assert_eq!(
            resolve("DateTime.Transaction"),
            Some(Callable::Function(Function::TransactionTime))
        );
        assert_eq!(resolve("RANGE"), Some(Callable::Function(Function::Range)));
        assert_eq!(
            resolve("Char_Length"),
            Some(Callable::Function(Function::CharLength))
        );
        assert_eq!(
            resolve("date.TRANSACTION"),
            Some(Callable::Function(Function::DateTransaction))
        );
        assert_eq!(resolve("time.transaction"), None);
        assert_eq!(resolve_procedure("DB.LABELS"), Some(Procedure::Labels));
        assert_eq!(resolve_procedure("db.nothing"), None);
    }

    #[test]
    fn every_entry_names_itself() {
        for (name, f) in FUNCTIONS {
            assert_eq!(f.name(), *name);
        }
        for (name, a) in AGGREGATES {
            assert_eq!(a.name(), *name);
        }
        for (name, p) in PROCEDURES {
            assert_eq!(p.name(), *name);
        }
    }

    #[test]
    fn arities() {
        assert!(Function::Coalesce.arity().accepts(3));
        assert!(!Function::Coalesce.arity().accepts(0));
        assert!(Function::TransactionTime.arity().accepts(0));
        assert!(!Function::Size.arity().accepts(2));
        assert_eq!(Arity::AtLeast(1).to_string(), "at least 1");
        assert!(Function::Range.arity().accepts(2));
        assert!(Function::Range.arity().accepts(3));
        assert!(!Function::Range.arity().accepts(1));
        assert!(!Function::Range.arity().accepts(4));
        assert!(Function::Btrim.arity().accepts(1));
        assert!(!Function::Replace.arity().accepts(2));
        assert!(Function::DateTransaction.arity().accepts(0));
        assert_eq!(Arity::Between(2, 3).to_string(), "2 to 3");
        assert_eq!(Procedure::FulltextQueryNodes.arguments(), 2);
    }
}
