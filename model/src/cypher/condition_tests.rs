//! Tests of A2's checks on auth rule conditions: which conditions CREATE /
//! ALTER AUTH RULE accept, and for each refusal its code and the offset of
//! the offending construct (worked out by hand from the command text).

use super::*;
use crate::admin::AdminCommand;
use crate::cypher::{Statement, parse_statement};

/// `CREATE AUTH RULE r SET CONDITION ` is 33 bytes: offsets below are 33
/// plus the construct's place in the condition.
const CREATE: &str = "CREATE AUTH RULE r SET CONDITION ";

fn create(condition: &str) -> Result<Statement, SyntaxError> {
    parse_statement(&format!("{CREATE}{condition}"))
}

fn refused(condition: &str) -> SyntaxError {
    match create(condition) {
        Ok(s) => panic!("{condition} was accepted: {s:?}"),
        Err(e) => e,
    }
}

/// Asserts the refusal's code, offset and a part of its message.
fn assert_refused(condition: &str, code: &str, offset: usize, message: &str) {
    let e = refused(condition);
    assert_eq!(e.code(), code, "{condition}: {}", e.message());
    assert_eq!(e.offset, offset, "{condition}: {}", e.message());
    assert!(
        e.message().contains(message),
        "{condition}: {} does not contain {message}",
        e.message()
    );
}

#[test]
fn conditions_over_claims_literals_and_the_transaction_clock_are_accepted() {
    for condition in [
        "abac.oidc.user_attribute('dept') = 'sales'",
        "datetime.transaction().hour < 18",
        "any(x IN abac.oidc.user_attribute('groups') WHERE x STARTS WITH 'a')",
        "size(abac.oidc.user_attribute('g')) > 2 AND NOT abac.oidc.user_attribute('x') IS NULL",
        // Of unknown type: the claim, CASE, head, coalesce, a bound variable.
        "abac.oidc.user_attribute('flag')",
        "CASE WHEN true THEN 1 END",
        "head([true]) OR coalesce(abac.oidc.user_attribute('a'), false)",
        "reduce(acc = true, x IN [true, false] | acc AND x)",
        "[x IN [1, 2] WHERE x > 1] = [2]",
        "date('2024-01-01') < date(abac.oidc.user_attribute('start'))",
        "datetime({timezone: 'UTC', year: 2020}) IS NOT NULL",
        "toBoolean(abac.oidc.user_attribute('b')) XOR false",
        "null",
        "true",
        "NOT (abac.oidc.user_attribute('a') IN ['x', 'y'])",
    ] {
        match create(condition) {
            Ok(Statement::Admin(AdminCommand::CreateAuthRule { condition: c, .. })) => {
                assert_eq!(c, condition)
            }
            other => panic!("{condition}: {other:?}"),
        }
    }
}

#[test]
fn functions_outside_the_allow_list_are_refused_by_name() {
    assert_refused(
        "labels(abac.oidc.user_attribute('x')) = []",
        "22N05",
        33,
        "the function labels is not allowed in an auth rule condition",
    );
    assert_refused("keys({a: 1}) = ['a']", "22N05", 33, "keys");
    // After `abac.oidc.user_attribute('x') = ` (32 bytes).
    assert_refused(
        "abac.oidc.user_attribute('x') = exists(abac.oidc.user_attribute('y'))",
        "22N05",
        65,
        "exists",
    );
    // The canonical spelling is named, whatever the case written.
    assert_refused("TYPE(null) = 'T'", "22N05", 33, "function type ");
    assert!(is_allowed("TOLOWER") && is_allowed("toLower") && is_allowed("duration.inDays"));
    assert!(!is_allowed("labels") && !is_allowed("datetime.realtime"));
}

#[test]
fn current_time_forms_name_the_transaction_form() {
    assert_refused(
        "datetime() > datetime('2020-01-01')",
        "42NAM",
        33,
        "Use 'datetime.transaction()' instead",
    );
    assert_refused(
        "abac.oidc.user_attribute('d') < date()",
        "42NAM",
        65,
        "'date()' cannot be used in an auth rule condition as it retrieves the current time",
    );
    // Forms the registry does not know are named too, before "unknown function".
    for (call, replacement) in [
        ("localdatetime()", "localdatetime.transaction()"),
        ("time()", "time.transaction()"),
        ("localtime()", "localtime.transaction()"),
        ("datetime.realtime()", "datetime.transaction()"),
        ("datetime.statement('UTC')", "datetime.transaction('UTC')"),
        ("date({timezone: 'UTC'})", "date.transaction('UTC')"),
        ("date({timezone: 1})", "date.transaction()"),
        (
            "date.truncate('day')",
            "date.truncate(unit, date.transaction())",
        ),
    ] {
        assert_refused(&format!("{call} IS NULL"), "42NAM", 33, replacement);
    }
    // An argument that names a point in time is not the current time.
    assert_eq!(
        current_time_form("date", &[Expr::Literal(Value::String("2020-01-01".into()))]),
        None
    );
    assert_eq!(
        current_time_form(
            "DateTime",
            &[Expr::Map(vec![
                (
                    "timezone".into(),
                    Expr::Literal(Value::String("UTC".into()))
                ),
                ("epochSeconds".into(), Expr::Literal(Value::Integer(0))),
            ])]
        ),
        None
    );
    assert_eq!(current_time_form("datetime.transaction", &[]), None);
    assert_eq!(current_time_form("duration", &[]), None);
}

