//! `--compare BASELINE.csv`: each figure of a run against the same figure
//! (same [`Key`]) of an earlier run, and whether it worsened beyond noise.
//!
//! The noise margin of a figure comes from the recorded min and max, on
//! the side of the median that preemption cannot reach: a repetition is
//! only ever slowed by another process, so a time's slowest repetitions
//! say how busy the machine was, and its fastest ones how much the work
//! itself varies. The margin is twice the larger of the two runs' relative
//! distances from the median to the best repetition (`min` for a time,
//! `max` for a rate), and never less than [`Options::floor`], since shared
//! machines drift between runs by more than one run's repetitions show:
//! two consecutive runs of the same build on a shared 2-core machine moved
//! some memory-bound figures by up to 23%, with repetitions within 2%.

use std::collections::BTreeMap;

use crate::results::{Better, Key, Measurement, Row, metric};

/// How strict the comparison is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// The least margin (a fraction: 0.25 is 25%).
    pub floor: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options { floor: 0.25 }
    }
}

/// What happened to one figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Better beyond the margin.
    Improved,
    /// Within the margin.
    Same,
    /// Worse beyond the margin: a regression.
    Worse,
}

/// One figure in both runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The figure.
    pub key: Key,
    /// Its unit.
    pub unit: String,
    /// The baseline's median.
    pub before: f64,
    /// This run's median.
    pub after: f64,
    /// `after / before - 1`, as a fraction (+0.25: 25% larger); for a
    /// slope, the change of the growth it implies over a tenfold graph,
    /// `10^(after - before) - 1`.
    pub change: f64,
    /// The margin applied (a fraction).
    pub margin: f64,
    /// The verdict.
    pub verdict: Verdict,
}

/// The comparison of two runs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comparison {
    /// Figures in both, in key order.
    pub changes: Vec<Change>,
    /// Figures only in the baseline.
    pub missing: Vec<Key>,
    /// Figures only in this run.
    pub new: Vec<Key>,
}

impl Comparison {
    /// The figures that worsened beyond their margin.
    pub fn regressions(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.verdict == Verdict::Worse)
    }
}

/// The relative distance from the median to the best repetition, or 0
/// when it cannot be told (a zero or non-finite median).
fn spread(m: &Measurement) -> f64 {
    let best = match m.better {
        Better::Lower => m.min,
        Better::Higher => m.max,
    };
    let d = ((m.median - best) / m.median).abs();
    if d.is_finite() { d } else { 0.0 }
}

/// `m` on a scale where relative changes mean something. A slope is an
/// exponent, often near zero (a label count takes constant time), where
/// 0.01 against 0.02 is "twice as much" and means nothing; the time growth
/// over a tenfold graph that it implies, `10^slope`, is compared instead.
fn comparable(m: &Measurement) -> Measurement {
    if m.unit != metric::SLOPE {
        return m.clone();
    }
    let growth = |v: f64| 10f64.powf(v);
    Measurement {
        median: growth(m.median),
        min: growth(m.min),
        max: growth(m.max),
        ..m.clone()
    }
}

