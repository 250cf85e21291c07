//! Every error Polygraph reports, typed: an [`ErrorKind`] names what went
//! wrong with the arguments its message needs, carries a Neo4j GQLSTATUS
//! code, and is worded here and only here (`impl Display for ErrorKind`),
//! so two engines can never word the same error differently. Which error
//! occurs is still each engine's own decision.
//!
//! [`SyntaxError`] is a kind found while reading text, with a byte offset
//! into that text (the scenario loader turns it into a line and column);
//! [`EngineError`] is a kind found while running (a query, a command).

use std::fmt;

use thiserror::Error;

use crate::ast::{BinaryOp, UnaryOp};
use crate::functions::{Aggregate, Arity, Function, Procedure};

/// What an error is about: an operation whose operands were wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// An infix operator (`+`, `AND`, `STARTS WITH`).
    Binary(BinaryOp),
    /// A prefix operator (`NOT`, `-`).
    Unary(UnaryOp),
    /// A scalar function.
    Function(Function),
    /// An aggregate.
    Aggregate(Aggregate),
    /// A procedure's arguments.
    Procedure(Procedure),
    /// `e.key`.
    Property(String),
    /// `e[i]`.
    Index,
    /// `e[from..to]`.
    Slice,
    /// `e:A:B`.
    LabelPredicate,
    /// `UNWIND`.
    Unwind,
    /// `SKIP`.
    Skip,
    /// `LIMIT`.
    Limit,
    /// A pattern whose variable is bound to a value of the wrong kind.
    PatternVariable(String),
    /// A list quantifier, comprehension or `reduce` over a non-list.
    ListIteration,
    /// A `WHERE` or `CASE WHEN` condition.
    Condition,
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operation::Binary(op) => f.write_str(op.symbol()),
            Operation::Unary(UnaryOp::Not) => f.write_str("NOT"),
            Operation::Unary(UnaryOp::Negate) => f.write_str("unary -"),
            Operation::Unary(UnaryOp::Plus) => f.write_str("unary +"),
            Operation::Function(function) => write!(f, "{}()", function.name()),
            Operation::Aggregate(aggregate) => write!(f, "{}()", aggregate.name()),
            Operation::Procedure(procedure) => write!(f, "{}()", procedure.name()),
            Operation::Property(key) => write!(f, "property access .{key}"),
            Operation::Index => f.write_str("[] (index)"),
            Operation::Slice => f.write_str("[..] (slice)"),
            Operation::LabelPredicate => f.write_str("a label predicate"),
            Operation::Unwind => f.write_str("UNWIND"),
            Operation::Skip => f.write_str("SKIP"),
            Operation::Limit => f.write_str("LIMIT"),
            Operation::PatternVariable(var) => write!(f, "pattern variable `{var}`"),
            Operation::ListIteration => f.write_str("list iteration"),
            Operation::Condition => f.write_str("a condition"),
        }
    }
}

