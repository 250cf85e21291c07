//! The two chart shapes the report draws (lines over a size axis, grouped
//! bars), as plain data, and their drawing: once to an SVG string and once
//! to PNG bytes, with the same code for both so the two files agree.
//!
//! The legend is drawn by hand in a panel right of the plot, never over it:
//! plotters' own legend box sits inside the plotting area, where it hides
//! whichever line happens to run through its corner.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::*;
use plotters::style::FontStyle;

use super::axis::Axis;
use super::raster::Crisp;

/// Width of every chart, pixels.
pub(crate) const WIDTH: u32 = 900;
/// Height of every chart, pixels.
pub(crate) const HEIGHT: u32 = 540;
/// The legend panel's width, right of the plot.
const LEGEND_WIDTH: u32 = 230;
/// The font every text is set in: registered with plotters as DejaVu Sans
/// (`super::fonts`); in an SVG, the viewer's own sans-serif.
const FONT: &str = "sans-serif";

/// Okabe and Ito's colour-blind-safe palette (yellow left out: it
/// vanishes on white), then grey shades.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
    RGBColor(128, 128, 128),
];

/// One measured value at `x`: its median and its min..max.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Point {
    /// Where on the x axis (a value, not a plot coordinate).
    pub x: f64,
    /// The median.
    pub y: f64,
    /// The smallest repetition.
    pub lo: f64,
    /// The largest repetition.
    pub hi: f64,
}

/// One line of a line chart.
#[derive(Debug, Clone)]
pub(crate) struct Series {
    /// Its legend entry.
    pub name: String,
    /// A second, smaller legend line (`slope 1.02`), if any.
    pub detail: Option<String>,
    /// Its points, in x order.
    pub points: Vec<Point>,
    /// Drawn dashed (a bound rather than a measurement).
    pub dashed: bool,
}

/// Every x of `series`, and every y with its min..max bounds: what the
/// axes must span.
pub(crate) fn extents(series: &[Series]) -> (Vec<f64>, Vec<f64>) {
    let xs = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.x))
        .collect();
    let ys = series
        .iter()
        .flat_map(|s| s.points.iter().flat_map(|p| [p.y, p.lo, p.hi]))
        .collect();
    (xs, ys)
}

/// One bar per group of a grouped bar chart.
#[derive(Debug, Clone)]
pub(crate) struct Bars {
    /// Its legend entry.
    pub name: String,
    /// Its value in each group (`x` unused), None where it was not measured.
    pub values: Vec<Option<Point>>,
}

/// What is drawn inside the axes.
#[derive(Debug, Clone)]
pub(crate) enum Marks {
    /// Lines with point markers and min..max whiskers.
    Lines(Vec<Series>),
    /// Bars grouped under the `groups` labels on the x axis.
    Bars {
        /// The x axis' category labels.
        groups: Vec<String>,
        /// One entry per bar colour.
        bars: Vec<Bars>,
    },
}

/// A chart as data.
#[derive(Debug, Clone)]
pub(crate) struct Plot {
    /// Drawn above the plot.
    pub title: String,
    /// The x axis (for bars: only its label is used).
    pub x: Axis,
    /// The y axis.
    pub y: Axis,
    /// The data.
    pub marks: Marks,
    /// Horizontal reference lines: value and label (`1× = admin`).
    pub rules: Vec<(f64, String)>,
    /// Sentences under the legend (`slope 1.0 is linear`).
    pub notes: Vec<String>,
}

/// `plot` as an SVG document and as PNG bytes, both WIDTH × HEIGHT.
pub(crate) fn render(plot: &Plot) -> Result<(String, Vec<u8>), String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, plot)?;
        root.present().map_err(|e| format!("svg: {e}"))?;
    }
    let mut rgb = vec![0u8; WIDTH as usize * HEIGHT as usize * 3];
    {
        let root = Crisp::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, plot)?;
        root.present().map_err(|e| format!("png: {e}"))?;
    }
    Ok((svg, encode_png(&rgb, WIDTH, HEIGHT)?))
}

