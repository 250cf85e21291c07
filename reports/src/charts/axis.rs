//! Axes and numbers as a reader sees them: where ticks go on a linear or
//! logarithmic axis, and how counts, times, rates and ratios are written
//! (`10k`, `250 µs`, `1.08×`, `100,000`) on ticks and in captions.
//!
//! A logarithmic axis is drawn as a linear one over `log10` of the values
//! (see [`Axis::to_plot`]): plotters' own log axis puts one tick per decade
//! and none at all on a range narrower than a decade, which leaves an
//! overhead axis from 0.9× to 1.3× bare.

/// How an axis maps values and writes its ticks.
#[derive(Debug, Clone)]
pub(crate) struct Axis {
    /// What the axis measures, with its unit.
    pub label: String,
    /// Logarithmic (true) or linear.
    pub log: bool,
    /// The range drawn, in plot coordinates (log10 of values on a log axis).
    pub lo: f64,
    /// See `lo`.
    pub hi: f64,
    /// Where ticks go, in values (not plot coordinates).
    pub ticks: Vec<f64>,
    /// How a tick's value is written.
    pub format: fn(f64) -> String,
}

impl Axis {
    /// A logarithmic axis covering `values` (positive, finite ones; others
    /// cannot be placed on it) with a little room either side.
    pub fn log(label: impl Into<String>, values: &[f64], format: fn(f64) -> String) -> Axis {
        let (lo, hi) = log_range(values);
        Axis {
            label: label.into(),
            log: true,
            lo: lo.log10(),
            hi: hi.log10(),
            ticks: log_ticks(lo, hi),
            format,
        }
    }

    /// A logarithmic axis whose ticks are exactly `marks` (the sizes a run
    /// measured), when there are few enough of them to read.
    pub fn log_marks(label: impl Into<String>, marks: &[f64], format: fn(f64) -> String) -> Axis {
        let mut axis = Axis::log(label, marks, format);
        let mut marks: Vec<f64> = marks
            .iter()
            .copied()
            .filter(|v| v.is_finite() && *v > 0.0)
            .collect();
        marks.sort_by(f64::total_cmp);
        marks.dedup();
        if (1..=8).contains(&marks.len()) && well_spaced(&marks) {
            axis.ticks = marks;
        }
        axis
    }

    /// A linear axis from zero (or the smallest value, if negative) to a
    /// little above the largest value.
    pub fn linear_from_zero(
        label: impl Into<String>,
        values: &[f64],
        format: fn(f64) -> String,
    ) -> Axis {
        let finite = values.iter().copied().filter(|v| v.is_finite());
        let lo = finite.clone().fold(0.0_f64, f64::min);
        let hi = finite.fold(0.0_f64, f64::max);
        let hi = if hi <= lo { lo + 1.0 } else { hi };
        let step = nice_step((hi - lo) / 5.0);
        // Headroom above the largest value, so it does not sit on the frame.
        let top = (hi * 1.08 / step).ceil() * step;
        let bottom = (lo / step).floor() * step;
        let steps = ((top - bottom) / step).round() as i64;
        let ticks = (0..=steps).map(|k| bottom + k as f64 * step).collect();
        Axis {
            label: label.into(),
            log: false,
            lo: bottom,
            hi: top,
            ticks,
            format,
        }
    }

    /// `value` in plot coordinates, or None when this axis cannot show it
    /// (not finite, or not positive on a log axis).
    pub fn to_plot(&self, value: f64) -> Option<f64> {
        if !value.is_finite() {
            None
        } else if self.log {
            (value > 0.0).then(|| value.log10())
        } else {
            Some(value)
        }
    }

    /// A plot coordinate back as a value.
    pub fn value_at(&self, coordinate: f64) -> f64 {
        if self.log {
            10f64.powf(coordinate)
        } else {
            coordinate
        }
    }

    /// The ticks in plot coordinates, inside the drawn range.
    pub fn plot_ticks(&self) -> Vec<f64> {
        self.ticks
            .iter()
            .filter_map(|t| self.to_plot(*t))
            .filter(|t| *t >= self.lo - 1e-9 && *t <= self.hi + 1e-9)
            .collect()
    }

    /// The label of the tick at plot coordinate `coordinate`.
    pub fn tick_label(&self, coordinate: f64) -> String {
        (self.format)(self.value_at(coordinate))
    }
}

/// True when no two marks are closer than a fifth of a decade apart, so
/// their labels do not collide.
fn well_spaced(sorted: &[f64]) -> bool {
    sorted
        .windows(2)
        .all(|w| (w[1] / w[0]).log10() >= 0.2 || sorted.len() <= 2)
}

/// The value range of a log axis: the positive values' range, widened to
/// at least a factor of 2.5 around its geometric middle, plus 6% of the
/// (log) span either side so points do not sit on the frame.
fn log_range(values: &[f64]) -> (f64, f64) {
    let positive: Vec<f64> = values
        .iter()
        .copied()
        .filter(|v| v.is_finite() && *v > 0.0)
        .collect();
    if positive.is_empty() {
        return (1.0, 10.0);
    }
    let lo = positive
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min)
        .log10();
    let hi = positive
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max)
        .log10();
    let min_span = 2.5f64.log10();
    let (lo, hi) = if hi - lo < min_span {
        let mid = (lo + hi) / 2.0;
        (mid - min_span / 2.0, mid + min_span / 2.0)
    } else {
        (lo, hi)
    };
    let pad = (hi - lo) * 0.06;
    (10f64.powf(lo - pad), 10f64.powf(hi + pad))
}