/// What went wrong. Each kind has a GQLSTATUS code ([`ErrorKind::code`])
/// and one wording (its `Display`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// Text that does not parse, or a construct outside the subset; the
    /// parser's words name the construct.
    Syntax(String),
    /// A function name that does not exist.
    UnknownFunction(String),
    /// A procedure name that does not exist.
    UnknownProcedure(String),
    /// A call with the wrong number of arguments.
    ArgumentCount {
        /// The callee's canonical name.
        callee: String,
        /// What it takes.
        expected: Arity,
        /// What it was given.
        got: usize,
    },
    /// An aggregate where none is allowed: outside WITH/RETURN items and
    /// their ORDER BY, inside another aggregate or a per-element expression.
    AggregateNotAllowed(Aggregate),
    /// `DISTINCT` inside a scalar function's parentheses.
    DistinctNotAllowed(Function),
    /// A function that exists but may not be called here.
    FunctionNotAllowed {
        /// The function as written.
        name: String,
        /// Why not, and where it may be used.
        why: &'static str,
    },
    /// A variable that is not in scope.
    VariableNotDefined(String),
    /// A variable declared twice.
    VariableAlreadyDeclared(String),
    /// A WITH item that is not a variable and has no alias.
    UnaliasedExpression(String),
    /// Two result columns with the same name.
    DuplicateColumn(String),
    /// `RETURN *` / `WITH *` with nothing in scope.
    ReturnStarWithoutVariables,
    /// An aggregating item that uses a variable outside the grouping keys.
    ImplicitGrouping(String),
    /// A YIELD of a column the procedure does not have.
    UnknownProcedureOutput {
        /// The procedure.
        procedure: Procedure,
        /// The column asked for.
        column: String,
    },
    /// A procedure call inside a larger query without YIELD.
    YieldRequired(Procedure),
    /// A query that does not end with RETURN (or is not a lone CALL).
    IncompleteQuery,
    /// An operation applied to values of types it does not take.
    TypeMismatch {
        /// The operation.
        operation: Operation,
        /// The operands' type names (`Value::type_name`).
        types: Vec<&'static str>,
    },
    /// An integer result outside the 64-bit range.
    IntegerOverflow(Operation),
    /// Integer division or remainder by zero.
    DivisionByZero(Operation),
    /// A negative SKIP or LIMIT.
    NegativeCount {
        /// `Skip` or `Limit`.
        clause: Operation,
        /// The value given.
        value: i64,
    },
    /// A temporal constructor's text that is not a valid value.
    InvalidTemporal {
        /// The constructor.
        function: Function,
        /// The text given.
        input: String,
        /// What is wrong with it (worded by `model::value::temporal`).
        reason: String,
    },
    /// A function argument of the right type but a value the function
    /// refuses (a `range()` step of 0, a negative `substring()` length).
    InvalidArgument {
        /// The function.
        function: Function,
        /// What is wrong with the argument.
        reason: String,
    },
    /// A fulltext index that does not exist.
    NoSuchIndex(String),
    /// An element asked about by id (`explain --node 7`) that the graph
    /// does not hold.
    NoSuchElement {
        /// `node` or `relationship`.
        element: &'static str,
        /// The id asked for.
        id: u64,
    },
    /// U5: the user holds no ACCESS on the database.
    AccessDenied {
        /// The user.
        user: String,
        /// The roles held, PUBLIC first, then sorted.
        roles: Vec<String>,
    },
    /// An administration command run by a user who may not.
    AdministrationDenied(String),
    /// A query run as a user that does not exist.
    UnknownUser(String),
    /// An administration command naming a role that does not exist.
    RoleNotFound {
        /// What the command tried (`create a role as copy of 'r'`).
        action: String,
    },
    /// A role that already exists.
    RoleExists {
        /// What the command tried.
        action: String,
    },
    /// An administration command naming a user that does not exist.
    UserNotFound {
        /// What the command tried.
        action: String,
    },
    /// A user that already exists.
    UserExists {
        /// What the command tried.
        action: String,
    },
    /// PUBLIC cannot be dropped, granted or revoked (U1).
    ReservedRole {
        /// What the command tried.
        action: String,
        /// What cannot be done to PUBLIC (`dropped`, `revoked`).
        participle: &'static str,
    },
    /// An auth rule that does not exist (A1).
    AuthRuleNotFound {
        /// What the command tried.
        action: String,
    },
    /// An auth rule that already exists (A1).
    AuthRuleExists {
        /// What the command tried.
        action: String,
    },
    /// A DENY added to a role that is granted to an auth rule (A4).
    DenyOnAuthRuleRole {
        /// What the command tried.
        action: String,
        /// The auth rule the role is granted to.
        rule: String,
    },
    /// A role holding DENYs granted to an auth rule (A4).
    AuthRuleRoleWithDeny {
        /// What the command tried.
        action: String,
    },
    /// An administration command that is well-formed but incomplete or
    /// contradictory (`ALTER AUTH RULE` without SET).
    InvalidCommand {
        /// What the command tried.
        action: String,
        /// Why it cannot.
        reason: String,
    },
    /// A2: a function outside the allow-list of auth rule conditions.
    FunctionNotAllowedInCondition(String),
    /// A2: a temporal function that reads the current time, in an auth
    /// rule condition (only the transaction's time is known when a rule is
    /// evaluated).
    CurrentTimeInCondition {
        /// The call as written (`datetime()`).
        input: String,
        /// The `.transaction` form to use instead (`datetime.transaction()`).
        replacement: String,
    },
    /// A2: `abac.oidc.user_attribute` without exactly one string literal
    /// argument.
    InvalidClaimKey(String),
    /// A2: a construct an auth rule condition may not hold (a label
    /// predicate, a parameter, a pattern expression).
    NotAllowedInCondition(String),
    /// A2: a condition, or an operand of its NOT/AND/OR/XOR, that is
    /// statically not a boolean.
    ConditionNotBoolean(String),
    /// Q2: a property rule with null.
    NullInPropertyRule,
    /// Q2: a property rule with NaN.
    NanInPropertyRule,
    /// Q2 (and D2 for stored lists): a list of mixed types.
    MixedTypeList {
        /// One element's type.
        first: &'static str,
        /// Another element's type.
        second: &'static str,
    },
    /// Q2: any other rule the privilege may not carry.
    InvalidPropertyRule(String),
    /// O2: an OIDC token whose `exp` is not after the query's `at`.
    TokenExpired,
    /// O2: an OIDC token refused for any other reason (named).
    AuthenticationFailed {
        /// Why (`token signature does not verify`).
        reason: String,
    },
    /// A bound the run may not exceed: a budget of the query
    /// ([`crate::limits::Limits`]) or a fixed bound of Polygraph.
    ResourceLimit(Resource),
    /// A bug in Polygraph: never an expected outcome.
    Internal(String),
}