#[test]
fn the_claim_function_takes_one_string_literal() {
    assert_refused(
        "abac.oidc.user_attribute(1) = 1",
        "22N05",
        33,
        "expected one string literal (the claim key), got '1'",
    );
    assert_refused(
        "abac.oidc.user_attribute('a', 'b') = 1",
        "22N05",
        33,
        "got 2 arguments",
    );
    assert_refused(
        "abac.oidc.user_attribute() IS NULL",
        "22N05",
        33,
        "got 0 arguments",
    );
    assert_refused(
        "abac.oidc.user_attribute(toLower('A')) = 'a'",
        "22N05",
        33,
        "got 'toLower('A')'",
    );
}

#[test]
fn only_the_conditions_own_variables_are_bound() {
    // `n.k = 1`: `n` is bound by nothing.
    assert_refused("n.k = 1", "42N62", 33, "Variable `n` not defined");
    assert_refused("abac.oidc.user_attribute('x') = y", "42N62", 65, "`y`");
    // A quantifier's variable does not outlive the quantifier.
    assert_refused("any(x IN [1] WHERE x = 1) AND x = 1", "42N62", 63, "`x`");
}

#[test]
fn label_predicates_parameters_patterns_and_aggregates_are_refused() {
    // The `:` after `any(x IN [1] WHERE x` (20 bytes).
    assert_refused(
        "any(x IN [1] WHERE x:A)",
        "22N05",
        53,
        "a label predicate is not allowed in an auth rule condition",
    );
    assert_refused(
        "abac.oidc.user_attribute('x') = $p",
        "22N05",
        65,
        "a parameter is not allowed",
    );
    // The pattern inside `exists(` (7 bytes) is refused before the call.
    assert_refused("exists(()-->())", "22N05", 40, "a pattern expression");
    assert_refused(
        "count(abac.oidc.user_attribute('x')) > 1",
        "42I24",
        33,
        "count",
    );
}

#[test]
fn statically_non_boolean_conditions_are_refused() {
    for (condition, offset, text) in [
        ("42", 33, "'42'"),
        ("'a'", 33, "''a''"),
        ("[true]", 33, "'[true]'"),
        ("1 + 2", 33, "'1 + 2'"),
        ("{a: true}", 33, "'{a: true}'"),
        ("-abac.oidc.user_attribute('n')", 33, "'-abac"),
        ("toLower(abac.oidc.user_attribute('n'))", 33, "'toLower("),
        ("[x IN [true] | x]", 33, "'[x IN [true] | x]'"),
        // Operands of NOT/AND/OR/XOR.
        ("NOT 1", 37, "'1'"),
        ("true AND 'a'", 42, "''a''"),
        ("1 OR true", 33, "'1'"),
        ("true XOR size([])", 42, "'size([])'"),
        ("true AND false AND 2.5", 52, "'2.5'"),
        ("(1) AND true", 33, "'(1)'"),
    ] {
        let e = refused(condition);
        assert_eq!(e.code(), "22N04", "{condition}: {}", e.message());
        assert_eq!(e.offset, offset, "{condition}: {}", e.message());
        assert!(
            e.message().contains(&format!("Invalid input {text}"))
                && e.message()
                    .ends_with("for auth rule condition: expected a boolean expression"),
            "{condition}: {}",
            e.message()
        );
    }
    // ALTER checks its condition the same way: `ALTER AUTH RULE r SET
    // CONDITION ` is 32 bytes.
    let e = parse_statement("ALTER AUTH RULE r SET CONDITION 42").expect_err("not boolean");
    assert_eq!((e.code(), e.offset), ("22N04", 32));
}

#[test]
fn abac_functions_are_refused_outside_conditions() {
    let e = parse_statement("RETURN abac.oidc.user_attribute('x') AS a").expect_err("abac");
    assert_eq!(e.code(), "42N0D");
    assert_eq!(e.offset, 7);
    assert_eq!(
        e.message(),
        "The function abac.oidc.user_attribute cannot be called from this context: abac functions are only allowed in auth rule conditions"
    );
    // A SHOW tail after a condition is an ordinary expression again.
    let e =
        parse_statement("SHOW AUTH RULES WHERE abac.oidc.user_attribute('x')").expect_err("abac");
    assert_eq!(e.code(), "42N0D");
}