/// Compares `current` with the `baseline` rows.
pub fn compare(baseline: &[Row], current: &[Measurement], options: Options) -> Comparison {
    let before: BTreeMap<Key, Measurement> = baseline
        .iter()
        .map(|r| {
            let m = r.measurement();
            (m.key.clone(), m)
        })
        .collect();
    let after: BTreeMap<&Key, &Measurement> = current.iter().map(|m| (&m.key, m)).collect();
    let mut out = Comparison::default();
    for (key, now) in &after {
        let Some(then) = before.get(*key) else {
            out.new.push((*key).clone());
            continue;
        };
        let (raw_before, raw_after) = (then.median, now.median);
        let (then, now) = (&comparable(then), &comparable(now));
        let margin = options.floor.max(2.0 * spread(then)).max(2.0 * spread(now));
        let change = if then.median.abs() > 0.0 {
            now.median / then.median - 1.0
        } else {
            0.0
        };
        // Worse is larger for a time and smaller for a rate.
        let worse = match now.better {
            Better::Lower => change,
            Better::Higher => -change,
        };
        let verdict = if worse > margin {
            Verdict::Worse
        } else if worse < -margin {
            Verdict::Improved
        } else {
            Verdict::Same
        };
        out.changes.push(Change {
            key: (*key).clone(),
            unit: now.unit.clone(),
            before: raw_before,
            after: raw_after,
            change,
            margin,
            verdict,
        });
    }
    out.missing = before
        .keys()
        .filter(|k| !after.contains_key(k))
        .cloned()
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::key;
    use crate::results::Machine;

    fn m(name: &str, median: f64, min: f64, max: f64, better: Better) -> Measurement {
        Measurement {
            key: key(name, "optimized", "q", "p", 1000),
            median,
            min,
            max,
            unit: "ms".to_string(),
            better,
            repetitions: 5,
        }
    }

    fn rows(ms: &[Measurement]) -> Vec<Row> {
        ms.iter()
            .map(|m| Row::new(m, &Machine::default()))
            .collect()
    }

    #[test]
    fn a_time_that_grows_beyond_its_spread_is_a_regression() {
        // Preemption outliers (max of a time, min of a rate) do not widen
        // the margin.
        let base = rows(&[
            m("t", 10.0, 9.5, 400.0, Better::Lower),
            m("r", 100.0, 1.0, 105.0, Better::Higher),
            m("gone", 1.0, 1.0, 1.0, Better::Lower),
        ]);
        // 40% slower with a 10% spread: worse. A rate 40% lower: worse.
        let now = [
            m("t", 14.0, 13.5, 14.5, Better::Lower),
            m("r", 60.0, 55.0, 65.0, Better::Higher),
            m("fresh", 1.0, 1.0, 1.0, Better::Lower),
        ];
        let c = compare(&base, &now, Options::default());
        let verdicts: Vec<(String, Verdict)> = c
            .changes
            .iter()
            .map(|c| (c.key.metric.clone(), c.verdict))
            .collect();
        assert_eq!(
            verdicts,
            vec![
                ("r".to_string(), Verdict::Worse),
                ("t".to_string(), Verdict::Worse)
            ]
        );
        assert_eq!(c.regressions().count(), 2);
        assert_eq!(c.missing.len(), 1);
        assert_eq!(c.new.len(), 1);
        assert!((c.changes[1].change - 0.4).abs() < 1e-12);
    }

    #[test]
    fn a_slope_is_compared_by_the_growth_it_implies() {
        let slope = |name: &str, v: f64| Measurement {
            unit: metric::SLOPE.to_string(),
            ..m(name, v, v, v, Better::Lower)
        };
        // Constant time both runs: twice a tiny slope is no regression.
        let base = rows(&[slope("flat", 0.01), slope("linear", 1.0)]);
        // 1.0 to 1.2: a tenfold graph costs 58% more than it did.
        let now = [slope("flat", 0.02), slope("linear", 1.2)];
        let c = compare(&base, &now, Options::default());
        let verdicts: Vec<(String, Verdict)> = c
            .changes
            .iter()
            .map(|c| (c.key.metric.clone(), c.verdict))
            .collect();
        assert_eq!(
            verdicts,
            vec![
                ("flat".to_string(), Verdict::Same),
                ("linear".to_string(), Verdict::Worse)
            ]
        );
        assert!((c.changes[1].change - (10f64.powf(0.2) - 1.0)).abs() < 1e-12);
        assert_eq!((c.changes[1].before, c.changes[1].after), (1.0, 1.2));
    }

    #[test]
    fn noisy_figures_get_a_wider_margin_and_improvements_are_not_regressions() {
        // Fastest run 20% under the median: 25% slower is within noise.
        let base = rows(&[
            m("t", 10.0, 8.0, 12.0, Better::Lower),
            m("fast", 10.0, 10.0, 10.0, Better::Lower),
        ]);
        let now = [
            m("t", 12.5, 12.4, 12.6, Better::Lower),
            m("fast", 5.0, 5.0, 5.0, Better::Lower),
        ];
        let c = compare(&base, &now, Options::default());
        assert_eq!(c.regressions().count(), 0);
        let fast = c.changes.iter().find(|c| c.key.metric == "fast").unwrap();
        assert_eq!(fast.verdict, Verdict::Improved);
        let t = c.changes.iter().find(|c| c.key.metric == "t").unwrap();
        assert!((t.margin - 0.4).abs() < 1e-12);
        // The floor applies to steady figures: 5% slower is the same.
        let now = [m("fast", 10.5, 10.5, 10.5, Better::Lower)];
        let c = compare(&base, &now, Options::default());
        assert_eq!(c.changes[0].verdict, Verdict::Same);
    }
}
