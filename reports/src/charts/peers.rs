//! `peers`: computing which nodes a user may see, Polygraph's optimized
//! engine against general-purpose authorization engines (Cedar, Casbin)
//! asked once per node, over graph size, ms, log-log. The caption sets each
//! peer's per-decision time beside the figure its project publishes.

use crate::results::{Measurement, metric};

use super::axis::{self, Axis};
use super::plot::{self, Marks, Plot, Series};
use super::{Plan, display_name, select};

/// What each peer's own project publishes about its decision time.
const PUBLISHED: [(&str, &str); 2] = [
    (
        "cedar",
        "Cedar's paper (Cutler et al., \"Cedar: A New Language for Expressive, Fast, Safe, and Analyzable Authorization\", OOPSLA 2024) reports a median of 4-11 µs per request",
    ),
    (
        "casbin",
        "Casbin's own benchmark page reports 164 µs per RBAC decision at 1,100 rules",
    ),
];

/// The chart's plan, or None without `peer_time` rows.
pub(super) fn plan(measurements: &[Measurement]) -> Option<Plan<'_>> {
    let times = select::rows(measurements, metric::PEER_TIME, None);
    if times.is_empty() {
        return None;
    }
    let decisions = select::rows(measurements, metric::PEER_DECISION, None);
    let ratios = select::rows(measurements, metric::PEER_RATIO, None);
    let mut series = Vec::new();
    for (engine, policy) in
        select::distinct(&times, |m| (m.key.engine.clone(), m.key.policy.clone()))
    {
        let rows: Vec<&Measurement> = times
            .iter()
            .copied()
            .filter(|m| m.key.engine == engine && m.key.policy == policy)
            .collect();
        series.push(Series {
            name: format!("{} {policy}", display_name(&engine))
                .trim()
                .to_string(),
            detail: None,
            points: select::points(&rows, |m| m.key.nodes as f64),
            dashed: false,
        });
    }
    let (xs, ys) = plot::extents(&series);
    let caption = caption(&times, &decisions, &ratios);
    let mut used = times;
    used.extend(decisions);
    used.extend(ratios);
    Some(Plan {
        plot: Plot {
            title: "Which nodes may this user see? Against peers".to_string(),
            x: Axis::log_marks("graph size (nodes)", &xs, axis::count),
            y: Axis::log("median time for the visible node set", &ys, axis::millis),
            marks: Marks::Lines(series),
            rules: Vec::new(),
            notes: vec![
                "Peers decide once per node; the optimized engine compiles the policy's visibility.".to_string(),
            ],
        },
        caption,
        used,
    })
}

/// Times at the largest size with each peer's ratio, then each peer's
/// per-decision time beside its published figure.
fn caption(times: &[&Measurement], decisions: &[&Measurement], ratios: &[&Measurement]) -> String {
    let largest = times.iter().map(|m| m.key.nodes).max().unwrap_or(0);
    let mut parts = Vec::new();
    for m in times.iter().filter(|m| m.key.nodes == largest) {
        let ratio = ratios
            .iter()
            .filter(|r| r.key.engine == m.key.engine && r.key.nodes == largest)
            .find(|r| r.key.policy == m.key.policy || r.key.policy.is_empty())
            .map(|r| format!(" ({} the optimized engine's time)", axis::ratio(r.median)))
            .unwrap_or_default();
        let under = if m.key.policy.is_empty() {
            String::new()
        } else {
            format!(" under {}", m.key.policy)
        };
        parts.push(format!(
            "{} {}{under}{ratio}",
            display_name(&m.key.engine),
            axis::millis(m.median)
        ));
    }
    let mut text = format!(
        "At {} nodes, computing the nodes a user may see takes: {}.",
        axis::thousands(largest),
        super::and_list(&parts)
    );
    let mut per_decision = Vec::new();
    for engine in select::distinct(decisions, |m| m.key.engine.clone()) {
        let Some(m) = decisions
            .iter()
            .filter(|m| m.key.engine == engine)
            .max_by_key(|m| m.key.nodes)
        else {
            continue;
        };
        let published = PUBLISHED
            .iter()
            .find(|(peer, _)| *peer == engine)
            .map(|(_, claim)| format!(", where {claim}"))
            .unwrap_or_default();
        per_decision.push(format!(
            "{} took {} per decision here{published}",
            display_name(&engine),
            axis::micros(m.median)
        ));
    }
    if !per_decision.is_empty() {
        text.push_str(&format!(" {}.", capitalised(&per_decision.join("; "))));
    }
    text
}

/// `text` with its first letter upper-case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
