//! `fuzz`: differential fuzzing throughput, generated cases judged per
//! second: a bar per `fuzz_rate` row with its min..max.

use crate::results::{Measurement, metric};

use super::axis::{self, Axis};
use super::plot::{Bars, Marks, Plot};
use super::{Plan, select};

/// The chart's plan, or None without `fuzz_rate` rows.
pub(super) fn plan(measurements: &[Measurement]) -> Option<Plan<'_>> {
    let rows = select::rows(measurements, metric::FUZZ_RATE, None);
    if rows.is_empty() {
        return None;
    }
    let groups: Vec<String> = rows.iter().map(|m| label(m)).collect();
    let values = rows.iter().map(|m| Some(select::point(0.0, m))).collect();
    let ys: Vec<f64> = rows.iter().flat_map(|m| [m.median, m.min, m.max]).collect();
    let parts: Vec<String> = rows
        .iter()
        .map(|m| {
            let which = if rows.len() > 1 {
                format!("{}: ", label(m))
            } else {
                String::new()
            };
            format!(
                "{which}a median of {} cases per second (min {}, max {}), about {} cases in a one-minute run",
                axis::thousands(m.median.max(0.0).round() as u64),
                axis::thousands(m.min.min(m.max).max(0.0).round() as u64),
                axis::thousands(m.max.max(m.min).max(0.0).round() as u64),
                axis::thousands((m.median.max(0.0) * 60.0).round() as u64),
            )
        })
        .collect();
    let caption = format!(
        "Differential fuzzing (both engines on generated worlds, answers compared) judges {}. The faster this is, the more of the input space a fixed CI budget covers.",
        parts.join("; ")
    );
    Some(Plan {
        plot: Plot {
            title: "Differential fuzzing throughput".to_string(),
            x: Axis::log("", &[1.0], axis::plain),
            y: Axis::linear_from_zero("generated cases judged per second", &ys, axis::plain),
            marks: Marks::Bars {
                groups,
                bars: vec![Bars {
                    name: "cases per second".to_string(),
                    values,
                }],
            },
            rules: Vec::new(),
            notes: vec!["Whisker: min..max over the repetitions.".to_string()],
        },
        caption,
        used: rows,
    })
}

/// A row's name on the x axis: its non-empty key parts, else `fuzzing`.
fn label(m: &Measurement) -> String {
    let parts: Vec<&str> = [&m.key.engine, &m.key.query, &m.key.policy]
        .into_iter()
        .map(String::as_str)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        "differential fuzzing".to_string()
    } else {
        parts.join(" ")
    }
}
