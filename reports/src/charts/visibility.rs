//! `visibility`: how fast each policy's visibility is computed (elements
//! per second) against the streaming bound, a plain pass over the same
//! columns (dashed), over graph size, log-log.

use crate::results::{Measurement, metric};

use super::axis::{self, Axis};
use super::plot::{self, Marks, Plot, Series};
use super::{Plan, select};

/// The chart's plan, or None without `visibility_rate` rows.
pub(super) fn plan(measurements: &[Measurement]) -> Option<Plan<'_>> {
    let rates = select::rows(measurements, metric::VISIBILITY_RATE, None);
    if rates.is_empty() {
        return None;
    }
    let streams = select::rows(measurements, metric::STREAM_RATE, None);
    let engines = select::distinct(&rates, |m| m.key.engine.clone());
    let mut series = Vec::new();
    for (engine, policy) in
        select::distinct(&rates, |m| (m.key.engine.clone(), m.key.policy.clone()))
    {
        let rows: Vec<&Measurement> = rates
            .iter()
            .copied()
            .filter(|m| m.key.engine == engine && m.key.policy == policy)
            .collect();
        let name = match (engines.len() > 1, policy.is_empty()) {
            (true, true) => engine,
            (true, false) => format!("{engine} {policy}"),
            (false, true) => "all policies".to_string(),
            (false, false) => policy,
        };
        series.push(Series {
            name,
            detail: None,
            points: select::points(&rows, |m| m.key.nodes as f64),
            dashed: false,
        });
    }
    let bounds = select::distinct(&streams, |m| (m.key.engine.clone(), m.key.policy.clone()));
    for (engine, policy) in &bounds {
        let rows: Vec<&Measurement> = streams
            .iter()
            .copied()
            .filter(|m| &m.key.engine == engine && &m.key.policy == policy)
            .collect();
        let name = if bounds.len() > 1 {
            format!("streaming bound {engine} {policy}")
                .trim()
                .to_string()
        } else {
            "streaming bound".to_string()
        };
        series.push(Series {
            name,
            detail: Some("a plain pass over the columns".to_string()),
            points: select::points(&rows, |m| m.key.nodes as f64),
            dashed: true,
        });
    }
    let (xs, ys) = plot::extents(&series);
    let caption = caption(&series);
    let mut used = rates;
    used.extend(streams);
    Some(Plan {
        plot: Plot {
            title: "Visibility throughput against the streaming bound".to_string(),
            x: Axis::log_marks("graph size (nodes)", &xs, axis::count),
            y: Axis::log(
                "elements (nodes + relationships) per second",
                &ys,
                axis::count,
            ),
            marks: Marks::Lines(series),
            rules: Vec::new(),
            notes: vec![
                "Higher is better. Dashed: one plain pass over the same columns, with no policy."
                    .to_string(),
            ],
        },
        caption,
        used,
    })
}

/// The slowest and fastest policy at the largest size, as rates and as
/// fractions of the streaming bound.
fn caption(series: &[Series]) -> String {
    let largest = series
        .iter()
        .filter(|s| !s.dashed)
        .filter_map(|s| s.points.last().map(|p| p.x))
        .fold(0.0, f64::max);
    let at = |s: &Series| s.points.iter().find(|p| p.x == largest).map(|p| p.y);
    let mut policies: Vec<(&Series, f64)> = series
        .iter()
        .filter(|s| !s.dashed)
        .filter_map(|s| at(s).map(|y| (s, y)))
        .collect();
    policies.sort_by(|a, b| a.1.total_cmp(&b.1));
    let bound = series.iter().filter(|s| s.dashed).find_map(at);
    let rate = |v: f64| format!("{} elements/s", axis::count(v));
    let share = |v: f64| match bound {
        Some(b) if b > 0.0 => format!(
            ", {:.0}% of the streaming bound ({})",
            100.0 * v / b,
            rate(b)
        ),
        _ => String::new(),
    };
    let (Some((slowest, slow)), Some((fastest, fast))) = (policies.first(), policies.last()) else {
        return "No visibility rate at a common size.".to_string();
    };
    let mut text = format!(
        "At {} nodes the slowest policy, {}, computes visibility at {}{}",
        axis::thousands(largest as u64),
        slowest.name,
        rate(*slow),
        share(*slow)
    );
    if policies.len() > 1 {
        text.push_str(&format!(
            "; the fastest, {}, at {}",
            fastest.name,
            rate(*fast)
        ));
    }
    text.push_str(
        ". A line near or above the dashed one costs little beyond reading the graph once.",
    );
    text
}