/// Ticks for a log axis over `[lo, hi]`: powers of ten, or 1-2-5 steps,
/// whichever first gives three ticks (at most about eight: every other
/// decade on a wide range), else evenly spaced values (`1, 1.2, 1.4`),
/// which read better than the uneven digits of a log scale.
pub(crate) fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (first, last) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    for mantissas in [&[1.0][..], &[1.0, 2.0, 5.0]] {
        let mut ticks = Vec::new();
        for exponent in first..=last {
            for m in mantissas {
                let t = m * 10f64.powi(exponent);
                if t >= lo * (1.0 - 1e-9) && t <= hi * (1.0 + 1e-9) {
                    ticks.push(t);
                }
            }
        }
        if ticks.len() >= 3 {
            let stride = ticks.len().div_ceil(8);
            return ticks.into_iter().step_by(stride).collect();
        }
    }
    let step = nice_step((hi - lo) / 5.0);
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// 1, 2 or 5 times a power of ten, near `raw`.
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    let m = raw / power;
    let nice = if m < 1.5 {
        1.0
    } else if m < 3.5 {
        2.0
    } else if m < 7.5 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// `v` with at most three significant digits and no trailing zeros:
/// `1.08`, `12.5`, `250`, `0.0042`.
pub(crate) fn sig(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if v == 0.0 {
        return "0".to_string();
    }
    let magnitude = v.abs().log10().floor() as i32;
    let decimals = (2 - magnitude).clamp(0, 12) as usize;
    let text = format!("{v:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// A count with an SI suffix: `500`, `1k`, `2.5k`, `100k`, `1M`, `3.2G`.
pub(crate) fn count(v: f64) -> String {
    let a = v.abs();
    if a >= 1e9 {
        format!("{}G", sig(v / 1e9))
    } else if a >= 1e6 {
        format!("{}M", sig(v / 1e6))
    } else if a >= 1e3 {
        format!("{}k", sig(v / 1e3))
    } else {
        sig(v)
    }
}

/// A duration given in milliseconds, in the unit that reads best:
/// `250 ns`, `42 µs`, `1.5 ms`, `2.3 s`.
pub(crate) fn millis(ms: f64) -> String {
    let a = ms.abs();
    if a == 0.0 {
        "0".to_string()
    } else if a < 1e-3 {
        format!("{} ns", sig(ms * 1e6))
    } else if a < 1.0 {
        format!("{} µs", sig(ms * 1e3))
    } else if a < 1e3 {
        format!("{} ms", sig(ms))
    } else {
        format!("{} s", sig(ms / 1e3))
    }
}

/// A duration given in microseconds (see [`millis`]).
pub(crate) fn micros(us: f64) -> String {
    millis(us / 1e3)
}

/// A ratio: `1.08×`, `412×`, `10,555×`.
pub(crate) fn ratio(v: f64) -> String {
    if v.is_finite() && v >= 1000.0 {
        format!("{}×", thousands(v.round() as u64))
    } else {
        format!("{}×", sig(v))
    }
}

/// A whole number with thousands separators: `100,000`.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A plain number for a tick: [`sig`], or [`count`] from ten thousand up.
pub(crate) fn plain(v: f64) -> String {
    if v.abs() >= 1e4 { count(v) } else { sig(v) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_a_person_writes_them() {
        assert_eq!(count(1_000.0), "1k");
        assert_eq!(count(10_000.0), "10k");
        assert_eq!(count(2_500.0), "2.5k");
        assert_eq!(count(1_000_000.0), "1M");
        assert_eq!(count(500.0), "500");
        assert_eq!(millis(0.25), "250 µs");
        assert_eq!(millis(1.5), "1.5 ms");
        assert_eq!(millis(2_300.0), "2.3 s");
        assert_eq!(micros(4.0), "4 µs");
        assert_eq!(ratio(1.0834), "1.08×");
        assert_eq!(ratio(10_555.2), "10,555×");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(sig(0.004_21), "0.00421");
    }

    #[test]
    fn log_ticks_are_decades_on_wide_ranges_and_finer_on_narrow_ones() {
        assert_eq!(log_ticks(800.0, 1.2e6), vec![1e3, 1e4, 1e5, 1e6]);
        assert_eq!(log_ticks(0.9, 6.0), vec![1.0, 2.0, 5.0]);
        let narrow = log_ticks(0.9, 1.3);
        let expected = [0.9, 1.0, 1.1, 1.2, 1.3];
        assert_eq!(narrow.len(), expected.len(), "{narrow:?}");
        for (t, e) in narrow.iter().zip(expected) {
            assert!((t - e).abs() < 1e-9, "{narrow:?}");
        }
        let wide = log_ticks(1e-3, 1e9);
        assert!(wide.len() <= 8 && wide.len() >= 3, "{wide:?}");
    }

    #[test]
    fn a_narrow_log_axis_still_has_three_ticks() {
        let axis = Axis::log("x", &[1.02, 1.1], ratio);
        assert!(axis.plot_ticks().len() >= 3, "{:?}", axis.ticks);
    }
}
