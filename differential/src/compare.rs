//! How two engines' answers differ, in words a person can act on. This is
//! the one place where answers are compared: rows (multiset, ORDER BY tie
//! groups, `model::rows`), whole visibilities, and errors, which agree only
//! when they are of the same kind with the same arguments (so the same code
//! and the same message).

use model::engine::{EngineError, Visibility};
use model::rows::{QueryResult, compare_results_named};

/// How engine `b`'s answer to a query differs from engine `a`'s, with both
/// answers; `None` when they agree, and when either ran over a budget
/// ([`over_budget`]).
pub fn rows_difference(
    a: &str,
    a_outcome: &Result<QueryResult, EngineError>,
    b: &str,
    b_outcome: &Result<QueryResult, EngineError>,
) -> Option<String> {
    if over_budget(a_outcome) || over_budget(b_outcome) {
        return None;
    }
    let why = match (a_outcome, b_outcome) {
        (Ok(x), Ok(y)) => compare_results_named(x, a, y, b).err(),
        (Err(x), Err(y)) => error_difference(a, x, b, y),
        (Ok(_), Err(e)) => Some(format!("{a} answered rows, {b} failed: {}", described(e))),
        (Err(e), Ok(_)) => Some(format!("{a} failed ({}), {b} answered rows", described(e))),
    }?;
    Some(format!(
        "engines disagree ({a} vs {b}): {why}\n{a} answered: {}\n{b} answered: {}",
        describe(a_outcome),
        describe(b_outcome)
    ))
}

/// Whether an answer is a query's budget running out (rows, value size).
/// Such an answer is compared with no other: budgets bound each engine's
/// own work (which rows it builds, in which order, where it stops early
/// for LIMIT), so one engine may run out where another answers
/// (docs/spec/semantics.md, "Budgets"). Whether the query may run out is
/// the scenario's `expect` to judge, not the other engines.
pub fn over_budget<T>(outcome: &Result<T, EngineError>) -> bool {
    outcome
        .as_ref()
        .err()
        .is_some_and(EngineError::is_over_budget)
}

/// How engine `b`'s visibility report differs from engine `a`'s.
pub fn visibility_difference(
    a: &str,
    a_seen: &Result<Visibility, EngineError>,
    b: &str,
    b_seen: &Result<Visibility, EngineError>,
) -> Option<String> {
    match (a_seen, b_seen) {
        (Ok(x), Ok(y)) => x.difference(a, y, b),
        (Err(x), Err(y)) => error_difference(a, x, b, y),
        (Ok(_), Err(e)) => Some(format!("only {b} refused: {}", described(e))),
        (Err(e), Ok(_)) => Some(format!("only {a} refused: {}", described(e))),
    }
}

/// How engine `b`'s answer to a request without rows (loading a world,
/// ACCESS) differs from engine `a`'s.
pub fn unit_difference(
    a: &str,
    a_outcome: &Result<(), EngineError>,
    b: &str,
    b_outcome: &Result<(), EngineError>,
) -> Option<String> {
    match (a_outcome, b_outcome) {
        (Ok(()), Ok(())) => None,
        (Err(x), Err(y)) => error_difference(a, x, b, y),
        (Ok(()), Err(e)) => Some(format!("only {b} failed: {}", described(e))),
        (Err(e), Ok(())) => Some(format!("only {a} failed: {}", described(e))),
    }
}

/// Two errors disagree unless they are the same kind with the same
/// arguments: each engine decides which error occurs, and an engine that
/// fails for another reason, or names another value, is not agreeing.
pub fn error_difference(a: &str, x: &EngineError, b: &str, y: &EngineError) -> Option<String> {
    (x.kind != y.kind).then(|| {
        format!(
            "both failed, differently: {a} {}, {b} {}",
            described(x),
            described(y)
        )
    })
}

/// An error with its code: `22003 integer overflow in +`.
pub fn described(e: &EngineError) -> String {
    format!("{} {}", e.code(), e.message())
}

/// An outcome in one line: the rows (at most 20) or the error.
pub fn describe(outcome: &Result<QueryResult, EngineError>) -> String {
    const SHOWN: usize = 20;
    match outcome {
        Err(e) => format!("error {}", described(e)),
        Ok(result) => {
            let rows: Vec<String> = result
                .rows
                .iter()
                .take(SHOWN)
                .map(|row| {
                    let cells: Vec<String> = result
                        .columns
                        .iter()
                        .zip(row)
                        .map(|(c, v)| format!("{c}: {v}"))
                        .collect();
                    format!("{{{}}}", cells.join(", "))
                })
                .collect();
            let more = result.rows.len().saturating_sub(SHOWN);
            let tail = if more > 0 {
                format!(" (+{more} more)")
            } else {
                String::new()
            };
            format!("{} row(s) [{}]{tail}", result.rows.len(), rows.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::ast::BinaryOp;
    use model::error::{ErrorKind, Operation};
    use model::value::Value;

    fn rows(values: &[i64]) -> Result<QueryResult, EngineError> {
        Ok(QueryResult {
            columns: vec!["x".into()],
            rows: values.iter().map(|v| vec![Value::Integer(*v)]).collect(),
            sort_keys: None,
        })
    }

    fn error(kind: ErrorKind) -> Result<QueryResult, EngineError> {
        Err(EngineError::of(kind))
    }

    #[test]
    fn rows_agree_as_multisets() {
        assert_eq!(
            rows_difference("a", &rows(&[1, 2]), "b", &rows(&[2, 1])),
            None
        );
        let d = rows_difference("a", &rows(&[1]), "b", &rows(&[2])).unwrap_or_default();
        assert!(d.contains("engines disagree (a vs b)"), "{d}");
        assert!(d.contains("a answered: 1 row(s) [{x: 1}]"), "{d}");
    }

    #[test]
    fn errors_agree_only_when_they_are_the_same_error() {
        let overflow = || error(ErrorKind::IntegerOverflow(Operation::Binary(BinaryOp::Add)));
        assert_eq!(rows_difference("a", &overflow(), "b", &overflow()), None);
        let other_operation = error(ErrorKind::IntegerOverflow(Operation::Binary(
            BinaryOp::Multiply,
        )));
        assert!(rows_difference("a", &overflow(), "b", &other_operation).is_some());
        let by_zero = error(ErrorKind::DivisionByZero(Operation::Binary(
            BinaryOp::Divide,
        )));
        let d = rows_difference("a", &overflow(), "b", &by_zero).unwrap_or_default();
        assert!(
            d.contains("a 22003 integer overflow in +, b 22012 division by zero in /"),
            "{d}"
        );
        let d = rows_difference("a", &rows(&[]), "b", &by_zero).unwrap_or_default();
        assert!(d.contains("a answered rows, b failed: 22012"), "{d}");
    }

    #[test]
    fn refusals_are_compared_like_errors() {
        let refused = |user: &str| {
            Err(EngineError::of(ErrorKind::AccessDenied {
                user: user.into(),
                roles: vec!["PUBLIC".into()],
            }))
        };
        assert_eq!(
            unit_difference("a", &refused("u"), "b", &refused("u")),
            None
        );
        assert!(unit_difference("a", &refused("u"), "b", &refused("v")).is_some());
        assert!(unit_difference("a", &Ok(()), "b", &refused("u")).is_some());
        let seen: Result<Visibility, EngineError> = Ok(Visibility::default());
        let d = visibility_difference(
            "a",
            &seen,
            "b",
            &refused("u").map(|()| Visibility::default()),
        )
        .unwrap_or_default();
        assert!(d.starts_with("only b refused: 42NFF"), "{d}");
    }
}
