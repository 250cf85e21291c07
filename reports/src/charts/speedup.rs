//! `speedup`: the reference engine's time over the optimized engine's, per
//! query and policy, at the largest graph both ran: grouped bars, log y,
//! with the line y = 1 (same speed).

use crate::results::{Measurement, metric};

use super::axis::{self, Axis};
use super::plot::{Bars, Marks, Plot};
use super::{Plan, select};

/// The chart's plan, or None without `speedup` rows.
pub(super) fn plan(measurements: &[Measurement]) -> Option<Plan<'_>> {
    let all = select::rows(measurements, metric::SPEEDUP, None);
    let nodes = all.iter().map(|m| m.key.nodes).max()?;
    let rows: Vec<&Measurement> = all.into_iter().filter(|m| m.key.nodes == nodes).collect();
    let groups = select::distinct(&rows, |m| m.key.query.clone());
    let policies = select::distinct(&rows, |m| m.key.policy.clone());
    let bars: Vec<Bars> = policies
        .iter()
        .map(|policy| Bars {
            name: if policy.is_empty() {
                "all".to_string()
            } else {
                policy.clone()
            },
            values: groups
                .iter()
                .map(|query| {
                    rows.iter()
                        .find(|m| &m.key.query == query && &m.key.policy == policy)
                        .map(|m| select::point(0.0, m))
                })
                .collect(),
        })
        .collect();
    let mut ys: Vec<f64> = rows.iter().flat_map(|m| [m.median, m.min, m.max]).collect();
    ys.push(1.0);
    let caption = caption(&rows, nodes);
    Some(Plan {
        plot: Plot {
            title: format!(
                "Reference ÷ optimized at {} nodes",
                axis::count(nodes as f64)
            ),
            x: Axis::log("query", &[1.0], axis::plain),
            y: Axis::log("reference time ÷ optimized time (×)", &ys, axis::ratio),
            marks: Marks::Bars { groups, bars },
            rules: vec![(1.0, "1× = same speed".to_string())],
            notes: vec![
                "Higher is better for the optimized engine; whiskers: min..max.".to_string(),
            ],
        },
        caption,
        used: rows,
    })
}

/// The smallest and largest speed-up and their geometric mean.
fn caption(rows: &[&Measurement], nodes: u64) -> String {
    let name = |m: &Measurement| {
        if m.key.policy.is_empty() {
            m.key.query.clone()
        } else {
            format!("{} under {}", m.key.query, m.key.policy)
        }
    };
    let valid: Vec<&Measurement> = rows
        .iter()
        .copied()
        .filter(|m| m.median.is_finite() && m.median > 0.0)
        .collect();
    let lowest = valid
        .iter()
        .copied()
        .min_by(|a, b| a.median.total_cmp(&b.median));
    let highest = valid
        .iter()
        .copied()
        .max_by(|a, b| a.median.total_cmp(&b.median));
    let (Some(lowest), Some(highest)) = (lowest, highest) else {
        return format!(
            "No positive speed-up was measured at {} nodes.",
            axis::thousands(nodes)
        );
    };
    let mean = select::geomean(&valid.iter().map(|m| m.median).collect::<Vec<_>>());
    let mut text = format!(
        "At {} nodes the optimized engine runs from {} ({}) to {} ({}) as fast as the reference",
        axis::thousands(nodes),
        axis::ratio(lowest.median),
        name(lowest),
        axis::ratio(highest.median),
        name(highest),
    );
    if let Some(mean) = mean.filter(|_| valid.len() > 1) {
        text.push_str(&format!(
            ", a geometric mean of {} over {} query-policy pairs",
            axis::ratio(mean),
            valid.len()
        ));
    }
    text.push('.');
    let slower: Vec<String> = valid
        .iter()
        .filter(|m| m.median < 1.0)
        .map(|m| name(m))
        .collect();
    if slower.is_empty() {
        text.push_str(" It is faster on every pair measured.");
    } else {
        text.push_str(&format!(
            " It is slower than the reference on {}: worth a look.",
            super::and_list(&slower)
        ));
    }
    text
}