/// Which bound a [`ErrorKind::ResourceLimit`] error hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resource {
    /// A step of the query held more rows than the row budget.
    Rows {
        /// The budget (`--max-rows`).
        limit: u64,
    },
    /// An expression built a string, list or map larger than the value
    /// budget.
    ValueBytes {
        /// The budget (`--max-value-bytes`).
        limit: u64,
    },
    /// The values a query built, in all, measured more than
    /// [`crate::limits::BUILT_FACTOR`] times the value budget.
    BuiltBytes {
        /// The bound in bytes.
        limit: u64,
    },
    /// A value nested deeper than [`crate::value::MAX_NESTING`].
    Nesting,
    /// A `range()` longer than [`crate::functions::RANGE_LIMIT`].
    RangeElements {
        /// How many elements it would have had.
        elements: i128,
    },
    /// A graph larger than an engine can hold.
    GraphSize {
        /// The engine's bound.
        most: u64,
        /// What is counted (`nodes`).
        what: &'static str,
        /// How many the graph has.
        count: usize,
    },
}

impl Resource {
    /// Whether this is one of a query's budgets (rows, value size): those
    /// bound each engine's own work, so one engine may exceed one where
    /// another does not (docs/spec/semantics.md, "Budgets").
    pub fn is_budget(&self) -> bool {
        matches!(
            self,
            Resource::Rows { .. } | Resource::ValueBytes { .. } | Resource::BuiltBytes { .. }
        )
    }
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Resource::Rows { limit } => write!(
                f,
                "a step of the query held more than {limit} rows (--max-rows)"
            ),
            Resource::ValueBytes { limit } => {
                write!(f, "a value larger than {limit} bytes (--max-value-bytes)")
            }
            Resource::BuiltBytes { limit } => write!(
                f,
                "the query built more than {limit} bytes of values in all ({} times --max-value-bytes)",
                crate::limits::BUILT_FACTOR
            ),
            Resource::Nesting => f.write_str("value nests too deeply"),
            Resource::RangeElements { elements } => write!(
                f,
                "range() of {elements} elements (the limit is {})",
                crate::functions::RANGE_LIMIT
            ),
            Resource::GraphSize { most, what, count } => write!(
                f,
                "the optimized engine holds at most {most} {what}, the graph has {count}"
            ),
        }
    }
}

