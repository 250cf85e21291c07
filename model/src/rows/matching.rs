//! Rows against rows: as a multiset, or, when the final RETURN had ORDER BY,
//! in order except that rows with equivalent sort keys (a *tie group*)
//! compare as a multiset among themselves (docs/spec/scenario-format.md).
//!
//! A multiset comparison is a perfect bipartite matching under a
//! non-transitive "matches" relation (floats match within a tolerance, so
//! sorting both sides and pairing them would be wrong). It is found with
//! augmenting paths searched breadth-first, without recursion.

use std::collections::{BTreeMap, VecDeque};
use std::ops::Range;

use super::QueryResult;
use super::expected::{matches_expected, same_value};
use crate::value::Value;

/// Compares a result with the rows of `expect`: every expected row is keyed
/// by column, a missing column is null, and a key that is not a column of
/// the result is a failure. Rows compare as a multiset, or by tie groups
/// when `actual.sort_keys` is set. The error lists the missing and the
/// unexpected rows.
pub fn compare_with_expected(
    actual: &QueryResult,
    expected: &[BTreeMap<String, Value>],
) -> Result<(), String> {
    check_shape(actual, "the result")?;
    let mut rows = Vec::with_capacity(expected.len());
    for (i, row) in expected.iter().enumerate() {
        if let Some(bad) = row.keys().find(|k| !actual.columns.contains(k)) {
            return Err(format!(
                "expected row {} has key `{bad}`, which is not a column of the result (columns: {})",
                i + 1,
                actual.columns.join(", ")
            ));
        }
        let values = actual
            .columns
            .iter()
            .map(|c| row.get(c).cloned().unwrap_or(Value::Null))
            .collect::<Vec<_>>();
        rows.push(values);
    }
    let groups = actual.sort_keys.as_deref().map(tie_boundaries);
    let labels = Labels {
        missing: "missing".into(),
        unexpected: "unexpected".into(),
    };
    compare_rows(
        &actual.columns,
        &actual.rows,
        &rows,
        groups.as_deref(),
        |a, e| rows_match(a, e, matches_expected),
        labels,
    )
}

/// Compares two engines' results: same columns in the same order, and the
/// same rows as a multiset, or by tie groups when either had ORDER BY (a
/// group boundary stands only where both engines' sort keys change, so a tie
/// seen by either is respected). Values compare with full fidelity
/// ([`super::same_value`]): entity ids count and an integer never equals a float.
pub fn compare_results(a: &QueryResult, b: &QueryResult) -> Result<(), String> {
    compare_results_named(a, "first", b, "second")
}

/// [`compare_results`] with the engines' names in the message
/// (`only in reference: {n: 1}`).
pub fn compare_results_named(
    a: &QueryResult,
    a_name: &str,
    b: &QueryResult,
    b_name: &str,
) -> Result<(), String> {
    check_shape(a, a_name)?;
    check_shape(b, b_name)?;
    if a.columns != b.columns {
        return Err(format!(
            "columns differ: {a_name} [{}], {b_name} [{}]",
            a.columns.join(", "),
            b.columns.join(", ")
        ));
    }
    let boundaries = match (&a.sort_keys, &b.sort_keys) {
        (None, None) => None,
        (Some(k), None) | (None, Some(k)) => Some(tie_boundaries(k)),
        (Some(ka), Some(kb)) => Some(
            tie_boundaries(ka)
                .iter()
                .zip(tie_boundaries(kb))
                .map(|(x, y)| *x && y)
                .collect(),
        ),
    };
    let labels = Labels {
        missing: format!("only in {b_name}"),
        unexpected: format!("only in {a_name}"),
    };
    compare_rows(
        &a.columns,
        &a.rows,
        &b.rows,
        boundaries.as_deref(),
        |x, y| rows_match(x, y, same_value),
        labels,
    )
}

