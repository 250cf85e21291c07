//! `memory`: heap bytes per node and per relationship of the columnar
//! graph, with and without property columns, over graph size (log x).
//! Flat lines mean memory grows linearly with the graph.

use crate::results::{Measurement, metric};

use super::axis::{self, Axis};
use super::plot::{self, Marks, Plot, Series};
use super::{Plan, select};

/// The metrics drawn and their legend names.
const LINES: [(&str, &str); 4] = [
    (metric::BYTES_PER_NODE, "node"),
    (metric::BYTES_PER_NODE_WITH_PROPS, "node with properties"),
    (metric::BYTES_PER_REL, "relationship"),
    (
        metric::BYTES_PER_REL_WITH_PROPS,
        "relationship with properties",
    ),
];

/// A per-element cost that moves less than this across sizes is "flat".
const FLAT: f64 = 0.10;

/// The chart's plan, or None without any `bytes_per_*` rows.
pub(super) fn plan(measurements: &[Measurement]) -> Option<Plan<'_>> {
    let mut series = Vec::new();
    let mut used = Vec::new();
    for (metric, name) in LINES {
        let rows = select::rows(measurements, metric, None);
        if rows.is_empty() {
            continue;
        }
        series.push(Series {
            name: name.to_string(),
            detail: None,
            points: select::points(&rows, |m| m.key.nodes as f64),
            dashed: false,
        });
        used.extend(rows);
    }
    if series.is_empty() {
        return None;
    }
    let (xs, ys) = plot::extents(&series);
    let caption = caption(&series);
    Some(Plan {
        plot: Plot {
            title: "Memory per element of the columnar graph".to_string(),
            x: Axis::log_marks("graph size (nodes)", &xs, axis::count),
            y: Axis::linear_from_zero("heap bytes per element", &ys, axis::sig),
            marks: Marks::Lines(series),
            rules: Vec::new(),
            notes: vec!["Flat lines: memory grows in proportion to the graph.".to_string()],
        },
        caption,
        used,
    })
}

/// Each line's bytes at the largest size, and whether they stay flat.
fn caption(series: &[Series]) -> String {
    let largest = series
        .iter()
        .filter_map(|s| s.points.last().map(|p| p.x))
        .fold(0.0, f64::max);
    let parts: Vec<String> = series
        .iter()
        .filter_map(|s| {
            let p = s.points.iter().find(|p| p.x == largest)?;
            Some(format!("{} bytes per {}", axis::sig(p.y), s.name))
        })
        .collect();
    let mut text = format!(
        "At {} nodes the columnar graph takes {}.",
        axis::thousands(largest as u64),
        super::and_list(&parts)
    );
    let moved: Vec<(&Series, f64, f64)> = series
        .iter()
        .filter(|s| s.points.len() > 1)
        .filter_map(|s| {
            let lo = s.points.iter().map(|p| p.y).fold(f64::INFINITY, f64::min);
            let hi = s.points.iter().map(|p| p.y).fold(0.0, f64::max);
            (lo > 0.0).then_some((s, lo, hi))
        })
        .collect();
    if moved.is_empty() {
        return text;
    }
    let drifting: Vec<String> = moved
        .iter()
        .filter(|(_, lo, hi)| hi / lo - 1.0 > FLAT)
        .map(|(s, lo, hi)| {
            format!(
                "{} (from {} to {} bytes)",
                s.name,
                axis::sig(*lo),
                axis::sig(*hi)
            )
        })
        .collect();
    if drifting.is_empty() {
        text.push_str(&format!(
            " Across the sizes measured each figure moves by less than {:.0}%: memory grows linearly with the graph.",
            FLAT * 100.0
        ));
    } else {
        text.push_str(&format!(
            " The per-element cost changes with size for {}: fixed overheads or growing indexes are not amortised yet.",
            super::and_list(&drifting)
        ));
    }
    text
}