/// An RGB buffer as a PNG file's bytes.
fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| format!("png: {e}"))?;
        writer
            .write_image_data(rgb)
            .map_err(|e| format!("png: {e}"))?;
        writer.finish().map_err(|e| format!("png: {e}"))?;
    }
    Ok(out)
}

/// Any drawing error as text (plotters' errors differ by backend).
fn fail(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// The `i`th series' colour.
fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Draws `plot` on `root`: title, axes and marks left, legend right.
fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, plot: &Plot) -> Result<(), String> {
    root.fill(&WHITE).map_err(fail)?;
    let body = root
        .titled(&plot.title, (FONT, 22).into_font().style(FontStyle::Bold))
        .map_err(fail)?;
    let (main, legend) = body.split_horizontally(WIDTH - LEGEND_WIDTH);
    let (x, y) = (&plot.x, &plot.y);
    let bars = matches!(plot.marks, Marks::Bars { .. });
    let (x_lo, x_hi, x_ticks) = match &plot.marks {
        Marks::Bars { groups, .. } => {
            // At least three groups' width, so a single bar is not a wall.
            let middle = (groups.len() as f64 - 1.0) / 2.0;
            let half = groups.len().max(3) as f64 / 2.0;
            (
                middle - half,
                middle + half,
                (0..groups.len()).map(|g| g as f64).collect(),
            )
        }
        Marks::Lines(_) => (x.lo, x.hi, x.plot_ticks()),
    };
    let mut chart = ChartBuilder::on(&main)
        .margin_top(8)
        .margin_left(8)
        .margin_right(16)
        .margin_bottom(8)
        .x_label_area_size(52)
        .y_label_area_size(86)
        .build_cartesian_2d(
            Ticked {
                lo: x_lo,
                hi: x_hi,
                ticks: x_ticks,
            },
            Ticked {
                lo: y.lo,
                hi: y.hi,
                ticks: y.plot_ticks(),
            },
        )
        .map_err(fail)?;
    let group_label = |v: &f64| match &plot.marks {
        Marks::Bars { groups, .. } => groups
            .get(v.round().max(0.0) as usize)
            .cloned()
            .unwrap_or_default(),
        Marks::Lines(_) => x.tick_label(*v),
    };
    let y_label = |v: &f64| y.tick_label(*v);
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(x.label.as_str())
        .y_desc(y.label.as_str())
        .x_label_formatter(&group_label)
        .y_label_formatter(&y_label)
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 15))
        .bold_line_style(BLACK.mix(0.12))
        .light_line_style(TRANSPARENT);
    if bars {
        mesh.disable_x_mesh();
    }
    mesh.draw().map_err(fail)?;

    for (value, _) in &plot.rules {
        let Some(at) = y.to_plot(*value) else {
            continue;
        };
        if at < y.lo || at > y.hi {
            continue;
        }
        chart
            .draw_series(DashedLineSeries::new(
                [(x_lo, at), (x_hi, at)],
                6,
                4,
                rule_style(),
            ))
            .map_err(fail)?;
    }

    let mut entries = Vec::new();
    // Reference lines are named in the legend, not on the plot, where a
    // label would sit on whatever line runs close to them.
    match &plot.marks {
        Marks::Lines(series) => {
            // Measured lines take the palette in order; bounds (dashed)
            // are dark grey, so they never share a measured line's hue.
            let mut next = 0;
            for s in series {
                let c = if s.dashed {
                    BOUND
                } else {
                    next += 1;
                    colour(next - 1)
                };
                draw_line(&mut chart, x, y, s, c)?;
                entries.push((s.name.clone(), s.detail.clone(), c, Swatch::line(s.dashed)));
            }
        }
        Marks::Bars { groups, bars } => {
            let per = 0.8 / bars.len().max(1) as f64;
            for (j, b) in bars.iter().enumerate() {
                for (g, value) in b.values.iter().enumerate().take(groups.len()) {
                    let Some(p) = value else { continue };
                    let left = g as f64 - 0.4 + j as f64 * per;
                    draw_bar(&mut chart, y, p, left, per, colour(j))?;
                }
                entries.push((b.name.clone(), None, colour(j), Swatch::Block));
            }
        }
    }
    for (_, label) in &plot.rules {
        entries.push((label.clone(), None, RULE, Swatch::Rule));
    }
    draw_legend(&legend, &entries, &plot.notes)
}

