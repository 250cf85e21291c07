//! `growth`: how each query's time grows with the graph on the optimized
//! engine under one policy (`labels`, else the first measured), log-log,
//! each line labelled with its fitted slope (1.0 is linear).

use crate::results::{Measurement, metric};

use super::axis::{self, Axis};
use super::plot::{self, Marks, Plot, Series};
use super::{Plan, select};

/// The policy the chart prefers: a typical restricted one.
const POLICY: &str = "labels";

/// A slope up to this counts as "about linear" in the caption.
const LINEAR_ENOUGH: f64 = 1.15;

/// The chart's plan, or None without optimized `time` rows.
pub(super) fn plan(measurements: &[Measurement]) -> Option<Plan<'_>> {
    let times = select::rows(measurements, metric::TIME, Some("optimized"));
    let policies = select::distinct(&times, |m| m.key.policy.clone());
    let policy = if policies.iter().any(|p| p == POLICY) {
        POLICY.to_string()
    } else {
        policies.first()?.clone()
    };
    let times: Vec<&Measurement> = times
        .into_iter()
        .filter(|m| m.key.policy == policy)
        .collect();
    let slopes = select::rows(measurements, metric::SLOPE, Some("optimized"));
    let mut used = Vec::new();
    let mut series = Vec::new();
    // (query, slope, fitted or end to end)
    let mut fitted: Vec<(String, f64, bool)> = Vec::new();
    for query in select::distinct(&times, |m| m.key.query.clone()) {
        let rows: Vec<&Measurement> = times
            .iter()
            .copied()
            .filter(|m| m.key.query == query)
            .collect();
        let points = select::points(&rows, |m| m.key.nodes as f64);
        let slope_row = slopes
            .iter()
            .copied()
            .find(|m| m.key.query == query && m.key.policy == policy);
        let slope = match slope_row {
            Some(m) => Some((m.median, true)),
            None => select::end_slope(&points).map(|s| (s, false)),
        };
        used.extend(rows);
        used.extend(slope_row);
        let detail = slope.map(|(s, is_fit)| {
            fitted.push((query.clone(), s, is_fit));
            if is_fit {
                format!("slope {s:.2}")
            } else {
                format!("end-to-end slope {s:.2}")
            }
        });
        series.push(Series {
            name: query,
            detail,
            points,
            dashed: false,
        });
    }
    let (xs, ys) = plot::extents(&series);
    if xs.is_empty() {
        return None;
    }
    let caption = caption(&policy, &xs, &fitted);
    Some(Plan {
        plot: Plot {
            title: format!("How query time grows with the graph ({policy} policy)"),
            x: Axis::log_marks("graph size (nodes)", &xs, axis::count),
            y: Axis::log("median time (optimized engine)", &ys, axis::millis),
            marks: Marks::Lines(series),
            rules: Vec::new(),
            notes: vec![
                "Slope: the fitted log-log exponent of time against nodes. 1.0 is linear; below 1 grows slower than the graph.".to_string(),
            ],
        },
        caption,
        used,
    })
}

/// The range of slopes and whether every query stays about linear.
fn caption(policy: &str, xs: &[f64], fitted: &[(String, f64, bool)]) -> String {
    let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = xs.iter().copied().fold(0.0, f64::max);
    let span = if lo < hi {
        format!(
            "from {} to {} nodes",
            axis::thousands(lo as u64),
            axis::thousands(hi as u64)
        )
    } else {
        format!("at {} nodes", axis::thousands(hi as u64))
    };
    let mut sorted = fitted.to_vec();
    sorted.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (Some(flattest), Some(steepest)) = (sorted.first(), sorted.last()) else {
        return format!(
            "Median time of each query under the {policy} policy on the optimized engine {span}: one size only, so no slope."
        );
    };
    let kind = if sorted.iter().all(|s| s.2) {
        "fitted"
    } else {
        "end-to-end"
    };
    let range = if sorted.len() == 1 {
        format!(
            "the {kind} log-log slope is {:.2} ({})",
            flattest.1, flattest.0
        )
    } else {
        format!(
            "the {kind} log-log slopes run from {:.2} ({}) to {:.2} ({})",
            flattest.1, flattest.0, steepest.1, steepest.0
        )
    };
    let conclusion = if steepest.1 <= LINEAR_ENOUGH {
        "every query's time grows about linearly with the graph or slower (1.0 is linear)"
            .to_string()
    } else {
        let steep: Vec<String> = sorted
            .iter()
            .filter(|s| s.1 > LINEAR_ENOUGH)
            .map(|s| format!("{} ({:.2})", s.0, s.1))
            .collect();
        format!(
            "{} {} faster than the graph (1.0 is linear) and will dominate on larger graphs",
            super::and_list(&steep),
            if steep.len() == 1 { "grows" } else { "grow" }
        )
    };
    format!("Under the {policy} policy on the optimized engine, {span}, {range}: {conclusion}.")
}
