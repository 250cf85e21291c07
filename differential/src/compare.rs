//! How two engines' answers differ, in words a person can act on: a query's
//! rows (or errors) and a principal's whole visibility. `cargo xtask check`,
//! `cargo xtask fuzz` and the cargo-fuzz targets all judge with these.

use model::engine::{EngineError, Visibility};
use model::rows::{QueryResult, compare_results_named};

/// How engine `b` answered differently from engine `a`, with both answers;
/// `None` when they agree. Both failing is agreement: only the reference's
/// message text is specified.
pub fn disagreement(
    a: &str,
    a_outcome: &Result<QueryResult, String>,
    b: &str,
    b_outcome: &Result<QueryResult, String>,
) -> Option<String> {
    let why = match (a_outcome, b_outcome) {
        (Ok(x), Ok(y)) => compare_results_named(x, a, y, b).err(),
        (Err(_), Err(_)) => None,
        (Ok(_), Err(e)) => Some(format!("{a} answered rows, {b} failed: {e}")),
        (Err(e), Ok(_)) => Some(format!("{a} failed ({e}), {b} answered rows")),
    }?;
    Some(format!(
        "engines disagree ({a} vs {b}): {why}\n{a} answered: {}\n{b} answered: {}",
        describe(a_outcome),
        describe(b_outcome)
    ))
}

/// An outcome in one line: the rows (at most 20) or the error.
fn describe(outcome: &Result<QueryResult, String>) -> String {
    const SHOWN: usize = 20;
    match outcome {
        Err(e) => format!("error: {e}"),
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

/// How engine `b`'s visibility report differs from engine `a`'s; both
/// refusing the user (U5) is agreement.
pub fn visibility_disagreement(
    a: &str,
    a_seen: &Result<Visibility, EngineError>,
    b: &str,
    b_seen: &Result<Visibility, EngineError>,
) -> Option<String> {
    match (a_seen, b_seen) {
        (Ok(x), Ok(y)) => x.difference(a, y, b),
        (Err(_), Err(_)) => None,
        (Ok(_), Err(e)) => Some(format!("only {b} refused: {}", e.message)),
        (Err(e), Ok(_)) => Some(format!("only {a} refused: {}", e.message)),
    }
}