impl ErrorKind {
    /// The Neo4j GQLSTATUS code of this kind.
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::Syntax(_) => "42001",
            ErrorKind::UnknownFunction(_) => "42N48",
            ErrorKind::UnknownProcedure(_) => "42N08",
            ErrorKind::ArgumentCount { .. } => "42I13",
            ErrorKind::AggregateNotAllowed(_) => "42I24",
            ErrorKind::DistinctNotAllowed(_) => "42I27",
            ErrorKind::FunctionNotAllowed { .. } => "42N0D",
            ErrorKind::VariableNotDefined(_) => "42N62",
            ErrorKind::VariableAlreadyDeclared(_) => "42N59",
            ErrorKind::UnaliasedExpression(_) => "42N21",
            ErrorKind::DuplicateColumn(_) => "42N38",
            ErrorKind::ReturnStarWithoutVariables => "42I37",
            ErrorKind::ImplicitGrouping(_) => "42I18",
            ErrorKind::UnknownProcedureOutput { .. } => "42N50",
            ErrorKind::YieldRequired(_) => "42N25",
            ErrorKind::IncompleteQuery => "42N71",
            ErrorKind::TypeMismatch { .. } => "22G03",
            ErrorKind::IntegerOverflow(_) => "22003",
            ErrorKind::DivisionByZero(_) => "22012",
            ErrorKind::NegativeCount { .. } => "22N02",
            ErrorKind::InvalidTemporal { .. } => "22007",
            ErrorKind::InvalidArgument { .. } => "22N11",
            ErrorKind::NoSuchIndex(_) => "22N69",
            ErrorKind::NoSuchElement { .. } => "22N05",
            ErrorKind::AccessDenied { .. } | ErrorKind::AdministrationDenied(_) => "42NFF",
            ErrorKind::UnknownUser(_) | ErrorKind::UserNotFound { .. } => "42N09",
            ErrorKind::RoleNotFound { .. } => "42N10",
            ErrorKind::RoleExists { .. } => "42N13",
            ErrorKind::UserExists { .. } => "42N12",
            ErrorKind::ReservedRole { .. } | ErrorKind::InvalidCommand { .. } => "42N14",
            ErrorKind::AuthRuleNotFound { .. } => "42NAD",
            ErrorKind::AuthRuleExists { .. } => "42NAE",
            ErrorKind::DenyOnAuthRuleRole { .. } => "22ND1",
            ErrorKind::AuthRuleRoleWithDeny { .. } => "22ND2",
            ErrorKind::FunctionNotAllowedInCondition(_)
            | ErrorKind::InvalidClaimKey(_)
            | ErrorKind::NotAllowedInCondition(_) => "22N05",
            ErrorKind::CurrentTimeInCondition { .. } => "42NAM",
            ErrorKind::ConditionNotBoolean(_) => "22N04",
            ErrorKind::NullInPropertyRule => "22NA4",
            ErrorKind::NanInPropertyRule => "22NA3",
            ErrorKind::MixedTypeList { .. } => "22NAB",
            ErrorKind::InvalidPropertyRule(_) => "22NA0",
            ErrorKind::TokenExpired => "42NFE",
            ErrorKind::AuthenticationFailed { .. } => "42NFF",
            ErrorKind::ResourceLimit(_) => "51N66",
            ErrorKind::Internal(_) => "50N00",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Syntax(message) => f.write_str(message),
            ErrorKind::UnknownFunction(name) => write!(f, "Unknown function '{name}'"),
            ErrorKind::UnknownProcedure(name) => write!(
                f,
                "There is no procedure with the name `{name}` registered for this database instance"
            ),
            ErrorKind::ArgumentCount {
                callee,
                expected,
                got,
            } => write!(f, "{callee}() expects {expected} argument(s), got {got}"),
            ErrorKind::AggregateNotAllowed(aggregate) => write!(
                f,
                "Invalid use of aggregating function {}(...) in this context",
                aggregate.name()
            ),
            ErrorKind::DistinctNotAllowed(function) => write!(
                f,
                "DISTINCT cannot be used with the non-aggregate function {}",
                function.name()
            ),
            ErrorKind::FunctionNotAllowed { name, why } => {
                write!(
                    f,
                    "The function {name} cannot be called from this context: {why}"
                )
            }
            ErrorKind::VariableNotDefined(name) => write!(f, "Variable `{name}` not defined"),
            ErrorKind::VariableAlreadyDeclared(name) => {
                write!(f, "Variable `{name}` already declared")
            }
            ErrorKind::UnaliasedExpression(text) => {
                write!(f, "Expression in WITH must be aliased (use AS): {text}")
            }
            ErrorKind::DuplicateColumn(name) => write!(
                f,
                "Multiple result columns with the same name are not supported: {name}"
            ),
            ErrorKind::ReturnStarWithoutVariables => {
                f.write_str("RETURN * is not allowed when there are no variables in scope")
            }
            ErrorKind::ImplicitGrouping(column) => write!(
                f,
                "Aggregation column contains implicit grouping expressions: {column}"
            ),
            ErrorKind::UnknownProcedureOutput { procedure, column } => write!(
                f,
                "Unknown procedure output: `{column}` of {}",
                procedure.name()
            ),
            ErrorKind::YieldRequired(procedure) => write!(
                f,
                "Procedure call inside a query does not support naming results implicitly (use YIELD): {}",
                procedure.name()
            ),
            ErrorKind::IncompleteQuery => {
                f.write_str("Query cannot conclude with this clause: RETURN is missing")
            }
            ErrorKind::TypeMismatch { operation, types } => write!(
                f,
                "Type mismatch: cannot apply {operation} to {}",
                types.join(" and ")
            ),
            ErrorKind::IntegerOverflow(operation) => write!(f, "integer overflow in {operation}"),
            ErrorKind::DivisionByZero(operation) => write!(f, "division by zero in {operation}"),
            ErrorKind::NegativeCount { clause, value } => write!(
                f,
                "Invalid input for {clause}: expected a non-negative integer, got {value}"
            ),
            ErrorKind::InvalidTemporal {
                function,
                input,
                reason,
            } => write!(f, "{}('{input}'): {reason}", function.name()),
            ErrorKind::InvalidArgument { function, reason } => write!(
                f,
                "Invalid argument: cannot process {}(): {reason}",
                function.name()
            ),
            ErrorKind::NoSuchIndex(name) => {
                write!(f, "There is no such fulltext schema index: {name}")
            }
            ErrorKind::NoSuchElement { element, id } => write!(f, "no {element} with id {id}"),
            ErrorKind::AccessDenied { user, roles } => write!(
                f,
                "Database access is not allowed for user '{user}' with roles [{}].",
                roles.join(", ")
            ),
            ErrorKind::AdministrationDenied(user) => write!(
                f,
                "Permission denied: user '{user}' may not run administration commands"
            ),
            ErrorKind::UnknownUser(user) => write!(f, "User '{user}' does not exist."),
            ErrorKind::RoleNotFound { action } => {
                write!(f, "Failed to {action}: Role does not exist.")
            }
            ErrorKind::RoleExists { action } => {
                write!(f, "Failed to {action}: Role already exists.")
            }
            ErrorKind::UserNotFound { action } => {
                write!(f, "Failed to {action}: User does not exist.")
            }
            ErrorKind::UserExists { action } => {
                write!(f, "Failed to {action}: User already exists.")
            }
            ErrorKind::ReservedRole { action, participle } => write!(
                f,
                "Failed to {action}: 'PUBLIC' is a reserved role and cannot be {participle}."
            ),
            ErrorKind::AuthRuleNotFound { action } => {
                write!(f, "Failed to {action}: Auth rule does not exist.")
            }
            ErrorKind::AuthRuleExists { action } => {
                write!(f, "Failed to {action}: Auth rule already exists.")
            }
            ErrorKind::DenyOnAuthRuleRole { action, rule } => write!(
                f,
                "Failed to {action}: the role is granted to auth rule '{rule}', and a role granted to an auth rule cannot hold DENY privileges."
            ),
            ErrorKind::AuthRuleRoleWithDeny { action } => write!(
                f,
                "Failed to {action}: a role with DENY privileges cannot be granted to an auth rule."
            ),
            ErrorKind::InvalidCommand { action, reason } => {
                write!(f, "Failed to {action}: {reason}")
            }
            ErrorKind::FunctionNotAllowedInCondition(name) => write!(
                f,
                "Invalid input '{name}': the function {name} is not allowed in an auth rule condition"
            ),
            ErrorKind::CurrentTimeInCondition { input, replacement } => write!(
                f,
                "'{input}' cannot be used in an auth rule condition as it retrieves the current time: only the transaction's start time is known when a rule is evaluated. Use '{replacement}' instead"
            ),
            ErrorKind::InvalidClaimKey(got) => write!(
                f,
                "Invalid input for abac.oidc.user_attribute in an auth rule condition: expected one string literal (the claim key), got {got}"
            ),
            ErrorKind::NotAllowedInCondition(construct) => {
                write!(
                    f,
                    "Invalid input: {construct} is not allowed in an auth rule condition"
                )
            }
            ErrorKind::ConditionNotBoolean(text) => write!(
                f,
                "Invalid input '{text}' for auth rule condition: expected a boolean expression"
            ),
            ErrorKind::NullInPropertyRule => {
                f.write_str("null is not allowed in a property rule; use IS NULL or IS NOT NULL")
            }
            ErrorKind::NanInPropertyRule => f.write_str("NaN is not allowed in a property rule"),
            ErrorKind::MixedTypeList { first, second } => write!(
                f,
                "a list of mixed types ({first} and {second}) is not allowed"
            ),
            ErrorKind::InvalidPropertyRule(reason) => f.write_str(reason),
            ErrorKind::TokenExpired => f.write_str("The auth provider token has expired"),
            ErrorKind::AuthenticationFailed { reason } => {
                write!(f, "Authentication failed: {reason}")
            }
            ErrorKind::ResourceLimit(what) => write!(f, "resource limit: {what}"),
            ErrorKind::Internal(what) => write!(f, "internal error: {what}"),
        }
    }
}

