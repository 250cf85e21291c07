//! The report's charts, drawn from a run's [`Measurement`]s: each one an SVG
//! and a PNG of the same picture, a title and a caption computed from the
//! numbers that says what a reader should conclude.
//!
//! Each chart lives in its own module as a *plan* (which rows it uses, the
//! `plot::Plot` to draw, the caption); `plot` draws every plan the same
//! way; `axis` owns ticks and number formats. A chart whose rows are
//! absent from the run is left out, not an error: `--quick` runs and runs
//! without peers measure less.
//!
//! Text is set in DejaVu Sans, compiled in (the `dejavu` crate) and
//! registered with plotters once: plotters' default font lookup needs
//! fontconfig and the machine's fonts, which a CI machine may lack.

use std::sync::OnceLock;

use plotters::style::FontStyle;

use crate::results::Measurement;

mod abac;
pub(crate) mod axis;
mod fuzz;
mod growth;
mod memory;
mod overhead;
mod peers;
pub(crate) mod plot;
mod raster;
mod select;
mod speedup;
mod visibility;

/// One drawn chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// The file stem (`overhead` → `overhead.svg`, `overhead.png`).
    pub id: &'static str,
    /// The title, also drawn in the picture.
    pub title: String,
    /// What it shows and what a reader should conclude, with the numbers.
    pub caption: String,
    /// The SVG document.
    pub svg: String,
    /// The PNG file's bytes.
    pub png: Vec<u8>,
}

/// What a chart module decides from the measurements before anything is
/// drawn.
pub(crate) struct Plan<'a> {
    /// The picture as data (its title is the chart's).
    pub plot: plot::Plot,
    /// The caption.
    pub caption: String,
    /// The rows it shows, for the page's table of numbers behind it.
    pub used: Vec<&'a Measurement>,
}

/// A chart module's entry point: its plan, or None without its rows.
type Planner = for<'a> fn(&'a [Measurement]) -> Option<Plan<'a>>;

/// Every chart, in the order the page shows them.
const CHARTS: [(&str, Planner); 8] = [
    ("overhead", overhead::plan),
    ("growth", growth::plan),
    ("speedup", speedup::plan),
    ("visibility", visibility::plan),
    ("memory", memory::plan),
    ("fuzz", fuzz::plan),
    ("abac", abac::plan),
    ("peers", peers::plan),
];

/// The file stems of every chart the report can draw, in page order.
pub fn ids() -> impl Iterator<Item = &'static str> {
    CHARTS.iter().map(|(id, _)| *id)
}

/// Draws every chart whose rows `measurements` has; a chart with rows that
/// fails to draw is an error naming it.
pub fn draw_all(measurements: &[Measurement]) -> Result<Vec<Chart>, String> {
    let plans: Vec<(&'static str, Plan<'_>)> = CHARTS
        .iter()
        .filter_map(|(id, planner)| planner(measurements).map(|plan| (*id, plan)))
        .collect();
    if plans.is_empty() {
        return Ok(Vec::new());
    }
    register_fonts()?;
    plans
        .into_iter()
        .map(|(id, plan)| {
            let (svg, png) = plot::render(&plan.plot).map_err(|e| format!("chart {id}: {e}"))?;
            Ok(Chart {
                id,
                title: plan.plot.title,
                caption: plan.caption,
                svg,
                png,
            })
        })
        .collect()
}

/// The rows chart `id` shows (its numbers), in the order it uses them;
/// empty for an unknown id or a chart the run has no rows for.
pub fn figures<'a>(id: &str, measurements: &'a [Measurement]) -> Vec<&'a Measurement> {
    CHARTS
        .iter()
        .find(|(known, _)| *known == id)
        .and_then(|(_, planner)| planner(measurements))
        .map(|plan| plan.used)
        .unwrap_or_default()
}

/// Registers DejaVu Sans as plotters' `sans-serif`, once per process.
fn register_fonts() -> Result<(), String> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            for (style, bytes) in [
                (FontStyle::Normal, dejavu::sans::regular()),
                (FontStyle::Bold, dejavu::sans::bold()),
            ] {
                plotters::style::register_font("sans-serif", style, bytes)
                    .map_err(|_| "the compiled-in DejaVu Sans font did not load".to_string())?;
            }
            Ok(())
        })
        .clone()
}

/// An engine or peer as prose: peers by their project's name.
pub(crate) fn display_name(engine: &str) -> String {
    match engine {
        "cedar" => "Cedar".to_string(),
        "casbin" => "Casbin".to_string(),
        other => other.to_string(),
    }
}

/// `items` as an English list: `a`, `a and b`, `a, b and c`.
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
pub(crate) mod tests;
