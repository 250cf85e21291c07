//! `overhead`: what security costs, per policy, as the graph grows: each
//! policy's time over the administrator's on the optimized engine,
//! geometric mean over the queries, log-log, with the line y = 1 (free).

use crate::results::{Measurement, metric};

use super::axis::{self, Axis};
use super::plot::{self, Marks, Plot, Point, Series};
use super::select;
use super::{Plan, and_list};

/// The chart's plan, or None without optimized `overhead` rows.
pub(super) fn plan(measurements: &[Measurement]) -> Option<Plan<'_>> {
    // Admin's overhead is 1 by definition: the y = 1 line says it.
    let rows: Vec<&Measurement> = select::rows(measurements, metric::OVERHEAD, Some("optimized"))
        .into_iter()
        .filter(|m| m.key.policy != "admin")
        .collect();
    let queries = select::distinct(&rows, |m| m.key.query.clone()).len();
    let mut series = Vec::new();
    let mut used = Vec::new();
    for policy in select::distinct(&rows, |m| m.key.policy.clone()) {
        let mut points = Vec::new();
        for nodes in select::sizes(&rows) {
            let at: Vec<&Measurement> = rows
                .iter()
                .copied()
                .filter(|m| m.key.policy == policy && m.key.nodes == nodes)
                .collect();
            let mean = |f: fn(&Measurement) -> f64| {
                select::geomean(&at.iter().map(|m| f(m)).collect::<Vec<_>>())
            };
            let (Some(y), Some(lo), Some(hi)) = (
                mean(|m| m.median),
                mean(|m| m.min.min(m.max)),
                mean(|m| m.min.max(m.max)),
            ) else {
                continue;
            };
            used.extend(at);
            points.push(Point {
                x: nodes as f64,
                y,
                lo,
                hi,
            });
        }
        if !points.is_empty() {
            series.push(Series {
                name: policy,
                detail: None,
                points,
                dashed: false,
            });
        }
    }
    if series.is_empty() {
        return None;
    }
    let (xs, mut ys) = plot::extents(&series);
    // The y = 1 line is always in view.
    ys.push(1.0);
    let caption = caption(&series, queries);
    Some(Plan {
        plot: Plot {
            title: "Security overhead against graph size".to_string(),
            x: Axis::log_marks("graph size (nodes)", &xs, axis::count),
            y: Axis::log("time ÷ admin's time (×)", &ys, axis::ratio),
            marks: Marks::Lines(series),
            rules: vec![(1.0, "1× = admin (no security)".to_string())],
            notes: vec![format!(
                "Each point: geometric mean over {queries} {} on the optimized engine; whiskers: min..max.",
                if queries == 1 { "query" } else { "queries" }
            )],
        },
        caption,
        used,
    })
}

/// "At N nodes the labels policy costs 1.08× the administrator's time, ..."
/// and whether the costliest policy's overhead changes with graph size.
fn caption(series: &[Series], queries: usize) -> String {
    let largest = series
        .iter()
        .filter_map(|s| s.points.last().map(|p| p.x))
        .fold(0.0, f64::max);
    let mut at_largest: Vec<(&Series, f64)> = series
        .iter()
        .filter_map(|s| s.points.iter().find(|p| p.x == largest).map(|p| (s, p.y)))
        .collect();
    at_largest.sort_by(|a, b| a.1.total_cmp(&b.1));
    let parts: Vec<String> = at_largest
        .iter()
        .enumerate()
        .map(|(i, (s, y))| {
            if i == 0 {
                format!(
                    "the {} policy costs {} the administrator's time",
                    s.name,
                    axis::ratio(*y)
                )
            } else {
                format!("{} {}", s.name, axis::ratio(*y))
            }
        })
        .collect();
    let mut text = format!(
        "At {} nodes (geometric mean over {queries} {}), {}.",
        axis::thousands(largest as u64),
        if queries == 1 { "query" } else { "queries" },
        and_list(&parts)
    );
    if let Some((costliest, y)) = at_largest.last() {
        let first = costliest.points.first().copied();
        if let Some(first) = first.filter(|f| f.x < largest) {
            let change = y / first.y;
            let trend = if (0.87..=1.15).contains(&change) {
                "its overhead stays roughly constant as the graph grows, so security's cost scales with the graph rather than faster"
            } else if change > 1.0 {
                "its overhead grows with the graph: security costs relatively more on larger graphs"
            } else {
                "its overhead shrinks as the graph grows: fixed per-query costs dominate on small graphs"
            };
            text.push_str(&format!(
                " The costliest, {}, cost {} at {} nodes, so {trend}.",
                costliest.name,
                axis::ratio(first.y),
                axis::thousands(first.x as u64),
            ));
        }
    }
    text
}