/// An error found while reading text, at a byte offset of that text.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{kind}")]
pub struct SyntaxError {
    /// What is wrong.
    pub kind: ErrorKind,
    /// Byte offset into the parsed text where the construct starts.
    pub offset: usize,
}

impl SyntaxError {
    /// A syntax error at `offset` in the parser's words, naming the construct.
    pub fn new(offset: usize, message: impl Into<String>) -> Self {
        SyntaxError {
            kind: ErrorKind::Syntax(message.into()),
            offset,
        }
    }

    /// An error of `kind` at `offset`.
    pub fn of(offset: usize, kind: ErrorKind) -> Self {
        SyntaxError { kind, offset }
    }

    /// The message, as [`ErrorKind`] words it.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    /// The GQLSTATUS code.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

/// An error found while running a query or command.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{kind}")]
pub struct EngineError {
    /// What went wrong.
    pub kind: ErrorKind,
}

impl EngineError {
    /// An error of `kind`.
    pub fn of(kind: ErrorKind) -> Self {
        EngineError { kind }
    }

    /// The message, as [`ErrorKind`] words it.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    /// The GQLSTATUS code.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// Whether `expected` (a scenario's `expect_error`) accepts this error:
    /// it is the code exactly, or a part of the message (`""` accepts any).
    pub fn matches(&self, expected: &str) -> bool {
        expected == self.code() || self.message().contains(expected)
    }