/// The colour of a dashed bound series.
const BOUND: RGBColor = RGBColor(60, 60, 60);

/// The colour of reference lines (y = 1).
const RULE: RGBColor = RGBColor(110, 110, 110);

/// How reference lines are stroked.
fn rule_style() -> ShapeStyle {
    RULE.stroke_width(1)
}

/// A linear plot-coordinate axis whose ticks are exactly the given ones
/// (plotters' `WithKeyPoints` over an f64 range cannot take a label
/// formatter in 0.3.7, since the f64 range opts out of default formatting).
struct Ticked {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        // Clamped so a stray value far outside cannot overflow the pixels.
        let share = ((value - self.lo) / (self.hi - self.lo)).clamp(-4.0, 5.0);
        limit.0 + (f64::from(limit.1 - limit.0) * share).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

/// A chart context over plot coordinates.
type Context<'a, DB> = ChartContext<'a, DB, Cartesian2d<Ticked, Ticked>>;

/// A vertical whisker from `lo` to `hi` at `x` (plot coordinates), with
/// caps eight pixels wide.
fn whisker<DB: DrawingBackend>(
    chart: &mut Context<'_, DB>,
    x: f64,
    (lo, hi): (f64, f64),
    style: ShapeStyle,
) -> Result<(), String> {
    chart
        .draw_series([PathElement::new([(x, lo), (x, hi)], style)])
        .map_err(fail)?;
    for end in [lo, hi] {
        chart
            .draw_series([EmptyElement::at((x, end)) + PathElement::new([(-4, 0), (4, 0)], style)])
            .map_err(fail)?;
    }
    Ok(())
}

/// One line: whiskers, the line (solid or dashed), point markers.
fn draw_line<DB: DrawingBackend>(
    chart: &mut Context<'_, DB>,
    x: &Axis,
    y: &Axis,
    series: &Series,
    colour: RGBColor,
) -> Result<(), String> {
    // Each point in plot coordinates, with its whisker if it has one.
    type Placed = (f64, f64, Option<(f64, f64)>);
    let placed: Vec<Placed> = series
        .points
        .iter()
        .filter_map(|p| {
            let (px, py) = (x.to_plot(p.x)?, y.to_plot(p.y)?);
            let whisker = match (y.to_plot(p.lo), y.to_plot(p.hi)) {
                (Some(lo), Some(hi)) if hi - lo > (y.hi - y.lo) * 0.004 => Some((lo, hi)),
                _ => None,
            };
            Some((px, py, whisker))
        })
        .collect();
    for (px, _, w) in &placed {
        if let Some(range) = w {
            whisker(chart, *px, *range, colour.mix(0.5).stroke_width(1))?;
        }
    }
    let line = placed.iter().map(|(px, py, _)| (*px, *py));
    let stroke = colour.stroke_width(2);
    if series.dashed {
        chart
            .draw_series(DashedLineSeries::new(line, 9, 6, stroke))
            .map_err(fail)?;
    } else {
        chart
            .draw_series(LineSeries::new(line, stroke))
            .map_err(fail)?;
    }
    chart
        .draw_series(
            placed
                .iter()
                .map(|(px, py, _)| Circle::new((*px, *py), 4, colour.filled())),
        )
        .map_err(fail)?;
    Ok(())
}

/// One bar from the axis' floor (zero, or the bottom of a log axis) to its
/// median, with its whisker.
fn draw_bar<DB: DrawingBackend>(
    chart: &mut Context<'_, DB>,
    y: &Axis,
    p: &Point,
    left: f64,
    width: f64,
    colour: RGBColor,
) -> Result<(), String> {
    let Some(top) = y.to_plot(p.y) else {
        return Ok(());
    };
    let floor = if y.log { y.lo } else { 0.0f64.max(y.lo) };
    let inset = width * 0.08;
    chart
        .draw_series([Rectangle::new(
            [(left + inset, floor), (left + width - inset, top)],
            colour.filled(),
        )])
        .map_err(fail)?;
    if let (Some(lo), Some(hi)) = (y.to_plot(p.lo), y.to_plot(p.hi))
        && hi - lo > (y.hi - y.lo) * 0.004
    {
        whisker(
            chart,
            left + width / 2.0,
            (lo, hi),
            BLACK.mix(0.8).stroke_width(1),
        )?;
    }
    Ok(())
}

/// How a legend entry's swatch looks.
#[derive(Clone, Copy)]
enum Swatch {
    Solid,
    Dashed,
    Block,
    Rule,
}

impl Swatch {
    fn line(dashed: bool) -> Swatch {
        if dashed {
            Swatch::Dashed
        } else {
            Swatch::Solid
        }
    }
}

/// The legend panel: one entry per series (swatch, name, detail line),
/// then the notes, word-wrapped to the panel.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, Option<String>, RGBColor, Swatch)],
    notes: &[String],
) -> Result<(), String> {
    let name_style = (FONT, 14).into_font().color(&BLACK);
    let detail_style = (FONT, 13).into_font().color(&BLACK.mix(0.65));
    let mut top = 14;
    for (name, detail, colour, swatch) in entries {
        let mid = top + 8;
        match swatch {
            Swatch::Solid => area
                .draw(&PathElement::new(
                    [(4, mid), (34, mid)],
                    colour.stroke_width(3),
                ))
                .map_err(fail)?,
            Swatch::Dashed => {
                for start in [4, 16, 28] {
                    area.draw(&PathElement::new(
                        [(start, mid), (start + 7, mid)],
                        colour.stroke_width(3),
                    ))
                    .map_err(fail)?;
                }
            }
            Swatch::Rule => {
                for start in [4, 14, 24] {
                    area.draw(&PathElement::new(
                        [(start, mid), (start + 6, mid)],
                        rule_style(),
                    ))
                    .map_err(fail)?;
                }
            }
            Swatch::Block => area
                .draw(&Rectangle::new(
                    [(8, top + 1), (30, top + 15)],
                    colour.filled(),
                ))
                .map_err(fail)?,
        }
        let lines = wrap(name, 24);
        for (k, line) in lines.iter().enumerate() {
            area.draw(&Text::new(
                line.clone(),
                (42, top + k as i32 * 17),
                name_style.clone(),
            ))
            .map_err(fail)?;
        }
        top += 17 * lines.len() as i32 + 2;
        if let Some(detail) = detail {
            area.draw(&Text::new(detail.clone(), (42, top), detail_style.clone()))
                .map_err(fail)?;
            top += 18;
        }
        top += 6;
    }
    top += 10;
    for note in notes {
        for line in wrap(note, 30) {
            area.draw(&Text::new(line, (4, top), detail_style.clone()))
                .map_err(fail)?;
            top += 17;
        }
        top += 6;
    }
    Ok(())
}

/// `text` broken at spaces into lines of at most `width` characters (a
/// longer word stands on its own line).
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(
            wrap("optimized transaction under labels", 24),
            vec!["optimized transaction", "under labels"]
        );
        assert_eq!(
            wrap("filtered_projection_is_long", 10),
            vec!["filtered_projection_is_long"]
        );
        assert!(wrap("", 10).is_empty());
    }
}