/// Every row must have one value per column, and sort keys one entry per row.
fn check_shape(r: &QueryResult, what: &str) -> Result<(), String> {
    if let Some(i) = r.rows.iter().position(|row| row.len() != r.columns.len()) {
        return Err(format!(
            "{what}: row {} has {} values for {} columns",
            i + 1,
            r.rows.get(i).map_or(0, Vec::len),
            r.columns.len()
        ));
    }
    if let Some(keys) = &r.sort_keys
        && keys.len() != r.rows.len()
    {
        return Err(format!(
            "{what}: {} sort keys for {} rows",
            keys.len(),
            r.rows.len()
        ));
    }
    Ok(())
}

fn rows_match(a: &[Value], b: &[Value], same: fn(&Value, &Value) -> bool) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
}

/// `result[i]` is true when a new tie group starts at row `i + 1`: the sort
/// keys of rows `i` and `i + 1` are not equivalent.
fn tie_boundaries(keys: &[Vec<Value>]) -> Vec<bool> {
    keys.windows(2)
        .map(|pair| match pair {
            [x, y] => x.len() != y.len() || x.iter().zip(y).any(|(p, q)| !p.equivalent(q)),
            _ => true,
        })
        .collect()
}

fn groups_from(boundaries: &[bool], rows: usize) -> Vec<Range<usize>> {
    let mut groups = Vec::new();
    let mut start = 0;
    for (i, &boundary) in boundaries.iter().enumerate() {
        if boundary {
            groups.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < rows {
        groups.push(start..rows);
    }
    groups
}

/// How the two sides' leftovers are named in messages.
struct Labels {
    /// Rows of the right side with no partner (expected, not returned).
    missing: String,
    /// Rows of the left side with no partner (returned, not expected).
    unexpected: String,
}

/// Leftovers of one multiset comparison, by index into each side.
struct Leftovers {
    /// Position (for ordered comparison) of the group, as rows `start..end`.
    group: Option<Range<usize>>,
    left: Vec<usize>,
    right: Vec<usize>,
}

fn compare_rows(
    columns: &[String],
    left: &[Vec<Value>],
    right: &[Vec<Value>],
    boundaries: Option<&[bool]>,
    matches: impl Fn(&[Value], &[Value]) -> bool,
    labels: Labels,
) -> Result<(), String> {
    let whole = |left_range: Range<usize>, right_range: Range<usize>, group| {
        let (l, r) = unmatched(left, left_range, right, right_range, &matches);
        Leftovers {
            group,
            left: l,
            right: r,
        }
    };
    let mut header = None;
    let diffs: Vec<Leftovers> = match boundaries {
        Some(b) if left.len() == right.len() => groups_from(b, left.len())
            .into_iter()
            .map(|g| whole(g.clone(), g.clone(), Some(g)))
            .collect(),
        Some(_) => {
            header = Some(format!(
                "{} rows against {} (ordered; shown as a multiset difference)",
                left.len(),
                right.len()
            ));
            vec![whole(0..left.len(), 0..right.len(), None)]
        }
        None => vec![whole(0..left.len(), 0..right.len(), None)],
    };
    let failing: Vec<&Leftovers> = diffs
        .iter()
        .filter(|d| !d.left.is_empty() || !d.right.is_empty())
        .collect();
    if failing.is_empty() && header.is_none() {
        return Ok(());
    }
    let mut lines = vec![format!("rows differ (columns: {})", columns.join(", "))];
    lines.extend(header);
    let mut missing = Vec::new();
    let mut unexpected = Vec::new();
    for d in &failing {
        let at = match &d.group {
            Some(g) if g.len() == 1 => format!(" at row {}", g.start + 1),
            Some(g) => format!(" at rows {}-{}", g.start + 1, g.end),
            None => String::new(),
        };
        missing.extend(
            d.right
                .iter()
                .filter_map(|&i| right.get(i))
                .map(|row| format!("  {}{at}: {}", labels.missing, render_row(columns, row))),
        );
        unexpected.extend(
            d.left
                .iter()
                .filter_map(|&i| left.get(i))
                .map(|row| format!("  {}{at}: {}", labels.unexpected, render_row(columns, row))),
        );
    }
    lines.extend(capped(missing));
    lines.extend(capped(unexpected));
    Err(lines.join("\n"))
}

/// At most this many rows of each kind are listed in a message.
const MAX_LISTED: usize = 10;

fn capped(mut lines: Vec<String>) -> Vec<String> {
    if lines.len() > MAX_LISTED {
        let more = lines.len() - MAX_LISTED;
        lines.truncate(MAX_LISTED);
        lines.push(format!("  ... and {more} more"));
    }
    lines
}

/// `{a: 1, b: 'x'}` with columns in result order.
fn render_row(columns: &[String], row: &[Value]) -> String {
    let cells: Vec<String> = columns
        .iter()
        .zip(row)
        .map(|(c, v)| format!("{c}: {v}"))
        .collect();
    format!("{{{}}}", cells.join(", "))
}

/// Maximum matching between two ranges of rows; returns the unmatched
/// indexes of each side. Empty leftovers on both sides means the ranges are
/// equal as multisets.
fn unmatched(
    left: &[Vec<Value>],
    left_range: Range<usize>,
    right: &[Vec<Value>],
    right_range: Range<usize>,
    matches: impl Fn(&[Value], &[Value]) -> bool,
) -> (Vec<usize>, Vec<usize>) {
    let left_ids: Vec<usize> = left_range.filter(|&i| i < left.len()).collect();
    let right_ids: Vec<usize> = right_range.filter(|&i| i < right.len()).collect();
    let adjacency: Vec<Vec<usize>> = left_ids
        .iter()
        .map(|&l| {
            right_ids
                .iter()
                .enumerate()
                .filter(|&(_, &r)| match (left.get(l), right.get(r)) {
                    (Some(a), Some(b)) => matches(a, b),
                    _ => false,
                })
                .map(|(j, _)| j)
                .collect()
        })
        .collect();
    let (left_partner, right_partner) = max_matching(&adjacency, right_ids.len());
    let lonely_left = left_ids
        .iter()
        .zip(&left_partner)
        .filter(|(_, p)| p.is_none())
        .map(|(&i, _)| i)
        .collect();
    let lonely_right = right_ids
        .iter()
        .zip(&right_partner)
        .filter(|(_, p)| p.is_none())
        .map(|(&i, _)| i)
        .collect();
    (lonely_left, lonely_right)
}

/// Maximum bipartite matching (augmenting paths, found breadth-first):
/// `adjacency[l]` lists the right vertices that left vertex `l` may pair
/// with. Returns each side's partner.
fn max_matching(
    adjacency: &[Vec<usize>],
    right_count: usize,
) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let mut left_partner: Vec<Option<usize>> = vec![None; adjacency.len()];
    let mut right_partner: Vec<Option<usize>> = vec![None; right_count];
    for root in 0..adjacency.len() {
        // reached_from[r]: the left vertex through which right vertex r was reached.
        let mut reached_from: Vec<Option<usize>> = vec![None; right_count];
        let mut queue = VecDeque::from([root]);
        let mut free_end = None;
        'search: while let Some(l) = queue.pop_front() {
            for &r in adjacency.get(l).map_or(&[][..], Vec::as_slice) {
                let Some(slot) = reached_from.get_mut(r) else {
                    continue;
                };
                if slot.is_some() {
                    continue;
                }
                *slot = Some(l);
                match right_partner.get(r).copied().flatten() {
                    None => {
                        free_end = Some(r);
                        break 'search;
                    }
                    Some(next) => queue.push_back(next),
                }
            }
        }
        // Flip the path from the free right vertex back to the root.
        let mut r = free_end;
        while let Some(right) = r {
            let Some(l) = reached_from.get(right).copied().flatten() else {
                break;
            };
            let previous = left_partner.get(l).copied().flatten();
            if let Some(p) = left_partner.get_mut(l) {
                *p = Some(right);
            }
            if let Some(p) = right_partner.get_mut(right) {
                *p = Some(l);
            }
            r = if l == root { None } else { previous };
        }
    }
    (left_partner, right_partner)
}

#[cfg(test)]
mod tests;