    /// Whether the query ran over one of its budgets (rows, value size).
    pub fn is_over_budget(&self) -> bool {
        matches!(&self.kind, ErrorKind::ResourceLimit(r) if r.is_budget())
    }
}

impl From<ErrorKind> for EngineError {
    fn from(kind: ErrorKind) -> Self {
        EngineError { kind }
    }
}

impl From<SyntaxError> for EngineError {
    fn from(error: SyntaxError) -> Self {
        EngineError { kind: error.kind }
    }
}

/// 1-based line and column (in characters) of byte `offset` within `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_from_one() {
        let text = "ab\ncé d\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        // 'é' is two bytes: the space after it is the third character.
        assert_eq!(line_column(text, 6), (2, 3));
        assert_eq!(line_column(text, 100), (3, 1));
    }

    #[test]
    fn each_kind_is_worded_once_from_its_arguments() {
        let overflow =
            EngineError::of(ErrorKind::IntegerOverflow(Operation::Binary(BinaryOp::Add)));
        assert_eq!(overflow.message(), "integer overflow in +");
        assert_eq!(overflow.code(), "22003");
        let mismatch = ErrorKind::TypeMismatch {
            operation: Operation::Function(Function::ToLower),
            types: vec!["INTEGER"],
        };
        assert_eq!(
            mismatch.to_string(),
            "Type mismatch: cannot apply toLower() to INTEGER"
        );
        let denied = ErrorKind::AccessDenied {
            user: "alice".into(),
            roles: vec!["PUBLIC".into(), "custom".into()],
        };
        assert_eq!(
            denied.to_string(),
            "Database access is not allowed for user 'alice' with roles [PUBLIC, custom]."
        );
    }

    #[test]
    fn expect_error_matches_the_code_or_a_part_of_the_message() {
        let e = EngineError::of(ErrorKind::DivisionByZero(Operation::Binary(
            BinaryOp::Divide,
        )));
        assert!(e.matches("22012"));
        assert!(e.matches("division by zero"));
        assert!(e.matches(""));
        assert!(!e.matches("22003"));
        assert!(!e.matches("overflow"));
    }
}
