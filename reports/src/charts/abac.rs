//! `abac`: resolving an OIDC session's roles against the number of auth
//! rules in the catalog, one line per engine and step (`optimized open`,
//! `optimized transaction`, `optimized roles`, `reference roles`), µs,
//! log-log.

use crate::results::{Measurement, metric};

use super::axis::{self, Axis};
use super::plot::{self, Marks, Plot, Series};
use super::{Plan, select};

/// The chart's plan, or None without `abac_roles` rows.
pub(super) fn plan(measurements: &[Measurement]) -> Option<Plan<'_>> {
    let rows = select::rows(measurements, metric::ABAC_ROLES, None);
    if rows.is_empty() {
        return None;
    }
    let mut series = Vec::new();
    for (engine, query) in select::distinct(&rows, |m| (m.key.engine.clone(), m.key.query.clone()))
    {
        let own: Vec<&Measurement> = rows
            .iter()
            .copied()
            .filter(|m| m.key.engine == engine && m.key.query == query)
            .collect();
        let points = select::points(&own, |m| m.key.rules as f64);
        let detail = select::end_slope(&points).map(|s| format!("slope {s:.2}"));
        series.push(Series {
            name: format!("{engine} {query}").trim().to_string(),
            detail,
            points,
            dashed: false,
        });
    }
    let (xs, ys) = plot::extents(&series);
    let caption = caption(&series);
    Some(Plan {
        plot: Plot {
            title: "ABAC role resolution against rule count".to_string(),
            x: Axis::log_marks("auth rules in the catalog", &xs, axis::count),
            y: Axis::log("median time per session step", &ys, axis::micros),
            marks: Marks::Lines(series),
            rules: Vec::new(),
            notes: vec![
                "roles: a new session's roles from its verified token; open: a whole first transaction, token checked too; transaction: a later one; compile: compiling the rules.".to_string(),
                "Slope: log-log, first to last rule count; 1.0 is linear in the rules.".to_string(),
            ],
        },
        caption,
        used: rows,
    })
}

/// Each step's time at the most rules, and how it grows with them.
fn caption(series: &[Series]) -> String {
    let most = series
        .iter()
        .filter_map(|s| s.points.last().map(|p| p.x))
        .fold(0.0, f64::max);
    let at: Vec<String> = series
        .iter()
        .filter_map(|s| {
            let p = s.points.iter().find(|p| p.x == most)?;
            Some(format!("{} {}", s.name, axis::micros(p.y)))
        })
        .collect();
    let mut text = format!(
        "With {} auth rules: {}.",
        axis::thousands(most as u64),
        super::and_list(&at)
    );
    let slopes: Vec<(String, f64)> = series
        .iter()
        .filter_map(|s| select::end_slope(&s.points).map(|k| (s.name.clone(), k)))
        .collect();
    if !slopes.is_empty() {
        let steepest = slopes.iter().max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((name, slope)) = steepest {
            let verdict = if *slope <= 1.15 {
                "no step grows faster than the rule count"
            } else {
                "that step grows faster than the rule count"
            };
            text.push_str(&format!(
                " The steepest, {name}, has a log-log slope of {slope:.2} (1.0 is linear): {verdict}."
            ));
        }
    }
    text
}
